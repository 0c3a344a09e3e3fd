"""CSRF is enforced on every unsafe method: for every URL pattern of the authorization matrix,
with each of its sample URLs, every actor's POST, PUT, PATCH and DELETE without a CSRF token is
refused (403, or 401/405 where nobody is logged in or the method is not served) and writes
nothing. The API's session authentication enforces CSRF too; a personal API key (Bearer) is
exempt by design, as no browser sends it on its own.

Also: the client every test gets (tests.conftest) enforces CSRF, so a view that forgot it would
fail the tests that post to it.
"""

from __future__ import annotations

import json

import pytest
from django.core.cache import cache
from django.test import Client
from django.urls import reverse

from alliance.models import Membership, Role
from api.services import api_token_create
from tests.conftest import CsrfClient
from tests.factories import MembershipFactory, UserFactory
from tests.security.test_no_get_writes import unexplained
from tests.test_authorization_matrix import (
    ACTORS,
    PRIVATE,
    build_world,
    declaration_for,
    url_patterns,
)

UNSAFE = ("POST", "PUT", "PATCH", "DELETE")
# URL name -> why it takes a POST without a CSRF token. Every other view enforces CSRF.
CSRF_EXEMPT = {
    "alliance:notification_unsubscribe": (
        "mail programs unsubscribe with one POST (RFC 8058 List-Unsubscribe-Post) and send no "
        "token; the signed token in the URL is the permission, which a forger does not have"
    ),
}
# 401: the API without a login (nothing is authenticated, so there is no session to ride on);
# 403: refused (CSRF, or the API's session authentication); 405: the method is not served.
REFUSED = {401, 403, 405}


def _tokenless_client(user) -> Client:
    """A browser session of the person, as a forged cross-site request would ride on it:
    the session cookie is sent, no CSRF token is."""
    client = Client(enforce_csrf_checks=True)
    if user is not None:
        client.force_login(user)
    return client


# The CSRF check runs before any view, the same for everyone: a visitor, a young person and the
# secretariat (who may post to most pages) stand for every role; the authorization matrix
# checks every role's answers with a token.
CSRF_ACTORS = ("anonymous", "youth", "secretariat")


@pytest.mark.django_db(transaction=True)
def test_every_unsafe_request_without_a_csrf_token_is_refused(write_recorder):
    # given the matrix's world and every actor's session without a token
    cache.clear()
    world = build_world()
    clients = {actor: _tokenless_client(user) for actor, user in world["users"].items()}
    entries = url_patterns()
    write_recorder.take()

    # when every actor sends every unsafe method to every sample URL
    findings: list[str] = []
    statuses: dict[int, int] = {}
    requests = urls = 0
    for entry in entries:
        if entry.name in CSRF_EXEMPT:
            continue
        for case, url in declaration_for(entry).urls(entry).items():
            urls += 1
            for actor in CSRF_ACTORS:
                for method in UNSAFE:
                    label = f"{method} {url} [{entry.key}/{case}] as {actor}"
                    try:
                        response = clients[actor].generic(method, url)
                    except Exception as exc:
                        findings.append(f"{label}: raised {type(exc).__name__}: {exc}")
                        continue
                    finally:
                        requests += 1
                    statuses[response.status_code] = statuses.get(response.status_code, 0) + 1
                    if response.status_code not in REFUSED:
                        findings.append(f"{label}: answered {response.status_code}")
                    for write in write_recorder.take():
                        if unexplained(write):
                            findings.append(f"{label}: wrote {write}")

    # then every one was refused and none wrote anything
    print(
        f"\nCSRF everywhere: {len(entries)} URL patterns, {urls} URLs x {len(UNSAFE)} methods x "
        f"{len(CSRF_ACTORS)} actors = {requests} requests without a token; statuses {statuses}; "
        f"{len(findings)} findings"
    )
    for line in findings:
        print("  " + line)
    assert requests > 10000
    assert set(CSRF_ACTORS) <= set(ACTORS)
    assert findings == []


def test_only_the_listed_views_are_exempt_from_csrf():
    exempt = {
        entry.name or entry.key
        for entry in url_patterns()
        if getattr(entry.callback, "csrf_exempt", False)
        # DRF views are exempt from Django's check and enforce CSRF in their session
        # authentication instead (the test below); the API's schema and docs are read-only.
        and not hasattr(entry.callback, "cls")
    }

    assert exempt == set(CSRF_EXEMPT)


@pytest.fixture
def reporter():
    """A secretariat member with a personal API key, in an alliance of their own."""
    user = UserFactory(email="api-reporter@example.org")
    membership = MembershipFactory(user=user, role=Role.SECRETARIAT)
    return membership


@pytest.mark.django_db
def test_the_api_session_enforces_csrf_and_the_api_key_does_not_need_it(reporter):
    url = reverse("api:datapoint_list", kwargs={"alliance_slug": reporter.alliance.slug})
    body = json.dumps({"indicator": 1, "period": "2025", "value": 1})

    # given a logged-in browser session without a CSRF token
    browser = Client(enforce_csrf_checks=True)
    browser.force_login(reporter.user)
    # when it posts to the API, then the session authentication refuses it for CSRF
    refused = browser.post(url, body, content_type="application/json")
    assert refused.status_code == 403
    assert "CSRF" in refused.json()["detail"]

    # given the same session with its token, the post is read (and found invalid: 400)
    with_token = CsrfClient()
    with_token.force_login(reporter.user)
    assert with_token.post(url, body, content_type="application/json").status_code == 400

    # given a personal API key and no session or CSRF token at all
    key = api_token_create(
        membership=Membership.objects.get(pk=reporter.pk), name="Integration"
    ).raw
    client = Client(enforce_csrf_checks=True)
    # when it posts with the key, then the request is read (a 400 for the unknown indicator)
    response = client.post(
        url, body, content_type="application/json", headers={"Authorization": f"Bearer {key}"}
    )
    assert response.status_code == 400
    assert "indicator" in response.json()


@pytest.mark.django_db
def test_the_client_of_every_test_enforces_csrf(client):
    # given the suite's client, a form page and a person
    UserFactory(email="csrf@example.org")
    assert isinstance(client, CsrfClient)
    assert client.handler.enforce_csrf_checks is True
    client.get(reverse("account_login"))

    # when it posts with a wrong token, then it is refused
    forged = client.post(
        reverse("account_login"),
        {"login": "csrf@example.org", "password": "x"},
        headers={"X-CSRFToken": "w" * 64},
    )
    assert forged.status_code == 403

    # and with the token it sends by itself the form is read (the login fails: 200)
    assert client.post(reverse("account_login"), {"login": "x@example.org"}).status_code == 200


@pytest.mark.django_db
def test_a_page_posted_without_a_token_is_refused_with_a_csrf_answer():
    """The refusal is CSRF's own (not a permission check that happens to answer 403)."""
    client = Client(enforce_csrf_checks=True)
    user = UserFactory()
    MembershipFactory(user=user, alliance__slug=PRIVATE, role=Role.SECRETARIAT)
    client.force_login(user)

    response = client.post(reverse("account_logout"))

    assert response.status_code == 403
    page = response.content.decode()
    assert "CSRF" in page  # the CSRF failure page, the platform's own, in Danish
    assert "Formularen var udløbet" in page
    assert "_auth_user_id" in client.session  # still logged in: the logout did not happen
