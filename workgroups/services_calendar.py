"""Changes to calendar feeds: the person's secret address, a new one, the time it was fetched."""

from __future__ import annotations

import datetime
import secrets

from django.db import transaction
from django.utils import timezone

from alliance.models import Alliance

from .models import CalendarFeed

# How often the time a feed was last fetched is written: calendar programs poll often.
LAST_USED_PRECISION = datetime.timedelta(hours=1)


def _new_token() -> str:
    return secrets.token_urlsafe(32)


@transaction.atomic
def calendar_feed_get_or_create(*, user, alliance: Alliance) -> CalendarFeed:
    """The person's feed in the alliance, created with a random token the first time."""
    feed, _created = CalendarFeed.objects.get_or_create(
        user=user, alliance=alliance, defaults={"token": _new_token()}
    )
    return feed


@transaction.atomic
def calendar_feed_reset(*, user, alliance: Alliance) -> CalendarFeed:
    """Give the person a new address; the old one answers 404 from now on."""
    feed = CalendarFeed.objects.select_for_update().filter(user=user, alliance=alliance).first()
    if feed is None:
        return calendar_feed_get_or_create(user=user, alliance=alliance)
    feed.token = _new_token()
    feed.last_used_at = None
    feed.full_clean()
    feed.save(update_fields=["token", "last_used_at"])
    return feed


def calendar_feed_touch(*, feed: CalendarFeed, now: datetime.datetime | None = None) -> bool:
    """Note that the feed was fetched, at most once per LAST_USED_PRECISION; True when written."""
    now = now or timezone.now()
    if feed.last_used_at is not None and now - feed.last_used_at < LAST_USED_PRECISION:
        return False
    CalendarFeed.objects.filter(pk=feed.pk).update(last_used_at=now)
    feed.last_used_at = now
    return True
