"""The group pages: the list, a group's page, creating, changing and archiving a group and
seating its members; and the services behind them."""

from __future__ import annotations

import datetime

import pytest
from django.contrib.messages import get_messages
from django.core.exceptions import ValidationError
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone, translation

from alliance.models import Role
from tests.factories import (
    AllianceFactory,
    FocusAreaFactory,
    MembershipFactory,
    OrganisationFactory,
    UserFactory,
    WorkGroupFactory,
)
from workgroups.models import (
    ActionItem,
    Decision,
    GroupKind,
    GroupMember,
    GroupRole,
    Meeting,
    MinutesStatus,
    NewsPost,
    WorkGroup,
)
from workgroups.permissions import can_manage_workgroup, can_view_workgroup
from workgroups.services import (
    group_archive,
    group_create,
    group_member_add,
    group_slug_suggest,
    group_unarchive,
    group_update,
)
from workgroups.services_meetings import meeting_schedule

pytestmark = pytest.mark.django_db

NOW = timezone.now()


def _url(name, alliance, **kwargs):
    return reverse(f"workgroups:{name}", kwargs={"alliance_slug": alliance.slug, **kwargs})


def _person(alliance, role=Role.MEMBER, **kwargs):
    return MembershipFactory(alliance=alliance, role=role, **kwargs).user


def _messages(response):
    return [str(message) for message in get_messages(response.wsgi_request)]


@pytest.fixture
def alliance():
    return AllianceFactory(is_public=False)


@pytest.fixture
def group(alliance):
    return WorkGroupFactory(alliance=alliance, name="Trivsel i skolen", slug="trivsel")


@pytest.fixture
def secretariat(alliance):
    return _person(alliance, Role.SECRETARIAT)


@pytest.fixture
def coordinator(alliance, group):
    user = _person(alliance, Role.COORDINATOR)
    group_member_add(group=group, user=user, role=GroupRole.COORDINATOR)
    return user


@pytest.fixture
def member(alliance, group):
    user = _person(alliance, Role.MEMBER)
    group_member_add(group=group, user=user)
    return user


# ---------------------------------------------------------------------------
# Services
# ---------------------------------------------------------------------------


def test_group_create_makes_a_short_name_from_the_name(alliance):
    area = FocusAreaFactory(alliance=alliance)
    organisation = OrganisationFactory(alliance=alliance)

    group = group_create(
        alliance=alliance,
        name="  Fritid og fællesskab ",
        purpose="Flere unge i fritidsliv.",
        focus_areas=[area],
        lead_organisations=[organisation],
    )

    assert group.name == "Fritid og fællesskab"
    assert group.slug == "fritid-og-faellesskab"
    assert group.kind == GroupKind.WORKING
    assert list(group.focus_areas.all()) == [area]
    assert list(group.lead_organisations.all()) == [organisation]


def test_group_slug_suggest_skips_taken_and_reserved_names(alliance):
    WorkGroupFactory(alliance=alliance, slug="trivsel")
    WorkGroupFactory(alliance=alliance, slug="trivsel-2")
    WorkGroupFactory(slug="ny")  # another alliance's group does not count

    assert group_slug_suggest(alliance=alliance, name="Trivsel") == "trivsel-3"
    assert group_slug_suggest(alliance=alliance, name="New") == "new-2"
    assert group_slug_suggest(alliance=alliance, name="Ny") == "ny"


def test_group_create_refuses_a_taken_short_name_and_suggests_another(alliance, group):
    with translation.override("en"), pytest.raises(ValidationError) as error:
        group_create(alliance=alliance, name="Trivsel igen", slug="trivsel")

    assert "trivsel-2" in error.value.message_dict["slug"][0]
    assert WorkGroup.objects.filter(alliance=alliance).count() == 1


def test_group_create_refuses_the_steering_kind_and_foreign_focus_areas(alliance):
    with pytest.raises(ValidationError) as error:
        group_create(alliance=alliance, name="Styregruppe 2", kind=GroupKind.STEERING)
    assert "kind" in error.value.message_dict

    with pytest.raises(ValidationError) as error:
        group_create(alliance=alliance, name="X", focus_areas=[FocusAreaFactory()])
    assert "focus_areas" in error.value.message_dict
    assert not WorkGroup.objects.filter(alliance=alliance).exists()


