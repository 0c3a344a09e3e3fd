"""The whole path of one figure, in three browsers: a coordinator enters it on a phone, the
secretariat approves it, and the steering member sees the indicator's card change.

The recompute runs in the server's process (`eager_celery`); the real broker and worker path is
tested in tests/measurement/test_recompute_worker.py."""

from __future__ import annotations

import re

import pytest
from django.utils import translation
from playwright.sync_api import Page, expect

from measurement import charts
from measurement.models import DataPoint, DataPointStatus, Indicator, Summary
from measurement.periods import period_label

from .axe import assert_no_axe_violations
from .conftest import DESKTOP, Demo, _new_context
from .test_common_agenda import log_in, success_message
from .test_foundation import no_horizontal_scroll, t

pytestmark = pytest.mark.e2e
LUMA = "Luma Youth House"


def card_of(page: Page, indicator: Indicator):
    return page.locator("article.dash-card").filter(
        has=page.get_by_role("heading", name=re.compile(re.escape(indicator.name)))
    )


def newest_total(indicator: Indicator) -> tuple[str, str]:
    summary = (
        Summary.objects.filter(indicator=indicator, breakdown=None, value__isnull=False)
        .order_by("-period")
        .first()
    )
    with translation.override("da"):
        return (
            period_label(indicator.frequency, summary.period),
            charts.number_text(summary.value, indicator.unit),
        )


def test_a_figure_entered_on_a_phone_and_approved_changes_the_steering_card(
    browser, phone_page: Page, demo: Demo, eager_celery
):
    a2 = Indicator.objects.get(alliance__slug=demo.slug, code="A2")
    returned = DataPoint.objects.get(
        indicator=a2, organisation__name=LUMA, status=DataPointStatus.RETURNED, breakdown=None
    )
    before_period, before_value = newest_total(a2)

    # the steering member's card before
    steering = _new_context(browser, demo.base_url, DESKTOP).new_page()
    try:
        log_in(steering, demo, "steering")
        steering.goto(f"/{demo.slug}/measurement/")
        expect(card_of(steering, a2).locator(".dash-figures")).to_contain_text(before_value)

        # the coordinator corrects the returned figure on a phone and submits it
        coordinator = phone_page
        log_in(coordinator, demo, "coordinator")
        coordinator.goto(f"/{demo.slug}/measurement/report/")
        attention = coordinator.locator(
            "section", has=coordinator.get_by_role("heading", name=t("Needs your attention"))
        )
        attention.get_by_role("link", name=t("Correct and submit")).filter(
            has_text=a2.name
        ).first.click()
        expect(coordinator.get_by_role("heading", level=1, name=a2.name)).to_be_visible()
        total = coordinator.get_by_role("group", name=t("Total"))
        total.get_by_label(t("Numerator")).fill("30")
        total.get_by_label(t("Denominator")).fill("40")
        coordinator.get_by_role("button", name=t("Submit for approval")).click()
        expect(coordinator.locator(".alert-success")).to_contain_text(a2.name)
        no_horizontal_scroll(coordinator, 360)
        assert_no_axe_violations(coordinator)
        returned.refresh_from_db()
        assert returned.status == DataPointStatus.SUBMITTED

        # the secretariat approves it on the approval page
        secretariat = _new_context(browser, demo.base_url, DESKTOP).new_page()
        try:
            log_in(secretariat, demo, "secretariat")
            secretariat.goto(f"/{demo.slug}/measurement/approvals/")
            row = secretariat.locator("tr", has=secretariat.locator(f"#choose-{returned.pk}"))
            expect(row).to_contain_text(LUMA)
            row.get_by_role("button", name=t("Approve")).click()
            expect(success_message(secretariat, "1")).to_be_visible()
            assert_no_axe_violations(secretariat)
        finally:
            secretariat.context.close()

        # the steering member's card now shows the recomputed figure
        after_period, after_value = newest_total(a2)
        assert (after_period, after_value) != (before_period, before_value)
        steering.reload()
        card = card_of(steering, a2)
        expect(card.locator(".dash-figures")).to_contain_text(after_value)
        expect(card.locator(".dash-figures")).to_contain_text(after_period)
        assert_no_axe_violations(steering)
    finally:
        steering.context.close()
