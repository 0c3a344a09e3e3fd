"""The retention job deletes contact details on time: when the input is closed, or when the
retention period has passed, whichever is first."""

from __future__ import annotations

import datetime

import pytest
from dateutil.relativedelta import relativedelta
from django.conf import settings
from django.utils import timezone

from youth_voice.models import Consent, ContactDetails, InputStatus
from youth_voice.services_input import contact_details_expire, input_submit
from youth_voice.tasks import contact_details_expire_task

from .factories_portal import portal_alliance

pytestmark = pytest.mark.django_db


def with_contact(alliance, email="ung@example.org"):
    youth_input, _code = input_submit(
        alliance=alliance, kind="question", text="Hvornår?", age_band="18-24", contact_email=email
    )
    return youth_input


def test_delete_after_is_the_retention_period_from_now():
    alliance = portal_alliance(retention_months=3)
    youth_input = with_contact(alliance)
    contact = ContactDetails.objects.get(input=youth_input)
    expected = contact.created_at + relativedelta(months=3)
    assert abs(contact.delete_after - expected) < datetime.timedelta(seconds=5)


def test_contact_details_are_kept_until_the_retention_period_ends():
    alliance = portal_alliance(retention_months=6)
    youth_input = with_contact(alliance)
    delete_after = ContactDetails.objects.get(input=youth_input).delete_after
    # a minute before: kept
    counts = contact_details_expire(now=delete_after - datetime.timedelta(minutes=1))
    assert counts["contact_expired"] == 0
    assert ContactDetails.objects.filter(input=youth_input).exists()
    # when the time has come: deleted, the input and the consent stay
    counts = contact_details_expire(now=delete_after + datetime.timedelta(minutes=1))
    assert counts["contact_expired"] == 1
    assert not ContactDetails.objects.filter(input=youth_input).exists()
    youth_input.refresh_from_db()
    assert Consent.objects.filter(input=youth_input).exists()


@pytest.mark.parametrize("status", [InputStatus.DONE, InputStatus.NOT_POSSIBLE])
def test_contact_details_go_when_the_input_is_closed(status):
    alliance = portal_alliance()
    closed = with_contact(alliance)
    still_open = with_contact(alliance, email="anden@example.org")
    closed.status = status
    closed.save(update_fields=["status"])
    counts = contact_details_expire(now=timezone.now())
    assert counts["contact_closed"] == 1
    assert list(ContactDetails.objects.values_list("input_id", flat=True)) == [still_open.pk]


def test_open_and_answered_inputs_keep_their_contact_details():
    alliance = portal_alliance()
    answered = with_contact(alliance)
    answered.status = InputStatus.ANSWERED
    answered.save(update_fields=["status"])
    contact_details_expire(now=timezone.now())
    assert ContactDetails.objects.filter(input=answered).exists()


def test_the_task_is_idempotent_and_on_the_beat_schedule():
    alliance = portal_alliance()
    youth_input = with_contact(alliance)
    youth_input.status = InputStatus.DONE
    youth_input.save(update_fields=["status"])
    first = contact_details_expire_task.apply().get()
    second = contact_details_expire_task.apply().get()
    assert first["contact_closed"] == 1
    assert second == {"contact_closed": 0, "contact_expired": 0, "guardian_requests_expired": 0}
    schedule = settings.CELERY_BEAT_SCHEDULE["youth-contact-details-expire"]
    assert schedule["task"] == "youth_voice.tasks.contact_details_expire_task"
