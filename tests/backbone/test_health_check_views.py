"""The health check's pages: the list, opening a round (the secretariat), answering (every
member, once), the results (shown from 5 answers) and closing a round (the secretariat)."""

from __future__ import annotations

import datetime

import pytest
from django.urls import reverse
from django.utils import timezone

from alliance.models import Role
from backbone.healthcheck import STATEMENTS
from backbone.models import (
    HealthCheckAnswer,
    HealthCheckParticipation,
    HealthCheckResponse,
    HealthCheckRound,
)
from backbone.services_healthcheck import (
    health_check_answer_submit,
    health_check_round_close,
    health_check_round_open,
)
from tests.factories import AllianceFactory, MembershipFactory, UserFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def alliance():
    return AllianceFactory(slug="ung-og-sund")


def member_of(alliance, role=Role.MEMBER):
    user = UserFactory()
    MembershipFactory(user=user, alliance=alliance, role=role)
    return user


def url(name: str, alliance, **kwargs) -> str:
    return reverse(f"backbone:{name}", kwargs={"alliance_slug": alliance.slug, **kwargs})


def open_round(alliance, **kwargs):
    return health_check_round_open(
        alliance=alliance,
        title=kwargs.get("title", "Partnerskabstjek efterår 2026"),
        closes_on=timezone.localdate() + datetime.timedelta(days=14),
        opened_by=None,
        now=kwargs.get("now"),
    )


def answered_by(health_round, count: int, *, comment: str = "") -> None:
    for _n in range(count):
        health_check_answer_submit(
            health_round=health_round,
            user=member_of(health_round.alliance),
            scores={s.key: 4 for s in STATEMENTS},
            comment=comment,
        )


def form_data(score: str = "4", **overrides) -> dict:
    data = {f"statement_{s.key}": score for s in STATEMENTS}
    data["comment"] = ""
    data.update(overrides)
    return data


def text_of(response) -> str:
    return response.content.decode()


# --- the list -----------------------------------------------------------------------------


def test_a_member_sees_the_open_round_with_answer_then_you_have_answered(client, alliance):
    user = member_of(alliance)
    health_round = open_round(alliance)
    client.force_login(user)

    page = text_of(client.get(url("health_check", alliance)))
    assert "Partnerskabstjek efterår 2026" in page
    assert "Besvar" in page
    assert url("health_check_answer", alliance, pk=health_round.pk) in page
    assert "Åbn en ny runde" not in page
    assert "Luk runden" not in page

    client.post(url("health_check_answer", alliance, pk=health_round.pk), form_data())
    page = text_of(client.get(url("health_check", alliance)))
    assert "Du har svaret" in page
    assert url("health_check_answer", alliance, pk=health_round.pk) not in page


def test_the_secretariat_may_open_a_round_when_none_is_open(client, alliance):
    client.force_login(member_of(alliance, Role.SECRETARIAT))

    page = text_of(client.get(url("health_check", alliance)))
    assert "Åbn en ny runde" in page
    assert "Ingen runde er åben lige nu." in page

    health_round = open_round(alliance)
    page = text_of(client.get(url("health_check", alliance)))
    assert "Åbn en ny runde" not in page
    assert url("health_check_close", alliance, pk=health_round.pk) in page


def test_earlier_rounds_link_to_results_only_with_5_answers(client, alliance):
    many = open_round(alliance, title="Forår med mange svar")
    answered_by(many, 5)
    health_check_round_close(health_round=many)
    few = open_round(alliance, title="Efterår med få svar")
    answered_by(few, 4)
    health_check_round_close(health_round=few)
    client.force_login(member_of(alliance))

    page = text_of(client.get(url("health_check", alliance)))

    assert url("health_check_results", alliance, pk=many.pk) in page
    assert url("health_check_results", alliance, pk=few.pk) not in page
    assert "Resultaterne vises ikke: færre end 5 svarede." in page


