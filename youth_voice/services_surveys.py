"""Pulse surveys through their life: written (title, questions), linked to an indicator,
published, answered anonymously once per device, closed, and fed to shared measurement.

Each function is one transaction and validates before it saves. The questions of a survey that
has answers cannot change: the answers would no longer match what was asked.
"""

from __future__ import annotations

import datetime
from decimal import Decimal

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.db.models import Max
from django.utils import timezone
from django.utils.translation import gettext as _

from alliance.models import Alliance, Organisation, User
from initiatives.models import Area
from measurement.models import Dimension, Indicator
from measurement.periods import period_start
from measurement.services import datapoint_save

from .models import (
    SURVEY_TEXT_ANSWER_MAX,
    FeedRule,
    Question,
    QuestionKind,
    Survey,
    SurveyAnswer,
    SurveyResponse,
    SurveyStatus,
)
from .selectors_surveys import (
    MAX_QUESTIONS,
    MIN_QUESTIONS,
    feed_preview,
    survey_is_open,
)


def _locked_error() -> ValidationError:
    return ValidationError(
        _(
            "The questions cannot be changed: young people have already answered them, and "
            "their answers would no longer match the questions."
        ),
        code="has_answers",
    )


def _check_questions_editable(survey: Survey) -> None:
    if survey.responses.exists():
        raise _locked_error()


@transaction.atomic
def survey_create(*, alliance: Alliance, user: User | None, title: str, intro: str = "") -> Survey:
    """A new draft survey without questions."""
    survey = Survey(alliance=alliance, title=title.strip(), intro=intro.strip(), created_by=user)
    survey.full_clean()
    survey.save()
    return survey


@transaction.atomic
def survey_update(*, survey: Survey, title: str, intro: str = "") -> Survey:
    """Change the title and introduction (also of an open survey: they are not answered)."""
    survey.title = title.strip()
    survey.intro = intro.strip()
    survey.full_clean()
    survey.save(update_fields=["title", "intro", "updated_at"])
    return survey


def _question_fields(
    question: Question,
    *,
    kind: str,
    text: str,
    help_text: str = "",
    choices: list[str] | None = None,
    number_min: int | None = None,
    number_max: int | None = None,
    required: bool = True,
) -> None:
    question.kind = kind
    question.text = text.strip()
    question.help_text = help_text.strip()
    question.choices = list(choices or []) if kind == QuestionKind.CHOICE else []
    is_number = kind == QuestionKind.NUMBER
    question.number_min = number_min if is_number else None
    question.number_max = number_max if is_number else None
    question.required = required
    allowed = (
        {str(v) for v in range(1, 6)}
        if kind == QuestionKind.LIKERT
        else set(question.choices)
        if kind == QuestionKind.CHOICE
        else set()
    )
    question.counted_choices = [c for c in question.counted_choices or [] if c in allowed]


@transaction.atomic
def question_add(*, survey: Survey, **fields) -> Question:
    """Add a question at the end; at most MAX_QUESTIONS, and only before any answer."""
    survey = Survey.objects.select_for_update().get(pk=survey.pk)
    _check_questions_editable(survey)
    if survey.questions.count() >= MAX_QUESTIONS:
        raise ValidationError(
            _("A survey has at most %(max)s questions.") % {"max": MAX_QUESTIONS},
            code="too_many",
        )
    last = survey.questions.aggregate(last=Max("position"))["last"] or 0
    question = Question(survey=survey, position=last + 1)
    _question_fields(question, **fields)
    question.full_clean()
    question.save()
    return question


@transaction.atomic
def question_update(*, question: Question, **fields) -> Question:
    """Change a question, only before any answer. Answers that count for a share and are no
    longer among the choices are dropped."""
    _check_questions_editable(question.survey)
    _question_fields(question, **fields)
    question.full_clean()
    question.save()
    return question


@transaction.atomic
def question_remove(*, question: Question) -> None:
    """Remove a question, only before any answer; an open survey keeps at least MIN_QUESTIONS."""
    survey = Survey.objects.select_for_update().get(pk=question.survey_id)
    _check_questions_editable(survey)
    if survey.status == SurveyStatus.OPEN and survey.questions.count() <= MIN_QUESTIONS:
        raise ValidationError(
            _("An open survey has at least %(min)s questions.") % {"min": MIN_QUESTIONS},
            code="too_few",
        )
    question.delete()
    _renumber(survey)


def _renumber(survey: Survey) -> None:
    questions = list(survey.questions.order_by("position", "pk"))
    for position, question in enumerate(questions, start=1):
        question.position = position
    Question.objects.bulk_update(questions, ["position"])


@transaction.atomic
def question_move(*, question: Question, up: bool) -> None:
    """Swap a question with the one before (up) or after it; only before any answer."""
    survey = Survey.objects.select_for_update().get(pk=question.survey_id)
    _check_questions_editable(survey)
    questions = list(survey.questions.order_by("position", "pk"))
    index = next(i for i, q in enumerate(questions) if q.pk == question.pk)
    other = index - 1 if up else index + 1
    if 0 <= other < len(questions):
        questions[index], questions[other] = questions[other], questions[index]
    for position, item in enumerate(questions, start=1):
        item.position = position
    Question.objects.bulk_update(questions, ["position"])


