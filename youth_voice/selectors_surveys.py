"""Reads for pulse surveys: the staff's list, the open surveys of the portal, a survey's results
with its breakdowns, and the figures that go to shared measurement.

Small groups: a breakdown cell (an age band, an area, or the answers that did not say) with
fewer answers than the alliance's `small_group_threshold` is shown as "fewer than N answers"
and its figure is not computed. As in `measurement.aggregation`, where exactly one cell of a
breakdown is that small, the other cell with the fewest answers is hidden with it, so the small
one cannot be worked out from the total and the rest.
"""

from __future__ import annotations

import re
import statistics
from collections import Counter, defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, field
from decimal import ROUND_HALF_UP, Decimal

from django.db.models import Count, Q, QuerySet
from django.utils import timezone
from django.utils.translation import gettext as _

from alliance.models import Alliance, Membership
from initiatives.models import Area
from measurement.models import Aggregation, DimensionValue

from .models import (
    AgeBand,
    FeedRule,
    Question,
    QuestionKind,
    Survey,
    SurveyAnswer,
    SurveyResponse,
    SurveyStatus,
)
from .pii import mask

MIN_QUESTIONS = 3
MAX_QUESTIONS = 8
LIKERT_VALUES = (1, 2, 3, 4, 5)
# The distinct numbers listed one by one under a number question; more are only summarised.
NUMBER_VALUES_LISTED = 12
FIGURE_PLACES = Decimal("0.01")


def likert_labels() -> dict[int, str]:
    """The fixed labels of the 1-5 scale, in the active language."""
    return {
        1: _("Strongly disagree"),
        2: _("Disagree"),
        3: _("Neither agree nor disagree"),
        4: _("Agree"),
        5: _("Strongly agree"),
    }


# ---------------------------------------------------------------------------
# Lists
# ---------------------------------------------------------------------------


def surveys_for_staff(*, alliance: Alliance) -> QuerySet[Survey]:
    """The alliance's surveys, newest first, with their number of responses and questions."""
    return (
        Survey.objects.filter(alliance=alliance)
        .select_related("indicator")
        .annotate(
            response_count=Count("responses", distinct=True),
            question_count=Count("questions", distinct=True),
        )
        .order_by("-created_at", "-pk")
    )


def _open_filter() -> Q:
    return Q(status=SurveyStatus.OPEN) & (
        Q(closes_at__isnull=True) | Q(closes_at__gt=timezone.now())
    )


def surveys_open(*, alliance: Alliance) -> QuerySet[Survey]:
    """The surveys young people can answer now, newest first."""
    return (
        Survey.objects.filter(_open_filter(), alliance=alliance)
        .annotate(question_count=Count("questions"))
        .order_by("-opened_at", "-pk")
    )


def survey_is_open(survey: Survey) -> bool:
    """Open and not past its closing time."""
    return survey.status == SurveyStatus.OPEN and (
        survey.closes_at is None or survey.closes_at > timezone.now()
    )


def survey_questions(survey: Survey) -> list[Question]:
    return list(survey.questions.order_by("position", "pk"))


def survey_has_responses(survey: Survey) -> bool:
    return survey.responses.exists()


def survey_answered_by(*, survey: Survey, device_hash: str) -> bool:
    return SurveyResponse.objects.filter(survey=survey, device_hash=device_hash).exists()


# ---------------------------------------------------------------------------
# Small groups
# ---------------------------------------------------------------------------


def suppressed_cells(counts: dict, threshold: int) -> tuple[set, set]:
    """(too small, hidden with a small neighbour) among cells with their number of answers.

    Cells without answers are not shown at all and count for neither."""
    small = {key for key, n in counts.items() if 0 < n < threshold}
    shown = [(n, str(key), key) for key, n in counts.items() if n >= threshold]
    neighbours: set = set()
    if len(small) == 1 and shown:
        neighbours.add(min(shown)[2])
    return small, neighbours


# ---------------------------------------------------------------------------
# Answers as plain rows
# ---------------------------------------------------------------------------


@dataclass(frozen=True)
class _Answer:
    question_id: int
    number: Decimal | None
    choice: str
    text: str
    age_band: str
    area_id: int | None


def _answers(survey: Survey) -> list[_Answer]:
    rows = SurveyAnswer.objects.filter(response__survey=survey).values_list(
        "question_id", "number", "choice", "text", "response__age_band", "response__area_id"
    )
    return [_Answer(*row) for row in rows.order_by("-response__created_at", "-pk")]


