"""Reads about alliances: role and sector counts, the public list, a person's memberships."""

import pytest

from alliance.models import Role, Sector
from alliance.selectors import (
    alliance_list_public,
    membership_list_for_user,
    role_counts,
    sector_counts,
)
from tests.factories import AllianceFactory, MembershipFactory, OrganisationFactory, UserFactory

pytestmark = pytest.mark.django_db


def test_role_counts_lists_every_role_with_zeros_in_the_roles_order():
    alliance = AllianceFactory()

    counts = role_counts(alliance=alliance)

    assert [row["role"] for row in counts] == list(Role)
    assert [row["count"] for row in counts] == [0, 0, 0, 0, 0]
    assert [row["label"] for row in counts] == [role.label for role in Role]


def test_role_counts_counts_active_members_of_the_alliance_only():
    # given
    alliance = AllianceFactory()
    MembershipFactory.create_batch(2, alliance=alliance, role=Role.MEMBER)
    MembershipFactory(alliance=alliance, role=Role.SECRETARIAT)
    MembershipFactory(alliance=alliance, role=Role.YOUTH, is_active=False)
    MembershipFactory(alliance=alliance, role=Role.YOUTH, user__is_active=False)
    MembershipFactory(alliance=AllianceFactory(), role=Role.STEERING)

    # when
    counts = {row["role"]: row["count"] for row in role_counts(alliance=alliance)}

    # then
    assert counts == {
        Role.SECRETARIAT: 1,
        Role.STEERING: 0,
        Role.COORDINATOR: 0,
        Role.MEMBER: 2,
        Role.YOUTH: 0,
    }


def test_sector_counts_lists_every_sector_and_counts_the_alliances_organisations():
    alliance = AllianceFactory()
    OrganisationFactory.create_batch(3, alliance=alliance, sector=Sector.EDUCATION)
    OrganisationFactory(alliance=alliance, sector=Sector.BUSINESS)
    OrganisationFactory(alliance=AllianceFactory(), sector=Sector.EDUCATION)

    counts = sector_counts(alliance=alliance)

    assert [row["sector"] for row in counts] == list(Sector)
    by_sector = {row["sector"]: row["count"] for row in counts}
    assert by_sector[Sector.EDUCATION] == 3
    assert by_sector[Sector.BUSINESS] == 1
    assert sum(by_sector.values()) == 4


def test_alliance_list_public_excludes_private_alliances_and_sorts_by_name():
    AllianceFactory(name="Ørsted", slug="orsted", is_public=True)
    AllianceFactory(name="Aabenraa", slug="aabenraa", is_public=True)
    AllianceFactory(name="Hemmelig", slug="hemmelig", is_public=False)

    assert [a.name for a in alliance_list_public()] == ["Aabenraa", "Ørsted"]


def test_membership_list_for_user_lists_active_memberships_only():
    user = UserFactory()
    active = MembershipFactory(user=user, alliance__name="B alliance")
    MembershipFactory(user=user, alliance__name="A alliance", is_active=False)
    MembershipFactory()  # someone else's

    assert list(membership_list_for_user(user=user)) == [active]
