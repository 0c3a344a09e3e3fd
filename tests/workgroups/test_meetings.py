"""Meetings of a group: scheduling, agenda, minutes, decisions, action items, and the reads."""

import datetime
from zoneinfo import ZoneInfo

import pytest
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone, translation

from alliance.models import AgendaVersion
from tests.factories import (
    AllianceFactory,
    FocusAreaFactory,
    UserFactory,
    WorkGroupFactory,
)
from workgroups.models import (
    ActionItemStatus,
    AttendanceStatus,
    Meeting,
    MinutesStatus,
    RecurrenceRule,
    Weekday,
    WeekOfMonth,
)
from workgroups.selectors_meetings import (
    action_items_open_for,
    decisions_log,
    meetings_upcoming_for,
)
from workgroups.services import group_member_add
from workgroups.services_meetings import (
    action_item_add,
    action_item_done,
    agenda_item_add,
    agenda_item_remove,
    agenda_item_update,
    agenda_publish,
    attendance_record,
    decision_add,
    meeting_schedule,
    meeting_series_schedule,
    minutes_correct,
    minutes_publish,
    minutes_save,
)

pytestmark = pytest.mark.django_db

CPH = ZoneInfo("Europe/Copenhagen")


def _at(day: datetime.date, hour: int, minute: int = 0) -> datetime.datetime:
    return datetime.datetime.combine(day, datetime.time(hour, minute), tzinfo=CPH)


def _meeting(group, *, day=datetime.date(2026, 3, 10), user=None, title="Meeting") -> Meeting:
    return meeting_schedule(
        group=group, user=user, title=title, starts_at=_at(day, 15), ends_at=_at(day, 16, 30)
    )


def _message(error: ValidationError) -> str:
    return " ".join(error.messages)


# --- scheduling ------------------------------------------------------------------------------


def test_every_second_tuesday_stays_at_15_local_across_the_october_dst_change():
    group = WorkGroupFactory()

    series = meeting_series_schedule(
        group=group,
        user=None,
        title="Working group meeting",
        rule=RecurrenceRule.BIWEEKLY,
        weekday=Weekday.TUESDAY,
        start_time=datetime.time(15, 0),
        end_time=datetime.time(16, 30),
        first_date=datetime.date(2026, 10, 12),  # a Monday: the first meeting is the Tuesday
        until_date=datetime.date(2026, 11, 10),
    )

    meetings = list(series.meetings.order_by("starts_at"))
    local = [timezone.localtime(m.starts_at, CPH) for m in meetings]
    assert [d.date() for d in local] == [
        datetime.date(2026, 10, 13),
        datetime.date(2026, 10, 27),
        datetime.date(2026, 11, 10),
    ]
    assert {(d.hour, d.minute) for d in local} == {(15, 0)}
    assert {timezone.localtime(m.ends_at, CPH).time() for m in meetings} == {datetime.time(16, 30)}
    # Summer time before 25 October (UTC+2), winter time after (UTC+1).
    utc_hours = [m.starts_at.astimezone(datetime.UTC).hour for m in meetings]
    assert utc_hours == [13, 14, 14]


def test_a_monthly_series_on_the_second_tuesday():
    group = WorkGroupFactory()

    series = meeting_series_schedule(
        group=group,
        user=None,
        title="Steering group",
        rule=RecurrenceRule.MONTHLY,
        weekday=Weekday.TUESDAY,
        week_of_month=WeekOfMonth.SECOND,
        start_time=datetime.time(9, 0),
        end_time=datetime.time(11, 0),
        first_date=datetime.date(2026, 1, 1),
        until_date=datetime.date(2026, 3, 31),
    )

    days = [timezone.localtime(m.starts_at, CPH).date() for m in series.meetings.all()]
    assert days == [
        datetime.date(2026, 1, 13),
        datetime.date(2026, 2, 10),
        datetime.date(2026, 3, 10),
    ]


def test_a_series_longer_than_the_limit_is_refused_and_nothing_is_saved():
    group = WorkGroupFactory()

    with translation.override("en"), pytest.raises(ValidationError) as error:
        meeting_series_schedule(
            group=group,
            user=None,
            title="Weekly",
            rule=RecurrenceRule.WEEKLY,
            weekday=Weekday.MONDAY,
            start_time=datetime.time(9, 0),
            end_time=datetime.time(10, 0),
            first_date=datetime.date(2026, 1, 1),
            until_date=datetime.date(2028, 1, 1),
        )

    assert "at most 60 meetings" in _message(error.value)
    assert not Meeting.objects.filter(group=group).exists()


