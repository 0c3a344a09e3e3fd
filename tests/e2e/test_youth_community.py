"""The youth portal's shared pages on a phone (issue 7): a young person browses the published
ideas of others and supports one (once); the youth login opens "My data", downloads the JSON
export, erases the data, cannot log in afterwards, and reads what is kept and why. axe runs on
every page; console errors and CSP violations fail the test too (see axe.py)."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from django.utils import timezone, translation
from django.utils.translation import ngettext
from playwright.sync_api import Page, expect

from alliance.models import Alliance, FocusArea, Membership, User
from youth_voice import codes
from youth_voice.models import (
    Consent,
    ConsentPurpose,
    ConsentStatus,
    ErasureRecord,
    InputKind,
    Moderation,
    YouthInput,
)
from youth_voice.services_consent import consent_record

from .axe import assert_no_axe_violations
from .conftest import PHONE, Demo
from .test_common_agenda import forget_status_error, log_in
from .test_foundation import no_horizontal_scroll, submit_login, t

pytestmark = pytest.mark.e2e

IDEA = "Gratis frugt i frikvarteret på alle skoler – så kan vi bedre koncentrere os."


def check(page: Page) -> None:
    assert_no_axe_violations(page)
    no_horizontal_scroll(page, PHONE["width"])


def published_idea(demo: Demo) -> YouthInput:
    alliance = Alliance.objects.get(slug=demo.slug)
    code = codes.new_receipt_code()
    return YouthInput.objects.create(
        alliance=alliance,
        kind=InputKind.IDEA,
        text=IDEA + " Skrevet af Mads, 12345678",
        published_text=IDEA,
        focus_area=FocusArea.objects.filter(alliance=alliance).first(),
        receipt_hash=codes.receipt_hash(code),
        link_hash=codes.link_hash(codes.link_token(code)),
        moderation=Moderation.PUBLISHED,
        published_at=timezone.now(),
        support_count=4,
    )


def support_count_text(count: int) -> str:
    with translation.override("da"):
        return ngettext(
            "%(n)s young person supports this", "%(n)s young people support this", count
        ) % {"n": count}


def test_a_young_person_browses_and_supports_an_idea_once(phone_page: Page, demo: Demo):
    page = phone_page
    idea = published_idea(demo)

    # The published ideas: the moderated text only, never what was sent.
    page.goto(f"/{demo.slug}/ung/forslag/")
    expect(page.get_by_role("heading", level=1)).to_have_text(t("Ideas from young people"))
    expect(page.get_by_role("link", name=IDEA)).to_be_visible()
    expect(page.get_by_text("12345678")).to_have_count(0)
    check(page)

    page.get_by_label(t("Order")).select_option("supported")
    page.get_by_role("button", name=t("Show")).click()
    check(page)

    page.get_by_role("link", name=IDEA).click()
    expect(page.locator("#support-count")).to_have_text(support_count_text(4))
    check(page)

    page.get_by_role("button", name=t("I support this")).click()
    expect(page.locator(".alert-success")).to_contain_text(t("Thank you for your support."))
    expect(page.locator("#support-count")).to_have_text(support_count_text(5))
    expect(page.get_by_text(t("You support this."))).to_be_visible()
    check(page)

    # A second support from the same phone (say, a resent form) does not count.
    csrf = next(c["value"] for c in page.context.cookies() if c["name"] == "csrftoken")
    again = page.request.post(
        f"/{demo.slug}/ung/forslag/{idea.pk}/stoet/",
        headers={"X-CSRFToken": csrf, "Referer": page.url},
    )
    assert again.ok
    page.reload()
    expect(page.locator("#support-count")).to_have_text(support_count_text(5))
    idea.refresh_from_db()
    assert idea.support_count == 5

    # Reporting it is one short form away.
    page.get_by_role("link", name=t("Report this – something is wrong")).click()
    expect(page.get_by_label(t("What is wrong?"))).to_be_visible()
    check(page)

    page.goto(f"/{demo.slug}/ung/i-sagde-vi-gjorde/")
    expect(page.get_by_role("heading", level=1)).to_have_text(t("You said, we did"))
    check(page)

    # An account of their own: an email address, an age group and the consent.
    page.goto(f"/{demo.slug}/ung/konto/")
    expect(page.get_by_role("heading", level=1)).to_have_text(t("Create an account"))
    check(page)
    page.get_by_label(t("Your email address")).fill("ny.ung@example.org")
    page.get_by_label(t("18–24 years")).check()
    page.locator("main form input[name=consent]").check()
    page.get_by_role("button", name=t("Create my account")).click()
    expect(page.get_by_role("heading", level=1)).to_have_text(t("Check your email"))
    check(page)
    assert User.objects.filter(email="ny.ung@example.org", is_active=True).exists()

    page.get_by_role("button", name=t("Log in with a code")).or_(
        page.get_by_role("link", name=t("Log in with a code"))
    ).first.click()
    expect(page.locator("main input[name=email]")).to_be_visible()
    check(page)


def test_the_youth_login_exports_and_erases_their_data(phone_page: Page, demo: Demo):
    page = phone_page
    email = demo.email("youth")
    alliance = Alliance.objects.get(slug=demo.slug)
    user = User.objects.get(email=email)
    inputs_before = YouthInput.objects.filter(user=user).count()
    assert inputs_before >= 1  # the demo's idea about the steering group's meetings
    consent = consent_record(
        alliance=alliance, purpose=ConsentPurpose.ACCOUNT, user=user, below_consent_age=False
    )
    log_in(page, demo, "youth")

    page.goto(f"/{demo.slug}/ung/")
    page.get_by_role("link", name=t("My data")).click()
    expect(page.get_by_role("heading", level=1)).to_have_text(t("My data"))
    expect(page.locator("main")).to_contain_text(email)
    expect(page.get_by_role("button", name=t("Withdraw"))).to_be_visible()
    check(page)

    with page.expect_download() as download_info:
        page.get_by_role("link", name=t("Download my data (JSON)")).click()
    data = json.loads(Path(download_info.value.path()).read_text(encoding="utf-8"))
    assert data["account"]["email"] == email
    assert len(data["inputs"]) == inputs_before
    assert data["youth_membership"]["role"] == "youth"

    page.get_by_role("link", name=t("Delete my data")).click()
    expect(page.get_by_role("heading", level=1)).to_have_text(t("Delete my data"))
    check(page)
    page.get_by_role("button", name=t("Yes, delete my data")).click()

    expect(page.get_by_role("heading", level=1)).to_have_text(t("Your data is deleted"))
    expect(page.get_by_role("heading", name=t("What we keep, and why"))).to_be_visible()
    expect(page.locator("main")).to_contain_text("7(1)")
    expect(page.locator("main")).to_contain_text("5(2)")
    check(page)

    # Nothing of the person is left but the consents without identity and the erasure record.
    assert not User.objects.filter(email=email).exists()
    assert not Membership.objects.filter(user_id=user.pk).exists()
    assert not YouthInput.objects.filter(user_id=user.pk).exists()
    assert not Consent.objects.filter(user_id=user.pk).exists()
    consent.refresh_from_db()
    assert (consent.user_id, consent.status) == (None, ConsentStatus.WITHDRAWN)
    assert ErasureRecord.objects.filter(
        alliance=alliance, via=ErasureRecord.Via.ACCOUNT, inputs_erased=inputs_before
    ).exists()

    # The login no longer works.
    page.goto("/accounts/login/")
    submit_login(page, email, demo.password)
    forget_status_error(page, 400)
    expect(page).to_have_url(f"{demo.base_url}/accounts/login/")
    expect(page.locator("main")).to_contain_text(
        t("The email address and/or password you specified are not correct.")
    )
