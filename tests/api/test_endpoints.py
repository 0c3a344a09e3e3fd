"""The API's endpoints with personal keys: what each role reads, small groups hidden as on the
dashboard, another alliance's data out of reach (also by guessing ids), data points entering as
submitted and never approved, filters, pagination and clear 400s."""

import datetime

import pytest
from django.conf import settings

from measurement.models import DataPoint, DataPointStatus
from measurement.services import period_lock
from tests.api.conftest import api_url, bearer, key_for

pytestmark = pytest.mark.django_db


def get(client, raw, world, name, alliance=None, **kwargs):
    query = kwargs.pop("query", None)
    return client.get(
        api_url(alliance or world["alliance"], name, **kwargs), query, headers=bearer(raw)
    )


def post_datapoint(client, raw, world, body, alliance=None):
    return client.post(
        api_url(alliance or world["alliance"], "datapoint_list"),
        body,
        content_type="application/json",
        headers=bearer(raw),
    )


def rows(response) -> list[dict]:
    assert response.status_code == 200, response.content
    return response.json()["results"]


# --- who reads what -----------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("person", "expected"),
    [
        ("coordinator", {"indicator_list": 200, "activity_list": 200, "datapoint_list": 200}),
        ("steering", {"indicator_list": 200, "activity_list": 200, "datapoint_list": 403}),
        ("member", {"indicator_list": 200, "activity_list": 200, "datapoint_list": 403}),
        ("secretary", {"indicator_list": 200, "activity_list": 200, "datapoint_list": 200}),
    ],
)
def test_each_role_reads_what_its_pages_show(client, world, person, expected):
    raw = key_for(world[person], world["alliance"])

    got = {name: get(client, raw, world, name).status_code for name in expected}

    assert got == expected


def test_a_403_says_why_in_danish(client, world):
    raw = key_for(world["steering"], world["alliance"])

    response = get(client, raw, world, "datapoint_list")

    assert response.status_code == 403
    assert "rolle" in response.json()["detail"]


# --- one alliance's key, another alliance's data ------------------------------------------------


@pytest.mark.parametrize(
    "name",
    ["indicator_list", "summary_list", "activity_list", "youth_input_list", "datapoint_list"],
)
def test_a_key_cannot_read_another_alliances_lists(client, world, name):
    raw = key_for(world["secretary"], world["alliance"])

    response = get(client, raw, world, name, alliance=world["other"])

    assert response.status_code == 404


@pytest.mark.parametrize(
    ("name", "object_key"),
    [
        ("indicator_detail", "other_indicator"),
        ("activity_detail", "other_activity"),
        ("youth_input_detail", "other_input"),
        ("datapoint_detail", "other_datapoint"),
    ],
)
def test_guessing_another_alliances_ids_under_ones_own_alliance_finds_nothing(
    client, world, name, object_key
):
    raw = key_for(world["secretary"], world["alliance"])

    response = get(client, raw, world, name, pk=world[object_key].pk)

    assert response.status_code == 404


def test_another_alliances_secretariat_key_reads_its_own_alliance_only(client, world):
    raw = key_for(world["other_secretary"], world["other"])

    own = get(client, raw, world, "summary_list", alliance=world["other"])
    foreign = get(client, raw, world, "summary_list")

    assert {row["indicator"] for row in rows(own)} == {world["other_indicator"].pk}
    assert foreign.status_code == 404


def test_a_huge_id_is_a_404(client, world):
    raw = key_for(world["secretary"], world["alliance"])

    response = get(client, raw, world, "indicator_detail", pk=10**20)

    assert response.status_code == 404


# --- summaries: small groups hidden as on the dashboard -----------------------------------------


def _by_label(summaries):
    return {
        (row["period_code"], row["breakdown"]["label"] if row["breakdown"] else None): row
        for row in summaries
    }


def test_summaries_hide_small_groups_from_the_steering_group(client, world):
    raw = key_for(world["steering"], world["alliance"])

    summaries = _by_label(
        rows(get(client, raw, world, "summary_list", query={"indicator": world["count"].pk}))
    )

    boys = summaries[("2025", "Drenge")]
    assert boys["is_hidden"] is True
    assert boys["status"] == "hidden"
    assert boys["value"] is None and boys["respondents"] is None and boys["trend"] is None
    # hidden with its small neighbour, so the boys cannot be worked out from the total
    assert summaries[("2025", "Piger")]["is_hidden"] is True
    assert summaries[("2025", "Piger")]["value"] is None
    total = summaries[("2025", None)]
    assert total["is_hidden"] is False
    assert total["value"] == 33.0
    assert total["respondents"] == 33


