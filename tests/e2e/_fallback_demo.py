"""TEMPORARY: demo data built with factories until `seed_demo` exists. Delete with the seed."""

from __future__ import annotations

from allauth.account.models import EmailAddress

from alliance.models import Role, Sector, User
from tests.factories import (
    AllianceFactory,
    FocusAreaFactory,
    MembershipFactory,
    OrganisationFactory,
    UserFactory,
    WorkGroupFactory,
)
from workgroups.models import GroupKind, GroupRole
from workgroups.services import group_member_add

PASSWORD = "Kalundborg-demo-2026"


def build_demo() -> None:
    alliance = AllianceFactory(
        name="Ung & Sund Kalundborg",
        slug="kalundborg",
        is_demo=True,
        is_public=True,
        vision="Alle unge skal have håb og drømme for deres fremtid.",
    )
    municipality = OrganisationFactory(
        alliance=alliance, name="Kalundborg Kommune", sector=Sector.MUNICIPALITY
    )
    club = OrganisationFactory(alliance=alliance, name="Raklev GI", sector=Sector.SPORTS_LEISURE)
    area = FocusAreaFactory(alliance=alliance, title="Mental trivsel")
    steering = WorkGroupFactory(alliance=alliance, kind=GroupKind.STEERING, name="Styregruppen")
    group = WorkGroupFactory(alliance=alliance, name="Trivsel i fritiden")
    group.focus_areas.add(area)
    people = {
        "secretariat": ("Sara Sekretariat", municipality),
        "steering": ("Steen Styregruppe", municipality),
        "coordinator": ("Karin Koordinator", club),
        "member": ("Mads Medlem", club),
        "youth": ("Yasmin Ung", None),
    }
    for role, (name, organisation) in people.items():
        user = UserFactory(email=f"{role}@example.org", full_name=name)
        user.set_password(PASSWORD)
        user.save()
        EmailAddress.objects.create(user=user, email=user.email, verified=True, primary=True)
        MembershipFactory(user=user, alliance=alliance, role=Role(role), organisation=organisation)
    def u(role: str) -> User:
        return User.objects.get(email=f"{role}@example.org")

    group_member_add(group=steering, user=u("steering"), role=GroupRole.CHAIR)
    group_member_add(group=steering, user=u("youth"), is_youth_representative=True)
    group_member_add(group=group, user=u("coordinator"), role=GroupRole.COORDINATOR)
    group_member_add(group=group, user=u("member"))
    group_member_add(group=group, user=u("youth"), is_youth_representative=True)
