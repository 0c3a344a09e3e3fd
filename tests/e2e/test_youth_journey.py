"""A young person's idea on its way through the alliance, in real browsers (issue 7).

On a 360 px phone an anonymous young person sends an idea with an email address for the answer
and notes the receipt code; the secretariat (on a desktop) masks the phone number the idea
contains, publishes it and sends it to a working group; the group's coordinator answers that it
is done and links the decision it led to; another young person supports it on the list of
published ideas; the first young person follows it by the receipt code and reads the answer and
the decision. The young person's home page leads to the portal. axe runs on every page visited;
console errors and CSP violations fail the test too (see axe.py). Expected texts come from the
translation catalogues at test time (`t`).
"""

from __future__ import annotations

import re

import pytest
from playwright.sync_api import Page, expect

from workgroups.models import Decision, MinutesStatus
from youth_voice.models import InputStatus, Moderation, YouthInput

from .axe import assert_no_axe_violations
from .conftest import DESKTOP, PHONE, Demo, _new_context
from .test_common_agenda import log_in
from .test_foundation import no_horizontal_scroll, t, url_of

pytestmark = pytest.mark.e2e

GROUP_A = "A: Fællesskaber mod ensomhed"  # the demo coordinator's group
IDEA = "Vi vil gerne have en multibane i Høng, som er åben om aftenen."
PHONE_NUMBER = "23 45 67 89"
TEXT = f"{IDEA} Skriv til mig på {PHONE_NUMBER}"
ANSWER = "Tak for idéen! Multibanen i Høng bliver åben til kl. 21 fra næste måned."


def check_phone(page: Page) -> None:
    assert_no_axe_violations(page)
    no_horizontal_scroll(page, PHONE["width"])


