"""Notifications: the shared service (in-app and email), its task, and its pages."""

from __future__ import annotations

import re
import smtplib
import time

import pytest
from django.conf import settings
from django.core import mail
from django.db import transaction
from django.urls import reverse
from django.utils import translation

from alliance.models import EmailDelivery, EmailOptOut, Notification, Role
from alliance.services.notifications import (
    email_preferences_set,
    notification_email_send,
    notify,
    unsubscribe_token,
)
from alliance.tasks import notification_email_send_task
from tests.factories import AllianceFactory, MembershipFactory, UserFactory
from tests.workers import real_worker

pytestmark = pytest.mark.django_db


@pytest.fixture
def alliance():
    return AllianceFactory(slug="ung-og-sund", name="Ung & Sund")


@pytest.fixture
def person(alliance):
    user = UserFactory(email="anna@example.org", full_name="Anna Jensen")
    MembershipFactory(user=user, alliance=alliance, role=Role.MEMBER)
    return user


def _notify(users, alliance, *, event_key="minutes_published:42", kind="minutes_published"):
    return notify(
        users=users,
        alliance=alliance,
        kind=kind,
        title="Referat fra mødet 3. marts er offentliggjort",
        body="Læs beslutningerne og handlingspunkterne.",
        url=f"/{alliance.slug}/",
        event_key=event_key,
    )


# ---------------------------------------------------------------------------
# The service
# ---------------------------------------------------------------------------


def test_notify_twice_for_one_event_makes_one_notification_and_one_email(
    alliance, person, eager_celery, django_capture_on_commit_callbacks, settings
):
    settings.LANGUAGE_CODE = "en"  # the person's language (the site's: users have none yet)
    translation.activate("da")  # while the request that triggers it is in Danish
    with django_capture_on_commit_callbacks(execute=True):
        first = _notify([person], alliance)
    with django_capture_on_commit_callbacks(execute=True):
        second = _notify([person], alliance)

    assert len(first) == 1
    assert second == []
    assert Notification.objects.filter(user=person).count() == 1
    assert len(mail.outbox) == 1
    message = mail.outbox[0]
    assert message.to == ["anna@example.org"]
    assert "Referat fra mødet 3. marts" in message.subject
    assert "Ung & Sund" in message.subject
    assert message.extra_headers["List-Unsubscribe"].startswith(f"<{settings.SITE_URL}/")
    # in the person's language, not the active one, with the unsubscribe links in the text
    assert translation.get_language() == "da"
    assert "Stop these emails:" in message.body
    assert "Stop these emails" in message.alternatives[0].content
    assert f"{settings.SITE_URL}/ung-og-sund/notifications/unsubscribe/" in message.body
    assert EmailDelivery.objects.get().sent_at is not None


def test_the_email_is_queued_only_after_commit(alliance, person, eager_celery):
    with transaction.atomic():
        _notify([person], alliance)
        assert mail.outbox == []  # not before the transaction commits


def test_switched_off_kind_gets_no_email_but_the_notification(
    alliance, person, eager_celery, django_capture_on_commit_callbacks
):
    email_preferences_set(user=person, alliance=alliance, switched_off=["minutes_published"])
    other = UserFactory(email="bo@example.org")
    MembershipFactory(user=other, alliance=alliance)

    with django_capture_on_commit_callbacks(execute=True):
        _notify([person, other], alliance)

    assert Notification.objects.filter(user=person).exists()
    assert [m.to for m in mail.outbox] == [["bo@example.org"]]
    assert not EmailDelivery.objects.filter(notification__user=person).exists()


def test_all_emails_switched_off_also_stops_an_already_queued_email(alliance, person):
    with translation.override("da"):
        notification = _notify([person], alliance)[0]
    EmailOptOut.objects.create(user=person, alliance=alliance, kind=EmailOptOut.ALL)

    assert notification_email_send(notification_id=notification.pk) is False
    assert mail.outbox == []


def test_sending_again_does_nothing(alliance, person):
    notification = _notify([person], alliance)[0]

    assert notification_email_send(notification_id=notification.pk) is True
    assert notification_email_send(notification_id=notification.pk) is False
    assert len(mail.outbox) == 1
    assert EmailDelivery.objects.get().attempts == 1


def test_an_smtp_failure_is_recorded_and_raised_for_a_retry(alliance, person, monkeypatch):
    notification = _notify([person], alliance)[0]

    def refuse(*args, **kwargs):
        raise smtplib.SMTPServerDisconnected("connection closed")

    monkeypatch.setattr("django.core.mail.EmailMultiAlternatives.send", refuse)
    with pytest.raises(smtplib.SMTPServerDisconnected):
        notification_email_send(notification_id=notification.pk)

    delivery = EmailDelivery.objects.get()
    assert delivery.sent_at is None
    assert delivery.attempts == 1
    assert "connection closed" in delivery.last_error
    monkeypatch.undo()
    assert notification_email_send(notification_id=notification.pk) is True
    assert len(mail.outbox) == 1


