"""The weekly digest's section on youth input (a provider named in
backbone.digest.DIGEST_SECTIONS): inputs sent to the groups a person manages that still wait
for an answer."""

from __future__ import annotations

import datetime

from django.db.models import Exists, F, QuerySet
from django.urls import reverse
from django.utils import formats
from django.utils.text import Truncator
from django.utils.translation import gettext

from alliance.models import Alliance, Membership, User
from backbone.digest import DigestItem, DigestSection
from workgroups.models import GroupMember
from workgroups.services import MANAGING_ROLES

from .models import YouthInput
from .permissions import APPROVED
from .selectors_staff import WAITING_STATUSES

SECTION_LIMIT = 20


def inputs_waiting_for(*, user: User, alliance: Alliance) -> QuerySet[YouthInput]:
    """Approved inputs sent to the active groups the person manages (coordinator, chair,
    vice-chair) while their membership is active, not yet answered: earliest deadline first.
    One query."""
    managed = GroupMember.objects.filter(
        user=user, role__in=MANAGING_ROLES, group__alliance=alliance, group__is_archived=False
    ).values("group_id")
    is_member = Membership.objects.active().filter(user=user, alliance=alliance)
    return (
        YouthInput.objects.filter(
            Exists(is_member),
            alliance=alliance,
            routed_group_id__in=managed,
            moderation__in=APPROVED,
            status__in=WAITING_STATUSES,
        )
        .select_related("routed_group")
        .order_by(F("answer_due").asc(nulls_last=True), "pk")
    )


def _excerpt(youth_input: YouthInput) -> str:
    return Truncator(" ".join(youth_input.published_text.split())).chars(120)


def digest_sections(
    *, user: User, alliance: Alliance, since: datetime.datetime, now: datetime.datetime
) -> list[DigestSection]:
    """ "Youth input waiting for an answer", in the active language."""
    slug = {"alliance_slug": alliance.slug}
    inputs = list(inputs_waiting_for(user=user, alliance=alliance)[:SECTION_LIMIT])
    items = []
    for youth_input in inputs:
        detail = youth_input.routed_group.name
        if youth_input.answer_due:
            detail = gettext("%(group)s, answer due %(date)s") % {
                "group": youth_input.routed_group.name,
                "date": formats.date_format(youth_input.answer_due, "DATE_FORMAT"),
            }
        items.append(
            DigestItem(
                text=f"{youth_input.get_kind_display()}: {_excerpt(youth_input)}",
                detail=detail,
                url=reverse("youth_voice:staff_detail", kwargs={**slug, "pk": youth_input.pk}),
            )
        )
    return [
        DigestSection(
            key="youth_inputs_waiting",
            title=gettext("Youth input waiting for an answer"),
            items=items,
            more_url=reverse("youth_voice:staff_list", kwargs=slug) + "?waiting=on",
            more_label=gettext("See all youth input"),
        )
    ]
