"""Recording security events (alliance.SecurityEvent): one function that every hook calls.

The invariant: no password, token, email address or other contact detail reaches a row or a
log line. `details` takes only the keys in `DETAIL_KEYS`, with numbers, booleans and short
strings; a string that looks like an address is dropped. A failed login keeps a keyed hash of
the address tried (`email_key`). The request, when not given, is the one django-simple-history's
middleware keeps for the current thread, so a service called from a view needs no extra
argument to record who acted and from where.
"""

from __future__ import annotations

import datetime
import ipaddress
import logging
from typing import Any

from django.conf import settings
from django.db import transaction
from django.http import HttpRequest
from django.utils import timezone
from django.utils.crypto import salted_hmac
from simple_history.models import HistoricalRecords

from alliance.models import Alliance, SecurityEvent, SecurityEventKind, User

logger = logging.getLogger(__name__)

# The only keys a row's details may have; their values are never personal data.
DETAIL_KEYS = frozenset(
    {
        "admin",  # the login went through /admin/
        "email_key",  # keyed hash of the address tried in a failed login
        "known_account",  # a failed login named an existing account
        "role_from",
        "role_to",
        "report_kind",
        "report_id",
        "inputs_erased",
        "via",
        "token_id",
        "method",  # the kind of second factor
        "change",  # added, removed, reset
    }
)
MAX_DETAIL_LENGTH = 100
KEEP_IP_DAYS_DEFAULT = 90


def email_key(email: str) -> str:
    """A keyed hash (HMAC-SHA256 with the site's secret) of an email address: equal for equal
    addresses, so repeated attempts on one account show, and useless without the secret."""
    normalised = (email or "").strip().lower()
    return salted_hmac(
        "alliance.security_events.email", normalised, algorithm="sha256"
    ).hexdigest()[:32]


def _clean_details(details: dict[str, Any] | None) -> dict[str, Any]:
    clean: dict[str, Any] = {}
    for key, value in (details or {}).items():
        if key not in DETAIL_KEYS:
            raise ValueError(f"A security event may not hold the detail {key!r}.")
        if isinstance(value, bool | int) or value is None:
            clean[key] = value
        elif isinstance(value, str) and "@" not in value:
            clean[key] = value[:MAX_DETAIL_LENGTH]
    return clean


def request_ip(request: HttpRequest | None) -> str | None:
    """The client's address (behind the TLS proxy, the one it added last to X-Forwarded-For),
    or None when there is no valid one."""
    if request is None:
        return None
    address = request.META.get("REMOTE_ADDR", "")
    if getattr(settings, "BEHIND_TLS_PROXY", False):
        forwarded = request.META.get("HTTP_X_FORWARDED_FOR", "")
        if forwarded:
            address = forwarded.split(",")[-1].strip()
    try:
        return str(ipaddress.ip_address(address))
    except ValueError:
        return None


def _current_request() -> HttpRequest | None:
    return getattr(HistoricalRecords.context, "request", None)


def security_event_record(
    *,
    kind: str,
    alliance: Alliance | None = None,
    user: User | None = None,
    subject: User | None = None,
    request: HttpRequest | None = None,
    details: dict[str, Any] | None = None,
    anonymous: bool = False,
) -> SecurityEvent:
    """Record one security event. Without `user`, the request's logged-in person acted.

    `anonymous` records neither person nor address (a young person's own erasure). Raises
    ValueError for a detail key outside `DETAIL_KEYS`; a string detail with an "@" is dropped.
    Written in the caller's transaction: an action that rolls back leaves no event."""
    if kind not in SecurityEventKind.values:
        raise ValueError(f"Unknown security event kind {kind!r}.")
    if anonymous:
        user = subject = None
        ip_address = None
    else:
        request = request if request is not None else _current_request()
        if user is None and request is not None:
            person = getattr(request, "user", None)
            if person is not None and person.is_authenticated:
                user = person
        ip_address = request_ip(request)
    event = SecurityEvent.objects.create(
        alliance=alliance,
        user=user,
        subject=subject,
        kind=kind,
        ip_address=ip_address,
        details=_clean_details(details),
    )
    # The log line names ids only: a person is found from the row by those who may see it.
    logger.info(
        "security event %s alliance=%s user=%s subject=%s",
        kind,
        alliance.pk if alliance else "-",
        user.pk if user else "-",
        subject.pk if subject else "-",
    )
    return event


@transaction.atomic
def security_events_ip_expire(*, now: datetime.datetime | None = None) -> int:
    """Blank the IP address of events older than SECURITY_EVENTS_KEEP_IP_DAYS (90 by default):
    long enough to investigate an incident, no longer (GDPR art. 5(1)(c) and (e)). Idempotent;
    returns how many rows were blanked."""
    days = getattr(settings, "SECURITY_EVENTS_KEEP_IP_DAYS", KEEP_IP_DAYS_DEFAULT)
    cutoff = (now or timezone.now()) - datetime.timedelta(days=days)
    return SecurityEvent.objects.filter(created_at__lt=cutoff, ip_address__isnull=False).update(
        ip_address=None
    )
