"""The reinforcement map in a real browser, on the seeded demo (issue 6).

A steering member opens the map from the menu, sees the gap (no running activity serves the
breakfast goal) and the possible overlap (Fredagsfællesskab and Frikvarter at NEG) the demo
holds, the network chart draws, and they open the activities behind a cell. axe runs on every
page; the pages are photographed at 1280 and 375 px into /tmp/shots/map/, and the map must not
scroll sideways on a phone (its tables scroll inside their own region).
"""

from __future__ import annotations

import os
from pathlib import Path

import pytest
from playwright.sync_api import Page, expect

from .axe import assert_no_axe_violations
from .conftest import PHONE, _open_page
from .test_common_agenda import log_in
from .test_foundation import no_horizontal_scroll, t

pytestmark = pytest.mark.e2e

SHOTS = Path(os.environ.get("MAP_SHOTS", "/tmp/shots/map"))
NARROW = {"width": 375, "height": 812}
GAP_GOAL = "Flere unge spiser morgenmad hver dag"
LONELINESS_GOAL = "Færre ensomme unge på erhvervsuddannelserne og FGU"
OVERLAP = ("Fredagsfællesskab", "Frikvarter – fællesskabscafé på NEG")


def shoot(page: Page, name: str) -> None:
    SHOTS.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(SHOTS / f"{name}.png"), full_page=True)


def test_steering_sees_the_gap_and_the_overlap_and_opens_a_cell(page: Page, demo):
    log_in(page, demo, "steering")
    page.locator("header nav").first.get_by_role("link", name=t("Reinforcement map")).click()
    expect(page.get_by_role("heading", level=1)).to_have_text(t("Reinforcement map"))

    gaps = page.locator("#gaps")
    expect(gaps).to_contain_text(GAP_GOAL)
    expect(gaps).to_contain_text(t("Unserved"))
    gap_row = page.locator("#matrix tbody tr").filter(has_text=GAP_GOAL)
    expect(gap_row).to_contain_text(t("Unserved"))
    overlap = page.locator("#overlaps tbody tr").filter(has_text=OVERLAP[0])
    expect(overlap).to_contain_text(OVERLAP[1])
    expect(overlap).to_contain_text(LONELINESS_GOAL)
    expect(overlap.get_by_role("link", name=OVERLAP[1])).to_be_visible()
    page.locator("#network-heading").scroll_into_view_if_needed()  # charts draw when in view
    expect(page.locator(".map-network[data-drawn='true'] svg").first).to_be_attached()
    assert_no_axe_violations(page)
    shoot(page, "map-1280")

    # the goal's running activities, behind its count in the matrix
    row = page.locator("#matrix tbody tr").filter(has_text=LONELINESS_GOAL)
    row.get_by_role("link").first.click()
    expect(page.get_by_role("heading", level=1)).to_have_text(LONELINESS_GOAL)
    table = page.locator("main table")
    for title in OVERLAP:
        expect(table.get_by_role("link", name=title)).to_be_visible()
    assert_no_axe_violations(page)
    shoot(page, "cell-1280")

    # the compact view: a goal by a working group
    page.goto(f"{demo.home_path}activities/map/?view=groups")
    row = page.locator("#matrix tbody tr").filter(has_text=LONELINESS_GOAL)
    expect(row.get_by_role("link")).to_have_count(4)  # running count, groups A, B and C
    assert_no_axe_violations(page)
    shoot(page, "map-groups-1280")
    row.get_by_role("link").nth(1).click()
    expect(page.get_by_role("heading", level=1)).to_have_text(LONELINESS_GOAL)
    expect(page.locator("main table").get_by_role("link", name=OVERLAP[0])).to_be_visible()
    assert_no_axe_violations(page)


@pytest.mark.parametrize("viewport", [PHONE, NARROW], ids=["360", "375"])
def test_the_map_reads_on_a_phone(request, browser, demo, viewport):
    for phone in _open_page(request, browser, demo.base_url, viewport):
        log_in(phone, demo, "steering")
        phone.goto(f"{demo.home_path}activities/map/")
        expect(phone.locator("#gaps")).to_contain_text(GAP_GOAL)
        no_horizontal_scroll(phone, viewport["width"])
        assert_no_axe_violations(phone)
        shoot(phone, f"map-{viewport['width']}")
        phone.locator("#matrix tbody tr").filter(has_text=LONELINESS_GOAL).get_by_role(
            "link"
        ).first.click()
        expect(phone.get_by_role("heading", level=1)).to_have_text(LONELINESS_GOAL)
        no_horizontal_scroll(phone, viewport["width"])
        assert_no_axe_violations(phone)
        shoot(phone, f"cell-{viewport['width']}")