def test_the_list_takes_a_fixed_number_of_queries(client, alliance, django_assert_max_num_queries):
    user = member_of(alliance)
    for n in range(3):
        health_round = open_round(alliance, title=f"Runde {n}")
        answered_by(health_round, 2)
        health_check_round_close(health_round=health_round)
    client.force_login(user)
    client.get(url("health_check", alliance))  # the session and the menu warm up

    with django_assert_max_num_queries(8):
        assert client.get(url("health_check", alliance)).status_code == 200


# --- opening ------------------------------------------------------------------------------


def test_the_secretariat_opens_a_round_and_every_member_is_told(client, alliance):
    secretariat = member_of(alliance, Role.SECRETARIAT)
    members = [member_of(alliance), member_of(alliance, Role.YOUTH)]
    client.force_login(secretariat)
    closes_on = timezone.localdate() + datetime.timedelta(days=21)

    form = client.get(url("health_check_open", alliance))
    assert form.status_code == 200
    response = client.post(
        url("health_check_open", alliance),
        {"title": "Partnerskabstjek forår 2027", "closes_on": closes_on.isoformat()},
    )

    assert response.status_code == 302
    assert response["Location"] == url("health_check", alliance)
    health_round = HealthCheckRound.objects.get()
    assert health_round.title == "Partnerskabstjek forår 2027"
    assert health_round.closes_on == closes_on
    assert health_round.opened_by == secretariat
    for person in members:
        assert person.notifications.filter(kind="health_check_opened").count() == 1


def test_a_bad_closing_date_is_a_form_error(client, alliance):
    client.force_login(member_of(alliance, Role.SECRETARIAT))

    yesterday = timezone.localdate() - datetime.timedelta(days=1)
    response = client.post(
        url("health_check_open", alliance), {"title": "Runde", "closes_on": yesterday}
    )
    assert response.status_code == 400
    assert "Sidste dag for svar kan ikke ligge i fortiden." in text_of(response)
    response = client.post(
        url("health_check_open", alliance), {"title": "Runde", "closes_on": "i morgen"}
    )
    assert response.status_code == 400
    assert not HealthCheckRound.objects.exists()


def test_opening_while_a_round_is_open_is_refused(client, alliance):
    open_round(alliance)
    client.force_login(member_of(alliance, Role.SECRETARIAT))

    page = client.get(url("health_check_open", alliance))
    assert "Der er allerede en åben runde" in text_of(page)
    response = client.post(
        url("health_check_open", alliance),
        {"title": "To på en gang", "closes_on": timezone.localdate().isoformat()},
    )
    assert response.status_code == 409
    assert HealthCheckRound.objects.count() == 1


@pytest.mark.parametrize("role", [Role.STEERING, Role.COORDINATOR, Role.MEMBER, Role.YOUTH])
def test_only_the_secretariat_opens_and_closes_rounds(client, alliance, role):
    health_round = open_round(alliance)
    client.force_login(member_of(alliance, role))

    assert client.get(url("health_check_open", alliance)).status_code == 403
    assert client.post(url("health_check_open", alliance), {}).status_code == 403
    assert client.get(url("health_check_close", alliance, pk=health_round.pk)).status_code == 403
    assert client.post(url("health_check_close", alliance, pk=health_round.pk)).status_code == 403
    health_round.refresh_from_db()
    assert health_round.closed_at is None


# --- answering ----------------------------------------------------------------------------


def test_the_answer_form_has_a_labelled_radio_group_per_statement(client, alliance):
    health_round = open_round(alliance)
    client.force_login(member_of(alliance))

    response = client.get(url("health_check_answer", alliance, pk=health_round.pk))

    page = text_of(response)
    assert response.status_code == 200
    assert page.count("<fieldset") == len(STATEMENTS)
    assert page.count("<legend") == len(STATEMENTS)
    assert page.count('type="radio"') == len(STATEMENTS) * 6
    for label in ("Helt uenig", "Uenig", "Hverken enig eller uenig", "Enig", "Helt enig"):
        assert f">{label}</label>" in page
    assert page.count(">Ved ikke</label>") == len(STATEMENTS)
    assert "Dine svar er anonyme" in page
    assert "Fælles målemetoder" in page
    assert "Tillid" in page


