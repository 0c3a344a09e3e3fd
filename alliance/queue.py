"""Publishing Celery tasks from a request without ever blocking it, and without losing them.

`enqueue_on_commit` records the task as a row (alliance.PendingTask) in the caller's
transaction, then publishes it after the commit and deletes the row. When the broker is down or
hung the publish gives up quickly (short socket timeouts on a connection of its own), the
process stops trying for a few seconds (so one outage costs one slow publish per process, not
one per request), and the row waits: `pending_tasks_publish` (every minute from beat, and at a
worker's start) publishes what is left once Redis is back. A task may therefore, rarely, be
published twice (the broker took it but the row could not be deleted); every task queued this
way is idempotent.
"""

from __future__ import annotations

import contextlib
import datetime
import logging
import threading
import time

from django.core.cache import cache
from django.db import transaction
from django.utils import timezone

logger = logging.getLogger(__name__)

# After a failed publish, this process leaves the broker alone for this many seconds.
BROKER_PAUSE_SECONDS = 15.0
# The sweep leaves rows this young to the request that wrote them.
SWEEP_MIN_AGE = datetime.timedelta(seconds=10)

_broker_paused_until = 0.0
_lock = threading.Lock()


def broker_pause_reset() -> None:
    """Forget an earlier failure (the tests call this between tests)."""
    global _broker_paused_until
    with _lock:
        _broker_paused_until = 0.0


def _broker_paused() -> bool:
    return time.monotonic() < _broker_paused_until


def _broker_pause() -> None:
    global _broker_paused_until
    with _lock:
        _broker_paused_until = time.monotonic() + BROKER_PAUSE_SECONDS


# One broker connection per thread, kept between publishes (a new one costs a connect and a
# handshake), with short timeouts: a hung Redis (accepting connections, never answering) must
# cost a request well under a second, whatever the worker's settings are.
_connections = threading.local()
_PUBLISH_OPTIONS = {"socket_timeout": 0.5, "socket_connect_timeout": 0.5, "max_retries": 0}


def _connection(app):
    kept = getattr(_connections, "by_app", None)
    if kept is None:
        kept = _connections.by_app = {}
    conn = kept.get(id(app))
    if conn is None:
        conn = app.connection_for_write(transport_options=_PUBLISH_OPTIONS, connect_timeout=0.5)
        kept[id(app)] = conn
    return conn


def _connection_drop(app) -> None:
    conn = getattr(_connections, "by_app", {}).pop(id(app), None)
    if conn is not None:
        # closing a broken connection may fail too; it is dropped either way
        with contextlib.suppress(Exception):
            conn.close()


def _apply(task, args, kwargs, countdown: float | None) -> None:
    app = task.app
    if app.conf.task_always_eager:
        task.apply_async(args=args, kwargs=kwargs, countdown=countdown)
        return
    # Nobody awaits these results (ignore_result: the publish does not subscribe to the result
    # store, which would be a second round trip to a Redis that may hang).
    # A task whose arguments are personal (a contact address, a raw token) is logged by the
    # worker with them hidden.
    hidden = (
        {"argsrepr": "(…)", "kwargsrepr": "{…}"}
        if getattr(task, "private_arguments", False)
        else {}
    )
    try:
        task.apply_async(
            args=args,
            kwargs=kwargs,
            countdown=countdown,
            retry=False,
            connection=_connection(app),
            ignore_result=True,
            **hidden,
        )
    except Exception:
        _connection_drop(app)
        raise


def publish_safely(task, *args, countdown: float | None = None, **kwargs) -> bool:
    """Publish now (to run after `countdown` seconds, if given); return False (and log) when the
    broker cannot take it or failed a moment ago."""
    if _broker_paused():
        return False
    try:
        _apply(task, args, kwargs, countdown)
    except Exception:
        if not task.app.conf.task_always_eager:  # an eager task's own error is no broker outage
            _broker_pause()
        logger.warning(
            "Could not publish %s; it waits for the broker to come back.",
            task.name,
            exc_info=True,
        )
        return False
    return True


