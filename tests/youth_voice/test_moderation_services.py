"""Moderation services: publish, keep private, hide, reports, moderators and the portal's
settings."""

import pytest
from django.core.exceptions import ValidationError
from django.utils import translation

from alliance.models import Role
from tests.factories import AllianceFactory, MembershipFactory, UserFactory
from youth_voice import services_moderation as services
from youth_voice.codes import link_hash, link_token, new_receipt_code, receipt_hash
from youth_voice.models import (
    InputEvent,
    InputReport,
    InputStatus,
    Moderation,
    Moderator,
    YouthInput,
)
from youth_voice.permissions import can_moderate, inputs_visible_to
from youth_voice.selectors_settings import portal_settings

pytestmark = pytest.mark.django_db


def make_input(alliance, text="Vi vil have en skatepark. Ring 12 34 56 78", **fields):
    code = new_receipt_code()
    return YouthInput.objects.create(
        alliance=alliance,
        kind=fields.pop("kind", "idea"),
        text=text,
        receipt_hash=receipt_hash(code),
        link_hash=link_hash(link_token(code)),
        **fields,
    )


@pytest.fixture
def alliance():
    return AllianceFactory()


@pytest.fixture
def secretariat(alliance):
    return MembershipFactory(alliance=alliance, role=Role.SECRETARIAT).user


def test_publishing_sets_the_text_who_and_when_and_moves_received_to_considering(
    alliance, secretariat
):
    youth_input = make_input(alliance)

    result = services.input_moderate(
        youth_input=youth_input,
        action="publish",
        text="Vi vil have en skatepark. Ring [telefonnummer fjernet]",
        by=secretariat,
    )

    result.refresh_from_db()
    assert result.moderation == Moderation.PUBLISHED
    assert result.published_text == "Vi vil have en skatepark. Ring [telefonnummer fjernet]"
    assert result.moderated_by == secretariat
    assert result.moderated_at is not None
    assert result.published_at is not None
    assert result.status == InputStatus.CONSIDERING
    event = InputEvent.objects.get(input=result)
    assert event.status == InputStatus.CONSIDERING
    assert event.by == secretariat
    with translation.override("da"):
        assert event.note == translation.gettext("We have read your input and are looking at it.")


def test_approving_an_input_that_moved_on_records_no_event(alliance, secretariat):
    youth_input = make_input(alliance, status=InputStatus.ROUTED)

    services.input_moderate(youth_input=youth_input, action="private", text="Tekst", by=secretariat)

    youth_input.refresh_from_db()
    assert youth_input.status == InputStatus.ROUTED
    assert youth_input.moderation == Moderation.PRIVATE
    assert youth_input.published_text == "Tekst"
    assert youth_input.published_at is None
    assert not InputEvent.objects.exists()


def test_hiding_needs_a_reason_and_keeps_the_status(alliance, secretariat):
    youth_input = make_input(alliance)

    with pytest.raises(ValidationError) as error:
        services.input_moderate(youth_input=youth_input, action="hide", reason=" ", by=secretariat)
    assert "reason" in error.value.error_dict

    services.input_moderate(
        youth_input=youth_input, action="hide", reason="Teksten er drilleri", by=secretariat
    )
    youth_input.refresh_from_db()
    assert youth_input.moderation == Moderation.HIDDEN
    assert youth_input.hide_reason == "Teksten er drilleri"
    assert youth_input.status == InputStatus.RECEIVED
    assert not InputEvent.objects.exists()


def test_publishing_needs_a_text(alliance, secretariat):
    youth_input = make_input(alliance)

    with pytest.raises(ValidationError) as error:
        services.input_moderate(youth_input=youth_input, action="publish", text="", by=secretariat)

    assert "text" in error.value.error_dict
    youth_input.refresh_from_db()
    assert youth_input.moderation == Moderation.PENDING


def test_a_decision_can_be_changed_later(alliance, secretariat):
    youth_input = make_input(alliance)
    services.input_moderate(youth_input=youth_input, action="publish", text="Ok", by=secretariat)
    other = MembershipFactory(alliance=alliance, role=Role.SECRETARIAT).user

    services.input_moderate(
        youth_input=youth_input, action="hide", reason="Navn på en lærer", by=other
    )

    youth_input.refresh_from_db()
    assert youth_input.moderation == Moderation.HIDDEN
    assert youth_input.moderated_by == other
    assert YouthInput.objects.published().count() == 0
    # One event: the first approval. Hiding changed no status.
    assert InputEvent.objects.filter(input=youth_input).count() == 1

    services.input_moderate(youth_input=youth_input, action="publish", text="Ok", by=other)
    youth_input.refresh_from_db()
    assert youth_input.moderation == Moderation.PUBLISHED
    assert youth_input.hide_reason == ""
    assert InputEvent.objects.filter(input=youth_input).count() == 1


def test_an_unknown_action_is_refused(alliance, secretariat):
    with pytest.raises(ValidationError):
        services.input_moderate(
            youth_input=make_input(alliance), action="delete", text="x", by=secretariat
        )


