"""Pulse surveys: the young person's pages on the portal (the open surveys, answering one, the
thank-you page) and the secretariat's pages (list, create, edit the questions and the link to an
indicator, publish, close, results, and feeding the figures to shared measurement)."""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from django.views.decorators.http import require_http_methods, require_POST, require_safe

from alliance.access import alliance_view
from alliance.models import Alliance
from initiatives.models import Area
from measurement.periods import period_label

from . import codes, limits
from . import selectors_surveys as selectors
from . import services_surveys as services
from .access import youth_portal_view
from .forms_surveys import AnswerForm, LinkForm, QuestionForm, SurveyForm
from .models import Survey, SurveyStatus


def _url(name: str, alliance: Alliance, **kwargs) -> str:
    return reverse(f"youth_voice:{name}", kwargs={"alliance_slug": alliance.slug, **kwargs})


def _survey(alliance: Alliance, pk: int) -> Survey:
    return get_object_or_404(
        Survey.objects.select_related(
            "alliance", "indicator", "indicator_question", "organisation"
        ),
        alliance=alliance,
        pk=pk,
    )


def _device_hash(request: HttpRequest, survey: Survey) -> str:
    return codes.keyed_hash(f"survey:{survey.pk}", codes.device_key(request))


# ---------------------------------------------------------------------------
# Portal
# ---------------------------------------------------------------------------


@require_safe
@youth_portal_view
def survey_list(request: HttpRequest, alliance: Alliance) -> HttpResponse:
    """The surveys young people can answer now."""
    return render(
        request,
        "youth_voice/portal/survey_list.html",
        {"alliance": alliance, "surveys": selectors.surveys_open(alliance=alliance)},
    )


def _answer_page(request, alliance, survey, *, form=None, state="form", status=200):
    return render(
        request,
        "youth_voice/portal/survey_answer.html",
        {"alliance": alliance, "survey": survey, "form": form, "state": state},
        status=status,
    )


@require_http_methods(["GET", "POST"])
@youth_portal_view
def survey_answer(request: HttpRequest, alliance: Alliance, pk: int) -> HttpResponse:
    """One page with every question; no account, once per device."""
    survey = get_object_or_404(
        Survey, alliance=alliance, pk=pk, status__in=[SurveyStatus.OPEN, SurveyStatus.CLOSED]
    )
    if not selectors.survey_is_open(survey):
        return _answer_page(
            request,
            alliance,
            survey,
            state="closed",
            status=410 if request.method == "POST" else 200,
        )
    device_hash = _device_hash(request, survey)
    if selectors.survey_answered_by(survey=survey, device_hash=device_hash):
        return _answer_page(
            request,
            alliance,
            survey,
            state="answered",
            status=409 if request.method == "POST" else 200,
        )
    questions = selectors.survey_questions(survey)
    areas = list(Area.objects.filter(alliance=alliance).order_by("position", "name"))
    if request.method != "POST":
        return _answer_page(
            request, alliance, survey, form=AnswerForm(questions=questions, areas=areas)
        )
    if limits.is_limited(request, "survey"):
        return _answer_page(request, alliance, survey, state="limited", status=429)
    form = AnswerForm(request.POST, questions=questions, areas=areas)
    if form.is_bot:
        return redirect(_url("survey_thanks", alliance, pk=survey.pk))
    if not form.is_valid():
        return _answer_page(request, alliance, survey, form=form, status=400)
    try:
        services.survey_response_create(
            survey=survey,
            device_hash=device_hash,
            answers=form.answers(),
            age_band=form.cleaned_data.get("age_band") or "",
            area=form.area(),
        )
    except services.AlreadyAnswered:
        return _answer_page(request, alliance, survey, state="answered", status=409)
    except ValidationError:
        return _answer_page(request, alliance, survey, state="closed", status=410)
    return redirect(_url("survey_thanks", alliance, pk=survey.pk))


@require_safe
@youth_portal_view
def survey_thanks(request: HttpRequest, alliance: Alliance, pk: int) -> HttpResponse:
    survey = get_object_or_404(
        Survey, alliance=alliance, pk=pk, status__in=[SurveyStatus.OPEN, SurveyStatus.CLOSED]
    )
    return render(
        request,
        "youth_voice/portal/survey_thanks.html",
        {
            "alliance": alliance,
            "survey": survey,
            "others": selectors.surveys_open(alliance=alliance).exclude(pk=pk),
        },
    )


