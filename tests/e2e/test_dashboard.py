"""The steering group's dashboard in a real browser, on the seeded demo (issue 4).

The steering member opens the dashboard, reads the cards' status words, opens the table
alternative of a chart with the keyboard and reads a value, opens an indicator's breakdown and
the gap of its priority group, and reads that table too. Charts must draw without a console
error or CSP violation (plotly's CSS comes from our stylesheet). axe runs on every page; the
pages are photographed at 1280, 820 (tablet) and 360 px into /tmp/shots/dashboard/.
Expected figures come from the summaries in the database, written as a Danish reader sees
them.
"""

from __future__ import annotations

import os
import re
from pathlib import Path

import pytest
from django.utils import translation
from playwright.sync_api import Page, expect

from measurement import charts
from measurement.models import Indicator, Summary, SummaryStatus
from measurement.periods import period_label

from .axe import assert_no_axe_violations
from .conftest import Demo, _new_context
from .test_common_agenda import log_in
from .test_foundation import no_horizontal_scroll, t, url_of

pytestmark = pytest.mark.e2e

SHOTS = Path(os.environ.get("DASHBOARD_SHOTS", "/tmp/shots/dashboard"))
TABLET = {"width": 820, "height": 1180}
# The demo's loneliness indicator: a percent with a priority group (EUD/FGU) whose gap narrows.
LONELINESS = "Ensomhed"


def shoot(page: Page, name: str) -> None:
    SHOTS.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(SHOTS / f"{name}.png"), full_page=True)


def draw_every_chart(page: Page) -> None:
    """Charts are drawn when they scroll into view: scroll through the page."""
    height = page.evaluate("document.documentElement.scrollHeight")
    for top in range(0, height, 700):
        page.evaluate(f"window.scrollTo(0, {top})")
        page.wait_for_timeout(50)
    page.evaluate("window.scrollTo(0, 0)")
    expect(page.locator(".dash-chart:not([data-drawn])")).to_have_count(0)


def latest_total(indicator: Indicator) -> tuple[str, str]:
    """(period label, value) of the indicator's newest total, as the page writes them."""
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


def test_steering_member_reads_cards_a_chart_table_and_an_indicators_breakdown(
    page: Page, demo: Demo
):
    indicators = Indicator.objects.filter(alliance__slug=demo.slug)
    assert indicators.count() >= 20, "the demo alliance should have its indicators (seed_demo)"
    loneliness = indicators.get(name=LONELINESS)
    assert loneliness.priority_value is not None

    # given the steering member on their home
    log_in(page, demo, "steering")

    # when they open the dashboard from the main menu
    page.get_by_role("navigation", name=t("Main menu")).get_by_role(
        "link", name=t("Indicators")
    ).click()

    # then every indicator is a card with its status in words (and a symbol)
    expect(page).to_have_url(url_of(demo, f"/{demo.slug}/measurement/"))
    expect(page.get_by_role("heading", level=1)).to_have_text(t("Indicators"))
    cards = page.locator("article.dash-card")
    expect(cards).to_have_count(indicators.count())
    badges = page.locator("article.dash-card .dash-badge")
    expect(badges.filter(has_text=str(SummaryStatus.ON_TRACK.label)).first).to_be_visible()
    with translation.override("da"):
        off_track = str(SummaryStatus.OFF_TRACK.label)
    expect(badges.filter(has_text=off_track).first).to_contain_text("✗")
    draw_every_chart(page)
    expect(page.locator(".dash-chart svg.main-svg").first).to_be_attached()
    assert_no_axe_violations(page)
    shoot(page, "e2e-dashboard-1280")

    # when they open the loneliness card's table alternative with the keyboard
    card = cards.filter(has=page.get_by_role("heading", name=re.compile(LONELINESS)))
    summary = card.locator("summary")
    summary.focus()
    page.keyboard.press("Enter")

    # then the table has the same newest figure as the card
    period, value = latest_total(loneliness)
    table = card.get_by_role("table")
    expect(table).to_be_visible()
    expect(table.get_by_role("row").filter(has_text=period)).to_contain_text(value)
    expect(card.locator(".dash-figures")).to_contain_text(value)
    assert_no_axe_violations(page)

    # when they open the indicator's breakdown
    card.get_by_role("link", name=re.compile(t("Breakdown, gap and definition"))).click()

    # then the page shows the chart with its table, the gap of the priority group, the
    # breakdown by every dimension, and the definition
    expect(page).to_have_url(url_of(demo, f"/{demo.slug}/measurement/indicators/{loneliness.pk}/"))
    expect(page.get_by_role("heading", level=1)).to_contain_text(LONELINESS)
    chart = page.locator(".dash-chart").first
    expect(chart).to_have_attribute("role", "img")
    expect(chart).to_have_attribute("aria-label", re.compile(re.escape(value)))
    figures = page.get_by_role("region", name=re.compile(re.escape(LONELINESS)))
    expect(figures.first.get_by_role("row").filter(has_text=period)).to_contain_text(value)
    gap = page.locator("section[aria-labelledby=gap-heading]")
    expect(gap.locator(".dash-gap-sentence")).not_to_be_empty()
    expect(gap.get_by_role("table").get_by_role("row")).not_to_have_count(0)
    priority = loneliness.priority_value.label
    expect(gap.get_by_role("columnheader", name=priority)).to_be_visible()
    dimensions = loneliness.dimensions.count()
    expect(page.locator("section[aria-labelledby=breakdown-heading] table")).to_have_count(
        dimensions
    )
    expect(page.get_by_text(loneliness.definition.splitlines()[0][:40]).first).to_be_visible()
    draw_every_chart(page)
    assert_no_axe_violations(page)
    shoot(page, "e2e-indicator-1280")


