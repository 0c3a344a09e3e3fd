"""The partnership's health check: opening, answering and closing rounds, anonymity, the
threshold under which nothing is shown, and the comparison with the previous round."""

from __future__ import annotations

import datetime
import itertools

import pytest
from django.core.exceptions import ValidationError
from django.db import models
from django.utils import timezone, translation

from alliance.models import Notification, Role, User
from backbone.healthcheck import ELEMENTS, SHARED_MEASUREMENT, STATEMENTS, TRUST
from backbone.models import (
    HealthCheckAnswer,
    HealthCheckParticipation,
    HealthCheckResponse,
    HealthCheckRound,
)
from backbone.selectors_healthcheck import (
    DOWN,
    HEALTH_CHECK_MIN_RESPONSES,
    SAME,
    UP,
    round_results,
    rounds_for_member,
)
from backbone.services_healthcheck import (
    KIND_OPENED,
    AlreadyAnswered,
    RoundClosed,
    health_check_answer_submit,
    health_check_round_close,
    health_check_round_open,
)
from tests.factories import AllianceFactory, MembershipFactory, UserFactory

pytestmark = pytest.mark.django_db


def all_scores(score: int | None = 4, **overrides: int | None) -> dict[str, int | None]:
    scores = {statement.key: score for statement in STATEMENTS}
    scores.update(overrides)
    return scores


def open_round(alliance, *, now=None, title="Partnerskabstjek efterår 2026"):
    now = now or timezone.now()
    return health_check_round_open(
        alliance=alliance,
        title=title,
        closes_on=timezone.localdate(now) + datetime.timedelta(days=14),
        opened_by=None,
        now=now,
    )


def answer(health_round, count: int, *, score: int = 4, comment: str = "", **overrides):
    for _n in range(count):
        user = UserFactory()
        MembershipFactory(user=user, alliance=health_round.alliance)
        health_check_answer_submit(
            health_round=health_round,
            user=user,
            scores=all_scores(score, **overrides),
            comment=comment,
        )


# --- the statements ---------------------------------------------------------------------


def test_about_twenty_statements_three_for_each_element_and_trust():
    assert 18 <= len(STATEMENTS) <= 24
    assert len(ELEMENTS) == 7
    for element in ELEMENTS:
        assert len([s for s in STATEMENTS if s.element == element.key]) == 3
    keys = [s.key for s in STATEMENTS]
    assert len(set(keys)) == len(keys)
    assert all(len(key) <= 40 for key in keys)


# --- opening ------------------------------------------------------------------------------


def test_only_one_round_is_open_at_a_time():
    alliance = AllianceFactory()
    first = open_round(alliance)

    with pytest.raises(ValidationError):
        open_round(alliance, title="Endnu en")

    health_check_round_close(health_round=first)
    second = open_round(alliance, title="Endnu en")
    assert second.pk != first.pk
    assert HealthCheckRound.objects.filter(alliance=alliance).count() == 2


def test_a_round_past_its_closing_date_does_not_block_a_new_one():
    alliance = AllianceFactory()
    long_ago = timezone.now() - datetime.timedelta(days=60)
    open_round(alliance, now=long_ago)

    assert open_round(alliance, title="Ny runde").closed_at is None


def test_another_alliances_open_round_does_not_block():
    open_round(AllianceFactory())

    assert open_round(AllianceFactory()).pk


def test_opening_tells_every_active_member_once_in_their_language():
    alliance = AllianceFactory()
    danish = UserFactory(language="da")
    english = UserFactory(language="en")
    youth = UserFactory(language="")
    inactive = UserFactory()
    outsider = UserFactory()
    MembershipFactory(user=danish, alliance=alliance, role=Role.MEMBER)
    MembershipFactory(user=english, alliance=alliance, role=Role.SECRETARIAT)
    MembershipFactory(user=youth, alliance=alliance, role=Role.YOUTH)
    MembershipFactory(user=inactive, alliance=alliance, is_active=False)
    MembershipFactory(user=outsider, alliance=AllianceFactory())

    health_round = open_round(alliance)
    # a second notice of the same round (a retry) tells nobody twice
    from backbone.services_healthcheck import health_check_opened_notify

    health_check_opened_notify(health_round=health_round)

    notifications = Notification.objects.filter(kind=KIND_OPENED)
    assert sorted(n.user_id for n in notifications) == sorted([danish.pk, english.pk, youth.pk])
    by_user = {n.user_id: n for n in notifications}
    assert by_user[danish.pk].title.startswith("Partnerskabstjek: svar senest")
    assert by_user[youth.pk].title.startswith("Partnerskabstjek: svar senest")
    assert by_user[english.pk].title.startswith("Health check of the partnership: answer by")
    assert "anonym" in by_user[danish.pk].body
    assert by_user[danish.pk].url == f"/{alliance.slug}/health-check/{health_round.pk}/answer/"


