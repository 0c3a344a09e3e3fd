"""iCalendar (RFC 5545) files of meetings, built with the icalendar library from plain meetings.

Each meeting is one VEVENT with a UID that never changes (meeting-<pk>@<site host>), so calendar
programs update an event instead of adding a second one; SEQUENCE grows with every change, and a
cancelled meeting stays in the feed with STATUS:CANCELLED so that programs remove it. Times are
written in Europe/Copenhagen with its VTIMEZONE, so a meeting at 15:00 is at 15:00 on both sides
of a daylight-saving change. Nothing about the person who subscribes is written into the file."""

from __future__ import annotations

import datetime
from collections.abc import Iterable
from urllib.parse import urlsplit
from zoneinfo import ZoneInfo

from django.conf import settings
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from icalendar import Calendar, Event

from .models import Meeting

PRODID = "-//Alliance platform//Meetings//DA"


def _site_host() -> str:
    return urlsplit(settings.SITE_URL).hostname or "localhost"


def meeting_uid(meeting: Meeting) -> str:
    """The event's UID: the same for a meeting in every feed and download, for ever."""
    return f"meeting-{meeting.pk}@{_site_host()}"


def meeting_url(meeting: Meeting) -> str:
    """The absolute address of the meeting's page."""
    path = reverse(
        "workgroups:meeting",
        kwargs={"alliance_slug": meeting.group.alliance.slug, "pk": meeting.pk},
    )
    return settings.SITE_URL + path


def _sequence(meeting: Meeting) -> int:
    """Grows with every change of the meeting (seconds between creation and the last change)."""
    if meeting.created_at is None or meeting.updated_at is None:
        return 0
    return max(0, int((meeting.updated_at - meeting.created_at).total_seconds()))


def meeting_event(meeting: Meeting, *, stamp: datetime.datetime) -> Event:
    """One VEVENT for a meeting. `meeting.group` and its alliance must be loaded."""
    local = ZoneInfo(settings.TIME_ZONE)
    event = Event()
    event.add("uid", meeting_uid(meeting))
    event.add("dtstamp", stamp)
    event.add("dtstart", meeting.starts_at.astimezone(local))
    event.add("dtend", meeting.ends_at.astimezone(local))
    event.add("summary", f"{meeting.group.name}: {meeting.title}")
    if meeting.place:
        event.add("location", meeting.place)
    url = meeting_url(meeting)
    event.add("url", url)
    lines = []
    if meeting.video_url:
        lines.append(_("Video link: %(url)s") % {"url": meeting.video_url})
    lines.append(_("Agenda and minutes: %(url)s") % {"url": url})
    event.add("description", "\n".join(lines))
    event.add("status", "CANCELLED" if meeting.is_cancelled else "CONFIRMED")
    event.add("sequence", _sequence(meeting))
    return event


def meetings_calendar(*, meetings: Iterable[Meeting], name: str) -> Calendar:
    """A VCALENDAR named `name` with one VEVENT per meeting and the VTIMEZONE they use."""
    calendar = Calendar()
    calendar.add("prodid", PRODID)
    calendar.add("version", "2.0")
    calendar.add("calscale", "GREGORIAN")
    calendar.add("method", "PUBLISH")
    calendar.add("x-wr-calname", name)
    calendar.add("x-wr-timezone", settings.TIME_ZONE)
    stamp = timezone.now().replace(microsecond=0)
    for meeting in meetings:
        calendar.add_component(meeting_event(meeting, stamp=stamp))
    calendar.add_missing_timezones()
    return calendar
