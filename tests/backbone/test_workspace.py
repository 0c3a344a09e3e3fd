"""The secretariat's workspace queues: each queue's count and oldest item, read from the apps'
providers; another alliance's items are never counted; the age of the oldest in words."""

from __future__ import annotations

import datetime
from decimal import Decimal

import pytest
from django.utils import timezone, translation

from alliance.models import CommitmentStatus, Role
from backbone.workspace import WORKSPACE_QUEUES, age_in_words, workspace_for, workspace_lines
from measurement.models import DataPoint, DataPointStatus, Frequency, Summary, SummaryStatus
from measurement.periods import period_after, period_due
from tests.factories import (
    AllianceFactory,
    CommitmentFactory,
    FocusAreaFactory,
    InvitationFactory,
    MembershipFactory,
    OrganisationFactory,
    UserFactory,
    WorkGroupFactory,
)
from tests.measurement.factories import DataPointFactory, IndicatorFactory
from tests.youth_voice.factories_community import youth_input
from workgroups.models import ActionItem, ActionItemStatus, Decision, GroupKind, Meeting
from youth_voice.models import InputReport, InputStatus, Moderation

pytestmark = pytest.mark.django_db

NOW = timezone.now()
TODAY = timezone.localdate(NOW)


def ago(days: int) -> datetime.datetime:
    return NOW - datetime.timedelta(days=days)


def secretariat_of(alliance):
    return MembershipFactory(alliance=alliance, role=Role.SECRETARIAT)


def lines_of(alliance, membership=None, now=NOW) -> dict:
    membership = membership or secretariat_of(alliance)
    return {
        line.key: line
        for line in workspace_lines(alliance=alliance, membership=membership, now=now)
    }


@pytest.fixture
def alliance():
    return AllianceFactory(is_public=False)


@pytest.fixture
def other():
    """Another alliance: nothing of it may be counted in the first one's workspace."""
    return AllianceFactory(is_public=False)


# ---------------------------------------------------------------------------
# Age in words
# ---------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("since", "words"),
    [
        (NOW - datetime.timedelta(hours=5), "under en dag"),
        (ago(1), "1 dag"),
        (ago(12), "12 dage"),
        (ago(59), "59 dage"),
        (ago(61), "2 måneder"),
        (ago(400), "13 måneder"),
        (ago(800), "2 år"),
        (TODAY - datetime.timedelta(days=3), "3 dage"),
    ],
)
def test_the_age_of_the_oldest_is_said_in_days_then_months_then_years(since, words):
    with translation.override("da"):
        assert age_in_words(since, NOW) == words


# ---------------------------------------------------------------------------
# Values waiting for approval
# ---------------------------------------------------------------------------


def test_values_waiting_for_approval_are_counted_with_the_first_submitted(alliance, other):
    indicator = IndicatorFactory(alliance=alliance, code="AU1", name="Aktive unge")
    waiting = [
        DataPointFactory(indicator=indicator, status=DataPointStatus.SUBMITTED, period=period)
        for period in (datetime.date(2024, 1, 1), datetime.date(2025, 1, 1))
    ]
    DataPoint.objects.filter(pk=waiting[0].pk).update(updated_at=ago(3))
    DataPoint.objects.filter(pk=waiting[1].pk).update(updated_at=ago(12))
    DataPointFactory(indicator=indicator, status=DataPointStatus.APPROVED)
    DataPointFactory(
        indicator=indicator, status=DataPointStatus.DRAFT, period=datetime.date(2026, 1, 1)
    )
    DataPointFactory(indicator=IndicatorFactory(alliance=other), status=DataPointStatus.SUBMITTED)

    line = lines_of(alliance)["approvals"]

    assert line.count == 2
    assert line.oldest_since == ago(12)
    assert "Aktive unge" in line.oldest_label
    assert waiting[1].organisation.name in line.oldest_label
    assert line.url == f"/{alliance.slug}/measurement/approvals/"
    assert line.oldest_url == (
        f"/{alliance.slug}/measurement/approvals/?indicator={indicator.pk}"
        f"&period=yearly%3A2025-01-01#row-{waiting[1].pk}"
    )


