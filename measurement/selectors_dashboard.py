"""Reads of the steering group's dashboard, the indicator pages, the public page's figures and
the indicators beside the agenda's goals.

Everything here reads Summary rows (computed by measurement.aggregation) and the indicators'
definitions, targets and baselines, never DataPoint: the number of queries is the same for a
hundred data points and for a million, and for three periods and for forty.

Small groups: for everyone except the secretariat a figure whose n is below the alliance's
small-group threshold is hidden (its value is never put into the page, a table or a chart);
the secretariat sees it, marked. A figure from few respondents is marked as uncertain.

The dashboard's cards are cached (Django's cache, Redis in production) per indicator, under a
key made of everything a card is built from: the indicator's fields and last change, the
newest computed_at and the number of its total summaries (a recompute touches every row's
computed_at), its targets, the viewer's view of small groups, the language, the as-of date
and the alliance's thresholds. A recompute or a changed definition thus gives a new key and the
card is built afresh; nothing is ever invalidated by hand. When the cache fails the cards are
built from the summaries, as without a cache.
"""

from __future__ import annotations

import copy
import datetime
import hashlib
import logging
import re
import threading
import time
from collections import Counter, OrderedDict, defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field, fields
from decimal import Decimal
from functools import lru_cache
from typing import NamedTuple

from django.conf import settings
from django.core.cache import cache
from django.db.models import Count, IntegerField, Max, OuterRef, Prefetch, QuerySet, Subquery
from django.utils import formats, timezone
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from alliance.models import Alliance, FocusArea, Goal, Membership, Role
from alliance.permissions import has_capability
from workgroups.models import WorkGroup

from . import charts
from .aggregation import FLAT_SHARE, summary_is_suppressed, summary_is_uncertain
from .models import (
    Aggregation,
    Dimension,
    DimensionValue,
    Direction,
    Indicator,
    IndicatorKind,
    Summary,
    SummaryStatus,
    Target,
    Unit,
)
from .periods import MONTHS_PER_PERIOD, period_label, period_start, periods_between

logger = logging.getLogger(__name__)

# Figures computed longer ago than this are flagged: the nightly recompute has not run.
STALE_AFTER = datetime.timedelta(hours=36)
KIND_ORDER = {
    IndicatorKind.POPULATION: 0,
    IndicatorKind.HOW_MUCH: 1,
    IndicatorKind.HOW_WELL: 2,
    IndicatorKind.BETTER_OFF: 3,
}
HIDDEN = "hidden"
# status -> (symbol, DKFDS badge class); the word is the status label. Never colour alone.
STATUS_LOOK = {
    SummaryStatus.ON_TRACK: ("✓", "badge-success"),
    SummaryStatus.AT_RISK: ("!", "badge-warning"),
    SummaryStatus.OFF_TRACK: ("✗", "badge-error"),
    SummaryStatus.NO_DATA: ("–", ""),
}
SUMMARY_FIELDS = (
    "id",
    "indicator_id",
    "period",
    "breakdown_id",
    "value",
    "numerator",
    "denominator",
    "respondents",
    "organisations",
    "target",
    "trend",
    "status",
    "computed_at",
)
CARD_FIELDS = (
    "id",
    "alliance_id",
    "code",
    "name",
    "unit",
    "direction",
    "frequency",
    "kind",
    "aggregation",
    "baseline_value",
    "baseline_period",
    "baseline_note",
)


# ---------------------------------------------------------------------------
# What the templates get
# ---------------------------------------------------------------------------


class TotalRow(NamedTuple):
    """The fields of a total Summary row the cards read, without building model instances
    (a dashboard reads hundreds of them)."""

    indicator_id: int
    period: datetime.date
    value: Decimal | None
    respondents: int | None
    organisations: int
    trend: Decimal | None
    status: str
    computed_at: datetime.datetime


@dataclass(frozen=True)
class StatusView:
    """A status as shown: a word, a symbol and a badge class (never colour alone)."""

    key: str
    label: str
    symbol: str
    badge: str


@dataclass(frozen=True)
class TrendView:
    """Where the figure is heading, in words that know which way is better."""

    key: str  # improving, worsening, flat, none, hidden
    label: str
    arrow: str  # the value's own movement: ↑ ↓ →, or "" (aria-hidden in templates)


@dataclass(frozen=True)
class Figure:
    """One summary row as one viewer may see it."""

    period: datetime.date
    period_label: str
    value: Decimal | None  # None when there is no value or it is hidden from this viewer
    text: str
    respondents: int | None
    organisations: int
    is_hidden: bool  # below the small-group threshold, and the viewer is not the secretariat
    is_small: bool  # below the small-group threshold (the secretariat sees it, marked)
    is_uncertain: bool
    status: StatusView
    trend: TrendView
    computed_at: datetime.datetime | None
    short_text: str  # for table cells: "Hidden" instead of the sentence (the table explains)
    note: str  # "uncertain (few respondents)", "small group: ..." or ""
    respondents_text: str  # n in the language's notation ("1.535"), "" when unknown

    @property
    def has_value(self) -> bool:
        return self.value is not None


@dataclass(frozen=True)
class ChartRow:
    """One row of a chart's table alternative: the same numbers as the chart."""

    period_label: str
    actual: Figure | None
    target_text: str


@dataclass
class IndicatorCard:
    """Everything one indicator's card (and the top of its page) shows."""

    indicator: Indicator
    dom_id: str
    kind_label: str
    frequency_label: str
    latest: Figure | None
    baseline_text: str
    baseline_period_label: str
    target_text: str
    target_period_label: str
    status: StatusView
    trend: TrendView
    computed_at: datetime.datetime | None
    computed_text: str  # "Computed 27 November 2026 08:17" in the active language
    chart: dict | None
    chart_json: str  # the chart as JSON, safe inside <script type="application/json">
    chart_id: str
    chart_label: str
    chart_rows: list[ChartRow]
    forecast_text: str
    forecast_period_label: str
    history: list[Figure] = field(default_factory=list)
    latest_meta: str = ""  # "2026 · n = 1.535 · 4 organisations"
    table_label: str = ""  # the table alternative's region label and caption
    table_caption: str = ""
    table_note: str = ""  # baseline, forecast and "Hidden" explained under the table

    @property
    def has_hidden(self) -> bool:
        return any(figure.is_hidden for figure in self.history)


@dataclass
class CardGroup:
    """The cards of one focus area (or of the indicators without one)."""

    dom_id: str
    title: str
    focus_area: FocusArea | None
    cards: list[IndicatorCard]


