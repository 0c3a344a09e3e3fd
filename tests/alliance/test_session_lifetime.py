"""A login ends after 30 minutes without a request and 12 hours after it began, whatever
happens in between; the person is then sent to the login with a message saying why."""

import time
from urllib.parse import urlsplit

import pytest
from django.conf import settings
from django.urls import reverse

from alliance.middleware import SESSION_SEEN_KEY, SESSION_STARTED_KEY
from alliance.models import Role
from tests.factories import MembershipFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def member(client):
    membership = MembershipFactory(role=Role.MEMBER)
    client.force_login(membership.user)
    return membership


def _home(membership) -> str:
    return reverse("alliance:home", kwargs={"alliance_slug": membership.alliance.slug})


def _age_session(client, *, started_ago: int, seen_ago: int) -> None:
    session = client.session
    now = int(time.time())
    session[SESSION_STARTED_KEY] = now - started_ago
    session[SESSION_SEEN_KEY] = now - seen_ago
    session.save()


def _is_login_redirect(response) -> bool:
    return response.status_code == 302 and urlsplit(response["Location"]).path == reverse(
        "account_login"
    )


def test_the_limits_are_thirty_minutes_idle_and_twelve_hours_in_all():
    assert settings.SESSION_IDLE_SECONDS == 30 * 60
    assert settings.SESSION_COOKIE_AGE == 12 * 60 * 60


def test_a_login_is_stamped_and_a_fresh_one_serves_the_page(client, member):
    session = client.session
    assert session[SESSION_STARTED_KEY] == pytest.approx(time.time(), abs=5)
    assert session[SESSION_SEEN_KEY] == pytest.approx(time.time(), abs=5)
    assert client.get(_home(member)).status_code == 200


def test_29_minutes_idle_keeps_the_login_and_counts_from_now(client, member):
    _age_session(client, started_ago=3600, seen_ago=29 * 60)

    assert client.get(_home(member)).status_code == 200
    assert client.session[SESSION_SEEN_KEY] == pytest.approx(time.time(), abs=5)


def test_31_minutes_idle_ends_the_login_with_a_message(client, member):
    _age_session(client, started_ago=3600, seen_ago=31 * 60)

    response = client.get(reverse("home"))

    assert _is_login_redirect(response)
    assert "_auth_user_id" not in client.session
    login_page = client.get(response["Location"])
    assert "Du blev logget ud efter 30 minutter uden aktivitet." in login_page.text


def test_twelve_hours_after_login_ends_it_even_when_active(client, member):
    _age_session(client, started_ago=12 * 3600 + 1, seen_ago=10)

    response = client.get(reverse("home"))

    assert _is_login_redirect(response)
    login_page = client.get(response["Location"])
    assert "Du blev logget ud, fordi du loggede ind for mere end 12 timer siden." in (
        login_page.text
    )


def test_an_ended_login_cannot_post(client, member):
    _age_session(client, started_ago=3600, seen_ago=31 * 60)

    response = client.post(reverse("account_logout"))

    assert response.status_code in (302, 200)
    assert "_auth_user_id" not in client.session
