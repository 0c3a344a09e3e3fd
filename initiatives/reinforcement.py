"""The reinforcement map's rules: which goals no running activity serves (gaps), and which
activities of different groups might do the same thing for the same young people (overlaps).

Plain functions over plain data (`ActivityFacts`), so the rules are tested on hand-made cases
and the selector that loads the facts stays at a fixed number of queries.

The rules, as the alliance reads them:

- An activity is *running* on a day when its status is "running" and the day lies within its
  dates. A missing start date means it has been running all along; a missing end date that it
  goes on. A paused, planned, finished activity or an idea is not running.
- A goal has a *gap* when no running activity serves it, as its main goal or as a contribution.
- Two activities *possibly overlap* when they belong to different working groups, are planned or
  running (a paused or finished activity, or an idea, does not clash with anything), share a
  goal, aim at the same young people (their age bands meet, and they share an education type
  and an area, where none listed means every one), and their dates meet. Dates are whole days,
  both ends included: an activity that ends on the day the other starts meets it on that day.
  An activity without dates may take place at any time, so it meets every other.
"""

from __future__ import annotations

import datetime
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from itertools import combinations

from .models import ActivityStatus

OVERLAP_STATUSES = frozenset({ActivityStatus.PLANNED, ActivityStatus.RUNNING})


@dataclass(frozen=True)
class ActivityFacts:
    """What the rules need to know about one activity."""

    pk: int
    group_id: int
    status: str
    goal_ids: frozenset[int]
    starts_on: datetime.date | None = None
    ends_on: datetime.date | None = None
    age_min: int | None = None
    age_max: int | None = None
    education_types: frozenset[str] = field(default_factory=frozenset)
    area_ids: frozenset[int] = field(default_factory=frozenset)
    aims_at_priority_group: bool = False


def is_running(activity: ActivityFacts, on: datetime.date) -> bool:
    """Running on the day: status "running" and the day within its dates."""
    if activity.status != ActivityStatus.RUNNING:
        return False
    if activity.starts_on is not None and on < activity.starts_on:
        return False
    return activity.ends_on is None or on <= activity.ends_on


def gap_goal_ids(
    goal_ids: Iterable[int], activities: Iterable[ActivityFacts], on: datetime.date
) -> list[int]:
    """The goals, in the order given, that no activity running on the day serves."""
    served: set[int] = set()
    for activity in activities:
        if is_running(activity, on):
            served |= activity.goal_ids
    return [goal_id for goal_id in goal_ids if goal_id not in served]


def _dates_meet(a: ActivityFacts, b: ActivityFacts) -> bool:
    a_start = a.starts_on or datetime.date.min
    b_start = b.starts_on or datetime.date.min
    a_end = a.ends_on or datetime.date.max
    b_end = b.ends_on or datetime.date.max
    return a_start <= b_end and b_start <= a_end


def _ages_meet(a: ActivityFacts, b: ActivityFacts) -> bool:
    a_min = a.age_min if a.age_min is not None else 0
    b_min = b.age_min if b.age_min is not None else 0
    a_max = a.age_max if a.age_max is not None else 999
    b_max = b.age_max if b.age_max is not None else 999
    return a_min <= b_max and b_min <= a_max


def _share(a: frozenset, b: frozenset) -> bool:
    """Two lists where an empty one means "every one" have something in common."""
    return not a or not b or bool(a & b)


def same_target_group(a: ActivityFacts, b: ActivityFacts) -> bool:
    """The two activities aim at (some of) the same young people."""
    return (
        _ages_meet(a, b)
        and _share(a.education_types, b.education_types)
        and _share(a.area_ids, b.area_ids)
    )


@dataclass(frozen=True)
class Overlap:
    """A possible overlap between two activities, on the goals they share."""

    first: int
    second: int
    goal_ids: frozenset[int]


def possible_overlap(a: ActivityFacts, b: ActivityFacts) -> frozenset[int]:
    """The goals on which the two activities possibly overlap; empty when they do not."""
    if a.group_id == b.group_id:
        return frozenset()
    if a.status not in OVERLAP_STATUSES or b.status not in OVERLAP_STATUSES:
        return frozenset()
    shared = a.goal_ids & b.goal_ids
    if not shared or not same_target_group(a, b) or not _dates_meet(a, b):
        return frozenset()
    return shared


def possible_overlaps(activities: Sequence[ActivityFacts]) -> list[Overlap]:
    """Every pair of activities that possibly overlap, the lower id first, in id order.

    Only pairs that share a goal are compared, so the work grows with the activities per goal
    rather than with the square of all activities."""
    by_goal: dict[int, list[ActivityFacts]] = {}
    for activity in activities:
        if activity.status in OVERLAP_STATUSES:
            for goal_id in activity.goal_ids:
                by_goal.setdefault(goal_id, []).append(activity)
    pairs: dict[tuple[int, int], frozenset[int]] = {}
    compared: set[tuple[int, int]] = set()
    for sharing in by_goal.values():
        for a, b in combinations(sorted(sharing, key=lambda facts: facts.pk), 2):
            key = (a.pk, b.pk)
            if key in compared:
                continue
            compared.add(key)
            goals = possible_overlap(a, b)
            if goals:
                pairs[key] = goals
    return [Overlap(first, second, goals) for (first, second), goals in sorted(pairs.items())]
