"""Reads of the activity pages: the list with its filters and search, one activity with its log
and its measures' figures, the calendar of the coming weeks, and the activities young people
can join. Each reads a fixed number of queries, whatever the number of activities or logs."""

from __future__ import annotations

import datetime
from collections import defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from decimal import Decimal

from django.db.models import Prefetch, Q, QuerySet
from guardian.shortcuts import get_objects_for_user

from alliance.models import Alliance, FocusArea, Goal, Membership, Organisation
from alliance.permissions import has_capability
from measurement.charts import figure_json
from measurement.models import Aggregation, DataPoint, Dimension, DimensionValue
from measurement.periods import period_label, period_start
from workgroups.models import WorkGroup

from .charts import measure_figure
from .models import (
    Activity,
    ActivityEducation,
    ActivityGoal,
    ActivityLog,
    ActivityMeasure,
    ActivityPartner,
    ActivityStatus,
    Area,
    MeasureSource,
    PartnerRole,
)
from .reinforcement import ActivityFacts, same_target_group

# Statuses a young person can still join, and the calendar's.
UPCOMING_STATUSES = (ActivityStatus.PLANNED, ActivityStatus.RUNNING)
CALENDAR_WEEKS = 8


# --- choices for the forms ---------------------------------------------------------------------


def groups_for_activities(
    *, user, membership: Membership | None, alliance: Alliance
) -> QuerySet[WorkGroup]:
    """The active groups the person may create activities for: every one for the secretariat,
    the groups they manage for a coordinator (initiatives.permissions says the same per group)."""
    if not has_capability(membership, "manage_activities") or membership.alliance_id != alliance.pk:
        return WorkGroup.objects.none()
    groups = WorkGroup.objects.active().filter(alliance=alliance).order_by("name")
    if has_capability(membership, "administer_alliance"):
        return groups
    return get_objects_for_user(
        user, "workgroups.manage_workgroup", klass=groups, accept_global_perms=False
    )


def goals_by_focus_area(*, alliance: Alliance) -> list[tuple[FocusArea, list[Goal]]]:
    """The alliance's goals grouped under their focus areas, in the agenda's order."""
    goals = Goal.objects.filter(alliance=alliance).select_related("focus_area")
    grouped: dict[FocusArea, list[Goal]] = {}
    for goal in goals.order_by("focus_area__position", "focus_area__pk", "position", "pk"):
        grouped.setdefault(goal.focus_area, []).append(goal)
    return list(grouped.items())


# --- the list ----------------------------------------------------------------------------------


@dataclass(frozen=True)
class ActivityFilters:
    """What the list is narrowed to; None or empty means no narrowing."""

    words: str = ""
    focus_area: FocusArea | None = None
    goal: Goal | None = None
    group: WorkGroup | None = None
    partner: Organisation | None = None
    age: int | None = None
    education_type: str = ""
    area: Area | None = None
    priority_group: bool = False
    status: str = ""


def _with_list_relations(activities: QuerySet[Activity]) -> QuerySet[Activity]:
    return activities.select_related("group").prefetch_related(
        Prefetch(
            "partners",
            queryset=ActivityPartner.objects.select_related("organisation"),
        ),
        Prefetch(
            "goal_links",
            queryset=ActivityGoal.objects.select_related("goal").order_by(
                "strength", "goal__position", "goal__pk"
            ),
        ),
        Prefetch("education_types", queryset=ActivityEducation.objects.order_by("education_type")),
        "areas",
        "focus_areas",
    )


def _matches_target_group(activities: QuerySet[Activity], filters: ActivityFilters):
    """An activity that names no education type or area is for every one of them."""
    if filters.age is not None:
        activities = activities.filter(
            Q(age_min__isnull=True) | Q(age_min__lte=filters.age),
            Q(age_max__isnull=True) | Q(age_max__gte=filters.age),
        )
    if filters.education_type:
        activities = activities.filter(
            Q(
                pk__in=ActivityEducation.objects.filter(
                    education_type=filters.education_type
                ).values("activity_id")
            )
            | ~Q(pk__in=ActivityEducation.objects.values("activity_id"))
        )
    if filters.area is not None:
        through = Activity.areas.through.objects
        activities = activities.filter(
            Q(pk__in=through.filter(area=filters.area).values("activity_id"))
            | ~Q(
                pk__in=through.filter(area__alliance_id=filters.area.alliance_id).values(
                    "activity_id"
                )
            )
        )
    if filters.priority_group:
        activities = activities.filter(aims_at_priority_group=True)
    return activities


