"""Changes to activities and their logs. Each function is one transaction and raises
ValidationError with a message for the user; permission checks are the caller's, through
initiatives.permissions.

A log entry feeds the activity's performance measures: after every change to a log, the
figures of the measurement periods it touches are computed again from all the logs and saved as
submitted data points in measurement (through measurement's own service), so the numbers are
entered once. The key of a data point is (indicator, period, organisation, breakdown); the
organisation is the activity's lead partner, so two activities of one lead organisation that
feed the same indicator add up in one data point."""

from __future__ import annotations

import datetime
from collections.abc import Iterable, Mapping
from decimal import Decimal

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Count, Q, Sum
from django.utils.translation import gettext

from alliance.models import Alliance, FocusArea, Goal, Organisation
from alliance.services.history import as_actor
from measurement.models import Aggregation, DimensionValue, Indicator, IndicatorKind, Unit
from measurement.periods import period_end, period_start
from measurement.services import KeyChecks, datapoint_save
from workgroups.models import WorkGroup

from .models import (
    Activity,
    ActivityEducation,
    ActivityGoal,
    ActivityLog,
    ActivityLogBreakdown,
    ActivityMeasure,
    ActivityPartner,
    Area,
    EducationType,
    GoalStrength,
    MeasureSource,
    PartnerRole,
)

MEASURE_KINDS = frozenset(
    {IndicatorKind.HOW_MUCH, IndicatorKind.HOW_WELL, IndicatorKind.BETTER_OFF}
)
COUNT_SOURCES = frozenset(
    {MeasureSource.PARTICIPANTS, MeasureSource.NEW_PARTICIPANTS, MeasureSource.SESSIONS}
)

ACTIVITY_FIELDS = (
    "title",
    "description",
    "status",
    "starts_on",
    "ends_on",
    "recurrence",
    "place",
    "age_min",
    "age_max",
    "aims_at_priority_group",
    "hours_committed",
    "money_committed",
    "is_co_planned_by_youth",
    "is_public",
)


def _check_same_alliance(alliance: Alliance, rows: Iterable, field: str) -> None:
    if any(row.alliance_id != alliance.pk for row in rows):
        raise ValidationError({field: gettext("Choose among the alliance's own.")})


def _check_measures(measures: Mapping[Indicator, str], partners: Mapping) -> None:
    errors = []
    for indicator, source in measures.items():
        if indicator.kind not in MEASURE_KINDS:
            errors.append(
                gettext(
                    "%(indicator)s is a population indicator; an activity's measures are "
                    "how much, how well or better off."
                )
                % {"indicator": indicator.name}
            )
        elif source == MeasureSource.SATISFIED_SHARE and indicator.aggregation != Aggregation.RATIO:
            errors.append(
                gettext("%(indicator)s is not a share: it cannot take the satisfied answers.")
                % {"indicator": indicator.name}
            )
        elif source in COUNT_SOURCES and (
            indicator.aggregation != Aggregation.SUM or indicator.unit != Unit.COUNT
        ):
            errors.append(
                gettext("%(indicator)s does not count: it cannot take a number of people.")
                % {"indicator": indicator.name}
            )
    if measures and PartnerRole.LEAD not in set(partners.values()):
        errors.append(
            gettext("An activity with performance measures needs a lead partner to report for.")
        )
    if errors:
        raise ValidationError({"measures": errors})


