"""Who is told about what happens in a group: agendas and minutes published, action items
assigned and overdue.

Each function works out the recipients and calls the shared notification service
(alliance.services.notifications.notify), which is idempotent per person and event key and
queues the emails after commit. Titles and texts are rendered in each recipient's language, so
the recipients are told in groups of one language each.
"""

from __future__ import annotations

import datetime

from django.db import transaction
from django.db.models import F
from django.urls import reverse
from django.utils import formats, timezone, translation
from django.utils.translation import gettext

from alliance.models import Membership, Notification, User
from alliance.services.notifications import language_of, notify, users_by_language

from .models import ActionItem, ActionItemStatus, GroupMember, Meeting


def local_date_and_time(moment: datetime.datetime) -> str:
    """ "10. marts 2026 kl. 15:00" in the active language and the site's time zone."""
    local = timezone.localtime(moment)
    return gettext("%(date)s at %(time)s") % {
        "date": formats.date_format(local, "DATE_FORMAT"),
        "time": formats.time_format(local, "TIME_FORMAT"),
    }


def local_date(day: datetime.date) -> str:
    return formats.date_format(day, "DATE_FORMAT")


def _members_to_tell(meeting: Meeting, *, leave_out: User | None) -> list[User]:
    """The group's members with an active account and membership of the alliance."""
    seats = (
        GroupMember.objects.filter(group_id=meeting.group_id, user__is_active=True)
        .filter(
            user_id__in=Membership.objects.active()
            .filter(alliance_id=meeting.group.alliance_id)
            .values("user_id")
        )
        .select_related("user")
        .order_by("user_id")
    )
    return [seat.user for seat in seats if leave_out is None or seat.user_id != leave_out.pk]


def _meeting_url(meeting: Meeting) -> str:
    return reverse(
        "workgroups:meeting",
        kwargs={"alliance_slug": meeting.group.alliance.slug, "pk": meeting.pk},
    )


def _my_work_url(item: ActionItem) -> str:
    return reverse("workgroups:my_work", kwargs={"alliance_slug": item.group.alliance.slug})


def agenda_published_notify(*, meeting: Meeting, published_by: User | None) -> None:
    """Tell the group's members, except the publisher, that the meeting's agenda is out."""
    users = _members_to_tell(meeting, leave_out=published_by)
    for language, people in users_by_language(users).items():
        with translation.override(language):
            title = gettext("Agenda: %(meeting)s, %(group)s, %(when)s") % {
                "meeting": meeting.title,
                "group": meeting.group.name,
                "when": local_date_and_time(meeting.starts_at),
            }
            body = gettext(
                "The agenda of the meeting of %(group)s on %(when)s is published. "
                "Read it and its attachments before the meeting."
            ) % {"group": meeting.group.name, "when": local_date_and_time(meeting.starts_at)}
            if meeting.place:
                body += "\n" + gettext("Place: %(place)s") % {"place": meeting.place}
        notify(
            users=people,
            alliance=meeting.group.alliance,
            kind="agenda_published",
            title=title,
            body=body,
            url=_meeting_url(meeting),
            event_key=f"agenda_published:{meeting.pk}",
        )


def minutes_published_notify(*, meeting: Meeting, published_by: User | None) -> None:
    """Tell the group's members, except the publisher, that the meeting's minutes are out."""
    users = _members_to_tell(meeting, leave_out=published_by)
    for language, people in users_by_language(users).items():
        with translation.override(language):
            title = gettext("Minutes: %(meeting)s, %(group)s, %(when)s") % {
                "meeting": meeting.title,
                "group": meeting.group.name,
                "when": local_date_and_time(meeting.starts_at),
            }
            body = gettext(
                "The minutes of the meeting of %(group)s on %(when)s are published. "
                "Read the decisions and action items."
            ) % {"group": meeting.group.name, "when": local_date_and_time(meeting.starts_at)}
        notify(
            users=people,
            alliance=meeting.group.alliance,
            kind="minutes_published",
            title=title,
            body=body,
            url=_meeting_url(meeting),
            event_key=f"minutes_published:{meeting.pk}",
        )


def action_item_assigned_notify(*, item: ActionItem, assigned_by: User | None) -> None:
    """Tell the owner of a new action item, unless they gave it to themselves."""
    owner = item.owner
    if assigned_by is not None and owner.pk == assigned_by.pk:
        return
    with translation.override(language_of(owner)):
        title = gettext("New action item: %(what)s") % {"what": item.title}
        body = gettext(
            "%(group)s gave you an action item with the deadline %(deadline)s: %(what)s"
        ) % {
            "group": item.group.name,
            "deadline": local_date(item.deadline),
            "what": item.title,
        }
    notify(
        users=[owner],
        alliance=item.group.alliance,
        kind="action_item_assigned",
        title=title,
        body=body,
        url=_my_work_url(item),
        event_key=f"action_item_assigned:{item.pk}",
    )


def action_item_overdue_notify(*, item: ActionItem) -> bool:
    """Tell the owner that their open action item is past its deadline, once per item.
    True when the owner was told now."""
    owner = item.owner
    if not owner.is_active:
        return False
    with translation.override(language_of(owner)):
        title = gettext("Overdue action item: %(what)s") % {"what": item.title}
        body = gettext(
            "The deadline of your action item in %(group)s was %(deadline)s: %(what)s. "
            "Mark it done when it is done."
        ) % {
            "group": item.group.name,
            "deadline": local_date(item.deadline),
            "what": item.title,
        }
    created = notify(
        users=[owner],
        alliance=item.group.alliance,
        kind="action_item_overdue",
        title=title,
        body=body,
        url=_my_work_url(item),
        event_key=f"action_item_overdue:{item.pk}",
    )
    return bool(created)


def action_items_overdue_notify(*, today: datetime.date | None = None) -> int:
    """Tell the owner of every open action item past its deadline, in every alliance, once per
    item; return how many owners were told now. Safe to run again: told items are skipped."""
    today = today or timezone.localdate()
    items = list(
        ActionItem.objects.filter(
            status=ActionItemStatus.OPEN,
            deadline__lt=today,
            group__is_archived=False,
            owner__is_active=True,
            owner__memberships__alliance_id=F("group__alliance_id"),
            owner__memberships__is_active=True,
        )
        .select_related("owner", "group__alliance")
        .order_by("pk")
    )
    already_told = set(
        Notification.objects.filter(
            kind="action_item_overdue",
            event_key__in=[f"action_item_overdue:{item.pk}" for item in items],
        ).values_list("event_key", flat=True)
    )
    told = 0
    for item in items:
        if f"action_item_overdue:{item.pk}" in already_told:
            continue
        with transaction.atomic():
            told += action_item_overdue_notify(item=item)
    return told
