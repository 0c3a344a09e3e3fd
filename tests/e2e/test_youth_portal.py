"""The youth portal's anonymous side on a 360 px phone: an anonymous young person sends an idea
with an email address for the answer, gets a receipt code, follows the idea by the code and
sees it received; a wrong code gets the generic answer. axe runs on every page visited, and no
page scrolls sideways. Expected texts come from the translation catalogues (`t`)."""

from __future__ import annotations

import datetime
import os

import pytest
from django.utils import timezone
from playwright.sync_api import Page, expect

from alliance.models import Alliance
from youth_voice.models import Consent, ConsentStatus, GuardianRequest, YouthInput
from youth_voice.services_consent import guardian_token_hash

from .axe import assert_no_axe_violations, problems_of
from .conftest import PHONE, Demo
from .test_foundation import no_horizontal_scroll, t

pytestmark = [pytest.mark.e2e]

IDEA = "Flere bænke og lys ved stien til skolen <b>tak</b>"


def expected_status(page: Page, status: int) -> None:
    """The page answered `status` on purpose (a refused form, an unknown code); the browser's
    console note about it is not a problem."""
    errors = problems_of(page).console_errors
    errors[:] = [e for e in errors if f"status of {status}" not in e]


def topic_labels(page: Page) -> list[str]:
    """The text of each answer to "What is it about?", in order."""
    return page.locator("input[name=focus_area]").evaluate_all(
        "inputs => inputs.map(i => i.labels[0].innerText.trim())"
    )


def check(page: Page) -> None:
    assert_no_axe_violations(page)
    no_horizontal_scroll(page, PHONE["width"])


def test_a_young_person_sends_an_idea_and_follows_it_by_code(phone_page: Page, demo: Demo):
    young = phone_page
    # the start page
    young.goto(f"/{demo.slug}/ung/")
    expect(young.get_by_role("heading", level=1)).to_have_text(t("Your voice counts"))
    check(young)

    # the form: a refused send keeps what was written and says what is wrong
    young.get_by_role("link", name=t("Send an idea, worry or question")).click()
    expect(young.get_by_role("heading", level=1)).to_have_text(t("Have your say"))
    check(young)
    young.get_by_label(t("Write it here")).fill(IDEA)
    young.get_by_role("button", name=t("Send"), exact=True).click()
    expect(young.locator(".form-error-message")).to_contain_text(t("Choose what you want to send."))
    expect(young.get_by_label(t("Write it here"))).to_have_value(IDEA)
    expected_status(young, 400)
    check(young)

    # an idea with an email address for the answer
    young.get_by_label(t("Idea"), exact=True).check()
    young.get_by_label(t("16–17 years")).check()
    young.get_by_label(t("Yes, I want an answer by email")).check()
    young.get_by_label(t("Your email")).fill("ung@example.org")
    young.locator("input[name=contact_consent]").check()
    check(young)
    young.get_by_role("button", name=t("Send"), exact=True).click()

    # the receipt
    expect(young.get_by_role("heading", level=1)).to_have_text(t("Thank you! We got your input"))
    code = young.locator("#receipt-code").inner_text().strip()
    assert len(code) == 11
    check(young)
    youth_input = YouthInput.objects.get(alliance__slug=demo.slug, text=IDEA)
    assert youth_input.contact.email == "ung@example.org"

    # following it by the code
    young.get_by_role("link", name=t("Follow your input"), exact=True).click()
    check(young)
    young.get_by_label(t("Your receipt code")).fill(code.lower())
    young.get_by_role("button", name=t("Find my input")).click()
    expect(young.get_by_role("heading", level=1)).to_have_text(t("Your input"))
    expect(young.locator(".youth-timeline__step--current")).to_contain_text(t("Received"))
    expect(young.locator(".youth-quote")).to_have_text(IDEA)  # shown as text, not as HTML
    check(young)

    # the page to delete it asks first
    young.get_by_role("link", name=t("Delete my input")).click()
    expect(young.get_by_role("heading", level=1)).to_have_text(t("Delete your input?"))
    check(young)

    # a wrong code: the generic answer
    young.goto(f"/{demo.slug}/ung/foelg/")
    young.get_by_label(t("Your receipt code")).fill("ABCDE-23456")
    young.get_by_role("button", name=t("Find my input")).click()
    expect(young.locator(".alert-warning")).to_contain_text(
        t("We cannot find an input with that code")
    )
    expected_status(young, 404)
    check(young)

    # the privacy notice
    young.goto(f"/{demo.slug}/ung/privatliv/")
    expect(young.get_by_role("heading", level=1)).to_have_text(t("How we handle your data"))
    check(young)


