"""A real Celery worker for tests: running in a thread of the test process, consuming from the
real Redis, writing to the test database."""

from __future__ import annotations

import socket
import uuid
from collections.abc import Iterator
from contextlib import contextmanager

from celery import signals
from celery.app.trace import reset_worker_optimizations, setup_worker_optimizations
from celery.contrib.testing.worker import start_worker
from django.db import connections

from config.celery import app as celery_app


def _close_thread_connections(**kwargs) -> None:
    """Close the calling thread's database connections (run in the worker thread after each
    task), so no connection outlives the worker and the test database can be dropped."""
    connections.close_all()


@contextmanager
def real_worker(monkeypatch, tasks: list) -> Iterator:
    """A solo-pool worker on the real broker, consuming a queue of its own.

    The given tasks are routed to that queue for the test, so the worker takes only what this
    test publishes (nothing left in the shared default queue by other runs) and no other worker
    on the same Redis takes this test's messages. Use with `transactional_db`: the worker thread
    has its own database connection and sees only committed rows.
    """
    assert not celery_app.conf.task_always_eager, "REDIS_URL is set, so tasks must not be eager"
    queue = f"test-{uuid.uuid4().hex[:12]}"
    hostname = f"{queue}@{socket.gethostname()}"
    for task in tasks:
        registered = celery_app.tasks[task.name]
        monkeypatch.setattr(registered, "queue", queue, raising=False)
        monkeypatch.setattr(registered, "_exec_options", None)  # publish options are cached
    # start_worker(queues=...) narrows the app's consumed queues; restore them afterwards.
    monkeypatch.setattr(celery_app.amqp.queues, "_consume_from", None)
    # What `celery worker` does at start-up and the embedded worker does not: tasks then see the
    # worker's node name in `self.request.hostname`, as in production, not the bare host name.
    setup_worker_optimizations(celery_app, hostname)
    signals.task_postrun.connect(_close_thread_connections, weak=False)
    try:
        with start_worker(
            celery_app,
            pool="solo",
            perform_ping_check=False,
            hostname=hostname,
            queues=[queue],
            shutdown_timeout=20,
        ) as started:
            yield started
    finally:
        signals.task_postrun.disconnect(_close_thread_connections)
        reset_worker_optimizations(celery_app)
        with celery_app.connection_for_write() as conn:
            conn.default_channel.queue_delete(queue)
