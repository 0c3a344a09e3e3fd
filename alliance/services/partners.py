"""Partner organisations and their commitments (partnerskabsaftaler): create, edit, send for
signature, sign.

Each function is one transaction and validates the rows before saving them. The acting person is
recorded in the audit history (django-simple-history) through `_history_user`, so the history is
right outside a request too (a shell, a task, a test).

A commitment moves draft -> awaiting_signature (the secretariat sends it) -> signed (its
representative signs it with their own login). Signing keeps the exact text in a
CommitmentSignature. A change to its content after signing bumps `version` and sends it back for
a new signature; the old signatures and their texts stay.
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Iterable
from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from alliance.models import (
    Alliance,
    Commitment,
    CommitmentSignature,
    CommitmentStatus,
    Goal,
    Membership,
    Organisation,
    User,
)
from alliance.services.history import as_actor

ORGANISATION_FIELDS = ("name", "sector", "cvr", "website", "description", "is_listed_publicly")
# The fields that make up what a partner commits to: changing one after signing needs a new
# signature. The representative is who signs, not what is signed.
CONTENT_FIELDS = ("hours_per_year", "money_dkk", "venues", "data", "activities", "other")


# ---------------------------------------------------------------------------
# Partner organisations
# ---------------------------------------------------------------------------


@transaction.atomic
def partner_create(
    *,
    alliance: Alliance,
    user: User | None,
    name: str,
    sector: str,
    cvr: str = "",
    website: str = "",
    description: str = "",
    is_listed_publicly: bool = False,
) -> Organisation:
    """Add a partner organisation to the alliance. The name is unique within the alliance and
    a CVR number, when given, must pass its mod-11 check (ValidationError otherwise)."""
    organisation = Organisation(
        alliance=alliance,
        name=name.strip(),
        sector=sector,
        cvr=cvr.strip(),
        website=website,
        description=description,
        is_listed_publicly=is_listed_publicly,
    )
    _validate_organisation(organisation)
    as_actor(organisation, user)
    organisation.save()
    return organisation


@transaction.atomic
def partner_update(*, organisation: Organisation, user: User | None, **fields: Any) -> Organisation:
    """Change a partner organisation's details (the names in ORGANISATION_FIELDS). Saves only
    when something changed, so an unchanged form leaves no entry in the history."""
    unknown = set(fields) - set(ORGANISATION_FIELDS)
    if unknown:
        raise TypeError(f"Unknown organisation fields: {sorted(unknown)}")
    for text_field in ("name", "cvr"):
        if text_field in fields:
            fields[text_field] = fields[text_field].strip()
    changed = [name for name, value in fields.items() if getattr(organisation, name) != value]
    if not changed:
        return organisation
    for name in changed:
        setattr(organisation, name, fields[name])
    _validate_organisation(organisation)
    as_actor(organisation, user)
    organisation.save(update_fields=[*changed, "updated_at"])
    return organisation


def _validate_organisation(organisation: Organisation) -> None:
    """full_clean, with the duplicate name told in words a person understands."""
    duplicate = (
        Organisation.objects.filter(
            alliance_id=organisation.alliance_id, name__iexact=organisation.name
        )
        .exclude(pk=organisation.pk)
        .exists()
    )
    errors: dict[str, list] = {}
    if duplicate:
        errors["name"] = [
            ValidationError(
                _("The alliance already has a partner called “%(name)s”."),
                code="duplicate_name",
                params={"name": organisation.name},
            )
        ]
    try:
        organisation.full_clean(validate_constraints=not duplicate)
    except ValidationError as error:
        for field, messages in error.message_dict.items():
            errors.setdefault(field, []).extend(messages)
    if errors:
        raise ValidationError(errors)


# ---------------------------------------------------------------------------
# Commitments
# ---------------------------------------------------------------------------


def commitment_text(commitment: Commitment) -> dict:
    """The text a signature freezes: every content field, the goals by title, who signs."""
    representative = commitment.representative
    return {
        "organisation": commitment.organisation.name,
        "version": commitment.version,
        **{name: getattr(commitment, name) for name in CONTENT_FIELDS},
        "goals": [goal.title for goal in commitment.goals.all()],
        "representative": (
            {"name": representative.get_full_name(), "email": representative.email}
            if representative
            else None
        ),
    }


def commitment_fingerprint(commitment: Commitment) -> str:
    """A short digest of the text to sign: the sign form carries it, so a person signs exactly
    the text they read (a change made while they read it is caught)."""
    text = json.dumps(commitment_text(commitment), sort_keys=True, ensure_ascii=False)
    return hashlib.sha256(text.encode()).hexdigest()[:32]


def _validate_goals(*, alliance: Alliance, goals: Iterable[Goal]) -> list[Goal]:
    goals = list(goals)
    if any(goal.alliance_id != alliance.pk for goal in goals):
        raise ValidationError(
            {"goals": _("A commitment can only name goals of the alliance's own agenda.")}
        )
    return goals


def _validate_representative(*, alliance: Alliance, representative: User | None) -> None:
    if representative is None:
        return
    if not Membership.objects.active().filter(user=representative, alliance=alliance).exists():
        raise ValidationError(
            {
                "representative": _(
                    "The representative must be a person with an active membership of the alliance."
                )
            }
        )


@transaction.atomic
def commitment_create(
    *,
    organisation: Organisation,
    user: User | None,
    hours_per_year: int | None = None,
    money_dkk: int | None = None,
    venues: str = "",
    data: str = "",
    activities: str = "",
    other: str = "",
    goals: Iterable[Goal] = (),
    representative: User | None = None,
) -> Commitment:
    """Start a partner's commitment as a draft. One per organisation; the goals must be the
    alliance's own and the representative an active member of the alliance."""
    alliance = organisation.alliance
    if Commitment.objects.filter(organisation=organisation).exists():
        raise ValidationError(_("This partner already has a commitment."))
    goals = _validate_goals(alliance=alliance, goals=goals)
    _validate_representative(alliance=alliance, representative=representative)
    commitment = Commitment(
        alliance=alliance,
        organisation=organisation,
        hours_per_year=hours_per_year,
        money_dkk=money_dkk,
        venues=venues,
        data=data,
        activities=activities,
        other=other,
        representative=representative,
    )
    commitment.full_clean()
    as_actor(commitment, user)
    commitment.save()
    if goals:
        commitment.goals.set(goals)  # a second history entry, holding the goals
    return commitment


