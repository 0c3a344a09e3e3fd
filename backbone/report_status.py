"""The steering group's status report: its content, and the builders of its PDF, XLSX and CSV.

`status_report_content` gathers what the report says, as plain dataclasses, from the same reads
the pages use: the dashboard's cards (measurement.selectors_dashboard, so the figures, their
status, trend and the small-group suppression are the dashboard's own, decided by the
requester's membership), the priority group's gap as on an indicator's page, the latest
published version of the common agenda, the activities with their log, the decisions of
published minutes and the young people's input. Young people's text appears only as moderated
and published, never as sent.

The period: a year (January to December; the figures as of its end, as the dashboard's year
filter) or, without one, the twelve months up to the day the report is made (the newest
figures). A focus area or working group narrows every part.

The three builders lay the same content out: a PDF for reading (charts drawn on the server,
backbone.report_charts), a workbook with one sheet per part (real numbers and dates), and a zip
of CSV files. Each says when it was made, for whom and from which data.
"""

from __future__ import annotations

import csv
import datetime
import io
import zipfile
from collections import Counter, defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from decimal import Decimal
from pathlib import Path

from django.contrib.staticfiles import finders
from django.db.models import Count, Prefetch, Q, Sum
from django.template.loader import render_to_string
from django.utils import formats, timezone
from django.utils.translation import gettext as _
from django.utils.translation import pgettext

from alliance.models import Alliance, FocusArea, Membership
from alliance.selectors_agenda import agenda_content, agenda_snapshot_of, agenda_version_current
from initiatives.models import Activity, ActivityGoal, ActivityLog, ActivityStatus
from measurement import charts
from measurement.models import Direction, Summary, Target, Unit
from measurement.periods import period_start
from measurement.selectors_dashboard import (
    dashboard_context,
    gap_view,
    indicator_for_dashboard,
    sees_small_groups,
)
from workgroups.models import WorkGroup
from workgroups.selectors_meetings import decisions_log
from youth_voice.models import InputStatus, Moderation, YouthInput

from .models import ReportKind
from .report_charts import ChartRenderer
from .reports import BuiltFile, ReportJob, report_builder
from .spreadsheet import neutralise

# ---------------------------------------------------------------------------
# The content
# ---------------------------------------------------------------------------


@dataclass(frozen=True)
class ReportAbout:
    """When the report was made, for whom, what it covers and from which data."""

    alliance_name: str
    municipality: str
    title: str
    made_at: datetime.datetime
    made_for: str
    role: str
    role_label: str
    sees_small_groups: bool
    small_group_threshold: int
    language: str
    year: int | None
    period_start: datetime.date
    period_end: datetime.date
    focus_area: str  # "" for every focus area
    workgroup: str  # "" for every working group
    data_computed_at: datetime.datetime | None  # the newest summary the report shows

    @property
    def period_text(self) -> str:
        if self.year is not None:
            return str(self.year)
        return _("%(start)s to %(end)s") % {
            "start": formats.date_format(self.period_start, "DATE_FORMAT"),
            "end": formats.date_format(self.period_end, "DATE_FORMAT"),
        }

    @property
    def made_text(self) -> str:
        return formats.date_format(timezone.localtime(self.made_at), "DATETIME_FORMAT")

    @property
    def data_text(self) -> str:
        if self.data_computed_at is None:
            return _("no figures computed yet")
        return formats.date_format(timezone.localtime(self.data_computed_at), "DATETIME_FORMAT")

    @property
    def small_groups_text(self) -> str:
        if self.sees_small_groups:
            return _(
                "Figures from fewer than %(threshold)s respondents are shown and marked, as the "
                "secretariat sees them."
            ) % {"threshold": self.small_group_threshold}
        return _(
            "Figures from fewer than %(threshold)s respondents are hidden, so no one can be "
            "recognised."
        ) % {"threshold": self.small_group_threshold}


@dataclass(frozen=True)
class AgendaGoal:
    title: str
    target_year: int | None


@dataclass(frozen=True)
class AgendaArea:
    position: int
    title: str
    description: str
    goals: list[AgendaGoal]


@dataclass(frozen=True)
class AgendaBrief:
    """The common agenda in brief, from its latest published version."""

    version: int | None
    published_at: datetime.datetime | None
    vision: str
    areas: list[AgendaArea]


@dataclass(frozen=True)
class FigureLine:
    """One period's total of an indicator as the requester may see it."""

    period: datetime.date
    period_label: str
    value: Decimal | None  # None when there is none or it is hidden
    text: str
    respondents: int | None  # None when unknown or hidden
    is_hidden: bool
    is_small: bool  # below the threshold, shown to the secretariat
    status_label: str
    status_symbol: str


@dataclass(frozen=True)
class GapLine:
    period_label: str
    priority_value: Decimal | None
    priority_text: str
    rest_value: Decimal | None
    rest_text: str
    gap: Decimal | None
    gap_text: str


@dataclass(frozen=True)
class GapBrief:
    """The priority group against everyone else of its dimension, as on an indicator's page."""

    group: str
    dimension: str
    rest_label: str
    state: str
    sentence: str
    lines: list[GapLine]
    chart: dict | None


@dataclass
class IndicatorLine:
    """One indicator as the report shows it."""

    indicator_id: int
    code: str
    name: str
    focus_area: str
    kind_label: str
    unit: str
    unit_label: str
    direction_label: str
    status_key: str
    status_label: str
    status_symbol: str
    baseline_value: Decimal | None
    baseline_period_label: str
    baseline_text: str
    latest: FigureLine | None
    target_value: Decimal | None
    target_period: datetime.date | None
    target_period_label: str
    target_text: str
    trend_key: str
    trend_label: str
    trend_arrow: str
    computed_at: datetime.datetime | None
    chart: dict | None
    chart_label: str
    history: list[FigureLine] = field(default_factory=list)
    gap: GapBrief | None = None

    @property
    def title(self) -> str:
        return f"{self.code} {self.name}" if self.code else self.name


