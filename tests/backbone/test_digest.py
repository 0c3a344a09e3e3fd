"""The weekly digest: its content for a person (a plain function), and sending it once a week
to the people who want it, in their language."""

from __future__ import annotations

import datetime
import smtplib
import time

import pytest
from django.conf import settings
from django.core import mail
from django.db import transaction
from django.utils import timezone

from alliance.models import EmailOptOut, Role
from alliance.services.notifications import NOTIFICATION_KINDS, email_preferences_set
from backbone.digest import DIGEST_KIND, digest_email_send, digest_for, digest_send_weekly
from backbone.models import DigestDelivery
from backbone.tasks import digest_email_send_task
from tests.factories import AllianceFactory, MembershipFactory, UserFactory, WorkGroupFactory
from tests.workers import real_worker
from workgroups.models import GroupKind
from workgroups.services import group_member_add
from workgroups.services_meetings import (
    action_item_add,
    agenda_item_add,
    decision_add,
    meeting_cancel,
    meeting_schedule,
    minutes_publish,
)
from workgroups.services_news import news_post_create

pytestmark = pytest.mark.django_db

# A Monday morning, as the beat schedule runs it (07:00 Copenhagen time).
MONDAY = datetime.datetime(2026, 3, 9, 6, 0, tzinfo=datetime.UTC)


def _person(alliance, email, *, role=Role.MEMBER, language=""):
    user = UserFactory(email=email, full_name=f"{email.split('@')[0].title()} Hansen")
    user.language = language
    user.save(update_fields=["language"])
    MembershipFactory(user=user, alliance=alliance, role=role)
    return user


def _meeting(group, *, starts_at, title="Møde"):
    return meeting_schedule(
        group=group,
        user=None,
        title=title,
        starts_at=starts_at,
        ends_at=starts_at + datetime.timedelta(hours=1, minutes=30),
        place="Rådhuset",
    )


def _decision(group, text, *, held_at):
    meeting = _meeting(group, starts_at=held_at, title=f"Møde om {text}")
    agenda_item_add(meeting=meeting, user=None, title="Punkt")
    decision_add(meeting=meeting, user=None, text=text, decided_by="Arbejdsgruppen")
    minutes_publish(meeting=meeting, user=None)
    return meeting


@pytest.fixture
def alliance():
    return AllianceFactory(slug="ung-i-kalundborg", name="Ung i Kalundborg")


@pytest.fixture
def world(alliance):
    """A member of the school group; the leisure group holds someone else; a steering member."""
    school = WorkGroupFactory(alliance=alliance, name="Trivsel i skolen")
    leisure = WorkGroupFactory(alliance=alliance, name="Fritid")
    steering_group = WorkGroupFactory(
        alliance=alliance, kind=GroupKind.STEERING, name="Styregruppen"
    )
    member = _person(alliance, "anna@example.org")
    group_member_add(group=school, user=member)
    other = _person(alliance, "bo@example.org")
    group_member_add(group=leisure, user=other)
    steering = _person(alliance, "styre@example.org", role=Role.STEERING)
    group_member_add(group=steering_group, user=steering)
    return {"school": school, "leisure": leisure, "member": member, "steering": steering}


def _content(user, alliance, *, since=None, now=None):
    now = now or timezone.now()
    sections = digest_for(
        user=user, alliance=alliance, since=since or now - datetime.timedelta(days=7), now=now
    )
    return {section.key: [item.text for item in section.items] for section in sections}


