"""The secretariat asks for the steering group's status report on the demo alliance: it opens
"Rapporter" from the menu, asks for the PDF, watches the progress bar move while a real Celery
worker builds it, downloads it and finds every indicator's name and a chart image in it; then
asks for the XLSX and finds the summaries' numbers in it. Every page passes axe; the report's
page also on a phone."""

from __future__ import annotations

import io
import re
import time
from pathlib import Path

import pytest
from django.conf import settings
from openpyxl import load_workbook
from playwright.sync_api import Page, expect
from pypdf import PdfReader

from alliance.models import Alliance
from backbone.models import Report, ReportStatus
from backbone.reports import report_delete_file
from backbone.tasks import report_build_task
from measurement.models import Indicator, Summary
from tests.workers import real_worker

from .axe import assert_no_axe_violations
from .conftest import Demo
from .test_common_agenda import forget_status_error, log_in
from .test_foundation import no_horizontal_scroll, open_menu_entry, t

pytestmark = [
    pytest.mark.e2e,
    pytest.mark.celery_worker,
    pytest.mark.skipif(
        not settings.REDIS_URL, reason="The report is built by a real worker: set REDIS_URL."
    ),
]

# The demo's PDF takes well under a minute; the wait only bounds a hang.
BUILD_TIMEOUT_MS = 120_000


@pytest.fixture
def worker(monkeypatch, demo):
    """A real worker taking the report builds from a queue of its own (tests/workers.py)."""
    with real_worker(monkeypatch, [report_build_task]) as started:
        yield started


def ask_for(page: Page, kind_label: str) -> None:
    page.get_by_role("radio", name=kind_label).check()
    page.get_by_role("button", name=t("Ask for the report")).click()
    expect(page.get_by_role("heading", level=1, name=kind_label)).to_be_visible()


def watch_until_ready(page: Page) -> list[int]:
    """The progress bar's values while the page polls, until the download button shows."""
    seen: list[int] = []
    download = page.get_by_role("link", name=re.compile("^" + re.escape(t("Download"))))
    deadline = time.monotonic() + BUILD_TIMEOUT_MS / 1000
    while time.monotonic() < deadline and not download.is_visible():
        # Read in one step: the poll may swap the bar for the finished state at any moment.
        value = page.evaluate(
            "() => document.querySelector('#report-progress progress')?.getAttribute('value')"
            " ?? null"
        )
        if value is not None and (not seen or seen[-1] != int(value)):
            seen.append(int(value))
        expect(page.get_by_text(t("The report could not be made"))).to_have_count(0)
        page.wait_for_timeout(200)
    expect(download).to_be_visible()
    return seen


def download(page: Page) -> bytes:
    with page.expect_download() as info:
        page.get_by_role("link", name=re.compile("^" + re.escape(t("Download")))).click()
    return Path(info.value.path()).read_bytes()


def test_the_secretariat_gets_the_status_report_as_pdf_and_xlsx(
    page: Page, phone_page: Page, demo: Demo, worker
):
    alliance = Alliance.objects.get(slug=demo.slug)
    log_in(page, demo, "secretariat")

    # the list and the form, from the menu
    open_menu_entry(page, t("Reports"))
    expect(page.get_by_role("heading", level=1, name=t("Reports"))).to_be_visible()
    assert_no_axe_violations(page)

    # the PDF: the progress bar moves, then the file is there
    ask_for(page, t("Status report (PDF)"))
    seen = watch_until_ready(page)
    assert any(0 < value < 100 for value in seen), seen
    assert seen == sorted(seen), seen
    assert "hx-trigger" not in page.locator("#report-progress").evaluate("e => e.outerHTML")
    assert_no_axe_violations(page)
    report = Report.objects.get(alliance=alliance, kind="status_pdf")
    assert report.status == ReportStatus.DONE

    pdf = PdfReader(io.BytesIO(download(page)))
    text = " ".join(" ".join(page_.extract_text() for page_ in pdf.pages).split())
    names = list(Indicator.objects.filter(alliance=alliance).values_list("name", flat=True))
    assert len(names) > 5
    missing = [name for name in names if name not in text]
    assert missing == []
    assert any(page_.images for page_ in pdf.pages), "a chart image"

    # the report's page on a phone
    log_in(phone_page, demo, "secretariat")
    phone_page.goto(f"/{demo.slug}/reports/{report.pk}/")
    expect(phone_page.get_by_text(t("The report is ready"))).to_be_visible()
    no_horizontal_scroll(phone_page, 360)
    assert_no_axe_violations(phone_page)

    # the XLSX: its numbers are the summaries' (the secretariat sees every figure)
    page.get_by_role("link", name=t("All reports")).click()
    expect(page.get_by_role("link", name=t("Status report (PDF)"), exact=True)).to_be_visible()
    assert_no_axe_violations(page)
    ask_for(page, t("Status report (XLSX)"))
    watch_until_ready(page)
    workbook = load_workbook(io.BytesIO(download(page)))
    rows = list(workbook[t("Indicators")].iter_rows(values_only=True))
    header, lines = rows[0], rows[1:]
    by_name = {line[header.index(t("Indicator"))]: line for line in lines}
    assert set(by_name) == set(names)
    value_column = header.index(t("Newest value"))
    for indicator in Indicator.objects.filter(alliance=alliance):
        newest = (
            Summary.objects.filter(indicator=indicator, breakdown=None, value__isnull=False)
            .order_by("-period")
            .first()
        )
        if newest is None:
            continue
        assert by_name[indicator.name][value_column] == pytest.approx(float(newest.value))

    # once deleted, the file answers with a page that offers to ask for it again
    report_delete_file(report)
    page.goto(f"/{demo.slug}/reports/{report.pk}/download/")
    expect(
        page.get_by_role("heading", level=1, name=t("The file has been deleted"))
    ).to_be_visible()
    forget_status_error(page, 410)
    assert_no_axe_violations(page)
    expect(page.get_by_role("button", name=t("Ask for it again"))).to_be_visible()
