"""Shared measurement: indicators, their breakdowns, targets, reported data points and the
summaries computed from them (the only thing the dashboard reads)."""

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import MinValueValidator
from django.db import models
from django.db.models import Exists, OuterRef, Q
from django.utils.translation import gettext_lazy as _


class Dimension(models.Model):
    """A breakdown dimension of an alliance (gender, age band, education type, school, area)."""

    alliance = models.ForeignKey(
        "alliance.Alliance", on_delete=models.CASCADE, related_name="dimensions"
    )
    name = models.CharField(_("name"), max_length=100)
    position = models.PositiveSmallIntegerField(_("order"), default=1)

    class Meta:
        verbose_name = _("breakdown dimension")
        verbose_name_plural = _("breakdown dimensions")
        ordering = ["alliance", "position", "name"]
        constraints = [
            models.UniqueConstraint(fields=["alliance", "name"], name="dimension_unique_name"),
        ]

    def __str__(self) -> str:
        return self.name


class DimensionValue(models.Model):
    """One value of a dimension (e.g. "EUD/FGU" of "education type")."""

    dimension = models.ForeignKey(Dimension, on_delete=models.CASCADE, related_name="values")
    label = models.CharField(_("label"), max_length=100)
    position = models.PositiveSmallIntegerField(_("order"), default=1)

    class Meta:
        verbose_name = _("breakdown value")
        verbose_name_plural = _("breakdown values")
        ordering = ["dimension", "position", "label"]
        constraints = [
            models.UniqueConstraint(
                fields=["dimension", "label"], name="dimension_value_unique_label"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.dimension}: {self.label}"


class Unit(models.TextChoices):
    COUNT = "count", _("Count")
    PERCENT = "percent", _("Percent")
    MEAN_SCORE = "mean_score", _("Mean score on a scale")
    CURRENCY = "currency", _("Money (DKK)")
    HOURS = "hours", _("Hours")


class Direction(models.TextChoices):
    HIGHER_IS_BETTER = "higher", _("Higher is better")
    LOWER_IS_BETTER = "lower", _("Lower is better")


class Frequency(models.TextChoices):
    YEARLY = "yearly", _("Yearly")
    TERM = "term", _("Per term (half-year)")
    QUARTERLY = "quarterly", _("Quarterly")
    MONTHLY = "monthly", _("Monthly")


class IndicatorKind(models.TextChoices):
    POPULATION = "population", _("Population indicator")
    HOW_MUCH = "how_much", _("How much did we do?")
    HOW_WELL = "how_well", _("How well did we do it?")
    BETTER_OFF = "better_off", _("Is anyone better off?")


class Aggregation(models.TextChoices):
    """How values combine across reporting organisations and breakdown values."""

    SUM = "sum", _("Sum")
    WEIGHTED_MEAN = "weighted_mean", _("Mean weighted by the number of respondents")
    RATIO = "ratio", _("Summed numerators over summed denominators (percent)")
    LATEST = "latest", _("Latest reported value")
    NONE = "none", _("Not aggregated (qualitative)")


class TimeAggregation(models.TextChoices):
    PERIODIC = "periodic", _("Per period")
    CUMULATIVE = "cumulative", _("Cumulative over the periods")


class Indicator(models.Model):
    """One figure the alliance tracks, defined once. Two sources that define a figure
    differently are two indicators."""

    alliance = models.ForeignKey(
        "alliance.Alliance", on_delete=models.CASCADE, related_name="indicators"
    )
    code = models.CharField(_("code"), max_length=20, blank=True)
    name = models.CharField(_("name"), max_length=200)
    definition = models.TextField(_("definition"), help_text=_("The exact wording."))
    source = models.CharField(_("source"), max_length=300, blank=True)
    unit = models.CharField(_("unit"), max_length=20, choices=Unit.choices)
    scale_min = models.DecimalField(
        _("scale minimum"), max_digits=12, decimal_places=4, null=True, blank=True
    )
    scale_max = models.DecimalField(
        _("scale maximum"), max_digits=12, decimal_places=4, null=True, blank=True
    )
    direction = models.CharField(_("direction"), max_length=10, choices=Direction.choices)
    frequency = models.CharField(_("frequency"), max_length=10, choices=Frequency.choices)
    kind = models.CharField(_("kind"), max_length=12, choices=IndicatorKind.choices)
    aggregation = models.CharField(_("aggregation"), max_length=15, choices=Aggregation.choices)
    time_aggregation = models.CharField(
        _("over time"),
        max_length=10,
        choices=TimeAggregation.choices,
        default=TimeAggregation.PERIODIC,
    )
    goals = models.ManyToManyField(
        "alliance.Goal", blank=True, related_name="indicators", verbose_name=_("goals")
    )
    focus_areas = models.ManyToManyField(
        "alliance.FocusArea", blank=True, related_name="indicators", verbose_name=_("focus areas")
    )
    workgroups = models.ManyToManyField(
        "workgroups.WorkGroup",
        blank=True,
        related_name="indicators",
        verbose_name=_("reporting working groups"),
    )
    dimensions = models.ManyToManyField(
        Dimension, blank=True, related_name="indicators", verbose_name=_("breakdowns")
    )
    priority_value = models.ForeignKey(
        DimensionValue,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("priority group for equity"),
    )
    baseline_value = models.DecimalField(
        _("baseline"), max_digits=14, decimal_places=4, null=True, blank=True
    )
    baseline_period = models.DateField(_("baseline period"), null=True, blank=True)
    baseline_note = models.CharField(_("baseline note"), max_length=300, blank=True)
    is_public = models.BooleanField(_("published on the public page"), default=False)
    created_at = models.DateTimeField(_("created"), auto_now_add=True)
    updated_at = models.DateTimeField(_("updated"), auto_now=True)

    class Meta:
        verbose_name = _("indicator")
        verbose_name_plural = _("indicators")
        ordering = ["alliance", "code", "name"]
        constraints = [
            models.UniqueConstraint(fields=["alliance", "name"], name="indicator_unique_name"),
        ]

    def __str__(self) -> str:
        return f"{self.code} {self.name}".strip()

    def clean(self) -> None:
        if self.aggregation == Aggregation.RATIO and self.unit != Unit.PERCENT:
            raise ValidationError(
                {"aggregation": _("A ratio of sums is for indicators measured in percent.")}
            )
        if self.priority_value_id and self.priority_value.dimension.alliance_id != self.alliance_id:
            raise ValidationError(
                {"priority_value": _("The priority group must belong to the same alliance.")}
            )


class Target(models.Model):
    """The target of an indicator for one period, for the total or for one breakdown value."""

    indicator = models.ForeignKey(Indicator, on_delete=models.CASCADE, related_name="targets")
    period = models.DateField(_("period (first day)"))
    breakdown = models.ForeignKey(
        DimensionValue,
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("breakdown value"),
    )
    value = models.DecimalField(_("target"), max_digits=14, decimal_places=4)

    class Meta:
        verbose_name = _("target")
        verbose_name_plural = _("targets")
        ordering = ["indicator", "period"]
        constraints = [
            models.UniqueConstraint(
                fields=["indicator", "period", "breakdown"],
                condition=Q(breakdown__isnull=False),
                name="target_one_per_breakdown",
            ),
            models.UniqueConstraint(
                fields=["indicator", "period"],
                condition=Q(breakdown__isnull=True),
                name="target_one_total",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.indicator} {self.period:%Y-%m}: {self.value}"


class DataPointStatus(models.TextChoices):
    DRAFT = "draft", _("Draft")
    SUBMITTED = "submitted", _("Submitted")
    RETURNED = "returned", _("Returned")
    APPROVED = "approved", _("Approved")


class DataPointQuerySet(models.QuerySet):
    def approved(self):
        return self.filter(status=DataPointStatus.APPROVED)

    def current(self):
        """Approved and not superseded by a later correction.

        NOT EXISTS rather than `superseded_by__isnull=True`: that lookup becomes a LEFT JOIN with
        IS NULL, which PostgreSQL does not plan as an anti-join (2-3 times slower at a million
        data points)."""
        corrections = DataPoint.objects.filter(supersedes_id=OuterRef("pk"))
        return self.approved().filter(~Exists(corrections))


class DataPoint(models.Model):
    """A value reported by an organisation for an indicator, period and breakdown value (or the
    total). An approved value is never edited: a correction is a new data point that
    supersedes it."""

    indicator = models.ForeignKey(Indicator, on_delete=models.CASCADE, related_name="data_points")
    period = models.DateField(_("period (first day)"))
    organisation = models.ForeignKey(
        "alliance.Organisation",
        on_delete=models.PROTECT,
        related_name="data_points",
        verbose_name=_("reporting organisation"),
    )
    breakdown = models.ForeignKey(
        DimensionValue,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="data_points",
        verbose_name=_("breakdown value"),
    )
    value = models.DecimalField(_("value"), max_digits=14, decimal_places=4, null=True, blank=True)
    numerator = models.DecimalField(
        _("numerator"), max_digits=14, decimal_places=4, null=True, blank=True
    )
    denominator = models.DecimalField(
        _("denominator"),
        max_digits=14,
        decimal_places=4,
        null=True,
        blank=True,
        validators=[MinValueValidator(0)],
    )
    respondents = models.PositiveIntegerField(_("respondents (n)"), null=True, blank=True)
    comment = models.TextField(_("comment"), blank=True, max_length=2000)
    evidence = models.FileField(_("evidence"), upload_to="evidence/%Y/%m/", blank=True)
    status = models.CharField(
        _("status"), max_length=10, choices=DataPointStatus.choices, default=DataPointStatus.DRAFT
    )
    return_reason = models.CharField(_("reason for returning"), max_length=500, blank=True)
    supersedes = models.OneToOneField(
        "self",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="superseded_by",
        verbose_name=_("corrects"),
    )
    entered_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    approved_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    approved_at = models.DateTimeField(_("approved"), null=True, blank=True)
    created_at = models.DateTimeField(_("created"), auto_now_add=True)
    updated_at = models.DateTimeField(_("updated"), auto_now=True)

    objects = DataPointQuerySet.as_manager()

    class Meta:
        verbose_name = _("data point")
        verbose_name_plural = _("data points")
        ordering = ["indicator", "period", "organisation"]
        constraints = [
            # A key (indicator, period, organisation, breakdown) has at most one open value.
            models.UniqueConstraint(
                fields=["indicator", "period", "organisation", "breakdown"],
                condition=Q(status__in=["draft", "submitted", "returned"], breakdown__isnull=False),
                name="datapoint_one_open_per_breakdown",
            ),
            models.UniqueConstraint(
                fields=["indicator", "period", "organisation"],
                condition=Q(status__in=["draft", "submitted", "returned"], breakdown__isnull=True),
                name="datapoint_one_open_total",
            ),
        ]
        indexes = [
            # Recompute of one indicator reads its current approved rows: start with the indicator.
            models.Index(
                fields=["indicator", "status", "period", "breakdown"],
                name="datapoint_recompute",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.indicator} {self.period:%Y-%m} {self.organisation}"

    def clean(self) -> None:
        if self.indicator_id is None:
            return
        if self.indicator.aggregation == Aggregation.RATIO:
            if self.numerator is None or not self.denominator:
                raise ValidationError(
                    _("A percent is reported as a numerator and a denominator above zero.")
                )
            if self.numerator > self.denominator:
                raise ValidationError(
                    {"numerator": _("The numerator cannot be larger than the denominator.")}
                )
        elif self.value is None:
            raise ValidationError({"value": _("Enter a value.")})
        if self.organisation_id and self.organisation.alliance_id != self.indicator.alliance_id:
            raise ValidationError(
                {"organisation": _("The organisation must belong to the same alliance.")}
            )


class PeriodLock(models.Model):
    """A period the secretariat has locked: no data point for it can be entered or changed."""

    alliance = models.ForeignKey(
        "alliance.Alliance", on_delete=models.CASCADE, related_name="period_locks"
    )
    frequency = models.CharField(_("frequency"), max_length=10, choices=Frequency.choices)
    period = models.DateField(_("period (first day)"))
    locked_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    locked_at = models.DateTimeField(_("locked"), auto_now_add=True)

    class Meta:
        verbose_name = _("locked period")
        verbose_name_plural = _("locked periods")
        constraints = [
            models.UniqueConstraint(
                fields=["alliance", "frequency", "period"], name="period_lock_unique"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.get_frequency_display()} {self.period:%Y-%m}"


class SummaryStatus(models.TextChoices):
    ON_TRACK = "on_track", _("On track")
    AT_RISK = "at_risk", _("At risk")
    OFF_TRACK = "off_track", _("Off track")
    NO_DATA = "no_data", _("No data")


class Summary(models.Model):
    """The computed figure of an indicator for one period and breakdown value (or the total).
    Written only by the aggregation service; read by the dashboard."""

    indicator = models.ForeignKey(Indicator, on_delete=models.CASCADE, related_name="summaries")
    period = models.DateField(_("period (first day)"))
    breakdown = models.ForeignKey(
        DimensionValue, on_delete=models.CASCADE, null=True, blank=True, related_name="+"
    )
    value = models.DecimalField(max_digits=18, decimal_places=6, null=True, blank=True)
    numerator = models.DecimalField(max_digits=18, decimal_places=6, null=True, blank=True)
    denominator = models.DecimalField(max_digits=18, decimal_places=6, null=True, blank=True)
    respondents = models.PositiveIntegerField(null=True, blank=True)
    organisations = models.PositiveIntegerField(default=0)
    target = models.DecimalField(max_digits=18, decimal_places=6, null=True, blank=True)
    trend = models.DecimalField(
        max_digits=18,
        decimal_places=6,
        null=True,
        blank=True,
        help_text=_("Change per period over the recent periods."),
    )
    status = models.CharField(
        max_length=10, choices=SummaryStatus.choices, default=SummaryStatus.NO_DATA
    )
    # Hidden outside the secretariat although its own n is large enough: it would give away a
    # small group of the same breakdown and period (complementary suppression).
    is_hidden_with_neighbour = models.BooleanField(default=False)
    computed_at = models.DateTimeField()

    class Meta:
        verbose_name = _("summary")
        verbose_name_plural = _("summaries")
        ordering = ["indicator", "period"]
        constraints = [
            models.UniqueConstraint(
                fields=["indicator", "period", "breakdown"],
                condition=Q(breakdown__isnull=False),
                name="summary_one_per_breakdown",
            ),
            models.UniqueConstraint(
                fields=["indicator", "period"],
                condition=Q(breakdown__isnull=True),
                name="summary_one_total",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.indicator} {self.period:%Y-%m}: {self.value}"
