"""Pulse surveys: writing, publishing, answering once, results with small groups suppressed,
and the figures fed to shared measurement (checked against numbers worked out by hand)."""

from __future__ import annotations

from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError
from django.utils import translation

from measurement.models import Aggregation, DataPoint, DataPointStatus
from tests.factories import AllianceFactory
from tests.measurement.factories import DimensionFactory, DimensionValueFactory
from youth_voice import selectors_surveys as selectors
from youth_voice import services_surveys as services
from youth_voice.models import QuestionKind, Survey, SurveyResponse, SurveyStatus

from .factories_surveys import PERIOD, answer, survey_world

pytestmark = pytest.mark.django_db


def da(message: str, **params) -> str:
    with translation.override("da"):
        text = translation.gettext(message)
    return text % params if params else text


def thirteen_answers(world) -> None:
    """13 answers worked out by hand:

    13-15: 6 answers, agree (4 or 5) 4 of them   -> sent, 4/6
    16-17: 5 answers, agree 2                     -> hidden with the small 18-24 (smallest other)
    18-24: 2 answers, agree 1                     -> too small
    total: 13 answers, agree 7                    -> 7/13
    Kalundborg by: 7 (agree 4), Høng: 6 (agree 3) -> both sent
    """
    plan = [
        ("13-15", 5, "Kalundborg by"),
        ("13-15", 4, "Kalundborg by"),
        ("13-15", 4, "Høng"),
        ("13-15", 5, "Høng"),
        ("13-15", 2, "Kalundborg by"),
        ("13-15", 1, "Høng"),
        ("16-17", 4, "Kalundborg by"),
        ("16-17", 5, "Høng"),
        ("16-17", 3, "Kalundborg by"),
        ("16-17", 3, "Høng"),
        ("16-17", 2, "Kalundborg by"),
        ("18-24", 4, "Kalundborg by"),
        ("18-24", 1, "Høng"),
    ]
    for age_band, likert, area in plan:
        answer(world, likert=likert, age_band=age_band, area=area)


def points(world) -> dict:
    return {
        (dp.breakdown.label if dp.breakdown else None): dp
        for dp in DataPoint.objects.filter(indicator=world["indicator"]).select_related("breakdown")
    }


# --- small groups ------------------------------------------------------------------------


def test_a_lone_small_cell_hides_its_smallest_neighbour():
    small, neighbours = selectors.suppressed_cells({"a": 2, "b": 5, "c": 9}, 5)
    assert small == {"a"}
    assert neighbours == {"b"}


def test_two_small_cells_need_no_neighbour_hidden():
    small, neighbours = selectors.suppressed_cells({"a": 2, "b": 3, "c": 9}, 5)
    assert small == {"a", "b"}
    assert neighbours == set()


def test_no_small_cell_hides_nothing_and_empty_cells_do_not_count():
    assert selectors.suppressed_cells({"a": 5, "b": 0, "c": 9}, 5) == (set(), set())


# --- mapping ----------------------------------------------------------------------------


def test_age_bands_map_to_the_dimension_by_their_digits():
    alliance = AllianceFactory()
    dimension = DimensionFactory(alliance=alliance, name="Alder")
    for label in ["13–15 år", "16–17 år", "18–24 år"]:
        DimensionValueFactory(dimension=dimension, label=label)

    mapped = selectors.age_band_values(dimension)

    assert {band: value.label for band, value in mapped.items()} == {
        "13-15": "13–15 år",
        "16-17": "16–17 år",
        "18-24": "18–24 år",
    }


def test_areas_map_to_the_dimension_by_name():
    world = survey_world()
    areas = {area.pk: area.name for area in world["areas"].values()}

    mapped = selectors.area_values(world["survey"].area_dimension, areas)

    assert {areas[pk]: value.label for pk, value in mapped.items()} == {
        "Kalundborg by": "Kalundborg by",
        "Høng": "Høng",
    }


# --- feeding ----------------------------------------------------------------------------


