"""The world the API tests run against: the reporting alliance of the measurement tests (a
coordinator of "Egen gruppe" reporting for "Skolen"; the secretariat), a steering group
member, a young person, and a second alliance with data of its own; personal API keys made
through the service, as a person makes them on their keys page."""

from __future__ import annotations

import datetime
from decimal import Decimal

import pytest
from django.urls import reverse
from django.utils import timezone

from alliance.models import Role
from api.services import api_token_create
from initiatives.services import activity_save
from measurement.aggregation import indicator_recompute
from measurement.models import IndicatorKind
from tests.factories import (
    AllianceFactory,
    MembershipFactory,
    OrganisationFactory,
    UserFactory,
    WorkGroupFactory,
)
from tests.measurement.factories import DataPointFactory, IndicatorFactory, reporting_world
from youth_voice import codes
from youth_voice.models import Moderation, YouthInput


def youth_input(alliance, text: str, *, moderation=Moderation.PUBLISHED, **fields) -> YouthInput:
    code = codes.new_receipt_code()
    return YouthInput.objects.create(
        alliance=alliance,
        kind="idea",
        text=f"{text} (original, ringer til Mette på 12345678)",
        published_text=text if moderation == Moderation.PUBLISHED else "",
        moderation=moderation,
        published_at=timezone.now() if moderation == Moderation.PUBLISHED else None,
        receipt_hash=codes.receipt_hash(code),
        link_hash=codes.link_hash(codes.link_token(code)),
        **fields,
    )


@pytest.fixture
def world() -> dict:
    world = reporting_world()
    alliance = world["alliance"]
    steering = UserFactory(email="steering-api@example.org")
    MembershipFactory(user=steering, alliance=alliance, role=Role.STEERING)
    youth = UserFactory(email="youth-api@example.org")
    MembershipFactory(user=youth, alliance=alliance, role=Role.YOUTH)
    member = UserFactory(email="member-api@example.org")
    MembershipFactory(user=member, alliance=alliance, role=Role.MEMBER)
    # Approved figures of "Aktive unge" for 2024 and 2025: a large group of girls and a small
    # group of boys (3 respondents: below the threshold of 5) in 2025.
    count = world["count"]
    for period, breakdown, value, respondents in (
        (datetime.date(2024, 1, 1), None, "40", 40),
        (datetime.date(2025, 1, 1), world["girls"], "30", 30),
        (datetime.date(2025, 1, 1), world["boys"], "3", 3),
    ):
        DataPointFactory(
            indicator=count,
            organisation=world["school"],
            period=period,
            breakdown=breakdown,
            value=Decimal(value),
            respondents=respondents,
        )
    indicator_recompute(indicator=count)
    reach = IndicatorFactory(
        alliance=alliance, code="D1", name="Deltagere", kind=IndicatorKind.HOW_MUCH
    )
    reach.workgroups.add(world["own"])
    activity = activity_save(
        alliance=alliance,
        user=None,
        group=world["own"],
        title="Lektiecafé",
        starts_on=datetime.date(2025, 2, 1),
        ends_on=datetime.date(2025, 6, 30),
        partners={world["school"]: "lead"},
        measures={reach: "participants"},
    )
    published = youth_input(alliance, "Flere bænke ved stranden")
    pending = youth_input(alliance, "Venter på moderation", moderation=Moderation.PENDING)

    other = AllianceFactory(name="Anden alliance")
    other_secretary = UserFactory(email="other-secretary-api@example.org")
    other_secretariat = MembershipFactory(
        user=other_secretary, alliance=other, role=Role.SECRETARIAT
    )
    other_group = WorkGroupFactory(alliance=other, name="Anden gruppe")
    other_indicator = IndicatorFactory(alliance=other, code="O1", name="Andres indikator")
    other_indicator.workgroups.add(other_group)
    other_datapoint = DataPointFactory(
        indicator=other_indicator,
        organisation=OrganisationFactory(alliance=other),
        value=Decimal("7"),
        respondents=50,
    )
    indicator_recompute(indicator=other_indicator)
    other_activity = activity_save(
        alliance=other, user=None, group=other_group, title="Andres aktivitet"
    )
    other_input = youth_input(other, "Andres idé")
    return {
        **world,
        "steering": steering,
        "youth": youth,
        "member": member,
        "activity": activity,
        "reach": reach,
        "published": published,
        "pending": pending,
        "other": other,
        "other_secretary": other_secretary,
        "other_secretariat": other_secretariat,
        "other_indicator": other_indicator,
        "other_datapoint": other_datapoint,
        "other_activity": other_activity,
        "other_input": other_input,
    }


def membership_of(user, alliance):
    return user.memberships.get(alliance=alliance)


def key_for(user, alliance, name: str = "Test", **kwargs) -> str:
    """A working API key of the person in the alliance (made as on their keys page)."""
    return api_token_create(membership=membership_of(user, alliance), name=name, **kwargs).raw


def bearer(raw: str) -> dict:
    return {"Authorization": f"Bearer {raw}"}


def api_url(alliance, name: str, **kwargs) -> str:
    return reverse(f"api:{name}", kwargs={"alliance_slug": alliance.slug, **kwargs})
