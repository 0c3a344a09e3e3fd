"""The reinforcement map as the page, the cell pages and the export show it: the selector's map
filtered (focus area, working group, paused activities or not), goals grouped under their focus
area, activities grouped by working group, and the reasons behind each possible overlap.

Plain Python over `ReinforcementMap`: no queries. The per-goal figures (running activities,
reach, the priority group) and the gap flags are the alliance's, whatever the filter: a goal is
not served just because the filter hides the activities that serve it, nor the reverse.
"""

from __future__ import annotations

import datetime
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from functools import cached_property

from django.urls import reverse
from django.utils.dates import MONTHS
from django.utils.html import format_html, format_html_join
from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import gettext as _

from alliance.models import Alliance, FocusArea, Goal, Organisation
from workgroups.models import WorkGroup

from .charts import Link, network_figure
from .models import Activity, ActivityStatus, EducationType, GoalStrength
from .reinforcement import ActivityFacts
from .selectors_map import GoalRow, ReinforcementMap

VIEW_ACTIVITIES = "activities"
VIEW_GROUPS = "groups"


@dataclass(frozen=True)
class MapFilter:
    focus_area_id: int | None = None
    group_id: int | None = None
    include_paused: bool = False
    view: str = VIEW_ACTIVITIES

    @property
    def is_filtered(self) -> bool:
        return bool(self.focus_area_id or self.group_id or self.include_paused)

    def cell_query(self, **params: int | str) -> str:
        """The query string of a cell page that keeps the map's choice of paused activities
        (the values are numbers: nothing to quote)."""
        if self.include_paused:
            params["paused"] = "1"
        return "&".join(f"{name}={value}" for name, value in params.items())


@dataclass
class ActivityColumn:
    activity: Activity
    url: str
    is_running: bool
    reach: int
    partner_names: list[str] = field(default_factory=list)
    # Copied from the activity: the page writes them hundreds of times, and a template's
    # lookup through activity.group.name costs several times one of column.group_name.
    title: str = field(init=False)
    group_name: str = field(init=False)

    def __post_init__(self) -> None:
        self.title = self.activity.title
        self.group_name = self.activity.group.name

    @cached_property
    def link_html(self) -> SafeString:
        """A link to the activity, with its working group."""
        return format_html(
            '<a href="{}">{}</a> <span class="map-muted">({})</span>',
            self.url,
            self.title,
            self.group_name,
        )

    @property
    def partners_text(self) -> str:
        return ", ".join(self.partner_names)

    @property
    def is_paused(self) -> bool:
        return self.activity.status == ActivityStatus.PAUSED


@dataclass
class GroupColumns:
    group: WorkGroup
    columns: list[ActivityColumn] = field(default_factory=list)


@dataclass
class GroupCount:
    count: int
    url: str


@dataclass
class GoalLine:
    row: GoalRow
    running_url: str
    # the goal's cells, one per visible activity, as ready-made <td> elements (see _CELLS)
    cells_html: SafeString
    group_counts: list[GroupCount]

    @property
    def goal(self) -> Goal:
        return self.row.goal


@dataclass
class FocusAreaRows:
    focus_area: FocusArea
    goals: list[GoalLine]


@dataclass
class PartnerCell:
    count: int
    url: str


@dataclass
class PartnerLine:
    organisation: Organisation
    cells: list[PartnerCell]
    activity_ids: list[int]

    def cells_html(self) -> SafeString:
        """The row's <td> cells: a count linking to its activities, or 0."""
        return format_html_join(
            "",
            '<td class="map-num">{}</td>',
            (
                (format_html('<a href="{}">{}</a>', cell.url, cell.count) if cell.url else 0,)
                for cell in self.cells
            ),
        )

    @property
    def total(self) -> int:
        return len(self.activity_ids)


@dataclass
class GapItem:
    goal: Goal
    # activities that serve the goal but do not run (planned or paused), with their status
    waiting: list[ActivityColumn]


@dataclass
class OverlapSide:
    column: ActivityColumn
    facts: ActivityFacts


@dataclass
class OverlapItem:
    first: OverlapSide
    second: OverlapSide
    goals: list[Goal]
    ages: str
    education: str
    areas: str
    meet_from: datetime.date | None
    meet_until: datetime.date | None

    @property
    def goals_text(self) -> str:
        return "; ".join(goal.title for goal in self.goals)

    @property
    def target_text(self) -> str:
        return f"{self.ages}; {self.education}; {self.areas}"

    @property
    def dates_text(self) -> str:
        """When the two activities' dates meet, in words."""
        start = day_text(self.meet_from) if self.meet_from else None
        end = day_text(self.meet_until) if self.meet_until else None
        if start and end:
            return _("from %(start)s to %(end)s") % {"start": start, "end": end}
        if start:
            return _("from %(start)s, with no end date") % {"start": start}
        if end:
            return _("until %(end)s") % {"end": end}
        return _("at any time: neither has dates")


