"""The steering group's status report as a PDF for the demo alliance (issue 8's goal: ready
within a minute on this machine). Built the way the worker builds it (backbone.reports
.report_build), for the secretariat, with every chart drawn by kaleido in one browser.

Printed: the seconds of the whole build, the number of charts and pages. Add `bench_report` to
BENCHMARKS in tests/perf/run.py; it seeds the demo when it is missing.
"""

from __future__ import annotations

import io
import time

from django.core.management import call_command


def bench_report() -> list:
    """The demo PDF's build time in seconds."""
    from pypdf import PdfReader

    from alliance.models import Alliance, User
    from backbone.models import Report, ReportKind, ReportStatus
    from backbone.reports import report_build
    from tests.perf.run import Figure

    if not Alliance.objects.filter(slug="kalundborg").exists():
        call_command("seed_demo", allow_demo_users=True, quiet=True)
    alliance = Alliance.objects.get(slug="kalundborg")
    report = Report.objects.create(
        alliance=alliance,
        requested_by=User.objects.get(email="secretariat@example.org"),
        kind=ReportKind.STATUS_PDF,
        parameters={"language": "da", "year": None, "focus_area": None, "workgroup": None},
    )
    start = time.perf_counter()
    status = report_build(report_id=report.pk)
    seconds = time.perf_counter() - start
    report.refresh_from_db()
    assert status == ReportStatus.DONE, report.error
    with report.file.open("rb") as handle:
        pdf = PdfReader(io.BytesIO(handle.read()))
    # The pages share one resource dictionary: count each image once.
    images = len({image.name for page in pdf.pages for image in page.images})
    report.file.delete(save=False)
    print(f"status report PDF: {seconds:.1f} s, {len(pdf.pages)} pages, {images} charts")
    return [
        Figure(
            "status_report_pdf_demo_seconds",
            round(seconds, 1),
            "s",
            "< 60 s for the demo alliance",
            seconds < 60,
        )
    ]
