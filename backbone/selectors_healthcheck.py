"""Reads of the partnership's health check: the rounds a member sees, and a round's results
per element and per statement, compared with the round before.

Nothing of a round is shown while fewer than HEALTH_CHECK_MIN_RESPONSES have answered: no
mean, no distribution, no comment, only how many have answered. With so few, a person's
answers could be guessed from what they told others or from when the figures changed. The
comparison with the previous round needs that many answers in both rounds.

The results take a fixed number of queries whatever the number of answers: the scores are
counted in the database per round, element, statement and score.
"""

from __future__ import annotations

import datetime
from collections import defaultdict
from dataclasses import dataclass, field
from decimal import ROUND_HALF_UP, Decimal

from django.db.models import Count, Exists, OuterRef, Q
from django.utils import timezone
from django.utils.formats import get_format, number_format
from django.utils.translation import gettext

from alliance.models import Alliance, Membership, User
from measurement.charts import FONT, figure_json
from youth_voice.pii import mask

from .healthcheck import ELEMENTS, SCORES, STATEMENTS, score_labels
from .models import (
    HealthCheckAnswer,
    HealthCheckParticipation,
    HealthCheckResponse,
    HealthCheckRound,
)

HEALTH_CHECK_MIN_RESPONSES = 5

# A change of a mean smaller than this (after rounding to one decimal) reads as "unchanged".
MEAN_PLACES = Decimal("0.1")
UP, DOWN, SAME = "up", "down", "same"

CURRENT_COLOUR = "#0059b3"
PREVIOUS_COLOUR = "#747474"


# ---------------------------------------------------------------------------
# Rounds
# ---------------------------------------------------------------------------


def _open_q(today: datetime.date) -> Q:
    return Q(closed_at__isnull=True, closes_on__gte=today)


def rounds_for_member(*, alliance: Alliance, user: User) -> list[HealthCheckRound]:
    """The alliance's rounds, newest first, each with `response_count`, `has_answered` (by
    this person) and `is_open`. One query."""
    today = timezone.localdate()
    rounds = (
        HealthCheckRound.objects.filter(alliance=alliance)
        .annotate(
            response_count=Count("responses"),
            has_answered=Exists(
                HealthCheckParticipation.objects.filter(round=OuterRef("pk"), user=user)
            ),
        )
        .order_by("-opened_at", "-pk")
    )
    result = list(rounds)
    for health_round in result:
        health_round.is_open = health_round.closed_at is None and health_round.closes_on >= today
        health_round.is_shown = health_round.response_count >= HEALTH_CHECK_MIN_RESPONSES
    return result


def round_of(*, alliance: Alliance, pk: int) -> HealthCheckRound | None:
    """The alliance's round with this key, or None (another alliance's round is None too)."""
    return (
        HealthCheckRound.objects.filter(alliance=alliance, pk=pk).select_related("alliance").first()
    )


def has_answered(*, health_round: HealthCheckRound, user: User) -> bool:
    return HealthCheckParticipation.objects.filter(round=health_round, user=user).exists()


def open_round(*, alliance: Alliance) -> HealthCheckRound | None:
    return (
        HealthCheckRound.objects.filter(_open_q(timezone.localdate()), alliance=alliance)
        .order_by("-opened_at")
        .first()
    )


# ---------------------------------------------------------------------------
# Results
# ---------------------------------------------------------------------------


@dataclass(frozen=True)
class ScoreCount:
    score: int
    label: str
    count: int
    percent: int


@dataclass(frozen=True)
class Change:
    """A mean against the previous round's: in words and with an arrow, never colour alone."""

    direction: str  # UP, DOWN or SAME
    difference: Decimal
    previous_mean: Decimal

    @property
    def arrow(self) -> str:
        return {UP: "↑", DOWN: "↓", SAME: "→"}[self.direction]

    @property
    def words(self) -> str:
        amount = _decimal_text(abs(self.difference))
        if self.direction == UP:
            return gettext("Up %(amount)s from %(previous)s") % {
                "amount": amount,
                "previous": _decimal_text(self.previous_mean),
            }
        if self.direction == DOWN:
            return gettext("Down %(amount)s from %(previous)s") % {
                "amount": amount,
                "previous": _decimal_text(self.previous_mean),
            }
        return gettext("Unchanged from %(previous)s") % {
            "previous": _decimal_text(self.previous_mean)
        }


@dataclass
class StatementResult:
    key: str
    text: str
    n: int  # answered with a score
    dont_know: int  # answered "don't know"
    mean: Decimal | None
    counts: list[ScoreCount]

    @property
    def mean_text(self) -> str:
        return _decimal_text(self.mean) if self.mean is not None else "–"


