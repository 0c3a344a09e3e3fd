"""Reads for the reporting pages: what a person has to report, where each figure stands, and the
values already entered for one indicator, period and organisation."""

from __future__ import annotations

import datetime
from dataclasses import dataclass, field

from django.db.models import Prefetch, Q

from alliance.models import Membership, Organisation
from alliance.permissions import has_capability
from workgroups.models import WorkGroup

from .models import DataPoint, DataPointStatus, DimensionValue, Indicator
from .periods import period_code, period_due, period_label
from .selectors import groups_coordinated_by, indicators_reportable_by, reporting_organisations
from .services import OPEN_STATUSES

NOT_STARTED = "not_started"
# The state of a figure when its values differ: the one that needs the person first.
STATE_ORDER = (
    DataPointStatus.RETURNED,
    DataPointStatus.DRAFT,
    DataPointStatus.SUBMITTED,
    DataPointStatus.APPROVED,
)
ATTENTION_LIMIT = 100


@dataclass
class ReportLine:
    """One indicator to report: its due period and how far the person's values have come."""

    indicator: Indicator
    period: datetime.date
    period_label: str
    state: str = NOT_STARTED
    return_reasons: list[str] = field(default_factory=list)


@dataclass
class ReportGroup:
    group: WorkGroup | None  # None: indicators no group of the person reports
    lines: list[ReportLine]


def report_overview(*, membership: Membership, today: datetime.date) -> list[ReportGroup]:
    """The person's reportable indicators grouped by their reporting group, each with its due
    period and the state of the person's organisations' values for it. A fixed number of
    queries, however many indicators."""
    if has_capability(membership, "approve_data"):
        groups = WorkGroup.objects.active().filter(alliance_id=membership.alliance_id)
    else:
        groups = groups_coordinated_by(membership)
    indicators = list(
        indicators_reportable_by(membership)
        .order_by("code", "name")
        .prefetch_related(
            Prefetch("workgroups", queryset=groups.order_by("name"), to_attr="reporting_groups")
        )
    )
    due = {
        frequency: period_due(frequency, today)
        for frequency in {indicator.frequency for indicator in indicators}
    }
    states = _states(membership, indicators, due)
    by_group: dict[int | None, ReportGroup] = {}
    for indicator in indicators:
        period = due[indicator.frequency]
        statuses, reasons = states.get(indicator.pk, (set(), []))
        state = next((status for status in STATE_ORDER if status in statuses), NOT_STARTED)
        line = ReportLine(
            indicator=indicator,
            period=period,
            period_label=period_label(indicator.frequency, period),
            state=str(state),
            return_reasons=reasons,
        )
        group = indicator.reporting_groups[0] if indicator.reporting_groups else None
        key = group.pk if group else None
        by_group.setdefault(key, ReportGroup(group=group, lines=[])).lines.append(line)
    return sorted(
        by_group.values(), key=lambda g: (g.group is None, g.group.name if g.group else "")
    )


def _states(membership: Membership, indicators: list[Indicator], due: dict) -> dict:
    """indicator id -> (the statuses of its values for the due period, return reasons)."""
    if not indicators:
        return {}
    in_due_period = Q()
    for frequency, period in due.items():
        in_due_period |= Q(indicator__frequency=frequency, period=period)
    rows = (
        DataPoint.objects.filter(
            in_due_period,
            indicator__in=[indicator.pk for indicator in indicators],
            organisation__in=reporting_organisations(membership).values("pk"),
        )
        .filter(Q(status__in=OPEN_STATUSES) | Q(superseded_by__isnull=True))
        .values_list("indicator_id", "status", "return_reason")
    )
    states: dict[int, tuple[set, list]] = {}
    for indicator_id, status, reason in rows:
        statuses, reasons = states.setdefault(indicator_id, (set(), []))
        statuses.add(status)
        if status == DataPointStatus.RETURNED and reason and reason not in reasons:
            reasons.append(reason)
    return states


