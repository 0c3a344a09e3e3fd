"""The common agenda: reading it, commenting on it, and (for the secretariat) editing its working
copy and publishing it as a numbered version; the version list and the difference between two
versions."""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.db.models import Max
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST, require_safe

from alliance.access import alliance_view
from alliance.diffs import agenda_diff
from alliance.forms_agenda import (
    AgendaCommentForm,
    AgendaCompareForm,
    AgendaPublishForm,
    AgendaTextsForm,
    FocusAreaForm,
    GoalForm,
)
from alliance.models import Alliance
from alliance.permissions import has_capability
from alliance.selectors_agenda import (
    agenda_comment_list,
    agenda_content,
    agenda_snapshot_of,
    agenda_version_current,
    agenda_version_list,
    agenda_version_pair,
    agenda_working_snapshot,
    focus_area_for_alliance,
    focus_area_list_for_editing,
    goal_for_alliance,
    snapshots_differ,
)
from alliance.services.agenda import (
    agenda_comment_add,
    agenda_publish,
    agenda_texts_update,
    focus_area_add,
    focus_area_delete,
    focus_area_delete_refusal,
    focus_area_update,
    goal_add,
    goal_delete,
    goal_delete_refusal,
    goal_update,
)
from alliance.views.responses import add_service_errors, alliance_url

EMPTY_SNAPSHOT = {
    "vision": "",
    "problem_understanding": "",
    "guiding_principles": "",
    "focus_areas": [],
    "goals": [],
}


def _in_working_copy(alliance: Alliance, focus_area_id: int) -> str:
    """The working copy, scrolled to one focus area."""
    return alliance_url("agenda_working_copy", alliance) + f"#focus-area-{focus_area_id}"


# reading and commenting


def _agenda_page(
    request: HttpRequest, alliance: Alliance, *, comment_form: AgendaCommentForm, status: int = 200
) -> HttpResponse:
    membership = request.membership
    can_edit = has_capability(membership, "edit_agenda")
    can_comment = has_capability(membership, "comment_agenda")
    version = agenda_version_current(alliance=alliance)
    context = {
        "version": version,
        "content": agenda_content(agenda_snapshot_of(version)) if version else None,
        "can_edit": can_edit,
        "can_comment": can_comment,
        "has_unpublished_changes": False,
    }
    if can_edit or can_comment:
        working = agenda_working_snapshot(alliance=alliance)
        context["has_unpublished_changes"] = snapshots_differ(
            agenda_snapshot_of(version) if version else EMPTY_SNAPSHOT, working
        )
        context["comments"] = agenda_comment_list(alliance=alliance)
        context["comment_form"] = comment_form
    return render(request, "alliance/agenda/agenda.html", context, status=status)


@require_safe
@alliance_view("view_agenda")
def agenda(request: HttpRequest, alliance: Alliance) -> HttpResponse:
    """The current (newest published) common agenda; comments for the steering group."""
    return _agenda_page(request, alliance, comment_form=AgendaCommentForm())


@require_POST
@alliance_view("comment_agenda")
def agenda_comment(request: HttpRequest, alliance: Alliance) -> HttpResponse:
    """Add a comment on the agenda (tied to the current version)."""
    form = AgendaCommentForm(request.POST)
    if form.is_valid():
        try:
            agenda_comment_add(
                alliance=alliance, author=request.user, body=form.cleaned_data["body"]
            )
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(request, _("Your comment was added."))
            return redirect(alliance_url("agenda", alliance) + "#comments")
    return _agenda_page(request, alliance, comment_form=form)


# the working copy (secretariat)


def _working_copy_page(
    request: HttpRequest, alliance: Alliance, *, texts_form: AgendaTextsForm
) -> HttpResponse:
    version = agenda_version_current(alliance=alliance)
    working = agenda_working_snapshot(alliance=alliance)
    return render(
        request,
        "alliance/agenda/working_copy.html",
        {
            "texts_form": texts_form,
            "focus_areas": focus_area_list_for_editing(alliance=alliance),
            "version": version,
            "has_unpublished_changes": snapshots_differ(
                agenda_snapshot_of(version) if version else EMPTY_SNAPSHOT, working
            ),
        },
    )


@require_http_methods(["GET", "POST"])
@alliance_view("edit_agenda")
def agenda_working_copy(request: HttpRequest, alliance: Alliance) -> HttpResponse:
    """The working copy: its texts (a form), its focus areas and goals (links to edit them)."""
    if request.method == "POST":
        form = AgendaTextsForm(request.POST)
        if form.is_valid():
            try:
                agenda_texts_update(alliance=alliance, updated_by=request.user, **form.cleaned_data)
            except ValidationError as error:
                add_service_errors(form, error)
            else:
                messages.success(
                    request,
                    _(
                        "The texts were saved in the working copy. "
                        "Publish a new version to share them."
                    ),
                )
                return redirect(alliance_url("agenda_working_copy", alliance))
    else:
        form = AgendaTextsForm(
            initial={
                "vision": alliance.vision,
                "problem_understanding": alliance.problem_understanding,
                "guiding_principles": alliance.guiding_principles,
            }
        )
    return _working_copy_page(request, alliance, texts_form=form)