def test_an_answer_is_saved_and_the_member_goes_back_to_the_list(client, alliance):
    health_round = open_round(alliance)
    user = member_of(alliance)
    client.force_login(user)

    response = client.post(
        url("health_check_answer", alliance, pk=health_round.pk),
        form_data("5", statement_trust_safe="dont_know", comment="Godt arbejde"),
    )

    assert response.status_code == 302
    assert response["Location"] == url("health_check", alliance)
    assert HealthCheckParticipation.objects.get().user == user
    response_row = HealthCheckResponse.objects.get()
    assert response_row.comment == "Godt arbejde"
    assert response_row.answers.count() == len(STATEMENTS) - 1
    assert set(response_row.answers.values_list("score", flat=True)) == {5}


def test_answering_twice_gives_a_friendly_message_and_saves_nothing(client, alliance):
    health_round = open_round(alliance)
    client.force_login(member_of(alliance))
    client.post(url("health_check_answer", alliance, pk=health_round.pk), form_data("5"))

    response = client.post(
        url("health_check_answer", alliance, pk=health_round.pk), form_data("1"), follow=True
    )

    assert "Du har allerede svaret på denne runde. Intet nyt blev gemt." in text_of(response)
    assert HealthCheckResponse.objects.count() == 1
    assert not HealthCheckAnswer.objects.filter(score=1).exists()
    page = client.get(url("health_check_answer", alliance, pk=health_round.pk))
    assert "Du har svaret" in text_of(page)
    assert "<fieldset" not in text_of(page)


@pytest.mark.parametrize(
    "data",
    [
        form_data(statement_forged_key="3"),
        form_data(statement_trust_safe="7"),
        {k: v for k, v in form_data().items() if k != "statement_trust_safe"},
        form_data(comment="x" * 2001),
    ],
    ids=["forged statement key", "score 7", "statement missing", "comment too long"],
)
def test_bad_answers_are_a_form_error(client, alliance, data):
    health_round = open_round(alliance)
    client.force_login(member_of(alliance))

    response = client.post(url("health_check_answer", alliance, pk=health_round.pk), data)

    assert response.status_code == 400
    assert "Fejl:" in text_of(response)
    assert HealthCheckParticipation.objects.count() == 0
    assert HealthCheckResponse.objects.count() == 0


def test_a_closed_round_has_no_answer_form(client, alliance):
    health_round = open_round(alliance)
    health_check_round_close(health_round=health_round)
    client.force_login(member_of(alliance))

    page = client.get(url("health_check_answer", alliance, pk=health_round.pk))
    assert page.status_code == 200
    assert "Runden er lukket" in text_of(page)
    assert "<fieldset" not in text_of(page)

    response = client.post(url("health_check_answer", alliance, pk=health_round.pk), form_data())
    assert response.status_code == 409
    assert HealthCheckParticipation.objects.count() == 0
    assert HealthCheckResponse.objects.count() == 0


def test_another_alliances_round_is_not_found(client, alliance):
    other = open_round(AllianceFactory(slug="en-anden"))
    answered_by(other, 5)
    client.force_login(member_of(alliance, Role.SECRETARIAT))

    for name in ("health_check_answer", "health_check_results", "health_check_close"):
        assert client.get(url(name, alliance, pk=other.pk)).status_code == 404
    assert client.post(url("health_check_close", alliance, pk=other.pk)).status_code == 404
    response = client.post(url("health_check_answer", alliance, pk=other.pk), form_data())
    assert response.status_code == 404
    assert HealthCheckResponse.objects.filter(round=other).count() == 5
    other.refresh_from_db()
    assert other.closed_at is None


