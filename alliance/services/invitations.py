"""Invitations into an alliance: create, resend, revoke, accept.

The one-time token is shown only in the email; the database keeps its sha256 (`token_hash`), so
a leaked database does not leak working links. Resending makes a new token, so the old link
stops working. Each function is one transaction; the email is sent after commit.
"""

from __future__ import annotations

import datetime
import enum
import hashlib
import secrets
from collections.abc import Callable
from dataclasses import dataclass

from allauth.account.models import EmailAddress
from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.mail import send_mail
from django.db import IntegrityError, transaction
from django.template.loader import render_to_string
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from alliance.models import Alliance, Invitation, Membership, Organisation, User

from .membership import user_create

# Builds the absolute URL of the accept page from the token, e.g. from the request:
# `lambda token: request.build_absolute_uri(reverse("invitation_accept", args=[token]))`.
LinkBuilder = Callable[[str], str]


def token_hash(token: str) -> str:
    return hashlib.sha256(token.encode()).hexdigest()


def _new_token() -> tuple[str, str]:
    token = secrets.token_urlsafe(32)
    return token, token_hash(token)


def _expiry() -> datetime.datetime:
    days = getattr(settings, "ALLIANCE_INVITATION_DAYS", 14)
    return timezone.now() + datetime.timedelta(days=days)


def _send_invitation_email(*, invitation: Invitation, link: str) -> None:
    context = {
        "invitation": invitation,
        "alliance": invitation.alliance,
        "link": link,
        "inviter": invitation.invited_by,
        "role": invitation.get_role_display(),
    }
    subject = render_to_string("alliance/email/invitation_subject.txt", context).strip()
    text = render_to_string("alliance/email/invitation_message.txt", context)
    html = render_to_string("alliance/email/invitation_message.html", context)
    send_mail(subject, text, None, [invitation.email], html_message=html)


def _send_after_commit(*, invitation: Invitation, token: str, link_for: LinkBuilder) -> None:
    link = link_for(token)
    language = translation.get_language()

    def send() -> None:
        with translation.override(language):
            _send_invitation_email(invitation=invitation, link=link)

    transaction.on_commit(send)


def _normalise_email(email: str) -> str:
    return User.objects.normalize_email(email.strip()).lower()


@transaction.atomic
def invitation_create(
    *,
    alliance: Alliance,
    email: str,
    full_name: str,
    organisation: Organisation | None,
    role: str,
    invited_by: User | None,
    link_for: LinkBuilder,
) -> Invitation:
    """Invite a person into the alliance with a role and email them a one-time link.

    Raises ValidationError (on `email`) when the person already has an active membership or
    a pending invitation to this alliance. The email is sent after commit."""
    email = _normalise_email(email)
    if organisation is not None and organisation.alliance_id != alliance.pk:
        raise ValidationError(
            {"organisation": _("The organisation must belong to the same alliance.")}
        )
    if Membership.objects.active().filter(alliance=alliance, user__email__iexact=email).exists():
        raise ValidationError(
            {"email": _("This person is already a member of the alliance.")}, code="member"
        )
    if Invitation.objects.pending().filter(alliance=alliance, email=email).exists():
        raise ValidationError({"email": _duplicate_message()}, code="duplicate")
    token, hashed = _new_token()
    now = timezone.now()
    invitation = Invitation(
        alliance=alliance,
        email=email,
        full_name=full_name.strip(),
        organisation=organisation,
        role=role,
        invited_by=invited_by,
        token_hash=hashed,
        expires_at=_expiry(),
        last_sent_at=now,
        send_count=1,
    )
    invitation.full_clean(exclude=["token_hash", "invited_by"])  # both set by this code
    try:
        with transaction.atomic():  # a savepoint: a race with another invite hits the constraint
            invitation.save()
    except IntegrityError as exc:
        raise ValidationError({"email": _duplicate_message()}, code="duplicate") from exc
    _send_after_commit(invitation=invitation, token=token, link_for=link_for)
    return invitation


def _duplicate_message() -> str:
    return _(
        "This email address already has a pending invitation to the alliance. "
        "Resend or withdraw it in the list of pending invitations."
    )