# --- answering ----------------------------------------------------------------------------


def test_an_answer_writes_a_participation_and_an_unlinked_response():
    alliance = AllianceFactory()
    user = UserFactory()
    MembershipFactory(user=user, alliance=alliance)
    health_round = open_round(alliance)

    health_check_answer_submit(
        health_round=health_round,
        user=user,
        scores=all_scores(4, trust_safe=None, measurement_steering=2),
        comment="  Godt samarbejde  ",
    )

    participation = HealthCheckParticipation.objects.get()
    assert participation.user == user
    assert participation.answered_on == timezone.localdate()
    response = HealthCheckResponse.objects.get()
    assert response.comment == "Godt samarbejde"
    answers = {a.statement: a for a in response.answers.all()}
    # "don't know" is not stored as a score
    assert "trust_safe" not in answers
    assert len(answers) == len(STATEMENTS) - 1
    assert answers["measurement_steering"].score == 2
    assert answers["measurement_steering"].element == SHARED_MEASUREMENT


def test_nothing_links_a_response_to_a_person_or_a_participation():
    response_fields = {f.name: f for f in HealthCheckResponse._meta.get_fields()}
    answer_fields = HealthCheckAnswer._meta.get_fields()

    # no column or relation to a person or a participation, and no time of any kind
    for fields in (response_fields.values(), answer_fields):
        for f in fields:
            if f.is_relation:
                assert f.related_model not in (
                    User,
                    HealthCheckParticipation,
                ), f.name
            assert not isinstance(f, models.DateField | models.TimeField), f.name
    assert set(response_fields) == {"id", "round", "comment", "answers"}
    assert isinstance(response_fields["id"], models.UUIDField)


def test_answer_keys_do_not_follow_the_order_of_answering():
    alliance = AllianceFactory()
    health_round = open_round(alliance)

    answer(health_round, 6)

    # the answers' keys are random: sorted by key they do not come in the order written
    by_response: dict = {}
    for answer_row in HealthCheckAnswer.objects.order_by("id"):
        by_response.setdefault(answer_row.response_id, []).append(answer_row.id)
    first_keys = [min(ids) for ids in by_response.values()]
    assert min(first_keys) > 2**32
    written = list(HealthCheckAnswer.objects.values_list("response_id", flat=True).order_by("id"))
    runs = sum(1 for a, b in itertools.pairwise(written) if a != b)
    assert runs > len(by_response)  # interleaved, not one block per response


def test_each_person_answers_a_round_once():
    alliance = AllianceFactory()
    user = UserFactory()
    MembershipFactory(user=user, alliance=alliance)
    health_round = open_round(alliance)
    health_check_answer_submit(health_round=health_round, user=user, scores=all_scores(5))

    with pytest.raises(AlreadyAnswered):
        health_check_answer_submit(health_round=health_round, user=user, scores=all_scores(1))

    assert HealthCheckParticipation.objects.count() == 1
    assert HealthCheckResponse.objects.count() == 1
    assert not HealthCheckAnswer.objects.filter(score=1).exists()


def test_a_closed_round_takes_no_answers():
    alliance = AllianceFactory()
    user = UserFactory()
    MembershipFactory(user=user, alliance=alliance)
    health_round = open_round(alliance)
    health_check_round_close(health_round=health_round)

    with pytest.raises(RoundClosed):
        health_check_answer_submit(health_round=health_round, user=user, scores=all_scores())

    assert HealthCheckParticipation.objects.count() == 0
    assert HealthCheckResponse.objects.count() == 0