# ---------------------------------------------------------------------------
# Small pieces
# ---------------------------------------------------------------------------


def sees_small_groups(membership: Membership | None) -> bool:
    """Only the secretariat sees figures of groups below the small-group threshold."""
    return membership is not None and membership.is_active and membership.role == Role.SECRETARIAT


def status_view(status: str) -> StatusView:
    """A status (or HIDDEN) as shown, in the active language."""
    return _status_view(status, charts.language())


@lru_cache(maxsize=64)
def _status_view(status: str, language: str | None) -> StatusView:
    if status == HIDDEN:
        return StatusView(HIDDEN, _("Hidden (few respondents)"), "–", "")
    symbol, badge = STATUS_LOOK.get(status, STATUS_LOOK[SummaryStatus.NO_DATA])
    label = SummaryStatus(status).label if status in SummaryStatus.values else status
    return StatusView(status, str(label), symbol, badge)


@lru_cache(maxsize=16)
def _trend_words(language: str | None) -> dict[str, str]:
    return {
        "none": _("no trend yet"),
        "flat": _("unchanged"),
        "improving": _("getting better"),
        "worsening": _("getting worse"),
        HIDDEN: _("hidden"),
    }


def trend_view(*, trend: Decimal | None, value: Decimal | None, direction: str) -> TrendView:
    """The trend in words: getting better or worse depends on which way is better."""
    return _trend(trend, value, direction, charts.language())


def _trend(
    trend: Decimal | None, value: Decimal | None, direction: str, language: str | None
) -> TrendView:
    if trend is None or value is None:
        return _trend_view("none", "", language)
    flat = FLAT_SHARE * max(abs(value), Decimal(1))
    if abs(trend) <= flat:
        return _trend_view("flat", "→", language)
    arrow = "↑" if trend > 0 else "↓"
    key = "improving" if (trend > 0) == (direction == Direction.HIGHER_IS_BETTER) else "worsening"
    return _trend_view(key, arrow, language)


@lru_cache(maxsize=64)
def _trend_view(key: str, arrow: str, language: str | None) -> TrendView:
    """One shared TrendView per trend and language (a dashboard shows a thousand)."""
    return TrendView(key, _trend_words(language)[key], arrow)


@lru_cache(maxsize=16)
def _figure_words(language: str | None) -> dict[str, str]:
    return {
        "hidden": _("Hidden"),
        "small": _("small group: shown to the secretariat only"),
        "uncertain": _("uncertain (few respondents)"),
    }


def _computed_text(moment: datetime.datetime) -> str:
    return _computed_text_in(moment, charts.language())


@lru_cache(maxsize=256)
def _computed_text_in(moment: datetime.datetime, language: str | None) -> str:
    """ "Computed <when>", remembered: the cards of one recompute share the moment."""
    when = formats.date_format(timezone.localtime(moment), "DATETIME_FORMAT")
    return _("Computed %(when)s") % {"when": when}


def _label(frequency: str, period: datetime.date) -> str:
    """period_label, remembered per language (a dashboard names the same periods often)."""
    return _period_label(frequency, period, charts.language())


@lru_cache(maxsize=4096)
def _period_label(frequency: str, period: datetime.date, language: str | None) -> str:
    return period_label(frequency, period)


def hidden_text(alliance: Alliance) -> str:
    return _("Hidden: fewer than %(threshold)s respondents") % {
        "threshold": alliance.small_group_threshold
    }


def _figure(
    summary: Summary | TotalRow,
    *,
    indicator: Indicator,
    alliance: Alliance,
    sees_small: bool,
) -> Figure:
    """A summary row as this viewer sees it."""
    language = charts.language()
    is_small = summary_is_suppressed(summary, alliance)
    is_hidden = is_small and not sees_small
    shown = None if is_hidden else summary.value
    words = _figure_words(language)
    is_uncertain = summary_is_uncertain(summary, alliance)
    if is_hidden:
        text = hidden_text(alliance)
        short_text = words["hidden"]
        note = ""
        status = _status_view(HIDDEN, language)
        trend = _trend_view(HIDDEN, "", language)
    else:
        text = short_text = charts.number_text(shown, indicator.unit)
        note = words["small"] if is_small else (words["uncertain"] if is_uncertain else "")
        status = _status_view(summary.status, language)
        trend = _trend(summary.trend, shown, indicator.direction, language)
    n = summary.respondents
    return Figure(
        short_text=short_text,
        note=note,
        respondents_text="" if n is None or is_hidden else charts.number_plain(n, 0),
        period=summary.period,
        period_label=_period_label(indicator.frequency, summary.period, language),
        value=shown,
        text=text,
        respondents=summary.respondents,
        organisations=summary.organisations,
        is_hidden=is_hidden,
        is_small=is_small,
        is_uncertain=is_uncertain,
        status=status,
        trend=trend,
        computed_at=summary.computed_at,
    )


def _periods_apart(frequency: str, first: datetime.date, second: datetime.date) -> int:
    months = (second.year - first.year) * 12 + second.month - first.month
    return months // MONTHS_PER_PERIOD[frequency]


def _latest(figures: Sequence[Figure]) -> Figure | None:
    """The newest figure with a value (hidden ones count: they are the latest, only hidden);
    else the newest row."""
    for figure in reversed(figures):
        if figure.value is not None or figure.is_hidden:
            return figure
    return figures[-1] if figures else None