@dataclass(frozen=True)
class IndicatorGroup:
    title: str
    indicators: list[IndicatorLine]


@dataclass(frozen=True)
class ActivityLine:
    activity_id: int
    title: str
    group: str
    status_label: str
    starts_on: datetime.date | None
    ends_on: datetime.date | None
    focus_areas: str
    goals: str
    aims_at_priority_group: bool
    sessions: int
    participants: int
    participants_new: int
    participants_returning: int
    satisfied_percent: Decimal | None


@dataclass(frozen=True)
class ActivityPart:
    lines: list[ActivityLine]
    sessions: int
    participants: int
    participants_new: int
    aimed_at_priority_group: int


@dataclass(frozen=True)
class DecisionLine:
    decision_id: int
    date: datetime.date
    group: str
    meeting: str
    agenda_item: str
    text: str
    rationale: str
    decided_by: str
    adopted_agenda_version: int | None


@dataclass(frozen=True)
class YouthCount:
    status: str
    label: str
    count: int


@dataclass(frozen=True)
class YouthOutcome:
    """An answered or carried-out input: its published text and what became of it."""

    input_id: int
    kind_label: str
    sent_on: datetime.date
    status_label: str
    focus_area: str
    group: str
    text: str  # the moderated, published text
    answer: str
    answered_on: datetime.date | None
    decision: str
    decision_on: datetime.date | None
    activity: str


@dataclass(frozen=True)
class YouthPart:
    total: int
    counts: list[YouthCount]
    outcomes: list[YouthOutcome]
    unpublished_outcomes: int  # answered or done, but not published: left out


@dataclass(frozen=True)
class StatusCount:
    key: str
    label: str
    symbol: str
    count: int


@dataclass
class StatusReportContent:
    about: ReportAbout
    agenda: AgendaBrief
    status_counts: list[StatusCount]
    indicator_groups: list[IndicatorGroup]
    activities: ActivityPart
    decisions: list[DecisionLine]
    youth: YouthPart

    @property
    def indicators(self) -> list[IndicatorLine]:
        return [line for group in self.indicator_groups for line in group.indicators]

    @property
    def gaps(self) -> list[IndicatorLine]:
        return [line for line in self.indicators if line.gap is not None]


def report_period(
    year: int | None, *, today: datetime.date | None = None
) -> tuple[datetime.date, datetime.date]:
    """The report's first and last day: the year, or the twelve months up to today."""
    if year is not None:
        return datetime.date(year, 1, 1), datetime.date(year, 12, 31)
    today = today or timezone.localdate()
    try:
        start = today.replace(year=today.year - 1)
    except ValueError:  # 29 February
        start = today.replace(year=today.year - 1, day=28)
    return start + datetime.timedelta(days=1), today


def _day_bounds(start: datetime.date, end: datetime.date) -> tuple[datetime.datetime, ...]:
    tz = timezone.get_current_timezone()
    return (
        datetime.datetime.combine(start, datetime.time.min, tzinfo=tz),
        datetime.datetime.combine(end + datetime.timedelta(days=1), datetime.time.min, tzinfo=tz),
    )


@charts.with_fixed_language
def status_report_content(
    *,
    alliance: Alliance,
    membership: Membership,
    year: int | None = None,
    focus_area: FocusArea | int | None = None,
    workgroup: WorkGroup | int | None = None,
    now: datetime.datetime | None = None,
) -> StatusReportContent:
    """Everything the status report says, for the membership's eyes (small groups hidden
    outside the secretariat). A focus area or working group that is not the alliance's raises
    ValueError: the report would otherwise say it covers less than it does."""
    now = now or timezone.now()
    area = _own(FocusArea, alliance, focus_area)
    group = _own(WorkGroup, alliance, workgroup)
    start, end = report_period(year, today=timezone.localdate(now))

    dashboard = dashboard_context(
        alliance=alliance,
        membership=membership,
        focus_area=area,
        workgroup=group,
        period=year,
    )
    card_groups = dashboard["groups"]
    # The dashboard ignores a working group that reports no indicators; the report shows none.
    if group is not None and dashboard["filters"]["workgroup"] is None:
        card_groups = []
    indicator_groups = _indicator_groups(
        card_groups, alliance=alliance, membership=membership, as_of=end if year else None
    )
    computed = [line.computed_at for line in _flat(indicator_groups) if line.computed_at]
    role = membership.role
    about = ReportAbout(
        alliance_name=alliance.name,
        municipality=alliance.municipality,
        title=_("Status report for the steering group"),
        made_at=now,
        made_for=membership.user.get_full_name(),
        role=role,
        role_label=str(membership.get_role_display()),
        sees_small_groups=sees_small_groups(membership),
        small_group_threshold=alliance.small_group_threshold,
        language=charts.language() or "da",
        year=year,
        period_start=start,
        period_end=end,
        focus_area=str(area) if area else "",
        workgroup=group.name if group else "",
        data_computed_at=max(computed) if computed else None,
    )
    counts = Counter(line.status_key for line in _flat(indicator_groups))
    # The dashboard's order and words, counted over the indicators the report shows.
    status_counts = [
        StatusCount(key=view.key, label=view.label, symbol=view.symbol, count=counts[view.key])
        for view, _n in dashboard["status_counts"]
        if counts.get(view.key)
    ]
    return StatusReportContent(
        about=about,
        agenda=_agenda(alliance, area),
        status_counts=status_counts,
        indicator_groups=indicator_groups,
        activities=_activities(alliance, start=start, end=end, area=area, group=group),
        decisions=_decisions(alliance, start=start, end=end, area=area, group=group),
        youth=_youth(alliance, start=start, end=end, area=area, group=group),
    )


