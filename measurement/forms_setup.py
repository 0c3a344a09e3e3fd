"""Forms of the secretariat's indicator and breakdown definitions. They validate the shape of
the input; `services_setup` checks the rest (same alliance, data already reported...)."""

from __future__ import annotations

from decimal import Decimal

from django import forms
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

from alliance.models import Alliance, FocusArea, Goal
from workgroups.models import GroupKind, WorkGroup

from .models import Dimension, DimensionValue, Indicator
from .periods import period_code, period_parse

INDICATOR_HELP = {
    "code": _("A short code shown in lists and import files, e.g. B1."),
    "definition": _(
        "The exact wording of what is counted. Two sources that define a figure differently "
        "are two indicators."
    ),
    "source": _("Where the figure comes from, e.g. the national wellbeing survey."),
    "unit": _(
        "What the figure is. Choose Percent for a share that organisations report as "
        "“how many out of how many”."
    ),
    "scale_min": _("Only for a mean score: the lowest possible score, e.g. 1."),
    "scale_max": _("Only for a mean score: the highest possible score, e.g. 5."),
    "direction": _("Decides whether a rising curve counts as progress or as a setback."),
    "frequency": _(
        "How often values are reported. It cannot change once values have been reported."
    ),
    "kind": _(
        "A population indicator describes all young people in the municipality. The three "
        "others measure an activity: how much did we do, how well did we do it, and is anyone "
        "better off."
    ),
    "aggregation": _(
        "How figures from several organisations and breakdown values are combined. "
        "Sum: the figures are added up. "
        "Weighted mean: the mean weighted by the number of respondents. "
        "Percent: numerators and denominators are added up across organisations (not a mean "
        "of percents). "
        "Latest: the most recently approved figure. "
        "Not aggregated: qualitative figures; only the reporting organisations are counted."
    ),
    "time_aggregation": _(
        "Per period: each period stands alone. Cumulative: each period adds to the ones "
        "before, e.g. young people reached since the start."
    ),
    "goals": _("The goals of the common agenda this indicator shows progress on."),
    "focus_areas": _("The focus areas of the common agenda this indicator belongs to."),
    "workgroups": _(
        "The working groups whose coordinators enter the values. Leave empty when the "
        "secretariat enters them itself, e.g. national statistics."
    ),
    "dimensions": _(
        "What the values are broken down by, e.g. gender or education type. A total can "
        "always be reported too."
    ),
    "priority_value": _(
        "The group the alliance wants to close the gap for, e.g. vocational students. It must "
        "be a value of one of the breakdowns chosen above. The dashboard shows the gap between "
        "this group and the rest."
    ),
    "is_public": _(
        "Its figures appear on the alliance's public page. Small groups are always hidden."
    ),
}
MULTIPLE_CHOICES = ("goals", "focus_areas", "workgroups", "dimensions")


class IndicatorForm(forms.ModelForm):
    """Every field of an indicator except its baseline (on the targets page)."""

    class Meta:
        model = Indicator
        fields = [
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
            "goals",
            "focus_areas",
            "workgroups",
            "dimensions",
            "priority_value",
            "is_public",
        ]
        localized_fields = ["scale_min", "scale_max"]
        widgets = {
            "definition": forms.Textarea(attrs={"rows": 3}),
            **{name: forms.CheckboxSelectMultiple for name in MULTIPLE_CHOICES},
        }

    def __init__(self, *args, alliance: Alliance, **kwargs):
        super().__init__(*args, **kwargs)
        fields = self.fields
        fields["goals"].queryset = Goal.objects.filter(alliance=alliance).order_by(
            "focus_area__position", "position", "title"
        )
        fields["focus_areas"].queryset = FocusArea.objects.filter(alliance=alliance).order_by(
            "position"
        )
        # Active groups, and any archived group already reporting (so saving keeps it).
        groups = WorkGroup.objects.filter(alliance=alliance).exclude(kind=GroupKind.STEERING)
        if self.instance.pk:
            groups = groups.filter(is_archived=False) | groups.filter(indicators=self.instance)
        else:
            groups = groups.filter(is_archived=False)
        fields["workgroups"].queryset = groups.distinct().order_by("name")
        fields["dimensions"].queryset = Dimension.objects.filter(alliance=alliance).order_by(
            "position", "name"
        )
        fields["priority_value"].queryset = (
            DimensionValue.objects.filter(dimension__alliance=alliance)
            .select_related("dimension")
            .order_by("dimension__position", "dimension__name", "position", "label")
        )
        fields["priority_value"].empty_label = _("No priority group")
        for name, text in INDICATOR_HELP.items():
            fields[name].help_text = text
        for name in ("scale_min", "scale_max"):
            fields[name].widget.attrs["inputmode"] = "decimal"

    def clean(self):
        cleaned = super().clean()
        priority = cleaned.get("priority_value")
        dimensions = cleaned.get("dimensions")
        if priority is not None and dimensions is not None and priority.dimension not in dimensions:
            self.add_error(
                "priority_value",
                _("The priority group must be a value of one of the indicator's breakdowns."),
            )
        return cleaned

    def service_data(self) -> dict:
        """cleaned_data as the services take it (the links as lists)."""
        data = dict(self.cleaned_data)
        for name in MULTIPLE_CHOICES:
            data[name] = list(data.get(name) or [])
        return data


class PeriodField(forms.CharField):
    """A period written as 2025, 2025-H1, 2025-Q3 or 2025-03 (for the indicator's frequency)."""

    def __init__(self, *args, frequency: str, **kwargs):
        self.frequency = frequency
        kwargs.setdefault("max_length", 20)
        super().__init__(*args, **kwargs)
        self.widget.attrs.setdefault("autocomplete", "off")

    def prepare_value(self, value):
        if hasattr(value, "year"):
            return period_code(self.frequency, value)
        return value

    def clean(self, value):
        text = super().clean(value)
        if not text:
            return None
        try:
            return period_parse(self.frequency, text)
        except ValidationError as error:
            raise forms.ValidationError(error.messages) from None


