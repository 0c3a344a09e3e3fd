"""Alliance tasks. Each takes plain arguments and calls one service."""

from __future__ import annotations

from celery import shared_task

from alliance.services.notifications import notification_email_send


@shared_task(
    bind=True,
    # SMTP errors (smtplib.SMTPException) and connection failures are OSErrors.
    autoretry_for=(OSError,),
    retry_backoff=30,
    retry_backoff_max=60 * 30,
    retry_jitter=True,
    max_retries=5,
    acks_late=True,
    time_limit=120,
    soft_time_limit=90,
)
def notification_email_send_task(self, notification_id: int) -> bool:
    """Send one notification's email; a repeat finds it sent and does nothing."""
    return notification_email_send(notification_id=notification_id)


@shared_task(acks_late=True, time_limit=300, soft_time_limit=240)
def security_events_ip_expire_task() -> int:
    """Blank the IP addresses of security events past their keeping time; idempotent."""
    from alliance.services.security_events import security_events_ip_expire

    return security_events_ip_expire()


@shared_task(acks_late=True, time_limit=120, soft_time_limit=100, ignore_result=True)
def pending_tasks_publish_task() -> int:
    """Publish the tasks that requests recorded but could not publish (the broker was down)."""
    from alliance.queue import pending_tasks_publish

    return pending_tasks_publish()


@shared_task(acks_late=True, time_limit=600, soft_time_limit=540, ignore_result=True)
def sessions_expired_clear_task() -> None:
    """Delete expired sessions (what `manage.py clearsessions` does); idempotent."""
    from importlib import import_module

    from django.conf import settings

    import_module(settings.SESSION_ENGINE).SessionStore.clear_expired()
