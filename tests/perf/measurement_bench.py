"""Shared measurement at scale (issue 4's benchmark), on PostgreSQL only.

A generated alliance: 30 indicators (ratio, weighted mean, sum, cumulative sum, latest, none;
monthly, quarterly and yearly over the ten years 2016-2025), 4 breakdown dimensions with 15
values, 40 reporting organisations, and 1,000,000 data points written with one
`INSERT ... SELECT generate_series`: every organisation reports the total and every breakdown
value of every period, about 3 % are not approved, and 14,400 approved values are corrected
by a later data point that supersedes them.

Printed, measured in the same run, each against its floor:
1. `summaries_recompute_all()` against a hand-written GROUP BY over the same table that
   produces the same groups (per indicator, period and breakdown value, and per indicator,
   period and dimension for the totals, with the "latest" value for LATEST indicators),
   fetched into Python;
2. `indicator_recompute()` of one indicator after one new data point, against the same
   hand-written SQL for that one indicator;
3. the dashboard (`measurement:dashboard` as a steering member): its SQL queries with 1,000
   and with 1,000,000 data points, and its median and 95th percentile response time against
   rendering measurement/dashboard.html from the same context already in memory.

While working on one figure: BENCH_ONLY=dashboard prints the dashboard's figures alone, and
BENCH_DATA_POINTS=100000 generates fewer data points (the issue's figures are at 1,000,000).
"""

from __future__ import annotations

import datetime
import os
import statistics
import time
from collections.abc import Callable

from django.db import connection
from django.template import Context
from django.test import Client
from django.urls import reverse

from alliance.models import Alliance, FocusArea, Organisation
from alliance.services import membership_grant, user_create
from measurement.aggregation import indicator_recompute, summaries_recompute_all
from measurement.models import (
    Aggregation,
    DataPoint,
    DataPointStatus,
    Dimension,
    DimensionValue,
    Direction,
    Frequency,
    Indicator,
    IndicatorKind,
    Summary,
    Target,
    TimeAggregation,
    Unit,
)
from measurement.periods import periods_between
from workgroups.models import WorkGroup

ORGANISATIONS = 40
DIMENSIONS = {
    "Køn": ["Piger", "Drenge"],
    "Alder": ["13-15", "16-17", "18-24"],
    "Uddannelse": ["Folkeskole", "Gymnasium", "EUD", "FGU"],
    "Område": ["Kalundborg", "Høng", "Gørlev", "Svebølle", "Ubby", "Rørby"],
}
SLOTS = 1 + sum(len(values) for values in DIMENSIONS.values())  # the total + 15 values
FIRST, LAST = datetime.date(2016, 1, 1), datetime.date(2025, 12, 1)
# (frequency, how many indicators): 8*120 + 12*40 + 10*10 = 1,540 indicator-periods, times
# 40 organisations times 16 slots = 985,600 data points, plus 14,400 corrections = 1,000,000.
FREQUENCIES = [(Frequency.MONTHLY, 8), (Frequency.QUARTERLY, 12), (Frequency.YEARLY, 10)]
CORRECTIONS = 14_400
TOTAL = int(os.environ.get("BENCH_DATA_POINTS", 1_000_000))
ONLY = os.environ.get("BENCH_ONLY", "")
# Aggregation rules in turn: 12 ratio, 6 weighted mean, 8 sum (3 cumulative), 3 latest, 1 none.
RULES = (
    [(Aggregation.RATIO, TimeAggregation.PERIODIC)] * 12
    + [(Aggregation.WEIGHTED_MEAN, TimeAggregation.PERIODIC)] * 6
    + [(Aggregation.SUM, TimeAggregation.PERIODIC)] * 5
    + [(Aggregation.SUM, TimeAggregation.CUMULATIVE)] * 3
    + [(Aggregation.LATEST, TimeAggregation.PERIODIC)] * 3
    + [(Aggregation.NONE, TimeAggregation.PERIODIC)]
)
RECOMPUTE_ROUNDS = 3
SINGLE_ROUNDS = 7
PAGE_ROUNDS = 60