@transaction.atomic
def activity_save(
    *,
    alliance: Alliance,
    user,
    group: WorkGroup,
    activity: Activity | None = None,
    goals: Mapping[Goal, str] | None = None,
    partners: Mapping[Organisation, str] | None = None,
    focus_areas: Iterable[FocusArea] = (),
    areas: Iterable[Area] = (),
    education_types: Iterable[str] = (),
    measures: Mapping[Indicator, str] | None = None,
    **fields,
) -> Activity:
    """Create an activity, or change one, with its goals (goal -> main/contributing), partners
    (organisation -> role, at most one lead), focus areas, target areas, education types and
    performance measures (indicator -> the log figure that feeds it)."""
    unknown = set(fields) - set(ACTIVITY_FIELDS)
    if unknown:
        raise TypeError(f"Unknown activity fields: {sorted(unknown)}")
    goals = dict(goals or {})
    partners = dict(partners or {})
    measures = dict(measures or {})
    focus_areas, areas = list(focus_areas), list(areas)
    education_types = sorted(set(education_types))
    if group.alliance_id != alliance.pk:
        raise ValidationError({"group": gettext("Choose one of the alliance's groups.")})
    if group.is_archived:
        raise ValidationError({"group": gettext("The group is archived.")})
    _check_same_alliance(alliance, goals, "goals")
    _check_same_alliance(alliance, partners, "partners")
    _check_same_alliance(alliance, focus_areas, "focus_areas")
    _check_same_alliance(alliance, areas, "areas")
    _check_same_alliance(alliance, measures, "measures")
    if any(strength not in GoalStrength.values for strength in goals.values()):
        raise ValidationError({"goals": gettext("Choose main goal or contributes.")})
    if any(role not in PartnerRole.values for role in partners.values()):
        raise ValidationError({"partners": gettext("Choose the partner's role.")})
    if list(partners.values()).count(PartnerRole.LEAD) > 1:
        raise ValidationError({"partners": gettext("An activity has one lead partner.")})
    if any(code not in EducationType.values for code in education_types):
        raise ValidationError({"education_types": gettext("Choose among the education types.")})
    if any(source not in MeasureSource.values for source in measures.values()):
        raise ValidationError({"measures": gettext("Choose what feeds the measure.")})
    _check_measures(measures, partners)

    if activity is None:
        activity = Activity(alliance=alliance, created_by=user)
    elif activity.alliance_id != alliance.pk:
        raise ValueError("the activity belongs to another alliance")
    activity.group = group
    for name, value in fields.items():
        setattr(activity, name, value)
    activity.full_clean()
    as_actor(activity, user)
    activity.save()

    activity.focus_areas.set(focus_areas)
    activity.areas.set(areas)
    ActivityEducation.objects.filter(activity=activity).exclude(
        education_type__in=education_types
    ).delete()
    kept = set(activity.education_types.values_list("education_type", flat=True))
    ActivityEducation.objects.bulk_create(
        ActivityEducation(activity=activity, education_type=code)
        for code in education_types
        if code not in kept
    )
    _sync(
        ActivityGoal,
        activity,
        "goal",
        {goal.pk: strength for goal, strength in goals.items()},
        "strength",
    )
    _sync(
        ActivityPartner,
        activity,
        "organisation",
        {organisation.pk: role for organisation, role in partners.items()},
        "role",
    )
    _sync(
        ActivityMeasure,
        activity,
        "indicator",
        {indicator.pk: source for indicator, source in measures.items()},
        "source",
    )
    return activity


def _sync(model, activity: Activity, key: str, wanted: dict[int, str], attribute: str) -> None:
    """Make the activity's rows of `model` be `wanted` (related id -> attribute value)."""
    current = {getattr(row, f"{key}_id"): row for row in model.objects.filter(activity=activity)}
    model.objects.filter(
        pk__in=[row.pk for pk, row in current.items() if pk not in wanted]
    ).delete()
    for related_id, value in wanted.items():
        row = current.get(related_id)
        if row is None:
            model.objects.create(activity=activity, **{f"{key}_id": related_id, attribute: value})
        elif getattr(row, attribute) != value:
            setattr(row, attribute, value)
            row.save(update_fields=[attribute])


# --- the log -----------------------------------------------------------------------------------


