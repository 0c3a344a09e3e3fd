"""Personal API tokens through their life: made (the token is shown once), used (when it was last
used is remembered, at most once a minute), revoked.

Only a keyed hash of a token is stored (HMAC-SHA256 with SECRET_KEY): a copy of the database
does not reveal a token that works. A token is made for one alliance with the role the person
has there; when that role or the membership changes it stops working (see `selectors`).
"""

from __future__ import annotations

import datetime
import secrets
from dataclasses import dataclass

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from alliance.models import Membership, SecurityEventKind, User
from alliance.permissions import has_capability
from alliance.services.security_events import security_event_record
from youth_voice.codes import keyed_hash

from .models import ApiToken

TOKEN_START = "alp_"  # noqa: S105  # nosec B105 - the start of every token, not a secret
PREFIX_LENGTH = 12
# How often at most the moment a token was last used is written (one UPDATE a minute, not one
# per request).
LAST_USED_RESOLUTION = datetime.timedelta(minutes=1)
# How many working tokens a person may hold in one alliance.
TOKENS_PER_PERSON = 20


def token_hash(raw: str) -> str:
    """The stored form of a token."""
    return keyed_hash("api-token", raw)


@dataclass(frozen=True)
class NewToken:
    """A token just made: `raw` is shown to its owner once and never stored."""

    token: ApiToken
    raw: str


@transaction.atomic
def api_token_create(
    *, membership: Membership, name: str, expires_at: datetime.datetime | None = None
) -> NewToken:
    """Make a token for the person's alliance and role. Raises PermissionDenied when the role
    may not use the API, ValidationError for a bad name or expiry or too many tokens."""
    if not has_capability(membership, "use_api"):
        raise PermissionDenied
    name = (name or "").strip()
    if not name:
        raise ValidationError({"name": _("Give the key a name.")})
    now = timezone.now()
    if expires_at is not None and expires_at <= now:
        raise ValidationError({"expires_at": _("The expiry date must be in the future.")})
    working = ApiToken.objects.filter(
        user_id=membership.user_id, alliance_id=membership.alliance_id, revoked_at__isnull=True
    ).count()
    if working >= TOKENS_PER_PERSON:
        raise ValidationError(
            _("You have %(count)s keys already. Revoke one you no longer use first."),
            code="too_many",
            params={"count": working},
        )
    raw = TOKEN_START + secrets.token_urlsafe(32)
    token = ApiToken(
        user_id=membership.user_id,
        alliance_id=membership.alliance_id,
        role=membership.role,
        name=name[:100],
        prefix=raw[:PREFIX_LENGTH],
        key_hash=token_hash(raw),
        expires_at=expires_at,
    )
    token.full_clean()
    token.save()
    security_event_record(
        kind=SecurityEventKind.API_TOKEN_CREATED,
        alliance=membership.alliance,
        user=membership.user,
        details={"token_id": token.pk},
    )
    return NewToken(token=token, raw=raw)


@transaction.atomic
def api_token_revoke(*, token: ApiToken, user: User) -> ApiToken:
    """Revoke one's own token; it stops working at once. Revoking twice is harmless."""
    if token.user_id != user.pk:
        raise PermissionDenied
    if token.revoked_at is None:
        token.revoked_at = timezone.now()
        token.save(update_fields=["revoked_at"])
        security_event_record(
            kind=SecurityEventKind.API_TOKEN_REVOKED,
            alliance=token.alliance,
            user=user,
            details={"token_id": token.pk},
        )
    return token


def api_token_touch(*, token: ApiToken, now: datetime.datetime | None = None) -> None:
    """Remember that the token was used, unless that was written less than a minute ago."""
    now = now or timezone.now()
    if token.last_used_at is not None and now - token.last_used_at < LAST_USED_RESOLUTION:
        return
    ApiToken.objects.filter(pk=token.pk).update(last_used_at=now)
    token.last_used_at = now
