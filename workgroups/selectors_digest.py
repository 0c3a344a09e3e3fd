"""What is new for a person in the groups, for the weekly digest (backbone/digest.py).

`groups_digest` reads the plain content; `digest_sections` and `news_sections` are the section
providers named in backbone.digest.DIGEST_SECTIONS."""

from __future__ import annotations

import datetime
from dataclasses import dataclass

from django.db.models import QuerySet
from django.urls import reverse
from django.utils import timezone
from django.utils.text import Truncator
from django.utils.translation import gettext
from guardian.shortcuts import get_objects_for_user

from alliance.models import Alliance, Membership, User
from alliance.permissions import has_capability
from backbone.digest import DigestItem, DigestSection

from .models import ActionItem, Decision, Meeting, WorkGroup
from .notifications import local_date, local_date_and_time
from .selectors_meetings import action_items_open_for, decisions_log, meetings_upcoming_for
from .selectors_news import news_since

# How far ahead the digest looks for meetings, and how many lines a section shows at most.
UPCOMING_DAYS = 14
SECTION_LIMIT = 20


@dataclass(frozen=True)
class GroupsDigest:
    """A person's upcoming meetings, new decisions and overdue action items in one alliance."""

    upcoming_meetings: list[Meeting]
    new_decisions: list[Decision]
    overdue_action_items: list[ActionItem]

    @property
    def is_empty(self) -> bool:
        return not (self.upcoming_meetings or self.new_decisions or self.overdue_action_items)


def groups_visible_to(*, user: User, alliance: Alliance) -> QuerySet[WorkGroup]:
    """The alliance's groups the person may see: every group for the secretariat and steering
    group, otherwise the groups whose view permission a seat gave them."""
    membership = Membership.objects.filter(user=user, alliance=alliance).first()
    if membership is None or not membership.is_active:
        return WorkGroup.objects.none()
    groups = WorkGroup.objects.filter(alliance=alliance)
    if has_capability(membership, "view_all_groups"):
        return groups
    return get_objects_for_user(
        user, "workgroups.view_workgroup", klass=groups, accept_global_perms=False
    )


def groups_digest(
    *, user: User, alliance: Alliance, since: datetime.datetime, now: datetime.datetime
) -> GroupsDigest:
    """The person's meetings in the next 14 days (groups they sit in), the decisions of
    minutes published since `since` in the groups they may see, and their open action items
    past the deadline. At most SECTION_LIMIT of each; a fixed number of queries."""
    meetings = meetings_upcoming_for(user=user, alliance=alliance, now=now).filter(
        starts_at__lt=now + datetime.timedelta(days=UPCOMING_DAYS)
    )
    decisions = (
        decisions_log(alliance=alliance)
        .filter(
            meeting__minutes_published_at__gte=since,
            meeting__group_id__in=groups_visible_to(user=user, alliance=alliance).values("pk"),
        )
        .order_by("-meeting__minutes_published_at", "-meeting__starts_at", "pk")
    )
    overdue = action_items_open_for(user=user, alliance=alliance).filter(
        deadline__lt=timezone.localdate(now)
    )
    return GroupsDigest(
        upcoming_meetings=list(meetings[:SECTION_LIMIT]),
        new_decisions=list(decisions[:SECTION_LIMIT]),
        overdue_action_items=list(overdue[:SECTION_LIMIT]),
    )


def _meeting_path(alliance: Alliance, meeting: Meeting) -> str:
    return reverse("workgroups:meeting", kwargs={"alliance_slug": alliance.slug, "pk": meeting.pk})


def digest_sections(
    *, user: User, alliance: Alliance, since: datetime.datetime, now: datetime.datetime
) -> list[DigestSection]:
    """The digest's sections on meetings, decisions and action items, in the active language."""
    content = groups_digest(user=user, alliance=alliance, since=since, now=now)
    slug = {"alliance_slug": alliance.slug}
    meetings = DigestSection(
        key="upcoming_meetings",
        title=gettext("Your meetings in the next two weeks"),
        items=[
            DigestItem(
                text=gettext("%(meeting)s, %(group)s")
                % {"meeting": meeting.title, "group": meeting.group.name},
                detail=", ".join(
                    part for part in (local_date_and_time(meeting.starts_at), meeting.place) if part
                ),
                url=_meeting_path(alliance, meeting),
            )
            for meeting in content.upcoming_meetings
        ],
        more_url=reverse("workgroups:my_work", kwargs=slug),
        more_label=gettext("See your meetings and action items"),
    )
    decisions = DigestSection(
        key="new_decisions",
        title=gettext("New decisions"),
        items=[
            DigestItem(
                text=Truncator(decision.text).chars(300),
                detail=gettext("%(group)s, meeting %(date)s")
                % {
                    "group": decision.meeting.group.name,
                    "date": local_date(timezone.localdate(decision.meeting.starts_at)),
                },
                url=_meeting_path(alliance, decision.meeting),
            )
            for decision in content.new_decisions
        ],
        more_url=reverse("workgroups:decisions", kwargs=slug),
        more_label=gettext("See the decisions log"),
    )
    action_items = DigestSection(
        key="overdue_action_items",
        title=gettext("Your overdue action items"),
        items=[
            DigestItem(
                text=item.title,
                detail=gettext("%(group)s, deadline %(deadline)s")
                % {"group": item.group.name, "deadline": local_date(item.deadline)},
                url=reverse("workgroups:my_work", kwargs=slug),
            )
            for item in content.overdue_action_items
        ],
        more_url=reverse("workgroups:my_work", kwargs=slug),
        more_label=gettext("Mark action items done"),
    )
    return [meetings, decisions, action_items]


def news_sections(
    *, user: User, alliance: Alliance, since: datetime.datetime, now: datetime.datetime
) -> list[DigestSection]:
    """The news posted by others since `since` that the person may read."""
    posts = list(news_since(user=user, alliance=alliance, since=since)[:SECTION_LIMIT])
    slug = {"alliance_slug": alliance.slug}
    return [
        DigestSection(
            key="news",
            title=gettext("News"),
            items=[
                DigestItem(
                    text=post.title,
                    detail=", ".join(
                        part
                        for part in (
                            post.group.name if post.group_id else "",
                            local_date(timezone.localdate(post.published_at)),
                        )
                        if part
                    ),
                    url=reverse("workgroups:news_detail", kwargs={**slug, "pk": post.pk}),
                )
                for post in posts
            ],
            more_url=reverse("workgroups:news", kwargs=slug),
            more_label=gettext("Read all news"),
        )
    ]
