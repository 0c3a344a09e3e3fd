"""/health/: the JSON report, and its answer when the database is gone."""

import socket

import pytest
from django.conf import settings
from django.db import connection
from django.urls import reverse

from alliance.models import User
from backbone.health import check_database
from tests.factories import UserFactory


# A request is not wrapped in a transaction (ATOMIC_REQUESTS is off), so neither are these.
@pytest.mark.django_db(transaction=True)
def test_health_reports_ok_with_the_database_and_the_version(client):
    response = client.get(reverse("health"))

    assert response.status_code == 200, response.content
    assert response["Content-Type"] == "application/json"
    assert "no-cache" in response["Cache-Control"]
    report = response.json()
    assert report["status"] in {"ok", "degraded"}
    assert report["version"] == settings.APP_VERSION
    assert report["checks"]["database"] == {"status": "ok", "vendor": connection.vendor}
    assert set(report["checks"]) == {"database", "cache", "broker", "worker", "queue"}


@pytest.mark.django_db(transaction=True)
def test_health_reports_ok_for_cache_and_broker_in_eager_mode(client, settings):
    settings.CELERY_TASK_ALWAYS_EAGER = True

    report = client.get(reverse("health")).json()

    assert report["status"] == "ok"
    assert report["checks"]["cache"]["status"] == "ok"
    assert report["checks"]["broker"] == {"status": "ok", "mode": "eager"}
    assert report["checks"]["worker"] == {"status": "ok", "mode": "eager"}


@pytest.mark.django_db
def test_check_database_inside_a_transaction_answers_ok_and_keeps_the_transaction():
    """health_report() may run inside a transaction (ATOMIC_REQUESTS, a task, a command, a
    test): the check must not close the connection under it."""
    user = UserFactory()

    result = check_database()

    assert result == {"status": "ok", "vendor": connection.vendor}
    assert User.objects.filter(pk=user.pk).exists()  # the transaction is still usable


def _unused_port() -> int:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


@pytest.fixture
def database_unreachable(transactional_db):
    """Point the connection at a port where nothing listens; restore it afterwards.

    A real failed connection, not a mock: PostgreSQL only, because SQLite is a file that is
    always there."""
    if connection.vendor != "postgresql":
        pytest.skip("needs PostgreSQL: an SQLite database cannot be made unreachable by port")
    original = connection.settings_dict["PORT"]
    connection.close()
    connection.settings_dict["PORT"] = str(_unused_port())
    try:
        yield
    finally:
        connection.close()
        connection.settings_dict["PORT"] = original
        connection.ensure_connection()


def test_check_database_reports_an_unreachable_database(database_unreachable):
    result = check_database()

    assert result["status"] == "error"
    assert result["detail"] == "OperationalError"
    assert connection.connection is None  # closed, so the next check starts afresh


def test_health_answers_503_when_the_database_is_unreachable(client, database_unreachable):
    response = client.get(reverse("health"))

    assert response.status_code == 503
    report = response.json()
    assert report["status"] == "error"
    assert report["checks"]["database"]["status"] == "error"
    assert report["checks"]["worker"] == {"status": "unknown"}
    assert report["version"] == settings.APP_VERSION


@pytest.mark.django_db(transaction=True)
def test_check_database_recovers_when_the_database_is_back():
    if connection.vendor != "postgresql":
        pytest.skip("needs PostgreSQL: an SQLite database cannot be made unreachable by port")
    original = connection.settings_dict["PORT"]
    connection.close()
    connection.settings_dict["PORT"] = str(_unused_port())
    try:
        assert check_database()["status"] == "error"
    finally:
        connection.settings_dict["PORT"] = original

    assert check_database() == {"status": "ok", "vendor": "postgresql"}
