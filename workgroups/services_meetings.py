"""Changes to meetings: scheduling, agenda, attendance, minutes, decisions and action items.

Each function is one transaction and raises ValidationError with a message for the user.
Permission checks (who may manage a group) are the caller's, through workgroups.permissions.
Once minutes are published they change only through minutes_correct, with a visible note."""

from __future__ import annotations

import datetime
from collections.abc import Mapping

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import UploadedFile
from django.db import transaction
from django.db.models import Max
from django.utils import timezone
from django.utils.translation import gettext

from alliance.models import AgendaVersion
from alliance.services.history import as_actor
from alliance.uploads import validate_upload

from .models import (
    ActionItem,
    ActionItemStatus,
    AgendaAttachment,
    AgendaItem,
    Attendance,
    AttendanceStatus,
    Decision,
    GroupMember,
    Meeting,
    MeetingSeries,
    MinutesCorrection,
    MinutesStatus,
    RecurrenceRule,
    WeekOfMonth,
    WorkGroup,
)
from .notifications import (
    action_item_assigned_notify,
    agenda_published_notify,
    minutes_published_notify,
)

MAX_MEETINGS_PER_SERIES = 60


def _save_checked(instance, user) -> None:
    """Validate, record who made the change in the history, save."""
    instance.full_clean()
    as_actor(instance, user)
    instance.save()


def _refuse_archived(group: WorkGroup) -> None:
    if group.is_archived:
        raise ValidationError(gettext("The group is archived; it cannot hold new meetings."))


def _refuse_published_minutes(meeting: Meeting) -> None:
    if meeting.is_minutes_published:
        raise ValidationError(
            gettext("The minutes are published. Correct them with a correction note instead.")
        )


def _refuse_non_member(*, group: WorkGroup, user, field: str) -> None:
    if not GroupMember.objects.filter(group=group, user=user).exists():
        raise ValidationError(
            {field: gettext("%(person)s is not a member of the group.") % {"person": user}}
        )


# --- scheduling ------------------------------------------------------------------------------


@transaction.atomic
def meeting_schedule(
    *,
    group: WorkGroup,
    user,
    title: str,
    starts_at: datetime.datetime,
    ends_at: datetime.datetime,
    place: str = "",
    video_url: str = "",
) -> Meeting:
    """Schedule a one-off meeting. Refuses a meeting that ends before it starts."""
    _refuse_archived(group)
    meeting = Meeting(
        group=group,
        title=title,
        starts_at=starts_at,
        ends_at=ends_at,
        place=place,
        video_url=video_url,
        created_by=user,
    )
    _save_checked(meeting, user)
    return meeting


def _occurrences(series: MeetingSeries) -> list[datetime.date]:
    """The dates of a series from first_date to until_date, at most one more than the limit
    (so that the caller can tell that the span is too long)."""
    limit = MAX_MEETINGS_PER_SERIES + 1
    dates: list[datetime.date] = []
    if series.rule in (RecurrenceRule.WEEKLY, RecurrenceRule.BIWEEKLY):
        step = datetime.timedelta(weeks=1 if series.rule == RecurrenceRule.WEEKLY else 2)
        day = series.first_date + datetime.timedelta(
            days=(series.weekday - series.first_date.weekday()) % 7
        )
        while day <= series.until_date and len(dates) < limit:
            dates.append(day)
            day += step
        return dates
    year, month = series.first_date.year, series.first_date.month
    while len(dates) < limit:
        day = _nth_weekday(year, month, series.weekday, series.week_of_month)
        if day > series.until_date:
            break
        if day >= series.first_date:
            dates.append(day)
        year, month = (year + 1, 1) if month == 12 else (year, month + 1)
    return dates


def _nth_weekday(year: int, month: int, weekday: int, week_of_month: int) -> datetime.date:
    first = datetime.date(year, month, 1)
    day = first + datetime.timedelta(days=(weekday - first.weekday()) % 7)
    if week_of_month == WeekOfMonth.LAST:
        while (day + datetime.timedelta(weeks=1)).month == month:
            day += datetime.timedelta(weeks=1)
        return day
    return day + datetime.timedelta(weeks=week_of_month - 1)


