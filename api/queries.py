"""The query strings the API reads, validated like a form: a bad one is a 400 that says what is
wrong, in the request's language. The same serializers describe the parameters in the OpenAPI
schema."""

from __future__ import annotations

from django.utils.translation import gettext_lazy as _
from rest_framework import serializers
from rest_framework.exceptions import ValidationError
from rest_framework.pagination import LimitOffsetPagination

from initiatives.models import ActivityStatus
from measurement.models import DataPointStatus
from youth_voice.models import InputKind

MAX_ID = 2**31 - 1


def _id_field(help_text) -> serializers.IntegerField:
    return serializers.IntegerField(
        required=False, min_value=1, max_value=MAX_ID, help_text=help_text
    )


class PeriodQuery(serializers.Serializer):
    """period_from / period_to: the first days of the periods to include (ISO dates)."""

    period_from = serializers.DateField(
        required=False,
        help_text=_("Only periods starting on or after this date (YYYY-MM-DD)."),
    )
    period_to = serializers.DateField(
        required=False,
        help_text=_("Only periods starting on or before this date (YYYY-MM-DD)."),
    )

    def validate(self, attrs: dict) -> dict:
        start, end = attrs.get("period_from"), attrs.get("period_to")
        if start and end and end < start:
            raise serializers.ValidationError(
                {"period_to": [_("period_to cannot be before period_from.")]}
            )
        return attrs


class IndicatorQuery(serializers.Serializer):
    code = serializers.CharField(
        required=False, max_length=20, help_text=_("Only the indicator with this code.")
    )
    workgroup = _id_field(_("Only indicators reported by this working group (its id)."))


class SummaryQuery(PeriodQuery):
    indicator = _id_field(_("Only the summaries of this indicator (its id)."))
    breakdown = serializers.RegexField(
        r"^(total|[1-9][0-9]{0,8})$",
        required=False,
        help_text=_("“total” for the totals only, or the id of one breakdown value."),
        error_messages={"invalid": _("Write “total” or the id of a breakdown value.")},
    )


class ActivityQuery(PeriodQuery):
    indicator = _id_field(_("Only activities that have this indicator as a measure (its id)."))
    workgroup = _id_field(_("Only the activities of this working group (its id)."))
    status = serializers.ChoiceField(
        required=False, choices=ActivityStatus.choices, help_text=_("Only this status.")
    )


class YouthInputQuery(PeriodQuery):
    kind = serializers.ChoiceField(
        required=False, choices=InputKind.choices, help_text=_("Only this kind of input.")
    )
    focus_area = _id_field(_("Only inputs about this focus area (its id)."))


class DataPointQuery(PeriodQuery):
    indicator = _id_field(_("Only the data points of this indicator (its id)."))
    status = serializers.ChoiceField(
        required=False, choices=DataPointStatus.choices, help_text=_("Only this status.")
    )


def query_params(serializer_class: type[serializers.Serializer], request) -> dict:
    """The validated query string; raises a 400 ValidationError naming each bad parameter."""
    serializer = serializer_class(data=request.query_params)
    serializer.is_valid(raise_exception=True)
    return serializer.validated_data


class Pagination(LimitOffsetPagination):
    """limit/offset pagination that refuses a bad limit or offset instead of ignoring it."""

    default_limit = 100
    max_limit = 1000

    def _read(self, request, name: str, minimum: int, maximum: int) -> int | None:
        raw = request.query_params.get(name)
        if raw is None or raw == "":
            return None
        if not (raw.isascii() and raw.isdigit()) or not minimum <= int(raw) <= maximum:
            raise ValidationError(
                {
                    name: [
                        _("Write a whole number from %(minimum)s to %(maximum)s.")
                        % {"minimum": minimum, "maximum": maximum}
                    ]
                }
            )
        return int(raw)

    def get_limit(self, request):
        limit = self._read(request, self.limit_query_param, 1, self.max_limit)
        return self.default_limit if limit is None else limit

    def get_offset(self, request):
        return self._read(request, self.offset_query_param, 0, MAX_ID) or 0

    def get_schema_operation_parameters(self, view):
        parameters = super().get_schema_operation_parameters(view)
        for parameter in parameters:
            if parameter["name"] == self.limit_query_param:
                parameter["schema"].update({"minimum": 1, "maximum": self.max_limit})
            else:
                parameter["schema"].update({"minimum": 0, "maximum": MAX_ID})
        return parameters