# ---------------------------------------------------------------------------
# Working groups late with their reporting
# ---------------------------------------------------------------------------


def test_groups_late_with_a_report_are_counted_once_with_every_missing_report(alliance, other):
    late_group = WorkGroupFactory(alliance=alliance, name="Fritid")
    on_time = WorkGroupFactory(alliance=alliance, name="Skole")
    reporter = UserFactory()
    MembershipFactory(alliance=alliance, user=reporter, role=Role.COORDINATOR)
    on_time.members.create(user=reporter)
    due = period_due(Frequency.YEARLY, TODAY)
    for name in ("Klubmedlemmer", "Nye venner"):
        IndicatorFactory(alliance=alliance, name=name).workgroups.add(late_group)
    reported = IndicatorFactory(alliance=alliance, name="Elever i trivsel")
    reported.workgroups.add(on_time)
    DataPointFactory(indicator=reported, period=due, entered_by=reporter)
    IndicatorFactory(alliance=other).workgroups.add(WorkGroupFactory(alliance=other))

    line = lines_of(alliance)["late_reporting"]

    assert line.count == 1
    with translation.override("da"):
        line = lines_of(alliance)["late_reporting"]
    assert line.detail == "2 indberetninger mangler."
    assert line.oldest_since == period_after(Frequency.YEARLY, due)
    assert line.oldest_label.startswith("Fritid: ")
    assert line.url == f"/{alliance.slug}/measurement/periods/#late-heading"


# ---------------------------------------------------------------------------
# Indicators off track without a recent decision
# ---------------------------------------------------------------------------


def _figure(indicator, period: datetime.date, status: str, value="10") -> Summary:
    return Summary.objects.create(
        indicator=indicator,
        period=period,
        value=Decimal(value) if value is not None else None,
        status=status,
        computed_at=NOW,
    )


def _decision(group, *, days_ago: int, is_cancelled: bool = False) -> Decision:
    start = ago(days_ago)
    meeting = Meeting.objects.create(
        group=group,
        title="Møde",
        starts_at=start,
        ends_at=start + datetime.timedelta(hours=1),
        is_cancelled=is_cancelled,
    )
    return Decision.objects.create(meeting=meeting, text="Vi gør noget", decided_by=group.name)


def _off_track(alliance, name: str, *, group=None, focus_area=None):
    indicator = IndicatorFactory(alliance=alliance, name=name)
    if group is not None:
        indicator.workgroups.add(group)
    if focus_area is not None:
        indicator.focus_areas.add(focus_area)
    _figure(indicator, datetime.date(2024, 1, 1), SummaryStatus.ON_TRACK)
    _figure(indicator, datetime.date(2025, 1, 1), SummaryStatus.OFF_TRACK)
    return indicator


def test_indicators_off_track_count_unless_a_group_about_them_decided_lately(alliance, other):
    focus = FocusAreaFactory(alliance=alliance, title="Bevægelse")
    reporting = WorkGroupFactory(alliance=alliance, name="Rapporterende")
    of_the_area = WorkGroupFactory(alliance=alliance, name="Områdets gruppe")
    of_the_area.focus_areas.add(focus)
    steering = WorkGroupFactory(alliance=alliance, kind=GroupKind.STEERING, name="Styregruppen")
    steering.focus_areas.add(focus)
    unrelated = WorkGroupFactory(alliance=alliance, name="Anden gruppe")

    # counted: no decision; a decision too old; a cancelled meeting; only the steering group
    # (linked to every focus area) decided; only an unrelated group decided
    never = _off_track(alliance, "Aldrig behandlet")
    _off_track(alliance, "Gammel beslutning", group=reporting)
    _decision(reporting, days_ago=120)
    cancelled_group = WorkGroupFactory(alliance=alliance)
    _off_track(alliance, "Aflyst møde", group=cancelled_group)
    _decision(cancelled_group, days_ago=5, is_cancelled=True)
    _off_track(alliance, "Kun styregruppen", focus_area=focus)
    _decision(steering, days_ago=5)
    _decision(unrelated, days_ago=5)
    # not counted: its reporting group decided lately; a working group of its focus area did
    fresh_group = WorkGroupFactory(alliance=alliance)
    _off_track(alliance, "Nylig beslutning", group=fresh_group)
    _decision(fresh_group, days_ago=10)
    area_focus = FocusAreaFactory(alliance=alliance, title="Søvn")
    area_group = WorkGroupFactory(alliance=alliance)
    area_group.focus_areas.add(area_focus)
    _off_track(alliance, "Områdets beslutning", focus_area=area_focus)
    _decision(area_group, days_ago=30)
    # not counted: back on track in the latest period; the latest period has no value yet
    recovered = IndicatorFactory(alliance=alliance, name="På rette vej igen")
    _figure(recovered, datetime.date(2024, 1, 1), SummaryStatus.OFF_TRACK)
    _figure(recovered, datetime.date(2025, 1, 1), SummaryStatus.ON_TRACK)
    empty_latest = _off_track(alliance, "Ingen ny værdi")
    _figure(empty_latest, datetime.date(2026, 1, 1), SummaryStatus.NO_DATA, value=None)
    _off_track(other, "Anden alliance")

    line = lines_of(alliance)["off_track"]

    assert line.count == 5
    # the oldest off-track figure: all are of 2025 here, so the first by primary key
    assert line.oldest_label.startswith(str(never))
    assert line.oldest_since == datetime.date(2026, 1, 1)
    assert line.oldest_url == f"/{alliance.slug}/measurement/indicators/{never.pk}/"
    assert "90" in line.help_text