@transaction.atomic
def meeting_series_schedule(
    *,
    group: WorkGroup,
    user,
    title: str,
    rule: str,
    weekday: int,
    start_time: datetime.time,
    end_time: datetime.time,
    first_date: datetime.date,
    until_date: datetime.date,
    week_of_month: int | None = None,
    place: str = "",
    video_url: str = "",
) -> MeetingSeries:
    """Create a recurring meeting and its Meeting rows, at most MAX_MEETINGS_PER_SERIES.

    Times are local to Europe/Copenhagen, so 15:00 stays 15:00 across a daylight-saving change."""
    _refuse_archived(group)
    series = MeetingSeries(
        group=group,
        title=title,
        rule=rule,
        weekday=weekday,
        week_of_month=week_of_month if rule == RecurrenceRule.MONTHLY else None,
        start_time=start_time,
        end_time=end_time,
        first_date=first_date,
        until_date=until_date,
        place=place,
        video_url=video_url,
        created_by=user,
    )
    series.full_clean()
    dates = _occurrences(series)
    if not dates:
        raise ValidationError(
            {"until_date": gettext("No meeting falls between the first and the last date.")}
        )
    if len(dates) > MAX_MEETINGS_PER_SERIES:
        raise ValidationError(
            {
                "until_date": gettext(
                    "A series can hold at most %(limit)d meetings. Choose an earlier last date."
                )
                % {"limit": MAX_MEETINGS_PER_SERIES}
            }
        )
    series.save()
    local = timezone.get_default_timezone()  # the site's time zone: 15:00 stays 15:00 in summer
    meetings = [
        Meeting(
            group=group,
            series=series,
            title=title,
            starts_at=datetime.datetime.combine(day, start_time, tzinfo=local),
            ends_at=datetime.datetime.combine(day, end_time, tzinfo=local),
            place=place,
            video_url=video_url,
            created_by=user,
        )
        for day in dates
    ]
    for meeting in meetings:
        _save_checked(meeting, user)
    return series


@transaction.atomic
def meeting_cancel(*, meeting: Meeting, user) -> Meeting:
    """Mark a meeting as cancelled; it stays visible as cancelled."""
    if meeting.is_cancelled:
        return meeting
    meeting.is_cancelled = True
    as_actor(meeting, user)
    meeting.save(update_fields=["is_cancelled", "updated_at"])
    return meeting


# --- agenda ----------------------------------------------------------------------------------


@transaction.atomic
def agenda_item_add(
    *,
    meeting: Meeting,
    user,
    title: str,
    description: str = "",
    presenter=None,
    duration_minutes: int | None = None,
) -> AgendaItem:
    """Add an item at the end of the meeting's agenda."""
    _refuse_published_minutes(meeting)
    last = meeting.agenda_items.aggregate(last=Max("position"))["last"] or 0
    item = AgendaItem(
        meeting=meeting,
        position=last + 1,
        title=title,
        description=description,
        presenter=presenter,
        duration_minutes=duration_minutes,
    )
    _save_checked(item, user)
    return item


@transaction.atomic
def agenda_item_update(
    *,
    item: AgendaItem,
    user,
    title: str,
    description: str = "",
    presenter=None,
    duration_minutes: int | None = None,
) -> AgendaItem:
    """Change an agenda item's title, description, presenter and time."""
    _refuse_published_minutes(item.meeting)
    item.title = title
    item.description = description
    item.presenter = presenter
    item.duration_minutes = duration_minutes
    item.full_clean()
    as_actor(item, user)
    item.save(update_fields=["title", "description", "presenter", "duration_minutes"])
    return item


@transaction.atomic
def agenda_item_remove(*, item: AgendaItem, user) -> None:
    """Remove an agenda item and number the rest 1, 2, 3 again."""
    meeting = item.meeting
    _refuse_published_minutes(meeting)
    as_actor(item, user)
    item.delete()
    for position, rest in enumerate(meeting.agenda_items.order_by("position", "pk"), start=1):
        if rest.position != position:
            rest.position = position
            as_actor(rest, user)
            rest.save(update_fields=["position"])


@transaction.atomic
def agenda_publish(*, meeting: Meeting, user) -> Meeting:
    """Publish the agenda to the members. Publishing again changes nothing."""
    if meeting.is_cancelled:
        raise ValidationError(gettext("The meeting is cancelled."))
    if meeting.is_agenda_published:
        return meeting
    if not meeting.agenda_items.exists():
        raise ValidationError(gettext("Add at least one item before publishing the agenda."))
    meeting.agenda_published_at = timezone.now()
    as_actor(meeting, user)
    meeting.save(update_fields=["agenda_published_at", "updated_at"])
    agenda_published_notify(meeting=meeting, published_by=user)
    return meeting


# --- attendance and minutes ------------------------------------------------------------------