PERIOD_EXAMPLES = {
    "yearly": "2030",
    "term": "2030-H1",
    "quarterly": "2030-Q1",
    "monthly": "2030-01",
}


def period_help(frequency: str):
    return _("Write the period like %(example)s.") % {"example": PERIOD_EXAMPLES[frequency]}


class BaselineForm(forms.Form):
    baseline_value = forms.DecimalField(
        label=_("Baseline"),
        required=False,
        max_digits=14,
        decimal_places=4,
        localize=True,
        help_text=_("The level the alliance started from."),
    )
    baseline_note = forms.CharField(
        label=_("Note on the baseline"),
        required=False,
        max_length=300,
        help_text=_("E.g. where the figure comes from, or that it is an estimate."),
    )

    def __init__(self, *args, indicator: Indicator, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["baseline_period"] = PeriodField(
            label=_("Period of the baseline"),
            required=False,
            frequency=indicator.frequency,
            help_text=period_help(indicator.frequency),
        )
        self.order_fields(["baseline_value", "baseline_period", "baseline_note"])
        self.fields["baseline_value"].widget.attrs["inputmode"] = "decimal"


class TargetForm(forms.Form):
    value = forms.DecimalField(label=_("Target"), max_digits=14, decimal_places=4, localize=True)

    def __init__(self, *args, indicator: Indicator, breakdowns: dict, **kwargs):
        super().__init__(*args, **kwargs)
        self.breakdowns = breakdowns
        self.fields["period"] = PeriodField(
            label=_("Period"),
            frequency=indicator.frequency,
            help_text=period_help(indicator.frequency),
        )
        self.fields["breakdown"] = forms.ChoiceField(
            label=_("For"),
            choices=[("", _("The total"))]
            + [(str(pk), str(value)) for pk, value in breakdowns.items()],
            required=False,
        )
        self.order_fields(["period", "breakdown", "value"])
        self.fields["value"].widget.attrs["inputmode"] = "decimal"

    def clean_breakdown(self) -> DimensionValue | None:
        chosen = self.cleaned_data["breakdown"]
        return self.breakdowns[int(chosen)] if chosen else None


class BaseTargetFormSet(forms.BaseFormSet):
    def __init__(self, *args, indicator: Indicator, **kwargs):
        self.indicator = indicator
        # One query for the breakdown choices, shared by every line.
        self.breakdowns = {
            value.pk: value
            for value in DimensionValue.objects.filter(dimension__in=indicator.dimensions.all())
            .select_related("dimension")
            .order_by("dimension__position", "dimension__name", "position", "label")
        }
        super().__init__(*args, **kwargs)

    def get_form_kwargs(self, index):
        return {"indicator": self.indicator, "breakdowns": self.breakdowns}

    def add_fields(self, form, index):
        super().add_fields(form, index)
        if "DELETE" in form.fields:
            form.fields["DELETE"].label = _("Delete this target")

    def target_lines(self) -> list[dict]:
        """The kept lines as dicts (period, breakdown, value), in order."""
        initial = self.initial_form_count()
        return [
            {name: form.cleaned_data[name] for name in ("period", "breakdown", "value")}
            for index, form in enumerate(self.forms)
            if (index < initial or form.has_changed()) and not self._should_delete_form(form)
        ]


TargetFormSet = forms.formset_factory(
    TargetForm, formset=BaseTargetFormSet, extra=2, can_delete=True, max_num=200
)


class DimensionForm(forms.Form):
    name = forms.CharField(
        label=_("Name"),
        max_length=100,
        help_text=_("E.g. gender, age band, education type, school or area."),
    )
    position = forms.IntegerField(
        label=_("Order"),
        min_value=1,
        max_value=999,
        initial=1,
        help_text=_(
            "Breakdowns are shown in this order. When organisations report only breakdowns, "
            "the total is made from the first one in this order that has values."
        ),
    )


class ValueForm(forms.Form):
    value_id = forms.IntegerField(required=False, widget=forms.HiddenInput)
    label = forms.CharField(label=_("Value"), max_length=100, required=False)


class BaseValueFormSet(forms.BaseFormSet):
    def add_fields(self, form, index):
        super().add_fields(form, index)
        number = (index or 0) + 1
        form.fields["label"].label = _("Value %(number)s") % {"number": number}
        existing = form.initial.get("label")
        if "DELETE" in form.fields:
            form.fields["DELETE"].label = (
                _("Delete “%(label)s”") % {"label": existing}
                if existing
                else _("Delete value %(number)s") % {"number": number}
            )


ValueFormSet = forms.formset_factory(
    ValueForm, formset=BaseValueFormSet, extra=3, can_delete=True, max_num=200
)


def plain_decimal(number: Decimal | None) -> Decimal | None:
    """A stored decimal without its trailing zeros (12.5000 -> 12.5, 100.0000 -> 100)."""
    if number is None:
        return None
    return number.quantize(Decimal(1)) if number == number.to_integral() else number.normalize()


def value_formset_initial(dimension: Dimension | None) -> list[dict]:
    if dimension is None:
        return []
    return [{"value_id": value.pk, "label": value.label} for value in dimension.values.all()]


def target_formset_initial(indicator: Indicator) -> list[dict]:
    return [
        {
            "period": target.period,
            "breakdown": str(target.breakdown_id or ""),
            "value": plain_decimal(target.value),
        }
        for target in indicator.targets.order_by("period", "breakdown__position")
    ]