def attention_datapoints(*, membership: Membership) -> list[DataPoint]:
    """The person's values that wait for them: returned ones (with the reason) first, then
    drafts. A coordinator also sees those of the organisations they report for; the
    secretariat only its own (the approval queue shows the rest)."""
    datapoints = DataPoint.objects.filter(
        indicator__in=indicators_reportable_by(membership).values("pk"),
        status__in=[DataPointStatus.RETURNED, DataPointStatus.DRAFT],
    )
    mine = Q(entered_by_id=membership.user_id)
    if not has_capability(membership, "approve_data"):
        mine |= Q(organisation__in=reporting_organisations(membership).values("pk"))
    return list(
        datapoints.filter(mine)
        .select_related("indicator", "organisation", "breakdown__dimension")
        .order_by("-status", "indicator__code", "indicator__name", "period", "breakdown_id")[
            :ATTENTION_LIMIT
        ]
    )


@dataclass
class AttentionGroup:
    """The waiting values of one indicator, period and organisation."""

    indicator: Indicator
    period: datetime.date
    period_label: str
    organisation: Organisation
    datapoints: list[DataPoint]

    @property
    def period_code(self) -> str:
        return period_code(self.indicator.frequency, self.period)

    @property
    def return_reasons(self) -> list[str]:
        reasons = [
            datapoint.return_reason
            for datapoint in self.datapoints
            if datapoint.status == DataPointStatus.RETURNED and datapoint.return_reason
        ]
        return list(dict.fromkeys(reasons))


def attention_groups(*, membership: Membership) -> list[AttentionGroup]:
    """`attention_datapoints` grouped by indicator, period and organisation; each data point
    gets `can_act`: whether the person may submit or delete it (their own, or the
    secretariat)."""
    is_secretariat = has_capability(membership, "approve_data")
    groups: dict[tuple, AttentionGroup] = {}
    for datapoint in attention_datapoints(membership=membership):
        datapoint.can_act = is_secretariat or datapoint.entered_by_id == membership.user_id
        key = (datapoint.indicator_id, datapoint.period, datapoint.organisation_id)
        if key not in groups:
            groups[key] = AttentionGroup(
                indicator=datapoint.indicator,
                period=datapoint.period,
                period_label=period_label(datapoint.indicator.frequency, datapoint.period),
                organisation=datapoint.organisation,
                datapoints=[],
            )
        groups[key].datapoints.append(datapoint)
    for group in groups.values():
        group.datapoints.sort(key=lambda d: (d.breakdown is not None, str(d.breakdown or "")))
    return list(groups.values())


@dataclass
class KeyValues:
    """The values of one indicator, period and organisation: per breakdown value id (None for
    the total), the open value if there is one, else the current approved one."""

    by_breakdown: dict[int | None, DataPoint]

    @property
    def comment(self) -> str:
        for datapoint in self.by_breakdown.values():
            if datapoint.comment and datapoint.status != DataPointStatus.APPROVED:
                return datapoint.comment
        total = self.by_breakdown.get(None)
        return total.comment if total else ""

    @property
    def returned(self) -> list[DataPoint]:
        return [d for d in self.by_breakdown.values() if d.status == DataPointStatus.RETURNED]


def key_values(
    *, indicator: Indicator, period: datetime.date, organisation: Organisation
) -> KeyValues:
    """The values to show in the entry form (two queries)."""
    found: dict[int | None, DataPoint] = {}
    key = {"indicator": indicator, "period": period, "organisation": organisation}
    for datapoint in DataPoint.objects.current().filter(**key):
        found[datapoint.breakdown_id] = datapoint
    for datapoint in DataPoint.objects.filter(status__in=OPEN_STATUSES, **key):
        found[datapoint.breakdown_id] = datapoint  # an open value wins over the approved one
    return KeyValues(by_breakdown=found)


def breakdown_values(indicator: Indicator) -> list[tuple[str, list[DimensionValue]]]:
    """The indicator's breakdowns with their values, in their order (one query)."""
    values = DimensionValue.objects.filter(
        dimension__in=indicator.dimensions.values("pk")
    ).select_related("dimension")
    grouped: dict[int, tuple[str, list[DimensionValue]]] = {}
    for value in values.order_by("dimension__position", "dimension__name", "position", "label"):
        grouped.setdefault(value.dimension_id, (value.dimension.name, []))[1].append(value)
    return list(grouped.values())


def reportable_indicators_for_template(membership: Membership):
    """The person's indicators with their breakdowns, for the all-indicators template."""
    return (
        indicators_reportable_by(membership)
        .order_by("code", "name")
        .prefetch_related("dimensions__values")
    )
