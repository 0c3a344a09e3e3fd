"""The demo's pulse survey: answered by about 60 young people, small groups in it, and its
current term's figures waiting for approval on an indicator with a trend."""

from __future__ import annotations

import datetime

import pytest
from django.core.management import call_command

from alliance.models import Alliance
from backbone.demo_youth_surveys import INDICATOR_NAME, SURVEY_TITLE, seed_youth_surveys
from measurement.models import DataPoint, DataPointStatus, Summary
from youth_voice.models import SurveyAnswer, SurveyResponse, SurveyStatus
from youth_voice.selectors_surveys import feed_preview, survey_results

pytestmark = pytest.mark.django_db
NOW = datetime.datetime(2026, 11, 27, 12, 0, tzinfo=datetime.UTC)


@pytest.fixture
def alliance() -> Alliance:
    call_command("seed_demo", allow_demo_users=True, quiet=True)
    return Alliance.objects.get(slug="kalundborg")


def test_the_demo_survey_is_open_with_five_questions_and_about_60_answers(alliance):
    survey = seed_youth_surveys(alliance, now=NOW)

    assert survey.title == SURVEY_TITLE
    assert survey.status == SurveyStatus.OPEN
    assert survey.questions.count() == 5
    assert 55 <= survey.responses.count() <= 65
    assert SurveyAnswer.objects.filter(response__survey=survey).count() > 4 * 55


def test_the_demo_survey_shows_small_groups_suppressed(alliance):
    survey = seed_youth_surveys(alliance, now=NOW)

    results = survey_results(survey=survey)

    rows = [row for b in results.questions[0].breakdowns for row in b.rows]
    assert any(row.is_small for row in rows)
    assert any(row.is_hidden_with_neighbour for row in rows)
    assert any("20 30 40 50" not in text for text in results.questions[4].texts)
    assert all("20 30 40 50" not in text for text in results.questions[4].texts)


def test_the_current_term_is_fed_and_waits_for_approval(alliance):
    survey = seed_youth_surveys(alliance, now=NOW)

    indicator = survey.indicator
    assert indicator.name == INDICATOR_NAME
    assert survey.fed_at is not None
    waiting = DataPoint.objects.filter(indicator=indicator, status=DataPointStatus.SUBMITTED)
    assert {dp.period for dp in waiting} == {datetime.date(2026, 7, 1)}
    total = waiting.get(breakdown=None)
    sent = [row for row in feed_preview(survey=survey).rows if row.is_sent]
    assert waiting.count() == len(sent) >= 3
    assert total.respondents == survey.responses.count()
    assert 0 < total.numerator < total.denominator


def test_the_indicator_has_a_trend_from_earlier_terms(alliance):
    survey = seed_youth_surveys(alliance, now=NOW)

    totals = Summary.objects.filter(indicator=survey.indicator, breakdown=None).order_by("period")
    assert totals.count() == 5
    assert totals.last().period == datetime.date(2026, 1, 1)
    assert totals.last().value > totals.first().value
    assert survey.indicator.targets.exists()
    assert set(survey.indicator.dimensions.values_list("name", flat=True)) == {"Alder", "Område"}
    assert survey.indicator.focus_areas.get().position == 1


def test_running_it_again_writes_nothing(alliance):
    seed_youth_surveys(alliance, now=NOW)
    counts = (SurveyResponse.objects.count(), DataPoint.objects.count())

    seed_youth_surveys(alliance, now=NOW)

    assert (SurveyResponse.objects.count(), DataPoint.objects.count()) == counts
