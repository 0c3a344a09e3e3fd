"""The checks behind `/health/`: database, cache, broker and worker, each with a short timeout."""

from __future__ import annotations

import datetime
from concurrent.futures import ThreadPoolExecutor
from concurrent.futures import TimeoutError as FutureTimeout

from django.conf import settings
from django.core.cache import cache
from django.db import connection
from django.utils import timezone

from alliance.queue import pending_tasks_waiting
from config.celery import app as celery_app

from .models import WorkerHeartbeat

CHECK_TIMEOUT = 3.0
HEARTBEAT_FRESH = datetime.timedelta(minutes=3)
QUEUE_STALE = datetime.timedelta(minutes=5)

_pool = ThreadPoolExecutor(max_workers=4, thread_name_prefix="health")


def _with_timeout(check, timeout: float = CHECK_TIMEOUT) -> dict:
    future = _pool.submit(check)
    try:
        return future.result(timeout=timeout)
    except FutureTimeout:
        return {"status": "error", "detail": "timeout"}
    except Exception as exc:  # a failing check is reported, never raised
        return {"status": "error", "detail": type(exc).__name__}


def check_database() -> dict:
    """Runs a query; when the connection kept from before fails (the database restarted), closes
    it and tries once more on a fresh one, so a kept connection never makes /health/ lie."""
    for attempt in (1, 2):
        try:
            if not connection.in_atomic_block:
                connection.close_if_unusable_or_obsolete()
            with connection.cursor() as cursor:
                cursor.execute("SELECT 1")
                cursor.fetchone()
        except Exception as exc:
            if not connection.in_atomic_block:
                connection.close()
            if attempt == 2 or connection.in_atomic_block:
                return {"status": "error", "detail": type(exc).__name__}
            continue
        return {"status": "ok", "vendor": connection.vendor}
    raise AssertionError("unreachable")  # pragma: no cover


def check_cache() -> dict:
    key = "health:probe"
    cache.set(key, "1", 10)
    if cache.get(key) != "1":
        return {"status": "error", "detail": "read-back failed"}
    return {"status": "ok", "backend": settings.CACHES["default"]["BACKEND"].rsplit(".", 1)[-1]}


def check_broker() -> dict:
    if settings.CELERY_TASK_ALWAYS_EAGER:
        return {"status": "ok", "mode": "eager"}
    with celery_app.connection_for_write() as conn:
        conn.ensure_connection(max_retries=1, timeout=2)
    return {"status": "ok", "mode": "redis"}


def check_queue() -> dict:
    """Tasks recorded but not yet published: a few for a moment is normal; a backlog older than
    QUEUE_STALE means the broker has been away for a while."""
    waiting, oldest = pending_tasks_waiting()
    result = {"status": "ok", "waiting": waiting}
    if oldest is not None:
        result["oldest_seconds"] = int(oldest)
        if oldest > QUEUE_STALE.total_seconds():
            result["status"] = "error"
    return result


def _ping_workers() -> dict:
    replies = celery_app.control.ping(timeout=1.0) or []
    return {"status": "ok" if replies else "error", "workers": len(replies)}


def check_worker() -> dict:
    """Workers answering a ping, or a recent heartbeat. The ping runs in a pool thread with a
    timeout; the database is read here, in the request's thread, so pool threads never hold
    database connections."""
    if settings.CELERY_TASK_ALWAYS_EAGER:
        return {"status": "ok", "mode": "eager"}
    result = _with_timeout(_ping_workers)
    newest = WorkerHeartbeat.objects.order_by("-beat_at").values_list("beat_at", flat=True).first()
    if newest:
        age = timezone.now() - newest
        result["last_heartbeat_seconds"] = int(age.total_seconds())
        if result["status"] != "ok" and age < HEARTBEAT_FRESH:
            result["status"] = "ok"
    return result


def health_report() -> tuple[dict, bool]:
    """The report and whether the platform can serve (the database answers)."""
    database = check_database()
    report = {
        "status": "ok",
        "version": settings.APP_VERSION,
        "checks": {
            "database": database,
            "cache": _with_timeout(check_cache),
            "broker": _with_timeout(check_broker),
            "worker": check_worker() if database["status"] == "ok" else {"status": "unknown"},
            "queue": check_queue() if database["status"] == "ok" else {"status": "unknown"},
        },
    }
    serving = database["status"] == "ok"
    if not serving:
        report["status"] = "error"
    elif any(check["status"] != "ok" for check in report["checks"].values()):
        report["status"] = "degraded"
    return report, serving
