"""The secretariat's review of reported values: the values waiting for approval (approve one or
many, return one with a reason), recently approved values (take an approval back, correct a
value), one value with its history and evidence, and the periods page (reporting per period,
locks, and the working groups that are late)."""

from __future__ import annotations

from pathlib import Path
from urllib.parse import urlencode

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.http import FileResponse, Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from django.views.decorators.http import require_http_methods, require_POST, require_safe

from alliance.access import alliance_view
from alliance.models import Alliance
from alliance.permissions import has_capability
from alliance.views.responses import add_service_errors

from .forms_review import ApprovalFilterForm, CorrectionForm, PeriodForm, ReasonForm
from .forms_setup import plain_decimal
from .models import DataPoint, DataPointStatus
from .periods import period_label
from .selectors_review import (
    approval_groups,
    approval_period_choices,
    approvals_recent,
    approvals_waiting,
    datapoint_get,
    datapoint_history,
    datapoint_is_current,
    figure_of,
    late_reporting,
    period_locks_older,
    period_overview,
)
from .services import (
    datapoint_approve,
    datapoint_correct,
    datapoint_return,
    datapoint_unapprove,
    period_lock,
    period_unlock,
)

APPROVALS_PER_PAGE = 50
FILTER_NAMES = ("indicator", "group", "period")


def _url(name: str, alliance: Alliance, **kwargs) -> str:
    return reverse(f"measurement:{name}", kwargs={"alliance_slug": alliance.slug, **kwargs})


def _approvals_url(alliance: Alliance, data) -> str:
    """The approvals page with the filters (and page) the request came from."""
    query = urlencode([(name, data[name]) for name in (*FILTER_NAMES, "page") if data.get(name)])
    return _url("approvals", alliance) + (f"?{query}" if query else "")


def _first_message(error: ValidationError) -> str:
    return error.messages[0] if error.messages else _("The change could not be made.")


# ---------------------------------------------------------------------------
# Values waiting for approval
# ---------------------------------------------------------------------------


@require_safe
@alliance_view("approve_data")
def approvals(request: HttpRequest, alliance: Alliance) -> HttpResponse:
    """The submitted values waiting, grouped by indicator and period, each with the value it
    would replace and the previous period's value; recently approved values below."""
    filter_form = ApprovalFilterForm(
        request.GET or None,
        alliance=alliance,
        period_choices=approval_period_choices(alliance),
    )
    waiting = approvals_waiting(alliance=alliance, **filter_form.filters())
    page = Paginator(waiting, APPROVALS_PER_PAGE).get_page(request.GET.get("page"))
    query = urlencode([(name, request.GET[name]) for name in FILTER_NAMES if request.GET.get(name)])
    return render(
        request,
        "measurement/approvals.html",
        {
            "filter_form": filter_form,
            "is_filtered": bool(query),
            "page": page,
            "groups": approval_groups(list(page.object_list)),
            "query": f"{query}&" if query else "",
            "recent": approvals_recent(alliance=alliance),
        },
    )


@require_POST
@alliance_view("approve_data")
def approvals_approve(request: HttpRequest, alliance: Alliance) -> HttpResponse:
    """Approve the chosen values: the ticked rows, one group's rows or one row."""
    back = _approvals_url(alliance, request.POST)
    # One row's button ("only"), one group's button ("ids", comma-separated) or the checkboxes.
    if request.POST.get("only"):
        chosen = [request.POST["only"]]
    elif request.POST.get("ids"):
        chosen = request.POST["ids"].split(",")
    else:
        chosen = request.POST.getlist("datapoint")
    try:
        ids = {int(value) for value in chosen}
    except ValueError:
        messages.error(request, _("The values to approve could not be read. Try again."))
        return redirect(back)
    if not ids:
        messages.warning(request, _("Choose the values to approve first."))
        return redirect(back)
    datapoints = list(
        DataPoint.objects.filter(
            pk__in=ids, indicator__alliance=alliance, status=DataPointStatus.SUBMITTED
        ).only("pk")
    )
    try:
        approved = datapoint_approve(datapoints=datapoints, user=request.user)
    except ValidationError as error:
        messages.error(request, _first_message(error))
        return redirect(back)
    if approved:
        messages.success(
            request,
            ngettext(
                "%(count)s value was approved. The figures are being updated.",
                "%(count)s values were approved. The figures are being updated.",
                approved,
            )
            % {"count": approved},
        )
    skipped = len(ids) - approved
    if skipped:
        messages.warning(
            request,
            ngettext(
                "%(count)s value was no longer waiting for approval and was left alone.",
                "%(count)s values were no longer waiting for approval and were left alone.",
                skipped,
            )
            % {"count": skipped},
        )
    return redirect(back)


