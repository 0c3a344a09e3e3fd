"""Working-group tasks. Each takes plain arguments and calls one service."""

from __future__ import annotations

from celery import shared_task
from django.db import OperationalError

from .notifications import action_items_overdue_notify


@shared_task(
    bind=True,
    autoretry_for=(OperationalError,),
    retry_backoff=True,
    max_retries=3,
    time_limit=10 * 60,
    soft_time_limit=9 * 60,
)
def action_items_overdue_notify_task(self) -> int:
    """Daily: tell the owners of newly overdue action items; a rerun tells no one twice."""
    return action_items_overdue_notify()
