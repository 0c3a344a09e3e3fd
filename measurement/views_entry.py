"""Reporting: a coordinator's (or the secretariat's) overview of what to report, the entry form
of one indicator (phone first), submitting and deleting drafts, and the import of a file in the
template, with the template to download.

Every page needs the `report_data` capability; an indicator is looked up within the alliance
(404) and then checked against `can_report` (403 for an indicator of another group).
"""

from __future__ import annotations

import datetime
from dataclasses import dataclass
from decimal import Decimal

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import formats, timezone
from django.utils.http import content_disposition_header
from django.utils.text import slugify
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from django.views.decorators.http import require_http_methods, require_POST, require_safe

from alliance.access import alliance_view
from alliance.models import Alliance
from alliance.permissions import has_capability
from alliance.views.responses import add_service_errors

from . import services
from .forms_entry import EntryForm, ImportForm, KeyForm, RowForm
from .importing import (
    COLUMNS,
    Entry,
    ImportResult,
    datapoints_save_all,
    default_organisation,
    import_file,
    instructions,
    periods_to_offer,
    template_csv,
    template_rows,
    template_xlsx,
)
from .models import Aggregation, DataPoint, DataPointStatus, Indicator, PeriodLock
from .periods import period_code, period_due, period_label, period_parse
from .selectors import can_report, reporting_organisations
from .selectors_entry import (
    attention_groups,
    breakdown_values,
    key_values,
    report_overview,
    reportable_indicators_for_template,
)

XLSX_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


def _report_url(alliance: Alliance) -> str:
    return reverse("measurement:report", kwargs={"alliance_slug": alliance.slug})


def _reportable_indicator(request: HttpRequest, alliance: Alliance, pk: int) -> Indicator:
    indicator = get_object_or_404(Indicator, pk=pk, alliance=alliance)
    if not can_report(request.membership, indicator):
        raise PermissionDenied
    return indicator


# ---------------------------------------------------------------------------
# The overview
# ---------------------------------------------------------------------------


@require_safe
@alliance_view("report_data")
def report(request: HttpRequest, alliance: Alliance) -> HttpResponse:
    """What the person reports: their values that wait for them, then every indicator of
    their groups with its due period and where its figures stand."""
    return render(
        request,
        "measurement/report.html",
        {
            "groups": report_overview(membership=request.membership, today=timezone.localdate()),
            "attention": attention_groups(membership=request.membership),
        },
    )


# ---------------------------------------------------------------------------
# Entering the values of one indicator
# ---------------------------------------------------------------------------


@dataclass
class _Row:
    """One line of the entry form: the total or a breakdown value, with its stored value."""

    form: RowForm
    label: str
    datapoint: DataPoint | None


def _figure(number: Decimal | int | None) -> str | None:
    """A stored figure as a person would type it: "12,5", not "12.5000"."""
    if number is None:
        return None
    text = f"{Decimal(number).normalize():f}"
    return text.replace(".", formats.get_format("DECIMAL_SEPARATOR"))


def _row_initial(datapoint: DataPoint | None) -> dict:
    if datapoint is None:
        return {}
    return {
        name: _figure(getattr(datapoint, name))
        for name in ("value", "numerator", "denominator", "respondents")
    }