@dataclass
class ElementResult:
    key: str
    label: str
    n: int  # responses with at least one score in the element
    mean: Decimal | None
    counts: list[ScoreCount]
    statements: list[StatementResult] = field(default_factory=list)
    change: Change | None = None

    @property
    def mean_text(self) -> str:
        return _decimal_text(self.mean) if self.mean is not None else "–"


@dataclass
class RoundResults:
    round: HealthCheckRound
    n: int
    threshold: int
    is_shown: bool
    previous: HealthCheckRound | None = None
    previous_n: int = 0
    elements: list[ElementResult] = field(default_factory=list)
    comments: list[str] = field(default_factory=list)
    chart_json: str = ""

    @property
    def is_compared(self) -> bool:
        return self.is_shown and self.previous is not None and self.previous_n >= self.threshold


def _decimal_text(value: Decimal) -> str:
    """One decimal, with the active language's decimal mark ("3,8" in Danish)."""
    return number_format(value, decimal_pos=1)


def _mean(counts: dict[int, int]) -> Decimal | None:
    total = sum(counts.values())
    if not total:
        return None
    exact = Decimal(sum(score * n for score, n in counts.items())) / total
    return exact.quantize(MEAN_PLACES, rounding=ROUND_HALF_UP)


def _score_counts(counts: dict[int, int], labels: dict[int, str]) -> list[ScoreCount]:
    total = sum(counts.values())
    return [
        ScoreCount(
            score=score,
            label=labels[score],
            count=counts.get(score, 0),
            percent=round(100 * counts.get(score, 0) / total) if total else 0,
        )
        for score in SCORES
    ]


def _change(mean: Decimal | None, previous_mean: Decimal | None) -> Change | None:
    if mean is None or previous_mean is None:
        return None
    difference = mean - previous_mean
    direction = UP if difference > 0 else DOWN if difference < 0 else SAME
    return Change(direction=direction, difference=difference, previous_mean=previous_mean)


def previous_round_of(health_round: HealthCheckRound) -> HealthCheckRound | None:
    """The alliance's round opened last before this one and no longer open."""
    return (
        HealthCheckRound.objects.filter(
            alliance_id=health_round.alliance_id, opened_at__lt=health_round.opened_at
        )
        .exclude(_open_q(timezone.localdate()))
        .annotate(response_count=Count("responses"))
        .order_by("-opened_at", "-pk")
        .first()
    )


def _tallies(round_ids: list[int]) -> tuple[dict, dict]:
    """Per round: {(element, statement): {score: count}}, and {element: responses}."""
    scores: dict[int, dict[tuple[str, str], dict[int, int]]] = defaultdict(
        lambda: defaultdict(dict)
    )
    rows = (
        HealthCheckAnswer.objects.filter(response__round_id__in=round_ids)
        .values_list("response__round_id", "element", "statement", "score")
        .annotate(n=Count("id"))
        .order_by()
    )
    for round_id, element, statement, score, n in rows:
        scores[round_id][(element, statement)][score] = n
    responders: dict[int, dict[str, int]] = defaultdict(dict)
    rows = (
        HealthCheckAnswer.objects.filter(response__round_id__in=round_ids)
        .values_list("response__round_id", "element")
        .annotate(n=Count("response_id", distinct=True))
        .order_by()
    )
    for round_id, element, n in rows:
        responders[round_id][element] = n
    return scores, responders


def _element_means(tally: dict[tuple[str, str], dict[int, int]]) -> dict[str, dict[int, int]]:
    by_element: dict[str, dict[int, int]] = defaultdict(lambda: defaultdict(int))
    for (element, _statement), counts in tally.items():
        for score, n in counts.items():
            by_element[element][score] += n
    return by_element


def _names(alliance: Alliance) -> tuple[str, ...]:
    """The full names of the alliance's people, masked in the comments."""
    names = Membership.objects.filter(alliance=alliance).values_list("user__full_name", flat=True)
    return tuple(sorted({name for name in names if name}))


def masked_comments(health_round: HealthCheckRound) -> list[str]:
    """The round's comments with personal data masked (CPR and phone numbers, emails, the
    names of the alliance's people), in the responses' random order."""
    texts = list(
        HealthCheckResponse.objects.filter(round=health_round)
        .exclude(comment="")
        .order_by("pk")
        .values_list("comment", flat=True)
    )
    if not texts:
        return []
    names = _names(health_round.alliance)
    return [mask(text, names=names)[0] for text in texts]