def test_a_guardian_gives_consent_on_a_phone(phone_page: Page, demo: Demo):
    alliance = Alliance.objects.get(slug=demo.slug)
    consent = Consent.objects.create(
        alliance=alliance,
        purpose="contact",
        text_version="contact-1",
        status=ConsentStatus.AWAITING_GUARDIAN,
        given_by="guardian",
        below_consent_age=True,
    )
    GuardianRequest.objects.create(
        consent=consent,
        guardian_email="mor@example.org",
        token_hash=guardian_token_hash("guardian-e2e-token"),
        expires_at=timezone.now() + datetime.timedelta(days=7),
    )
    phone_page.goto(f"/{demo.slug}/ung/foraelder/guardian-e2e-token/")
    expect(phone_page.get_by_role("heading", level=1)).to_have_text(
        t("Consent from a parent or guardian")
    )
    check(phone_page)
    phone_page.get_by_role("button", name=t("Give consent")).click()
    expect(phone_page.locator(".alert-success")).to_be_visible()
    check(phone_page)
    consent.refresh_from_db()
    assert consent.status == ConsentStatus.GIVEN


def test_a_refused_send_keeps_the_topic_and_a_sixth_send_is_asked_to_wait(
    phone_page: Page, demo: Demo
):
    """The form reads the choices of a post's answers only; shown again, every choice is back
    and the chosen one still chosen. From one phone, five inputs in ten minutes are taken and
    the sixth is asked to wait (429), with what was written still there and nothing saved."""
    young = phone_page
    alliance = Alliance.objects.get(slug=demo.slug)
    young.goto(f"/{demo.slug}/ung/send/")
    topics = young.locator("input[name=focus_area]")
    labels = topic_labels(young)
    assert len(labels) >= 3, labels  # the alliance's focus areas and "Something else"
    chosen = labels[1]

    # refused (no kind chosen): every topic is shown again, the chosen one still chosen
    young.get_by_label(chosen, exact=True).check()
    young.get_by_label(t("Write it here")).fill("Mere frisk luft i frikvarteret")
    young.get_by_role("button", name=t("Send"), exact=True).click()
    expect(young.locator(".form-error-message")).to_contain_text(t("Choose what you want to send."))
    expected_status(young, 400)
    again = topic_labels(young)
    assert again == labels
    expect(young.get_by_label(chosen, exact=True)).to_be_checked()
    assert topics.count() == len(labels)
    check(young)

    # five inputs from this phone are taken
    sent_before = YouthInput.objects.filter(alliance=alliance).count()
    for number in range(1, 6):
        young.goto(f"/{demo.slug}/ung/send/")
        young.get_by_label(t("Idea"), exact=True).check()
        young.get_by_label(chosen, exact=True).check()
        young.get_by_label(t("Write it here")).fill(f"Idé nummer {number} om frikvarteret")
        young.get_by_role("button", name=t("Send"), exact=True).click()
        expect(young.get_by_role("heading", level=1)).to_have_text(
            t("Thank you! We got your input")
        )
    assert YouthInput.objects.filter(alliance=alliance).count() == sent_before + 5
    saved = YouthInput.objects.filter(alliance=alliance, text="Idé nummer 5 om frikvarteret")
    assert str(saved.get().focus_area) == chosen

    # the sixth is asked to wait; the text and the choices stay, nothing is saved
    young.goto(f"/{demo.slug}/ung/send/")
    young.get_by_label(t("Worry"), exact=True).check()
    young.get_by_label(chosen, exact=True).check()
    young.get_by_label(t("Write it here")).fill("Den sjette tanke")
    young.get_by_role("button", name=t("Send"), exact=True).click()
    expect(young.get_by_role("alert")).to_contain_text(t("Take a short break"))
    expected_status(young, 429)
    expect(young.get_by_label(t("Write it here"))).to_have_value("Den sjette tanke")
    expect(young.get_by_label(chosen, exact=True)).to_be_checked()
    expect(young.get_by_label(t("Worry"), exact=True)).to_be_checked()
    assert YouthInput.objects.filter(alliance=alliance).count() == sent_before + 5
    check(young)
    if shots := os.environ.get("YOUTH_SHOTS"):
        young.screenshot(path=f"{shots}/youth-send-limited-phone.png", full_page=True)