@transaction.atomic
def survey_link_indicator(
    *,
    survey: Survey,
    indicator: Indicator | None,
    question: Question | None,
    feed_rule: str,
    counted_choices: list[str],
    period: datetime.date | None,
    organisation: Organisation | None,
    age_dimension: Dimension | None,
    area_dimension: Dimension | None,
) -> Survey:
    """Choose where the answers go in shared measurement: the indicator, the question that
    feeds it and how (mean, or the share giving the answers that count), the period, the
    organisation it is reported as, and the age band and area breakdowns. No indicator
    unlinks the survey."""
    if indicator is None:
        survey.indicator = survey.indicator_question = None
        survey.period = survey.organisation = None
        survey.age_dimension = survey.area_dimension = None
    else:
        if indicator.alliance_id != survey.alliance_id or (
            question is not None and question.survey_id != survey.pk
        ):
            raise ValidationError(
                _("Choose the alliance's own indicator and this survey's question.")
            )
        survey.indicator = indicator
        survey.indicator_question = question
        survey.feed_rule = feed_rule
        survey.period = period_start(indicator.frequency, period) if period else None
        survey.organisation = organisation
        survey.age_dimension = age_dimension
        survey.area_dimension = area_dimension
        if question is not None:
            question.counted_choices = list(counted_choices) if feed_rule == FeedRule.SHARE else []
            question.save(update_fields=["counted_choices"])
    survey.full_clean()
    survey.save()
    return survey


def publish_problems(survey: Survey) -> list[str]:
    """Why the survey cannot be published, in words; empty when it can."""
    count = survey.questions.count()
    problems = []
    if count < MIN_QUESTIONS or count > MAX_QUESTIONS:
        problems.append(
            _("A survey has %(min)s to %(max)s questions. This one has %(count)s.")
            % {"min": MIN_QUESTIONS, "max": MAX_QUESTIONS, "count": count}
        )
    if survey.status == SurveyStatus.OPEN:
        problems.append(_("The survey is already open."))
    return problems


@transaction.atomic
def survey_publish(*, survey: Survey) -> Survey:
    """Open a draft (or reopen a closed) survey to young people; it needs 3-8 questions."""
    survey = Survey.objects.select_for_update().get(pk=survey.pk)
    problems = publish_problems(survey)
    if problems:
        raise ValidationError(problems, code="cannot_publish")
    survey.status = SurveyStatus.OPEN
    survey.opened_at = survey.opened_at or timezone.now()
    survey.closed_at = None
    survey.save(update_fields=["status", "opened_at", "closed_at", "updated_at"])
    return survey


@transaction.atomic
def survey_close(*, survey: Survey) -> Survey:
    """Stop taking answers."""
    survey = Survey.objects.select_for_update().get(pk=survey.pk)
    if survey.status != SurveyStatus.OPEN:
        raise ValidationError(_("Only an open survey can be closed."), code="not_open")
    survey.status = SurveyStatus.CLOSED
    survey.closed_at = timezone.now()
    survey.save(update_fields=["status", "closed_at", "updated_at"])
    return survey


class AlreadyAnswered(ValidationError):
    """The device has answered this survey before."""


@transaction.atomic
def survey_response_create(
    *,
    survey: Survey,
    device_hash: str,
    answers: dict[int, object],
    age_band: str = "",
    area: Area | None = None,
) -> SurveyResponse:
    """Store one anonymous response: the answers by question id (a number, a choice, or a
    text), and optionally the age band and area. Once per device; only while open."""
    if not survey_is_open(survey):
        raise ValidationError(_("The survey is closed."), code="closed")
    if area is not None and area.alliance_id != survey.alliance_id:
        area = None
    questions = {q.pk: q for q in survey.questions.all()}
    try:
        with transaction.atomic():
            response = SurveyResponse.objects.create(
                survey=survey, device_hash=device_hash, age_band=age_band or "", area=area
            )
    except IntegrityError:
        raise AlreadyAnswered(
            _("You have already answered – thank you!"), code="answered"
        ) from None
    rows = []
    for question_id, given in answers.items():
        question = questions.get(question_id)
        if question is None or given in (None, ""):
            continue
        row = SurveyAnswer(response=response, question=question)
        if question.kind == QuestionKind.LIKERT:
            row.number = Decimal(int(given))
            row.choice = str(int(given))
        elif question.kind == QuestionKind.NUMBER:
            row.number = Decimal(given)
        elif question.kind == QuestionKind.CHOICE:
            row.choice = str(given)[:200]
        else:
            row.text = str(given).strip()[:SURVEY_TEXT_ANSWER_MAX]
        rows.append(row)
    SurveyAnswer.objects.bulk_create(rows)
    return response


@transaction.atomic
def survey_feed(*, survey: Survey, user: User | None) -> int:
    """Send the survey's aggregated answers to shared measurement as submitted data points
    (the total, and each age band and area that is not a small group), to wait for the
    secretariat's approval. Returns how many figures were sent or were already there.

    Feeding again with the same answers writes nothing (the same figures are already
    submitted or approved); with new answers a submitted figure takes the new numbers."""
    survey = (
        Survey.objects.select_for_update(of=("self",))
        .select_related("alliance", "indicator", "indicator_question", "organisation")
        .get(pk=survey.pk)
    )
    preview = feed_preview(survey=survey)
    if not preview.can_feed:
        raise ValidationError(preview.problems, code="cannot_feed")
    comment = _("Pulse survey: %(title)s") % {"title": survey.title}
    sent = 0
    for row in preview.rows:
        if not row.is_sent:
            continue
        datapoint_save(
            indicator=survey.indicator,
            user=user,
            organisation=survey.organisation,
            period=survey.period,
            breakdown=row.breakdown,
            value=row.value,
            numerator=Decimal(row.numerator) if row.numerator is not None else None,
            denominator=Decimal(row.denominator) if row.denominator is not None else None,
            respondents=row.n,
            comment=comment,
            submit=True,
            update_submitted=True,
        )
        sent += 1
    survey.fed_at = timezone.now()
    survey.save(update_fields=["fed_at", "updated_at"])
    return sent
