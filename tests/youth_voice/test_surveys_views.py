"""Pulse survey pages: the secretariat writes, publishes, reads and feeds a survey; a young
person answers it once, anonymously, on the portal."""

from __future__ import annotations

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import translation
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from alliance.models import Role
from measurement.models import DataPoint, DataPointStatus
from tests.conftest import CsrfClient
from tests.factories import AllianceFactory, MembershipFactory
from youth_voice.models import QuestionKind, SurveyAnswer, SurveyResponse, SurveyStatus

from .factories_surveys import answer, survey_world, url

pytestmark = pytest.mark.django_db
REQUIRED = "Dette felt er påkrævet."


def da(message: str, **params) -> str:
    with translation.override("da"):
        text = translation.gettext(message)
    return text % params if params else text


@pytest.fixture
def world():
    return survey_world()


@pytest.fixture
def staff(client, world):
    client.force_login(world["secretariat"])
    return client


def answers_post(world, **extra) -> dict:
    data = {
        f"q{world['likert'].pk}": "4",
        f"q{world['choice'].pk}": "Ofte",
        f"q{world['text'].pk}": "",
        "age_band": "16-17",
        "area": str(world["areas"]["Høng"].pk),
        "website": "",
    }
    data.update(extra)
    return data


# --- staff: access ------------------------------------------------------------------------


@pytest.mark.parametrize(
    "name", ["surveys_admin", "survey_create", "survey_edit", "survey_publish", "survey_results"]
)
def test_staff_pages_are_for_the_secretariat(client, world, name):
    kwargs = {} if name in ("surveys_admin", "survey_create") else {"pk": world["survey"].pk}
    target = url(name, world["alliance"], **kwargs)
    coordinator = MembershipFactory(alliance=world["alliance"], role=Role.COORDINATOR).user

    assert client.get(target).status_code == 302  # anonymous: log in first
    client.force_login(coordinator)
    assert client.get(target).status_code == 403
    client.force_login(world["secretariat"])
    assert client.get(target).status_code == 200


def test_another_alliances_survey_is_not_found(staff, world):
    other = survey_world()

    response = staff.get(url("survey_edit", world["alliance"], pk=other["survey"].pk))

    assert response.status_code == 404


def test_the_list_shows_status_and_answers(staff, world):
    answer(world, likert=4)

    response = staff.get(url("surveys_admin", world["alliance"]))

    content = response.content.decode()
    assert "Bliver du hørt?" in content
    assert da("Open") in content
    assert response.context["surveys"][0].response_count == 1


# --- staff: writing ------------------------------------------------------------------------


def test_creating_a_survey_without_a_title_is_refused_in_danish(staff, world):
    response = staff.post(url("survey_create", world["alliance"]), {"title": "", "intro": ""})

    assert response.status_code == 400
    assert REQUIRED in response.content.decode()


def test_creating_a_survey_leads_to_its_questions(staff, world):
    response = staff.post(url("survey_create", world["alliance"]), {"title": "Søvn", "intro": ""})

    survey = world["alliance"].youth_surveys.get(title="Søvn")
    assert response.status_code == 302
    assert response["Location"] == url("survey_edit", world["alliance"], pk=survey.pk)
    assert survey.status == SurveyStatus.DRAFT


def add_post(**fields) -> dict:
    data = {"action": "add", "add-kind": "choice", "add-text": "Hvad?", "add-required": "on"}
    data.update({f"add-{name}": value for name, value in fields.items()})
    return data


def test_a_choice_question_needs_its_choices(staff):
    world = survey_world(status=SurveyStatus.DRAFT)
    staff.force_login(world["secretariat"])

    response = staff.post(url("survey_edit", world["alliance"], pk=world["survey"].pk), add_post())

    assert response.status_code == 400
    assert da("Write 2 to 10 choices, one per line.") in response.content.decode()
    assert world["survey"].questions.count() == 3


