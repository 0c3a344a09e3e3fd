"""Reads for the pages of one meeting: the meeting, its agenda with attachments and decisions,
its minutes, and the group's members for the forms. Each read is a fixed number of queries
whatever the number of items, decisions, action items and attendees."""

from __future__ import annotations

from dataclasses import dataclass, field

from django.db.models import Prefetch, QuerySet

from alliance.models import Alliance

from .models import (
    ActionItem,
    AgendaAttachment,
    AgendaItem,
    Attendance,
    AttendanceStatus,
    Decision,
    GroupMember,
    Meeting,
    MinutesCorrection,
    WorkGroup,
)


def meeting_get(*, alliance: Alliance, pk: int) -> Meeting | None:
    """The alliance's meeting with its group, or None (another alliance's meeting is None)."""
    return (
        Meeting.objects.select_related("group", "series")
        .filter(pk=pk, group__alliance=alliance)
        .first()
    )


def agenda_item_get(*, meeting: Meeting, pk: int) -> AgendaItem | None:
    """An item of the meeting's agenda, or None."""
    return meeting.agenda_items.select_related("presenter").filter(pk=pk).first()


def attachment_get(*, meeting: Meeting, pk: int) -> AgendaAttachment | None:
    """An attachment of one of the meeting's agenda items, or None."""
    return (
        AgendaAttachment.objects.select_related("item").filter(pk=pk, item__meeting=meeting).first()
    )


def group_members_for_forms(*, group: WorkGroup) -> QuerySet[GroupMember]:
    """The group's seats with their person, by name: the choices of presenter, owner and the
    attendance rows. One query."""
    return group.members.select_related("user").order_by("user__full_name", "user__email")


def agenda_items_of(*, meeting: Meeting) -> list[AgendaItem]:
    """The agenda in order, each item with its presenter, attachments and decisions. Three
    queries."""
    return list(
        meeting.agenda_items.select_related("presenter")
        .prefetch_related(
            Prefetch(
                "attachments", queryset=AgendaAttachment.objects.order_by("uploaded_at", "pk")
            ),
            Prefetch("decisions", queryset=Decision.objects.order_by("created_at", "pk")),
        )
        .order_by("position", "pk")
    )


@dataclass
class Minutes:
    """What the minutes of a meeting hold besides the text under each agenda item."""

    loose_decisions: list[Decision] = field(default_factory=list)  # not under an item
    action_items: list[ActionItem] = field(default_factory=list)
    attendance: list[tuple[str, str, list[Attendance]]] = field(default_factory=list)
    corrections: list[MinutesCorrection] = field(default_factory=list)

    @property
    def has_attendance(self) -> bool:
        return any(records for _status, _label, records in self.attendance)


def minutes_of(*, meeting: Meeting) -> Minutes:
    """Decisions not under an agenda item, action items with their owner, attendance by status
    and the corrections made after publication. Four queries."""
    attendances = list(
        Attendance.objects.filter(meeting=meeting)
        .select_related("user")
        .order_by("user__full_name", "user__email")
    )
    return Minutes(
        loose_decisions=list(
            Decision.objects.filter(meeting=meeting, agenda_item__isnull=True).order_by(
                "created_at", "pk"
            )
        ),
        action_items=list(
            ActionItem.objects.filter(meeting=meeting)
            .select_related("owner")
            .order_by("deadline", "pk")
        ),
        attendance=[
            (status, label, [record for record in attendances if record.status == status])
            for status, label in AttendanceStatus.choices
        ],
        corrections=list(
            MinutesCorrection.objects.filter(meeting=meeting)
            .select_related("corrected_by")
            .order_by("created_at", "pk")
        ),
    )


def attendance_statuses(*, meeting: Meeting) -> dict[int, str]:
    """The recorded status per person id. One query."""
    return dict(Attendance.objects.filter(meeting=meeting).values_list("user_id", "status"))
