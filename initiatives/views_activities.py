"""The activity pages: the list with filters and search, the calendar of the coming weeks, one
activity with its log and its measures, creating and editing an activity, logging a session on
a phone, the areas of the alliance, and the activities young people can join.

An activity is looked up within the alliance (another alliance's is a 404); who may change an
activity and log its sessions is initiatives.permissions' answer on its group (403)."""

from __future__ import annotations

from urllib.parse import urlencode

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.db import transaction
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_safe

from alliance.access import alliance_view
from alliance.models import Alliance
from alliance.permissions import has_capability
from alliance.views.responses import add_service_errors

from . import selectors
from .forms_activities import (
    ActivityFilterForm,
    ActivityForm,
    AreaForm,
    JoinFilterForm,
    LogForm,
)
from .models import Activity, ActivityLog, Area, MeasureSource
from .permissions import can_manage_activities_of, can_manage_activity
from .selectors import (
    activity_get,
    activity_page,
    groups_for_activities,
    joinable_activities,
    lead_partner,
    log_breakdown_dimensions,
)
from .services import activity_log_delete, activity_log_save, activity_save, area_save

ACTIVITIES_PER_PAGE = 25


def _url(name: str, alliance: Alliance, **kwargs) -> str:
    return reverse(f"initiatives:{name}", kwargs={"alliance_slug": alliance.slug, **kwargs})


def _data(request: HttpRequest):
    return request.POST if request.method == "POST" else None


def _activity_or_404(alliance: Alliance, pk: int) -> Activity:
    activity = activity_get(alliance=alliance, pk=pk)
    if activity is None:
        raise Http404
    return activity


def _managed_activity(request: HttpRequest, alliance: Alliance, pk: int) -> Activity:
    activity = _activity_or_404(alliance, pk)
    if not can_manage_activity(request.user, request.membership, activity):
        raise PermissionDenied
    return activity


# --- reading ----------------------------------------------------------------------------------


@require_safe
@alliance_view("view_activities")
def activity_list(request: HttpRequest, alliance: Alliance) -> HttpResponse:
    """Every activity of the alliance, searched and filtered, a page at a time."""
    filter_form = ActivityFilterForm(request.GET or None, alliance=alliance)
    activities = selectors.activity_list(alliance=alliance, filters=filter_form.filters())
    page = Paginator(activities, ACTIVITIES_PER_PAGE).get_page(request.GET.get("page"))
    query = urlencode(
        [(key, value) for key, value in request.GET.items() if key != "page" and value]
    )
    return render(
        request,
        "initiatives/list.html",
        {
            "filter_form": filter_form,
            "is_filtered": filter_form.is_filtered(),
            "page_obj": page,
            "activities": [(activity, lead_partner(activity)) for activity in page],
            "query": f"{query}&" if query else "",
            "can_create": has_capability(request.membership, "manage_activities"),
            "can_manage_areas": has_capability(request.membership, "administer_alliance"),
        },
    )


@require_safe
@alliance_view("view_activities")
def activity_calendar(request: HttpRequest, alliance: Alliance) -> HttpResponse:
    """The planned and running activities of the coming eight weeks across the groups."""
    return render(
        request,
        "initiatives/calendar.html",
        {"calendar": selectors.activity_calendar(alliance=alliance, today=timezone.localdate())},
    )


@require_safe
@alliance_view("view_activities")
def activity_detail(request: HttpRequest, alliance: Alliance, pk: int) -> HttpResponse:
    """An activity: its facts, partners, goals, target group, log and measures."""
    activity = _activity_or_404(alliance, pk)
    return render(
        request,
        "initiatives/detail.html",
        {
            "activity": activity,
            "page": activity_page(activity=activity),
            "can_manage": can_manage_activity(request.user, request.membership, activity),
        },
    )


