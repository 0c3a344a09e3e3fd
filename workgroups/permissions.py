"""Object permissions on groups. Only this module and the selectors call django-guardian."""

from __future__ import annotations

from alliance.models import Membership
from alliance.permissions import has_capability

from .models import WorkGroup


def _active_in_alliance(membership: Membership | None, group: WorkGroup) -> bool:
    return (
        membership is not None
        and membership.is_active
        and membership.alliance_id == group.alliance_id
    )


def can_view_workgroup(user, membership: Membership | None, group: WorkGroup) -> bool:
    """Secretariat and steering see every group; others the groups they sit in."""
    if not _active_in_alliance(membership, group):
        return False
    if has_capability(membership, "view_all_groups"):
        return True
    return user.has_perm("workgroups.view_workgroup", group)


def can_manage_workgroup(user, membership: Membership | None, group: WorkGroup) -> bool:
    """The secretariat manages every group; a group's coordinators and chairs manage theirs."""
    if not _active_in_alliance(membership, group):
        return False
    if has_capability(membership, "administer_alliance"):
        return True
    return user.has_perm("workgroups.manage_workgroup", group)