@require_http_methods(["GET", "POST"])
@alliance_view("edit_agenda")
def agenda_publish_view(request: HttpRequest, alliance: Alliance) -> HttpResponse:
    """Review what changed since the newest version, and publish the working copy with a note."""
    version = agenda_version_current(alliance=alliance)
    if request.method == "POST":
        form = AgendaPublishForm(request.POST)
        if form.is_valid():
            try:
                published = agenda_publish(
                    alliance=alliance, published_by=request.user, note=form.cleaned_data["note"]
                )
            except ValidationError as error:
                add_service_errors(form, error)
            else:
                messages.success(
                    request,
                    _("Version %(number)s of the common agenda is published.")
                    % {"number": published.number},
                )
                return redirect(alliance_url("agenda", alliance))
    else:
        form = AgendaPublishForm()
    old = agenda_snapshot_of(version) if version else EMPTY_SNAPSHOT
    diff = agenda_diff(old, agenda_working_snapshot(alliance=alliance))
    return render(
        request,
        "alliance/agenda/publish.html",
        {
            "form": form,
            "version": version,
            "diff": diff,
            "next_number": (version.number + 1) if version else 1,
        },
    )


def _focus_area_form_page(request, alliance, *, form, focus_area=None) -> HttpResponse:
    return render(
        request,
        "alliance/agenda/focus_area_form.html",
        {"form": form, "focus_area": focus_area},
    )


@require_http_methods(["GET", "POST"])
@alliance_view("edit_agenda")
def focus_area_create(request: HttpRequest, alliance: Alliance) -> HttpResponse:
    if request.method == "POST":
        form = FocusAreaForm(request.POST, alliance=alliance)
        if form.is_valid():
            try:
                area = focus_area_add(alliance=alliance, added_by=request.user, **form.cleaned_data)
            except ValidationError as error:
                add_service_errors(form, error)
            else:
                messages.success(
                    request, _("The focus area “%(title)s” was added.") % {"title": area.title}
                )
                return redirect(_in_working_copy(alliance, area.pk))
    else:
        next_number = (alliance.focus_areas.aggregate(n=Max("position"))["n"] or 0) + 1
        form = FocusAreaForm(alliance=alliance, initial={"position": next_number})
    return _focus_area_form_page(request, alliance, form=form)


@require_http_methods(["GET", "POST"])
@alliance_view("edit_agenda")
def focus_area_edit(request: HttpRequest, alliance: Alliance, focus_area_id: int) -> HttpResponse:
    area = get_object_or_404(focus_area_for_alliance(alliance=alliance), pk=focus_area_id)
    if request.method == "POST":
        form = FocusAreaForm(request.POST, alliance=alliance, instance=area)
        if form.is_valid():
            try:
                focus_area_update(focus_area=area, updated_by=request.user, **form.cleaned_data)
            except ValidationError as error:
                add_service_errors(form, error)
            else:
                messages.success(
                    request, _("The focus area “%(title)s” was saved.") % {"title": area.title}
                )
                return redirect(_in_working_copy(alliance, area.pk))
    else:
        form = FocusAreaForm(alliance=alliance, instance=area)
    return _focus_area_form_page(request, alliance, form=form, focus_area=area)


@require_http_methods(["GET", "POST"])
@alliance_view("edit_agenda")
def focus_area_remove(request: HttpRequest, alliance: Alliance, focus_area_id: int) -> HttpResponse:
    area = get_object_or_404(focus_area_for_alliance(alliance=alliance), pk=focus_area_id)
    refusal = focus_area_delete_refusal(area)
    if request.method == "POST" and refusal is None:
        try:
            focus_area_delete(focus_area=area, deleted_by=request.user)
        except ValidationError as error:
            refusal = " ".join(error.messages)
        else:
            messages.success(
                request, _("The focus area “%(title)s” was deleted.") % {"title": area.title}
            )
            return redirect(alliance_url("agenda_working_copy", alliance))
    return render(
        request,
        "alliance/agenda/confirm_delete.html",
        {
            "heading": _("Delete the focus area “%(title)s”?") % {"title": area.title},
            "refusal_heading": _("The focus area cannot be deleted"),
            "refusal": refusal,
            "cancel_url": _in_working_copy(alliance, area.pk),
        },
    )


def _goal_form_page(request, alliance, *, form, goal=None) -> HttpResponse:
    return render(request, "alliance/agenda/goal_form.html", {"form": form, "goal": goal})


