"""Reads about alliances, their people and organisations, scoped to what the reader may see."""

from __future__ import annotations

from django.db.models import Count, QuerySet

from .models import Alliance, FocusArea, Membership, Organisation, Role, Sector


def alliance_list_public() -> QuerySet[Alliance]:
    """Alliances listed on the landing page."""
    return Alliance.objects.public().order_by("name")


def membership_list_for_user(*, user) -> QuerySet[Membership]:
    """The active memberships of a person, with their alliances."""
    if not user.is_authenticated:
        return Membership.objects.none()
    return (
        Membership.objects.active()
        .filter(user=user)
        .select_related("alliance", "organisation")
        .order_by("alliance__name")
    )


def focus_area_list(*, alliance: Alliance) -> QuerySet[FocusArea]:
    return FocusArea.objects.filter(alliance=alliance).prefetch_related("groups")


def organisation_list(*, alliance: Alliance) -> QuerySet[Organisation]:
    return Organisation.objects.filter(alliance=alliance).order_by("sector", "name")


def people_list(*, alliance: Alliance) -> QuerySet[Membership]:
    """Every membership of the alliance, active first, for the secretariat's register."""
    return (
        Membership.objects.filter(alliance=alliance)
        .select_related("user", "organisation")
        .order_by("-is_active", "role", "user__full_name", "user__email")
    )


def role_counts(*, alliance: Alliance) -> list[dict]:
    """Active members per role, every role listed (zero included), in the roles' order."""
    counts = dict(
        Membership.objects.active()
        .filter(alliance=alliance)
        .values_list("role")
        .annotate(n=Count("id"))
        .values_list("role", "n")
    )
    return [{"role": role, "label": role.label, "count": counts.get(role, 0)} for role in Role]


def sector_counts(*, alliance: Alliance) -> list[dict]:
    """Partner organisations per sector, every sector listed."""
    counts = dict(
        Organisation.objects.filter(alliance=alliance)
        .values_list("sector")
        .annotate(n=Count("id"))
        .values_list("sector", "n")
    )
    return [
        {"sector": sector, "label": sector.label, "count": counts.get(sector, 0)}
        for sector in Sector
    ]
