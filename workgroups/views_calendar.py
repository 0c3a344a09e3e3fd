"""Calendars: the person's private feed address (made when they ask for it, with a button that
makes a new one), the feed itself (no login: the secret token in the address is the
permission) and one meeting as an .ics download."""

from __future__ import annotations

from django.conf import settings
from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import translation
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST, require_safe

from alliance.access import alliance_view
from alliance.models import Alliance

from .calendars import meetings_calendar
from .models import Meeting
from .permissions import can_view_workgroup
from .selectors_calendar import (
    FEED_DAYS_BACK,
    calendar_feed_by_token,
    calendar_feed_of,
    calendar_meetings_for,
)
from .services_calendar import calendar_feed_reset, calendar_feed_touch

ICS_CONTENT_TYPE = "text/calendar; charset=utf-8"


def _feed_url(alliance: Alliance, token: str) -> str:
    path = reverse(
        "workgroups:calendar_feed", kwargs={"alliance_slug": alliance.slug, "token": token}
    )
    return settings.SITE_URL + path


def _ics_response(calendar, *, filename: str | None = None) -> HttpResponse:
    response = HttpResponse(calendar.to_ical(), content_type=ICS_CONTENT_TYPE)
    if filename:
        response["Content-Disposition"] = f'attachment; filename="{filename}"'
    response["Cache-Control"] = "private, no-store"
    response["X-Robots-Tag"] = "noindex, nofollow"
    return response


@require_safe
@alliance_view("view_groups")
def calendar_settings(request: HttpRequest, alliance: Alliance) -> HttpResponse:
    """The person's private feed address and how to add it to a calendar program; until they
    have one, a button that makes it (reading the page writes nothing)."""
    feed = calendar_feed_of(user=request.user, alliance=alliance)
    context = {"feed": feed, "days_back": FEED_DAYS_BACK}
    if feed is not None:
        url = _feed_url(alliance, feed.token)
        context |= {"feed_url": url, "webcal_url": "webcal://" + url.split("://", 1)[1]}
    return render(request, "workgroups/calendar/settings.html", context)


@require_POST
@alliance_view("view_groups")
def calendar_reset(request: HttpRequest, alliance: Alliance) -> HttpResponse:
    """Make the person's address, or a new one: the old one stops working at once."""
    had_one = calendar_feed_of(user=request.user, alliance=alliance) is not None
    calendar_feed_reset(user=request.user, alliance=alliance)
    if had_one:
        message = _(
            "You have a new calendar address. The old one no longer works: add the new one to "
            "your calendar."
        )
    else:
        message = _("Your calendar address is ready. Add it to your calendar as described below.")
    messages.success(request, message)
    return redirect(reverse("workgroups:calendar", kwargs={"alliance_slug": alliance.slug}))


@require_safe
def calendar_feed(request: HttpRequest, alliance_slug: str, token: str) -> HttpResponse:
    """The meetings of the person's groups as an iCalendar feed. No login: calendar programs
    fetch it on their own. An unknown or revoked token, or a person who is no longer an active
    member, is a 404."""
    feed = calendar_feed_by_token(alliance_slug=alliance_slug, token=token)
    if feed is None:
        raise Http404
    meetings = calendar_meetings_for(user=feed.user, alliance=feed.alliance)
    with translation.override(feed.user.language or settings.LANGUAGE_CODE):
        name = _("%(alliance)s – meetings") % {"alliance": feed.alliance.name}
        calendar = meetings_calendar(meetings=meetings, name=name)
    calendar_feed_touch(feed=feed)
    return _ics_response(calendar)


@require_safe
@alliance_view("view_groups")
def meeting_ics(request: HttpRequest, alliance: Alliance, pk: int) -> HttpResponse:
    """One meeting as an .ics file to open in a calendar program."""
    meeting = get_object_or_404(
        Meeting.objects.select_related("group", "group__alliance"), pk=pk, group__alliance=alliance
    )
    if not can_view_workgroup(request.user, request.membership, meeting.group):
        raise PermissionDenied
    calendar = meetings_calendar(meetings=[meeting], name=meeting.group.name)
    return _ics_response(calendar, filename=f"meeting-{meeting.pk}.ics")
