"""Meeting events tell the right people: agendas and minutes published, action items assigned
and overdue, each once, in each person's language."""

from __future__ import annotations

import datetime
from zoneinfo import ZoneInfo

import pytest
from django.core import mail
from django.urls import reverse
from django.utils import timezone

from alliance.models import EmailOptOut, Notification, Role
from tests.factories import AllianceFactory, MembershipFactory, UserFactory, WorkGroupFactory
from workgroups.models import GroupRole
from workgroups.services import group_member_add
from workgroups.services_meetings import (
    action_item_add,
    action_item_done,
    agenda_item_add,
    agenda_publish,
    meeting_schedule,
    minutes_publish,
)
from workgroups.tasks import action_items_overdue_notify_task

pytestmark = pytest.mark.django_db

CPH = ZoneInfo("Europe/Copenhagen")


@pytest.fixture
def alliance():
    return AllianceFactory(slug="kalundborg-test", name="Ung i Kalundborg")


def _person(alliance, email, *, role=Role.MEMBER, language=""):
    user = UserFactory(email=email, full_name=email.split("@")[0].title())
    user.language = language
    user.save(update_fields=["language"])
    MembershipFactory(user=user, alliance=alliance, role=role)
    return user


@pytest.fixture
def group(alliance):
    return WorkGroupFactory(alliance=alliance, name="Trivsel i skolen")


@pytest.fixture
def coordinator(alliance, group):
    user = _person(alliance, "koordinator@example.org", role=Role.COORDINATOR)
    group_member_add(group=group, user=user, role=GroupRole.COORDINATOR)
    return user


@pytest.fixture
def members(alliance, group):
    people = [_person(alliance, f"medlem{n}@example.org") for n in range(2)]
    for person in people:
        group_member_add(group=group, user=person)
    return people


@pytest.fixture
def meeting(group, coordinator):
    day = datetime.date(2026, 3, 10)
    meeting = meeting_schedule(
        group=group,
        user=coordinator,
        title="Martsmøde",
        starts_at=datetime.datetime.combine(day, datetime.time(15), tzinfo=CPH),
        ends_at=datetime.datetime.combine(day, datetime.time(16, 30), tzinfo=CPH),
        place="Rådhuset",
    )
    agenda_item_add(meeting=meeting, user=coordinator, title="Status på indsatsen")
    return meeting


def _told(kind):
    return sorted(Notification.objects.filter(kind=kind).values_list("user__email", flat=True))


def test_publishing_an_agenda_tells_the_members_once_but_not_the_publisher(
    alliance, meeting, coordinator, members, eager_celery, django_capture_on_commit_callbacks
):
    # given a member of another group, who must not hear of it
    outsider = _person(alliance, "udenfor@example.org")
    group_member_add(group=WorkGroupFactory(alliance=alliance), user=outsider)

    # when the coordinator publishes the agenda, and then again
    with django_capture_on_commit_callbacks(execute=True):
        agenda_publish(meeting=meeting, user=coordinator)
    with django_capture_on_commit_callbacks(execute=True):
        agenda_publish(meeting=meeting, user=coordinator)

    # then each member is told once, in the app and by email
    assert _told("agenda_published") == ["medlem0@example.org", "medlem1@example.org"]
    assert sorted(m.to[0] for m in mail.outbox) == ["medlem0@example.org", "medlem1@example.org"]
    notification = Notification.objects.filter(kind="agenda_published").first()
    assert notification.title == "Dagsorden: Martsmøde, Trivsel i skolen, 10. marts 2026 kl. 15:00"
    assert "Rådhuset" in notification.body
    assert notification.url == reverse(
        "workgroups:meeting", kwargs={"alliance_slug": alliance.slug, "pk": meeting.pk}
    )
    assert notification.event_key == f"agenda_published:{meeting.pk}"
    assert "Dagsorden: Martsmøde" in mail.outbox[0].subject