def answer_key(question: Question, answer) -> str:
    """What the answer was, as the share rule counts it: the choice, or a Likert value as text."""
    if question.kind == QuestionKind.LIKERT:
        return str(int(answer.number)) if answer.number is not None else ""
    if question.kind == QuestionKind.NUMBER:
        return str(answer.number) if answer.number is not None else ""
    return answer.choice


def _is_answered(question: Question, answer: _Answer) -> bool:
    if question.kind in (QuestionKind.LIKERT, QuestionKind.NUMBER):
        return answer.number is not None
    if question.kind == QuestionKind.CHOICE:
        return bool(answer.choice)
    return bool(answer.text.strip())


def _rounded(number: Decimal) -> Decimal:
    return number.quantize(FIGURE_PLACES, rounding=ROUND_HALF_UP)


def _mean(answers: list[_Answer]) -> Decimal:
    return _rounded(sum(a.number for a in answers) / len(answers))


def _percent(part: int, whole: int) -> Decimal:
    return _rounded(Decimal(100) * part / whole) if whole else Decimal(0)


def _bar_step(percent: Decimal) -> int:
    """The bar's width class in steps of 5 %."""
    return int((percent / 5).quantize(Decimal(1), rounding=ROUND_HALF_UP)) * 5


# ---------------------------------------------------------------------------
# Results
# ---------------------------------------------------------------------------


@dataclass(frozen=True)
class Option:
    label: str
    count: int
    percent: Decimal
    bar: int
    is_counted: bool = False


@dataclass(frozen=True)
class BreakdownRow:
    label: str
    n: int
    values: tuple[str, ...] = ()
    is_small: bool = False
    is_hidden_with_neighbour: bool = False


@dataclass(frozen=True)
class Breakdown:
    name: str
    columns: tuple[str, ...]
    rows: tuple[BreakdownRow, ...]


@dataclass
class QuestionResult:
    question: Question
    n: int
    options: list[Option] = field(default_factory=list)
    mean: Decimal | None = None
    median: Decimal | None = None
    lowest: Decimal | None = None
    highest: Decimal | None = None
    texts: list[str] = field(default_factory=list)
    breakdowns: list[Breakdown] = field(default_factory=list)
    feeds_indicator: bool = False


@dataclass
class SurveyResults:
    survey: Survey
    n: int
    threshold: int
    questions: list[QuestionResult]


def _names(alliance: Alliance) -> tuple[str, ...]:
    """The full names of the alliance's people, masked in free text."""
    names = Membership.objects.filter(alliance=alliance).values_list("user__full_name", flat=True)
    return tuple(sorted({name for name in names if name}))


def masked(text: str, *, names: Iterable[str] = ()) -> str:
    """The text with personal data (CPR and phone numbers, emails, the alliance's names)
    masked."""
    result, _findings = mask(text, names=tuple(names))
    return result


def _cell_groups(
    answers: list[_Answer], areas: dict[int, str]
) -> list[tuple[str, list[tuple[str, list[_Answer]]]]]:
    """[(dimension name, [(cell label, answers)])] for age band and area, each with a last cell
    for the answers that did not say."""
    by_age: dict[str, list[_Answer]] = defaultdict(list)
    by_area: dict[int | None, list[_Answer]] = defaultdict(list)
    for answer in answers:
        by_age[answer.age_band].append(answer)
        by_area[answer.area_id if answer.area_id in areas else None].append(answer)
    not_stated = _("Not stated")
    ages = [(str(band.label), by_age[band.value]) for band in AgeBand if by_age.get(band.value)]
    if by_age.get(""):
        ages.append((not_stated, by_age[""]))
    places = [(name, by_area[pk]) for pk, name in areas.items() if by_area.get(pk)]
    if by_area.get(None):
        places.append((not_stated, by_area[None]))
    return [(_("Age"), ages), (_("Area"), places)]


def _figure_columns(question: Question) -> tuple[str, ...]:
    if question.kind == QuestionKind.CHOICE:
        return tuple(question.choices)
    if question.kind == QuestionKind.LIKERT:
        return (_("Mean (1-5)"), _("Agree or strongly agree"))
    return (_("Mean"),)


def _figure_values(question: Question, answers: list[_Answer]) -> tuple[str, ...]:
    n = len(answers)
    if question.kind == QuestionKind.CHOICE:
        counts = Counter(a.choice for a in answers)
        return tuple(f"{_percent(counts[c], n):.0f} %" for c in question.choices)
    mean = _mean(answers)
    if question.kind == QuestionKind.LIKERT:
        agree = sum(1 for a in answers if a.number is not None and a.number >= 4)
        return (f"{mean:.2f}".replace(".", ","), f"{_percent(agree, n):.0f} %")
    return (f"{mean:.2f}".replace(".", ","),)


