"""factory_boy factories for the measurement models (alliance ones come from tests.factories)."""

from __future__ import annotations

import datetime
from decimal import Decimal

import factory
from django.utils import timezone

from measurement.models import (
    Aggregation,
    DataPoint,
    DataPointStatus,
    Dimension,
    DimensionValue,
    Direction,
    Frequency,
    Indicator,
    IndicatorKind,
    Target,
    Unit,
)
from tests.factories import AllianceFactory, OrganisationFactory


class DimensionFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Dimension

    alliance = factory.SubFactory(AllianceFactory)
    name = factory.Sequence(lambda n: f"Dimension {n}")
    position = 1


class DimensionValueFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = DimensionValue

    dimension = factory.SubFactory(DimensionFactory)
    label = factory.Sequence(lambda n: f"Value {n}")
    position = 1


class IndicatorFactory(factory.django.DjangoModelFactory):
    """A yearly count summed across organisations, higher is better."""

    class Meta:
        model = Indicator

    alliance = factory.SubFactory(AllianceFactory)
    name = factory.Sequence(lambda n: f"Indicator {n}")
    definition = "The number of young people in education or work."
    unit = Unit.COUNT
    direction = Direction.HIGHER_IS_BETTER
    frequency = Frequency.YEARLY
    kind = IndicatorKind.POPULATION
    aggregation = Aggregation.SUM


class TargetFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Target

    indicator = factory.SubFactory(IndicatorFactory)
    period = datetime.date(2030, 1, 1)
    value = Decimal("100")


class DataPointFactory(factory.django.DjangoModelFactory):
    """An APPROVED data point by default (pass status= for the others); its organisation
    belongs to the indicator's alliance."""

    class Meta:
        model = DataPoint

    indicator = factory.SubFactory(IndicatorFactory)
    period = datetime.date(2025, 1, 1)
    organisation = factory.SubFactory(
        OrganisationFactory, alliance=factory.SelfAttribute("..indicator.alliance")
    )
    value = Decimal("1")
    status = DataPointStatus.APPROVED
    approved_at = factory.LazyFunction(timezone.now)


# --- entry ---
def reporting_world() -> dict:
    """An alliance where a coordinator reports for their working group: two organisations of
    the group, a second group with an indicator of its own, the secretariat, a yearly count by
    gender ("Køn": Piger, Drenge) coded "AU1", and a yearly share (ratio) coded "PCT1"."""
    from alliance.models import Role
    from tests.factories import MembershipFactory, UserFactory, WorkGroupFactory
    from workgroups.models import GroupRole
    from workgroups.services import group_member_add

    alliance = AllianceFactory(name="Reporting alliance")
    school = OrganisationFactory(alliance=alliance, name="Skolen")
    club = OrganisationFactory(alliance=alliance, name="Klubben")
    stranger = OrganisationFactory(alliance=alliance, name="Fremmed forening")
    own = WorkGroupFactory(alliance=alliance, name="Egen gruppe")
    other = WorkGroupFactory(alliance=alliance, name="Anden gruppe")
    coordinator = UserFactory(email="coordinator-entry@example.org")
    membership = MembershipFactory(
        user=coordinator, alliance=alliance, role=Role.COORDINATOR, organisation=school
    )
    group_member_add(group=own, user=coordinator, role=GroupRole.COORDINATOR, organisation=school)
    colleague = UserFactory()
    MembershipFactory(user=colleague, alliance=alliance, role=Role.MEMBER, organisation=club)
    group_member_add(group=own, user=colleague, organisation=club)
    secretary = UserFactory(email="secretary-entry@example.org")
    secretariat = MembershipFactory(user=secretary, alliance=alliance, role=Role.SECRETARIAT)
    gender = DimensionFactory(alliance=alliance, name="Køn")
    girls = DimensionValueFactory(dimension=gender, label="Piger", position=1)
    boys = DimensionValueFactory(dimension=gender, label="Drenge", position=2)
    count = IndicatorFactory(alliance=alliance, code="AU1", name="Aktive unge")
    count.workgroups.add(own)
    count.dimensions.add(gender)
    share = IndicatorFactory(
        alliance=alliance,
        code="PCT1",
        name="Andel i trivsel",
        unit=Unit.PERCENT,
        aggregation=Aggregation.RATIO,
    )
    share.workgroups.add(own)
    share.dimensions.add(gender)
    foreign = IndicatorFactory(alliance=alliance, code="X9", name="Andet udvalgs tal")
    foreign.workgroups.add(other)
    return {
        "alliance": alliance,
        "school": school,
        "club": club,
        "stranger": stranger,
        "own": own,
        "other": other,
        "coordinator": coordinator,
        "membership": membership,
        "secretary": secretary,
        "secretariat": secretariat,
        "gender": gender,
        "girls": girls,
        "boys": boys,
        "count": count,
        "share": share,
        "foreign": foreign,
    }


# --- end entry ---
