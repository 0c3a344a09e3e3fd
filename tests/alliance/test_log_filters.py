"""What must never reach a log line: the secret part of private links."""

from logging.config import dictConfig

import pytest
from django.test import Client

from tests.youth_voice.factories_portal import follow_url, portal_alliance

pytestmark = pytest.mark.django_db


def test_a_404_on_a_private_link_is_logged_without_its_token(capsys, settings):
    alliance = portal_alliance()
    url = follow_url(alliance, "ABCDE-FGHJK")
    token = url.rstrip("/").rsplit("/", 1)[-1]
    dictConfig(settings.LOGGING)  # the console handler with its filter, as in production
    capsys.readouterr()

    response = Client().get(url)

    assert response.status_code == 404
    logged = capsys.readouterr().err
    assert "Not Found: " in logged
    assert "/foelg/…/" in logged
    assert token not in logged


def test_template_and_task_bodies_are_never_logged_at_debug(settings):
    loggers = settings.LOGGING["loggers"]
    assert loggers["django.template"]["level"] == "INFO"
    assert loggers["celery.pool"]["level"] == "INFO"
