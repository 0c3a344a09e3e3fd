"""Security headers and cookies with production settings, on every kind of response: an HTML
page, the JSON API, a file download, a 404, a 403, a redirect, a static file and the health
check. Each carries HSTS, a Content Security Policy that allows no inline or evaluated script
and no framing, nosniff, a Referrer-Policy and X-Frame-Options DENY; the session and CSRF
cookies are Secure and SameSite, the session cookie HttpOnly.

The production values are the ones config/settings.py computes from a production environment
(the same environment as tests/test_deploy_check.py), read in a subprocess and applied here, so
the requests run against the test database.
"""

from __future__ import annotations

import json
import subprocess
import sys

import pytest
from django.test import Client, override_settings
from django.urls import reverse

from alliance.models import Role
from tests.factories import TEST_PASSWORD, AllianceFactory, MembershipFactory, UserFactory
from tests.measurement.factories import IndicatorFactory
from tests.test_deploy_check import BASE_DIR, production_environment

pytestmark = pytest.mark.django_db

PRODUCTION_SETTINGS = [
    "DEBUG",
    "SECURE_CSP",
    "SECURE_CONTENT_TYPE_NOSNIFF",
    "SECURE_CROSS_ORIGIN_OPENER_POLICY",
    "SECURE_HSTS_INCLUDE_SUBDOMAINS",
    "SECURE_HSTS_PRELOAD",
    "SECURE_HSTS_SECONDS",
    "SECURE_REDIRECT_EXEMPT",
    "SECURE_REFERRER_POLICY",
    "SECURE_SSL_REDIRECT",
    "X_FRAME_OPTIONS",
    "SESSION_COOKIE_SECURE",
    "SESSION_COOKIE_HTTPONLY",
    "SESSION_COOKIE_SAMESITE",
    "CSRF_COOKIE_SECURE",
    "CSRF_COOKIE_SAMESITE",
    "LANGUAGE_COOKIE_SECURE",
]

READ_SETTINGS = f"""
import json, django
django.setup()
from django.conf import settings
print(json.dumps({{name: getattr(settings, name) for name in {PRODUCTION_SETTINGS!r}}}))
"""


@pytest.fixture(scope="module")
def production_settings() -> dict:
    result = subprocess.run(
        [sys.executable, "-c", READ_SETTINGS],
        cwd=BASE_DIR,
        env=production_environment(),
        capture_output=True,
        text=True,
        timeout=120,
        check=True,
    )
    values = json.loads(result.stdout.strip().splitlines()[-1])
    assert values["DEBUG"] is False
    return values


@pytest.fixture
def production(production_settings):
    # WhiteNoise serves from the app's static folders, as it does after collectstatic.
    with override_settings(**production_settings, WHITENOISE_USE_FINDERS=True):
        yield


@pytest.fixture
def member():
    alliance = AllianceFactory(slug="hoved")
    user = UserFactory(email="hoved@example.org")
    MembershipFactory(user=user, alliance=alliance, role=Role.SECRETARIAT)
    return user


class HttpsClient(Client):
    """A browser on https://: every request is a secure one."""

    def generic(self, *args, **kwargs):
        kwargs["secure"] = True
        return super().generic(*args, **kwargs)


def _https_client(user=None, *, enforce_csrf_checks: bool = False) -> Client:
    client = HttpsClient(enforce_csrf_checks=enforce_csrf_checks)
    if user is not None:
        client.force_login(user)
    return client


def _directives(policy: str) -> dict[str, list[str]]:
    directives = {}
    for part in policy.split(";"):
        words = part.split()
        if words:
            directives[words[0]] = words[1:]
    return directives


