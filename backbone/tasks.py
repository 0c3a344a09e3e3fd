"""Backbone tasks. Each takes plain arguments and calls one service."""

from __future__ import annotations

from celery import shared_task
from django.db import OperationalError

from .digest import digest_email_send, digest_send_weekly
from .reports import report_build, reports_sweep
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


@shared_task(
    bind=True,
    autoretry_for=(OperationalError,),
    retry_backoff=True,
    max_retries=3,
    time_limit=30 * 60,
    soft_time_limit=29 * 60,
)
def digest_send_weekly_task(self) -> int:
    """Weekly: queue this week's digest for everyone with something new; a rerun adds none."""
    return digest_send_weekly()


@shared_task(
    bind=True,
    # SMTP errors (smtplib.SMTPException) and connection failures are OSErrors.
    autoretry_for=(OSError, OperationalError),
    retry_backoff=30,
    retry_backoff_max=60 * 30,
    retry_jitter=True,
    max_retries=5,
    acks_late=True,
    time_limit=120,
    soft_time_limit=90,
)
def digest_email_send_task(self, delivery_id: int) -> bool:
    """Send one weekly digest; a repeat finds it sent and does nothing."""
    return digest_email_send(delivery_id=delivery_id)


@shared_task(
    bind=True,
    autoretry_for=(OperationalError,),
    retry_backoff=True,
    max_retries=3,
    acks_late=True,
    time_limit=20 * 60,
    soft_time_limit=19 * 60,
)
def report_build_task(self, report_id: int) -> str:
    """Build one report or export; a repeat finds it no longer queued and does nothing."""
    return report_build(report_id=report_id)


@shared_task(
    bind=True,
    autoretry_for=(OperationalError,),
    retry_backoff=True,
    max_retries=3,
    time_limit=10 * 60,
    soft_time_limit=9 * 60,
)
def reports_sweep_task(self) -> dict[str, int]:
    """Delete expired report files and publish again builds whose publish was lost."""
    return reports_sweep()
