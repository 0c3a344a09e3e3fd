"""The secretariat defines what the alliance measures: indicators (with their baseline and
targets) and the breakdown dimensions with their values.

Each function is one transaction and validates before it saves: everything an indicator is
linked to belongs to its alliance, its priority group is a value of one of its breakdowns, and
nothing that reported values depend on is removed or changed under them (an indicator with data
points cannot be deleted, nor can a breakdown value with data points; the frequency, the
percent-or-not way of reporting and the breakdowns in use stay). Renaming a breakdown value
changes it in place, so its data points follow. Changes that alter what the summaries say
(targets, baseline, aggregation, direction) queue the indicator's recompute after commit.
"""

from __future__ import annotations

import datetime
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from decimal import Decimal

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from alliance.models import Alliance, User

from .models import (
    Aggregation,
    DataPoint,
    Dimension,
    DimensionValue,
    Indicator,
    Target,
    Unit,
)
from .periods import period_label, period_start
from .services import recompute_queue

INDICATOR_FIELDS = (
    "code",
    "name",
    "definition",
    "source",
    "unit",
    "scale_min",
    "scale_max",
    "direction",
    "frequency",
    "kind",
    "aggregation",
    "time_aggregation",
    "priority_value",
    "is_public",
)
TEXT_FIELDS = ("code", "name", "definition", "source")


# ---------------------------------------------------------------------------
# Indicators
# ---------------------------------------------------------------------------


def _check_same_alliance(alliance: Alliance, **related: Iterable) -> dict[str, list]:
    messages = {
        "goals": _("The goals must belong to the same alliance."),
        "focus_areas": _("The focus areas must belong to the same alliance."),
        "workgroups": _("The working groups must belong to the same alliance."),
        "dimensions": _("The breakdowns must belong to the same alliance."),
    }
    checked = {}
    errors = {}
    for name, objects in related.items():
        objects = list(objects)
        if any(obj.alliance_id != alliance.pk for obj in objects):
            errors[name] = [messages[name]]
        checked[name] = objects
    if errors:
        raise ValidationError(errors)
    return checked


def _check_indicator(
    indicator: Indicator, *, dimensions: Sequence[Dimension], original: Indicator | None
) -> None:
    """Checks across fields and rows that the model's own clean() does not make."""
    errors: dict[str, list] = {}
    others = Indicator.objects.filter(alliance_id=indicator.alliance_id)
    if indicator.pk:
        others = others.exclude(pk=indicator.pk)
    if others.filter(name__iexact=indicator.name).exists():
        errors.setdefault("name", []).append(_("Another indicator already has this name."))
    if indicator.code and others.filter(code__iexact=indicator.code).exists():
        errors.setdefault("code", []).append(_("Another indicator already has this code."))
    if (
        indicator.scale_min is not None
        and indicator.scale_max is not None
        and indicator.scale_min >= indicator.scale_max
    ):
        errors.setdefault("scale_max", []).append(
            _("The scale maximum must be above the scale minimum.")
        )
    if indicator.aggregation == Aggregation.RATIO and indicator.unit != Unit.PERCENT:
        errors.setdefault("aggregation", []).append(
            _("A ratio of sums is for indicators measured in percent.")
        )
    priority = indicator.priority_value
    if priority is not None and priority.dimension_id not in {d.pk for d in dimensions}:
        errors.setdefault("priority_value", []).append(
            _("The priority group must be a value of one of the indicator's breakdowns.")
        )
    if original is not None:
        errors_with_data = _changes_refused_with_data(indicator, dimensions, original)
        for name, message in errors_with_data.items():
            errors.setdefault(name, []).append(message)
    if errors:
        raise ValidationError(errors)


def _changes_refused_with_data(
    indicator: Indicator, dimensions: Sequence[Dimension], original: Indicator
) -> dict[str, str]:
    """Changes that would make the indicator's reported values mean something else."""
    data = DataPoint.objects.filter(indicator=original)
    if not data.exists():
        return {}
    errors = {}
    if indicator.frequency != original.frequency:
        errors["frequency"] = _(
            "Values have been reported for this indicator, so its frequency cannot change."
        )
    is_ratio, was_ratio = (
        indicator.aggregation == Aggregation.RATIO,
        original.aggregation == Aggregation.RATIO,
    )
    if is_ratio != was_ratio:
        errors["aggregation"] = _(
            "Values have been reported for this indicator as %(how)s, so it cannot change to "
            "or from a ratio of sums."
        ) % {
            "how": _("numerators and denominators") if was_ratio else _("single values"),
        }
    kept = {d.pk for d in dimensions}
    removed_in_use = sorted(
        {
            name
            for dimension_id, name in data.filter(breakdown__isnull=False)
            .order_by()
            .values_list("breakdown__dimension_id", "breakdown__dimension__name")
            .distinct()
            if dimension_id not in kept
        }
    )
    if removed_in_use:
        errors["dimensions"] = _(
            "Values have been reported by %(names)s, so these breakdowns cannot be removed."
        ) % {"names": ", ".join(removed_in_use)}
    return errors