# ---------------------------------------------------------------------------
# Staff
# ---------------------------------------------------------------------------


@require_safe
@alliance_view("manage_youth_portal")
def surveys_admin(request: HttpRequest, alliance: Alliance) -> HttpResponse:
    return render(
        request,
        "youth_voice/staff/surveys.html",
        {"alliance": alliance, "surveys": selectors.surveys_for_staff(alliance=alliance)},
    )


@require_http_methods(["GET", "POST"])
@alliance_view("manage_youth_portal")
def survey_create(request: HttpRequest, alliance: Alliance) -> HttpResponse:
    form = SurveyForm(request.POST or None)
    if request.method == "POST":
        if form.is_valid():
            survey = services.survey_create(
                alliance=alliance, user=request.user, **form.cleaned_data
            )
            messages.success(request, _("The survey is created. Now add its questions."))
            return redirect(_url("survey_edit", alliance, pk=survey.pk))
        return render(request, "youth_voice/staff/survey_form.html", {"form": form}, status=400)
    return render(request, "youth_voice/staff/survey_form.html", {"form": form})


def _edit_page(request, alliance, survey, *, status=200, **forms):
    questions = selectors.survey_questions(survey)
    editing = forms.pop("editing", None)
    if editing is None:
        wanted = _number(request.GET.get("question"))
        editing = next((q for q in questions if q.pk == wanted), None)
    if editing is not None and "question_form" not in forms:
        forms["question_form"] = QuestionForm.for_question(editing, prefix="edit")
    has_responses = selectors.survey_has_responses(survey)
    context = {
        "alliance": alliance,
        "survey": survey,
        "questions": questions,
        "has_responses": has_responses,
        "editing": editing,
        "details_form": forms.get("details_form") or SurveyForm(instance=survey),
        "question_form": forms.get("question_form"),
        "add_form": forms.get("add_form") or QuestionForm(prefix="add"),
        "link_form": forms.get("link_form") or LinkForm(survey=survey, questions=questions),
        "can_add": not has_responses and len(questions) < selectors.MAX_QUESTIONS,
        "min_questions": selectors.MIN_QUESTIONS,
        "max_questions": selectors.MAX_QUESTIONS,
        "likert_labels": list(selectors.likert_labels().values()),
        "period_label": (
            period_label(survey.indicator.frequency, survey.period)
            if survey.indicator_id and survey.period
            else ""
        ),
    }
    return render(request, "youth_voice/staff/survey_edit.html", context, status=status)


def _number(value: str | None) -> int | None:
    """A question id from the request, or None when it is not one."""
    if not value or len(value) > 12 or not value.isascii() or not value.isdigit():
        return None
    return int(value)


def _service_error(request, error: ValidationError) -> None:
    for message in error.messages:
        messages.error(request, message)


@require_http_methods(["GET", "POST"])
@alliance_view("manage_youth_portal")
def survey_edit(request: HttpRequest, alliance: Alliance, pk: int) -> HttpResponse:
    """The survey's title, questions and link to an indicator; each form posts an `action`."""
    survey = _survey(alliance, pk)
    if request.method == "GET":
        return _edit_page(request, alliance, survey)
    action = request.POST.get("action", "")
    back = _url("survey_edit", alliance, pk=survey.pk)
    questions = {q.pk: q for q in survey.questions.all()}
    chosen = questions.get(_number(request.POST.get("question")))
    try:
        if action == "details":
            form = SurveyForm(request.POST, instance=Survey.objects.get(pk=survey.pk))
            if not form.is_valid():
                return _edit_page(request, alliance, survey, details_form=form, status=400)
            services.survey_update(survey=survey, **form.cleaned_data)
            messages.success(request, _("The title and introduction are saved."))
        elif action == "add":
            form = QuestionForm(request.POST, prefix="add")
            if not form.is_valid():
                return _edit_page(request, alliance, survey, add_form=form, status=400)
            services.question_add(survey=survey, **form.service_fields())
            messages.success(request, _("The question is added."))
        elif action == "save" and chosen is not None:
            form = QuestionForm(request.POST, prefix="edit")
            if not form.is_valid():
                return _edit_page(
                    request, alliance, survey, question_form=form, editing=chosen, status=400
                )
            services.question_update(question=chosen, **form.service_fields())
            messages.success(request, _("The question is saved."))
        elif action == "remove" and chosen is not None:
            services.question_remove(question=chosen)
            messages.success(request, _("The question is removed."))
        elif action in ("up", "down") and chosen is not None:
            services.question_move(question=chosen, up=action == "up")
            back += f"#question-{chosen.pk}"
        elif action == "link":
            form = LinkForm(request.POST, survey=survey, questions=list(questions.values()))
            if not form.is_valid():
                return _edit_page(request, alliance, survey, link_form=form, status=400)
            services.survey_link_indicator(survey=survey, **form.service_fields())
            messages.success(request, _("The link to shared measurement is saved."))
        else:
            messages.error(request, _("The change could not be read. Try again."))
            return _edit_page(request, alliance, survey, status=400)
    except ValidationError as error:
        _service_error(request, error)
        return _edit_page(request, alliance, _survey(alliance, pk), status=400)
    return redirect(back)