def test_the_dashboard_filters_work_without_javascript_widgets(page: Page, demo: Demo):
    log_in(page, demo, "steering")
    page.goto(f"/{demo.slug}/measurement/")
    areas = page.get_by_label(t("Focus area"), exact=True)
    first_area = areas.locator("option").nth(1)
    area_name = first_area.inner_text()

    areas.select_option(index=1)
    page.get_by_role("button", name=t("Show")).click()

    expect(page).to_have_url(re.compile(r"\?focus_area=\d+"))
    expect(page.locator("section.dash-group h2")).to_have_text([area_name])
    assert_no_axe_violations(page)


@pytest.mark.parametrize(
    "width,name", [(360, "phone"), (820, "tablet")], ids=["phone-360", "tablet-820"]
)
def test_dashboard_and_indicator_page_fit_a_phone_and_a_tablet(browser, demo: Demo, width, name):
    context = _new_context(browser, demo.base_url, {**TABLET, "width": width})
    try:
        page = context.new_page()
        log_in(page, demo, "steering")
        loneliness = Indicator.objects.get(alliance__slug=demo.slug, name=LONELINESS)
        for path, shot in (
            (f"/{demo.slug}/measurement/", f"e2e-dashboard-{width}"),
            (f"/{demo.slug}/measurement/indicators/{loneliness.pk}/", f"e2e-indicator-{width}"),
        ):
            page.goto(path)
            draw_every_chart(page)
            no_horizontal_scroll(page, width)
            assert_no_axe_violations(page)
            shoot(page, shot)
    finally:
        context.close()


def test_public_page_shows_the_published_figures(page: Page, demo: Demo):
    published = Indicator.objects.filter(alliance__slug=demo.slug, is_public=True)
    assert published.exists()

    page.goto(f"/{demo.slug}/")

    section = page.locator("section[aria-labelledby=figures-heading]")
    expect(section.locator("li")).to_have_count(published.count())
    first = published.order_by("code").first()
    period, value = latest_total(first)
    expect(section).to_contain_text(period)
    expect(section.locator("li").filter(has_text=first.name).first).to_contain_text(value)
    assert_no_axe_violations(page)
    shoot(page, "e2e-public-1280")


def test_agenda_goals_show_their_indicators(page: Page, demo: Demo):
    log_in(page, demo, "member")
    page.goto(f"/{demo.slug}/agenda/")

    lists = page.locator(".dash-brief-list")
    expect(lists.first).to_be_visible()
    expect(lists.first.locator(".dash-badge").first).to_be_visible()
    assert_no_axe_violations(page)
