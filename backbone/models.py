"""Operational records of the backbone."""

import uuid

from django.core.validators import MaxValueValidator, MinValueValidator
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


# ---------------------------------------------------------------------------
# Reports and exports (backbone/reports.py)
# ---------------------------------------------------------------------------


class ReportKind(models.TextChoices):
    STATUS_PDF = "status_pdf", _("Status report (PDF)")
    STATUS_XLSX = "status_xlsx", _("Status report (XLSX)")
    STATUS_CSV = "status_csv", _("Status report (CSV files)")
    OPEN_DATA = "open_data", _("Open data package")
    DATA_POINTS_CSV = "data_points_csv", _("Reported values (CSV)")
    DATA_POINTS_XLSX = "data_points_xlsx", _("Reported values (XLSX)")


class ReportStatus(models.TextChoices):
    QUEUED = "queued", _("Waiting")
    RUNNING = "running", _("Being built")
    DONE = "done", _("Ready")
    FAILED = "failed", _("Failed")
    EXPIRED = "expired", _("Deleted")


class Report(models.Model):
    """One report or export somebody asked for: built by a Celery task into a private file
    that only the requester and the secretariat can fetch, and deleted after
    settings.REPORTS_KEEP_HOURS."""

    alliance = models.ForeignKey(
        "alliance.Alliance",
        on_delete=models.CASCADE,
        related_name="reports",
        verbose_name=_("alliance"),
    )
    requested_by = models.ForeignKey(
        "alliance.User",
        on_delete=models.SET_NULL,
        null=True,
        related_name="reports",
        verbose_name=_("requested by"),
    )
    kind = models.CharField(_("kind"), max_length=30, choices=ReportKind.choices)
    # What the report covers: year, focus area, working group, language; the role it was
    # built for (small groups are hidden outside the secretariat).
    parameters = models.JSONField(_("parameters"), default=dict, blank=True)
    status = models.CharField(
        _("status"), max_length=20, choices=ReportStatus.choices, default=ReportStatus.QUEUED
    )
    progress = models.PositiveSmallIntegerField(_("progress (per cent)"), default=0)
    progress_text = models.CharField(_("progress"), max_length=200, blank=True)
    file = models.FileField(_("file"), upload_to="reports/%Y/%m/", blank=True, max_length=300)
    file_name = models.CharField(_("file name"), max_length=200, blank=True)
    content_type = models.CharField(_("content type"), max_length=100, blank=True)
    size = models.PositiveBigIntegerField(_("size in bytes"), null=True, blank=True)
    error = models.TextField(_("error"), blank=True)
    created_at = models.DateTimeField(_("requested"), auto_now_add=True)
    started_at = models.DateTimeField(_("started"), null=True, blank=True)
    finished_at = models.DateTimeField(_("finished"), null=True, blank=True)
    expires_at = models.DateTimeField(_("deleted after"), null=True, blank=True)

    class Meta:
        verbose_name = _("report")
        verbose_name_plural = _("reports")
        ordering = ["-created_at"]
        indexes = [models.Index(fields=["alliance", "-created_at"])]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} ({self.created_at:%Y-%m-%d %H:%M})"


# ---------------------------------------------------------------------------
# The alliance health check (backbone/healthcheck.py)
# ---------------------------------------------------------------------------


class HealthCheckRound(models.Model):
    """A round of the partnership's self-assessment: opened by the secretariat (about twice a
    year) to every member, answered anonymously, then closed."""

    alliance = models.ForeignKey(
        "alliance.Alliance",
        on_delete=models.CASCADE,
        related_name="health_check_rounds",
        verbose_name=_("alliance"),
    )
    title = models.CharField(_("title"), max_length=200)
    opened_at = models.DateTimeField(_("opened"))
    closes_on = models.DateField(_("closes on"))
    closed_at = models.DateTimeField(_("closed"), null=True, blank=True)
    opened_by = models.ForeignKey(
        "alliance.User",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("opened by"),
    )

    class Meta:
        verbose_name = _("health check round")
        verbose_name_plural = _("health check rounds")
        ordering = ["-opened_at"]

    def __str__(self) -> str:
        return self.title


class HealthCheckParticipation(models.Model):
    """That a person has answered a round (so they answer once), kept apart from what they
    answered: nothing links the two."""

    round = models.ForeignKey(
        HealthCheckRound,
        on_delete=models.CASCADE,
        related_name="participations",
        verbose_name=_("round"),
    )
    user = models.ForeignKey(
        "alliance.User",
        on_delete=models.CASCADE,
        related_name="health_check_participations",
        verbose_name=_("person"),
    )
    answered_on = models.DateField(_("answered on"))

    class Meta:
        verbose_name = _("health check participation")
        verbose_name_plural = _("health check participations")
        constraints = [
            models.UniqueConstraint(fields=["round", "user"], name="healthcheck_answer_once")
        ]

    def __str__(self) -> str:
        return f"{self.round} – {self.user}"


class HealthCheckResponse(models.Model):
    """One anonymous answer to a round: a random key, no person and no time, so it cannot be
    matched to a participation by order or by moment."""

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    round = models.ForeignKey(
        HealthCheckRound,
        on_delete=models.CASCADE,
        related_name="responses",
        verbose_name=_("round"),
    )
    comment = models.TextField(_("comment"), blank=True, max_length=2000)

    class Meta:
        verbose_name = _("health check response")
        verbose_name_plural = _("health check responses")

    def __str__(self) -> str:
        return str(self.round)


class HealthCheckAnswer(models.Model):
    """One statement's score (1-5) in one response; the statement and its element are keys of
    backbone.healthcheck.STATEMENTS."""

    response = models.ForeignKey(
        HealthCheckResponse,
        on_delete=models.CASCADE,
        related_name="answers",
        verbose_name=_("response"),
    )
    statement = models.CharField(_("statement"), max_length=40)
    element = models.CharField(_("element"), max_length=40)
    score = models.PositiveSmallIntegerField(
        _("score"), validators=[MinValueValidator(1), MaxValueValidator(5)]
    )

    class Meta:
        verbose_name = _("health check answer")
        verbose_name_plural = _("health check answers")
        constraints = [
            models.UniqueConstraint(
                fields=["response", "statement"], name="healthcheck_statement_once"
            ),
            models.CheckConstraint(
                condition=models.Q(score__gte=1, score__lte=5), name="healthcheck_score_1_5"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.statement}: {self.score}"
