"""The reported-values exports at scale, on PostgreSQL only.

A generated alliance: 20 indicators (sums and ratios; monthly and quarterly over 2016-2025),
two breakdown dimensions with five values, 25 organisations (one named like a formula), and
100,000 approved data points (BENCH_EXPORT_ROWS) written with one `INSERT ... SELECT
generate_series`: some negative values, some small groups, some comments that start with "=".

Printed, measured in the same run as the steering group (small groups hidden, the heavier
path), each against its floor:
1. the reported values as CSV and as XLSX through the report builders
   (backbone.report_data), against writing the same rows, already read into memory, with the
   library alone (csv.writer; xlsxwriter in constant memory, write_row), as a ratio; beside
   it the time of reading the same rows alone, which the export does and the floor does not;
2. the peak memory of each builder (tracemalloc) at 10,000 and at 100,000 rows: bounded when
   the two are about the same; beside it the memory the same rows take when held in a list,
   which is what an export that is not streamed would need at least.

The generated alliance is deleted at the end, so it does not weigh on later benchmarks.
"""

from __future__ import annotations

import csv
import datetime
import os
import tempfile
import time
import tracemalloc
from collections.abc import Callable

import xlsxwriter
from django.db import connection
from django.utils import timezone

from alliance.models import Alliance, Organisation, Role, User
from alliance.services import membership_grant, user_create
from backbone.models import Report, ReportKind
from backbone.report_data import (
    _VALUE_FIELDS,
    CHUNK_SIZE,
    _indicators,
    _value_queryset,
    build_data_points_csv,
    build_data_points_xlsx,
    export_scope,
    value_export,
)
from backbone.reports import ReportJob
from measurement.models import (
    Aggregation,
    DataPoint,
    Dimension,
    DimensionValue,
    Direction,
    Frequency,
    Indicator,
    IndicatorKind,
    Unit,
)
from measurement.periods import periods_between