def activity_list(*, alliance: Alliance, filters: ActivityFilters | None = None):
    """The alliance's activities narrowed by the filters, every search word found in the title,
    description, place or group name, with what the list shows of each."""
    filters = filters or ActivityFilters()
    activities = Activity.objects.for_alliance(alliance)
    for word in filters.words.split():
        activities = activities.filter(
            Q(title__icontains=word)
            | Q(description__icontains=word)
            | Q(place__icontains=word)
            | Q(group__name__icontains=word)
        )
    if filters.focus_area is not None:
        activities = activities.filter(
            pk__in=Activity.focus_areas.through.objects.filter(focusarea=filters.focus_area).values(
                "activity_id"
            )
        )
    if filters.goal is not None:
        activities = activities.filter(
            pk__in=ActivityGoal.objects.filter(goal=filters.goal).values("activity_id")
        )
    if filters.group is not None:
        activities = activities.filter(group=filters.group)
    if filters.partner is not None:
        activities = activities.filter(
            pk__in=ActivityPartner.objects.filter(organisation=filters.partner).values(
                "activity_id"
            )
        )
    if filters.status:
        activities = activities.filter(status=filters.status)
    activities = _matches_target_group(activities, filters)
    return _with_list_relations(activities).order_by("title", "pk")


# --- one activity ------------------------------------------------------------------------------


def activity_get(*, alliance: Alliance, pk: int) -> Activity | None:
    """One activity of the alliance with everything its page shows of it."""
    return (
        _with_list_relations(Activity.objects.for_alliance(alliance))
        .prefetch_related(
            Prefetch(
                "measures",
                queryset=ActivityMeasure.objects.select_related("indicator").order_by(
                    "indicator__code", "indicator__name"
                ),
            )
        )
        .filter(pk=pk)
        .first()
    )


def lead_partner(activity: Activity) -> ActivityPartner | None:
    """The lead partner from the prefetched partners."""
    return next((p for p in activity.partners.all() if p.role == PartnerRole.LEAD), None)


@dataclass(frozen=True)
class LogTotals:
    sessions: int = 0
    participants_new: int = 0
    participants_returning: int = 0
    satisfaction_answers: int = 0
    satisfaction_positive: int = 0

    @property
    def participants(self) -> int:
        return self.participants_new + self.participants_returning

    @property
    def satisfied_percent(self) -> int | None:
        if not self.satisfaction_answers:
            return None
        return round(100 * self.satisfaction_positive / self.satisfaction_answers)


def log_totals(logs: Iterable[ActivityLog]) -> LogTotals:
    logs = list(logs)
    return LogTotals(
        sessions=len(logs),
        participants_new=sum(log.participants_new for log in logs),
        participants_returning=sum(log.participants_returning for log in logs),
        satisfaction_answers=sum(log.satisfaction_answers for log in logs),
        satisfaction_positive=sum(log.satisfaction_positive for log in logs),
    )


@dataclass(frozen=True)
class MeasureRow:
    """One period of a measure: the activity's own figure and what measurement holds."""

    label: str
    own: str
    reported: str
    status: str
    own_number: int | None = None
    reported_number: float | None = None


@dataclass
class MeasureTable:
    measure: ActivityMeasure
    rows: list[MeasureRow] = field(default_factory=list)

    @property
    def chart_id(self) -> str:
        return f"measure-chart-{self.measure.pk}"

    @property
    def chart_json(self) -> str:
        """The chart of the rows, oldest period first (the table lists the newest first)."""
        rows = list(reversed(self.rows))
        return figure_json(
            measure_figure(
                periods=[row.label for row in rows],
                own=[row.own_number for row in rows],
                reported=[row.reported_number for row in rows],
                unit=self.measure.indicator.unit,
            )
        )


def _own_number(source: str, logs: Sequence[ActivityLog]) -> int | None:
    """The activity's own figure of a measure over the logs of one period."""
    totals = log_totals(logs)
    if source == MeasureSource.SESSIONS:
        return totals.sessions
    if source == MeasureSource.NEW_PARTICIPANTS:
        return totals.participants_new
    if source == MeasureSource.SATISFIED_SHARE:
        return totals.satisfied_percent
    return totals.participants


