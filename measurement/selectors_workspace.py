"""Shared measurement's queues in the secretariat's workspace (a provider named in
backbone.workspace.WORKSPACE_QUEUES): values waiting for approval, working groups late with
their reporting, and indicators off track that no group has decided anything about lately."""

from __future__ import annotations

import datetime
from urllib.parse import urlencode

from django.db.models import Exists, OuterRef, Q, QuerySet, Subquery
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext, ngettext

from alliance.models import Alliance, Membership
from alliance.permissions import has_capability
from backbone.workspace import QueueLine, queue_figures
from workgroups.models import Decision, GroupKind

from .models import DataPoint, DataPointStatus, Indicator, Summary, SummaryStatus
from .periods import period_after, period_label
from .selectors_review import late_reporting

# A decision older than this no longer counts as a reaction to an indicator off track.
DECISION_RECENT_DAYS = 90


def _url(name: str, alliance: Alliance, **kwargs) -> str:
    return reverse(f"measurement:{name}", kwargs={"alliance_slug": alliance.slug, **kwargs})


def workspace_queues(
    *, alliance: Alliance, membership: Membership, now: datetime.datetime
) -> list[QueueLine]:
    """The measurement lines of the workspace, for those who approve data. Nine queries."""
    if not has_capability(membership, "approve_data"):
        return []
    return [
        approvals_line(alliance=alliance),
        late_reporting_line(alliance=alliance, now=now),
        off_track_line(alliance=alliance, now=now),
    ]


def approvals_line(*, alliance: Alliance) -> QueueLine:
    """Submitted values waiting for approval; the oldest is the one submitted first (its last
    change is its submission: a submitted value cannot be edited). Two queries."""
    waiting = DataPoint.objects.filter(
        indicator__alliance=alliance, status=DataPointStatus.SUBMITTED
    ).select_related("indicator", "organisation")
    figures = queue_figures(waiting, since="updated_at")
    oldest_label = oldest_url = ""
    if figures.oldest is not None:
        datapoint = figures.oldest
        period = period_label(datapoint.indicator.frequency, datapoint.period)
        oldest_label = f"{datapoint.indicator} · {period} · {datapoint.organisation.name}"
        # The approvals page narrowed to the oldest value's indicator and period, at its row.
        query = urlencode(
            {
                "indicator": datapoint.indicator_id,
                "period": f"{datapoint.indicator.frequency}:{datapoint.period.isoformat()}",
            }
        )
        oldest_url = f"{_url('approvals', alliance)}?{query}#row-{datapoint.pk}"
    return QueueLine(
        key="approvals",
        area=gettext("Shared measurement"),
        title=gettext("Values waiting for approval"),
        count=figures.count,
        url=_url("approvals", alliance),
        link_text=gettext("Open the values to approve"),
        oldest_since=figures.oldest_since,
        oldest_label=oldest_label,
        oldest_url=oldest_url,
    )


def late_reporting_line(*, alliance: Alliance, now: datetime.datetime) -> QueueLine:
    """Working groups late with a report, as the periods page finds them (five queries); the
    oldest is the missing report whose period ended first, waiting since the day after."""
    late = late_reporting(alliance, timezone.localdate(now))
    oldest = min(
        late,
        key=lambda report: period_after(report.indicator.frequency, report.period),
        default=None,
    )
    detail = ""
    if late:
        detail = ngettext("%(n)s report is missing.", "%(n)s reports are missing.", len(late)) % {
            "n": len(late)
        }
    return QueueLine(
        key="late_reporting",
        area=gettext("Shared measurement"),
        title=gettext("Working groups late with their reporting"),
        count=len({report.group.pk for report in late}),
        url=_url("periods", alliance) + "#late-heading",
        link_text=gettext("See who is late on the periods page"),
        oldest_since=(period_after(oldest.indicator.frequency, oldest.period) if oldest else None),
        oldest_label=(
            f"{oldest.group.name}: {oldest.indicator} ({oldest.period_label})" if oldest else ""
        ),
        detail=detail,
    )


def recent_decisions_about(
    indicator_ref: OuterRef, *, now: datetime.datetime
) -> QuerySet[Decision]:
    """Decisions that count as being about an indicator: minuted at a meeting held in the last
    DECISION_RECENT_DAYS days (not cancelled) of a group that reports the indicator, or of a
    working group linked to one of the indicator's focus areas.

    A decision has no link of its own to an indicator or a focus area, so this is the nearest
    honest reading of "a decision about it". The steering group and the youth panel are linked
    to every focus area; through that link alone any of their decisions would count for every
    indicator, so they count only for the indicators they report themselves."""
    return Decision.objects.filter(
        Q(meeting__group__indicators=indicator_ref)
        | Q(
            meeting__group__kind=GroupKind.WORKING,
            meeting__group__focus_areas__indicators=indicator_ref,
        ),
        meeting__starts_at__gte=now - datetime.timedelta(days=DECISION_RECENT_DAYS),
        meeting__starts_at__lte=now,
        meeting__is_cancelled=False,
    )


def indicators_off_track_undecided(
    *, alliance: Alliance, now: datetime.datetime
) -> QuerySet[Indicator]:
    """The indicators whose latest total figure (the newest with a value, as the dashboard
    shows it) is off track, and about which no recent decision was made (see
    `recent_decisions_about`); each with `latest_period`."""
    latest = Summary.objects.filter(
        indicator=OuterRef("pk"), breakdown__isnull=True, value__isnull=False
    ).order_by("-period")
    return (
        Indicator.objects.filter(alliance=alliance)
        .annotate(
            latest_status=Subquery(latest.values("status")[:1]),
            latest_period=Subquery(latest.values("period")[:1]),
        )
        .filter(latest_status=SummaryStatus.OFF_TRACK)
        .exclude(Exists(recent_decisions_about(OuterRef("pk"), now=now)))
    )


def off_track_line(*, alliance: Alliance, now: datetime.datetime) -> QueueLine:
    """Indicators off track without a recent decision; the oldest is the one whose off-track
    figure is of the earliest period, waiting since that period ended. Two queries."""
    figures = queue_figures(
        indicators_off_track_undecided(alliance=alliance, now=now), since="latest_period"
    )
    indicator = figures.oldest
    return QueueLine(
        key="off_track",
        area=gettext("Shared measurement"),
        title=gettext("Indicators off track without a recent decision"),
        count=figures.count,
        url=_url("dashboard", alliance),
        link_text=gettext("Open the indicators"),
        oldest_since=(
            period_after(indicator.frequency, indicator.latest_period) if indicator else None
        ),
        oldest_label=(
            f"{indicator} ({period_label(indicator.frequency, indicator.latest_period)})"
            if indicator
            else ""
        ),
        oldest_url=_url("indicator_detail", alliance, pk=indicator.pk) if indicator else "",
        help_text=ngettext(
            "An indicator counts as decided on when a group that reports it, or a working "
            "group of its focus area, has minuted a decision at a meeting in the last %(days)s "
            "day. Decisions are not linked to indicators, so check the decisions yourself.",
            "An indicator counts as decided on when a group that reports it, or a working "
            "group of its focus area, has minuted a decision at a meeting in the last %(days)s "
            "days. Decisions are not linked to indicators, so check the decisions yourself.",
            DECISION_RECENT_DAYS,
        )
        % {"days": DECISION_RECENT_DAYS},
    )