def _card(
    *,
    indicator: Indicator,
    totals: Sequence[Summary | TotalRow],
    targets: Sequence[tuple[datetime.date, Decimal]],
    alliance: Alliance,
    sees_small: bool,
    as_of: datetime.date | None = None,
    height: int = charts.CARD_HEIGHT,
    dom_prefix: str = "indicator",
) -> IndicatorCard:
    """One indicator's card from its total summaries (sorted by period) and total targets."""
    frequency, unit = indicator.frequency, indicator.unit
    shown_totals = [s for s in totals if as_of is None or s.period <= as_of]
    history = [
        _figure(s, indicator=indicator, alliance=alliance, sees_small=sees_small)
        for s in shown_totals
    ]
    latest = _latest(history)
    targets = sorted(targets)
    # The next target at or after the latest period (or after the as-of date without data).
    reference = latest.period if latest else (as_of or timezone.localdate())
    next_target = next(((p, v) for p, v in targets if p >= reference), None)
    if next_target is None and targets and latest is None:
        next_target = targets[-1]

    if latest is None:
        status, trend = status_view(SummaryStatus.NO_DATA), TrendView("none", _("no data"), "")
    else:
        status, trend = latest.status, latest.trend

    baseline_period = (
        period_start(frequency, indicator.baseline_period) if indicator.baseline_period else None
    )
    baseline_label = _label(frequency, baseline_period) if baseline_period else ""

    # The chart: periods from the first of baseline, data and targets to the last of them.
    starts = [p for p in (baseline_period, history[0].period if history else None) if p]
    starts += [p for p, _v in targets[:1]]
    ends = [p for p in (history[-1].period if history else None, baseline_period) if p]
    ends += [p for p, _v in targets[-1:]]
    chart = None
    chart_rows: list[ChartRow] = []
    forecast_text = forecast_label = ""
    categories: list[str] = []
    if history or targets:
        periods = periods_between(frequency, min(starts), max(ends))
        categories = [_label(frequency, p) for p in periods]
        by_period = {figure.period: figure for figure in history}
        target_of = dict(targets)
        actual = [
            (f.period_label, f.value, f.text if f.value is not None else "–") for f in history
        ]
        target_points = [(_label(frequency, p), v) for p, v in targets]
        forecast = None
        last_target = targets[-1][0] if targets else None
        if (
            latest is not None
            and latest.value is not None
            and latest.trend.key != HIDDEN
            and latest_trend(totals, latest) is not None
            and last_target is not None
            and last_target > latest.period
        ):
            steps = _periods_apart(frequency, latest.period, last_target)
            forecast = charts.forecast_points(
                latest_label=latest.period_label,
                latest_value=latest.value,
                trend=latest_trend(totals, latest),
                steps=steps,
                end_label=_label(frequency, last_target),
            )
            forecast_text = charts.number_text(forecast[-1][1], unit)
            forecast_label = forecast[-1][0]
        if any(point[1] is not None for point in actual) or target_points:
            chart = charts.indicator_figure(
                ticks=charts.year_ticks(
                    [
                        (label, p.year, p.month == 1)
                        for p, label in zip(periods, categories, strict=True)
                    ],
                    most=7 if height == charts.CARD_HEIGHT else 12,
                ),
                categories=categories,
                actual=actual,
                targets=target_points,
                baseline=indicator.baseline_value,
                baseline_label=baseline_label,
                forecast=forecast,
                unit=unit,
                height=height,
            )
        for period, label in zip(periods, categories, strict=True):
            figure = by_period.get(period)
            target = target_of.get(period)
            if figure is None and target is None:
                continue
            chart_rows.append(
                ChartRow(
                    period_label=label,
                    actual=figure,
                    target_text=charts.number_text(target, unit) if target is not None else "",
                )
            )

    computed = [s.computed_at for s in shown_totals if s.computed_at]
    card = IndicatorCard(
        indicator=indicator,
        dom_id=f"{dom_prefix}-{indicator.pk}",
        kind_label=str(IndicatorKind(indicator.kind).label) if indicator.kind else "",
        frequency_label=str(indicator.get_frequency_display()),
        latest=latest,
        baseline_text=charts.number_text(indicator.baseline_value, unit)
        if indicator.baseline_value is not None
        else "",
        baseline_period_label=baseline_label,
        target_text=charts.number_text(next_target[1], unit) if next_target else "",
        target_period_label=_label(frequency, next_target[0]) if next_target else "",
        status=status,
        trend=trend,
        computed_at=max(computed) if computed else None,
        computed_text=_computed_text(max(computed)) if computed else "",
        chart=chart,
        chart_json=charts.figure_json(chart) if chart else "",
        chart_id=f"{dom_prefix}-{indicator.pk}-chart-data",
        chart_label="",
        chart_rows=chart_rows,
        forecast_text=forecast_text,
        forecast_period_label=forecast_label,
        history=history,
    )
    card.chart_label = _chart_label(card, categories)
    _describe_table(card, alliance)
    return card


def _describe_table(card: IndicatorCard, alliance: Alliance) -> None:
    """The texts around the card's figures: the latest figure's period and n, and the table
    alternative's label, caption and note (prepared here: a dashboard has many cards)."""
    latest = card.latest
    if latest is not None:
        parts = [latest.period_label]
        if not latest.is_hidden and latest.respondents_text:
            parts.append(f"n = {latest.respondents_text}")
        if not latest.is_hidden and latest.organisations:
            parts.append(
                ngettext("%(n)s organisation", "%(n)s organisations", latest.organisations)
                % {"n": latest.organisations}
            )
        card.latest_meta = " · ".join(parts)
    name = str(card.indicator)
    card.table_label = _("Figures of %(name)s as a table") % {"name": name}
    card.table_caption = _(
        "Figures of %(name)s: actual value, respondents and target per period"
    ) % {"name": name}
    notes = []
    if card.baseline_text:
        notes.append(
            _("Baseline: %(value)s (%(period)s).")
            % {"value": card.baseline_text, "period": card.baseline_period_label}
        )
    if card.forecast_text:
        notes.append(_forecast_sentence(card))
    if card.has_hidden:
        notes.append(
            _("“Hidden”: fewer than %(threshold)s respondents, so no one can be recognised.")
            % {"threshold": alliance.small_group_threshold}
        )
    card.table_note = " ".join(notes)


def latest_trend(totals: Sequence[Summary | TotalRow], latest: Figure) -> Decimal | None:
    """The stored trend (change per period) of the latest figure's summary row."""
    for summary in totals:
        if summary.period == latest.period:
            return summary.trend
    return None


def _chart_label(card: IndicatorCard, categories: Sequence[str]) -> str:
    """The chart's text alternative in a sentence or four (aria-label of role="img")."""
    parts = [_("Chart of %(name)s.") % {"name": str(card.indicator)}]
    shown = [f for f in card.history if f.value is not None]
    if shown:
        parts.append(
            _("Actual values from %(first)s to %(last)s, latest %(value)s in %(period)s.")
            % {
                "first": shown[0].period_label,
                "last": shown[-1].period_label,
                "value": shown[-1].text,
                "period": shown[-1].period_label,
            }
        )
    else:
        parts.append(_("No figures to show yet."))
    if card.target_text:
        parts.append(
            _("Target %(value)s in %(period)s.")
            % {"value": card.target_text, "period": card.target_period_label}
        )
    if card.baseline_text:
        parts.append(
            _("Baseline %(value)s in %(period)s.")
            % {"value": card.baseline_text, "period": card.baseline_period_label}
        )
    if card.forecast_text:
        parts.append(_forecast_sentence(card))
    return " ".join(parts)


def _forecast_sentence(card: IndicatorCard) -> str:
    return _("Forecast by the recent trend: %(value)s in %(period)s.") % {
        "value": card.forecast_text,
        "period": card.forecast_period_label,
    }


