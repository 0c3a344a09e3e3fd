"""Reports and exports: asked for on a page, built by a Celery task into a private file.

A kind of report is a builder registered with `@report_builder(kind)`: a function
`(job: ReportJob) -> BuiltFile` that writes the file to `job.path` (a temporary file), calls
`job.progress(percent, text)` now and then, and says the file's name and content type. The
builders live in the modules named in BUILDER_MODULES.

`report_request` records the wish (status "queued") and publishes the build after the
transaction commits; `report_build` (the task) locks the row, builds as the requester (their
membership at build time decides what is shown: small groups are hidden outside the
secretariat), stores the file and stamps it with the time it may be kept until
(settings.REPORTS_KEEP_HOURS). A rerun of a report that is no longer queued does nothing.
`reports_sweep` (every few minutes) deletes expired files and re-publishes builds whose
publish was lost while the broker was down.
"""

from __future__ import annotations

import datetime
import logging
import os
import tempfile
from collections.abc import Callable
from dataclasses import dataclass, field
from importlib import import_module

from django.conf import settings
from django.core.files import File
from django.db import transaction
from django.utils import timezone, translation

from alliance.models import Alliance, Membership, SecurityEventKind, User
from alliance.queue import enqueue_on_commit, publish_safely
from alliance.services.security_events import security_event_record

from .models import Report, ReportStatus

logger = logging.getLogger(__name__)

# The modules whose import registers the builders.
BUILDER_MODULES = [
    "backbone.report_status",
    "backbone.report_data",
]

# A queued report not started after this long is published again by the sweep.
REPUBLISH_AFTER = datetime.timedelta(minutes=5)
# A running report not finished after this long (a killed worker) is marked failed.
RUNNING_AT_MOST = datetime.timedelta(minutes=30)
# Progress is written to the database at most this often (seconds), and always at 100.
PROGRESS_EVERY = 0.5


@dataclass(frozen=True)
class BuiltFile:
    """What a builder made: the file name offered on download and its content type."""

    file_name: str
    content_type: str


@dataclass
class ReportJob:
    """One build: the report row, who it is built for, and where to write the file."""

    report: Report
    alliance: Alliance
    membership: Membership
    path: str
    parameters: dict = field(default_factory=dict)
    _last_saved: float = 0.0

    def progress(self, percent: int, text: str = "") -> None:
        """Record how far the build is (0-100) with a short text for the progress bar."""
        now = timezone.now().timestamp()
        percent = max(0, min(100, int(percent)))
        if percent < 100 and now - self._last_saved < PROGRESS_EVERY:
            return
        self._last_saved = now
        Report.objects.filter(pk=self.report.pk).update(
            progress=percent, progress_text=str(text)[:200]
        )


Builder = Callable[[ReportJob], BuiltFile]
BUILDERS: dict[str, Builder] = {}


def report_builder(kind: str) -> Callable[[Builder], Builder]:
    """Register the function that builds reports of this kind."""

    def register(function: Builder) -> Builder:
        BUILDERS[kind] = function
        return function

    return register


def _builders() -> dict[str, Builder]:
    for module in BUILDER_MODULES:
        import_module(module)
    return BUILDERS


def report_request(
    *, alliance: Alliance, user: User, kind: str, parameters: dict | None = None
) -> Report:
    """Record a report to build for the person and publish its build after commit."""
    from .tasks import report_build_task

    report = Report.objects.create(
        alliance=alliance,
        requested_by=user,
        kind=kind,
        parameters={"language": translation.get_language() or "da", **(parameters or {})},
    )
    enqueue_on_commit(report_build_task, report.pk)
    security_event_record(
        kind=SecurityEventKind.EXPORT_REQUESTED,
        alliance=alliance,
        user=user,
        details={"report_kind": kind, "report_id": report.pk},
    )
    return report


