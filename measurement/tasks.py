"""Measurement tasks. Each takes plain arguments, re-fetches and calls one service."""

from __future__ import annotations

from celery import shared_task
from django.db import OperationalError

from .aggregation import indicator_recompute, summaries_recompute_all
from .models import Indicator
from .services import recompute_mark_clear


@shared_task(
    autoretry_for=(OperationalError,),
    retry_backoff=True,
    max_retries=5,
    acks_late=True,
    time_limit=300,
    soft_time_limit=240,
)
def indicator_recompute_task(indicator_id: int) -> int:
    """Recompute one indicator's summaries; an indicator deleted meanwhile is skipped."""
    # Cleared first: an approval committed from now on queues one more recompute.
    recompute_mark_clear(indicator_id)
    indicator = Indicator.objects.filter(pk=indicator_id).first()
    if indicator is None:
        return 0
    return indicator_recompute(indicator=indicator)


@shared_task(
    autoretry_for=(OperationalError,),
    retry_backoff=True,
    max_retries=5,
    acks_late=True,
    time_limit=3600,
    soft_time_limit=3300,
)
def summaries_recompute_all_task() -> int:
    """Recompute every indicator's summaries (the nightly run)."""
    return summaries_recompute_all()
