"""The youth panel page (members, the steering group's youth share, moderators), appointing
and removing moderators, and the portal's settings page."""

import datetime

import pytest
from django.urls import reverse
from django.utils import timezone, translation

from alliance.models import Role
from tests.factories import (
    AllianceFactory,
    GroupMemberFactory,
    MembershipFactory,
    UserFactory,
    WorkGroupFactory,
)
from workgroups.models import GroupKind, GroupRole, Meeting
from youth_voice.models import Moderator
from youth_voice.selectors_settings import portal_settings

pytestmark = pytest.mark.django_db


def t(message):
    with translation.override("da"):
        return translation.gettext(message)


def url(name, alliance, **kwargs):
    return reverse(f"youth_voice:{name}", kwargs={"alliance_slug": alliance.slug, **kwargs})


def log_in(client, alliance, role):
    membership = MembershipFactory(alliance=alliance, role=role)
    client.force_login(membership.user)
    return membership


@pytest.fixture
def alliance():
    return AllianceFactory(youth_share_minimum=25)


@pytest.fixture
def secretariat(client, alliance):
    return log_in(client, alliance, Role.SECRETARIAT)


def test_the_panel_page_shows_the_youth_panel_and_its_next_meeting(client, alliance, secretariat):
    panel = WorkGroupFactory(alliance=alliance, kind=GroupKind.YOUTH_PANEL, name="Ungepanelet")
    GroupMemberFactory(group=panel, user=UserFactory(full_name="Freja Lund"), role=GroupRole.CHAIR)
    starts = timezone.now() + datetime.timedelta(days=3)
    Meeting.objects.create(
        group=panel,
        title="Panelmøde",
        starts_at=starts,
        ends_at=starts + datetime.timedelta(hours=1),
    )

    response = client.get(url("panel", alliance))

    assert response.status_code == 200
    content = response.content.decode()
    assert "Ungepanelet" in content
    assert "Freja Lund" in content
    assert response.context["panels"][0].next_meeting.title == "Panelmøde"
    assert (
        reverse(
            "workgroups:detail", kwargs={"alliance_slug": alliance.slug, "group_slug": panel.slug}
        )
        in content
    )


def test_the_panel_page_warns_when_the_youth_share_is_below_the_minimum(
    client, alliance, secretariat
):
    steering = WorkGroupFactory(alliance=alliance, kind=GroupKind.STEERING, name="Styregruppen")
    for _index in range(4):
        GroupMemberFactory(group=steering)
    GroupMemberFactory(group=steering, is_youth_representative=False)

    response = client.get(url("panel", alliance))

    share = response.context["steering"]
    assert (share["youth"], share["total"], share["below_minimum"]) == (0, 5, True)
    assert "alert-warning" in response.content.decode()

    GroupMemberFactory(group=steering, is_youth_representative=True)
    GroupMemberFactory(group=steering, is_youth_representative=True)
    response = client.get(url("panel", alliance))
    assert response.context["steering"]["below_minimum"] is False
    assert "alert-warning" not in response.content.decode()


def test_the_panel_page_works_without_a_steering_group_or_panel(client, alliance, secretariat):
    response = client.get(url("panel", alliance))
    assert response.status_code == 200
    assert response.context["steering"] is None
    assert response.context["panels"] == []


def test_the_secretariat_appoints_a_moderator(client, alliance, secretariat):
    youth = MembershipFactory(alliance=alliance, role=Role.YOUTH)

    response = client.post(url("moderator_add", alliance), {"user": youth.user.pk})

    assert response.status_code == 302
    moderator = Moderator.objects.get()
    assert (moderator.user, moderator.appointed_by) == (youth.user, secretariat.user)
    page = client.get(url("panel", alliance))
    assert youth.user.full_name in page.content.decode()


@pytest.mark.parametrize("kind", ["other_alliance", "inactive", "not_a_number", "missing"])
def test_only_active_members_of_the_alliance_can_be_appointed(client, alliance, secretariat, kind):
    if kind == "other_alliance":
        value = MembershipFactory(alliance=AllianceFactory(), role=Role.YOUTH).user.pk
    elif kind == "inactive":
        value = MembershipFactory(alliance=alliance, role=Role.YOUTH, is_active=False).user.pk
    elif kind == "not_a_number":
        value = "abc"
    else:
        value = ""

    response = client.post(url("moderator_add", alliance), {"user": value})

    assert response.status_code == 400
    content = response.content.decode()
    assert t("Correct the fields marked below.") in content
    assert (
        t("Choose the member who will moderate.")
        if kind == "missing"
        else t("Choose an active member of this alliance who is not a moderator yet.")
    ) in content
    assert not Moderator.objects.exists()


