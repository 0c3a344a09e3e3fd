"""The Celery worker killed (SIGKILL) in the middle of the nightly full recompute: once a
worker runs again, the summaries equal a recompute from scratch, with no duplicate rows.

What makes it hold: the task is acknowledged only when it has finished (acks_late), so the
message of a killed worker stays with Redis and is handed out again; and the recompute is
idempotent (each indicator's rows are replaced in one transaction, writing only what changed),
so the second run completes what the first left half done.

Everything is real: a Redis server of the test's own, worker processes started with
`celery worker` (solo pool, a queue of the test's own) on the committed test database, and the
benchmark's generated alliance (30 indicators over ten years, 250,000 data points, about
19,000 summary rows), large enough for the recompute to be caught half-way.
"""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import tempfile
import time
import uuid
from collections.abc import Iterator
from contextlib import ExitStack, contextmanager
from pathlib import Path
from urllib.parse import quote

import pytest
from celery import Celery
from django.db import connection
from django.db.models import Count

from measurement.aggregation import _COMPARED, summaries_recompute_all
from measurement.models import DataPoint, Summary
from measurement.tasks import summaries_recompute_all_task
from tests.ops.local_services import ROOT, redis_server, stop_process, wait_for
from tests.ops.settings_fault import VISIBILITY_TIMEOUT
from tests.perf import measurement_bench

pytestmark = [pytest.mark.celery_worker, pytest.mark.usefixtures("transactional_db")]

# A step of 3 through the benchmark's slots: every organisation, period and breakdown value
# gets data points.
DATA_POINTS = 250_000
WORKER_SETTINGS = "tests.ops.settings_fault"


@pytest.fixture
def generated_alliance() -> None:
    """The benchmark's alliance with its data points, committed for the workers to read."""
    if connection.vendor != "postgresql":
        pytest.skip("the generated data points need PostgreSQL (DATABASE_URL)")
    started = time.monotonic()
    world = measurement_bench._world()
    measurement_bench._generate(world, rows=DATA_POINTS)
    print(
        f"\ngenerated {DataPoint.objects.count():,} data points "
        f"in {time.monotonic() - started:.1f} s"
    )


def _database_url() -> str:
    """The test database, for the worker processes."""
    params = connection.settings_dict
    login = quote(params["USER"] or "", safe="")
    if params["PASSWORD"]:
        login += ":" + quote(params["PASSWORD"], safe="")
    host = params["HOST"] or "localhost"
    port = params["PORT"] or "5432"
    return f"postgres://{login}@{host}:{port}/{quote(params['NAME'], safe='')}"


class Worker:
    """A `celery worker` process (solo pool) consuming one queue; its log in a file."""

    def __init__(self, stack: ExitStack, *, name: str, queue: str, env: dict[str, str]) -> None:
        self.log_path = Path(stack.enter_context(tempfile.TemporaryDirectory())) / "worker.log"
        with self.log_path.open("wb") as log:
            self.process = subprocess.Popen(
                [
                    sys.executable,
                    "-m",
                    "celery",
                    "-A",
                    "config",
                    "worker",
                    "--pool=solo",
                    "--concurrency=1",
                    f"--queues={queue}",
                    f"--hostname={name}-{queue}@%h",
                    "--without-gossip",
                    "--without-mingle",
                    "--without-heartbeat",
                    "--loglevel=INFO",
                ],
                cwd=ROOT,
                env=env,
                stdout=log,
                stderr=subprocess.STDOUT,
                start_new_session=True,
            )
        stack.callback(self.print_log)
        stack.callback(stop_process, self.process)

    def log(self) -> str:
        return self.log_path.read_text(errors="replace")

    def print_log(self) -> None:
        """Shown by pytest when the test failed."""
        print(f"--- worker {self.process.pid}\n{self.log()[-4000:]}")

    def wait_ready(self) -> float:
        return wait_for(
            lambda: self.process.poll() is None and " ready." in self.log(),
            timeout=60,
            interval=0.1,
            what="the worker ready",
        )

    def kill(self) -> None:
        os.killpg(self.process.pid, signal.SIGKILL)
        self.process.wait(timeout=10)