def enqueue_on_commit(
    task, *args, countdown: float | None = None, coalesce_key: str = "", **kwargs
) -> None:
    """Record `task` in the current transaction and publish it once that commits.

    With `coalesce_key`, the task is left out when an equal one is already waiting: published and
    not yet started (a mark in the cache, which the task clears with `coalesce_clear` when it
    starts), or in the outbox with it (the sweep publishes one task per key).
    """
    from .models import PendingTask

    not_before = timezone.now() + datetime.timedelta(seconds=countdown or 0)
    row = PendingTask.objects.create(
        task_name=task.name,
        args=list(args),
        kwargs=kwargs,
        coalesce_key=coalesce_key,
        not_before=not_before,
    )
    transaction.on_commit(lambda: _publish_row(row.pk, task, args, kwargs, countdown, coalesce_key))


def _coalesce_first(key: str, countdown: float | None) -> bool:
    """True when no equal task is waiting at the broker (the mark lives in the cache)."""
    if not key:
        return True
    try:
        return bool(cache.add(f"queued:{key}", 1, timeout=int(countdown or 0) + 60))
    except Exception:  # a cache outage must not stop the work; publish it uncoalesced
        return True


def coalesce_clear(key: str) -> None:
    """Forget that a coalesced task is waiting (the task calls this when it starts)."""
    try:
        cache.delete(f"queued:{key}")
    except Exception:
        logger.warning("Cache unavailable; could not clear the mark %s.", key)


def _publish_row(pk: int, task, args, kwargs, countdown, coalesce_key: str) -> None:
    from .models import PendingTask

    if not _coalesce_first(coalesce_key, countdown):
        PendingTask.objects.filter(pk=pk).delete()
        return
    if publish_safely(task, *args, countdown=countdown, **kwargs):
        PendingTask.objects.filter(pk=pk).delete()
    elif coalesce_key:
        coalesce_clear(coalesce_key)


def pending_tasks_publish(*, limit: int = 500) -> int:
    """Publish what the requests could not (rows older than a few seconds); return how many.

    Rows are taken with SKIP LOCKED, so two sweeps at once never publish one row twice. Stops at
    the first failure: the broker is still away.
    """
    from config.celery import app

    from .models import PendingTask

    published = 0
    now = timezone.now()
    with transaction.atomic():
        rows = list(
            PendingTask.objects.select_for_update(skip_locked=True)
            .filter(created_at__lte=now - SWEEP_MIN_AGE)
            .order_by("created_at", "id")[:limit]
        )
        done: list[int] = []
        seen_keys: set[str] = set()
        for row in rows:
            if row.coalesce_key and row.coalesce_key in seen_keys:
                done.append(row.pk)
                continue
            task = app.tasks.get(row.task_name)
            if task is None:  # a task renamed or removed since: nothing can run it
                logger.error("Dropping queued task %s: no such task.", row.task_name)
                done.append(row.pk)
                continue
            countdown = max(0.0, (row.not_before - now).total_seconds()) or None
            try:
                _apply(task, row.args, row.kwargs, countdown)
            except Exception:
                PendingTask.objects.filter(pk=row.pk).update(attempts=row.attempts + 1)
                logger.warning("The broker is still unavailable; %d tasks wait.", len(rows))
                break
            done.append(row.pk)
            published += 1
            if row.coalesce_key:
                seen_keys.add(row.coalesce_key)
        PendingTask.objects.filter(pk__in=done).delete()
    if published:
        broker_pause_reset()
    return published


def pending_tasks_waiting() -> tuple[int, float | None]:
    """How many tasks wait, and how many seconds the oldest has waited (for /health/)."""
    from django.db.models import Count, Min

    from .models import PendingTask

    found = PendingTask.objects.aggregate(waiting=Count("pk"), oldest=Min("created_at"))
    oldest = found["oldest"]
    return found["waiting"], None if oldest is None else (timezone.now() - oldest).total_seconds()


__all__ = [
    "coalesce_clear",
    "enqueue_on_commit",
    "pending_tasks_publish",
    "publish_safely",
]
