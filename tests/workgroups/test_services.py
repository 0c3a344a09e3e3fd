"""Seating people in groups, and the object permissions that come with a seat."""

import datetime

import pytest
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction

from alliance.models import User
from tests.factories import (
    AllianceFactory,
    GroupMemberFactory,
    OrganisationFactory,
    UserFactory,
    WorkGroupFactory,
)
from workgroups.models import GroupKind, GroupMember, GroupRole
from workgroups.services import group_member_add, group_member_remove

pytestmark = pytest.mark.django_db

MANAGING = {GroupRole.CHAIR, GroupRole.VICE_CHAIR, GroupRole.COORDINATOR}


def _perms(user, group) -> set[str]:
    """The person's permissions on the group, read afresh (no cached user object)."""
    fresh = User.objects.get(pk=user.pk)
    names = ("view_workgroup", "contribute_workgroup", "manage_workgroup")
    return {name for name in names if fresh.has_perm(f"workgroups.{name}", group)}


@pytest.mark.parametrize("role", list(GroupRole))
def test_group_member_add_grants_view_and_contribute_and_manage_only_to_leaders(role):
    group = WorkGroupFactory()
    user = UserFactory()

    seat = group_member_add(group=group, user=user, role=role)

    assert seat.pk is not None
    assert seat.role == role
    expected = {"view_workgroup", "contribute_workgroup"}
    if role in MANAGING:
        expected.add("manage_workgroup")
    assert _perms(user, group) == expected


def test_the_permissions_are_on_that_group_only():
    group = WorkGroupFactory()
    other = WorkGroupFactory(alliance=group.alliance)
    user = UserFactory()

    group_member_add(group=group, user=user, role=GroupRole.CHAIR)

    assert _perms(user, other) == set()


def test_changing_the_role_to_member_removes_manage():
    group = WorkGroupFactory()
    user = UserFactory()
    group_member_add(group=group, user=user, role=GroupRole.COORDINATOR)

    seat = group_member_add(group=group, user=user, role=GroupRole.MEMBER)

    assert GroupMember.objects.filter(group=group, user=user).count() == 1
    assert seat.role == GroupRole.MEMBER
    assert _perms(user, group) == {"view_workgroup", "contribute_workgroup"}


def test_group_member_add_updates_the_existing_seat():
    group = WorkGroupFactory()
    user = UserFactory()
    first = group_member_add(group=group, user=user)

    second = group_member_add(group=group, user=user, is_youth_representative=True)

    assert second.pk == first.pk
    assert GroupMember.objects.get(pk=first.pk).is_youth_representative is True


def test_group_member_remove_removes_the_seat_and_its_permissions():
    group = WorkGroupFactory()
    user = UserFactory()
    seat = group_member_add(group=group, user=user, role=GroupRole.CHAIR)

    group_member_remove(seat=seat)

    assert not GroupMember.objects.filter(group=group, user=user).exists()
    assert _perms(user, group) == set()


def test_group_member_remove_leaves_the_other_seats_alone():
    group = WorkGroupFactory()
    leaving, staying = UserFactory(), UserFactory()
    seat = group_member_add(group=group, user=leaving)
    group_member_add(group=group, user=staying, role=GroupRole.CHAIR)

    group_member_remove(seat=seat)

    assert _perms(staying, group) == {
        "view_workgroup",
        "contribute_workgroup",
        "manage_workgroup",
    }


def test_a_term_ending_before_it_starts_is_rejected_and_nothing_is_saved():
    group = WorkGroupFactory()
    user = UserFactory()

    with pytest.raises(ValidationError) as excinfo:
        group_member_add(
            group=group,
            user=user,
            term_start=datetime.date(2026, 6, 1),
            term_end=datetime.date(2026, 5, 31),
        )

    assert "term_end" in excinfo.value.message_dict
    assert not GroupMember.objects.filter(group=group, user=user).exists()
    assert _perms(user, group) == set()


def test_a_term_of_one_day_is_accepted():
    seat = group_member_add(
        group=WorkGroupFactory(),
        user=UserFactory(),
        term_start=datetime.date(2026, 6, 1),
        term_end=datetime.date(2026, 6, 1),
    )

    assert seat.term_end == seat.term_start


def test_the_database_rejects_a_term_ending_before_it_starts():
    with pytest.raises(IntegrityError), transaction.atomic():
        GroupMemberFactory(term_start=datetime.date(2026, 6, 1), term_end=datetime.date(2026, 1, 1))


def test_an_organisation_of_another_alliance_is_rejected():
    group = WorkGroupFactory()
    foreign = OrganisationFactory(alliance=AllianceFactory())

    with pytest.raises(ValidationError) as excinfo:
        group_member_add(group=group, user=UserFactory(), organisation=foreign)

    assert "organisation" in excinfo.value.message_dict


def test_one_steering_group_per_alliance_is_enforced_by_the_database():
    alliance = AllianceFactory()
    WorkGroupFactory(alliance=alliance, kind=GroupKind.STEERING)

    with pytest.raises(IntegrityError), transaction.atomic():
        WorkGroupFactory(alliance=alliance, kind=GroupKind.STEERING)


def test_each_alliance_has_its_own_steering_group_and_many_working_groups():
    alliance = AllianceFactory()
    WorkGroupFactory(alliance=alliance, kind=GroupKind.STEERING)
    WorkGroupFactory(alliance=AllianceFactory(), kind=GroupKind.STEERING)
    WorkGroupFactory.create_batch(2, alliance=alliance, kind=GroupKind.WORKING)

    assert alliance.groups.count() == 3
