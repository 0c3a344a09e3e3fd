"""Routing, the status step, answering and the agenda: youth_voice.services_routing."""

from __future__ import annotations

import datetime

import pytest
from django.core.exceptions import ValidationError
from django.utils import timezone
from django.utils.translation import gettext

from alliance.models import Notification
from tests.youth_voice.factories_routing import (
    contact_details,
    decision_published,
    meeting,
    world,
    youth_input,
)
from workgroups.models import AgendaItem, MinutesStatus
from youth_voice.models import ContactDetails, InputEvent, InputStatus, Moderation
from youth_voice.selectors_settings import portal_settings
from youth_voice.services_routing import (
    input_agenda_add,
    input_answer,
    input_route,
    input_status_set,
)

pytestmark = pytest.mark.django_db


def test_route_sets_group_deadline_status_and_event():
    w = world()
    item = youth_input(alliance=w.alliance)
    today = datetime.date(2026, 3, 2)

    routed = input_route(
        youth_input=item, group=w.group, by=w.secretariat, note="Gruppen ser på den", today=today
    )

    assert routed.routed_group == w.group
    assert routed.routed_at is not None
    assert routed.answer_due == datetime.date(2026, 3, 16)
    assert routed.status == InputStatus.ROUTED
    event = InputEvent.objects.get(input=item)
    assert (event.status, event.note, event.by) == (
        InputStatus.ROUTED,
        "Gruppen ser på den",
        w.secretariat,
    )


def test_route_deadline_follows_the_alliances_answer_days():
    w = world()
    settings = portal_settings(w.alliance)
    settings.answer_days = 30
    settings.save()
    item = youth_input(alliance=w.alliance)

    routed = input_route(
        youth_input=item, group=w.group, by=w.secretariat, today=datetime.date(2026, 3, 2)
    )

    assert routed.answer_due == datetime.date(2026, 4, 1)


def test_route_tells_the_groups_managers_in_the_app():
    w = world()
    item = youth_input(alliance=w.alliance)

    input_route(youth_input=item, group=w.group, by=w.secretariat)

    told = Notification.objects.filter(kind="youth_input_routed")
    assert [n.user for n in told] == [w.coordinator]  # the member is not a manager
    assert w.group.name in told[0].title


def test_route_to_the_steering_group():
    w = world()
    item = youth_input(alliance=w.alliance, moderation=Moderation.PRIVATE)

    routed = input_route(youth_input=item, group=w.steering_group, by=w.secretariat)

    assert routed.routed_group == w.steering_group


@pytest.mark.parametrize("moderation", [Moderation.PENDING, Moderation.HIDDEN])
def test_an_unapproved_input_cannot_be_routed(moderation):
    w = world()
    item = youth_input(alliance=w.alliance, moderation=moderation)

    with pytest.raises(ValidationError):
        input_route(youth_input=item, group=w.group, by=w.secretariat)

    item.refresh_from_db()
    assert item.routed_group is None
    assert not InputEvent.objects.exists()


def test_an_archived_group_or_another_alliances_group_is_refused():
    w = world()
    other = world()
    item = youth_input(alliance=w.alliance)
    w.other_group.is_archived = True
    w.other_group.save()

    for group in (w.other_group, other.group):
        with pytest.raises(ValidationError) as error:
            input_route(youth_input=item, group=group, by=w.secretariat)
        assert "group" in error.value.error_dict


def test_answer_done_with_decision_closes_and_deletes_contact_details():
    w = world()
    item = youth_input(alliance=w.alliance)
    contact_details(item)
    input_route(youth_input=item, group=w.group, by=w.secretariat)
    decision = decision_published(group=w.group)

    answered = input_answer(
        youth_input=item,
        by=w.coordinator,
        answer="Vi starter en fredagsklub.",
        status=InputStatus.DONE,
        decision=decision,
    )

    assert answered.status == InputStatus.DONE
    assert answered.answer == "Vi starter en fredagsklub."
    assert answered.answered_by == w.coordinator
    assert answered.answered_at is not None and answered.closed_at is not None
    assert answered.decision == decision
    assert not ContactDetails.objects.filter(input=item).exists()
    last = InputEvent.objects.filter(input=item).last()
    assert (last.status, last.note) == (InputStatus.DONE, "Vi starter en fredagsklub.")