def _own_figure(source: str, number: int | None) -> str:
    if number is None:
        return "–"
    return f"{number} %" if source == MeasureSource.SATISFIED_SHARE else str(number)


def _reported_number(point: DataPoint | None) -> float | None:
    if point is None:
        return None
    if point.indicator.aggregation == Aggregation.RATIO:
        if not point.denominator:
            return None
        return float(100 * point.numerator / point.denominator)
    return None if point.value is None else float(point.value)


def _reported_figure(point: DataPoint | None) -> str:
    if point is None:
        return "–"
    if point.indicator.aggregation == Aggregation.RATIO:
        if not point.denominator:
            return "–"
        return f"{round(100 * point.numerator / point.denominator)} %"
    if point.value is None:
        return "–"
    return (
        f"{point.value.normalize():f}"
        if point.value == point.value.to_integral()
        else str(point.value.quantize(Decimal("0.1"))).replace(".", ",")
    )


@dataclass
class ActivityPage:
    logs: list[ActivityLog]
    totals: LogTotals
    measures: list[MeasureTable]
    lead: ActivityPartner | None


def activity_page(*, activity: Activity) -> ActivityPage:
    """The log of an activity (newest first) with its totals, and per performance measure its
    figures by period: the activity's own from its log, and the lead partner's value in
    measurement (which adds up every activity of the lead partner that feeds the indicator).

    Two queries, plus the ones `activity_get` prefetched."""
    logs = list(activity.logs.prefetch_related("breakdowns__value").order_by("-held_on", "-pk"))
    lead = lead_partner(activity)
    measures = list(activity.measures.all())
    points: dict[tuple[int, datetime.date], DataPoint] = {}
    if measures and lead is not None:
        # The newest value per key: an approved correction supersedes, a new submission replaces.
        for point in (
            DataPoint.objects.filter(
                indicator_id__in=[m.indicator_id for m in measures],
                organisation_id=lead.organisation_id,
                breakdown__isnull=True,
            )
            .select_related("indicator")
            .order_by("created_at", "pk")
        ):
            points[(point.indicator_id, point.period)] = point
    tables = []
    for measure in measures:
        frequency = measure.indicator.frequency
        by_period: dict[datetime.date, list[ActivityLog]] = defaultdict(list)
        for log in logs:
            by_period[period_start(frequency, log.held_on)].append(log)
        periods = set(by_period) | {
            period for (indicator_id, period) in points if indicator_id == measure.indicator_id
        }
        table = MeasureTable(measure=measure)
        for period in sorted(periods, reverse=True):
            point = points.get((measure.indicator_id, period))
            own = _own_number(measure.source, by_period.get(period, []))
            table.rows.append(
                MeasureRow(
                    label=period_label(frequency, period),
                    own=_own_figure(measure.source, own),
                    reported=_reported_figure(point),
                    status=point.get_status_display() if point else "",
                    own_number=own,
                    reported_number=_reported_number(point),
                )
            )
        tables.append(table)
    return ActivityPage(logs=logs, totals=log_totals(logs), measures=tables, lead=lead)


def log_breakdown_dimensions(*, activity: Activity) -> list[tuple[Dimension, list[DimensionValue]]]:
    """The breakdowns a session's participants are counted by: every value of the dimensions of
    the indicators the activity's participants feed."""
    dimensions = (
        Dimension.objects.filter(
            indicators__activity_measures__activity=activity,
            indicators__activity_measures__source=MeasureSource.PARTICIPANTS,
        )
        .distinct()
        .order_by("position", "name", "pk")
        .prefetch_related(
            Prefetch("values", queryset=DimensionValue.objects.order_by("position", "pk"))
        )
    )
    return [(dimension, list(dimension.values.all())) for dimension in dimensions]


# --- the calendar ------------------------------------------------------------------------------


def _facts(activity: Activity) -> ActivityFacts:
    return ActivityFacts(
        pk=activity.pk,
        group_id=activity.group_id,
        status=activity.status,
        goal_ids=frozenset(link.goal_id for link in activity.goal_links.all()),
        starts_on=activity.starts_on,
        ends_on=activity.ends_on,
        age_min=activity.age_min,
        age_max=activity.age_max,
        education_types=frozenset(e.education_type for e in activity.education_types.all()),
        area_ids=frozenset(area.pk for area in activity.areas.all()),
        aims_at_priority_group=activity.aims_at_priority_group,
    )