def test_a_round_past_its_closing_date_takes_no_answers():
    alliance = AllianceFactory()
    user = UserFactory()
    MembershipFactory(user=user, alliance=alliance)
    health_round = open_round(alliance)

    with pytest.raises(RoundClosed):
        health_check_answer_submit(
            health_round=health_round,
            user=user,
            scores=all_scores(),
            today=health_round.closes_on + datetime.timedelta(days=1),
        )
    # the closing day itself is the last day to answer
    health_check_answer_submit(
        health_round=health_round, user=user, scores=all_scores(), today=health_round.closes_on
    )
    assert HealthCheckResponse.objects.count() == 1


@pytest.mark.parametrize(
    "scores",
    [
        {**all_scores(), "forged_statement": 3},
        {**all_scores(), "trust_safe": 7},
        {**all_scores(), "trust_safe": 0},
        {k: v for k, v in all_scores().items() if k != "trust_safe"},
    ],
    ids=["forged key", "score 7", "score 0", "a statement missing"],
)
def test_bad_scores_save_nothing(scores):
    alliance = AllianceFactory()
    user = UserFactory()
    MembershipFactory(user=user, alliance=alliance)
    health_round = open_round(alliance)

    with pytest.raises(ValidationError):
        health_check_answer_submit(health_round=health_round, user=user, scores=scores)

    assert HealthCheckParticipation.objects.count() == 0
    assert HealthCheckResponse.objects.count() == 0


def test_a_comment_over_2000_characters_is_refused():
    alliance = AllianceFactory()
    user = UserFactory()
    MembershipFactory(user=user, alliance=alliance)
    health_round = open_round(alliance)

    with pytest.raises(ValidationError):
        health_check_answer_submit(
            health_round=health_round, user=user, scores=all_scores(), comment="x" * 2001
        )
    assert HealthCheckParticipation.objects.count() == 0


def test_closing_twice_keeps_the_first_closing_time():
    health_round = open_round(AllianceFactory())
    first = health_check_round_close(health_round=health_round).closed_at

    again = health_check_round_close(health_round=health_round, now=first + datetime.timedelta(1))

    assert again.closed_at == first


# --- results ------------------------------------------------------------------------------


def test_with_4_answers_nothing_of_the_round_is_shown():
    health_round = open_round(AllianceFactory())
    answer(health_round, HEALTH_CHECK_MIN_RESPONSES - 1, comment="Hemmelig kommentar")

    results = round_results(health_round=health_round)

    assert HEALTH_CHECK_MIN_RESPONSES == 5
    assert results.n == 4
    assert not results.is_shown
    assert results.elements == []
    assert results.comments == []
    assert results.chart_json == ""


def test_with_5_answers_the_results_are_shown():
    health_round = open_round(AllianceFactory())
    answer(health_round, 3, score=4)
    answer(health_round, 2, score=2, trust_safe=None)

    results = round_results(health_round=health_round)

    assert results.is_shown
    assert results.n == 5
    trust = next(e for e in results.elements if e.key == TRUST)
    assert trust.n == 5
    # trust: 3 people gave 4 to all three, 2 gave 2 to two and "don't know" to one
    assert str(trust.mean) == "3.4"  # (9 * 4 + 4 * 2) / 13 = 3.38
    assert [c.count for c in trust.counts] == [0, 4, 0, 9, 0]
    safe = next(s for s in trust.statements if s.key == "trust_safe")
    assert safe.n == 3
    assert safe.dont_know == 2
    assert str(safe.mean) == "4.0"
    assert [c.count for c in safe.counts] == [0, 0, 0, 3, 0]
    assert results.chart_json


def test_comments_are_masked():
    alliance = AllianceFactory()
    named = UserFactory(full_name="Karen Lauridsen")
    MembershipFactory(user=named, alliance=alliance)
    health_round = open_round(alliance)
    answer(health_round, 4)
    answer(health_round, 1, comment="Ring til Karen Lauridsen på 22 33 44 55 eller karen@x.dk")

    results = round_results(health_round=health_round)

    assert len(results.comments) == 1
    comment = results.comments[0]
    assert "Karen" not in comment
    assert "22 33 44 55" not in comment
    assert "karen@x.dk" not in comment
    assert "Ring til" in comment