ROWS = int(os.environ.get("BENCH_EXPORT_ROWS", 100_000))
SMALL = max(ROWS // 10, 1)
ORGANISATIONS = 25
DIMENSIONS = {"Køn": ["Piger", "Drenge"], "Alder": ["13-15", "16-17", "18-24"]}
SLOTS = 1 + sum(len(values) for values in DIMENSIONS.values())  # the total + 5 values
FIRST, LAST = datetime.date(2016, 1, 1), datetime.date(2025, 12, 1)
ROUNDS = 3
SLUG = "bench-exports"


def bench_exports() -> list:
    """The exports' figures; nothing on SQLite."""
    if connection.vendor != "postgresql":
        print("export benchmark skipped: it needs PostgreSQL")
        return []
    world = _world()
    try:
        _generate(world, rows=SMALL)
        small_peaks = {kind: _peak(world, kind) for kind in BUILDERS}
        _generate(world, rows=ROWS)
        big_peaks = {kind: _peak(world, kind) for kind in BUILDERS}
        return _figures(world, small_peaks, big_peaks)
    finally:
        _clean(world)


# ---------------------------------------------------------------------------
# The generated alliance
# ---------------------------------------------------------------------------


def _world() -> dict:
    Alliance.objects.filter(slug=SLUG).delete()
    alliance = Alliance.objects.create(name="Export benchmark", slug=SLUG)
    organisations = Organisation.objects.bulk_create(
        Organisation(
            alliance=alliance,
            name='=HYPERLINK("http://example.com","Klik")' if n == 0 else f"Organisation {n:02d}",
            sector="education",
        )
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
    indicators = []
    for n in range(1, 21):
        is_ratio = n % 4 == 0
        indicator = Indicator.objects.create(
            alliance=alliance,
            code=f"E{n:02d}",
            name=f"Export indicator {n}",
            definition="Generated for the benchmark.",
            unit=Unit.PERCENT if is_ratio else Unit.COUNT,
            direction=Direction.HIGHER_IS_BETTER,
            frequency=Frequency.MONTHLY if n <= 10 else Frequency.QUARTERLY,
            kind=IndicatorKind.POPULATION,
            aggregation=Aggregation.RATIO if is_ratio else Aggregation.SUM,
            is_public=True,
        )
        indicator.dimensions.set(dimensions)
        indicators.append(indicator)
    memberships = {}
    for role in (Role.STEERING, Role.SECRETARIAT):
        email = f"bench-exports-{role}@example.org"
        User.objects.filter(email=email).delete()
        user = user_create(email=email, full_name=f"Bench {role}")
        memberships[role] = membership_grant(user=user, alliance=alliance, role=role)
    slots = [
        (indicator.pk, period, indicator.aggregation == Aggregation.RATIO)
        for indicator in indicators
        for period in periods_between(indicator.frequency, FIRST, LAST)
    ]
    return {
        "alliance": alliance,
        "indicators": [indicator.pk for indicator in indicators],
        "organisations": [o.pk for o in organisations],
        "breakdowns": [None, *(v.pk for v in values)],
        "slots": slots,
        "memberships": memberships,
    }


def _generate(world: dict, *, rows: int) -> None:
    """Replace the alliance's data points with `rows` generated approved ones, spread evenly
    over the indicator-periods, organisations and breakdown slots. Deterministic."""
    ids = world["indicators"]
    full = len(world["slots"]) * ORGANISATIONS * SLOTS
    step = max(full // rows, 1)
    with connection.cursor() as cursor:
        cursor.execute("DELETE FROM measurement_datapoint WHERE indicator_id = ANY(%s)", [ids])
        cursor.execute(
            "CREATE TEMP TABLE IF NOT EXISTS export_slot "
            "(k int PRIMARY KEY, indicator_id bigint, period date, is_ratio bool)"
        )
        cursor.execute("CREATE TEMP TABLE IF NOT EXISTS export_org (k int PRIMARY KEY, id bigint)")
        cursor.execute(
            "CREATE TEMP TABLE IF NOT EXISTS export_breakdown (k int PRIMARY KEY, id bigint)"
        )
        cursor.execute("TRUNCATE export_slot, export_org, export_breakdown")
        cursor.executemany(
            "INSERT INTO export_slot VALUES (%s, %s, %s, %s)",
            [(k, pk, period, is_ratio) for k, (pk, period, is_ratio) in enumerate(world["slots"])],
        )
        cursor.executemany(
            "INSERT INTO export_org VALUES (%s, %s)", list(enumerate(world["organisations"]))
        )
        cursor.executemany(
            "INSERT INTO export_breakdown VALUES (%s, %s)", list(enumerate(world["breakdowns"]))
        )
        cursor.execute(
            """
            INSERT INTO measurement_datapoint (
                indicator_id, period, organisation_id, breakdown_id, value, numerator,
                denominator, respondents, comment, evidence, status, return_reason,
                approved_at, created_at, updated_at)
            SELECT s.indicator_id, s.period, o.id, b.id,
                   CASE WHEN s.is_ratio THEN NULL
                        WHEN g.n %% 13 = 0 THEN -(1 + (g.n * 7919) %% 500) / 10.0
                        ELSE (1 + (g.n * 7919) %% 500) / 10.0 END,
                   CASE WHEN s.is_ratio THEN (g.n * 31) %% 20 END,
                   CASE WHEN s.is_ratio THEN 20 + (g.n * 104729) %% 380 END,
                   CASE WHEN g.n %% 17 = 0 THEN 3 WHEN g.n %% 11 = 0 THEN NULL
                        ELSE 5 + (g.n * 131) %% 400 END,
                   CASE WHEN g.n %% 50 = 0 THEN '=1+1 som kommentar' ELSE '' END,
                   '', 'approved', '',
                   s.period + interval '40 days' + (g.n %% 1440) * interval '1 minute',
                   now(), now()
            FROM generate_series(0::bigint, %(last)s::bigint, %(step)s::bigint) AS g(n)
            JOIN export_slot s ON s.k = g.n / %(per_slot)s
            JOIN export_org o ON o.k = (g.n / %(slots)s) %% %(organisations)s
            JOIN export_breakdown b ON b.k = g.n %% %(slots)s
            """,
            {
                "last": step * (rows - 1),
                "step": step,
                "per_slot": ORGANISATIONS * SLOTS,
                "slots": SLOTS,
                "organisations": ORGANISATIONS,
            },
        )
        cursor.execute("ANALYZE measurement_datapoint")


def _clean(world: dict) -> None:
    DataPoint.objects.filter(indicator_id__in=world["indicators"]).delete()
    Alliance.objects.filter(pk=world["alliance"].pk).delete()
    User.objects.filter(email__startswith="bench-exports-").delete()


# ---------------------------------------------------------------------------
# The builders and their floors
# ---------------------------------------------------------------------------

BUILDERS: dict[str, Callable] = {
    ReportKind.DATA_POINTS_CSV: build_data_points_csv,
    ReportKind.DATA_POINTS_XLSX: build_data_points_xlsx,
}


def _job(world: dict, kind: str, path: str) -> ReportJob:
    membership = world["memberships"][Role.STEERING]
    report = Report.objects.create(
        alliance=world["alliance"],
        requested_by=membership.user,
        kind=kind,
        parameters={"language": "da"},
    )
    return ReportJob(
        report=report,
        alliance=world["alliance"],
        membership=membership,
        path=path,
        parameters=report.parameters,
    )


def _run_builder(world: dict, kind: str) -> float:
    with tempfile.TemporaryDirectory() as directory:
        job = _job(world, kind, os.path.join(directory, "export"))
        started = time.perf_counter()
        BUILDERS[kind](job)
        return time.perf_counter() - started


def _peak(world: dict, kind: str) -> float:
    """The builder's peak of traced memory in MB."""
    tracemalloc.start()
    try:
        _run_builder(world, kind)
        return tracemalloc.get_traced_memory()[1] / 1e6
    finally:
        tracemalloc.stop()


def _rows_in_memory(world: dict) -> list[tuple]:
    """The same rows the builders write, read into a list with the types the libraries take
    (a local time without zone for xlsxwriter)."""
    job = _job(world, ReportKind.DATA_POINTS_CSV, "")
    local = timezone.localtime
    return [
        (
            *row[:12],
            local(row.approved_at).replace(tzinfo=None) if row.approved_at else None,
            *row[13:],
        )
        for row in value_export(export_scope(job)).rows
    ]


def _read_only(world: dict) -> float:
    """Reading the same data points through the same query, with nothing done to them."""
    scope = export_scope(_job(world, ReportKind.DATA_POINTS_CSV, ""))
    data_points = _value_queryset(scope, list(_indicators(scope).values_list("pk", flat=True)))
    started = time.perf_counter()
    for _row in data_points.values_list(*_VALUE_FIELDS).iterator(chunk_size=CHUNK_SIZE):
        pass
    return time.perf_counter() - started


def _library_csv(rows: list[tuple]) -> float:
    with tempfile.TemporaryDirectory() as directory:
        started = time.perf_counter()
        with open(os.path.join(directory, "floor.csv"), "w", encoding="utf-8-sig", newline="") as f:
            csv.writer(f).writerows(rows)
        return time.perf_counter() - started


def _library_xlsx(rows: list[tuple]) -> float:
    with tempfile.TemporaryDirectory() as directory:
        started = time.perf_counter()
        # The same options as the export: no looking for formulas, links or numbers in text.
        workbook = xlsxwriter.Workbook(
            os.path.join(directory, "floor.xlsx"),
            {
                "constant_memory": True,
                "strings_to_formulas": False,
                "strings_to_urls": False,
                "strings_to_numbers": False,
            },
        )
        sheet = workbook.add_worksheet()
        for number, row in enumerate(rows):
            sheet.write_row(number, 0, row)
        workbook.close()
        return time.perf_counter() - started


def _figures(world: dict, small_peaks: dict, big_peaks: dict) -> list:
    from tests.perf.run import Figure

    rows = _rows_in_memory(world)
    tracemalloc.start()
    held = _rows_in_memory(world)
    rows_mb = tracemalloc.get_traced_memory()[0] / 1e6
    tracemalloc.stop()
    del held
    floors = {ReportKind.DATA_POINTS_CSV: _library_csv, ReportKind.DATA_POINTS_XLSX: _library_xlsx}
    reads = sorted(_read_only(world) for _ in range(ROUNDS))
    read = reads[ROUNDS // 2]
    figures = [
        Figure(
            "exports_read_ms",
            round(read * 1000),
            "ms",
            "(reading the rows alone: part of each export, none of the library's floor)",
            True,
        )
    ]
    for kind, name in ((ReportKind.DATA_POINTS_CSV, "csv"), (ReportKind.DATA_POINTS_XLSX, "xlsx")):
        times, floor_times = [], []
        for _ in range(ROUNDS):  # alternating, so load on the machine weighs on both alike
            times.append(_run_builder(world, kind))
            floor_times.append(floors[kind](rows))
        seconds, floor = sorted(times)[ROUNDS // 2], sorted(floor_times)[ROUNDS // 2]
        ratio = seconds / floor
        small, big = small_peaks[kind], big_peaks[kind]
        print(
            f"exports: {name.upper()} of {len(rows):,} rows in {seconds * 1000:.0f} ms, "
            f"the library alone {floor * 1000:.0f} ms; peak memory {small:.1f} MB at "
            f"{SMALL:,} rows, {big:.1f} MB at {ROWS:,} (the rows held in a list: "
            f"{rows_mb:.1f} MB); reading the rows alone {read * 1000:.0f} ms"
        )
        # The CSV floor is csv.writer in C over ready rows; the export also reads the rows
        # (exports_read_ms), labels them and hides small groups, which costs more than the
        # writing itself. xlsxwriter is slow enough for the rest to weigh little.
        goal = 6 if kind == ReportKind.DATA_POINTS_CSV else 1.5
        figures += [
            Figure(f"exports_{name}_ms", round(seconds * 1000), "ms", "(the figure)", True),
            Figure(f"exports_{name}_library_ms", round(floor * 1000), "ms", "(floor)", True),
            Figure(
                f"exports_{name}_vs_library",
                round(ratio, 2),
                "x",
                f"<= {goal}x writing the same rows from memory with the library alone "
                "(the export also reads them from PostgreSQL and prepares them)",
                ratio <= goal,
            ),
            Figure(f"exports_{name}_peak_mb_{SMALL // 1000}k", round(small, 1), "MB", "", True),
            Figure(
                f"exports_{name}_peak_mb_{ROWS // 1000}k",
                round(big, 1),
                "MB",
                f"bounded: <= 1.5x the peak at {SMALL:,} rows",
                big <= 1.5 * small,
            ),
        ]
    figures.append(
        Figure(
            f"exports_rows_in_a_list_mb_{ROWS // 1000}k",
            round(rows_mb, 1),
            "MB",
            "(what a non-streamed export holds at least)",
            True,
        )
    )
    return figures