@transaction.atomic
def activity_log_save(
    *,
    activity: Activity,
    user,
    held_on: datetime.date,
    participants_new: int = 0,
    participants_returning: int = 0,
    note: str = "",
    satisfaction_answers: int = 0,
    satisfaction_positive: int = 0,
    breakdowns: Mapping[DimensionValue, int] | None = None,
    log: ActivityLog | None = None,
) -> ActivityLog:
    """Record what happened at a session (or change a record), then feed the activity's
    performance measures for the periods the record was and is in.

    The participants by breakdown value may not add up to more than the participants within one
    breakdown. Raises ValidationError when a measure's period is locked: nothing is saved then."""
    breakdowns = {value: count for value, count in (breakdowns or {}).items() if count}
    previous_day = None
    if log is None:
        log = ActivityLog(activity=activity)
    else:
        if log.activity_id != activity.pk:
            raise ValueError("the log belongs to another activity")
        previous_day = log.held_on
    log.held_on = held_on
    log.participants_new = participants_new
    log.participants_returning = participants_returning
    log.note = note.strip()
    log.satisfaction_answers = satisfaction_answers
    log.satisfaction_positive = satisfaction_positive
    log.logged_by = log.logged_by or user
    total = participants_new + participants_returning
    per_dimension: dict[int, int] = {}
    for value, count in breakdowns.items():
        if count < 0:
            raise ValidationError({"breakdowns": gettext("A number cannot be negative.")})
        per_dimension[value.dimension_id] = per_dimension.get(value.dimension_id, 0) + count
    if any(count > total for count in per_dimension.values()):
        raise ValidationError(
            {
                "breakdowns": gettext(
                    "The participants by breakdown add up to more than the participants."
                )
            }
        )
    log.full_clean()
    as_actor(log, user)
    log.save()
    log.breakdowns.all().delete()
    ActivityLogBreakdown.objects.bulk_create(
        ActivityLogBreakdown(log=log, value=value, participants=count)
        for value, count in breakdowns.items()
    )
    days = {held_on} if previous_day is None else {held_on, previous_day}
    measures_feed(activity=activity, user=user, days=days)
    return log


@transaction.atomic
def activity_log_delete(*, log: ActivityLog, user) -> None:
    """Delete a log entry and feed the measures of its period again."""
    activity, day = log.activity, log.held_on
    as_actor(log, user)
    log.delete()
    measures_feed(activity=activity, user=user, days={day})


def _lead_organisation(activity: Activity) -> Organisation | None:
    lead = (
        ActivityPartner.objects.filter(activity=activity, role=PartnerRole.LEAD)
        .select_related("organisation")
        .first()
    )
    return lead.organisation if lead else None


def measures_feed(*, activity: Activity, user, days: Iterable[datetime.date]) -> None:
    """Compute the figures of the activity's measures for the periods holding `days` from every
    log of the lead organisation's activities that feed the same indicator, and save them as
    submitted data points (a submitted value waiting for approval takes the new figures)."""
    measures = list(activity.measures.select_related("indicator"))
    if not measures:
        return
    organisation = _lead_organisation(activity)
    if organisation is None:
        return
    checks = KeyChecks(None)
    for measure in measures:
        indicator = measure.indicator
        for period in sorted({period_start(indicator.frequency, day) for day in days}):
            _feed_one(
                indicator=indicator,
                organisation=organisation,
                period=period,
                user=user,
                checks=checks,
            )


