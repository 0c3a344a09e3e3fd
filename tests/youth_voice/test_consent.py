"""Consent below the consent age: a parent or guardian is asked by email; confirm, refuse and
expiry; the public-task basis asks no guardian."""

from __future__ import annotations

import datetime
import re

import pytest
from django.core import mail
from django.utils import timezone

from alliance.models import User
from youth_voice.models import (
    Consent,
    ConsentGivenBy,
    ConsentPurpose,
    ConsentStatus,
    ContactDetails,
    GuardianRequest,
    LegalBasis,
)
from youth_voice.services_consent import (
    consent_record,
    consent_withdraw,
    contact_email_for,
    guardian_confirm,
)
from youth_voice.services_input import contact_details_expire

from .factories_portal import (
    da,
    input_post,
    inputs_of,
    own_cache,  # noqa: F401 - a fixture
    portal_alliance,
    sent_input,
    url,
)

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("own_cache", "eager_celery")]


@pytest.fixture(autouse=True)
def _run_on_commit(monkeypatch):
    """Work scheduled after commit (the guardian's email) runs, as it would after a request."""
    monkeypatch.setattr(
        "django.db.transaction.on_commit", lambda func, using=None, robust=False: func()
    )


def send_below_age(client, alliance, **overrides):
    data = input_post(
        age_band="13-15",
        wants_reply="on",
        email="ung@example.org",
        contact_consent="on",
        is_of_age="no",
        guardian_email="mor@example.org",
    )
    data.update(overrides)
    return client.post(url("input_create", alliance), data)


def guardian_link(alliance) -> str:
    message = mail.outbox[-1]
    assert message.to == ["mor@example.org"]
    match = re.search(rf"https?://\S+/{alliance.slug}/ung/foraelder/([^/\s]+)/", message.body)
    assert match, message.body
    return match.group(0), match.group(1)


def test_below_the_consent_age_the_guardian_is_emailed_a_link(client):
    alliance = portal_alliance()
    response = send_below_age(client, alliance)
    assert response.status_code == 302
    youth_input = inputs_of(alliance).get()  # the input is accepted at once
    consent = Consent.objects.get()
    assert consent.status == ConsentStatus.AWAITING_GUARDIAN
    assert consent.below_consent_age
    request = GuardianRequest.objects.get()
    assert request.guardian_email == "mor@example.org"
    assert request.expires_at - timezone.now() > datetime.timedelta(days=6, hours=23)
    _link, token = guardian_link(alliance)
    assert token not in request.token_hash
    # the contact details wait: not used until the guardian confirms
    assert ContactDetails.objects.get(input=youth_input).email == "ung@example.org"
    assert contact_email_for(youth_input) == ""


def test_guardian_confirms_and_the_consent_is_given(client):
    alliance = portal_alliance()
    send_below_age(client, alliance)
    youth_input = inputs_of(alliance).get()
    _link, token = guardian_link(alliance)
    page = client.get(url("guardian_confirm", alliance, token=token))
    assert page.status_code == 200
    assert da("Give consent") in page.content.decode()
    response = client.post(url("guardian_confirm", alliance, token=token), {"answer": "give"})
    assert response.status_code == 200
    consent = Consent.objects.get()
    assert consent.status == ConsentStatus.GIVEN
    assert consent.given_by == ConsentGivenBy.GUARDIAN
    assert consent.given_at is not None
    assert not GuardianRequest.objects.exists()  # the guardian's address is gone
    assert contact_email_for(youth_input) == "ung@example.org"
    # the link works once
    again = client.get(url("guardian_confirm", alliance, token=token))
    assert again.status_code == 404


def test_guardian_refuses_and_the_contact_details_are_deleted(client):
    alliance = portal_alliance()
    send_below_age(client, alliance)
    youth_input = inputs_of(alliance).get()
    _link, token = guardian_link(alliance)
    client.post(url("guardian_confirm", alliance, token=token), {"answer": "refuse"})
    assert Consent.objects.get().status == ConsentStatus.WITHDRAWN
    assert not ContactDetails.objects.exists()
    assert not GuardianRequest.objects.exists()
    assert inputs_of(alliance).get() == youth_input  # the input stays, anonymous