def _sort_key(indicator: Indicator) -> tuple:
    """Population indicators first, then how much / how well / better off; codes in natural
    order (P2 before P10)."""
    code = [
        (0, int(part), "") if part.isdigit() else (1, 0, part.lower())
        for part in re.split(r"(\d+)", indicator.code or "")
        if part
    ]
    return (KIND_ORDER.get(indicator.kind, 9), not indicator.code, code, indicator.name.lower())


def _pick(options: Iterable, wanted) -> object | None:
    """The option whose pk is `wanted` (an object or a pk), or None."""
    if wanted is None or wanted == "":
        return None
    pk = getattr(wanted, "pk", wanted)
    return next((option for option in options if str(option.pk) == str(pk)), None)


def as_of_date(period: datetime.date | int | str | None) -> datetime.date | None:
    """The "as of" day of the period filter: a year means its last day; a date is itself."""
    if period is None or period == "":
        return None
    if isinstance(period, datetime.date):
        return period
    return datetime.date(int(period), 12, 31)


# ---------------------------------------------------------------------------
# The dashboard's card cache
# ---------------------------------------------------------------------------

# Bump when what a card shows changes in code (CARD_SHAPE below follows the classes' fields):
# a deploy then builds the cards afresh instead of reading the ones kept before it.
CARD_CACHE_VERSION = 1
CARD_CACHE_SECONDS = 24 * 60 * 60
# After a cache error the cards are built without the cache for this long (per process), so
# that a Redis that hangs costs one request its socket timeout, not every request.
CACHE_PAUSE_SECONDS = 30.0
# Cards each process also keeps in memory (the benchmark's 30 cards with ten years of figures
# take 2 MB): reading 30 cards back from the cache (unpickling them) costs more than the rest
# of the page's reads together. Their keys name their contents, so a kept card is never out
# of date; the least recently used are dropped.
RECENT_CARDS = 150

# The shape of a kept card: a card kept by an older version of these classes is not read.
CARD_SHAPE = hashlib.blake2b(
    repr(
        [
            (cls.__name__, [f.name for f in fields(cls)])
            for cls in (IndicatorCard, Figure, ChartRow, StatusView, TrendView)
        ]
    ).encode(),
    digest_size=4,
).hexdigest()

# A card and the years of its indicator's totals (for the filter of years).
CardEntry = tuple[IndicatorCard, tuple[int, ...]]
_cache_paused_until: dict[str, float] = {}


class _RecentCards:
    """The cards this process built or read lately, by cache key, the oldest dropped first."""

    def __init__(self, size: int) -> None:
        self.size = size
        self._entries: OrderedDict[str, CardEntry] = OrderedDict()
        self._lock = threading.Lock()

    def get_many(self, keys: Iterable[str]) -> dict[str, CardEntry]:
        found = {}
        with self._lock:
            for key in keys:
                if (entry := self._entries.get(key)) is not None:
                    self._entries.move_to_end(key)
                    found[key] = entry
        return found

    def set_many(self, entries: dict[str, CardEntry]) -> None:
        with self._lock:
            for key, entry in entries.items():
                self._entries[key] = entry
                self._entries.move_to_end(key)
            while len(self._entries) > self.size:
                self._entries.popitem(last=False)

    def clear(self) -> None:
        with self._lock:
            self._entries.clear()


recent_cards = _RecentCards(RECENT_CARDS)


def _with_totals_version(indicators: QuerySet[Indicator]) -> QuerySet[Indicator]:
    """Each indicator with the newest computed_at and the number of its total summaries: a
    recompute sets computed_at on every row of the indicator, so these two change with it."""
    totals = (
        Summary.objects.filter(indicator=OuterRef("pk"), breakdown__isnull=True)
        .order_by()
        .values("indicator")
    )
    return indicators.annotate(
        totals_computed_at=Subquery(totals.annotate(newest=Max("computed_at")).values("newest")),
        totals_count=Subquery(
            totals.annotate(n=Count("pk")).values("n"), output_field=IntegerField()
        ),
    )


def _card_key(
    indicator: Indicator,
    targets: Sequence[tuple[datetime.date, Decimal]],
    *,
    alliance: Alliance,
    sees_small: bool,
    as_of: datetime.date | None,
) -> str:
    """The cache key of an indicator's card: a digest of everything the card is built from."""
    facts = (
        CARD_CACHE_VERSION,
        CARD_SHAPE,
        charts.language(),
        timezone.get_current_timezone_name(),
        sees_small,
        as_of,
        alliance.small_group_threshold,
        alliance.uncertain_below,
        [getattr(indicator, name) for name in CARD_FIELDS],
        indicator.updated_at,
        indicator.totals_computed_at,
        indicator.totals_count,
        sorted(targets),
    )
    digest = hashlib.blake2b(repr(facts).encode(), digest_size=16).hexdigest()
    return f"measurement:dashboard-card:{indicator.pk}:{digest}"


def _cache_usable() -> bool:
    return _cache_paused_until.get(_cache_name(), 0.0) <= time.monotonic()


def _cache_name() -> str:
    """The default cache's backend and location (a pause is for that cache only)."""
    default = settings.CACHES.get("default", {})
    return f"{default.get('BACKEND', '')} {default.get('LOCATION', '')}"


def _cache_failed(action: str) -> None:
    logger.warning(
        "The cache failed to %s the dashboard's cards; building them without it for %s s.",
        action,
        CACHE_PAUSE_SECONDS,
        exc_info=True,
    )
    _cache_paused_until[_cache_name()] = time.monotonic() + CACHE_PAUSE_SECONDS


def _cache_get_many(keys: list[str]) -> dict[str, object]:
    """The cached values under `keys`; nothing when the cache fails (logged, never raised)."""
    if not keys or not _cache_usable():
        return {}
    try:
        return cache.get_many(keys)
    except Exception:  # any cache error (Redis down, a timeout): build the cards instead
        _cache_failed("read")
        return {}


def _cache_set_many(entries: dict[str, object]) -> None:
    if not entries or not _cache_usable():
        return
    try:
        cache.set_many(entries, timeout=CARD_CACHE_SECONDS)
    except Exception:  # the page shows the cards built; the next request builds them too
        _cache_failed("store")


