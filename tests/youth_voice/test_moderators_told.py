"""The moderators are told about new youth input in rounds of a minute: once per input, one
notification per moderator and round, never the text."""

from __future__ import annotations

import threading

import pytest
from django.conf import settings
from django.db import connection, transaction
from django.urls import reverse
from django.utils import translation
from django.utils.translation import ngettext

from alliance.models import Notification, Role
from tests.factories import AllianceFactory, FocusAreaFactory, MembershipFactory, UserFactory
from youth_voice.models import Moderation, Moderator, YouthInput
from youth_voice.notifications_moderation import KIND_WAITING, moderators_notify_new_inputs
from youth_voice.services_input import input_erase
from youth_voice.tasks import moderators_notify_new_inputs_task

from .factories_portal import da, portal_alliance, sent_input

pytestmark = pytest.mark.django_db


def secretary_of(alliance):
    return MembershipFactory(alliance=alliance, role=Role.SECRETARIAT, user__language="da").user


def test_one_input_tells_each_moderator_its_kind_and_topic_but_not_its_text():
    # given an alliance with a secretary and an appointed moderator, and one input sent
    alliance = portal_alliance()
    secretary = secretary_of(alliance)
    appointed = MembershipFactory(alliance=alliance, role=Role.MEMBER, user__language="da").user
    Moderator.objects.create(alliance=alliance, user=appointed)
    MembershipFactory(alliance=alliance, role=Role.MEMBER)  # a member who does not moderate
    topic = FocusAreaFactory(alliance=alliance, title="Trivsel")
    youth_input, _code = sent_input(alliance, kind="worry", text="Jeg er ensom", focus_area=topic)
    assert not Notification.objects.exists()  # nobody is told while the young person waits
    # when the round runs
    told = moderators_notify_new_inputs()
    # then both moderators have one notification leading to the input's moderation page
    assert told == 1
    notes = Notification.objects.filter(kind=KIND_WAITING)
    assert sorted(note.user_id for note in notes) == sorted([secretary.pk, appointed.pk])
    note = notes.get(user=secretary)
    assert note.title == da("New input from a young person: %(kind)s", kind="bekymring")
    assert da("Topic: %(topic)s", topic="Trivsel") in note.body
    assert "ensom" not in note.title + note.body
    assert note.url == reverse(
        "youth_voice:moderate", kwargs={"alliance_slug": alliance.slug, "pk": youth_input.pk}
    )
    youth_input.refresh_from_db()
    assert youth_input.moderators_told_at is not None


def test_a_second_round_tells_nobody_again():
    alliance = portal_alliance()
    secretary_of(alliance)
    sent_input(alliance)
    assert moderators_notify_new_inputs() == 1
    assert moderators_notify_new_inputs() == 0
    assert Notification.objects.count() == 1


def test_a_school_class_sending_at_once_makes_one_notification_per_moderator():
    # given 30 inputs sent within the same minute
    alliance = portal_alliance()
    secretary = secretary_of(alliance)
    for n in range(30):
        sent_input(alliance, text=f"Elev {n}")
    # when
    moderators_notify_new_inputs()
    # then one notification, counting them, leading to the moderation queue
    note = Notification.objects.get(user=secretary)
    with translation.override("da"):
        expected = ngettext(
            "%(count)d new input from young people waits for moderation",
            "%(count)d new inputs from young people wait for moderation",
            30,
        ) % {"count": 30}
    assert note.title == expected
    assert note.title.startswith("30 ")
    assert note.url == reverse(
        "youth_voice:moderation_queue", kwargs={"alliance_slug": alliance.slug}
    )
    assert not YouthInput.objects.filter(moderators_told_at__isnull=True).exists()


def test_each_alliance_hears_only_of_its_own_inputs():
    alliance, other = portal_alliance(), portal_alliance()
    ours, theirs = secretary_of(alliance), secretary_of(other)
    sent_input(alliance)
    sent_input(other)
    sent_input(other)
    moderators_notify_new_inputs()
    assert Notification.objects.get(user=ours).url.startswith(f"/{alliance.slug}/")
    assert Notification.objects.get(user=theirs).url.startswith(f"/{other.slug}/")


def test_an_input_moderated_or_erased_before_the_round_tells_nobody():
    alliance = portal_alliance()
    secretary_of(alliance)
    moderated, _ = sent_input(alliance)
    YouthInput.objects.filter(pk=moderated.pk).update(moderation=Moderation.PUBLISHED)
    erased, _ = sent_input(alliance)
    input_erase(erased, via="receipt")
    assert moderators_notify_new_inputs() == 1  # the moderated one, marked
    assert not Notification.objects.exists()


def test_a_moderator_who_left_the_alliance_is_not_told():
    alliance = portal_alliance()
    secretary = secretary_of(alliance)
    gone = UserFactory(is_active=False)
    MembershipFactory(alliance=alliance, role=Role.SECRETARIAT, user=gone)
    sent_input(alliance)
    moderators_notify_new_inputs()
    assert list(Notification.objects.values_list("user_id", flat=True)) == [secretary.pk]


def test_the_task_runs_the_round_and_beat_runs_it_every_minute(eager_celery):
    alliance = portal_alliance()
    secretary_of(alliance)
    sent_input(alliance)
    assert moderators_notify_new_inputs_task.delay().get() == 1
    entry = settings.CELERY_BEAT_SCHEDULE["youth-moderators-notify"]
    assert entry["task"] == moderators_notify_new_inputs_task.name
    assert entry["schedule"] == 60.0


@pytest.mark.django_db(transaction=True)
def test_a_round_skips_inputs_another_round_is_telling_about():
    # given an input another round holds (locked, not yet marked)
    alliance = AllianceFactory()
    secretary_of(alliance)
    youth_input, _ = sent_input(alliance)
    locked, release, done = threading.Event(), threading.Event(), threading.Event()

    def other_round():
        try:
            with transaction.atomic():
                YouthInput.objects.select_for_update().filter(pk=youth_input.pk).get()
                locked.set()
                release.wait(10)
        finally:
            connection.close()
            done.set()

    thread = threading.Thread(target=other_round)
    thread.start()
    assert locked.wait(10)
    # when this round runs meanwhile, it skips the locked input instead of waiting for it
    assert moderators_notify_new_inputs() == 0
    assert not Notification.objects.exists()
    release.set()
    thread.join(10)
    assert done.is_set()
    # then, once released, the next round tells about it, once
    assert moderators_notify_new_inputs() == 1
    assert Notification.objects.count() == 1
