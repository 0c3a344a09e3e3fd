"""Reads for the youth portal's anonymous pages: finding an input by its receipt code or
private link, what the follow page shows, and the choices of the input form.

A lookup answers None alike for a malformed code, an unknown one, one of another alliance and
an erased input, so the pages cannot tell them apart.
"""

from __future__ import annotations

from dataclasses import dataclass

from django.db.models import QuerySet
from django.utils.translation import gettext_lazy as _

from alliance.models import Alliance, FocusArea
from initiatives.models import Activity, Area
from initiatives.selectors import UPCOMING_STATUSES

from .codes import link_hash, normalise_code, receipt_hash
from .models import Consent, InputEvent, InputStatus, YouthInput

TOKEN_MAX = 64


def input_by_code(*, alliance: Alliance, code: str) -> YouthInput | None:
    """The alliance's input with this receipt code (as typed), or None."""
    normalised = normalise_code(code)
    if not normalised:
        return None
    return YouthInput.objects.filter(
        alliance=alliance, receipt_hash=receipt_hash(normalised)
    ).first()


def input_by_token(*, alliance: Alliance, token: str) -> YouthInput | None:
    """The alliance's input with this private link token, or None."""
    if not token or len(token) > TOKEN_MAX:
        return None
    return (
        YouthInput.objects.select_related(
            "alliance",
            "focus_area",
            "area",
            "activity",
            "routed_group",
            "decision__meeting",
            "led_to_activity",
        )
        .filter(alliance=alliance, link_hash=link_hash(token))
        .first()
    )


# The way an input goes, as the young person sees it; a closed input ends in one of the last two.
STATUS_FLOW = (
    InputStatus.RECEIVED,
    InputStatus.CONSIDERING,
    InputStatus.ROUTED,
    InputStatus.ANSWERED,
)


@dataclass(frozen=True)
class TimelineStep:
    status: str
    label: str
    is_done: bool
    is_current: bool
    at: object  # datetime of the step's event, or None
    note: str
    group_name: str


def input_timeline(youth_input: YouthInput) -> list[TimelineStep]:
    """The steps of the input's way: those it reached (with when and the note), then those
    still ahead. Sending to a group is a step only when it happened."""
    reached: dict[str, InputEvent] = {}
    for event in InputEvent.objects.filter(input=youth_input).order_by("created_at", "pk"):
        reached[event.status] = event
    current = youth_input.status
    flow = [*STATUS_FLOW, current if youth_input.is_closed else "closed"]
    current_index = flow.index(current) if current in flow else 0
    group_name = youth_input.routed_group.name if youth_input.routed_group_id else ""
    steps = []
    for index, status in enumerate(flow):
        event = reached.get(status)
        is_done = index <= current_index
        if index < current_index and event is None:
            continue
        if not is_done and status == InputStatus.ROUTED:
            continue
        label = (
            str(_("Done or not possible")) if status == "closed" else str(InputStatus(status).label)
        )
        steps.append(
            TimelineStep(
                status=status,
                label=label,
                is_done=is_done,
                is_current=index == current_index,
                at=event.created_at if event else None,
                note=event.note if event else "",
                group_name=group_name if status == InputStatus.ROUTED else "",
            )
        )
    return steps


def input_consents(youth_input: YouthInput) -> list[Consent]:
    return list(Consent.objects.filter(input=youth_input).order_by("created_at", "pk"))


def focus_areas_for_portal(alliance: Alliance) -> QuerySet[FocusArea]:
    return FocusArea.objects.filter(alliance=alliance).order_by("position")


def areas_for_portal(alliance: Alliance) -> QuerySet[Area]:
    return Area.objects.filter(alliance=alliance).order_by("position", "name")


def activities_for_feedback(alliance: Alliance) -> QuerySet[Activity]:
    """The activities young people are shown, planned or running, to give feedback on."""
    return (
        Activity.objects.for_alliance(alliance)
        .filter(is_public=True, status__in=UPCOMING_STATUSES)
        .only("pk", "title", "starts_on")
        .order_by("title", "pk")
    )


def activity_is_joinable(activity: Activity | None) -> bool:
    return bool(activity and activity.is_public and activity.status in UPCOMING_STATUSES)