@transaction.atomic
def attendance_record(*, meeting: Meeting, statuses: Mapping) -> list[Attendance]:
    """Record who was present, absent or excused: `statuses` maps a group member to a status."""
    _refuse_published_minutes(meeting)
    member_ids = set(
        GroupMember.objects.filter(group=meeting.group_id, user__in=list(statuses)).values_list(
            "user_id", flat=True
        )
    )
    outsiders = [str(person) for person in statuses if person.pk not in member_ids]
    if outsiders:
        raise ValidationError(
            gettext("Not members of the group: %(people)s.") % {"people": ", ".join(outsiders)}
        )
    if any(status not in AttendanceStatus.values for status in statuses.values()):
        raise ValidationError(gettext("Choose present, absent or excused."))
    records = []
    for person, status in statuses.items():
        record, _created = Attendance.objects.update_or_create(
            meeting=meeting, user=person, defaults={"status": status}
        )
        records.append(record)
    return records


def _write_minutes(
    *, meeting: Meeting, user, summary: str | None, item_minutes: Mapping[int, str] | None
) -> None:
    if summary is not None and summary != meeting.minutes_summary:
        meeting.minutes_summary = summary
        as_actor(meeting, user)
        meeting.save(update_fields=["minutes_summary", "updated_at"])
    if item_minutes:
        items = {item.pk: item for item in meeting.agenda_items.filter(pk__in=list(item_minutes))}
        if len(items) != len(set(item_minutes)):
            raise ValidationError(gettext("An agenda item does not belong to this meeting."))
        for pk, text in item_minutes.items():
            item = items[pk]
            if item.minutes != text:
                item.minutes = text
                as_actor(item, user)
                item.save(update_fields=["minutes"])


@transaction.atomic
def minutes_save(
    *,
    meeting: Meeting,
    user,
    summary: str | None = None,
    item_minutes: Mapping[int, str] | None = None,
) -> Meeting:
    """Save the draft minutes: the general part and the minutes per agenda item (by item id)."""
    _refuse_published_minutes(meeting)
    _write_minutes(meeting=meeting, user=user, summary=summary, item_minutes=item_minutes)
    return meeting


@transaction.atomic
def minutes_publish(*, meeting: Meeting, user) -> Meeting:
    """Publish the minutes to the members. From now on they change only with a correction."""
    if meeting.is_cancelled:
        raise ValidationError(gettext("The meeting is cancelled."))
    if meeting.is_minutes_published:
        return meeting
    meeting.minutes_status = MinutesStatus.PUBLISHED
    meeting.minutes_published_at = timezone.now()
    as_actor(meeting, user)
    meeting.save(update_fields=["minutes_status", "minutes_published_at", "updated_at"])
    minutes_published_notify(meeting=meeting, published_by=user)
    return meeting


@transaction.atomic
def minutes_correct(
    *,
    meeting: Meeting,
    user,
    note: str = "",
    summary: str | None = None,
    item_minutes: Mapping[int, str] | None = None,
) -> MinutesCorrection | None:
    """Change minutes. Draft minutes are simply saved (no correction, returns None); published
    minutes need a note, which is kept and shown with them."""
    if not meeting.is_minutes_published:
        _write_minutes(meeting=meeting, user=user, summary=summary, item_minutes=item_minutes)
        return None
    note = note.strip()
    if not note:
        raise ValidationError(
            {"note": gettext("The minutes are published: explain the correction in a note.")}
        )
    _write_minutes(meeting=meeting, user=user, summary=summary, item_minutes=item_minutes)
    correction = MinutesCorrection(meeting=meeting, note=note, corrected_by=user)
    correction.full_clean()
    correction.save()
    return correction


# --- decisions and action items --------------------------------------------------------------


@transaction.atomic
def decision_add(
    *,
    meeting: Meeting,
    user,
    text: str,
    decided_by: str,
    rationale: str = "",
    agenda_item: AgendaItem | None = None,
    adopted_agenda_version: AgendaVersion | None = None,
) -> Decision:
    """Minute a decision of a meeting, optionally under an agenda item and adopting a version
    of the common agenda."""
    _refuse_published_minutes(meeting)
    if agenda_item is not None and agenda_item.meeting_id != meeting.pk:
        raise ValidationError(
            {"agenda_item": gettext("The agenda item does not belong to this meeting.")}
        )
    if (
        adopted_agenda_version is not None
        and adopted_agenda_version.alliance_id != meeting.group.alliance_id
    ):
        raise ValidationError(
            {"adopted_agenda_version": gettext("The agenda version belongs to another alliance.")}
        )
    decision = Decision(
        meeting=meeting,
        agenda_item=agenda_item,
        text=text,
        rationale=rationale,
        decided_by=decided_by,
        adopted_agenda_version=adopted_agenda_version,
        created_by=user,
    )
    _save_checked(decision, user)
    return decision


