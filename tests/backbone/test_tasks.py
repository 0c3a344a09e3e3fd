"""Backbone tasks against a real broker: a Celery worker running in a thread of the test process,
consuming from the real Redis, writing to the test database. And publishing when the broker is
down fails fast instead of hanging the request.
"""

from __future__ import annotations

import json
import time

import pytest
from celery import Celery
from django.conf import settings
from django.db import transaction

from alliance.queue import enqueue_on_commit, publish_safely
from backbone.models import WorkerHeartbeat
from backbone.tasks import worker_heartbeat_record_task
from tests.workers import real_worker

needs_redis = pytest.mark.skipif(
    not settings.REDIS_URL,
    reason="The real-worker test needs Redis: set REDIS_URL (e.g. redis://127.0.0.1:6379/15).",
)
RESULT_TIMEOUT = 20


@pytest.fixture
def worker(monkeypatch, transactional_db):
    """A real worker taking the heartbeat task from a queue of its own (tests/workers.py)."""
    with real_worker(monkeypatch, [worker_heartbeat_record_task]) as started:
        yield started


def _published_results(hostname: str, since: float) -> list[WorkerHeartbeat]:
    deadline = time.monotonic() + RESULT_TIMEOUT
    while time.monotonic() < deadline:
        rows = list(WorkerHeartbeat.objects.filter(worker=hostname))
        if rows and rows[0].beat_at.timestamp() >= since:
            return rows
        time.sleep(0.1)
    return []


@needs_redis
@pytest.mark.celery_worker
def test_real_worker_records_its_heartbeat_and_health_reports_it(worker, client):
    # given a running worker and no heartbeat yet
    assert not WorkerHeartbeat.objects.exists()
    started_at = time.time() - 1

    # when the heartbeat task is published the way a request publishes it
    assert publish_safely(worker_heartbeat_record_task) is True

    # then the worker runs it and the row for this worker appears
    rows = _published_results(worker.hostname, since=started_at)
    assert [row.worker for row in rows] == [worker.hostname]

    # when it is published again after a commit, the worker updates the same row
    first_beat = rows[0].beat_at
    with transaction.atomic():
        enqueue_on_commit(worker_heartbeat_record_task)
    deadline = time.monotonic() + RESULT_TIMEOUT
    while time.monotonic() < deadline:
        row = WorkerHeartbeat.objects.get(worker=worker.hostname)
        if row.beat_at > first_beat:
            break
        time.sleep(0.1)
    assert row.beat_at > first_beat
    assert WorkerHeartbeat.objects.count() == 1

    # and /health/ reports the worker as ok
    response = client.get("/health/")
    assert response.status_code == 200
    report = json.loads(response.content)
    assert report["checks"]["broker"] == {"status": "ok", "mode": "redis"}
    assert report["status"] == "ok", report
    assert report["checks"]["worker"]["status"] == "ok", report
    assert report["checks"]["worker"]["workers"] >= 1, "the worker answers the health ping"
    assert report["checks"]["worker"]["last_heartbeat_seconds"] < 60


@needs_redis
@pytest.mark.celery_worker
def test_real_worker_returns_the_result_to_the_publisher(worker):
    result = worker_heartbeat_record_task.apply_async(retry=False)

    beat_at = result.get(timeout=RESULT_TIMEOUT)

    heartbeat = WorkerHeartbeat.objects.get(worker=worker.hostname)
    assert beat_at == heartbeat.beat_at.isoformat()


def test_publish_fails_fast_when_the_broker_is_unreachable():
    """A request that publishes a task while Redis is down must not hang: publish_safely gives
    up quickly and says so. The bound is for "never hangs", not a benchmark.

    Our broker and result store are the same Redis, so both are down together: a publish first
    subscribes to the task's result in the result store, which has retry settings of its own.
    """
    # given an app configured like ours, whose broker and result store are a closed port
    unreachable = "redis://127.0.0.1:1/0"
    app = Celery("unreachable-broker", set_as_current=False)
    app.config_from_object("django.conf:settings", namespace="CELERY")
    app.conf.update(
        broker_url=unreachable,
        result_backend=unreachable,
        task_always_eager=False,
        broker_transport_options=dict(settings.CELERY_BROKER_TRANSPORT_OPTIONS),
        broker_connection_timeout=settings.CELERY_BROKER_CONNECTION_TIMEOUT,
    )

    @app.task(name="tests.probe", shared=False)
    def probe() -> None:  # never runs: nothing consumes this broker
        return None

    # when a task is published
    started = time.monotonic()
    published = publish_safely(probe)
    elapsed = time.monotonic() - started

    # then publishing reports failure, and does so within the bound
    assert published is False
    assert elapsed < 5, f"publish_safely took {elapsed:.1f} s with the broker down"
