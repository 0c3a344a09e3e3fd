"""The secretariat's review pages: values waiting for approval (approve one, many, return with a
reason), undo and correct an approval, one value's history and evidence, periods with their
locks and the late working groups."""

from __future__ import annotations

import datetime
from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from alliance.models import Role
from measurement.models import (
    DataPoint,
    DataPointStatus,
    Frequency,
    PeriodLock,
    Summary,
)
from measurement.periods import period_due
from measurement.selectors_review import late_reporting
from measurement.services import datapoint_approve, period_lock
from tests.factories import (
    AllianceFactory,
    MembershipFactory,
    OrganisationFactory,
    UserFactory,
    WorkGroupFactory,
)
from tests.measurement.factories import (
    DataPointFactory,
    DimensionFactory,
    DimensionValueFactory,
    IndicatorFactory,
)
from workgroups.models import GroupRole
from workgroups.services import group_member_add

pytestmark = pytest.mark.django_db
Y2024 = datetime.date(2024, 1, 1)
Y2025 = datetime.date(2025, 1, 1)


@pytest.fixture
def world():
    alliance = AllianceFactory(slug="ung")
    school = OrganisationFactory(alliance=alliance, name="Skolen")
    club = OrganisationFactory(alliance=alliance, name="Klubben")
    group = WorkGroupFactory(alliance=alliance, name="Udskoling", slug="udskoling")
    coordinator = UserFactory(full_name="Kim Koordinator")
    MembershipFactory(
        user=coordinator, alliance=alliance, role=Role.COORDINATOR, organisation=school
    )
    group_member_add(group=group, user=coordinator, role=GroupRole.COORDINATOR, organisation=school)
    secretary = UserFactory(full_name="Sara Sekretær")
    MembershipFactory(user=secretary, alliance=alliance, role=Role.SECRETARIAT)
    gender = DimensionFactory(alliance=alliance, name="Køn")
    girls = DimensionValueFactory(dimension=gender, label="Piger", position=1)
    indicator = IndicatorFactory(alliance=alliance, code="A1", name="Aktive unge")
    indicator.workgroups.add(group)
    indicator.dimensions.add(gender)
    return {
        "alliance": alliance,
        "school": school,
        "club": club,
        "group": group,
        "coordinator": coordinator,
        "secretary": secretary,
        "girls": girls,
        "indicator": indicator,
    }


def _url(name: str, world, **kwargs) -> str:
    return reverse(f"measurement:{name}", kwargs={"alliance_slug": "ung", **kwargs})


def _submitted(world, value="10", **kwargs) -> DataPoint:
    kwargs.setdefault("indicator", world["indicator"])
    kwargs.setdefault("organisation", world["school"])
    kwargs.setdefault("period", Y2025)
    kwargs.setdefault("entered_by", world["coordinator"])
    return DataPointFactory(
        value=Decimal(value), status=DataPointStatus.SUBMITTED, approved_at=None, **kwargs
    )


def _as(client, user):
    """The client logged in as `user`, reading the pages in English."""
    client.force_login(user)
    client.cookies["django_language"] = "en"
    return client


# --- the list of values waiting -------------------------------------------------------------


def test_the_list_shows_a_waiting_value_with_the_previous_period_and_flags_a_jump(client, world):
    DataPointFactory(
        indicator=world["indicator"], organisation=world["school"], period=Y2024, value=10
    )
    waiting = _submitted(world, "16", comment="Flere hold i år")
    steady = _submitted(world, "11", organisation=world["club"])
    DataPointFactory(
        indicator=world["indicator"], organisation=world["club"], period=Y2024, value=10
    )

    response = _as(client, world["secretary"]).get(_url("approvals", world))

    assert response.status_code == 200
    page = response.content.decode()
    assert "Aktive unge" in page and "Flere hold i år" in page
    assert "Kim Koordinator" in page
    assert "+60 %" in page and "+10 %" in page
    assert page.count("Large change") == 1
    groups = response.context["groups"]
    assert [row.datapoint for row in groups[0].rows] == [steady, waiting]  # by organisation
    assert groups[0].rows[1].is_jump and not groups[0].rows[0].is_jump


