"""Aggregation of approved data points into summaries (the only thing the dashboard reads).

The rules, in one place:

- Input: `DataPoint.objects.current()` of one indicator (approved and not superseded, so a
  correction counts instead of the value it corrects; drafts, submitted and returned values do
  not count).
- Rows: one Summary per (period, breakdown value) that has data, plus one total per period
  (breakdown NULL).
- The total of a period: if any organisation reported a total (a data point without breakdown)
  for that period, the total comes from those data points only. Otherwise it combines the
  breakdown values of ONE dimension: the first dimension by position (then id) that has data in
  that period. Several dimensions are never added up, which would count everyone twice.
  Organisations that reported only breakdowns while others reported a total are left out of
  the total.
- Across organisations and breakdown values (`Indicator.aggregation`):
  SUM adds the values; WEIGHTED_MEAN is sum(value * n) / sum(n) where a data point without
  respondents weighs 1; RATIO is 100 * sum(numerator) / sum(denominator) (a ratio of sums,
  never a mean of percents); LATEST is the value of the most recently approved data point
  (approved_at, then id; for a total from breakdowns, the most recent in the chosen
  dimension); NONE stores no value but counts the organisations.
- respondents is the sum of n (NULL when nobody reported n); organisations the number of
  distinct reporting organisations. Both always describe the period itself, also for a
  cumulative indicator (the conservative choice for suppressing small groups).
- CUMULATIVE: the value of a period is computed from the running sums of the periodic parts up
  to and including that period (SUM: running sum; RATIO: running numerators over running
  denominators; WEIGHTED_MEAN: running weighted sum over running weights). LATEST and NONE are
  the same as periodic. Rows exist only for periods with data.
- target: the Target of the same period and breakdown (or total), if any.
- trend: least-squares slope per period over the row and up to two earlier rows of the same
  breakdown (or total) with a value; NULL with fewer than two. Periods are placed by their
  distance in months divided by the indicator's frequency, so a missing period is a gap.
- status: see `_status`.

Grouping and summing happen in the database (GROUP BY through the ORM); Python only walks the
few grouped rows. Suppression of small groups is not applied when storing (the secretariat sees
everything): the dashboard asks `summary_is_suppressed` / `summary_is_uncertain`. What storing
does decide is complementary suppression: where exactly one breakdown value of a dimension is
below the threshold in a period, the other value with the fewest respondents is marked
`is_hidden_with_neighbour`, so the small one cannot be worked out from the total.
"""

from __future__ import annotations

import datetime
from collections import defaultdict
from collections.abc import Hashable, Iterable
from dataclasses import dataclass, replace
from decimal import Decimal

from django.db import transaction
from django.db.models import Count, DecimalField, F, Q, Sum, Value, Window
from django.db.models.functions import Coalesce, RowNumber
from django.utils import timezone

from alliance.models import Alliance

from .models import (
    Aggregation,
    DataPoint,
    DimensionValue,
    Direction,
    Indicator,
    Summary,
    SummaryStatus,
    Target,
    TimeAggregation,
)
from .periods import MONTHS_PER_PERIOD

PLACES = Decimal("0.000001")
TREND_PERIODS = 3
# How many indicators a full recompute groups in one scan of the data points.
RECOMPUTE_BATCH = 200
# A trend smaller than this share of the value per period counts as flat.
FLAT_SHARE = Decimal("0.005")

_DECIMAL = DecimalField(max_digits=28, decimal_places=6)
# What a recompute compares to decide whether a stored summary row changed.
_COMPARED = (
    "value",
    "numerator",
    "denominator",
    "respondents",
    "organisations",
    "target",
    "trend",
    "status",
    "is_hidden_with_neighbour",
)


@dataclass(frozen=True)
class _Parts:
    """The summable parts of one group; values are derived from them."""

    value_sum: Decimal | None
    weighted_sum: Decimal | None
    weight: Decimal | None
    numerator: Decimal | None
    denominator: Decimal | None
    respondents: int | None
    organisations: int
    latest: Decimal | None = None


def _dec(number) -> Decimal | None:
    if number is None:
        return None
    if isinstance(number, Decimal):
        return number
    return Decimal(str(number))