def _own(model, alliance: Alliance, wanted):
    if wanted is None or wanted == "":
        return None
    pk = getattr(wanted, "pk", wanted)
    found = model.objects.filter(alliance=alliance, pk=pk).first()
    if found is None:
        raise ValueError(f"{model.__name__} {pk} is not of the alliance {alliance.slug}.")
    return found


def _flat(groups: Iterable[IndicatorGroup]) -> Iterable[IndicatorLine]:
    for group in groups:
        yield from group.indicators


def _agenda(alliance: Alliance, area: FocusArea | None) -> AgendaBrief:
    version = agenda_version_current(alliance=alliance)
    if version is None:
        return AgendaBrief(version=None, published_at=None, vision="", areas=[])
    content = agenda_content(agenda_snapshot_of(version))
    areas = [
        AgendaArea(
            position=item["position"],
            title=item["title"],
            description=item.get("description", ""),
            goals=[
                AgendaGoal(title=goal["title"], target_year=goal.get("target_year"))
                for goal in item["goals"]
            ],
        )
        for item in content.focus_areas
        if area is None or item.get("id") == area.pk
    ]
    return AgendaBrief(
        version=version.number,
        published_at=version.published_at,
        vision=content.vision,
        areas=areas,
    )


def _figure_line(figure) -> FigureLine:
    return FigureLine(
        period=figure.period,
        period_label=figure.period_label,
        value=figure.value,
        text=figure.text,
        respondents=None if figure.is_hidden else figure.respondents,
        is_hidden=figure.is_hidden,
        is_small=figure.is_small,
        status_label=figure.status.label,
        status_symbol=figure.status.symbol,
    )


def _next_target(
    targets: Sequence[tuple[datetime.date, Decimal]],
    latest_period: datetime.date | None,
    as_of: datetime.date | None,
) -> tuple[datetime.date, Decimal] | None:
    """The target the card names: the first at or after the latest figure's period (or the
    as-of day without figures; then the last one when none is ahead), as the dashboard does."""
    targets = sorted(targets)
    reference = latest_period or as_of or timezone.localdate()
    found = next(((p, v) for p, v in targets if p >= reference), None)
    if found is None and targets and latest_period is None:
        found = targets[-1]
    return found


def _indicator_groups(
    card_groups,
    *,
    alliance: Alliance,
    membership: Membership,
    as_of: datetime.date | None,
) -> list[IndicatorGroup]:
    cards = [card for group in card_groups for card in group.cards]
    ids = [card.indicator.pk for card in cards]
    indicators = {i.pk: i for i in indicator_for_dashboard(alliance=alliance).filter(pk__in=ids)}
    targets: dict[int, list[tuple[datetime.date, Decimal]]] = defaultdict(list)
    for indicator_id, period, value in Target.objects.filter(
        indicator_id__in=ids, breakdown__isnull=True
    ).values_list("indicator_id", "period", "value"):
        targets[indicator_id].append((period, value))
    gap_summaries: dict[int, list[Summary]] = defaultdict(list)
    with_priority = [pk for pk, i in indicators.items() if i.priority_value_id]
    summaries = Summary.objects.filter(
        indicator_id__in=with_priority, breakdown__isnull=False
    ).select_related("breakdown__dimension")
    if as_of is not None:
        summaries = summaries.filter(period__lte=as_of)
    for summary in summaries.order_by("period", "breakdown_id"):
        gap_summaries[summary.indicator_id].append(summary)
    sees_small = sees_small_groups(membership)

    groups = []
    for card_group in card_groups:
        lines = []
        for card in card_group.cards:
            indicator = indicators[card.indicator.pk]
            latest = _figure_line(card.latest) if card.latest else None
            target = _next_target(
                targets.get(indicator.pk, []), card.latest.period if card.latest else None, as_of
            )
            gap = None
            if indicator.priority_value_id:
                view = gap_view(
                    indicator=indicator,
                    summaries=gap_summaries.get(indicator.pk, []),
                    alliance=alliance,
                    sees_small=sees_small,
                )
                if view is not None and view.is_combinable:
                    gap = GapBrief(
                        group=view.priority.label,
                        dimension=view.priority.dimension.name,
                        rest_label=view.rest_label,
                        state=view.state,
                        sentence=view.sentence,
                        lines=[
                            GapLine(
                                period_label=row.period_label,
                                priority_value=row.priority.value if row.priority else None,
                                priority_text=row.priority.text if row.priority else "–",
                                rest_value=row.rest_value,
                                rest_text=row.rest_text,
                                gap=row.gap,
                                gap_text=row.gap_text,
                            )
                            for row in view.rows
                        ],
                        chart=view.chart,
                    )
            baseline_period = (
                period_start(indicator.frequency, indicator.baseline_period)
                if indicator.baseline_period
                else None
            )
            lines.append(
                IndicatorLine(
                    indicator_id=indicator.pk,
                    code=indicator.code,
                    name=indicator.name,
                    focus_area=card_group.title if card_group.focus_area else "",
                    kind_label=card.kind_label,
                    unit=indicator.unit,
                    unit_label=str(Unit(indicator.unit).label),
                    direction_label=str(Direction(indicator.direction).label),
                    status_key=card.status.key,
                    status_label=card.status.label,
                    status_symbol=card.status.symbol,
                    baseline_value=indicator.baseline_value,
                    baseline_period_label=card.baseline_period_label if baseline_period else "",
                    baseline_text=card.baseline_text,
                    latest=latest,
                    target_value=target[1] if target else None,
                    target_period=target[0] if target else None,
                    target_period_label=card.target_period_label,
                    target_text=card.target_text,
                    trend_key=card.trend.key,
                    trend_label=card.trend.label,
                    trend_arrow=card.trend.arrow,
                    computed_at=card.computed_at,
                    chart=card.chart,
                    chart_label=card.chart_label,
                    history=[_figure_line(figure) for figure in card.history],
                    gap=gap,
                )
            )
        groups.append(IndicatorGroup(title=card_group.title, indicators=lines))
    return groups


