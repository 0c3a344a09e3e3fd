"""The demo alliance's year of meetings and its news: minutes, decisions, action items (some
overdue) and news with comments, loaded without telling anybody."""

from __future__ import annotations

import datetime

import pytest
from django.core import mail
from django.core.management import call_command
from django.utils import timezone

from alliance.models import Alliance, Notification, User
from workgroups.models import (
    ActionItem,
    ActionItemStatus,
    Decision,
    GroupKind,
    Meeting,
    MinutesStatus,
    NewsComment,
    NewsPost,
    WorkGroup,
)

pytestmark = pytest.mark.django_db


@pytest.fixture
def alliance(eager_celery) -> Alliance:
    call_command("seed_demo", allow_demo_users=True, quiet=True)
    return Alliance.objects.get(slug="kalundborg")


def _check_every_group_has_a_year_of_meetings_in_series(alliance):
    now = timezone.now()
    for group in WorkGroup.objects.filter(alliance=alliance):
        meetings = Meeting.objects.filter(group=group)
        first = meetings.order_by("starts_at").first().starts_at
        last = meetings.order_by("starts_at").last().starts_at
        assert (now - first).days >= 270, group.name
        assert (last - now).days >= 30, group.name
        if group.kind == GroupKind.STEERING:
            assert 7 <= meetings.count() <= 10
        else:
            assert meetings.exclude(series=None).count() == meetings.count(), group.name
    working = WorkGroup.objects.get(alliance=alliance, slug="c-aktiv-fritid-for-alle")
    assert Meeting.objects.filter(group=working).count() >= 15  # every second week at first


def _check_past_meetings_have_published_agendas_attendance_and_minutes(alliance):
    past = Meeting.objects.filter(
        group__alliance=alliance, ends_at__lt=timezone.now(), is_cancelled=False
    )

    assert past.count() >= 100
    assert not past.filter(agenda_published_at=None).exists()
    assert not past.exclude(minutes_status=MinutesStatus.PUBLISHED).exists()
    assert not past.filter(attendances=None).exists()
    for meeting in past.prefetch_related("agenda_items"):
        items = list(meeting.agenda_items.all())
        assert 2 <= len(items) <= 4
        assert all(item.minutes for item in items)


def _check_the_next_meetings_have_draft_agendas_and_group_a_a_published_one(alliance):
    now = timezone.now()
    for group in WorkGroup.objects.filter(alliance=alliance):
        upcoming = Meeting.objects.filter(group=group, starts_at__gt=now).order_by("starts_at")
        assert upcoming.first().agenda_items.exists(), group.name
    coordinator = User.objects.get(email="coordinator@example.org")
    own = WorkGroup.objects.get(alliance=alliance, members__user=coordinator)
    assert Meeting.objects.filter(
        group=own, starts_at__gt=now, agenda_published_at__isnull=False
    ).exists()
    assert (
        Meeting.objects.filter(
            group__alliance=alliance, starts_at__gt=now, agenda_published_at=None
        )
        .filter(agenda_items__isnull=False)
        .exists()
    )


def _check_decisions_include_the_steering_groups_adoption_of_the_common_agenda(alliance):
    decisions = Decision.objects.filter(meeting__group__alliance=alliance)

    assert decisions.count() >= 40
    adoption = decisions.get(adopted_agenda_version__isnull=False)
    assert adoption.meeting.group.kind == GroupKind.STEERING
    assert adoption.adopted_agenda_version == alliance.agenda_versions.order_by("-number").first()


def _check_action_items_mostly_done_some_overdue_and_the_demo_logins_have_open_ones(alliance):
    items = ActionItem.objects.filter(group__alliance=alliance)
    today = timezone.localdate()
    overdue = items.filter(status=ActionItemStatus.OPEN, deadline__lt=today)

    assert items.filter(status=ActionItemStatus.DONE).count() > items.count() / 2
    assert overdue.count() >= 5
    for email in ("member@example.org", "coordinator@example.org"):
        mine = items.filter(owner__email=email, status=ActionItemStatus.OPEN)
        assert mine.filter(deadline__lt=today).exists(), email
        assert mine.filter(deadline__gte=today).exists(), email


def _check_news_to_the_alliance_and_to_groups_with_comments(alliance):
    posts = NewsPost.objects.filter(alliance=alliance)

    assert 8 <= posts.count() <= 12
    assert posts.filter(group=None).count() >= 3
    assert posts.exclude(group=None).count() >= 3
    assert {post.author.email for post in posts} >= {"secretariat@example.org"}
    assert NewsComment.objects.filter(post__alliance=alliance).count() >= 3
    assert posts.earliest("published_at").published_at < timezone.now() - datetime.timedelta(
        days=180
    )


def _check_seeding_tells_nobody(alliance):
    assert not Notification.objects.exists()
    assert mail.outbox == []


def test_the_demo_has_a_year_of_meetings_minutes_decisions_action_items_and_news(alliance):
    # One seeding for all the checks: the demo takes several seconds to load.
    _check_every_group_has_a_year_of_meetings_in_series(alliance)
    _check_past_meetings_have_published_agendas_attendance_and_minutes(alliance)
    _check_the_next_meetings_have_draft_agendas_and_group_a_a_published_one(alliance)
    _check_decisions_include_the_steering_groups_adoption_of_the_common_agenda(alliance)
    _check_action_items_mostly_done_some_overdue_and_the_demo_logins_have_open_ones(alliance)
    _check_news_to_the_alliance_and_to_groups_with_comments(alliance)
    _check_seeding_tells_nobody(alliance)


def test_running_it_again_adds_no_meetings_or_news(alliance):
    counts = (Meeting.objects.count(), ActionItem.objects.count(), NewsPost.objects.count())

    call_command("seed_demo", allow_demo_users=True, quiet=True)

    assert (Meeting.objects.count(), ActionItem.objects.count(), NewsPost.objects.count()) == (
        counts
    )
