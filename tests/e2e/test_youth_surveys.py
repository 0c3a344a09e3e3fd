"""A young person answers the demo's pulse survey on a phone; the secretariat sends the new
figures for approval and approves them; the indicator's card on the dashboard then shows the
new figure with its n. The secretariat's survey pages pass axe too.

The recompute after the approval runs in the server's process (`eager_celery`), as in
test_measurement_flow.py."""

from __future__ import annotations

import re

import pytest
from django.utils import timezone, translation
from playwright.sync_api import Page, expect

from alliance.models import Alliance
from backbone.demo_youth_surveys import SURVEY_TITLE, seed_youth_surveys
from measurement import charts
from measurement.models import DataPoint, DataPointStatus, Summary
from youth_voice.models import Survey, SurveyResponse

from .axe import assert_no_axe_violations
from .conftest import DESKTOP, Demo, _new_context
from .test_common_agenda import forget_status_error, log_in
from .test_foundation import no_horizontal_scroll, t

pytestmark = pytest.mark.e2e


def demo_survey(demo: Demo) -> Survey:
    alliance = Alliance.objects.get(slug=demo.slug)
    return seed_youth_surveys(alliance, now=timezone.now())


def newest_total(indicator) -> tuple[Summary, str]:
    summary = (
        Summary.objects.filter(indicator=indicator, breakdown=None, value__isnull=False)
        .order_by("-period")
        .first()
    )
    with translation.override("da"):
        return summary, charts.number_text(summary.value, indicator.unit)


def card_of(page: Page, indicator):
    return page.locator("article.dash-card").filter(
        has=page.get_by_role("heading", name=re.compile(re.escape(indicator.name)))
    )


def answer_on_a_phone(phone: Page, demo: Demo, survey: Survey) -> None:
    phone.goto(f"/{demo.slug}/ung/maalinger/")
    expect(phone.get_by_role("heading", level=1, name=t("Surveys"))).to_be_visible()
    no_horizontal_scroll(phone, 360)
    assert_no_axe_violations(phone)
    phone.get_by_role("link", name=re.compile(re.escape(t("Answer the survey")))).filter(
        has_text=SURVEY_TITLE
    ).click()
    expect(phone.get_by_role("heading", level=1, name=SURVEY_TITLE)).to_be_visible()
    no_horizontal_scroll(phone, 360)
    assert_no_axe_violations(phone)

    heard, lonely, sleep, voice, more = survey.questions.order_by("position")
    phone.get_by_role("group", name=heard.text).get_by_label(t("Strongly agree")).check()
    phone.get_by_role("group", name=lonely.text).get_by_label("Sjældent").check()
    phone.get_by_label(sleep.text, exact=True).fill("8")
    phone.get_by_role("group", name=voice.text).get_by_label(t("Agree"), exact=True).check()
    phone.get_by_label(re.compile(re.escape(more.text))).fill("Flere <b>gratis</b> ting")
    phone.get_by_role("group", name=t("How old are you?")).get_by_label(t("16–17 years")).check()
    phone.get_by_role("group", name=t("Where do you live?")).get_by_label("Høng").check()
    phone.get_by_role("button", name=t("Send my answers")).click()

    expect(
        phone.get_by_role("heading", level=1, name=t("Thank you for your answers!"))
    ).to_be_visible()
    no_horizontal_scroll(phone, 360)
    assert_no_axe_violations(phone)

    # a second visit from the same phone cannot answer again
    phone.goto(f"/{demo.slug}/ung/maalinger/{survey.pk}/")
    expect(phone.get_by_text(t("You have already answered – thank you!"))).to_be_visible()
    assert_no_axe_violations(phone)


