"""What happens to a youth input after moderation: routing to a group, the status steps, the
answer, and putting it on a meeting's agenda. One transaction each; a ValidationError carries
the message for the user. Who may call which function is checked by the views, through
youth_voice.permissions.

The status flow:

- received or being considered -> sent to a group (route), being considered (status step)
- sent to a group -> sent to another group (route again), answered, done, not possible
- answered -> a new answer: answered again, done or not possible
- done / not possible are closed: they take no answer and no routing until the secretariat
  reopens them (status step back to "being considered"). An input that closes loses its
  contact details in the same transaction, after the last email's address is captured.

Every status change writes an InputEvent and tells the young person (notifications.py).
"""

from __future__ import annotations

import datetime

from django.core.exceptions import ValidationError
from django.db import transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.text import Truncator
from django.utils.translation import gettext

from initiatives.models import Activity
from workgroups.models import AgendaItem, Decision, Meeting, MinutesStatus, WorkGroup
from workgroups.services_meetings import agenda_item_add

from .models import (
    CLOSED_STATUSES,
    ContactDetails,
    InputEvent,
    InputStatus,
    YouthInput,
)
from .notifications import group_managers_notify_routed, input_status_changed_notify
from .permissions import APPROVED
from .selectors_settings import portal_settings

ANSWER_STATUSES = (InputStatus.ANSWERED, InputStatus.DONE, InputStatus.NOT_POSSIBLE)
AGENDA_TITLE_EXCERPT = 60


def _refuse_unapproved(youth_input: YouthInput) -> None:
    if youth_input.moderation not in APPROVED:
        raise ValidationError(
            gettext("The input must be approved in moderation (published or kept private) first.")
        )


def _refuse_closed(youth_input: YouthInput) -> None:
    if youth_input.is_closed:
        raise ValidationError(
            gettext("The input is closed. The secretariat can reopen it if more is needed.")
        )


def _event(*, youth_input: YouthInput, by, note: str = "") -> InputEvent:
    event = InputEvent(input=youth_input, status=youth_input.status, note=note, by=by)
    event.full_clean(exclude=["input", "by"])
    event.save()
    return event


def _locked(youth_input: YouthInput) -> YouthInput:
    """The input re-read under a row lock, so two staff members cannot step it at once."""
    return YouthInput.objects.select_for_update().get(pk=youth_input.pk)


def answer_due_for(*, youth_input: YouthInput, today: datetime.date | None = None):
    """Today plus the alliance's days to answer (PortalSettings.answer_days, default 14)."""
    today = today or timezone.localdate()
    days = portal_settings(youth_input.alliance).answer_days
    return today + datetime.timedelta(days=days)


@transaction.atomic
def input_route(
    *,
    youth_input: YouthInput,
    group: WorkGroup,
    by,
    note: str = "",
    today: datetime.date | None = None,
) -> YouthInput:
    """Send an approved, open input to an active group of its alliance (the steering group
    too), with a deadline for the answer; tell the group's managers and the young person."""
    youth_input = _locked(youth_input)
    _refuse_unapproved(youth_input)
    _refuse_closed(youth_input)
    if group.alliance_id != youth_input.alliance_id or group.is_archived:
        raise ValidationError({"group": gettext("Choose an active group of the alliance.")})
    youth_input.routed_group = group
    youth_input.routed_at = timezone.now()
    youth_input.answer_due = answer_due_for(youth_input=youth_input, today=today)
    youth_input.status = InputStatus.ROUTED
    youth_input.save(
        update_fields=["routed_group", "routed_at", "answer_due", "status", "updated_at"]
    )
    event = _event(youth_input=youth_input, by=by, note=note)
    group_managers_notify_routed(youth_input=youth_input, event=event)
    input_status_changed_notify(youth_input=youth_input, event=event)
    return youth_input


@transaction.atomic
def input_status_set(*, youth_input: YouthInput, status: str, by, note: str = "") -> YouthInput:
    """The "being considered" step: for an approved input not yet routed or answered, or to
    reopen a closed one (the answer and links stay, the input waits for a new answer)."""
    youth_input = _locked(youth_input)
    _refuse_unapproved(youth_input)
    if status != InputStatus.CONSIDERING:
        raise ValidationError(gettext("That status is set by routing or answering the input."))
    if youth_input.status == InputStatus.CONSIDERING:
        return youth_input
    if youth_input.status not in (InputStatus.RECEIVED, *CLOSED_STATUSES):
        raise ValidationError(
            gettext("The input is already with a group or answered: answer it instead.")
        )
    youth_input.status = InputStatus.CONSIDERING
    youth_input.closed_at = None
    youth_input.save(update_fields=["status", "closed_at", "updated_at"])
    event = _event(youth_input=youth_input, by=by, note=note)
    input_status_changed_notify(youth_input=youth_input, event=event)
    return youth_input