def test_answered_keeps_the_input_open_and_the_contact_details():
    w = world()
    item = youth_input(alliance=w.alliance)
    contact_details(item)
    input_route(youth_input=item, group=w.group, by=w.secretariat)

    answered = input_answer(
        youth_input=item, by=w.coordinator, answer="Vi tager den op.", status=InputStatus.ANSWERED
    )

    assert answered.status == InputStatus.ANSWERED
    assert answered.closed_at is None
    assert ContactDetails.objects.filter(input=item).exists()


def test_not_possible_needs_the_reason():
    w = world()
    item = youth_input(alliance=w.alliance)

    with pytest.raises(ValidationError) as error:
        input_answer(
            youth_input=item, by=w.secretariat, answer="  ", status=InputStatus.NOT_POSSIBLE
        )

    assert "answer" in error.value.error_dict
    item.refresh_from_db()
    assert item.status == InputStatus.RECEIVED


def test_a_closed_input_cannot_be_answered_again_until_reopened():
    w = world()
    item = youth_input(alliance=w.alliance)
    input_answer(youth_input=item, by=w.secretariat, answer="Nej", status=InputStatus.NOT_POSSIBLE)

    with pytest.raises(ValidationError):
        input_answer(youth_input=item, by=w.secretariat, answer="Ja", status=InputStatus.DONE)
    with pytest.raises(ValidationError):
        input_route(youth_input=item, group=w.group, by=w.secretariat)

    reopened = input_status_set(youth_input=item, status=InputStatus.CONSIDERING, by=w.secretariat)
    assert reopened.status == InputStatus.CONSIDERING
    assert reopened.closed_at is None
    again = input_answer(youth_input=item, by=w.secretariat, answer="Ja", status=InputStatus.DONE)
    assert again.status == InputStatus.DONE


def test_being_considered_only_from_received_or_closed():
    w = world()
    item = youth_input(alliance=w.alliance)

    considered = input_status_set(
        youth_input=item, status=InputStatus.CONSIDERING, by=w.secretariat, note="Vi kigger"
    )
    assert considered.status == InputStatus.CONSIDERING
    assert InputEvent.objects.get(input=item).note == "Vi kigger"

    input_route(youth_input=item, group=w.group, by=w.secretariat)
    with pytest.raises(ValidationError):
        input_status_set(youth_input=item, status=InputStatus.CONSIDERING, by=w.secretariat)
    with pytest.raises(ValidationError):
        input_status_set(youth_input=item, status=InputStatus.DONE, by=w.secretariat)


def test_a_decision_of_unpublished_minutes_or_another_alliance_is_refused():
    w = world()
    other = world()
    item = youth_input(alliance=w.alliance)
    draft = decision_published(group=w.group)
    draft.meeting.minutes_status = MinutesStatus.DRAFT
    draft.meeting.save()

    for decision in (draft, decision_published(group=other.group)):
        with pytest.raises(ValidationError) as error:
            input_answer(
                youth_input=item,
                by=w.secretariat,
                answer="Svar",
                status=InputStatus.ANSWERED,
                decision=decision,
            )
        assert "decision" in error.value.error_dict


def test_agenda_add_creates_an_item_with_the_masked_text_and_a_link():
    w = world()
    item = youth_input(alliance=w.alliance)
    input_route(youth_input=item, group=w.group, by=w.secretariat)
    upcoming = meeting(group=w.group)

    agenda_item = input_agenda_add(youth_input=item, meeting=upcoming, by=w.coordinator)

    assert agenda_item.meeting == upcoming
    assert agenda_item.title.startswith(
        gettext("Youth input: %(kind)s – %(excerpt)s").split("%")[0]
    )
    assert str(item.get_kind_display()) in agenda_item.title
    assert "[telefon]" in agenda_item.description
    assert "12345678" not in agenda_item.description + agenda_item.title
    assert f"/youth/{item.pk}/" in agenda_item.description
    item.refresh_from_db()
    assert item.agenda_item == agenda_item


def test_agenda_add_refuses_other_groups_cancelled_and_past_meetings():
    w = world()
    item = youth_input(alliance=w.alliance)
    input_route(youth_input=item, group=w.group, by=w.secretariat)
    refused = [
        meeting(group=w.other_group),
        meeting(group=w.group, is_cancelled=True),
        meeting(group=w.group, days=-3),
        meeting(
            group=w.group,
            minutes_status=MinutesStatus.PUBLISHED,
            minutes_published_at=timezone.now(),
        ),
    ]

    for candidate in refused:
        with pytest.raises(ValidationError):
            input_agenda_add(youth_input=item, meeting=candidate, by=w.coordinator)
    assert not AgendaItem.objects.exists()
