"""The partnership's health check in the browser: a member answers the demo's open round on a
phone and is told they have answered; the secretariat reads the open round's results compared
with the previous round's, closes the round and opens a new one. Axe on every page."""

from __future__ import annotations

import datetime
import re

import pytest
from django.utils import timezone, translation
from playwright.sync_api import Page, expect

from alliance.models import Alliance, User
from backbone.healthcheck import STATEMENTS, TRUST
from backbone.models import HealthCheckParticipation, HealthCheckResponse, HealthCheckRound

from .axe import assert_no_axe_violations
from .conftest import Demo
from .test_common_agenda import forget_status_error, log_in
from .test_foundation import no_horizontal_scroll, t

pytestmark = pytest.mark.e2e


def demo_rounds(demo: Demo) -> tuple[HealthCheckRound, HealthCheckRound]:
    """(the closed previous round, the open current round) of the demo alliance."""
    alliance = Alliance.objects.get(slug=demo.slug)
    previous, current = HealthCheckRound.objects.filter(alliance=alliance).order_by("opened_at")
    return previous, current


def statement_text(statement) -> str:
    with translation.override("da"):
        return str(statement.text)


def test_a_member_answers_the_open_round_on_a_phone(phone_page: Page, demo: Demo):
    _previous, current = demo_rounds(demo)
    member = User.objects.get(email=demo.email("member"))
    before = HealthCheckResponse.objects.filter(round=current).count()
    log_in(phone_page, demo, "member")

    phone_page.goto(f"/{demo.slug}/health-check/")
    expect(phone_page.get_by_role("heading", level=1, name=t("Health check"))).to_be_visible()
    expect(phone_page.get_by_role("heading", name=current.title)).to_be_visible()
    no_horizontal_scroll(phone_page, 360)
    assert_no_axe_violations(phone_page)

    with translation.override("da"):
        answer_label = translation.pgettext("health check", "Answer")
    phone_page.get_by_role("link", name=re.compile("^" + re.escape(answer_label))).click()
    expect(phone_page.get_by_role("heading", level=1, name=current.title)).to_be_visible()
    expect(phone_page.get_by_text(t("Your answers are anonymous"))).to_be_visible()
    no_horizontal_scroll(phone_page, 360)
    assert_no_axe_violations(phone_page)

    for statement in STATEMENTS:
        group = phone_page.get_by_role("group", name=statement_text(statement))
        if statement.key == "measurement_reporting":
            label = t("Don't know")
        elif statement.element == TRUST:
            label = t("Strongly agree")
        else:
            label = t("Agree")
        group.get_by_label(label, exact=True).check()
    phone_page.get_by_label(t("Anything else you want to tell the secretariat?")).fill(
        "Godt at kunne svare <b>anonymt</b>."
    )
    phone_page.get_by_role("button", name=t("Send my answers")).click()

    expect(phone_page.locator(".alert-success")).to_contain_text(
        t("Thank you! Your answers are saved, without your name.")
    )
    expect(phone_page.get_by_text(t("You have answered"), exact=True)).to_be_visible()
    no_horizontal_scroll(phone_page, 360)
    assert_no_axe_violations(phone_page)

    assert HealthCheckResponse.objects.filter(round=current).count() == before + 1
    assert HealthCheckParticipation.objects.filter(round=current, user=member).exists()
    newest = HealthCheckResponse.objects.get(
        round=current, comment="Godt at kunne svare <b>anonymt</b>."
    )
    assert newest.answers.count() == len(STATEMENTS) - 1
    assert set(newest.answers.filter(element=TRUST).values_list("score", flat=True)) == {5}

    # the answer page now says so, with no form
    phone_page.goto(f"/{demo.slug}/health-check/{current.pk}/answer/")
    expect(phone_page.locator(".alert-success")).to_contain_text(t("You have answered"))
    expect(phone_page.locator("main form.hc-form")).to_have_count(0)
    assert_no_axe_violations(phone_page)


def test_the_secretariat_reads_the_results_closes_the_round_and_opens_a_new_one(
    page: Page, demo: Demo
):
    previous, current = demo_rounds(demo)
    log_in(page, demo, "secretariat")

    page.goto(f"/{demo.slug}/health-check/")
    expect(page.get_by_role("heading", level=1, name=t("Health check"))).to_be_visible()
    assert_no_axe_violations(page)

    # the open round's results, compared with the previous round's
    page.get_by_role("link", name=re.compile(re.escape(t("See the results so far")))).click()
    expect(page.get_by_role("heading", level=1)).to_contain_text(current.title)
    expect(page.locator("main")).to_contain_text(
        t(
            "Compared with the previous round, %(previous)s (%(n)s answers).",
            previous=previous.title,
            n=previous.responses.count(),
        )
    )
    table = page.get_by_role("region", name=t("Mean per element (1-5)"))
    with translation.override("da"):
        trust_label = translation.pgettext("collective impact element", "Trust")
    trust_row = table.get_by_role("row").filter(has_text=trust_label)
    expect(trust_row).to_contain_text(re.compile(r"[↑↓→] (Op|Ned|Uændret)"))
    expect(page.locator(".dash-chart[data-drawn='true'] svg").first).to_be_visible()
    expect(page.locator("main")).to_contain_text("[telefonnummer fjernet]")
    assert_no_axe_violations(page)

    # close the open round
    page.goto(f"/{demo.slug}/health-check/")
    page.get_by_role("link", name=re.compile("^" + re.escape(t("Close the round")))).click()
    assert_no_axe_violations(page)
    page.get_by_role("button", name=t("Close the round now")).click()
    expect(page.locator(".alert-success")).to_contain_text(
        t("The round is closed. It takes no more answers.")
    )
    current.refresh_from_db()
    assert current.closed_at is not None
    expect(page.get_by_text(t("No round is open now."))).to_be_visible()
    assert_no_axe_violations(page)

    # open a new one: an empty title is refused first
    page.get_by_role("link", name=t("Open a new round")).click()
    expect(page.get_by_role("heading", level=1, name=t("Open a new round"))).to_be_visible()
    assert_no_axe_violations(page)
    page.get_by_label(t("Title")).fill("")
    page.get_by_role("button", name=t("Open the round and tell the members")).click()
    expect(page.locator(".form-error-message").first).to_be_visible()
    forget_status_error(page, 400)
    assert_no_axe_violations(page)
    closes_on = timezone.localdate() + datetime.timedelta(days=20)
    page.get_by_label(t("Title")).fill("Partnerskabstjek ekstra runde")
    page.get_by_label(t("Last day to answer")).fill(closes_on.isoformat())
    page.get_by_role("button", name=t("Open the round and tell the members")).click()

    expect(page.locator(".alert-success")).to_contain_text(
        t("The round is open. Every member has been told and can answer now.")
    )
    expect(page.get_by_role("heading", name="Partnerskabstjek ekstra runde")).to_be_visible()
    assert_no_axe_violations(page)
    new = HealthCheckRound.objects.get(title="Partnerskabstjek ekstra runde")
    assert new.closes_on == closes_on
    assert new.closed_at is None