def _clean_text(fields: dict) -> dict:
    unknown = set(fields) - set(INDICATOR_FIELDS)
    if unknown:
        raise TypeError(f"Unknown indicator fields: {sorted(unknown)}")
    return {
        name: (value or "").strip() if name in TEXT_FIELDS else value
        for name, value in fields.items()
    }


@transaction.atomic
def indicator_create(
    *,
    alliance: Alliance,
    user: User | None,
    goals: Iterable = (),
    focus_areas: Iterable = (),
    workgroups: Iterable = (),
    dimensions: Iterable = (),
    **fields,
) -> Indicator:
    """Define a new indicator of the alliance. `fields` are Indicator fields (INDICATOR_FIELDS);
    the links (goals, focus areas, reporting groups, breakdowns) must be the alliance's own."""
    related = _check_same_alliance(
        alliance,
        goals=goals,
        focus_areas=focus_areas,
        workgroups=workgroups,
        dimensions=dimensions,
    )
    indicator = Indicator(alliance=alliance, **_clean_text(fields))
    _check_indicator(indicator, dimensions=related["dimensions"], original=None)
    indicator.full_clean()
    indicator.save()
    for name, objects in related.items():
        getattr(indicator, name).set(objects)
    return indicator


@transaction.atomic
def indicator_update(
    *,
    indicator: Indicator,
    user: User | None,
    goals: Iterable = (),
    focus_areas: Iterable = (),
    workgroups: Iterable = (),
    dimensions: Iterable = (),
    **fields,
) -> Indicator:
    """Change an indicator's definition and links. Once values are reported, its frequency,
    its way of reporting (ratio or not) and the breakdowns in use cannot change. Queues the
    recompute of its summaries (aggregation, direction and scale decide them)."""
    original = Indicator.objects.select_for_update().get(pk=indicator.pk)
    related = _check_same_alliance(
        original.alliance,
        goals=goals,
        focus_areas=focus_areas,
        workgroups=workgroups,
        dimensions=dimensions,
    )
    fields = _clean_text(fields)
    for name, value in fields.items():
        setattr(indicator, name, value)
    indicator.alliance_id = original.alliance_id
    _check_indicator(indicator, dimensions=related["dimensions"], original=original)
    indicator.full_clean()
    indicator.save(update_fields=[*fields, "updated_at"])
    for name, objects in related.items():
        getattr(indicator, name).set(objects)
    recompute_queue([indicator.pk])
    return indicator


def indicator_delete_refusal(indicator: Indicator) -> str | None:
    """Why the indicator cannot be deleted, or None when it can."""
    count = DataPoint.objects.filter(indicator=indicator).count()
    if count:
        return _(
            "%(name)s has %(count)s reported values, so it cannot be deleted: its history "
            "would be lost. Remove its reporting groups instead if it is no longer reported."
        ) % {"name": indicator.name, "count": count}
    return None


@transaction.atomic
def indicator_delete(*, indicator: Indicator, user: User | None) -> None:
    """Delete an indicator nobody has reported values for (with its targets and summaries)."""
    indicator = Indicator.objects.select_for_update().get(pk=indicator.pk)
    refusal = indicator_delete_refusal(indicator)
    if refusal:
        raise ValidationError(refusal, code="has_data")
    indicator.delete()


# ---------------------------------------------------------------------------
# Baseline and targets
# ---------------------------------------------------------------------------


@dataclass(frozen=True)
class TargetLine:
    """One target as entered: the period (any day in it), the breakdown value or None for the
    total, the target value."""

    period: datetime.date
    breakdown: DimensionValue | None
    value: Decimal