def _activities(
    alliance: Alliance,
    *,
    start: datetime.date,
    end: datetime.date,
    area: FocusArea | None,
    group: WorkGroup | None,
) -> ActivityPart:
    """The activities of the period (a session logged in it, or dates that meet it and not
    just an idea), with their sessions and participants in the period."""
    logged = ActivityLog.objects.filter(
        activity__alliance=alliance, held_on__gte=start, held_on__lte=end
    )
    activities = Activity.objects.for_alliance(alliance).filter(
        Q(pk__in=logged.values("activity_id"))
        | (
            ~Q(status=ActivityStatus.IDEA)
            & (Q(starts_on__isnull=True) | Q(starts_on__lte=end))
            & (Q(ends_on__isnull=True) | Q(ends_on__gte=start))
            & (Q(starts_on__isnull=False) | Q(ends_on__isnull=False))
        )
    )
    if group is not None:
        activities = activities.filter(group=group)
    if area is not None:
        activities = activities.filter(
            Q(pk__in=Activity.focus_areas.through.objects.filter(focusarea=area).values("activity"))
            | Q(pk__in=ActivityGoal.objects.filter(goal__focus_area=area).values("activity"))
        )
    activities = (
        activities.select_related("group")
        .prefetch_related(
            Prefetch(
                "goal_links",
                queryset=ActivityGoal.objects.select_related("goal").order_by(
                    "strength", "goal__position", "goal__pk"
                ),
            ),
            Prefetch("focus_areas", queryset=FocusArea.objects.order_by("position")),
        )
        .order_by("group__name", "title", "pk")
    )
    totals = {
        row["activity_id"]: row
        for row in logged.filter(activity__in=activities)
        .values("activity_id")
        .annotate(
            sessions=Count("pk"),
            new=Sum("participants_new"),
            returning=Sum("participants_returning"),
            answers=Sum("satisfaction_answers"),
            positive=Sum("satisfaction_positive"),
        )
        .order_by()
    }
    lines = []
    for activity in activities:
        row = totals.get(activity.pk, {})
        new, returning = row.get("new") or 0, row.get("returning") or 0
        answers = row.get("answers") or 0
        satisfied = (
            (Decimal(100) * (row.get("positive") or 0) / answers).quantize(Decimal("0.1"))
            if answers
            else None
        )
        lines.append(
            ActivityLine(
                activity_id=activity.pk,
                title=activity.title,
                group=activity.group.name,
                status_label=str(activity.get_status_display()),
                starts_on=activity.starts_on,
                ends_on=activity.ends_on,
                focus_areas="; ".join(str(fa) for fa in activity.focus_areas.all()),
                goals="; ".join(link.goal.title for link in activity.goal_links.all()),
                aims_at_priority_group=activity.aims_at_priority_group,
                sessions=row.get("sessions") or 0,
                participants=new + returning,
                participants_new=new,
                participants_returning=returning,
                satisfied_percent=satisfied,
            )
        )
    return ActivityPart(
        lines=lines,
        sessions=sum(line.sessions for line in lines),
        participants=sum(line.participants for line in lines),
        participants_new=sum(line.participants_new for line in lines),
        aimed_at_priority_group=sum(1 for line in lines if line.aims_at_priority_group),
    )


def _decisions(
    alliance: Alliance,
    *,
    start: datetime.date,
    end: datetime.date,
    area: FocusArea | None,
    group: WorkGroup | None,
) -> list[DecisionLine]:
    """The decisions of published minutes of meetings in the period, oldest first."""
    decisions = decisions_log(
        alliance=alliance, group=group, focus_area=area, since=start, until=end
    )
    return [
        DecisionLine(
            decision_id=decision.pk,
            date=timezone.localdate(decision.meeting.starts_at),
            group=decision.meeting.group.name,
            meeting=decision.meeting.title,
            agenda_item=decision.agenda_item.title if decision.agenda_item else "",
            text=decision.text,
            rationale=decision.rationale,
            decided_by=decision.decided_by,
            adopted_agenda_version=(
                decision.adopted_agenda_version.number if decision.adopted_agenda_version else None
            ),
        )
        for decision in reversed(list(decisions))
    ]


