"""The secretariat's indicator and breakdown pages: the list, the forms, targets and deletes."""

from __future__ import annotations

import datetime
from decimal import Decimal

import pytest
from django.urls import reverse

from alliance.models import Role
from measurement.aggregation import indicator_recompute
from measurement.models import (
    DataPointStatus,
    Dimension,
    DimensionValue,
    Indicator,
    Summary,
    SummaryStatus,
    Target,
)
from measurement.services import datapoint_approve
from tests.factories import (
    AllianceFactory,
    FocusAreaFactory,
    GoalFactory,
    MembershipFactory,
    UserFactory,
    WorkGroupFactory,
)
from tests.measurement.factories import (
    DataPointFactory,
    DimensionFactory,
    DimensionValueFactory,
    IndicatorFactory,
    TargetFactory,
)

pytestmark = pytest.mark.django_db


@pytest.fixture
def alliance():
    return AllianceFactory(slug="ung")


@pytest.fixture
def secretary(alliance):
    user = UserFactory()
    MembershipFactory(user=user, alliance=alliance, role=Role.SECRETARIAT)
    return user


@pytest.fixture
def secretariat(client, secretary):
    client.force_login(secretary)
    client.cookies["django_language"] = "en"
    return client


def _url(name: str, **kwargs) -> str:
    return reverse(f"measurement:{name}", kwargs={"alliance_slug": "ung", **kwargs})


def _indicator_post(**overrides) -> dict:
    data = {
        "code": "C2",
        "name": "Unge der dyrker sport",
        "definition": "Andel af eleverne, der dyrker sport mindst en gang om ugen.",
        "source": "Trivselsmålingen",
        "unit": "percent",
        "direction": "higher",
        "frequency": "yearly",
        "kind": "better_off",
        "aggregation": "ratio",
        "time_aggregation": "periodic",
    }
    data.update(overrides)
    return data


# --- the indicator list -----------------------------------------------------------------------


@pytest.mark.parametrize("count", [3, 30])
def test_the_indicator_list_runs_the_same_queries_for_3_and_30_indicators(
    secretariat, alliance, django_assert_num_queries, count
):
    group = WorkGroupFactory(alliance=alliance, name="Fritid")
    for n in range(count):
        indicator = IndicatorFactory(alliance=alliance, code=f"X{n:02d}")
        indicator.workgroups.add(group)
        DataPointFactory(indicator=indicator)
    secretariat.get(_url("indicator_list"))

    # session, user, alliance, membership, indicators with counts and status, their groups
    with django_assert_num_queries(6):
        response = secretariat.get(_url("indicator_list"))

    assert response.content.decode().count("Fritid") == count


def test_the_indicator_list_shows_counts_status_and_groups(secretariat, alliance, secretary):
    indicator = IndicatorFactory(alliance=alliance, code="A1", name="Aktive unge")
    indicator.workgroups.add(WorkGroupFactory(alliance=alliance, name="Fritid"))
    datapoint = DataPointFactory(
        indicator=indicator, status=DataPointStatus.SUBMITTED, approved_at=None
    )
    datapoint_approve(datapoints=[datapoint], user=secretary)
    indicator_recompute(indicator=indicator)
    IndicatorFactory(alliance=alliance, name="Uden grupper")
    IndicatorFactory(name="Fremmed indikator")

    page = secretariat.get(_url("indicator_list")).content.decode()

    assert "Aktive unge" in page and "Fritid" in page
    assert "Fremmed indikator" not in page
    assert "The secretariat" in page  # who reports an indicator without groups
    assert Summary.objects.get(breakdown=None).status == SummaryStatus.NO_DATA  # one period
    assert "No trend yet" in page
    assert "No figures yet" in page  # the indicator without values