def test_a_percent_shows_numerator_denominator_and_the_percent(client, world):
    from measurement.models import Aggregation, Unit

    ratio = IndicatorFactory(
        alliance=world["alliance"], unit=Unit.PERCENT, aggregation=Aggregation.RATIO
    )
    DataPointFactory(
        indicator=ratio,
        organisation=world["school"],
        period=Y2025,
        value=None,
        numerator=30,
        denominator=120,
        status=DataPointStatus.SUBMITTED,
        approved_at=None,
    )

    response = _as(client, world["secretary"]).get(_url("approvals", world))

    assert "30 of 120 = 25 %" in response.content.decode()


def test_the_list_filters_by_indicator_group_and_period(client, world):
    other = IndicatorFactory(alliance=world["alliance"], name="Andet tal")
    _submitted(world, "10")
    _submitted(world, "5", indicator=other)
    _submitted(world, "7", period=Y2024)
    client = _as(client, world["secretary"])

    by_indicator = client.get(_url("approvals", world), {"indicator": other.pk})
    by_group = client.get(_url("approvals", world), {"group": world["group"].pk})
    by_period = client.get(_url("approvals", world), {"period": "yearly:2024-01-01"})

    assert by_indicator.context["page"].paginator.count == 1
    assert by_group.context["page"].paginator.count == 2
    assert by_period.context["page"].paginator.count == 1


def test_the_list_does_not_show_another_alliances_values(client, world):
    foreign = IndicatorFactory(name="Fremmed indikator")
    DataPointFactory(indicator=foreign, status=DataPointStatus.SUBMITTED, approved_at=None)

    response = _as(client, world["secretary"]).get(_url("approvals", world))

    assert "Fremmed indikator" not in response.content.decode()
    assert response.context["page"].paginator.count == 0


@pytest.mark.parametrize("rows", [3, 30])
def test_the_list_runs_the_same_queries_for_3_and_30_rows(
    client, world, django_assert_num_queries, rows
):
    organisations = [
        OrganisationFactory(alliance=world["alliance"], name=f"Org {n}") for n in range(rows)
    ]
    for organisation in organisations:
        DataPointFactory(
            indicator=world["indicator"], organisation=organisation, period=Y2024, value=4
        )
        _submitted(world, "5", organisation=organisation, comment="ok")
        DataPointFactory(indicator=world["indicator"], organisation=organisation, period=Y2023)
    client = _as(client, world["secretary"])
    client.get(_url("approvals", world))  # warm the session

    # session, user, alliance, membership, period choices, count, rows, approved values,
    # recent approvals, filter choices (indicators, groups)
    with django_assert_num_queries(11):
        response = client.get(_url("approvals", world))

    assert len(response.context["groups"][0].rows) == rows


Y2023 = datetime.date(2023, 1, 1)


# --- approving --------------------------------------------------------------------------------


def test_approving_one_value_approves_it_and_recomputes_the_summary(
    client, world, django_capture_on_commit_callbacks, eager_celery
):
    datapoint = _submitted(world, "12")
    client = _as(client, world["secretary"])

    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(_url("approvals_approve", world), {"only": datapoint.pk})

    assert response.status_code == 302
    assert response["Location"] == _url("approvals", world)
    datapoint.refresh_from_db()
    assert datapoint.status == DataPointStatus.APPROVED
    assert datapoint.approved_by == world["secretary"]
    total = Summary.objects.get(indicator=world["indicator"], period=Y2025, breakdown=None)
    assert total.value == Decimal("12")
    page = client.get(response["Location"]).content.decode()
    assert "1 value was approved" in page


def test_bulk_approval_of_three_values(
    client, world, django_capture_on_commit_callbacks, eager_celery
):
    points = [
        _submitted(world, "1"),
        _submitted(world, "2", organisation=world["club"]),
        _submitted(world, "3", breakdown=world["girls"]),
    ]
    left = _submitted(world, "9", period=Y2024)

    with django_capture_on_commit_callbacks(execute=True):
        response = _as(client, world["secretary"]).post(
            _url("approvals_approve", world),
            {"datapoint": [p.pk for p in points], "indicator": str(world["indicator"].pk)},
        )

    assert response.status_code == 302
    assert response["Location"] == _url("approvals", world) + f"?indicator={world['indicator'].pk}"
    assert DataPoint.objects.filter(status=DataPointStatus.APPROVED).count() == 3
    left.refresh_from_db()
    assert left.status == DataPointStatus.SUBMITTED
    assert Summary.objects.get(period=Y2025, breakdown=None).value == Decimal("3")