def _reason_view(
    request: HttpRequest,
    datapoint,
    *,
    service,
    help_text: str,
    success: str,
    next_url: str,
    is_return: bool,
    is_possible: bool,
) -> HttpResponse:
    """A form asking for a reason, then `service(datapoint=, user=, reason=)` (return a value,
    take back an approval)."""
    form = ReasonForm(request.POST if request.method == "POST" else None, help_text=help_text)
    if request.method == "POST" and form.is_valid():
        try:
            service(datapoint=datapoint, user=request.user, reason=form.cleaned_data["reason"])
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(request, success)
            return redirect(next_url)
    return render(
        request,
        "measurement/approvals_reason.html",
        {
            "datapoint": datapoint,
            "figure": figure_of(datapoint),
            "period_label": period_label(datapoint.indicator.frequency, datapoint.period),
            "form": form,
            "is_return": is_return,
            "is_possible": is_possible,
        },
    )


@require_http_methods(["GET", "POST"])
@alliance_view("approve_data")
def datapoint_return_view(request: HttpRequest, alliance: Alliance, pk: int) -> HttpResponse:
    """Send a submitted value back to its reporter with what must be corrected."""
    datapoint = datapoint_get(alliance=alliance, pk=pk)
    return _reason_view(
        request,
        datapoint,
        service=datapoint_return,
        help_text=_("The reporter sees this when they open the value to correct it."),
        success=_("The value from %(organisation)s was returned with your reason.")
        % {"organisation": datapoint.organisation.name},
        next_url=_approvals_url(alliance, request.GET),
        is_return=True,
        is_possible=datapoint.status == DataPointStatus.SUBMITTED,
    )


@require_http_methods(["GET", "POST"])
@alliance_view("approve_data")
def datapoint_unapprove_view(request: HttpRequest, alliance: Alliance, pk: int) -> HttpResponse:
    """Take back an approval made by mistake: the value goes back to its reporter."""
    datapoint = datapoint_get(alliance=alliance, pk=pk)
    return _reason_view(
        request,
        datapoint,
        service=datapoint_unapprove,
        help_text=_(
            "The value goes back to its reporter as returned, with this reason. The value it "
            "replaced, if any, counts again."
        ),
        success=_("The approval was taken back. The figures are being updated."),
        next_url=_url("approvals", alliance),
        is_return=False,
        is_possible=datapoint_is_current(datapoint),
    )


@require_http_methods(["GET", "POST"])
@alliance_view("approve_data")
def datapoint_correct_view(request: HttpRequest, alliance: Alliance, pk: int) -> HttpResponse:
    """Correct an approved value: a new value that replaces it when approved (at once, if the
    secretariat chooses); the old one stays in the history."""
    datapoint = datapoint_get(alliance=alliance, pk=pk)
    form = CorrectionForm(
        request.POST if request.method == "POST" else None,
        datapoint=datapoint,
        initial={
            "value": plain_decimal(datapoint.value),
            "numerator": plain_decimal(datapoint.numerator),
            "denominator": plain_decimal(datapoint.denominator),
            "respondents": datapoint.respondents,
        },
    )
    if request.method == "POST" and form.is_valid():
        figures = {
            name: form.cleaned_data.get(name)
            for name in ("value", "numerator", "denominator", "respondents")
        }
        try:
            correction = datapoint_correct(
                datapoint=datapoint,
                user=request.user,
                comment=form.cleaned_data["comment"],
                approve=form.cleaned_data["approve"],
                **figures,
            )
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            if correction.status == DataPointStatus.APPROVED:
                messages.success(
                    request, _("The correction was approved. The figures are being updated.")
                )
            else:
                messages.success(
                    request, _("The correction was saved and waits for approval below.")
                )
            return redirect(_url("datapoint_detail", alliance, pk=correction.pk))
    return render(
        request,
        "measurement/approvals_correct.html",
        {
            "datapoint": datapoint,
            "figure": figure_of(datapoint),
            "period_label": period_label(datapoint.indicator.frequency, datapoint.period),
            "form": form,
            "is_possible": datapoint_is_current(datapoint),
        },
    )


