"""Mutually reinforcing activities: what the partners do, for which goals and young people, and
what happened each time (the log that feeds the activity's performance measures)."""

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import F, Q
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords


class ActivityStatus(models.TextChoices):
    IDEA = "idea", _("Idea")
    PLANNED = "planned", _("Planned")
    RUNNING = "running", _("Running")
    PAUSED = "paused", _("Paused")
    FINISHED = "finished", _("Finished")


class Recurrence(models.TextChoices):
    ONCE = "once", _("Once")
    WEEKLY = "weekly", _("Every week")
    BIWEEKLY = "biweekly", _("Every second week")
    MONTHLY = "monthly", _("Every month")
    TERMLY = "termly", _("Every term")
    YEARLY = "yearly", _("Every year")
    IRREGULAR = "irregular", _("Irregularly")


class EducationType(models.TextChoices):
    PRIMARY = "primary", _("Primary and lower secondary school")
    GYMNASIUM = "gymnasium", _("Upper secondary school (gymnasium)")
    VOCATIONAL = "vocational", _("Vocational education")
    FGU = "fgu", _("Preparatory basic education (FGU)")
    NOT_IN_EDUCATION = "none", _("Not in education or work")


class PartnerRole(models.TextChoices):
    LEAD = "lead", _("Lead")
    CO_HOST = "co_host", _("Co-host")
    FUNDER = "funder", _("Funder")
    VENUE = "venue", _("Venue")
    OTHER = "other", _("Other")


class GoalStrength(models.TextChoices):
    MAIN = "main", _("Main goal")
    CONTRIBUTING = "contributing", _("Contributes")


class MeasureSource(models.TextChoices):
    """Which figure of the activity log feeds a performance measure."""

    PARTICIPANTS = "participants", _("Participants reached (new and returning)")
    NEW_PARTICIPANTS = "new_participants", _("New participants")
    SESSIONS = "sessions", _("Number of sessions held")
    SATISFIED_SHARE = "satisfied_share", _("Share of satisfied answers")


class Area(models.Model):
    """A part of the municipality an activity takes place in or aims at (Høng, Kalundborg by)."""

    alliance = models.ForeignKey(
        "alliance.Alliance", on_delete=models.CASCADE, related_name="areas"
    )
    name = models.CharField(_("name"), max_length=100)
    position = models.PositiveSmallIntegerField(_("order"), default=1)

    class Meta:
        verbose_name = _("area")
        verbose_name_plural = _("areas")
        ordering = ["alliance", "position", "name"]
        constraints = [
            models.UniqueConstraint(fields=["alliance", "name"], name="area_unique_name")
        ]

    def __str__(self) -> str:
        return self.name


class ActivityQuerySet(models.QuerySet):
    def running(self):
        return self.filter(status=ActivityStatus.RUNNING)

    def for_alliance(self, alliance):
        return self.filter(alliance=alliance)