def test_one_groups_button_approves_its_rows(client, world):
    points = [_submitted(world, "1"), _submitted(world, "2", organisation=world["club"])]

    _as(client, world["secretary"]).post(
        _url("approvals_approve", world), {"ids": f"{points[0].pk},{points[1].pk}"}
    )

    assert DataPoint.objects.filter(status=DataPointStatus.APPROVED).count() == 2


def test_approving_nothing_or_rubbish_changes_nothing_and_says_so(client, world):
    datapoint = _submitted(world)
    client = _as(client, world["secretary"])

    empty = client.post(_url("approvals_approve", world), {}, follow=True)
    rubbish = client.post(_url("approvals_approve", world), {"datapoint": "x"}, follow=True)

    assert "Choose the values to approve first." in empty.content.decode()
    assert "could not be read" in rubbish.content.decode()
    datapoint.refresh_from_db()
    assert datapoint.status == DataPointStatus.SUBMITTED


def test_another_alliances_value_cannot_be_approved_through_this_alliance(client, world):
    foreign = DataPointFactory(status=DataPointStatus.SUBMITTED, approved_at=None)

    _as(client, world["secretary"]).post(_url("approvals_approve", world), {"only": foreign.pk})

    foreign.refresh_from_db()
    assert foreign.status == DataPointStatus.SUBMITTED


def test_a_coordinator_cannot_approve(client, world):
    datapoint = _submitted(world)
    client = _as(client, world["coordinator"])

    assert client.get(_url("approvals", world)).status_code == 403
    response = client.post(_url("approvals_approve", world), {"only": datapoint.pk})

    assert response.status_code == 403
    datapoint.refresh_from_db()
    assert datapoint.status == DataPointStatus.SUBMITTED


def test_a_locked_period_blocks_approval_with_a_message(client, world):
    datapoint = _submitted(world)
    period_lock(alliance=world["alliance"], frequency=Frequency.YEARLY, period=Y2025, user=None)

    response = _as(client, world["secretary"]).post(
        _url("approvals_approve", world), {"only": datapoint.pk}, follow=True
    )

    assert "2025 is locked" in response.content.decode()
    datapoint.refresh_from_db()
    assert datapoint.status == DataPointStatus.SUBMITTED


def test_the_approve_url_is_post_only(client, world):
    response = _as(client, world["secretary"]).get(_url("approvals_approve", world))

    assert response.status_code == 405


# --- returning, undoing, correcting ---------------------------------------------------------


def test_returning_needs_a_reason(client, world):
    datapoint = _submitted(world)
    client = _as(client, world["secretary"])
    url = _url("datapoint_return", world, pk=datapoint.pk)

    assert client.get(url).status_code == 200
    refused = client.post(url, {"reason": "  "})
    assert refused.status_code == 200
    assert "This field is required." in refused.content.decode()
    datapoint.refresh_from_db()
    assert datapoint.status == DataPointStatus.SUBMITTED

    response = client.post(url, {"reason": "Tallet ser for højt ud"})

    assert response.status_code == 302
    datapoint.refresh_from_db()
    assert datapoint.status == DataPointStatus.RETURNED
    assert datapoint.return_reason == "Tallet ser for højt ud"


def test_another_alliances_value_is_a_404_on_every_value_page(client, world):
    foreign = DataPointFactory(status=DataPointStatus.SUBMITTED, approved_at=None)
    client = _as(client, world["secretary"])

    for name in (
        "datapoint_return",
        "datapoint_unapprove",
        "datapoint_correct",
        "datapoint_detail",
        "datapoint_evidence",
    ):
        assert client.get(_url(name, world, pk=foreign.pk)).status_code == 404, name


def test_undoing_an_approval_returns_the_value_and_recomputes(
    client, world, django_capture_on_commit_callbacks, eager_celery
):
    datapoint = _submitted(world, "12")
    with django_capture_on_commit_callbacks(execute=True):
        datapoint_approve(datapoints=[datapoint], user=world["secretary"])
    assert Summary.objects.filter(indicator=world["indicator"]).exists()
    client = _as(client, world["secretary"])
    url = _url("datapoint_unapprove", world, pk=datapoint.pk)

    assert client.get(url).status_code == 200
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(url, {"reason": "Godkendt ved en fejl"})

    assert response.status_code == 302
    datapoint.refresh_from_db()
    assert datapoint.status == DataPointStatus.RETURNED
    assert Summary.objects.filter(indicator=world["indicator"]).count() == 0


