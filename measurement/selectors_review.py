"""Reads for the secretariat's side of shared measurement: the values waiting for approval with
what they would replace, one value's history, the periods with their reporting and locks, the
working groups that are late, and the indicator and breakdown definitions.

Every function here runs a fixed number of queries, however many data points there are: rows
are fetched with their relations in one go and matched up in Python.
"""

from __future__ import annotations

import datetime
import re
from collections import defaultdict
from dataclasses import dataclass, field
from decimal import Decimal

from django.db.models import Count, OuterRef, Prefetch, Q, QuerySet, Subquery
from django.shortcuts import get_object_or_404

from alliance.models import Alliance
from workgroups.models import GroupMember, WorkGroup

from .models import (
    Aggregation,
    DataPoint,
    DataPointStatus,
    Dimension,
    Frequency,
    Indicator,
    PeriodLock,
    Summary,
)
from .periods import MONTHS_PER_PERIOD, period_due, period_label, period_start
from .selectors import COORDINATING_SEATS

# A change from the previous period larger than this share is flagged for the reviewer.
JUMP_SHARE = Decimal("0.5")
# How many periods of each frequency the periods page shows (the current one and earlier).
PERIODS_SHOWN = 6
REPORTED_STATUSES = (DataPointStatus.SUBMITTED, DataPointStatus.APPROVED)


