"""Accounts through django-allauth: login by email, verification, reset, rate limits, admin."""

import re

import pytest
from allauth.account.models import EmailAddress
from django.core import mail

from tests.factories import TEST_PASSWORD, MembershipFactory, UserFactory

pytestmark = pytest.mark.django_db


def _verified_user(email="anna@example.org", **kwargs):
    user = UserFactory(email=email, **kwargs)
    EmailAddress.objects.create(user=user, email=email, verified=True, primary=True)
    return user


def test_login_by_email_and_password_lands_on_the_alliance(client):
    # given a verified member of one alliance
    user = _verified_user()
    membership = MembershipFactory(user=user)
    # when they log in with their email address
    response = client.post(
        "/accounts/login/", {"login": "Anna@Example.org", "password": TEST_PASSWORD}, follow=True
    )
    # then they land on their alliance's home
    assert response.redirect_chain[-1][0] == f"/{membership.alliance.slug}/"
    assert response.context["user"] == user


def test_wrong_password_is_refused_in_danish(client):
    _verified_user()
    response = client.post(
        "/accounts/login/",
        {"login": "anna@example.org", "password": "not-the-password"},
        headers={"Accept-Language": "da"},
    )
    assert response.status_code == 200
    assert not response.context["user"].is_authenticated
    assert "emailadresse og/eller adgangskode er ikke korrekt" in response.content.decode()


def test_a_new_signup_must_verify_the_email_before_logging_in(client):
    response = client.post(
        "/accounts/signup/",
        {
            "email": "new@example.org",
            "password1": "Ung-og-sund-2026!",
            "password2": "Ung-og-sund-2026!",
        },
    )
    assert response.status_code == 302
    assert response["Location"] == "/accounts/confirm-email/"
    assert len(mail.outbox) == 1
    assert mail.outbox[0].to == ["new@example.org"]
    address = EmailAddress.objects.get(email="new@example.org")
    assert not address.verified
    # following the link in the email verifies the address
    link = re.search(r"https?://[^\s]+/accounts/confirm-email/[^\s]+/", mail.outbox[0].body).group(
        0
    )
    path = link.split("testserver", 1)[1]
    client.post(path)
    address.refresh_from_db()
    assert address.verified


def test_password_reset_sends_a_link_that_sets_a_new_password(client):
    _verified_user()
    client.post("/accounts/password/reset/", {"email": "anna@example.org"})
    assert len(mail.outbox) == 1
    link = re.search(
        r"https?://testserver(/accounts/password/reset/key/[^\s]+/)", mail.outbox[0].body
    )
    response = client.get(link.group(1), follow=True)
    form_url = response.redirect_chain[-1][0] if response.redirect_chain else link.group(1)
    response = client.post(
        form_url, {"password1": "Et-nyt-kodeord-2026", "password2": "Et-nyt-kodeord-2026"}
    )
    assert response.status_code == 302
    client.logout()
    assert client.login(email="anna@example.org", password="Et-nyt-kodeord-2026")


def test_change_password_requires_the_old_one(client):
    user = _verified_user()
    client.force_login(user)
    response = client.post(
        "/accounts/password/change/",
        {
            "oldpassword": "wrong",
            "password1": "Et-nyt-kodeord-2026",
            "password2": "Et-nyt-kodeord-2026",
        },
    )
    assert response.status_code == 200
    user.refresh_from_db()
    assert user.check_password(TEST_PASSWORD)
    response = client.post(
        "/accounts/password/change/",
        {
            "oldpassword": TEST_PASSWORD,
            "password1": "Et-nyt-kodeord-2026",
            "password2": "Et-nyt-kodeord-2026",
        },
    )
    assert response.status_code == 302
    user.refresh_from_db()
    assert user.check_password("Et-nyt-kodeord-2026")


def test_repeated_failed_logins_are_rate_limited(client):
    _verified_user()
    pages = [
        client.post(
            "/accounts/login/",
            {"login": "anna@example.org", "password": f"wrong-{i}"},
            headers={"Accept-Language": "da"},
        )
        for i in range(6)
    ]
    # allauth allows 5 failures per 5 minutes for one account, then refuses to try more
    assert all("for mange mislykkede" not in p.content.decode() for p in pages[:5])
    assert "for mange mislykkede logonforsøg" in pages[5].content.decode()
    # and even the right password is refused while the limit holds
    response = client.post(
        "/accounts/login/", {"login": "anna@example.org", "password": TEST_PASSWORD}
    )
    assert response.status_code == 200
    assert not response.context["user"].is_authenticated


def test_logout_is_a_post(client):
    user = _verified_user()
    client.force_login(user)
    response = client.post("/accounts/logout/")
    assert response.status_code == 302
    assert response["Location"] == "/"
    assert "_auth_user_id" not in client.session


def test_a_post_without_csrf_token_is_rejected(csrf_free_client):
    _verified_user()
    response = csrf_free_client.post(
        "/accounts/login/", {"login": "anna@example.org", "password": TEST_PASSWORD}
    )
    assert response.status_code == 403


def test_admin_login_goes_through_the_platform_login(client):
    response = client.get("/admin/login/")
    assert response.status_code == 302
    assert response["Location"].startswith("/accounts/login/")


def test_sessions_are_kept_in_the_database(client, settings):
    assert settings.SESSION_ENGINE == "django.contrib.sessions.backends.db"
    user = _verified_user()
    client.post("/accounts/login/", {"login": "anna@example.org", "password": TEST_PASSWORD})
    from django.contrib.sessions.models import Session

    assert Session.objects.filter(session_key=client.session.session_key).exists()
    assert user.is_authenticated
