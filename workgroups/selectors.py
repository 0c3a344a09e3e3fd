"""Reads about groups, scoped to what the reader may see."""

from __future__ import annotations

from django.db.models import Count, Prefetch, Q, QuerySet
from guardian.shortcuts import get_objects_for_user

from alliance.models import Alliance, Membership
from alliance.permissions import has_capability

from .models import GroupKind, GroupMember, WorkGroup


def workgroup_list_visible_to(*, user, membership: Membership | None) -> QuerySet[WorkGroup]:
    """Active groups of the membership's alliance that the person may see."""
    if membership is None or not membership.is_active:
        return WorkGroup.objects.none()
    groups = WorkGroup.objects.active().filter(alliance_id=membership.alliance_id)
    if not has_capability(membership, "view_all_groups"):
        groups = get_objects_for_user(
            user, "workgroups.view_workgroup", klass=groups, accept_global_perms=False
        )
    return groups.annotate(member_count=Count("members")).order_by("kind", "name")


def workgroup_list_for_member(*, user, alliance: Alliance) -> QuerySet[WorkGroup]:
    """The active groups in which the person holds a seat, with their seat."""
    return (
        WorkGroup.objects.active()
        .filter(
            alliance=alliance,
            pk__in=GroupMember.objects.filter(user=user).values("group_id"),
        )
        .prefetch_related(
            Prefetch("members", queryset=GroupMember.objects.filter(user=user), to_attr="my_seat")
        )
        .annotate(member_count=Count("members", distinct=True))
        .order_by("kind", "name")
    )


def workgroup_members(*, group: WorkGroup) -> QuerySet[GroupMember]:
    return group.members.select_related("user", "organisation").order_by("role", "user__full_name")


def steering_group_for(*, alliance: Alliance) -> WorkGroup | None:
    return WorkGroup.objects.filter(alliance=alliance, kind=GroupKind.STEERING).first()


def steering_composition(*, alliance: Alliance) -> dict | None:
    """Seats, youth share and sectors of the steering group, or None when it has none."""
    group = steering_group_for(alliance=alliance)
    if group is None:
        return None
    seats = list(workgroup_members(group=group))
    total = len(seats)
    youth = sum(1 for seat in seats if seat.is_youth_representative)
    share = round(100 * youth / total) if total else 0
    sectors = sorted(
        {seat.organisation.get_sector_display() for seat in seats if seat.organisation}
    )
    return {
        "group": group,
        "seats": seats,
        "total": total,
        "youth": youth,
        "youth_share": share,
        "youth_share_minimum": alliance.youth_share_minimum,
        "youth_share_below_minimum": total > 0 and share < alliance.youth_share_minimum,
        "sectors": sectors,
    }


def group_counts_by_kind(*, alliance: Alliance) -> dict[str, int]:
    return dict(
        WorkGroup.objects.active()
        .filter(alliance=alliance)
        .values_list("kind")
        .annotate(n=Count("id", filter=Q(is_archived=False)))
        .values_list("kind", "n")
    )
