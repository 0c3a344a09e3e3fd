"""Pages of groups: the list, a group's page, and the secretariat's pages to create, change
and archive groups and to seat their members.

A group is looked up within the alliance (another alliance's group is a 404); who may see it
is checked through workgroups.permissions. Creating, changing, archiving and seating belong to
the secretariat (capability manage_groups); a group's coordinators manage its meetings."""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_safe

from alliance.access import alliance_view
from alliance.models import Alliance
from alliance.permissions import has_capability
from alliance.views.responses import add_service_errors
from youth_voice.selectors_staff import group_inputs_for  # youth voice

from . import services
from .forms_groups import ArchiveForm, GroupForm, SeatForm
from .models import GroupKind, GroupMember, WorkGroup
from .permissions import can_manage_workgroup, can_view_workgroup
from .selectors_groups import group_list_for, group_page


def _url(name: str, alliance: Alliance, **kwargs) -> str:
    return reverse(f"workgroups:{name}", kwargs={"alliance_slug": alliance.slug, **kwargs})


def _group_or_404(alliance: Alliance, group_slug: str) -> WorkGroup:
    return get_object_or_404(WorkGroup, alliance=alliance, slug=group_slug)


def _data(request: HttpRequest):
    """The POST data to bind a form to; None on GET. (An empty POST is still a submission.)"""
    return request.POST if request.method == "POST" else None


@require_safe
@alliance_view("view_groups")
def group_list(request: HttpRequest, alliance: Alliance) -> HttpResponse:
    """The groups the person may see, with focus areas, who leads them, members and the next
    meeting. The secretariat can list the archived groups instead."""
    can_manage = has_capability(request.membership, "manage_groups")
    archived = can_manage and request.GET.get("archived") == "1"
    return render(
        request,
        "workgroups/group_list.html",
        {
            "groups": group_list_for(
                user=request.user, membership=request.membership, archived=archived
            ),
            "archived": archived,
            "can_manage": can_manage,
            "can_see_all": has_capability(request.membership, "view_all_groups"),
        },
    )


@require_http_methods(["GET", "POST"])
@alliance_view("manage_groups")
def group_create(request: HttpRequest, alliance: Alliance) -> HttpResponse:
    """The secretariat creates a working group or a youth panel."""
    form = GroupForm(_data(request), alliance=alliance)
    if request.method == "POST" and form.is_valid():
        try:
            group = services.group_create(alliance=alliance, **form.cleaned_data)
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(
                request,
                _("The group “%(name)s” was created. Seat its members next.")
                % {"name": group.name},
            )
            return redirect(_url("members", alliance, group_slug=group.slug))
    status = 400 if form.is_bound and form.errors else 200
    return render(
        request, "workgroups/group_form.html", {"form": form, "group": None}, status=status
    )


@require_safe
@alliance_view("view_groups")
def group_detail(request: HttpRequest, alliance: Alliance, group_slug: str) -> HttpResponse:
    """A group: purpose, focus areas, members, meetings, open action items, decisions, news."""
    group = _group_or_404(alliance, group_slug)
    if not can_view_workgroup(request.user, request.membership, group):
        raise PermissionDenied
    can_manage = can_manage_workgroup(request.user, request.membership, group)
    return render(
        request,
        "workgroups/group_detail.html",
        {
            "group": group,
            "can_manage": can_manage,
            "can_administer": has_capability(request.membership, "manage_groups"),
            "can_view_decisions": has_capability(request.membership, "view_decisions"),
            "can_schedule": can_manage and not group.is_archived,
            **group_page(group=group, can_manage=can_manage),
            # youth voice: the inputs from young people sent to the group
            "show_youth_inputs": has_capability(request.membership, "view_youth_inputs"),
            "youth_inputs": group_inputs_for(
                user=request.user, membership=request.membership, group=group
            ),
        },
    )