# The floor: the same groups the recompute builds, in one statement.
FLOOR_SQL = """
SELECT dp.indicator_id, dp.period, dp.breakdown_id, dv.dimension_id,
       sum(dp.value), sum(dp.value * coalesce(dp.respondents, 1)),
       sum(coalesce(dp.respondents, 1)), sum(dp.numerator), sum(dp.denominator),
       sum(dp.respondents), count(DISTINCT dp.organisation_id),
       (max(ARRAY[extract(epoch FROM dp.approved_at)::numeric, dp.id::numeric, dp.value])
           FILTER (WHERE dp.indicator_id = ANY(%(latest)s)))[3]
FROM measurement_datapoint dp
LEFT JOIN measurement_dimensionvalue dv ON dv.id = dp.breakdown_id
WHERE dp.status = 'approved'
  AND NOT EXISTS (SELECT 1 FROM measurement_datapoint c WHERE c.supersedes_id = dp.id)
  {where}
GROUP BY GROUPING SETS (
    (dp.indicator_id, dp.period, dp.breakdown_id, dv.dimension_id),
    (dp.indicator_id, dp.period, dv.dimension_id)
)
"""


def bench_measurement() -> list:
    """The three figures of the issue's benchmark; nothing on SQLite."""
    if connection.vendor != "postgresql":
        print(
            "measurement benchmark skipped: it needs PostgreSQL "
            "(DATABASE_URL=postgres://postgres@127.0.0.1:5432/test make bench)"
        )
        return []
    world = _world()
    client = Client()
    client.force_login(world["steering"])
    url = reverse("measurement:dashboard", kwargs={"alliance_slug": world["alliance"].slug})

    _generate(world, rows=1_000)
    for indicator in world["indicators"]:
        indicator_recompute(indicator=indicator)
    small_queries = _dashboard_queries(client, url)

    started = time.perf_counter()
    _generate(world, rows=TOTAL)
    generated = time.perf_counter() - started
    count = DataPoint.objects.filter(indicator__in=world["indicators"]).count()
    print(f"measurement: generated {count:,} data points in {generated:.1f} s")
    summaries_recompute_all()  # warm the caches the way the nightly run finds them

    figures = []
    if ONLY != "dashboard":
        figures += _recompute_figures(world)
        figures += _single_figures(world)
    figures += _dashboard_figures(client, url, small_queries=small_queries)
    return figures


# ---------------------------------------------------------------------------
# The generated alliance
# ---------------------------------------------------------------------------


def _world() -> dict:
    alliance = Alliance.objects.create(name="Benchmark alliance", slug="bench-measurement")
    organisations = Organisation.objects.bulk_create(
        Organisation(alliance=alliance, name=f"Organisation {n:02d}", sector="education")
        for n in range(ORGANISATIONS)
    )
    values = []
    for position, (name, labels) in enumerate(DIMENSIONS.items(), start=1):
        dimension = Dimension.objects.create(alliance=alliance, name=name, position=position)
        values += DimensionValue.objects.bulk_create(
            DimensionValue(dimension=dimension, label=label, position=n)
            for n, label in enumerate(labels, start=1)
        )
    dimensions = list(Dimension.objects.filter(alliance=alliance))
    areas = [
        FocusArea.objects.create(alliance=alliance, position=n, title=f"Focus area {n}")
        for n in range(1, 6)
    ]
    groups = [
        WorkGroup.objects.create(alliance=alliance, kind="working", name=f"Group {n}", slug=f"g{n}")
        for n in range(1, 4)
    ]
    frequencies = [f for f, count in FREQUENCIES for _ in range(count)]
    indicators = []
    for n, (frequency, (aggregation, over_time)) in enumerate(
        zip(frequencies, RULES, strict=True), start=1
    ):
        is_ratio = aggregation == Aggregation.RATIO
        indicator = Indicator.objects.create(
            alliance=alliance,
            code=f"B{n:02d}",
            name=f"Benchmark indicator {n}",
            definition="Generated for the benchmark.",
            unit=Unit.PERCENT if is_ratio else Unit.COUNT,
            direction=Direction.HIGHER_IS_BETTER if n % 3 else Direction.LOWER_IS_BETTER,
            frequency=frequency,
            kind=IndicatorKind.POPULATION if n % 2 else IndicatorKind.HOW_WELL,
            aggregation=aggregation,
            time_aggregation=over_time,
            priority_value=values[7],
            baseline_value=50,
            baseline_period=FIRST,
        )
        indicator.dimensions.set(dimensions)
        indicator.focus_areas.set([areas[n % len(areas)]])
        indicator.workgroups.set([groups[n % len(groups)]])
        Target.objects.create(indicator=indicator, period=datetime.date(2030, 1, 1), value=60)
        Target.objects.create(
            indicator=indicator, period=datetime.date(2030, 1, 1), breakdown=values[7], value=55
        )
        indicators.append(indicator)
    steering = user_create(email="bench-steering@example.org", full_name="Bench Steering")
    membership_grant(user=steering, alliance=alliance, role="steering")
    slots = [
        (indicator.pk, period, indicator.aggregation)
        for indicator in indicators
        for period in periods_between(indicator.frequency, FIRST, LAST)
    ]
    return {
        "alliance": alliance,
        "indicators": indicators,
        "organisations": [o.pk for o in organisations],
        "breakdowns": [None, *(v.pk for v in values)],
        "slots": slots,
        "steering": steering,
    }


