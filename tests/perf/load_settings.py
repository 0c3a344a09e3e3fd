"""Settings of the gunicorn that the load benchmark (tests/perf/load_bench.py) starts: the
platform's own settings, read from the same environment, with only what a benchmark on a
developer's machine needs on top.

- The URL map adds the two floors the figures are measured against (tests/perf/load_urls.py).
- The cache keys get a prefix of their own, so the run's cached cards and rate-limit counters
  never mix with those of a platform using the same Redis database, and can be deleted after.
- Celery tasks (the moderators' notification emails of every youth input) go to a queue of their
  own, which no worker reads: publishing still costs what it costs in production, but no email
  is sent for a benchmark's input, and the bench deletes the queue afterwards.

The youth portal's IP rate limit (one address sends every request here) is raised in
load_urls.py, since the rates are a constant of youth_voice.limits, not a setting.
"""

from config.settings import *  # noqa: F403
from config.settings import CACHES

ROOT_URLCONF = "tests.perf.load_urls"

BENCH_KEY_PREFIX = "bench-load"
CACHES["default"]["KEY_PREFIX"] = BENCH_KEY_PREFIX
CELERY_TASK_DEFAULT_QUEUE = BENCH_KEY_PREFIX
