"""The reports pages: ask for a report, follow its build, download it.

A report is built by a Celery task (backbone.reports); its page polls a small partial every
second (htmx) until the build is done or failed, and works without JavaScript by a refresh link.
A person sees their own reports; the secretariat sees every report of the alliance. Anyone
else gets a 404 for a report, its progress and its file. A file is served from the view, as an
attachment, never from MEDIA_URL; once deleted (REPORTS_KEEP_HOURS) it answers 410.
"""

from __future__ import annotations

from django.conf import settings
from django.db.models import QuerySet
from django.http import FileResponse, Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.views.decorators.http import require_http_methods, require_POST, require_safe

from alliance.access import alliance_view
from alliance.models import Alliance, FocusArea, Membership
from alliance.permissions import has_capability
from workgroups.models import WorkGroup

from .forms_reports import KIND_HELP, ReportRequestForm
from .models import Report, ReportStatus
from .reports import report_downloaded, report_request

# Reports listed on the page, newest first.
LIST_LENGTH = 50


def reports_visible_to(*, alliance: Alliance, membership: Membership) -> QuerySet[Report]:
    """The alliance's reports the person may see: the secretariat every one, others their own."""
    reports = Report.objects.filter(alliance=alliance).select_related("requested_by")
    if has_capability(membership, "administer_alliance"):
        return reports
    return reports.filter(requested_by=membership.user)


def _report_or_404(request: HttpRequest, alliance: Alliance, pk: int) -> Report:
    report = reports_visible_to(alliance=alliance, membership=request.membership).filter(pk=pk)
    found = report.first()
    if found is None:
        raise Http404
    return found


def _is_expired(report: Report) -> bool:
    return report.status == ReportStatus.EXPIRED or (
        report.status == ReportStatus.DONE
        and report.expires_at is not None
        and report.expires_at <= timezone.now()
    )


def _describe(report: Report, alliance: Alliance) -> dict:
    """What the report covers, in words: period, focus area, working group, language."""
    parameters = report.parameters or {}
    area = (
        FocusArea.objects.filter(alliance=alliance, pk=parameters["focus_area"]).first()
        if isinstance(parameters.get("focus_area"), int)
        else None
    )
    group = (
        WorkGroup.objects.filter(alliance=alliance, pk=parameters["workgroup"]).first()
        if isinstance(parameters.get("workgroup"), int)
        else None
    )
    languages = dict(settings.LANGUAGES)
    return {
        "year": parameters.get("year"),
        "focus_area": area,
        "workgroup": group,
        "language": languages.get(parameters.get("language"), ""),
    }


@require_http_methods(["GET", "HEAD", "POST"])
@alliance_view("request_reports")
def report_list(request: HttpRequest, alliance: Alliance) -> HttpResponse:
    """The form to ask for a report, and the reports asked for (own, or all for the
    secretariat). A valid request goes to the new report's page; a bad one is a 400."""
    status = 200
    if request.method == "POST":
        form = ReportRequestForm(request.POST, alliance=alliance)
        if form.is_valid():
            report = report_request(
                alliance=alliance,
                user=request.user,
                kind=form.cleaned_data["kind"],
                parameters=form.parameters(),
            )
            return redirect("backbone:report", alliance_slug=alliance.slug, pk=report.pk)
        status = 400
    else:
        form = ReportRequestForm(alliance=alliance)
    reports = list(
        reports_visible_to(alliance=alliance, membership=request.membership)[:LIST_LENGTH]
    )
    return render(
        request,
        "backbone/reports.html",
        {
            "alliance": alliance,
            "form": form,
            "reports": reports,
            "sees_all": has_capability(request.membership, "administer_alliance"),
            "keep_hours": settings.REPORTS_KEEP_HOURS,
        },
        status=status,
    )


def _report_context(request: HttpRequest, alliance: Alliance, report: Report) -> dict:
    return {
        "alliance": alliance,
        "report": report,
        "is_expired": _is_expired(report),
        "is_building": report.status in (ReportStatus.QUEUED, ReportStatus.RUNNING),
        "kind_help": KIND_HELP.get(report.kind, ""),
        "described": _describe(report, alliance),
        "is_own": report.requested_by_id == request.user.pk,
    }


@require_safe
@alliance_view("request_reports")
def report_detail(request: HttpRequest, alliance: Alliance, pk: int) -> HttpResponse:
    """One report: what it covers, how far its build is, and its file when ready."""
    report = _report_or_404(request, alliance, pk)
    return render(request, "backbone/report.html", _report_context(request, alliance, report))


@require_safe
@alliance_view("request_reports")
def report_progress(request: HttpRequest, alliance: Alliance, pk: int) -> HttpResponse:
    """The progress partial the report's page polls; it stops polling once done or failed."""
    report = _report_or_404(request, alliance, pk)
    return render(
        request, "backbone/report_progress.html", _report_context(request, alliance, report)
    )


@require_POST
@alliance_view("request_reports")
def report_retry(request: HttpRequest, alliance: Alliance, pk: int) -> HttpResponse:
    """Ask again for a failed or deleted report, with the same kind and parameters."""
    report = _report_or_404(request, alliance, pk)
    if report.status not in (ReportStatus.FAILED, ReportStatus.EXPIRED) and not _is_expired(report):
        return redirect("backbone:report", alliance_slug=alliance.slug, pk=report.pk)
    again = report_request(
        alliance=alliance,
        user=request.user,
        kind=report.kind,
        parameters=dict(report.parameters or {}),
    )
    return redirect("backbone:report", alliance_slug=alliance.slug, pk=again.pk)


@require_safe
@alliance_view("request_reports")
def report_download(request: HttpRequest, alliance: Alliance, pk: int) -> HttpResponse:
    """The report's file as an attachment; 410 once deleted; the page until it is ready."""
    report = _report_or_404(request, alliance, pk)
    if _is_expired(report) or (report.status == ReportStatus.DONE and not report.file):
        return render(
            request,
            "backbone/report_gone.html",
            {"alliance": alliance, "report": report},
            status=410,
        )
    if report.status != ReportStatus.DONE:
        return redirect("backbone:report", alliance_slug=alliance.slug, pk=report.pk)
    try:
        handle = report.file.open("rb")
    except FileNotFoundError:
        return render(
            request,
            "backbone/report_gone.html",
            {"alliance": alliance, "report": report},
            status=410,
        )
    response = FileResponse(
        handle,
        as_attachment=True,
        filename=report.file_name or report.file.name.rsplit("/", 1)[-1],
        content_type=report.content_type or "application/octet-stream",
    )
    response["Cache-Control"] = "private, no-store"
    response["X-Content-Type-Options"] = "nosniff"
    report_downloaded(report=report, request=request)
    return response
