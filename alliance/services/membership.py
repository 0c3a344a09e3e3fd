"""Changes to alliances, their organisations, people and memberships. Each function is one
transaction and validates the row (`full_clean()`) before saving it."""

from __future__ import annotations

from django.contrib.auth.password_validation import validate_password
from django.db import transaction

from alliance.models import (
    Alliance,
    FocusArea,
    Membership,
    Organisation,
    SecurityEventKind,
    User,
)
from alliance.services.security_events import security_event_record


@transaction.atomic
def user_create(*, email: str, full_name: str = "", password: str | None = None) -> User:
    """Create a person, email lower-cased. Without a password the account cannot log in (an
    invitation or a password reset sets one later). A password is checked by the validators."""
    user = User(email=User.objects.normalize_email(email.strip()).lower(), full_name=full_name)
    if password is None:
        user.set_unusable_password()
    else:
        validate_password(password, user)
        user.set_password(password)
    user.full_clean()
    user.save()
    return user


@transaction.atomic
def alliance_create(
    *,
    name: str,
    slug: str,
    municipality: str = "",
    tagline: str = "",
    vision: str = "",
    is_public: bool = False,
    is_demo: bool = False,
) -> Alliance:
    """Create an alliance (a tenant). The slug becomes its address and must be free."""
    alliance = Alliance(
        name=name,
        slug=slug,
        municipality=municipality,
        tagline=tagline,
        vision=vision,
        is_public=is_public,
        is_demo=is_demo,
    )
    alliance.full_clean()
    alliance.save()
    return alliance


@transaction.atomic
def organisation_create(
    *, alliance: Alliance, name: str, sector: str, cvr: str = "", website: str = ""
) -> Organisation:
    """Add a partner organisation to an alliance. Its name is unique within the alliance; a CVR
    number, when given, must pass the mod-11 check."""
    organisation = Organisation(
        alliance=alliance, name=name, sector=sector, cvr=cvr, website=website
    )
    organisation.full_clean()
    organisation.save()
    return organisation


@transaction.atomic
def focus_area_create(
    *, alliance: Alliance, position: int, title: str, description: str = ""
) -> FocusArea:
    """Add a focus area to an alliance's common agenda; number and title are unique in it."""
    focus_area = FocusArea(
        alliance=alliance, position=position, title=title, description=description
    )
    focus_area.full_clean()
    focus_area.save()
    return focus_area


@transaction.atomic
def membership_grant(
    *, user: User, alliance: Alliance, role: str, organisation: Organisation | None = None
) -> Membership:
    """Give a person a role in an alliance: create their one membership there, or update and
    reactivate it. The organisation, if any, must belong to the same alliance."""
    membership = Membership.objects.select_for_update().filter(user=user, alliance=alliance).first()
    if membership is None:
        membership = Membership(user=user, alliance=alliance)
    elif (
        membership.role == role
        and membership.organisation_id == (organisation.pk if organisation else None)
        and membership.is_active
    ):
        return membership  # unchanged: no write, no entry in the audit history
    role_from = membership.role if membership.pk and membership.is_active else None
    membership.role = role
    membership.organisation = organisation
    membership.is_active = True
    membership.full_clean()
    if membership.pk is None:
        membership.save()
    else:
        membership.save(update_fields=["role", "organisation", "is_active", "updated_at"])
    if role_from != role:
        security_event_record(
            kind=SecurityEventKind.ROLE_CHANGED,
            alliance=alliance,
            subject=user,
            details={"role_from": role_from, "role_to": role},
        )
    return membership


@transaction.atomic
def membership_deactivate(*, membership: Membership) -> Membership:
    """End a person's access to an alliance while keeping the membership as history.

    Group seats and their object permissions stay; every alliance view requires an active
    membership, so they no longer give access. `membership_grant` reactivates it."""
    membership.is_active = False
    membership.save(update_fields=["is_active", "updated_at"])
    security_event_record(
        kind=SecurityEventKind.MEMBERSHIP_DEACTIVATED,
        alliance=membership.alliance,
        subject=membership.user,
        details={"role_from": membership.role},
    )
    return membership
