"""Reads about meetings, action items and decisions, at a fixed number of queries each."""

from __future__ import annotations

import datetime

from django.db.models import Q, QuerySet
from django.utils import timezone

from alliance.models import Alliance, FocusArea

from .models import (
    ActionItem,
    ActionItemStatus,
    Decision,
    GroupMember,
    Meeting,
    MinutesStatus,
    WorkGroup,
)


def meetings_upcoming_for(
    *, user, alliance: Alliance, now: datetime.datetime | None = None
) -> QuerySet[Meeting]:
    """Meetings not yet over in the active groups where the person has a seat, soonest first,
    with their group. Cancelled meetings are left out. One query."""
    return (
        Meeting.objects.upcoming(now)
        .filter(
            group__alliance=alliance,
            group__is_archived=False,
            group_id__in=GroupMember.objects.filter(user=user).values("group_id"),
        )
        .select_related("group")
        .order_by("starts_at", "pk")
    )


def action_items_open_for(*, user, alliance: Alliance) -> QuerySet[ActionItem]:
    """The person's open action items across all groups of the alliance, earliest deadline
    first, with their group and meeting. One query."""
    return (
        ActionItem.objects.filter(
            owner=user, status=ActionItemStatus.OPEN, group__alliance=alliance
        )
        .select_related("group", "meeting")
        .order_by("deadline", "pk")
    )


def decisions_log(
    *,
    alliance: Alliance,
    group: WorkGroup | None = None,
    focus_area: FocusArea | None = None,
    since: datetime.date | None = None,
    until: datetime.date | None = None,
    query: str = "",
) -> QuerySet[Decision]:
    """Decisions of the alliance's published minutes, newest meeting first, filtered by group,
    by the focus area the group serves, by meeting date (inclusive, local dates) and by words
    in the decision, its rationale or its agenda item. One query."""
    decisions = Decision.objects.filter(
        meeting__group__alliance=alliance, meeting__minutes_status=MinutesStatus.PUBLISHED
    )
    if group is not None:
        decisions = decisions.filter(meeting__group=group)
    if focus_area is not None:
        decisions = decisions.filter(
            meeting__group_id__in=WorkGroup.objects.filter(focus_areas=focus_area).values("pk")
        )
    tz = timezone.get_current_timezone()
    if since is not None:
        start = datetime.datetime.combine(since, datetime.time.min, tzinfo=tz)
        decisions = decisions.filter(meeting__starts_at__gte=start)
    if until is not None:
        end = datetime.datetime.combine(
            until + datetime.timedelta(days=1), datetime.time.min, tzinfo=tz
        )
        decisions = decisions.filter(meeting__starts_at__lt=end)
    for word in query.split():
        decisions = decisions.filter(
            Q(text__icontains=word)
            | Q(rationale__icontains=word)
            | Q(agenda_item__title__icontains=word)
        )
    return decisions.select_related(
        "meeting", "meeting__group", "agenda_item", "adopted_agenda_version"
    ).order_by("-meeting__starts_at", "-pk")
