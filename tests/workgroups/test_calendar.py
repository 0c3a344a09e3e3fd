"""Calendar feeds and .ics downloads, parsed back with the icalendar library."""

from __future__ import annotations

import datetime
from zoneinfo import ZoneInfo

import pytest
from django.conf import settings
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone
from icalendar import Calendar

from alliance.models import Membership, Role
from tests.factories import AllianceFactory, MembershipFactory, UserFactory, WorkGroupFactory
from workgroups.models import CalendarFeed, RecurrenceRule, Weekday, WeekOfMonth
from workgroups.services import group_member_add
from workgroups.services_calendar import (
    calendar_feed_get_or_create,
    calendar_feed_reset,
    calendar_feed_touch,
)
from workgroups.services_meetings import meeting_cancel, meeting_schedule, meeting_series_schedule

pytestmark = pytest.mark.django_db

CPH = ZoneInfo("Europe/Copenhagen")
UTC = datetime.UTC


@pytest.fixture
def world(settings):
    settings.SITE_URL = "https://alliance.example.org"
    alliance = AllianceFactory(slug="kal", name="Ung & Sund")
    group = WorkGroupFactory(alliance=alliance, slug="trivsel", name="Trivsel")
    other_group = WorkGroupFactory(alliance=alliance, slug="fritid", name="Fritid")
    member = UserFactory(email="member@example.org")
    outsider = UserFactory(email="outsider@example.org")
    for user in (member, outsider):
        MembershipFactory(user=user, alliance=alliance, role=Role.MEMBER)
    group_member_add(group=group, user=member)
    group_member_add(group=other_group, user=outsider)
    return {
        "alliance": alliance,
        "group": group,
        "other_group": other_group,
        "member": member,
        "outsider": outsider,
    }


def _meeting(group, start: datetime.datetime, title="Møde", **extra):
    return meeting_schedule(
        group=group,
        user=None,
        title=title,
        starts_at=start,
        ends_at=start + datetime.timedelta(hours=1, minutes=30),
        **extra,
    )


def _feed_url(feed: CalendarFeed) -> str:
    return reverse(
        "workgroups:calendar_feed",
        kwargs={"alliance_slug": feed.alliance.slug, "token": feed.token},
    )


def _events(response) -> dict[str, object]:
    calendar = Calendar.from_ical(response.content)
    return {str(event["UID"]): event for event in calendar.walk("VEVENT")}


def _soon(days: int, hour: int = 15) -> datetime.datetime:
    day = timezone.localdate() + datetime.timedelta(days=days)
    return datetime.datetime.combine(day, datetime.time(hour), tzinfo=CPH)


def test_the_feed_holds_the_meetings_of_the_persons_groups(client, world):
    own = _meeting(
        world["group"],
        _soon(3),
        place="Rådhuset",
        video_url="https://meet.example.org/trivsel",
    )
    old = _meeting(world["group"], _soon(-30))
    _meeting(world["group"], _soon(-90))  # more than 60 days ago: left out
    _meeting(world["other_group"], _soon(4))  # not the person's group
    feed = calendar_feed_get_or_create(user=world["member"], alliance=world["alliance"])

    response = client.get(_feed_url(feed))  # no login

    assert response.status_code == 200
    assert response["Content-Type"] == "text/calendar; charset=utf-8"
    calendar = Calendar.from_ical(response.content)
    assert calendar["VERSION"] == "2.0"
    assert calendar["PRODID"]
    assert str(calendar["X-WR-CALNAME"]).startswith("Ung & Sund")
    assert [tz["TZID"] for tz in calendar.walk("VTIMEZONE")] == ["Europe/Copenhagen"]
    events = _events(response)
    assert set(events) == {
        f"meeting-{own.pk}@alliance.example.org",
        f"meeting-{old.pk}@alliance.example.org",
    }
    event = events[f"meeting-{own.pk}@alliance.example.org"]
    assert str(event["SUMMARY"]) == "Trivsel: Møde"
    assert str(event["LOCATION"]) == "Rådhuset"
    assert "https://meet.example.org/trivsel" in str(event["DESCRIPTION"])
    assert str(event["URL"]) == "https://alliance.example.org" + reverse(
        "workgroups:meeting", kwargs={"alliance_slug": "kal", "pk": own.pk}
    )
    assert event["STATUS"] == "CONFIRMED"
    assert event["DTSTAMP"]
    assert event["DTSTART"].params["TZID"] == "Europe/Copenhagen"
    assert event.start == own.starts_at
    assert event.end == own.ends_at
    assert "member@example.org" not in response.content.decode()