def test_the_oldest_indicator_off_track_is_the_one_with_the_earliest_figure(alliance):
    newer = _off_track(alliance, "Nyere")
    older = IndicatorFactory(alliance=alliance, name="Ældre")
    _figure(older, datetime.date(2023, 1, 1), SummaryStatus.OFF_TRACK)

    line = lines_of(alliance)["off_track"]

    assert line.count == 2
    assert line.oldest_label.startswith(str(older))
    assert line.oldest_since == datetime.date(2024, 1, 1)
    assert newer.pk != older.pk


# ---------------------------------------------------------------------------
# Youth input
# ---------------------------------------------------------------------------


def _set_created(item, days: int) -> None:
    type(item).objects.filter(pk=item.pk).update(created_at=ago(days))


def test_youth_input_waiting_for_moderation_is_counted_from_the_first_sent(alliance, other):
    first = youth_input(alliance=alliance, moderation=Moderation.PENDING)
    second = youth_input(alliance=alliance, moderation=Moderation.PENDING)
    _set_created(first, 9)
    _set_created(second, 2)
    youth_input(alliance=alliance, moderation=Moderation.PUBLISHED)
    youth_input(alliance=other, moderation=Moderation.PENDING)

    line = lines_of(alliance)["youth_moderation"]

    assert line.count == 2
    assert line.oldest_since == ago(9)
    assert line.oldest_url == f"/{alliance.slug}/youth/{first.pk}/moderate/"
    assert line.url == f"/{alliance.slug}/youth/moderation/"
    assert first.text not in line.oldest_label  # not moderated yet: its text is not shown


def test_reported_inputs_are_counted_once_however_many_reports(alliance, other):
    reported = youth_input(alliance=alliance)
    for reporter in ("a", "b"):
        InputReport.objects.create(input=reported, reason="Grimt", reporter_hash=reporter)
    InputReport.objects.filter(input=reported, reporter_hash="a").update(created_at=ago(4))
    resolved = youth_input(alliance=alliance)
    InputReport.objects.create(input=resolved, reason="Grimt", reporter_hash="c", resolved_at=NOW)
    foreign = youth_input(alliance=other)
    InputReport.objects.create(input=foreign, reason="Grimt", reporter_hash="d")

    line = lines_of(alliance)["youth_reported"]

    assert line.count == 1
    assert line.oldest_since == ago(4)
    assert line.oldest_url == f"/{alliance.slug}/youth/{reported.pk}/moderate/"


