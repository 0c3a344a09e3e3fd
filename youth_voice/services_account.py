"""The optional youth account: create it (with its consent), export it, erase it.

An account holds only an email address (no name, no password: the young person logs in with a
code sent by email) and a youth membership in the alliance. Below the digital consent age, where
the alliance's legal basis is consent, the account stays inactive until a parent or guardian
confirms (the consent service sends the request and activates the account).

Erasure removes the person and everything tied to them, and keeps only what the law asks for:
the consent records without the link to the person (to show that consent was given, GDPR art.
7(1)) and one erasure record without identity (accountability, art. 5(2)).
"""

from __future__ import annotations

import logging
from dataclasses import dataclass

from allauth.account.models import EmailAddress
from django.db import transaction
from django.db.models import Count, F, ProtectedError, Q
from django.utils import timezone

from alliance.models import (
    Alliance,
    EmailDelivery,
    Membership,
    Notification,
    Role,
    SecurityEventKind,
    User,
)
from alliance.services.membership import membership_grant, user_create
from alliance.services.security_events import security_event_record

from .codes import keyed_hash
from .models import (
    Consent,
    ConsentPurpose,
    ConsentStatus,
    ErasureRecord,
    GuardianRequest,
    InputReport,
    LegalBasis,
    Support,
    YouthInput,
)
from .selectors_settings import portal_settings
from .services_consent import consent_record
from .services_input import input_erase, input_export

logger = logging.getLogger(__name__)

EXPORT_FORMAT = "youth-account-export/1"


@dataclass(frozen=True)
class AccountCreated:
    """What happened, for the page to say (the same page whether or not the email was new)."""

    user: User | None
    needs_guardian: bool


def supporter_key(user: User) -> str:
    """The key a logged-in person's support and reports are stored under (see codes.device_key)."""
    return keyed_hash("user", str(user.pk))


@transaction.atomic
def account_create(
    *,
    alliance: Alliance,
    email: str,
    below_consent_age: bool,
    guardian_email: str = "",
) -> AccountCreated:
    """Create a youth account: a person without password or name, a youth membership and the
    account consent. An email already in use changes nothing (the page does not tell).

    Below the consent age under the consent basis the person is created inactive and the
    guardian is asked (by the consent service)."""
    email = User.objects.normalize_email(email.strip()).lower()
    if User.objects.filter(email__iexact=email).exists():
        return AccountCreated(user=None, needs_guardian=False)
    settings = portal_settings(alliance)
    needs_guardian = below_consent_age and settings.legal_basis == LegalBasis.CONSENT
    user = user_create(email=email)
    # Unverified until the first login code is used: using the code proves the address.
    EmailAddress.objects.create(user=user, email=user.email, primary=True, verified=False)
    if needs_guardian:
        user.is_active = False
        user.save(update_fields=["is_active"])
    membership_grant(user=user, alliance=alliance, role=Role.YOUTH)
    consent_record(
        alliance=alliance,
        purpose=ConsentPurpose.ACCOUNT,
        user=user,
        below_consent_age=needs_guardian,
        guardian_email=guardian_email if needs_guardian else "",
    )
    return AccountCreated(user=user, needs_guardian=needs_guardian)


def _iso(value) -> str | None:
    return value.isoformat() if value else None


def account_export(user: User, alliance: Alliance) -> dict:
    """Everything the alliance's youth portal holds about the person, as JSON-ready data: the
    account, the youth membership, every input, the consents and how many inputs they support
    (not which: support is stored under a key, not an identity)."""
    membership = Membership.objects.filter(user=user, alliance=alliance, role=Role.YOUTH).first()
    inputs = YouthInput.objects.filter(alliance=alliance, user=user).order_by("created_at", "pk")
    consents = Consent.objects.filter(alliance=alliance, user=user).order_by("created_at", "pk")
    return {
        "format": EXPORT_FORMAT,
        "exported_at": timezone.now().isoformat(),
        "alliance": alliance.name,
        "account": {
            "email": user.email,
            "language": user.language,
            "created": _iso(user.date_joined),
            "active": user.is_active,
        },
        "youth_membership": (
            {
                "role": membership.role,
                "active": membership.is_active,
                "created": _iso(membership.created_at),
            }
            if membership
            else None
        ),
        "inputs": [input_export(youth_input) for youth_input in inputs],
        "consents": [
            {
                "purpose": consent.purpose,
                "legal_basis": consent.legal_basis,
                "text_version": consent.text_version,
                "status": consent.status,
                "given_by": consent.given_by,
                "below_consent_age": consent.below_consent_age,
                "asked": _iso(consent.created_at),
                "given": _iso(consent.given_at),
                "withdrawn": _iso(consent.withdrawn_at),
            }
            for consent in consents
        ],
        "supports": Support.objects.filter(
            input__alliance=alliance, supporter_hash=supporter_key(user)
        ).count(),
    }


@dataclass(frozen=True)
class AccountErased:
    inputs_erased: int
    supports_removed: int
    consents_kept: int
    account_deleted: bool


