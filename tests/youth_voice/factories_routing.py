"""People and rows for routing and answering youth input: an alliance with a secretariat, a
steering group member, two working groups with a coordinator and a member each, and another
alliance."""

from __future__ import annotations

import datetime
from dataclasses import dataclass

from django.utils import timezone

from alliance.models import Alliance, Role, User
from tests.factories import AllianceFactory, MembershipFactory, UserFactory, WorkGroupFactory
from tests.youth_voice.factories_community import youth_input
from workgroups.models import Decision, GroupKind, GroupRole, Meeting, MinutesStatus, WorkGroup
from workgroups.services import group_member_add
from youth_voice.models import Consent, ConsentPurpose, ConsentStatus, ContactDetails, YouthInput

__all__ = ["World", "contact_details", "decision_published", "meeting", "world", "youth_input"]


@dataclass
class World:
    alliance: Alliance
    secretariat: User
    steering: User
    coordinator: User
    member: User
    other_coordinator: User
    youth: User
    group: WorkGroup
    other_group: WorkGroup
    steering_group: WorkGroup
    stranger: User  # secretariat of another alliance


def _person(alliance: Alliance, role: str) -> User:
    user = UserFactory()
    MembershipFactory(user=user, alliance=alliance, role=role)
    return user


def world() -> World:
    alliance = AllianceFactory()
    group = WorkGroupFactory(alliance=alliance, name="A: Fællesskaber mod ensomhed")
    other_group = WorkGroupFactory(alliance=alliance, name="B: Trivsel i skolen")
    steering_group = WorkGroupFactory(
        alliance=alliance, kind=GroupKind.STEERING, name="Styregruppen"
    )
    coordinator = _person(alliance, Role.COORDINATOR)
    member = _person(alliance, Role.MEMBER)
    other_coordinator = _person(alliance, Role.COORDINATOR)
    group_member_add(group=group, user=coordinator, role=GroupRole.COORDINATOR)
    group_member_add(group=group, user=member, role=GroupRole.MEMBER)
    group_member_add(group=other_group, user=other_coordinator, role=GroupRole.COORDINATOR)
    return World(
        alliance=alliance,
        secretariat=_person(alliance, Role.SECRETARIAT),
        steering=_person(alliance, Role.STEERING),
        coordinator=coordinator,
        member=member,
        other_coordinator=other_coordinator,
        youth=_person(alliance, Role.YOUTH),
        group=group,
        other_group=other_group,
        steering_group=steering_group,
        stranger=_person(AllianceFactory(), Role.SECRETARIAT),
    )


def meeting(*, group: WorkGroup, days: int = 7, **fields) -> Meeting:
    start = timezone.now() + datetime.timedelta(days=days)
    return Meeting.objects.create(
        group=group,
        title=fields.pop("title", "Gruppemøde"),
        starts_at=start,
        ends_at=start + datetime.timedelta(hours=1),
        **fields,
    )


def decision_published(*, group: WorkGroup, text: str = "Vi åbner en klub om fredagen") -> Decision:
    past = meeting(
        group=group,
        days=-10,
        minutes_status=MinutesStatus.PUBLISHED,
        minutes_published_at=timezone.now() - datetime.timedelta(days=9),
    )
    return Decision.objects.create(meeting=past, text=text, decided_by=group.name)


def contact_details(youth_input: YouthInput, email: str = "ung@example.org") -> ContactDetails:
    consent = Consent.objects.create(
        alliance=youth_input.alliance,
        purpose=ConsentPurpose.CONTACT,
        text_version="1",
        status=ConsentStatus.GIVEN,
        input=youth_input,
        given_at=timezone.now(),
    )
    return ContactDetails.objects.create(
        input=youth_input,
        email=email,
        consent=consent,
        delete_after=timezone.now() + datetime.timedelta(days=180),
    )