def test_adding_a_choice_question(staff):
    world = survey_world(status=SurveyStatus.DRAFT)
    staff.force_login(world["secretariat"])
    target = url("survey_edit", world["alliance"], pk=world["survey"].pk)

    response = staff.post(target, add_post(choices_text="Ja\n\nNej\n"))

    assert response.status_code == 302
    question = world["survey"].questions.get(position=4)
    assert (question.kind, question.choices) == (QuestionKind.CHOICE, ["Ja", "Nej"])


def test_a_number_question_needs_its_highest_above_its_lowest(staff):
    world = survey_world(status=SurveyStatus.DRAFT)
    staff.force_login(world["secretariat"])
    target = url("survey_edit", world["alliance"], pk=world["survey"].pk)

    response = staff.post(target, add_post(kind="number", number_min="10", number_max="2"))

    assert response.status_code == 400
    assert da("The highest number must be above the lowest.") in response.content.decode()


def test_questions_cannot_change_once_answered(staff, world):
    answer(world, likert=4)
    target = url("survey_edit", world["alliance"], pk=world["survey"].pk)

    page = staff.get(target)
    response = staff.post(target, {"action": "remove", "question": world["choice"].pk})

    assert da("The questions are locked") in page.content.decode()
    assert response.status_code == 400
    assert world["survey"].questions.count() == 3


def test_publishing_needs_three_questions(staff):
    world = survey_world(status=SurveyStatus.DRAFT)
    staff.force_login(world["secretariat"])
    world["text"].delete()
    target = url("survey_publish", world["alliance"], pk=world["survey"].pk)

    response = staff.post(target)

    assert response.status_code == 400
    assert "3" in response.content.decode()
    world["survey"].refresh_from_db()
    assert world["survey"].status == SurveyStatus.DRAFT


def test_publishing_opens_the_survey(staff):
    world = survey_world(status=SurveyStatus.DRAFT)
    staff.force_login(world["secretariat"])

    confirm = staff.get(url("survey_publish", world["alliance"], pk=world["survey"].pk))
    response = staff.post(url("survey_publish", world["alliance"], pk=world["survey"].pk))

    assert confirm.status_code == 200
    assert response.status_code == 302
    world["survey"].refresh_from_db()
    assert world["survey"].status == SurveyStatus.OPEN
    assert world["survey"].opened_at is not None


def test_closing_the_survey(staff, world):
    response = staff.post(url("survey_close", world["alliance"], pk=world["survey"].pk))

    assert response.status_code == 302
    world["survey"].refresh_from_db()
    assert world["survey"].status == SurveyStatus.CLOSED


def test_linking_needs_a_period_of_the_indicators_frequency(staff, world):
    target = url("survey_edit", world["alliance"], pk=world["survey"].pk)
    data = {
        "action": "link",
        "indicator": world["indicator"].pk,
        "question": world["likert"].pk,
        "feed_rule": "share",
        "counted": [f"{world['likert'].pk}:5"],
        "period": "2026-Q3",
        "organisation": world["organisation"].pk,
    }

    refused = staff.post(target, data)
    saved = staff.post(target, {**data, "period": "2026-H2"})

    assert refused.status_code == 400
    assert saved.status_code == 302
    world["survey"].refresh_from_db()
    world["likert"].refresh_from_db()
    assert world["survey"].period.isoformat() == "2026-07-01"
    assert world["survey"].age_dimension is None
    assert world["likert"].counted_choices == ["5"]


def test_a_mean_cannot_feed_a_percent_of_sums(staff, world):
    target = url("survey_edit", world["alliance"], pk=world["survey"].pk)
    data = {
        "action": "link",
        "indicator": world["indicator"].pk,
        "question": world["likert"].pk,
        "feed_rule": "mean",
        "period": "2026-H2",
        "organisation": world["organisation"].pk,
    }

    response = staff.post(target, data)

    assert response.status_code == 400
    assert da("This indicator is a percent of sums: choose the share of the answers.") in (
        response.content.decode()
    )


# --- staff: results and feed ------------------------------------------------------------


