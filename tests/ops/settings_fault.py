"""Settings of the Celery workers that tests/ops/test_worker_killed.py starts and kills.

The production settings, except how soon Redis hands out again a message that a dead worker
took and never acknowledged: after `visibility_timeout` (an hour in production) and at kombu's
next sweep for such messages (every 10 s, scanning at every 10th). Here after 5 seconds,
swept every second, so the test sees the redelivery within its minute.
"""

from config.settings import *  # noqa: F403
from config.settings import CELERY_BROKER_TRANSPORT_OPTIONS

VISIBILITY_TIMEOUT = 5

CELERY_BROKER_TRANSPORT_OPTIONS = {
    **CELERY_BROKER_TRANSPORT_OPTIONS,
    "visibility_timeout": VISIBILITY_TIMEOUT,
    "unacked_restore_interval": 1,
    "unacked_restore_throttle": 1,
}