class Activity(models.Model):
    """An activity of a working group and its partners, serving goals of the common agenda."""

    alliance = models.ForeignKey(
        "alliance.Alliance",
        on_delete=models.CASCADE,
        related_name="activities",
        verbose_name=_("alliance"),
    )
    group = models.ForeignKey(
        "workgroups.WorkGroup",
        on_delete=models.PROTECT,
        related_name="activities",
        verbose_name=_("working group"),
    )
    title = models.CharField(_("title"), max_length=200)
    description = models.TextField(_("description"), blank=True)
    status = models.CharField(
        _("status"), max_length=20, choices=ActivityStatus.choices, default=ActivityStatus.PLANNED
    )
    starts_on = models.DateField(_("starts"), null=True, blank=True)
    ends_on = models.DateField(_("ends"), null=True, blank=True)
    recurrence = models.CharField(
        _("how often"), max_length=20, choices=Recurrence.choices, default=Recurrence.ONCE
    )
    place = models.CharField(_("place"), max_length=300, blank=True)
    # The target group
    age_min = models.PositiveSmallIntegerField(
        _("youngest age"), null=True, blank=True, validators=[MaxValueValidator(30)]
    )
    age_max = models.PositiveSmallIntegerField(
        _("oldest age"), null=True, blank=True, validators=[MaxValueValidator(30)]
    )
    areas = models.ManyToManyField(Area, blank=True, related_name="activities")
    aims_at_priority_group = models.BooleanField(
        _("aims at the priority group"),
        default=False,
        help_text=_("The young people the common agenda names for equity."),
    )
    # What the partners commit
    hours_committed = models.DecimalField(
        _("hours committed"),
        max_digits=10,
        decimal_places=1,
        null=True,
        blank=True,
        validators=[MinValueValidator(0)],
    )
    money_committed = models.DecimalField(
        _("money committed (DKK)"),
        max_digits=12,
        decimal_places=2,
        null=True,
        blank=True,
        validators=[MinValueValidator(0)],
    )
    is_co_planned_by_youth = models.BooleanField(_("co-planned with young people"), default=False)
    is_public = models.BooleanField(
        _("shown to young people"),
        default=False,
        help_text=_("Listed among the activities young people can join."),
    )
    focus_areas = models.ManyToManyField(
        "alliance.FocusArea", blank=True, related_name="activities", verbose_name=_("focus areas")
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    created_at = models.DateTimeField(_("created"), auto_now_add=True)
    updated_at = models.DateTimeField(_("updated"), auto_now=True)

    history = HistoricalRecords(excluded_fields=["updated_at"])
    objects = ActivityQuerySet.as_manager()

    class Meta:
        verbose_name = _("activity")
        verbose_name_plural = _("activities")
        ordering = ["title", "pk"]
        indexes = [models.Index(fields=["alliance", "status"], name="activity_alliance_status")]
        constraints = [
            models.CheckConstraint(
                condition=Q(ends_on__isnull=True)
                | Q(starts_on__isnull=True)
                | Q(ends_on__gte=F("starts_on")),
                name="activity_date_order",
            ),
            models.CheckConstraint(
                condition=Q(age_max__isnull=True)
                | Q(age_min__isnull=True)
                | Q(age_max__gte=F("age_min")),
                name="activity_age_order",
            ),
        ]

    def __str__(self) -> str:
        return self.title

    def clean(self) -> None:
        errors = {}
        if self.starts_on and self.ends_on and self.ends_on < self.starts_on:
            errors["ends_on"] = _("The activity cannot end before it starts.")
        if self.age_min is not None and self.age_max is not None and self.age_max < self.age_min:
            errors["age_max"] = _("The oldest age cannot be below the youngest.")
        if self.group_id and self.alliance_id and self.group.alliance_id != self.alliance_id:
            errors["group"] = _("The group must belong to the same alliance.")
        if errors:
            raise ValidationError(errors)


class ActivityEducation(models.Model):
    """An education type the activity aims at (none: every young person)."""

    activity = models.ForeignKey(Activity, on_delete=models.CASCADE, related_name="education_types")
    education_type = models.CharField(
        _("education type"), max_length=20, choices=EducationType.choices
    )

    class Meta:
        verbose_name = _("education type of the target group")
        verbose_name_plural = _("education types of the target group")
        constraints = [
            models.UniqueConstraint(
                fields=["activity", "education_type"], name="activityeducation_unique"
            )
        ]

    def __str__(self) -> str:
        return self.get_education_type_display()


class ActivityPartner(models.Model):
    """A partner organisation's part in an activity."""

    activity = models.ForeignKey(Activity, on_delete=models.CASCADE, related_name="partners")
    organisation = models.ForeignKey(
        "alliance.Organisation",
        on_delete=models.PROTECT,
        related_name="activity_roles",
        verbose_name=_("organisation"),
    )
    role = models.CharField(_("role"), max_length=20, choices=PartnerRole.choices)

    class Meta:
        verbose_name = _("partner in an activity")
        verbose_name_plural = _("partners in activities")
        ordering = ["activity", "role", "organisation__name"]
        constraints = [
            models.UniqueConstraint(
                fields=["activity", "organisation"], name="activitypartner_one_role"
            )
        ]

    def __str__(self) -> str:
        return f"{self.organisation} ({self.get_role_display()})"


class ActivityGoal(models.Model):
    """A goal the activity serves, as its main goal or as a contribution."""

    activity = models.ForeignKey(Activity, on_delete=models.CASCADE, related_name="goal_links")
    goal = models.ForeignKey(
        "alliance.Goal",
        on_delete=models.PROTECT,
        related_name="activity_links",
        verbose_name=_("goal"),
    )
    strength = models.CharField(
        _("how"), max_length=20, choices=GoalStrength.choices, default=GoalStrength.MAIN
    )

    class Meta:
        verbose_name = _("goal of an activity")
        verbose_name_plural = _("goals of activities")
        constraints = [
            models.UniqueConstraint(fields=["activity", "goal"], name="activitygoal_unique")
        ]

    def __str__(self) -> str:
        return f"{self.activity} → {self.goal}"


class ActivityMeasure(models.Model):
    """A performance measure of the activity: an indicator of measurement (how much, how well
    or better off) fed by a figure of the activity's log."""

    activity = models.ForeignKey(Activity, on_delete=models.CASCADE, related_name="measures")
    indicator = models.ForeignKey(
        "measurement.Indicator",
        on_delete=models.PROTECT,
        related_name="activity_measures",
        verbose_name=_("indicator"),
    )
    source = models.CharField(_("fed by"), max_length=30, choices=MeasureSource.choices)

    class Meta:
        verbose_name = _("performance measure")
        verbose_name_plural = _("performance measures")
        constraints = [
            models.UniqueConstraint(fields=["activity", "indicator"], name="activitymeasure_unique")
        ]

    def __str__(self) -> str:
        return f"{self.activity}: {self.indicator}"


class ActivityLog(models.Model):
    """What happened at one session of an activity: logged on a phone in two minutes."""

    activity = models.ForeignKey(Activity, on_delete=models.CASCADE, related_name="logs")
    held_on = models.DateField(_("date"))
    participants_new = models.PositiveIntegerField(_("new participants"), default=0)
    participants_returning = models.PositiveIntegerField(_("returning participants"), default=0)
    note = models.TextField(_("note"), blank=True, max_length=2000)
    satisfaction_answers = models.PositiveIntegerField(
        _("satisfaction answers"), default=0, help_text=_("How many answered.")
    )
    satisfaction_positive = models.PositiveIntegerField(
        _("satisfied answers"), default=0, help_text=_("How many answered 4 or 5 of 5.")
    )
    logged_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    created_at = models.DateTimeField(_("created"), auto_now_add=True)
    updated_at = models.DateTimeField(_("updated"), auto_now=True)

    history = HistoricalRecords(excluded_fields=["updated_at"])

    class Meta:
        verbose_name = _("log entry")
        verbose_name_plural = _("log entries")
        ordering = ["-held_on", "-pk"]
        indexes = [models.Index(fields=["activity", "held_on"], name="activitylog_activity_day")]
        constraints = [
            models.CheckConstraint(
                condition=Q(satisfaction_positive__lte=F("satisfaction_answers")),
                name="activitylog_satisfaction_order",
            )
        ]

    def __str__(self) -> str:
        return f"{self.activity} {self.held_on:%Y-%m-%d}"

    @property
    def participants(self) -> int:
        return self.participants_new + self.participants_returning

    def clean(self) -> None:
        if self.satisfaction_positive > self.satisfaction_answers:
            raise ValidationError(
                {"satisfaction_positive": _("More satisfied answers than answers.")}
            )


class ActivityLogBreakdown(models.Model):
    """Participants of a log entry by a breakdown value the activity's measures use."""

    log = models.ForeignKey(ActivityLog, on_delete=models.CASCADE, related_name="breakdowns")
    value = models.ForeignKey(
        "measurement.DimensionValue", on_delete=models.PROTECT, related_name="+"
    )
    participants = models.PositiveIntegerField(_("participants"))

    class Meta:
        verbose_name = _("participants by breakdown")
        verbose_name_plural = _("participants by breakdown")
        constraints = [
            models.UniqueConstraint(fields=["log", "value"], name="activitylogbreakdown_unique")
        ]

    def __str__(self) -> str:
        return f"{self.log}: {self.value} {self.participants}"