def test_group_update_changes_details_but_keeps_kind_and_seats(alliance, group, member):
    area = FocusAreaFactory(alliance=alliance)

    group_update(group=group, name="Trivsel", slug="trivsel-ny", purpose="Ny", focus_areas=[area])

    group.refresh_from_db()
    assert (group.name, group.slug, group.purpose) == ("Trivsel", "trivsel-ny", "Ny")
    assert group.kind == GroupKind.WORKING
    assert list(group.focus_areas.all()) == [area]
    assert group.members.filter(user=member).exists()


def test_group_update_may_keep_its_own_short_name(group):
    group_update(group=group, name="Trivsel", slug="trivsel")

    group.refresh_from_db()
    assert group.slug == "trivsel"


def test_archive_and_unarchive(group):
    group_archive(group=group)
    group.refresh_from_db()
    assert group.is_archived

    with pytest.raises(ValidationError):
        group_archive(group=group)
    with pytest.raises(ValidationError):
        meeting_schedule(
            group=group, user=None, title="M", starts_at=NOW, ends_at=NOW + datetime.timedelta(1)
        )

    group_unarchive(group=group)
    group.refresh_from_db()
    assert not group.is_archived
    with pytest.raises(ValidationError):
        group_unarchive(group=group)


def test_the_steering_group_cannot_be_archived(alliance):
    steering = WorkGroupFactory(alliance=alliance, kind=GroupKind.STEERING)

    with pytest.raises(ValidationError):
        group_archive(group=steering)

    steering.refresh_from_db()
    assert not steering.is_archived


# ---------------------------------------------------------------------------
# The list
# ---------------------------------------------------------------------------


def test_a_member_lists_only_their_own_groups(client, alliance, group, member, coordinator):
    WorkGroupFactory(alliance=alliance, name="Anden gruppe")
    client.force_login(member)

    response = client.get(_url("list", alliance))

    content = response.content.decode()
    assert response.status_code == 200
    assert "Trivsel i skolen" in content
    assert "Anden gruppe" not in content
    assert coordinator.get_full_name() in content  # who leads it
    assert "?archived=1" not in content


def test_the_steering_group_lists_every_active_group(client, alliance, group):
    WorkGroupFactory(alliance=alliance, name="Anden gruppe")
    WorkGroupFactory(alliance=alliance, name="Gammel gruppe", is_archived=True)
    client.force_login(_person(alliance, Role.STEERING))

    response = client.get(_url("list", alliance))

    content = response.content.decode()
    assert "Trivsel i skolen" in content
    assert "Anden gruppe" in content
    assert "Gammel gruppe" not in content


def test_the_secretariat_lists_the_archived_groups(client, alliance, group, secretariat):
    WorkGroupFactory(alliance=alliance, name="Gammel gruppe", is_archived=True)
    client.force_login(secretariat)

    active = client.get(_url("list", alliance)).content.decode()
    archived = client.get(_url("list", alliance) + "?archived=1").content.decode()

    assert "Gammel gruppe" not in active
    assert "?archived=1" in active
    assert "Gammel gruppe" in archived
    assert "Trivsel i skolen" not in archived


def test_the_list_shows_the_next_meeting_and_member_count(
    client, alliance, group, member, coordinator
):
    soon = timezone.localtime() + datetime.timedelta(days=3)
    soon = soon.replace(hour=15, minute=0, second=0, microsecond=0)
    Meeting.objects.create(
        group=group,
        title="Aflyst",
        starts_at=soon,
        ends_at=soon + datetime.timedelta(hours=1),
        is_cancelled=True,
    )
    later = soon + datetime.timedelta(days=7)
    Meeting.objects.create(
        group=group, title="Næste", starts_at=later, ends_at=later + datetime.timedelta(hours=1)
    )
    client.cookies["django_language"] = "en"
    client.force_login(member)

    content = client.get(_url("list", alliance)).content.decode()

    assert f"{later:%H}:00" in content
    assert f">{later.day}. " in content
    assert "2 members" in content


