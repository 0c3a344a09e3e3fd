"""Consent to keep a young person's contact details or account, and the parent's or guardian's
consent below the digital consent age.

Under the legal basis "consent", a young person below the consent age needs a parent or
guardian: the consent waits until the guardian confirms through a link emailed to them, and
the contact details are not used until then. Under "a public authority's task" no guardian is
asked; the consent row records what the young person agreed to and under which basis.
Consent rows outlive withdrawal and erasure (without the link to the person) to show that the
consent existed (GDPR art. 7(1)).
"""

from __future__ import annotations

import datetime
import logging
import secrets

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.mail import EmailMultiAlternatives
from django.db import transaction
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from alliance.models import Alliance, User
from alliance.queue import enqueue_on_commit

from .codes import keyed_hash
from .consent_texts import consent_text_current
from .models import (
    Consent,
    ConsentGivenBy,
    ConsentPurpose,
    ConsentStatus,
    ContactDetails,
    GuardianRequest,
    LegalBasis,
    YouthInput,
)
from .selectors_settings import portal_settings

logger = logging.getLogger(__name__)

GUARDIAN_REQUEST_DAYS = 7


def guardian_token_hash(token: str) -> str:
    return keyed_hash("guardian", token)


@transaction.atomic
def consent_record(
    *,
    alliance: Alliance,
    purpose: str,
    input: YouthInput | None = None,
    user: User | None = None,
    below_consent_age: bool,
    guardian_email: str = "",
) -> Consent:
    """Record what the young person agreed to, with the text version shown now.

    Under the legal basis "consent" and below the consent age, the consent waits for a parent
    or guardian: a GuardianRequest (token stored hashed, 7 days) is created and the guardian is
    emailed a link after commit. Otherwise the consent is given now by the young person.
    """
    legal_basis = portal_settings(alliance).legal_basis
    needs_guardian = legal_basis == LegalBasis.CONSENT and below_consent_age
    if needs_guardian and not guardian_email:
        raise ValidationError(
            {"guardian_email": _("Write the email address of a parent or guardian.")}
        )
    now = timezone.now()
    consent = Consent(
        alliance=alliance,
        purpose=purpose,
        legal_basis=legal_basis,
        text_version=consent_text_current(purpose=purpose, legal_basis=legal_basis).version,
        status=ConsentStatus.AWAITING_GUARDIAN if needs_guardian else ConsentStatus.GIVEN,
        given_by=ConsentGivenBy.GUARDIAN if needs_guardian else ConsentGivenBy.SELF,
        below_consent_age=below_consent_age,
        input=input,
        user=user,
        given_at=None if needs_guardian else now,
    )
    consent.full_clean()
    consent.save()
    if needs_guardian:
        token = secrets.token_urlsafe(32)
        request = GuardianRequest(
            consent=consent,
            guardian_email=guardian_email.strip(),
            token_hash=guardian_token_hash(token),
            expires_at=now + datetime.timedelta(days=GUARDIAN_REQUEST_DAYS),
        )
        request.full_clean()
        request.save()
        from .tasks import guardian_request_email_send_task

        enqueue_on_commit(
            guardian_request_email_send_task,
            consent.pk,
            token,
            translation.get_language() or settings.LANGUAGE_CODE,
        )
    return consent


def guardian_request_email_send(*, consent_id: int, token: str, language: str) -> bool:
    """Email the parent or guardian the link to confirm or refuse; False when the request is
    gone (confirmed, refused, expired or erased) or the token is not this request's."""
    request = (
        GuardianRequest.objects.select_related("consent__alliance")
        .filter(consent_id=consent_id, token_hash=guardian_token_hash(token))
        .first()
    )
    if request is None:
        return False
    alliance = request.consent.alliance
    link = settings.SITE_URL + reverse(
        "youth_voice:guardian_confirm", kwargs={"alliance_slug": alliance.slug, "token": token}
    )
    with translation.override(language):
        context = {
            "alliance": alliance,
            "consent": request.consent,
            "is_account": request.consent.purpose == ConsentPurpose.ACCOUNT,
            "link": link,
            "expires_at": request.expires_at,
            "settings": portal_settings(alliance),
        }
        subject = _("Your child asks for your consent – %(alliance)s") % {"alliance": alliance.name}
        text = render_to_string("youth_voice/email/guardian_request.txt", context)
        html = render_to_string("youth_voice/email/guardian_request.html", context)
    message = EmailMultiAlternatives(
        subject=" ".join(subject.split()), body=text, to=[request.guardian_email]
    )
    message.attach_alternative(html, "text/html")
    message.send()
    return True