def test_results_show_small_groups_as_fewer_than_n(staff, world):
    for likert, age in [(4, "13-15")] * 5 + [(2, "16-17")] * 5 + [(5, "18-24")]:
        answer(world, likert=likert, age_band=age)

    response = staff.get(url("survey_results", world["alliance"], pk=world["survey"].pk))

    content = response.content.decode()
    assert da("Fewer than %(threshold)s answers", threshold=5) in content
    assert "survey-bar__fill--45" in content  # 5 of 11 agree: 45 %
    assert 'style="' not in content


def test_feeding_sends_the_figures_for_approval(staff, world):
    for likert in [4, 5, 1, 2, 5]:
        answer(world, likert=likert)
    target = url("survey_feed", world["alliance"], pk=world["survey"].pk)

    assert staff.get(target).status_code == 302
    response = staff.post(target)

    assert response.status_code == 302
    total = DataPoint.objects.get(indicator=world["indicator"], breakdown=None)
    assert (total.numerator, total.denominator, total.status) == (3, 5, DataPointStatus.SUBMITTED)


def test_feeding_too_few_answers_is_refused_in_the_page(staff, world):
    answer(world, likert=4)

    response = staff.post(url("survey_feed", world["alliance"], pk=world["survey"].pk))

    assert response.status_code == 400
    assert da("The figures were not sent") in response.content.decode()
    assert not DataPoint.objects.exists()


# --- portal -------------------------------------------------------------------------------


def test_the_portal_lists_open_surveys(client, world):
    response = client.get(url("survey_list", world["alliance"]))

    assert response.status_code == 200
    assert "Bliver du hørt?" in response.content.decode()
    assert da("Takes 2 minutes") in response.content.decode()


def test_a_draft_survey_is_not_found_on_the_portal(client):
    world = survey_world(status=SurveyStatus.DRAFT)

    assert (
        client.get(url("survey_answer", world["alliance"], pk=world["survey"].pk)).status_code
        == 404
    )


def test_another_alliances_survey_is_not_found_on_the_portal(client, world):
    other = AllianceFactory()

    response = client.get(url("survey_answer", other, pk=world["survey"].pk))

    assert response.status_code == 404


def test_answering_without_an_account(client, world):
    target = url("survey_answer", world["alliance"], pk=world["survey"].pk)

    page = client.get(target)
    response = client.post(target, answers_post(world))

    assert page.status_code == 200
    assert response.status_code == 302
    assert response["Location"] == url("survey_thanks", world["alliance"], pk=world["survey"].pk)
    saved = SurveyResponse.objects.get()
    assert (saved.age_band, saved.area.name) == ("16-17", "Høng")
    assert SurveyAnswer.objects.get(question=world["likert"]).number == 4
    assert client.get(response["Location"]).status_code == 200


def test_a_device_answers_once(client, world):
    target = url("survey_answer", world["alliance"], pk=world["survey"].pk)
    client.post(target, answers_post(world))

    again = client.post(target, answers_post(world))
    page = client.get(target)

    assert again.status_code == 409
    assert da("You have already answered – thank you!") in page.content.decode()
    assert SurveyResponse.objects.count() == 1


def test_a_missing_answer_is_refused_in_danish(client, world):
    target = url("survey_answer", world["alliance"], pk=world["survey"].pk)

    response = client.post(target, answers_post(world, **{f"q{world['likert'].pk}": ""}))

    assert response.status_code == 400
    assert REQUIRED in response.content.decode()
    assert not SurveyResponse.objects.exists()


@pytest.mark.parametrize("value", ["9", "0", "x", "4.5"])
def test_an_answer_off_the_scale_is_refused(client, world, value):
    target = url("survey_answer", world["alliance"], pk=world["survey"].pk)

    response = client.post(target, answers_post(world, **{f"q{world['likert'].pk}": value}))

    assert response.status_code == 400
    assert not SurveyResponse.objects.exists()


def test_a_closed_survey_refuses_answers(client):
    world = survey_world(status=SurveyStatus.CLOSED)
    target = url("survey_answer", world["alliance"], pk=world["survey"].pk)

    page = client.get(target)
    response = client.post(target, answers_post(world))

    assert da("The survey is closed") in page.content.decode()
    assert response.status_code == 410
    assert not SurveyResponse.objects.exists()


