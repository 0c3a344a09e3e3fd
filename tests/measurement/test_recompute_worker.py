"""Approval to summary through the real broker: a Celery worker consuming from Redis recomputes
the indicator after the approving transaction commits."""

from __future__ import annotations

import datetime
import time
from decimal import Decimal

import pytest
from django.conf import settings

from measurement.models import Summary
from measurement.services import datapoint_approve, datapoint_save
from measurement.tasks import indicator_recompute_task
from tests.factories import OrganisationFactory
from tests.measurement.factories import IndicatorFactory
from tests.workers import real_worker

needs_redis = pytest.mark.skipif(
    not settings.REDIS_URL,
    reason="The real-worker test needs Redis: set REDIS_URL (e.g. redis://127.0.0.1:6379/15).",
)
TIMEOUT = 30


def _total(indicator, period) -> Decimal | None:
    summary = Summary.objects.filter(indicator=indicator, period=period, breakdown=None).first()
    return None if summary is None else summary.value


def _wait_for_total(indicator, period, expected) -> Decimal | None:
    deadline = time.monotonic() + TIMEOUT
    while time.monotonic() < deadline:
        value = _total(indicator, period)
        if value == expected:
            return value
        time.sleep(0.1)
    return _total(indicator, period)


@needs_redis
@pytest.mark.celery_worker
def test_approving_a_data_point_changes_the_summary_through_the_worker(
    monkeypatch, transactional_db, settings
):
    settings.MEASUREMENT_RECOMPUTE_DELAY_SECONDS = 1
    indicator = IndicatorFactory()
    school = OrganisationFactory(alliance=indicator.alliance)
    club = OrganisationFactory(alliance=indicator.alliance)
    period = datetime.date(2025, 1, 1)

    with real_worker(monkeypatch, [indicator_recompute_task]):
        # given an approved value the worker has summarised
        first = datapoint_save(
            indicator=indicator,
            user=None,
            organisation=school,
            period=period,
            value=Decimal(40),
            submit=True,
        )
        datapoint_approve(datapoints=[first], user=None)
        assert _wait_for_total(indicator, period, Decimal(40)) == Decimal(40)

        # when a second organisation's value is approved
        second = datapoint_save(
            indicator=indicator,
            user=None,
            organisation=club,
            period=period,
            value=Decimal(2),
            submit=True,
        )
        datapoint_approve(datapoints=[second], user=None)

        # then the worker recomputes, and the total is the sum of both
        assert _wait_for_total(indicator, period, Decimal(42)) == Decimal(42)
        summary = Summary.objects.get(indicator=indicator, period=period, breakdown=None)
        assert summary.organisations == 2
