"""Backbone tasks. Each takes plain arguments and calls one service."""

from __future__ import annotations

from celery import shared_task
from django.db import OperationalError

from .services import worker_heartbeat_record


@shared_task(
    bind=True,
    autoretry_for=(OperationalError,),
    retry_backoff=True,
    max_retries=3,
    time_limit=30,
    soft_time_limit=20,
)
def worker_heartbeat_record_task(self) -> str:
    hostname = self.request.hostname or "eager"
    heartbeat = worker_heartbeat_record(worker=hostname)
    return heartbeat.beat_at.isoformat()
