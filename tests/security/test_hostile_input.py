"""Hostile input through every form and every filter of the platform.

The forms are not listed by hand: the URL patterns and the data of the authorization matrix
(tests/test_authorization_matrix.py) say, for each pattern, who may open which URL. Each page
is opened as such a person, its <form> elements are read from the HTML (method, action,
fields, hidden values, options), and every form is then sent, as that person and with the CSRF
token as a browser would, with generated values: any unicode (NUL, right-to-left marks,
emoji), very long strings, known XSS and SQL polyglots, and select options both valid and
made up. Every page is also asked for with made-up query strings (sort, page, order, unknown
keys, arrays, huge numbers).

What must hold, whatever is sent:
- no answer is a server error (status 500 or more, or an exception out of a view);
- a marker element (`<i data-fuzz>`) and the polyglots' tags never come back as markup in an
  HTML page, neither in the answer nor in the page a redirect leads to nor, at the end, on any
  page that shows what was saved;
- an error answer (4xx) is never a traceback.

A broken discovery (no forms found) fails the test: the number of forms exercised must stay
above the floor measured when the test was written.
"""

from __future__ import annotations

import re
from collections import Counter
from dataclasses import dataclass, field
from html.parser import HTMLParser
from importlib import import_module
from urllib.parse import urljoin, urlsplit

import pytest
from django.conf import settings as django_settings
from django.core.cache import cache
from django.urls import Resolver404, resolve
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from tests.conftest import CsrfClient
from tests.test_authorization_matrix import (
    ACTORS,
    ANONYMOUS,
    COORDINATOR,
    INACTIVE,
    MEMBER,
    OTHER_SECRETARIAT,
    SECRETARIAT,
    STEERING,
    YOUTH,
    build_world,
    declaration_for,
    url_patterns,
)

# ---------------------------------------------------------------------------
# What is sent
# ---------------------------------------------------------------------------

MARK = "<i data-fuzz>x</i>"

# Known XSS, template-injection, path and SQL polyglots.
POLYGLOTS = [
    "jaVasCript:/*-/*`/*\\`/*'/*\"/**/(/* */oNcliCk=alert() )//%0D%0A%0d%0a//</stYle/</titLe/"
    "</teXtarEa/</scRipt/--!>\x3csVg/<sVg/oNloAd=alert()//>\x3e",
    "' OR 1=1 --",
    '" OR ""="',
    "1'; DROP TABLE alliance_user; --",
    "1); SELECT pg_sleep(0); --",
    "' UNION SELECT password FROM alliance_user --",
    "{{7*7}}",
    "{% debug %}",
    "${7*7}",
    "#{7*7}",
    "%00",
    "\x00",
    "../../etc/passwd",
    "..%2f..%2fetc%2fpasswd",
    "<img src=x onerror=alert(1)>",
    '"><svg onload=alert(1)>',
    "'><script>alert(1)</script>",
    "</textarea><script>alert(1)</script>",
    "javascript:alert(1)",
    "[x](javascript:alert(1))",
    '<a href="javascript:alert(1)">x</a>',
    '![x](x" onerror="alert(1))',
    "\u202eevil\u202c",
    "\u200f\u200e\u2066\u2069",
    "\ufeff\u200b",
    "\U0001f600\u0301\u0301\u0301",
    "-1",
    "99999999999999999999999999",
    "1e309",
    "NaN",
    "=cmd|' /C calc'!A0",
    "@SUM(1+1)",
]
# Markup that must never reach a page as markup (case-insensitive).
RAW_MARKUP = re.compile(
    r"<i data-fuzz|<svg[/ ]onload|<img src=x onerror|<script>alert|href=\"javascript:alert",
    re.IGNORECASE,
)

