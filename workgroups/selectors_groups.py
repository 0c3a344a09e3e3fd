"""Reads for the group pages, "my meetings and tasks" and the decisions log, each at a fixed
number of queries whatever the number of groups, meetings, decisions and action items."""

from __future__ import annotations

import datetime

from django.db.models import (
    Count,
    Exists,
    IntegerField,
    OuterRef,
    Prefetch,
    QuerySet,
    Subquery,
)
from django.utils import timezone
from guardian.shortcuts import get_objects_for_user

from alliance.models import Alliance, FocusArea, Membership, User
from alliance.permissions import has_capability

from .models import (
    ActionItem,
    ActionItemStatus,
    Decision,
    GroupMember,
    Meeting,
    MinutesStatus,
    NewsPost,
    WorkGroup,
)
from .services import MANAGING_ROLES

PAST_MEETINGS_SHOWN = 12
DECISIONS_SHOWN = 5
NEWS_SHOWN = 5
MY_MEETINGS_SHOWN = 15
RECENTLY_DONE_DAYS = 30
RECENTLY_DONE_SHOWN = 10


def _next_meeting_start(now: datetime.datetime) -> Subquery:
    return Subquery(
        Meeting.objects.filter(group=OuterRef("pk"), is_cancelled=False, ends_at__gte=now)
        .order_by("starts_at")
        .values("starts_at")[:1]
    )


def _member_count() -> Subquery:
    return Subquery(
        GroupMember.objects.filter(group=OuterRef("pk"))
        .order_by()
        .values("group")
        .annotate(n=Count("pk"))
        .values("n"),
        output_field=IntegerField(),
    )


def group_list_for(
    *, user, membership: Membership | None, archived: bool = False
) -> QuerySet[WorkGroup]:
    """The groups of the membership's alliance that the person may see (secretariat and
    steering: all; others: their own), active ones or (`archived`) archived ones, with their
    focus areas, leading seats, member count and next meeting. Four queries."""
    if membership is None or not membership.is_active:
        return WorkGroup.objects.none()
    groups = WorkGroup.objects.filter(alliance_id=membership.alliance_id, is_archived=archived)
    if not has_capability(membership, "view_all_groups"):
        groups = get_objects_for_user(
            user, "workgroups.view_workgroup", klass=groups, accept_global_perms=False
        )
    return (
        groups.annotate(
            member_count=_member_count(),
            next_meeting_at=_next_meeting_start(timezone.now()),
        )
        .prefetch_related(
            "focus_areas",
            Prefetch(
                "members",
                queryset=GroupMember.objects.filter(role__in=MANAGING_ROLES)
                .select_related("user")
                .order_by("role", "user__full_name"),
                to_attr="leading_seats",
            ),
        )
        .order_by("kind", "name")
    )


def group_page(*, group: WorkGroup, can_manage: bool, now=None) -> dict:
    """What the group page shows: focus areas, lead organisations, seats, upcoming meetings
    (cancelled ones marked), past meetings with their minutes status (drafts only for those
    who manage the group), open action items, the latest decisions of published minutes and
    the group's news. Nine queries."""
    now = now or timezone.now()
    meetings = Meeting.objects.filter(group=group)
    past = meetings.filter(ends_at__lt=now)
    if not can_manage:
        past = past.filter(minutes_status=MinutesStatus.PUBLISHED)
    return {
        "focus_areas": list(group.focus_areas.all()),
        "lead_organisations": list(group.lead_organisations.all()),
        "seats": list(
            group.members.select_related("user", "organisation").order_by(
                "role", "user__full_name", "pk"
            )
        ),
        "upcoming_meetings": list(meetings.filter(ends_at__gte=now).order_by("starts_at", "pk")),
        "past_meetings": list(past.order_by("-starts_at", "-pk")[:PAST_MEETINGS_SHOWN]),
        "open_action_items": list(
            ActionItem.objects.filter(group=group, status=ActionItemStatus.OPEN)
            .select_related("owner", "meeting")
            .order_by("deadline", "pk")
        ),
        "decisions": list(
            Decision.objects.filter(
                meeting__group=group, meeting__minutes_status=MinutesStatus.PUBLISHED
            )
            .select_related("meeting", "agenda_item")
            .order_by("-meeting__starts_at", "-pk")[:DECISIONS_SHOWN]
        ),
        "news": list(
            NewsPost.objects.published()
            .filter(group=group)
            .select_related("author")
            .order_by("-published_at", "-pk")[:NEWS_SHOWN]
        ),
    }


def group_seat_choices(*, alliance: Alliance) -> QuerySet[User]:
    """The people who may get a seat in a group: active members of the alliance."""
    return (
        User.objects.filter(
            is_active=True,
            memberships__alliance=alliance,
            memberships__is_active=True,
        )
        .distinct()
        .order_by("full_name", "email")
    )


def my_meetings(*, user, alliance: Alliance, now=None) -> list[Meeting]:
    """The person's next meetings across their active groups, soonest first. One query."""
    return list(
        Meeting.objects.filter(
            group__alliance=alliance,
            group__is_archived=False,
            group_id__in=GroupMember.objects.filter(user=user).values("group_id"),
            is_cancelled=False,
            ends_at__gte=now or timezone.now(),
        )
        .select_related("group")
        .order_by("starts_at", "pk")[:MY_MEETINGS_SHOWN]
    )


def my_open_action_items(*, user, alliance: Alliance) -> list[ActionItem]:
    """The person's open action items across every group of the alliance. One query."""
    return list(
        ActionItem.objects.filter(
            owner=user, status=ActionItemStatus.OPEN, group__alliance=alliance
        )
        .select_related("group", "meeting")
        .order_by("deadline", "pk")
    )


def my_done_action_items(*, user, alliance: Alliance, now=None) -> list[ActionItem]:
    """The action items the person marked done in the last 30 days, latest first. One query."""
    since = (now or timezone.now()) - datetime.timedelta(days=RECENTLY_DONE_DAYS)
    return list(
        ActionItem.objects.filter(
            owner=user,
            status=ActionItemStatus.DONE,
            group__alliance=alliance,
            done_at__gte=since,
        )
        .select_related("group", "meeting")
        .order_by("-done_at", "-pk")[:RECENTLY_DONE_SHOWN]
    )


def viewable_group_ids(*, user, membership: Membership | None, alliance: Alliance) -> set[int]:
    """The ids of the alliance's groups the person may open (archived ones too). One query."""
    if membership is None or not membership.is_active or membership.alliance_id != alliance.pk:
        return set()
    groups = WorkGroup.objects.filter(alliance=alliance)
    if not has_capability(membership, "view_all_groups"):
        groups = get_objects_for_user(
            user, "workgroups.view_workgroup", klass=groups, accept_global_perms=False
        )
    return set(groups.values_list("pk", flat=True))


def decision_filter_groups(*, alliance: Alliance) -> QuerySet[WorkGroup]:
    """The groups to filter the decisions log by: every group of the alliance that has
    decisions in published minutes, archived ones too."""
    with_decisions = Decision.objects.filter(
        meeting__group=OuterRef("pk"), meeting__minutes_status=MinutesStatus.PUBLISHED
    )
    return (
        WorkGroup.objects.filter(alliance=alliance)
        .filter(Exists(with_decisions))
        .order_by("kind", "name")
    )


def decision_filter_focus_areas(*, alliance: Alliance) -> QuerySet[FocusArea]:
    return FocusArea.objects.filter(alliance=alliance).order_by("position", "pk")
