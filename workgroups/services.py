"""Changes to groups and their members. Each function is one transaction."""

from __future__ import annotations

import datetime

from django.db import transaction
from guardian.shortcuts import assign_perm, remove_perm

from alliance.models import Organisation

from .models import GroupMember, GroupRole, WorkGroup

MANAGING_ROLES = frozenset({GroupRole.CHAIR, GroupRole.VICE_CHAIR, GroupRole.COORDINATOR})


def _sync_object_permissions(*, seat: GroupMember) -> None:
    group, user = seat.group, seat.user
    assign_perm("workgroups.view_workgroup", user, group)
    assign_perm("workgroups.contribute_workgroup", user, group)
    if seat.role in MANAGING_ROLES:
        assign_perm("workgroups.manage_workgroup", user, group)
    else:
        remove_perm("workgroups.manage_workgroup", user, group)


@transaction.atomic
def group_member_add(
    *,
    group: WorkGroup,
    user,
    role: str = GroupRole.MEMBER,
    organisation: Organisation | None = None,
    is_youth_representative: bool = False,
    is_voting: bool = True,
    term_start: datetime.date | None = None,
    term_end: datetime.date | None = None,
) -> GroupMember:
    """Seat a person in a group (or update their seat) and grant the group's object permissions."""
    seat = GroupMember.objects.filter(group=group, user=user).first() or GroupMember(
        group=group, user=user
    )
    wanted = {
        "role": role,
        "organisation_id": organisation.pk if organisation else None,
        "is_youth_representative": is_youth_representative,
        "is_voting": is_voting,
        "term_start": term_start,
        "term_end": term_end,
    }
    if seat.pk is not None and all(getattr(seat, f) == v for f, v in wanted.items()):
        _sync_object_permissions(seat=seat)
        return seat  # unchanged: no write, no entry in the audit history
    seat.role = role
    seat.organisation = organisation
    seat.is_youth_representative = is_youth_representative
    seat.is_voting = is_voting
    seat.term_start = term_start
    seat.term_end = term_end
    seat.full_clean()
    seat.save()
    _sync_object_permissions(seat=seat)
    return seat


@transaction.atomic
def group_member_remove(*, seat: GroupMember) -> None:
    """Remove a seat and the object permissions it granted."""
    for perm in ("view_workgroup", "contribute_workgroup", "manage_workgroup"):
        remove_perm(f"workgroups.{perm}", seat.user, seat.group)
    seat.delete()