# ---------------------------------------------------------------------------
# One value: its history and its evidence
# ---------------------------------------------------------------------------


@require_safe
@alliance_view("approve_data")
def datapoint_detail(request: HttpRequest, alliance: Alliance, pk: int) -> HttpResponse:
    """One value with every version of its figure (what it replaced, what replaced it)."""
    datapoint = datapoint_get(alliance=alliance, pk=pk)
    history = datapoint_history(datapoint)
    this = next(entry for entry in history if entry["is_this"])
    return render(
        request,
        "measurement/approvals_detail.html",
        {
            "datapoint": datapoint,
            "figure": this["figure"],
            "is_current": this["is_current"],
            "period_label": period_label(datapoint.indicator.frequency, datapoint.period),
            "history": history,
        },
    )


@require_safe
@alliance_view(None)
def datapoint_evidence(request: HttpRequest, alliance: Alliance, pk: int) -> FileResponse:
    """The evidence file of a value, as a download: for the secretariat and for the person who
    entered the value. Never served from a public media URL."""
    datapoint = datapoint_get(alliance=alliance, pk=pk)
    if not (
        has_capability(request.membership, "approve_data")
        or (datapoint.entered_by_id is not None and datapoint.entered_by_id == request.user.pk)
    ):
        raise PermissionDenied
    if not datapoint.evidence:
        raise Http404
    try:
        handle = datapoint.evidence.open("rb")
    except (FileNotFoundError, OSError):
        raise Http404 from None
    response = FileResponse(
        handle,
        as_attachment=True,
        filename=Path(datapoint.evidence.name).name,
        content_type="application/octet-stream",
    )
    response["X-Content-Type-Options"] = "nosniff"
    response["Cache-Control"] = "private, no-store"
    return response


# ---------------------------------------------------------------------------
# Periods: reporting, locks and who is late
# ---------------------------------------------------------------------------


def _periods_page(
    request: HttpRequest, alliance: Alliance, *, form: PeriodForm | None = None, status=200
) -> HttpResponse:
    today = timezone.localdate()
    overview = period_overview(alliance=alliance, today=today)
    late = late_reporting(alliance, today)
    return render(
        request,
        "measurement/periods.html",
        {
            "overview": overview,
            "older_locks": period_locks_older(alliance=alliance, overview=overview),
            "late": late,
            "form": form or PeriodForm(),
            "today": today,
        },
        status=status,
    )


@require_safe
@alliance_view("approve_data")
def periods(request: HttpRequest, alliance: Alliance) -> HttpResponse:
    """Per frequency the recent periods with their reporting and locks; the late groups."""
    return _periods_page(request, alliance)


def _period_change(request: HttpRequest, alliance: Alliance, *, lock: bool) -> HttpResponse:
    form = PeriodForm(request.POST)
    if not form.is_valid():
        messages.error(
            request,
            _("Choose a frequency and write a period, e.g. 2025 or 2025-Q3.")
            if lock
            else _("The period to unlock could not be read."),
        )
        return _periods_page(request, alliance, form=form, status=400)
    frequency, period = form.cleaned_data["frequency"], form.cleaned_data["period"]
    label = period_label(frequency, period)
    if lock:
        period_lock(alliance=alliance, frequency=frequency, period=period, user=request.user)
        messages.success(
            request,
            _("%(period)s is locked: its values can no longer be entered, changed or approved.")
            % {"period": label},
        )
    elif period_unlock(alliance=alliance, frequency=frequency, period=period):
        messages.success(request, _("%(period)s is open again.") % {"period": label})
    else:
        messages.info(request, _("%(period)s was not locked.") % {"period": label})
    return redirect(_url("periods", alliance))


@require_POST
@alliance_view("approve_data")
def period_lock_view(request: HttpRequest, alliance: Alliance) -> HttpResponse:
    """Lock a period of one frequency (frequency and period in the POST)."""
    return _period_change(request, alliance, lock=True)


@require_POST
@alliance_view("approve_data")
def period_unlock_view(request: HttpRequest, alliance: Alliance) -> HttpResponse:
    """Open a locked period again."""
    return _period_change(request, alliance, lock=False)