def test_the_task_retries_smtp_errors():
    assert smtplib.SMTPException in notification_email_send_task.autoretry_for or issubclass(
        smtplib.SMTPException, notification_email_send_task.autoretry_for
    )
    assert notification_email_send_task.max_retries == 5
    assert notification_email_send_task.acks_late is True


# ---------------------------------------------------------------------------
# The real worker
# ---------------------------------------------------------------------------

needs_redis = pytest.mark.skipif(
    not settings.REDIS_URL,
    reason="The real-worker test needs Redis: set REDIS_URL (e.g. redis://127.0.0.1:6379/11).",
)


@needs_redis
@pytest.mark.celery_worker
def test_real_worker_sends_one_email_when_the_task_runs_three_times(monkeypatch, transactional_db):
    alliance = AllianceFactory(slug="worker-alliance")
    person = UserFactory(email="worker@example.org")
    MembershipFactory(user=person, alliance=alliance)
    with real_worker(monkeypatch, [notification_email_send_task]):
        # given a notification whose email is queued after commit
        with transaction.atomic():
            notification = _notify([person], alliance)[0]
        # when the same task is delivered twice more (a retry, a duplicate message)
        duplicates = [
            notification_email_send_task.apply_async(args=[notification.pk]) for _ in range(2)
        ]
        results = [result.get(timeout=30) for result in duplicates]
        deadline = time.monotonic() + 20
        while not EmailDelivery.objects.filter(sent_at__isnull=False).exists():
            assert time.monotonic() < deadline, "the worker did not send the email"
            time.sleep(0.1)

    # then exactly one email went out
    assert results == [False, False]
    assert len(mail.outbox) == 1
    assert mail.outbox[0].to == ["worker@example.org"]
    delivery = EmailDelivery.objects.get(notification=notification)
    assert delivery.attempts == 1


# ---------------------------------------------------------------------------
# Unsubscribing without logging in
# ---------------------------------------------------------------------------


@pytest.fixture
def english(client):
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
    return client


def _unsubscribe_url(alliance, token):
    return reverse(
        "alliance:notification_unsubscribe",
        kwargs={"alliance_slug": alliance.slug, "token": token},
    )


def test_unsubscribe_link_confirms_on_get_and_switches_off_on_post(english, alliance, person):
    client = english
    url = _unsubscribe_url(
        alliance, unsubscribe_token(user=person, alliance=alliance, kind="minutes_published")
    )

    response = client.get(url)  # a mail scanner opening the link changes nothing
    assert response.status_code == 200
    assert "Yes, unsubscribe" in response.content.decode()
    assert not EmailOptOut.objects.exists()

    response = client.post(url)
    assert response.status_code == 200
    assert (
        "You get no more emails from Ung &amp; Sund about: Minutes are published."
        in response.content.decode()
    )
    assert list(EmailOptOut.objects.values_list("user", "alliance", "kind")) == [
        (person.pk, alliance.pk, "minutes_published")
    ]
    assert client.post(url).status_code == 200  # twice is fine


def test_one_click_unsubscribe_works_without_a_csrf_token(csrf_free_client, alliance, person):
    token = unsubscribe_token(user=person, alliance=alliance, kind=EmailOptOut.ALL)

    response = csrf_free_client.post(
        _unsubscribe_url(alliance, token), {"List-Unsubscribe": "One-Click"}
    )

    assert response.status_code == 200
    assert EmailOptOut.objects.filter(user=person, kind=EmailOptOut.ALL).exists()


def test_a_tampered_token_is_a_400_with_a_clear_message(client, english, alliance, person):
    token = unsubscribe_token(user=person, alliance=alliance, kind=EmailOptOut.ALL)
    tampered = token[:-3] + ("abc" if not token.endswith("abc") else "xyz")

    for response in (
        english.get(_unsubscribe_url(alliance, tampered)),
        english.post(_unsubscribe_url(alliance, tampered)),
    ):
        assert response.status_code == 400
        assert "This unsubscribe link is not valid." in response.content.decode()
    del english.cookies[settings.LANGUAGE_COOKIE_NAME]
    response = client.get(_unsubscribe_url(alliance, tampered))
    assert response.status_code == 400
    assert '<html lang="da"' in response.content.decode()  # Danish by default
    assert not EmailOptOut.objects.exists()