# --- results ------------------------------------------------------------------------------


def test_results_with_4_answers_show_only_how_many_answered(client, alliance):
    health_round = open_round(alliance)
    answered_by(health_round, 4, comment="En hemmelig kommentar")
    client.force_login(member_of(alliance))

    page = text_of(client.get(url("health_check_results", alliance, pk=health_round.pk)))

    assert "4 har svaret indtil nu." in page
    assert "Resultaterne vises, når mindst 5 har svaret" in page
    assert "En hemmelig kommentar" not in page
    assert "Gennemsnit" not in page
    assert "Fælles målemetoder" not in page
    assert "data-chart" not in page


def test_results_with_5_answers_are_shown_to_every_member(client, alliance):
    health_round = open_round(alliance)
    answered_by(health_round, 5, comment="Ring på 22 33 44 55")
    client.force_login(member_of(alliance, Role.YOUTH))

    response = client.get(url("health_check_results", alliance, pk=health_round.pk))

    page = text_of(response)
    assert response.status_code == 200
    assert "5 medlemmer svarede." in page
    assert "Fælles målemetoder" in page
    assert "4,0" in page
    assert 'data-chart="hc-elements-chart"' in page
    assert "22 33 44 55" not in page
    assert "Ring på [telefonnummer fjernet]" in page
    assert "Det er den første runde" in page


def test_results_compared_with_the_previous_round(client, alliance):
    earlier = open_round(alliance, title="Forår", now=timezone.now() - datetime.timedelta(days=180))
    answered_by(earlier, 5)
    health_check_round_close(health_round=earlier)
    current = open_round(alliance, title="Efterår")
    for _n in range(5):
        health_check_answer_submit(
            health_round=current,
            user=member_of(alliance),
            scores={s.key: 5 for s in STATEMENTS},
        )
    client.force_login(member_of(alliance))

    page = text_of(client.get(url("health_check_results", alliance, pk=current.pk)))

    assert "Sammenlignet med forrige runde, Forår (5 svar)." in page
    assert "Ændring fra Forår" in page
    assert page.count("Op 1,0 fra 4,0") >= 7
    assert '<span aria-hidden="true">↑</span>' in page


def test_the_results_page_takes_a_fixed_number_of_queries(
    client, alliance, django_assert_max_num_queries
):
    health_round = open_round(alliance)
    answered_by(health_round, 5, comment="Kommentar")
    client.force_login(member_of(alliance))
    client.get(url("health_check_results", alliance, pk=health_round.pk))

    with django_assert_max_num_queries(12):
        client.get(url("health_check_results", alliance, pk=health_round.pk))
    answered_by(health_round, 15, comment="Flere")
    with django_assert_max_num_queries(12):
        client.get(url("health_check_results", alliance, pk=health_round.pk))


# --- closing ------------------------------------------------------------------------------


def test_the_secretariat_closes_a_round_after_confirming(client, alliance):
    health_round = open_round(alliance)
    client.force_login(member_of(alliance, Role.SECRETARIAT))

    confirm = client.get(url("health_check_close", alliance, pk=health_round.pk))
    assert confirm.status_code == 200
    assert "Luk runden nu" in text_of(confirm)
    response = client.post(url("health_check_close", alliance, pk=health_round.pk), follow=True)

    assert "Runden er lukket. Den tager ikke imod flere svar." in text_of(response)
    health_round.refresh_from_db()
    assert health_round.closed_at is not None
    assert "Åbn en ny runde" in text_of(response)


def test_the_new_round_form_suggests_a_title_and_a_closing_day(client, alliance):
    client.force_login(member_of(alliance, Role.SECRETARIAT))

    page = text_of(client.get(url("health_check_open", alliance)))

    in_three_weeks = timezone.localdate() + datetime.timedelta(days=21)
    assert f'value="{in_three_weeks.isoformat()}"' in page
    assert 'value="Partnerskabstjek ' in page
