"""Benchmarks: `make bench`.

Each figure is printed as `name: value unit (goal: ...)` and written to var/bench/results.json.
Times are never judged alone: each is a ratio against a baseline measured in the same run on
the same machine, so the figures compare across machines. Later issues add their benchmarks to
BENCHMARKS.
"""

from __future__ import annotations

import json
import os
import statistics
import sys
import time
from collections.abc import Callable
from dataclasses import asdict, dataclass
from pathlib import Path

import tests.environment  # noqa: F401 - the same environment as the test suite

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")

import django

django.setup()

from django.conf import settings  # noqa: E402
from django.core.management import call_command  # noqa: E402
from django.db import connection, reset_queries  # noqa: E402
from django.test import Client  # noqa: E402
from django.test.utils import setup_test_environment  # noqa: E402

from tests.perf.export_bench import bench_exports  # noqa: E402
from tests.perf.load_bench import bench_load  # noqa: E402
from tests.perf.map_bench import bench_map  # noqa: E402
from tests.perf.measurement_bench import bench_measurement  # noqa: E402
from tests.perf.report_bench import bench_report  # noqa: E402

RESULTS = Path(settings.BASE_DIR) / "var" / "bench" / "results.json"


@dataclass
class Figure:
    name: str
    value: float
    unit: str
    goal: str
    met: bool


def timed(fn: Callable[[], object], *, repeat: int = 5, number: int = 40) -> float:
    """Median seconds per call over `repeat` rounds of `number` calls."""
    rounds = []
    for _ in range(repeat):
        start = time.perf_counter()
        for _ in range(number):
            fn()
        rounds.append((time.perf_counter() - start) / number)
    return statistics.median(rounds)


def queries_of(fn: Callable[[], object]) -> int:
    settings.DEBUG = True
    reset_queries()
    fn()
    count = len(connection.queries)
    settings.DEBUG = False
    return count


def bench_pages() -> list[Figure]:
    call_command("seed_demo", allow_demo_users=True, quiet=True)
    figures = []
    for role in ("secretariat", "steering", "coordinator", "member", "youth"):
        client = Client()
        client.login(email=f"{role}@example.org", password="Kalundborg-demo-2026")
        response = client.get("/kalundborg/")
        assert response.status_code == 200, (role, response.status_code)
        # The baseline: a static page for the same logged-in person (session and user lookup
        # included), so the ratio is what the role's home adds on top of a request.
        baseline = timed(lambda c=client: c.get("/privacy/"))
        seconds = timed(lambda c=client: c.get("/kalundborg/"))
        ratio = seconds / baseline
        figures.append(
            Figure(
                f"home_{role}_vs_static_page",
                round(ratio, 2),
                "x",
                "<= 10x the static privacy page (a 50-row template alone costs ~9 ms)",
                ratio <= 10,
            )
        )
        queries = queries_of(lambda c=client: c.get("/kalundborg/"))
        figures.append(Figure(f"home_{role}_queries", queries, "queries", "<= 25", queries <= 25))
    return figures


BENCHMARKS: list[Callable[[], list[Figure]]] = [
    bench_pages,
    bench_measurement,
    bench_map,
    bench_report,
    bench_exports,
    bench_load,
]
# BENCH_ONLY=measurement runs the measurement benchmark alone; BENCH_ONLY=dashboard only its
# dashboard figures (see measurement_bench); BENCH_ONLY=map the reinforcement map's (see
# map_bench); BENCH_ONLY=report the PDF status report's; BENCH_ONLY=exports the exports';
# BENCH_ONLY=load the load figures under gunicorn and wrk (see load_bench).
if os.environ.get("BENCH_ONLY") == "map":
    BENCHMARKS = [bench_map]
elif os.environ.get("BENCH_ONLY") == "report":
    BENCHMARKS = [bench_report]
elif os.environ.get("BENCH_ONLY") == "exports":
    BENCHMARKS = [bench_exports]
elif os.environ.get("BENCH_ONLY") == "load":
    BENCHMARKS = [bench_load]
elif os.environ.get("BENCH_ONLY"):
    BENCHMARKS = [bench_measurement]
# The benchmark's own database ("test_bench"), never pytest-django's "test_<NAME>": a bench
# run must not clobber a test run going on at the same time.
BENCH_DATABASE = os.environ.get("BENCH_DATABASE", "bench")


def main() -> int:
    setup_test_environment()
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
    connection.close()
    connection.settings_dict["NAME"] = BENCH_DATABASE
    old_name = connection.creation.create_test_db(verbosity=0, autoclobber=True)
    try:
        figures = [figure for bench in BENCHMARKS for figure in bench()]
    finally:
        connection.creation.destroy_test_db(old_name, verbosity=0)
    for f in figures:
        print(f"{f.name}: {f.value} {f.unit} (goal: {f.goal}){'' if f.met else '  NOT MET'}")
    RESULTS.parent.mkdir(parents=True, exist_ok=True)
    RESULTS.write_text(json.dumps([asdict(f) for f in figures], indent=2))
    print(f"written to {RESULTS.relative_to(settings.BASE_DIR)}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