def test_a_pulse_survey_answer_reaches_the_dashboard(
    browser, phone_page: Page, demo: Demo, eager_celery
):
    survey = demo_survey(demo)
    before = SurveyResponse.objects.filter(survey=survey).count()

    answer_on_a_phone(phone_page, demo, survey)
    assert SurveyResponse.objects.filter(survey=survey).count() == before + 1

    secretariat = _new_context(browser, demo.base_url, DESKTOP).new_page()
    try:
        log_in(secretariat, demo, "secretariat")
        secretariat.goto(f"/{demo.slug}/youth/surveys/{survey.pk}/results/")
        expect(secretariat.get_by_role("heading", level=1)).to_contain_text(SURVEY_TITLE)
        expect(secretariat.locator("main")).to_contain_text("Flere <b>gratis</b> ting")
        assert_no_axe_violations(secretariat)

        # the figures were sent with the demo's answers; sending again takes the new answer
        secretariat.get_by_role("button", name=t("Send the figures for approval")).click()
        expect(secretariat.locator(".alert-success")).to_be_visible()
        assert_no_axe_violations(secretariat)
        total = DataPoint.objects.get(
            indicator=survey.indicator, breakdown=None, status=DataPointStatus.SUBMITTED
        )
        assert total.respondents == before + 1

        secretariat.goto(f"/{demo.slug}/measurement/approvals/")
        row = secretariat.locator("tr", has=secretariat.locator(f"#choose-{total.pk}"))
        expect(row).to_contain_text(survey.organisation.name)
        row.get_by_role("button", name=t("Approve")).click()
        expect(secretariat.locator(".alert-success")).to_be_visible()
        total.refresh_from_db()
        assert total.status == DataPointStatus.APPROVED

        summary, value = newest_total(survey.indicator)
        assert summary.period == survey.period
        assert summary.respondents == before + 1
        secretariat.goto(f"/{demo.slug}/measurement/")
        figures = card_of(secretariat, survey.indicator).locator(".dash-figures")
        expect(figures).to_contain_text(value)
        expect(figures).to_contain_text(f"n = {before + 1}")
        assert_no_axe_violations(secretariat)
    finally:
        secretariat.context.close()


def test_the_secretariats_survey_pages(page: Page, demo: Demo):
    survey = demo_survey(demo)
    log_in(page, demo, "secretariat")

    page.goto(f"/{demo.slug}/youth/surveys/")
    expect(page.get_by_role("link", name=SURVEY_TITLE, exact=True)).to_be_visible()
    assert_no_axe_violations(page)

    page.get_by_role("link", name=SURVEY_TITLE, exact=True).click()
    expect(page.get_by_text(t("The questions are locked"))).to_be_visible()
    assert_no_axe_violations(page)

    page.goto(f"/{demo.slug}/youth/surveys/{survey.pk}/results/")
    expect(
        page.get_by_text(t("Fewer than %(threshold)s answers", threshold=5)).first
    ).to_be_visible()
    assert_no_axe_violations(page)

    # a new survey: created, three questions added, published after confirmation
    page.goto(f"/{demo.slug}/youth/surveys/new/")
    page.get_by_role("button", name=t("Create the survey")).click()
    expect(page.locator(".form-error-message").first).to_be_visible()
    forget_status_error(page, 400)
    assert_no_axe_violations(page)
    page.get_by_label(t("Title")).fill("Sover du nok?")
    page.get_by_role("button", name=t("Create the survey")).click()
    expect(page.get_by_role("heading", level=1, name="Sover du nok?")).to_be_visible()
    assert_no_axe_violations(page)
    for kind, text in [("likert", "Jeg sover godt"), ("number", "Timer?"), ("text", "Hvorfor?")]:
        add = page.locator("form", has=page.get_by_role("button", name=t("Add the question")))
        add.get_by_label(t("Kind of question")).select_option(kind)
        add.get_by_label(t("Question"), exact=True).fill(text)
        add.get_by_role("button", name=t("Add the question")).click()
        expect(page.locator(".survey-question-list")).to_contain_text(text)
    page.get_by_role("link", name=t("Publish"), exact=True).click()
    assert_no_axe_violations(page)
    page.get_by_role("button", name=t("Publish the survey")).click()
    expect(page.locator(".alert-success")).to_be_visible()
    assert Survey.objects.get(title="Sover du nok?").status == "open"
    assert_no_axe_violations(page)
