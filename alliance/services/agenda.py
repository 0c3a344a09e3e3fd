"""Changes to the common agenda: its working copy (texts, focus areas, goals), publishing it as
a numbered version, and comments on it.

Each function is one transaction and validates rows with `full_clean()` before saving. The
acting person is set as `_history_user` on every row saved or deleted, so the audit history
(django-simple-history) names them also when a service runs outside a request.
"""

from __future__ import annotations

from collections.abc import Iterable

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Max, ProtectedError
from django.utils.translation import gettext as _

from alliance.models import AgendaComment, AgendaVersion, Alliance, FocusArea, Goal, User
from alliance.selectors_agenda import (
    agenda_snapshot_of,
    agenda_working_snapshot,
    snapshots_differ,
)
from alliance.services.history import as_actor


@transaction.atomic
def agenda_texts_update(
    *,
    alliance: Alliance,
    vision: str,
    problem_understanding: str,
    guiding_principles: str,
    updated_by: User | None,
) -> Alliance:
    """Change the working copy's vision, problem understanding and guiding principles.

    Nothing is written (and nothing enters the audit history) when the texts are unchanged."""
    values = {
        "vision": vision.strip(),
        "problem_understanding": problem_understanding.strip(),
        "guiding_principles": guiding_principles.strip(),
    }
    if all(getattr(alliance, key) == value for key, value in values.items()):
        return alliance
    for key, value in values.items():
        setattr(alliance, key, value)
    alliance.full_clean()
    as_actor(alliance, updated_by)
    alliance.save(update_fields=[*values, "updated_at"])
    return alliance


def _check_groups(*, alliance: Alliance, groups: Iterable) -> list:
    groups = list(groups)
    if any(group.alliance_id != alliance.pk for group in groups):
        raise ValidationError({"groups": _("The working groups must belong to the same alliance.")})
    return groups


@transaction.atomic
def focus_area_add(
    *,
    alliance: Alliance,
    position: int,
    title: str,
    description: str = "",
    groups: Iterable = (),
    added_by: User | None,
) -> FocusArea:
    """Add a focus area to the working copy, with the working groups responsible for it.
    Its number and title are unique in the alliance."""
    groups = _check_groups(alliance=alliance, groups=groups)
    focus_area = FocusArea(
        alliance=alliance, position=position, title=title.strip(), description=description.strip()
    )
    focus_area.full_clean()
    as_actor(focus_area, added_by)
    focus_area.save()
    focus_area.groups.set(groups)
    return focus_area


@transaction.atomic
def focus_area_update(
    *,
    focus_area: FocusArea,
    position: int,
    title: str,
    description: str = "",
    groups: Iterable = (),
    updated_by: User | None,
) -> FocusArea:
    """Change a focus area of the working copy and the working groups responsible for it."""
    groups = _check_groups(alliance=focus_area.alliance, groups=groups)
    focus_area.position = position
    focus_area.title = title.strip()
    focus_area.description = description.strip()
    focus_area.full_clean()
    as_actor(focus_area, updated_by)
    focus_area.save(update_fields=["position", "title", "description"])
    focus_area.groups.set(groups)
    return focus_area


def focus_area_delete_refusal(focus_area: FocusArea) -> str | None:
    """Why the focus area cannot be deleted, or None when it can."""
    count = focus_area.goals.count()
    if count:
        return _(
            "The focus area “%(title)s” has %(count)s goal(s). Move its goals to another "
            "focus area or delete them first."
        ) % {"title": focus_area.title, "count": count}
    return None


@transaction.atomic
def focus_area_delete(*, focus_area: FocusArea, deleted_by: User | None) -> None:
    """Delete a focus area of the working copy. A focus area with goals is refused
    (ValidationError): goals are protected, and published versions keep their own copy."""
    refusal = focus_area_delete_refusal(focus_area)
    if refusal:
        raise ValidationError(refusal)
    as_actor(focus_area, deleted_by)
    try:
        focus_area.delete()
    except ProtectedError as exc:  # a goal was added in the meantime
        raise ValidationError(focus_area_delete_refusal(focus_area) or str(exc)) from exc


