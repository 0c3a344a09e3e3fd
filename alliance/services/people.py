"""The secretariat's changes to people: role and organisation, access, directory consent.

Each function is one transaction. An alliance always keeps at least one active secretariat:
the last one can neither be demoted nor deactivated.
"""

from __future__ import annotations

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from alliance.models import Membership, Organisation, Role, SecurityEventKind
from alliance.services.security_events import security_event_record


def _is_last_active_secretariat(membership: Membership) -> bool:
    if not (membership.is_active and membership.role == Role.SECRETARIAT):
        return False
    others = (
        Membership.objects.active()
        .select_for_update()
        .filter(alliance_id=membership.alliance_id, role=Role.SECRETARIAT)
        .exclude(pk=membership.pk)
    )
    return not others.exists()


def _record(kind: str, membership: Membership, **details) -> None:
    """The security log's entry for a change to a person's membership; the person acting is
    the request's (see security_event_record)."""
    security_event_record(
        kind=kind, alliance=membership.alliance, subject=membership.user, details=details
    )


def _locked(membership: Membership) -> Membership:
    return Membership.objects.select_for_update().select_related("user").get(pk=membership.pk)


@transaction.atomic
def membership_update(
    *, membership: Membership, role: str, organisation: Organisation | None
) -> Membership:
    """Change a person's role and organisation in the alliance.

    Raises ValidationError (on `role`) when this would leave the alliance without an active
    secretariat, or (on `organisation`) for another alliance's organisation."""
    membership = _locked(membership)
    if role != Role.SECRETARIAT and _is_last_active_secretariat(membership):
        raise ValidationError(
            {
                "role": _(
                    "This is the alliance's last active secretariat member. Give someone else "
                    "the secretariat role first."
                )
            }
        )
    if membership.role == role and membership.organisation_id == (
        organisation.pk if organisation else None
    ):
        return membership  # unchanged: no write, no entry in the audit history
    role_from = membership.role
    membership.role = role
    membership.organisation = organisation
    membership.full_clean()
    membership.save(update_fields=["role", "organisation", "updated_at"])
    if role_from != role:
        _record(SecurityEventKind.ROLE_CHANGED, membership, role_from=role_from, role_to=role)
    return membership


@transaction.atomic
def membership_revoke_access(*, membership: Membership) -> Membership:
    """Deactivate a person's membership: their history and group seats stay, their access
    goes (every alliance view requires an active membership).

    Raises ValidationError when this is the alliance's last active secretariat member."""
    membership = _locked(membership)
    if not membership.is_active:
        return membership
    if _is_last_active_secretariat(membership):
        raise ValidationError(
            _(
                "This is the alliance's last active secretariat member and cannot be "
                "deactivated. Give someone else the secretariat role first."
            )
        )
    membership.is_active = False
    membership.deactivated_at = timezone.now()
    membership.save(update_fields=["is_active", "deactivated_at", "updated_at"])
    _record(SecurityEventKind.MEMBERSHIP_DEACTIVATED, membership, role_from=membership.role)
    return membership


@transaction.atomic
def membership_restore_access(*, membership: Membership) -> Membership:
    """Reactivate a deactivated membership with its role and organisation as they were."""
    membership = _locked(membership)
    if membership.is_active:
        return membership
    membership.is_active = True
    membership.deactivated_at = None
    membership.save(update_fields=["is_active", "deactivated_at", "updated_at"])
    _record(SecurityEventKind.MEMBERSHIP_REACTIVATED, membership, role_to=membership.role)
    return membership


@transaction.atomic
def membership_set_directory_listing(*, membership: Membership, is_listed: bool) -> Membership:
    """Record a person's own consent (or its withdrawal) to be shown in the directory."""
    membership = _locked(membership)
    if membership.is_listed_in_directory == is_listed:
        return membership
    membership.is_listed_in_directory = is_listed
    membership.save(update_fields=["is_listed_in_directory", "updated_at"])
    return membership