def test_a_meeting_that_ends_before_it_starts_is_refused():
    group = WorkGroupFactory()
    day = datetime.date(2026, 3, 10)

    with translation.override("en"), pytest.raises(ValidationError) as error:
        meeting_schedule(
            group=group, user=None, title="Backwards", starts_at=_at(day, 16), ends_at=_at(day, 15)
        )

    assert error.value.message_dict["ends_at"] == ["Mødet skal slutte, efter at det er begyndt."]
    assert not Meeting.objects.exists()


def test_the_database_refuses_a_meeting_that_ends_before_it_starts():
    group = WorkGroupFactory()
    day = datetime.date(2026, 3, 10)

    with pytest.raises(IntegrityError), transaction.atomic():
        Meeting.objects.create(group=group, title="x", starts_at=_at(day, 16), ends_at=_at(day, 15))


def test_a_series_that_ends_before_it_starts_is_refused():
    group = WorkGroupFactory()

    with pytest.raises(ValidationError) as error:
        meeting_series_schedule(
            group=group,
            user=None,
            title="Backwards",
            rule=RecurrenceRule.WEEKLY,
            weekday=Weekday.TUESDAY,
            start_time=datetime.time(16, 0),
            end_time=datetime.time(15, 0),
            first_date=datetime.date(2026, 1, 1),
            until_date=datetime.date(2026, 2, 1),
        )

    assert "end_time" in error.value.message_dict
    assert not Meeting.objects.exists()


# --- agenda ----------------------------------------------------------------------------------


def test_agenda_items_are_numbered_updated_removed_and_published():
    group = WorkGroupFactory()
    presenter = UserFactory()
    meeting = _meeting(group)

    with translation.override("en"), pytest.raises(ValidationError) as error:
        agenda_publish(meeting=meeting, user=None)
    assert "at least one item" in _message(error.value)

    first = agenda_item_add(meeting=meeting, user=None, title="Welcome")
    second = agenda_item_add(meeting=meeting, user=None, title="Budget", presenter=presenter)
    third = agenda_item_add(meeting=meeting, user=None, title="Any other business")
    agenda_item_update(
        item=second, user=None, title="Budget 2027", presenter=presenter, duration_minutes=20
    )
    agenda_item_remove(item=first, user=None)
    published = agenda_publish(meeting=meeting, user=None)

    items = list(meeting.agenda_items.order_by("position"))
    assert [(i.position, i.title) for i in items] == [(1, "Budget 2027"), (2, third.title)]
    assert items[0].duration_minutes == 20
    assert items[0].presenter == presenter
    assert published.agenda_published_at is not None


# --- attendance, minutes, decisions ----------------------------------------------------------


def test_attendance_is_recorded_for_members_and_refused_for_outsiders():
    group = WorkGroupFactory()
    member = group_member_add(group=group, user=UserFactory()).user
    outsider = UserFactory(full_name="Ole Udenfor")
    meeting = _meeting(group)

    attendance_record(meeting=meeting, statuses={member: AttendanceStatus.PRESENT})
    attendance_record(meeting=meeting, statuses={member: AttendanceStatus.EXCUSED})
    with pytest.raises(ValidationError) as error:
        attendance_record(meeting=meeting, statuses={outsider: AttendanceStatus.PRESENT})

    assert list(meeting.attendances.values_list("user", "status")) == [
        (member.pk, AttendanceStatus.EXCUSED)
    ]
    assert "Ole Udenfor" in _message(error.value)


def test_published_minutes_change_only_with_a_correction_note():
    group = WorkGroupFactory()
    coordinator = UserFactory()
    meeting = _meeting(group)
    item = agenda_item_add(meeting=meeting, user=coordinator, title="Budget")
    minutes_save(
        meeting=meeting, user=coordinator, summary="Good meeting.", item_minutes={item.pk: "Agreed"}
    )
    minutes_publish(meeting=meeting, user=coordinator)

    # then the draft route is closed
    with translation.override("en"), pytest.raises(ValidationError) as error:
        minutes_save(meeting=meeting, user=coordinator, item_minutes={item.pk: "Changed"})
    assert "correction note" in _message(error.value)

    # and so are new decisions and action items
    member = UserFactory()
    group_member_add(group=group, user=member)
    with translation.override("en"), pytest.raises(ValidationError) as error:
        decision_add(meeting=meeting, user=coordinator, text="Late", decided_by="The group")
    assert "correction note" in _message(error.value)
    with translation.override("en"), pytest.raises(ValidationError) as error:
        action_item_add(
            group=group,
            user=coordinator,
            meeting=meeting,
            title="Late",
            owner=member,
            deadline=datetime.date(2026, 4, 1),
        )
    assert "can no longer be added" in _message(error.value)
    assert not meeting.decisions.exists() and not meeting.action_items.exists()

    # and a correction without a note is refused
    with translation.override("en"), pytest.raises(ValidationError) as error:
        minutes_correct(meeting=meeting, user=coordinator, note="  ", item_minutes={item.pk: "x"})
    assert "note" in error.value.message_dict

    item.refresh_from_db()
    assert item.minutes == "Agreed"

    correction = minutes_correct(
        meeting=meeting,
        user=coordinator,
        note="The amount was DKK 20,000, not 2,000.",
        item_minutes={item.pk: "Agreed: DKK 20,000"},
    )

    item.refresh_from_db()
    meeting.refresh_from_db()
    assert item.minutes == "Agreed: DKK 20,000"
    assert meeting.minutes_status == MinutesStatus.PUBLISHED
    assert meeting.minutes_published_at is not None
    assert list(meeting.minutes_corrections.all()) == [correction]
    assert correction.corrected_by == coordinator


