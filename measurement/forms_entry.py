"""Forms of the reporting pages: which period and organisation, one row of figures per
breakdown value (and the total), the comment and evidence, and the import upload."""

from __future__ import annotations

import datetime

from django import forms
from django.conf import settings
from django.core.exceptions import ValidationError
from django.template.defaultfilters import filesizeformat
from django.utils.translation import gettext_lazy as _

from alliance.models import Organisation

from .importing import decimal_parse, whole_number_parse
from .models import Aggregation, DimensionValue, Indicator
from .periods import period_code, period_label, period_parse
from .validators import validate_evidence


class NumberField(forms.CharField):
    """A decimal typed on a phone or a Danish keyboard: "12,5" and "12.5" both work."""

    widget = forms.TextInput(attrs={"inputmode": "decimal", "autocomplete": "off"})

    def to_python(self, value):
        text = super().to_python(value)
        return decimal_parse(text) if text else None


class WholeNumberField(forms.CharField):
    widget = forms.TextInput(attrs={"inputmode": "numeric", "autocomplete": "off"})

    def to_python(self, value):
        text = super().to_python(value)
        return whole_number_parse(text) if text else None


class KeyForm(forms.Form):
    """Which period and organisation the figures are for."""

    period = forms.ChoiceField(label=_("Period"))
    organisation = forms.ModelChoiceField(
        label=_("Organisation"), queryset=Organisation.objects.none(), empty_label=None
    )

    def __init__(
        self,
        *args,
        indicator: Indicator,
        periods: list[datetime.date],
        locked: set[datetime.date],
        organisations,
        **kwargs,
    ):
        super().__init__(*args, **kwargs)
        self.indicator = indicator
        self.fields["period"].choices = [
            (
                period_code(indicator.frequency, period),
                _("%(period)s (locked)") % {"period": period_label(indicator.frequency, period)}
                if period in locked
                else period_label(indicator.frequency, period),
            )
            for period in periods
        ]
        self.fields["organisation"].queryset = organisations
        if organisations.count() == 1:
            self.fields["organisation"].widget = forms.HiddenInput()

    def clean_period(self) -> datetime.date:
        return period_parse(self.indicator.frequency, self.cleaned_data["period"])


class RowForm(forms.Form):
    """The figures of one breakdown value (or the total); every field may stay empty."""

    value = NumberField(label=_("Value"), required=False)
    numerator = NumberField(label=_("Numerator"), required=False)
    denominator = NumberField(label=_("Denominator"), required=False)
    respondents = WholeNumberField(label=_("Answers (n)"), required=False)

    def __init__(
        self,
        *args,
        indicator: Indicator,
        breakdown: DimensionValue | None,
        is_readonly: bool = False,
        **kwargs,
    ):
        super().__init__(*args, **kwargs)
        self.breakdown = breakdown
        self.is_readonly = is_readonly
        if indicator.aggregation == Aggregation.RATIO:
            del self.fields["value"]
        else:
            del self.fields["numerator"]
            del self.fields["denominator"]
        if is_readonly:
            for field in self.fields.values():
                field.widget.attrs["readonly"] = True

    @property
    def is_filled(self) -> bool:
        return any(self.cleaned_data.get(name) is not None for name in self.fields)


class EntryForm(forms.Form):
    """What goes with the figures: a comment, and a file that documents them."""

    comment = forms.CharField(
        label=_("Comment"),
        required=False,
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("Anything the secretariat should know about the figures."),
    )
    evidence = forms.FileField(
        label=_("Evidence"),
        required=False,
        max_length=200,
        widget=forms.FileInput,
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["evidence"].help_text = _(
            "A PDF, an image, a document or a spreadsheet, at most %(size)s."
        ) % {"size": filesizeformat(settings.MEASUREMENT_EVIDENCE_MAX_BYTES)}

    def clean_evidence(self):
        evidence = self.cleaned_data.get("evidence")
        if evidence:
            try:
                validate_evidence(evidence)
            except ValidationError as error:
                raise ValidationError(error.messages) from None
        return evidence


class ImportForm(forms.Form):
    file = forms.FileField(
        label=_("File"),
        max_length=200,
        widget=forms.FileInput(attrs={"accept": ".csv,.xlsx"}),
    )
    submit = forms.TypedChoiceField(
        label=_("What happens to the values"),
        choices=[
            ("1", _("Submit them for approval")),
            ("0", _("Save them as drafts (you submit them later)")),
        ],
        coerce=lambda value: value == "1",
        initial="1",
        widget=forms.RadioSelect,
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["file"].help_text = _(
            "A CSV file or an Excel workbook (XLSX) in the template, at most %(size)s."
        ) % {"size": filesizeformat(settings.MEASUREMENT_IMPORT_MAX_BYTES)}