def test_nothing_is_visible_outside_moderation_before_approval(alliance, secretariat):
    youth_input = make_input(alliance)
    steering = MembershipFactory(alliance=alliance, role=Role.STEERING)
    coordinator = MembershipFactory(alliance=alliance, role=Role.COORDINATOR)

    assert youth_input not in inputs_visible_to(steering.user, steering)
    assert youth_input not in inputs_visible_to(coordinator.user, coordinator)

    services.input_moderate(youth_input=youth_input, action="publish", text="Ok", by=secretariat)

    assert youth_input in inputs_visible_to(steering.user, steering)


def test_resolving_reports_keeps_the_input_published(alliance, secretariat):
    youth_input = make_input(alliance)
    services.input_moderate(youth_input=youth_input, action="publish", text="Ok", by=secretariat)
    InputReport.objects.create(input=youth_input, reason="Spam", reporter_hash="a")
    InputReport.objects.create(input=youth_input, reason="Grimt", reporter_hash="b")

    resolved = services.reports_resolve(youth_input=youth_input, by=secretariat)

    assert resolved == 2
    assert not InputReport.objects.filter(resolved_at__isnull=True).exists()
    assert InputReport.objects.filter(resolved_by=secretariat).count() == 2
    youth_input.refresh_from_db()
    assert youth_input.moderation == Moderation.PUBLISHED


def test_resolving_reports_by_hiding_needs_a_reason(alliance, secretariat):
    youth_input = make_input(alliance)
    services.input_moderate(youth_input=youth_input, action="publish", text="Ok", by=secretariat)
    InputReport.objects.create(input=youth_input, reason="Spam", reporter_hash="a")

    with pytest.raises(ValidationError):
        services.reports_resolve(youth_input=youth_input, by=secretariat, hide=True, reason="")
    assert InputReport.objects.filter(resolved_at__isnull=True).count() == 1

    services.reports_resolve(youth_input=youth_input, by=secretariat, hide=True, reason="Spam")
    youth_input.refresh_from_db()
    assert youth_input.moderation == Moderation.HIDDEN
    assert youth_input.hide_reason == "Spam"
    assert not InputReport.objects.filter(resolved_at__isnull=True).exists()


def test_an_appointed_moderator_can_moderate_until_removed(alliance, secretariat):
    youth = MembershipFactory(alliance=alliance, role=Role.YOUTH)
    assert not can_moderate(youth.user, youth)

    moderator = services.moderator_add(alliance=alliance, user=youth.user, by=secretariat)

    assert moderator.appointed_by == secretariat
    assert can_moderate(youth.user, youth)
    services.moderator_remove(moderator=moderator)
    assert not can_moderate(youth.user, youth)


def test_only_active_members_of_the_alliance_can_be_moderators(alliance, secretariat):
    outsider = MembershipFactory(role=Role.YOUTH).user  # another alliance
    former = MembershipFactory(alliance=alliance, role=Role.MEMBER, is_active=False).user

    for user in (outsider, former, UserFactory()):
        with pytest.raises(ValidationError) as error:
            services.moderator_add(alliance=alliance, user=user, by=secretariat)
        assert "user" in error.value.error_dict
    assert not Moderator.objects.exists()


def test_a_person_is_appointed_once(alliance, secretariat):
    member = MembershipFactory(alliance=alliance, role=Role.MEMBER).user
    services.moderator_add(alliance=alliance, user=member, by=secretariat)

    with pytest.raises(ValidationError):
        services.moderator_add(alliance=alliance, user=member, by=secretariat)
    assert Moderator.objects.count() == 1


def test_settings_update_returns_what_changed(alliance):
    current = portal_settings(alliance)

    changed = services.portal_settings_update(
        portal_settings=current, is_open=True, consent_age=16, retention_months=3
    )

    assert changed == ["consent_age", "retention_months"]
    current.refresh_from_db()
    assert (current.consent_age, current.retention_months) == (16, 3)
    assert services.portal_settings_update(portal_settings=current, consent_age=16) == []


def test_settings_update_validates(alliance):
    with pytest.raises(ValidationError):
        services.portal_settings_update(portal_settings=portal_settings(alliance), consent_age=9)
    assert portal_settings(alliance).consent_age == 15


def test_correcting_a_published_text_keeps_the_publishing_time(alliance, secretariat):
    youth_input = make_input(alliance)
    services.input_moderate(youth_input=youth_input, action="publish", text="Ok", by=secretariat)
    youth_input.refresh_from_db()
    first = youth_input.published_at

    services.input_moderate(
        youth_input=youth_input, action="publish", text="Ok, rettet", by=secretariat
    )

    youth_input.refresh_from_db()
    assert youth_input.published_text == "Ok, rettet"
    assert youth_input.published_at == first


def test_the_young_person_is_told_when_the_input_is_approved(alliance, secretariat):
    from alliance.models import Notification

    youth = MembershipFactory(alliance=alliance, role=Role.YOUTH).user
    youth_input = make_input(alliance, user=youth)

    services.input_moderate(youth_input=youth_input, action="publish", text="Ok", by=secretariat)

    assert Notification.objects.filter(user=youth).count() == 1
    services.input_moderate(youth_input=youth_input, action="hide", reason="Nej", by=secretariat)
    assert Notification.objects.filter(user=youth).count() == 1
