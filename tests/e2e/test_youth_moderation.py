"""Moderating young people's input in a real browser: the secretariat opens the queue, opens an
input with a phone number in it, sees the number masked, publishes it, and the published list of
the youth portal shows the masked text. The moderate page works on a 360 px phone; the youth
panel and settings pages pass axe too. Expected texts come from the translation catalogues at
test time (`t`)."""

from __future__ import annotations

import pytest
from playwright.sync_api import Page, expect

from alliance.models import Alliance
from youth_voice.codes import link_hash, link_token, new_receipt_code, receipt_hash
from youth_voice.models import Moderation, YouthInput

from .axe import assert_no_axe_violations
from .conftest import PHONE, Demo
from .test_common_agenda import forget_status_error, log_in
from .test_foundation import no_horizontal_scroll, t

pytestmark = pytest.mark.e2e

TEXT = "Vi vil have en skatepark ved havnen, der er åben om aftenen. Ring til mig på 12 34 56 78"
MASKED_START = "Vi vil have en skatepark ved havnen, der er åben om aftenen. Ring til mig på"


def _waiting_input(demo: Demo, text: str = TEXT) -> YouthInput:
    code = new_receipt_code()
    return YouthInput.objects.create(
        alliance=Alliance.objects.get(slug=demo.slug),
        kind="idea",
        text=text,
        receipt_hash=receipt_hash(code),
        link_hash=link_hash(link_token(code)),
    )


def test_the_secretariat_masks_a_phone_number_and_publishes(page: Page, demo: Demo):
    youth_input = _waiting_input(demo)
    log_in(page, demo, "secretariat")

    # the queue: the excerpt is masked
    page.goto(f"/{demo.slug}/youth/moderation/")
    expect(page.get_by_role("heading", level=1, name=t("Moderation queue"))).to_be_visible()
    row = page.locator("main li").filter(has_text="skatepark ved havnen")
    expect(row).to_contain_text(t("[phone number removed]"))
    expect(row).not_to_contain_text("12 34 56 78")
    assert_no_axe_violations(page)

    # the input: the original with the number marked, and the masked text to show
    row.get_by_role("link", name=t("Moderate")).click()
    expect(page).to_have_url(f"{demo.base_url}/{demo.slug}/youth/{youth_input.pk}/moderate/")
    expect(page.locator("mark")).to_have_text("12 34 56 78")
    expect(page.get_by_text(f"{t('Phone number')}: 12 34 56 78")).to_be_visible()
    text_to_show = page.get_by_label(t("Text shown"))
    expect(text_to_show).to_have_value(f"{MASKED_START} {t('[phone number removed]')}")
    assert_no_axe_violations(page)

    # putting the number back is caught by the second scan
    text_to_show.fill(TEXT)
    page.get_by_role("button", name=t("Publish"), exact=True).click()
    expect(page.locator(".alert-error")).to_be_visible()
    forget_status_error(page, 400)
    assert_no_axe_violations(page)
    text_to_show.fill(f"{MASKED_START} {t('[phone number removed]')}")
    page.get_by_role("button", name=t("Publish"), exact=True).click()

    expect(page.locator(".alert-success")).to_contain_text(
        t("The input is published with the text you approved.")
    )
    expect(page.locator("main li").filter(has_text="skatepark ved havnen")).to_have_count(0)
    youth_input.refresh_from_db()
    assert youth_input.moderation == Moderation.PUBLISHED

    # the portal's published list shows the masked text
    page.goto(f"/{demo.slug}/ung/forslag/")
    card = page.locator("li").filter(has_text="skatepark ved havnen")
    expect(card).to_contain_text(t("[phone number removed]"))
    expect(page.get_by_text("12 34 56 78")).to_have_count(0)
    assert_no_axe_violations(page)


def test_the_moderate_page_works_on_a_phone(phone_page: Page, demo: Demo):
    youth_input = _waiting_input(demo)
    log_in(phone_page, demo, "secretariat")

    phone_page.goto(f"/{demo.slug}/youth/{youth_input.pk}/moderate/")

    expect(phone_page.locator("mark")).to_have_text("12 34 56 78")
    no_horizontal_scroll(phone_page, PHONE["width"])
    assert_no_axe_violations(phone_page)


def test_the_panel_and_settings_pages(page: Page, demo: Demo):
    log_in(page, demo, "secretariat")

    page.goto(f"/{demo.slug}/youth/panel/")
    expect(
        page.get_by_role("heading", level=1, name=t("Youth panel and moderators"))
    ).to_be_visible()
    assert_no_axe_violations(page)

    page.goto(f"/{demo.slug}/youth/settings/")
    expect(page.get_by_role("heading", level=1, name=t("Portal settings"))).to_be_visible()
    assert_no_axe_violations(page)
    page.get_by_label(t("Keep contact details for at most (months)")).fill("30")
    page.get_by_role("button", name=t("Save the settings")).click()
    expect(page.get_by_text(t("Choose between 1 and 24 months."))).to_be_visible()
    forget_status_error(page, 400)
    assert_no_axe_violations(page)
    page.get_by_label(t("Keep contact details for at most (months)")).fill("4")
    page.get_by_role("button", name=t("Save the settings")).click()
    expect(page.locator(".alert-success")).to_contain_text(
        t("Keep contact details for at most (months)")
    )
    assert_no_axe_violations(page)