def test_feed_writes_the_share_as_numerator_and_denominator_per_cell():
    world = survey_world()
    thirteen_answers(world)

    sent = services.survey_feed(survey=world["survey"], user=world["secretariat"])

    found = points(world)
    assert sent == 4
    assert set(found) == {None, "13–15 år", "Kalundborg by", "Høng"}
    total = found[None]
    assert (total.numerator, total.denominator, total.respondents) == (Decimal(7), Decimal(13), 13)
    assert (found["13–15 år"].numerator, found["13–15 år"].denominator) == (4, 6)
    assert (found["Kalundborg by"].numerator, found["Kalundborg by"].denominator) == (4, 7)
    assert (found["Høng"].numerator, found["Høng"].denominator) == (3, 6)
    assert {dp.status for dp in found.values()} == {DataPointStatus.SUBMITTED}
    assert {dp.period for dp in found.values()} == {PERIOD}
    assert {dp.organisation for dp in found.values()} == {world["organisation"]}
    assert total.comment == da("Pulse survey: %(title)s", title="Bliver du hørt?")
    world["survey"].refresh_from_db()
    assert world["survey"].fed_at is not None


def test_feed_preview_says_why_cells_are_not_sent():
    world = survey_world()
    thirteen_answers(world)

    preview = selectors.feed_preview(survey=world["survey"])

    skipped = {row.label: row.skipped for row in preview.rows if not row.is_sent}
    assert skipped == {
        da("18–24 years"): da("Fewer than %(threshold)s answers", threshold=5),
        da("16–17 years"): da("Hidden so that a small group cannot be worked out"),
    }


def test_feed_of_a_mean_writes_the_mean_with_its_n():
    world = survey_world(aggregation=Aggregation.WEIGHTED_MEAN)
    for likert in [1, 2, 3, 4, 5, 5]:
        answer(world, likert=likert)

    services.survey_feed(survey=world["survey"], user=world["secretariat"])

    found = points(world)
    assert set(found) == {None}  # nobody said their age band or area
    assert found[None].value == Decimal("3.33")  # 20 / 6
    assert found[None].respondents == 6


def test_feeding_twice_with_the_same_answers_changes_nothing():
    world = survey_world()
    thirteen_answers(world)
    services.survey_feed(survey=world["survey"], user=world["secretariat"])
    before = {key: (dp.pk, dp.updated_at) for key, dp in points(world).items()}

    services.survey_feed(survey=world["survey"], user=world["secretariat"])

    assert {key: (dp.pk, dp.updated_at) for key, dp in points(world).items()} == before


def test_feeding_again_after_a_new_answer_updates_the_waiting_figure():
    world = survey_world()
    thirteen_answers(world)
    services.survey_feed(survey=world["survey"], user=world["secretariat"])
    first = points(world)[None]

    answer(world, likert=5, age_band="13-15", area="Høng")
    services.survey_feed(survey=world["survey"], user=world["secretariat"])

    total = points(world)[None]
    assert total.pk == first.pk
    assert (total.numerator, total.denominator, total.respondents) == (8, 14, 14)
    assert DataPoint.objects.filter(indicator=world["indicator"], breakdown=None).count() == 1


def test_feeding_below_the_threshold_is_refused():
    world = survey_world()
    for likert in [4, 5, 1, 2]:
        answer(world, likert=likert)

    with pytest.raises(ValidationError) as error:
        services.survey_feed(survey=world["survey"], user=world["secretariat"])

    assert error.value.messages == [
        da(
            "Only %(n)s young people have answered the question. Figures from fewer than "
            "%(threshold)s cannot be sent.",
            n=4,
            threshold=5,
        )
    ]
    assert not DataPoint.objects.exists()


def test_feeding_an_unlinked_survey_is_refused():
    world = survey_world()
    thirteen_answers(world)
    survey = world["survey"]
    survey.indicator = None
    survey.save()

    with pytest.raises(ValidationError):
        services.survey_feed(survey=survey, user=world["secretariat"])


# --- writing and publishing -------------------------------------------------------------


def test_publishing_needs_three_to_eight_questions():
    world = survey_world(status=SurveyStatus.DRAFT)
    survey = world["survey"]
    world["text"].delete()

    with pytest.raises(ValidationError):
        services.survey_publish(survey=survey)

    services.question_add(survey=survey, kind=QuestionKind.NUMBER, text="Timer søvn")
    services.survey_publish(survey=survey)
    survey.refresh_from_db()
    assert survey.status == SurveyStatus.OPEN
    assert survey.opened_at is not None


