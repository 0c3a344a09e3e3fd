"""The secretariat defines what the alliance measures: the indicators (with baseline and
targets) and the breakdown dimensions with their values."""

from __future__ import annotations

import copy

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST, require_safe

from alliance.access import alliance_view
from alliance.models import Alliance
from alliance.views.responses import add_service_errors

from .forms_setup import (
    BaselineForm,
    DimensionForm,
    IndicatorForm,
    TargetFormSet,
    ValueFormSet,
    plain_decimal,
    target_formset_initial,
    value_formset_initial,
)
from .models import Dimension, Indicator
from .periods import period_label
from .selectors_review import (
    dimension_get,
    dimension_setup_list,
    indicator_get,
    indicator_setup_list,
)
from .services_setup import (
    TargetLine,
    ValueLine,
    dimension_create,
    dimension_update,
    indicator_create,
    indicator_delete,
    indicator_delete_refusal,
    indicator_targets_update,
    indicator_update,
)


def _url(name: str, alliance: Alliance, **kwargs) -> str:
    return reverse(f"measurement:{name}", kwargs={"alliance_slug": alliance.slug, **kwargs})


def _data(request: HttpRequest):
    return request.POST if request.method == "POST" else None


# ---------------------------------------------------------------------------
# Indicators
# ---------------------------------------------------------------------------


@require_safe
@alliance_view("manage_indicators")
def indicator_list(request: HttpRequest, alliance: Alliance) -> HttpResponse:
    """The alliance's indicators: code, name, unit, frequency, groups, public, data points and
    the status of the latest total."""
    return render(
        request,
        "measurement/setup/indicator_list.html",
        {"indicators": indicator_setup_list(alliance=alliance)},
    )


@require_http_methods(["GET", "POST"])
@alliance_view("manage_indicators")
def indicator_create_view(request: HttpRequest, alliance: Alliance) -> HttpResponse:
    """Define a new indicator."""
    form = IndicatorForm(_data(request), alliance=alliance, instance=Indicator(alliance=alliance))
    if request.method == "POST" and form.is_valid():
        try:
            indicator = indicator_create(
                alliance=alliance, user=request.user, **form.service_data()
            )
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(
                request,
                _("The indicator %(name)s was created. Give it a baseline and targets here.")
                % {"name": indicator.name},
            )
            return redirect(_url("indicator_targets", alliance, pk=indicator.pk))
    return render(
        request, "measurement/setup/indicator_form.html", {"form": form, "indicator": None}
    )


@require_http_methods(["GET", "POST"])
@alliance_view("manage_indicators")
def indicator_edit(request: HttpRequest, alliance: Alliance, pk: int) -> HttpResponse:
    """Change an indicator's definition and links."""
    indicator = indicator_get(alliance=alliance, pk=pk)
    # The form works on a copy, so that a rejected form leaves the page's heading unchanged.
    form = IndicatorForm(_data(request), alliance=alliance, instance=copy.copy(indicator))
    if request.method == "POST" and form.is_valid():
        try:
            indicator_update(indicator=indicator, user=request.user, **form.service_data())
        except ValidationError as error:
            add_service_errors(form, error)
            indicator.refresh_from_db()
        else:
            messages.success(request, _("The indicator was saved."))
            return redirect(_url("indicator_list", alliance))
    return render(
        request,
        "measurement/setup/indicator_form.html",
        {
            "form": form,
            "indicator": indicator,
            "delete_refusal": indicator_delete_refusal(indicator),
        },
    )


@require_POST
@alliance_view("manage_indicators")
def indicator_delete_view(request: HttpRequest, alliance: Alliance, pk: int) -> HttpResponse:
    """Delete an indicator without reported values; refused with a message otherwise."""
    indicator = indicator_get(alliance=alliance, pk=pk)
    try:
        indicator_delete(indicator=indicator, user=request.user)
    except ValidationError as error:
        messages.error(request, error.messages[0])
        return redirect(_url("indicator_edit", alliance, pk=indicator.pk))
    messages.success(request, _("The indicator %(name)s was deleted.") % {"name": indicator.name})
    return redirect(_url("indicator_list", alliance))


