"""What the API answers with, and the body of a new data point.

Figures are JSON numbers (not strings), dates ISO 8601. A summary is shown as the dashboard
shows it to the same person: outside the secretariat a figure of a small group (or one hidden
with a small neighbour) has no value, respondents, trend or status, only `is_hidden`.
"""

from __future__ import annotations

from decimal import Decimal

from django.core.exceptions import ValidationError as DjangoValidationError
from django.utils.translation import gettext_lazy as _
from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers

from alliance.models import Organisation
from initiatives.models import Activity
from measurement.aggregation import summary_is_suppressed, summary_is_uncertain
from measurement.importing import decimal_parse, whole_number_parse
from measurement.models import DataPoint, DimensionValue, Indicator, Summary
from measurement.periods import period_code, period_label, period_parse
from youth_voice.models import YouthInput

HIDDEN = "hidden"


def _number(**kwargs) -> serializers.DecimalField:
    return serializers.DecimalField(
        max_digits=24, decimal_places=6, coerce_to_string=False, read_only=True, **kwargs
    )


# ---------------------------------------------------------------------------
# Indicators
# ---------------------------------------------------------------------------


class NamedRefSerializer(serializers.Serializer):
    id = serializers.IntegerField(read_only=True)
    name = serializers.CharField(read_only=True)


class WorkGroupRefSerializer(serializers.Serializer):
    id = serializers.IntegerField(read_only=True)
    slug = serializers.CharField(read_only=True)
    name = serializers.CharField(read_only=True)


class FocusAreaRefSerializer(serializers.Serializer):
    id = serializers.IntegerField(read_only=True)
    position = serializers.IntegerField(read_only=True)
    title = serializers.CharField(read_only=True)


class GoalRefSerializer(serializers.Serializer):
    id = serializers.IntegerField(read_only=True)
    title = serializers.CharField(read_only=True)
    focus_area_id = serializers.IntegerField(read_only=True)


class DimensionValueSerializer(serializers.Serializer):
    id = serializers.IntegerField(read_only=True)
    label = serializers.CharField(read_only=True)


class DimensionSerializer(serializers.Serializer):
    id = serializers.IntegerField(read_only=True)
    name = serializers.CharField(read_only=True)
    values = DimensionValueSerializer(many=True, read_only=True, source="values.all")


class IndicatorSerializer(serializers.ModelSerializer):
    """An indicator's definition: what is measured, how, and by whom."""

    scale_min = _number(allow_null=True)
    scale_max = _number(allow_null=True)
    baseline_value = _number(allow_null=True)
    focus_areas = FocusAreaRefSerializer(many=True, read_only=True)
    goals = GoalRefSerializer(many=True, read_only=True)
    workgroups = WorkGroupRefSerializer(many=True, read_only=True)
    dimensions = DimensionSerializer(many=True, read_only=True)

    class Meta:
        model = Indicator
        fields = [
            "id",
            "code",
            "name",
            "definition",
            "source",
            "unit",
            "scale_min",
            "scale_max",
            "direction",
            "frequency",
            "kind",
            "aggregation",
            "time_aggregation",
            "baseline_value",
            "baseline_period",
            "baseline_note",
            "is_public",
            "focus_areas",
            "goals",
            "workgroups",
            "dimensions",
            "updated_at",
        ]
        read_only_fields = fields


# ---------------------------------------------------------------------------
# Summaries
# ---------------------------------------------------------------------------


class BreakdownSerializer(serializers.Serializer):
    id = serializers.IntegerField(read_only=True)
    dimension = serializers.CharField(read_only=True, source="dimension.name")
    label = serializers.CharField(read_only=True)