def test_the_list_runs_a_fixed_number_of_queries(client, alliance, secretariat):
    def groups(n):
        for index in range(n):
            g = WorkGroupFactory(alliance=alliance)
            g.focus_areas.add(FocusAreaFactory(alliance=alliance))
            group_member_add(group=g, user=UserFactory(), role=GroupRole.COORDINATOR)
            Meeting.objects.create(
                group=g,
                title="M",
                starts_at=NOW + datetime.timedelta(days=index + 1),
                ends_at=NOW + datetime.timedelta(days=index + 1, hours=1),
            )

    client.force_login(secretariat)
    groups(2)
    with CaptureQueriesContext(connection) as few:
        assert client.get(_url("list", alliance)).status_code == 200
    groups(23)
    with CaptureQueriesContext(connection) as many:
        assert client.get(_url("list", alliance)).status_code == 200

    assert len(few) == len(many)


# ---------------------------------------------------------------------------
# The group page
# ---------------------------------------------------------------------------


def _fill(group, n, *, owner, now=NOW):
    """n upcoming and n past meetings (published minutes), n decisions, n open action items,
    n seats and n news items."""
    for index in range(n):
        start = now + datetime.timedelta(days=index + 1)
        Meeting.objects.create(
            group=group,
            title=f"Kommende {index}",
            starts_at=start,
            ends_at=start + datetime.timedelta(hours=1),
            is_cancelled=index == 0,
        )
        start = now - datetime.timedelta(days=index + 1)
        past = Meeting.objects.create(
            group=group,
            title=f"Afholdt {index}",
            starts_at=start,
            ends_at=start + datetime.timedelta(hours=1),
            minutes_status=MinutesStatus.PUBLISHED if index % 2 == 0 else MinutesStatus.DRAFT,
        )
        item = past.agenda_items.create(position=1, title=f"Punkt {index}")
        Decision.objects.create(
            meeting=past, agenda_item=item, text=f"Beslutning {index}", decided_by="Gruppen"
        )
        ActionItem.objects.create(
            group=group,
            meeting=past,
            title=f"Opgave {index}",
            owner=owner,
            deadline=timezone.localdate() + datetime.timedelta(days=1 if index == 0 else -index),
        )
        group_member_add(group=group, user=UserFactory())
        NewsPost.objects.create(
            alliance=group.alliance,
            group=group,
            title=f"Nyhed {index}",
            body="Tekst",
            published_at=now - datetime.timedelta(hours=index),
        )


def test_a_member_sees_the_group_page(client, alliance, group, member):
    _fill(group, 2, owner=member)
    NewsPost.objects.create(
        alliance=alliance,
        group=group,
        title="Trukket tilbage",
        body="x",
        published_at=NOW,
        is_withdrawn=True,
    )
    client.force_login(member)

    client.cookies["django_language"] = "en"
    response = client.get(_url("detail", alliance, group_slug=group.slug))

    content = response.content.decode()
    assert response.status_code == 200
    assert "Kommende 0" in content and "Cancelled" in content
    assert "Afholdt 0" in content  # published minutes
    assert "Afholdt 1" not in content  # draft minutes: for managers only
    assert "Opgave 0" in content and "overdue" in content
    assert "Beslutning 0" in content
    assert "Beslutning 1" not in content  # its minutes are a draft
    assert "Nyhed 0" in content and "Trukket tilbage" not in content
    assert member.get_full_name() in content
    assert "Schedule a meeting" not in content
    assert "Edit the group" not in content


def test_a_coordinator_sees_drafts_and_may_schedule(client, alliance, group, coordinator):
    _fill(group, 2, owner=coordinator)
    client.cookies["django_language"] = "en"
    client.force_login(coordinator)

    content = client.get(_url("detail", alliance, group_slug=group.slug)).content.decode()

    assert "Afholdt 1" in content and "Draft" in content
    assert _url("meeting_create", alliance, group_slug=group.slug) in content
    assert "Edit the group" not in content  # the secretariat's


def test_the_secretariat_gets_the_group_buttons(client, alliance, group, secretariat):
    client.cookies["django_language"] = "en"
    client.force_login(secretariat)

    content = client.get(_url("detail", alliance, group_slug=group.slug)).content.decode()

    for name in ("edit", "members", "archive"):
        assert _url(name, alliance, group_slug=group.slug) in content


def test_an_archived_group_stays_readable_without_scheduling(client, alliance, group, coordinator):
    group_archive(group=group)
    client.cookies["django_language"] = "en"
    client.force_login(coordinator)

    response = client.get(_url("detail", alliance, group_slug=group.slug))

    content = response.content.decode()
    assert response.status_code == 200
    assert "Archived" in content
    assert "Schedule a meeting" not in content