@require_http_methods(["GET", "POST"])
@alliance_view("manage_groups")
def group_edit(request: HttpRequest, alliance: Alliance, group_slug: str) -> HttpResponse:
    """The secretariat changes a group's name, short name, purpose and focus."""
    group = _group_or_404(alliance, group_slug)
    form = GroupForm(_data(request), alliance=alliance, group=group)
    if request.method == "POST" and form.is_valid():
        fields = {name: value for name, value in form.cleaned_data.items() if name != "kind"}
        try:
            group = services.group_update(group=group, **fields)
        except ValidationError as error:
            group.refresh_from_db()
            add_service_errors(form, error)
        else:
            messages.success(request, _("The group's details were saved."))
            return redirect(_url("detail", alliance, group_slug=group.slug))
    status = 400 if form.is_bound and form.errors else 200
    return render(
        request, "workgroups/group_form.html", {"form": form, "group": group}, status=status
    )


@require_http_methods(["GET", "POST"])
@alliance_view("manage_groups")
def group_archive(request: HttpRequest, alliance: Alliance, group_slug: str) -> HttpResponse:
    """The secretariat archives a group after a confirmation, or takes it out of the archive."""
    group = _group_or_404(alliance, group_slug)
    form = ArchiveForm(_data(request))
    if request.method == "POST" and form.is_valid():
        action = form.cleaned_data["action"]
        try:
            if action == "archive":
                services.group_archive(group=group)
            else:
                services.group_unarchive(group=group)
        except ValidationError as error:
            messages.error(request, error.messages[0])
        else:
            if action == "archive":
                messages.success(
                    request,
                    _("The group “%(name)s” was archived. Its pages stay readable.")
                    % {"name": group.name},
                )
            else:
                messages.success(
                    request,
                    _("The group “%(name)s” is active again.") % {"name": group.name},
                )
        return redirect(_url("detail", alliance, group_slug=group.slug))
    status = 400 if form.is_bound else 200
    return render(
        request,
        "workgroups/group_archive.html",
        {
            "group": group,
            "is_steering": group.kind == GroupKind.STEERING,
            "upcoming_count": group.meetings.upcoming().count(),
        },
        status=status,
    )


@require_http_methods(["GET", "POST"])
@alliance_view("manage_groups")
def group_members(request: HttpRequest, alliance: Alliance, group_slug: str) -> HttpResponse:
    """The secretariat seats people in a group and changes their seats. `?seat=<id>` (or the
    posted `seat`) chooses the seat to change; without it the form adds a seat."""
    group = _group_or_404(alliance, group_slug)
    seat_id = request.POST.get("seat") if request.method == "POST" else request.GET.get("seat")
    seat = None
    if seat_id:
        if not str(seat_id).isdigit():
            raise Http404
        seat = get_object_or_404(
            GroupMember.objects.select_related("user"), pk=seat_id, group=group
        )
    form = SeatForm(_data(request), group=group, seat=seat)
    if request.method == "POST" and form.is_valid():
        fields = dict(form.cleaned_data)
        user = seat.user if seat is not None else fields.pop("user")
        fields.pop("user", None)
        try:
            services.group_member_add(group=group, user=user, **fields)
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            if seat is None:
                messages.success(
                    request,
                    _("%(person)s now has a seat in the group.") % {"person": user.get_full_name()},
                )
            else:
                messages.success(
                    request,
                    _("The seat of %(person)s was saved.") % {"person": user.get_full_name()},
                )
            return redirect(_url("members", alliance, group_slug=group.slug))
    status = 400 if form.is_bound and form.errors else 200
    return render(
        request,
        "workgroups/group_members.html",
        {
            "group": group,
            "seats": group.members.select_related("user", "organisation").order_by(
                "role", "user__full_name", "pk"
            ),
            "form": form,
            "seat": seat,
            "is_steering": group.kind == GroupKind.STEERING,
        },
        status=status,
    )


@require_http_methods(["GET", "POST"])
@alliance_view("manage_groups")
def group_member_remove(
    request: HttpRequest, alliance: Alliance, group_slug: str, seat_pk: int
) -> HttpResponse:
    """The secretariat removes a seat after a confirmation; its object permissions go with it."""
    group = _group_or_404(alliance, group_slug)
    seat = get_object_or_404(
        GroupMember.objects.select_related("user", "organisation"), pk=seat_pk, group=group
    )
    if request.method == "POST":
        name = seat.user.get_full_name()
        services.group_member_remove(seat=seat)
        messages.success(
            request, _("%(person)s no longer has a seat in the group.") % {"person": name}
        )
        return redirect(_url("members", alliance, group_slug=group.slug))
    return render(request, "workgroups/group_member_remove.html", {"group": group, "seat": seat})
