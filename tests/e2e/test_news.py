"""Browser tests of news and calendars: the secretariat posts news in Markdown to the whole
alliance, a member reads it and comments on a phone and on a desktop; a member finds their
private calendar address and makes a new one. Screenshots at 1280 and 375 px."""

from __future__ import annotations

import re
from pathlib import Path
from urllib.parse import urlsplit

import pytest
from playwright.sync_api import Page, expect

from alliance.models import User
from workgroups.models import CalendarFeed, NewsComment, NewsPost

from .axe import assert_no_axe_violations
from .conftest import Demo, _open_page
from .test_common_agenda import forget_status_error, log_in
from .test_foundation import no_horizontal_scroll, open_menu_entry, t

pytestmark = pytest.mark.e2e
SHOTS = Path("/tmp/shots/news")
PHONE_375 = {"width": 375, "height": 812}

TITLE = "Nyt mødested for unge i Høng"
BODY = (
    "Fra næste fredag holder **Café UNG** åbent i Høng.\n\n"
    "Læs mere på [UngKalundborgs side](https://www.example.org/ungkalundborg)."
)


def _shoot(page: Page, name: str) -> None:
    SHOTS.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(SHOTS / f"{name}.png"), full_page=True)


def _check(page: Page, name: str, *, phone: bool = False) -> None:
    assert_no_axe_violations(page)
    if phone:
        no_horizontal_scroll(page, PHONE_375["width"])
    _shoot(page, f"{name}-{'375' if phone else '1280'}")


def _news_path(demo: Demo) -> str:
    return f"{demo.home_path}news/"


def test_secretariat_posts_news_and_a_member_comments(page: Page, request, browser, demo):
    log_in(page, demo, "secretariat")
    open_menu_entry(page, t("News"))
    expect(page.get_by_role("heading", level=1)).to_have_text(t("News"))
    _check(page, "list-secretariat")

    page.get_by_role("link", name=t("Write news")).click()
    _check(page, "create")
    page.get_by_role("button", name=t("Publish the news")).click()  # empty: errors
    expect(page.locator(".alert-error")).to_be_visible()
    forget_status_error(page, 400)  # the form again, with its errors, is a 400
    _check(page, "create-errors")
    page.get_by_label(t("Title")).fill(TITLE)
    page.get_by_label(t("Text")).fill(BODY)
    page.get_by_role("button", name=t("Publish the news")).click()

    expect(page.locator(".alert-success")).to_contain_text(t("The news was published."))
    expect(page.get_by_role("heading", level=1)).to_have_text(TITLE)
    expect(page.locator("main article strong")).to_have_text("Café UNG")
    link = page.get_by_role("link", name="UngKalundborgs side")
    expect(link).to_have_attribute("href", "https://www.example.org/ungkalundborg")
    expect(link).to_have_attribute("rel", "noopener noreferrer")
    _check(page, "detail-secretariat")
    post = NewsPost.objects.get(title=TITLE)
    assert post.group is None

    page.get_by_role("link", name=t("Edit the news")).click()
    _check(page, "edit")

    for phone in _open_page(request, browser, demo.base_url, PHONE_375):
        log_in(phone, demo, "secretariat")
        phone.goto(f"{_news_path(demo)}new/")
        _check(phone, "create", phone=True)
        phone.goto(f"{_news_path(demo)}{post.pk}/edit/")
        _check(phone, "edit", phone=True)

    for phone in _open_page(request, browser, demo.base_url, PHONE_375):
        log_in(phone, demo, "member")
        phone.goto(_news_path(demo))
        _check(phone, "list", phone=True)
        phone.get_by_role("link", name=TITLE).click()
        expect(phone.locator("main article strong")).to_have_text("Café UNG")
        phone.get_by_label(t("Your comment")).fill("Fedt! Jeg fortæller det til de unge i Luma.")
        phone.get_by_role("button", name=t("Add the comment")).click()
        expect(phone.locator(".alert-success")).to_contain_text(t("Your comment was added."))
        expect(phone.locator("#comments").locator("..")).to_contain_text("Jeg fortæller det")
        _check(phone, "detail", phone=True)
        expect(phone.get_by_role("link", name=t("Write news"))).to_have_count(0)

    assert NewsComment.objects.filter(post=post, author__email=demo.email("member")).exists()

    # The member on a desktop sees the comment and may remove it; the list at desktop width.
    for desk in _open_page(request, browser, demo.base_url, {"width": 1280, "height": 900}):
        log_in(desk, demo, "member")
        desk.goto(_news_path(demo))
        _check(desk, "list")
        desk.get_by_role("link", name=TITLE).click()
        _check(desk, "detail")
        member = User.objects.get(email=demo.email("member"))
        remove = t(
            'Remove the comment<span class="sr-only"> by %(name)s</span>',
            name=member.get_full_name(),
        )
        desk.get_by_role("button", name=re.sub(r"<[^>]+>", "", remove)).click()
        expect(desk.get_by_text(t("The comment has been removed"), exact=True)).to_be_visible()
        _check(desk, "detail-removed")


def test_member_finds_the_calendar_address_and_makes_a_new_one(page: Page, request, browser, demo):
    log_in(page, demo, "member")
    page.goto(f"{demo.home_path}calendar/")
    expect(page.get_by_role("heading", level=1)).to_have_text(t("Meetings in your calendar"))
    # reading the page makes no address: the member asks for one
    address = page.get_by_label(t("Address to copy"))
    expect(address).to_have_count(0)
    assert not CalendarFeed.objects.filter(user__email=demo.email("member")).exists()
    page.get_by_role("button", name=t("Make my calendar address")).click()
    expect(page.locator(".alert-success")).to_contain_text(
        t("Your calendar address is ready. Add it to your calendar as described below.")
    )
    old = address.input_value()
    feed = CalendarFeed.objects.get(user__email=demo.email("member"))
    assert old.endswith(f"/calendar/feed/{feed.token}.ics")
    _check(page, "calendar")

    feed_response = page.request.get(urlsplit(old).path)
    assert feed_response.status == 200
    assert "BEGIN:VCALENDAR" in feed_response.text()

    page.get_by_role("button", name=t("Make a new address")).click()
    expect(page.locator(".alert-success")).to_be_visible()
    new = page.get_by_label(t("Address to copy")).input_value()
    assert new != old
    _check(page, "calendar-reset")
    gone = page.request.get(urlsplit(old).path)
    assert gone.status == 404

    for phone in _open_page(request, browser, demo.base_url, PHONE_375):
        log_in(phone, demo, "member")
        phone.goto(f"{demo.home_path}calendar/")
        _check(phone, "calendar", phone=True)