def _youth(
    alliance: Alliance,
    *,
    start: datetime.date,
    end: datetime.date,
    area: FocusArea | None,
    group: WorkGroup | None,
) -> YouthPart:
    """The input sent in the period, counted by status, and the answered or carried-out ones
    that are published, with what became of them."""
    since, until = _day_bounds(start, end)
    inputs = YouthInput.objects.filter(
        alliance=alliance, created_at__gte=since, created_at__lt=until
    )
    if area is not None:
        inputs = inputs.filter(focus_area=area)
    if group is not None:
        inputs = inputs.filter(routed_group=group)
    by_status = dict(inputs.values_list("status").annotate(n=Count("pk")).order_by())
    counts = [
        YouthCount(status=status.value, label=str(status.label), count=by_status.get(status, 0))
        for status in InputStatus
    ]
    answered = inputs.filter(status__in=(InputStatus.ANSWERED, InputStatus.DONE))
    outcomes = [
        YouthOutcome(
            input_id=item.pk,
            kind_label=str(item.get_kind_display()),
            sent_on=timezone.localdate(item.created_at),
            status_label=str(item.get_status_display()),
            focus_area=item.focus_area.title if item.focus_area else "",
            group=item.routed_group.name if item.routed_group else "",
            text=item.published_text,
            answer=item.answer,
            answered_on=timezone.localdate(item.answered_at) if item.answered_at else None,
            decision=item.decision.text if item.decision else "",
            decision_on=timezone.localdate(item.decision.meeting.starts_at)
            if item.decision
            else None,
            activity=item.led_to_activity.title if item.led_to_activity else "",
        )
        for item in answered.filter(moderation=Moderation.PUBLISHED)
        .exclude(published_text="")
        .select_related("focus_area", "routed_group", "decision__meeting", "led_to_activity")
        .order_by("created_at", "pk")
    ]
    return YouthPart(
        total=sum(by_status.values()),
        counts=counts,
        outcomes=outcomes,
        unpublished_outcomes=answered.count() - len(outcomes),
    )


# ---------------------------------------------------------------------------
# What a report is asked for
# ---------------------------------------------------------------------------


def _options(parameters: dict) -> dict:
    """The year, focus area and working group of the report's parameters, as ints or None."""

    def number(key: str) -> int | None:
        value = parameters.get(key)
        if value is None or value == "" or isinstance(value, bool):
            return None
        return int(value)

    return {
        "year": number("year"),
        "focus_area": number("focus_area"),
        "workgroup": number("workgroup"),
    }


def _content_for(job: ReportJob) -> StatusReportContent:
    return status_report_content(
        alliance=job.alliance, membership=job.membership, **_options(job.parameters)
    )


def _file_name(content: StatusReportContent, extension: str) -> str:
    stem = pgettext("file name", "status-report")
    day = timezone.localtime(content.about.made_at).strftime("%Y-%m-%d")
    return f"{stem}-{day}.{extension}"


# ---------------------------------------------------------------------------
# PDF
# ---------------------------------------------------------------------------

# The chart's size in the PDF (CSS pixels; drawn at twice that for print).
CHART_WIDTH = 720
CHART_HEIGHT = 200
GAP_CHART_HEIGHT = 300
FONT_FILES = {
    ("normal", 400): "vendor/dkfds/fonts/IBMPlexSans/complete/ttf/IBMPlexSans-Regular.ttf",
    ("italic", 400): "vendor/dkfds/fonts/IBMPlexSans/complete/ttf/IBMPlexSans-Italic.ttf",
    ("normal", 600): "vendor/dkfds/fonts/IBMPlexSans/complete/ttf/IBMPlexSans-SemiBold.ttf",
    ("normal", 700): "vendor/dkfds/fonts/IBMPlexSans/complete/ttf/IBMPlexSans-Bold.ttf",
}


def _font_faces() -> list[dict]:
    """The design system's typeface as local files (nothing is fetched from the network)."""
    faces = []
    for (style, weight), name in FONT_FILES.items():
        found = finders.find(name)
        if found:
            faces.append({"style": style, "weight": weight, "url": Path(found).as_uri()})
    return faces


def _print_figure(figure: dict, *, height: int) -> dict:
    """A dashboard figure sized for the page, its legend beneath."""
    layout = {
        **figure["layout"],
        "width": CHART_WIDTH,
        "height": height,
        "margin": {"l": 64, "r": 16, "t": 12, "b": 8},
        "font": {**charts.FONT, "size": 14},
    }
    return {"data": figure["data"], "layout": layout}


@report_builder(ReportKind.STATUS_PDF)
def build_status_pdf(job: ReportJob) -> BuiltFile:
    """The status report as a PDF: the parts in order, each indicator with its chart."""
    from weasyprint import HTML
    from weasyprint.urls import URLFetcher

    job.progress(2, _("Reading the figures"))
    content = _content_for(job)
    figures: list[tuple[str, dict]] = []
    for line in content.indicators:
        if line.chart:
            figures.append(
                (f"i{line.indicator_id}", _print_figure(line.chart, height=CHART_HEIGHT))
            )
        if line.gap and line.gap.chart:
            figures.append(
                (f"g{line.indicator_id}", _print_figure(line.gap.chart, height=GAP_CHART_HEIGHT))
            )
    images: dict[str, str] = {}
    job.progress(5, _("Starting the chart drawing"))
    with ChartRenderer() as renderer:
        for number, (key, figure) in enumerate(figures, start=1):
            images[key] = renderer.data_uri(
                figure, width=CHART_WIDTH, height=figure["layout"]["height"]
            )
            job.progress(
                5 + 80 * number // len(figures),
                _("Drew chart %(number)s of %(count)s") % {"number": number, "count": len(figures)},
            )
    job.progress(88, _("Laying out the pages"))
    html = render_to_string(
        "backbone/report_pdf.html",
        {
            "content": content,
            "about": content.about,
            "indicator_groups": [
                {
                    "title": group.title,
                    "items": [
                        {
                            "line": line,
                            "chart": images.get(f"i{line.indicator_id}"),
                            "gap_chart": images.get(f"g{line.indicator_id}"),
                        }
                        for line in group.indicators
                    ],
                }
                for group in content.indicator_groups
            ],
            "fonts": _font_faces(),
            "language": content.about.language,
        },
    )
    HTML(
        string=html,
        base_url=str(Path(__file__).resolve().parent),
        url_fetcher=URLFetcher(allowed_protocols={"data", "file"}),
    ).write_pdf(job.path)
    job.progress(100, _("Done"))
    return BuiltFile(file_name=_file_name(content, "pdf"), content_type="application/pdf")