@dataclass
class NetworkGoal:
    goal: Goal
    activities: list[tuple[ActivityColumn, str]]  # (activity, "main" / "contributing")


@dataclass
class MapLayout:
    filters: MapFilter
    focus_areas: list[FocusAreaRows]
    groups: list[GroupColumns]
    goals: list[Goal]
    partners: list[PartnerLine]
    gaps: list[GapItem]
    overlaps: list[OverlapItem]
    network: list[NetworkGoal]
    running_count: int
    on: datetime.date

    @property
    def activities(self) -> list[ActivityColumn]:
        return [column for group in self.groups for column in group.columns]

    @property
    def goal_lines(self) -> list[GoalLine]:
        return [line for area in self.focus_areas for line in area.goals]

    # The blocks below repeat hundreds of times with 500 activities: written here with
    # format_html (escaped like the template would), several times faster than template tags.

    def activity_headers_html(self) -> SafeString:
        """The matrix's column headers, one per activity, naming a paused or planned one."""
        note = ' <span class="map-muted">({})</span>'
        paused, not_running = format_html(note, _("paused")), format_html(note, _("not running"))
        return format_html_join(
            "",
            '<th scope="col" class="map-activity-head"><a href="{}">{}</a>{}</th>',
            (
                (
                    column.url,
                    column.title,
                    paused if column.is_paused else "" if column.is_running else not_running,
                )
                for column in self.activities
            ),
        )

    def overlap_rows_html(self) -> SafeString:
        """The <tr> rows of the table of possible overlaps."""
        titles = (_("Shared goals"), _("The same young people"), _("The dates meet"))
        return format_html_join(
            "",
            '<tr><th scope="row">{}<br>{}</th><td data-title="{}">{}</td>'
            '<td data-title="{}">{}</td><td data-title="{}">{}</td></tr>',
            (
                (
                    _activity_link(item.first.column),
                    _activity_link(item.second.column),
                    titles[0],
                    item.goals_text,
                    titles[1],
                    item.target_text,
                    titles[2],
                    item.dates_text,
                )
                for item in self.overlaps
            ),
        )

    def network_text_html(self) -> SafeString:
        """The network as nested lists: each goal, its activities, their partners."""
        words = {
            GoalStrength.MAIN: _("main goal"),
            GoalStrength.CONTRIBUTING: _("contributing"),
        }
        partners_word, nothing = _("partners:"), _("no activity shown serves it")
        items = []
        for item in self.network:
            if not item.activities:
                items.append(
                    format_html("<li><strong>{}</strong> – {}</li>", item.goal.title, nothing)
                )
                continue
            inner = format_html_join(
                "",
                '<li><a href="{}">{}</a> ({}){}</li>',
                (
                    (
                        column.url,
                        column.title,
                        words[strength],
                        format_html(" – {} {}", partners_word, column.partners_text)
                        if column.partner_names
                        else "",
                    )
                    for column, strength in item.activities
                ),
            )
            items.append(
                format_html("<li><strong>{}</strong><ul>{}</ul></li>", item.goal.title, inner)
            )
        return mark_safe("".join(items))  # noqa: S308  # nosec B308 B703 - format_html's output


def _activity_link(column: ActivityColumn) -> SafeString:
    return column.link_html


# The matrix has goals x activities cells (20,000 with 40 goals and 500 activities): the three
# kinds of cell are made once, so the template writes each row as one string. A cell says
# main goal or contribution in words and with a symbol, never by colour alone.
def strength_labels() -> dict[str, str]:
    return {GoalStrength.MAIN: _("Main goal"), GoalStrength.CONTRIBUTING: _("Contributing")}


def _cells() -> dict[str | None, SafeString]:
    return {
        None: mark_safe("<td></td>"),  # nosec B308 - a constant
        GoalStrength.MAIN: format_html(
            '<td class="map-main"><span aria-hidden="true">●</span> {}</td>',
            _("Main goal"),
        ),
        GoalStrength.CONTRIBUTING: format_html(
            '<td class="map-cell map-cell--contributing"><span aria-hidden="true">○</span> {}</td>',
            _("Contributing"),
        ),
    }


def day_text(day: datetime.date) -> str:
    """A day as the templates' date:"j. F Y" writes it ("14. august 2025"), without its
    per-call cost (the map may write a thousand dates)."""
    return f"{day.day}. {MONTHS[day.month]} {day.year}"


_URL_MARK = 987654321


def activity_urls(alliance: Alliance) -> Callable[[int], str]:
    """The address of an activity's page by its id: reversed once, not once per activity."""
    marked = reverse("initiatives:detail", kwargs={"alliance_slug": alliance.slug, "pk": _URL_MARK})
    before, after = marked.split(str(_URL_MARK))
    return lambda pk: f"{before}{pk}{after}"


