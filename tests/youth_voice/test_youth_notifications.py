"""Telling the young person about every status change: in the app for an account, by email
for contact details with a usable consent; the address survives the closing deletion."""

from __future__ import annotations

import pytest
from django.core import mail
from django.utils.translation import gettext

from alliance.models import Notification
from tests.youth_voice.factories_routing import (
    contact_details,
    decision_published,
    world,
    youth_input,
)
from youth_voice.models import ConsentStatus, ContactDetails, InputStatus
from youth_voice.services_routing import input_answer, input_route, input_status_set

pytestmark = pytest.mark.django_db(transaction=True)


def to_young_person(address: str = "ung@example.org") -> list:
    """The emails to the young person's contact address (staff get their own)."""
    return [m for m in mail.outbox if m.to == [address]]


def test_account_holder_is_told_in_the_app_on_every_status_change(eager_celery):
    w = world()
    item = youth_input(alliance=w.alliance, user=w.youth)

    input_status_set(youth_input=item, status=InputStatus.CONSIDERING, by=w.secretariat)
    input_route(youth_input=item, group=w.group, by=w.secretariat, note="Til gruppe A")
    input_answer(youth_input=item, by=w.coordinator, answer="Det gør vi", status=InputStatus.DONE)

    told = list(Notification.objects.filter(user=w.youth, kind="youth_input_status"))
    assert len(told) == 3
    assert sorted(n.body for n in told) == ["", "Det gør vi", "Til gruppe A"]
    assert all(n.url == f"/{w.alliance.slug}/ung/mine-data/" for n in told)


def test_contact_gets_a_danish_email_with_status_answer_and_follow_line(eager_celery, settings):
    w = world()
    item = youth_input(alliance=w.alliance)
    contact_details(item, email="ung@example.org")
    input_route(youth_input=item, group=w.group, by=w.secretariat)
    mail.outbox.clear()

    decision = decision_published(group=w.group, text="Klubben åbner om fredagen")
    input_answer(
        youth_input=item,
        by=w.coordinator,
        answer="Vi laver en klub.",
        status=InputStatus.DONE,
        decision=decision,
    )

    assert len(to_young_person()) == 1
    message = to_young_person()[0]
    assert str(InputStatus.DONE.label).lower() in message.subject.lower()
    assert "Vi laver en klub." in message.body
    assert "Klubben åbner om fredagen" in message.body
    assert gettext(
        "Your input is now closed, so we have deleted your email address. You will not get "
        "more emails about it."
    ) in " ".join(message.body.split())
    follow = f"{settings.SITE_URL}/{w.alliance.slug}/ung/foelg/"
    assert follow in message.body
    assert not ContactDetails.objects.filter(input=item).exists()


def test_routing_emails_the_contact_too(eager_celery):
    w = world()
    item = youth_input(alliance=w.alliance)
    contact_details(item, email="ung@example.org")

    input_route(youth_input=item, group=w.group, by=w.secretariat, note="Gruppen svarer snart")

    assert len(to_young_person()) == 1
    assert "Gruppen svarer snart" in to_young_person()[0].body


def test_no_email_without_usable_consent(eager_celery):
    w = world()
    item = youth_input(alliance=w.alliance)
    details = contact_details(item)
    details.consent.status = ConsentStatus.WITHDRAWN
    details.consent.save()

    input_route(youth_input=item, group=w.group, by=w.secretariat)

    assert to_young_person() == []


def test_a_failed_routing_tells_nobody(eager_celery):
    w = world()
    item = youth_input(alliance=w.alliance, user=w.youth, moderation="pending")
    contact_details(item)

    with pytest.raises(Exception):  # noqa: B017 - the service's ValidationError
        input_route(youth_input=item, group=w.group, by=w.secretariat)

    assert mail.outbox == []
    assert not Notification.objects.exists()


def test_the_email_task_sends_once(eager_celery):
    from youth_voice.tasks_routing import input_status_email_send_task

    w = world()
    item = youth_input(alliance=w.alliance)
    input_route(youth_input=item, group=w.group, by=w.secretariat)
    event = item.events.get()
    mail.outbox.clear()

    assert input_status_email_send_task.delay(event.pk, "ung@example.org").get() is True
    assert input_status_email_send_task.delay(event.pk, "ung@example.org").get() is False
    assert len(mail.outbox) == 1
