"""The staff pages on youth input (/<alliance>/youth/): the list, one input with its way and the
forms to route, answer and put it on an agenda, and the overdue list.

Reading goes through youth_voice.permissions.inputs_visible_to (an input one may not see is a
404); answering and the agenda need permissions.can_answer (403); routing is for the
secretariat and the appointed moderators (403). Outside moderation the masked text is shown."""

from __future__ import annotations

from urllib.parse import urlencode

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import formats, timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST, require_safe

from alliance.access import alliance_view
from alliance.models import Alliance
from alliance.permissions import has_capability
from alliance.views.responses import add_service_errors

from . import selectors_staff as selectors
from . import services_routing as services
from .forms_staff import AgendaForm, AnswerForm, RouteForm, StaffFilterForm, StatusStepForm
from .models import InputStatus, YouthInput
from .permissions import APPROVED, can_answer, can_moderate
from .selectors_settings import portal_settings

INPUTS_PER_PAGE = 25


def _can_route(request: HttpRequest) -> bool:
    return has_capability(request.membership, "manage_youth_portal") or can_moderate(
        request.user, request.membership
    )


def _detail_url(alliance: Alliance, youth_input: YouthInput) -> str:
    return reverse(
        "youth_voice:staff_detail", kwargs={"alliance_slug": alliance.slug, "pk": youth_input.pk}
    )


def _input(request: HttpRequest, pk: int) -> YouthInput:
    return selectors.input_for_staff(user=request.user, membership=request.membership, pk=pk)


@require_safe
@alliance_view("view_youth_inputs")
def staff_list(request: HttpRequest, alliance: Alliance) -> HttpResponse:
    """The inputs the person may see, filterable, earliest deadline first, with counts."""
    groups = selectors.route_group_choices(alliance=alliance)
    form = StaffFilterForm(request.GET or None, alliance=alliance, groups=groups)
    context = {
        "form": form,
        "counts": selectors.status_counts(user=request.user, membership=request.membership),
        "can_moderate": can_moderate(request.user, request.membership),
        "is_secretariat": selectors.is_secretariat(request.membership),
    }
    if form.is_bound and not form.is_valid():
        return render(
            request,
            "youth_voice/staff/list.html",
            {**context, "page": None, "is_filtered": True},
            status=400,
        )
    filters = form.filters() if form.is_bound else {}
    inputs = selectors.staff_inputs(user=request.user, membership=request.membership, **filters)
    page = Paginator(inputs, INPUTS_PER_PAGE).get_page(request.GET.get("page"))
    page.object_list = selectors.with_overdue_days(page.object_list)
    names = StaffFilterForm.FIELD_NAMES
    query = urlencode([(name, request.GET[name]) for name in names if request.GET.get(name)])
    return render(
        request,
        "youth_voice/staff/list.html",
        {
            **context,
            "page": page,
            "query": f"{query}&" if query else "",
            "is_filtered": bool(query),
        },
    )


def _detail(
    request: HttpRequest,
    alliance: Alliance,
    youth_input: YouthInput,
    *,
    status: int = 200,
    route_form: RouteForm | None = None,
    answer_form: AnswerForm | None = None,
    step_form: StatusStepForm | None = None,
    agenda_form: AgendaForm | None = None,
) -> HttpResponse:
    user, membership = request.user, request.membership
    is_approved = youth_input.moderation in APPROVED
    may_route = _can_route(request) and is_approved and not youth_input.is_closed
    may_answer = can_answer(user, membership, youth_input) and is_approved
    is_secretariat = selectors.is_secretariat(membership)
    if may_route and route_form is None:
        route_form = RouteForm(
            groups=selectors.route_group_choices(alliance=alliance),
            initial={"group": youth_input.routed_group_id},
        )
    if may_answer and not youth_input.is_closed and answer_form is None:
        answer_form = AnswerForm(
            decisions=selectors.decision_choices(
                user=user, membership=membership, youth_input=youth_input
            ),
            activities=selectors.activity_choices(alliance=alliance),
            initial={
                "decision": youth_input.decision_id,
                "activity": youth_input.led_to_activity_id,
            },
        )
    may_step = (
        is_secretariat
        and is_approved
        and youth_input.status in (InputStatus.RECEIVED, InputStatus.DONE, InputStatus.NOT_POSSIBLE)
    )
    if may_step and step_form is None:
        step_form = StatusStepForm()
    meetings = selectors.meeting_choices(youth_input=youth_input)
    may_agenda = may_answer and not youth_input.is_closed and youth_input.routed_group_id
    if may_agenda and agenda_form is None:
        agenda_form = AgendaForm(meetings=meetings)
    return render(
        request,
        "youth_voice/staff/detail.html",
        {
            "youth_input": selectors.with_overdue_days([youth_input])[0],
            "events": selectors.input_events(youth_input),
            "show_raw_text": can_moderate(user, membership),
            "is_approved": is_approved,
            "route_form": route_form if may_route else None,
            "answer_form": answer_form if may_answer and not youth_input.is_closed else None,
            "step_form": step_form if may_step else None,
            "agenda_form": agenda_form if may_agenda else None,
            "has_meetings": may_agenda and meetings.exists(),
            "answer_days": portal_settings(alliance).answer_days,
            "can_answer_at_all": may_answer,
        },
        status=status,
    )