def _generate(world: dict, *, rows: int) -> None:
    """Replace the alliance's data points with `rows` generated ones, spread evenly over the
    indicator-periods, organisations and breakdown slots (the last CORRECTIONS of a million
    are corrections). Deterministic: every figure is arithmetic on the row number."""
    ids = [indicator.pk for indicator in world["indicators"]]
    corrections = CORRECTIONS * rows // 1_000_000 if rows == TOTAL else 0
    base = rows - corrections
    full = len(world["slots"]) * ORGANISATIONS * SLOTS
    step = max(full // base, 1)
    with connection.cursor() as cursor:
        cursor.execute("DELETE FROM measurement_summary WHERE indicator_id = ANY(%s)", [ids])
        cursor.execute("DELETE FROM measurement_datapoint WHERE indicator_id = ANY(%s)", [ids])
        cursor.execute(
            "CREATE TEMP TABLE IF NOT EXISTS bench_slot "
            "(k int PRIMARY KEY, indicator_id bigint, period date, is_ratio bool)"
        )
        cursor.execute("CREATE TEMP TABLE IF NOT EXISTS bench_org (k int PRIMARY KEY, id bigint)")
        cursor.execute(
            "CREATE TEMP TABLE IF NOT EXISTS bench_breakdown (k int PRIMARY KEY, id bigint)"
        )
        cursor.execute("TRUNCATE bench_slot, bench_org, bench_breakdown")
        cursor.executemany(
            "INSERT INTO bench_slot VALUES (%s, %s, %s, %s)",
            [
                (k, pk, period, rule == Aggregation.RATIO)
                for k, (pk, period, rule) in enumerate(world["slots"])
            ],
        )
        cursor.executemany(
            "INSERT INTO bench_org VALUES (%s, %s)", list(enumerate(world["organisations"]))
        )
        cursor.executemany(
            "INSERT INTO bench_breakdown VALUES (%s, %s)", list(enumerate(world["breakdowns"]))
        )
        cursor.execute(
            """
            INSERT INTO measurement_datapoint (
                indicator_id, period, organisation_id, breakdown_id, value, numerator,
                denominator, respondents, comment, evidence, status, return_reason,
                approved_at, created_at, updated_at)
            SELECT s.indicator_id, s.period, o.id, b.id,
                   CASE WHEN s.is_ratio THEN NULL ELSE (1 + (g.n * 7919) %% 500) / 10.0 END,
                   CASE WHEN s.is_ratio
                        THEN ((20 + (g.n * 104729) %% 380) * (5 + (g.n * 31) %% 90)) / 100 END,
                   CASE WHEN s.is_ratio THEN 20 + (g.n * 104729) %% 380 END,
                   CASE WHEN g.n %% 11 = 0 THEN NULL ELSE 3 + (g.n * 131) %% 400 END,
                   '', '',
                   CASE WHEN g.n %% 97 = 0 THEN 'submitted' WHEN g.n %% 89 = 0 THEN 'draft'
                        WHEN g.n %% 83 = 0 THEN 'returned' ELSE 'approved' END,
                   '',
                   CASE WHEN g.n %% 97 <> 0 AND g.n %% 89 <> 0 AND g.n %% 83 <> 0
                        THEN s.period + interval '40 days' + (g.n %% 1440) * interval '1 minute'
                   END,
                   now(), now()
            FROM generate_series(0::bigint, %(last)s::bigint, %(step)s::bigint) AS g(n)
            JOIN bench_slot s ON s.k = g.n / %(per_slot)s
            JOIN bench_org o ON o.k = (g.n / %(slots)s) %% %(organisations)s
            JOIN bench_breakdown b ON b.k = g.n %% %(slots)s
            """,
            {
                "last": step * (base - 1),
                "step": step,
                "per_slot": ORGANISATIONS * SLOTS,
                "slots": SLOTS,
                "organisations": ORGANISATIONS,
            },
        )
        if corrections:
            cursor.execute(
                """
                INSERT INTO measurement_datapoint (
                    indicator_id, period, organisation_id, breakdown_id, value, numerator,
                    denominator, respondents, comment, evidence, status, return_reason,
                    supersedes_id, approved_at, created_at, updated_at)
                SELECT indicator_id, period, organisation_id, breakdown_id, value + 1,
                       numerator - 1, denominator, respondents, 'Rettet', '', 'approved', '',
                       id, approved_at + interval '1 day', now(), now()
                FROM measurement_datapoint
                WHERE indicator_id = ANY(%s) AND status = 'approved'
                  AND numerator IS DISTINCT FROM 0
                ORDER BY id %% 61, id
                LIMIT %s
                """,
                [ids, corrections],
            )
        cursor.execute("ANALYZE measurement_datapoint")
    if corrections:
        with connection.cursor() as cursor:
            cursor.execute("VACUUM ANALYZE measurement_datapoint")


# ---------------------------------------------------------------------------
# The figures
# ---------------------------------------------------------------------------


def _floor(indicator_ids: list[int] | None, latest: list[int]) -> int:
    where = "AND dp.indicator_id = ANY(%(ids)s)" if indicator_ids is not None else ""
    with connection.cursor() as cursor:
        cursor.execute(FLOOR_SQL.format(where=where), {"ids": indicator_ids, "latest": latest})
        return len(cursor.fetchall())


def _paired_medians(
    figure: Callable[[], object],
    floor: Callable[[], object],
    rounds: int,
    *,
    before: Callable[[], object] | None = None,
) -> tuple[float, float]:
    """Median seconds of `figure` and of `floor`, measured in alternating rounds so that load
    from other processes on the machine weighs on both alike."""
    figure_times, floor_times = [], []
    for _ in range(rounds):
        if before is not None:
            before()
        for fn, times in ((figure, figure_times), (floor, floor_times)):
            started = time.perf_counter()
            fn()
            times.append(time.perf_counter() - started)
    return statistics.median(figure_times), statistics.median(floor_times)


def _recompute_figures(world: dict) -> list:
    from tests.perf.run import Figure

    latest = list(
        Indicator.objects.filter(aggregation=Aggregation.LATEST).values_list("pk", flat=True)
    )
    seconds, floor = _paired_medians(
        summaries_recompute_all, lambda: _floor(None, latest), RECOMPUTE_ROUNDS
    )
    ratio = seconds / floor
    print(
        f"measurement: full recompute {seconds * 1000:.0f} ms "
        f"({Summary.objects.count():,} summaries), hand SQL {floor * 1000:.0f} ms"
    )
    return [
        Figure("measurement_full_recompute_ms", round(seconds * 1000), "ms", "(the figure)", True),
        Figure("measurement_full_recompute_floor_ms", round(floor * 1000), "ms", "(floor)", True),
        Figure(
            "measurement_full_recompute_vs_hand_sql",
            round(ratio, 2),
            "x",
            "<= 1.5x a hand-written GROUP BY over the same table",
            ratio <= 1.5,
        ),
    ]


def _single_figures(world: dict) -> list:
    from tests.perf.run import Figure

    indicator = next(
        i
        for i in world["indicators"]
        if i.frequency == Frequency.MONTHLY and i.aggregation == Aggregation.RATIO
    )
    rows = DataPoint.objects.filter(indicator=indicator).count()
    organisation = world["organisations"][0]
    added = iter(range(1, SINGLE_ROUNDS + 1))

    def one_new_data_point() -> None:
        DataPoint.objects.create(
            indicator=indicator,
            period=datetime.date(2025, 12, 1),
            organisation_id=organisation,
            numerator=next(added),
            denominator=100,
            respondents=100,
            status=DataPointStatus.APPROVED,
            approved_at=datetime.datetime.now(tz=datetime.UTC),
        )

    seconds, floor = _paired_medians(
        lambda: indicator_recompute(indicator=indicator),
        lambda: _floor([indicator.pk], []),
        SINGLE_ROUNDS,
        before=one_new_data_point,
    )
    ratio = seconds / floor
    print(
        f"measurement: one indicator ({rows:,} data points) recomputed in "
        f"{seconds * 1000:.1f} ms, hand SQL {floor * 1000:.1f} ms"
    )
    return [
        Figure("measurement_one_indicator_recompute_ms", round(seconds * 1000, 1), "ms", "", True),
        Figure("measurement_one_indicator_floor_ms", round(floor * 1000, 1), "ms", "", True),
        Figure(
            "measurement_one_indicator_vs_hand_sql",
            round(ratio, 2),
            "x",
            "<= 2x the hand-written SQL for that indicator",
            ratio <= 2,
        ),
    ]


def _dashboard_queries(client: Client, url: str) -> int:
    from tests.perf.run import queries_of

    response = client.get(url)
    assert response.status_code == 200, response.status_code
    return queries_of(lambda: client.get(url))


def _percentile(times: list[float], share: float) -> float:
    ordered = sorted(times)
    return ordered[min(len(ordered) - 1, round(share * (len(ordered) - 1)))]


def _dashboard_figures(client: Client, url: str, *, small_queries: int) -> list:
    from tests.perf.run import Figure

    big_queries = _dashboard_queries(client, url)
    response = client.get(url)
    # The floor: the page's own template and context (captured by the test instrumentation,
    # context processors included), rendered again without the request, the queries and the
    # selector.
    contexts = response.context
    top = contexts[0] if isinstance(contexts, list) else contexts
    template = response.templates[0]
    assert template.name == "measurement/dashboard.html", template.name
    flat = top.flatten()
    request = response.wsgi_request

    def render() -> str:
        context = Context(flat, autoescape=True)
        context.request = request
        return template.render(context)

    page, floor = [], []
    for _ in range(PAGE_ROUNDS):
        started = time.perf_counter()
        client.get(url)
        page.append(time.perf_counter() - started)
        started = time.perf_counter()
        render()
        floor.append(time.perf_counter() - started)
    median, p95 = statistics.median(page), _percentile(page, 0.95)
    floor_median, floor_p95 = statistics.median(floor), _percentile(floor, 0.95)
    print(
        f"measurement: dashboard median {median * 1000:.1f} ms / p95 {p95 * 1000:.1f} ms; "
        f"template alone median {floor_median * 1000:.1f} ms / p95 {floor_p95 * 1000:.1f} ms; "
        f"{len(response.content):,} bytes"
    )
    return [
        Figure(
            "measurement_dashboard_queries_1k",
            small_queries,
            "queries",
            "equal at 1k and 1M, and small",
            small_queries == big_queries,
        ),
        Figure(
            "measurement_dashboard_queries_1m",
            big_queries,
            "queries",
            "equal at 1k and 1M, and <= 25",
            small_queries == big_queries and big_queries <= 25,
        ),
        Figure("measurement_dashboard_median_ms", round(median * 1000, 1), "ms", "", True),
        Figure("measurement_dashboard_p95_ms", round(p95 * 1000, 1), "ms", "", True),
        Figure(
            "measurement_dashboard_template_median_ms",
            round(floor_median * 1000, 1),
            "ms",
            "(floor)",
            True,
        ),
        Figure(
            "measurement_dashboard_median_vs_template",
            round(median / floor_median, 2),
            "x",
            "<= 1.5x rendering the template from a context in memory",
            median / floor_median <= 1.5,
        ),
        Figure(
            "measurement_dashboard_p95_vs_template",
            round(p95 / floor_p95, 2),
            "x",
            "<= 1.5x the template's own p95",
            p95 / floor_p95 <= 1.5,
        ),
    ]