@dataclass
class CalendarWeek:
    number: int
    first_day: datetime.date
    last_day: datetime.date
    activities: list[Activity] = field(default_factory=list)
    # Pairs of activities of different groups for the same young people this week.
    clashes: list[tuple[Activity, Activity]] = field(default_factory=list)


@dataclass
class CalendarRow:
    """One dated activity: in which of the weeks it runs, and the other groups' activities for
    the same young people it meets in one of them."""

    activity: Activity
    in_week: list[bool]
    same_young_people: list[Activity] = field(default_factory=list)


@dataclass
class ActivityCalendar:
    weeks: list[CalendarWeek]
    rows: list[CalendarRow]
    ongoing: list[Activity]  # planned or running, with no dates: "løbende"

    @property
    def has_clashes(self) -> bool:
        return any(week.clashes for week in self.weeks)


def activity_calendar(
    *, alliance: Alliance, today: datetime.date, weeks: int = CALENDAR_WEEKS
) -> ActivityCalendar:
    """The planned and running activities of every group in the coming weeks (from this week's
    Monday), week by week, with the weeks where two groups run activities for the same young
    people; activities with no dates at all are listed apart as ongoing."""
    first = today - datetime.timedelta(days=today.weekday())
    last = first + datetime.timedelta(days=7 * weeks - 1)
    activities = list(
        _with_list_relations(
            Activity.objects.for_alliance(alliance)
            .filter(status__in=UPCOMING_STATUSES)
            .filter(Q(starts_on__isnull=True) | Q(starts_on__lte=last))
            .filter(Q(ends_on__isnull=True) | Q(ends_on__gte=first))
        ).order_by("starts_on", "title", "pk")
    )
    ongoing = [a for a in activities if a.starts_on is None and a.ends_on is None]
    dated = [a for a in activities if a.starts_on is not None or a.ends_on is not None]
    facts = {activity.pk: _facts(activity) for activity in dated}
    calendar_weeks = []
    for index in range(weeks):
        start = first + datetime.timedelta(days=7 * index)
        end = start + datetime.timedelta(days=6)
        week = CalendarWeek(number=start.isocalendar().week, first_day=start, last_day=end)
        week.activities = [
            a
            for a in dated
            if (a.starts_on is None or a.starts_on <= end)
            and (a.ends_on is None or a.ends_on >= start)
        ]
        for position, a in enumerate(week.activities):
            for b in week.activities[position + 1 :]:
                if a.group_id != b.group_id and same_target_group(facts[a.pk], facts[b.pk]):
                    week.clashes.append((a, b))
        calendar_weeks.append(week)
    rows = []
    for activity in dated:
        row = CalendarRow(
            activity=activity,
            in_week=[activity in week.activities for week in calendar_weeks],
        )
        for week in calendar_weeks:
            for a, b in week.clashes:
                other = b if a is activity else a if b is activity else None
                if other is not None and other not in row.same_young_people:
                    row.same_young_people.append(other)
        rows.append(row)
    return ActivityCalendar(weeks=calendar_weeks, rows=rows, ongoing=ongoing)


# --- for young people --------------------------------------------------------------------------


def joinable_activities(
    *,
    alliance: Alliance,
    today: datetime.date,
    area: Area | None = None,
    age: int | None = None,
) -> list[Activity]:
    """The activities shown to young people that are planned or running and not over, for the
    area (or every area) and the age; soonest first. Only what a young person needs to know is
    loaded: no people, no internal fields."""
    activities = (
        Activity.objects.for_alliance(alliance)
        .filter(is_public=True, status__in=UPCOMING_STATUSES)
        .filter(Q(ends_on__isnull=True) | Q(ends_on__gte=today))
    )
    activities = _matches_target_group(activities, ActivityFilters(age=age, area=area))
    return list(
        activities.only(
            "pk",
            "title",
            "description",
            "status",
            "starts_on",
            "ends_on",
            "recurrence",
            "place",
            "age_min",
            "age_max",
            "aims_at_priority_group",
        )
        .prefetch_related(
            Prefetch(
                "education_types", queryset=ActivityEducation.objects.order_by("education_type")
            ),
            "areas",
        )
        .order_by("starts_on", "title", "pk")
    )
