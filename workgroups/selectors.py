"""Reads about groups, scoped to what the reader may see."""

from __future__ import annotations

from collections import Counter

from django.db.models import Count, Prefetch, Q, QuerySet
from django.utils import timezone
from guardian.shortcuts import get_objects_for_user

from alliance.models import Alliance, Membership, Organisation, Sector
from alliance.permissions import has_capability

from .models import GroupKind, GroupMember, GroupRole, WorkGroup


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
    """Seats, youth share and sector spread of the steering group, or None when it has none.

    The youth share and the sector spread count the seats whose term is current today. A
    sector that has partner organisations but no current seat is listed as missing. Three
    queries, whatever the number of seats."""
    group = steering_group_for(alliance=alliance)
    if group is None:
        return None
    today = timezone.localdate()
    seats = list(workgroup_members(group=group))
    for seat in seats:
        # A term with an open start or end counts as current on that side.
        seat.is_current = (seat.term_start is None or seat.term_start <= today) and (
            seat.term_end is None or today <= seat.term_end
        )
    current = [seat for seat in seats if seat.is_current]
    total = len(current)
    youth = sum(1 for seat in current if seat.is_youth_representative)
    share = round(100 * youth / total) if total else 0
    sectors = sorted(
        {seat.organisation.get_sector_display() for seat in current if seat.organisation}
    )
    seats_per_sector = Counter(seat.organisation.sector for seat in current if seat.organisation)
    partner_sectors = set(
        Organisation.objects.filter(alliance=alliance).values_list("sector", flat=True)
    )
    sector_spread = [
        {
            "sector": sector,
            "label": sector.label,
            "seats": seats_per_sector.get(sector, 0),
            "has_partners": sector in partner_sectors,
        }
        for sector in Sector
        if sector in partner_sectors or seats_per_sector.get(sector)
    ]
    missing_sectors = [
        row["label"] for row in sector_spread if row["has_partners"] and not row["seats"]
    ]
    below_minimum = total > 0 and share < alliance.youth_share_minimum
    return {
        "group": group,
        "seats": seats,
        "total": total,
        "all_seats": len(seats),
        "youth": youth,
        "youth_share": share,
        "youth_share_minimum": alliance.youth_share_minimum,
        "youth_share_below_minimum": below_minimum,
        "sectors": sectors,
        "sector_spread": sector_spread,
        "missing_sectors": missing_sectors,
        "has_warnings": below_minimum or bool(missing_sectors),
        "chair_user_ids": {
            seat.user_id for seat in current if seat.role in (GroupRole.CHAIR, GroupRole.VICE_CHAIR)
        },
    }


def group_counts_by_kind(*, alliance: Alliance) -> dict[str, int]:
    return dict(
        WorkGroup.objects.active()
        .filter(alliance=alliance)
        .values_list("kind")
        .annotate(n=Count("id", filter=Q(is_archived=False)))
        .values_list("kind", "n")
    )
