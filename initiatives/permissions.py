"""Who may change an activity: the secretariat any, a coordinator those of the groups they
manage (object permissions on the group, through workgroups.permissions)."""

from __future__ import annotations

from alliance.models import Membership
from alliance.permissions import has_capability
from workgroups.models import WorkGroup
from workgroups.permissions import can_manage_workgroup

from .models import Activity


def can_manage_activities_of(user, membership: Membership | None, group: WorkGroup) -> bool:
    """May create activities for the group and change and log them."""
    return has_capability(membership, "manage_activities") and can_manage_workgroup(
        user, membership, group
    )


def can_manage_activity(user, membership: Membership | None, activity: Activity) -> bool:
    return can_manage_activities_of(user, membership, activity.group)
