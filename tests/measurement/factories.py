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