def test_a_coordinator_cannot_open_the_setup_pages(client, alliance):
    coordinator = UserFactory()
    MembershipFactory(user=coordinator, alliance=alliance, role=Role.COORDINATOR)
    indicator = IndicatorFactory(alliance=alliance)
    client.force_login(coordinator)

    for url in (
        _url("indicator_list"),
        _url("indicator_create"),
        _url("indicator_edit", pk=indicator.pk),
        _url("indicator_targets", pk=indicator.pk),
        _url("dimension_list"),
        _url("dimension_create"),
    ):
        assert client.get(url).status_code == 403, url
    assert client.post(_url("indicator_delete", pk=indicator.pk)).status_code == 403
    assert Indicator.objects.exists()


def test_another_alliances_indicator_or_breakdown_is_a_404(secretariat):
    indicator = IndicatorFactory()
    dimension = DimensionFactory()

    assert secretariat.get(_url("indicator_edit", pk=indicator.pk)).status_code == 404
    assert secretariat.get(_url("indicator_targets", pk=indicator.pk)).status_code == 404
    assert secretariat.post(_url("indicator_delete", pk=indicator.pk)).status_code == 404
    assert secretariat.get(_url("dimension_edit", pk=dimension.pk)).status_code == 404
    assert Indicator.objects.exists()


# --- creating and editing an indicator ------------------------------------------------------


def test_the_form_offers_only_the_alliances_goals_groups_and_breakdowns(secretariat, alliance):
    GoalFactory(focus_area=FocusAreaFactory(alliance=alliance), title="Eget mål")
    GoalFactory(title="Fremmed mål")
    WorkGroupFactory(alliance=alliance, name="Egen gruppe")
    WorkGroupFactory(name="Fremmed gruppe")
    DimensionValueFactory(dimension=DimensionFactory(alliance=alliance, name="Køn"), label="Piger")
    DimensionValueFactory(label="Fremmed værdi")

    page = secretariat.get(_url("indicator_create")).content.decode()

    assert "Eget mål" in page and "Egen gruppe" in page and "Køn: Piger" in page
    assert "Fremmed" not in page
    assert "numerators and denominators are added up across organisations" in page


def test_creating_an_indicator_goes_on_to_its_targets(secretariat, alliance):
    group = WorkGroupFactory(alliance=alliance)

    response = secretariat.post(_url("indicator_create"), _indicator_post(workgroups=[group.pk]))

    indicator = Indicator.objects.get(alliance=alliance)
    assert response.status_code == 302
    assert response["Location"] == _url("indicator_targets", pk=indicator.pk)
    assert indicator.name == "Unge der dyrker sport"
    assert list(indicator.workgroups.all()) == [group]


def test_a_foreign_group_in_the_post_is_refused(secretariat, alliance):
    foreign = WorkGroupFactory()

    response = secretariat.post(_url("indicator_create"), _indicator_post(workgroups=[foreign.pk]))

    assert response.status_code == 200
    assert "workgroups" in response.context["form"].errors
    assert not Indicator.objects.exists()


def test_a_priority_group_outside_the_chosen_breakdowns_is_refused_on_the_form(
    secretariat, alliance
):
    value = DimensionValueFactory(dimension=DimensionFactory(alliance=alliance))

    response = secretariat.post(_url("indicator_create"), _indicator_post(priority_value=value.pk))

    assert response.status_code == 200
    assert "priority_value" in response.context["form"].errors


def test_editing_keeps_the_heading_when_the_service_refuses(secretariat, alliance):
    indicator = IndicatorFactory(alliance=alliance, name="Aktive unge")
    DataPointFactory(indicator=indicator)

    response = secretariat.post(
        _url("indicator_edit", pk=indicator.pk),
        _indicator_post(name="Nyt navn", unit="count", aggregation="sum", frequency="monthly"),
    )

    assert response.status_code == 200
    assert "frequency cannot change" in response.content.decode()
    assert "<h1>Edit Aktive unge</h1>" in response.content.decode()
    indicator.refresh_from_db()
    assert indicator.name == "Aktive unge"


