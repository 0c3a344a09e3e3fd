"""Reads about partner organisations and their commitments, scoped to what the reader may see.

Young people (who may view the partners but not the commitments) see only the partners that
agreed to be listed publicly, and nothing of their commitments. Every function runs a fixed
number of queries whatever the number of partners, goals or signatures.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from django.db.models import Case, IntegerField, Prefetch, Q, QuerySet, Value, When

from .models import (
    Alliance,
    Commitment,
    CommitmentSignature,
    CommitmentStatus,
    Goal,
    Membership,
    Organisation,
    Sector,
)
from .permissions import has_capability


@dataclass
class SectorGroup:
    sector: str
    label: str
    partners: list[Organisation] = field(default_factory=list)


def can_view_commitments(membership: Membership | None) -> bool:
    return has_capability(membership, "view_commitments")


def _goals_prefetch(lookup: str) -> Prefetch:
    return Prefetch(lookup, queryset=Goal.objects.select_related("focus_area"))


def partner_list(
    *, alliance: Alliance, membership: Membership | None, sector: str | None = None
) -> list[SectorGroup]:
    """The alliance's partners grouped by sector (in the sectors' order, empty sectors left
    out), each with its commitment, representative and goals when the reader may see them."""
    partners = Organisation.objects.filter(alliance=alliance).order_by("name")
    if sector:
        partners = partners.filter(sector=sector)
    if can_view_commitments(membership):
        partners = partners.select_related("commitment__representative").prefetch_related(
            _goals_prefetch("commitment__goals")
        )
    else:
        partners = partners.filter(is_listed_publicly=True)
    groups = {value: SectorGroup(sector=value, label=label) for value, label in Sector.choices}
    for partner in partners:
        groups[partner.sector].partners.append(partner)
    return [group for group in groups.values() if group.partners]


def partner_get(
    *, alliance: Alliance, membership: Membership | None, pk: int
) -> Organisation | None:
    """One partner of the alliance as the reader may see it, or None (another alliance's, or
    not listed publicly for a young person who is not its representative). The commitment, its
    goals and its representative come along for readers who may see them."""
    partners = Organisation.objects.filter(alliance=alliance, pk=pk)
    if can_view_commitments(membership):
        return (
            partners.select_related("commitment__representative")
            .prefetch_related(_goals_prefetch("commitment__goals"))
            .first()
        )
    user_id = membership.user_id if membership else None
    return (
        partners.filter(Q(is_listed_publicly=True) | Q(commitment__representative_id=user_id))
        .select_related("commitment__representative")
        .prefetch_related(_goals_prefetch("commitment__goals"))
        .first()
    )


def commitment_of(organisation: Organisation) -> Commitment | None:
    """The organisation's commitment (loaded by the selectors above), or None."""
    try:
        return organisation.commitment
    except Commitment.DoesNotExist:
        return None


def signature_list(*, commitment: Commitment) -> list[CommitmentSignature]:
    """Every signed version of a commitment, newest first, with who signed it."""
    return list(commitment.signatures.select_related("signed_by").order_by("-version"))


def signature_get(*, commitment: Commitment, version: int) -> CommitmentSignature | None:
    return commitment.signatures.select_related("signed_by").filter(version=version).first()


def commitments_awaiting_signature_of(*, user, alliance: Alliance) -> list[Commitment]:
    """The commitments of the alliance waiting for this person's signature."""
    if not user.is_authenticated:
        return []
    return list(
        Commitment.objects.filter(
            alliance=alliance,
            representative=user,
            status=CommitmentStatus.AWAITING_SIGNATURE,
        )
        .select_related("organisation")
        .order_by("organisation__name")
    )


def representative_choices(
    *, alliance: Alliance, organisation: Organisation | None
) -> QuerySet[Membership]:
    """Who may represent a partner: the active members of the alliance, the organisation's own
    people first."""
    is_other = (
        Case(
            When(organisation_id=organisation.pk, then=Value(0)),
            default=Value(1),
            output_field=IntegerField(),
        )
        if organisation is not None and organisation.pk
        else Value(1, output_field=IntegerField())
    )
    return (
        Membership.objects.active()
        .filter(alliance=alliance)
        .select_related("user", "organisation")
        .annotate(is_other=is_other)
        .order_by("is_other", "user__full_name", "user__email")
    )


def goal_choices(*, alliance: Alliance) -> QuerySet[Goal]:
    return Goal.objects.filter(alliance=alliance).select_related("focus_area")