def test_an_idea_goes_from_a_young_person_to_a_decision_and_back(
    phone_page: Page, page: Page, browser, demo: Demo
):
    young = phone_page

    # 1. An anonymous young person sends an idea with an email address for the answer.
    young.goto(f"/{demo.slug}/ung/")
    check_phone(young)
    young.get_by_role("link", name=t("Send an idea, worry or question")).click()
    expect(young.get_by_role("heading", level=1)).to_have_text(t("Have your say"))
    check_phone(young)
    young.get_by_label(t("Idea"), exact=True).check()
    young.get_by_label(t("Write it here")).fill(TEXT)
    young.get_by_label(t("16–17 years")).check()
    young.get_by_label(t("Yes, I want an answer by email")).check()
    young.get_by_label(t("Your email")).fill("multibane@example.org")
    young.locator("input[name=contact_consent]").check()
    check_phone(young)
    young.get_by_role("button", name=t("Send"), exact=True).click()

    expect(young.get_by_role("heading", level=1)).to_have_text(t("Thank you! We got your input"))
    code = young.locator("#receipt-code").inner_text().strip()
    assert re.fullmatch(r"[A-Z2-9]{5}-[A-Z2-9]{5}", code)
    check_phone(young)
    youth_input = YouthInput.objects.get(text=TEXT)
    assert youth_input.contact.email == "multibane@example.org"

    # 2. The secretariat masks the phone number, publishes the idea and sends it to group A.
    log_in(page, demo, "secretariat")
    page.goto(f"/{demo.slug}/youth/moderation/")
    row = page.locator("main").locator("li, tr").filter(has_text="multibane i Høng")
    expect(row).not_to_contain_text(PHONE_NUMBER)
    assert_no_axe_violations(page)
    row.get_by_role("link", name=t("Moderate")).click()
    expect(page.locator("mark")).to_have_text(PHONE_NUMBER)
    masked = f"{IDEA} Skriv til mig på {t('[phone number removed]')}"
    expect(page.get_by_label(t("Text shown"))).to_have_value(masked)
    assert_no_axe_violations(page)
    page.get_by_role("button", name=t("Publish"), exact=True).click()
    expect(page.locator(".alert-success")).to_contain_text(
        t("The input is published with the text you approved.")
    )
    assert_no_axe_violations(page)

    page.goto(f"/{demo.slug}/youth/{youth_input.pk}/")
    assert_no_axe_violations(page)
    page.get_by_label(t("Send to the group")).select_option(label=GROUP_A)
    page.get_by_role("button", name=t("Send to the group")).click()
    expect(page.locator(".alert-success")).to_contain_text(GROUP_A)
    assert_no_axe_violations(page)
    youth_input.refresh_from_db()
    assert youth_input.moderation == Moderation.PUBLISHED
    assert youth_input.status == InputStatus.ROUTED

    # 3. The group's coordinator answers that it is done and links the decision it led to.
    decision = (
        Decision.objects.filter(
            meeting__group=youth_input.routed_group,
            meeting__minutes_status=MinutesStatus.PUBLISHED,
        )
        .order_by("-meeting__starts_at", "pk")
        .first()
    )
    coordinator_context = _new_context(browser, demo.base_url, DESKTOP)
    try:
        coordinator = coordinator_context.new_page()
        log_in(coordinator, demo, "coordinator")
        coordinator.goto(f"/{demo.slug}/youth/{youth_input.pk}/")
        expect(coordinator.get_by_text(masked)).to_be_visible()
        expect(coordinator.get_by_text(PHONE_NUMBER)).to_have_count(0)
        assert_no_axe_violations(coordinator)
        coordinator.get_by_label(t("Done – it has been carried out")).check()
        coordinator.get_by_label(t("Answer to the young person")).fill(ANSWER)
        coordinator.get_by_label(t("It led to the decision")).select_option(str(decision.pk))
        coordinator.get_by_role("button", name=t("Save the answer")).click()
        expect(coordinator.locator(".alert-success")).to_be_visible()
        assert_no_axe_violations(coordinator)
    finally:
        coordinator_context.close()
    youth_input.refresh_from_db()
    assert youth_input.status == InputStatus.DONE
    assert youth_input.decision == decision

    # 4. Another young person, on another phone, supports it on the list of ideas.
    other_context = _new_context(browser, demo.base_url, PHONE)
    try:
        other = other_context.new_page()
        other.goto(f"/{demo.slug}/ung/forslag/")
        expect(other.get_by_role("heading", level=1)).to_have_text(t("Ideas from young people"))
        expect(other.get_by_text(PHONE_NUMBER)).to_have_count(0)
        check_phone(other)
        other.get_by_role("link", name=masked).click()
        check_phone(other)
        other.get_by_role("button", name=t("I support this")).click()
        expect(other.locator(".alert-success")).to_contain_text(t("Thank you for your support."))
        expect(other.locator("#support-count")).to_have_text(
            t("%(n)s young person supports this", n=1)
        )
        check_phone(other)
    finally:
        other_context.close()

    # 5. The first young person follows the idea by the receipt code: the answer and the
    # decision are there.
    young.goto(f"/{demo.slug}/ung/")
    young.get_by_role("link", name=t("Follow your input"), exact=True).click()
    check_phone(young)
    young.get_by_label(t("Your receipt code")).fill(code.lower().replace("-", " "))
    young.get_by_role("button", name=t("Find my input")).click()
    expect(young.get_by_role("heading", level=1)).to_have_text(t("Your input"))
    expect(young.get_by_role("heading", name=t("The answer to you"))).to_be_visible()
    expect(young.locator(".youth-answer")).to_contain_text(ANSWER)
    expect(young.get_by_role("heading", name=t("A decision"))).to_be_visible()
    expect(young.locator(".youth-outcome")).to_contain_text(decision.text)
    check_phone(young)


def test_the_young_persons_home_leads_to_the_portal(phone_page: Page, demo: Demo):
    # given
    log_in(phone_page, demo, "youth")

    # then
    voice = phone_page.get_by_role("region", name=t("Your voice"))
    expect(voice).to_be_visible()
    no_horizontal_scroll(phone_page, PHONE["width"])
    assert_no_axe_violations(phone_page)
    links = {
        t("Send an idea, worry or question"): "/ung/send/",
        t("Follow your input"): "/ung/foelg/",
        t("Ideas from young people"): "/ung/forslag/",
        t("Surveys"): "/ung/maalinger/",
        t("Everything you sent"): "/ung/mine-data/",
    }
    for name, path in links.items():
        expect(voice.get_by_role("link", name=name, exact=True)).to_have_attribute(
            "href", f"/{demo.slug}{path}"
        )

    # when
    voice.get_by_role("link", name=t("Send an idea, worry or question"), exact=True).click()

    # then
    expect(phone_page).to_have_url(url_of(demo, f"/{demo.slug}/ung/send/"))
    assert_no_axe_violations(phone_page)
    assert re.search(r"/ung/send/$", phone_page.url)