def test_youth_input_waiting_for_an_answer_has_the_overdue_on_a_line_of_their_own(alliance, other):
    group = WorkGroupFactory(alliance=alliance, name="Byrum")
    routed = {"status": InputStatus.ROUTED, "routed_group": group, "routed_at": NOW}
    most_overdue = youth_input(
        alliance=alliance, answer_due=TODAY - datetime.timedelta(days=8), **routed
    )
    youth_input(alliance=alliance, answer_due=TODAY - datetime.timedelta(days=2), **routed)
    in_time = youth_input(
        alliance=alliance, answer_due=TODAY + datetime.timedelta(days=5), **routed
    )
    considering = youth_input(alliance=alliance, status=InputStatus.CONSIDERING)
    private = youth_input(
        alliance=alliance, moderation=Moderation.PRIVATE, status=InputStatus.CONSIDERING
    )
    _set_created(in_time, 6)
    _set_created(considering, 15)
    _set_created(private, 1)
    # not waiting: answered, closed, not yet moderated, hidden; nor another alliance's
    youth_input(
        alliance=alliance,
        status=InputStatus.ANSWERED,
        answer_due=TODAY - datetime.timedelta(days=20),
        routed_group=group,
    )
    youth_input(alliance=alliance, status=InputStatus.DONE)
    youth_input(alliance=alliance, moderation=Moderation.PENDING)
    youth_input(alliance=alliance, moderation=Moderation.HIDDEN)
    other_group = WorkGroupFactory(alliance=other)
    youth_input(
        alliance=other,
        status=InputStatus.ROUTED,
        routed_group=other_group,
        answer_due=TODAY - datetime.timedelta(days=30),
    )
    youth_input(alliance=other, status=InputStatus.CONSIDERING)

    lines = lines_of(alliance)
    overdue, waiting = lines["youth_overdue"], lines["youth_waiting"]

    assert (overdue.count, overdue.is_deadline) == (2, True)
    assert overdue.oldest_since == TODAY - datetime.timedelta(days=8)
    assert overdue.oldest_url == f"/{alliance.slug}/youth/{most_overdue.pk}/"
    assert "Byrum" in overdue.oldest_label
    assert overdue.url == f"/{alliance.slug}/youth/overdue/"
    assert waiting.count == 3  # in time, being considered, kept private
    assert waiting.oldest_since == ago(15)
    assert waiting.oldest_url == f"/{alliance.slug}/youth/{considering.pk}/"
    keys = list(lines)
    assert keys.index("youth_overdue") < keys.index("youth_waiting")


# ---------------------------------------------------------------------------
# Invitations and commitments
# ---------------------------------------------------------------------------


def test_pending_invitations_are_counted_with_the_expired_ones_named(alliance, other):
    oldest = InvitationFactory(alliance=alliance, full_name="Mette Holm")
    expired = InvitationFactory(alliance=alliance, expires_at=ago(1))
    InvitationFactory(alliance=alliance, accepted_at=NOW)
    InvitationFactory(alliance=alliance, revoked_at=NOW)
    InvitationFactory(alliance=other)
    type(oldest).objects.filter(pk=oldest.pk).update(created_at=ago(20))
    type(expired).objects.filter(pk=expired.pk).update(created_at=ago(16))

    with translation.override("da"):
        line = lines_of(alliance)["invitations"]

    assert line.count == 2
    assert line.oldest_since == ago(20)
    assert line.oldest_label.startswith("Mette Holm")
    assert line.detail == "1 er udløbet: send den igen, eller træk den tilbage."
    assert line.url == f"/{alliance.slug}/people/#invitations-heading"


def test_commitments_waiting_for_a_signature_are_counted_from_the_first_sent(alliance, other):
    representative = UserFactory()
    first = CommitmentFactory(
        organisation=OrganisationFactory(alliance=alliance, name="Idrætsforeningen"),
        status=CommitmentStatus.AWAITING_SIGNATURE,
        representative=representative,
    )
    second = CommitmentFactory(
        organisation=OrganisationFactory(alliance=alliance),
        status=CommitmentStatus.AWAITING_SIGNATURE,
    )
    type(first).objects.filter(pk=first.pk).update(updated_at=ago(30))
    type(second).objects.filter(pk=second.pk).update(updated_at=ago(3))
    CommitmentFactory(
        organisation=OrganisationFactory(alliance=alliance), status=CommitmentStatus.SIGNED
    )
    CommitmentFactory(organisation=OrganisationFactory(alliance=alliance))  # a draft
    CommitmentFactory(
        organisation=OrganisationFactory(alliance=other),
        status=CommitmentStatus.AWAITING_SIGNATURE,
    )

    with translation.override("da"):
        line = lines_of(alliance)["commitments"]

    assert line.count == 2
    assert line.oldest_since == ago(30)
    assert line.oldest_label == "Idrætsforeningen"
    assert line.oldest_url == f"/{alliance.slug}/partners/{first.organisation_id}/"
    assert line.detail == "1 har ingen, der kan underskrive den: vælg en repræsentant."


