"""Tasks waiting to be published to the broker (a transactional outbox).

A request that queues work writes a row here in its own transaction, so the work is recorded
exactly when the change that needs it commits. The row is deleted once the broker took the task;
while Redis is down or hung the rows wait, and a sweep publishes them once it is back.
"""

from __future__ import annotations

from django.db import models
from django.utils import timezone


class PendingTask(models.Model):
    task_name = models.CharField(max_length=200)
    args = models.JSONField(default=list)
    kwargs = models.JSONField(default=dict)
    # Work that may be merged with an equal waiting one (a recompute of one indicator): only
    # one row per key waits at a time.
    coalesce_key = models.CharField(max_length=200, blank=True, default="")
    # When the task may run at the earliest (a countdown given when it was queued).
    not_before = models.DateTimeField(default=timezone.now)
    created_at = models.DateTimeField(default=timezone.now, db_index=True)
    attempts = models.PositiveIntegerField(default=0)

    class Meta:
        ordering = ["created_at", "id"]
        indexes = [models.Index(fields=["coalesce_key"], name="pendingtask_coalesce_idx")]

    def __str__(self) -> str:
        return f"{self.task_name}{tuple(self.args)}"
