"""Open redirects: every view that reads a return address (`next`) sends people only to pages
of this site, whatever address an attacker puts in the link or the form."""

from __future__ import annotations

import datetime
import re
import uuid
from urllib.parse import urlencode, urljoin, urlsplit

import pytest
from allauth.account.models import EmailAddress
from django.core import mail
from django.urls import reverse
from django.utils import timezone

from alliance.models import Role
from tests.factories import (
    TEST_PASSWORD,
    AllianceFactory,
    MembershipFactory,
    UserFactory,
    WorkGroupFactory,
)
from workgroups.services import group_member_add
from workgroups.services_meetings import action_item_add

pytestmark = pytest.mark.django_db

SITE = "testserver"

PAYLOADS = [
    "https://evil.example",
    "http://evil.example/",
    "//evil.example",
    "///evil.example",
    "////evil.example",
    "/\\evil.example",
    "/\\/evil.example",
    "\\\\evil.example",
    "\\/evil.example",
    "%2F%2Fevil.example",
    "/%2F/evil.example",
    "%5C%5Cevil.example",
    "https:evil.example",
    "https:/evil.example",
    "http:\\\\evil.example",
    "javascript:alert(1)",
    "JaVaScRiPt:alert(1)",
    "java\tscript:alert(1)",
    "data:text/html,<script>alert(1)</script>",
    " //evil.example",
    "\t//evil.example",
    "/\t/evil.example",
    "https://testserver@evil.example",
    "https://evil.example\\@testserver",
    "https://testserver.evil.example",
    "//evil.example/%2e%2e",
    "https://evil.example#@testserver",
    "/%09/evil.example",
    "\x00//evil.example",
]


def _as_a_browser_reads_it(location: str) -> str:
    """The address a browser would go to: it drops tabs and newlines anywhere, leading spaces
    and control characters, reads a backslash as a slash, and decodes nothing else."""
    location = re.sub(r"[\t\n\r]", "", location).lstrip("\x00\x01\x02\x03\x04\x05 ")
    return urljoin(f"http://{SITE}/accounts/login/", location.replace("\\", "/"))


def assert_stays_on_site(response) -> None:
    assert response.status_code in {301, 302, 303, 307, 308}, response.status_code
    target = urlsplit(_as_a_browser_reads_it(response["Location"]))
    assert target.scheme in {"http", "https"}, response["Location"]
    assert target.hostname == SITE, response["Location"]


@pytest.fixture
def person():
    user = UserFactory(email="anna@example.org")
    EmailAddress.objects.create(user=user, email=user.email, verified=True, primary=True)
    MembershipFactory(user=user, role=Role.MEMBER)
    return user


@pytest.fixture
def remote_addr():
    """A fresh address for each test, so the login rate limits of the shared cache never
    decide the answer."""
    counter = getattr(remote_addr, "counter", 0) + 1
    remote_addr.counter = counter
    return f"10.{counter // 250 % 250}.{counter % 250}.9"


@pytest.mark.parametrize("payload", PAYLOADS)
def test_login_posts_never_redirect_off_site(client, person, remote_addr, payload):
    response = client.post(
        "/accounts/login/?" + urlencode({"next": payload}),
        {"login": person.email, "password": TEST_PASSWORD, "next": payload},
        REMOTE_ADDR=remote_addr,
    )
    assert response.wsgi_request.user.is_authenticated
    assert_stays_on_site(response)


@pytest.mark.parametrize("payload", PAYLOADS)
def test_login_by_emailed_code_never_redirects_off_site(client, remote_addr, payload):
    # given a young person's account (the code login that the youth pages link to with `next`)
    email = f"ung-{uuid.uuid4().hex[:12]}@example.org"
    user = UserFactory(email=email)
    EmailAddress.objects.create(user=user, email=email, verified=True, primary=True)
    MembershipFactory(user=user, role=Role.YOUTH)
    # when they ask for a code with a hostile `next` and type the code they are sent
    sent = client.post(
        "/accounts/login/code/?" + urlencode({"next": payload}),
        {"email": email, "next": payload},
        REMOTE_ADDR=remote_addr,
    )
    code = re.search(r"^\s*([A-Z0-9]{4}-[A-Z0-9]{4})\s*$", mail.outbox[-1].body, re.MULTILINE)
    confirmed = client.post(sent["Location"], {"code": code.group(1)}, REMOTE_ADDR=remote_addr)
    # then they are logged in, and still on the site
    assert confirmed.wsgi_request.user.is_authenticated
    assert_stays_on_site(sent)
    assert_stays_on_site(confirmed)


@pytest.mark.parametrize("payload", PAYLOADS)
def test_login_page_of_someone_logged_in_never_redirects_off_site(client, person, payload):
    client.force_login(person)
    response = client.get("/accounts/login/?" + urlencode({"next": payload}))
    assert_stays_on_site(response)


@pytest.mark.parametrize("payload", PAYLOADS)
def test_logout_never_redirects_off_site(client, person, payload):
    client.force_login(person)
    response = client.post("/accounts/logout/", {"next": payload})
    assert not response.wsgi_request.user.is_authenticated
    assert_stays_on_site(response)


@pytest.mark.parametrize("payload", PAYLOADS)
def test_language_switcher_never_redirects_off_site(client, payload):
    response = client.post(
        "/i18n/setlang/", {"language": "en", "next": payload}, headers={"Referer": payload}
    )
    assert_stays_on_site(response)


@pytest.mark.parametrize("payload", PAYLOADS)
def test_marking_an_action_item_done_never_redirects_off_site(client, payload):
    alliance = AllianceFactory(is_public=False)
    group = WorkGroupFactory(alliance=alliance)
    owner = MembershipFactory(alliance=alliance, role=Role.MEMBER).user
    group_member_add(group=group, user=owner)
    item = action_item_add(
        group=group,
        user=None,
        title="Kortlæg fritidstilbud",
        owner=owner,
        deadline=timezone.localdate() + datetime.timedelta(days=7),
        meeting=None,
    )
    client.force_login(owner)
    url = reverse(
        "workgroups:action_item_done", kwargs={"alliance_slug": alliance.slug, "pk": item.pk}
    )
    response = client.post(url, {"note": "Sendt", "next": payload})
    assert_stays_on_site(response)


def test_a_return_address_on_the_site_is_still_followed(client, person, remote_addr):
    # the check must not simply drop every `next`: a page of the site is where people return
    response = client.post(
        "/accounts/login/",
        {"login": person.email, "password": TEST_PASSWORD, "next": "/accounts/email/"},
        REMOTE_ADDR=remote_addr,
    )
    assert response["Location"] == "/accounts/email/"