@require_http_methods(["GET", "POST"])
@alliance_view("report_data")
def entry(request: HttpRequest, alliance: Alliance, pk: int) -> HttpResponse:
    """Enter the figures of one indicator for a period and an organisation: the total and one
    row per breakdown value, saved as a draft or submitted, all in one transaction."""
    indicator = _reportable_indicator(request, alliance, pk)
    frequency = indicator.frequency
    today = timezone.localdate()
    organisations = reporting_organisations(request.membership, indicator).order_by("name")
    own = default_organisation(request.membership, indicator)
    context = {"indicator": indicator, "is_ratio": indicator.aggregation == Aggregation.RATIO}
    if own is None:
        return render(request, "measurement/entry.html", {**context, "key_form": None})

    is_post = request.method == "POST"
    data = request.POST if is_post else (request.GET or None)
    periods = periods_to_offer(frequency, today)
    if data and data.get("period"):
        try:  # an older period asked for by a link (a draft of last year, say)
            asked = period_parse(frequency, data["period"])
        except ValidationError:
            pass
        else:
            if asked not in periods:
                periods = sorted([*periods, asked], reverse=True)
    locked = set(
        PeriodLock.objects.filter(alliance=alliance, frequency=frequency).values_list(
            "period", flat=True
        )
    )
    key_form = KeyForm(
        data,
        indicator=indicator,
        periods=periods,
        locked=locked,
        organisations=organisations,
        initial={
            "period": period_code(frequency, period_due(frequency, today)),
            "organisation": own.pk,
        },
    )
    context["key_form"] = key_form
    if data is None:
        period, organisation = period_due(frequency, today), own
    elif key_form.is_valid():
        period = key_form.cleaned_data["period"]
        organisation = key_form.cleaned_data["organisation"]
    else:
        return render(request, "measurement/entry.html", context, status=400)

    values = key_values(indicator=indicator, period=period, organisation=organisation)
    rows, groups = _rows(request, indicator, values, bound=is_post)
    entry_form = EntryForm(
        request.POST if is_post else None,
        request.FILES if is_post else None,
        initial={"comment": values.comment},
    )
    context.update(
        period=period,
        period_code=period_code(frequency, period),
        period_label=period_label(frequency, period),
        organisation=organisation,
        is_locked=period in locked,
        total=rows[0],
        groups=groups,
        entry_form=entry_form,
        returned=values.returned,
    )
    if not is_post:
        return render(request, "measurement/entry.html", context)
    if period in locked:
        messages.error(
            request,
            _("%(period)s is locked: its figures can no longer be entered or changed.")
            % {"period": period_label(frequency, period)},
        )
        return render(request, "measurement/entry.html", context, status=400)
    submit = request.POST.get("action") == "submit"
    result = _save_rows(request, indicator, period, organisation, rows, entry_form, submit)
    if result is None or not result.is_saved:
        context["has_errors"] = True
        return render(request, "measurement/entry.html", context, status=400)
    saved = result.created + result.updated
    if not saved:
        messages.info(request, _("Nothing changed: these figures were saved already."))
    elif submit:
        messages.success(
            request,
            ngettext(
                "%(count)s figure of %(indicator)s was submitted for approval.",
                "%(count)s figures of %(indicator)s were submitted for approval.",
                saved,
            )
            % {"count": saved, "indicator": indicator.name},
        )
    else:
        messages.success(
            request,
            ngettext(
                "%(count)s figure of %(indicator)s was saved as a draft.",
                "%(count)s figures of %(indicator)s were saved as drafts.",
                saved,
            )
            % {"count": saved, "indicator": indicator.name},
        )
    return redirect(_report_url(alliance))


def _rows(request: HttpRequest, indicator: Indicator, values, *, bound: bool):
    """The total's row and the breakdowns' rows (grouped by breakdown) of the entry form."""

    def row(prefix: str, label: str, breakdown) -> _Row:
        datapoint = values.by_breakdown.get(breakdown.pk if breakdown else None)
        return _Row(
            form=RowForm(
                request.POST if bound else None,
                prefix=prefix,
                indicator=indicator,
                breakdown=breakdown,
                is_readonly=datapoint is not None and datapoint.status == DataPointStatus.SUBMITTED,
                initial=_row_initial(datapoint),
            ),
            label=label,
            datapoint=datapoint,
        )

    rows = [row("total", _("Total"), None)]
    groups = []
    for dimension_name, dimension_values in breakdown_values(indicator):
        group_rows = [row(f"b{value.pk}", value.label, value) for value in dimension_values]
        rows.extend(group_rows)
        groups.append((dimension_name, group_rows))
    return rows, groups