def _add(a: Decimal | None, b: Decimal | None) -> Decimal | None:
    if a is None:
        return b
    if b is None:
        return a
    return a + b


def _grouped(queryset, *fields: str) -> list[dict]:
    """One row per group with the summable parts, computed by the database."""
    return list(
        queryset.values(*fields)
        .order_by()
        .annotate(
            value_sum=Sum("value"),
            weighted_sum=Sum(F("value") * Coalesce("respondents", Value(1)), output_field=_DECIMAL),
            weight=Sum(Coalesce("respondents", Value(1))),
            numerator_sum=Sum("numerator"),
            denominator_sum=Sum("denominator"),
            respondents_sum=Sum("respondents"),
            organisation_count=Count("organisation", distinct=True),
        )
    )


def _latest(queryset, partition: str) -> dict[tuple, Decimal | None]:
    """The value of the most recently approved data point per (indicator, period, partition)."""
    rows = (
        queryset.annotate(
            rank=Window(
                RowNumber(),
                partition_by=[F("indicator"), F("period"), F(partition)],
                order_by=[F("approved_at").desc(nulls_last=True), F("id").desc()],
            )
        )
        .filter(rank=1)
        .values_list("indicator", "period", partition, "value")
    )
    return {(indicator, period, key): _dec(value) for indicator, period, key, value in rows}


def _parts(row: dict, latest: Decimal | None) -> _Parts:
    return _Parts(
        value_sum=_dec(row["value_sum"]),
        weighted_sum=_dec(row["weighted_sum"]),
        weight=_dec(row["weight"]),
        numerator=_dec(row["numerator_sum"]),
        denominator=_dec(row["denominator_sum"]),
        respondents=row["respondents_sum"],
        organisations=row["organisation_count"],
        latest=latest,
    )


def _value(aggregation: str, parts: _Parts) -> Decimal | None:
    if aggregation == Aggregation.SUM:
        value = parts.value_sum
    elif aggregation == Aggregation.WEIGHTED_MEAN:
        value = parts.weighted_sum / parts.weight if parts.weight else None
    elif aggregation == Aggregation.RATIO:
        if parts.numerator is None or not parts.denominator:
            value = None
        else:
            value = 100 * parts.numerator / parts.denominator
    elif aggregation == Aggregation.LATEST:
        value = parts.latest
    else:
        value = None
    return value.quantize(PLACES) if value is not None else None


def _running(series: list[_Parts]) -> list[_Parts]:
    """Running sums of the summable parts (for a cumulative indicator)."""
    result: list[_Parts] = []
    total: _Parts | None = None
    for parts in series:
        if total is None:
            total = parts
        else:
            total = replace(
                parts,
                value_sum=_add(total.value_sum, parts.value_sum),
                weighted_sum=_add(total.weighted_sum, parts.weighted_sum),
                weight=_add(total.weight, parts.weight),
                numerator=_add(total.numerator, parts.numerator),
                denominator=_add(total.denominator, parts.denominator),
            )
        result.append(total)
    return result


def _period_index(period: datetime.date, frequency: str) -> Decimal:
    months = period.year * 12 + period.month - 1
    return Decimal(months) / MONTHS_PER_PERIOD.get(frequency, 1)


def _slope(points: list[tuple[Decimal, Decimal]]) -> Decimal | None:
    """Least-squares slope of (x, y) points; None with fewer than two."""
    if len(points) < 2:
        return None
    count = len(points)
    mean_x = sum(x for x, _ in points) / count
    mean_y = sum(y for _, y in points) / count
    spread = sum((x - mean_x) ** 2 for x, _ in points)
    if not spread:
        return None
    slope = sum((x - mean_x) * (y - mean_y) for x, y in points) / spread
    return slope.quantize(PLACES)