def _check_figure(indicator: Indicator, value: Decimal) -> str | None:
    if indicator.unit in (Unit.COUNT, Unit.HOURS, Unit.CURRENCY) and value < 0:
        return _("The value cannot be negative.")
    if indicator.unit == Unit.PERCENT and not 0 <= value <= 100:
        return _("A percent is between 0 and 100.")
    if indicator.unit == Unit.MEAN_SCORE and (
        (indicator.scale_min is not None and value < indicator.scale_min)
        or (indicator.scale_max is not None and value > indicator.scale_max)
    ):
        return _("The score must be on the scale from %(low)s to %(high)s.") % {
            "low": indicator.scale_min,
            "high": indicator.scale_max,
        }
    return None


@transaction.atomic
def indicator_targets_update(
    *,
    indicator: Indicator,
    user: User | None,
    baseline_value: Decimal | None,
    baseline_period: datetime.date | None,
    baseline_note: str = "",
    targets: Sequence[TargetLine],
) -> list[Target]:
    """Set an indicator's baseline and replace its targets with `targets` (one per period and
    breakdown value or total). Queues the recompute of its summaries, whose status depends on
    the targets. Errors name the line (1-based) in the key "targets"."""
    indicator = Indicator.objects.select_for_update().get(pk=indicator.pk)
    errors: dict[str, list] = {}
    if baseline_value is not None and baseline_period is None:
        errors.setdefault("baseline_period", []).append(_("Give the period of the baseline."))
    if baseline_value is None and baseline_period is not None:
        errors.setdefault("baseline_value", []).append(_("Give the baseline value."))
    if baseline_value is not None and (problem := _check_figure(indicator, baseline_value)):
        errors.setdefault("baseline_value", []).append(problem)
    dimension_ids = set(indicator.dimensions.values_list("pk", flat=True))
    seen: set[tuple] = set()
    rows = []
    for number, line in enumerate(targets, start=1):
        period = period_start(indicator.frequency, line.period)
        problems = []
        if line.breakdown is not None and line.breakdown.dimension_id not in dimension_ids:
            problems.append(
                _("%(value)s is not a value of the indicator's breakdowns.")
                % {"value": line.breakdown}
            )
        if problem := _check_figure(indicator, line.value):
            problems.append(problem)
        key = (period, line.breakdown.pk if line.breakdown else None)
        if key in seen:
            problems.append(
                _("There is already a target for %(period)s and %(breakdown)s.")
                % {
                    "period": period_label(indicator.frequency, period),
                    "breakdown": line.breakdown.label if line.breakdown else _("the total"),
                }
            )
        seen.add(key)
        for problem in problems:
            errors.setdefault("targets", []).append(
                _("Target %(number)s: %(problem)s") % {"number": number, "problem": problem}
            )
        rows.append(
            Target(indicator=indicator, period=period, breakdown=line.breakdown, value=line.value)
        )
    if errors:
        raise ValidationError(errors)
    indicator.baseline_value = baseline_value
    indicator.baseline_period = (
        period_start(indicator.frequency, baseline_period) if baseline_period else None
    )
    indicator.baseline_note = (baseline_note or "").strip()
    indicator.full_clean()
    indicator.save(
        update_fields=["baseline_value", "baseline_period", "baseline_note", "updated_at"]
    )
    # Replaced as a whole: targets have no history, and moving one target to another's
    # period must not collide with the one-target-per-period constraint half-way.
    indicator.targets.all().delete()
    for row in rows:
        row.full_clean(validate_constraints=False)
    created = Target.objects.bulk_create(rows)
    recompute_queue([indicator.pk])
    return created


# ---------------------------------------------------------------------------
# Breakdown dimensions and their values
# ---------------------------------------------------------------------------


@dataclass(frozen=True)
class ValueLine:
    """One value of a dimension as edited: the existing value (None for a new one), its label,
    and whether it is to be deleted."""

    value: DimensionValue | None
    label: str
    delete: bool = False


def _check_dimension_name(alliance: Alliance, name: str, dimension: Dimension | None) -> str:
    name = (name or "").strip()
    others = Dimension.objects.filter(alliance=alliance)
    if dimension is not None:
        others = others.exclude(pk=dimension.pk)
    if not name:
        raise ValidationError({"name": _("Give the breakdown a name.")})
    if others.filter(name__iexact=name).exists():
        raise ValidationError({"name": _("Another breakdown already has this name.")})
    return name


