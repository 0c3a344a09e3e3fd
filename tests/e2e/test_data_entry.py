"""Reporting in a real browser (issue 4): on a phone, the demo coordinator opens Reporting,
corrects a figure the secretariat returned and submits it; then imports a CSV file with one bad
row (sees the row's error, nothing saved) and the corrected file (sees the counts). axe runs on
every page; console errors and CSP violations fail the test too. Every page is photographed at
1280 and 360 px under /tmp/shots/entry/.
"""

from __future__ import annotations

import os
from decimal import Decimal
from pathlib import Path

import pytest
from playwright.sync_api import Page, expect

from alliance.models import User
from measurement.models import DataPoint, DataPointStatus, Indicator

from .axe import assert_no_axe_violations
from .conftest import DESKTOP, PHONE, Demo
from .test_common_agenda import forget_status_error, log_in
from .test_foundation import no_horizontal_scroll, t

pytestmark = pytest.mark.e2e

SHOTS = Path(os.environ.get("E2E_SHOTS_DIR", "/tmp/shots/entry"))
LUMA = "Luma Youth House"
UNGKBH = "UngKalundborg"
HEADER = "Indikatorkode;Indikator;Periode;Organisation;Opdeling;Opdelingsværdi;Værdi"


def shoot(page: Page, name: str) -> None:
    """Photograph the page at desktop and phone width (full page), then restore the size."""
    SHOTS.mkdir(parents=True, exist_ok=True)
    size = page.viewport_size
    for label, viewport in (("1280", DESKTOP), ("360", PHONE)):
        page.set_viewport_size(viewport)
        page.screenshot(path=str(SHOTS / f"{name}-{label}.png"), full_page=True)
        if os.environ.get("E2E_SHOTS_SLICED"):  # phone-height slices, to look at closely
            height = page.evaluate("document.documentElement.scrollHeight")
            for index, top in enumerate(range(0, height, PHONE["height"])):
                page.screenshot(
                    path=str(SHOTS / f"{name}-{label}-part{index + 1}.png"),
                    full_page=True,
                    clip={
                        "x": 0,
                        "y": top,
                        "width": viewport["width"],
                        "height": min(PHONE["height"], height - top),
                    },
                )
    page.set_viewport_size(size)


def open_reporting_from_the_menu(page: Page) -> None:
    page.get_by_role("button", name=t("Menu")).click()
    drawer = page.locator(".mobile-drawer")
    drawer.get_by_role("link", name=t("Reporting")).click()
    expect(page.get_by_role("heading", level=1, name=t("Reporting"))).to_be_visible()


def upload(page: Page, name: str, lines: list[str]) -> None:
    page.get_by_label(t("File"), exact=True).set_input_files(
        files=[
            {
                "name": name,
                "mimeType": "text/csv",
                "buffer": "\r\n".join(lines).encode("utf-8-sig"),
            }
        ]
    )
    page.get_by_role("button", name=t("Import"), exact=True).click()