def test_a_token_of_another_alliance_is_refused(client, alliance, person):
    other = AllianceFactory(slug="anden")
    token = unsubscribe_token(user=person, alliance=other, kind=EmailOptOut.ALL)

    assert client.post(_unsubscribe_url(alliance, token)).status_code == 400
    assert not EmailOptOut.objects.exists()


# ---------------------------------------------------------------------------
# Pages for the signed-in person
# ---------------------------------------------------------------------------


def _list_url(alliance):
    return reverse("alliance:notifications", kwargs={"alliance_slug": alliance.slug})


def test_the_list_shows_own_notifications_and_the_unread_count(english, alliance, person):
    client = english
    _notify([person], alliance, event_key="a:1")
    _notify([person], alliance, event_key="a:2")
    stranger = UserFactory()
    MembershipFactory(user=stranger, alliance=alliance)
    notify(
        users=[stranger],
        alliance=alliance,
        kind="x",
        title="Ikke til Anna",
        body="",
        url="",
        event_key="b:1",
    )
    client.force_login(person)

    html = client.get(_list_url(alliance)).content.decode()

    assert html.count(">Referat fra mødet 3. marts er offentliggjort</a>") == 2
    assert "Ikke til Anna" not in html
    assert re.search(r"Notifications\s*<span class=\"badge badge-info\">2<", html)


@pytest.mark.parametrize("count", [1, 30])
def test_the_list_runs_a_fixed_number_of_queries(
    client, alliance, person, count, django_assert_num_queries
):
    for number in range(count):
        _notify([person], alliance, event_key=f"e:{number}")
    client.force_login(person)
    client.get(_list_url(alliance))  # warm the session

    # session, user, alliance, membership (with the unread count), page count, page rows
    with django_assert_num_queries(6):
        response = client.get(_list_url(alliance))
    assert response.status_code == 200


def _header_count(client, alliance) -> str | None:
    html = client.get(_list_url(alliance)).content.decode()
    link = re.search(r'class="function-link notifications-link.*?</a>', html, re.S).group(0)
    badge = re.search(r'class="badge badge-info">(\d+)<', link)
    return badge and badge.group(1)


def test_the_header_count_follows_new_and_read_notifications(
    client, alliance, person, django_capture_on_commit_callbacks
):
    client.force_login(person)
    assert _header_count(client, alliance) is None  # none unread

    with django_capture_on_commit_callbacks(execute=True):
        _notify([person], alliance, event_key="a:1")
    assert _header_count(client, alliance) == "1"

    with django_capture_on_commit_callbacks(execute=True):
        client.post(
            reverse("alliance:notifications_read_all", kwargs={"alliance_slug": alliance.slug})
        )
    assert _header_count(client, alliance) is None


def test_mark_one_and_all_as_read(client, alliance, person):
    first = _notify([person], alliance, event_key="a:1")[0]
    _notify([person], alliance, event_key="a:2")
    client.force_login(person)

    response = client.post(
        reverse(
            "alliance:notification_read", kwargs={"alliance_slug": alliance.slug, "pk": first.pk}
        )
    )
    assert response.status_code == 302
    assert Notification.objects.unread().count() == 1

    response = client.post(
        reverse("alliance:notifications_read_all", kwargs={"alliance_slug": alliance.slug})
    )
    assert response.status_code == 302
    assert Notification.objects.unread().count() == 0
    assert (
        client.get(
            reverse("alliance:notifications_read_all", kwargs={"alliance_slug": alliance.slug})
        ).status_code
        == 405
    )


def test_marking_another_persons_notification_is_a_404(client, alliance, person):
    other = UserFactory()
    MembershipFactory(user=other, alliance=alliance)
    theirs = _notify([other], alliance)[0]
    client.force_login(person)

    response = client.post(
        reverse(
            "alliance:notification_read", kwargs={"alliance_slug": alliance.slug, "pk": theirs.pk}
        )
    )

    assert response.status_code == 404
    theirs.refresh_from_db()
    assert theirs.read_at is None


def test_preferences_page_switches_kinds_off_and_on(english, alliance, person):
    client = english
    url = reverse("alliance:notification_preferences", kwargs={"alliance_slug": alliance.slug})
    client.force_login(person)
    assert "Minutes are published" in client.get(url).content.decode()

    response = client.post(url, {"wanted": ["all", "agenda_published"]})

    assert response.status_code == 302
    off = set(EmailOptOut.objects.filter(user=person).values_list("kind", flat=True))
    assert "minutes_published" in off
    assert "agenda_published" not in off
    assert "all" not in off

    client.post(url, {"wanted": []})
    assert EmailOptOut.objects.filter(user=person, kind=EmailOptOut.ALL).exists()