def test_the_honeypot_stores_nothing(client, world):
    target = url("survey_answer", world["alliance"], pk=world["survey"].pk)

    response = client.post(target, answers_post(world, website="http://spam.example"))

    assert response.status_code == 302
    assert not SurveyResponse.objects.exists()


def test_too_many_answers_from_one_session_are_limited(client, world):
    # 5 per session in 10 minutes: each survey answered once, so use six surveys' worth of posts
    target = url("survey_answer", world["alliance"], pk=world["survey"].pk)
    statuses = [
        client.post(target, answers_post(world, **{f"q{world['likert'].pk}": ""})).status_code
        for _ in range(6)
    ]

    assert statuses == [400] * 5 + [429]
    assert da("Take a short break") in client.post(target, answers_post(world)).content.decode()


FUZZ = settings(
    deadline=None,
    max_examples=40,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
    database=None,
)
HTMLISH = st.sampled_from(["<", ">", "&", '"', "<script>", "</textarea>", "\x00", "\u202e"])
TEXT = st.lists(st.one_of(st.text(max_size=40), HTMLISH), max_size=20).map("".join)
MARK = "<i data-fuzz>x</i>"


@FUZZ
@given(before=TEXT, after=st.one_of(TEXT, st.text(min_size=480, max_size=600)))
def test_any_free_text_never_fails_and_is_escaped(monkeypatch, world, before, after):
    monkeypatch.setattr("youth_voice.limits.is_limited", lambda *a, **k: False)
    client = CsrfClient()
    text = before + MARK + after
    target = url("survey_answer", world["alliance"], pk=world["survey"].pk)

    response = client.post(target, answers_post(world, **{f"q{world['text'].pk}": text}))

    assert response.status_code in (302, 400)
    content = response.content.decode()
    assert "<i data-fuzz" not in content
    if response.status_code == 302:
        staff = CsrfClient()
        staff.force_login(world["secretariat"])
        results = staff.get(url("survey_results", world["alliance"], pk=world["survey"].pk))
        assert results.status_code == 200
        assert "<i data-fuzz" not in results.content.decode()
        assert "&lt;i data-fuzz&gt;x&lt;/i&gt;" in results.content.decode()


def test_editing_and_moving_a_question(staff):
    world = survey_world(status=SurveyStatus.DRAFT)
    staff.force_login(world["secretariat"])
    target = url("survey_edit", world["alliance"], pk=world["survey"].pk)
    choice = world["choice"]

    form = staff.get(target, {"question": choice.pk})
    saved = staff.post(
        target,
        {
            "action": "save",
            "question": choice.pk,
            "edit-kind": "choice",
            "edit-text": "Hvor ofte er du ensom?",
            "edit-choices_text": "Aldrig\nTit",
        },
    )
    moved = staff.post(target, {"action": "up", "question": choice.pk})

    assert 'name="edit-text"' in form.content.decode()
    assert saved.status_code == 302
    assert moved.status_code == 302
    choice.refresh_from_db()
    assert (choice.position, choice.text, choice.choices) == (
        1,
        "Hvor ofte er du ensom?",
        ["Aldrig", "Tit"],
    )
    assert choice.required is False  # the box was not ticked


def test_the_results_page_reads_a_fixed_number_of_queries(staff, world):
    target = url("survey_results", world["alliance"], pk=world["survey"].pk)
    counts = []
    for _ in range(2):
        for likert in [1, 2, 3, 4, 5, 5]:
            answer(world, likert=likert, age_band="16-17", area="Høng", text="Mere sport")
        with CaptureQueriesContext(connection) as queries:
            assert staff.get(target).status_code == 200
        counts.append(len(queries))

    assert counts[0] == counts[1]


@pytest.mark.parametrize("question", ["²", "9" * 5000, "-1", "x", ""])
def test_an_odd_question_id_is_a_400_not_a_500(staff, world, question):
    target = url("survey_edit", world["alliance"], pk=world["survey"].pk)

    page = staff.get(target, {"question": question})
    response = staff.post(target, {"action": "remove", "question": question})

    assert page.status_code == 200
    assert response.status_code == 400
