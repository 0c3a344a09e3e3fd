"""The gap and overlap rules of the reinforcement map, on hand-made activities."""

import datetime

import pytest

from initiatives.models import ActivityStatus
from initiatives.reinforcement import (
    ActivityFacts,
    gap_goal_ids,
    is_running,
    possible_overlap,
    possible_overlaps,
    same_target_group,
)

TODAY = datetime.date(2026, 11, 27)
D = datetime.date


def facts(pk, *, group=1, status=ActivityStatus.RUNNING, goals=(1,), **kwargs) -> ActivityFacts:
    return ActivityFacts(pk=pk, group_id=group, status=status, goal_ids=frozenset(goals), **kwargs)


# --- running ---------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("status", "starts_on", "ends_on", "expected"),
    [
        (ActivityStatus.RUNNING, None, None, True),
        (ActivityStatus.RUNNING, D(2026, 1, 1), D(2026, 12, 31), True),
        (ActivityStatus.RUNNING, TODAY, TODAY, True),  # a one-day activity today
        (ActivityStatus.RUNNING, D(2026, 12, 1), None, False),  # not started yet
        (ActivityStatus.RUNNING, None, D(2026, 11, 26), False),  # ended yesterday
        (ActivityStatus.PAUSED, None, None, False),
        (ActivityStatus.PLANNED, None, None, False),
        (ActivityStatus.IDEA, None, None, False),
        (ActivityStatus.FINISHED, None, None, False),
    ],
)
def test_running_means_status_running_within_its_dates(status, starts_on, ends_on, expected):
    activity = facts(1, status=status, starts_on=starts_on, ends_on=ends_on)

    assert is_running(activity, TODAY) is expected


# --- gaps ------------------------------------------------------------------------------------


def test_a_goal_no_running_activity_serves_is_a_gap():
    activities = [
        facts(1, goals=(1, 2)),
        facts(2, goals=(3,), status=ActivityStatus.PAUSED),  # paused: goal 3 is a gap
        facts(3, goals=(4,), status=ActivityStatus.PLANNED),  # planned: goal 4 is a gap
    ]

    assert gap_goal_ids([1, 2, 3, 4, 5], activities, TODAY) == [3, 4, 5]


def test_an_activity_without_dates_that_runs_closes_the_gap():
    assert gap_goal_ids([7], [facts(1, goals=(7,))], TODAY) == []


def test_an_activity_that_ended_leaves_its_goal_a_gap():
    ended = facts(1, goals=(7,), starts_on=D(2026, 1, 1), ends_on=D(2026, 6, 30))

    assert gap_goal_ids([7], [ended], TODAY) == [7]


# --- target group ----------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("a", "b", "expected"),
    [
        ({}, {}, True),  # nothing listed: every young person
        ({"age_min": 13, "age_max": 15}, {"age_min": 15, "age_max": 17}, True),  # meet at 15
        ({"age_min": 13, "age_max": 15}, {"age_min": 16, "age_max": 18}, False),
        ({"age_min": 16}, {"age_max": 15}, False),
        ({"education_types": frozenset({"fgu"})}, {}, True),
        (
            {"education_types": frozenset({"fgu"})},
            {"education_types": frozenset({"gymnasium"})},
            False,
        ),
        ({"area_ids": frozenset({1, 2})}, {"area_ids": frozenset({2})}, True),
        ({"area_ids": frozenset({1})}, {"area_ids": frozenset({2})}, False),
    ],
)
def test_same_target_group(a, b, expected):
    assert same_target_group(facts(1, **a), facts(2, **b)) is expected


# --- overlaps --------------------------------------------------------------------------------


def test_two_groups_doing_the_same_for_the_same_young_people_at_the_same_time_overlap():
    a = facts(1, group=1, goals=(1, 2), starts_on=D(2026, 9, 1), ends_on=D(2027, 6, 30))
    b = facts(2, group=2, goals=(2, 3), starts_on=D(2027, 1, 1), ends_on=None)

    assert possible_overlap(a, b) == frozenset({2})


def test_the_same_group_coordinates_itself():
    assert possible_overlap(facts(1, group=1), facts(2, group=1)) == frozenset()


def test_an_activity_that_ends_the_day_the_other_starts_meets_it_that_day():
    a = facts(1, group=1, starts_on=D(2026, 1, 1), ends_on=D(2026, 3, 31))
    b = facts(2, group=2, starts_on=D(2026, 3, 31), ends_on=D(2026, 6, 30))

    assert possible_overlap(a, b) == frozenset({1})


def test_an_activity_that_ends_the_day_before_the_other_starts_does_not():
    a = facts(1, group=1, starts_on=D(2026, 1, 1), ends_on=D(2026, 3, 30))
    b = facts(2, group=2, starts_on=D(2026, 3, 31), ends_on=D(2026, 6, 30))

    assert possible_overlap(a, b) == frozenset()


def test_an_activity_without_dates_may_meet_any_other():
    a = facts(1, group=1)
    b = facts(2, group=2, starts_on=D(2030, 1, 1), ends_on=D(2030, 1, 1))

    assert possible_overlap(a, b) == frozenset({1})


@pytest.mark.parametrize(
    "status", [ActivityStatus.PAUSED, ActivityStatus.FINISHED, ActivityStatus.IDEA]
)
def test_a_paused_finished_or_idea_activity_clashes_with_nothing(status):
    a = facts(1, group=1, status=status)
    b = facts(2, group=2)

    assert possible_overlap(a, b) == frozenset()
    assert possible_overlaps([a, b]) == []


def test_a_planned_activity_can_overlap_a_running_one():
    a = facts(1, group=1, status=ActivityStatus.PLANNED)
    b = facts(2, group=2)

    assert [(o.first, o.second, o.goal_ids) for o in possible_overlaps([b, a])] == [
        (1, 2, frozenset({1}))
    ]


def test_different_young_people_do_not_overlap():
    a = facts(1, group=1, education_types=frozenset({"fgu"}))
    b = facts(2, group=2, education_types=frozenset({"gymnasium"}))

    assert possible_overlaps([a, b]) == []


def test_each_pair_is_listed_once_with_all_the_goals_it_shares():
    a = facts(1, group=1, goals=(1, 2, 3))
    b = facts(2, group=2, goals=(1, 2))
    c = facts(3, group=1, goals=(3,))
    d = facts(4, group=3, goals=(3,), age_min=20)

    overlaps = possible_overlaps([d, c, b, a])

    assert [(o.first, o.second, o.goal_ids) for o in overlaps] == [
        (1, 2, frozenset({1, 2})),
        (1, 4, frozenset({3})),
        (3, 4, frozenset({3})),
    ]
