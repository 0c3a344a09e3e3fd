"""The reads of the activity pages: the filters' rules, the young people's list, the calendar and
an activity's figures by period."""

import datetime

import pytest

from initiatives.models import ActivityStatus, Area, EducationType, MeasureSource, PartnerRole
from initiatives.selectors import (
    ActivityFilters,
    activity_calendar,
    activity_get,
    activity_list,
    activity_page,
    groups_for_activities,
    joinable_activities,
)
from initiatives.services import activity_log_save, activity_save
from measurement.models import Aggregation, Frequency, IndicatorKind, Unit
from tests.factories import (
    AllianceFactory,
    MembershipFactory,
    OrganisationFactory,
    UserFactory,
    WorkGroupFactory,
)
from tests.measurement.factories import IndicatorFactory
from workgroups.models import GroupRole
from workgroups.services import group_member_add

pytestmark = pytest.mark.django_db

TODAY = datetime.date(2026, 11, 25)  # a Wednesday


@pytest.fixture
def alliance():
    return AllianceFactory()


def _save(alliance, title, group=None, **fields):
    return activity_save(
        alliance=alliance,
        user=None,
        group=group or WorkGroupFactory(alliance=alliance),
        title=title,
        **fields,
    )


def _titles(activities):
    return [activity.title for activity in activities]


def test_target_group_filters_treat_none_listed_as_every_one(alliance):
    hong = Area.objects.create(alliance=alliance, name="Høng")
    by = Area.objects.create(alliance=alliance, name="Kalundborg by")
    _save(alliance, "For alle")
    _save(alliance, "Gymnasiet i Høng", education_types=[EducationType.GYMNASIUM], areas=[hong])
    _save(alliance, "Folkeskolen i byen", education_types=[EducationType.PRIMARY], areas=[by])
    _save(alliance, "13-15", age_min=13, age_max=15)

    def found(**filters):
        return _titles(activity_list(alliance=alliance, filters=ActivityFilters(**filters)))

    assert found(education_type=EducationType.GYMNASIUM) == [
        "13-15",
        "For alle",
        "Gymnasiet i Høng",
    ]
    assert found(area=hong) == ["13-15", "For alle", "Gymnasiet i Høng"]
    assert found(age=16) == ["Folkeskolen i byen", "For alle", "Gymnasiet i Høng"]
    assert found(words="høng gymnasiet") == ["Gymnasiet i Høng"]


def test_young_people_see_only_public_activities_still_to_come(alliance):
    _save(alliance, "Vi ses", is_public=True, status=ActivityStatus.RUNNING)
    _save(alliance, "Intern", is_public=False, status=ActivityStatus.RUNNING)
    _save(alliance, "En idé", is_public=True, status=ActivityStatus.IDEA)
    _save(alliance, "Sat på pause", is_public=True, status=ActivityStatus.PAUSED)
    _save(
        alliance,
        "Slut i går",
        is_public=True,
        status=ActivityStatus.RUNNING,
        starts_on=TODAY - datetime.timedelta(days=30),
        ends_on=TODAY - datetime.timedelta(days=1),
    )
    _save(alliance, "Slutter i dag", is_public=True, ends_on=TODAY)

    assert _titles(joinable_activities(alliance=alliance, today=TODAY)) == [
        "Slutter i dag",
        "Vi ses",
    ]


def test_the_calendar_starts_on_this_weeks_monday_and_lists_undated_activities_apart(alliance):
    _save(alliance, "I næste uge", starts_on=TODAY + datetime.timedelta(days=7))
    _save(alliance, "Om ti uger", starts_on=TODAY + datetime.timedelta(days=70))
    _save(alliance, "Løbende")
    _save(alliance, "Færdig", status=ActivityStatus.FINISHED, starts_on=TODAY)

    calendar = activity_calendar(alliance=alliance, today=TODAY)

    assert len(calendar.weeks) == 8
    assert calendar.weeks[0].first_day == datetime.date(2026, 11, 23)
    assert _titles(calendar.weeks[0].activities) == []
    assert _titles(calendar.weeks[1].activities) == ["I næste uge"]
    assert _titles(calendar.weeks[7].activities) == ["I næste uge"]  # it runs on
    assert _titles(calendar.ongoing) == ["Løbende"]


def test_an_activitys_figures_by_period_come_from_its_log_and_measurement(alliance):
    lead = OrganisationFactory(alliance=alliance)
    reached = IndicatorFactory(
        alliance=alliance, kind=IndicatorKind.HOW_MUCH, frequency=Frequency.QUARTERLY
    )
    satisfied = IndicatorFactory(
        alliance=alliance,
        kind=IndicatorKind.HOW_WELL,
        unit=Unit.PERCENT,
        aggregation=Aggregation.RATIO,
        frequency=Frequency.QUARTERLY,
    )
    activity = _save(
        alliance,
        "Fredagsklub",
        status=ActivityStatus.RUNNING,
        partners={lead: PartnerRole.LEAD},
        measures={
            reached: MeasureSource.NEW_PARTICIPANTS,
            satisfied: MeasureSource.SATISFIED_SHARE,
        },
    )
    for day, new in ((datetime.date(2026, 10, 2), 3), (datetime.date(2026, 7, 3), 5)):
        activity_log_save(
            activity=activity,
            user=None,
            held_on=day,
            participants_new=new,
            participants_returning=10,
            satisfaction_answers=4,
            satisfaction_positive=3,
        )

    page = activity_page(activity=activity_get(alliance=alliance, pk=activity.pk))

    assert page.totals.participants == 28
    assert [log.held_on.month for log in page.logs] == [10, 7]
    by_indicator = {table.measure.indicator: table for table in page.measures}
    assert [(row.own, row.reported) for row in by_indicator[reached].rows] == [
        ("3", "3"),
        ("5", "5"),
    ]
    assert [(row.own, row.reported) for row in by_indicator[satisfied].rows] == [
        ("75 %", "75 %"),
        ("75 %", "75 %"),
    ]


def test_a_coordinator_chooses_among_the_groups_they_manage(alliance):
    own, other = WorkGroupFactory(alliance=alliance), WorkGroupFactory(alliance=alliance)
    WorkGroupFactory(alliance=alliance, is_archived=True)
    user = UserFactory()
    membership = MembershipFactory(user=user, alliance=alliance, role="coordinator")
    group_member_add(group=own, user=user, role=GroupRole.COORDINATOR)
    group_member_add(group=other, user=user)

    assert list(groups_for_activities(user=user, membership=membership, alliance=alliance)) == [own]