@transaction.atomic
def account_erase(user: User, alliance: Alliance) -> AccountErased:
    """Erase a young person's data in the alliance: every input (through the input service),
    their support (and the counts it added), their notifications and email deliveries, the
    youth membership and its history, and the person when the youth membership was their only
    membership. The reports they wrote on other inputs go too (with the counts they added).
    Consents stay, withdrawn and without the person; one erasure record without
    identity is written. The caller logs the person out."""
    now = timezone.now()
    # Every consent of the person ends now, also those of their inputs (which the input
    # erasure unlinks); withdrawn, they stay as proof of what was agreed to.
    consents = Consent.objects.filter(alliance=alliance).filter(Q(user=user) | Q(input__user=user))
    GuardianRequest.objects.filter(consent__in=consents).delete()
    consents.filter(status__in=[ConsentStatus.GIVEN, ConsentStatus.AWAITING_GUARDIAN]).update(
        status=ConsentStatus.WITHDRAWN, withdrawn_at=now
    )
    consents_kept = consents.count()
    Consent.objects.filter(alliance=alliance, user=user).update(user=None)

    erasure = ErasureRecord.objects.create(
        alliance=alliance, via=ErasureRecord.Via.ACCOUNT, inputs_erased=0
    )
    inputs = list(YouthInput.objects.filter(alliance=alliance, user=user))
    for youth_input in inputs:
        input_erase(youth_input, via=ErasureRecord.Via.ACCOUNT, erasure=erasure)

    supports = Support.objects.filter(input__alliance=alliance, supporter_hash=supporter_key(user))
    per_input = supports.values("input_id").annotate(n=Count("pk"))
    for row in per_input:
        YouthInput.objects.filter(pk=row["input_id"], support_count__gte=row["n"]).update(
            support_count=F("support_count") - row["n"]
        )
    supports_removed, _ = supports.delete()
    # What they wrote to the moderators about other people's inputs is their text too.
    reports = InputReport.objects.filter(
        input__alliance=alliance, reporter_hash=supporter_key(user)
    )
    for row in reports.values("input_id").annotate(n=Count("pk")):
        YouthInput.objects.filter(pk=row["input_id"], report_count__gte=row["n"]).update(
            report_count=F("report_count") - row["n"]
        )
    reports.delete()

    memberships = Membership.objects.filter(user=user)
    youth = memberships.filter(alliance=alliance, role=Role.YOUTH).first()
    if youth is not None:
        # A young person's notifications in this alliance are all youth data; a staff
        # member's are their work and stay.
        notifications = Notification.objects.filter(user=user, alliance=alliance)
        EmailDelivery.objects.filter(notification__in=notifications).delete()
        notifications.delete()
    has_other_membership = memberships.exclude(pk=youth.pk if youth else None).exists()
    if youth is not None:
        youth_pk = youth.pk
        youth.delete()
        # The audit history of the membership (its deletion included) names the person.
        Membership.history.filter(id=youth_pk).delete()

    account_deleted = False
    if not has_other_membership:
        _sessions_end(user)
        account_deleted = _user_delete(user)
    security_event_record(
        kind=SecurityEventKind.ERASURE,
        alliance=alliance,
        details={"via": ErasureRecord.Via.ACCOUNT, "inputs_erased": len(inputs)},
        anonymous=True,
    )

    return AccountErased(
        inputs_erased=len(inputs),
        supports_removed=supports_removed,
        consents_kept=consents_kept,
        account_deleted=account_deleted,
    )


def _sessions_end(user: User) -> int:
    """Log the person out on every device: a session holds the address their login code went
    to (allauth's record of how they logged in). Sessions are kept in the database
    (settings.SESSION_ENGINE), so each unexpired one is read. Returns how many ended."""
    from django.contrib.auth import SESSION_KEY
    from django.contrib.sessions.models import Session

    ended = 0
    for session in Session.objects.filter(expire_date__gt=timezone.now()).iterator():
        if session.get_decoded().get(SESSION_KEY) == str(user.pk):
            session.delete()
            ended += 1
    return ended


def _user_delete(user: User) -> bool:
    """Delete the person; when a record the alliance keeps (an action item they own) protects
    the row, strip it of everything personal instead so it cannot log in or be recognised."""
    try:
        with transaction.atomic():
            user.delete()
        return True
    except ProtectedError:
        logger.info("A youth account is kept without identity: records still point to it.")
    user.email = f"erased-{user.pk}@invalid.example"
    user.full_name = ""
    user.language = ""
    user.is_active = False
    user.set_unusable_password()
    user.save(update_fields=["email", "full_name", "language", "is_active", "password"])
    user.emailaddress_set.all().delete()
    return True


@transaction.atomic
def account_input_claim(*, user: User, alliance: Alliance, code: str) -> YouthInput | None:
    """Put an input the person sent without their account into it, by its receipt code.

    None when the code matches no input of the alliance or the input belongs to another
    account: the caller answers both the same way, so a code's existence is not revealed."""
    from .selectors_portal import input_by_code

    found = input_by_code(alliance=alliance, code=code)
    if found is None:
        return None
    youth_input = YouthInput.objects.select_for_update().get(pk=found.pk)
    if youth_input.user_id is None:
        youth_input.user = user
        youth_input.save(update_fields=["user", "updated_at"])
    elif youth_input.user_id != user.pk:
        return None
    return youth_input