def guardian_request_for(token: str) -> GuardianRequest | None:
    """The open request of a token: not expired, still waiting for the guardian."""
    if not token or len(token) > 100:
        return None
    return (
        GuardianRequest.objects.select_related("consent__alliance", "consent__input")
        .filter(
            token_hash=guardian_token_hash(token),
            expires_at__gt=timezone.now(),
            consent__status=ConsentStatus.AWAITING_GUARDIAN,
        )
        .first()
    )


@transaction.atomic
def guardian_confirm(token: str) -> Consent | None:
    """The guardian gives consent: the consent is GIVEN by the guardian and the request (with
    the guardian's address) is deleted; for an account, the account is activated. None for an
    unknown, used or expired token."""
    request = guardian_request_for(token)
    if request is None:
        return None
    consent = Consent.objects.select_for_update().get(pk=request.consent_id)
    if consent.status != ConsentStatus.AWAITING_GUARDIAN:
        return None
    consent.status = ConsentStatus.GIVEN
    consent.given_by = ConsentGivenBy.GUARDIAN
    consent.given_at = timezone.now()
    consent.save(update_fields=["status", "given_by", "given_at"])
    request.delete()
    if consent.purpose == ConsentPurpose.ACCOUNT and consent.user_id:
        user = consent.user
        if not user.is_active:
            user.is_active = True
            user.save(update_fields=["is_active"])
    return consent


@transaction.atomic
def guardian_refuse(token: str) -> Consent | None:
    """The guardian refuses: the consent is withdrawn, the contact details are deleted, the
    request (with the guardian's address) is deleted, an account waiting for the consent is
    erased. The young person's input stays, anonymous. None for an unknown, used or expired
    token."""
    request = guardian_request_for(token)
    if request is None:
        return None
    consent = Consent.objects.select_for_update().get(pk=request.consent_id)
    if consent.status != ConsentStatus.AWAITING_GUARDIAN:
        return None
    consent.status = ConsentStatus.WITHDRAWN
    consent.withdrawn_at = timezone.now()
    consent.save(update_fields=["status", "withdrawn_at"])
    request.delete()
    if consent.input_id:
        ContactDetails.objects.filter(input_id=consent.input_id).delete()
    _account_never_confirmed_erase(consent)
    return consent


def _account_never_confirmed_erase(consent: Consent) -> None:
    """An account a guardian refused, or never answered for, was never usable: it is erased
    (with the child's email) rather than kept inactive. The consent stays, without the person."""
    if consent.purpose != ConsentPurpose.ACCOUNT or not consent.user_id:
        return
    user = consent.user
    if user.is_active:
        return
    from .services_account import account_erase

    account_erase(user, consent.alliance)


@transaction.atomic
def consent_withdraw(consent: Consent) -> None:
    """Withdraw a consent (or the wish to be contacted): its input's contact details and any
    open guardian request are deleted now. For an account consent nothing more happens here;
    the account pages decide what follows. Idempotent."""
    consent = Consent.objects.select_for_update().get(pk=consent.pk)
    if consent.status in (ConsentStatus.GIVEN, ConsentStatus.AWAITING_GUARDIAN):
        consent.status = ConsentStatus.WITHDRAWN
        consent.withdrawn_at = timezone.now()
        consent.save(update_fields=["status", "withdrawn_at"])
    GuardianRequest.objects.filter(consent=consent).delete()
    if consent.purpose == ConsentPurpose.CONTACT and consent.input_id:
        ContactDetails.objects.filter(input_id=consent.input_id).delete()


def contact_email_for(youth_input: YouthInput) -> str:
    """The address to answer the input at: "" unless its consent is given and not withdrawn
    (a consent waiting for a guardian does not count)."""
    contact = (
        ContactDetails.objects.select_related("consent").filter(input_id=youth_input.pk).first()
    )
    if contact is None or contact.consent is None:
        return ""
    if contact.consent.status != ConsentStatus.GIVEN:
        return ""
    return contact.email


@transaction.atomic
def guardian_requests_expire(*, now: datetime.datetime | None = None) -> int:
    """Requests past their expiry: the consent EXPIRED, the contact details of its input and
    the request (with the guardian's address) deleted. Returns how many expired."""
    now = now or timezone.now()
    expired = list(GuardianRequest.objects.select_related("consent").filter(expires_at__lte=now))
    for request in expired:
        consent = request.consent
        if consent.status == ConsentStatus.AWAITING_GUARDIAN:
            consent.status = ConsentStatus.EXPIRED
            consent.save(update_fields=["status"])
        if consent.input_id and consent.purpose == ConsentPurpose.CONTACT:
            ContactDetails.objects.filter(input_id=consent.input_id).delete()
        request.delete()
        _account_never_confirmed_erase(consent)
    return len(expired)