def test_unanswered_request_expires_and_the_contact_details_go(client):
    alliance = portal_alliance()
    send_below_age(client, alliance)
    _link, token = guardian_link(alliance)
    counts = contact_details_expire(now=timezone.now() + datetime.timedelta(days=6))
    assert counts["guardian_requests_expired"] == 0
    counts = contact_details_expire(now=timezone.now() + datetime.timedelta(days=7, minutes=1))
    assert counts["guardian_requests_expired"] == 1
    assert Consent.objects.get().status == ConsentStatus.EXPIRED
    assert not ContactDetails.objects.exists()
    assert not GuardianRequest.objects.exists()
    assert client.get(url("guardian_confirm", alliance, token=token)).status_code == 404


def test_a_young_person_of_age_consents_alone(client):
    alliance = portal_alliance()
    send_below_age(client, alliance, is_of_age="yes", guardian_email="")
    consent = Consent.objects.get()
    assert (consent.status, consent.given_by, consent.below_consent_age) == (
        ConsentStatus.GIVEN,
        ConsentGivenBy.SELF,
        False,
    )
    assert not mail.outbox


def test_below_age_without_a_guardian_email_is_refused_in_danish(client):
    alliance = portal_alliance()
    response = send_below_age(client, alliance, guardian_email="")
    assert response.status_code == 400
    assert da("Write the email of a parent or guardian who can say yes.") in (
        response.content.decode()
    )
    response = send_below_age(client, alliance, guardian_email="ung@example.org")
    assert response.status_code == 400


def test_the_age_question_uses_the_alliance_consent_age(client):
    alliance = portal_alliance(consent_age=16)
    content = client.get(url("input_create", alliance)).content.decode()
    assert da("Are you %(age)d or older?", age=16) in content


def test_public_task_basis_asks_no_guardian(client):
    alliance = portal_alliance(legal_basis=LegalBasis.PUBLIC_TASK)
    form = client.get(url("input_create", alliance)).content.decode()
    assert 'name="guardian_email"' not in form
    response = send_below_age(client, alliance, is_of_age="", guardian_email="")
    assert response.status_code == 302
    consent = Consent.objects.get()
    assert consent.legal_basis == LegalBasis.PUBLIC_TASK
    assert consent.status == ConsentStatus.GIVEN
    assert consent.text_version == "contact-task-1"
    assert not GuardianRequest.objects.exists()
    assert not mail.outbox


def test_account_consent_confirmed_by_guardian_activates_the_account():
    alliance = portal_alliance()
    user = User.objects.create_user(email="ung@example.org", password="x", is_active=False)
    consent = consent_record(
        alliance=alliance,
        purpose=ConsentPurpose.ACCOUNT,
        user=user,
        below_consent_age=True,
        guardian_email="far@example.org",
    )
    assert consent.status == ConsentStatus.AWAITING_GUARDIAN
    token = re.search(r"/foraelder/([^/\s]+)/", mail.outbox[-1].body).group(1)
    assert guardian_confirm(token) == consent
    user.refresh_from_db()
    assert user.is_active


def test_withdrawn_consent_gives_no_email():
    alliance = portal_alliance()
    from youth_voice.services_input import input_submit

    youth_input, _code = input_submit(
        alliance=alliance, kind="idea", text="x", age_band="18-24", contact_email="u@example.org"
    )
    assert contact_email_for(youth_input) == "u@example.org"
    consent_withdraw(Consent.objects.get())
    assert contact_email_for(youth_input) == ""
    assert not ContactDetails.objects.exists()
    sent_input(alliance)  # other inputs are not touched


def test_an_account_the_guardian_refuses_is_erased_with_the_childs_email():
    from youth_voice.services_consent import guardian_refuse

    alliance = portal_alliance()
    user = User.objects.create_user(email="ung@example.org", password="x", is_active=False)
    consent = consent_record(
        alliance=alliance,
        purpose=ConsentPurpose.ACCOUNT,
        user=user,
        below_consent_age=True,
        guardian_email="far@example.org",
    )
    token = re.search(r"/foraelder/([^/\s]+)/", mail.outbox[-1].body).group(1)

    assert guardian_refuse(token) == consent

    assert not User.objects.filter(email="ung@example.org").exists()
    consent.refresh_from_db()
    assert consent.status == ConsentStatus.WITHDRAWN
    assert consent.user_id is None
    assert not GuardianRequest.objects.exists()
