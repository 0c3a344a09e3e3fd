"""The foundation in a real browser: log in per role, the role's home, language, log out, phone,
keyboard, the public pages. axe runs on every page visited; console errors and CSP violations
fail the test too (see axe.py).

Expected texts come from the translation catalogues at test time, so the tests assert what a
Danish (or English) reader actually sees without copying translations into the tests.
"""

from __future__ import annotations

import re

import pytest
from django.utils import translation
from playwright.sync_api import Page, expect

from alliance.models import Alliance, User

from .axe import assert_no_axe_violations
from .conftest import DEMO_ROLES, Demo

pytestmark = pytest.mark.e2e

# The one heading that only this role's home shows.
ROLE_HEADINGS = {
    "secretariat": "Secretariat overview",
    "steering": "Steering group overview",
    "coordinator": "Coordinator overview",
    "member": "Member overview",
    "youth": "Hi %(name)s!",
}
DEMO_BANNER = "This alliance holds demo data. Names and figures are fictional."


def t(message: str, language: str = "da", **params) -> str:
    """`message` as the platform shows it in `language`."""
    with translation.override(language):
        text = translation.gettext(message)
    return text % params if params else text


def role_heading(demo: Demo, role: str, language: str = "da") -> str:
    name = User.objects.get(email=demo.email(role)).get_short_name()
    if role == "youth":
        return t(ROLE_HEADINGS[role], language, name=name)
    return t(ROLE_HEADINGS[role], language)


def url_of(demo: Demo, path: str) -> re.Pattern:
    return re.compile(re.escape(demo.base_url + path) + r"(\?.*)?$")


def submit_login(page: Page, email: str, password: str) -> None:
    form = page.locator("form:has(input[name=login])")
    form.locator("input[name=login]").fill(email)
    form.locator("input[name=password]").fill(password)
    form.get_by_role("button", name=t("Sign In")).click()


def switch_language(page: Page, code: str) -> None:
    form = page.locator("form.language-switcher-form:has(#header-language)")
    form.locator("#header-language").select_option(code)
    form.locator("button[type=submit]").click()
    expect(page.locator("html")).to_have_attribute("lang", code)


def no_horizontal_scroll(page: Page, width: int) -> None:
    scroll_width = page.evaluate("document.documentElement.scrollWidth")
    if scroll_width > width:
        too_wide = page.evaluate(
            """(width) => Array.from(document.querySelectorAll("body *"))
                .filter((el) => el.getBoundingClientRect().right > width + 1)
                .filter((el) => el.offsetParent !== null)
                .slice(0, 8)
                .map((el) => `${el.tagName.toLowerCase()}${el.id ? "#" + el.id : ""}`
                    + `${el.className && typeof el.className === "string"
                        ? "." + el.className.trim().split(/\\s+/).join(".") : ""}`
                    + ` (right edge ${Math.round(el.getBoundingClientRect().right)})`)""",
            width,
        )
        raise AssertionError(
            f"{page.url} scrolls sideways at {width} px (scrollWidth {scroll_width}); "
            f"elements reaching past the edge: {too_wide}"
        )


@pytest.mark.parametrize("role", DEMO_ROLES)
def test_role_logs_in_sees_its_home_switches_language_and_logs_out(page: Page, demo: Demo, role):
    # given the landing page, logged out
    page.goto("/")
    expect(page.locator("h1")).to_have_text(t("Collective Impact alliances"))
    assert_no_axe_violations(page)

    # when the person follows the login link and logs in by email and password
    page.locator(".portal-user").get_by_role("link", name=t("Sign in")).click()
    expect(page).to_have_url(url_of(demo, "/accounts/login/"))
    assert_no_axe_violations(page)
    submit_login(page, demo.email(role), demo.password)

    # then they land on the alliance home that belongs to their role, marked as demo data
    expect(page).to_have_url(url_of(demo, demo.home_path))
    expect(page.locator("h1")).to_have_text(role_heading(demo, role))
    expect(page.locator(".demo-banner")).to_be_visible()
    expect(page.locator(".demo-banner")).to_contain_text(t(DEMO_BANNER))
    assert_no_axe_violations(page)

    # when they switch to English, the same home reads in English
    switch_language(page, "en")
    expect(page).to_have_url(url_of(demo, demo.home_path))
    expect(page.locator("h1")).to_have_text(role_heading(demo, role, "en"))
    expect(page.locator(".demo-banner")).to_contain_text(DEMO_BANNER)
    expect(page.locator(".portal-user")).to_contain_text("Sign out")
    assert_no_axe_violations(page)

    # and back to Danish
    switch_language(page, "da")
    expect(page.locator("h1")).to_have_text(role_heading(demo, role))
    assert_no_axe_violations(page)

    # when they log out with the logout button, they see the landing page logged out
    page.locator(".portal-user").get_by_role("button", name=t("Sign out")).click()
    expect(page).to_have_url(url_of(demo, "/"))
    expect(page.locator("h1")).to_have_text(t("Collective Impact alliances"))
    expect(page.locator(".portal-user").get_by_role("link", name=t("Sign in"))).to_be_visible()
    expect(page.locator(".portal-user").get_by_role("button", name=t("Sign out"))).to_have_count(0)
    assert_no_axe_violations(page)