def test_a_member_who_switched_the_kind_off_is_told_in_the_app_only(
    alliance, meeting, coordinator, members, eager_celery, django_capture_on_commit_callbacks
):
    EmailOptOut.objects.create(user=members[0], alliance=alliance, kind="agenda_published")

    with django_capture_on_commit_callbacks(execute=True):
        agenda_publish(meeting=meeting, user=coordinator)

    assert len(_told("agenda_published")) == 2
    assert [m.to for m in mail.outbox] == [["medlem1@example.org"]]


def test_publishing_minutes_tells_the_members_once_but_not_the_publisher(
    meeting, coordinator, members, eager_celery, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        minutes_publish(meeting=meeting, user=coordinator)
    with django_capture_on_commit_callbacks(execute=True):
        minutes_publish(meeting=meeting, user=coordinator)

    assert _told("minutes_published") == ["medlem0@example.org", "medlem1@example.org"]
    assert len(mail.outbox) == 2
    assert Notification.objects.filter(kind="minutes_published").first().title == (
        "Referat: Martsmøde, Trivsel i skolen, 10. marts 2026 kl. 15:00"
    )


def test_an_english_speaking_member_is_told_in_english(
    alliance, group, meeting, coordinator, members, eager_celery, django_capture_on_commit_callbacks
):
    english = _person(alliance, "english@example.org", language="en")
    group_member_add(group=group, user=english)

    with django_capture_on_commit_callbacks(execute=True):
        agenda_publish(meeting=meeting, user=coordinator)

    titles = dict(
        Notification.objects.filter(kind="agenda_published").values_list("user__email", "title")
    )
    assert titles["english@example.org"] == (
        "Agenda: Martsmøde, Trivsel i skolen, March 10, 2026 at 3 p.m."
    )
    assert titles["medlem0@example.org"].startswith("Dagsorden: Martsmøde")
    english_mail = next(m for m in mail.outbox if m.to == ["english@example.org"])
    assert "Stop these emails:" in english_mail.body


def test_assigning_an_action_item_tells_the_owner_but_not_who_assigns_to_themselves(
    group, meeting, coordinator, members, eager_celery, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        item = action_item_add(
            group=group,
            user=coordinator,
            title="Send spørgeskemaet ud",
            owner=members[0],
            deadline=datetime.date(2026, 4, 1),
            meeting=meeting,
        )
        action_item_add(
            group=group,
            user=coordinator,
            title="Book lokalet",
            owner=coordinator,
            deadline=datetime.date(2026, 4, 1),
        )

    told = Notification.objects.get(kind="action_item_assigned")
    assert told.user == members[0]
    assert told.event_key == f"action_item_assigned:{item.pk}"
    assert told.title == "Ny opgave: Send spørgeskemaet ud"
    assert "1. april 2026" in told.body
    assert [m.to for m in mail.outbox] == [["medlem0@example.org"]]


def test_the_overdue_task_tells_each_owner_once_even_when_run_twice(
    group, coordinator, members, eager_celery, django_capture_on_commit_callbacks
):
    yesterday = timezone.localdate() - datetime.timedelta(days=1)
    overdue = action_item_add(
        group=group, user=coordinator, title="Skriv notatet", owner=members[0], deadline=yesterday
    )
    done = action_item_add(
        group=group, user=coordinator, title="Ring til skolen", owner=members[1], deadline=yesterday
    )
    action_item_done(item=done, user=members[1])
    action_item_add(
        group=group,
        user=coordinator,
        title="Næste måned",
        owner=members[1],
        deadline=timezone.localdate() + datetime.timedelta(days=30),
    )
    mail.outbox.clear()

    with django_capture_on_commit_callbacks(execute=True):
        first = action_items_overdue_notify_task.delay().get()
    with django_capture_on_commit_callbacks(execute=True):
        second = action_items_overdue_notify_task.delay().get()

    assert (first, second) == (1, 0)
    told = Notification.objects.get(kind="action_item_overdue")
    assert (told.user, told.event_key) == (members[0], f"action_item_overdue:{overdue.pk}")
    assert told.title == "Fristen er overskredet: Skriv notatet"
    assert [m.to for m in mail.outbox] == [["medlem0@example.org"]]