def activity_url(alliance: Alliance, pk: int) -> str:
    return reverse("initiatives:detail", kwargs={"alliance_slug": alliance.slug, "pk": pk})


def map_layout(result: ReinforcementMap, *, alliance: Alliance, filters: MapFilter) -> MapLayout:
    """The map filtered and grouped for the page and the export."""
    cell_base = reverse("initiatives:map_cell", kwargs={"alliance_slug": alliance.slug})
    rows = [
        row
        for row in result.goals
        if filters.focus_area_id is None or row.goal.focus_area_id == filters.focus_area_id
    ]
    goal_ids = {row.goal.pk for row in rows}
    partner_names: dict[int, list[str]] = {}
    for partner in result.partners:
        for pk in partner.activity_ids:
            partner_names.setdefault(pk, []).append(partner.organisation.name)

    url_of = activity_urls(alliance)
    columns: dict[int, ActivityColumn] = {}
    for activity in result.activities:
        columns[activity.pk] = ActivityColumn(
            activity=activity,
            url=url_of(activity.pk),
            is_running=activity.pk in result.running_ids,
            reach=result.reach_by_activity.get(activity.pk, 0),
            partner_names=partner_names.get(activity.pk, []),
        )

    def visible(activity: Activity) -> bool:
        if filters.group_id is not None and activity.group_id != filters.group_id:
            return False
        if activity.status == ActivityStatus.PAUSED and not filters.include_paused:
            return False
        if filters.focus_area_id is not None:
            return bool(result.facts[activity.pk].goal_ids & goal_ids)
        return True

    shown = [activity for activity in result.activities if visible(activity)]
    shown_pks = [activity.pk for activity in shown]
    shown_ids = set(shown_pks)
    groups: list[GroupColumns] = []
    for activity in shown:
        if not groups or groups[-1].group.pk != activity.group_id:
            groups.append(GroupColumns(group=activity.group))
        groups[-1].columns.append(columns[activity.pk])

    cells = _cells()
    group_pks = [
        (group.group.pk, [column.activity.pk for column in group.columns]) for group in groups
    ]
    areas: list[FocusAreaRows] = []
    for row in rows:
        goal = row.goal
        served = row.cells
        line = GoalLine(
            row=row,
            running_url=f"{cell_base}?{filters.cell_query(goal=goal.pk, running=1)}",
            cells_html=mark_safe(  # noqa: S308  # nosec B308 B703 - joined from the escaped cells above
                "".join([cells[served.get(pk)] for pk in shown_pks])
            ),
            group_counts=[
                GroupCount(
                    count=sum(1 for pk in pks if pk in served),
                    url=f"{cell_base}?{filters.cell_query(goal=goal.pk, group=group_pk)}",
                )
                for group_pk, pks in group_pks
            ],
        )
        if not areas or areas[-1].focus_area.pk != goal.focus_area_id:
            areas.append(FocusAreaRows(focus_area=goal.focus_area, goals=[]))
        areas[-1].goals.append(line)

    partners = []
    for partner in result.partners:
        mine = [pk for pk in partner.activity_ids if pk in shown_ids]
        if not mine:
            continue
        partner_cells = []
        for row in rows:
            count = sum(1 for pk in partner.cells.get(row.goal.pk, ()) if pk in shown_ids)
            query = filters.cell_query(goal=row.goal.pk, partner=partner.organisation.pk)
            partner_cells.append(
                PartnerCell(count=count, url=f"{cell_base}?{query}" if count else "")
            )
        partners.append(
            PartnerLine(organisation=partner.organisation, cells=partner_cells, activity_ids=mine)
        )

    gaps = [
        GapItem(
            goal=row.goal,
            waiting=[columns[pk] for pk in row.cells if pk not in result.running_ids],
        )
        for row in rows
        if row.is_gap
    ]
    goals_by_pk = {row.goal.pk: row.goal for row in rows}
    overlaps = []
    for overlap in result.overlaps:
        shared = [goals_by_pk[pk] for pk in goals_by_pk if pk in overlap.goal_ids]
        if not shared:
            continue
        first, second = result.facts[overlap.first], result.facts[overlap.second]
        if filters.group_id is not None and filters.group_id not in (
            first.group_id,
            second.group_id,
        ):
            continue
        overlaps.append(
            _overlap_item(
                OverlapSide(columns[first.pk], first),
                OverlapSide(columns[second.pk], second),
                shared,
                result.area_names,
            )
        )

    network = [
        NetworkGoal(
            goal=row.goal,
            activities=[(columns[pk], row.cells[pk]) for pk in shown_pks if pk in row.cells],
        )
        for row in rows
    ]
    return MapLayout(
        filters=filters,
        focus_areas=areas,
        groups=groups,
        goals=[row.goal for row in rows],
        partners=partners,
        gaps=gaps,
        overlaps=overlaps,
        network=network,
        running_count=len(result.running_ids),
        on=result.on,
    )