def _status(
    *,
    value: Decimal | None,
    trend: Decimal | None,
    direction: str,
    target: Decimal | None,
    periods_to_target: Decimal,
) -> str:
    """The traffic light of one summary row.

    - No value: NO_DATA.
    - With a target (the row's own, or the next later one of the same breakdown or total):
      ON_TRACK when the value meets it, or when value + trend * periods left meets it by the
      target's period; OFF_TRACK when the trend moves away from it; AT_RISK otherwise (flat,
      too slow, or no trend yet).
    - Without a target: ON_TRACK when the trend goes the good way, AT_RISK when it is flat,
      OFF_TRACK when it goes the wrong way, NO_DATA when there is no trend yet (one period).
    "Flat" is a change of less than FLAT_SHARE of the value per period.
    """
    if value is None:
        return SummaryStatus.NO_DATA
    sign = 1 if direction == Direction.HIGHER_IS_BETTER else -1
    flat = FLAT_SHARE * max(abs(value), Decimal(1))
    if target is not None:
        if sign * (value - target) >= 0:
            return SummaryStatus.ON_TRACK
        if trend is None:
            return SummaryStatus.AT_RISK
        if sign * trend < -flat:
            return SummaryStatus.OFF_TRACK
        if sign * (value + trend * periods_to_target - target) >= 0:
            return SummaryStatus.ON_TRACK
        return SummaryStatus.AT_RISK
    if trend is None:
        return SummaryStatus.NO_DATA
    if abs(trend) <= flat:
        return SummaryStatus.AT_RISK
    return SummaryStatus.ON_TRACK if sign * trend > 0 else SummaryStatus.OFF_TRACK


def _current(indicator: Indicator):
    """The indicator's approved data points that no correction supersedes."""
    return DataPoint.objects.current().filter(indicator=indicator)


Series = dict[int | None, dict[datetime.date, _Parts]]


def _group_parts(indicators: list[Indicator]) -> dict[int, Series]:
    """{indicator id: {breakdown id or None for the total: {period: parts}}}, grouped in the
    database: one grouped scan for all the given indicators (PostgreSQL runs it with parallel
    workers), not one per indicator.

    The scan gives the breakdown values and the reported totals (breakdown NULL); the totals
    combined from a dimension are grouped only for the periods without a reported one."""
    ids = [indicator.pk for indicator in indicators]
    current = DataPoint.objects.current().filter(indicator_id__in=ids)
    latest_ids = [i.pk for i in indicators if i.aggregation == Aggregation.LATEST]
    latest_rows = current.filter(indicator_id__in=latest_ids)
    by_breakdown_latest = _latest(latest_rows, "breakdown") if latest_ids else {}

    result: dict[int, Series] = {pk: defaultdict(dict) for pk in ids}
    for row in _grouped(current, "indicator", "period", "breakdown"):
        key = (row["indicator"], row["period"], row["breakdown"])
        parts = _parts(row, by_breakdown_latest.get(key))
        result[row["indicator"]][row["breakdown"]][row["period"]] = parts

    # Totals: the reported totals (breakdown NULL) win; else the first dimension by position.
    missing = Q()
    for pk, series in result.items():
        periods = {period for key, by in series.items() if key is not None for period in by}
        periods -= set(series.get(None, {}))
        if periods:
            missing |= Q(indicator_id=pk, period__in=periods)
    if not missing:
        return result
    combined = current.filter(missing, breakdown__isnull=False)
    by_dimension_latest = (
        _latest(combined.filter(indicator_id__in=latest_ids), "breakdown__dimension")
        if latest_ids
        else {}
    )
    candidates: dict[tuple, list[tuple[tuple, dict]]] = defaultdict(list)
    fields = ("indicator", "period", "breakdown__dimension", "breakdown__dimension__position")
    for row in _grouped(combined, *fields):
        rank = (row[fields[3]], row["breakdown__dimension"])
        candidates[(row["indicator"], row["period"])].append((rank, row))
    for (pk, period), rows in candidates.items():
        _, row = min(rows, key=lambda item: item[0])
        latest = by_dimension_latest.get((pk, period, row["breakdown__dimension"]))
        result[pk][None][period] = _parts(row, latest)
    return result