def _breakdowns(
    question: Question, answers: list[_Answer], areas: dict[int, str], threshold: int
) -> list[Breakdown]:
    result = []
    for name, cells in _cell_groups(answers, areas):
        counts = {label: len(group) for label, group in cells}
        small, neighbours = suppressed_cells(counts, threshold)
        rows = []
        for label, group in cells:
            hidden = label in small or label in neighbours
            rows.append(
                BreakdownRow(
                    label=label,
                    n=len(group),
                    values=() if hidden else _figure_values(question, group),
                    is_small=label in small,
                    is_hidden_with_neighbour=label in neighbours,
                )
            )
        result.append(Breakdown(name=name, columns=_figure_columns(question), rows=tuple(rows)))
    return result


def _options(question: Question, answers: list[_Answer]) -> list[Option]:
    n = len(answers)
    counted = {str(c) for c in question.counted_choices or []}
    if question.kind == QuestionKind.LIKERT:
        counts = Counter(int(a.number) for a in answers)
        labels = likert_labels()
        keys = [(str(v), f"{v} – {labels[v]}", counts[v]) for v in LIKERT_VALUES]
    elif question.kind == QuestionKind.CHOICE:
        counts = Counter(a.choice for a in answers)
        keys = [(c, c, counts[c]) for c in question.choices]
    else:
        counts = Counter(a.number.normalize() for a in answers)
        if len(counts) > NUMBER_VALUES_LISTED:
            return []
        keys = [(str(v), f"{v:f}".replace(".", ","), counts[v]) for v in sorted(counts)]
    options = []
    for key, label, count in keys:
        percent = _percent(count, n)
        options.append(Option(label, count, percent, _bar_step(percent), key in counted))
    return options


def survey_results(*, survey: Survey) -> SurveyResults:
    """Every question's answers: the distribution (counts and percent), the mean of numbers,
    free text with personal data masked, and the breakdown by age band and area with small
    groups suppressed."""
    alliance = survey.alliance
    threshold = alliance.small_group_threshold
    questions = survey_questions(survey)
    answers = _answers(survey)
    areas = dict(Area.objects.filter(alliance=alliance).values_list("pk", "name"))
    by_question: dict[int, list[_Answer]] = defaultdict(list)
    for answer in answers:
        by_question[answer.question_id].append(answer)
    names = None
    results = []
    for question in questions:
        given = [a for a in by_question[question.pk] if _is_answered(question, a)]
        result = QuestionResult(
            question=question,
            n=len(given),
            feeds_indicator=question.pk == survey.indicator_question_id,
        )
        if question.kind == QuestionKind.TEXT:
            if names is None:
                names = _names(alliance)
            result.texts = [masked(a.text.strip(), names=names) for a in given]
        elif given:
            result.options = _options(question, given)
            if question.kind in (QuestionKind.LIKERT, QuestionKind.NUMBER):
                numbers = [a.number for a in given]
                result.mean = _mean(given)
                result.median = _rounded(Decimal(statistics.median(numbers)))
                result.lowest, result.highest = min(numbers), max(numbers)
            result.breakdowns = _breakdowns(question, given, areas, threshold)
        results.append(result)
    return SurveyResults(
        survey=survey,
        n=survey.responses.count(),
        threshold=threshold,
        questions=results,
    )


# ---------------------------------------------------------------------------
# The figures that go to shared measurement
# ---------------------------------------------------------------------------


@dataclass(frozen=True)
class FeedRow:
    """One figure for shared measurement: the total (breakdown None) or one breakdown value."""

    label: str
    n: int
    breakdown: DimensionValue | None = None
    value: Decimal | None = None
    numerator: int | None = None
    denominator: int | None = None
    percent: Decimal | None = None
    skipped: str = ""  # why the figure is not sent (small group, no matching value)

    @property
    def is_sent(self) -> bool:
        return not self.skipped


@dataclass
class FeedPreview:
    survey: Survey
    rows: list[FeedRow]
    problems: list[str]
    threshold: int
    n: int

    @property
    def can_feed(self) -> bool:
        return not self.problems


def _digits(text: str) -> str:
    return "".join(re.findall(r"\d", text))


def _norm(text: str) -> str:
    return " ".join(text.casefold().split())