# ---------------------------------------------------------------------------
# Tables: the parts as rows, shared by the workbook and the CSV files
# ---------------------------------------------------------------------------

TEXT, INTEGER, NUMBER, DATE, DATETIME, YES_NO = "text", "int", "number", "date", "datetime", "yes"


@dataclass(frozen=True)
class Column:
    header: str
    kind: str = TEXT
    width: int = 16


@dataclass(frozen=True)
class Table:
    """One part of the report as a table: its sheet name, file name, columns and rows."""

    key: str
    title: str
    file_stem: str
    columns: list[Column]
    rows: list[list]


def _yes(value: bool) -> str:
    return _("Yes") if value else _("No")


def _tables(content: StatusReportContent) -> list[Table]:
    about = content.about
    agenda = content.agenda
    tables = [
        Table(
            key="about",
            title=_("About the report"),
            file_stem=pgettext("file name", "about"),
            columns=[Column(_("What"), width=34), Column(_("Value"), width=70)],
            rows=[
                [_("Report"), about.title],
                [_("Alliance"), about.alliance_name],
                [_("Made"), about.made_at],
                [_("Made for"), about.made_for],
                [_("Role"), about.role_label],
                [_("Period from"), about.period_start],
                [_("Period to"), about.period_end],
                [_("Year"), about.year],
                [_("Focus area"), about.focus_area or _("Every focus area")],
                [_("Working group"), about.workgroup or _("All working groups")],
                [_("Figures computed (newest)"), about.data_computed_at],
                [_("Small groups"), about.small_groups_text],
                [_("Common agenda version"), agenda.version],
                [_("Common agenda published"), agenda.published_at],
                [_("Shared vision"), agenda.vision],
            ],
        ),
        Table(
            key="agenda",
            title=_("Common agenda"),
            file_stem=pgettext("file name", "common-agenda"),
            columns=[
                Column(_("Number"), INTEGER, 9),
                Column(_("Focus area"), width=36),
                Column(_("Goal"), width=70),
                Column(_("Target year"), INTEGER, 12),
            ],
            rows=[
                [area.position, area.title, goal.title, goal.target_year]
                for area in agenda.areas
                for goal in (area.goals or [AgendaGoal(title="", target_year=None)])
            ],
        ),
        Table(
            key="indicators",
            title=_("Indicators"),
            file_stem=pgettext("file name", "indicators"),
            columns=[
                Column(_("Code"), width=8),
                Column(_("Indicator"), width=44),
                Column(_("Focus area"), width=30),
                Column(_("Unit"), width=16),
                Column(_("Direction"), width=18),
                Column(_("Baseline"), NUMBER, 11),
                Column(_("Baseline period"), width=14),
                Column(_("Newest value"), NUMBER, 13),
                Column(_("Newest period"), width=14),
                Column(_("Newest period starts"), DATE, 14),
                Column(_("Respondents (n)"), INTEGER, 12),
                Column(_("Hidden (small group)"), YES_NO, 12),
                Column(_("Target"), NUMBER, 11),
                Column(_("Target period"), width=14),
                Column(_("Status"), width=14),
                Column(_("Symbol"), width=8),
                Column(_("Trend"), width=16),
                Column(_("Figures computed"), DATETIME, 18),
            ],
            rows=[
                [
                    line.code,
                    line.name,
                    line.focus_area,
                    line.unit_label,
                    line.direction_label,
                    line.baseline_value,
                    line.baseline_period_label,
                    line.latest.value if line.latest else None,
                    line.latest.period_label if line.latest else "",
                    line.latest.period if line.latest else None,
                    line.latest.respondents if line.latest else None,
                    line.latest.is_hidden if line.latest else False,
                    line.target_value,
                    line.target_period_label,
                    line.status_label,
                    line.status_symbol,
                    line.trend_label,
                    line.computed_at,
                ]
                for line in content.indicators
            ],
        ),
        Table(
            key="figures",
            title=_("Figures per period"),
            file_stem=pgettext("file name", "figures-per-period"),
            columns=[
                Column(_("Code"), width=8),
                Column(_("Indicator"), width=44),
                Column(_("Period"), width=14),
                Column(_("Period starts"), DATE, 14),
                Column(_("Value"), NUMBER, 11),
                Column(_("Respondents (n)"), INTEGER, 12),
                Column(_("Hidden (small group)"), YES_NO, 12),
                Column(_("Status"), width=14),
            ],
            rows=[
                [
                    line.code,
                    line.name,
                    figure.period_label,
                    figure.period,
                    figure.value,
                    figure.respondents,
                    figure.is_hidden,
                    figure.status_label,
                ]
                for line in content.indicators
                for figure in line.history
            ],
        ),
        Table(
            key="gaps",
            title=_("Breakdown gaps"),
            file_stem=pgettext("file name", "breakdown-gaps"),
            columns=[
                Column(_("Code"), width=8),
                Column(_("Indicator"), width=40),
                Column(_("Priority group"), width=18),
                Column(_("Period"), width=14),
                Column(_("Priority group's value"), NUMBER, 14),
                Column(_("Everyone else"), NUMBER, 14),
                Column(_("Gap"), NUMBER, 11),
                Column(_("Development of the gap"), width=70),
            ],
            rows=[
                [
                    line.code,
                    line.name,
                    f"{line.gap.dimension}: {line.gap.group}",
                    gap.period_label,
                    gap.priority_value,
                    gap.rest_value,
                    gap.gap,
                    line.gap.sentence,
                ]
                for line in content.gaps
                for gap in line.gap.lines
            ],
        ),
        Table(
            key="activities",
            title=_("Activities"),
            file_stem=pgettext("file name", "activities"),
            columns=[
                Column(_("Activity"), width=36),
                Column(_("Working group"), width=28),
                Column(_("Status"), width=12),
                Column(_("Starts"), DATE, 12),
                Column(_("Ends"), DATE, 12),
                Column(_("Focus areas"), width=30),
                Column(_("Goals"), width=40),
                Column(_("Aims at the priority group"), YES_NO, 12),
                Column(_("Sessions"), INTEGER, 10),
                Column(_("Participants reached"), INTEGER, 12),
                Column(_("New participants"), INTEGER, 12),
                Column(_("Returning participants"), INTEGER, 12),
                Column(_("Satisfied (%)"), NUMBER, 11),
            ],
            rows=[
                [
                    line.title,
                    line.group,
                    line.status_label,
                    line.starts_on,
                    line.ends_on,
                    line.focus_areas,
                    line.goals,
                    line.aims_at_priority_group,
                    line.sessions,
                    line.participants,
                    line.participants_new,
                    line.participants_returning,
                    line.satisfied_percent,
                ]
                for line in content.activities.lines
            ],
        ),
        Table(
            key="decisions",
            title=_("Decisions"),
            file_stem=pgettext("file name", "decisions"),
            columns=[
                Column(_("Date"), DATE, 12),
                Column(_("Working group"), width=26),
                Column(_("Meeting"), width=28),
                Column(_("Agenda item"), width=28),
                Column(_("Decision"), width=60),
                Column(_("Rationale"), width=40),
                Column(_("Decided by"), width=20),
                Column(_("Adopts common agenda version"), INTEGER, 12),
            ],
            rows=[
                [
                    line.date,
                    line.group,
                    line.meeting,
                    line.agenda_item,
                    line.text,
                    line.rationale,
                    line.decided_by,
                    line.adopted_agenda_version,
                ]
                for line in content.decisions
            ],
        ),
        Table(
            key="youth_counts",
            title=_("Youth input by status"),
            file_stem=pgettext("file name", "youth-input-by-status"),
            columns=[Column(_("Status"), width=24), Column(_("Inputs"), INTEGER, 10)],
            rows=[
                *([count.label, count.count] for count in content.youth.counts),
                [_("In all"), content.youth.total],
            ],
        ),
        Table(
            key="youth",
            title=_("Youth input"),
            file_stem=pgettext("file name", "youth-input"),
            columns=[
                Column(_("Kind"), width=10),
                Column(_("Sent"), DATE, 12),
                Column(_("Status"), width=12),
                Column(_("Topic"), width=24),
                Column(_("Working group"), width=24),
                Column(_("Input (as published)"), width=50),
                Column(_("Answer"), width=50),
                Column(_("Answered"), DATE, 12),
                Column(_("Led to the decision"), width=40),
                Column(_("Decided"), DATE, 12),
                Column(_("Led to the activity"), width=30),
            ],
            rows=[
                [
                    item.kind_label,
                    item.sent_on,
                    item.status_label,
                    item.focus_area,
                    item.group,
                    item.text,
                    item.answer,
                    item.answered_on,
                    item.decision,
                    item.decision_on,
                    item.activity,
                ]
                for item in content.youth.outcomes
            ],
        ),
    ]
    return tables


