"""Activities and their logs: what is checked, and how a log feeds the performance measures."""

import datetime
from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError

from initiatives.models import (
    ActivityStatus,
    EducationType,
    GoalStrength,
    MeasureSource,
    PartnerRole,
)
from initiatives.services import activity_log_delete, activity_log_save, activity_save
from measurement.models import (
    Aggregation,
    DataPoint,
    DataPointStatus,
    Frequency,
    IndicatorKind,
    PeriodLock,
    Unit,
)
from measurement.services import datapoint_approve
from tests.factories import (
    AllianceFactory,
    FocusAreaFactory,
    GoalFactory,
    OrganisationFactory,
    UserFactory,
    WorkGroupFactory,
)
from tests.measurement.factories import (
    DimensionFactory,
    DimensionValueFactory,
    IndicatorFactory,
)

pytestmark = pytest.mark.django_db

DAY = datetime.date(2026, 10, 9)


@pytest.fixture
def world():
    alliance = AllianceFactory()
    area = FocusAreaFactory(alliance=alliance)
    gender = DimensionFactory(alliance=alliance, name="Køn")
    girls = DimensionValueFactory(dimension=gender, label="Piger")
    boys = DimensionValueFactory(dimension=gender, label="Drenge")
    reached = IndicatorFactory(
        alliance=alliance,
        name="Deltagere",
        kind=IndicatorKind.HOW_MUCH,
        frequency=Frequency.QUARTERLY,
    )
    reached.dimensions.add(gender)
    satisfied = IndicatorFactory(
        alliance=alliance,
        name="Tilfredse",
        kind=IndicatorKind.HOW_WELL,
        unit=Unit.PERCENT,
        aggregation=Aggregation.RATIO,
        frequency=Frequency.QUARTERLY,
    )
    return {
        "alliance": alliance,
        "group": WorkGroupFactory(alliance=alliance),
        "other_group": WorkGroupFactory(alliance=alliance),
        "goal": GoalFactory(alliance=alliance, focus_area=area),
        "second_goal": GoalFactory(alliance=alliance, focus_area=area),
        "lead": OrganisationFactory(alliance=alliance, name="Ungdomshuset"),
        "venue": OrganisationFactory(alliance=alliance, name="Hallen"),
        "reached": reached,
        "satisfied": satisfied,
        "girls": girls,
        "boys": boys,
        "user": UserFactory(),
    }


def _activity(world, **overrides):
    arguments = {
        "alliance": world["alliance"],
        "user": world["user"],
        "group": world["group"],
        "title": "Fredagsfællesskab",
        "status": ActivityStatus.RUNNING,
        "goals": {
            world["goal"]: GoalStrength.MAIN,
            world["second_goal"]: GoalStrength.CONTRIBUTING,
        },
        "partners": {world["lead"]: PartnerRole.LEAD, world["venue"]: PartnerRole.VENUE},
        "education_types": [EducationType.PRIMARY, EducationType.GYMNASIUM],
        "measures": {
            world["reached"]: MeasureSource.PARTICIPANTS,
            world["satisfied"]: MeasureSource.SATISFIED_SHARE,
        },
    }
    arguments.update(overrides)
    return activity_save(**arguments)


def _points(indicator):
    return {
        (point.breakdown.label if point.breakdown else "total"): point
        for point in DataPoint.objects.filter(indicator=indicator).select_related("breakdown")
    }


# --- the activity ------------------------------------------------------------------------------


def test_an_activity_keeps_its_goals_partners_target_group_and_measures(world):
    activity = _activity(world)

    assert {(link.goal, link.strength) for link in activity.goal_links.all()} == {
        (world["goal"], GoalStrength.MAIN),
        (world["second_goal"], GoalStrength.CONTRIBUTING),
    }
    assert {(p.organisation.name, p.role) for p in activity.partners.all()} == {
        ("Ungdomshuset", PartnerRole.LEAD),
        ("Hallen", PartnerRole.VENUE),
    }
    assert set(activity.education_types.values_list("education_type", flat=True)) == {
        EducationType.PRIMARY,
        EducationType.GYMNASIUM,
    }

    # when the goals and measures change, the links follow
    _activity(
        world,
        activity=activity,
        goals={world["second_goal"]: GoalStrength.MAIN},
        measures={world["reached"]: MeasureSource.NEW_PARTICIPANTS},
        education_types=[],
    )

    assert [(link.goal, link.strength) for link in activity.goal_links.all()] == [
        (world["second_goal"], GoalStrength.MAIN)
    ]
    assert [(m.indicator, m.source) for m in activity.measures.all()] == [
        (world["reached"], MeasureSource.NEW_PARTICIPANTS)
    ]
    assert not activity.education_types.exists()


def test_a_population_indicator_is_no_performance_measure(world):
    population = IndicatorFactory(alliance=world["alliance"], kind=IndicatorKind.POPULATION)

    with pytest.raises(ValidationError) as error:
        _activity(world, measures={population: MeasureSource.PARTICIPANTS})

    assert "measures" in error.value.message_dict


def test_satisfied_answers_feed_only_a_share(world):
    with pytest.raises(ValidationError):
        _activity(world, measures={world["reached"]: MeasureSource.SATISFIED_SHARE})


def test_measures_need_a_lead_partner(world):
    with pytest.raises(ValidationError) as error:
        _activity(world, partners={world["venue"]: PartnerRole.VENUE})

    assert "measures" in error.value.message_dict


