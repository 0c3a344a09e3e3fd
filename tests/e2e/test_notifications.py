"""Browser test of notifications: the list with its unread count, and unsubscribing from an
email's link without being signed in. Screenshots at desktop and phone width."""

from __future__ import annotations

from pathlib import Path

import pytest
from playwright.sync_api import Page, expect

from alliance.models import Alliance, EmailOptOut, Notification, User
from alliance.services.notifications import notify, unsubscribe_path, unsubscribe_token

from .axe import assert_no_axe_violations
from .conftest import PHONE, Demo, _open_page
from .test_common_agenda import log_in
from .test_foundation import no_horizontal_scroll, t

pytestmark = pytest.mark.e2e
SHOTS = Path("/tmp/shots/notify")


def _shoot(page: Page, name: str) -> None:
    SHOTS.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(SHOTS / f"{name}.png"), full_page=True)


def _notifications_for(demo: Demo) -> tuple[User, Alliance]:
    member = User.objects.get(email=demo.email("member"))
    alliance = Alliance.objects.get(slug=demo.slug)
    for number, title in enumerate(
        [
            "Dagsorden for mødet i arbejdsgruppen Trivsel 12. marts er offentliggjort",
            "Referat fra styregruppemødet 3. marts er offentliggjort",
            "Du har fået et handlingspunkt: Kortlæg fritidstilbud i Høng",
        ]
    ):
        notify(
            users=[member],
            alliance=alliance,
            kind="minutes_published",
            title=title,
            body="Læs beslutningerne og de nye handlingspunkter.",
            url=demo.home_path,
            event_key=f"e2e:{number}",
            email=False,
        )
    return member, alliance


def test_member_reads_notifications_and_marks_them_read(page: Page, request, browser, demo):
    member, _alliance = _notifications_for(demo)
    log_in(page, demo, "member")

    link = page.locator("header").get_by_role("link", name=t("Notifications"))
    expect(link).to_contain_text("3")
    link.click()
    expect(page.get_by_role("heading", level=1)).to_have_text(t("Notifications"))
    assert_no_axe_violations(page)
    _shoot(page, "list-1280")

    page.get_by_role("button", name=t("Mark all as read")).click()
    expect(page.locator(".alert-success")).to_be_visible()
    assert not Notification.objects.unread().filter(user=member).exists()

    page.get_by_role("link", name=t("Choose which emails you get")).click()
    assert_no_axe_violations(page)
    _shoot(page, "preferences-1280")

    for phone in _open_page(request, browser, demo.base_url, PHONE):
        log_in(phone, demo, "member")
        phone.goto(f"{demo.home_path}notifications/")
        no_horizontal_scroll(phone, PHONE["width"])
        assert_no_axe_violations(phone)
        _shoot(phone, "list-360")


@pytest.mark.parametrize("viewport", ["desktop", "phone"])
def test_unsubscribe_without_signing_in(page: Page, phone_page: Page, demo, viewport):
    tab = page if viewport == "desktop" else phone_page
    member = User.objects.get(email=demo.email("member"))
    alliance = Alliance.objects.get(slug=demo.slug)
    token = unsubscribe_token(user=member, alliance=alliance, kind="minutes_published")

    tab.goto(unsubscribe_path(alliance=alliance, token=token))
    assert_no_axe_violations(tab)
    if viewport == "phone":
        no_horizontal_scroll(tab, PHONE["width"])
    _shoot(tab, f"unsubscribe-{'1280' if viewport == 'desktop' else '360'}")
    assert not EmailOptOut.objects.exists()

    tab.get_by_role("button", name=t("Yes, unsubscribe")).click()
    expect(tab.get_by_role("heading", level=1)).to_have_text(t("Unsubscribed"))
    assert_no_axe_violations(tab)
    _shoot(tab, f"unsubscribed-{'1280' if viewport == 'desktop' else '360'}")
    assert EmailOptOut.objects.filter(user=member, kind="minutes_published").exists()
