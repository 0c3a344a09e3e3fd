"""Pages of groups."""

from __future__ import annotations

from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, render
from django.views.decorators.http import require_safe

from alliance.access import alliance_view
from alliance.models import Alliance

from .models import WorkGroup
from .permissions import can_manage_workgroup, can_view_workgroup
from .selectors import workgroup_members


@require_safe
@alliance_view("view_groups")
def group_detail(request: HttpRequest, alliance: Alliance, group_slug: str) -> HttpResponse:
    """A group: its purpose, focus areas and members."""
    group = get_object_or_404(WorkGroup, alliance=alliance, slug=group_slug)
    if not can_view_workgroup(request.user, request.membership, group):
        raise PermissionDenied
    return render(
        request,
        "workgroups/group_detail.html",
        {
            "group": group,
            "seats": workgroup_members(group=group),
            "focus_areas": group.focus_areas.all(),
            "can_manage": can_manage_workgroup(request.user, request.membership, group),
        },
    )


def group_list(request, *args, **kwargs):
    raise Http404


def group_create(request, *args, **kwargs):
    raise Http404


def group_edit(request, *args, **kwargs):
    raise Http404


def group_archive(request, *args, **kwargs):
    raise Http404


def group_members(request, *args, **kwargs):
    raise Http404


def group_member_remove(request, *args, **kwargs):
    raise Http404
