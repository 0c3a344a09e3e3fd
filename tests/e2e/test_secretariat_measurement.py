"""The secretariat's side of shared measurement in a real browser (issue 4).

On the demo alliance, whose coordinator's group has values for the latest quarter waiting for
approval: the secretariat opens Godkendelse, approves one value, returns another with a reason,
approves two more in bulk, sees the late working group and locks the quarter; then opens the
indicator setup and changes a target. axe runs on every page; each page is photographed at
1280 and 360 px (under /tmp/shots/review/) and must not scroll sideways at 360 px.
"""

from __future__ import annotations

import os
from decimal import Decimal
from pathlib import Path

import pytest
from django.utils import translation
from playwright.sync_api import Page, expect

from measurement.models import (
    DataPoint,
    DataPointStatus,
    Dimension,
    Frequency,
    Indicator,
    PeriodLock,
    Target,
)
from measurement.periods import period_label
from measurement.services import period_lock

from .axe import assert_no_axe_violations
from .conftest import DESKTOP, PHONE, Demo
from .test_common_agenda import forget_status_error, log_in, success_message
from .test_foundation import no_horizontal_scroll, t, url_of

pytestmark = pytest.mark.e2e

SHOTS = Path(os.environ.get("REVIEW_SHOTS_DIR", "/tmp/shots/review"))


def check_page(page: Page, name: str) -> None:
    """axe at desktop size, then a screenshot at 1280 and at 360 px (no sideways scroll)."""
    assert_no_axe_violations(page)
    SHOTS.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(SHOTS / f"{name}-1280.png"), full_page=True)
    page.set_viewport_size(PHONE)
    try:
        no_horizontal_scroll(page, PHONE["width"])
        page.screenshot(path=str(SHOTS / f"{name}-360.png"), full_page=True)
    finally:
        page.set_viewport_size(DESKTOP)


def approved_text(count: int) -> str:
    """The message after approving `count` values, in Danish."""
    with translation.override("da"):
        return translation.ngettext(
            "%(count)s value was approved. The figures are being updated.",
            "%(count)s values were approved. The figures are being updated.",
            count,
        ) % {"count": count}


def danish_period(frequency: str, period) -> str:
    """The period's name as the Danish pages write it (whatever language this thread has)."""
    with translation.override("da"):
        return period_label(frequency, period)


def _waiting(demo: Demo) -> list[DataPoint]:
    return list(
        DataPoint.objects.filter(
            indicator__alliance__slug=demo.slug, status=DataPointStatus.SUBMITTED
        ).order_by("pk")
    )


def _row_of(page: Page, datapoint: DataPoint):
    """The table row of a waiting value (found by its checkbox)."""
    return page.locator("tr", has=page.locator(f"#choose-{datapoint.pk}"))


