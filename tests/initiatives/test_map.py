"""The reinforcement map: what it shows, and that it reads a fixed number of queries."""

import datetime

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from initiatives.models import (
    Activity,
    ActivityGoal,
    ActivityLog,
    ActivityPartner,
    ActivityStatus,
    GoalStrength,
    PartnerRole,
)
from initiatives.selectors_map import reinforcement_map
from tests.factories import (
    AllianceFactory,
    FocusAreaFactory,
    GoalFactory,
    OrganisationFactory,
    WorkGroupFactory,
)

pytestmark = pytest.mark.django_db

TODAY = datetime.date(2026, 11, 27)


def _world(activities: int):
    alliance = AllianceFactory()
    area = FocusAreaFactory(alliance=alliance)
    goals = [GoalFactory(alliance=alliance, focus_area=area, title=f"Mål {n}") for n in range(4)]
    groups = [WorkGroupFactory(alliance=alliance) for _ in range(3)]
    partners = [OrganisationFactory(alliance=alliance) for _ in range(5)]
    created = Activity.objects.bulk_create(
        Activity(
            alliance=alliance,
            group=groups[n % 3],
            title=f"Aktivitet {n}",
            status=ActivityStatus.RUNNING if n % 4 else ActivityStatus.PAUSED,
            aims_at_priority_group=n % 2 == 0,
        )
        for n in range(activities)
    )
    ActivityGoal.objects.bulk_create(
        ActivityGoal(activity=activity, goal=goals[n % 3], strength=GoalStrength.MAIN)
        for n, activity in enumerate(created)
    )
    ActivityPartner.objects.bulk_create(
        ActivityPartner(activity=activity, organisation=partners[n % 5], role=PartnerRole.LEAD)
        for n, activity in enumerate(created)
    )
    ActivityLog.objects.bulk_create(
        ActivityLog(activity=activity, held_on=TODAY, participants_new=2, participants_returning=1)
        for activity in created
    )
    return alliance, goals, created


def _queries(alliance) -> int:
    with CaptureQueriesContext(connection) as queries:
        reinforcement_map(alliance=alliance, on=TODAY)
    return len(queries)


def test_the_map_reads_the_same_number_of_queries_for_10_and_500_activities():
    few, _goals, _ = _world(10)
    many, _goals, _ = _world(500)

    assert _queries(few) == _queries(many) <= 8


def test_the_map_counts_running_activities_reach_and_the_priority_group_per_goal():
    alliance, _goals, _activities = _world(8)

    result = reinforcement_map(alliance=alliance, on=TODAY)

    rows = {row.goal.title: row for row in result.goals}
    # activities 0..7 serve goals n % 3; 0 and 4 are paused; even ones aim at the priority group
    assert (rows["Mål 0"].running, rows["Mål 0"].reach, rows["Mål 0"].priority_running) == (
        2,
        6,
        1,
    )  # 3 and 6 run (0 paused); 6 aims at the priority group
    assert (rows["Mål 1"].running, rows["Mål 1"].priority_running) == (2, 0)  # 1 and 7; 4 paused
    assert rows["Mål 3"].is_gap and not rows["Mål 0"].is_gap
    assert [row.goal.title for row in result.gaps] == ["Mål 3"]
    assert len(rows["Mål 0"].cells) == 3  # paused activities stay on the map


def test_the_map_lists_possible_overlaps_between_groups():
    alliance, goals, activities = _world(4)

    result = reinforcement_map(alliance=alliance, on=TODAY)

    # 0 (paused) and 3 serve goal 0; 1 serves goal 1 and 2 goal 2: nothing to coordinate
    assert result.overlaps == []

    extra = Activity.objects.create(
        alliance=alliance,
        group=activities[1].group,
        title="Også mål 0",
        status=ActivityStatus.PLANNED,
    )
    ActivityGoal.objects.create(activity=extra, goal=goals[0])

    result = reinforcement_map(alliance=alliance, on=TODAY)

    assert [(o.first, o.second) for o in result.overlaps] == [(activities[3].pk, extra.pk)]