def round_results(*, health_round: HealthCheckRound) -> RoundResults:
    """The round's results per element (mean, distribution, n, change against the previous
    round) and per statement (mean, distribution, n, "don't know"), its masked comments and
    the chart of the element means; only how many have answered while that is fewer than
    HEALTH_CHECK_MIN_RESPONSES."""
    n = HealthCheckResponse.objects.filter(round=health_round).count()
    results = RoundResults(
        round=health_round,
        n=n,
        threshold=HEALTH_CHECK_MIN_RESPONSES,
        is_shown=n >= HEALTH_CHECK_MIN_RESPONSES,
    )
    if not results.is_shown:
        return results
    previous = previous_round_of(health_round)
    results.previous = previous
    results.previous_n = previous.response_count if previous else 0
    compared = results.is_compared
    round_ids = [health_round.pk] + ([previous.pk] if compared else [])
    scores, responders = _tallies(round_ids)
    tally = scores[health_round.pk]
    by_element = _element_means(tally)
    previous_by_element = _element_means(scores[previous.pk]) if compared else {}
    labels = score_labels()
    for element in ELEMENTS:
        counts = dict(by_element.get(element.key, {}))
        mean = _mean(counts)
        result = ElementResult(
            key=element.key,
            label=str(element.label),
            n=responders[health_round.pk].get(element.key, 0),
            mean=mean,
            counts=_score_counts(counts, labels),
        )
        if compared:
            result.change = _change(mean, _mean(dict(previous_by_element.get(element.key, {}))))
        for statement in STATEMENTS:
            if statement.element != element.key:
                continue
            statement_counts = tally.get((element.key, statement.key), {})
            answered = sum(statement_counts.values())
            result.statements.append(
                StatementResult(
                    key=statement.key,
                    text=str(statement.text),
                    n=answered,
                    dont_know=n - answered,
                    mean=_mean(statement_counts),
                    counts=_score_counts(statement_counts, labels),
                )
            )
        results.elements.append(result)
    results.comments = masked_comments(health_round)
    results.chart_json = figure_json(element_figure(results))
    return results


# ---------------------------------------------------------------------------
# The chart
# ---------------------------------------------------------------------------


def _wrapped(label: str, width: int = 16) -> str:
    """A long element name on several lines, so the chart keeps its width on a phone."""
    lines: list[str] = []
    for word in label.split():
        if lines and len(lines[-1]) + 1 + len(word) <= width:
            lines[-1] += " " + word
        else:
            lines.append(word)
    return "<br>".join(lines)


def element_figure(results: RoundResults) -> dict:
    """A plotly figure of the mean per element (1-5), with the previous round's beside it
    when the two are compared. Each bar carries its number; the previous round's bars are
    hatched as well as grey, so the two differ by more than colour."""
    elements = [e for e in results.elements if e.mean is not None]
    categories = [_wrapped(e.label) for e in elements]
    traces = []
    if results.is_compared:
        previous = [e.change.previous_mean if e.change else None for e in elements]
        traces.append(
            _bar(
                name=results.previous.title,
                categories=categories,
                means=previous,
                colour=PREVIOUS_COLOUR,
                pattern="/",
            )
        )
    traces.append(
        _bar(
            name=results.round.title,
            categories=categories,
            means=[e.mean for e in elements],
            colour=CURRENT_COLOUR,
            pattern="",
        )
    )
    ticks = list(SCORES)
    return {
        "data": traces,
        "layout": {
            "height": 120 + (52 if results.is_compared else 34) * len(elements),
            "margin": {"l": 8, "r": 36, "t": 8, "b": 8},
            "font": FONT,
            "separators": _separators(),
            "paper_bgcolor": "#ffffff",
            "plot_bgcolor": "#ffffff",
            "barmode": "group",
            "bargap": 0.25,
            "showlegend": True,
            "legend": {
                "orientation": "h",
                "x": 0,
                "y": -0.08,
                "yanchor": "top",
                "traceorder": "reversed",
            },
            "hovermode": False,
            "dragmode": False,
            "xaxis": {
                "range": [0, 5.4],
                "tickvals": ticks,
                "ticktext": [str(t) for t in ticks],
                "fixedrange": True,
                "gridcolor": "#e6e6e6",
                "zeroline": False,
                "automargin": True,
            },
            "yaxis": {
                "type": "category",
                "autorange": "reversed",
                "fixedrange": True,
                "automargin": True,
                "tickfont": {"size": 12},
            },
        },
    }


def _separators() -> str:
    """Plotly's decimal and thousands marks for the active language."""
    return f"{get_format('DECIMAL_SEPARATOR')}{get_format('THOUSAND_SEPARATOR')}"


def _bar(*, name: str, categories: list[str], means: list, colour: str, pattern: str) -> dict:
    values = [float(m) if m is not None else None for m in means]
    marker: dict = {"color": colour, "line": {"color": "#1a1a1a", "width": 1}}
    if pattern:
        marker["pattern"] = {
            "shape": pattern,
            "fillmode": "overlay",
            "fgcolor": "#ffffff",
            "solidity": 0.35,
        }
    return {
        "type": "bar",
        "orientation": "h",
        "name": name,
        "y": categories,
        "x": values,
        "text": [_decimal_text(m) if m is not None else "" for m in means],
        "textposition": "outside",
        "cliponaxis": False,
        "marker": marker,
    }