def test_danish_is_the_default_and_differs_from_english(page: Page, demo: Demo):
    """The Danish catalogue is compiled and used: the UI is not English text in a Danish page."""
    page.goto("/")
    expect(page.locator("html")).to_have_attribute("lang", "da")
    heading = t("Collective Impact alliances")
    assert heading != "Collective Impact alliances", (
        "The project's Danish translation of the landing heading is missing "
        "(locale/da/LC_MESSAGES/django.mo not compiled or incomplete)."
    )
    expect(page.locator("h1")).to_have_text(heading)


def test_phone_landing_and_login_have_no_sideways_scroll(phone_page: Page, demo: Demo):
    page = phone_page
    # given the landing page on a 360 px phone
    page.goto("/")
    no_horizontal_scroll(page, 360)
    assert_no_axe_violations(page)

    # the menu button opens the drawer, which holds the login link
    page.locator(".js-menu-open").click()
    drawer = page.locator(".mobile-drawer")
    expect(drawer).to_be_visible()
    assert_no_axe_violations(page)
    drawer.get_by_role("link", name=t("Sign in")).click()
    expect(page).to_have_url(url_of(demo, "/accounts/login/"))
    no_horizontal_scroll(page, 360)
    assert_no_axe_violations(page)


@pytest.mark.parametrize("role", DEMO_ROLES)
def test_phone_home_has_no_sideways_scroll_and_reaches_the_navigation(
    phone_page: Page, demo: Demo, role
):
    page = phone_page
    # given a person logged in on a 360 px phone
    page.goto("/accounts/login/")
    submit_login(page, demo.email(role), demo.password)

    # then their home fits the screen
    expect(page).to_have_url(url_of(demo, demo.home_path))
    expect(page.locator("h1")).to_have_text(role_heading(demo, role))
    no_horizontal_scroll(page, 360)
    assert_no_axe_violations(page)

    # and the main navigation is reachable through the menu button
    page.locator(".js-menu-open").click()
    drawer = page.locator(".mobile-drawer")
    expect(drawer).to_be_visible()
    overview = drawer.locator(".navigation-menu-mobile").get_by_role("link", name=t("Overview"))
    expect(overview).to_be_visible()
    expect(drawer.get_by_role("button", name=re.compile(re.escape(t("Close"))))).to_be_visible()
    assert_no_axe_violations(page)
    overview.click()
    expect(page).to_have_url(url_of(demo, demo.home_path))


@pytest.mark.parametrize("path", ["/", "/kalundborg/"])
def test_first_tab_focuses_the_skip_link_and_enter_moves_to_the_content(
    page: Page, demo: Demo, path
):
    page.goto(path)
    page.keyboard.press("Tab")
    skip = page.locator("a.skipnav")
    expect(skip).to_be_focused()
    expect(skip).to_be_visible()
    expect(skip).to_have_text(t("Go to main content"))
    page.keyboard.press("Enter")
    expect(page.locator("main#main-content")).to_be_focused()


def test_visitor_sees_the_public_page_of_the_public_demo_alliance(page: Page, demo: Demo):
    alliance = Alliance.objects.get(slug=demo.slug)
    assert alliance.is_public and alliance.is_demo

    page.goto(demo.home_path)

    expect(page).to_have_url(url_of(demo, demo.home_path))
    expect(page.locator("h1")).to_have_text(alliance.name)
    expect(page.locator(".demo-banner")).to_be_visible()
    expect(page.get_by_role("heading", name=t("Our shared vision"))).to_be_visible()
    expect(page.get_by_role("link", name=t("Log in as a partner or young person"))).to_be_visible()
    expect(page.get_by_role("button", name=t("Sign out"))).to_have_count(0)
    for role in DEMO_ROLES:
        expect(page.get_by_text(role_heading(demo, role), exact=True)).to_have_count(0)
    assert_no_axe_violations(page)


def test_privacy_notice_is_accessible(page: Page, demo: Demo):
    page.goto("/privacy/")
    expect(page.locator("h1")).to_have_text(t("Privacy notice"))
    assert_no_axe_violations(page)


def test_wrong_password_shows_a_danish_error_and_stays_on_the_login_page(page: Page, demo: Demo):
    page.goto("/accounts/login/")
    submit_login(page, demo.email("secretariat"), "not-the-password-2026")

    expect(page).to_have_url(url_of(demo, "/accounts/login/"))
    error = t("The email address and/or password you specified are not correct.")
    assert error != "The email address and/or password you specified are not correct."
    expect(page.get_by_text(error)).to_be_visible()
    expect(page.locator("input[name=login]")).to_have_value(demo.email("secretariat"))
    assert_no_axe_violations(page)


def open_menu_entry(page: Page, label: str) -> None:
    """Follow an entry of the main menu, opening its "More" list when the entry moved there."""
    header = page.locator("header")
    entry = header.get_by_role("link", name=label, exact=True).filter(visible=True)
    if entry.count() == 0:
        header.locator(".more-button").filter(visible=True).first.click()
        entry = header.get_by_role("link", name=label, exact=True).filter(visible=True)
    entry.first.click()
