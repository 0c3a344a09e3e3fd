"""A person's meetings and action items across their groups, marking an action item done, and
the alliance's decisions log."""

from __future__ import annotations

from urllib.parse import urlencode

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST, require_safe

from alliance.access import alliance_view
from alliance.models import Alliance

from .forms_groups import ActionItemDoneForm, DecisionFilterForm
from .models import ActionItem, ActionItemStatus
from .permissions import can_manage_workgroup
from .selectors_groups import (
    my_done_action_items,
    my_meetings,
    my_open_action_items,
    viewable_group_ids,
)
from .selectors_meetings import decisions_log
from .services_meetings import action_item_done as action_item_done_service

DECISIONS_PER_PAGE = 20


def _url(name: str, alliance: Alliance) -> str:
    return reverse(f"workgroups:{name}", kwargs={"alliance_slug": alliance.slug})


@require_safe
@alliance_view("view_groups")
def my_work(request: HttpRequest, alliance: Alliance) -> HttpResponse:
    """The person's upcoming meetings, open action items (each with a form to mark it done)
    and the items they finished lately."""
    return render(
        request,
        "workgroups/my_work.html",
        {
            "meetings": my_meetings(user=request.user, alliance=alliance),
            "open_items": my_open_action_items(user=request.user, alliance=alliance),
            "done_items": my_done_action_items(user=request.user, alliance=alliance),
        },
    )


@require_POST
@alliance_view("view_groups")
def action_item_done(request: HttpRequest, alliance: Alliance, pk: int) -> HttpResponse:
    """Mark an action item done, with an optional note: its owner, or someone who manages the
    item's group."""
    item = get_object_or_404(
        ActionItem.objects.select_related("group"), pk=pk, group__alliance=alliance
    )
    if item.owner_id != request.user.pk and not can_manage_workgroup(
        request.user, request.membership, item.group
    ):
        raise PermissionDenied
    back = request.POST.get("next", "")
    if not url_has_allowed_host_and_scheme(
        back, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    ):
        back = ""
    back = back or _url("my_work", alliance)
    if item.status == ActionItemStatus.DONE:
        messages.info(request, _("“%(title)s” is already marked as done.") % {"title": item.title})
        return redirect(back)
    form = ActionItemDoneForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("The note is too long: write at most 2,000 characters."))
        return redirect(back)
    try:
        action_item_done_service(item=item, user=request.user, note=form.cleaned_data["note"])
    except ValidationError as error:
        messages.info(request, error.messages[0])
    else:
        messages.success(request, _("“%(title)s” is marked as done.") % {"title": item.title})
    return redirect(back)


@require_safe
@alliance_view("view_decisions")
def decisions(request: HttpRequest, alliance: Alliance) -> HttpResponse:
    """Every decision of the alliance's published minutes, newest first, searchable and
    filterable by group, focus area and meeting date."""
    form = DecisionFilterForm(request.GET or None, alliance=alliance)
    names = DecisionFilterForm.FIELD_NAMES
    if form.is_bound and not form.is_valid():
        return render(
            request,
            "workgroups/decisions.html",
            {"form": form, "page": None, "is_filtered": True},
            status=400,
        )
    page = Paginator(decisions_log(alliance=alliance, **form.filters()), DECISIONS_PER_PAGE)
    page = page.get_page(request.GET.get("page"))
    query = urlencode([(name, request.GET[name]) for name in names if request.GET.get(name)])
    return render(
        request,
        "workgroups/decisions.html",
        {
            "form": form,
            "page": page,
            "query": f"{query}&" if query else "",
            "is_filtered": bool(query),
            "viewable_group_ids": viewable_group_ids(
                user=request.user, membership=request.membership, alliance=alliance
            ),
        },
    )
