"""Reads for the staff pages on youth input: the list, one input, the overdue list, the inputs
on a group's page, and the choices of the forms. Every read starts from
youth_voice.permissions.inputs_visible_to, so nobody reads an input they may not see."""

from __future__ import annotations

import datetime
from collections.abc import Iterable
from dataclasses import dataclass

from django.db.models import Case, F, IntegerField, Q, QuerySet, Value, When
from django.http import Http404
from django.utils import timezone

from alliance.models import Alliance, Membership
from alliance.permissions import has_capability
from initiatives.models import Activity
from workgroups.models import Decision, Meeting, MinutesStatus, WorkGroup
from workgroups.selectors_groups import viewable_group_ids

from .models import CLOSED_STATUSES, InputEvent, InputStatus, YouthInput
from .permissions import inputs_visible_to

WAITING_STATUSES = (InputStatus.RECEIVED, InputStatus.CONSIDERING, InputStatus.ROUTED)
GROUP_PAGE_SHOWN = 20


def _ordered(inputs: QuerySet[YouthInput]) -> QuerySet[YouthInput]:
    """Open inputs before closed ones; earliest deadline first, inputs without one after;
    then the oldest first."""
    is_closed = Case(
        When(status__in=CLOSED_STATUSES, then=Value(1)),
        default=Value(0),
        output_field=IntegerField(),
    )
    return (
        inputs.select_related("focus_area", "routed_group")
        .annotate(closed_last=is_closed)
        .order_by("closed_last", F("answer_due").asc(nulls_last=True), "created_at", "pk")
    )


def overdue_q(today: datetime.date) -> Q:
    return Q(answer_due__lt=today, status__in=WAITING_STATUSES)


def staff_inputs(
    *,
    user,
    membership: Membership | None,
    status: str = "",
    kind: str = "",
    focus_area=None,
    group: WorkGroup | None = None,
    waiting: bool = False,
    overdue: bool = False,
    today: datetime.date | None = None,
) -> QuerySet[YouthInput]:
    """The inputs the person may see, filtered, earliest deadline first. One query."""
    today = today or timezone.localdate()
    inputs = inputs_visible_to(user, membership)
    if status:
        inputs = inputs.filter(status=status)
    if kind:
        inputs = inputs.filter(kind=kind)
    if focus_area is not None:
        inputs = inputs.filter(focus_area=focus_area)
    if group is not None:
        inputs = inputs.filter(routed_group=group)
    if waiting:
        inputs = inputs.filter(status__in=WAITING_STATUSES)
    if overdue:
        inputs = inputs.filter(overdue_q(today))
    return _ordered(inputs)


@dataclass(frozen=True)
class StatusCount:
    status: str
    label: str
    count: int


def status_counts(*, user, membership: Membership | None) -> list[StatusCount]:
    """How many of the visible inputs are at each status, in the order of the flow."""
    counts: dict[str, int] = {}
    for status in inputs_visible_to(user, membership).values_list("status", flat=True):
        counts[status] = counts.get(status, 0) + 1
    return [
        StatusCount(status=value, label=str(label), count=counts.get(value, 0))
        for value, label in InputStatus.choices
    ]


def with_overdue_days(
    inputs: Iterable[YouthInput], *, today: datetime.date | None = None
) -> list[YouthInput]:
    """The inputs with `days_overdue` set: days past the deadline while waiting, else 0."""
    today = today or timezone.localdate()
    result = []
    for youth_input in inputs:
        youth_input.days_overdue = (
            (today - youth_input.answer_due).days
            if youth_input.answer_due
            and youth_input.answer_due < today
            and youth_input.status in WAITING_STATUSES
            else 0
        )
        result.append(youth_input)
    return result


def input_for_staff(*, user, membership: Membership | None, pk: int) -> YouthInput:
    """One input the person may see, or 404."""
    youth_input = (
        inputs_visible_to(user, membership)
        .select_related(
            "alliance",
            "focus_area",
            "area",
            "activity",
            "routed_group",
            "answered_by",
            "decision__meeting__group",
            "led_to_activity",
            "agenda_item__meeting",
            "user",
        )
        .filter(pk=pk)
        .first()
    )
    if youth_input is None:
        raise Http404
    return youth_input


def input_events(youth_input: YouthInput) -> QuerySet[InputEvent]:
    return (
        InputEvent.objects.filter(input=youth_input)
        .select_related("by")
        .order_by("created_at", "pk")
    )


def overdue_for(
    *, user, membership: Membership | None, today: datetime.date | None = None
) -> QuerySet[YouthInput]:
    """The visible inputs past their deadline and not answered, by group then deadline: all
    for the secretariat, the groups they sit in for coordinators."""
    today = today or timezone.localdate()
    return (
        inputs_visible_to(user, membership)
        .filter(overdue_q(today), routed_group__isnull=False)
        .select_related("focus_area", "routed_group")
        .order_by("routed_group__name", "answer_due", "pk")
    )


def overdue_all(*, today: datetime.date) -> QuerySet[YouthInput]:
    """Every alliance's routed, approved inputs past their deadline (for the daily reminder)."""
    from .permissions import APPROVED

    return (
        YouthInput.objects.filter(
            overdue_q(today),
            routed_group__isnull=False,
            routed_group__is_archived=False,
            moderation__in=APPROVED,
        )
        .select_related("alliance", "routed_group")
        .order_by("alliance_id", "routed_group_id", "answer_due", "pk")
    )


def group_inputs_for(*, user, membership: Membership | None, group: WorkGroup) -> list[YouthInput]:
    """The inputs sent to the group that the person may see: waiting ones first."""
    inputs = (
        inputs_visible_to(user, membership)
        .filter(routed_group=group)
        .select_related("focus_area")
        .order_by(F("closed_at").desc(nulls_first=True), F("answer_due").asc(nulls_last=True))
    )
    return with_overdue_days(inputs[:GROUP_PAGE_SHOWN])


# --- form choices ------------------------------------------------------------------------


def route_group_choices(*, alliance: Alliance) -> QuerySet[WorkGroup]:
    """The alliance's active groups, the steering group first."""
    return WorkGroup.objects.filter(alliance=alliance, is_archived=False).order_by("kind", "name")


def decision_choices(
    *, user, membership: Membership | None, youth_input: YouthInput
) -> QuerySet[Decision]:
    """Decisions of published minutes in the input's group or any group the person may see."""
    group_ids = viewable_group_ids(user=user, membership=membership, alliance=youth_input.alliance)
    if youth_input.routed_group_id:
        group_ids.add(youth_input.routed_group_id)
    return (
        Decision.objects.filter(
            meeting__group_id__in=group_ids,
            meeting__group__alliance=youth_input.alliance,
            meeting__minutes_status=MinutesStatus.PUBLISHED,
        )
        .select_related("meeting__group")
        .order_by("-meeting__starts_at", "pk")
    )


def activity_choices(*, alliance: Alliance) -> QuerySet[Activity]:
    return Activity.objects.filter(alliance=alliance).order_by("title", "pk")


def meeting_choices(
    *, youth_input: YouthInput, now: datetime.datetime | None = None
) -> QuerySet[Meeting]:
    """Upcoming meetings of the input's group that are not cancelled, minutes not published."""
    if youth_input.routed_group_id is None:
        return Meeting.objects.none()
    return (
        Meeting.objects.filter(group_id=youth_input.routed_group_id)
        .upcoming(now)
        .exclude(minutes_status=MinutesStatus.PUBLISHED)
        .order_by("starts_at", "pk")
    )


def is_secretariat(membership: Membership | None) -> bool:
    return membership is not None and has_capability(membership, "manage_youth_portal")