def report_downloaded(*, report: Report, request) -> None:
    """Record in the security log that the report's file was handed out (to the request's
    person)."""
    security_event_record(
        kind=SecurityEventKind.EXPORT_DOWNLOADED,
        alliance=report.alliance,
        request=request,
        details={"report_kind": report.kind, "report_id": report.pk},
    )


def report_build(*, report_id: int) -> str:
    """Build one queued report; return its status. A report no longer queued is left alone."""
    with transaction.atomic():
        report = (
            # Lock the report row only: requested_by is nullable (an outer join), and
            # PostgreSQL cannot lock the nullable side of an outer join.
            Report.objects.select_for_update(skip_locked=True, of=("self",))
            .select_related("alliance", "requested_by")
            .filter(pk=report_id, status=ReportStatus.QUEUED)
            .first()
        )
        if report is None:
            return "skipped"
        report.status = ReportStatus.RUNNING
        report.started_at = timezone.now()
        report.progress = 0
        report.save(update_fields=["status", "started_at", "progress"])
    membership = (
        Membership.objects.active()
        .filter(user=report.requested_by, alliance=report.alliance)
        .first()
        if report.requested_by_id
        else None
    )
    builder = _builders().get(report.kind)
    if membership is None or builder is None:
        return _fail(report, "The person who asked may no longer see this alliance's reports.")
    directory = tempfile.mkdtemp(prefix="report-")
    path = os.path.join(directory, "report")
    try:
        job = ReportJob(
            report=report,
            alliance=report.alliance,
            membership=membership,
            path=path,
            parameters=dict(report.parameters),
        )
        with translation.override(report.parameters.get("language") or "da"):
            built = builder(job)
        with open(path, "rb") as handle:
            report.file.save(built.file_name, File(handle), save=False)
        now = timezone.now()
        report.file_name = built.file_name
        report.content_type = built.content_type
        report.size = os.path.getsize(path)
        report.status = ReportStatus.DONE
        report.progress = 100
        report.finished_at = now
        report.expires_at = now + datetime.timedelta(hours=settings.REPORTS_KEEP_HOURS)
        # Not the progress text: the builder's last words stay for the report's page.
        report.save(
            update_fields=[
                "file",
                "file_name",
                "content_type",
                "size",
                "status",
                "progress",
                "finished_at",
                "expires_at",
            ]
        )
        return report.status
    except Exception as error:
        logger.exception("Report %s (%s) failed", report.pk, report.kind)
        return _fail(report, f"{type(error).__name__}: {error}")
    finally:
        if os.path.exists(path):
            os.remove(path)
        os.rmdir(directory)


def _fail(report: Report, error: str) -> str:
    Report.objects.filter(pk=report.pk).update(
        status=ReportStatus.FAILED, error=error[:2000], finished_at=timezone.now()
    )
    return ReportStatus.FAILED


def report_delete_file(report: Report) -> None:
    """Delete the report's file and mark it deleted; the row stays as a record."""
    if report.file:
        report.file.delete(save=False)
    report.status = ReportStatus.EXPIRED
    report.save(update_fields=["file", "status"])


def reports_sweep(*, now: datetime.datetime | None = None) -> dict[str, int]:
    """Delete expired files, fail builds a killed worker left running, and publish again the
    builds whose publish was lost. Returns how many of each."""
    from .tasks import report_build_task

    now = now or timezone.now()
    expired = 0
    for report in Report.objects.filter(status=ReportStatus.DONE, expires_at__lte=now):
        report_delete_file(report)
        expired += 1
    stuck = Report.objects.filter(
        status=ReportStatus.RUNNING, started_at__lte=now - RUNNING_AT_MOST
    ).update(
        status=ReportStatus.FAILED,
        error="The build did not finish.",
        finished_at=now,
    )
    republished = 0
    for report_id in Report.objects.filter(
        status=ReportStatus.QUEUED, created_at__lte=now - REPUBLISH_AFTER
    ).values_list("pk", flat=True):
        republished += publish_safely(report_build_task, report_id)
    return {"expired": expired, "failed": stuck, "republished": republished}