def test_the_digest_of_a_member_holds_what_is_new_and_coming_for_them(alliance, world):
    # given
    now = timezone.now()
    school, leisure, member = world["school"], world["leisure"], world["member"]
    _meeting(school, starts_at=now + datetime.timedelta(days=3), title="Skolemøde")
    _meeting(school, starts_at=now + datetime.timedelta(days=21), title="Om tre uger")
    cancelled = _meeting(school, starts_at=now + datetime.timedelta(days=4), title="Aflyst")
    meeting_cancel(meeting=cancelled, user=None)
    _meeting(leisure, starts_at=now + datetime.timedelta(days=2), title="Fritidsmøde")
    _decision(school, "Vi måler trivsel hvert halve år", held_at=now - datetime.timedelta(days=2))
    _decision(leisure, "Klubben åbner om fredagen", held_at=now - datetime.timedelta(days=2))
    action_item_add(
        group=school,
        user=None,
        title="Send spørgeskemaet ud",
        owner=member,
        deadline=timezone.localdate() - datetime.timedelta(days=1),
    )
    action_item_add(
        group=school,
        user=None,
        title="Ikke forsinket endnu",
        owner=member,
        deadline=timezone.localdate() + datetime.timedelta(days=5),
    )

    news_post_create(alliance=alliance, author=world["steering"], title="Ny formand", body="Tekst")
    news_post_create(
        alliance=alliance, author=world["steering"], title="Kun Fritid", body="Tekst", group=leisure
    )

    # when
    content = _content(member, alliance, now=now)

    # then: their meeting in the next two weeks, the decision of their own group, their
    # overdue item, the news to everyone; not the meeting in three weeks, the cancelled one,
    # another group's meeting, or the decision and news of a group they cannot see
    assert content["upcoming_meetings"] == ["Skolemøde, Trivsel i skolen"]
    assert content["new_decisions"] == ["Vi måler trivsel hvert halve år"]
    assert content["overdue_action_items"] == ["Send spørgeskemaet ud"]
    assert content["news"] == ["Ny formand"]


def test_the_steering_group_sees_the_decisions_of_every_group(alliance, world):
    now = timezone.now()
    _decision(world["school"], "Skolebeslutning", held_at=now - datetime.timedelta(days=1))
    _decision(world["leisure"], "Fritidsbeslutning", held_at=now - datetime.timedelta(days=1))

    content = _content(world["steering"], alliance, now=now)

    assert sorted(content["new_decisions"]) == ["Fritidsbeslutning", "Skolebeslutning"]


def test_decisions_published_before_the_last_digest_are_not_new(alliance, world):
    _decision(
        world["school"], "Gammel beslutning", held_at=timezone.now() - datetime.timedelta(days=9)
    )
    last_digest = timezone.now()

    assert _content(world["member"], alliance, since=last_digest) == {}
    assert _content(world["member"], alliance, since=last_digest - datetime.timedelta(days=1)) == {
        "new_decisions": ["Gammel beslutning"]
    }


def test_a_person_with_nothing_new_gets_no_digest(alliance, world, clock):
    assert _content(world["member"], alliance) == {}

    assert digest_send_weekly(now=MONDAY) == 0

    assert not DigestDelivery.objects.exists()
    assert mail.outbox == []


@pytest.fixture
def clock(monkeypatch):
    """The time stands still at MONDAY until the test moves it with `clock(new_time)`."""

    def set_now(moment: datetime.datetime) -> None:
        monkeypatch.setattr(timezone, "now", lambda: moment)

    set_now(MONDAY)
    return set_now


@pytest.fixture
def upcoming(world, clock):
    """A meeting of the school group two days after MONDAY, at 07:00 Copenhagen time."""
    return _meeting(
        world["school"], starts_at=MONDAY + datetime.timedelta(days=2), title="Skolemøde"
    )