def _cards_kept(keys: dict[int, str], indicators: dict[int, Indicator]) -> dict[int, CardEntry]:
    """{indicator id: its card} for the cards kept in this process or in the cache."""
    found = recent_cards.get_many(keys.values())
    wanted = {key: pk for pk, key in keys.items() if key not in found}
    loaded: dict[str, CardEntry] = {}
    for key, (card, years) in _cache_get_many(list(wanted)).items():
        card.indicator = indicators[wanted[key]]  # the same fields: they are in the key
        loaded[key] = (card, years)
    recent_cards.set_many(loaded)
    found.update(loaded)
    return {pk: found[key] for pk, key in keys.items() if key in found}


def _cards_keep(entries: dict[str, CardEntry]) -> None:
    """Keep newly built cards in this process and in the cache (without their indicator,
    which the reader has already)."""
    recent_cards.set_many(entries)
    stored = {}
    for key, (card, years) in entries.items():
        bare = copy.copy(card)
        bare.indicator = None
        stored[key] = (bare, years)
    _cache_set_many(stored)


# ---------------------------------------------------------------------------
# The dashboard
# ---------------------------------------------------------------------------


def _dashboard_cards(
    indicators: Sequence[Indicator],
    targets: dict[int, list[tuple[datetime.date, Decimal]]],
    *,
    alliance: Alliance,
    sees_small: bool,
    as_of: datetime.date | None,
) -> dict[int, CardEntry]:
    """{indicator id: its card and the years of its totals}: kept ones, the others built
    from their total summaries (one query when any is missing) and kept."""
    keys = {
        indicator.pk: _card_key(
            indicator,
            targets.get(indicator.pk, []),
            alliance=alliance,
            sees_small=sees_small,
            as_of=as_of,
        )
        for indicator in indicators
    }
    built = _cards_kept(keys, {indicator.pk: indicator for indicator in indicators})
    missing = [indicator.pk for indicator in indicators if indicator.pk not in built]
    totals: dict[int, list[TotalRow]] = defaultdict(list)
    # One object per moment: a recompute gives all rows of an indicator the same computed_at,
    # and a kept card then holds (and pickles) it once.
    moments: dict[datetime.datetime, datetime.datetime] = {}
    if missing:
        for row in (
            Summary.objects.filter(indicator_id__in=missing, breakdown__isnull=True)
            .order_by("indicator_id", "period")
            .values_list(*TotalRow._fields)
        ):
            total = TotalRow(*row[:-1], moments.setdefault(row[-1], row[-1]))
            totals[total.indicator_id].append(total)
    fresh: dict[str, CardEntry] = {}
    for indicator in indicators:
        if indicator.pk in built:
            continue
        rows = totals.get(indicator.pk, [])
        card = _card(
            indicator=indicator,
            totals=rows,
            targets=targets.get(indicator.pk, []),
            alliance=alliance,
            sees_small=sees_small,
            as_of=as_of,
        )
        built[indicator.pk] = fresh[keys[indicator.pk]] = (
            card,
            tuple(sorted({row.period.year for row in rows})),
        )
    _cards_keep(fresh)
    return built


@charts.with_fixed_language
def dashboard_context(
    *,
    alliance: Alliance,
    membership: Membership | None,
    focus_area: FocusArea | int | None = None,
    workgroup: WorkGroup | int | None = None,
    period: datetime.date | int | None = None,
) -> dict:
    """Everything measurement/dashboard.html shows: the cards per focus area, the filters, the
    status counts and when the figures were computed.

    Filters: `focus_area` and `workgroup` (objects or ids of this alliance; an unknown id is
    ignored and reported in `filter_errors`), `period` ("as of": a year or a date; each card
    shows the latest period at or before it). Six queries, whatever the number of indicators,
    periods or data points; five when every card comes from the cache.
    """
    sees_small = sees_small_groups(membership)
    focus_areas = list(FocusArea.objects.filter(alliance=alliance).order_by("position"))
    workgroups = list(
        WorkGroup.objects.filter(alliance=alliance, indicators__isnull=False)
        .distinct()
        .order_by("name")
    )
    errors: list[str] = []
    area = _pick(focus_areas, focus_area)
    if focus_area not in (None, "") and area is None:
        errors.append(_("The focus area you chose does not exist; showing every focus area."))
    group = _pick(workgroups, workgroup)
    if workgroup not in (None, "") and group is None:
        errors.append(
            _("The working group you chose reports no indicators; showing every group's.")
        )
    as_of = as_of_date(period)

    indicators = _with_totals_version(
        Indicator.objects.filter(alliance=alliance).only(*CARD_FIELDS, "updated_at").order_by()
    )
    if area is not None:
        indicators = indicators.filter(focus_areas=area)
    if group is not None:
        indicators = indicators.filter(workgroups=group)
    indicators = sorted(indicators, key=_sort_key)
    ids = [indicator.pk for indicator in indicators]

    areas_of: dict[int, list[int]] = defaultdict(list)
    for indicator_id, area_id in (
        Indicator.focus_areas.through.objects.filter(indicator_id__in=ids)
        .order_by()
        .values_list("indicator_id", "focusarea_id")
    ):
        areas_of[indicator_id].append(area_id)
    targets: dict[int, list[tuple[datetime.date, Decimal]]] = defaultdict(list)
    for indicator_id, target_period, value in (
        Target.objects.filter(indicator_id__in=ids, breakdown__isnull=True)
        .order_by()  # the cards sort them; the model's ordering would join two tables
        .values_list("indicator_id", "period", "value")
    ):
        targets[indicator_id].append((target_period, value))

    built = _dashboard_cards(
        indicators, targets, alliance=alliance, sees_small=sees_small, as_of=as_of
    )

    position = {fa.pk: fa.position for fa in focus_areas}
    by_area: dict[int | None, list[IndicatorCard]] = defaultdict(list)
    for indicator in indicators:
        card = built[indicator.pk][0]
        own = sorted(areas_of.get(indicator.pk, []), key=lambda pk: position.get(pk, 0))
        home = area.pk if area is not None else (own[0] if own else None)
        by_area[home].append(card)

    groups = [
        CardGroup(
            dom_id=f"focus-area-{fa.pk}",
            title=str(fa),
            focus_area=fa,
            cards=by_area[fa.pk],
        )
        for fa in focus_areas
        if by_area.get(fa.pk)
    ]
    if by_area.get(None):
        groups.append(
            CardGroup(
                dom_id="focus-area-none",
                title=_("Other indicators"),
                focus_area=None,
                cards=by_area[None],
            )
        )
    cards = [card for group_ in groups for card in group_.cards]
    counts = Counter(card.status.key for card in cards)
    status_counts = [
        (status_view(key), counts[key]) for key in (*STATUS_LOOK, HIDDEN) if counts.get(key)
    ]
    computed = [card.computed_at for card in cards if card.computed_at]
    years = sorted({number for _card, card_years in built.values() for number in card_years})
    if as_of is not None and as_of.year not in years:
        years = sorted({*years, as_of.year})
    return {
        "alliance": alliance,
        "groups": groups,
        "card_count": len(cards),
        "status_counts": status_counts,
        "has_charts": any(card.chart for card in cards),
        "computed_newest": max(computed) if computed else None,
        "computed_oldest": min(computed) if computed else None,
        "is_stale": bool(computed) and timezone.now() - min(computed) > STALE_AFTER,
        "sees_small_groups": sees_small,
        "small_group_threshold": alliance.small_group_threshold,
        "uncertain_below": alliance.uncertain_below,
        "filters": {
            "focus_areas": [
                (fa.pk, str(fa), area is not None and fa.pk == area.pk) for fa in focus_areas
            ],
            "workgroups": [
                (wg.pk, wg.name, group is not None and wg.pk == group.pk) for wg in workgroups
            ],
            "years": [(year, as_of is not None and as_of.year == year) for year in reversed(years)],
            "focus_area": area,
            "workgroup": group,
            "as_of": as_of,
        },
        "is_filtered": bool(area or group or as_of),
        "filter_errors": errors,
    }


