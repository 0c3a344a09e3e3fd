"""Youth input's queues in the secretariat's workspace (a provider named in
backbone.workspace.WORKSPACE_QUEUES): inputs waiting for moderation, published inputs that
young people reported, and inputs waiting for an answer, the overdue ones on a line of their
own before the others."""

from __future__ import annotations

import datetime

from django.db.models import Count, Q
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext

from alliance.models import Alliance, Membership
from alliance.permissions import has_capability
from backbone.workspace import QueueLine, queue_figures

from .models import InputReport, Moderation, YouthInput
from .permissions import APPROVED
from .selectors_staff import WAITING_STATUSES, overdue_q


def _url(name: str, alliance: Alliance, **kwargs) -> str:
    return reverse(f"youth_voice:{name}", kwargs={"alliance_slug": alliance.slug, **kwargs})


def workspace_queues(
    *, alliance: Alliance, membership: Membership, now: datetime.datetime
) -> list[QueueLine]:
    """The youth input lines of the workspace, for those who run the youth portal (who
    moderate, route and answer every input). Eight queries."""
    if not has_capability(membership, "manage_youth_portal"):
        return []
    today = timezone.localdate(now)
    return [
        moderation_line(alliance=alliance),
        reported_line(alliance=alliance),
        overdue_line(alliance=alliance, today=today),
        waiting_line(alliance=alliance, today=today),
    ]


def moderation_line(*, alliance: Alliance) -> QueueLine:
    """Inputs waiting for moderation, as the moderation queue lists them; the oldest is the
    one sent first. Its text is not shown: it is not moderated yet."""
    figures = queue_figures(
        YouthInput.objects.filter(alliance=alliance, moderation=Moderation.PENDING),
        since="created_at",
    )
    youth_input = figures.oldest
    return QueueLine(
        key="youth_moderation",
        area=gettext("Youth input"),
        title=gettext("Youth input waiting for moderation"),
        count=figures.count,
        url=_url("moderation_queue", alliance),
        link_text=gettext("Open the moderation queue"),
        oldest_since=figures.oldest_since,
        oldest_label=str(youth_input) if youth_input else "",
        oldest_url=_url("moderate", alliance, pk=youth_input.pk) if youth_input else "",
    )


def reported_line(*, alliance: Alliance) -> QueueLine:
    """Published inputs with reports not yet resolved (counted once however many reports);
    the oldest is the input of the oldest open report."""
    figures = queue_figures(
        InputReport.objects.filter(
            input__alliance=alliance,
            input__moderation=Moderation.PUBLISHED,
            resolved_at__isnull=True,
        ).select_related("input"),
        since="created_at",
        count=Count("input", distinct=True),
    )
    report = figures.oldest
    return QueueLine(
        key="youth_reported",
        area=gettext("Youth input"),
        title=gettext("Published youth input reported by young people"),
        count=figures.count,
        url=_url("moderation_queue", alliance) + "#reported-heading",
        link_text=gettext("See the reported inputs"),
        oldest_since=figures.oldest_since,
        oldest_label=str(report.input) if report else "",
        oldest_url=_url("moderate", alliance, pk=report.input_id) if report else "",
    )


def overdue_line(*, alliance: Alliance, today: datetime.date) -> QueueLine:
    """Inputs sent to a group and past their answer deadline, as the overdue page lists them;
    the oldest is the one most overdue."""
    figures = queue_figures(
        YouthInput.objects.filter(
            overdue_q(today), alliance=alliance, routed_group__isnull=False
        ).select_related("routed_group"),
        since="answer_due",
    )
    youth_input = figures.oldest
    return QueueLine(
        key="youth_overdue",
        area=gettext("Youth input"),
        title=gettext("Youth input past the deadline for an answer"),
        count=figures.count,
        url=_url("overdue", alliance),
        link_text=gettext("Open the overdue inputs"),
        oldest_since=figures.oldest_since,
        is_deadline=True,
        oldest_label=(f"{youth_input} · {youth_input.routed_group.name}" if youth_input else ""),
        oldest_url=_url("staff_detail", alliance, pk=youth_input.pk) if youth_input else "",
    )


def waiting_line(*, alliance: Alliance, today: datetime.date) -> QueueLine:
    """Approved inputs (published or kept private) waiting for an answer and not past a
    deadline (those are on the overdue line); the oldest is the one sent first."""
    figures = queue_figures(
        YouthInput.objects.filter(
            alliance=alliance, moderation__in=APPROVED, status__in=WAITING_STATUSES
        ).exclude(overdue_q(today) & Q(routed_group__isnull=False)),
        since="created_at",
    )
    youth_input = figures.oldest
    return QueueLine(
        key="youth_waiting",
        area=gettext("Youth input"),
        title=gettext("Youth input waiting for an answer"),
        count=figures.count,
        url=_url("staff_list", alliance) + "?waiting=on",
        link_text=gettext("See the inputs waiting for an answer"),
        oldest_since=figures.oldest_since,
        oldest_label=str(youth_input) if youth_input else "",
        oldest_url=_url("staff_detail", alliance, pk=youth_input.pk) if youth_input else "",
        help_text=gettext(
            "Inputs past their deadline are counted on their own line above, not here."
        ),
    )