# ---------------------------------------------------------------------------
# Action items past their deadline
# ---------------------------------------------------------------------------


def _item(group, *, days_late: int, status=ActionItemStatus.OPEN, title="Ring til skolen"):
    owner = UserFactory(full_name="Pia Kjær")
    return ActionItem.objects.create(
        group=group,
        title=title,
        owner=owner,
        deadline=TODAY - datetime.timedelta(days=days_late),
        status=status,
    )


def test_overdue_action_items_are_counted_per_group_with_the_most_overdue(alliance, other):
    sport = WorkGroupFactory(alliance=alliance, name="Sport", slug="sport")
    school = WorkGroupFactory(alliance=alliance, name="Skole", slug="skole")
    archived = WorkGroupFactory(alliance=alliance, is_archived=True)
    most = _item(school, days_late=40, title="Bestil hallen")
    _item(sport, days_late=3)
    _item(sport, days_late=1)
    _item(sport, days_late=0)  # due today: not overdue yet
    _item(sport, days_late=-5)
    _item(sport, days_late=10, status=ActionItemStatus.DONE)
    _item(archived, days_late=10)
    _item(WorkGroupFactory(alliance=other), days_late=10)

    line = lines_of(alliance)["overdue_action_items"]

    assert (line.count, line.is_deadline) == (3, True)
    assert line.oldest_since == most.deadline
    assert line.oldest_label == "Bestil hallen · Pia Kjær · Skole"
    assert line.oldest_url == f"/{alliance.slug}/groups/skole/#actions-heading"
    assert [(part.label, part.count, part.url) for part in line.parts] == [
        ("Sport", 2, f"/{alliance.slug}/groups/sport/#actions-heading"),
        ("Skole", 1, f"/{alliance.slug}/groups/skole/#actions-heading"),
    ]


# ---------------------------------------------------------------------------
# The whole workspace
# ---------------------------------------------------------------------------


def test_every_provider_gives_its_lines_and_empty_queues_are_done(alliance):
    workspace = workspace_for(alliance=alliance, membership=secretariat_of(alliance), now=NOW)

    assert len(WORKSPACE_QUEUES) == 4
    assert workspace.waiting == []
    assert workspace.total == 0
    assert [row.line.key for row in workspace.done] == [
        "approvals",
        "late_reporting",
        "off_track",
        "youth_moderation",
        "youth_reported",
        "youth_overdue",
        "youth_waiting",
        "invitations",
        "commitments",
        "overdue_action_items",
    ]


def test_queues_with_work_come_first_and_the_total_adds_them_up(alliance):
    InvitationFactory(alliance=alliance)
    InvitationFactory(alliance=alliance)
    youth_input(alliance=alliance, moderation=Moderation.PENDING)

    workspace = workspace_for(alliance=alliance, membership=secretariat_of(alliance), now=NOW)

    assert [row.line.key for row in workspace.waiting] == ["youth_moderation", "invitations"]
    assert workspace.total == 3
    assert all(row.age for row in workspace.waiting)
    assert "invitations" not in [row.line.key for row in workspace.done]


@pytest.mark.parametrize("role", [Role.STEERING, Role.COORDINATOR, Role.MEMBER, Role.YOUTH])
def test_a_role_without_the_secretariats_work_gets_no_lines(alliance, role):
    InvitationFactory(alliance=alliance)
    youth_input(alliance=alliance, moderation=Moderation.PENDING)
    membership = MembershipFactory(alliance=alliance, role=role)

    assert lines_of(alliance, membership) == {}