def _feed_one(
    *, indicator: Indicator, organisation: Organisation, period: datetime.date, user, checks
) -> None:
    last_day = period_end(indicator.frequency, period)
    feeding = ActivityMeasure.objects.filter(
        indicator=indicator,
        activity__partners__organisation=organisation,
        activity__partners__role=PartnerRole.LEAD,
    ).values_list("activity_id", "source")
    sources: dict[int, str] = dict(feeding)
    logs = ActivityLog.objects.filter(
        activity_id__in=list(sources), held_on__gte=period, held_on__lte=last_day
    )
    comment = gettext("From the activity log.")
    if indicator.aggregation == Aggregation.RATIO:
        ratio_ids = [
            pk for pk, source in sources.items() if source == MeasureSource.SATISFIED_SHARE
        ]
        figures = logs.filter(activity_id__in=ratio_ids).aggregate(
            numerator=Sum("satisfaction_positive"), denominator=Sum("satisfaction_answers")
        )
        if not figures["denominator"]:
            return  # nobody answered: there is no share to report
        datapoint_save(
            indicator=indicator,
            user=user,
            organisation=organisation,
            period=period,
            numerator=Decimal(figures["numerator"] or 0),
            denominator=Decimal(figures["denominator"]),
            respondents=figures["denominator"],
            comment=comment,
            submit=True,
            checks=checks,
            update_submitted=True,
        )
        return
    per_activity = {
        row["activity_id"]: row
        for row in logs.values("activity_id").annotate(
            sessions=Count("pk"),
            new=Sum("participants_new"),
            returning=Sum("participants_returning"),
        )
    }
    total = 0
    for activity_id, source in sources.items():
        row = per_activity.get(activity_id)
        if row is None:
            continue
        if source == MeasureSource.SESSIONS:
            total += row["sessions"]
        elif source == MeasureSource.NEW_PARTICIPANTS:
            total += row["new"] or 0
        else:
            total += (row["new"] or 0) + (row["returning"] or 0)
    datapoint_save(
        indicator=indicator,
        user=user,
        organisation=organisation,
        period=period,
        value=Decimal(total),
        comment=comment,
        submit=True,
        checks=checks,
        update_submitted=True,
    )
    participant_ids = [pk for pk, source in sources.items() if source == MeasureSource.PARTICIPANTS]
    dimension_ids = set(indicator.dimensions.values_list("pk", flat=True))
    if not participant_ids or not dimension_ids:
        return
    by_value = dict(
        ActivityLogBreakdown.objects.filter(
            log__in=logs.filter(activity_id__in=participant_ids),
            value__dimension_id__in=dimension_ids,
        )
        .values("value_id")
        .annotate(n=Sum("participants"))
        .values_list("value_id", "n")
    )
    # Every value of the indicator's breakdowns gets its figure, zero included, so that a value
    # whose participants were all moved elsewhere does not keep its old count.
    for value in (
        DimensionValue.objects.filter(dimension_id__in=dimension_ids)
        .filter(
            Q(pk__in=list(by_value))
            | Q(
                data_points__indicator=indicator,
                data_points__organisation=organisation,
                data_points__period=period,
            )
        )
        .distinct()
    ):
        datapoint_save(
            indicator=indicator,
            user=user,
            organisation=organisation,
            period=period,
            breakdown=value,
            value=Decimal(by_value.get(value.pk, 0)),
            comment=comment,
            submit=True,
            checks=checks,
            update_submitted=True,
        )


# --- areas -------------------------------------------------------------------------------------


@transaction.atomic
def area_save(*, alliance: Alliance, name: str, area: Area | None = None) -> Area:
    """Add an area of the alliance, or rename one. The name must be free within the alliance;
    a new area goes last."""
    name = " ".join(name.split())
    if not name:
        raise ValidationError({"name": gettext("Enter a name.")})
    taken = Area.objects.filter(alliance=alliance, name__iexact=name)
    if area is not None:
        if area.alliance_id != alliance.pk:
            raise ValueError("the area belongs to another alliance")
        taken = taken.exclude(pk=area.pk)
    if taken.exists():
        raise ValidationError(
            {
                "name": gettext("The alliance already has an area called “%(name)s”.")
                % {"name": name}
            }
        )
    if area is None:
        last = Area.objects.filter(alliance=alliance).order_by("-position").first()
        area = Area(alliance=alliance, position=(last.position + 1) if last else 1)
        area.name = name
        area.full_clean()
        area.save()
    else:
        area.name = name
        area.full_clean()
        area.save(update_fields=["name"])
    return area
