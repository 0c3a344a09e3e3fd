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


# ---------------------------------------------------------------------------
# required of the secretariat and for /admin/ (settings.MFA_REQUIRED, on in production)
# ---------------------------------------------------------------------------


@pytest.fixture
def required(settings):
    settings.MFA_REQUIRED = True


def _activate(client) -> None:
    secret = client.get("/accounts/2fa/totp/activate/").context["form"].secret
    response = client.post("/accounts/2fa/totp/activate/", {"code": _code(secret)})
    assert response.status_code == 302


def test_the_secretariat_must_set_up_two_factor_login_before_anything_else(
    client, secretariat, required
):
    _log_in(client)
    slug = secretariat.alliance.slug

    for path in (f"/{slug}/", f"/{slug}/workspace/", f"/{slug}/measurement/", "/home/"):
        response = client.get(path)
        assert response.status_code == 302, path
        assert response["Location"] == "/accounts/2fa/totp/activate/"
    page = client.get(f"/{slug}/", follow=True)
    assert "kræver to-faktor-login" in page.content.decode()
    # a form post is refused the same way and changes nothing
    response = client.post(f"/{slug}/workspace/", {})
    assert response["Location"] == "/accounts/2fa/totp/activate/"
    # htmx follows the redirect as a whole page
    response = client.get(f"/{slug}/workspace/", headers={"HX-Request": "true"})
    assert response["HX-Redirect"] == "/accounts/2fa/totp/activate/"

    # they can still log out, and set it up
    _activate(client)
    assert client.get(f"/{slug}/").status_code == 200
    assert client.get(f"/{slug}/workspace/").status_code == 200


def test_other_roles_are_not_required_to(client, required):
    member = MembershipFactory(user=UserFactory(email="mona@example.org"), role=Role.MEMBER)
    EmailAddress.objects.create(user=member.user, email=member.user.email, verified=True)
    response = client.post(
        "/accounts/login/", {"login": "mona@example.org", "password": TEST_PASSWORD}
    )
    assert response.status_code == 302

    assert client.get(f"/{member.alliance.slug}/").status_code == 200


def test_without_the_requirement_the_secretariat_is_only_asked(client, secretariat, settings):
    settings.MFA_REQUIRED = False
    _log_in(client)

    assert client.get(f"/{secretariat.alliance.slug}/").status_code == 200


def test_admin_requires_two_factor_login(client, required):
    staff = UserFactory(email="admin@example.org", is_staff=True, is_superuser=True)
    EmailAddress.objects.create(user=staff, email=staff.email, verified=True, primary=True)
    response = client.post(
        "/accounts/login/", {"login": "admin@example.org", "password": TEST_PASSWORD}
    )
    assert response.status_code == 302

    response = client.get("/admin/")
    assert response["Location"] == "/accounts/2fa/totp/activate/"
    assert client.get("/admin/alliance/alliance/").status_code == 302

    client.post("/accounts/reauthenticate/", {"password": TEST_PASSWORD})
    _activate(client)
    assert client.get("/admin/").status_code == 200
    # and the next login asks for the app's code before /admin/ opens
    client.logout()
    response = client.post(
        "/accounts/login/", {"login": "admin@example.org", "password": TEST_PASSWORD}
    )
    assert response["Location"] == "/accounts/2fa/authenticate/"
    assert client.get("/admin/")["Location"].startswith("/admin/login/")


def test_a_staff_member_logged_in_before_the_requirement_is_still_stopped_at_admin(
    client, settings
):
    settings.MFA_REQUIRED = False
    staff = UserFactory(email="admin@example.org", is_staff=True, is_superuser=True)
    client.force_login(staff)
    assert client.get("/admin/").status_code == 200

    settings.MFA_REQUIRED = True
    assert client.get("/admin/")["Location"] == "/accounts/2fa/totp/activate/"


def test_the_first_app_right_after_login_needs_no_second_password_but_later_does(
    client, secretariat, required
):
    from alliance.middleware import SESSION_STARTED_KEY

    response = client.post(
        "/accounts/login/", {"login": "lars@example.org", "password": TEST_PASSWORD}
    )
    assert response.status_code == 302
    assert client.get("/accounts/2fa/totp/activate/").status_code == 200

    # six minutes later the password is asked for again before anything is set up
    session = client.session
    session[SESSION_STARTED_KEY] -= 6 * 60
    session.save()
    response = client.get("/accounts/2fa/totp/activate/")
    assert response.status_code == 302
    assert response["Location"].startswith("/accounts/reauthenticate/")