def test_a_moderator_cannot_be_appointed_twice(client, alliance, secretariat):
    member = MembershipFactory(alliance=alliance, role=Role.MEMBER)
    Moderator.objects.create(alliance=alliance, user=member.user)

    response = client.post(url("moderator_add", alliance), {"user": member.user.pk})

    assert response.status_code == 400
    assert Moderator.objects.count() == 1


def test_the_secretariat_removes_a_moderator(client, alliance, secretariat):
    member = MembershipFactory(alliance=alliance, role=Role.MEMBER)
    moderator = Moderator.objects.create(alliance=alliance, user=member.user)

    assert client.get(url("moderator_remove", alliance, pk=moderator.pk)).status_code == 405
    response = client.post(url("moderator_remove", alliance, pk=moderator.pk))

    assert response.status_code == 302
    assert not Moderator.objects.exists()


def test_another_alliances_moderator_cannot_be_removed(client, alliance, secretariat):
    other = AllianceFactory()
    moderator = Moderator.objects.create(
        alliance=other, user=MembershipFactory(alliance=other).user
    )

    assert client.post(url("moderator_remove", alliance, pk=moderator.pk)).status_code == 404
    assert Moderator.objects.filter(pk=moderator.pk).exists()


def test_an_appointed_moderator_cannot_appoint_or_remove(client, alliance):
    youth = log_in(client, alliance, Role.YOUTH)
    own = Moderator.objects.create(alliance=alliance, user=youth.user)
    member = MembershipFactory(alliance=alliance, role=Role.MEMBER)

    assert client.post(url("moderator_add", alliance), {"user": member.user.pk}).status_code == 403
    assert client.post(url("moderator_remove", alliance, pk=own.pk)).status_code == 403
    assert Moderator.objects.count() == 1


def test_the_settings_page_saves_and_tells_what_changed(client, alliance, secretariat):
    data = {
        "is_open": "on",
        "legal_basis": "public_task",
        "consent_age": "15",
        "retention_months": "3",
        "answer_days": "14",
        "controller_name": "Kalundborg Kommune",
        "privacy_contact_email": "",
        "dpo_email": "dpo@kalundborg.dk",
    }

    response = client.post(url("settings_edit", alliance), data, follow=True)

    assert response.status_code == 200
    current = portal_settings(alliance)
    assert current.legal_basis == "public_task"
    assert current.retention_months == 3
    assert current.dpo_email == "dpo@kalundborg.dk"
    [message] = [str(m) for m in response.context["messages"]]
    with translation.override("da"):
        from youth_voice.forms_moderation import PortalSettingsForm

        labels = {name: str(field.label) for name, field in PortalSettingsForm().fields.items()}
    for name in ("legal_basis", "retention_months", "controller_name", "dpo_email"):
        assert labels[name] in message
    assert labels["consent_age"] not in message

    response = client.post(url("settings_edit", alliance), data, follow=True)
    [message] = [str(m) for m in response.context["messages"]]
    assert message == t("Nothing was changed.")


@pytest.mark.parametrize(
    "field, value, error",
    [
        ("consent_age", "12", "The consent age must be between 13 and 18."),
        ("consent_age", "abc", "Write the age as a whole number."),
        ("retention_months", "25", "Choose between 1 and 24 months."),
        ("answer_days", "0", "Choose between 1 and 90 days."),
        ("dpo_email", "ikke en mail", "Write a valid email address."),
    ],
)
def test_the_settings_form_refuses_bad_values_in_danish(
    client, alliance, secretariat, field, value, error
):
    data = {
        "is_open": "on",
        "legal_basis": "consent",
        "consent_age": "15",
        "retention_months": "6",
        "answer_days": "14",
        field: value,
    }

    response = client.post(url("settings_edit", alliance), data)

    assert response.status_code == 400
    assert t(error) in response.content.decode()
    assert portal_settings(alliance).consent_age == 15


def test_closing_the_portal(client, alliance, secretariat):
    data = {
        "legal_basis": "consent",
        "consent_age": "15",
        "retention_months": "6",
        "answer_days": "14",
    }

    assert client.post(url("settings_edit", alliance), data).status_code == 302

    assert portal_settings(alliance).is_open is False
