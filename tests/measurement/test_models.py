"""Single-row rules of the measurement models."""

import datetime
from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils import translation

from measurement.models import (
    Aggregation,
    DataPoint,
    Dimension,
    DimensionValue,
    Direction,
    Frequency,
    Indicator,
    IndicatorKind,
    Summary,
    Unit,
)
from tests.factories import AllianceFactory, OrganisationFactory

pytestmark = pytest.mark.django_db

PERIOD = datetime.date(2025, 1, 1)


@pytest.fixture(autouse=True)
def _english():
    with translation.override("en"):
        yield


def _indicator(alliance, **kwargs) -> Indicator:
    fields = {
        "alliance": alliance,
        "name": "Daily smoking",
        "definition": "Share of 15-19-year-olds who smoke every day.",
        "unit": Unit.PERCENT,
        "direction": Direction.LOWER_IS_BETTER,
        "frequency": Frequency.YEARLY,
        "kind": IndicatorKind.POPULATION,
        "aggregation": Aggregation.RATIO,
    }
    fields.update(kwargs)
    return Indicator.objects.create(**fields)


def test_a_ratio_is_only_for_percent_indicators():
    indicator = _indicator(AllianceFactory(), unit=Unit.COUNT)
    with pytest.raises(ValidationError, match="percent"):
        indicator.full_clean()


def test_the_priority_group_must_be_of_the_same_alliance():
    foreign = DimensionValue.objects.create(
        dimension=Dimension.objects.create(alliance=AllianceFactory(), name="Education"),
        label="EUD/FGU",
    )
    indicator = _indicator(AllianceFactory(), priority_value=foreign)
    with pytest.raises(ValidationError, match="priority group"):
        indicator.full_clean()


def test_a_percent_data_point_needs_numerator_and_a_larger_denominator():
    alliance = AllianceFactory()
    indicator = _indicator(alliance)
    organisation = OrganisationFactory(alliance=alliance)
    point = DataPoint(indicator=indicator, period=PERIOD, organisation=organisation)
    with pytest.raises(ValidationError, match="numerator and a denominator"):
        point.full_clean()
    point.numerator, point.denominator = Decimal(30), Decimal(20)
    with pytest.raises(ValidationError, match="larger than the denominator"):
        point.full_clean()
    point.numerator = Decimal(12)
    point.full_clean()


def test_a_count_data_point_needs_a_value_and_an_organisation_of_the_alliance():
    alliance = AllianceFactory()
    indicator = _indicator(alliance, unit=Unit.COUNT, aggregation=Aggregation.SUM)
    point = DataPoint(
        indicator=indicator, period=PERIOD, organisation=OrganisationFactory(alliance=alliance)
    )
    with pytest.raises(ValidationError, match="Enter a value"):
        point.full_clean()
    point.value = Decimal(4)
    point.organisation = OrganisationFactory()  # another alliance's
    with pytest.raises(ValidationError, match="same alliance"):
        point.full_clean()


def test_one_total_summary_per_indicator_and_period():
    indicator = _indicator(AllianceFactory())
    now = datetime.datetime(2026, 1, 1, tzinfo=datetime.UTC)
    Summary.objects.create(indicator=indicator, period=PERIOD, computed_at=now)
    with pytest.raises(IntegrityError), transaction.atomic():
        Summary.objects.create(indicator=indicator, period=PERIOD, computed_at=now)