ANY_CHAR = st.characters(exclude_categories=["Cs"])  # lone surrogates cannot be encoded
HTMLISH = st.sampled_from(
    ["<", ">", "&", '"', "'", "<script>", "</textarea>", "&amp;", "\x00", "\u202e", "\u200f"]
)
TEXT = st.lists(st.one_of(st.text(ANY_CHAR, max_size=30), HTMLISH), max_size=12).map("".join)
LONG_TEXT = st.builds(
    lambda piece, size: ((piece or "ø<") * (size // max(len(piece), 1) + 1))[:size],
    TEXT,
    st.sampled_from([256, 1001, 5000, 70_000]),
)
HOSTILE = st.one_of(st.sampled_from(POLYGLOTS), TEXT, LONG_TEXT)
# Half the hostile texts carry the marker, so an echo of the field can be seen.
HOSTILE_TEXT = st.one_of(
    HOSTILE, st.builds(lambda before, after: before + MARK + after, HOSTILE, TEXT)
)
HUGE_NUMBER = st.one_of(
    st.integers(min_value=-(10**30), max_value=10**30).map(str),
    st.sampled_from(["0", "-1", "1.5", "1e9", "9" * 40, "0x10", "+1", " 1 "]),
)

FUZZ_SETTINGS = settings(
    deadline=None,
    database=None,
    suppress_health_check=list(HealthCheck),
)
EXAMPLES_PER_FORM = 4
EXAMPLES_PER_FILTER_PAGE = 6
# Measured when the test was written (the demo of the matrix): 0 would mean a broken discovery.
FORMS_FLOOR = 125  # 138 found
PAGES_FLOOR = 150  # 163 found (141 of them HTML)

# The people a page is opened as, the most capable first (the secretariat sees most forms).
PREFERENCE = (SECRETARIAT, COORDINATOR, STEERING, MEMBER, YOUTH, ANONYMOUS, OTHER_SECRETARIAT)
# Forms sent last: they delete, remove or end things the other forms' pages need.
DESTRUCTIVE = re.compile(
    r"delete|remove|withdraw|revoke|erase|deactivate|archive|leave|logout|cancel|close|slet"
)


# ---------------------------------------------------------------------------
# Reading forms out of a page
# ---------------------------------------------------------------------------


@dataclass
class Field:
    name: str
    kind: str  # text, textarea, select, checkbox, radio, hidden, file, number, date, ...
    value: str = ""
    options: list[str] = field(default_factory=list)
    multiple: bool = False
    chosen: list[str] = field(default_factory=list)  # selected options, checked boxes


@dataclass
class Form:
    page: str  # the URL of the page the form is on
    actor: str
    method: str
    action: str
    fields: dict[str, Field] = field(default_factory=dict)

    @property
    def key(self) -> tuple:
        """Forms with the same target view, method and fields are the same form."""
        try:
            view = resolve(urlsplit(self.action).path).view_name
        except Resolver404:
            view = self.action
        return (view, self.method, tuple(sorted(self.fields)))

    def __str__(self) -> str:
        names = ",".join(sorted(self.fields)) or "-"
        return f"{self.method} {self.action} as {self.actor} [{names}] (on {self.page})"


class FormParser(HTMLParser):
    """Collects the forms of a page: each field with its type, value and options."""

    def __init__(self, page: str):
        super().__init__(convert_charrefs=True)
        self.page = page
        self.forms: list[Form] = []
        self._form: Form | None = None
        self._select: Field | None = None
        self._option: str | None = None
        self._textarea: Field | None = None

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        if tag == "form":
            action = urljoin(self.page, attrs.get("action") or self.page)
            self._form = Form(
                page=self.page,
                actor="",
                method=(attrs.get("method") or "get").upper(),
                action=action,
            )
            self.forms.append(self._form)
            return
        if self._form is None:
            return
        name = attrs.get("name")
        if tag == "input" and name:
            kind = (attrs.get("type") or "text").lower()
            if kind in ("submit", "button", "image", "reset"):
                # The first named button is sent, as a click on it would.
                if name not in self._form.fields:
                    self._form.fields[name] = Field(name, "hidden", attrs.get("value") or "")
                return
            known = self._form.fields.get(name)
            if known is None or kind not in ("checkbox", "radio"):
                known = self._form.fields[name] = Field(name, kind, attrs.get("value") or "")
            if kind in ("checkbox", "radio"):
                known.options.append(attrs.get("value") or "on")
                if "checked" in attrs:
                    known.chosen.append(attrs.get("value") or "on")
        elif tag == "button" and name and name not in self._form.fields:
            self._form.fields[name] = Field(name, "hidden", attrs.get("value") or "")
        elif tag == "textarea" and name:
            self._textarea = self._form.fields[name] = Field(name, "textarea")
        elif tag == "select" and name:
            self._select = self._form.fields[name] = Field(
                name, "select", multiple="multiple" in attrs
            )
        elif tag == "option" and self._select is not None:
            self._option = attrs.get("value")
            if self._option is not None:
                self._select.options.append(self._option)
                if "selected" in attrs:
                    self._select.chosen.append(self._option)

    def handle_data(self, data):
        if self._textarea is not None:
            self._textarea.value += data
        elif self._select is not None and self._option is None and data.strip():
            # An option without a value attribute sends its text.
            self._select.options.append(data.strip())
            self._option = data.strip()

    def handle_endtag(self, tag):
        if tag == "form":
            self._form = None
        elif tag == "textarea":
            self._textarea = None
        elif tag == "select":
            self._select = None
        elif tag == "option":
            self._option = None


def forms_of(page: str, html: str) -> list[Form]:
    parser = FormParser(page)
    parser.feed(html)
    return parser.forms


# ---------------------------------------------------------------------------
# Values for a form
# ---------------------------------------------------------------------------


def strategy_for(item: Field) -> st.SearchStrategy:
    """Generated values for one field: hostile text, and for typed fields also valid values,
    so that some submissions pass validation and their text is saved and shown."""
    if item.kind == "file" or item.name == "csrfmiddlewaretoken":
        return st.none()  # uploads are tested elsewhere; the token goes in the header
    if item.kind in ("checkbox", "radio"):
        valid = st.sampled_from(item.options or ["on"])
        if item.kind == "checkbox" and len(item.options) > 1:
            valid = st.lists(valid, max_size=len(item.options), unique=True)
        return st.one_of(valid, st.none(), HOSTILE_TEXT)
    if item.kind == "select":
        options = [option for option in item.options if option]
        if not options:
            return HOSTILE_TEXT
        valid = st.sampled_from(options)
        if item.multiple:
            valid = st.lists(valid, max_size=3, unique=True)
        garbage = st.one_of(HOSTILE_TEXT, HUGE_NUMBER, st.lists(HOSTILE_TEXT, max_size=3))
        return st.one_of(valid, garbage)
    if item.kind == "hidden":
        return st.one_of(st.just(item.value), st.just(item.value), HOSTILE_TEXT, HUGE_NUMBER)
    if item.kind in ("number", "range"):
        return st.one_of(st.just(item.value or "1"), HUGE_NUMBER, HOSTILE_TEXT)
    if item.kind in ("date", "datetime-local", "month", "week", "time"):
        formats = {
            "date": st.dates().map(lambda d: d.isoformat()),
            "datetime-local": st.datetimes().map(lambda d: d.strftime("%Y-%m-%dT%H:%M")),
            "month": st.dates().map(lambda d: d.strftime("%Y-%m")),
        }
        valid = formats.get(item.kind, st.just(item.value))
        return st.one_of(st.just(item.value), valid, HOSTILE_TEXT)
    if item.kind == "email":
        return st.one_of(st.just("fuzz@example.org"), HOSTILE_TEXT)
    if item.kind == "url":
        return st.one_of(st.just("https://example.org/"), HOSTILE_TEXT)
    return HOSTILE_TEXT  # text, textarea, search, password, tel, color and unknown types


TEXT_KINDS = ("text", "textarea", "search")
PLAIN_VALUES = {
    "number": "1",
    "range": "1",
    "date": "2026-06-01",
    "datetime-local": "2026-06-01T10:00",
    "time": "10:00",
    "month": "2026-06",
    "email": "fuzz@example.org",
    "url": "https://example.org/",
    "tel": "12345678",
}


def plain_data(form: Form, filler: str = "") -> dict:
    """The form as a person would send it: the values it shows, the chosen (or first) options,
    and `filler` in an empty text field (typed fields get a valid value)."""
    data: dict = {}
    for name, item in form.fields.items():
        if item.kind == "file" or name == "csrfmiddlewaretoken":
            continue
        if item.kind in ("checkbox", "radio"):
            if item.chosen:
                data[name] = item.chosen
        elif item.kind == "select":
            options = item.chosen or [option for option in item.options if option][:1]
            if options:
                data[name] = options
        elif item.value or item.kind == "hidden":
            data[name] = item.value
        else:
            data[name] = PLAIN_VALUES.get(item.kind, filler)
    return data


def text_fields(form: Form) -> list[str]:
    return [name for name, item in form.fields.items() if item.kind in TEXT_KINDS]


def marked(form: Form, name: str) -> str:
    """The field's own value (or a plain word) with the marker after it."""
    return f"{form.fields[name].value.strip() or 'fuzz-1'} {MARK}"


def form_data(form: Form) -> st.SearchStrategy[dict]:
    return st.fixed_dictionaries(
        {name: strategy_for(item) for name, item in form.fields.items()}
    ).map(lambda data: {name: value for name, value in data.items() if value is not None})


# ---------------------------------------------------------------------------
# What is checked in every answer
# ---------------------------------------------------------------------------

TRACEBACK = re.compile(r"Traceback \(most recent call last\)|File \"/|django/core/handlers")


@dataclass
class Run:
    """The requests sent and what was wrong with their answers."""

    requests: int = 0
    problems: list[str] = field(default_factory=list)
    statuses: Counter = field(default_factory=Counter)
    bare_error_pages: set[int] = field(default_factory=set)

    def send(self, client: CsrfClient, method: str, url: str, data: dict, label: str):
        self.requests += 1
        try:
            response = client.get(url, data) if method == "GET" else client.post(url, data)
        except Exception as exc:  # an exception out of a view is a server error
            self.problems.append(f"{label}: raised {type(exc).__name__}: {exc!s:.300}")
            return None
        self.check(response, label)
        return response

    def check(self, response, label: str) -> None:
        status = response.status_code
        self.statuses[status] += 1
        if status >= 500:
            self.problems.append(f"{label}: answered {status}")
            return
        if not response.get("Content-Type", "").startswith("text/html"):
            return
        body = response.content.decode(errors="replace")
        raw = RAW_MARKUP.search(body)
        if raw:
            around = body[max(raw.start() - 80, 0) : raw.end() + 40]
            self.problems.append(f"{label}: unescaped markup in the page: …{around!r}…")
        if status >= 400:
            if TRACEBACK.search(body):
                self.problems.append(f"{label}: a {status} shows a traceback")
            if 'class="skipnav"' not in body:
                self.bare_error_pages.add(status)


def client_as(user) -> CsrfClient:
    client = CsrfClient()
    if user is not None:
        client.force_login(user)
    return client


class Logins:
    """A fresh logged-in session for every client, without a login for each: a person's first
    client logs in; each later one gets a session of its own holding a copy of what that login
    put in the session (the same user, backend and password hash, the same login time)."""

    def __init__(self):
        self._session_data: dict[int, dict] = {}

    def client(self, user) -> CsrfClient:
        data = self._session_data.get(user.pk) if user is not None else None
        if data is None:
            client = client_as(user)
            if user is not None:
                self._session_data[user.pk] = dict(client.session.items())
            return client
        session = import_module(django_settings.SESSION_ENGINE).SessionStore()
        session.update(data)
        session.save()
        client = CsrfClient()
        # As Client.force_login sets it.
        client.cookies[django_settings.SESSION_COOKIE_NAME] = session.session_key
        client.cookies[django_settings.SESSION_COOKIE_NAME].update(
            {
                "max-age": None,
                "path": "/",
                "domain": django_settings.SESSION_COOKIE_DOMAIN,
                "secure": django_settings.SESSION_COOKIE_SECURE or None,
                "expires": None,
            }
        )
        return client


def same_site(location: str) -> str | None:
    parts = urlsplit(location)
    if parts.netloc and parts.netloc != "testserver":
        return None
    return parts.path + (f"?{parts.query}" if parts.query else "")


# ---------------------------------------------------------------------------
# Discovery
# ---------------------------------------------------------------------------


@dataclass
class Page:
    url: str
    actor: str
    pattern: str


def discover(world: dict) -> tuple[list[Page], list[Form], list[str], list[Page]]:
    """One URL per pattern that someone may open (status 200), who opens it, the distinct
    forms on those pages, and the URLs the matrix says open but did not."""
    users = world["users"]
    clients = {actor: client_as(users[actor]) for actor in ACTORS if actor != INACTIVE}
    pages: list[Page] = []
    forms: dict[tuple, Form] = {}
    unopened: list[str] = []
    html_pages: list[Page] = []
    for entry in url_patterns():
        declaration = declaration_for(entry)
        if entry.namespace == "admin" or declaration is None:
            continue  # nobody in the world is staff; the admin is Django's own
        opened = False
        for case, url in declaration.urls(entry).items():
            candidates = [
                actor
                for actor in PREFERENCE
                if declaration.expected("GET", case, actor).status == 200
            ]
            if not candidates:
                continue
            actor = candidates[0]
            response = clients[actor].get(url)
            if response.status_code != 200:
                unopened.append(f"{url} as {actor}: {response.status_code}")
                continue
            if not opened:
                pages.append(Page(url, actor, entry.key))
                opened = True
            if not response.get("Content-Type", "").startswith("text/html"):
                continue  # a file, a feed or JSON: its query string is fuzzed, it has no forms
            html_pages.append(Page(url, actor, entry.key))
            for form in forms_of(url, response.content.decode()):
                form.actor = actor
                if same_site(form.action) is None:
                    continue
                form.action = same_site(form.action)
                forms.setdefault(form.key, form)
    ordered = sorted(forms.values(), key=lambda f: bool(DESTRUCTIVE.search(f.action)))
    return pages, ordered, unopened, html_pages


# ---------------------------------------------------------------------------
# The tests
# ---------------------------------------------------------------------------


@pytest.fixture
def no_rate_limits(monkeypatch, settings):
    """The limits are tested elsewhere; here every request must reach its form."""
    monkeypatch.setattr("youth_voice.views_portal.is_limited", lambda *a, **k: False)
    settings.ACCOUNT_RATE_LIMITS = False
    settings.REST_FRAMEWORK = {
        **settings.REST_FRAMEWORK,
        "DEFAULT_THROTTLE_RATES": {"user": "100000/minute", "anon": "100000/minute"},
    }


def fuzz_form(run: Run, form: Form, user, logins: Logins) -> None:
    """Send the form EXAMPLES_PER_FORM times with generated values, then once per text field
    with the marker in it, following each redirect."""

    def submit(data: dict, label: str) -> bool:
        """Send the data; whether the answer was a redirect (the form was accepted)."""
        client = logins.client(user)  # a fresh session: an earlier submission may end one
        response = run.send(client, form.method, form.action, data, label)
        if response is not None and response.status_code in (301, 302, 303):
            target = same_site(response["Location"])
            if target is not None:
                run.send(client, "GET", target, {}, f"{label} -> GET {target}")
            return True
        return False

    @given(data=form_data(form))
    @settings(FUZZ_SETTINGS, max_examples=EXAMPLES_PER_FORM)
    def send(data):
        submit(data, f"{form.method} {form.action} as {form.actor}")

    send()
    # Then the marker in one text field at a time, the rest as a person would send them (empty
    # fields left empty, or, if the form refuses that, filled with a plain word). The markers
    # accepted stay in the later submissions, so the object keeps all of them for the sweep.
    label = f"{form.method} {form.action} as {form.actor} (marked)"
    kept: dict[str, str] = {}
    for name in text_fields(form):
        for filler in ("", "fuzz-1"):
            if filler and plain_data(form, filler) == plain_data(form):
                break
            data = {**plain_data(form, filler), **kept, name: marked(form, name)}
            if submit(data, label):
                kept[name] = data[name]
                break


QUERY_KEYS = [
    "sort",
    "order",
    "order_by",
    "ordering",
    "page",
    "per_page",
    "page_size",
    "limit",
    "offset",
    "q",
    "search",
    "status",
    "kind",
    "group",
    "year",
    "period",
    "from",
    "to",
    "indicator",
    "organisation",
    "format",
    "next",
    "user__password",
    "password",
    "pk__in",
    "__proto__",
]
QUERY_VALUE = st.one_of(
    HOSTILE_TEXT,
    HUGE_NUMBER,
    st.sampled_from(["password", "-user__password", "user__password", "?", "-", "pk", "__all__"]),
)
QUERY = st.dictionaries(
    st.one_of(st.sampled_from(QUERY_KEYS), st.text(ANY_CHAR, min_size=1, max_size=20)),
    st.one_of(QUERY_VALUE, st.lists(QUERY_VALUE, min_size=2, max_size=3)),
    min_size=1,
    max_size=5,
)
FIXED_QUERIES = [
    {"page": "99999999999999999999999", "sort": "password", "order_by": "user__password"},
    {"ordering": "-user__password", "order": "' OR 1=1 --", "page": "-1"},
    {"sort": ["name", "-pk"], "page": ["1", "2"], "q": POLYGLOTS[0], "year": "1e309"},
]


def fuzz_query(run: Run, page: Page, user, filter_keys: list[str], logins: Logins) -> None:
    """The fixed hostile queries on every page; generated ones too on pages with a filter."""
    client = logins.client(user)
    for query in FIXED_QUERIES:
        run.send(client, "GET", page.url, query, f"GET {page.url}?{query} as {page.actor}")
    if not filter_keys:
        return
    keys = st.sampled_from(filter_keys)

    @given(query=QUERY, extra=st.dictionaries(keys, QUERY_VALUE, max_size=3))
    @settings(FUZZ_SETTINGS, max_examples=EXAMPLES_PER_FILTER_PAGE)
    def send(query, extra):
        data = {**query, **extra}
        run.send(client, "GET", page.url, data, f"GET {page.url} {data!r:.200} as {page.actor}")

    send()


# Real requests are not wrapped in a transaction (ATOMIC_REQUESTS is off): the forms are sent
# the same way, so a view that counts on its own transaction is tested as it runs.
@pytest.mark.django_db(transaction=True)
def test_every_form_and_filter_survives_hostile_input(no_rate_limits):
    # given
    cache.clear()
    world = build_world()
    users = world["users"]
    pages, forms, unopened, html_pages = discover(world)
    filter_keys: dict[str, list[str]] = {}
    for form in forms:
        if form.method == "GET":
            filter_keys.setdefault(form.page, []).extend(form.fields)

    # when
    run = Run()
    logins = Logins()
    for form in forms:
        fuzz_form(run, form, users[form.actor], logins)
    form_requests = run.requests
    for page in pages:
        fuzz_query(run, page, users[page.actor], filter_keys.get(page.url, []), logins)
    # Whatever was saved must be escaped on every page that shows it.
    for page in html_pages:
        client = logins.client(users[page.actor])
        run.send(client, "GET", page.url, {}, f"GET {page.url} (after)")

    # then
    print(
        f"\nhostile input: {len(pages)} pages ({len(html_pages)} HTML pages with their cases), "
        f"{len(forms)} forms "
        f"({sum(f.method == 'POST' for f in forms)} POST, "
        f"{sum(f.method == 'GET' for f in forms)} GET), {run.requests} requests "
        f"({form_requests} through forms), {len(run.problems)} problems"
    )
    print(f"answers by status: {dict(sorted(run.statuses.items()))}")
    print("forms exercised:")
    for form in forms:
        print(f"  {form}")
    if unopened:
        print("pages the matrix expects to open but did not (their forms are not exercised):")
        for line in unopened:
            print(f"  {line}")
    print(f"4xx answers without the platform's layout: {sorted(run.bare_error_pages)}")
    for problem in run.problems:
        print(f"  {problem}")
    assert len(forms) >= FORMS_FLOOR, "the form discovery found fewer forms than it should"
    assert len(pages) >= PAGES_FLOOR, "the page discovery found fewer pages than it should"
    assert run.problems == []


def test_the_form_parser_reads_fields_options_and_hidden_values():
    html = """
    <form method="post" action="save/">
      <input type="hidden" name="csrfmiddlewaretoken" value="t">
      <input name="title" value="a">
      <input type="number" name="n">
      <textarea name="body">old</textarea>
      <select name="kind"><option value="">--</option><option value="a" selected>A</option>
        <option>B</option></select>
      <input type="checkbox" name="tags" value="1"><input type="checkbox" name="tags" value="2"
        checked>
      <button name="action" value="publish">Go</button>
    </form>
    <form><input type="search" name="q"></form>
    """

    post, search = forms_of("/x/page/", html)

    assert (post.method, post.action) == ("POST", "/x/page/save/")
    assert {name: item.kind for name, item in post.fields.items()} == {
        "csrfmiddlewaretoken": "hidden",
        "title": "text",
        "n": "number",
        "body": "textarea",
        "kind": "select",
        "tags": "checkbox",
        "action": "hidden",
    }
    assert post.fields["kind"].options == ["", "a", "B"]
    assert post.fields["kind"].chosen == ["a"]
    assert post.fields["tags"].options == ["1", "2"]
    assert post.fields["tags"].chosen == ["2"]
    plain = plain_data(post)
    assert plain_data(post, "fuzz-1") == plain  # no empty text field here
    assert plain == {
        "title": "a",
        "n": "1",
        "body": "old",
        "kind": ["a"],
        "tags": ["2"],
        "action": "publish",
    }
    assert text_fields(post) == ["title", "body"]
    assert marked(post, "body") == f"old {MARK}"
    assert post.fields["body"].value == "old"
    assert post.fields["action"].value == "publish"
    assert (search.method, search.action, list(search.fields)) == ("GET", "/x/page/", ["q"])


@pytest.mark.parametrize(
    "body",
    [
        "<p><i data-fuzz>x</i></p>",
        "<p><sVg/oNloAd=alert()//></p>",
        "<img src=x onerror=alert(1)>",
        '<a href="javascript:alert(1)">x</a>',
    ],
)
def test_the_check_sees_raw_markup(body):
    from django.http import HttpResponse

    run = Run()
    run.check(HttpResponse(body), "page")

    assert len(run.problems) == 1


def test_the_check_accepts_escaped_markup():
    from django.http import HttpResponse
    from django.utils.html import escape

    run = Run()
    run.check(HttpResponse("".join(escape(p) for p in [MARK, *POLYGLOTS])), "page")

    assert run.problems == []


# An error page is the platform's own (templates/404.html and the others): its layout, its
# language and a way back, never Django's bare English page.
@pytest.mark.django_db
@pytest.mark.parametrize("path", ["/accounts/ingen-side/", "/ingen/side/her/findes/ikke/"])
def test_a_missing_page_is_the_platforms_page(path):
    response = CsrfClient().get(path)

    assert response.status_code == 404
    assert 'class="skipnav"' in response.content.decode()
    assert "Siden findes ikke" in response.content.decode()


@pytest.mark.django_db
def test_a_server_error_and_a_refusal_are_the_platforms_pages(rf):
    from django.views.defaults import permission_denied, server_error

    error = server_error(rf.get("/"))
    assert error.status_code == 500
    assert "Der gik noget galt" in error.content.decode()

    refused = permission_denied(rf.get("/"), PermissionError())
    assert refused.status_code == 403
    assert "Ingen adgang" in refused.content.decode()