# ---------------------------------------------------------------------------
# XLSX
# ---------------------------------------------------------------------------

SHEET_NAME_LENGTH = 31


@report_builder(ReportKind.STATUS_XLSX)
def build_status_xlsx(job: ReportJob) -> BuiltFile:
    """The status report as a workbook: one sheet per part, numbers as numbers, dates as dates,
    the header row frozen. Text is always written as text (never as a formula)."""
    import xlsxwriter

    job.progress(5, _("Reading the figures"))
    content = _content_for(job)
    tables = _tables(content)
    job.progress(40, _("Writing the sheets"))
    workbook = xlsxwriter.Workbook(
        job.path,
        {
            "remove_timezone": True,
            "strings_to_formulas": False,
            "strings_to_urls": False,
            "strings_to_numbers": False,
        },
    )
    workbook.set_properties(
        {
            "title": content.about.title,
            "company": content.about.alliance_name,
            "comments": _made_line(content.about),
            "created": timezone.localtime(content.about.made_at).replace(tzinfo=None),
        }
    )
    header = workbook.add_format({"bold": True, "text_wrap": True, "valign": "top", "bottom": 1})
    formats_by_kind = {
        TEXT: workbook.add_format({"text_wrap": True, "valign": "top"}),
        INTEGER: workbook.add_format({"num_format": "#,##0", "valign": "top"}),
        NUMBER: workbook.add_format({"num_format": "#,##0.0##", "valign": "top"}),
        DATE: workbook.add_format({"num_format": "yyyy-mm-dd", "valign": "top"}),
        DATETIME: workbook.add_format({"num_format": "yyyy-mm-dd hh:mm", "valign": "top"}),
        YES_NO: workbook.add_format({"valign": "top"}),
    }
    percent = workbook.add_format({"num_format": '0.0" %"', "valign": "top"})
    money = workbook.add_format({"num_format": "#,##0", "valign": "top"})
    units = _row_units(content)
    used_names: set[str] = set()
    for number, table in enumerate(tables, start=1):
        sheet = workbook.add_worksheet(_sheet_name(table.title, used_names))
        for col, column in enumerate(table.columns):
            sheet.write_string(0, col, column.header, header)
            sheet.set_column(col, col, column.width)
        sheet.freeze_panes(1, 0)
        row_units = units.get(table.key, [])
        for row_number, values in enumerate(table.rows, start=1):
            unit = row_units[row_number - 1] if row_number - 1 < len(row_units) else None
            for col, (column, value) in enumerate(zip(table.columns, values, strict=True)):
                cell_format = formats_by_kind[column.kind]
                if column.kind == NUMBER and unit == Unit.PERCENT:
                    cell_format = percent
                elif column.kind == NUMBER and unit == Unit.CURRENCY:
                    cell_format = money
                _write_cell(
                    sheet, row_number, col, value, column.kind, cell_format, formats_by_kind
                )
        if table.rows:
            sheet.autofilter(0, 0, len(table.rows), len(table.columns) - 1)
        job.progress(40 + 55 * number // len(tables), _("Writing the sheets"))
    workbook.close()
    job.progress(100, _("Done"))
    return BuiltFile(
        file_name=_file_name(content, "xlsx"),
        content_type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    )


def _row_units(content: StatusReportContent) -> dict[str, list[str]]:
    """Each indicator row's unit, so a percent reads as "23.4 %" (the number stays 23.4)."""
    return {
        "indicators": [line.unit for line in content.indicators],
        "figures": [line.unit for line in content.indicators for _f in line.history],
        "gaps": [line.unit for line in content.gaps for _g in line.gap.lines],
    }


def _sheet_name(title: str, used: set[str]) -> str:
    name = "".join(" " if ch in "[]:*?/\\" else ch for ch in title)[:SHEET_NAME_LENGTH].strip()
    base, number = name, 2
    while name.lower() in used:
        suffix = f" {number}"
        name = base[: SHEET_NAME_LENGTH - len(suffix)] + suffix
        number += 1
    used.add(name.lower())
    return name


def _write_cell(sheet, row: int, col: int, value, kind: str, cell_format, formats_by_kind) -> None:
    if value is None or value == "":
        sheet.write_blank(row, col, None, cell_format)
    elif isinstance(value, bool):
        sheet.write_string(row, col, _yes(value), formats_by_kind[YES_NO])
    elif isinstance(value, datetime.datetime):
        sheet.write_datetime(
            row, col, timezone.localtime(value).replace(tzinfo=None), formats_by_kind[DATETIME]
        )
    elif isinstance(value, datetime.date):
        sheet.write_datetime(
            row, col, datetime.datetime.combine(value, datetime.time()), formats_by_kind[DATE]
        )
    elif isinstance(value, int | float | Decimal):
        if kind == TEXT:
            cell_format = formats_by_kind[NUMBER if isinstance(value, Decimal) else INTEGER]
        sheet.write_number(row, col, float(value), cell_format)
    else:
        # Text, even "=SUM(...)" or "-1": a string cell, never a formula or a number.
        sheet.write_string(row, col, str(value), formats_by_kind[TEXT])


def _made_line(about: ReportAbout) -> str:
    return _("Made %(made)s for %(name)s (%(role)s) from figures computed %(data)s.") % {
        "made": about.made_text,
        "name": about.made_for,
        "role": about.role_label,
        "data": about.data_text,
    }


# ---------------------------------------------------------------------------
# CSV
# ---------------------------------------------------------------------------


def _csv_value(value) -> str:
    """A cell as CSV text: numbers with a point, dates as ISO, text that a spreadsheet would
    read as a formula made harmless with a leading apostrophe."""
    if value is None:
        return ""
    if isinstance(value, bool):
        return _yes(value)
    if isinstance(value, datetime.datetime):
        return timezone.localtime(value).isoformat(timespec="seconds")
    if isinstance(value, datetime.date):
        return value.isoformat()
    if isinstance(value, Decimal):
        return (
            format(value.normalize(), "f")
            if value == value.to_integral()
            else format(value, "f").rstrip("0")
        )
    if isinstance(value, int | float):
        return str(value)
    return neutralise(str(value))


def _csv_bytes(table: Table) -> bytes:
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\r\n")
    writer.writerow([_csv_value(column.header) for column in table.columns])
    for row in table.rows:
        writer.writerow([_csv_value(value) for value in row])
    return ("\ufeff" + out.getvalue()).encode("utf-8")


def _csv_name(number: int, table: Table) -> str:
    return f"{number:02d}-{table.file_stem}.csv"


def _readme(content: StatusReportContent, tables: Sequence[Table]) -> str:
    about = content.about
    lines = [
        f"{about.title} – {about.alliance_name}",
        "",
        _made_line(about),
        _("Period: %(period)s.") % {"period": about.period_text},
        _("Focus area: %(area)s.") % {"area": about.focus_area or _("Every focus area")},
        _("Working group: %(group)s.") % {"group": about.workgroup or _("All working groups")},
        about.small_groups_text,
        "",
        _(
            "The files are CSV in UTF-8 with commas between the columns, a point as the "
            "decimal sign and dates as year-month-day. Text that begins with =, +, - or @ "
            "starts with an apostrophe so that no spreadsheet reads it as a formula."
        ),
        "",
        _("The files:"),
        *(f"- {_csv_name(number, table)}: {table.title}" for number, table in enumerate(tables, 1)),
        "",
    ]
    return "\r\n".join(lines)


@report_builder(ReportKind.STATUS_CSV)
def build_status_csv(job: ReportJob) -> BuiltFile:
    """The status report as a zip of CSV files, one per part, with a file about them."""
    job.progress(5, _("Reading the figures"))
    content = _content_for(job)
    tables = _tables(content)
    job.progress(50, _("Writing the files"))
    with zipfile.ZipFile(job.path, "w", compression=zipfile.ZIP_DEFLATED) as archive:
        archive.writestr(
            pgettext("file name", "readme") + ".txt",
            ("\ufeff" + _readme(content, tables)).encode("utf-8"),
        )
        for number, table in enumerate(tables, start=1):
            archive.writestr(_csv_name(number, table), _csv_bytes(table))
    job.progress(100, _("Done"))
    return BuiltFile(file_name=_file_name(content, "zip"), content_type="application/zip")
