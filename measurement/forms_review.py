"""Forms of the secretariat's review: filtering the values waiting, returning or taking back a
value with a reason, correcting an approved value, locking a period."""

from __future__ import annotations

import datetime

from django import forms
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

from alliance.models import Alliance
from workgroups.models import WorkGroup

from .models import Aggregation, DataPoint, Frequency, Indicator
from .periods import period_parse


class ApprovalFilterForm(forms.Form):
    """Narrow the list of values waiting: one indicator, one group's indicators, one period."""

    indicator = forms.ModelChoiceField(
        label=_("Indicator"), queryset=Indicator.objects.none(), required=False
    )
    group = forms.ModelChoiceField(
        label=_("Working group"), queryset=WorkGroup.objects.none(), required=False
    )
    period = forms.ChoiceField(label=_("Period"), required=False)

    def __init__(self, *args, alliance: Alliance, period_choices: list[tuple[str, str]], **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["indicator"].queryset = Indicator.objects.filter(alliance=alliance).order_by(
            "code", "name"
        )
        self.fields["indicator"].empty_label = _("All indicators")
        self.fields["group"].queryset = (
            WorkGroup.objects.filter(alliance=alliance, indicators__isnull=False)
            .distinct()
            .order_by("name")
        )
        self.fields["group"].empty_label = _("All groups")
        self.fields["period"].choices = [("", _("All periods")), *period_choices]

    def filters(self) -> dict:
        """The chosen filters as keyword arguments of `approvals_waiting` (none if invalid)."""
        if not self.is_valid():
            return {}
        data = self.cleaned_data
        chosen = {"indicator": data["indicator"], "group": data["group"]}
        if data["period"]:
            frequency, _sep, day = data["period"].partition(":")
            chosen["frequency"] = frequency
            chosen["period"] = datetime.date.fromisoformat(day)
        return chosen


class ReasonForm(forms.Form):
    reason = forms.CharField(
        label=_("Reason"),
        max_length=500,
        widget=forms.Textarea(attrs={"rows": 3}),
    )

    def __init__(self, *args, help_text: str = "", **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["reason"].help_text = help_text


class CorrectionForm(forms.Form):
    """New figures for an approved value; the fields depend on how the indicator is reported."""

    value = forms.DecimalField(
        label=_("Value"), required=False, max_digits=14, decimal_places=4, localize=True
    )
    numerator = forms.DecimalField(
        label=_("How many (numerator)"),
        required=False,
        max_digits=14,
        decimal_places=4,
        localize=True,
    )
    denominator = forms.DecimalField(
        label=_("Out of how many (denominator)"),
        required=False,
        max_digits=14,
        decimal_places=4,
        localize=True,
    )
    respondents = forms.IntegerField(
        label=_("Number of respondents (n)"), required=False, min_value=0
    )
    comment = forms.CharField(
        label=_("Comment"),
        required=False,
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("Say what was wrong and where the new figure comes from."),
    )
    approve = forms.BooleanField(
        label=_("Approve the correction at once"),
        required=False,
        initial=True,
        help_text=_("Otherwise it waits in the list of values to approve."),
    )

    def __init__(self, *args, datapoint: DataPoint, **kwargs):
        super().__init__(*args, **kwargs)
        if datapoint.indicator.aggregation == Aggregation.RATIO:
            del self.fields["value"]
        else:
            del self.fields["numerator"]
            del self.fields["denominator"]
        for field in self.fields.values():
            if isinstance(field, forms.DecimalField):
                field.widget.attrs["inputmode"] = "decimal"


class PeriodForm(forms.Form):
    """A frequency and a period to lock or unlock (the period as written or an ISO date)."""

    frequency = forms.ChoiceField(label=_("Frequency"), choices=Frequency.choices)
    period = forms.CharField(
        label=_("Period"),
        max_length=20,
        help_text=_("E.g. 2025, 2025-H1, 2025-Q3 or 2025-03."),
    )

    def clean(self):
        cleaned = super().clean()
        frequency, text = cleaned.get("frequency"), cleaned.get("period")
        if frequency and text:
            try:
                cleaned["period"] = period_parse(frequency, text)
            except ValidationError as error:
                self.add_error("period", error.messages)
        return cleaned