def _check_decision(youth_input: YouthInput, decision: Decision | None) -> None:
    if decision is None:
        return
    meeting = decision.meeting
    if (
        meeting.group.alliance_id != youth_input.alliance_id
        or meeting.minutes_status != MinutesStatus.PUBLISHED
    ):
        raise ValidationError(
            {"decision": gettext("Choose a decision from the alliance's published minutes.")}
        )


def _check_activity(youth_input: YouthInput, activity: Activity | None) -> None:
    if activity is not None and activity.alliance_id != youth_input.alliance_id:
        raise ValidationError({"activity": gettext("Choose an activity of the alliance.")})


@transaction.atomic
def input_answer(
    *,
    youth_input: YouthInput,
    by,
    answer: str,
    status: str,
    decision: Decision | None = None,
    activity: Activity | None = None,
) -> YouthInput:
    """Answer an approved, open input: answered (more may follow), done or not possible (the
    answer is then the reason). Links the decision or activity it led to. Closing deletes the
    contact details after the address for the last email is captured."""
    youth_input = _locked(youth_input)
    _refuse_unapproved(youth_input)
    _refuse_closed(youth_input)
    if status not in ANSWER_STATUSES:
        raise ValidationError({"status": gettext("Choose what the answer means.")})
    answer = (answer or "").strip()
    if not answer:
        if status == InputStatus.NOT_POSSIBLE:
            message = gettext("Write why it is not possible: the young person reads it.")
        else:
            message = gettext("Write the answer to the young person.")
        raise ValidationError({"answer": message})
    _check_decision(youth_input, decision)
    _check_activity(youth_input, activity)
    now = timezone.now()
    youth_input.status = status
    youth_input.answer = answer
    youth_input.answered_at = now
    youth_input.answered_by = by
    if decision is not None:
        youth_input.decision = decision
    if activity is not None:
        youth_input.led_to_activity = activity
    youth_input.closed_at = now if status in CLOSED_STATUSES else None
    youth_input.full_clean(
        exclude=["alliance", "user", "receipt_hash", "link_hash", "text", "published_text"]
    )
    youth_input.save(
        update_fields=[
            "status",
            "answer",
            "answered_at",
            "answered_by",
            "decision",
            "led_to_activity",
            "closed_at",
            "updated_at",
        ]
    )
    event = _event(youth_input=youth_input, by=by, note=answer)
    input_status_changed_notify(youth_input=youth_input, event=event)
    if youth_input.is_closed:
        ContactDetails.objects.filter(input=youth_input).delete()
    return youth_input


def _agenda_title(youth_input: YouthInput) -> str:
    excerpt = Truncator(" ".join(youth_input.published_text.split())).chars(AGENDA_TITLE_EXCERPT)
    return gettext("Youth input: %(kind)s – %(excerpt)s") % {
        "kind": youth_input.get_kind_display(),
        "excerpt": excerpt,
    }


@transaction.atomic
def input_agenda_add(
    *, youth_input: YouthInput, meeting: Meeting, by, now: datetime.datetime | None = None
) -> AgendaItem:
    """Put a routed input on an upcoming meeting of its group: an agenda item with the masked
    text and a link to the input (workgroups.services_meetings.agenda_item_add)."""
    from django.conf import settings

    youth_input = _locked(youth_input)
    _refuse_unapproved(youth_input)
    _refuse_closed(youth_input)
    now = now or timezone.now()
    if youth_input.routed_group_id is None or meeting.group_id != youth_input.routed_group_id:
        raise ValidationError(
            {"meeting": gettext("Choose a meeting of the group the input was sent to.")}
        )
    if meeting.is_cancelled or meeting.is_minutes_published or meeting.ends_at < now:
        raise ValidationError(
            {"meeting": gettext("Choose an upcoming meeting that is not cancelled.")}
        )
    link = settings.SITE_URL + reverse(
        "youth_voice:staff_detail",
        kwargs={"alliance_slug": youth_input.alliance.slug, "pk": youth_input.pk},
    )
    description = "\n\n".join(
        part
        for part in (
            youth_input.published_text,
            gettext("Topic: %(topic)s") % {"topic": youth_input.focus_area.title}
            if youth_input.focus_area_id
            else "",
            gettext("The input and its answer: %(link)s") % {"link": link},
        )
        if part
    )
    item = agenda_item_add(
        meeting=meeting, user=by, title=_agenda_title(youth_input)[:300], description=description
    )
    youth_input.agenda_item = item
    youth_input.save(update_fields=["agenda_item", "updated_at"])
    return item
