"""The reinforcement map (steering group and secretariat): goals by activities, partners by
goals, gaps, possible overlaps and the network view; the activities behind one cell; the map as
a spreadsheet. Every page reads the map through one selector, at a fixed number of queries."""

from __future__ import annotations

from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, render
from django.urls import reverse
from django.utils.text import slugify
from django.views.decorators.http import require_safe

from alliance.access import alliance_view
from alliance.models import Alliance, Organisation
from measurement.charts import figure_json
from workgroups.models import WorkGroup

from .exports import map_workbook
from .forms_map import MapCellForm, MapFilterForm
from .map_layout import cell_activities, goal_row, map_layout, network_figure_for
from .selectors_map import ReinforcementMap, reinforcement_map

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


def _filter_form(request: HttpRequest, result: ReinforcementMap) -> MapFilterForm:
    """The filters, their choices taken from the map itself (no queries of their own)."""
    focus_areas = {}
    for row in result.goals:
        focus_areas.setdefault(row.goal.focus_area_id, row.goal.focus_area.title)
    groups = {}
    for activity in sorted(result.activities, key=lambda a: (a.group.name, a.group_id)):
        groups.setdefault(activity.group_id, activity.group.name)
    form = MapFilterForm(
        request.GET or None,
        focus_areas=list(focus_areas.items()),
        groups=list(groups.items()),
    )
    form.is_valid()
    return form


@require_safe
@alliance_view("view_reinforcement_map")
def reinforcement_map_page(request: HttpRequest, alliance: Alliance) -> HttpResponse:
    """The map, filtered by focus area, working group and whether paused activities show."""
    result = reinforcement_map(alliance=alliance)
    form = _filter_form(request, result)
    filters = form.filters()
    layout = map_layout(result, alliance=alliance, filters=filters)
    query = request.GET.urlencode()
    export_url = reverse("initiatives:map_export", kwargs={"alliance_slug": alliance.slug})
    return render(
        request,
        "initiatives/map/map.html",
        {
            "form": form,
            "filters": filters,
            "layout": layout,
            "fixed_columns": 4,
            "network_json": figure_json(network_figure_for(layout)),
            "export_url": f"{export_url}?{query}" if query else export_url,
        },
        status=400 if form.errors else 200,
    )


@require_safe
@alliance_view("view_reinforcement_map")
def map_cell(request: HttpRequest, alliance: Alliance) -> HttpResponse:
    """The activities behind one cell: a goal by a working group, by a partner, or the goal's
    running activities."""
    form = MapCellForm(request.GET)
    if not form.is_valid():
        raise Http404
    data = form.cleaned_data
    group = partner = None
    if data["group"]:
        group = get_object_or_404(WorkGroup, pk=data["group"], alliance=alliance)
    if data["partner"]:
        partner = get_object_or_404(Organisation, pk=data["partner"], alliance=alliance)
    result = reinforcement_map(alliance=alliance)
    row = goal_row(result, data["goal"])
    if row is None:
        raise Http404
    found = cell_activities(
        result,
        alliance=alliance,
        goal_id=data["goal"],
        group_id=group.pk if group else None,
        partner_id=partner.pk if partner else None,
        running_only=data["running"],
        include_paused=data["paused"],
    )
    map_url = reverse("initiatives:map", kwargs={"alliance_slug": alliance.slug})
    return render(
        request,
        "initiatives/map/cell.html",
        {
            "goal_row": row,
            "group": group,
            "partner": partner,
            "running_only": data["running"],
            "include_paused": data["paused"],
            "activities": found,
            "map_url": f"{map_url}?paused=1" if data["paused"] else map_url,
            "on": result.on,
        },
    )


@require_safe
@alliance_view("view_reinforcement_map")
def map_export(request: HttpRequest, alliance: Alliance) -> HttpResponse:
    """The map, with the page's filters, as an XLSX file to download."""
    result = reinforcement_map(alliance=alliance)
    form = _filter_form(request, result)
    layout = map_layout(result, alliance=alliance, filters=form.filters())
    response = HttpResponse(map_workbook(layout), content_type=XLSX)
    name = f"forstaerkningskort-{slugify(alliance.slug)}-{result.on:%Y-%m-%d}.xlsx"
    response["Content-Disposition"] = f'attachment; filename="{name}"'
    return response