def test_summaries_show_small_groups_to_the_secretariat_marked(client, world):
    raw = key_for(world["secretary"], world["alliance"])

    summaries = _by_label(
        rows(get(client, raw, world, "summary_list", query={"indicator": world["count"].pk}))
    )

    boys = summaries[("2025", "Drenge")]
    assert boys["is_hidden"] is False
    assert boys["is_small_group"] is True
    assert boys["value"] == 3.0
    assert boys["respondents"] == 3


def test_summaries_are_filtered_by_period_and_breakdown(client, world):
    raw = key_for(world["secretary"], world["alliance"])

    in_2025 = rows(
        get(
            client,
            raw,
            world,
            "summary_list",
            query={"period_from": "2025-01-01", "period_to": "2025-12-31"},
        )
    )
    totals = rows(get(client, raw, world, "summary_list", query={"breakdown": "total"}))
    girls = rows(get(client, raw, world, "summary_list", query={"breakdown": world["girls"].pk}))

    assert {row["period"] for row in in_2025} == {"2025-01-01"}
    assert len(in_2025) == 3
    assert [row["period_code"] for row in totals] == ["2024", "2025"]
    assert all(row["breakdown"] is None for row in totals)
    assert [row["breakdown"]["label"] for row in girls] == ["Piger"]


def test_summaries_are_paginated_in_a_stable_order(client, world):
    raw = key_for(world["secretary"], world["alliance"])

    everything = rows(get(client, raw, world, "summary_list"))
    first = get(client, raw, world, "summary_list", query={"limit": 2})
    second = get(client, raw, world, "summary_list", query={"limit": 2, "offset": 2})

    assert first.json()["count"] == len(everything) == 4
    assert "offset=2" in first.json()["next"]
    assert [row["id"] for row in rows(first) + rows(second)] == [row["id"] for row in everything]
    # the total of a period comes before its breakdown values
    assert [(row["period_code"], row["breakdown"] is None) for row in everything][:2] == [
        ("2024", True),
        ("2025", True),
    ]


@pytest.mark.parametrize(
    ("query", "field", "message"),
    [
        ({"period_from": "sidste år"}, "period_from", "Dato har et forkert format"),
        ({"period_from": "2025-01-01", "period_to": "2024-01-01"}, "period_to", "period_from"),
        ({"indicator": "abc"}, "indicator", "heltal"),
        ({"breakdown": "piger"}, "breakdown", "total"),
        ({"limit": "0"}, "limit", "1 til 1000"),
        ({"limit": "5000"}, "limit", "1 til 1000"),
        ({"offset": "-1"}, "offset", "helt tal"),
    ],
)
def test_a_bad_query_string_is_a_400_saying_what_is_wrong_in_danish(
    client, world, query, field, message
):
    raw = key_for(world["secretary"], world["alliance"])

    response = get(client, raw, world, "summary_list", query=query)

    assert response.status_code == 400
    assert message in " ".join(response.json()[field])


def test_errors_follow_accept_language_for_api_clients(client, world):
    raw = key_for(world["secretary"], world["alliance"])

    response = client.get(
        api_url(world["alliance"], "summary_list"),
        {"limit": "0"},
        headers={**bearer(raw), "Accept-Language": "en"},
    )

    assert response.json() == {"limit": ["Write a whole number from 1 to 1000."]}


def test_the_language_cookie_wins_over_accept_language(client, world):
    raw = key_for(world["secretary"], world["alliance"])
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "da"

    response = client.get(
        api_url(world["alliance"], "summary_list"),
        {"limit": "0"},
        headers={**bearer(raw), "Accept-Language": "en"},
    )

    assert "Skriv et helt tal fra 1 til 1000." in response.json()["limit"]


# --- indicators, activities, youth input ---------------------------------------------------------


def test_an_indicator_carries_its_definition_and_breakdowns(client, world):
    raw = key_for(world["member"], world["alliance"])

    indicator = get(client, raw, world, "indicator_detail", pk=world["count"].pk).json()

    assert indicator["code"] == "AU1"
    assert indicator["definition"]
    assert indicator["unit"] == "count"
    assert indicator["workgroups"][0]["name"] == "Egen gruppe"
    assert [value["label"] for value in indicator["dimensions"][0]["values"]] == ["Piger", "Drenge"]


def test_activities_are_filtered_by_period_and_indicator(client, world):
    raw = key_for(world["steering"], world["alliance"])

    in_spring = rows(get(client, raw, world, "activity_list", query={"period_from": "2025-03-01"}))
    later = rows(get(client, raw, world, "activity_list", query={"period_from": "2025-07-01"}))
    measured = rows(
        get(client, raw, world, "activity_list", query={"indicator": world["reach"].pk})
    )
    not_measured = rows(
        get(client, raw, world, "activity_list", query={"indicator": world["share"].pk})
    )

    assert [row["title"] for row in in_spring] == ["Lektiecafé"]
    assert later == []
    assert [row["title"] for row in measured] == ["Lektiecafé"]
    assert not_measured == []