@transaction.atomic
def commitment_update(
    *,
    commitment: Commitment,
    user: User | None,
    hours_per_year: int | None,
    money_dkk: int | None,
    venues: str,
    data: str,
    activities: str,
    other: str,
    goals: Iterable[Goal],
    representative: User | None,
) -> Commitment:
    """Change a commitment. A change to what it contains (a content field or the goals) after
    it was signed bumps `version` and sends it back for a new signature; the signatures of
    earlier versions and their texts stay. Nothing changed: no write, no history entry."""
    commitment = (
        Commitment.objects.select_for_update(of=("self",))
        .select_related("alliance", "organisation", "representative")
        .get(pk=commitment.pk)
    )
    alliance = commitment.alliance
    goals = _validate_goals(alliance=alliance, goals=goals)
    _validate_representative(alliance=alliance, representative=representative)

    new_values = {
        "hours_per_year": hours_per_year,
        "money_dkk": money_dkk,
        "venues": venues,
        "data": data,
        "activities": activities,
        "other": other,
    }
    changed = [name for name, value in new_values.items() if getattr(commitment, name) != value]
    old_goal_ids = set(commitment.goals.values_list("pk", flat=True))
    goals_changed = old_goal_ids != {goal.pk for goal in goals}
    representative_changed = commitment.representative_id != (
        representative.pk if representative else None
    )
    if not changed and not goals_changed and not representative_changed:
        return commitment

    for name in changed:
        setattr(commitment, name, new_values[name])
    commitment.representative = representative
    update_fields = [*changed, "representative", "updated_at"]
    if (changed or goals_changed) and commitment.status == CommitmentStatus.SIGNED:
        commitment.version += 1
        commitment.status = CommitmentStatus.AWAITING_SIGNATURE
        update_fields += ["version", "status"]
    commitment.full_clean()
    if goals_changed:
        # Silently, so that the one history entry below holds the new goals with the new fields.
        commitment.skip_history_when_saving = True
        try:
            commitment.goals.set(goals)
        finally:
            del commitment.skip_history_when_saving
    as_actor(commitment, user)
    commitment.save(update_fields=update_fields)
    return commitment


@transaction.atomic
def commitment_send_for_signature(*, commitment: Commitment, user: User | None) -> Commitment:
    """Ask the representative to sign a draft commitment. It needs a representative who is
    still an active member of the alliance."""
    commitment = Commitment.objects.select_for_update().get(pk=commitment.pk)
    if commitment.status != CommitmentStatus.DRAFT:
        raise ValidationError(_("Only a draft can be sent for signature."))
    if commitment.representative_id is None:
        raise ValidationError(
            _("Choose the representative who signs before sending the commitment for signature.")
        )
    _validate_representative(alliance=commitment.alliance, representative=commitment.representative)
    commitment.status = CommitmentStatus.AWAITING_SIGNATURE
    as_actor(commitment, user)
    commitment.save(update_fields=["status", "updated_at"])
    return commitment


@transaction.atomic
def commitment_sign(
    *, commitment: Commitment, user: User, fingerprint: str | None = None
) -> CommitmentSignature:
    """The representative signs the commitment with their own login: the exact text is kept in
    a CommitmentSignature at the current version and the commitment becomes signed.

    PermissionDenied for anyone but the representative (an active member of the alliance);
    ValidationError when it is not waiting for a signature, or when `fingerprint` (of the text
    the person read) no longer matches the text."""
    commitment = (
        Commitment.objects.select_for_update(of=("self",))
        .select_related("alliance", "organisation", "representative")
        .get(pk=commitment.pk)
    )
    if (
        not user.is_authenticated
        or commitment.representative_id != user.pk
        or not Membership.objects.active().filter(user=user, alliance=commitment.alliance).exists()
    ):
        raise PermissionDenied(_("Only the partner's representative can sign the commitment."))
    if commitment.status != CommitmentStatus.AWAITING_SIGNATURE:
        raise ValidationError(_("This commitment is not waiting for a signature."))
    if fingerprint is not None and fingerprint != commitment_fingerprint(commitment):
        raise ValidationError(
            _("The commitment was changed while you read it. Read the new text and sign again.")
        )
    signature = CommitmentSignature(
        commitment=commitment,
        version=commitment.version,
        text=commitment_text(commitment),
        signed_by=user,
        signed_at=timezone.now(),
    )
    signature.full_clean()
    signature.save()
    commitment.status = CommitmentStatus.SIGNED
    as_actor(commitment, user)
    commitment.save(update_fields=["status", "updated_at"])
    return signature
