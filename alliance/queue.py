"""Publishing Celery tasks from a request without ever blocking it.

A task is published after the transaction commits; when the broker is down the publish fails
fast (short socket timeouts in settings) and is logged instead of failing the request. The
nightly and periodic jobs catch up on anything that was not published.
"""

from __future__ import annotations

import logging

from django.db import transaction

logger = logging.getLogger(__name__)


def publish_safely(task, *args, countdown: float | None = None, **kwargs) -> bool:
    """Publish now (to run after `countdown` seconds, if given); return False (and log) when the
    broker cannot take it."""
    try:
        task.apply_async(args=args, kwargs=kwargs, countdown=countdown, retry=False)
    except Exception:
        logger.warning(
            "Could not publish %s; a periodic job will catch up.", task.name, exc_info=True
        )
        return False
    return True


def enqueue_on_commit(task, *args, **kwargs) -> None:
    """Publish `task` once the current transaction commits."""
    transaction.on_commit(lambda: publish_safely(task, *args, **kwargs))
