"""The Celery application: configured from Django's settings (the CELERY_ namespace)."""

import os

from celery import Celery, signals

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")

app = Celery("config")
app.config_from_object("django.conf:settings", namespace="CELERY")
app.autodiscover_tasks()


@signals.worker_ready.connect
def _publish_pending_tasks(**kwargs) -> None:
    """A worker that starts (after an outage, say) first publishes what waited in the outbox."""
    from alliance.queue import pending_tasks_publish

    try:
        pending_tasks_publish()
    except Exception:  # the database may be away too; beat's sweep catches up later
        import logging

        logging.getLogger(__name__).warning("Could not publish waiting tasks.", exc_info=True)