def test_editing_saves_and_returns_to_the_list(secretariat, alliance):
    indicator = IndicatorFactory(alliance=alliance)

    response = secretariat.post(
        _url("indicator_edit", pk=indicator.pk),
        _indicator_post(unit="count", aggregation="sum", is_public="on"),
    )

    assert response.status_code == 302
    indicator.refresh_from_db()
    assert indicator.is_public and indicator.code == "C2"


def test_deleting_is_refused_when_the_indicator_has_values(secretariat, alliance):
    indicator = IndicatorFactory(alliance=alliance, name="Aktive unge")
    DataPointFactory(indicator=indicator)

    response = secretariat.post(_url("indicator_delete", pk=indicator.pk), follow=True)

    assert "cannot be deleted" in response.content.decode()
    assert Indicator.objects.filter(pk=indicator.pk).exists()


def test_deleting_an_indicator_without_values(secretariat, alliance):
    indicator = IndicatorFactory(alliance=alliance)

    assert secretariat.get(_url("indicator_delete", pk=indicator.pk)).status_code == 405
    response = secretariat.post(_url("indicator_delete", pk=indicator.pk))

    assert response["Location"] == _url("indicator_list")
    assert not Indicator.objects.exists()


# --- baseline and targets ---------------------------------------------------------------------


def _targets_post(lines: list[dict], *, initial: int = 0, **baseline) -> dict:
    data = {
        "targets-TOTAL_FORMS": str(len(lines)),
        "targets-INITIAL_FORMS": str(initial),
        "targets-MIN_NUM_FORMS": "0",
        "targets-MAX_NUM_FORMS": "1000",
        "baseline_value": "",
        "baseline_period": "",
        "baseline_note": "",
        **baseline,
    }
    for index, line in enumerate(lines):
        for name, value in line.items():
            data[f"targets-{index}-{name}"] = value
    return data


def test_saving_targets_updates_the_summary_status(
    secretariat, alliance, secretary, django_capture_on_commit_callbacks, eager_celery
):
    indicator = IndicatorFactory(alliance=alliance)
    girls = DimensionValueFactory(dimension=DimensionFactory(alliance=alliance))
    indicator.dimensions.add(girls.dimension)
    datapoint = DataPointFactory(
        indicator=indicator,
        period=datetime.date(2025, 1, 1),
        value=10,
        status=DataPointStatus.SUBMITTED,
        approved_at=None,
    )
    with django_capture_on_commit_callbacks(execute=True):
        datapoint_approve(datapoints=[datapoint], user=secretary)
    assert Summary.objects.get(breakdown=None).target is None
    url = _url("indicator_targets", pk=indicator.pk)
    assert secretariat.get(url).status_code == 200

    with django_capture_on_commit_callbacks(execute=True):
        response = secretariat.post(
            url,
            _targets_post(
                [
                    {"period": "2025", "breakdown": "", "value": "8"},
                    {"period": "2030", "breakdown": str(girls.pk), "value": "20"},
                    {"period": "", "breakdown": "", "value": ""},  # an empty line
                ],
                baseline_value="7",
                baseline_period="2020",
                baseline_note="Før alliancen",
            ),
        )

    assert response.status_code == 302
    indicator.refresh_from_db()
    assert indicator.baseline_value == Decimal(7)
    assert indicator.baseline_period == datetime.date(2020, 1, 1)
    assert Target.objects.filter(indicator=indicator).count() == 2
    total = Summary.objects.get(breakdown=None)
    assert total.target == Decimal(8)
    assert total.status == SummaryStatus.ON_TRACK


def test_existing_targets_are_shown_and_can_be_deleted(secretariat, alliance):
    indicator = IndicatorFactory(alliance=alliance)
    TargetFactory(indicator=indicator, period=datetime.date(2030, 1, 1), value=Decimal("42.5"))
    url = _url("indicator_targets", pk=indicator.pk)

    page = secretariat.get(url).content.decode()
    assert 'value="2030"' in page and 'value="42.5"' in page

    response = secretariat.post(
        url,
        _targets_post(
            [{"period": "2030", "breakdown": "", "value": "42.5", "DELETE": "on"}], initial=1
        ),
    )

    assert response.status_code == 302
    assert not Target.objects.exists()