def _save_rows(
    request: HttpRequest,
    indicator: Indicator,
    period: datetime.date,
    organisation,
    rows: list[_Row],
    entry_form: EntryForm,
    submit: bool,
) -> ImportResult | None:
    """Validate the rows and save the filled ones together; errors go on their row's form.
    None when the forms themselves are invalid or empty."""
    forms_valid = entry_form.is_valid()
    forms_valid = all([row.form.is_valid() for row in rows]) and forms_valid
    if not forms_valid:
        return None
    filled = [(index, row) for index, row in enumerate(rows) if row.form.is_filled]
    if not filled:
        entry_form.add_error(None, _("Enter at least one figure."))
        return None
    evidence = entry_form.cleaned_data.get("evidence")
    entries = []
    for position, (index, row) in enumerate(filled):
        figures = {
            name: row.form.cleaned_data.get(name)
            for name in ("value", "numerator", "denominator", "respondents")
        }
        entries.append(
            Entry(
                number=index,
                indicator=indicator,
                period=period,
                organisation=organisation,
                breakdown=row.form.breakdown,
                comment=entry_form.cleaned_data["comment"],
                # One copy of the evidence: on the first figure saved (the total when given).
                evidence=evidence if position == 0 else None,
                **figures,
            )
        )
    result = datapoints_save_all(
        entries=entries, membership=request.membership, user=request.user, submit=submit
    )
    for error in result.errors:
        if error.number is None:
            add_service_errors(entry_form, error.error)
        else:
            add_service_errors(rows[error.number].form, error.error)
    return result


# ---------------------------------------------------------------------------
# Submitting and deleting one's own values
# ---------------------------------------------------------------------------


def _own_datapoint(request: HttpRequest, alliance: Alliance, pk: int) -> DataPoint:
    datapoint = get_object_or_404(
        DataPoint.objects.select_related("indicator"), pk=pk, indicator__alliance=alliance
    )
    if not can_report(request.membership, datapoint.indicator):
        raise PermissionDenied
    if datapoint.entered_by_id != request.user.pk and not has_capability(
        request.membership, "approve_data"
    ):
        raise PermissionDenied
    return datapoint


@require_POST
@alliance_view("report_data")
def datapoint_submit(request: HttpRequest, alliance: Alliance, pk: int) -> HttpResponse:
    """Send one's own draft or returned value for approval."""
    datapoint = _own_datapoint(request, alliance, pk)
    try:
        services.datapoint_submit(datapoint=datapoint, user=request.user)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        messages.success(
            request,
            _("The figure of %(indicator)s was submitted for approval.")
            % {"indicator": datapoint.indicator.name},
        )
    return redirect(_report_url(alliance))


@require_POST
@alliance_view("report_data")
def datapoint_delete(request: HttpRequest, alliance: Alliance, pk: int) -> HttpResponse:
    """Delete one's own draft."""
    datapoint = _own_datapoint(request, alliance, pk)
    try:
        services.datapoint_delete(datapoint=datapoint)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        messages.success(
            request,
            _("The draft of %(indicator)s was deleted.") % {"indicator": datapoint.indicator.name},
        )
    return redirect(_report_url(alliance))


# ---------------------------------------------------------------------------
# Import and the template
# ---------------------------------------------------------------------------

ERRORS_SHOWN = 500