def test_the_secretariat_corrects_an_approved_value_and_approves_it_at_once(
    client, world, django_capture_on_commit_callbacks, eager_celery
):
    old = _submitted(world, "12")
    datapoint_approve(datapoints=[old], user=world["secretary"])
    client = _as(client, world["secretary"])
    client.cookies["django_language"] = "da"  # a decimal comma
    url = _url("datapoint_correct", world, pk=old.pk)

    assert client.get(url).status_code == 200
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(url, {"value": "13,5", "approve": "on", "comment": "Tastefejl"})

    correction = DataPoint.objects.get(supersedes=old)
    assert response.status_code == 302
    assert response["Location"] == _url("datapoint_detail", world, pk=correction.pk)
    assert correction.status == DataPointStatus.APPROVED
    assert correction.value == Decimal("13.5")
    assert Summary.objects.get(period=Y2025, breakdown=None).value == Decimal("13.5")
    # the history page shows both versions, the new one counting
    detail = client.get(response["Location"])
    history = detail.context["history"]
    assert [entry["datapoint"] for entry in history] == [old, correction]
    assert [entry["is_current"] for entry in history] == [False, True]


def test_a_correction_with_the_same_figures_is_refused_on_the_form(client, world):
    old = _submitted(world, "12")
    datapoint_approve(datapoints=[old], user=world["secretary"])

    response = _as(client, world["secretary"]).post(
        _url("datapoint_correct", world, pk=old.pk), {"value": "12"}
    )

    assert response.status_code == 200
    assert "same figures" in response.content.decode()


# --- evidence ---------------------------------------------------------------------------------