def test_a_member_of_another_group_is_refused(client, alliance, group):
    client.force_login(_person(alliance, Role.MEMBER))

    assert client.get(_url("detail", alliance, group_slug=group.slug)).status_code == 403


def test_the_group_page_runs_a_fixed_number_of_queries(client, alliance, group, coordinator):
    client.force_login(coordinator)
    _fill(group, 2, owner=coordinator)
    url = _url("detail", alliance, group_slug=group.slug)
    with CaptureQueriesContext(connection) as few:
        assert client.get(url).status_code == 200
    _fill(group, 23, owner=coordinator, now=NOW + datetime.timedelta(minutes=1))
    with CaptureQueriesContext(connection) as many:
        assert client.get(url).status_code == 200

    assert len(few) == len(many)


# ---------------------------------------------------------------------------
# Creating, changing, archiving
# ---------------------------------------------------------------------------


def test_the_secretariat_creates_a_group(client, alliance, secretariat):
    area = FocusAreaFactory(alliance=alliance)
    organisation = OrganisationFactory(alliance=alliance)
    client.force_login(secretariat)

    response = client.post(
        _url("create", alliance),
        {
            "name": "Fritid for alle",
            "slug": "",
            "kind": GroupKind.WORKING,
            "purpose": "Flere unge i foreningslivet.",
            "focus_areas": [area.pk],
            "lead_organisations": [organisation.pk],
        },
    )

    group = WorkGroup.objects.get(alliance=alliance, name="Fritid for alle")
    assert response.status_code == 302
    assert response["Location"] == _url("members", alliance, group_slug="fritid-for-alle")
    assert group.slug == "fritid-for-alle"
    assert list(group.focus_areas.all()) == [area]
    assert any("Fritid for alle" in message for message in _messages(response))


def test_creating_with_a_taken_short_name_shows_the_form_again(
    client, alliance, group, secretariat
):
    client.force_login(secretariat)

    response = client.post(
        _url("create", alliance),
        {"name": "Ny trivsel", "slug": "trivsel", "kind": GroupKind.WORKING, "purpose": "Tekst"},
    )

    content = response.content.decode()
    assert response.status_code == 400
    assert "trivsel-2" in content
    assert "Tekst" in content  # nothing typed is lost
    assert WorkGroup.objects.filter(alliance=alliance).count() == 1


@pytest.mark.parametrize(
    "data",
    [
        {"name": "", "kind": GroupKind.WORKING},
        {"name": "X", "kind": GroupKind.STEERING},
        {"name": "X", "kind": GroupKind.WORKING, "slug": "new"},
        {"name": "X", "kind": GroupKind.WORKING, "slug": "med mellemrum"},
        {"name": "X", "kind": GroupKind.WORKING, "focus_areas": ["abc"]},
    ],
)
def test_bad_input_to_create_is_a_400(client, alliance, secretariat, data):
    client.force_login(secretariat)

    response = client.post(_url("create", alliance), data)

    assert response.status_code == 400
    assert not WorkGroup.objects.filter(alliance=alliance).exists()


@pytest.mark.parametrize("role", [Role.COORDINATOR, Role.STEERING, Role.MEMBER, Role.YOUTH])
def test_only_the_secretariat_creates_edits_archives_and_seats(client, alliance, group, role):
    client.force_login(_person(alliance, role))
    group_member_add(group=group, user=_person(alliance))

    for name, kwargs in (
        ("create", {}),
        ("edit", {"group_slug": group.slug}),
        ("archive", {"group_slug": group.slug}),
        ("members", {"group_slug": group.slug}),
        ("member_remove", {"group_slug": group.slug, "seat_pk": group.members.first().pk}),
    ):
        assert client.get(_url(name, alliance, **kwargs)).status_code == 403
        assert client.post(_url(name, alliance, **kwargs)).status_code == 403
    assert group.members.count() == 1


def test_another_alliances_group_is_a_404(client, alliance, secretariat):
    foreign = WorkGroupFactory()
    client.force_login(secretariat)

    for name in ("detail", "edit", "archive", "members"):
        assert client.get(_url(name, alliance, group_slug=foreign.slug)).status_code == 404


