"""The register, membership edits, the directory and the audit history: status, permission,
redirects, and a fixed number of queries."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from alliance.models import Membership, Role
from alliance.services.people import membership_update
from tests.factories import (
    InvitationFactory,
    MembershipFactory,
    OrganisationFactory,
    UserFactory,
    WorkGroupFactory,
)
from workgroups.services import group_member_add

pytestmark = pytest.mark.django_db


@pytest.fixture
def english(client):
    client.cookies["django_language"] = "en"
    return client


@pytest.fixture
def secretariat(english):
    membership = MembershipFactory(role=Role.SECRETARIAT, user__full_name="Sekretær Sofie")
    english.force_login(membership.user)
    return membership


def _url(name, alliance, **kwargs):
    return reverse(f"alliance:{name}", kwargs={"alliance_slug": alliance.slug, **kwargs})


def _queries(client, url) -> int:
    with CaptureQueriesContext(connection) as context:
        response = client.get(url)
    assert response.status_code == 200
    return len(context.captured_queries)


def _populate(alliance, n: int) -> None:
    group = WorkGroupFactory(alliance=alliance)
    organisation = OrganisationFactory(alliance=alliance)
    for index in range(n):
        membership = MembershipFactory(
            alliance=alliance,
            organisation=organisation,
            is_listed_in_directory=index % 2 == 0,
            is_active=index % 7 != 0,
        )
        group_member_add(group=group, user=membership.user)
        InvitationFactory(alliance=alliance, organisation=organisation)


# the register


def test_the_register_lists_people_and_pending_invitations(english, secretariat):
    alliance = secretariat.alliance
    MembershipFactory(alliance=alliance, user__email="gone@example.org", is_active=False)
    InvitationFactory(alliance=alliance, email="pending@example.org")
    InvitationFactory(
        alliance=alliance, email="revoked@example.org", revoked_at="2026-01-01T00:00Z"
    )

    response = english.get(_url("people", alliance))

    content = response.content.decode()
    assert response.status_code == 200
    assert "gone@example.org" in content
    assert "Deactivated" in content
    assert "pending@example.org" in content
    assert "revoked@example.org" not in content
    assert "Resend" in content and "Withdraw" in content


@pytest.mark.parametrize("name", ["people", "directory", "history"])
def test_pages_run_a_fixed_number_of_queries(english, secretariat, name):
    alliance = secretariat.alliance
    url = _url(name, alliance) + ("?kind=memberships" if name == "history" else "")
    _populate(alliance, 5)
    few = _queries(english, url)

    _populate(alliance, 45)
    many = _queries(english, url)

    assert few == many


def test_the_whole_history_stays_within_a_fixed_query_budget(english, secretariat):
    # Per page: count and rows, then per model on the page its records and the records before
    # them, then one per related model named; so a bound, whatever the number of rows.
    alliance = secretariat.alliance
    _populate(alliance, 5)
    few = _queries(english, _url("history", alliance))

    _populate(alliance, 45)
    many = _queries(english, _url("history", alliance))

    assert few <= 30
    assert many <= 30


def test_edit_changes_the_role_and_redirects(english, secretariat):
    membership = MembershipFactory(alliance=secretariat.alliance, role=Role.MEMBER)
    organisation = OrganisationFactory(alliance=secretariat.alliance)

    page = english.get(_url("membership_edit", secretariat.alliance, pk=membership.pk))
    response = english.post(
        _url("membership_edit", secretariat.alliance, pk=membership.pk),
        {"role": Role.COORDINATOR, "organisation": organisation.pk},
    )

    assert page.status_code == 200
    assert response.status_code == 302
    membership.refresh_from_db()
    assert membership.role == Role.COORDINATOR
    assert membership.organisation == organisation


def test_the_last_secretariat_cannot_demote_themselves(english, secretariat):
    response = english.post(
        _url("membership_edit", secretariat.alliance, pk=secretariat.pk), {"role": Role.MEMBER}
    )

    assert response.status_code == 200
    assert "last active secretariat" in response.content.decode()
    secretariat.refresh_from_db()
    assert secretariat.role == Role.SECRETARIAT


def test_the_last_secretariat_cannot_deactivate_themselves(english, secretariat):
    response = english.post(
        _url("membership_deactivate", secretariat.alliance, pk=secretariat.pk), follow=True
    )

    assert response.status_code == 200
    assert "last active secretariat" in response.content.decode()
    secretariat.refresh_from_db()
    assert secretariat.is_active


def test_deactivate_ends_access_and_reactivate_restores_it(english, secretariat, client):
    member = MembershipFactory(alliance=secretariat.alliance, role=Role.MEMBER)
    other = type(client)()
    other.force_login(member.user)
    home = reverse("alliance:home", kwargs={"alliance_slug": secretariat.alliance.slug})

    response = english.post(_url("membership_deactivate", secretariat.alliance, pk=member.pk))

    assert response.status_code == 302
    member.refresh_from_db()
    assert not member.is_active
    assert member.deactivated_at is not None
    secretariat.alliance.is_public = False
    secretariat.alliance.save()
    assert other.get(home).status_code == 404

    english.post(_url("membership_reactivate", secretariat.alliance, pk=member.pk))

    assert other.get(home).status_code == 200


def test_deactivate_is_post_only(english, secretariat):
    member = MembershipFactory(alliance=secretariat.alliance)

    response = english.get(_url("membership_deactivate", secretariat.alliance, pk=member.pk))

    assert response.status_code == 405


def test_another_alliances_membership_is_404(english, secretariat):
    foreign = MembershipFactory()

    assert (
        english.get(_url("membership_edit", secretariat.alliance, pk=foreign.pk)).status_code == 404
    )
    assert (
        english.post(_url("membership_deactivate", secretariat.alliance, pk=foreign.pk)).status_code
        == 404
    )


# the directory


def test_the_directory_shows_only_people_who_consented(english):
    viewer = MembershipFactory(role=Role.MEMBER)
    alliance = viewer.alliance
    listed = MembershipFactory(
        alliance=alliance, is_listed_in_directory=True, user__full_name="Synlig Sara"
    )
    group = WorkGroupFactory(alliance=alliance, name="Bevægelse")
    group_member_add(group=group, user=listed.user)
    MembershipFactory(alliance=alliance, user__full_name="Skjult Søren")
    MembershipFactory(
        alliance=alliance,
        is_listed_in_directory=True,
        is_active=False,
        user__full_name="Gammel Gert",
    )
    english.force_login(viewer.user)

    response = english.get(_url("directory", alliance))

    content = response.content.decode()
    assert response.status_code == 200
    assert "Synlig Sara" in content
    assert "Bevægelse" in content
    assert "Skjult Søren" not in content
    assert "Gammel Gert" not in content
    assert listed.user.email not in content


def test_the_secretariat_sees_everyone_with_a_marker_but_no_email(english, secretariat):
    hidden = MembershipFactory(
        alliance=secretariat.alliance, user__full_name="Skjult Søren", role=Role.COORDINATOR
    )

    response = english.get(_url("directory", secretariat.alliance))

    content = response.content.decode()
    assert "Skjult Søren" in content
    assert "Not shown to others" in content
    assert hidden.user.email not in content


def test_the_directory_is_closed_to_young_people(client):
    youth = MembershipFactory(role=Role.YOUTH)
    client.force_login(youth.user)

    assert client.get(_url("directory", youth.alliance)).status_code == 403


def test_a_person_toggles_their_own_directory_listing(english):
    membership = MembershipFactory(role=Role.MEMBER)
    english.force_login(membership.user)

    response = english.post(_url("directory_listing", membership.alliance), {"is_listed": "on"})

    assert response.status_code == 302
    assert response["Location"] == _url("directory", membership.alliance)
    membership.refresh_from_db()
    assert membership.is_listed_in_directory

    english.post(_url("directory_listing", membership.alliance))

    membership.refresh_from_db()
    assert not membership.is_listed_in_directory


# the audit history


def test_history_shows_who_changed_what_before_and_after(english, secretariat):
    member = MembershipFactory(alliance=secretariat.alliance, role=Role.MEMBER)
    # a change made through a request: simple_history records the acting user
    english.post(
        _url("membership_edit", secretariat.alliance, pk=member.pk), {"role": Role.COORDINATOR}
    )

    response = english.get(_url("history", secretariat.alliance))

    content = response.content.decode()
    assert response.status_code == 200
    assert "Sekretær Sofie" in content
    assert "Working group member → Working group coordinator" in content
    assert member.user.get_full_name() in content


def test_history_filters_by_kind(english, secretariat):
    InvitationFactory(alliance=secretariat.alliance, full_name="Inviteret Ida")
    OrganisationFactory(alliance=secretariat.alliance, name="Filtered Partner")

    invitations = english.get(_url("history", secretariat.alliance) + "?kind=invitations")
    bogus = english.get(_url("history", secretariat.alliance) + "?kind=bogus&page=99")

    assert "Inviteret Ida" in invitations.content.decode()
    assert "Filtered Partner" not in invitations.content.decode()
    assert bogus.status_code == 200
    assert "Filtered Partner" in bogus.content.decode()


def test_history_paginates_at_50(english, secretariat):
    member = MembershipFactory(alliance=secretariat.alliance)
    for index in range(60):
        membership_update(
            membership=member,
            role=Role.COORDINATOR if index % 2 else Role.MEMBER,
            organisation=None,
        )

    first = english.get(_url("history", secretariat.alliance))
    second = english.get(_url("history", secretariat.alliance) + "?page=2")

    assert len(first.context["page_obj"].object_list) == 50
    assert first.context["page_obj"].paginator.num_pages == 2
    assert second.status_code == 200


def test_history_does_not_show_another_alliances_changes(english, secretariat):
    UserFactory()
    MembershipFactory(user__full_name="Fremmed Frida")

    response = english.get(_url("history", secretariat.alliance))

    assert "Fremmed Frida" not in response.content.decode()
    assert Membership.objects.count() == 2
