"""The capability table: which role may do what in an alliance."""

import pytest

from alliance.models import Membership, Role
from alliance.permissions import CAPABILITIES, capabilities_of, has_capability

# Written out by hand, not derived from CAPABILITIES, so that a change to the table shows here.
EXPECTED = {
    "view_home": {Role.SECRETARIAT, Role.STEERING, Role.COORDINATOR, Role.MEMBER, Role.YOUTH},
    "view_groups": {Role.SECRETARIAT, Role.STEERING, Role.COORDINATOR, Role.MEMBER, Role.YOUTH},
    "view_all_groups": {Role.SECRETARIAT, Role.STEERING},
    "view_people": {Role.SECRETARIAT},
    "administer_alliance": {Role.SECRETARIAT},
    "view_agenda": {Role.SECRETARIAT, Role.STEERING, Role.COORDINATOR, Role.MEMBER, Role.YOUTH},
    "comment_agenda": {Role.SECRETARIAT, Role.STEERING},
    "edit_agenda": {Role.SECRETARIAT},
    "view_partners": {Role.SECRETARIAT, Role.STEERING, Role.COORDINATOR, Role.MEMBER, Role.YOUTH},
    "view_commitments": {Role.SECRETARIAT, Role.STEERING, Role.COORDINATOR, Role.MEMBER},
    "manage_partners": {Role.SECRETARIAT},
    "view_directory": {Role.SECRETARIAT, Role.STEERING, Role.COORDINATOR, Role.MEMBER},
    "manage_people": {Role.SECRETARIAT},
    "view_steering": {Role.SECRETARIAT, Role.STEERING, Role.COORDINATOR, Role.MEMBER},
    "manage_steering": {Role.SECRETARIAT},
    "view_history": {Role.SECRETARIAT},
    "view_dashboard": {Role.SECRETARIAT, Role.STEERING, Role.COORDINATOR, Role.MEMBER},
    "report_data": {Role.SECRETARIAT, Role.COORDINATOR},
    "approve_data": {Role.SECRETARIAT},
    "manage_indicators": {Role.SECRETARIAT},
    "manage_groups": {Role.SECRETARIAT},
    "view_decisions": {Role.SECRETARIAT, Role.STEERING, Role.COORDINATOR, Role.MEMBER},
    "view_news": {Role.SECRETARIAT, Role.STEERING, Role.COORDINATOR, Role.MEMBER, Role.YOUTH},
    "post_news": {Role.SECRETARIAT, Role.COORDINATOR},
    "comment_news": {Role.SECRETARIAT, Role.STEERING, Role.COORDINATOR, Role.MEMBER},
    "view_activities": {Role.SECRETARIAT, Role.STEERING, Role.COORDINATOR, Role.MEMBER},
    "manage_activities": {Role.SECRETARIAT, Role.COORDINATOR},
    "view_joinable_activities": {
        Role.SECRETARIAT,
        Role.STEERING,
        Role.COORDINATOR,
        Role.MEMBER,
        Role.YOUTH,
    },
    "view_reinforcement_map": {Role.SECRETARIAT, Role.STEERING},
    "view_youth_inputs": {Role.SECRETARIAT, Role.STEERING, Role.COORDINATOR, Role.MEMBER},
    "answer_youth_inputs": {Role.SECRETARIAT, Role.COORDINATOR},
    "manage_youth_portal": {Role.SECRETARIAT},
    "use_youth_portal": {Role.YOUTH},
    "view_workspace": {Role.SECRETARIAT},
    "request_reports": {Role.SECRETARIAT, Role.STEERING},
    "manage_health_check": {Role.SECRETARIAT},
    "answer_health_check": set(Role.values),
    "use_api": {Role.SECRETARIAT, Role.STEERING, Role.COORDINATOR, Role.MEMBER},
}


def _membership(role: str, *, is_active: bool = True) -> Membership:
    return Membership(role=role, is_active=is_active)


def test_every_capability_is_covered_here():
    assert set(CAPABILITIES) == set(EXPECTED)


@pytest.mark.parametrize("role", Role.values)
@pytest.mark.parametrize("capability", sorted(EXPECTED))
def test_has_capability_by_role(role, capability):
    assert has_capability(_membership(role), capability) is (role in EXPECTED[capability])


@pytest.mark.parametrize("role", Role.values)
@pytest.mark.parametrize("capability", sorted(EXPECTED))
def test_an_inactive_membership_has_no_capability(role, capability):
    assert has_capability(_membership(role, is_active=False), capability) is False


@pytest.mark.parametrize("capability", sorted(EXPECTED))
def test_no_membership_has_no_capability(capability):
    assert has_capability(None, capability) is False


def test_an_unknown_capability_raises():
    with pytest.raises(ValueError, match="view_peopel"):
        has_capability(_membership(Role.SECRETARIAT), "view_peopel")


@pytest.mark.parametrize("role", Role.values)
def test_capabilities_of_lists_what_the_role_grants(role):
    expected = {name for name, roles in EXPECTED.items() if role in roles}

    assert capabilities_of(_membership(role)) == expected


def test_capabilities_of_an_inactive_or_missing_membership_is_empty():
    assert capabilities_of(_membership(Role.SECRETARIAT, is_active=False)) == frozenset()
    assert capabilities_of(None) == frozenset()