class SummarySerializer(serializers.ModelSerializer):
    """One computed figure: an indicator's value for a period, for the total (breakdown null)
    or for one breakdown value. Context: `alliance`, `sees_small_groups`."""

    indicator = serializers.IntegerField(read_only=True, source="indicator_id")
    period_code = serializers.SerializerMethodField()
    period_label = serializers.SerializerMethodField()
    breakdown = BreakdownSerializer(read_only=True, allow_null=True)
    value = _number(allow_null=True)
    numerator = _number(allow_null=True)
    denominator = _number(allow_null=True)
    target = _number(allow_null=True)
    trend = _number(allow_null=True, help_text=_("Change per period over the recent periods."))
    status = serializers.ChoiceField(
        read_only=True,
        choices=[
            ("on_track", "on_track"),
            ("at_risk", "at_risk"),
            ("off_track", "off_track"),
            ("no_data", "no_data"),
            (HIDDEN, HIDDEN),
        ],
    )
    is_hidden = serializers.BooleanField(
        read_only=True,
        help_text=_(
            "Rests on fewer respondents than the alliance's small-group threshold (or would "
            "give such a group away): its figures are left out for everyone but the secretariat."
        ),
    )
    is_small_group = serializers.BooleanField(read_only=True)
    is_uncertain = serializers.BooleanField(read_only=True)

    class Meta:
        model = Summary
        fields = [
            "id",
            "indicator",
            "period",
            "period_code",
            "period_label",
            "breakdown",
            "value",
            "numerator",
            "denominator",
            "respondents",
            "organisations",
            "target",
            "trend",
            "status",
            "is_hidden",
            "is_small_group",
            "is_uncertain",
            "computed_at",
        ]
        read_only_fields = fields

    def get_period_code(self, summary: Summary) -> str:
        return period_code(summary.indicator.frequency, summary.period)

    def get_period_label(self, summary: Summary) -> str:
        return period_label(summary.indicator.frequency, summary.period)

    def to_representation(self, summary: Summary) -> dict:
        alliance = self.context["alliance"]
        is_small = summary_is_suppressed(summary, alliance)
        is_hidden = is_small and not self.context["sees_small_groups"]
        summary.is_small_group = is_small
        summary.is_hidden = is_hidden
        summary.is_uncertain = summary_is_uncertain(summary, alliance)
        data = super().to_representation(summary)
        if is_hidden:
            for name in ("value", "numerator", "denominator", "respondents", "trend"):
                data[name] = None
            data["status"] = HIDDEN
        return data


# ---------------------------------------------------------------------------
# Activities
# ---------------------------------------------------------------------------


class ActivityGoalSerializer(serializers.Serializer):
    id = serializers.IntegerField(read_only=True, source="goal_id")
    title = serializers.CharField(read_only=True, source="goal.title")
    strength = serializers.CharField(read_only=True)


class ActivityPartnerSerializer(serializers.Serializer):
    organisation = NamedRefSerializer(read_only=True)
    role = serializers.CharField(read_only=True)


class ActivitySerializer(serializers.ModelSerializer):
    """An activity of a working group, the goals it serves and its partners."""

    group = WorkGroupRefSerializer(read_only=True)
    focus_areas = FocusAreaRefSerializer(many=True, read_only=True)
    goals = ActivityGoalSerializer(many=True, read_only=True, source="goal_links")
    partners = ActivityPartnerSerializer(many=True, read_only=True)
    areas = NamedRefSerializer(many=True, read_only=True)
    education_types = serializers.SerializerMethodField()
    hours_committed = _number(allow_null=True)
    money_committed = _number(allow_null=True)

    class Meta:
        model = Activity
        fields = [
            "id",
            "title",
            "description",
            "status",
            "starts_on",
            "ends_on",
            "recurrence",
            "place",
            "age_min",
            "age_max",
            "education_types",
            "areas",
            "aims_at_priority_group",
            "is_co_planned_by_youth",
            "hours_committed",
            "money_committed",
            "group",
            "focus_areas",
            "goals",
            "partners",
            "updated_at",
        ]
        read_only_fields = fields

    def get_education_types(self, activity: Activity) -> list[str]:
        return [link.education_type for link in activity.education_types.all()]


# ---------------------------------------------------------------------------
# Published youth input
# ---------------------------------------------------------------------------


class YouthInputSerializer(serializers.ModelSerializer):
    """A published input as the portal shows it: the moderated text, never the original, and
    nothing about the young person."""

    text = serializers.CharField(read_only=True, source="published_text")
    focus_area = FocusAreaRefSerializer(read_only=True, allow_null=True)
    area = NamedRefSerializer(read_only=True, allow_null=True)
    led_to_activity = serializers.IntegerField(
        read_only=True, allow_null=True, source="led_to_activity_id"
    )
    decision = serializers.CharField(
        read_only=True, allow_null=True, source="decision.text", default=None
    )

    class Meta:
        model = YouthInput
        fields = [
            "id",
            "kind",
            "text",
            "focus_area",
            "area",
            "status",
            "published_at",
            "answer",
            "answered_at",
            "support_count",
            "led_to_activity",
            "decision",
        ]
        read_only_fields = fields


# ---------------------------------------------------------------------------
# Data points
# ---------------------------------------------------------------------------


@extend_schema_field({"type": "number", "nullable": True, "example": 12.5})
class FigureField(serializers.Field):
    """A figure as a JSON number, or a string as a person writes it ("12,5", "1.234")."""

    def to_internal_value(self, data) -> Decimal | None:
        try:
            return decimal_parse(data)
        except DjangoValidationError as error:
            raise serializers.ValidationError(error.messages) from None

    def to_representation(self, value):
        return None if value is None else float(value)