def age_band_values(dimension) -> dict[str, DimensionValue]:
    """{AgeBand value: DimensionValue}, matched by their digits ("13-15" ~ "13–15 år")."""
    values = {_digits(v.label): v for v in dimension.values.all()} if dimension else {}
    return {
        band.value: values[_digits(band.value)] for band in AgeBand if _digits(band.value) in values
    }


def area_values(dimension, areas: dict[int, str]) -> dict[int, DimensionValue]:
    """{Area id: DimensionValue}, matched by name."""
    if dimension is None:
        return {}
    values = {_norm(v.label): v for v in dimension.values.all()}
    return {pk: values[_norm(name)] for pk, name in areas.items() if _norm(name) in values}


def _feed_figures(survey: Survey, answers: list[_Answer], **row) -> FeedRow:
    question = survey.indicator_question
    n = len(answers)
    if survey.feed_rule == FeedRule.MEAN:
        return FeedRow(n=n, value=_mean(answers), **row)
    counted = {str(c) for c in question.counted_choices or []}
    hits = sum(1 for a in answers if answer_key(question, a) in counted)
    percent = _percent(hits, n)
    if survey.indicator.aggregation == Aggregation.RATIO:
        return FeedRow(n=n, numerator=hits, denominator=n, percent=percent, **row)
    return FeedRow(n=n, value=percent, percent=percent, **row)


def _setup_problems(survey: Survey) -> list[str]:
    problems = []
    if survey.indicator_id is None or survey.indicator_question_id is None:
        problems.append(_("Choose the indicator and the question that feeds it first."))
    if survey.period is None:
        problems.append(_("Choose the indicator's period first."))
    if survey.organisation_id is None:
        problems.append(_("Choose the organisation the figures are reported as first."))
    question = survey.indicator_question
    if question is not None and survey.feed_rule == FeedRule.SHARE and not question.counted_choices:
        problems.append(_("Mark the answers that count for the share first."))
    return problems


def feed_preview(*, survey: Survey) -> FeedPreview:
    """What feeding the survey would send: the total and each age band and area of the chosen
    breakdowns, with the cells that are too small (or hidden with a small neighbour, or have no
    matching breakdown value) marked as not sent. `problems` says why nothing can be sent."""
    alliance = survey.alliance
    threshold = alliance.small_group_threshold
    problems = _setup_problems(survey)
    if problems:
        return FeedPreview(survey, [], problems, threshold, 0)
    question = survey.indicator_question
    given = [
        a for a in _answers(survey) if a.question_id == question.pk and _is_answered(question, a)
    ]
    n = len(given)
    if n < threshold:
        problems.append(
            _(
                "Only %(n)s young people have answered the question. Figures from fewer than "
                "%(threshold)s cannot be sent."
            )
            % {"n": n, "threshold": threshold}
        )
        return FeedPreview(survey, [], problems, threshold, n)
    areas = dict(Area.objects.filter(alliance=alliance).values_list("pk", "name"))
    rows = [_feed_figures(survey, given, label=_("Total"))]
    ages = age_band_values(survey.age_dimension)
    places = area_values(survey.area_dimension, areas)
    if survey.age_dimension_id:
        cells = [
            (str(band.label), [a for a in given if a.age_band == band.value], ages.get(band.value))
            for band in AgeBand
        ]
        cells.append((_("Not stated"), [a for a in given if not a.age_band], None))
        rows += _feed_cells(survey, cells, threshold)
    if survey.area_dimension_id:
        cells = [
            (name, [a for a in given if a.area_id == pk], places.get(pk))
            for pk, name in areas.items()
        ]
        cells.append((_("Not stated"), [a for a in given if a.area_id not in areas], None))
        rows += _feed_cells(survey, cells, threshold)
    return FeedPreview(survey, rows, problems, threshold, n)


def _feed_cells(survey: Survey, cells: list, threshold: int) -> list[FeedRow]:
    cells = [cell for cell in cells if cell[1]]
    counts = {label: len(group) for label, group, _value in cells}
    small, neighbours = suppressed_cells(counts, threshold)
    rows = []
    for label, group, value in cells:
        if label in small:
            skipped = _("Fewer than %(threshold)s answers") % {"threshold": threshold}
            rows.append(FeedRow(label=label, n=len(group), skipped=skipped))
        elif label in neighbours:
            skipped = _("Hidden so that a small group cannot be worked out")
            rows.append(FeedRow(label=label, n=len(group), skipped=skipped))
        elif value is None:
            skipped = _("Not a value of the indicator's breakdown")
            rows.append(FeedRow(label=label, n=len(group), skipped=skipped))
        else:
            rows.append(_feed_figures(survey, group, label=label, breakdown=value))
    return rows
