"""The reinforcement map of an alliance: goals by activities, partners by goals, gaps and
possible overlaps. Seven queries, whatever the number of activities."""

from __future__ import annotations

import datetime
from collections import defaultdict
from dataclasses import dataclass, field

from django.db.models import Sum
from django.utils import timezone

from alliance.models import Alliance, Goal, Organisation

from .models import (
    Activity,
    ActivityEducation,
    ActivityGoal,
    ActivityLog,
    ActivityPartner,
    ActivityStatus,
)
from .reinforcement import ActivityFacts, Overlap, gap_goal_ids, is_running, possible_overlaps

REACH_DAYS = 365
# Activities that are shown on the map: ideas and finished activities are not.
MAP_STATUSES = (ActivityStatus.PLANNED, ActivityStatus.RUNNING, ActivityStatus.PAUSED)


@dataclass
class GoalRow:
    goal: Goal
    running: int = 0
    reach: int = 0
    priority_running: int = 0
    is_gap: bool = False
    # activity id -> "main" / "contributing"
    cells: dict[int, str] = field(default_factory=dict)


@dataclass
class PartnerRow:
    organisation: Organisation
    # goal id -> the activities (ids) of the partner that serve the goal
    cells: dict[int, list[int]] = field(default_factory=dict)
    # every activity (id) of the partner on the map, with or without goals
    activity_ids: list[int] = field(default_factory=list)

    @property
    def total(self) -> int:
        return len({pk for pks in self.cells.values() for pk in pks})


@dataclass
class ReinforcementMap:
    goals: list[GoalRow]
    activities: list[Activity]
    partners: list[PartnerRow]
    overlaps: list[Overlap]
    running_ids: set[int]
    reach_by_activity: dict[int, int]
    on: datetime.date
    # what the rules know about each activity (target group, dates), by activity id
    facts: dict[int, ActivityFacts] = field(default_factory=dict)
    area_names: dict[int, str] = field(default_factory=dict)

    @property
    def gaps(self) -> list[GoalRow]:
        return [row for row in self.goals if row.is_gap]

    def activity(self, pk: int) -> Activity:
        return self._by_pk[pk]

    def __post_init__(self) -> None:
        self._by_pk = {activity.pk: activity for activity in self.activities}


def reinforcement_map(*, alliance: Alliance, on: datetime.date | None = None) -> ReinforcementMap:
    """The map of the alliance's planned, running and paused activities on the day (today)."""
    on = on or timezone.localdate()
    goals = list(
        Goal.objects.filter(alliance=alliance)
        .select_related("focus_area")
        .order_by("focus_area__position", "position", "pk")
    )
    activities = list(
        Activity.objects.filter(alliance=alliance, status__in=MAP_STATUSES)
        .select_related("group")
        .order_by("group__name", "title", "pk")
    )
    ids = [activity.pk for activity in activities]
    goal_links: dict[int, dict[int, str]] = defaultdict(dict)
    for activity_id, goal_id, strength in ActivityGoal.objects.filter(
        activity_id__in=ids
    ).values_list("activity_id", "goal_id", "strength"):
        goal_links[activity_id][goal_id] = strength
    education: dict[int, set[str]] = defaultdict(set)
    for activity_id, code in ActivityEducation.objects.filter(activity_id__in=ids).values_list(
        "activity_id", "education_type"
    ):
        education[activity_id].add(code)
    areas: dict[int, set[int]] = defaultdict(set)
    area_names: dict[int, str] = {}
    for activity_id, area_id, area_name in Activity.areas.through.objects.filter(
        activity_id__in=ids
    ).values_list("activity_id", "area_id", "area__name"):
        areas[activity_id].add(area_id)
        area_names[area_id] = area_name
    since = on - datetime.timedelta(days=REACH_DAYS)
    reach = {
        activity_id: (new or 0) + (returning or 0)
        for activity_id, new, returning in ActivityLog.objects.filter(
            activity_id__in=ids, held_on__gt=since, held_on__lte=on
        )
        .values("activity_id")
        .annotate(new=Sum("participants_new"), returning=Sum("participants_returning"))
        .values_list("activity_id", "new", "returning")
    }
    # Read as plain values: a partner takes part in many activities, and one Organisation per
    # partner (with its name, all the map shows of it) is enough.
    partner_rows: dict[int, PartnerRow] = {}
    for activity_id, organisation_id, name in (
        ActivityPartner.objects.filter(activity_id__in=ids)
        .order_by("organisation__name", "organisation_id")
        .values_list("activity_id", "organisation_id", "organisation__name")
    ):
        row = partner_rows.get(organisation_id)
        if row is None:
            organisation = Organisation(pk=organisation_id, alliance=alliance, name=name)
            row = partner_rows[organisation_id] = PartnerRow(organisation=organisation)
        row.activity_ids.append(activity_id)
        for goal_id in goal_links.get(activity_id, {}):
            row.cells.setdefault(goal_id, []).append(activity_id)

    facts = [
        ActivityFacts(
            pk=activity.pk,
            group_id=activity.group_id,
            status=activity.status,
            goal_ids=frozenset(goal_links.get(activity.pk, {})),
            starts_on=activity.starts_on,
            ends_on=activity.ends_on,
            age_min=activity.age_min,
            age_max=activity.age_max,
            education_types=frozenset(education.get(activity.pk, ())),
            area_ids=frozenset(areas.get(activity.pk, ())),
            aims_at_priority_group=activity.aims_at_priority_group,
        )
        for activity in activities
    ]
    running_ids = {fact.pk for fact in facts if is_running(fact, on)}
    gaps = set(gap_goal_ids([goal.pk for goal in goals], facts, on))
    rows = []
    for goal in goals:
        row = GoalRow(goal=goal, is_gap=goal.pk in gaps)
        for fact in facts:
            strength = goal_links.get(fact.pk, {}).get(goal.pk)
            if strength is None:
                continue
            row.cells[fact.pk] = strength
            if fact.pk in running_ids:
                row.running += 1
                row.reach += reach.get(fact.pk, 0)
                row.priority_running += fact.aims_at_priority_group
        rows.append(row)
    return ReinforcementMap(
        goals=rows,
        activities=activities,
        partners=list(partner_rows.values()),
        overlaps=possible_overlaps(facts),
        running_ids=running_ids,
        reach_by_activity=reach,
        on=on,
        facts={fact.pk: fact for fact in facts},
        area_names=area_names,
    )
