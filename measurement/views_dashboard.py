"""The steering group's dashboard and one indicator's page. Both read only summaries (see
measurement.selectors_dashboard); the views parse the filters and render."""

from __future__ import annotations

from django import forms
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, render
from django.utils.translation import gettext_lazy as _
from django.views.decorators.http import require_safe

from alliance.access import alliance_view
from alliance.models import Alliance

from .periods import FIRST_YEAR, LAST_YEAR
from .selectors_dashboard import (
    dashboard_context,
    indicator_detail_context,
    indicator_for_dashboard,
)


class DashboardFilterForm(forms.Form):
    """The dashboard's GET filters. Only their shape is checked here; the selector checks
    that a focus area or group belongs to the alliance."""

    focus_area = forms.IntegerField(
        required=False,
        min_value=1,
        error_messages={
            "invalid": _("Choose a focus area from the list."),
            "min_value": _("Choose a focus area from the list."),
        },
    )
    workgroup = forms.IntegerField(
        required=False,
        min_value=1,
        error_messages={
            "invalid": _("Choose a working group from the list."),
            "min_value": _("Choose a working group from the list."),
        },
    )
    period = forms.IntegerField(
        required=False,
        min_value=FIRST_YEAR,
        max_value=LAST_YEAR,
        error_messages={
            "invalid": _("Choose a year from the list."),
            "min_value": _("Choose a year from the list."),
            "max_value": _("Choose a year from the list."),
        },
    )


@require_safe
@alliance_view("view_dashboard")
def dashboard(request: HttpRequest, alliance: Alliance) -> HttpResponse:
    """Every indicator as a card per focus area, filtered by focus area, group and period.
    A filter value that cannot be used is ignored and explained (400)."""
    form = DashboardFilterForm(request.GET)
    form.is_valid()
    filters = {name: form.cleaned_data.get(name) for name in form.fields}
    context = dashboard_context(alliance=alliance, membership=request.membership, **filters)
    context["filter_errors"] = [
        *(str(message) for errors in form.errors.values() for message in errors),
        *context["filter_errors"],
    ]
    status = 400 if context["filter_errors"] else 200
    return render(request, "measurement/dashboard.html", context, status=status)


@require_safe
@alliance_view("view_dashboard")
def indicator_detail(request: HttpRequest, alliance: Alliance, pk: int) -> HttpResponse:
    """One indicator: its figures and chart with a table, its definition, its breakdowns and
    the gap between its priority group and the rest."""
    indicator = get_object_or_404(indicator_for_dashboard(alliance=alliance), pk=pk)
    context = indicator_detail_context(
        alliance=alliance, membership=request.membership, indicator=indicator
    )
    return render(request, "measurement/indicator_detail.html", context)