@require_http_methods(["GET", "POST"])
@alliance_view("manage_indicators")
def indicator_targets(request: HttpRequest, alliance: Alliance, pk: int) -> HttpResponse:
    """An indicator's baseline and its targets per period (for the total or a breakdown
    value). Saving recomputes its summaries, whose status depends on the targets."""
    indicator = indicator_get(alliance=alliance, pk=pk)
    baseline_form = BaselineForm(
        _data(request),
        indicator=indicator,
        initial={
            "baseline_value": plain_decimal(indicator.baseline_value),
            "baseline_period": indicator.baseline_period,
            "baseline_note": indicator.baseline_note,
        },
    )
    formset = TargetFormSet(
        _data(request),
        indicator=indicator,
        initial=target_formset_initial(indicator),
        prefix="targets",
    )
    if request.method == "POST" and baseline_form.is_valid() and formset.is_valid():
        baseline = baseline_form.cleaned_data
        try:
            indicator_targets_update(
                indicator=indicator,
                user=request.user,
                baseline_value=baseline["baseline_value"],
                baseline_period=baseline["baseline_period"],
                baseline_note=baseline["baseline_note"],
                targets=[TargetLine(**line) for line in formset.target_lines()],
            )
        except ValidationError as error:
            add_service_errors(baseline_form, error)
        else:
            messages.success(
                request,
                _("The baseline and targets were saved. The figures are being updated."),
            )
            return redirect(_url("indicator_targets", alliance, pk=indicator.pk))
    return render(
        request,
        "measurement/setup/indicator_targets.html",
        {
            "indicator": indicator,
            "baseline_form": baseline_form,
            "formset": formset,
            "baseline_label": (
                period_label(indicator.frequency, indicator.baseline_period)
                if indicator.baseline_period
                else None
            ),
        },
    )


# ---------------------------------------------------------------------------
# Breakdown dimensions
# ---------------------------------------------------------------------------


@require_safe
@alliance_view("manage_indicators")
def dimension_list(request: HttpRequest, alliance: Alliance) -> HttpResponse:
    """The alliance's breakdowns with their values and how many indicators use them."""
    return render(
        request,
        "measurement/setup/dimension_list.html",
        {"dimensions": dimension_setup_list(alliance=alliance)},
    )


def _value_lines(formset) -> list[ValueLine]:
    existing = {value.pk: value for value in formset.dimension_values}
    lines = []
    for form in formset.forms:
        data = form.cleaned_data
        if not data:
            continue
        value = existing.get(data.get("value_id"))
        if data.get("value_id") and value is None:
            raise ValidationError({"values": _("A value belongs to another breakdown.")})
        label = (data.get("label") or "").strip()
        if value is None and not label:
            continue
        lines.append(ValueLine(value=value, label=label, delete=bool(data.get("DELETE"))))
    return lines


def _dimension_page(
    request: HttpRequest, alliance: Alliance, dimension: Dimension | None
) -> HttpResponse:
    initial = {"name": dimension.name, "position": dimension.position} if dimension else None
    form = DimensionForm(_data(request), initial=initial)
    formset = ValueFormSet(
        _data(request), initial=value_formset_initial(dimension), prefix="values"
    )
    formset.dimension_values = list(dimension.values.all()) if dimension else []
    if request.method == "POST" and form.is_valid() and formset.is_valid():
        try:
            lines = _value_lines(formset)
            if dimension is None:
                dimension = dimension_create(
                    alliance=alliance,
                    user=request.user,
                    name=form.cleaned_data["name"],
                    position=form.cleaned_data["position"],
                    labels=[line.label for line in lines if not line.delete],
                )
                messages.success(request, _("The breakdown was created."))
            else:
                dimension_update(
                    dimension=dimension,
                    user=request.user,
                    name=form.cleaned_data["name"],
                    position=form.cleaned_data["position"],
                    values=lines,
                )
                messages.success(request, _("The breakdown was saved."))
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            return redirect(_url("dimension_list", alliance))
    return render(
        request,
        "measurement/setup/dimension_form.html",
        {
            "form": form,
            "formset": formset,
            "dimension": dimension,
        },
    )


@require_http_methods(["GET", "POST"])
@alliance_view("manage_indicators")
def dimension_create_view(request: HttpRequest, alliance: Alliance) -> HttpResponse:
    """Define a breakdown dimension with its values."""
    return _dimension_page(request, alliance, None)


@require_http_methods(["GET", "POST"])
@alliance_view("manage_indicators")
def dimension_edit(request: HttpRequest, alliance: Alliance, pk: int) -> HttpResponse:
    """Rename a breakdown and its values (in place), add values, delete unused ones."""
    return _dimension_page(request, alliance, dimension_get(alliance=alliance, pk=pk))