@transaction.atomic
def action_item_add(
    *,
    group: WorkGroup,
    user,
    title: str,
    owner,
    deadline: datetime.date,
    meeting: Meeting | None = None,
) -> ActionItem:
    """Give a group member something to do by a deadline. The owner must sit in the group; an
    item from a meeting is added while its minutes are a draft."""
    if meeting is not None and meeting.group_id != group.pk:
        raise ValidationError({"meeting": gettext("The meeting belongs to another group.")})
    if meeting is not None and meeting.is_minutes_published:
        raise ValidationError(
            gettext("The minutes are published. Action items can no longer be added to them.")
        )
    _refuse_non_member(group=group, user=owner, field="owner")
    item = ActionItem(
        group=group, meeting=meeting, title=title, owner=owner, deadline=deadline, created_by=user
    )
    _save_checked(item, user)
    action_item_assigned_notify(item=item, assigned_by=user)
    return item


@transaction.atomic
def action_item_done(*, item: ActionItem, user, note: str = "") -> ActionItem:
    """Mark an action item done, with a note on what was done."""
    if item.status == ActionItemStatus.DONE:
        raise ValidationError(gettext("The action item is already done."))
    item.status = ActionItemStatus.DONE
    item.done_note = note.strip()
    item.done_at = timezone.now()
    item.full_clean()
    as_actor(item, user)
    item.save(update_fields=["status", "done_note", "done_at", "updated_at"])
    return item


# --- changing a meeting, agenda attachments ----------------------------------------------------


@transaction.atomic
def meeting_update(
    *,
    meeting: Meeting,
    user,
    title: str,
    starts_at: datetime.datetime,
    ends_at: datetime.datetime,
    place: str = "",
    video_url: str = "",
    now: datetime.datetime | None = None,
) -> Meeting:
    """Change a meeting's title, time, place and video link, before it is held. A cancelled
    meeting, a meeting that has begun and a meeting of an archived group stay as they are."""
    if meeting.is_cancelled:
        raise ValidationError(gettext("The meeting is cancelled."))
    if meeting.group.is_archived:
        raise ValidationError(gettext("The group is archived; its meetings cannot be changed."))
    if meeting.starts_at <= (now or timezone.now()):
        raise ValidationError(
            gettext("The meeting has begun; its time and place can no longer be changed.")
        )
    meeting.title = title
    meeting.starts_at = starts_at
    meeting.ends_at = ends_at
    meeting.place = place
    meeting.video_url = video_url
    meeting.full_clean()
    as_actor(meeting, user)
    meeting.save(
        update_fields=["title", "starts_at", "ends_at", "place", "video_url", "updated_at"]
    )
    return meeting


@transaction.atomic
def agenda_attachment_add(*, item: AgendaItem, user, upload: UploadedFile) -> AgendaAttachment:
    """Attach a paper to an agenda item. The file is checked for size, type and content
    (alliance.uploads.validate_upload) before it is stored."""
    _refuse_published_minutes(item.meeting)
    validate_upload(upload, field="file", max_bytes=settings.WORKGROUPS_ATTACHMENT_MAX_BYTES)
    name = (upload.name or "").replace("\\", "/").rsplit("/", 1)[-1][:200]
    attachment = AgendaAttachment(
        item=item, file=upload, name=name, size=upload.size, uploaded_by=user
    )
    attachment.full_clean()
    attachment.save()
    return attachment


@transaction.atomic
def agenda_attachment_remove(*, attachment: AgendaAttachment, user) -> None:
    """Remove an attachment; its file leaves the storage once the removal is committed."""
    _refuse_published_minutes(attachment.item.meeting)
    file = attachment.file
    attachment.delete()
    if file:
        storage, name = file.storage, file.name
        transaction.on_commit(lambda: storage.delete(name))


@transaction.atomic
def agenda_item_text_erase(*, item_id: int, title: str, description: str) -> None:
    """Replace an agenda item's text, and its history's, when the person it quoted had it erased
    (a young person's input put on the agenda): the item stays on the meeting, the words go."""
    AgendaItem.objects.filter(pk=item_id).update(title=title[:300], description=description)
    AgendaItem.history.filter(id=item_id).update(title=title[:300], description=description)