def test_a_ninth_question_is_refused():
    world = survey_world(status=SurveyStatus.DRAFT)
    for number in range(5):
        services.question_add(survey=world["survey"], kind=QuestionKind.TEXT, text=f"Q{number}")

    with pytest.raises(ValidationError):
        services.question_add(survey=world["survey"], kind=QuestionKind.TEXT, text="Q9")


def test_questions_are_locked_once_answered():
    world = survey_world()
    answer(world, likert=3)

    with pytest.raises(ValidationError) as error:
        services.question_update(
            question=world["choice"], kind=QuestionKind.CHOICE, text="Ny", choices=["a", "b"]
        )
    assert error.value.code == "has_answers"
    with pytest.raises(ValidationError):
        services.question_remove(question=world["choice"])
    with pytest.raises(ValidationError):
        services.question_move(question=world["choice"], up=True)


def test_questions_move_and_renumber():
    world = survey_world(status=SurveyStatus.DRAFT)

    services.question_move(question=world["text"], up=True)
    services.question_remove(question=world["likert"])

    texts = list(world["survey"].questions.order_by("position").values_list("position", "text"))
    assert texts == [(1, "Hvad mere?"), (2, "Hvor tit føler du dig ensom?")]


def test_changing_choices_drops_counted_answers_that_are_gone():
    world = survey_world(status=SurveyStatus.DRAFT)
    choice = world["choice"]
    choice.counted_choices = ["Ofte", "Aldrig"]
    choice.save()

    services.question_update(
        question=choice, kind=QuestionKind.CHOICE, text="Ensom?", choices=["Aldrig", "Tit"]
    )

    choice.refresh_from_db()
    assert choice.counted_choices == ["Aldrig"]


# --- answering ----------------------------------------------------------------------------


def test_a_device_answers_once():
    world = survey_world()
    services.survey_response_create(
        survey=world["survey"], device_hash="same", answers={world["likert"].pk: 4}
    )

    with pytest.raises(services.AlreadyAnswered):
        services.survey_response_create(
            survey=world["survey"], device_hash="same", answers={world["likert"].pk: 2}
        )
    assert SurveyResponse.objects.count() == 1


def test_a_closed_survey_takes_no_answers():
    world = survey_world(status=SurveyStatus.CLOSED)

    with pytest.raises(ValidationError):
        answer(world, likert=4)
    assert not SurveyResponse.objects.exists()


# --- results ------------------------------------------------------------------------------


def test_results_count_the_answers_and_mask_personal_data():
    world = survey_world()
    thirteen_answers(world)
    answer(world, likert=5, text="Skriv til mig på 12 34 56 78 eller anna@example.org")

    results = selectors.survey_results(survey=world["survey"])

    assert results.n == 14
    likert = results.questions[0]
    assert likert.n == 14
    counts = [(option.count, option.percent) for option in likert.options]
    assert counts == [
        (2, Decimal("14.29")),
        (2, Decimal("14.29")),
        (2, Decimal("14.29")),
        (4, Decimal("28.57")),
        (4, Decimal("28.57")),
    ]
    assert [option.is_counted for option in likert.options] == [False, False, False, True, True]
    assert likert.mean == Decimal("3.43")  # 48 / 14
    text = results.questions[2]
    assert len(text.texts) == 1
    assert "12 34 56 78" not in text.texts[0]
    assert "anna@example.org" not in text.texts[0]


def test_results_breakdown_suppresses_small_cells_and_their_neighbour():
    world = survey_world()
    thirteen_answers(world)

    results = selectors.survey_results(survey=world["survey"])

    by_age = results.questions[0].breakdowns[0]
    rows = {row.label: row for row in by_age.rows}
    assert rows[da("18–24 years")].is_small and rows[da("18–24 years")].values == ()
    assert rows[da("16–17 years")].is_hidden_with_neighbour
    assert rows[da("13–15 years")].values == ("3,50", "67 %")  # (5+4+4+5+2+1) / 6, 4 of 6


def test_open_surveys_leave_out_drafts_and_closed_ones():
    world = survey_world()
    alliance = world["alliance"]
    Survey.objects.create(alliance=alliance, title="Kladde")
    Survey.objects.create(alliance=alliance, title="Lukket", status=SurveyStatus.CLOSED)

    assert [s.title for s in selectors.surveys_open(alliance=alliance)] == ["Bliver du hørt?"]
