"""Youth portal tasks. Each takes plain arguments and calls one service."""

from __future__ import annotations

import logging

from celery import shared_task
from django.db import OperationalError

from .services_consent import guardian_request_email_send
from .services_input import contact_details_expire

logger = logging.getLogger(__name__)


@shared_task(
    autoretry_for=(OperationalError,),
    retry_backoff=60,
    max_retries=3,
    acks_late=True,
    time_limit=300,
    soft_time_limit=240,
)
def contact_details_expire_task() -> dict[str, int]:
    """Delete the contact details and guardian requests no longer needed; running it twice
    deletes nothing more."""
    counts = contact_details_expire()
    logger.info(
        "Youth contact details deleted: %(contact_closed)s of closed inputs, "
        "%(contact_expired)s past the retention period; guardian requests expired: "
        "%(guardian_requests_expired)s",
        counts,
    )
    return counts


@shared_task(
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
def guardian_request_email_send_task(consent_id: int, token: str, language: str) -> bool:
    """Email a parent or guardian the link to confirm a young person's consent."""
    return guardian_request_email_send(consent_id=consent_id, token=token, language=language)


@shared_task(acks_late=True, time_limit=120, soft_time_limit=90)
def moderators_notify_new_inputs_task() -> int:
    """Tell the moderators about the inputs sent since the last round (Beat, every minute); a
    round missed or failed is made up by the next."""
    from .notifications_moderation import moderators_notify_new_inputs

    return moderators_notify_new_inputs()


# The raw token and the contact address must not reach the worker's log lines (alliance.queue).
guardian_request_email_send_task.private_arguments = True
