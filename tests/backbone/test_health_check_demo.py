"""The demo alliance's health check: last half-year's round closed with about 14 answers, this
half-year's open with about 8, realistic scores, written without telling anybody."""

from __future__ import annotations

import pytest
from django.core.management import call_command

from alliance.models import Alliance, Notification
from backbone.demo_healthcheck import seed_health_check
from backbone.healthcheck import COMMUNICATION, SHARED_MEASUREMENT, TRUST
from backbone.models import HealthCheckParticipation, HealthCheckResponse, HealthCheckRound
from backbone.selectors_healthcheck import round_results
from backbone.services_healthcheck import KIND_OPENED, round_is_open

pytestmark = pytest.mark.django_db


def test_the_demo_has_a_closed_and_an_open_round_to_compare(eager_celery):
    call_command("seed_demo", allow_demo_users=True, quiet=True)
    alliance = Alliance.objects.get(slug="kalundborg")

    previous, current = HealthCheckRound.objects.filter(alliance=alliance).order_by("opened_at")
    assert previous.closed_at is not None
    assert round_is_open(current)
    assert previous.title.startswith("Partnerskabstjek")
    assert previous.responses.count() == 14
    assert current.responses.count() == 8
    assert previous.participations.count() == 14
    assert current.participations.count() == 8

    # the demo logins a visitor tries have not answered the open round; steering@ has
    answered = set(current.participations.values_list("user__email", flat=True))
    for email in (
        "secretariat@example.org",
        "member@example.org",
        "coordinator@example.org",
        "youth@example.org",
    ):
        assert email not in answered
    assert "steering@example.org" in answered
    assert "secretariat@example.org" not in set(
        previous.participations.values_list("user__email", flat=True)
    )

    results = round_results(health_round=current)
    assert results.is_shown and results.is_compared
    means = {e.key: e.mean for e in results.elements}
    assert means[TRUST] > means[SHARED_MEASUREMENT]
    assert means[COMMUNICATION] > means[SHARED_MEASUREMENT]
    assert len(results.comments) >= 2

    # nobody was notified, and seeding again writes nothing
    assert not Notification.objects.filter(kind=KIND_OPENED).exists()
    assert seed_health_check(alliance, now=current.opened_at) is None
    assert HealthCheckRound.objects.filter(alliance=alliance).count() == 2
    assert HealthCheckResponse.objects.filter(round__alliance=alliance).count() == 22
    assert HealthCheckParticipation.objects.filter(round__alliance=alliance).count() == 22