def test_the_secretariat_edits_a_group(client, alliance, group, secretariat):
    client.force_login(secretariat)
    url = _url("edit", alliance, group_slug=group.slug)

    form = client.get(url)
    response = client.post(
        url, {"name": "Trivsel og skole", "slug": "trivsel-skole", "purpose": ""}
    )

    assert form.status_code == 200
    assert response.status_code == 302
    assert response["Location"] == _url("detail", alliance, group_slug="trivsel-skole")
    group.refresh_from_db()
    assert group.name == "Trivsel og skole"


def test_editing_to_a_taken_short_name_keeps_the_group(client, alliance, group, secretariat):
    WorkGroupFactory(alliance=alliance, slug="andet")
    client.force_login(secretariat)

    response = client.post(
        _url("edit", alliance, group_slug=group.slug), {"name": "Nyt navn", "slug": "andet"}
    )

    assert response.status_code == 400
    group.refresh_from_db()
    assert (group.name, group.slug) == ("Trivsel i skolen", "trivsel")


def test_the_secretariat_archives_and_unarchives_a_group(client, alliance, group, secretariat):
    client.force_login(secretariat)
    url = _url("archive", alliance, group_slug=group.slug)

    confirmation = client.get(url)
    archived = client.post(url, {"action": "archive"})
    group.refresh_from_db()
    assert confirmation.status_code == 200
    assert archived.status_code == 302
    assert group.is_archived

    again = client.post(url, {"action": "archive"})  # a second click: a message, no 500
    assert again.status_code == 302
    assert _messages(again)

    client.post(url, {"action": "unarchive"})
    group.refresh_from_db()
    assert not group.is_archived


def test_archiving_without_an_action_is_a_400(client, alliance, group, secretariat):
    client.force_login(secretariat)

    response = client.post(_url("archive", alliance, group_slug=group.slug), {})

    assert response.status_code == 400
    group.refresh_from_db()
    assert not group.is_archived


# ---------------------------------------------------------------------------
# Seats
# ---------------------------------------------------------------------------


def test_seating_a_coordinator_gives_manage_rights_on_that_group_only(
    client, alliance, group, secretariat
):
    other_group = WorkGroupFactory(alliance=alliance)
    person = _person(alliance, Role.COORDINATOR)
    organisation = OrganisationFactory(alliance=alliance)
    client.force_login(secretariat)

    response = client.post(
        _url("members", alliance, group_slug=group.slug),
        {
            "user": person.pk,
            "role": GroupRole.COORDINATOR,
            "organisation": organisation.pk,
            "is_voting": "on",
            "term_start": "2026-01-01",
            "term_end": "2027-12-31",
        },
    )

    assert response.status_code == 302
    seat = GroupMember.objects.get(group=group, user=person)
    assert seat.organisation == organisation
    assert seat.is_voting and not seat.is_youth_representative
    membership = person.memberships.get(alliance=alliance)
    person = type(person).objects.get(pk=person.pk)  # a fresh permission cache
    assert can_manage_workgroup(person, membership, group)
    assert not can_manage_workgroup(person, membership, other_group)
    assert can_view_workgroup(person, membership, group)


def test_changing_a_seat_to_member_takes_the_manage_rights_away(
    client, alliance, group, coordinator, secretariat
):
    seat = GroupMember.objects.get(group=group, user=coordinator)
    client.force_login(secretariat)
    url = _url("members", alliance, group_slug=group.slug)

    form = client.get(url + f"?seat={seat.pk}")
    response = client.post(
        url, {"seat": seat.pk, "role": GroupRole.MEMBER, "is_youth_representative": "on"}
    )

    assert form.status_code == 200
    assert response.status_code == 302
    seat.refresh_from_db()
    assert seat.role == GroupRole.MEMBER and seat.is_youth_representative
    fresh = type(coordinator).objects.get(pk=coordinator.pk)
    assert not can_manage_workgroup(fresh, fresh.memberships.get(alliance=alliance), group)


def test_seating_someone_twice_or_outside_the_alliance_is_refused(
    client, alliance, group, member, secretariat
):
    inactive = _person(alliance, is_active=False)
    stranger = UserFactory()
    client.force_login(secretariat)
    url = _url("members", alliance, group_slug=group.slug)

    for person in (member, inactive, stranger):
        response = client.post(url, {"user": person.pk, "role": GroupRole.MEMBER})
        assert response.status_code == 400
    assert group.members.count() == 1