@transaction.atomic
def indicator_recompute(*, indicator: Indicator) -> int:
    """Replace the summaries of one indicator with freshly computed ones; returns rows written.

    Idempotent: running it twice gives the same rows (apart from computed_at). One
    transaction, so the dashboard sees either the old or the new summaries.
    """
    computed_at = timezone.now()
    return _recompute(indicator=indicator, computed_at=computed_at)


def _recompute(
    *, indicator: Indicator, computed_at: datetime.datetime, series: Series | None = None
) -> int:
    if series is None:
        series = _group_parts([indicator])[indicator.pk]
    targets = list(
        Target.objects.filter(indicator=indicator).values_list("period", "breakdown", "value")
    )
    target_of = {(period, breakdown): _dec(value) for period, breakdown, value in targets}
    targets_by_key: dict[int | None, list[tuple[datetime.date, Decimal]]] = defaultdict(list)
    for period, breakdown, value in sorted(targets, key=lambda item: item[0]):
        targets_by_key[breakdown].append((period, _dec(value)))

    is_cumulative = indicator.time_aggregation == TimeAggregation.CUMULATIVE
    summaries: dict[tuple[datetime.date, int | None], tuple] = {}
    for breakdown, by_period in series.items():
        periods = sorted(by_period)
        parts_list = [by_period[period] for period in periods]
        if is_cumulative:
            parts_list = _running(parts_list)
        history: list[tuple[Decimal, Decimal]] = []
        for period, parts in zip(periods, parts_list, strict=True):
            value = _value(indicator.aggregation, parts)
            x = _period_index(period, indicator.frequency)
            if value is not None:
                history = [*history, (x, value)][-TREND_PERIODS:]
            trend = _slope(history) if value is not None else None
            next_target = next(
                ((p, v) for p, v in targets_by_key.get(breakdown, []) if p >= period), None
            )
            status = _status(
                value=value,
                trend=trend,
                direction=indicator.direction,
                target=next_target[1] if next_target else None,
                periods_to_target=(
                    _period_index(next_target[0], indicator.frequency) - x
                    if next_target
                    else Decimal(0)
                ),
            )
            is_ratio = indicator.aggregation == Aggregation.RATIO
            # A plain tuple in _COMPARED order: a Summary instance is built only for a row
            # that is new or changed (model instances cost more than the arithmetic).
            summaries[(period, breakdown)] = (
                value,
                parts.numerator if is_ratio else None,
                parts.denominator if is_ratio else None,
                parts.respondents,
                parts.organisations,
                target_of.get((period, breakdown)),
                trend,
                status,
                False,
            )
    _hide_neighbours(indicator=indicator, summaries=summaries)
    _write(indicator=indicator, summaries=summaries, computed_at=computed_at)
    return len(summaries)


_RESPONDENTS = _COMPARED.index("respondents")
_NEIGHBOUR = _COMPARED.index("is_hidden_with_neighbour")


def complementary_neighbour(cells: Iterable[tuple[Hashable, int | None]], threshold: int):
    """The cell to hide with the one small cell of a group (complementary suppression): where
    exactly one cell has fewer respondents than the threshold, the other cell with the fewest
    respondents (a cell without a count counts as 0; ties go to the smaller key); else None.
    `cells` are (key, respondents) pairs of the breakdown values of one dimension."""
    cells = list(cells)
    hidden = [key for key, n in cells if n is not None and n < threshold]
    if len(hidden) != 1:
        return None
    shown = [(n if n is not None else 0, key) for key, n in cells if key != hidden[0]]
    return min(shown)[1] if shown else None


def _hide_neighbours(*, indicator: Indicator, summaries: dict[tuple, tuple]) -> None:
    """Complementary suppression: where exactly one breakdown value of a dimension is hidden in
    a period (fewer respondents than the alliance's threshold), it could be worked out from the
    total and the other values; so the other value with the fewest respondents is hidden too.
    Marks those rows in place (`is_hidden_with_neighbour`)."""
    threshold = indicator.alliance.small_group_threshold
    breakdowns = {breakdown for _period, breakdown in summaries if breakdown is not None}
    if not breakdowns:
        return
    dimension_of = dict(
        DimensionValue.objects.filter(pk__in=breakdowns).values_list("pk", "dimension_id")
    )
    groups: dict[tuple, list[tuple[int, int]]] = defaultdict(list)
    for (period, breakdown), values in summaries.items():
        if breakdown is not None:
            groups[(period, dimension_of[breakdown])].append((breakdown, values[_RESPONDENTS]))
    for (period, _dimension), cells in groups.items():
        neighbour = complementary_neighbour(cells, threshold)
        if neighbour is None:
            continue
        values = list(summaries[(period, neighbour)])
        values[_NEIGHBOUR] = True
        summaries[(period, neighbour)] = tuple(values)