@require_http_methods(["GET", "POST"])
@alliance_view("edit_agenda")
def goal_create(request: HttpRequest, alliance: Alliance) -> HttpResponse:
    if request.method == "POST":
        form = GoalForm(request.POST, alliance=alliance)
        if form.is_valid():
            try:
                goal = goal_add(alliance=alliance, added_by=request.user, **form.cleaned_data)
            except ValidationError as error:
                add_service_errors(form, error)
            else:
                messages.success(
                    request, _("The goal “%(title)s” was added.") % {"title": goal.title}
                )
                return redirect(_in_working_copy(alliance, goal.focus_area_id))
    else:
        form = GoalForm(
            alliance=alliance, initial={"focus_area": request.GET.get("focus_area"), "position": 1}
        )
    return _goal_form_page(request, alliance, form=form)


@require_http_methods(["GET", "POST"])
@alliance_view("edit_agenda")
def goal_edit(request: HttpRequest, alliance: Alliance, goal_id: int) -> HttpResponse:
    goal = get_object_or_404(goal_for_alliance(alliance=alliance), pk=goal_id)
    if request.method == "POST":
        form = GoalForm(request.POST, alliance=alliance, instance=goal)
        if form.is_valid():
            try:
                goal_update(goal=goal, updated_by=request.user, **form.cleaned_data)
            except ValidationError as error:
                add_service_errors(form, error)
            else:
                messages.success(
                    request, _("The goal “%(title)s” was saved.") % {"title": goal.title}
                )
                return redirect(_in_working_copy(alliance, goal.focus_area_id))
    else:
        form = GoalForm(alliance=alliance, instance=goal)
    return _goal_form_page(request, alliance, form=form, goal=goal)


@require_http_methods(["GET", "POST"])
@alliance_view("edit_agenda")
def goal_remove(request: HttpRequest, alliance: Alliance, goal_id: int) -> HttpResponse:
    goal = get_object_or_404(goal_for_alliance(alliance=alliance), pk=goal_id)
    refusal = goal_delete_refusal(goal)
    if request.method == "POST" and refusal is None:
        try:
            goal_delete(goal=goal, deleted_by=request.user)
        except ValidationError as error:
            refusal = " ".join(error.messages)
        else:
            messages.success(
                request, _("The goal “%(title)s” was deleted.") % {"title": goal.title}
            )
            return redirect(_in_working_copy(alliance, goal.focus_area_id))
    return render(
        request,
        "alliance/agenda/confirm_delete.html",
        {
            "heading": _("Delete the goal “%(title)s”?") % {"title": goal.title},
            "refusal_heading": _("The goal cannot be deleted"),
            "refusal": refusal,
            "cancel_url": _in_working_copy(alliance, goal.focus_area_id),
        },
    )


# versions


@require_safe
@alliance_view("view_agenda")
def agenda_versions(request: HttpRequest, alliance: Alliance) -> HttpResponse:
    """Every published version: number, when, who, note; and a form to compare two."""
    versions = list(agenda_version_list(alliance=alliance))
    numbers = [version.number for version in versions]
    compare_form = AgendaCompareForm(
        numbers=numbers,
        initial={"from_number": numbers[1], "to_number": numbers[0]} if len(numbers) > 1 else None,
    )
    return render(
        request,
        "alliance/agenda/versions.html",
        {"versions": versions, "compare_form": compare_form},
    )


@require_safe
@alliance_view("view_agenda")
def agenda_version(request: HttpRequest, alliance: Alliance, number: int) -> HttpResponse:
    """One published version as it was published."""
    version = get_object_or_404(agenda_version_list(alliance=alliance), number=number)
    return render(
        request,
        "alliance/agenda/version.html",
        {
            "version": version,
            "content": agenda_content(agenda_snapshot_of(version)),
            "previous_number": number - 1 if number > 1 else None,
        },
    )


@require_safe
@alliance_view("view_agenda")
def agenda_compare(request: HttpRequest, alliance: Alliance) -> HttpResponse:
    """What changed between two versions (`?from=<n>&to=<m>`); without them, the two newest."""
    numbers = list(agenda_version_list(alliance=alliance).values_list("number", flat=True))
    if "from" not in request.GET and "to" not in request.GET:
        if len(numbers) < 2:
            form = AgendaCompareForm(numbers=numbers)
            return render(request, "alliance/agenda/compare.html", {"form": form, "diff": None})
        form = AgendaCompareForm({"from": numbers[1], "to": numbers[0]}, numbers=numbers)
    else:
        form = AgendaCompareForm(request.GET, numbers=numbers)
    if not form.is_valid():
        return render(
            request, "alliance/agenda/compare.html", {"form": form, "diff": None}, status=400
        )
    old, new = agenda_version_pair(
        alliance=alliance,
        first=form.cleaned_data["from_number"],
        second=form.cleaned_data["to_number"],
    )
    if old is None or new is None:  # gone between the two queries: versions are never deleted
        raise Http404
    return render(
        request,
        "alliance/agenda/compare.html",
        {
            "form": form,
            "old": old,
            "new": new,
            "diff": agenda_diff(agenda_snapshot_of(old), agenda_snapshot_of(new)),
        },
    )
