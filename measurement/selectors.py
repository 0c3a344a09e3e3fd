"""Who may report what: the object-level rule behind the `report_data` capability.

The secretariat reports for every indicator of its alliance. A coordinator reports for the
indicators of the groups in which they hold a coordinating seat (coordinator, chair or
vice-chair of an active group), on behalf of the organisations represented in those groups.
"""

from __future__ import annotations

from django.db.models import Q, QuerySet

from alliance.models import Membership, Organisation
from alliance.permissions import has_capability
from workgroups.models import GroupMember, GroupRole, WorkGroup

from .models import Indicator

COORDINATING_SEATS = (GroupRole.COORDINATOR, GroupRole.CHAIR, GroupRole.VICE_CHAIR)


def _is_secretariat(membership: Membership | None) -> bool:
    return has_capability(membership, "approve_data")


def groups_coordinated_by(membership: Membership | None) -> QuerySet[WorkGroup]:
    """The active groups of the alliance in which the person holds a coordinating seat."""
    if not has_capability(membership, "report_data"):
        return WorkGroup.objects.none()
    return WorkGroup.objects.active().filter(
        alliance_id=membership.alliance_id,
        members__user_id=membership.user_id,
        members__role__in=COORDINATING_SEATS,
    )


def indicators_reportable_by(membership: Membership | None) -> QuerySet[Indicator]:
    """The indicators the person may enter and import values for."""
    if not has_capability(membership, "report_data"):
        return Indicator.objects.none()
    indicators = Indicator.objects.filter(alliance_id=membership.alliance_id)
    if _is_secretariat(membership):
        return indicators
    return indicators.filter(
        workgroups__in=groups_coordinated_by(membership).values("pk")
    ).distinct()


def can_report(membership: Membership | None, indicator: Indicator) -> bool:
    """True when the person may enter values for this indicator."""
    if membership is None or indicator.alliance_id != membership.alliance_id:
        return False
    return indicators_reportable_by(membership).filter(pk=indicator.pk).exists()


def reporting_organisations(
    membership: Membership | None, indicator: Indicator | None = None
) -> QuerySet[Organisation]:
    """The organisations the person may report on behalf of (for one indicator, or for any).

    The secretariat: every organisation of the alliance. A coordinator: their own organisation,
    the organisations represented in the groups they coordinate that report the indicator, and
    those groups' lead organisations."""
    if not has_capability(membership, "report_data"):
        return Organisation.objects.none()
    organisations = Organisation.objects.filter(alliance_id=membership.alliance_id)
    if _is_secretariat(membership):
        return organisations
    groups = groups_coordinated_by(membership)
    if indicator is not None:
        groups = groups.filter(indicators=indicator)
    group_ids = groups.values("pk")
    seated = GroupMember.objects.filter(group_id__in=group_ids).values("organisation_id")
    return organisations.filter(
        Q(pk=membership.organisation_id) | Q(pk__in=seated) | Q(led_groups__in=group_ids)
    ).distinct()