# ---------------------------------------------------------------------------
# One indicator's page
# ---------------------------------------------------------------------------


def indicator_for_dashboard(*, alliance: Alliance) -> QuerySet[Indicator]:
    """Indicators of the alliance (another alliance's id finds nothing) with what their page
    shows: goals, focus areas, reporting groups, breakdown dimensions and values."""
    return (
        Indicator.objects.filter(alliance=alliance)
        .select_related("priority_value__dimension")
        .prefetch_related(
            Prefetch(
                "goals",
                queryset=Goal.objects.select_related("focus_area").order_by(
                    "focus_area__position", "position", "id"
                ),
            ),
            Prefetch("focus_areas", queryset=FocusArea.objects.order_by("position")),
            Prefetch("workgroups", queryset=WorkGroup.objects.order_by("name")),
            Prefetch(
                "dimensions",
                queryset=Dimension.objects.order_by("position", "name").prefetch_related(
                    Prefetch(
                        "values", queryset=DimensionValue.objects.order_by("position", "label")
                    )
                ),
            ),
        )
    )


@dataclass(frozen=True)
class BreakdownRow:
    period_label: str
    cells: list[Figure | None]
    total: Figure | None


@dataclass(frozen=True)
class BreakdownTable:
    dimension: Dimension
    dom_id: str
    columns: list[DimensionValue]
    rows: list[BreakdownRow]

    @property
    def has_hidden(self) -> bool:
        return any(cell is not None and cell.is_hidden for row in self.rows for cell in row.cells)


@dataclass(frozen=True)
class GapRow:
    period_label: str
    priority: Figure | None
    rest_text: str
    rest_value: Decimal | None
    rest_respondents: int | None
    rest_hidden: bool
    gap: Decimal | None
    gap_text: str


@dataclass
class GapView:
    """The priority group against everyone else of its dimension, per period."""

    priority: DimensionValue
    rest_label: str
    rest_explanation: str
    is_combinable: bool
    rule_label: str
    rows: list[GapRow]
    state: str  # narrowing, widening, unchanged, closed, fell_behind, not_behind, too_few, n/a
    sentence: str
    chart: dict | None
    chart_id: str
    chart_label: str

    @property
    def chart_json(self) -> str:
        return charts.figure_json(self.chart) if self.chart else ""


def combine(rows: Sequence[Summary], aggregation: str) -> tuple[Decimal | None, int | None]:
    """Several breakdown values' summaries of one period combined by the indicator's rule
    (for "the rest" of a dimension): ratio -> 100 * sum(numerators) / sum(denominators);
    weighted mean -> weighted by respondents (a row without n weighs as many as its reporting
    organisations, as a data point without n weighs 1 in the aggregation); sum -> the sum.
    LATEST and NONE are not combined (None). Returns (value, respondents).

    For a cumulative indicator the rows hold running numerators and denominators (ratio) or
    running sums, which combine exactly; a weighted mean is weighted by the period's own n."""
    respondents = [r.respondents for r in rows if r.respondents is not None]
    n = sum(respondents) if respondents else None
    if not rows:
        return None, n
    if aggregation == Aggregation.RATIO:
        parts = [(r.numerator, r.denominator) for r in rows if r.denominator]
        numerator = sum((num or Decimal(0) for num, _den in parts), Decimal(0))
        denominator = sum((den for _num, den in parts), Decimal(0))
        return (100 * numerator / denominator if denominator else None), n
    if aggregation == Aggregation.WEIGHTED_MEAN:
        weighted = [
            (r.value, Decimal(r.respondents if r.respondents is not None else r.organisations))
            for r in rows
            if r.value is not None
        ]
        weight = sum((w for _v, w in weighted), Decimal(0))
        if not weight:
            return None, n
        return sum((v * w for v, w in weighted), Decimal(0)) / weight, n
    if aggregation == Aggregation.SUM:
        values = [r.value for r in rows if r.value is not None]
        return (sum(values, Decimal(0)) if values else None), n
    return None, n


def _gap_state(*, first: tuple[str, Decimal], latest: tuple[str, Decimal], direction: str) -> str:
    """Whether the priority group's disadvantage shrinks from the first to the latest period.
    The gaps are priority minus rest; "behind" depends on the indicator's direction."""
    sign = 1 if direction == Direction.HIGHER_IS_BETTER else -1
    behind_first, behind_latest = -sign * first[1], -sign * latest[1]
    tolerance = max(abs(behind_first), Decimal(1)) * Decimal("0.01")
    if behind_first <= 0:
        return "fell_behind" if behind_latest > tolerance else "not_behind"
    if behind_latest <= 0:
        return "closed"
    if behind_latest < behind_first - tolerance:
        return "narrowing"
    if behind_latest > behind_first + tolerance:
        return "widening"
    return "unchanged"