def _indicator_lock(indicator: Indicator) -> None:
    """Lock the indicator's row until the transaction ends: its recomputes take turns."""
    list(Indicator.objects.filter(pk=indicator.pk).select_for_update().values_list("pk"))


def _write(*, indicator: Indicator, summaries: dict[tuple, tuple], computed_at) -> None:
    """Store the computed rows ({(period, breakdown id): values in _COMPARED order}), writing
    only what changed: new rows are inserted, changed ones updated, vanished ones deleted; then
    every row of the indicator gets `computed_at` in one UPDATE. One new data point changes a
    handful of rows, not all of them.

    The indicator row is locked first, so two recomputes of one indicator at the same time
    (beat started twice, the nightly run meeting an approval's recompute) write one after the
    other: the second reads the rows of the first instead of inserting them again (a unique
    violation). The lock is a query of its own: the read after it sees what the first committed.
    """
    _indicator_lock(indicator)
    stored = {
        (period, breakdown): (pk, tuple(values))
        for pk, period, breakdown, *values in Summary.objects.filter(
            indicator=indicator
        ).values_list("pk", "period", "breakdown", *_COMPARED)
    }
    new, changed = [], []
    for (period, breakdown), values in summaries.items():
        pk, old = stored.pop((period, breakdown), (None, None))
        if old == values:
            continue
        summary = Summary(
            pk=pk,
            indicator_id=indicator.pk,
            period=period,
            breakdown_id=breakdown,
            computed_at=computed_at,
            **dict(zip(_COMPARED, values, strict=True)),
        )
        (new if pk is None else changed).append(summary)
    if stored:
        Summary.objects.filter(pk__in=[pk for pk, _ in stored.values()]).delete()
    Summary.objects.bulk_create(new, batch_size=1000)
    Summary.objects.bulk_update(changed, [*_COMPARED, "computed_at"], batch_size=1000)
    Summary.objects.filter(indicator=indicator).update(computed_at=computed_at)


def summaries_recompute_all() -> int:
    """Recompute every indicator; returns the rows written. The data points are grouped for
    many indicators at a time (one scan of the table), the rows written one transaction per
    indicator."""
    written = 0
    indicators = list(Indicator.objects.select_related("alliance").order_by("pk"))
    for start in range(0, len(indicators), RECOMPUTE_BATCH):
        batch = indicators[start : start + RECOMPUTE_BATCH]
        read_at = timezone.now()
        grouped = _group_parts(batch)
        for indicator in batch:
            with transaction.atomic():
                # Locked before deciding: when an approval's recompute of this indicator wrote
                # after the batch was read, the batch's figures are older than the stored ones
                # and are read again for this indicator rather than written over them.
                _indicator_lock(indicator)
                newer = Summary.objects.filter(indicator=indicator, computed_at__gt=read_at)
                series = None if newer.exists() else grouped[indicator.pk]
                written += _recompute(
                    indicator=indicator, computed_at=timezone.now(), series=series
                )
    return written


def summary_is_suppressed(summary: Summary, alliance: Alliance) -> bool:
    """True when the figure rests on too few respondents to be shown outside the secretariat,
    or when it is hidden with a small neighbour that it would give away."""
    if getattr(summary, "is_hidden_with_neighbour", False):
        return True
    return summary.respondents is not None and summary.respondents < alliance.small_group_threshold


def summary_is_uncertain(summary: Summary, alliance: Alliance) -> bool:
    """True when the figure rests on few respondents and is shown as uncertain."""
    return summary.respondents is not None and summary.respondents < alliance.uncertain_below
