"""Reads about groups: the steering group's composition, the groups a person may see."""

import pytest

from alliance.models import Role, Sector
from tests.factories import (
    AllianceFactory,
    MembershipFactory,
    OrganisationFactory,
    UserFactory,
    WorkGroupFactory,
)
from workgroups.models import GroupKind, GroupRole
from workgroups.selectors import (
    steering_composition,
    workgroup_list_for_member,
    workgroup_list_visible_to,
)
from workgroups.services import group_member_add

pytestmark = pytest.mark.django_db


def _steering_group(alliance, *, seats: int, youth: int):
    group = WorkGroupFactory(alliance=alliance, kind=GroupKind.STEERING)
    for index in range(seats):
        group_member_add(group=group, user=UserFactory(), is_youth_representative=index < youth)
    return group


# steering_composition


def test_steering_composition_is_none_without_a_steering_group():
    alliance = AllianceFactory()
    WorkGroupFactory(alliance=alliance, kind=GroupKind.WORKING)

    assert steering_composition(alliance=alliance) is None


def test_steering_composition_counts_the_youth_share():
    alliance = AllianceFactory(youth_share_minimum=25)
    group = _steering_group(alliance, seats=4, youth=1)

    composition = steering_composition(alliance=alliance)

    assert composition["group"] == group
    assert composition["total"] == 4
    assert composition["youth"] == 1
    assert composition["youth_share"] == 25
    assert composition["youth_share_minimum"] == 25
    assert composition["youth_share_below_minimum"] is False  # 25 % meets a 25 % minimum
    assert len(composition["seats"]) == 4


def test_steering_composition_flags_a_youth_share_below_the_minimum():
    alliance = AllianceFactory(youth_share_minimum=25)
    _steering_group(alliance, seats=5, youth=1)

    composition = steering_composition(alliance=alliance)

    assert composition["youth_share"] == 20
    assert composition["youth_share_below_minimum"] is True


def test_steering_composition_of_an_empty_steering_group_is_not_flagged():
    alliance = AllianceFactory(youth_share_minimum=25)
    _steering_group(alliance, seats=0, youth=0)

    composition = steering_composition(alliance=alliance)

    assert composition["total"] == 0
    assert composition["youth_share"] == 0
    assert composition["youth_share_below_minimum"] is False


def test_steering_composition_lists_the_sectors_represented_once_each():
    alliance = AllianceFactory()
    group = WorkGroupFactory(alliance=alliance, kind=GroupKind.STEERING)
    school = OrganisationFactory(alliance=alliance, sector=Sector.EDUCATION)
    club = OrganisationFactory(alliance=alliance, sector=Sector.SPORTS_LEISURE)
    for organisation in (school, club, school, None):
        group_member_add(group=group, user=UserFactory(), organisation=organisation)

    composition = steering_composition(alliance=alliance)

    assert composition["sectors"] == sorted([Sector.EDUCATION.label, Sector.SPORTS_LEISURE.label])


# workgroup_list_visible_to


@pytest.fixture
def alliance_with_groups():
    alliance = AllianceFactory()
    seated = WorkGroupFactory(alliance=alliance, name="A seated")
    not_seated = WorkGroupFactory(alliance=alliance, name="B not seated")
    archived = WorkGroupFactory(alliance=alliance, name="C archived", is_archived=True)
    foreign = WorkGroupFactory(alliance=AllianceFactory(), name="D foreign")
    groups = {"seated": seated, "not_seated": not_seated, "archived": archived, "foreign": foreign}
    return alliance, groups


@pytest.mark.parametrize("role", [Role.MEMBER, Role.COORDINATOR, Role.YOUTH])
def test_a_member_sees_only_the_active_groups_they_sit_in(alliance_with_groups, role):
    alliance, groups = alliance_with_groups
    membership = MembershipFactory(alliance=alliance, role=role)
    for key in ("seated", "archived", "foreign"):
        group_member_add(group=groups[key], user=membership.user)

    visible = workgroup_list_visible_to(user=membership.user, membership=membership)

    assert list(visible) == [groups["seated"]]


@pytest.mark.parametrize("role", [Role.STEERING, Role.SECRETARIAT])
def test_steering_and_secretariat_see_every_active_group_of_their_alliance(
    alliance_with_groups, role
):
    alliance, groups = alliance_with_groups
    membership = MembershipFactory(alliance=alliance, role=role)

    visible = workgroup_list_visible_to(user=membership.user, membership=membership)

    assert list(visible) == [groups["seated"], groups["not_seated"]]


def test_workgroup_list_visible_to_counts_the_members(alliance_with_groups):
    alliance, groups = alliance_with_groups
    membership = MembershipFactory(alliance=alliance, role=Role.MEMBER)
    group_member_add(group=groups["seated"], user=membership.user)
    for _ in range(2):
        group_member_add(group=groups["seated"], user=UserFactory())

    visible = workgroup_list_visible_to(user=membership.user, membership=membership)

    assert [group.member_count for group in visible] == [3]


def test_workgroup_list_visible_to_without_a_membership_is_empty(alliance_with_groups):
    assert list(workgroup_list_visible_to(user=UserFactory(), membership=None)) == []


# workgroup_list_for_member


def test_workgroup_list_for_member_lists_the_persons_seats_with_the_groups_member_count():
    alliance = AllianceFactory()
    user = UserFactory()
    group = WorkGroupFactory(alliance=alliance)
    WorkGroupFactory(alliance=alliance)  # not seated
    group_member_add(group=group, user=user, role=GroupRole.COORDINATOR)
    for _ in range(2):
        group_member_add(group=group, user=UserFactory())

    groups = list(workgroup_list_for_member(user=user, alliance=alliance))

    assert groups == [group]
    assert [seat.role for seat in groups[0].my_seat] == [GroupRole.COORDINATOR]
    assert groups[0].member_count == 3  # everyone in the group, not only this person