def header_problems(response) -> list[str]:
    problems = []
    hsts = response.get("Strict-Transport-Security", "")
    if "max-age=31536000" not in hsts or "includeSubDomains" not in hsts:
        problems.append(f"Strict-Transport-Security: {hsts!r}")
    policy = response.get("Content-Security-Policy")
    if policy is None:
        problems.append("no Content-Security-Policy")
    else:
        csp = _directives(policy)
        script = csp.get("script-src", csp.get("default-src"))
        if script is None:
            problems.append(f"neither script-src nor default-src in {policy!r}")
        elif "'unsafe-inline'" in script or "'unsafe-eval'" in script:
            problems.append(f"scripts may run inline or from eval: {policy!r}")
        if csp.get("frame-ancestors") != ["'none'"]:
            problems.append(f"frame-ancestors is not 'none': {policy!r}")
        if csp.get("object-src") != ["'none'"]:
            problems.append(f"object-src is not 'none': {policy!r}")
    if response.get("X-Content-Type-Options") != "nosniff":
        problems.append(f"X-Content-Type-Options: {response.get('X-Content-Type-Options')!r}")
    # frame-ancestors 'none' (above) is what browsers obey; X-Frame-Options, for older ones, is
    # added by Django's view middleware, which static files (WhiteNoise) never reach.
    if response.get("X-Frame-Options", "DENY") != "DENY":
        problems.append(f"X-Frame-Options: {response.get('X-Frame-Options')!r}")
    if response.get("Referrer-Policy") not in {"same-origin", "strict-origin-when-cross-origin"}:
        problems.append(f"Referrer-Policy: {response.get('Referrer-Policy')!r}")
    return problems


def test_every_kind_of_response_carries_the_security_headers(production, member):
    # given an alliance with an indicator and its secretariat
    alliance = member.memberships.get().alliance
    indicator = IndicatorFactory(alliance=alliance, is_public=True)
    slug = alliance.slug
    anonymous = _https_client()
    secretariat = _https_client(member)
    kinds = {
        "HTML page": (anonymous, "/", 200),
        "HTML page, logged in": (secretariat, f"/{slug}/", 200),
        "JSON API": (
            secretariat,
            reverse("api:indicator_list", kwargs={"alliance_slug": slug}),
            200,
        ),
        "JSON health check": (anonymous, reverse("health"), 200),
        "file download": (
            secretariat,
            reverse(
                "measurement:import_template_csv",
                kwargs={"alliance_slug": slug, "pk": indicator.pk},
            ),
            200,
        ),
        "404": (secretariat, "/no-such-alliance/nothing-here/", 404),
        "403": (secretariat, "/admin/login/", 403),
        "redirect to login": (anonymous, f"/{slug}/people/", 302),
        "static file": (anonymous, "/static/js/app.js", 200),
        "CSRF failure": (None, reverse("account_logout"), 403),
    }

    # when each is requested over HTTPS
    problems = []
    for kind, (client, url, status) in kinds.items():
        if client is None:  # a post without a CSRF token, from a logged-in browser
            client = _https_client(member, enforce_csrf_checks=True)
            response = client.post(url)
        else:
            response = client.get(url)
        if response.status_code != status:
            problems.append(f"{kind} {url}: status {response.status_code}, expected {status}")
        problems += [f"{kind} {url}: {problem}" for problem in header_problems(response)]

    # then every one carries every header, and the pages also X-Frame-Options
    print(f"\nsecurity headers: {len(kinds)} kinds of response checked")
    assert problems == []
    assert secretariat.get(f"/{slug}/")["X-Frame-Options"] == "DENY"


def test_plain_http_is_sent_to_https(production):
    response = Client().get("/privacy/")

    assert response.status_code == 301
    assert response["Location"] == "https://testserver/privacy/"


def test_session_and_csrf_cookies_are_secure_httponly_and_samesite(production, member):
    # given the login page, which sets the CSRF cookie
    client = HttpsClient()
    page = client.get(reverse("account_login"))
    csrf = page.cookies["csrftoken"]
    assert csrf["secure"] is True
    assert csrf["samesite"] == "Lax"

    # when the person logs in
    response = client.post(
        reverse("account_login"),
        {"login": "hoved@example.org", "password": TEST_PASSWORD},
        headers={"X-CSRFToken": csrf.value},
    )

    # then the session cookie is Secure, HttpOnly and SameSite
    assert response.status_code == 302
    session = response.cookies["sessionid"]
    assert session["secure"] is True
    assert session["httponly"] is True
    assert session["samesite"] == "Lax"


def test_the_language_cookie_is_secure(production):
    client = HttpsClient()
    client.get(reverse("account_login"))

    response = client.post(reverse("set_language"), {"language": "en", "next": "/"})

    assert response.cookies["django_language"]["secure"] is True
