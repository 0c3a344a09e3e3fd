"""The partnership's health check: the rounds (every member), answering the open round (every
member, once), a round's results (every member, once enough have answered), and opening and
closing rounds (the secretariat)."""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_safe

from alliance.access import alliance_view
from alliance.models import Alliance
from alliance.permissions import has_capability

from . import selectors_healthcheck as selectors
from . import services_healthcheck as services
from .forms_healthcheck import AnswerForm, RoundOpenForm
from .models import HealthCheckRound


def _list_url(alliance: Alliance) -> str:
    return reverse("backbone:health_check", kwargs={"alliance_slug": alliance.slug})


def _round(alliance: Alliance, pk: int) -> HealthCheckRound:
    health_round = selectors.round_of(alliance=alliance, pk=pk)
    if health_round is None:
        raise Http404
    return health_round


@require_safe
@alliance_view("answer_health_check")
def round_list(request: HttpRequest, alliance: Alliance) -> HttpResponse:
    """The open round with "answer" or "you have answered", and the earlier rounds."""
    rounds = selectors.rounds_for_member(alliance=alliance, user=request.user)
    current = next((r for r in rounds if r.is_open), None)
    return render(
        request,
        "backbone/health_check_list.html",
        {
            "current": current,
            "earlier": [r for r in rounds if r is not current],
            "can_manage": has_capability(request.membership, "manage_health_check"),
            "threshold": selectors.HEALTH_CHECK_MIN_RESPONSES,
        },
    )


@require_http_methods(["GET", "HEAD", "POST"])
@alliance_view("manage_health_check")
def round_open(request: HttpRequest, alliance: Alliance) -> HttpResponse:
    """Open a new round to every member; they are notified."""
    current = selectors.open_round(alliance=alliance)
    form = RoundOpenForm(request.POST or None)
    status = 200
    if request.method == "POST" and current is None:
        if form.is_valid():
            try:
                services.health_check_round_open(
                    alliance=alliance,
                    title=form.cleaned_data["title"],
                    closes_on=form.cleaned_data["closes_on"],
                    opened_by=request.user,
                )
            except ValidationError as error:
                form.add_error(None, error)
            else:
                messages.success(
                    request,
                    _("The round is open. Every member has been told and can answer now."),
                )
                return redirect(_list_url(alliance))
        status = 400
    elif request.method == "POST":
        status = 409
    return render(
        request,
        "backbone/health_check_open.html",
        {"form": form, "current": current},
        status=status,
    )


def _answer_page(
    request: HttpRequest,
    health_round: HealthCheckRound,
    *,
    state: str,
    form: AnswerForm | None = None,
    status: int = 200,
) -> HttpResponse:
    return render(
        request,
        "backbone/health_check_answer.html",
        {
            "round": health_round,
            "state": state,
            "form": form,
            "threshold": selectors.HEALTH_CHECK_MIN_RESPONSES,
        },
        status=status,
    )


def _already_answered(request: HttpRequest, alliance: Alliance) -> HttpResponse:
    messages.info(request, _("You have answered this round already. Nothing new was saved."))
    return redirect(_list_url(alliance))


@require_http_methods(["GET", "HEAD", "POST"])
@alliance_view("answer_health_check")
def round_answer(request: HttpRequest, alliance: Alliance, pk: int) -> HttpResponse:
    """The answer form of an open round; a closed round or a second answer gets a message and
    saves nothing."""
    health_round = _round(alliance, pk)
    if not services.round_is_open(health_round):
        return _answer_page(
            request, health_round, state="closed", status=409 if request.method == "POST" else 200
        )
    if selectors.has_answered(health_round=health_round, user=request.user):
        if request.method == "POST":
            return _already_answered(request, alliance)
        return _answer_page(request, health_round, state="answered")
    if request.method != "POST":
        return _answer_page(request, health_round, state="open", form=AnswerForm())
    form = AnswerForm(request.POST)
    if not form.is_valid():
        return _answer_page(request, health_round, state="open", form=form, status=400)
    try:
        services.health_check_answer_submit(
            health_round=health_round,
            user=request.user,
            scores=form.scores(),
            comment=form.cleaned_data["comment"],
        )
    except services.AlreadyAnswered:
        return _already_answered(request, alliance)
    except services.RoundClosed:
        return _answer_page(request, health_round, state="closed", status=409)
    messages.success(request, _("Thank you! Your answers are saved, without your name."))
    return redirect(_list_url(alliance))


@require_safe
@alliance_view("answer_health_check")
def round_results(request: HttpRequest, alliance: Alliance, pk: int) -> HttpResponse:
    """The round's results per element and statement, compared with the round before; only
    the number of answers while there are too few."""
    health_round = _round(alliance, pk)
    results = selectors.round_results(health_round=health_round)
    return render(
        request,
        "backbone/health_check_results.html",
        {
            "round": health_round,
            "results": results,
            "is_open": services.round_is_open(health_round),
            "can_manage": has_capability(request.membership, "manage_health_check"),
        },
    )


@require_http_methods(["GET", "HEAD", "POST"])
@alliance_view("manage_health_check")
def round_close(request: HttpRequest, alliance: Alliance, pk: int) -> HttpResponse:
    """Ask, then close the round by hand; it takes no more answers."""
    health_round = _round(alliance, pk)
    is_open = services.round_is_open(health_round)
    if request.method != "POST":
        return render(
            request,
            "backbone/health_check_close.html",
            {"round": health_round, "is_open": is_open},
        )
    if is_open:
        services.health_check_round_close(health_round=health_round)
        messages.success(request, _("The round is closed. It takes no more answers."))
    else:
        messages.info(request, _("The round was closed already."))
    return redirect(_list_url(alliance))
