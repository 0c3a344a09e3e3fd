"""The steering group page (/<slug>/steering/): seats, composition, warnings for the
secretariat and the chairs, seat forms, and a fixed number of queries."""

import datetime

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from alliance.models import Role, Sector
from tests.factories import (
    AllianceFactory,
    MembershipFactory,
    OrganisationFactory,
    UserFactory,
    WorkGroupFactory,
)
from workgroups.models import GroupKind, GroupMember, GroupRole, WorkGroup
from workgroups.services import steering_seat_save

pytestmark = pytest.mark.django_db

TODAY = timezone.localdate()
WARNING = "The youth share is below the alliance"


@pytest.fixture
def english(client):
    client.cookies["django_language"] = "en"
    return client


@pytest.fixture
def alliance():
    return AllianceFactory(youth_share_minimum=25)


@pytest.fixture
def group(alliance):
    return WorkGroupFactory(alliance=alliance, kind=GroupKind.STEERING, name="Styregruppen")


def _url(name, alliance, **kwargs):
    return reverse(f"alliance:{name}", kwargs={"alliance_slug": alliance.slug, **kwargs})


def _login(client, alliance, role):
    membership = MembershipFactory(alliance=alliance, role=role)
    client.force_login(membership.user)
    return membership


def _seats(group, n, *, youth=0):
    organisation = OrganisationFactory(alliance=group.alliance, sector=Sector.EDUCATION)
    for index in range(n):
        steering_seat_save(
            group=group,
            user=UserFactory(),
            organisation=organisation,
            is_youth_representative=index < youth,
            term_start=TODAY - datetime.timedelta(days=10),
        )


def test_the_secretariat_sees_the_seats_and_the_warning(english, group):
    _login(english, group.alliance, Role.SECRETARIAT)
    _seats(group, 4, youth=0)

    response = english.get(_url("steering", group.alliance))

    content = response.content.decode()
    assert response.status_code == 200
    assert "Styregruppen" in content
    assert WARNING in content
    assert 'role="alert"' in content
    assert "Add a seat" in content


def test_a_steering_member_who_is_not_chair_sees_no_warning(english, group):
    membership = _login(english, group.alliance, Role.STEERING)
    steering_seat_save(group=group, user=membership.user)
    _seats(group, 3)

    content = english.get(_url("steering", group.alliance)).content.decode()

    assert WARNING not in content
    assert "Add a seat" not in content


def test_the_chair_sees_the_warning_here_and_on_their_home(english, group):
    membership = _login(english, group.alliance, Role.STEERING)
    steering_seat_save(group=group, user=membership.user, role=GroupRole.CHAIR)
    OrganisationFactory(alliance=group.alliance, sector=Sector.BUSINESS, name="Virksomhed")

    page = english.get(_url("steering", group.alliance)).content.decode()
    home = english.get(group.alliance.get_absolute_url()).content.decode()

    for content in (page, home):
        assert WARNING in content
        assert "no current seat in the steering group: Business" in content


def test_without_a_steering_group_the_secretariat_creates_it(english, alliance):
    _login(english, alliance, Role.SECRETARIAT)

    page = english.get(_url("steering", alliance))
    response = english.post(_url("steering_create", alliance))

    assert "Create the steering group" in page.content.decode()
    assert response.status_code == 302
    assert WorkGroup.objects.get(alliance=alliance).kind == GroupKind.STEERING


def test_a_seat_is_added_edited_and_ended(english, group):
    _login(english, group.alliance, Role.SECRETARIAT)
    person = MembershipFactory(alliance=group.alliance, role=Role.YOUTH)
    organisation = OrganisationFactory(alliance=group.alliance)

    response = english.post(
        _url("steering_seat_new", group.alliance),
        {
            "user": person.user.pk,
            "organisation": organisation.pk,
            "role": GroupRole.MEMBER,
            "is_youth_representative": "on",
            "is_voting": "on",
            "term_start": "2026-01-01",
        },
    )
    assert response.status_code == 302
    seat = GroupMember.objects.get(group=group, user=person.user)
    assert seat.is_youth_representative and seat.is_voting

    edit = english.post(
        _url("steering_seat_edit", group.alliance, pk=seat.pk),
        {"user": person.user.pk, "role": GroupRole.VICE_CHAIR, "term_start": "2026-01-01"},
    )
    assert edit.status_code == 302
    seat.refresh_from_db()
    assert seat.role == GroupRole.VICE_CHAIR
    assert not seat.is_youth_representative

    end = english.post(_url("steering_seat_end", group.alliance, pk=seat.pk))
    assert end.status_code == 302
    seat.refresh_from_db()
    assert seat.term_end == TODAY - datetime.timedelta(days=1)


def test_a_term_ending_before_it_starts_re_renders_the_form(client, group):
    _login(client, group.alliance, Role.SECRETARIAT)  # Danish, the default
    person = MembershipFactory(alliance=group.alliance)

    response = client.post(
        _url("steering_seat_new", group.alliance),
        {
            "user": person.user.pk,
            "role": GroupRole.MEMBER,
            "term_start": "2026-05-01",
            "term_end": "2026-04-01",
        },
    )

    assert response.status_code == 200
    assert "Perioden kan ikke slutte, før den er startet." in response.content.decode()
    assert not GroupMember.objects.exists()


def test_only_active_members_of_the_alliance_can_get_a_seat(english, group):
    _login(english, group.alliance, Role.SECRETARIAT)
    outsider = MembershipFactory().user
    gone = MembershipFactory(alliance=group.alliance, is_active=False).user

    for user in (outsider, gone):
        response = english.post(
            _url("steering_seat_new", group.alliance), {"user": user.pk, "role": GroupRole.MEMBER}
        )
        assert response.status_code == 200
    assert not GroupMember.objects.exists()


def test_a_working_group_seat_is_not_a_steering_seat(english, alliance, group):
    _login(english, alliance, Role.SECRETARIAT)
    working = WorkGroupFactory(alliance=alliance)
    seat = GroupMember.objects.create(group=working, user=UserFactory())

    assert english.get(_url("steering_seat_edit", alliance, pk=seat.pk)).status_code == 404
    assert english.post(_url("steering_seat_end", alliance, pk=seat.pk)).status_code == 404


@pytest.mark.parametrize("role", [Role.STEERING, Role.COORDINATOR, Role.MEMBER])
def test_other_roles_cannot_change_seats(client, group, role):
    _login(client, group.alliance, role)

    assert client.get(_url("steering_seat_new", group.alliance)).status_code == 403
    assert client.post(_url("steering_create", group.alliance)).status_code == 403


def test_the_steering_page_runs_a_fixed_number_of_queries(english, group):
    _login(english, group.alliance, Role.SECRETARIAT)
    _seats(group, 5, youth=1)

    def count():
        with CaptureQueriesContext(connection) as context:
            assert english.get(_url("steering", group.alliance)).status_code == 200
        return len(context.captured_queries)

    few = count()
    _seats(group, 45, youth=10)
    many = count()

    assert few == many
