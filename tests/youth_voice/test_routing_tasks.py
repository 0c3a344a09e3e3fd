"""The daily overdue reminder and the digest section on youth input."""

from __future__ import annotations

import datetime

import pytest
from django.utils import timezone
from django.utils.translation import gettext

from alliance.models import Notification
from tests.youth_voice.factories_routing import world, youth_input
from youth_voice.models import InputStatus
from youth_voice.notifications import youth_inputs_overdue_notify
from youth_voice.selectors_digest import digest_sections
from youth_voice.services_routing import input_answer, input_route

pytestmark = pytest.mark.django_db

TODAY = datetime.date(2026, 3, 20)


def _overdue(w, **fields):
    item = input_route(
        youth_input=youth_input(alliance=w.alliance, **fields),
        group=w.group,
        by=w.secretariat,
        today=TODAY - datetime.timedelta(days=20),
    )
    assert item.answer_due < TODAY
    return item


def test_managers_are_told_once_per_input_and_the_secretariat_gets_a_summary():
    w = world()
    first, second = _overdue(w), _overdue(w)

    youth_inputs_overdue_notify(today=TODAY)
    youth_inputs_overdue_notify(today=TODAY)  # a second run the same day tells nobody again

    overdue = Notification.objects.filter(kind="youth_input_overdue")
    assert sorted((n.user, n.event_key) for n in overdue) == sorted(
        (w.coordinator, f"youth_input_overdue:{i.pk}:{i.answer_due.isoformat()}")
        for i in (first, second)
    )
    summary = Notification.objects.get(kind="youth_inputs_overdue_summary")
    assert summary.user == w.secretariat
    assert "2" in summary.title


def test_answered_and_not_yet_due_inputs_are_not_overdue():
    w = world()
    answered = _overdue(w)
    input_answer(youth_input=answered, by=w.coordinator, answer="Svar", status=InputStatus.ANSWERED)
    input_route(
        youth_input=youth_input(alliance=w.alliance), group=w.group, by=w.secretariat, today=TODAY
    )

    assert youth_inputs_overdue_notify(today=TODAY) == 0
    assert not Notification.objects.filter(kind__startswith="youth_input_overdue").exists()


def test_a_new_deadline_is_told_again():
    w = world()
    item = _overdue(w)
    youth_inputs_overdue_notify(today=TODAY)
    input_route(
        youth_input=item, group=w.group, by=w.secretariat, today=TODAY - datetime.timedelta(days=15)
    )

    youth_inputs_overdue_notify(today=TODAY)

    assert Notification.objects.filter(kind="youth_input_overdue").count() == 2


def test_digest_section_lists_waiting_inputs_of_groups_the_person_manages():
    w = world()
    waiting = input_route(
        youth_input=youth_input(alliance=w.alliance), group=w.group, by=w.secretariat
    )
    done = input_route(
        youth_input=youth_input(alliance=w.alliance), group=w.group, by=w.secretariat
    )
    input_answer(youth_input=done, by=w.coordinator, answer="Ja", status=InputStatus.DONE)
    now = timezone.now()

    [section] = digest_sections(
        user=w.coordinator, alliance=w.alliance, since=now - datetime.timedelta(days=7), now=now
    )
    assert section.title == gettext("Youth input waiting for an answer")
    assert [item.url for item in section.items] == [f"/{w.alliance.slug}/youth/{waiting.pk}/"]
    assert "[telefon]" in section.items[0].text
    assert w.group.name in section.items[0].detail

    for other in (w.member, w.other_coordinator, w.stranger):
        [section] = digest_sections(user=other, alliance=w.alliance, since=now, now=now)
        assert section.is_empty


def test_the_digest_includes_the_section():
    from backbone.digest import digest_for

    w = world()
    input_route(youth_input=youth_input(alliance=w.alliance), group=w.group, by=w.secretariat)
    now = timezone.now()
    keys = [s.key for s in digest_for(user=w.coordinator, alliance=w.alliance, since=now, now=now)]
    assert "youth_inputs_waiting" in keys