def test_youth_input_is_only_the_published_moderated_text(client, world):
    raw = key_for(world["member"], world["alliance"])

    inputs = rows(get(client, raw, world, "youth_input_list"))
    pending = get(client, raw, world, "youth_input_detail", pk=world["pending"].pk)

    assert [row["text"] for row in inputs] == ["Flere bænke ved stranden"]
    assert "12345678" not in str(inputs)
    assert set(inputs[0]) == {
        "id",
        "kind",
        "text",
        "focus_area",
        "area",
        "status",
        "published_at",
        "answer",
        "answered_at",
        "support_count",
        "led_to_activity",
        "decision",
    }
    assert pending.status_code == 404


def test_a_young_person_reads_published_input_with_the_session(client, world):
    client.force_login(world["youth"])

    inputs = client.get(api_url(world["alliance"], "youth_input_list"))
    dashboard = client.get(api_url(world["alliance"], "summary_list"))

    assert [row["text"] for row in rows(inputs)] == ["Flere bænke ved stranden"]
    assert dashboard.status_code == 403


# --- data points ---------------------------------------------------------------------------------


def test_a_coordinator_reports_a_value_that_enters_as_submitted(client, world):
    raw = key_for(world["coordinator"], world["alliance"])

    response = post_datapoint(
        client,
        raw,
        world,
        {"indicator": world["count"].pk, "period": "2026", "value": "12,5", "comment": "Fra log"},
    )

    datapoint = DataPoint.objects.get(period=datetime.date(2026, 1, 1))
    assert response.status_code == 201
    assert response.json()["status"] == "submitted"
    assert response.json()["value"] == 12.5
    assert datapoint.status == DataPointStatus.SUBMITTED
    assert datapoint.organisation == world["school"]  # the coordinator's own organisation
    assert datapoint.entered_by == world["coordinator"]
    assert datapoint.approved_at is None


def test_reporting_the_same_figures_again_changes_nothing(client, world):
    raw = key_for(world["coordinator"], world["alliance"])
    body = {"indicator": world["count"].pk, "period": "2026", "value": 9}

    first = post_datapoint(client, raw, world, body)
    again = post_datapoint(client, raw, world, body)
    changed = post_datapoint(client, raw, world, {**body, "value": 10})

    assert (first.status_code, again.status_code) == (201, 200)
    assert again.json()["id"] == first.json()["id"]
    assert changed.status_code == 400
    assert "allerede indsendt" in str(changed.json())
    assert DataPoint.objects.filter(period=datetime.date(2026, 1, 1)).count() == 1


def test_a_coordinator_cannot_report_for_another_groups_indicator(client, world):
    raw = key_for(world["coordinator"], world["alliance"])

    response = post_datapoint(
        client, raw, world, {"indicator": world["foreign"].pk, "period": "2026", "value": 1}
    )

    assert response.status_code == 403
    assert not DataPoint.objects.filter(indicator=world["foreign"]).exists()


def test_a_coordinator_cannot_report_for_an_organisation_outside_their_groups(client, world):
    raw = key_for(world["coordinator"], world["alliance"])

    response = post_datapoint(
        client,
        raw,
        world,
        {
            "indicator": world["count"].pk,
            "period": "2026",
            "value": 1,
            "organisation": world["stranger"].pk,
        },
    )

    assert response.status_code == 400
    assert "organisation" in response.json()


def test_the_secretariat_reports_too_and_still_only_submits(client, world):
    raw = key_for(world["secretary"], world["alliance"])

    response = post_datapoint(
        client,
        raw,
        world,
        {
            "indicator": world["share"].pk,
            "period": "2026",
            "organisation": world["club"].pk,
            "breakdown": world["girls"].pk,
            "numerator": 41,
            "denominator": 60,
            "respondents": 60,
        },
    )

    assert response.status_code == 201
    assert response.json()["status"] == "submitted"
    assert response.json()["breakdown"]["label"] == "Piger"