def test_secretariat_approves_returns_bulk_approves_locks_and_edits_a_target(
    page: Page, demo: Demo
):
    waiting = _waiting(demo)
    assert len(waiting) >= 4, "the demo has values from the coordinator's group waiting"
    first, returned, *bulk = waiting[:4]
    quarter = first.period
    assert first.indicator.frequency == Frequency.QUARTERLY
    log_in(page, demo, "secretariat")

    # given the list of values waiting, reached from the main menu
    page.get_by_role("navigation", name=t("Main menu")).get_by_role(
        "link", name=t("Approval")
    ).click()
    expect(page).to_have_url(url_of(demo, f"/{demo.slug}/measurement/approvals/"))
    expect(page.locator("h1")).to_have_text(t("Values to approve"))
    expect(_row_of(page, first)).to_contain_text(first.organisation.name)
    check_page(page, "approvals")

    # when they approve one value with its row's button
    _row_of(page, first).get_by_role("button", name=t("Approve")).click()

    # then it is approved and leaves the list
    expect(success_message(page, approved_text(1))).to_be_visible()
    expect(page.locator(f"#choose-{first.pk}")).to_have_count(0)
    first.refresh_from_db()
    assert first.status == DataPointStatus.APPROVED

    # when they return another value with a reason
    _row_of(page, returned).get_by_role("link", name=t("Return")).click()
    expect(page.locator("h1")).to_have_text(t("Return a value"))
    check_page(page, "approvals-return")
    page.get_by_role("button", name=t("Return the value")).click()
    expect(page.locator(".form-error-message")).to_be_visible()  # a reason is needed
    assert_no_axe_violations(page)
    reason = "Tallet for piger mangler; send det igen med opdelingen."
    page.get_by_label(t("Reason")).fill(reason)
    page.get_by_role("button", name=t("Return the value")).click()
    expect(page).to_have_url(url_of(demo, f"/{demo.slug}/measurement/approvals/"))
    expect(success_message(page, returned.organisation.name)).to_be_visible()
    returned.refresh_from_db()
    assert (returned.status, returned.return_reason) == (DataPointStatus.RETURNED, reason)

    # when they tick two values and approve them together
    for datapoint in bulk:
        page.locator(f"#choose-{datapoint.pk}").check()
    page.get_by_role("button", name=t("Approve selected")).click()
    expect(success_message(page, approved_text(2))).to_be_visible()
    for datapoint in bulk:
        datapoint.refresh_from_db()
        assert datapoint.status == DataPointStatus.APPROVED

    # the history of an approved value, and the pages to correct it or take it back
    page.goto(f"/{demo.slug}/measurement/data/{first.pk}/")
    expect(page.locator("h1")).to_contain_text(first.organisation.name)
    check_page(page, "datapoint-detail")
    page.get_by_role("link", name=t("Correct"), exact=True).click()
    expect(page.locator("h1")).to_have_text(t("Correct an approved value"))
    check_page(page, "datapoint-correct")
    page.go_back()
    page.get_by_role("link", name=t("Undo approval"), exact=True).click()
    expect(page.locator("h1")).to_have_text(t("Undo an approval"))
    check_page(page, "datapoint-unapprove")

    # when they open the periods page: the late group is listed, and they lock the quarter
    page.goto(f"/{demo.slug}/measurement/approvals/")
    page.get_by_role("link", name=t("Periods and late reporting")).click()
    expect(page.locator("h1")).to_have_text(t("Periods and late reporting"))
    late = page.locator("section", has=page.locator("#late-heading"))
    expect(late.locator("tbody tr").first).to_be_visible()
    check_page(page, "periods")
    label = danish_period(Frequency.QUARTERLY, quarter)
    row = page.locator("tr", has=page.get_by_role("rowheader", name=label))
    row.get_by_role("button", name=t("Lock"), exact=True).click()
    expect(success_message(page, label)).to_be_visible()
    assert PeriodLock.objects.filter(
        alliance__slug=demo.slug, frequency=Frequency.QUARTERLY, period=quarter
    ).exists()
    row = page.locator("tr", has=page.get_by_role("rowheader", name=label))
    expect(row.get_by_role("button", name=t("Unlock"))).to_be_visible()
    assert_no_axe_violations(page)

    # then a value of the locked quarter can no longer be approved
    page.goto(f"/{demo.slug}/measurement/data/{bulk[0].pk}/")
    check_page(page, "datapoint-detail-approved")

    # when they open the indicator setup and change a target
    page.goto(f"/{demo.slug}/measurement/approvals/")
    page.get_by_role("link", name=t("Indicator setup")).click()
    expect(page.locator("h1")).to_have_text(t("Indicator setup"))
    check_page(page, "indicator-list")
    indicator = (
        Indicator.objects.filter(alliance__slug=demo.slug, targets__isnull=False)
        .distinct()
        .order_by("code")
        .first()
    )
    target = indicator.targets.order_by("period", "pk").first()
    page.get_by_role("link", name=t("Baseline and targets")).and_(
        page.locator(f"[aria-describedby='indicator-{indicator.pk}']")
    ).click()
    expect(page.locator("h1")).to_contain_text(indicator.name)
    check_page(page, "indicator-targets")
    new_value = (target.value + 1).quantize(Decimal(1))
    page.locator("#id_targets-0-value").fill(str(new_value))
    page.get_by_role("button", name=t("Save the baseline and targets")).click()
    expect(
        success_message(
            page, t("The baseline and targets were saved. The figures are being updated.")
        )
    ).to_be_visible()
    assert (
        Target.objects.get(
            indicator=indicator, period=target.period, breakdown=target.breakdown
        ).value
        == new_value
    )
    assert_no_axe_violations(page)

    # the other setup pages pass axe and fit a phone too
    page.get_by_role("link", name=t("Edit the indicator’s definition")).click()
    expect(page.locator("h1")).to_contain_text(indicator.name)
    check_page(page, "indicator-edit")
    page.goto(f"/{demo.slug}/measurement/setup/indicators/new/")
    check_page(page, "indicator-create")
    page.goto(f"/{demo.slug}/measurement/setup/dimensions/")
    expect(page.locator("h1")).to_have_text(t("Breakdowns"))
    check_page(page, "dimension-list")
    dimension = Dimension.objects.filter(alliance__slug=demo.slug).order_by("position").first()
    page.get_by_role("link", name=dimension.name, exact=True).click()
    check_page(page, "dimension-edit")
    page.goto(f"/{demo.slug}/measurement/setup/dimensions/new/")
    check_page(page, "dimension-create")


def test_a_locked_quarter_refuses_approval_in_the_browser(page: Page, demo: Demo):
    datapoint = _waiting(demo)[0]
    period_lock(
        alliance=datapoint.indicator.alliance,
        frequency=datapoint.indicator.frequency,
        period=datapoint.period,
        user=None,
    )
    log_in(page, demo, "secretariat")

    page.goto(f"/{demo.slug}/measurement/approvals/")
    _row_of(page, datapoint).get_by_role("button", name=t("Approve")).click()

    expect(page.locator(".alert-error")).to_contain_text(
        danish_period(datapoint.indicator.frequency, datapoint.period)
    )
    assert_no_axe_violations(page)
    datapoint.refresh_from_db()
    assert datapoint.status == DataPointStatus.SUBMITTED


def test_the_coordinator_has_no_approval_page(page: Page, demo: Demo):
    log_in(page, demo, "coordinator")

    response = page.goto(f"/{demo.slug}/measurement/approvals/")

    assert response.status == 403
    forget_status_error(page, 403)