def test_times_are_right_on_both_sides_of_the_daylight_saving_change(client, world):
    # The last Tuesday of March 2027 (30 March) is after the change to summer time (28 March);
    # the Tuesday before (23 March) is in winter time. Both at 15:00 in Copenhagen.
    meeting_series_schedule(
        group=world["group"],
        user=None,
        title="Tovholdermøde",
        rule=RecurrenceRule.WEEKLY,
        weekday=Weekday.TUESDAY,
        start_time=datetime.time(15, 0),
        end_time=datetime.time(16, 30),
        first_date=datetime.date(2027, 3, 23),
        until_date=datetime.date(2027, 3, 30),
    )
    meeting_series_schedule(
        group=world["group"],
        user=None,
        title="Månedsmøde",
        rule=RecurrenceRule.MONTHLY,
        week_of_month=WeekOfMonth.LAST,
        weekday=Weekday.TUESDAY,
        start_time=datetime.time(15, 0),
        end_time=datetime.time(16, 0),
        first_date=datetime.date(2027, 3, 1),
        until_date=datetime.date(2027, 3, 31),
    )
    feed = calendar_feed_get_or_create(user=world["member"], alliance=world["alliance"])

    events = _events(client.get(_feed_url(feed)))

    starts = sorted((event.start, str(event["SUMMARY"])) for event in events.values())
    assert [(start.astimezone(UTC), summary) for start, summary in starts] == [
        (datetime.datetime(2027, 3, 23, 14, 0, tzinfo=UTC), "Trivsel: Tovholdermøde"),
        (datetime.datetime(2027, 3, 30, 13, 0, tzinfo=UTC), "Trivsel: Månedsmøde"),
        (datetime.datetime(2027, 3, 30, 13, 0, tzinfo=UTC), "Trivsel: Tovholdermøde"),
    ]
    for start, _summary in starts:
        assert start.tzinfo.key == "Europe/Copenhagen"
        assert (start.hour, start.minute) == (15, 0)


def test_a_cancelled_meeting_stays_with_status_cancelled_and_a_new_sequence(client, world):
    meeting = _meeting(world["group"], _soon(5))
    feed = calendar_feed_get_or_create(user=world["member"], alliance=world["alliance"])
    uid = f"meeting-{meeting.pk}@alliance.example.org"
    before = _events(client.get(_feed_url(feed)))[uid]

    meeting_cancel(meeting=meeting, user=None)
    after = _events(client.get(_feed_url(feed)))[uid]

    assert before["STATUS"] == "CONFIRMED"
    assert after["STATUS"] == "CANCELLED"
    assert after["SEQUENCE"] >= before["SEQUENCE"]


def test_a_new_address_revokes_the_old_one_at_once(client, world):
    _meeting(world["group"], _soon(2))
    feed = calendar_feed_get_or_create(user=world["member"], alliance=world["alliance"])
    old_url = _feed_url(feed)
    assert client.get(old_url).status_code == 200

    new = calendar_feed_reset(user=world["member"], alliance=world["alliance"])

    assert client.get(old_url).status_code == 404
    assert client.get(_feed_url(new)).status_code == 200
    assert CalendarFeed.objects.count() == 1