@require_safe
@alliance_view("view_joinable_activities", allow_public=True)
def activity_join_list(request: HttpRequest, alliance: Alliance) -> HttpResponse:
    """The activities young people can join, by area and age; open to anyone when the alliance
    is public."""
    filter_form = JoinFilterForm(request.GET or None, alliance=alliance)
    area, age = filter_form.values()
    today = timezone.localdate()
    return render(
        request,
        "initiatives/join.html",
        {
            "filter_form": filter_form,
            "today": today,
            "activities": joinable_activities(alliance=alliance, today=today, area=area, age=age),
        },
    )


# --- the activity -----------------------------------------------------------------------------


def _activity_form_page(request, alliance, form, activity=None) -> HttpResponse:
    return render(
        request,
        "initiatives/form.html",
        {"form": form, "activity": activity},
        status=400 if form.errors else 200,
    )


@require_http_methods(["GET", "POST"])
@alliance_view("manage_activities")
def activity_create(request: HttpRequest, alliance: Alliance) -> HttpResponse:
    """A coordinator adds an activity to one of their groups; the secretariat to any group."""
    groups = groups_for_activities(
        user=request.user, membership=request.membership, alliance=alliance
    )
    form = ActivityForm(_data(request), alliance=alliance, groups=groups)
    if request.method == "POST" and form.is_valid():
        arguments = form.service_arguments()
        if not can_manage_activities_of(request.user, request.membership, arguments["group"]):
            raise PermissionDenied
        try:
            activity = activity_save(alliance=alliance, user=request.user, **arguments)
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(request, _("The activity was created."))
            return redirect(_url("detail", alliance, pk=activity.pk))
    return _activity_form_page(request, alliance, form)


@require_http_methods(["GET", "POST"])
@alliance_view("manage_activities")
def activity_edit(request: HttpRequest, alliance: Alliance, pk: int) -> HttpResponse:
    """Change an activity, its partners, goals, target group and measures."""
    activity = _managed_activity(request, alliance, pk)
    groups = groups_for_activities(
        user=request.user, membership=request.membership, alliance=alliance
    )
    # The activity's own group stays a choice even when it is archived or managed elsewhere.
    groups = groups | groups.model.objects.filter(pk=activity.group_id)
    form = ActivityForm(_data(request), alliance=alliance, groups=groups, activity=activity)
    if request.method == "POST" and form.is_valid():
        arguments = form.service_arguments()
        if not can_manage_activities_of(request.user, request.membership, arguments["group"]):
            raise PermissionDenied
        try:
            activity_save(alliance=alliance, user=request.user, activity=activity, **arguments)
        except ValidationError as error:
            add_service_errors(form, error)
            activity.refresh_from_db()
        else:
            messages.success(request, _("The activity was saved."))
            return redirect(_url("detail", alliance, pk=activity.pk))
    return _activity_form_page(request, alliance, form, activity)


# --- the log ----------------------------------------------------------------------------------


def _fed_message(activity: Activity) -> str:
    """What the log fed: the measures' names, or that there was nothing to feed."""
    measures = [m for m in activity.measures.all()]
    if not measures:
        return _("The session was logged.")
    if lead_partner(activity) is None:
        return _(
            "The session was logged. The activity has no lead partner, so its measures were "
            "not fed."
        )
    names = ", ".join(m.indicator.name for m in measures)
    return _(
        "The session was logged, and the figures went to the measures for approval: %(names)s."
    ) % {"names": names}


def _log_form_page(request, activity, form, log=None) -> HttpResponse:
    return render(
        request,
        "initiatives/log_form.html",
        {
            "activity": activity,
            "form": form,
            "log": log,
            "feeds": [m for m in activity.measures.all()],
            "feeds_participants": any(
                m.source == MeasureSource.PARTICIPANTS for m in activity.measures.all()
            ),
        },
        status=400 if form.errors else 200,
    )


def _save_log(request, activity, form, log=None) -> bool:
    try:
        # Nothing is kept when a measure's period is locked: the log and the figures go together.
        with transaction.atomic():
            activity_log_save(
                activity=activity, user=request.user, log=log, **form.service_arguments()
            )
    except ValidationError as error:
        add_service_errors(form, error)
        return False
    return True