@contextmanager
def _publisher(broker_url: str) -> Iterator[Celery]:
    """A Celery client of the test's Redis: publishes by task name and reads the result."""
    app = Celery("fault-publisher", broker=broker_url, backend=broker_url, set_as_current=False)
    app.conf.update(task_serializer="json", result_serializer="json", accept_content=["json"])
    try:
        yield app
    finally:
        app.close()


def _summaries() -> list[tuple]:
    """Every summary row by its key and values (not its id or computed_at)."""
    rows = Summary.objects.values_list("indicator", "period", "breakdown", *_COMPARED)
    return sorted(rows, key=repr)


def _duplicated_keys() -> int:
    """How many (indicator, period, breakdown) keys have more than one row."""
    return (
        Summary.objects.values("indicator", "period", "breakdown")
        .annotate(rows=Count("id"))
        .filter(rows__gt=1)
        .count()
    )


def test_a_worker_killed_mid_recompute_leaves_the_summaries_of_a_full_recompute(
    generated_alliance,
):
    # given: no summaries yet, a Redis and a worker of the test's own
    Summary.objects.all().delete()
    queue = f"fault-{uuid.uuid4().hex[:10]}"
    with ExitStack() as stack:
        redis = stack.enter_context(redis_server(56379))
        env = {
            **os.environ,
            "DATABASE_URL": _database_url(),
            "REDIS_URL": redis.url(0),
            "DJANGO_SETTINGS_MODULE": WORKER_SETTINGS,
            "PYTHONUNBUFFERED": "1",
        }
        first = Worker(stack, name="first", queue=queue, env=env)
        first.wait_ready()
        publisher = stack.enter_context(_publisher(redis.url(0)))

        # when: the nightly recompute starts, and the worker is killed once it has written the
        # summaries of some indicators
        result = publisher.send_task(summaries_recompute_all_task.name, queue=queue)
        published = time.monotonic()
        writing = wait_for(
            lambda: Summary.objects.exists(), timeout=120, interval=0.02, what="first rows"
        )
        first.kill()
        killed = time.monotonic()
        rows_at_kill = Summary.objects.count()
        assert f"[{result.id}] received" in first.log()
        assert f"[{result.id}] succeeded" not in first.log()

        # ... and a worker starts again
        second = Worker(stack, name="second", queue=queue, env=env)
        ready = second.wait_ready()
        redelivered = wait_for(
            lambda: f"[{result.id}] received" in second.log(),
            timeout=VISIBILITY_TIMEOUT + 60,
            interval=0.1,
            what="the killed worker's task handed out again",
        )
        written = result.get(timeout=300)
        finished = time.monotonic()
        # the worker stores the result before it logs the success
        wait_for(
            lambda: f"[{result.id}] succeeded" in second.log(),
            timeout=30,
            interval=0.05,
            what="the second worker's log of the task's success",
        )

    # then: what the workers left is what a recompute from scratch stores, each row once
    after_recovery = _summaries()
    duplicates = _duplicated_keys()
    Summary.objects.all().delete()
    started = time.monotonic()
    summaries_recompute_all()
    from_scratch_seconds = time.monotonic() - started
    from_scratch = _summaries()

    print(
        f"full recompute from scratch: {len(from_scratch):,} summary rows "
        f"in {from_scratch_seconds:.1f} s (in the test process)\n"
        f"first rows committed {writing - published:.1f} s after publishing; "
        f"killed with {rows_at_kill:,} of {len(from_scratch):,} rows written\n"
        f"after the kill: second worker ready {ready - killed:.1f} s, task handed out again "
        f"{redelivered - killed:.1f} s (visibility timeout {VISIBILITY_TIMEOUT} s), "
        f"recompute finished {finished - killed:.1f} s"
    )
    assert 0 < rows_at_kill < len(from_scratch), "the worker was killed half-way"
    assert written == len(from_scratch)
    assert duplicates == 0
    assert len(after_recovery) == len(set(after_recovery))
    assert after_recovery == from_scratch