def test_another_alliances_goal_is_refused(world):
    stranger = GoalFactory()

    with pytest.raises(ValidationError) as error:
        _activity(world, goals={stranger: GoalStrength.MAIN})

    assert "goals" in error.value.message_dict


def test_an_activity_cannot_end_before_it_starts(world):
    with pytest.raises(ValidationError) as error:
        _activity(world, starts_on=DAY, ends_on=DAY - datetime.timedelta(days=1))

    assert "ends_on" in error.value.message_dict


# --- the log feeds the measures ----------------------------------------------------------------


def test_a_log_entry_becomes_submitted_data_points_of_its_measures(world):
    activity = _activity(world)

    activity_log_save(
        activity=activity,
        user=world["user"],
        held_on=DAY,
        participants_new=5,
        participants_returning=12,
        satisfaction_answers=10,
        satisfaction_positive=8,
        breakdowns={world["girls"]: 9, world["boys"]: 8},
    )

    reached = _points(world["reached"])
    assert reached["total"].value == Decimal(17)
    assert reached["Piger"].value == Decimal(9)
    assert reached["Drenge"].value == Decimal(8)
    assert {p.status for p in reached.values()} == {DataPointStatus.SUBMITTED}
    assert {p.period for p in reached.values()} == {datetime.date(2026, 10, 1)}
    assert {p.organisation for p in reached.values()} == {world["lead"]}
    share = _points(world["satisfied"])["total"]
    assert (share.numerator, share.denominator) == (Decimal(8), Decimal(10))


def test_the_sessions_of_a_period_add_up_and_a_waiting_value_takes_the_new_total(world):
    activity = _activity(world)
    for day, new in ((DAY, 5), (DAY + datetime.timedelta(days=7), 3)):
        activity_log_save(activity=activity, user=world["user"], held_on=day, participants_new=new)

    assert _points(world["reached"])["total"].value == Decimal(8)
    assert DataPoint.objects.filter(indicator=world["reached"]).count() == 1


def test_a_log_in_another_quarter_feeds_that_quarter(world):
    activity = _activity(world)
    activity_log_save(activity=activity, user=world["user"], held_on=DAY, participants_new=5)
    log = activity_log_save(
        activity=activity,
        user=world["user"],
        held_on=datetime.date(2027, 1, 8),
        participants_new=4,
    )

    periods = dict(
        DataPoint.objects.filter(indicator=world["reached"]).values_list("period", "value")
    )
    assert periods == {
        datetime.date(2026, 10, 1): Decimal(5),
        datetime.date(2027, 1, 1): Decimal(4),
    }

    # moving the entry into the first quarter moves its participants there
    activity_log_save(
        activity=activity, user=world["user"], held_on=DAY, participants_new=4, log=log
    )

    periods = dict(
        DataPoint.objects.filter(indicator=world["reached"]).values_list("period", "value")
    )
    assert periods == {
        datetime.date(2026, 10, 1): Decimal(9),
        datetime.date(2027, 1, 1): Decimal(0),
    }


def test_two_activities_of_one_lead_partner_add_up(world):
    first = _activity(world)
    second = _activity(world, title="Morgenmadsklub", group=world["other_group"])
    activity_log_save(activity=first, user=world["user"], held_on=DAY, participants_new=5)
    activity_log_save(activity=second, user=world["user"], held_on=DAY, participants_new=7)

    assert _points(world["reached"])["total"].value == Decimal(12)


def test_after_approval_a_new_session_waits_as_a_new_value(world):
    activity = _activity(world)
    activity_log_save(activity=activity, user=world["user"], held_on=DAY, participants_new=5)
    datapoint_approve(
        datapoints=DataPoint.objects.filter(indicator=world["reached"]), user=world["user"]
    )

    activity_log_save(
        activity=activity,
        user=world["user"],
        held_on=DAY + datetime.timedelta(days=7),
        participants_new=2,
    )

    totals = DataPoint.objects.filter(indicator=world["reached"], breakdown=None)
    assert sorted((p.status, p.value) for p in totals) == [
        (DataPointStatus.APPROVED, Decimal(5)),
        (DataPointStatus.SUBMITTED, Decimal(7)),
    ]


def test_deleting_the_last_entry_of_a_period_leaves_zero(world):
    activity = _activity(world)
    log = activity_log_save(activity=activity, user=world["user"], held_on=DAY, participants_new=5)

    activity_log_delete(log=log, user=world["user"])

    assert _points(world["reached"])["total"].value == Decimal(0)


def test_breakdowns_cannot_exceed_the_participants(world):
    activity = _activity(world)

    with pytest.raises(ValidationError) as error:
        activity_log_save(
            activity=activity,
            user=world["user"],
            held_on=DAY,
            participants_new=3,
            breakdowns={world["girls"]: 2, world["boys"]: 2},
        )

    assert "breakdowns" in error.value.message_dict
    assert not activity.logs.exists()


def test_more_satisfied_answers_than_answers_is_refused(world):
    activity = _activity(world)

    with pytest.raises(ValidationError):
        activity_log_save(
            activity=activity,
            user=world["user"],
            held_on=DAY,
            satisfaction_answers=2,
            satisfaction_positive=3,
        )


def test_a_locked_period_refuses_the_entry_and_saves_nothing(world):
    activity = _activity(world)
    PeriodLock.objects.create(
        alliance=world["alliance"], frequency=Frequency.QUARTERLY, period=datetime.date(2026, 10, 1)
    )

    with pytest.raises(ValidationError):
        activity_log_save(activity=activity, user=world["user"], held_on=DAY, participants_new=5)

    assert not activity.logs.exists()
    assert not DataPoint.objects.exists()