@require_safe
@alliance_view("view_youth_inputs")
def staff_detail(request: HttpRequest, alliance: Alliance, pk: int) -> HttpResponse:
    """One input: masked text (raw for moderators), its way, deadline, support, the forms."""
    return _detail(request, alliance, _input(request, pk))


def _refuse_unapproved(request, alliance, youth_input) -> HttpResponse | None:
    """A 400 with the reason when the input is not approved, or closed; else None."""
    if youth_input.moderation not in APPROVED:
        message = _("The input must be approved in moderation (published or kept private) first.")
    elif youth_input.is_closed:
        message = _("The input is closed. The secretariat can reopen it if more is needed.")
    else:
        return None
    messages.error(request, message)
    return _detail(request, alliance, youth_input, status=400)


@require_POST
@alliance_view("view_youth_inputs")
def route(request: HttpRequest, alliance: Alliance, pk: int) -> HttpResponse:
    """The secretariat or a moderator sends the input to a group with a deadline."""
    youth_input = _input(request, pk)
    if not _can_route(request):
        raise PermissionDenied
    refused = _refuse_unapproved(request, alliance, youth_input)
    if refused:
        return refused
    form = RouteForm(request.POST, groups=selectors.route_group_choices(alliance=alliance))
    if form.is_valid():
        try:
            youth_input = services.input_route(
                youth_input=youth_input,
                group=form.cleaned_data["group"],
                by=request.user,
                note=form.cleaned_data["note"],
            )
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(
                request,
                _("The input was sent to %(group)s. The answer is due %(date)s.")
                % {
                    "group": youth_input.routed_group.name,
                    "date": formats.date_format(youth_input.answer_due, "DATE_FORMAT"),
                },
            )
            return redirect(_detail_url(alliance, youth_input))
    return _detail(request, alliance, youth_input, status=400, route_form=form)


@require_POST
@alliance_view("view_youth_inputs")
def answer(request: HttpRequest, alliance: Alliance, pk: int) -> HttpResponse:
    """Answer the input (answered, done, not possible), or, for the secretariat, the "being
    considered" step (`action=considering`, also to reopen a closed input)."""
    youth_input = _input(request, pk)
    if request.POST.get("action") == "considering":
        return _status_step(request, alliance, youth_input)
    if not can_answer(request.user, request.membership, youth_input):
        raise PermissionDenied
    refused = _refuse_unapproved(request, alliance, youth_input)
    if refused:
        return refused
    form = AnswerForm(
        request.POST,
        decisions=selectors.decision_choices(
            user=request.user, membership=request.membership, youth_input=youth_input
        ),
        activities=selectors.activity_choices(alliance=alliance),
    )
    if form.is_valid():
        try:
            youth_input = services.input_answer(
                youth_input=youth_input, by=request.user, **form.cleaned_data
            )
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(
                request,
                _("The answer was saved and the young person is told. Status: %(status)s.")
                % {"status": youth_input.get_status_display()},
            )
            return redirect(_detail_url(alliance, youth_input))
    return _detail(request, alliance, youth_input, status=400, answer_form=form)


def _status_step(request: HttpRequest, alliance: Alliance, youth_input: YouthInput):
    if not selectors.is_secretariat(request.membership):
        raise PermissionDenied
    form = StatusStepForm(request.POST)
    if form.is_valid():
        try:
            services.input_status_set(
                youth_input=youth_input,
                status=InputStatus.CONSIDERING,
                by=request.user,
                note=form.cleaned_data["note"],
            )
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(request, _("The input is now being considered."))
            return redirect(_detail_url(alliance, youth_input))
    for error in form.non_field_errors():
        messages.error(request, error)
    return _detail(request, alliance, youth_input, status=400, step_form=form)


@require_POST
@alliance_view("view_youth_inputs")
def agenda_add(request: HttpRequest, alliance: Alliance, pk: int) -> HttpResponse:
    """Put the input on an upcoming meeting of the group it was sent to."""
    youth_input = _input(request, pk)
    if not can_answer(request.user, request.membership, youth_input):
        raise PermissionDenied
    refused = _refuse_unapproved(request, alliance, youth_input)
    if refused:
        return refused
    form = AgendaForm(request.POST, meetings=selectors.meeting_choices(youth_input=youth_input))
    if form.is_valid():
        try:
            item = services.input_agenda_add(
                youth_input=youth_input, meeting=form.cleaned_data["meeting"], by=request.user
            )
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(
                request,
                _("The input is on the agenda of %(meeting)s.") % {"meeting": item.meeting.title},
            )
            return redirect(_detail_url(alliance, youth_input))
    return _detail(request, alliance, youth_input, status=400, agenda_form=form)


@require_safe
@alliance_view("view_youth_inputs")
def overdue(request: HttpRequest, alliance: Alliance) -> HttpResponse:
    """Inputs past their deadline and not answered, by group, with the days overdue."""
    today = timezone.localdate()
    inputs = selectors.with_overdue_days(
        selectors.overdue_for(user=request.user, membership=request.membership, today=today),
        today=today,
    )
    groups: dict[int, dict] = {}
    for youth_input in inputs:
        entry = groups.setdefault(
            youth_input.routed_group_id, {"group": youth_input.routed_group, "inputs": []}
        )
        entry["inputs"].append(youth_input)
    return render(
        request,
        "youth_voice/staff/overdue.html",
        {"groups": list(groups.values()), "total": len(inputs)},
    )
