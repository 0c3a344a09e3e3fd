"""Backbone writes."""

from __future__ import annotations

from django.db import transaction
from django.utils import timezone

from .models import WorkerHeartbeat


@transaction.atomic
def worker_heartbeat_record(*, worker: str) -> WorkerHeartbeat:
    """Record that a worker is alive. Idempotent: one row per worker, updated in place."""
    heartbeat, _ = WorkerHeartbeat.objects.update_or_create(
        worker=worker[:200], defaults={"beat_at": timezone.now()}
    )
    return heartbeat
