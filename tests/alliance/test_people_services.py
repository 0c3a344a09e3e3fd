"""The secretariat's changes to people (alliance.services.people)."""

import pytest
from django.core.exceptions import ValidationError

from alliance.models import Role
from alliance.services.people import (
    membership_restore_access,
    membership_revoke_access,
    membership_set_directory_listing,
    membership_update,
)
from tests.factories import MembershipFactory, OrganisationFactory

pytestmark = pytest.mark.django_db


def test_membership_update_changes_role_and_organisation():
    membership = MembershipFactory(role=Role.MEMBER)
    organisation = OrganisationFactory(alliance=membership.alliance)

    membership_update(membership=membership, role=Role.COORDINATOR, organisation=organisation)

    membership.refresh_from_db()
    assert membership.role == Role.COORDINATOR
    assert membership.organisation == organisation
    assert membership.history.count() == 2


def test_membership_update_without_changes_writes_no_history():
    membership = MembershipFactory(role=Role.MEMBER)

    membership_update(membership=membership, role=Role.MEMBER, organisation=None)

    assert membership.history.count() == 1


def test_membership_update_refuses_another_alliances_organisation():
    membership = MembershipFactory()

    with pytest.raises(ValidationError) as error:
        membership_update(
            membership=membership, role=Role.MEMBER, organisation=OrganisationFactory()
        )

    assert "organisation" in error.value.message_dict


def test_the_last_secretariat_cannot_be_demoted():
    membership = MembershipFactory(role=Role.SECRETARIAT)
    MembershipFactory(alliance=membership.alliance, role=Role.SECRETARIAT, is_active=False)

    with pytest.raises(ValidationError) as error:
        membership_update(membership=membership, role=Role.MEMBER, organisation=None)

    assert "sidste aktive medlem af alliancens sekretariat" in error.value.message_dict["role"][0]
    membership.refresh_from_db()
    assert membership.role == Role.SECRETARIAT


def test_a_secretariat_can_be_demoted_when_another_remains():
    membership = MembershipFactory(role=Role.SECRETARIAT)
    MembershipFactory(alliance=membership.alliance, role=Role.SECRETARIAT)

    membership_update(membership=membership, role=Role.MEMBER, organisation=None)

    membership.refresh_from_db()
    assert membership.role == Role.MEMBER


def test_the_last_secretariat_cannot_be_deactivated():
    membership = MembershipFactory(role=Role.SECRETARIAT)
    MembershipFactory(role=Role.SECRETARIAT)  # another alliance's does not count

    with pytest.raises(ValidationError) as error:
        membership_revoke_access(membership=membership)

    assert "sidste aktive medlem af alliancens sekretariat" in error.value.messages[0]
    membership.refresh_from_db()
    assert membership.is_active


def test_deactivate_keeps_the_membership_and_records_when():
    membership = MembershipFactory(role=Role.MEMBER)

    membership_revoke_access(membership=membership)

    membership.refresh_from_db()
    assert not membership.is_active
    assert membership.deactivated_at is not None
    assert membership.history.count() == 2


def test_reactivate_restores_access_with_the_same_role():
    membership = MembershipFactory(role=Role.COORDINATOR)
    membership_revoke_access(membership=membership)

    membership_restore_access(membership=membership)

    membership.refresh_from_db()
    assert membership.is_active
    assert membership.deactivated_at is None
    assert membership.role == Role.COORDINATOR


def test_deactivate_and_reactivate_are_idempotent():
    membership = MembershipFactory()

    membership_restore_access(membership=membership)
    membership_revoke_access(membership=membership)
    membership_revoke_access(membership=membership)

    assert membership.history.count() == 2


def test_directory_consent_is_set_and_withdrawn():
    membership = MembershipFactory()

    membership_set_directory_listing(membership=membership, is_listed=True)
    membership.refresh_from_db()
    assert membership.is_listed_in_directory

    membership_set_directory_listing(membership=membership, is_listed=False)
    membership.refresh_from_db()
    assert not membership.is_listed_in_directory