def _check_focus_area(*, alliance: Alliance, focus_area: FocusArea) -> None:
    if focus_area.alliance_id != alliance.pk:
        raise ValidationError({"focus_area": _("The focus area must belong to the same alliance.")})


@transaction.atomic
def goal_add(
    *,
    alliance: Alliance,
    focus_area: FocusArea,
    title: str,
    description: str = "",
    target_year: int | None = None,
    position: int = 1,
    added_by: User | None,
) -> Goal:
    """Add a goal to a focus area of the working copy (of the same alliance)."""
    _check_focus_area(alliance=alliance, focus_area=focus_area)
    goal = Goal(
        alliance=alliance,
        focus_area=focus_area,
        title=title.strip(),
        description=description.strip(),
        target_year=target_year,
        position=position,
    )
    goal.full_clean()
    as_actor(goal, added_by)
    goal.save()
    return goal


@transaction.atomic
def goal_update(
    *,
    goal: Goal,
    focus_area: FocusArea,
    title: str,
    description: str = "",
    target_year: int | None = None,
    position: int = 1,
    updated_by: User | None,
) -> Goal:
    """Change a goal of the working copy; it may move to another focus area of the alliance."""
    _check_focus_area(alliance=goal.alliance, focus_area=focus_area)
    goal.focus_area = focus_area
    goal.title = title.strip()
    goal.description = description.strip()
    goal.target_year = target_year
    goal.position = position
    goal.full_clean()
    as_actor(goal, updated_by)
    goal.save(
        update_fields=[
            "focus_area",
            "title",
            "description",
            "target_year",
            "position",
            "updated_at",
        ]
    )
    return goal


def goal_delete_refusal(goal: Goal) -> str | None:
    """Why the goal cannot be deleted, or None when it can."""
    count = goal.commitments.count()
    if count:
        return _(
            "%(count)s partner commitment(s) name the goal “%(title)s”. Remove it from "
            "those commitments first."
        ) % {"title": goal.title, "count": count}
    return None


@transaction.atomic
def goal_delete(*, goal: Goal, deleted_by: User | None) -> None:
    """Delete a goal of the working copy. A goal that partners' commitments name is refused
    (ValidationError), so no signed commitment loses a goal silently."""
    refusal = goal_delete_refusal(goal)
    if refusal:
        raise ValidationError(refusal)
    as_actor(goal, deleted_by)
    goal.delete()


@transaction.atomic
def agenda_publish(*, alliance: Alliance, published_by: User | None, note: str) -> AgendaVersion:
    """Publish the working copy as the next numbered AgendaVersion (a frozen copy of its texts,
    focus areas and goals).

    The alliance row is locked first, so two publishes at once get consecutive numbers rather
    than the same one. Refused (ValidationError) without a note, or when nothing changed since
    the newest version."""
    note = note.strip()
    if not note:
        raise ValidationError({"note": _("Write a note on what changed and why.")})
    locked = Alliance.objects.select_for_update().get(pk=alliance.pk)
    snapshot = agenda_working_snapshot(alliance=locked)
    latest = AgendaVersion.objects.filter(alliance=locked).order_by("-number").first()
    if latest is not None and not snapshots_differ(agenda_snapshot_of(latest), snapshot):
        raise ValidationError(
            _("Nothing has changed since version %(number)s: there is nothing to publish.")
            % {"number": latest.number}
        )
    number = (
        AgendaVersion.objects.filter(alliance=locked).aggregate(n=Max("number"))["n"] or 0
    ) + 1
    version = AgendaVersion(
        alliance=locked, number=number, note=note, published_by=published_by, **snapshot
    )
    version.full_clean()
    version.save()
    return version


@transaction.atomic
def agenda_comment_add(*, alliance: Alliance, author: User, body: str) -> AgendaComment:
    """Comment on the agenda; the comment is tied to the newest published version."""
    comment = AgendaComment(
        alliance=alliance,
        author=author,
        body=body.strip(),
        version=AgendaVersion.objects.filter(alliance=alliance).order_by("-number").first(),
    )
    comment.full_clean()
    comment.save()
    return comment