def test_a_term_that_ends_before_it_starts_is_refused(client, alliance, group, secretariat):
    client.force_login(secretariat)

    response = client.post(
        _url("members", alliance, group_slug=group.slug),
        {
            "user": _person(alliance).pk,
            "role": GroupRole.MEMBER,
            "term_start": "2026-05-01",
            "term_end": "2026-04-01",
        },
    )

    assert response.status_code == 400
    assert not group.members.exists()


def test_a_seat_of_another_group_is_a_404(client, alliance, group, secretariat):
    other_seat = group_member_add(group=WorkGroupFactory(alliance=alliance), user=UserFactory())
    client.force_login(secretariat)

    assert (
        client.get(
            _url("members", alliance, group_slug=group.slug) + f"?seat={other_seat.pk}"
        ).status_code
        == 404
    )
    assert (
        client.get(_url("members", alliance, group_slug=group.slug) + "?seat=abc").status_code
        == 404
    )
    assert (
        client.post(
            _url("member_remove", alliance, group_slug=group.slug, seat_pk=other_seat.pk)
        ).status_code
        == 404
    )


def test_removing_a_seat_removes_the_permissions(client, alliance, group, coordinator, secretariat):
    seat = GroupMember.objects.get(group=group, user=coordinator)
    client.force_login(secretariat)
    url = _url("member_remove", alliance, group_slug=group.slug, seat_pk=seat.pk)

    confirmation = client.get(url)
    response = client.post(url)

    assert confirmation.status_code == 200
    assert coordinator.get_full_name() in confirmation.content.decode()
    assert response.status_code == 302
    assert not GroupMember.objects.filter(pk=seat.pk).exists()
    fresh = type(coordinator).objects.get(pk=coordinator.pk)
    membership = fresh.memberships.get(alliance=alliance)
    assert not can_view_workgroup(fresh, membership, group)
    assert not can_manage_workgroup(fresh, membership, group)


def test_the_steering_group_is_seated_on_the_same_page(client, alliance, secretariat):
    steering = WorkGroupFactory(alliance=alliance, kind=GroupKind.STEERING, slug="styregruppe")
    person = _person(alliance, Role.STEERING)
    client.force_login(secretariat)

    page = client.get(_url("members", alliance, group_slug=steering.slug))
    response = client.post(
        _url("members", alliance, group_slug=steering.slug),
        {"user": person.pk, "role": GroupRole.CHAIR, "is_voting": "on"},
    )
    steering_page = client.get(
        reverse("alliance:steering", kwargs={"alliance_slug": alliance.slug})
    )

    assert page.status_code == 200
    assert reverse("alliance:steering", kwargs={"alliance_slug": alliance.slug}) in (
        page.content.decode()
    )
    assert response.status_code == 302
    assert steering_page.status_code == 200
    assert person.get_full_name() in steering_page.content.decode()
    archive = client.post(
        _url("archive", alliance, group_slug=steering.slug), {"action": "archive"}
    )
    steering.refresh_from_db()
    assert archive.status_code == 302 and not steering.is_archived


# ---------------------------------------------------------------------------
# The admin
# ---------------------------------------------------------------------------


def test_every_workgroups_model_opens_in_the_admin(client, group, member):
    from django.contrib import admin

    from workgroups.models import CalendarFeed

    feed = CalendarFeed.objects.create(user=member, alliance=group.alliance, token="secret-token")
    _fill(group, 1, owner=member)
    client.force_login(UserFactory(is_staff=True, is_superuser=True))
    models = [model for model in admin.site._registry if model._meta.app_label == "workgroups"]

    for model in models:
        name = f"admin:workgroups_{model._meta.model_name}"
        assert client.get(reverse(f"{name}_changelist")).status_code == 200, model
        instance = model.objects.first()
        if instance is not None:
            assert client.get(reverse(f"{name}_change", args=[instance.pk])).status_code == 200
    feed_page = client.get(reverse("admin:workgroups_calendarfeed_change", args=[feed.pk]))

    assert len(models) == 10  # AgendaItem, Attendance and NewsComment are inlines
    assert "secret-token" not in feed_page.content.decode()
