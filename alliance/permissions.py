"""Which role may do what in an alliance: the one place that says so.

Views declare the capability they need (`@alliance_view("view_people")`); object-level checks
for groups live in `workgroups/permissions.py`. Later issues add their capabilities here.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from .models import Role

if TYPE_CHECKING:
    from .models import Membership

EVERY_ROLE = frozenset(Role.values)
ADULT_ROLES = frozenset({Role.SECRETARIAT, Role.STEERING, Role.COORDINATOR, Role.MEMBER})

# capability -> the roles that have it
CAPABILITIES: dict[str, frozenset[str]] = {
    # the alliance home (its content differs by role)
    "view_home": EVERY_ROLE,
    # groups the person sits in; secretariat and steering see every group
    "view_groups": EVERY_ROLE,
    "view_all_groups": frozenset({Role.SECRETARIAT, Role.STEERING}),
    # the register of people and their roles
    "view_people": frozenset({Role.SECRETARIAT}),
    "administer_alliance": frozenset({Role.SECRETARIAT}),
    # the common agenda: everyone reads it (youth read its public parts), the steering group
    # comments on it, the secretariat writes and publishes it
    "view_agenda": EVERY_ROLE,
    "comment_agenda": frozenset({Role.SECRETARIAT, Role.STEERING}),
    "edit_agenda": frozenset({Role.SECRETARIAT}),
    # partner organisations and their commitments; youth see the publicly listed partners only
    "view_partners": EVERY_ROLE,
    "view_commitments": ADULT_ROLES,
    "manage_partners": frozenset({Role.SECRETARIAT}),
    # people: the directory (consenting people) for adults, invitations and roles for the
    # secretariat
    "view_directory": ADULT_ROLES,
    "manage_people": frozenset({Role.SECRETARIAT}),
    # the steering group's seats and composition
    "view_steering": ADULT_ROLES,
    "manage_steering": frozenset({Role.SECRETARIAT}),
    # the audit history of agenda, commitments, roles and memberships
    "view_history": frozenset({Role.SECRETARIAT}),
    # shared measurement: adults read the dashboard; coordinators report for the indicators of
    # their own groups (checked per indicator in measurement.selectors); the secretariat defines
    # indicators, approves data and locks periods
    "view_dashboard": ADULT_ROLES,
    "report_data": frozenset({Role.SECRETARIAT, Role.COORDINATOR}),
    "approve_data": frozenset({Role.SECRETARIAT}),
    "manage_indicators": frozenset({Role.SECRETARIAT}),
    # working groups: the secretariat creates, changes and archives groups and their seats;
    # coordinators manage their own groups' meetings (object permissions, workgroups.permissions)
    "manage_groups": frozenset({Role.SECRETARIAT}),
    # the decisions log of the whole alliance
    "view_decisions": ADULT_ROLES,
    # news: everyone reads the news they may see, adults comment, the secretariat and
    # coordinators post (coordinators to the alliance or their own groups)
    "view_news": EVERY_ROLE,
    "post_news": frozenset({Role.SECRETARIAT, Role.COORDINATOR}),
    "comment_news": ADULT_ROLES,
    # activities: adults see them all; coordinators create and log their own groups' activities
    # (object permissions, initiatives.permissions), the secretariat every one; young people see
    # the activities they can join; the steering group and the secretariat read the map
    "view_activities": ADULT_ROLES,
    "manage_activities": frozenset({Role.SECRETARIAT, Role.COORDINATOR}),
    "view_joinable_activities": EVERY_ROLE,
    "view_reinforcement_map": frozenset({Role.SECRETARIAT, Role.STEERING}),
    # youth voice: the portal itself is open to anyone (youth_voice.access); adults read the
    # inputs they may see (the secretariat all, the steering group the routed and published
    # ones, others those routed to their groups: youth_voice.permissions); the secretariat and
    # coordinators answer (coordinators for their own groups); the secretariat moderates (with
    # the moderators it appoints), routes, runs pulse surveys and sets the portal's rules
    "view_youth_inputs": ADULT_ROLES,
    "answer_youth_inputs": frozenset({Role.SECRETARIAT, Role.COORDINATOR}),
    "manage_youth_portal": frozenset({Role.SECRETARIAT}),
    # the portal in a young person's main menu
    "use_youth_portal": frozenset({Role.YOUTH}),
    # the backbone: the secretariat's workspace of queues across the apps; reports and exports
    # (built from what the requester may see: small groups hidden outside the secretariat) for
    # the secretariat and the steering group; the health check of the partnership opened by
    # the secretariat and answered anonymously by every member
    "view_workspace": frozenset({Role.SECRETARIAT}),
    "request_reports": frozenset({Role.SECRETARIAT, Role.STEERING}),
    "manage_health_check": frozenset({Role.SECRETARIAT}),
    "answer_health_check": EVERY_ROLE,
    # the REST API: adults make personal tokens; each endpoint checks the capability of the
    # page that shows the same data
    "use_api": ADULT_ROLES,
}


def has_capability(membership: Membership | None, capability: str) -> bool:
    """True when an active membership's role grants the capability."""
    if capability not in CAPABILITIES:
        raise ValueError(f"Unknown capability: {capability}")
    if membership is None or not membership.is_active:
        return False
    return membership.role in CAPABILITIES[capability]


def capabilities_of(membership: Membership | None) -> frozenset[str]:
    """Every capability a membership grants, for templates that show or hide links."""
    if membership is None or not membership.is_active:
        return frozenset()
    return frozenset(name for name, roles in CAPABILITIES.items() if membership.role in roles)