@require_http_methods(["GET", "POST"])
@alliance_view("manage_youth_portal")
def survey_publish(request: HttpRequest, alliance: Alliance, pk: int) -> HttpResponse:
    """A confirmation page; publishing opens the survey to young people."""
    survey = _survey(alliance, pk)
    problems = services.publish_problems(survey)
    if request.method == "POST":
        try:
            services.survey_publish(survey=survey)
        except ValidationError as error:
            problems = error.messages
        else:
            messages.success(request, _("The survey is open. Young people can answer it now."))
            return redirect(_url("surveys_admin", alliance))
    return render(
        request,
        "youth_voice/staff/survey_publish.html",
        {
            "alliance": alliance,
            "survey": survey,
            "questions": selectors.survey_questions(survey),
            "problems": problems,
            "portal_url": _url("survey_answer", alliance, pk=survey.pk),
        },
        status=400 if request.method == "POST" else 200,
    )


@require_POST
@alliance_view("manage_youth_portal")
def survey_close(request: HttpRequest, alliance: Alliance, pk: int) -> HttpResponse:
    survey = _survey(alliance, pk)
    try:
        services.survey_close(survey=survey)
    except ValidationError as error:
        _service_error(request, error)
    else:
        messages.success(request, _("The survey is closed. It takes no more answers."))
    return redirect(_url("surveys_admin", alliance))


@require_safe
@alliance_view("manage_youth_portal")
def survey_results(request: HttpRequest, alliance: Alliance, pk: int) -> HttpResponse:
    survey = _survey(alliance, pk)
    return _results_page(request, alliance, survey)


def _results_page(request, alliance, survey, *, status=200, feed_errors=()):
    preview = selectors.feed_preview(survey=survey)
    return render(
        request,
        "youth_voice/staff/survey_results.html",
        {
            "alliance": alliance,
            "survey": survey,
            "results": selectors.survey_results(survey=survey),
            "preview": preview,
            "feed_errors": feed_errors,
            "period_label": (
                period_label(survey.indicator.frequency, survey.period)
                if survey.indicator_id and survey.period
                else ""
            ),
        },
        status=status,
    )


@require_http_methods(["GET", "POST"])
@alliance_view("manage_youth_portal")
def survey_feed(request: HttpRequest, alliance: Alliance, pk: int) -> HttpResponse:
    """Send the figures (shown for confirmation on the results page) for approval."""
    survey = _survey(alliance, pk)
    if request.method == "GET":
        return redirect(_url("survey_results", alliance, pk=survey.pk) + "#feed")
    try:
        sent = services.survey_feed(survey=survey, user=request.user)
    except ValidationError as error:
        return _results_page(request, alliance, survey, status=400, feed_errors=error.messages)
    messages.success(
        request,
        ngettext(
            "%(count)s figure is sent to shared measurement and waits for approval.",
            "%(count)s figures are sent to shared measurement and wait for approval.",
            sent,
        )
        % {"count": sent},
    )
    return redirect(_url("survey_results", alliance, pk=survey.pk))
