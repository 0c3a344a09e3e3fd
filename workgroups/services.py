"""Changes to groups and their members. Each function is one transaction."""

from __future__ import annotations

import datetime

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext
from guardian.shortcuts import assign_perm, remove_perm

from alliance.models import Organisation

from .models import GroupKind, GroupMember, GroupRole, WorkGroup

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


# --- the steering group (people area) ------------------------------------------------------


@transaction.atomic
def steering_group_create(*, alliance) -> WorkGroup:
    """Create the alliance's one steering group, or return it when it exists."""
    group = WorkGroup.objects.filter(alliance=alliance, kind=GroupKind.STEERING).first()
    if group is not None:
        return group
    slug = "styregruppe"
    if WorkGroup.objects.filter(alliance=alliance, slug=slug).exists():
        slug = "styregruppe-1"
    group = WorkGroup(
        alliance=alliance, kind=GroupKind.STEERING, name=gettext("Steering group"), slug=slug
    )
    group.full_clean()
    group.save()
    return group


@transaction.atomic
def steering_seat_save(
    *,
    group: WorkGroup,
    user,
    seat: GroupMember | None = None,
    role: str = GroupRole.MEMBER,
    organisation: Organisation | None = None,
    is_youth_representative: bool = False,
    is_voting: bool = True,
    term_start: datetime.date | None = None,
    term_end: datetime.date | None = None,
) -> GroupMember:
    """Create a seat in the steering group, or change one (`seat`), keeping the object
    permissions in sync. Changing a seat's person moves the seat and its permissions.

    Raises ValidationError for a person who already has another seat in the group, a term that
    ends before it starts, or another alliance's organisation."""
    if group.kind != GroupKind.STEERING:
        raise ValueError("steering_seat_save is for the steering group")
    taken = GroupMember.objects.filter(group=group, user=user)
    if seat is not None:
        taken = taken.exclude(pk=seat.pk)
    if taken.exists():
        raise ValidationError({"user": gettext("This person already has a seat in the group.")})
    if seat is not None and seat.user_id != user.pk:
        group_member_remove(seat=seat)
        seat = None
    return group_member_add(
        group=group,
        user=user,
        role=role,
        organisation=organisation,
        is_youth_representative=is_youth_representative,
        is_voting=is_voting,
        term_start=term_start,
        term_end=term_end,
    )


@transaction.atomic
def steering_seat_end(*, seat: GroupMember, on: datetime.date | None = None) -> GroupMember:
    """End a seat's term now: its last day is yesterday (or the day before `on`), so from today
    it no longer counts in the composition. The seat stays, as history. A term that has not
    started yet ends on its first day."""
    end = (on or timezone.localdate()) - datetime.timedelta(days=1)
    if seat.term_start and seat.term_start > end:
        end = seat.term_start
    if seat.term_end is not None and seat.term_end <= end:
        return seat
    seat.term_end = end
    seat.full_clean()
    seat.save(update_fields=["term_end", "updated_at"])
    return seat