def test_a_data_point_cannot_be_approved_through_the_api(client, world):
    raw = key_for(world["coordinator"], world["alliance"])
    created = post_datapoint(
        client, raw, world, {"indicator": world["count"].pk, "period": "2026", "value": 3}
    ).json()
    url = api_url(world["alliance"], "datapoint_detail", pk=created["id"])

    with_status = post_datapoint(
        client,
        raw,
        world,
        {"indicator": world["count"].pk, "period": "2027", "value": 3, "status": "approved"},
    )
    patch = client.patch(
        url, {"status": "approved"}, content_type="application/json", headers=bearer(raw)
    )
    put = client.put(
        url, {"status": "approved"}, content_type="application/json", headers=bearer(raw)
    )
    delete = client.delete(url, headers=bearer(raw))

    assert with_status.status_code == 400
    assert "sekretariatet" in with_status.json()["status"][0]
    assert (patch.status_code, put.status_code, delete.status_code) == (405, 405, 405)
    assert not DataPoint.objects.filter(status=DataPointStatus.APPROVED, period__year=2026)
    assert DataPoint.objects.get(pk=created["id"]).status == DataPointStatus.SUBMITTED
    assert not DataPoint.objects.filter(period__year=2027).exists()


@pytest.mark.parametrize(
    ("body", "field"),
    [
        ({"period": "2026", "value": 1}, "indicator"),
        ({"indicator": 999999, "period": "2026", "value": 1}, "indicator"),
        ({"indicator": "AU1", "period": "2026", "value": 1}, "indicator"),
        ({"indicator": None, "period": "2026"}, "indicator"),
        ({"indicator": "{count}", "period": "sidste år", "value": 1}, "period"),
        ({"indicator": "{count}", "period": "2026"}, "value"),
        ({"indicator": "{count}", "period": "2026", "value": "mange"}, "value"),
        ({"indicator": "{count}", "period": "2026", "value": -4}, "value"),
        ({"indicator": "{count}", "period": "2026", "value": 1e300}, "value"),
        ({"indicator": "{count}", "period": "2026", "value": 1, "respondents": 2.5}, "respondents"),
        ({"indicator": "{share}", "period": "2026", "numerator": 5, "denominator": 2}, "numerator"),
        ({"indicator": "{count}", "period": "2026", "value": 1, "breakdown": 999999}, "breakdown"),
        ({"indicator": "{count}", "period": "2026", "value": 1, "valeu": 1}, "valeu"),
    ],
)
def test_a_bad_body_is_a_400_naming_the_field(client, world, body, field):
    raw = key_for(world["coordinator"], world["alliance"])
    body = {
        name: world[value[1:-1]].pk if isinstance(value, str) and value.startswith("{") else value
        for name, value in body.items()
    }

    response = post_datapoint(client, raw, world, body)

    assert response.status_code == 400, response.content
    assert field in response.json()
    assert not DataPoint.objects.filter(period__year=2026).exists()


@pytest.mark.parametrize("raw_body", ["{not json", "[1, 2]", '"text"', "", "NaN"])
def test_a_body_that_is_not_a_json_object_is_a_400(client, world, raw_body):
    raw = key_for(world["coordinator"], world["alliance"])

    response = client.post(
        api_url(world["alliance"], "datapoint_list"),
        raw_body,
        content_type="application/json",
        headers=bearer(raw),
    )

    assert response.status_code == 400


def test_a_locked_period_is_a_400(client, world):
    period_lock(
        alliance=world["alliance"],
        frequency="yearly",
        period=datetime.date(2026, 1, 1),
        user=world["secretary"],
    )
    raw = key_for(world["coordinator"], world["alliance"])

    response = post_datapoint(
        client, raw, world, {"indicator": world["count"].pk, "period": "2026", "value": 1}
    )

    assert response.status_code == 400
    assert "låst" in str(response.json())


def test_a_coordinator_reads_back_their_data_points_by_status(client, world):
    raw = key_for(world["coordinator"], world["alliance"])
    post_datapoint(
        client, raw, world, {"indicator": world["count"].pk, "period": "2026", "value": 2}
    )

    submitted = rows(get(client, raw, world, "datapoint_list", query={"status": "submitted"}))
    approved = rows(
        get(
            client,
            raw,
            world,
            "datapoint_list",
            query={"status": "approved", "period_to": "2024-12-31"},
        )
    )

    assert [(row["period_code"], row["value"]) for row in submitted] == [("2026", 2.0)]
    assert [(row["period_code"], row["value"]) for row in approved] == [("2024", 40.0)]


def test_a_session_post_needs_the_csrf_token(csrf_free_client, world):
    csrf_free_client.force_login(world["coordinator"])

    response = csrf_free_client.post(
        api_url(world["alliance"], "datapoint_list"),
        {"indicator": world["count"].pk, "period": "2026", "value": 1},
        content_type="application/json",
    )

    assert response.status_code == 403
    assert not DataPoint.objects.filter(period__year=2026).exists()


def test_a_session_post_with_the_csrf_token_reports_a_value(client, world):
    client.force_login(world["coordinator"])

    response = client.post(
        api_url(world["alliance"], "datapoint_list"),
        {"indicator": world["count"].pk, "period": "2026", "value": 1},
        content_type="application/json",
    )

    assert response.status_code == 201