def test_a_decision_may_adopt_a_version_of_the_common_agenda_of_the_same_alliance():
    group = WorkGroupFactory()
    meeting = _meeting(group)
    item = agenda_item_add(meeting=meeting, user=None, title="The common agenda")
    version = AgendaVersion.objects.create(alliance=group.alliance, number=1)
    foreign = AgendaVersion.objects.create(alliance=AllianceFactory(), number=1)

    decision = decision_add(
        meeting=meeting,
        user=None,
        text="The steering group adopts version 1.",
        decided_by="styregruppen",
        agenda_item=item,
        adopted_agenda_version=version,
    )
    with pytest.raises(ValidationError) as error:
        decision_add(
            meeting=meeting,
            user=None,
            text="x",
            decided_by="y",
            adopted_agenda_version=foreign,
        )

    assert list(version.adopting_decisions.all()) == [decision]
    assert "adopted_agenda_version" in error.value.message_dict


# --- action items ----------------------------------------------------------------------------


def test_an_action_item_for_someone_outside_the_group_is_refused():
    group = WorkGroupFactory()
    outsider = UserFactory(full_name="Ole Udenfor")
    # a seat in another group of the same alliance does not count
    group_member_add(group=WorkGroupFactory(alliance=group.alliance), user=outsider)

    with translation.override("en"), pytest.raises(ValidationError) as error:
        action_item_add(
            group=group,
            user=None,
            title="Book the room",
            owner=outsider,
            deadline=datetime.date(2026, 4, 1),
        )

    assert error.value.message_dict["owner"] == ["Ole Udenfor is not a member of the group."]
    assert not group.action_items.exists()


def test_open_action_items_across_groups_for_a_person_and_marking_one_done():
    alliance = AllianceFactory()
    person = UserFactory()
    first, second = WorkGroupFactory(alliance=alliance), WorkGroupFactory(alliance=alliance)
    other_alliance_group = WorkGroupFactory()
    for group in (first, second, other_alliance_group):
        group_member_add(group=group, user=person)
    colleague = group_member_add(group=first, user=UserFactory()).user
    meeting = _meeting(first)

    late = action_item_add(
        group=second, user=None, title="Late", owner=person, deadline=datetime.date(2026, 3, 1)
    )
    soon = action_item_add(
        group=first,
        user=None,
        title="Soon",
        owner=person,
        deadline=datetime.date(2026, 4, 1),
        meeting=meeting,
    )
    done = action_item_add(
        group=first, user=None, title="Done", owner=person, deadline=datetime.date(2026, 2, 1)
    )
    action_item_add(
        group=first,
        user=None,
        title="Not mine",
        owner=colleague,
        deadline=datetime.date(2026, 2, 1),
    )
    action_item_add(
        group=other_alliance_group,
        user=None,
        title="Elsewhere",
        owner=person,
        deadline=datetime.date(2026, 2, 1),
    )
    action_item_done(item=done, user=person, note="Booked room 2.")

    assert list(action_items_open_for(user=person, alliance=alliance)) == [late, soon]
    done.refresh_from_db()
    assert done.status == ActionItemStatus.DONE
    assert done.done_note == "Booked room 2."
    assert done.done_at is not None
    with pytest.raises(ValidationError):
        action_item_done(item=done, user=person)


def test_open_action_items_take_one_query(django_assert_num_queries):
    alliance = AllianceFactory()
    person = UserFactory()
    for _ in range(3):
        group = WorkGroupFactory(alliance=alliance)
        group_member_add(group=group, user=person)
        action_item_add(
            group=group, user=None, title="x", owner=person, deadline=datetime.date(2026, 4, 1)
        )

    with django_assert_num_queries(1):
        items = list(action_items_open_for(user=person, alliance=alliance))
        assert {(i.group.name, i.meeting) for i in items}