def _round_with(alliance, *, opened_days_ago: int, count: int, score: int, closed: bool):
    now = timezone.now() - datetime.timedelta(days=opened_days_ago)
    health_round = health_check_round_open(
        alliance=alliance,
        title=f"Runde for {opened_days_ago} dage siden",
        closes_on=timezone.localdate() + datetime.timedelta(days=7),
        opened_by=None,
        now=now,
    )
    answer(health_round, count, score=score, measurement_steering=1)
    if closed:
        health_check_round_close(health_round=health_round)
    return health_round


def test_the_change_against_the_previous_round_per_element():
    alliance = AllianceFactory()
    previous = _round_with(alliance, opened_days_ago=180, count=5, score=3, closed=True)
    current = _round_with(alliance, opened_days_ago=5, count=6, score=4, closed=False)

    with translation.override("da"):
        results = round_results(health_round=current)

        assert results.is_compared
        assert results.previous == previous
        assert results.previous_n == 5
        trust = next(e for e in results.elements if e.key == TRUST)
        assert trust.change.direction == UP
        assert trust.change.arrow == "↑"
        assert trust.change.words == "Op 1,0 fra 3,0"
        # shared measurement: (1 + 4 + 4) / 3 now against (1 + 3 + 3) / 3 before
        measurement = next(e for e in results.elements if e.key == SHARED_MEASUREMENT)
        assert str(measurement.change.previous_mean) == "2.3"
        assert str(measurement.mean) == "3.0"


def test_a_fall_and_no_change_are_said_in_words():
    alliance = AllianceFactory()
    _round_with(alliance, opened_days_ago=180, count=5, score=4, closed=True)
    current = _round_with(alliance, opened_days_ago=5, count=5, score=3, closed=False)

    with translation.override("da"):
        results = round_results(health_round=current)
        trust = next(e for e in results.elements if e.key == TRUST)
        assert trust.change.direction == DOWN
        assert trust.change.arrow == "↓"
        assert trust.change.words == "Ned 1,0 fra 4,0"
    same = _round_with(AllianceFactory(), opened_days_ago=5, count=5, score=3, closed=False)
    assert round_results(health_round=same).previous is None
    from backbone.selectors_healthcheck import _change

    assert _change(trust.mean, trust.mean).direction == SAME


def test_no_comparison_when_the_previous_round_had_fewer_than_5():
    alliance = AllianceFactory()
    _round_with(alliance, opened_days_ago=180, count=4, score=3, closed=True)
    current = _round_with(alliance, opened_days_ago=5, count=5, score=4, closed=False)

    results = round_results(health_round=current)

    assert results.is_shown
    assert results.previous is not None
    assert not results.is_compared
    assert all(e.change is None for e in results.elements)


def test_the_results_take_a_fixed_number_of_queries(django_assert_num_queries):
    alliance = AllianceFactory()
    _round_with(alliance, opened_days_ago=180, count=5, score=3, closed=True)
    current = _round_with(alliance, opened_days_ago=5, count=5, score=4, closed=False)
    answer(current, 1, comment="En kommentar")
    fresh = HealthCheckRound.objects.select_related("alliance").get(pk=current.pk)

    # count, previous round, scores, responders per element, comments, names
    with django_assert_num_queries(6):
        round_results(health_round=fresh)
    answer(current, 20, comment="Flere kommentarer")
    with django_assert_num_queries(6):
        round_results(health_round=fresh)


def test_rounds_for_member_say_whether_the_person_answered():
    alliance = AllianceFactory()
    user = UserFactory()
    MembershipFactory(user=user, alliance=alliance)
    earlier = _round_with(alliance, opened_days_ago=180, count=5, score=3, closed=True)
    current = open_round(alliance)
    health_check_answer_submit(health_round=current, user=user, scores=all_scores())

    rounds = rounds_for_member(alliance=alliance, user=user)

    assert [r.pk for r in rounds] == [current.pk, earlier.pk]
    assert rounds[0].is_open and rounds[0].has_answered and rounds[0].response_count == 1
    assert not rounds[0].is_shown
    assert not rounds[1].is_open and not rounds[1].has_answered and rounds[1].is_shown