@transaction.atomic
def invitation_resend(*, invitation: Invitation, link_for: LinkBuilder) -> Invitation:
    """Send a pending invitation again with a new link and a new expiry; the old link stops
    working. Raises ValidationError when the invitation is no longer pending."""
    invitation = Invitation.objects.select_for_update().get(pk=invitation.pk)
    if not invitation.is_pending:
        raise ValidationError(_("The invitation has already been used or withdrawn."))
    token, invitation.token_hash = _new_token()
    invitation.expires_at = _expiry()
    invitation.last_sent_at = timezone.now()
    invitation.send_count += 1
    invitation.save(update_fields=["token_hash", "expires_at", "last_sent_at", "send_count"])
    _send_after_commit(invitation=invitation, token=token, link_for=link_for)
    return invitation


@transaction.atomic
def invitation_revoke(*, invitation: Invitation) -> Invitation:
    """Withdraw a pending invitation; its link then shows that it was withdrawn."""
    invitation = Invitation.objects.select_for_update().get(pk=invitation.pk)
    if not invitation.is_pending:
        raise ValidationError(_("The invitation has already been used or withdrawn."))
    invitation.revoked_at = timezone.now()
    invitation.save(update_fields=["revoked_at"])
    return invitation


class InvitationState(enum.Enum):
    VALID = "valid"
    UNKNOWN = "unknown"
    EXPIRED = "expired"
    USED = "used"
    REVOKED = "revoked"


@dataclass(frozen=True)
class InvitationLookup:
    state: InvitationState
    invitation: Invitation | None


def invitation_lookup(*, token: str) -> InvitationLookup:
    """The invitation a link's token points to, and whether it can still be accepted."""
    invitation = (
        Invitation.objects.select_related("alliance", "organisation")
        .filter(token_hash=token_hash(token))
        .first()
    )
    if invitation is None:
        return InvitationLookup(InvitationState.UNKNOWN, None)
    if invitation.revoked_at is not None:
        return InvitationLookup(InvitationState.REVOKED, invitation)
    if invitation.accepted_at is not None:
        return InvitationLookup(InvitationState.USED, invitation)
    if invitation.is_expired:
        return InvitationLookup(InvitationState.EXPIRED, invitation)
    return InvitationLookup(InvitationState.VALID, invitation)


def account_for_invitation(*, invitation: Invitation) -> User | None:
    """The existing account with the invitation's email address, if any."""
    return User.objects.filter(email__iexact=invitation.email).first()


def _lock_valid(invitation: Invitation) -> Invitation:
    invitation = Invitation.objects.select_for_update().get(pk=invitation.pk)
    if not invitation.is_pending or invitation.is_expired:
        raise ValidationError(_("This invitation can no longer be used."), code="invalid")
    return invitation


def _join(*, invitation: Invitation, user: User) -> Membership:
    membership = Membership.objects.filter(user=user, alliance=invitation.alliance).first()
    if membership is None:
        membership = Membership(user=user, alliance=invitation.alliance)
    membership.role = invitation.role
    membership.organisation = invitation.organisation
    membership.is_active = True
    membership.deactivated_at = None
    membership.full_clean()
    membership.save()
    invitation.accepted_at = timezone.now()
    invitation.accepted_by = user
    invitation.save(update_fields=["accepted_at", "accepted_by"])
    return membership


@transaction.atomic
def invitation_accept_new_user(*, invitation: Invitation, password: str) -> Membership:
    """Accept an invitation for an email without an account: create the account with the
    invitation's name, its verified primary email address (the link proves ownership) and
    the membership. Raises ValidationError for a used, withdrawn or expired invitation, an
    email that got an account meanwhile, or a password the validators reject."""
    invitation = _lock_valid(invitation)
    if account_for_invitation(invitation=invitation) is not None:
        raise ValidationError(_("An account with this email address already exists."))
    user = user_create(email=invitation.email, full_name=invitation.full_name, password=password)
    EmailAddress.objects.create(user=user, email=user.email, verified=True, primary=True)
    return _join(invitation=invitation, user=user)


@transaction.atomic
def invitation_accept_existing_user(*, invitation: Invitation, user: User) -> Membership:
    """Accept an invitation as the logged-in owner of its email address: add (or reactivate)
    the membership. Raises ValidationError for another person or an invitation that can no
    longer be used."""
    invitation = _lock_valid(invitation)
    if user.email.lower() != invitation.email.lower():
        raise ValidationError(_("This invitation was sent to another email address."))
    return _join(invitation=invitation, user=user)
