"""The steering group: creating it, seats (kept in sync with object permissions), ending a
term, and the composition panel's youth share and sector spread."""

import datetime

import pytest
from django.core.exceptions import ValidationError
from django.utils import timezone, translation

from alliance.models import Sector
from tests.factories import AllianceFactory, OrganisationFactory, UserFactory, WorkGroupFactory
from workgroups.models import GroupKind, GroupMember, GroupRole, WorkGroup
from workgroups.selectors import steering_composition
from workgroups.services import steering_group_create, steering_seat_end, steering_seat_save

pytestmark = pytest.mark.django_db

TODAY = timezone.localdate()
DAY = datetime.timedelta(days=1)


@pytest.fixture
def group():
    return WorkGroupFactory(
        alliance=AllianceFactory(youth_share_minimum=25), kind=GroupKind.STEERING
    )


def test_steering_group_create_makes_one_and_only_one():
    alliance = AllianceFactory()

    first = steering_group_create(alliance=alliance)
    second = steering_group_create(alliance=alliance)

    assert first == second
    assert first.kind == GroupKind.STEERING
    assert WorkGroup.objects.filter(alliance=alliance).count() == 1


def test_steering_group_create_avoids_a_taken_slug():
    alliance = AllianceFactory()
    WorkGroupFactory(alliance=alliance, slug="styregruppe")

    group = steering_group_create(alliance=alliance)

    assert group.slug != "styregruppe"


def test_seat_save_creates_a_seat_with_permissions(group):
    user = UserFactory()
    organisation = OrganisationFactory(alliance=group.alliance)

    seat = steering_seat_save(
        group=group,
        user=user,
        role=GroupRole.CHAIR,
        organisation=organisation,
        is_youth_representative=True,
        term_start=TODAY,
    )

    assert seat.role == GroupRole.CHAIR
    assert seat.is_youth_representative
    assert user.has_perm("workgroups.view_workgroup", group)
    assert user.has_perm("workgroups.manage_workgroup", group)


def test_seat_save_changing_the_role_updates_the_permissions(group):
    user = UserFactory()
    seat = steering_seat_save(group=group, user=user, role=GroupRole.CHAIR)

    steering_seat_save(group=group, user=user, seat=seat, role=GroupRole.MEMBER)

    fresh = type(user).objects.get(pk=user.pk)  # permissions are cached per user object
    assert not fresh.has_perm("workgroups.manage_workgroup", group)
    assert fresh.has_perm("workgroups.view_workgroup", group)


def test_seat_save_moving_a_seat_to_another_person_moves_the_permissions(group):
    old, new = UserFactory(), UserFactory()
    seat = steering_seat_save(group=group, user=old)

    moved = steering_seat_save(group=group, user=new, seat=seat)

    assert moved.user == new
    assert not GroupMember.objects.filter(group=group, user=old).exists()
    assert not type(old).objects.get(pk=old.pk).has_perm("workgroups.view_workgroup", group)


def test_seat_save_refuses_a_second_seat_for_the_same_person(group):
    user = UserFactory()
    steering_seat_save(group=group, user=user)
    other_seat = steering_seat_save(group=group, user=UserFactory())

    with pytest.raises(ValidationError) as error:
        steering_seat_save(group=group, user=user, seat=other_seat)

    assert "user" in error.value.message_dict


def test_seat_save_refuses_a_term_that_ends_before_it_starts(group):
    with pytest.raises(ValidationError) as error:
        steering_seat_save(group=group, user=UserFactory(), term_start=TODAY, term_end=TODAY - DAY)

    with translation.override("da"):  # the message is translated when it is read
        assert error.value.message_dict["term_end"] == [
            "Perioden kan ikke slutte, før den er startet."
        ]


def test_seat_save_refuses_another_alliances_organisation(group):
    with pytest.raises(ValidationError):
        steering_seat_save(group=group, user=UserFactory(), organisation=OrganisationFactory())


def test_seat_save_is_for_the_steering_group_only():
    with pytest.raises(ValueError):
        steering_seat_save(group=WorkGroupFactory(), user=UserFactory())


def test_seat_end_ends_the_term_yesterday_so_it_stops_counting_today(group):
    seat = steering_seat_save(
        group=group, user=UserFactory(), term_start=TODAY - 30 * DAY, is_youth_representative=True
    )

    steering_seat_end(seat=seat)

    seat.refresh_from_db()
    assert seat.term_end == TODAY - DAY
    assert seat.history.count() == 2
    assert steering_composition(alliance=group.alliance)["youth"] == 0


def test_seat_end_of_a_future_term_ends_it_when_it_starts(group):
    seat = steering_seat_save(group=group, user=UserFactory(), term_start=TODAY + 10 * DAY)

    steering_seat_end(seat=seat)

    assert seat.term_end == seat.term_start


# the composition


def _seat(group, *, youth=False, organisation=None, start=None, end=None, role=GroupRole.MEMBER):
    return steering_seat_save(
        group=group,
        user=UserFactory(),
        is_youth_representative=youth,
        organisation=organisation,
        term_start=start,
        term_end=end,
        role=role,
    )


def test_an_ended_youth_term_drops_the_share_below_the_minimum_and_warns(group):
    youth = _seat(group, youth=True, start=TODAY - 100 * DAY)
    for _ in range(3):
        _seat(group)
    assert steering_composition(alliance=group.alliance)["youth_share_below_minimum"] is False

    steering_seat_end(seat=youth)

    composition = steering_composition(alliance=group.alliance)
    assert composition["total"] == 3
    assert composition["all_seats"] == 4
    assert composition["youth"] == 0
    assert composition["youth_share_below_minimum"] is True
    assert composition["has_warnings"] is True


def test_open_and_current_terms_count_future_ones_do_not(group):
    _seat(group, youth=True)  # open both ends
    _seat(group, youth=True, start=TODAY, end=TODAY)  # today only
    _seat(group, youth=True, start=TODAY + DAY)  # not started yet
    _seat(group)

    composition = steering_composition(alliance=group.alliance)

    assert composition["total"] == 3
    assert composition["youth"] == 2
    assert composition["youth_share"] == 67


def test_a_sector_with_partners_but_no_current_seat_is_missing(group):
    alliance = group.alliance
    school = OrganisationFactory(alliance=alliance, sector=Sector.EDUCATION)
    club = OrganisationFactory(alliance=alliance, sector=Sector.SPORTS_LEISURE)
    OrganisationFactory(alliance=alliance, sector=Sector.BUSINESS)
    _seat(group, organisation=school)
    _seat(group, organisation=school)
    _seat(group, organisation=club, end=TODAY - DAY)  # ended: no longer counts

    composition = steering_composition(alliance=alliance)

    spread = {row["sector"]: row["seats"] for row in composition["sector_spread"]}
    assert spread == {Sector.EDUCATION: 2, Sector.SPORTS_LEISURE: 0, Sector.BUSINESS: 0}
    assert composition["missing_sectors"] == [Sector.SPORTS_LEISURE.label, Sector.BUSINESS.label]
    assert composition["has_warnings"] is True


def test_a_balanced_group_has_no_warnings(group):
    school = OrganisationFactory(alliance=group.alliance, sector=Sector.EDUCATION)
    _seat(group, organisation=school, youth=True)
    _seat(group, organisation=school, role=GroupRole.CHAIR)

    composition = steering_composition(alliance=group.alliance)

    assert composition["has_warnings"] is False
    assert len(composition["chair_user_ids"]) == 1