def _gap_sentence(state: str, *, priority: str, first, latest, unit: str) -> str:
    values = {}
    if first and latest:
        values = {
            "group": priority,
            "first_period": first[0],
            "first_gap": charts.difference_text(abs(first[1]), unit).lstrip("+"),
            "latest_period": latest[0],
            "latest_gap": charts.difference_text(abs(latest[1]), unit).lstrip("+"),
        }
    sentences = {
        "narrowing": _(
            "The gap narrows: %(group)s was %(first_gap)s behind everyone else in %(first_period)s "
            "and is %(latest_gap)s behind in %(latest_period)s."
        ),
        "widening": _(
            "The gap widens: %(group)s was %(first_gap)s behind everyone else in %(first_period)s "
            "and is %(latest_gap)s behind in %(latest_period)s."
        ),
        "unchanged": _(
            "The gap is unchanged: %(group)s was %(first_gap)s behind everyone else in "
            "%(first_period)s and is %(latest_gap)s behind in %(latest_period)s."
        ),
        "closed": _(
            "The gap has closed: %(group)s was %(first_gap)s behind everyone else in "
            "%(first_period)s and is level with or ahead of everyone else in %(latest_period)s."
        ),
        "fell_behind": _(
            "%(group)s has fallen behind everyone else: %(latest_gap)s behind in %(latest_period)s "
            "(not behind in %(first_period)s)."
        ),
        "not_behind": _(
            "%(group)s is not behind everyone else: neither in %(first_period)s nor in "
            "%(latest_period)s."
        ),
    }
    if state in sentences:
        return sentences[state] % values
    if state == "too_few":
        return _(
            "There are too few periods with figures for both %(group)s and everyone else to say "
            "whether the gap narrows."
        ) % {"group": priority}
    return ""


def gap_view(
    *,
    indicator: Indicator,
    summaries: Sequence[Summary],
    alliance: Alliance,
    sees_small: bool,
) -> GapView | None:
    """The priority group against everyone else from the indicator's summaries, as the
    indicator page shows it (and the status report reports it); None without a priority
    group."""
    priority = indicator.priority_value
    if priority is None:
        return None
    rule_label = str(Aggregation(indicator.aggregation).label)
    combinable = indicator.aggregation in (
        Aggregation.RATIO,
        Aggregation.WEIGHTED_MEAN,
        Aggregation.SUM,
    )
    rest_label = _("Everyone else")
    dimension = priority.dimension.name.lower()
    explanations = {
        Aggregation.RATIO: _(
            "“Everyone else” is the other values of %(dimension)s together: their numerators added "
            "up over their denominators added up, not an average of their percentages."
        ),
        Aggregation.WEIGHTED_MEAN: _(
            "“Everyone else” is the other values of %(dimension)s together: their mean weighted by "
            "the number of respondents."
        ),
        Aggregation.SUM: _("“Everyone else” is the other values of %(dimension)s added up."),
    }
    view = GapView(
        priority=priority,
        rest_label=rest_label,
        rest_explanation=(
            explanations[indicator.aggregation] % {"dimension": dimension} if combinable else ""
        ),
        is_combinable=combinable,
        rule_label=rule_label,
        rows=[],
        state="n/a",
        sentence="",
        chart=None,
        chart_id=f"gap-{indicator.pk}-chart-data",
        chart_label="",
    )
    if not combinable:
        return view
    dimension_id = priority.dimension_id
    by_period: dict[datetime.date, list[Summary]] = defaultdict(list)
    for summary in summaries:
        if summary.breakdown_id and summary.breakdown.dimension_id == dimension_id:
            by_period[summary.period].append(summary)
    unit, frequency = indicator.unit, indicator.frequency
    compared: list[tuple[str, Decimal]] = []
    for period in sorted(by_period):
        rows = by_period[period]
        own = next((s for s in rows if s.breakdown_id == priority.pk), None)
        others = [s for s in rows if s.breakdown_id != priority.pk]
        figure = (
            _figure(own, indicator=indicator, alliance=alliance, sees_small=sees_small)
            if own
            else None
        )
        rest_value, rest_n = combine(others, indicator.aggregation)
        rest_small = rest_n is not None and rest_n < alliance.small_group_threshold
        # Hide the rest too when the priority group is hidden: total minus rest would give
        # the hidden figure away.
        rest_hidden = not sees_small and (rest_small or (figure is not None and figure.is_hidden))
        if rest_value is not None:
            rest_value = rest_value.quantize(Decimal("0.000001"))
        shown_rest = None if rest_hidden else rest_value
        gap = None
        if figure is not None and figure.value is not None and shown_rest is not None:
            gap = figure.value - shown_rest
            compared.append((figure.period_label, gap))
        view.rows.append(
            GapRow(
                period_label=_label(frequency, period),
                priority=figure,
                rest_text=hidden_text(alliance)
                if rest_hidden
                else charts.number_text(shown_rest, unit),
                rest_value=shown_rest,
                rest_respondents=rest_n,
                rest_hidden=rest_hidden,
                gap=gap,
                gap_text=charts.difference_text(gap, unit),
            )
        )
    first = compared[0] if len(compared) >= 2 else None
    latest = compared[-1] if len(compared) >= 2 else None
    if first and latest:
        view.state = _gap_state(first=first, latest=latest, direction=indicator.direction)
    else:
        view.state = "too_few"
    view.sentence = _gap_sentence(
        view.state, priority=priority.label, first=first, latest=latest, unit=unit
    )
    if view.rows:
        categories = [row.period_label for row in view.rows]
        periods = sorted(by_period)
        view.chart = charts.gap_figure(
            ticks=charts.year_ticks(
                [
                    (label, p.year, p.month == 1)
                    for p, label in zip(periods, categories, strict=True)
                ],
                most=12,
            ),
            categories=categories,
            priority=[
                (r.period_label, r.priority.value if r.priority else None) for r in view.rows
            ],
            rest=[(r.period_label, r.rest_value) for r in view.rows],
            gap=[(r.period_label, r.gap) for r in view.rows],
            priority_name=priority.label,
            rest_name=rest_label,
            unit=unit,
        )
        view.chart_label = (
            _(
                "Chart of %(group)s against everyone else, and the gap between them, from "
                "%(first)s to %(last)s."
            )
            % {"group": priority.label, "first": categories[0], "last": categories[-1]}
            + " "
            + view.sentence
        )
    return view


