"""Who sees and handles which youth input. Nothing a young person wrote is visible to anyone but
the moderators (the secretariat and the people it appoints) until it is approved or routed.

- secretariat: every input; moderates, routes, answers
- appointed moderators: the moderation queue (whatever their role)
- steering group: inputs routed to any group, and published ones
- other adults: inputs routed to groups they sit in (coordinators answer those)

Outside moderation a routed input is shown as moderated (`published_text`, personal data
masked), and only once approved: published, or kept private (seen only by the staff).
- young people: the portal only
"""

from __future__ import annotations

from django.db.models import Q, QuerySet

from alliance.models import Alliance, Membership
from alliance.permissions import has_capability
from workgroups.permissions import can_manage_workgroup
from workgroups.selectors_groups import viewable_group_ids

from .models import Moderation, Moderator, YouthInput

APPROVED = (Moderation.PUBLISHED, Moderation.PRIVATE)


def is_appointed_moderator(user, alliance: Alliance) -> bool:
    return user.is_authenticated and Moderator.objects.filter(alliance=alliance, user=user).exists()


def can_moderate(user, membership: Membership | None) -> bool:
    """The secretariat and the moderators it appointed (active members of the alliance)."""
    if membership is None or not membership.is_active:
        return False
    if has_capability(membership, "manage_youth_portal"):
        return True
    return is_appointed_moderator(user, membership.alliance)


def inputs_visible_to(user, membership: Membership | None) -> QuerySet[YouthInput]:
    """The inputs a person may read on the staff pages (not the moderation queue)."""
    if membership is None or not membership.is_active:
        return YouthInput.objects.none()
    alliance = membership.alliance
    inputs = YouthInput.objects.filter(alliance=alliance)
    if has_capability(membership, "manage_youth_portal"):
        return inputs
    if can_moderate(user, membership):
        # Appointed moderators see what they moderate, and what others may see.
        return inputs.exclude(moderation=Moderation.HIDDEN)
    if not has_capability(membership, "view_youth_inputs"):
        return YouthInput.objects.none()
    # Outside moderation, only approved inputs (published or kept private), as moderated.
    approved = inputs.filter(moderation__in=APPROVED)
    if has_capability(membership, "view_all_groups"):
        return approved.filter(Q(routed_group__isnull=False) | Q(moderation=Moderation.PUBLISHED))
    group_ids = viewable_group_ids(user=user, membership=membership, alliance=alliance)
    return approved.filter(routed_group_id__in=group_ids)


def can_answer(user, membership: Membership | None, youth_input: YouthInput) -> bool:
    """The secretariat answers any input; a group's managers answer inputs routed to it."""
    if membership is None or not membership.is_active:
        return False
    if membership.alliance_id != youth_input.alliance_id:
        return False
    if has_capability(membership, "manage_youth_portal"):
        return True
    if not has_capability(membership, "answer_youth_inputs"):
        return False
    group = youth_input.routed_group
    return group is not None and can_manage_workgroup(user, membership, group)