def test_unknown_tokens_other_alliances_and_deactivated_members_get_404(client, world):
    feed = calendar_feed_get_or_create(user=world["member"], alliance=world["alliance"])
    wrong_alliance = reverse(
        "workgroups:calendar_feed",
        kwargs={"alliance_slug": AllianceFactory().slug, "token": feed.token},
    )
    unknown = reverse(
        "workgroups:calendar_feed", kwargs={"alliance_slug": "kal", "token": "no-such-token"}
    )

    assert client.get(unknown).status_code == 404
    assert client.get(wrong_alliance).status_code == 404
    Membership.objects.filter(user=world["member"]).update(is_active=False)
    assert client.get(_feed_url(feed)).status_code == 404


def test_a_person_outside_the_group_does_not_see_its_meetings(client, world):
    meeting = _meeting(world["group"], _soon(2))
    feed = calendar_feed_get_or_create(user=world["outsider"], alliance=world["alliance"])

    events = _events(client.get(_feed_url(feed)))

    assert f"meeting-{meeting.pk}@alliance.example.org" not in events


def test_the_fetch_time_is_written_at_most_once_an_hour(client, world):
    feed = calendar_feed_get_or_create(user=world["member"], alliance=world["alliance"])
    client.get(_feed_url(feed))
    feed.refresh_from_db()
    first = feed.last_used_at
    assert first is not None

    client.get(_feed_url(feed))
    feed.refresh_from_db()
    assert feed.last_used_at == first
    assert calendar_feed_touch(feed=feed, now=first + datetime.timedelta(minutes=61))


def test_the_feed_runs_a_fixed_number_of_queries(client, world):
    feed = calendar_feed_get_or_create(user=world["member"], alliance=world["alliance"])
    calendar_feed_touch(feed=feed)  # no write during the measured requests

    def count(meetings: int) -> int:
        for number in range(meetings):
            _meeting(world["group"], _soon(number + 1))
        with CaptureQueriesContext(connection) as queries:
            assert client.get(_feed_url(feed)).status_code == 200
        return len(queries)

    assert count(2) == count(20)


def test_the_calendar_page_makes_the_address_when_asked_and_a_new_one(client, world):
    client.force_login(world["member"])
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
    page_url = reverse("workgroups:calendar", kwargs={"alliance_slug": "kal"})
    reset_url = reverse("workgroups:calendar_reset", kwargs={"alliance_slug": "kal"})

    # reading the page makes no address; it offers to make one
    before = client.get(page_url)
    assert before.status_code == 200
    assert not CalendarFeed.objects.exists()
    assert "Make my calendar address" in before.content.decode()
    assert "Make a new address" not in before.content.decode()

    made = client.post(reset_url)
    assert made.status_code == 302 and made["Location"] == page_url
    feed = CalendarFeed.objects.get(user=world["member"])
    first = client.get(page_url).content.decode()
    assert "Your calendar address is ready." in first
    assert "https://alliance.example.org" + _feed_url(feed) in first
    assert "Make my calendar address" not in first

    response = client.post(reset_url)
    assert response.status_code == 302
    assert response["Location"] == page_url
    new = CalendarFeed.objects.get(user=world["member"])
    assert new.token != feed.token
    page = client.get(page_url).content.decode()
    assert _feed_url(new) in page
    assert _feed_url(feed) not in page
    assert "You have a new calendar address." in page


def test_one_meeting_downloads_as_an_ics_file(client, world):
    meeting = _meeting(world["group"], _soon(2))
    url = reverse("workgroups:meeting_ics", kwargs={"alliance_slug": "kal", "pk": meeting.pk})

    client.force_login(world["member"])
    response = client.get(url)

    assert response.status_code == 200
    assert response["Content-Type"] == "text/calendar; charset=utf-8"
    assert response["Content-Disposition"] == f'attachment; filename="meeting-{meeting.pk}.ics"'
    assert list(_events(response)) == [f"meeting-{meeting.pk}@alliance.example.org"]

    client.force_login(world["outsider"])
    assert client.get(url).status_code == 403
    client.logout()
    assert client.get(url).status_code == 302