def _breakdown_tables(
    *,
    indicator: Indicator,
    summaries: Sequence[Summary],
    totals: dict[datetime.date, Figure],
    alliance: Alliance,
    sees_small: bool,
) -> list[BreakdownTable]:
    """Per dimension a table of periods x values (hidden cells say so), with the total."""
    dimensions: dict[int, Dimension] = {d.pk: d for d in indicator.dimensions.all()}
    columns: dict[int, dict[int, DimensionValue]] = {
        d.pk: {v.pk: v for v in d.values.all()} for d in dimensions.values()
    }
    cells: dict[int, dict[tuple[datetime.date, int], Summary]] = defaultdict(dict)
    for summary in summaries:
        if summary.breakdown_id is None:
            continue
        value = summary.breakdown
        dimension = value.dimension
        dimensions.setdefault(dimension.pk, dimension)
        columns.setdefault(dimension.pk, {}).setdefault(value.pk, value)
        cells[dimension.pk][(summary.period, value.pk)] = summary
    tables = []
    for dimension in sorted(dimensions.values(), key=lambda d: (d.position, d.name)):
        values = sorted(columns[dimension.pk].values(), key=lambda v: (v.position, v.label))
        periods = sorted({period for period, _pk in cells[dimension.pk]})
        rows = [
            BreakdownRow(
                period_label=_label(indicator.frequency, period),
                cells=[
                    _figure(s, indicator=indicator, alliance=alliance, sees_small=sees_small)
                    if (s := cells[dimension.pk].get((period, value.pk)))
                    else None
                    for value in values
                ],
                total=totals.get(period),
            )
            for period in periods
        ]
        tables.append(
            BreakdownTable(
                dimension=dimension,
                dom_id=f"breakdown-{dimension.pk}",
                columns=values,
                rows=rows,
            )
        )
    return tables


@charts.with_fixed_language
def indicator_detail_context(
    *, alliance: Alliance, membership: Membership | None, indicator: Indicator
) -> dict:
    """Everything measurement/indicator_detail.html shows: the card's figures and a larger
    chart with its table, the definition, the breakdowns and the priority group's gap.
    `indicator` comes from `indicator_for_dashboard` (its relations prefetched)."""
    sees_small = sees_small_groups(membership)
    summaries = list(
        Summary.objects.filter(indicator=indicator)
        .select_related("breakdown__dimension")
        .order_by("period", "breakdown_id")
    )
    targets = list(
        Target.objects.filter(indicator=indicator, breakdown__isnull=True).values_list(
            "period", "value"
        )
    )
    totals = [s for s in summaries if s.breakdown_id is None]
    card = _card(
        indicator=indicator,
        totals=totals,
        targets=targets,
        alliance=alliance,
        sees_small=sees_small,
        height=charts.DETAIL_HEIGHT,
    )
    total_figures = {figure.period: figure for figure in card.history}
    return {
        "alliance": alliance,
        "indicator": indicator,
        "card": card,
        "has_charts": True,
        "breakdowns": _breakdown_tables(
            indicator=indicator,
            summaries=summaries,
            totals=total_figures,
            alliance=alliance,
            sees_small=sees_small,
        ),
        "gap": gap_view(
            indicator=indicator, summaries=summaries, alliance=alliance, sees_small=sees_small
        ),
        "aggregation_label": str(Aggregation(indicator.aggregation).label),
        "time_aggregation_label": str(indicator.get_time_aggregation_display()),
        "sees_small_groups": sees_small,
        "small_group_threshold": alliance.small_group_threshold,
        "uncertain_below": alliance.uncertain_below,
        "scale_text": _scale_text(indicator),
    }


def _scale_text(indicator: Indicator) -> str:
    if indicator.unit != Unit.MEAN_SCORE or indicator.scale_min is None:
        return ""
    return _("from %(min)s to %(max)s") % {
        "min": charts.number_plain(indicator.scale_min, 0),
        "max": charts.number_plain(indicator.scale_max or 0, 0),
    }


# ---------------------------------------------------------------------------
# Latest totals for the public page and the agenda's goals
# ---------------------------------------------------------------------------


@dataclass(frozen=True)
class IndicatorBrief:
    """One indicator with its latest total, in a line."""

    indicator: Indicator
    latest: Figure | None
    status: StatusView


def _latest_total(field_name: str) -> Subquery:
    return Subquery(
        Summary.objects.filter(indicator=OuterRef("pk"), breakdown__isnull=True)
        .order_by("-period")
        .values(field_name)[:1]
    )


def _with_latest_total(indicators: QuerySet[Indicator]) -> QuerySet[Indicator]:
    """One query: each indicator with the fields of its latest total summary."""
    return indicators.annotate(
        **{
            f"latest_{name}": _latest_total(name)
            for name in SUMMARY_FIELDS[2:]
            if name != "breakdown_id"
        }
    )


def _brief(indicator: Indicator, *, alliance: Alliance, sees_small: bool) -> IndicatorBrief:
    if indicator.latest_period is None:
        return IndicatorBrief(indicator, None, status_view(SummaryStatus.NO_DATA))
    summary = Summary(
        indicator_id=indicator.pk,
        period=indicator.latest_period,
        **{name: getattr(indicator, f"latest_{name}") for name in SUMMARY_FIELDS[4:]},
    )
    figure = _figure(summary, indicator=indicator, alliance=alliance, sees_small=sees_small)
    return IndicatorBrief(indicator, figure, figure.status)


@charts.with_fixed_language
def public_indicator_list(*, alliance: Alliance) -> list[IndicatorBrief]:
    """The indicators the secretariat published, each with its latest total; small groups
    are always hidden (the public is never the secretariat). One query."""
    indicators = _with_latest_total(
        Indicator.objects.filter(alliance=alliance, is_public=True).only(*CARD_FIELDS)
    )
    return [
        _brief(indicator, alliance=alliance, sees_small=False)
        for indicator in sorted(indicators, key=_sort_key)
    ]


@charts.with_fixed_language
def goal_indicator_map(
    *, alliance: Alliance, membership: Membership | None
) -> dict[int, list[IndicatorBrief]]:
    """{goal id: its indicators with their latest totals} for the agenda page. People without
    the dashboard (young people) see only published indicators. Two queries."""
    sees_small = sees_small_groups(membership)
    indicators = Indicator.objects.filter(alliance=alliance, goals__isnull=False)
    if not has_capability(membership, "view_dashboard"):
        indicators = indicators.filter(is_public=True)
    indicators = _with_latest_total(indicators.distinct().only(*CARD_FIELDS))
    briefs = {
        indicator.pk: _brief(indicator, alliance=alliance, sees_small=sees_small)
        for indicator in sorted(indicators, key=_sort_key)
    }
    by_goal: dict[int, list[IndicatorBrief]] = defaultdict(list)
    links = Indicator.goals.through.objects.filter(indicator_id__in=list(briefs)).values_list(
        "goal_id", "indicator_id"
    )
    for goal_id, indicator_id in links:
        by_goal[goal_id].append(briefs[indicator_id])
    order = list(briefs)
    for items in by_goal.values():
        items.sort(key=lambda brief: order.index(brief.indicator.pk))
    return dict(by_goal)
