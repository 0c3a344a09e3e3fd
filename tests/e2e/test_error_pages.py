"""The platform's own error pages in a real browser: a missing page is in Danish with the site's
header and a way back, passes axe and fits a phone; screenshots at desktop and phone width."""

from __future__ import annotations

import pytest
from playwright.sync_api import Page, expect

from .axe import assert_no_axe_violations, problems_of
from .conftest import DESKTOP, PHONE, _open_page
from .test_foundation import no_horizontal_scroll, t

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def site_page(request, browser, live_server):
    yield from _open_page(request, browser, live_server.url, DESKTOP)


def test_a_missing_page_is_the_platforms_own(site_page: Page):
    response = site_page.goto("/ingen/side/her/")
    assert response.status == 404
    problems = problems_of(site_page)  # the 404 status itself is logged by Chromium, on purpose
    problems.console_errors[:] = [e for e in problems.console_errors if "404" not in e]

    expect(site_page.get_by_role("heading", level=1)).to_have_text(t("Page not found"))
    expect(site_page.get_by_role("link", name=t("Go to the front page"))).to_be_visible()
    expect(site_page.get_by_role("link", name=t("Go to main content"))).to_be_attached()
    assert_no_axe_violations(site_page)
    site_page.screenshot(path="/tmp/shots/404-desktop.png", full_page=True)

    site_page.set_viewport_size(PHONE)
    try:
        no_horizontal_scroll(site_page, PHONE["width"])
        assert_no_axe_violations(site_page)
        site_page.screenshot(path="/tmp/shots/404-phone.png", full_page=True)
    finally:
        site_page.set_viewport_size(DESKTOP)

    front = site_page.url.split("/ingen")[0] + "/"
    site_page.get_by_role("link", name=t("Go to the front page")).click()
    expect(site_page).to_have_url(front)