def _check_labels(labels: Sequence[str]) -> None:
    seen: set[str] = set()
    errors = []
    for label in labels:
        if label.casefold() in seen:
            errors.append(_("“%(label)s” appears twice.") % {"label": label})
        seen.add(label.casefold())
    if errors:
        raise ValidationError({"values": errors})


@transaction.atomic
def dimension_create(
    *, alliance: Alliance, user: User | None, name: str, position: int = 1, labels: Sequence[str]
) -> Dimension:
    """Define a breakdown dimension (gender, age band, school...) with its values, in order."""
    name = _check_dimension_name(alliance, name, None)
    labels = [label.strip() for label in labels if label and label.strip()]
    _check_labels(labels)
    dimension = Dimension(alliance=alliance, name=name, position=position)
    dimension.full_clean()
    dimension.save()
    values = [
        DimensionValue(dimension=dimension, label=label, position=number)
        for number, label in enumerate(labels, start=1)
    ]
    for value in values:
        value.full_clean(validate_constraints=False)
    DimensionValue.objects.bulk_create(values)
    return dimension


def _delete_refusals(values: Sequence[DimensionValue]) -> list[str]:
    if not values:
        return []
    in_use = set(
        DataPoint.objects.filter(breakdown__in=values).values_list("breakdown_id", flat=True)
    )
    priority_of = dict(
        Indicator.objects.filter(priority_value__in=values).values_list("priority_value_id", "name")
    )
    refusals = []
    for value in values:
        if value.pk in in_use:
            refusals.append(
                _(
                    "“%(label)s” has reported values, so it cannot be deleted. "
                    "Rename it instead if its name is wrong."
                )
                % {"label": value.label}
            )
        elif value.pk in priority_of:
            refusals.append(
                _(
                    "“%(label)s” is the priority group of %(indicator)s; choose another "
                    "priority group there first."
                )
                % {"label": value.label, "indicator": priority_of[value.pk]}
            )
    return refusals


@transaction.atomic
def dimension_update(
    *,
    dimension: Dimension,
    user: User | None,
    name: str,
    position: int = 1,
    values: Sequence[ValueLine],
) -> Dimension:
    """Rename a dimension and edit its values: a changed label renames the value in place (its
    data points and targets follow), a new line adds one, a deleted line removes one (refused
    when values were reported for it or it is an indicator's priority group). The order of
    `values` becomes the order of the values."""
    dimension = Dimension.objects.select_for_update().get(pk=dimension.pk)
    name = _check_dimension_name(dimension.alliance, name, dimension)
    existing = {value.pk: value for value in dimension.values.all()}
    if any(line.value is not None and line.value.pk not in existing for line in values):
        raise ValidationError({"values": _("A value belongs to another breakdown.")})
    kept = [line for line in values if not line.delete and (line.label or "").strip()]
    doomed = [existing[line.value.pk] for line in values if line.value is not None and line.delete]
    # An existing value whose label was emptied counts as deleted too.
    doomed += [
        existing[line.value.pk]
        for line in values
        if line.value is not None and not line.delete and not (line.label or "").strip()
    ]
    mentioned = {line.value.pk for line in values if line.value is not None}
    _check_labels(
        [line.label.strip() for line in kept]
        + [value.label for pk, value in existing.items() if pk not in mentioned]
    )
    refusals = _delete_refusals(doomed)
    if refusals:
        raise ValidationError({"values": refusals})

    dimension.name = name
    dimension.position = position
    dimension.full_clean()
    dimension.save(update_fields=["name", "position"])
    DimensionValue.objects.filter(pk__in=[value.pk for value in doomed]).delete()
    # Two steps, so that swapping two labels does not collide with the unique label.
    changed = []
    for number, line in enumerate(kept, start=1):
        if line.value is None:
            continue
        value = existing[line.value.pk]
        if value.label != line.label.strip() or value.position != number:
            value.label = f"\u2060{value.pk}"  # a placeholder no one can type
            value.save(update_fields=["label"])
            changed.append((value, line.label.strip(), number))
    for value, label, number in changed:
        value.label = label
        value.position = number
        value.full_clean(validate_constraints=False)
        value.save(update_fields=["label", "position"])
    new = [
        DimensionValue(dimension=dimension, label=line.label.strip(), position=number)
        for number, line in enumerate(kept, start=1)
        if line.value is None
    ]
    for value in new:
        value.full_clean(validate_constraints=False)
    DimensionValue.objects.bulk_create(new)
    return dimension
