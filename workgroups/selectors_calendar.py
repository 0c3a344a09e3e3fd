"""Reads for calendar feeds: a feed by its token and the meetings it shows."""

from __future__ import annotations

import datetime

from django.db.models import QuerySet
from django.utils import timezone

from alliance.models import Alliance, Membership

from .models import CalendarFeed, GroupMember, Meeting

FEED_DAYS_BACK = 60


def calendar_feed_of(*, user, alliance: Alliance) -> CalendarFeed | None:
    """The person's feed in the alliance, or None until they ask for an address."""
    return CalendarFeed.objects.filter(user=user, alliance=alliance).first()


def calendar_feed_by_token(*, alliance_slug: str, token: str) -> CalendarFeed | None:
    """The feed with this token in this alliance, while its person is an active member."""
    feed = (
        CalendarFeed.objects.select_related("user", "alliance")
        .filter(token=token, alliance__slug=alliance_slug)
        .first()
    )
    if feed is None or not feed.user.is_active:
        return None
    if not Membership.objects.active().filter(user=feed.user, alliance=feed.alliance).exists():
        return None
    return feed


def calendar_meetings_for(
    *, user, alliance: Alliance, now: datetime.datetime | None = None
) -> QuerySet[Meeting]:
    """The meetings, cancelled ones included, of the active groups where the person has a seat,
    from FEED_DAYS_BACK days ago onward, soonest first. One query."""
    start = (now or timezone.now()) - datetime.timedelta(days=FEED_DAYS_BACK)
    return (
        Meeting.objects.filter(
            group__alliance=alliance,
            group__is_archived=False,
            group_id__in=GroupMember.objects.filter(user=user).values("group_id"),
            ends_at__gte=start,
        )
        .select_related("group", "group__alliance")
        .order_by("starts_at", "pk")
    )
