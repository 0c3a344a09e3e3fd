"""The secretariat's workspace: every queue of work from the apps on one page, with its count,
its oldest item and a link to where the work is done (backbone.workspace)."""

from __future__ import annotations

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.views.decorators.http import require_safe

from alliance.access import alliance_view
from alliance.models import Alliance

from .workspace import workspace_for, workspace_total


@require_safe
@alliance_view("view_workspace")
def workspace(request: HttpRequest, alliance: Alliance) -> HttpResponse:
    """The queues with work first, then the empty ones as done, with the total at the top."""
    return render(
        request,
        "backbone/workspace.html",
        {"workspace": workspace_for(alliance=alliance, membership=request.membership)},
    )


@require_safe
@alliance_view("view_workspace")
def workspace_summary(request: HttpRequest, alliance: Alliance) -> HttpResponse:
    """A link to the workspace saying how many things wait, loaded by the secretariat's
    overview after the page itself (htmx), so the overview does not wait for every queue."""
    return render(
        request,
        "backbone/workspace/_summary.html",
        {"waiting": workspace_total(alliance=alliance, membership=request.membership)},
    )