def test_upcoming_meetings_are_those_of_the_persons_groups_not_over_and_not_cancelled():
    alliance = AllianceFactory()
    person = UserFactory()
    mine, theirs = WorkGroupFactory(alliance=alliance), WorkGroupFactory(alliance=alliance)
    group_member_add(group=mine, user=person)
    now = _at(datetime.date(2026, 3, 10), 12)
    past = _meeting(mine, day=datetime.date(2026, 3, 3))
    later = _meeting(mine, day=datetime.date(2026, 3, 24))
    today = _meeting(mine, day=datetime.date(2026, 3, 10))
    cancelled = _meeting(mine, day=datetime.date(2026, 3, 17))
    cancelled.is_cancelled = True
    cancelled.save()
    _meeting(theirs, day=datetime.date(2026, 3, 11))

    upcoming = list(meetings_upcoming_for(user=person, alliance=alliance, now=now))

    assert upcoming == [today, later]
    assert past not in upcoming


# --- the decisions log -----------------------------------------------------------------------


def _published_decision(group, *, day, text, rationale="", item_title="Item"):
    meeting = _meeting(group, day=day)
    item = agenda_item_add(meeting=meeting, user=None, title=item_title)
    decision = decision_add(
        meeting=meeting,
        user=None,
        text=text,
        rationale=rationale,
        decided_by="arbejdsgruppen",
        agenda_item=item,
    )
    minutes_publish(meeting=meeting, user=None)
    return decision


def test_the_decisions_log_filters_by_group_focus_area_date_and_text():
    alliance = AllianceFactory()
    wellbeing = FocusAreaFactory(alliance=alliance)
    schools = WorkGroupFactory(alliance=alliance)
    schools.focus_areas.add(wellbeing)
    sports = WorkGroupFactory(alliance=alliance)
    march = _published_decision(
        schools, day=datetime.date(2026, 3, 10), text="Start a mentor scheme"
    )
    april = _published_decision(
        sports,
        day=datetime.date(2026, 4, 14),
        text="Open the hall on Fridays",
        rationale="Young people asked for a place to meet.",
    )
    may = _published_decision(
        schools, day=datetime.date(2026, 5, 12), text="Survey", item_title="Mentor follow-up"
    )
    # a draft decision and another alliance's decision stay out
    draft_meeting = _meeting(schools, day=datetime.date(2026, 5, 20))
    decision_add(meeting=draft_meeting, user=None, text="Draft", decided_by="x")
    _published_decision(WorkGroupFactory(), day=datetime.date(2026, 3, 10), text="Elsewhere")

    assert list(decisions_log(alliance=alliance)) == [may, april, march]
    assert list(decisions_log(alliance=alliance, group=schools)) == [may, march]
    assert list(decisions_log(alliance=alliance, focus_area=wellbeing)) == [may, march]
    assert list(
        decisions_log(
            alliance=alliance, since=datetime.date(2026, 4, 1), until=datetime.date(2026, 4, 14)
        )
    ) == [april]
    assert list(decisions_log(alliance=alliance, query="mentor")) == [may, march]
    assert list(decisions_log(alliance=alliance, query="young PEOPLE")) == [april]
    assert list(decisions_log(alliance=alliance, group=sports, query="mentor")) == []


@pytest.mark.parametrize("count", [3, 30])
def test_the_decisions_log_takes_one_query_whatever_the_number(count, django_assert_num_queries):
    alliance = AllianceFactory()
    focus_area = FocusAreaFactory(alliance=alliance)
    group = WorkGroupFactory(alliance=alliance)
    group.focus_areas.add(focus_area)
    version = AgendaVersion.objects.create(alliance=alliance, number=1)
    meeting = _meeting(group)
    item = agenda_item_add(meeting=meeting, user=None, title="Item")
    for index in range(count):
        decision_add(
            meeting=meeting,
            user=None,
            text=f"Decision {index}",
            decided_by="arbejdsgruppen",
            agenda_item=item,
            adopted_agenda_version=version if index == 0 else None,
        )
    minutes_publish(meeting=meeting, user=None)

    with django_assert_num_queries(1):
        rows = [
            (d.meeting.group.name, d.agenda_item.title, d.adopted_agenda_version)
            for d in decisions_log(
                alliance=alliance,
                focus_area=focus_area,
                since=datetime.date(2026, 1, 1),
                query="Decision",
            )
        ]

    assert len(rows) == count