def period_before(frequency: str, period: datetime.date) -> datetime.date:
    """The first day of the period before `period`."""
    index = period.year * 12 + period.month - 1 - MONTHS_PER_PERIOD[frequency]
    return datetime.date(index // 12, index % 12 + 1, 1)


def figure_of(datapoint: DataPoint) -> Decimal | None:
    """The figure a data point reports: its value, or its percent for a ratio indicator."""
    if datapoint.indicator.aggregation == Aggregation.RATIO:
        if datapoint.numerator is None or not datapoint.denominator:
            return None
        return Decimal(100) * datapoint.numerator / datapoint.denominator
    return datapoint.value


def _key(datapoint: DataPoint, period: datetime.date | None = None) -> tuple:
    return (
        datapoint.indicator_id,
        period or datapoint.period,
        datapoint.organisation_id,
        datapoint.breakdown_id,
    )


# ---------------------------------------------------------------------------
# Values waiting for approval
# ---------------------------------------------------------------------------


def _with_relations(queryset: QuerySet[DataPoint]) -> QuerySet[DataPoint]:
    return queryset.select_related(
        "indicator", "organisation", "breakdown__dimension", "entered_by", "approved_by"
    )


def approvals_waiting(
    *,
    alliance: Alliance,
    indicator: Indicator | None = None,
    group: WorkGroup | None = None,
    frequency: str | None = None,
    period: datetime.date | None = None,
) -> QuerySet[DataPoint]:
    """The alliance's submitted data points, by indicator, period, organisation and breakdown;
    optionally only one indicator's, the indicators a group reports, or one period."""
    waiting = DataPoint.objects.filter(
        indicator__alliance=alliance, status=DataPointStatus.SUBMITTED
    )
    if indicator is not None:
        waiting = waiting.filter(indicator=indicator)
    if group is not None:
        waiting = waiting.filter(
            indicator_id__in=Indicator.objects.filter(workgroups=group).values("pk")
        )
    if frequency is not None and period is not None:
        waiting = waiting.filter(indicator__frequency=frequency, period=period)
    return _with_relations(waiting).order_by(
        "indicator__code",
        "indicator__name",
        "indicator_id",
        "period",
        "organisation__name",
        "breakdown__dimension__position",
        "breakdown__position",
        "pk",
    )


def approval_period_choices(alliance: Alliance) -> list[tuple[str, str]]:
    """The periods that have values waiting, as ("frequency:YYYY-MM-DD", label), newest first."""
    pairs = (
        DataPoint.objects.filter(indicator__alliance=alliance, status=DataPointStatus.SUBMITTED)
        .values_list("indicator__frequency", "period")
        .distinct()
        .order_by("-period", "indicator__frequency")
    )
    return [
        (f"{frequency}:{period.isoformat()}", period_label(frequency, period))
        for frequency, period in pairs
    ]


@dataclass
class ApprovalRow:
    """A submitted value with what the reviewer compares it with."""

    datapoint: DataPoint
    figure: Decimal | None
    replaces: DataPoint | None  # the approved value of the same key it would supersede
    replaces_figure: Decimal | None
    previous: DataPoint | None  # the approved value of the same key in the period before
    previous_figure: Decimal | None
    previous_period_label: str
    change: Decimal | None  # relative change from the previous period, in percent
    is_jump: bool


@dataclass
class ApprovalGroup:
    """The rows of one indicator and period."""

    indicator: Indicator
    period: datetime.date
    period_label: str
    rows: list[ApprovalRow] = field(default_factory=list)


def _change(new: Decimal | None, old: Decimal | None) -> tuple[Decimal | None, bool]:
    if new is None or old is None:
        return None, False
    if old == 0:
        return None, new != 0
    share = (new - old) / abs(old)
    return share * 100, abs(share) > JUMP_SHARE


def approval_groups(datapoints: list[DataPoint]) -> list[ApprovalGroup]:
    """The data points (a page of `approvals_waiting`) grouped by indicator and period, each
    with the current approved value of its key and of the period before (one query)."""
    if not datapoints:
        return []
    before = {dp.pk: period_before(dp.indicator.frequency, dp.period) for dp in datapoints}
    wanted = {_key(dp) for dp in datapoints} | {_key(dp, before[dp.pk]) for dp in datapoints}
    approved = {
        _key(dp): dp
        for dp in DataPoint.objects.current()
        .filter(
            indicator_id__in={dp.indicator_id for dp in datapoints},
            organisation_id__in={dp.organisation_id for dp in datapoints},
            period__in={key[1] for key in wanted},
        )
        .select_related("indicator")
        if _key(dp) in wanted
    }
    groups: list[ApprovalGroup] = []
    for dp in datapoints:
        if not groups or (groups[-1].indicator.pk, groups[-1].period) != (
            dp.indicator_id,
            dp.period,
        ):
            groups.append(
                ApprovalGroup(
                    indicator=dp.indicator,
                    period=dp.period,
                    period_label=period_label(dp.indicator.frequency, dp.period),
                )
            )
        replaces = approved.get(_key(dp))
        previous = approved.get(_key(dp, before[dp.pk]))
        figure = figure_of(dp)
        previous_figure = figure_of(previous) if previous else None
        change, is_jump = _change(figure, previous_figure)
        groups[-1].rows.append(
            ApprovalRow(
                datapoint=dp,
                figure=figure,
                replaces=replaces,
                replaces_figure=figure_of(replaces) if replaces else None,
                previous=previous,
                previous_figure=previous_figure,
                previous_period_label=period_label(dp.indicator.frequency, before[dp.pk]),
                change=change,
                is_jump=is_jump,
            )
        )
    return groups


def approvals_recent(*, alliance: Alliance, limit: int = 10) -> list[dict]:
    """The most recently approved values that still count, newest first, each with its
    figure (for undoing or correcting an approval made by mistake)."""
    recent = _with_relations(
        DataPoint.objects.current().filter(indicator__alliance=alliance)
    ).order_by("-approved_at", "-pk")[:limit]
    return [
        {
            "datapoint": dp,
            "figure": figure_of(dp),
            "period_label": period_label(dp.indicator.frequency, dp.period),
        }
        for dp in recent
    ]


# ---------------------------------------------------------------------------
# One data point
# ---------------------------------------------------------------------------


def datapoint_get(*, alliance: Alliance, pk: int) -> DataPoint:
    """A data point of the alliance with its relations; 404 for another alliance's."""
    return get_object_or_404(
        _with_relations(DataPoint.objects.select_related("indicator__alliance")),
        pk=pk,
        indicator__alliance=alliance,
    )


def datapoint_history(datapoint: DataPoint) -> list[dict]:
    """Every data point of the same key (indicator, period, organisation, breakdown value),
    oldest first: the approved values it supersedes or that supersede it, and the drafts,
    submitted and returned values around them. Each with its figure and whether it counts."""
    versions = list(
        _with_relations(
            DataPoint.objects.filter(
                indicator_id=datapoint.indicator_id,
                period=datapoint.period,
                organisation_id=datapoint.organisation_id,
                breakdown_id=datapoint.breakdown_id,
            )
        ).order_by("created_at", "pk")
    )
    superseded = {dp.supersedes_id for dp in versions if dp.supersedes_id}
    return [
        {
            "datapoint": dp,
            "figure": figure_of(dp),
            "is_current": dp.status == DataPointStatus.APPROVED and dp.pk not in superseded,
            "is_superseded": dp.pk in superseded,
            "superseded_by": next((o for o in versions if o.supersedes_id == dp.pk), None),
            "is_this": dp.pk == datapoint.pk,
        }
        for dp in versions
    ]


def datapoint_is_current(datapoint: DataPoint) -> bool:
    """Approved and not superseded (one query)."""
    return (
        datapoint.status == DataPointStatus.APPROVED
        and not DataPoint.objects.filter(supersedes=datapoint).exists()
    )


# ---------------------------------------------------------------------------
# Periods: reporting and locks
# ---------------------------------------------------------------------------


@dataclass
class PeriodRow:
    frequency: str
    period: datetime.date
    label: str
    is_due: bool
    is_current: bool
    is_locked: bool
    lock: PeriodLock | None
    indicators_submitted: int = 0
    indicators_approved: int = 0
    organisations_submitted: int = 0
    organisations_approved: int = 0


@dataclass
class FrequencyPeriods:
    frequency: str
    label: str
    indicators: int
    periods: list[PeriodRow]


def period_overview(*, alliance: Alliance, today: datetime.date) -> list[FrequencyPeriods]:
    """Per frequency the alliance's indicators use: the recent periods, newest first, with how
    many indicators and organisations have values submitted (waiting) and approved, and
    whether the period is locked (three queries)."""
    counts = dict(
        Indicator.objects.filter(alliance=alliance)
        .order_by()
        .values("frequency")
        .annotate(n=Count("pk"))
        .values_list("frequency", "n")
    )
    frequencies = [f for f in Frequency.values if f in counts]
    if not frequencies:
        return []
    windows = {}
    for frequency in frequencies:
        newest = period_start(frequency, today)
        shown = [newest]
        for _ in range(PERIODS_SHOWN - 1):
            shown.append(period_before(frequency, shown[-1]))
        windows[frequency] = shown
    earliest = min(shown[-1] for shown in windows.values())
    reported = {
        (row["indicator__frequency"], row["period"]): row
        for row in DataPoint.objects.filter(
            indicator__alliance=alliance, status__in=REPORTED_STATUSES, period__gte=earliest
        )
        .values("indicator__frequency", "period")
        .annotate(
            indicators_submitted=Count(
                "indicator", distinct=True, filter=Q(status=DataPointStatus.SUBMITTED)
            ),
            indicators_approved=Count(
                "indicator", distinct=True, filter=Q(status=DataPointStatus.APPROVED)
            ),
            organisations_submitted=Count(
                "organisation", distinct=True, filter=Q(status=DataPointStatus.SUBMITTED)
            ),
            organisations_approved=Count(
                "organisation", distinct=True, filter=Q(status=DataPointStatus.APPROVED)
            ),
        )
        .order_by()
    }
    locks = {
        (lock.frequency, lock.period): lock
        for lock in PeriodLock.objects.filter(alliance=alliance).select_related("locked_by")
    }
    overview = []
    for frequency in frequencies:
        due = period_due(frequency, today)
        rows = []
        for period in windows[frequency]:
            lock = locks.get((frequency, period))
            row = PeriodRow(
                frequency=frequency,
                period=period,
                label=period_label(frequency, period),
                is_due=period == due,
                is_current=period == windows[frequency][0],
                is_locked=lock is not None,
                lock=lock,
            )
            figures = reported.get((frequency, period))
            if figures:
                for name in (
                    "indicators_submitted",
                    "indicators_approved",
                    "organisations_submitted",
                    "organisations_approved",
                ):
                    setattr(row, name, figures[name])
            rows.append(row)
        overview.append(
            FrequencyPeriods(
                frequency=frequency,
                label=Frequency(frequency).label,
                indicators=counts[frequency],
                periods=rows,
            )
        )
    return overview


def period_locks_older(*, alliance: Alliance, overview: list[FrequencyPeriods]) -> list[dict]:
    """Locked periods that the overview does not show (older ones), newest first (one query)."""
    shown = {(row.frequency, row.period) for block in overview for row in block.periods}
    return [
        {"lock": lock, "label": period_label(lock.frequency, lock.period)}
        for lock in PeriodLock.objects.filter(alliance=alliance)
        .select_related("locked_by")
        .order_by("-period", "frequency")
        if (lock.frequency, lock.period) not in shown
    ]


@dataclass(frozen=True)
class LateReport:
    """A working group that has reported nothing for an indicator's due period."""

    group: WorkGroup
    indicator: Indicator
    period: datetime.date
    period_label: str
    coordinators: tuple[str, ...]


def late_reporting(alliance: Alliance, today: datetime.date) -> list[LateReport]:
    """For each indicator, the due period (the latest that has ended) and the active groups
    reporting it that are late with it, by group and indicator.

    A group's report is a submitted or approved value entered by one of its members, or from
    an organisation represented in the group or leading it (those its coordinators report
    for). A group is late when it has no report for the due period and either it reported the
    period before (it usually does) or nobody has reported the indicator for the due period at
    all. So a group linked to a survey figure that the secretariat enters for other
    organisations is not counted late, while a new indicator nobody has reported is. Five
    queries, however many indicators, groups and data points there are."""
    indicators = list(
        Indicator.objects.filter(alliance=alliance)
        .prefetch_related(_active_groups_prefetch())
        .order_by("code", "name")
    )
    due = {f: period_due(f, today) for f in {i.frequency for i in indicators}}
    if not due:
        return []
    before = {f: period_before(f, period) for f, period in due.items()}
    reported_filter = Q()
    for frequency, period in due.items():
        reported_filter |= Q(indicator__frequency=frequency, period__in=(period, before[frequency]))
    # (indicator id, period) -> (organisations, people) with a report
    reported: dict[tuple, tuple[set, set]] = defaultdict(lambda: (set(), set()))
    for indicator_id, period, organisation_id, user_id in (
        DataPoint.objects.filter(
            reported_filter, indicator__alliance=alliance, status__in=REPORTED_STATUSES
        )
        .order_by()
        .values_list("indicator_id", "period", "organisation_id", "entered_by_id")
        .distinct()
    ):
        reported[indicator_id, period][0].add(organisation_id)
        reported[indicator_id, period][1].add(user_id)
    group_ids = {g.pk for i in indicators for g in i.active_groups}
    organisations: dict[int, set] = defaultdict(set)
    users: dict[int, set] = defaultdict(set)
    coordinators: dict[int, list[str]] = defaultdict(list)
    for seat in (
        GroupMember.objects.filter(group_id__in=group_ids)
        .select_related("user")
        .order_by("user__full_name", "user__email")
    ):
        users[seat.group_id].add(seat.user_id)
        if seat.organisation_id:
            organisations[seat.group_id].add(seat.organisation_id)
        if seat.role in COORDINATING_SEATS:
            coordinators[seat.group_id].append(seat.user.get_full_name())
    for group_id, organisation_id in WorkGroup.lead_organisations.through.objects.filter(
        workgroup_id__in=group_ids
    ).values_list("workgroup_id", "organisation_id"):
        organisations[group_id].add(organisation_id)

    def has_report(group_id: int, key: tuple) -> bool:
        reported_orgs, reported_users = reported.get(key, (set(), set()))
        return bool(organisations[group_id] & reported_orgs or users[group_id] & reported_users)

    late = []
    for indicator in indicators:
        period = due[indicator.frequency]
        now, earlier = (indicator.pk, period), (indicator.pk, before[indicator.frequency])
        nobody_reported = now not in reported
        for group in indicator.active_groups:
            if has_report(group.pk, now):
                continue
            if not (nobody_reported or has_report(group.pk, earlier)):
                continue
            late.append(
                LateReport(
                    group=group,
                    indicator=indicator,
                    period=period,
                    period_label=period_label(indicator.frequency, period),
                    coordinators=tuple(coordinators[group.pk]),
                )
            )
    late.sort(key=lambda r: (r.group.name.lower(), r.indicator.code, r.indicator.name))
    return late


def _active_groups_prefetch() -> Prefetch:
    return Prefetch(
        "workgroups",
        queryset=WorkGroup.objects.active().order_by("name"),
        to_attr="active_groups",
    )


# ---------------------------------------------------------------------------
# Indicator and breakdown definitions
# ---------------------------------------------------------------------------


def indicator_setup_list(*, alliance: Alliance) -> list[Indicator]:
    """The alliance's indicators with their reporting groups (`active_groups`), number of data
    points, and the status and period label of their latest total (two queries)."""
    latest_total = Summary.objects.filter(
        indicator=OuterRef("pk"), breakdown__isnull=True
    ).order_by("-period")
    indicators = list(
        Indicator.objects.filter(alliance=alliance)
        .annotate(
            datapoint_count=Count("data_points"),
            latest_status=Subquery(latest_total.values("status")[:1]),
            latest_period=Subquery(latest_total.values("period")[:1]),
        )
        .prefetch_related(_active_groups_prefetch())
        .order_by("code", "name")
    )
    indicators.sort(key=lambda i: (_natural(i.code), i.name.lower()))
    for indicator in indicators:
        indicator.latest_period_label = (
            period_label(indicator.frequency, indicator.latest_period)
            if indicator.latest_period
            else ""
        )
    return indicators


def _natural(code: str) -> tuple:
    """A sort key putting P2 before P10."""
    return tuple(int(part) if part.isdigit() else part.lower() for part in re.split(r"(\d+)", code))


def indicator_get(*, alliance: Alliance, pk: int) -> Indicator:
    return get_object_or_404(Indicator, pk=pk, alliance=alliance)


def dimension_setup_list(*, alliance: Alliance) -> QuerySet[Dimension]:
    """The alliance's breakdown dimensions with their values and number of indicators."""
    return (
        Dimension.objects.filter(alliance=alliance)
        .annotate(indicator_count=Count("indicators", distinct=True))
        .prefetch_related("values")
        .order_by("position", "name")
    )


def dimension_get(*, alliance: Alliance, pk: int) -> Dimension:
    return get_object_or_404(Dimension, pk=pk, alliance=alliance)