@require_http_methods(["GET", "POST"])
@alliance_view("manage_activities")
def log_add(request: HttpRequest, alliance: Alliance, pk: int) -> HttpResponse:
    """Log a session: the numbers, a note and the satisfaction answers, on a phone."""
    activity = _managed_activity(request, alliance, pk)
    form = LogForm(_data(request), dimensions=log_breakdown_dimensions(activity=activity))
    if request.method == "POST" and form.is_valid() and _save_log(request, activity, form):
        messages.success(request, _fed_message(activity))
        return redirect(_url("detail", alliance, pk=activity.pk))
    return _log_form_page(request, activity, form)


def _log_or_404(activity: Activity, log_pk: int) -> ActivityLog:
    return get_object_or_404(
        ActivityLog.objects.prefetch_related("breakdowns"), pk=log_pk, activity=activity
    )


@require_http_methods(["GET", "POST"])
@alliance_view("manage_activities")
def log_edit(request: HttpRequest, alliance: Alliance, pk: int, log_pk: int) -> HttpResponse:
    """Correct a logged session; the measures of its period are fed again."""
    activity = _managed_activity(request, alliance, pk)
    log = _log_or_404(activity, log_pk)
    form = LogForm(_data(request), dimensions=log_breakdown_dimensions(activity=activity), log=log)
    if request.method == "POST" and form.is_valid() and _save_log(request, activity, form, log):
        messages.success(request, _fed_message(activity))
        return redirect(_url("detail", alliance, pk=activity.pk))
    return _log_form_page(request, activity, form, log)


@require_http_methods(["GET", "POST"])
@alliance_view("manage_activities")
def log_delete(request: HttpRequest, alliance: Alliance, pk: int, log_pk: int) -> HttpResponse:
    """Ask, then delete a logged session; the measures of its period are fed again."""
    activity = _managed_activity(request, alliance, pk)
    log = _log_or_404(activity, log_pk)
    error = None
    if request.method == "POST":
        try:
            activity_log_delete(log=log, user=request.user)
        except ValidationError as exc:
            error = exc
        else:
            messages.success(request, _("The session was deleted from the log."))
            return redirect(_url("detail", alliance, pk=activity.pk))
    return render(
        request,
        "initiatives/log_delete.html",
        {"activity": activity, "log": log, "errors": error.messages if error else []},
        status=400 if error else 200,
    )


# --- areas ------------------------------------------------------------------------------------


@require_http_methods(["GET", "POST"])
@alliance_view("administer_alliance")
def area_list(request: HttpRequest, alliance: Alliance) -> HttpResponse:
    """The secretariat adds and renames the areas activities take place in."""
    areas = list(Area.objects.filter(alliance=alliance))
    add_form = AreaForm(prefix="new")
    rename_forms = {
        area.pk: AreaForm(initial={"name": area.name}, prefix=f"area{area.pk}") for area in areas
    }
    status = 200
    if request.method == "POST":
        area_pk = request.POST.get("area")
        if area_pk and area_pk.isdigit() and int(area_pk) in rename_forms:
            area = next(a for a in areas if a.pk == int(area_pk))
            form = AreaForm(request.POST, prefix=f"area{area.pk}")
            rename_forms[area.pk] = form
        else:
            area = None
            form = add_form = AreaForm(request.POST, prefix="new")
        if form.is_valid():
            try:
                area_save(alliance=alliance, name=form.cleaned_data["name"], area=area)
            except ValidationError as error:
                add_service_errors(form, error)
            else:
                messages.success(
                    request,
                    _("The area was renamed.") if area else _("The area was added."),
                )
                return redirect(_url("areas", alliance))
        status = 400
    for area in areas:
        rename_forms[area.pk].fields["name"].label = area.name
    return render(
        request,
        "initiatives/areas.html",
        {"rows": [(area, rename_forms[area.pk]) for area in areas], "add_form": add_form},
        status=status,
    )