@pytest.fixture
def evidence_point(world, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    datapoint = _submitted(world)
    datapoint.evidence = SimpleUploadedFile("optælling.csv", b"antal\n10\n")
    datapoint.save()
    return datapoint


def test_evidence_downloads_for_the_secretariat_and_the_reporter(client, world, evidence_point):
    url = _url("datapoint_evidence", world, pk=evidence_point.pk)

    for user in (world["secretary"], world["coordinator"]):
        response = _as(client, user).get(url)
        assert response.status_code == 200
        assert response["Content-Disposition"].startswith("attachment")
        assert response["X-Content-Type-Options"] == "nosniff"
        assert b"".join(response.streaming_content) == b"antal\n10\n"


def test_evidence_is_refused_to_other_members_and_to_other_alliances(client, world, evidence_point):
    url = _url("datapoint_evidence", world, pk=evidence_point.pk)
    colleague = UserFactory()
    MembershipFactory(user=colleague, alliance=world["alliance"], role=Role.COORDINATOR)
    outsider = UserFactory()
    MembershipFactory(user=outsider, role=Role.SECRETARIAT)

    assert _as(client, colleague).get(url).status_code == 403
    assert _as(client, outsider).get(url).status_code == 404


def test_a_value_without_evidence_has_no_download(client, world):
    datapoint = _submitted(world)

    response = _as(client, world["secretary"]).get(
        _url("datapoint_evidence", world, pk=datapoint.pk)
    )

    assert response.status_code == 404


# --- periods ----------------------------------------------------------------------------------


def test_the_periods_page_locks_and_unlocks_a_period(client, world):
    client = _as(client, world["secretary"])

    assert client.get(_url("periods", world)).status_code == 200
    locked = client.post(_url("period_lock", world), {"frequency": "yearly", "period": "2025"})
    assert locked.status_code == 302
    assert PeriodLock.objects.filter(alliance=world["alliance"], period=Y2025).exists()

    unlocked = client.post(
        _url("period_unlock", world), {"frequency": "yearly", "period": "2025-01-01"}
    )
    assert unlocked.status_code == 302
    assert not PeriodLock.objects.exists()


@pytest.mark.parametrize(
    "data",
    [
        {},
        {"frequency": "weekly", "period": "2025"},
        {"frequency": "yearly", "period": "næste år"},
        {"frequency": "monthly", "period": "2025-13"},
    ],
)
def test_locking_bad_input_is_a_400_with_a_message(client, world, data):
    response = _as(client, world["secretary"]).post(_url("period_lock", world), data)

    assert response.status_code == 400
    assert "Choose a frequency and write a period" in response.content.decode()
    assert not PeriodLock.objects.exists()


@pytest.fixture
def two_groups(world):
    """A second group, Fritid, reporting the indicator from the club."""
    group = WorkGroupFactory(alliance=world["alliance"], name="Fritid")
    reporter = UserFactory()
    MembershipFactory(user=reporter, alliance=world["alliance"], role=Role.COORDINATOR)
    group_member_add(
        group=group, user=reporter, role=GroupRole.COORDINATOR, organisation=world["club"]
    )
    world["indicator"].workgroups.add(group)
    return reporter


def test_the_lock_service_refuses_an_unknown_frequency(world):
    with pytest.raises(ValidationError) as error:
        period_lock(alliance=world["alliance"], frequency="weekly", period=Y2025, user=None)

    assert "frequency" in error.value.message_dict


def test_the_late_list_shows_a_group_without_data_and_not_one_that_reported(world, two_groups):
    today = datetime.date(2026, 3, 1)
    due = period_due(Frequency.YEARLY, today)
    # Udskoling reported the year before, not the due year; Fritid reported the due year
    DataPointFactory(
        indicator=world["indicator"], organisation=world["school"], period=Y2024, value=3
    )
    _submitted(world, organisation=world["club"], period=due, entered_by=two_groups)

    late = late_reporting(world["alliance"], today)

    assert [(item.group.name, item.indicator.name) for item in late] == [
        ("Udskoling", "Aktive unge")
    ]
    assert late[0].period == due
    assert late[0].coordinators == ("Kim Koordinator",)


def test_when_nobody_reported_every_reporting_group_is_late(world, two_groups):
    late = late_reporting(world["alliance"], datetime.date(2026, 3, 1))

    assert {item.group.name for item in late} == {"Udskoling", "Fritid"}


def test_a_group_that_does_not_usually_report_is_not_late_when_others_did(world, two_groups):
    # the secretariat entered the due year for the club; Udskoling never reports this figure
    _submitted(world, organisation=world["club"], period=Y2025, entered_by=world["secretary"])

    late = late_reporting(world["alliance"], datetime.date(2026, 3, 1))

    assert late == []


def test_a_value_entered_by_a_group_member_counts_as_the_groups_report(world):
    today = datetime.date(2026, 3, 1)
    outside = OrganisationFactory(alliance=world["alliance"], name="Udenfor")
    _submitted(world, organisation=outside, period=period_due(Frequency.YEARLY, today))

    assert late_reporting(world["alliance"], today) == []


def test_a_draft_or_returned_value_does_not_count_as_reported(world):
    today = datetime.date(2026, 3, 1)
    due = period_due(Frequency.YEARLY, today)
    DataPointFactory(
        indicator=world["indicator"],
        organisation=world["school"],
        period=due,
        status=DataPointStatus.DRAFT,
        approved_at=None,
    )

    assert len(late_reporting(world["alliance"], today)) == 1


def test_the_periods_page_shows_the_late_count(client, world):
    response = _as(client, world["secretary"]).get(_url("periods", world))

    page = response.content.decode()
    assert "1 report is late" in page
    assert "Udskoling" in page


@pytest.mark.parametrize("indicators", [2, 12])
def test_the_periods_page_runs_the_same_queries_for_few_and_many_indicators(
    client, world, django_assert_num_queries, indicators
):
    for n in range(indicators):
        indicator = IndicatorFactory(
            alliance=world["alliance"],
            frequency=[Frequency.YEARLY, Frequency.QUARTERLY][n % 2],
        )
        group = WorkGroupFactory(alliance=world["alliance"])
        indicator.workgroups.add(group)
        _submitted(world, indicator=indicator, period=indicator_period(indicator))
    client = _as(client, world["secretary"])
    client.get(_url("periods", world))

    # session, user, alliance, membership; overview: frequencies, counts, locks; older locks;
    # late: indicators, their groups, data points, seats, lead organisations
    with django_assert_num_queries(13):
        client.get(_url("periods", world))


def indicator_period(indicator) -> datetime.date:
    from measurement.periods import period_start

    return period_start(indicator.frequency, datetime.date.today())
