"""Reads of the common agenda: its working copy, its published versions, its comments.

A *snapshot* is the plain data an AgendaVersion freezes: the three texts, the focus areas (each
with the working groups responsible) and the goals, each item carrying the id of the row it was
copied from so two snapshots can be compared. The working copy (the rows the secretariat edits)
and any published version give the same shape, so one template and one diff serve both.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from django.db.models import Count, QuerySet

from .models import AgendaComment, AgendaVersion, Alliance, FocusArea, Goal

TEXT_KEYS = ("vision", "problem_understanding", "guiding_principles")


@dataclass(frozen=True)
class AgendaContent:
    """A snapshot arranged for reading: focus areas in order, each with its goals."""

    vision: str
    problem_understanding: str
    guiding_principles: str
    focus_areas: list[dict] = field(default_factory=list)

    @property
    def goal_count(self) -> int:
        return sum(len(area["goals"]) for area in self.focus_areas)


def agenda_working_snapshot(*, alliance: Alliance) -> dict:
    """The working copy as a snapshot (three queries whatever the number of rows)."""
    areas = (
        FocusArea.objects.filter(alliance=alliance).order_by("position").prefetch_related("groups")
    )
    focus_areas = [
        {
            "id": area.pk,
            "position": area.position,
            "title": area.title,
            "description": area.description,
            "groups": [
                {"id": group.pk, "name": group.name}
                for group in sorted(area.groups.all(), key=lambda g: (g.name, g.pk))
            ],
        }
        for area in areas
    ]
    goals = list(
        Goal.objects.filter(alliance=alliance)
        .order_by("focus_area__position", "position", "id")
        .values("id", "focus_area_id", "position", "title", "description", "target_year")
    )
    return {
        "vision": alliance.vision,
        "problem_understanding": alliance.problem_understanding,
        "guiding_principles": alliance.guiding_principles,
        "focus_areas": focus_areas,
        "goals": goals,
    }


def agenda_snapshot_of(version: AgendaVersion) -> dict:
    """The snapshot a published version holds."""
    return {
        "vision": version.vision,
        "problem_understanding": version.problem_understanding,
        "guiding_principles": version.guiding_principles,
        "focus_areas": list(version.focus_areas or []),
        "goals": list(version.goals or []),
    }


def snapshots_differ(first: dict, second: dict) -> bool:
    """True when two snapshots hold different content."""
    return any(first.get(key) != second.get(key) for key in (*TEXT_KEYS, "focus_areas", "goals"))


def agenda_content(snapshot: dict) -> AgendaContent:
    """A snapshot arranged for reading: each focus area with its goals, in order."""
    goals_by_area: dict[int, list[dict]] = {}
    for goal in snapshot.get("goals", []):
        goals_by_area.setdefault(goal["focus_area_id"], []).append(goal)
    areas = sorted(snapshot.get("focus_areas", []), key=lambda area: area["position"])
    return AgendaContent(
        vision=snapshot.get("vision", ""),
        problem_understanding=snapshot.get("problem_understanding", ""),
        guiding_principles=snapshot.get("guiding_principles", ""),
        focus_areas=[
            {
                **area,
                "goals": sorted(
                    goals_by_area.get(area["id"], []), key=lambda g: (g["position"], g["id"])
                ),
            }
            for area in areas
        ],
    )


def agenda_version_list(*, alliance: Alliance) -> QuerySet[AgendaVersion]:
    """The alliance's published versions, newest first, with who published them."""
    return (
        AgendaVersion.objects.filter(alliance=alliance)
        .select_related("published_by")
        .order_by("-number")
    )


def agenda_version_current(*, alliance: Alliance) -> AgendaVersion | None:
    """The newest published version, or None when none has been published."""
    return agenda_version_list(alliance=alliance).first()


def agenda_version_pair(
    *, alliance: Alliance, first: int, second: int
) -> tuple[AgendaVersion | None, AgendaVersion | None]:
    """Two versions of the alliance by number (None for a number it does not have)."""
    found = {
        version.number: version
        for version in agenda_version_list(alliance=alliance).filter(number__in=[first, second])
    }
    return found.get(first), found.get(second)


def agenda_public(*, alliance: Alliance) -> AgendaContent | None:
    """What a visitor may read of the agenda: the newest published version, or None."""
    version = (
        AgendaVersion.objects.filter(alliance=alliance)
        .only(*TEXT_KEYS, "focus_areas", "goals", "number")
        .order_by("-number")
        .first()
    )
    return agenda_content(agenda_snapshot_of(version)) if version else None


def agenda_comment_list(*, alliance: Alliance) -> QuerySet[AgendaComment]:
    """The comments on the alliance's agenda, oldest first, with author and version."""
    return (
        AgendaComment.objects.filter(alliance=alliance)
        .select_related("author", "version")
        .order_by("created_at", "pk")
    )


def focus_area_list_for_editing(*, alliance: Alliance) -> QuerySet[FocusArea]:
    """The working copy's focus areas with their goals and groups, for the secretariat."""
    return (
        FocusArea.objects.filter(alliance=alliance)
        .order_by("position")
        .prefetch_related("groups", "goals")
    )


def focus_area_for_alliance(*, alliance: Alliance) -> QuerySet[FocusArea]:
    """Focus areas looked up within the alliance (another alliance's id finds nothing)."""
    return FocusArea.objects.filter(alliance=alliance).annotate(goal_count=Count("goals"))


def goal_for_alliance(*, alliance: Alliance) -> QuerySet[Goal]:
    """Goals looked up within the alliance (another alliance's id finds nothing)."""
    return (
        Goal.objects.filter(alliance=alliance)
        .select_related("focus_area")
        .annotate(commitment_count=Count("commitments"))
    )
