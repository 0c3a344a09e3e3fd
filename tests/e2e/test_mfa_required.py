"""Two-factor login required of the secretariat, in a real browser: with the requirement on (as
in production), the secretariat logs in with a password, is sent to set up an authenticator app
with a message saying why, cannot reach the workspace until it is done, sets it up with a code
from the secret shown on the page, and then works; the next login asks for the app's code.
Axe finds nothing on the set-up page at desktop and phone size."""

from __future__ import annotations

import pytest
from allauth.mfa.totp.internal.auth import (
    format_hotp_value,
    hotp_value,
    yield_hotp_counters_from_time,
)
from playwright.sync_api import Page, expect

from .axe import assert_no_axe_violations
from .conftest import DESKTOP, PHONE, Demo
from .test_foundation import no_horizontal_scroll, submit_login, t

pytestmark = pytest.mark.e2e

SET_UP = "/accounts/2fa/totp/activate/"


def _code(secret: str) -> str:
    return format_hotp_value(hotp_value(secret, next(yield_hotp_counters_from_time())))


def test_the_secretariat_must_set_up_two_factor_login(page: Page, demo: Demo, settings):
    settings.MFA_REQUIRED = True
    page.goto("/accounts/login/")
    submit_login(page, demo.email("secretariat"), demo.password)

    # sent to set up an authenticator app, and told why
    expect(page).to_have_url(demo.base_url + SET_UP)
    expect(page.locator(".alert-warning")).to_contain_text(
        t("Your role requires two-factor login. Set up an authenticator app to continue.")
    )
    assert_no_axe_violations(page)
    page.set_viewport_size(PHONE)
    try:
        no_horizontal_scroll(page, PHONE["width"])
        assert_no_axe_violations(page)
        page.screenshot(path="/tmp/shots/mfa-setup-phone.png", full_page=True)
    finally:
        page.set_viewport_size(DESKTOP)
    page.screenshot(path="/tmp/shots/mfa-setup-desktop.png", full_page=True)

    # the workspace is out of reach until it is done
    page.goto(f"/{demo.slug}/workspace/")
    expect(page).to_have_url(demo.base_url + SET_UP)

    # set up with the secret shown on the page
    secret = page.locator("#authenticator_secret").input_value()
    page.locator("main form input[name=code]").fill(_code(secret))
    page.locator("main form").get_by_role("button").last.click()
    expect(page).not_to_have_url(demo.base_url + SET_UP)
    page.goto(f"/{demo.slug}/workspace/")
    expect(page.get_by_role("heading", level=1)).to_have_text(t("Workspace"))

    # the next login asks for the app's code
    page.context.clear_cookies()
    page.goto("/accounts/login/")
    submit_login(page, demo.email("secretariat"), demo.password)
    expect(page).to_have_url(demo.base_url + "/accounts/2fa/authenticate/")
