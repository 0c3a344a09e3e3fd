"""The demo alliance's youth portal: the eight example inputs at every step of their way, with
what a young person sees when following them, and a moderator from the youth panel."""

from __future__ import annotations

import pytest
from django.core import mail
from django.core.management import call_command
from django.utils import timezone

from alliance.models import Alliance, Notification, User
from backbone.demo_youth import DEMO_RECEIPT_CODE
from workgroups.models import GroupKind, MinutesStatus
from youth_voice import codes
from youth_voice.models import (
    ConsentStatus,
    ContactDetails,
    InputEvent,
    InputReport,
    InputStatus,
    Moderation,
    Moderator,
    PortalSettings,
    Support,
    YouthInput,
)

pytestmark = pytest.mark.django_db


@pytest.fixture
def alliance() -> Alliance:
    call_command("seed_demo", allow_demo_users=True, quiet=True)
    return Alliance.objects.get(slug="kalundborg")


def _check_the_inputs_cover_every_step_of_the_status_flow(alliance):
    inputs = YouthInput.objects.filter(alliance=alliance)

    assert inputs.count() == 8
    assert set(inputs.values_list("status", flat=True)) == set(InputStatus.values)
    for youth_input in inputs.prefetch_related("events"):
        events = list(youth_input.events.all())
        assert events[0].status == InputStatus.RECEIVED
        assert events[-1].status == youth_input.status
        assert all(event.note for event in events)
        assert [e.created_at for e in events] == sorted(e.created_at for e in events)
        assert youth_input.created_at < timezone.now()


def _check_routed_inputs_went_to_the_groups_of_the_domain_notes(alliance):
    routed = {
        youth_input.text[:20]: youth_input.routed_group
        for youth_input in YouthInput.objects.filter(alliance=alliance).exclude(routed_group=None)
    }

    names = {text: group.name[:1] for text, group in routed.items() if group.kind != "steering"}
    assert names == {
        "Et sted at være fred": "A",
        "Sidste bus til Gørle": "C",
        "Vi svarer på trivsel": "G",
        "Kan man tale med en ": "B",
        "Fredagsfællesskab va": "A",
    }
    assert routed["Hold styregruppemøde"].kind == GroupKind.STEERING


def _check_done_inputs_lead_to_a_published_decision_and_to_the_friday_club(alliance):
    done = YouthInput.objects.filter(alliance=alliance, status=InputStatus.DONE)

    with_decision = done.get(decision__isnull=False)
    assert with_decision.decision.meeting.group == with_decision.routed_group
    assert with_decision.decision.meeting.minutes_status == MinutesStatus.PUBLISHED
    assert with_decision.closed_at > with_decision.decision.meeting.ends_at
    with_activity = done.get(led_to_activity__isnull=False)
    assert with_activity.led_to_activity.title == "Fredagsfællesskab"
    not_possible = YouthInput.objects.get(alliance=alliance, status=InputStatus.NOT_POSSIBLE)
    assert "køreplan" in not_possible.events.last().note


def _check_moderation_keeps_the_psychologist_question_private_and_one_input_waiting(alliance):
    inputs = YouthInput.objects.filter(alliance=alliance)

    private = inputs.get(moderation=Moderation.PRIVATE)
    assert "psykolog" in private.text
    assert private.answer
    pending = inputs.get(moderation=Moderation.PENDING)
    assert pending.status == InputStatus.RECEIVED
    assert pending.published_text == ""
    published = inputs.filter(moderation=Moderation.PUBLISHED)
    assert published.count() == 6
    assert not published.filter(published_text="").exists()
    assert not inputs.filter(moderation=Moderation.HIDDEN).exists()


def _check_support_counts_match_their_rows_and_one_input_is_reported(alliance):
    for youth_input in YouthInput.objects.filter(alliance=alliance):
        assert Support.objects.filter(input=youth_input).count() == youth_input.support_count
    report = InputReport.objects.get(input__alliance=alliance)
    assert report.input.moderation == Moderation.PUBLISHED
    assert report.input.report_count == 1


def _check_one_input_is_overdue(alliance):
    today = timezone.localdate()

    overdue = YouthInput.objects.filter(
        alliance=alliance, answer_due__lt=today, answered_at=None
    ).open()

    assert overdue.count() == 1
    assert overdue.get().routed_group.slug == "a-faellesskaber-mod-ensomhed"


def _check_the_fixed_receipt_code_follows_the_survey_feedback(alliance):
    assert codes.normalise_code(DEMO_RECEIPT_CODE) == DEMO_RECEIPT_CODE

    youth_input = YouthInput.objects.get(receipt_hash=codes.receipt_hash(DEMO_RECEIPT_CODE))

    assert youth_input.link_hash == codes.link_hash(codes.link_token(DEMO_RECEIPT_CODE))
    assert youth_input.decision is not None


def _check_the_youth_login_has_an_input_and_moderates(alliance):
    sara = User.objects.get(email="youth@example.org")

    assert YouthInput.objects.filter(alliance=alliance, user=sara).count() == 1
    assert Moderator.objects.filter(alliance=alliance, user=sara).exists()
    assert sara.group_seats.filter(group__kind=GroupKind.YOUTH_PANEL).exists()


def _check_an_anonymous_input_left_contact_details_with_consent(alliance):
    contact = ContactDetails.objects.get(input__alliance=alliance)

    assert contact.input.user is None
    assert not contact.input.is_closed
    assert contact.consent.status == ConsentStatus.GIVEN
    assert contact.consent.input == contact.input
    assert contact.delete_after > timezone.now()


def _check_the_portal_settings_name_the_controller(alliance):
    settings = PortalSettings.objects.get(alliance=alliance)

    assert settings.controller_name == "Kalundborg Kommune"
    assert settings.privacy_contact_email.endswith("@example.org")
    assert settings.dpo_email.endswith("@example.org")


def _check_seeding_again_writes_nothing_and_tells_nobody(alliance):
    counts = (YouthInput.objects.count(), InputEvent.objects.count(), Support.objects.count())
    notifications = Notification.objects.count()

    call_command("seed_demo", allow_demo_users=True, quiet=True)

    assert (
        YouthInput.objects.count(),
        InputEvent.objects.count(),
        Support.objects.count(),
    ) == counts
    assert Notification.objects.count() == notifications
    assert not [m for m in mail.outbox if "ung" in m.subject.lower()]


def test_the_demo_has_youth_input_at_every_step_and_seeds_once(alliance):
    _check_the_inputs_cover_every_step_of_the_status_flow(alliance)
    _check_routed_inputs_went_to_the_groups_of_the_domain_notes(alliance)
    _check_done_inputs_lead_to_a_published_decision_and_to_the_friday_club(alliance)
    _check_moderation_keeps_the_psychologist_question_private_and_one_input_waiting(alliance)
    _check_support_counts_match_their_rows_and_one_input_is_reported(alliance)
    _check_one_input_is_overdue(alliance)
    _check_the_fixed_receipt_code_follows_the_survey_feedback(alliance)
    _check_the_youth_login_has_an_input_and_moderates(alliance)
    _check_an_anonymous_input_left_contact_details_with_consent(alliance)
    _check_the_portal_settings_name_the_controller(alliance)
    _check_seeding_again_writes_nothing_and_tells_nobody(alliance)
