"""Logging in cannot be guessed at, and tells nobody who has an account.

allauth counts failed logins in the shared cache (Redis, as every worker of a deployment sees
the same counts): after too many failures for one account, or from one address, even the right
password is refused until the window has passed. The admin has no login form of its own: it
goes through the same login (secure_admin_login in config/urls.py), so it cannot be used to go
round the limits. And the answers to a login, a sign-up, a password reset and a login code are
the same whether or not the email address has an account; only the owner of the address learns
it, from the email.

tests/alliance/test_accounts.py has the basic per-account limit on the site's login; this file
adds what it does not cover.
"""

from __future__ import annotations

import re
import time
import types

import pytest
import redis
from allauth.account.models import EmailAddress
from django.conf import settings
from django.core import mail
from django.core.cache import caches
from django.core.cache.backends.redis import RedisCache
from django.urls import reverse

from tests.factories import TEST_PASSWORD, MembershipFactory, UserFactory

pytestmark = pytest.mark.django_db

LOGIN = "/accounts/login/"
TOO_MANY = "for mange mislykkede logonforsøg"  # allauth's message, in Danish


def _verified(email: str, **kwargs):
    user = UserFactory(email=email, **kwargs)
    EmailAddress.objects.create(user=user, email=email, verified=True, primary=True)
    return user


def _login(client, email: str, password: str, *, ip: str = "203.0.113.7", path: str = LOGIN):
    return client.post(
        path,
        {"login": email, "password": password},
        headers={"Accept-Language": "da"},
        REMOTE_ADDR=ip,
    )


def _logged_in(response) -> bool:
    return response.wsgi_request.user.is_authenticated


@pytest.fixture
def shared_cache():
    """The rate limits count in Redis, which every worker shares, when REDIS_URL is set."""
    if not settings.REDIS_URL:
        pytest.skip("REDIS_URL is not set: the rate limits would count in this process only")
    assert isinstance(caches["default"], RedisCache), type(caches["default"])
    return redis.Redis.from_url(settings.REDIS_URL)


@pytest.fixture
def later(monkeypatch):
    """Moves allauth's clock on: `later(seconds)`."""
    from allauth.core.internal import ratelimit

    def move(seconds: float) -> None:
        clock = types.SimpleNamespace(
            time=lambda: time.time() + seconds, monotonic=time.monotonic, sleep=time.sleep
        )
        monkeypatch.setattr(ratelimit, "time", clock)

    return move


def test_failed_logins_are_counted_in_the_shared_cache(client, shared_cache):
    _verified("anna@example.org")

    for attempt in range(3):
        _login(client, "anna@example.org", f"wrong-{attempt}")

    # the counters are in Redis, under allauth's keys, where another worker would find them
    keys = [key.decode() for key in shared_cache.keys("*allauth:rl:allauth.account*")]
    assert any(":login_failed:" in key for key in keys), keys


def test_the_right_password_is_refused_until_the_window_has_passed(client, shared_cache, later):
    # given five failures for one account (allauth: 5 per 5 minutes and account)
    _verified("anna@example.org")
    for attempt in range(5):
        assert not _logged_in(_login(client, "anna@example.org", f"wrong-{attempt}"))

    # when the right password comes a minute later, then it is refused with the reason
    later(60)
    refused = _login(client, "anna@example.org", TEST_PASSWORD)
    assert refused.status_code == 200
    assert not _logged_in(refused)
    assert TOO_MANY in refused.content.decode()

    # and once the five minutes have passed it works again
    later(5 * 60 + 1)
    assert _login(client, "anna@example.org", TEST_PASSWORD).status_code == 302


def test_failures_from_one_address_lock_out_every_account_from_it(client, shared_cache):
    # given ten failures from one address, each for another account (10 per minute and address)
    people = [_verified(f"person{number}@example.org") for number in range(11)]
    for person in people[:10]:
        assert not _logged_in(_login(client, person.email, "wrong", ip="198.51.100.9"))

    # when the eleventh person tries from there with the right password, then it is refused
    refused = _login(client, people[10].email, TEST_PASSWORD, ip="198.51.100.9")
    assert not _logged_in(refused)
    assert TOO_MANY in refused.content.decode()
    # while from another address they get in
    assert _login(client, people[10].email, TEST_PASSWORD, ip="198.51.100.10").status_code == 302


