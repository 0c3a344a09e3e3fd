"""The security log in a real browser: after a failed login, the secretariat opens the history,
follows the link to the security log, finds the failed login (without the address tried),
narrows the log to failed logins, and axe finds nothing at desktop and phone size."""

from __future__ import annotations

import pytest
from playwright.sync_api import Page, expect

from .axe import assert_no_axe_violations
from .conftest import DESKTOP, PHONE, Demo
from .test_common_agenda import log_in
from .test_foundation import no_horizontal_scroll, t

pytestmark = pytest.mark.e2e


def test_the_secretariat_reads_a_failed_login_in_the_security_log(page: Page, demo: Demo):
    page.goto("/accounts/login/")
    page.get_by_label(t("Email")).fill(demo.email("member"))
    page.get_by_label(t("Password")).fill("not-the-password")
    page.locator("main form").get_by_role("button").last.click()
    log_in(page, demo, "secretariat")

    page.goto(f"/{demo.slug}/history/")
    page.get_by_role(
        "link", name=t("Security log: logins, role changes, exports and erasures")
    ).click()
    expect(page.get_by_role("heading", level=1, name=t("Security log"))).to_be_visible()
    table = page.locator("main table")
    expect(table.get_by_role("cell", name=t("Failed login"), exact=True).first).to_be_visible()
    expect(page.locator("main")).not_to_contain_text("not-the-password")
    assert_no_axe_violations(page)

    page.get_by_label(t("Show")).select_option(label=t("Failed login"))
    page.get_by_role("button", name=t("Filter")).click()
    kinds = table.locator("tbody tr td:nth-child(2)").all_inner_texts()
    assert kinds and set(kinds) == {t("Failed login")}
    assert_no_axe_violations(page)

    page.set_viewport_size(PHONE)
    try:
        no_horizontal_scroll(page, PHONE["width"])
        assert_no_axe_violations(page)
    finally:
        page.set_viewport_size(DESKTOP)