def test_a_bad_period_or_duplicate_target_is_shown_on_the_page(secretariat, alliance):
    indicator = IndicatorFactory(alliance=alliance)
    url = _url("indicator_targets", pk=indicator.pk)

    bad_period = secretariat.post(url, _targets_post([{"period": "snart", "value": "1"}]))
    duplicate = secretariat.post(
        url,
        _targets_post([{"period": "2030", "value": "1"}, {"period": "2030-06-01", "value": "2"}]),
    )
    broken = secretariat.post(url, {"baseline_value": "x"})  # no management form

    assert bad_period.status_code == 200
    assert "is not a period" in bad_period.content.decode()
    assert duplicate.status_code == 200
    assert "Target 2: There is already a target for 2030" in duplicate.content.decode()
    assert broken.status_code == 200
    assert not Target.objects.exists()


# --- breakdowns -------------------------------------------------------------------------------


def _values_post(name: str, lines: list[dict], *, initial: int = 0) -> dict:
    data = {
        "name": name,
        "position": "1",
        "values-TOTAL_FORMS": str(len(lines)),
        "values-INITIAL_FORMS": str(initial),
        "values-MIN_NUM_FORMS": "0",
        "values-MAX_NUM_FORMS": "1000",
    }
    for index, line in enumerate(lines):
        for key, value in line.items():
            data[f"values-{index}-{key}"] = value
    return data


def test_creating_a_breakdown_with_its_values(secretariat, alliance):
    assert secretariat.get(_url("dimension_create")).status_code == 200

    response = secretariat.post(
        _url("dimension_create"),
        _values_post("Uddannelse", [{"label": "Gymnasium"}, {"label": ""}, {"label": "EUD"}]),
    )

    assert response.status_code == 302
    dimension = Dimension.objects.get(alliance=alliance)
    assert list(dimension.values.values_list("label", flat=True)) == ["Gymnasium", "EUD"]


def test_editing_a_breakdown_renames_in_place_and_refuses_deleting_a_used_value(
    secretariat, alliance
):
    dimension = DimensionFactory(alliance=alliance, name="Køn")
    girls = DimensionValueFactory(dimension=dimension, label="Pigr", position=1)
    boys = DimensionValueFactory(dimension=dimension, label="Drenge", position=2)
    DataPointFactory(indicator=IndicatorFactory(alliance=alliance), breakdown=boys)
    url = _url("dimension_edit", pk=dimension.pk)
    assert 'value="Pigr"' in secretariat.get(url).content.decode()

    refused = secretariat.post(
        url,
        _values_post(
            "Køn",
            [
                {"value_id": girls.pk, "label": "Piger"},
                {"value_id": boys.pk, "label": "Drenge", "DELETE": "on"},
            ],
            initial=2,
        ),
    )
    assert refused.status_code == 200
    assert "“Drenge” has reported values" in refused.content.decode()

    saved = secretariat.post(
        url,
        _values_post(
            "Køn",
            [
                {"value_id": girls.pk, "label": "Piger"},
                {"value_id": boys.pk, "label": "Drenge"},
                {"label": "Andet"},
            ],
            initial=2,
        ),
    )

    assert saved.status_code == 302
    girls.refresh_from_db()
    assert girls.label == "Piger"
    assert list(dimension.values.values_list("label", flat=True)) == ["Piger", "Drenge", "Andet"]


def test_the_breakdown_list_shows_values_and_use(secretariat, alliance):
    dimension = DimensionFactory(alliance=alliance, name="Køn")
    DimensionValueFactory(dimension=dimension, label="Piger")
    IndicatorFactory(alliance=alliance).dimensions.add(dimension)

    response = secretariat.get(_url("dimension_list"))

    assert "Køn" in response.content.decode() and "Piger" in response.content.decode()
    assert response.context["dimensions"][0].indicator_count == 1
    assert DimensionValue.objects.count() == 1