def test_the_admin_login_is_held_by_the_same_limits(client, shared_cache):
    # given a staff member, and the admin's login page, which sends people to the site's login
    staff = _verified("staff@example.org", is_staff=True, is_superuser=True)
    page = client.get("/admin/login/?next=/admin/")
    assert page.status_code == 302
    login_url = page["Location"]
    assert login_url.startswith(LOGIN)

    # when the admin's own form is posted the right password, nobody is logged in by it
    direct = client.post(
        "/admin/login/?next=/admin/",
        {"username": staff.email, "password": TEST_PASSWORD, "next": "/admin/"},
    )
    assert direct.status_code == 302
    assert direct["Location"].startswith(LOGIN)
    assert "_auth_user_id" not in client.session

    # when five wrong passwords go to the login the admin sends people to
    for attempt in range(5):
        assert not _logged_in(_login(client, staff.email, f"wrong-{attempt}", path=login_url))

    # then the right one is refused too, and the admin stays closed
    refused = _login(client, staff.email, TEST_PASSWORD, path=login_url)
    assert not _logged_in(refused)
    assert TOO_MANY in refused.content.decode()
    assert client.get("/admin/").status_code == 302


def _visible_text(response) -> str:
    """The page as a person reads it, without the tokens that differ on every request."""
    html = response.content.decode()
    html = re.sub(r'name="csrfmiddlewaretoken" value="[^"]*"', "", html)
    html = re.sub(r'nonce="[^"]*"', "", html)
    return html


def test_login_with_an_unknown_address_answers_as_a_wrong_password(client):
    _verified("anna@example.org")

    known = _login(client, "anna@example.org", "wrong-password", ip="192.0.2.1")
    unknown = _login(client, "nobody@example.org", "wrong-password", ip="192.0.2.2")

    assert known.status_code == unknown.status_code == 200
    known_errors = known.context["form"].non_field_errors()
    assert known_errors == unknown.context["form"].non_field_errors()
    assert "emailadresse og/eller adgangskode er ikke korrekt" in str(known_errors)
    assert _visible_text(known).replace("anna@", "") == _visible_text(unknown).replace(
        "nobody@", ""
    )


def test_sign_up_with_a_taken_address_answers_as_a_new_one(client):
    # given a person with an account
    MembershipFactory(user=_verified("anna@example.org"))
    password = "Ung-og-sund-2026!"

    # when someone signs up with that address, and someone else with a new one
    taken = client.post(
        reverse("account_signup"),
        {"email": "anna@example.org", "password1": password, "password2": password},
    )
    new = client.post(
        reverse("account_signup"),
        {"email": "new@example.org", "password1": password, "password2": password},
    )

    # then both are sent on to "check your email"
    assert taken.status_code == new.status_code == 302
    assert taken["Location"] == new["Location"] == reverse("account_email_verification_sent")
    # and only the owner of the taken address learns that it has an account, by email
    by_address = {message.to[0]: message for message in mail.outbox}
    assert set(by_address) == {"anna@example.org", "new@example.org"}
    assert "/accounts/confirm-email/" in by_address["new@example.org"].body
    assert "/accounts/confirm-email/" not in by_address["anna@example.org"].body
    assert not EmailAddress.objects.filter(email="anna@example.org", verified=False).exists()


def test_password_reset_answers_the_same_and_sends_a_link_only_to_an_account(client):
    _verified("anna@example.org")

    known = client.post(reverse("account_reset_password"), {"email": "anna@example.org"})
    unknown = client.post(reverse("account_reset_password"), {"email": "nobody@example.org"})

    assert known.status_code == unknown.status_code == 302
    assert known["Location"] == unknown["Location"]
    links = {
        message.to[0]: "/accounts/password/reset/key/" in message.body for message in mail.outbox
    }
    # The unknown address may be told that it has no account (allauth's
    # ACCOUNT_EMAIL_UNKNOWN_ACCOUNTS): that goes to its owner only, and carries no link.
    assert links.pop("anna@example.org") is True
    assert not any(links.values())


def test_asking_for_a_login_code_answers_the_same_for_an_unknown_address(client):
    _verified("anna@example.org")

    known = client.post(reverse("account_request_login_code"), {"email": "anna@example.org"})
    client.cookies.clear()  # a new visitor: the pending login lives in the session
    unknown = client.post(reverse("account_request_login_code"), {"email": "nobody@example.org"})

    assert known.status_code == unknown.status_code == 302
    assert known["Location"] == unknown["Location"]
    codes = [
        message.to[0]
        for message in mail.outbox
        if re.search(r"\b[A-Z0-9]{4}-[A-Z0-9]{4}\b", message.body)
    ]
    assert "anna@example.org" in codes
    assert "nobody@example.org" not in codes  # told there is no account, to its owner only
