"""The form that asks for a report: which kind, for which year, focus area and working group, in
which language. The choices are the alliance's own; another alliance's id is an error."""

from __future__ import annotations

from django import forms
from django.conf import settings
from django.db.models.functions import ExtractYear
from django.utils import timezone, translation
from django.utils.translation import gettext_lazy as _

from alliance.models import Alliance, FocusArea
from measurement.models import Summary
from workgroups.models import WorkGroup

from .models import ReportKind

# What each kind of report is, in a sentence, beside its choice.
KIND_HELP = {
    ReportKind.STATUS_PDF: _(
        "The steering group's status report to read or print: the common agenda in brief, every "
        "indicator with its chart, status and gap, the activities, the decisions and the young "
        "people's input."
    ),
    ReportKind.STATUS_XLSX: _(
        "The same content as a spreadsheet, one sheet per part, with real numbers and dates."
    ),
    ReportKind.STATUS_CSV: _("The same content as CSV files in a zip, one file per part."),
    ReportKind.OPEN_DATA: _(
        "The published indicators and their figures as CSV files with a description "
        "(datapackage.json) for the municipality's open data portal."
    ),
    ReportKind.DATA_POINTS_CSV: _(
        "The reported values behind the figures, one row per value, as a CSV file."
    ),
    ReportKind.DATA_POINTS_XLSX: _(
        "The reported values behind the figures, one row per value, as a spreadsheet."
    ),
}


def year_choices(alliance: Alliance) -> list[tuple[str, str]]:
    """The years the alliance has figures for, and this year; newest first."""
    years = set(
        Summary.objects.filter(indicator__alliance=alliance)
        .annotate(year=ExtractYear("period"))
        .values_list("year", flat=True)
        .distinct()
        .order_by()
    )
    years.add(timezone.localdate().year)
    return [("", _("The last twelve months (newest figures)"))] + [
        (str(year), str(year)) for year in sorted(years, reverse=True)
    ]


class ReportRequestForm(forms.Form):
    kind = forms.ChoiceField(
        label=_("Kind of report"),
        choices=ReportKind.choices,
        widget=forms.RadioSelect,
        error_messages={
            "required": _("Choose the kind of report."),
            "invalid_choice": _("Choose a kind of report from the list."),
        },
    )
    year = forms.TypedChoiceField(
        label=_("Period"),
        coerce=int,
        empty_value=None,
        required=False,
        help_text=_("A year shows the figures as of its end, and what happened in it."),
        error_messages={"invalid_choice": _("Choose a period from the list.")},
    )
    focus_area = forms.ModelChoiceField(
        label=_("Focus area"),
        queryset=FocusArea.objects.none(),
        required=False,
        empty_label=_("Every focus area"),
        error_messages={"invalid_choice": _("Choose a focus area from the list.")},
    )
    workgroup = forms.ModelChoiceField(
        label=_("Working group"),
        queryset=WorkGroup.objects.none(),
        required=False,
        empty_label=_("All working groups"),
        error_messages={"invalid_choice": _("Choose a working group from the list.")},
    )
    language = forms.ChoiceField(
        label=_("Language of the report"),
        choices=settings.LANGUAGES,
        error_messages={
            "required": _("Choose the language of the report."),
            "invalid_choice": _("Choose a language from the list."),
        },
    )

    def __init__(self, *args, alliance: Alliance, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.fields["year"].choices = year_choices(alliance)
        self.fields["focus_area"].queryset = FocusArea.objects.filter(alliance=alliance).order_by(
            "position"
        )
        self.fields["workgroup"].queryset = WorkGroup.objects.filter(alliance=alliance).order_by(
            "name"
        )
        if not self.is_bound:
            self.initial.setdefault("kind", ReportKind.STATUS_PDF)
            self.initial.setdefault("language", translation.get_language() or "da")

    def kind_options(self) -> list[dict]:
        """The kind's radio buttons with their explanations, for the template."""
        field = self["kind"]
        return [
            {"widget": option, "help": KIND_HELP.get(option.data["value"], "")}
            for option in field.subwidgets
        ]

    def parameters(self) -> dict:
        """The report's parameters (backbone.reports): ids and plain values only."""
        data = self.cleaned_data
        return {
            "language": data["language"],
            "year": data.get("year"),
            "focus_area": data["focus_area"].pk if data.get("focus_area") else None,
            "workgroup": data["workgroup"].pk if data.get("workgroup") else None,
        }
