"""Tasks of the youth input's way after moderation: the email about a status change and the
daily overdue reminder. Each takes plain arguments and calls one function."""

from __future__ import annotations

from celery import shared_task
from django.core.cache import cache
from django.db import OperationalError

from .models import InputEvent
from .notifications import input_status_email, youth_inputs_overdue_notify

# How long a sent status email is remembered, so a duplicated task does not send it again.
SENT_MEMORY_SECONDS = 7 * 24 * 60 * 60


@shared_task(
    bind=True,
    autoretry_for=(OSError, OperationalError),
    retry_backoff=True,
    max_retries=5,
    time_limit=60,
    soft_time_limit=50,
)
def input_status_email_send_task(self, event_id: int, address: str) -> bool:
    """Send the young person the email about one status change; True when sent now.

    The address comes with the task: the contact details may be deleted by then (the input
    closed). A second run of the same task sends nothing."""
    event = InputEvent.objects.select_related("input__alliance", "input__decision").filter(
        pk=event_id
    )
    event = event.first()
    if event is None or not address:
        return False
    key = f"youth_voice:status_email_sent:{event_id}"
    if not cache.add(key, 1, SENT_MEMORY_SECONDS):
        return False
    try:
        input_status_email(event=event, address=address).send()
    except Exception:
        cache.delete(key)  # not sent: a retry may send it
        raise
    return True


@shared_task(
    bind=True,
    autoretry_for=(OperationalError,),
    retry_backoff=True,
    max_retries=3,
    time_limit=10 * 60,
    soft_time_limit=9 * 60,
)
def youth_inputs_overdue_notify_task(self) -> int:
    """Daily: tell the groups' managers about overdue inputs and the secretariat a summary."""
    return youth_inputs_overdue_notify()


# The contact address must not reach the worker's log lines (alliance.queue).
input_status_email_send_task.private_arguments = True