def test_sending_twice_in_a_week_sends_one_email(
    alliance, world, upcoming, eager_celery, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        first = digest_send_weekly(now=MONDAY)
    with django_capture_on_commit_callbacks(execute=True):
        second = digest_send_weekly(now=MONDAY + datetime.timedelta(hours=3))

    assert (first, second) == (1, 0)
    assert len(mail.outbox) == 1
    message = mail.outbox[0]
    assert message.to == ["anna@example.org"]
    assert "Ung i Kalundborg" in message.subject
    assert "Skolemøde, Trivsel i skolen" in message.body
    assert "Skolemøde, Trivsel i skolen" in message.alternatives[0].content
    # the unsubscribe link of the notification service, for this kind of email
    assert message.extra_headers["List-Unsubscribe"].startswith(
        f"<{settings.SITE_URL}/ung-i-kalundborg/notifications/unsubscribe/"
    )
    assert f"{settings.SITE_URL}/ung-i-kalundborg/notifications/unsubscribe/" in message.body
    delivery = DigestDelivery.objects.get()
    assert delivery.week == datetime.date(2026, 3, 9)
    assert delivery.sent_at is not None
    assert delivery.since == MONDAY - datetime.timedelta(days=7)


def test_next_weeks_digest_covers_what_is_new_since_the_last_one(
    alliance, world, upcoming, clock, eager_celery, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        digest_send_weekly(now=MONDAY)
    sent_at = DigestDelivery.objects.get().sent_at
    _meeting(world["school"], starts_at=MONDAY + datetime.timedelta(days=9), title="Næste")
    clock(MONDAY + datetime.timedelta(days=7))

    with django_capture_on_commit_callbacks(execute=True):
        digest_send_weekly(now=MONDAY + datetime.timedelta(days=7))

    assert len(mail.outbox) == 2
    later = DigestDelivery.objects.get(week=datetime.date(2026, 3, 16))
    assert later.since == sent_at


@pytest.mark.parametrize("kind", [DIGEST_KIND, EmailOptOut.ALL])
def test_a_person_who_switched_the_digest_off_gets_none(
    alliance, world, upcoming, kind, eager_celery, django_capture_on_commit_callbacks
):
    EmailOptOut.objects.create(user=world["member"], alliance=alliance, kind=kind)

    with django_capture_on_commit_callbacks(execute=True):
        digest_send_weekly(now=MONDAY)

    assert mail.outbox == []
    assert not DigestDelivery.objects.exists()


def test_switching_off_after_it_was_queued_stops_it(alliance, world, upcoming):
    digest_send_weekly(now=MONDAY)
    email_preferences_set(user=world["member"], alliance=alliance, switched_off=[DIGEST_KIND])

    assert digest_email_send(delivery_id=DigestDelivery.objects.get().pk, now=MONDAY) is False
    assert mail.outbox == []


def test_the_digest_can_be_chosen_on_the_email_choices_page():
    assert str(NOTIFICATION_KINDS[DIGEST_KIND]) == "Ugentligt overblik"


def test_the_digest_comes_in_the_persons_language(
    alliance, world, upcoming, eager_celery, django_capture_on_commit_callbacks
):
    world["member"].language = "en"
    world["member"].save(update_fields=["language"])

    with django_capture_on_commit_callbacks(execute=True):
        digest_send_weekly(now=MONDAY)

    message = mail.outbox[0]
    assert message.subject == "Ung i Kalundborg: your week from March 9, 2026"
    assert "YOUR MEETINGS IN THE NEXT TWO WEEKS" in message.body
    assert "Hello Anna," in message.body
    assert "March 11, 2026 at 7 a.m." in message.body  # 06:00 UTC is 07:00 in Copenhagen
    assert '<html lang="en">' in message.alternatives[0].content


def test_the_danish_digest(
    alliance, world, upcoming, eager_celery, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        digest_send_weekly(now=MONDAY)

    message = mail.outbox[0]
    assert message.subject == "Ung i Kalundborg: din uge fra 9. marts 2026"
    assert "DINE MØDER DE NÆSTE TO UGER" in message.body
    assert "11. marts 2026 kl. 07:00" in message.body


def test_an_smtp_failure_leaves_the_digest_unsent_for_a_retry(
    alliance, world, upcoming, monkeypatch
):
    digest_send_weekly(now=MONDAY)
    delivery = DigestDelivery.objects.get()

    def refuse(*args, **kwargs):
        raise smtplib.SMTPServerDisconnected("connection closed")

    monkeypatch.setattr("django.core.mail.EmailMultiAlternatives.send", refuse)
    with pytest.raises(smtplib.SMTPServerDisconnected):
        digest_email_send(delivery_id=delivery.pk, now=MONDAY)
    delivery.refresh_from_db()
    assert delivery.sent_at is None

    monkeypatch.undo()
    assert digest_email_send(delivery_id=delivery.pk, now=MONDAY) is True
    assert digest_email_send(delivery_id=delivery.pk, now=MONDAY) is False
    assert len(mail.outbox) == 1


def test_the_send_task_retries_smtp_errors():
    assert issubclass(smtplib.SMTPException, digest_email_send_task.autoretry_for)
    assert digest_email_send_task.acks_late is True
    assert digest_email_send_task.max_retries == 5


# ---------------------------------------------------------------------------
# The real worker
# ---------------------------------------------------------------------------

needs_redis = pytest.mark.skipif(
    not settings.REDIS_URL,
    reason="The real-worker test needs Redis: set REDIS_URL (e.g. redis://127.0.0.1:6379/11).",
)


@needs_redis
@pytest.mark.celery_worker
def test_real_worker_sends_the_digest_once_when_the_task_is_queued_twice(
    monkeypatch, transactional_db
):
    alliance = AllianceFactory(slug="digest-worker")
    group = WorkGroupFactory(alliance=alliance)
    person = _person(alliance, "digest-worker@example.org")
    group_member_add(group=group, user=person)
    now = timezone.now()
    _meeting(group, starts_at=now + datetime.timedelta(days=2), title="Arbejdsmøde")

    with real_worker(monkeypatch, [digest_email_send_task]):
        # given this week's digest, queued after commit
        with transaction.atomic():
            assert digest_send_weekly(now=now) == 1
        delivery = DigestDelivery.objects.get()
        # when the same task is delivered once more (a retry, a duplicate message)
        duplicate = digest_email_send_task.apply_async(args=[delivery.pk])
        result = duplicate.get(timeout=30)
        deadline = time.monotonic() + 20
        while not DigestDelivery.objects.filter(sent_at__isnull=False).exists():
            assert time.monotonic() < deadline, "the worker did not send the digest"
            time.sleep(0.1)

    # then exactly one email went out
    assert result is False
    assert len(mail.outbox) == 1
    assert mail.outbox[0].to == ["digest-worker@example.org"]
    assert "Arbejdsmøde" in mail.outbox[0].body


# ---------------------------------------------------------------------------
# A fixed number of queries
# ---------------------------------------------------------------------------


@pytest.mark.parametrize("count", [2, 20])
def test_the_digest_runs_a_fixed_number_of_queries(
    alliance, world, count, django_assert_num_queries
):
    now = timezone.now()
    for number in range(count):
        _meeting(world["school"], starts_at=now + datetime.timedelta(days=1, hours=number))
        _decision(world["school"], f"Beslutning {number}", held_at=now - datetime.timedelta(days=1))
        action_item_add(
            group=world["school"],
            user=None,
            title=f"Opgave {number}",
            owner=world["member"],
            deadline=timezone.localdate() - datetime.timedelta(days=1),
        )

    _content(world["member"], alliance, now=now)  # warm the content-type cache of guardian

    # membership, meetings, decisions (of the groups visible to them), action items; the news
    # section: membership, news; the youth voice section: the inputs waiting in groups they run
    with django_assert_num_queries(7):
        content = _content(world["member"], alliance, now=now)
    assert len(content["new_decisions"]) == count


# ---------------------------------------------------------------------------
# The email choices page: the digest and the language of the emails
# ---------------------------------------------------------------------------


def test_the_email_choices_page_sets_the_language_of_the_emails(client, alliance, world):
    member = world["member"]
    url = f"/{alliance.slug}/notifications/email/"
    client.force_login(member)

    html = client.get(url).content.decode()
    assert "Ugentligt overblik" in html
    assert 'name="language" id="id_language_0" value="" checked' in html

    response = client.post(url, {"wanted": ["all", DIGEST_KIND], "language": "en"})

    assert response.status_code == 302
    member.refresh_from_db()
    assert member.language == "en"
    assert 'value="en" checked' in client.get(url).content.decode()


def test_an_unknown_language_is_refused_and_nothing_is_saved(client, alliance, world):
    member = world["member"]
    client.force_login(member)

    response = client.post(
        f"/{alliance.slug}/notifications/email/", {"wanted": ["all"], "language": "xx"}
    )

    assert response.status_code == 400
    assert "form-error-message" in response.content.decode()
    member.refresh_from_db()
    assert member.language == ""
    assert not EmailOptOut.objects.filter(user=member).exists()