def _overlap_item(
    first: OverlapSide, second: OverlapSide, goals: list[Goal], area_names: dict[int, str]
) -> OverlapItem:
    """Where the two activities meet: the ages, education types, areas and days in common."""
    a, b = first.facts, second.facts
    low = max(a.age_min or 0, b.age_min or 0)
    highs = [age for age in (a.age_max, b.age_max) if age is not None]
    if low and highs:
        ages = _("%(low)s–%(high)s years") % {"low": low, "high": min(highs)}
    elif low:
        ages = _("from %(low)s years") % {"low": low}
    elif highs:
        ages = _("up to %(high)s years") % {"high": min(highs)}
    else:
        ages = _("every age")
    education = _common(a.education_types, b.education_types)
    education_text = (
        ", ".join(str(EducationType(code).label) for code in _ordered(education, EducationType))
        if education
        else _("every education")
    )
    areas = _common(a.area_ids, b.area_ids)
    area_text = (
        ", ".join(sorted(area_names.get(pk, "") for pk in areas)) if areas else _("every area")
    )
    starts = [day for day in (a.starts_on, b.starts_on) if day is not None]
    ends = [day for day in (a.ends_on, b.ends_on) if day is not None]
    return OverlapItem(
        first=first,
        second=second,
        goals=goals,
        ages=ages,
        education=education_text,
        areas=area_text,
        meet_from=max(starts) if starts else None,
        meet_until=min(ends) if ends else None,
    )


def _common(a: frozenset, b: frozenset) -> frozenset:
    """What two lists share, where an empty list means every one (empty: every one)."""
    if not a:
        return b
    if not b:
        return a
    return a & b


def _ordered(codes: Iterable[str], choices) -> list[str]:
    return [code for code in choices.values if code in set(codes)]


def network_figure_for(layout: MapLayout) -> dict:
    """The network view of the map as shown: its partners, activities and goals."""
    activities = layout.activities
    activity_index = {column.activity.pk: n for n, column in enumerate(activities)}
    goal_index = {goal.pk: n for n, goal in enumerate(layout.goals)}
    return network_figure(
        partners=[line.organisation.name for line in layout.partners],
        activities=[column.activity.title for column in activities],
        goals=[goal.title for goal in layout.goals],
        partner_links=[
            (n, activity_index[pk])
            for n, line in enumerate(layout.partners)
            for pk in line.activity_ids
        ],
        goal_links=[
            Link(
                activity=activity_index[column.activity.pk],
                goal=goal_index[item.goal.pk],
                is_main=strength == GoalStrength.MAIN,
            )
            for item in layout.network
            for column, strength in item.activities
        ],
    )


# --- the activities behind one cell -------------------------------------------------------------


@dataclass
class CellActivity:
    column: ActivityColumn
    strength: str  # "main" / "contributing"


def cell_activities(
    result: ReinforcementMap,
    *,
    alliance: Alliance,
    goal_id: int,
    group_id: int | None = None,
    partner_id: int | None = None,
    running_only: bool = False,
    include_paused: bool = False,
) -> list[CellActivity] | None:
    """The activities behind one cell of the map (goal x group, goal x partner, or the goal's
    running activities), in the map's order; None when the goal is not the alliance's."""
    row = next((row for row in result.goals if row.goal.pk == goal_id), None)
    if row is None:
        return None
    partner_ids: set[int] | None = None
    if partner_id is not None:
        partner = next((p for p in result.partners if p.organisation.pk == partner_id), None)
        partner_ids = set(partner.cells.get(goal_id, ())) if partner else set()
    found = []
    for activity in result.activities:
        strength = row.cells.get(activity.pk)
        if strength is None:
            continue
        if running_only and activity.pk not in result.running_ids:
            continue
        if not running_only and activity.status == ActivityStatus.PAUSED and not include_paused:
            continue
        if group_id is not None and activity.group_id != group_id:
            continue
        if partner_ids is not None and activity.pk not in partner_ids:
            continue
        found.append(
            CellActivity(
                column=ActivityColumn(
                    activity=activity,
                    url=activity_url(alliance, activity.pk),
                    is_running=activity.pk in result.running_ids,
                    reach=result.reach_by_activity.get(activity.pk, 0),
                ),
                strength=strength,
            )
        )
    return found


def goal_row(result: ReinforcementMap, goal_id: int) -> GoalRow | None:
    return next((row for row in result.goals if row.goal.pk == goal_id), None)