def test_coordinator_corrects_a_returned_figure_and_imports_a_file_on_a_phone(
    phone_page: Page, demo: Demo
):
    page = phone_page
    rasmus = User.objects.get(email=demo.email("coordinator"))
    a2 = Indicator.objects.get(alliance__slug=demo.slug, code="A2")
    a1 = Indicator.objects.get(alliance__slug=demo.slug, code="A1")
    returned = DataPoint.objects.get(
        indicator=a2, organisation__name=LUMA, status=DataPointStatus.RETURNED, breakdown=None
    )

    # the overview: the returned figure waits at the top, with the secretariat's reason
    log_in(page, demo, "coordinator")
    open_reporting_from_the_menu(page)
    attention = page.locator(
        "section", has=page.get_by_role("heading", name=t("Needs your attention"))
    )
    expect(attention).to_contain_text(returned.return_reason)
    assert_no_axe_violations(page)
    no_horizontal_scroll(page, PHONE["width"])
    shoot(page, "report")

    # the entry form of that figure, prefilled; the denominator is corrected and submitted
    attention.get_by_role("link", name=t("Correct and submit")).filter(
        has_text=a2.name
    ).first.click()
    expect(page.get_by_role("heading", level=1, name=a2.name)).to_be_visible()
    expect(page.get_by_text(a2.definition)).to_be_visible()
    total = page.get_by_role("group", name=t("Total"))
    numerator = total.get_by_label(t("Numerator"))
    denominator = total.get_by_label(t("Denominator"))
    expect(numerator).to_have_value(_figure(returned.numerator))
    assert_no_axe_violations(page)
    no_horizontal_scroll(page, PHONE["width"])
    shoot(page, "entry")
    denominator.fill(str(int(returned.numerator) + 12))
    girls = page.get_by_role("group", name="Piger")
    girls.get_by_label(t("Numerator")).fill("elleve")
    girls.get_by_label(t("Denominator")).fill("19,0")
    page.get_by_role("button", name=t("Submit for approval")).click()

    # a word instead of a number: the form again, the error on its field, nothing saved
    expect(girls.get_by_label(t("Numerator"))).to_have_attribute("aria-invalid", "true")
    expect(girls).to_contain_text(t("“%(text)s” is not a number.", text="elleve"))
    forget_status_error(page, 400)
    returned.refresh_from_db()
    assert returned.status == DataPointStatus.RETURNED
    assert_no_axe_violations(page)
    no_horizontal_scroll(page, PHONE["width"])
    shoot(page, "entry-error")
    girls.get_by_label(t("Numerator")).fill("11")
    page.get_by_role("button", name=t("Submit for approval")).click()

    expect(page.locator(".alert-success")).to_contain_text(a2.name)
    returned.refresh_from_db()
    assert returned.status == DataPointStatus.SUBMITTED
    assert returned.denominator == returned.numerator + 12
    assert returned.entered_by == rasmus
    piger = DataPoint.objects.get(
        indicator=a2, organisation__name=LUMA, period=returned.period, breakdown__label="Piger"
    )
    assert (piger.numerator, piger.denominator, piger.status) == (11, 19, "submitted")
    assert_no_axe_violations(page)

    # an import with one bad row: the row and what is wrong, and nothing saved
    page.get_by_role("link", name=t("Import a file")).click()
    assert_no_axe_violations(page)
    shoot(page, "import")
    before = DataPoint.objects.count()
    lines = [
        HEADER,
        f"A1;{a1.name};2026-Q4;{UNGKBH};;;31",
        f"A1;{a1.name};2026-Q4;{UNGKBH};Køn;Piger;14",
        f"A1;{a1.name};2026-Q4;{UNGKBH};Køn;Ikke oplyst;2",
        f"A1;{a1.name};2026-Q4;{UNGKBH};Køn;Drenge;17,0",
    ]
    upload(page, "fredagsfaellesskab.csv", lines)

    errors = page.locator("#import-errors")
    expect(errors).to_contain_text(t("Row %(number)s:", number=4))
    forget_status_error(page, 400)
    expect(errors).to_contain_text("Ikke oplyst")
    expect(errors).to_contain_text(t("The file was not imported: nothing was saved"))
    assert DataPoint.objects.count() == before
    assert_no_axe_violations(page)
    no_horizontal_scroll(page, PHONE["width"])
    shoot(page, "import-rejected")

    # the corrected file: the counts of what was saved
    del lines[3]
    upload(page, "fredagsfaellesskab.csv", lines)

    done = page.locator(".alert-success")
    expect(done).to_contain_text("3")
    assert DataPoint.objects.filter(indicator=a1, period__year=2026, period__month=10).count() == 3
    assert DataPoint.objects.count() == before + 3
    assert_no_axe_violations(page)
    shoot(page, "import-done")


def _figure(number: Decimal) -> str:
    return f"{number.normalize():f}".replace(".", ",")
