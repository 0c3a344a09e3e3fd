"""Two-factor authentication (TOTP and recovery codes), which the secretariat is asked to enable."""

import pytest
from allauth.account.models import EmailAddress
from allauth.mfa.models import Authenticator
from allauth.mfa.totp.internal.auth import (
    format_hotp_value,
    hotp_value,
    yield_hotp_counters_from_time,
)

from alliance.models import Role
from tests.factories import TEST_PASSWORD, MembershipFactory, UserFactory

pytestmark = pytest.mark.django_db


def _code(secret: str) -> str:
    counter = next(yield_hotp_counters_from_time())
    return format_hotp_value(hotp_value(secret, counter))


def _log_in(client) -> None:
    # Through the login form, then the password once more: allauth asks for a fresh
    # confirmation before two-factor settings can be changed.
    response = client.post(
        "/accounts/login/", {"login": "lars@example.org", "password": TEST_PASSWORD}
    )
    assert response.status_code == 302
    response = client.post("/accounts/reauthenticate/", {"password": TEST_PASSWORD})
    assert response.status_code == 302


@pytest.fixture
def secretariat():
    user = UserFactory(email="lars@example.org")
    EmailAddress.objects.create(user=user, email=user.email, verified=True, primary=True)
    membership = MembershipFactory(user=user, role=Role.SECRETARIAT)
    return membership


def test_secretariat_is_asked_to_enable_mfa_until_it_is_on(client, secretariat):
    _log_in(client)
    home = f"/{secretariat.alliance.slug}/"
    assert "/accounts/2fa/totp/activate/" in client.get(home).content.decode()

    # when they activate an authenticator app with a valid code
    page = client.get("/accounts/2fa/totp/activate/")
    secret = page.context["form"].secret
    response = client.post(
        "/accounts/2fa/totp/activate/", {"code": _code(secret), "signup": ""}, follow=True
    )
    assert response.status_code == 200
    assert Authenticator.objects.filter(
        user=secretariat.user, type=Authenticator.Type.TOTP
    ).exists()
    assert Authenticator.objects.filter(
        user=secretariat.user, type=Authenticator.Type.RECOVERY_CODES
    ).exists()

    # then the home no longer asks
    assert "/accounts/2fa/totp/activate/" not in client.get(home).content.decode()


def test_with_mfa_on_a_password_alone_does_not_log_in(client, secretariat):
    _log_in(client)
    secret = client.get("/accounts/2fa/totp/activate/").context["form"].secret
    client.post("/accounts/2fa/totp/activate/", {"code": _code(secret)})
    client.logout()

    response = client.post(
        "/accounts/login/", {"login": "lars@example.org", "password": TEST_PASSWORD}
    )
    assert response.status_code == 302
    assert response["Location"] == "/accounts/2fa/authenticate/"
    assert "_auth_user_id" not in client.session

    wrong = client.post("/accounts/2fa/authenticate/", {"code": "000000"})
    assert wrong.status_code == 200
    assert "_auth_user_id" not in client.session

    # a recovery code works once in place of the app's code
    recovery = Authenticator.objects.get(
        user=secretariat.user, type=Authenticator.Type.RECOVERY_CODES
    )
    code = recovery.wrap().get_unused_codes()[0]
    response = client.post("/accounts/2fa/authenticate/", {"code": code})
    assert response.status_code == 302
    assert client.session["_auth_user_id"] == str(secretariat.user.pk)
