"""The authorization matrix: every URL pattern of the project, every actor, the answer expected.

The patterns are read from the root resolver, included ones too (admin, allauth, i18n, the
apps). Each must be declared below, by name, or by a rule for a third-party namespace; a new
pattern that nobody declared fails `test_every_url_pattern_is_declared`. For each declaration
and each actor the matrix sends a GET and a POST (with the CSRF token, so CSRF is not what
answers) and compares the status code and, for redirects, the target.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from urllib.parse import parse_qs, urlsplit

import pytest
from django.core.cache import cache
from django.urls import URLPattern, URLResolver, get_resolver, resolve, reverse

from alliance.models import Role
from tests.conftest import CsrfClient
from tests.factories import AllianceFactory, MembershipFactory, UserFactory, WorkGroupFactory
from workgroups.models import GroupKind, GroupRole
from workgroups.services import group_member_add

# ---------------------------------------------------------------------------
# Actors and expectations
# ---------------------------------------------------------------------------

ANONYMOUS = "anonymous"
YOUTH = "youth"
MEMBER = "member"
COORDINATOR = "coordinator"
STEERING = "steering"
SECRETARIAT = "secretariat"
OTHER_SECRETARIAT = "other_secretariat"  # secretariat of another alliance
INACTIVE = "inactive_member"  # Membership.is_active=False, still seated in groups

ACTORS = (ANONYMOUS, YOUTH, MEMBER, COORDINATOR, STEERING, SECRETARIAT, OTHER_SECRETARIAT, INACTIVE)
LOGGED_IN = tuple(actor for actor in ACTORS if actor != ANONYMOUS)


@dataclass(frozen=True)
class Expect:
    """An expected answer: a status (None means any status below 500) and a redirect target."""

    status: int | None
    location: str | None = None  # the path a redirect points to
    next_is_url: bool = False  # the redirect carries ?next=<the requested URL>

    def problem(self, response, url: str) -> str | None:
        """What is wrong with the response, or None when it is as expected."""
        got = response.status_code
        if self.status is None:
            return None if got < 500 else f"expected a status below 500, got {got}"
        if got != self.status:
            where = f" -> {response.get('Location')}" if got in (301, 302) else ""
            return f"expected {self}, got {got}{where}"
        if self.location is not None:
            target = urlsplit(response["Location"])
            if target.path != self.location:
                return f"expected a redirect to {self.location}, got {response['Location']}"
            if self.next_is_url and parse_qs(target.query).get("next") != [url]:
                return f"expected ?next={url} in the redirect, got {response['Location']}"
        return None

    def __str__(self) -> str:
        if self.status is None:
            return "<500"
        if self.location:
            return f"{self.status}->{self.location}{'?next=<url>' if self.next_is_url else ''}"
        return str(self.status)


OK = Expect(200)
NO_CONTENT = Expect(204)
FORBIDDEN = Expect(403)
NOT_FOUND = Expect(404)
NOT_ALLOWED = Expect(405)
ANY = Expect(None)
LOGIN = Expect(302, "/accounts/login/", next_is_url=True)
ADMIN_LOGIN = Expect(302, "/admin/login/", next_is_url=True)


def redirect(path: str) -> Expect:
    return Expect(302, path)


Row = dict[str, Expect]  # actor -> expectation


def row(default: Expect, **by_actor: Expect) -> Row:
    """The same answer for every actor, except those named."""
    unknown = set(by_actor) - set(ACTORS)
    assert not unknown, f"unknown actors in the matrix: {unknown}"
    return {actor: by_actor.get(actor, default) for actor in ACTORS}


def anon_vs_user(anonymous: Expect, logged_in: Expect) -> Row:
    return row(logged_in, anonymous=anonymous)


# ---------------------------------------------------------------------------
# The data every request runs against
# ---------------------------------------------------------------------------

PRIVATE = "privat-alliance"  # is_public=False; every role actor is a member
PUBLIC = "offentlig-alliance"  # is_public=True; every role actor is a member too
OTHER = "anden-alliance"  # is_public=False; only OTHER_SECRETARIAT is a member
MISSING = "ingen-alliance"  # no such alliance

ROLE_OF = {
    YOUTH: Role.YOUTH,
    MEMBER: Role.MEMBER,
    COORDINATOR: Role.COORDINATOR,
    STEERING: Role.STEERING,
    SECRETARIAT: Role.SECRETARIAT,
}
SEAT_OF = {
    YOUTH: GroupRole.MEMBER,
    MEMBER: GroupRole.MEMBER,
    COORDINATOR: GroupRole.COORDINATOR,
    STEERING: GroupRole.MEMBER,
    SECRETARIAT: GroupRole.MEMBER,
    INACTIVE: GroupRole.MEMBER,
}


def build_world() -> dict:
    """Three alliances, their groups, and one user per actor (None for anonymous)."""
    private = AllianceFactory(slug=PRIVATE, name="Privat alliance", is_public=False)
    public = AllianceFactory(slug=PUBLIC, name="Offentlig alliance", is_public=True)
    other = AllianceFactory(slug=OTHER, name="Anden alliance", is_public=False)
    groups = {
        "a-own": WorkGroupFactory(alliance=private, slug="a-own"),
        "a-other": WorkGroupFactory(alliance=private, slug="a-other"),
        "a-steering": WorkGroupFactory(
            alliance=private, slug="a-steering", kind=GroupKind.STEERING
        ),
        "p-own": WorkGroupFactory(alliance=public, slug="p-own"),
        "p-other": WorkGroupFactory(alliance=public, slug="p-other"),
        "o-own": WorkGroupFactory(alliance=other, slug="o-own"),
    }
    users: dict[str, object] = {ANONYMOUS: None}
    for actor, role in ROLE_OF.items():
        user = UserFactory(email=f"{actor}@example.org")
        for alliance in (private, public):
            MembershipFactory(user=user, alliance=alliance, role=role)
        users[actor] = user
    inactive = UserFactory(email="inactive@example.org")
    for alliance in (private, public):
        MembershipFactory(user=inactive, alliance=alliance, role=Role.MEMBER, is_active=False)
    users[INACTIVE] = inactive
    other_secretariat = UserFactory(email="other-secretariat@example.org")
    MembershipFactory(user=other_secretariat, alliance=other, role=Role.SECRETARIAT)
    users[OTHER_SECRETARIAT] = other_secretariat

    for actor, seat_role in SEAT_OF.items():
        for slug in ("a-own", "p-own"):
            group_member_add(group=groups[slug], user=users[actor], role=seat_role)
    group_member_add(group=groups["a-steering"], user=users[STEERING])
    group_member_add(group=groups["o-own"], user=other_secretariat, role=GroupRole.COORDINATOR)
    # The other groups have a member too, so "not seated" is not "empty".
    outsider = UserFactory(email="outsider@example.org")
    MembershipFactory(user=outsider, alliance=private, role=Role.MEMBER)
    MembershipFactory(user=outsider, alliance=public, role=Role.MEMBER)
    group_member_add(group=groups["a-other"], user=outsider)
    group_member_add(group=groups["p-other"], user=outsider)
    extras: dict = {}
    # --- agenda objects (goals, focus areas, versions, comments) ---
    # --- end agenda objects ---
    # --- partner objects (organisations, commitments) ---
    # --- end partner objects ---
    # --- people objects (invitations, memberships, steering seats) ---
    # --- end people objects ---
    return {"users": users, "groups": groups, **extras}


# ---------------------------------------------------------------------------
# URL patterns, read from the root resolver
# ---------------------------------------------------------------------------

# Placeholder values for URL arguments of patterns that are declared by rule.
SAMPLE_ARGS = {"app_label": "alliance", "url": "no-such-page/"}


@dataclass(frozen=True)
class Entry:
    """One URL pattern with its full route, namespaced name and argument names."""

    route: str
    name: str | None  # "namespace:name", or None for an unnamed pattern
    namespace: str | None
    callback: Callable
    arguments: tuple[str, ...]

    @property
    def key(self) -> str:
        return self.name or f"<unnamed {self.route}>"

    def sample_url(self) -> str:
        """A URL that resolves to this pattern, with placeholder arguments ("1")."""
        kwargs = {arg: SAMPLE_ARGS.get(arg, "1") for arg in self.arguments}
        if self.name:
            return reverse(self.name, kwargs=kwargs)
        path = re.sub(r"\(\?P<(\w+)>[^)]*\)", lambda m: kwargs[m.group(1)], self.route)
        path = re.sub(r"<(?:\w+:)?(\w+)>", lambda m: kwargs[m.group(1)], path)
        return "/" + path.replace("^", "").replace("$", "")


def walk(patterns, prefix: str = "", namespace: str | None = None) -> Iterator[Entry]:
    for pattern in patterns:
        route = prefix + str(pattern.pattern)
        if isinstance(pattern, URLResolver):
            inner = namespace
            if pattern.namespace:
                inner = f"{namespace}:{pattern.namespace}" if namespace else pattern.namespace
            yield from walk(pattern.url_patterns, route, inner)
        else:
            assert isinstance(pattern, URLPattern)
            name = pattern.name and (f"{namespace}:{pattern.name}" if namespace else pattern.name)
            arguments = tuple(re.findall(r"\(\?P<(\w+)>", route)) + tuple(
                re.findall(r"<(?:\w+:)?(\w+)>", re.sub(r"\(\?P<\w+>", "(", route))
            )
            yield Entry(route, name, namespace, pattern.callback, arguments)


def url_patterns() -> list[Entry]:
    return list(walk(get_resolver().url_patterns))


# ---------------------------------------------------------------------------
# The matrix
# ---------------------------------------------------------------------------

UrlCases = Callable[[Entry], dict[str, str]]  # case -> URL


@dataclass(frozen=True)
class Declaration:
    """The URLs to request for a pattern, and per case (or "*" for every case) the answers."""

    urls: UrlCases
    get: dict[str, Row]
    post: dict[str, Row]
    post_data: dict = field(default_factory=dict)
    logs_out: bool = False  # a POST ends the session: send it from a throwaway client

    def expected(self, method: str, case: str, actor: str) -> Expect:
        table = self.get if method == "GET" else self.post
        return (table.get(case) or table["*"])[actor]


def sample(entry: Entry) -> dict[str, str]:
    return {"sample": entry.sample_url()}


def fixed(url_name: str, **kwargs) -> UrlCases:
    return lambda entry: {"url": reverse(url_name, kwargs=kwargs)}


def alliance_cases(url_name: str) -> UrlCases:
    return lambda entry: {
        case: reverse(url_name, kwargs={"alliance_slug": slug})
        for case, slug in (
            ("private", PRIVATE),
            ("public", PUBLIC),
            ("other", OTHER),
            ("missing", MISSING),
        )
    }


def group_cases(entry: Entry) -> dict[str, str]:
    def url(alliance_slug: str, group_slug: str) -> str:
        return reverse(
            "workgroups:detail", kwargs={"alliance_slug": alliance_slug, "group_slug": group_slug}
        )

    return {
        "seated": url(PRIVATE, "a-own"),
        "not_seated": url(PRIVATE, "a-other"),
        "other_alliance_group_under_own_alliance": url(PRIVATE, "o-own"),
        "other_alliance": url(OTHER, "o-own"),
        "public_seated": url(PUBLIC, "p-own"),
        "public_not_seated": url(PUBLIC, "p-other"),
        "missing_group": url(PRIVATE, "no-such-group"),
        "missing_alliance": url(MISSING, "a-own"),
    }


EVERYONE_OK = row(OK)
EVERYONE_405 = row(NOT_ALLOWED)
# A logged-in outsider of an alliance (or of a group's alliance) gets 404: nothing leaks.
OUTSIDERS_404 = {OTHER_SECRETARIAT: NOT_FOUND, INACTIVE: NOT_FOUND}

ALLAUTH_USER_HOME = redirect("/home/")

MATRIX: dict[str, Declaration] = {
    # --- the project's own pages -------------------------------------------------------
    "landing": Declaration(fixed("landing"), get={"*": EVERYONE_OK}, post={"*": EVERYONE_405}),
    "privacy": Declaration(fixed("privacy"), get={"*": EVERYONE_OK}, post={"*": EVERYONE_405}),
    "health": Declaration(fixed("health"), get={"*": EVERYONE_OK}, post={"*": EVERYONE_405}),
    "home": Declaration(
        fixed("home"),
        # Role actors belong to two alliances (chooser); the other secretariat to one (redirect);
        # the deactivated member to none (an empty chooser).
        get={"*": row(OK, anonymous=LOGIN, other_secretariat=redirect(f"/{OTHER}/"))},
        post={"*": EVERYONE_405},
    ),
    "alliance:home": Declaration(
        alliance_cases("alliance:home"),
        get={
            "private": row(OK, anonymous=LOGIN, **OUTSIDERS_404),
            # A public alliance's home is public: visitors and outsiders get the public page.
            "public": EVERYONE_OK,
            "other": row(NOT_FOUND, anonymous=LOGIN, other_secretariat=OK),
            "missing": row(NOT_FOUND, anonymous=LOGIN),
        },
        post={"*": EVERYONE_405},
    ),
    "alliance:people": Declaration(
        alliance_cases("alliance:people"),
        get={
            "private": row(FORBIDDEN, anonymous=LOGIN, secretariat=OK, **OUTSIDERS_404),
            # Being public opens only the home: the register is never public.
            "public": row(FORBIDDEN, anonymous=LOGIN, secretariat=OK, **OUTSIDERS_404),
            "other": row(NOT_FOUND, anonymous=LOGIN, other_secretariat=OK),
            "missing": row(NOT_FOUND, anonymous=LOGIN),
        },
        post={"*": EVERYONE_405},
    ),
    "workgroups:detail": Declaration(
        group_cases,
        get={
            "seated": row(OK, anonymous=LOGIN, **OUTSIDERS_404),
            "not_seated": row(
                FORBIDDEN, anonymous=LOGIN, steering=OK, secretariat=OK, **OUTSIDERS_404
            ),
            "other_alliance_group_under_own_alliance": row(NOT_FOUND, anonymous=LOGIN),
            "other_alliance": row(NOT_FOUND, anonymous=LOGIN, other_secretariat=OK),
            # Groups of a public alliance are not public.
            "public_seated": row(OK, anonymous=LOGIN, **OUTSIDERS_404),
            "public_not_seated": row(
                FORBIDDEN, anonymous=LOGIN, steering=OK, secretariat=OK, **OUTSIDERS_404
            ),
            "missing_group": row(NOT_FOUND, anonymous=LOGIN, **OUTSIDERS_404),
            "missing_alliance": row(NOT_FOUND, anonymous=LOGIN),
        },
        post={"*": EVERYONE_405},
    ),
    # --- common agenda ------------------------------------------------------------------
    # --- end common agenda ---
    # --- partners and commitments --------------------------------------------------------
    # --- end partners and commitments ---
    # --- people, invitations, directory, steering group, history ---------------------------
    # --- end people ---
    # --- Django i18n ------------------------------------------------------------------
    "set_language": Declaration(
        fixed("set_language"),
        # GET changes nothing and goes back; POST sets the language and goes to `next`.
        get={"*": row(redirect("/"))},
        post={"*": row(redirect("/privacy/"))},
        post_data={"language": "en", "next": "/privacy/"},
    ),
    # --- the admin login goes through allauth (secure_admin_login) --------------------
    "admin:login": Declaration(
        sample,
        # Anonymous: to allauth's login, coming back here. Logged in without is_staff:
        # secure_admin_login raises PermissionDenied.
        get={"*": anon_vs_user(LOGIN, FORBIDDEN)},
        post={"*": anon_vs_user(LOGIN, FORBIDDEN)},
    ),
    # admin_view sends a non-staff person from the logout URL to the index (not to login).
    "admin:logout": Declaration(
        sample, get={"*": row(redirect("/admin/"))}, post={"*": row(redirect("/admin/"))}
    ),
    # --- allauth ------------------------------------------------------------------------
    "account_login": Declaration(
        sample,
        get={"*": anon_vs_user(OK, ALLAUTH_USER_HOME)},
        post={"*": anon_vs_user(OK, ALLAUTH_USER_HOME)},  # anonymous: the form with errors
    ),
    "account_logout": Declaration(
        sample,
        get={"*": anon_vs_user(redirect("/"), OK)},  # logged in: the confirmation page
        post={"*": row(redirect("/"))},
        logs_out=True,
    ),
    "account_signup": Declaration(
        sample,
        get={"*": anon_vs_user(OK, ALLAUTH_USER_HOME)},
        post={"*": anon_vs_user(OK, ALLAUTH_USER_HOME)},
    ),
    "account_inactive": Declaration(sample, get={"*": EVERYONE_OK}, post={"*": EVERYONE_405}),
    "account_reauthenticate": Declaration(
        sample, get={"*": anon_vs_user(LOGIN, ANY)}, post={"*": anon_vs_user(LOGIN, ANY)}
    ),
    "account_request_reauthentication_code": Declaration(
        sample, get={"*": anon_vs_user(LOGIN, ANY)}, post={"*": anon_vs_user(LOGIN, ANY)}
    ),
    "account_confirm_reauthentication_code": Declaration(
        sample, get={"*": anon_vs_user(LOGIN, ANY)}, post={"*": anon_vs_user(LOGIN, ANY)}
    ),
    "account_email": Declaration(
        sample,
        get={"*": anon_vs_user(LOGIN, OK)},
        post={"*": anon_vs_user(LOGIN, redirect("/accounts/email/"))},
    ),
    "account_email_verification_sent": Declaration(
        sample, get={"*": EVERYONE_OK}, post={"*": EVERYONE_405}
    ),
    "account_confirm_email": Declaration(sample, get={"*": row(ANY)}, post={"*": row(ANY)}),
    "account_change_password": Declaration(
        sample,
        get={"*": anon_vs_user(LOGIN, OK)},
        post={"*": anon_vs_user(LOGIN, OK)},  # logged in: the form with errors
    ),
    "account_set_password": Declaration(
        sample,
        # These people have a password already: set-password sends them to change-password.
        get={"*": anon_vs_user(LOGIN, redirect("/accounts/password/change/"))},
        post={"*": anon_vs_user(LOGIN, redirect("/accounts/password/change/"))},
    ),
    "account_reset_password": Declaration(
        sample,
        get={"*": EVERYONE_OK},
        post={"*": EVERYONE_OK},  # POST: the form with errors
    ),
    "account_reset_password_done": Declaration(
        sample, get={"*": EVERYONE_OK}, post={"*": EVERYONE_405}
    ),
    "account_reset_password_from_key": Declaration(
        sample, get={"*": row(ANY)}, post={"*": row(ANY)}
    ),
    "account_reset_password_from_key_done": Declaration(
        sample, get={"*": EVERYONE_OK}, post={"*": EVERYONE_405}
    ),
    "account_confirm_login_code": Declaration(
        sample,
        # Without a login in progress there is no code to confirm.
        get={"*": anon_vs_user(redirect("/accounts/login/"), ANY)},
        post={"*": anon_vs_user(redirect("/accounts/login/"), ANY)},
    ),
    "mfa_index": Declaration(
        sample, get={"*": anon_vs_user(LOGIN, OK)}, post={"*": anon_vs_user(LOGIN, NOT_ALLOWED)}
    ),
    "mfa_authenticate": Declaration(
        sample,
        get={"*": anon_vs_user(redirect("/accounts/login/"), ANY)},
        post={"*": anon_vs_user(redirect("/accounts/login/"), ANY)},
    ),
    **{
        name: Declaration(
            sample, get={"*": anon_vs_user(LOGIN, ANY)}, post={"*": anon_vs_user(LOGIN, ANY)}
        )
        for name in (
            "mfa_reauthenticate",
            "mfa_activate_totp",
            "mfa_deactivate_totp",
            "mfa_view_recovery_codes",
            "mfa_generate_recovery_codes",
            "mfa_download_recovery_codes",
        )
    },
}

# Every other pattern of the admin (named or not): no actor is staff, so every admin URL
# sends them to the admin login, which (above) sends them on to allauth or answers 403.
ADMIN_RULE = Declaration(sample, get={"*": row(ADMIN_LOGIN)}, post={"*": row(ADMIN_LOGIN)})
RULES: list[tuple[str, Callable[[Entry], bool], Declaration]] = [
    ("every pattern in the admin: namespace", lambda entry: entry.namespace == "admin", ADMIN_RULE),
]


def declaration_for(entry: Entry) -> Declaration | None:
    if entry.name in MATRIX:
        return MATRIX[entry.name]
    for _description, applies, declaration in RULES:
        if applies(entry):
            return declaration
    return None


def undeclared(entries: list[Entry]) -> list[str]:
    return [
        f"URL pattern {entry.key} (/{entry.route}) is not in the authorization matrix: "
        "declare it in the matrix in tests/test_authorization_matrix.py"
        for entry in entries
        if declaration_for(entry) is None
    ]


# ---------------------------------------------------------------------------
# Tests
# ---------------------------------------------------------------------------


def test_every_url_pattern_is_declared():
    entries = url_patterns()

    assert len(entries) > 0
    assert undeclared(entries) == []
    stale = set(MATRIX) - {entry.name for entry in entries}
    assert stale == set(), f"declared in the matrix but no longer routed: {sorted(stale)}"


def test_an_undeclared_pattern_is_reported_by_name():
    made_up = Entry("made-up/", "made_up:page", "made_up", lambda request: None, ())

    problems = undeclared([*url_patterns(), made_up])

    assert len(problems) == 1
    assert "made_up:page" in problems[0]
    assert "declare it in the matrix" in problems[0]


def test_sample_urls_resolve_to_their_own_pattern():
    for entry in url_patterns():
        if declaration_for(entry).urls is not sample:
            continue
        match = resolve(entry.sample_url())
        if entry.name:
            assert match.view_name == entry.name, entry.key
        else:
            assert match.func is entry.callback, entry.key


def _client_for(user) -> CsrfClient:
    client = CsrfClient()
    if user is not None:
        client.force_login(user)
    return client


# Real requests are not wrapped in a transaction (ATOMIC_REQUESTS is off); /health/ relies on
# that, so the matrix runs without the per-test transaction too.
@pytest.mark.django_db(transaction=True)
def test_authorization_matrix():
    # given
    cache.clear()  # allauth's rate limits count in the cache
    world = build_world()
    clients = {actor: _client_for(user) for actor, user in world["users"].items()}
    entries = url_patterns()
    assert undeclared(entries) == []

    # when
    unexpected: list[str] = []
    requests = 0
    for entry in entries:
        declaration = declaration_for(entry)
        for case, url in declaration.urls(entry).items():
            for actor in ACTORS:
                for method in ("GET", "POST"):
                    expected = declaration.expected(method, case, actor)
                    client = clients[actor]
                    if method == "POST" and declaration.logs_out:
                        client = _client_for(world["users"][actor])
                    try:
                        if method == "GET":
                            response = client.get(url)
                        else:
                            response = client.post(url, declaration.post_data)
                    except Exception as exc:  # an exception is an answer we did not expect
                        problem = f"raised {type(exc).__name__}: {exc}"
                    else:
                        problem = expected.problem(response, url)
                    requests += 1
                    if problem:
                        unexpected.append(
                            f"{method} {url} [{entry.key}/{case}] as {actor}: {problem}"
                        )

    # then
    print(
        f"\nauthorization matrix: {len(entries)} URL patterns covered, {len(ACTORS)} actors, "
        f"{requests} requests, {len(unexpected)} unexpected"
    )
    for line in unexpected:
        print("  " + line)
    assert len(entries) > 0
    assert unexpected == []


@pytest.mark.django_db
def test_admin_opens_for_staff():
    """The admin rule above is about non-staff people: staff get in."""
    staff = UserFactory(is_staff=True, is_superuser=True)
    client = _client_for(staff)

    assert client.get(reverse("admin:index")).status_code == 200
    assert client.get(reverse("admin:alliance_alliance_changelist")).status_code == 200