@require_http_methods(["GET", "POST"])
@alliance_view("report_data")
def import_view(request: HttpRequest, alliance: Alliance) -> HttpResponse:
    """Upload a CSV or XLSX file in the template: every row is saved, or none, and a rejected
    file comes back with every bad row listed by its number."""
    form = ImportForm(request.POST or None, request.FILES or None)
    context = {
        "form": form,
        "columns": COLUMNS,
        "instructions": instructions(),
        "result": None,
    }
    if request.method != "POST":
        return render(request, "measurement/import.html", context)
    if not form.is_valid():
        return render(request, "measurement/import.html", context, status=400)
    submit = form.cleaned_data["submit"]
    result = import_file(
        upload=form.cleaned_data["file"],
        membership=request.membership,
        user=request.user,
        submit=submit,
    )
    if not result.is_saved:
        context.update(
            result=result,
            errors_shown=result.errors[:ERRORS_SHOWN],
            errors_hidden=max(len(result.errors) - ERRORS_SHOWN, 0),
        )
        return render(request, "measurement/import.html", context, status=400)
    messages.success(request, _import_summary(result, submit=submit))
    return redirect(reverse("measurement:import", kwargs={"alliance_slug": alliance.slug}))


def _import_summary(result: ImportResult, *, submit: bool) -> str:
    summary = _(
        "The file was imported: %(created)s new, %(updated)s changed and %(unchanged)s "
        "unchanged figures."
    ) % {"created": result.created, "updated": result.updated, "unchanged": result.unchanged}
    if result.created or result.updated:
        summary += " " + (
            _("They are submitted for approval.") if submit else _("They are saved as drafts.")
        )
    if result.skipped:
        summary += " " + ngettext(
            "%(count)s row without figures was skipped.",
            "%(count)s rows without figures were skipped.",
            result.skipped,
        ) % {"count": result.skipped}
    return summary


def _download(content: bytes, *, filename: str, content_type: str) -> HttpResponse:
    response = HttpResponse(content, content_type=content_type)
    response["Content-Disposition"] = content_disposition_header(True, filename)
    return response


def _template_name(indicator: Indicator | None, extension: str) -> str:
    today = timezone.localdate()
    if indicator is None:
        stem = slugify(_("reporting"))
        return f"{stem}-{today:%Y-%m-%d}.{extension}"
    due = period_code(indicator.frequency, period_due(indicator.frequency, today))
    return f"{slugify(indicator.code or indicator.name)}-{due}.{extension}"


def _one_indicator(request: HttpRequest, alliance: Alliance, pk: int) -> Indicator:
    _reportable_indicator(request, alliance, pk)
    return Indicator.objects.prefetch_related("dimensions__values").get(pk=pk)


@require_safe
@alliance_view("report_data")
def import_template_csv(request: HttpRequest, alliance: Alliance, pk: int) -> HttpResponse:
    """The template as CSV, filled with the indicator's breakdowns."""
    indicator = _one_indicator(request, alliance, pk)
    rows = template_rows(indicators=[indicator], membership=request.membership)
    return _download(
        template_csv(rows),
        filename=_template_name(indicator, "csv"),
        content_type="text/csv; charset=utf-8",
    )


@require_safe
@alliance_view("report_data")
def import_template_xlsx(request: HttpRequest, alliance: Alliance, pk: int) -> HttpResponse:
    """The template as an Excel workbook, filled with the indicator's breakdowns."""
    indicator = _one_indicator(request, alliance, pk)
    rows = template_rows(indicators=[indicator], membership=request.membership)
    organisations = reporting_organisations(request.membership, indicator)
    content = template_xlsx(
        rows,
        organisations=organisations.values_list("name", flat=True),
        indicators=[indicator],
    )
    return _download(content, filename=_template_name(indicator, "xlsx"), content_type=XLSX_TYPE)


@require_safe
@alliance_view("report_data")
def import_template_all(request: HttpRequest, alliance: Alliance) -> HttpResponse:
    """The template as an Excel workbook with every indicator the person reports."""
    indicators = list(reportable_indicators_for_template(request.membership))
    rows = template_rows(indicators=indicators, membership=request.membership)
    content = template_xlsx(
        rows,
        organisations=reporting_organisations(request.membership).values_list("name", flat=True),
        indicators=indicators,
    )
    return _download(content, filename=_template_name(None, "xlsx"), content_type=XLSX_TYPE)
