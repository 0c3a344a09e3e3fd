"""Operational records of the backbone."""

from django.db import models
from django.utils.translation import gettext_lazy as _


class WorkerHeartbeat(models.Model):
    """The last time a Celery worker ran the heartbeat task: `/health/` reads its age."""

    worker = models.CharField(_("worker"), max_length=200, unique=True)
    beat_at = models.DateTimeField(_("last heartbeat"))

    class Meta:
        verbose_name = _("worker heartbeat")
        verbose_name_plural = _("worker heartbeats")
        ordering = ["-beat_at"]

    def __str__(self) -> str:
        return f"{self.worker} @ {self.beat_at:%Y-%m-%d %H:%M:%S}"


class DigestDelivery(models.Model):
    """One weekly digest email to one person for one alliance and week: the row is created
    before sending and stamped after, so a retried or repeated task never sends it twice."""

    user = models.ForeignKey(
        "alliance.User",
        on_delete=models.CASCADE,
        related_name="digest_deliveries",
        verbose_name=_("person"),
    )
    alliance = models.ForeignKey(
        "alliance.Alliance",
        on_delete=models.CASCADE,
        related_name="digest_deliveries",
        verbose_name=_("alliance"),
    )
    week = models.DateField(_("week (its Monday)"))
    since = models.DateTimeField(_("news since"))
    created_at = models.DateTimeField(_("created"), auto_now_add=True)
    sent_at = models.DateTimeField(_("sent"), null=True, blank=True)

    class Meta:
        verbose_name = _("weekly digest")
        verbose_name_plural = _("weekly digests")
        ordering = ["-week", "user"]
        constraints = [
            models.UniqueConstraint(
                fields=["user", "alliance", "week"], name="digestdelivery_once_per_week"
            )
        ]

    def __str__(self) -> str:
        return f"{self.user} – {self.week:%Y-%m-%d}"