@extend_schema_field({"type": "integer", "minimum": 0, "nullable": True, "example": 120})
class WholeNumberField(FigureField):
    def to_internal_value(self, data) -> int | None:
        try:
            return whole_number_parse(data)
        except DjangoValidationError as error:
            raise serializers.ValidationError(error.messages) from None

    def to_representation(self, value):
        return value


class DataPointSerializer(serializers.ModelSerializer):
    """A reported value and where it stands (draft, submitted, returned or approved)."""

    indicator = serializers.IntegerField(read_only=True, source="indicator_id")
    organisation = NamedRefSerializer(read_only=True)
    breakdown = BreakdownSerializer(read_only=True, allow_null=True)
    period_code = serializers.SerializerMethodField()
    value = _number(allow_null=True)
    numerator = _number(allow_null=True)
    denominator = _number(allow_null=True)

    class Meta:
        model = DataPoint
        fields = [
            "id",
            "indicator",
            "period",
            "period_code",
            "organisation",
            "breakdown",
            "value",
            "numerator",
            "denominator",
            "respondents",
            "comment",
            "status",
            "return_reason",
            "created_at",
            "updated_at",
        ]
        read_only_fields = fields

    def get_period_code(self, datapoint: DataPoint) -> str:
        return period_code(datapoint.indicator.frequency, datapoint.period)


class DataPointCreateSerializer(serializers.Serializer):
    """A value to report: it is submitted to the secretariat for approval at once.

    Context: `alliance` (indicators, organisations and breakdown values are looked up in it)."""

    indicator = serializers.IntegerField(
        min_value=1, max_value=2**31 - 1, help_text=_("The indicator's id.")
    )
    period = serializers.CharField(
        max_length=40,
        help_text=_(
            "The period: 2025 (yearly), 2025-H1 (per term), 2025-Q3 (quarterly), 2025-03 "
            "(monthly), or a date within it (2025-03-01)."
        ),
    )
    organisation = serializers.IntegerField(
        min_value=1,
        max_value=2**31 - 1,
        required=False,
        allow_null=True,
        help_text=_(
            "The id of the organisation the value is reported for. Leave it out to report for "
            "your own organisation."
        ),
    )
    breakdown = serializers.IntegerField(
        min_value=1,
        max_value=2**31 - 1,
        required=False,
        allow_null=True,
        help_text=_("The id of the breakdown value; leave it out for the total."),
    )
    value = FigureField(required=False, allow_null=True)
    numerator = FigureField(required=False, allow_null=True)
    denominator = FigureField(required=False, allow_null=True)
    respondents = WholeNumberField(required=False, allow_null=True)
    comment = serializers.CharField(
        required=False, allow_blank=True, max_length=2000, default="", trim_whitespace=True
    )

    def validate(self, attrs: dict) -> dict:
        """Find the indicator, organisation and breakdown value in the alliance, and read the
        period for the indicator's frequency."""
        alliance = self.context["alliance"]
        errors: dict[str, list[str]] = {}
        indicator = Indicator.objects.filter(alliance=alliance, pk=attrs["indicator"]).first()
        if indicator is None:
            errors["indicator"] = [_not_found(_("indicator"), attrs["indicator"])]
        organisation = None
        if attrs.get("organisation") is not None:
            organisation = Organisation.objects.filter(
                alliance=alliance, pk=attrs["organisation"]
            ).first()
            if organisation is None:
                errors["organisation"] = [_not_found(_("organisation"), attrs["organisation"])]
        breakdown = None
        if attrs.get("breakdown") is not None:
            breakdown = (
                DimensionValue.objects.select_related("dimension")
                .filter(dimension__alliance=alliance, pk=attrs["breakdown"])
                .first()
            )
            if breakdown is None:
                errors["breakdown"] = [_not_found(_("breakdown value"), attrs["breakdown"])]
        period = None
        if indicator is not None:
            try:
                period = period_parse(indicator.frequency, attrs["period"])
            except DjangoValidationError as error:
                errors["period"] = error.messages
        if errors:
            raise serializers.ValidationError(errors)
        return {
            **attrs,
            "indicator": indicator,
            "organisation": organisation,
            "breakdown": breakdown,
            "period": period,
        }


def _not_found(what, pk) -> str:
    return _("There is no %(what)s with the id %(id)s in this alliance.") % {
        "what": what,
        "id": pk,
    }
