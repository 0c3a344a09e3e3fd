"""Changes to groups and their members. Each function is one transaction."""

from __future__ import annotations

import datetime

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.text import slugify
from django.utils.translation import gettext
from guardian.shortcuts import assign_perm, remove_perm

from alliance.models import Alliance, FocusArea, Organisation

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


# --- working groups: create, change, archive ----------------------------------------------

# Short names that would hide a page under /<alliance>/groups/.
RESERVED_GROUP_SLUGS = frozenset({"new"})
CREATABLE_KINDS = (GroupKind.WORKING, GroupKind.YOUTH_PANEL)
# slugify() drops letters it cannot spell in ASCII; the Danish ones have a common spelling.
DANISH_LETTERS = str.maketrans({"æ": "ae", "ø": "oe", "å": "aa", "Æ": "Ae", "Ø": "Oe", "Å": "Aa"})


def group_slug_suggest(*, alliance: Alliance, name: str, exclude: WorkGroup | None = None) -> str:
    """A short name made from `name` that no other group of the alliance uses."""
    base = slugify(name.translate(DANISH_LETTERS))[:70].strip("-") or "gruppe"
    taken = WorkGroup.objects.filter(alliance=alliance, slug__startswith=base)
    if exclude is not None:
        taken = taken.exclude(pk=exclude.pk)
    used = set(taken.values_list("slug", flat=True)) | RESERVED_GROUP_SLUGS
    slug, number = base, 1
    while slug in used:
        number += 1
        slug = f"{base}-{number}"
    return slug


def _check_slug(*, alliance: Alliance, slug: str, group: WorkGroup | None) -> None:
    if slug in RESERVED_GROUP_SLUGS:
        raise ValidationError(
            {"slug": gettext("“%(slug)s” cannot be used as a short name.") % {"slug": slug}}
        )
    taken = WorkGroup.objects.filter(alliance=alliance, slug=slug)
    if group is not None:
        taken = taken.exclude(pk=group.pk)
    if taken.exists():
        raise ValidationError(
            {
                "slug": gettext(
                    "Another group of the alliance has the short name “%(slug)s”. "
                    "Try “%(suggestion)s”."
                )
                % {
                    "slug": slug,
                    "suggestion": group_slug_suggest(alliance=alliance, name=slug, exclude=group),
                }
            }
        )


def _check_related(
    *, alliance: Alliance, focus_areas: list[FocusArea], lead_organisations: list[Organisation]
) -> None:
    if any(area.alliance_id != alliance.pk for area in focus_areas):
        raise ValidationError(
            {"focus_areas": gettext("The focus areas must belong to the alliance.")}
        )
    if any(organisation.alliance_id != alliance.pk for organisation in lead_organisations):
        raise ValidationError(
            {"lead_organisations": gettext("The organisations must belong to the alliance.")}
        )


@transaction.atomic
def group_create(
    *,
    alliance: Alliance,
    name: str,
    slug: str = "",
    kind: str = GroupKind.WORKING,
    purpose: str = "",
    focus_areas: list[FocusArea] | None = None,
    lead_organisations: list[Organisation] | None = None,
) -> WorkGroup:
    """Create a working group (or a youth panel) of the alliance. Without a short name one is
    made from the name. The steering group is created on the steering page instead.

    Raises ValidationError for a short name another group of the alliance uses, and for focus
    areas or organisations of another alliance."""
    if kind not in CREATABLE_KINDS:
        raise ValidationError({"kind": gettext("Choose a working group or a youth panel.")})
    name = name.strip()
    focus_areas = list(focus_areas or [])
    lead_organisations = list(lead_organisations or [])
    slug = slug.strip() or group_slug_suggest(alliance=alliance, name=name)
    _check_slug(alliance=alliance, slug=slug, group=None)
    _check_related(
        alliance=alliance, focus_areas=focus_areas, lead_organisations=lead_organisations
    )
    group = WorkGroup(alliance=alliance, kind=kind, name=name, slug=slug, purpose=purpose.strip())
    group.full_clean()
    group.save()
    group.focus_areas.set(focus_areas)
    group.lead_organisations.set(lead_organisations)
    return group


@transaction.atomic
def group_update(
    *,
    group: WorkGroup,
    name: str,
    slug: str,
    purpose: str = "",
    focus_areas: list[FocusArea] | None = None,
    lead_organisations: list[Organisation] | None = None,
) -> WorkGroup:
    """Change a group's name, short name, purpose, focus areas and lead organisations. Its
    kind, members and archive state stay as they are."""
    focus_areas = list(focus_areas or [])
    lead_organisations = list(lead_organisations or [])
    slug = slug.strip() or group_slug_suggest(alliance=group.alliance, name=name, exclude=group)
    _check_slug(alliance=group.alliance, slug=slug, group=group)
    _check_related(
        alliance=group.alliance, focus_areas=focus_areas, lead_organisations=lead_organisations
    )
    group.name = name.strip()
    group.slug = slug
    group.purpose = purpose.strip()
    group.full_clean()
    group.save(update_fields=["name", "slug", "purpose", "updated_at"])
    group.focus_areas.set(focus_areas)
    group.lead_organisations.set(lead_organisations)
    return group


@transaction.atomic
def group_archive(*, group: WorkGroup) -> WorkGroup:
    """Archive a group: it stays readable with its meetings and minutes, but holds no new
    meetings and leaves the lists. The steering group cannot be archived."""
    if group.kind == GroupKind.STEERING:
        raise ValidationError(gettext("The steering group cannot be archived."))
    if group.is_archived:
        raise ValidationError(gettext("The group is already archived."))
    group.is_archived = True
    group.save(update_fields=["is_archived", "updated_at"])
    return group


@transaction.atomic
def group_unarchive(*, group: WorkGroup) -> WorkGroup:
    """Take a group out of the archive: it can hold meetings again."""
    if not group.is_archived:
        raise ValidationError(gettext("The group is not archived."))
    group.is_archived = False
    group.save(update_fields=["is_archived", "updated_at"])
    return group
