"""The groups' queue in the secretariat's workspace (a provider named in
backbone.workspace.WORKSPACE_QUEUES): action items past their deadline, with how many each
group has, since the alliance has no page of its own listing them all."""

from __future__ import annotations

import datetime

from django.db.models import Count
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext

from alliance.models import Alliance, Membership
from alliance.permissions import has_capability
from backbone.workspace import QueueLine, QueuePart, queue_figures

from .models import ActionItem, ActionItemStatus


def _group_url(alliance: Alliance, group_slug: str) -> str:
    return (
        reverse(
            "workgroups:detail",
            kwargs={"alliance_slug": alliance.slug, "group_slug": group_slug},
        )
        + "#actions-heading"
    )


def workspace_queues(
    *, alliance: Alliance, membership: Membership, now: datetime.datetime
) -> list[QueueLine]:
    """The groups' line of the workspace, for those who manage every group. Three queries."""
    if not has_capability(membership, "manage_groups"):
        return []
    return [overdue_action_items_line(alliance=alliance, today=timezone.localdate(now))]


def overdue_action_items_line(*, alliance: Alliance, today: datetime.date) -> QueueLine:
    """Open action items of active groups whose deadline has passed, with one part per group
    (most overdue items first); the oldest is the one with the earliest deadline."""
    overdue = ActionItem.objects.filter(
        group__alliance=alliance,
        group__is_archived=False,
        status=ActionItemStatus.OPEN,
        deadline__lt=today,
    )
    figures = queue_figures(overdue.select_related("group", "owner"), since="deadline")
    per_group = (
        overdue.values("group__name", "group__slug")
        .annotate(items=Count("pk"))
        .order_by("-items", "group__name")
    )
    item = figures.oldest
    return QueueLine(
        key="overdue_action_items",
        area=gettext("Groups"),
        title=gettext("Action items past their deadline"),
        count=figures.count,
        url=reverse("workgroups:list", kwargs={"alliance_slug": alliance.slug}),
        link_text=gettext("See the groups"),
        oldest_since=figures.oldest_since,
        is_deadline=True,
        oldest_label=(
            f"{item.title} · {item.owner.get_full_name()} · {item.group.name}" if item else ""
        ),
        oldest_url=_group_url(alliance, item.group.slug) if item else "",
        parts=tuple(
            QueuePart(
                label=row["group__name"],
                count=row["items"],
                url=_group_url(alliance, row["group__slug"]),
            )
            for row in per_group
        ),
    )
