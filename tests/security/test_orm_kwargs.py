"""No key a visitor chooses reaches the ORM: sort and filter keys come from the code.

Two checks. The static one reads the platform's packages (ast) and lists every call that
unpacks a dict into a QuerySet method's keyword arguments (`.filter(**d)`, `.create(**d)`, ...),
every call that unpacks a list into its positional ones (`.order_by(*names)`, `.values(*f)`)
and every `order_by` with an argument that is not written in the code (a string or an
`F("field")`). Each must be in the reviewed list below with the reason it is safe; a new one
fails the test until someone has looked at where its keys come from, and one whose keys are
read straight from the request (request.GET, request.POST, request.data, query_params) fails
whatever the list says.

The runtime one opens every page someone may see (found as in test_hostile_input.py) with
made-up sort and filter keys (`?sort=password`, `?order_by=user__password`,
`?ordering=-user__password`, `?sort=-pk`): every list (JSON, or a page with a filter form or a
pager) must link to the same items in the same order as without them, or refuse them (400); it
must never sort or filter by them.
"""

from __future__ import annotations

import ast
import json
import re
from html.parser import HTMLParser
from pathlib import Path
from urllib.parse import urlsplit

import pytest
from django.core.cache import cache

from tests.security.test_hostile_input import client_as, discover
from tests.test_authorization_matrix import build_world

ROOT = Path(__file__).resolve().parents[2]
PACKAGES = (
    "alliance",
    "api",
    "backbone",
    "config",
    "initiatives",
    "measurement",
    "workgroups",
    "youth_voice",
)
# QuerySet (and manager) methods whose keyword arguments are field lookups or names.
KEYWORD_METHODS = {
    "filter",
    "exclude",
    "get",
    "update",
    "create",
    "get_or_create",
    "update_or_create",
    "annotate",
    "aggregate",
    "alias",
}
# Methods whose positional arguments are field names.
NAME_METHODS = {
    "order_by",
    "values",
    "values_list",
    "only",
    "defer",
    "distinct",
    "select_related",
    "prefetch_related",
}
REQUEST_DATA = {"GET", "POST", "data", "query_params", "body", "COOKIES", "headers", "META"}

# (file, enclosing function, method) -> (number of such calls, why the keys are safe).
REVIEWED: dict[tuple[str, str, str], tuple[int, str]] = {
    ("alliance/selectors_agenda.py", "agenda_public", "only"): (
        1,
        "field names from the module constant TEXT_KEYS",
    ),
    ("alliance/selectors_people.py", "history_page", "filter"): (
        1,
        "lookup from HISTORY_KINDS (code); the request's `kind` only selects among them",
    ),
    ("backbone/demo_measurement.py", "_upsert", "filter"): (
        1,
        "the demo seed's own lookups, written in the code; no request involved",
    ),
    ("backbone/management/commands/seed_demo.py", "_upsert", "filter"): (
        1,
        "the demo seed's own lookups, written in the code; no request involved",
    ),
    ("backbone/report_data.py", "_value_rows", "values_list"): (
        1,
        "field names from the module constant _VALUE_FIELDS",
    ),
    ("backbone/report_data.py", "_write_summaries", "values_list"): (
        1,
        "field names from the module constant _SUMMARY_FIELDS",
    ),
    ("backbone/workspace.py", "queue_figures", "aggregate"): (
        1,
        "aggregates passed by the selectors_workspace modules, written in the code",
    ),
    ("backbone/workspace.py", "queue_figures", "order_by"): (
        1,
        "`since` is a literal field name at every call (selectors_workspace modules)",
    ),
    ("initiatives/services.py", "_sync", "create"): (
        1,
        "key and attribute are literals of activity_save's callers; the value is an id",
    ),
    ("measurement/aggregation.py", "_grouped", "values"): (
        1,
        "grouping fields are literals at both calls in this module",
    ),
    ("measurement/aggregation.py", "_write", "values_list"): (
        1,
        "field names from the module constant _COMPARED",
    ),
    ("measurement/selectors_dashboard.py", "_dashboard_cards", "values_list"): (
        1,
        "field names from the module constant SUMMARY_FIELDS",
    ),
    ("measurement/selectors_dashboard.py", "dashboard_context", "only"): (
        1,
        "field names from the module constant CARD_FIELDS",
    ),
    ("measurement/selectors_dashboard.py", "_with_latest_total", "annotate"): (
        1,
        "annotation names built from the module constant SUMMARY_FIELDS",
    ),
    ("measurement/selectors_dashboard.py", "public_indicator_list", "only"): (
        1,
        "field names from the module constant CARD_FIELDS",
    ),
    ("measurement/selectors_dashboard.py", "goal_indicator_map", "only"): (
        1,
        "field names from the module constant CARD_FIELDS",
    ),
    ("measurement/selectors_entry.py", "key_values", "filter"): (
        2,
        "a dict literal with the fixed keys indicator, period, organisation",
    ),
    ("measurement/services.py", "datapoint_current", "filter"): (
        1,
        "_key_filter returns the fixed keys indicator, period, organisation, breakdown",
    ),
    ("measurement/services.py", "datapoint_open", "filter"): (
        1,
        "_key_filter returns the fixed keys indicator, period, organisation, breakdown",
    ),
    ("measurement/services.py", "datapoint_save", "filter"): (
        1,
        "`key` is _key_filter's fixed keys",
    ),
    ("measurement/services.py", "datapoint_unapprove", "filter"): (
        1,
        "_key_filter returns the fixed keys indicator, period, organisation, breakdown",
    ),
    ("measurement/services.py", "datapoint_correct", "filter"): (
        1,
        "_key_filter returns the fixed keys indicator, period, organisation, breakdown",
    ),
}


def _is_literal_name(node: ast.AST) -> bool:
    """A name written in the code: "field", or F("field") with .asc()/.desc() on it."""
    if isinstance(node, ast.Constant) and isinstance(node.value, str):
        return True
    if isinstance(node, ast.Call):
        func = node.func
        if isinstance(func, ast.Attribute) and func.attr in ("asc", "desc"):
            return _is_literal_name(func.value)
        if isinstance(func, ast.Name) and func.id == "F":
            return len(node.args) == 1 and _is_literal_name(node.args[0])
    return False


def _reads_request(node: ast.AST) -> bool:
    """The expression reads the request's data (request.GET, self.request.query_params, ...)."""
    for inner in ast.walk(node):
        if isinstance(inner, ast.Attribute) and inner.attr in REQUEST_DATA:
            chain = ast.unparse(inner.value)
            if chain == "request" or chain.endswith(".request"):
                return True
    return False


def dynamic_orm_calls(source: str) -> list[tuple[str, str, int, bool]]:
    """(enclosing function, method, line, reads the request) of each call whose field names
    or lookups are not written in the call itself."""
    found: list[tuple[str, str, int, bool]] = []
    stack: list[str] = []

    class Visitor(ast.NodeVisitor):
        def visit_FunctionDef(self, node):
            stack.append(node.name)
            self.generic_visit(node)
            stack.pop()

        visit_AsyncFunctionDef = visit_FunctionDef

        def visit_Call(self, node):
            func = node.func
            if isinstance(func, ast.Attribute):
                method = func.attr
                suspects: list[ast.AST] = []
                if method in KEYWORD_METHODS:
                    suspects += [kw.value for kw in node.keywords if kw.arg is None]
                if method in KEYWORD_METHODS | NAME_METHODS:
                    suspects += [arg.value for arg in node.args if isinstance(arg, ast.Starred)]
                if method == "order_by":
                    suspects += [
                        arg
                        for arg in node.args
                        if not isinstance(arg, ast.Starred) and not _is_literal_name(arg)
                    ]
                if suspects:
                    where = stack[-1] if stack else "<module>"
                    reads = any(_reads_request(suspect) for suspect in suspects)
                    found.append((where, method, node.lineno, reads))
            self.generic_visit(node)

    Visitor().visit(ast.parse(source))
    return found


def platform_calls() -> dict[tuple[str, str, str], list[tuple[int, bool]]]:
    calls: dict[tuple[str, str, str], list[tuple[int, bool]]] = {}
    for package in PACKAGES:
        for path in sorted((ROOT / package).rglob("*.py")):
            if "migrations" in path.parts:
                continue
            relative = path.relative_to(ROOT).as_posix()
            for function, method, line, reads in dynamic_orm_calls(path.read_text()):
                calls.setdefault((relative, function, method), []).append((line, reads))
    return calls


def test_every_dynamic_orm_call_is_reviewed():
    # given the platform's code
    calls = platform_calls()

    # then every call with keys from a variable is in the reviewed list, as often as there
    problems = []
    for key, found in sorted(calls.items()):
        path, function, method = key
        lines = ", ".join(str(line) for line, _ in found)
        if any(reads for _, reads in found):
            problems.append(f"{path}:{lines} {function}: .{method}() takes keys from the request")
        elif key not in REVIEWED:
            problems.append(
                f"{path}:{lines} {function}: .{method}() with names from a variable is not "
                "reviewed: check where they come from and add it to REVIEWED with the reason"
            )
        elif REVIEWED[key][0] != len(found):
            problems.append(
                f"{path}:{lines} {function}: {len(found)} such .{method}() calls, "
                f"{REVIEWED[key][0]} reviewed"
            )
    stale = sorted(set(REVIEWED) - set(calls))
    print(f"\n{sum(len(found) for found in calls.values())} dynamic ORM calls, all reviewed")
    assert problems == []
    assert stale == [], f"reviewed calls that are gone (remove them from REVIEWED): {stale}"


@pytest.mark.parametrize(
    ("source", "method", "reads"),
    [
        ("qs.filter(**request.GET.dict())", "filter", True),
        ("qs.order_by(request.GET['sort'])", "order_by", True),
        ("qs.order_by(*self.request.query_params.getlist('o'))", "order_by", True),
        ("qs.exclude(**{key: 1})", "exclude", False),
        ("Model.objects.create(**data)", "create", False),
        ("qs.values(*fields)", "values", False),
        ("qs.order_by(SORTS[name])", "order_by", False),
        ("qs.update(**request.POST)", "update", True),
    ],
)
def test_the_scan_finds_keys_from_variables(source, method, reads):
    found = dynamic_orm_calls(f"def view(request):\n    return {source}\n")

    assert [(function, name, flag) for function, name, _, flag in found] == [
        ("view", method, reads)
    ]


def test_the_scan_accepts_names_written_in_the_code():
    source = (
        "qs.filter(alliance=a, name__icontains=request.GET.get('q', ''))"
        ".order_by(F('due').asc(nulls_last=True), '-pk').values('pk', 'name')"
    )

    assert dynamic_orm_calls(source) == []


# ---------------------------------------------------------------------------
# At runtime: unknown sort and filter keys change nothing
# ---------------------------------------------------------------------------

UNKNOWN_KEYS = [
    {"sort": "password", "order_by": "user__password", "ordering": "-user__password"},
    {"sort": "-pk", "order": "-pk", "o": "-pk", "ordering": "-pk", "order_by": "-id"},
    {"user__password__startswith": "md5", "pk__gt": "0", "id__in": "1,2"},
]


LIST_SIGNS = re.compile(r'<form(?![^>]*method="post")[^>]*>|[?&](amp;)?page=\d', re.IGNORECASE)


class ItemLinks(HTMLParser):
    """The paths the page links to, in order: a list sorted or filtered otherwise links to its
    items in another order or to other items. Query strings are left out (a pager's links
    carry the request's own)."""

    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.paths: list[str] = []

    def handle_starttag(self, tag, attrs):
        href = dict(attrs).get("href")
        if tag == "a" and href:
            self.paths.append(urlsplit(href).path)


def _without_moments(data: object) -> object:
    """JSON without the moment it was made (an export's `exported_at`)."""
    if isinstance(data, dict):
        return {k: _without_moments(v) for k, v in data.items() if not k.endswith("_at")}
    if isinstance(data, list):
        return [_without_moments(item) for item in data]
    return data


def shown(response) -> object:
    content_type = response.get("Content-Type", "")
    if content_type.startswith("application/json"):
        return _without_moments(json.loads(response.content))
    parser = ItemLinks()
    parser.feed(response.content.decode())
    return parser.paths


def is_list(response) -> bool:
    """A page that lists things: JSON, or HTML with a filter form or a pager."""
    content_type = response.get("Content-Type", "")
    if content_type.startswith("application/json"):
        return True
    if not content_type.startswith("text/html"):
        return False
    html = response.content.decode()
    return bool(LIST_SIGNS.search(html))


@pytest.mark.django_db(transaction=True)
def test_unknown_sort_and_filter_keys_change_nothing(settings):
    # given every page someone may open
    settings.ACCOUNT_RATE_LIMITS = False
    cache.clear()
    world = build_world()
    pages, _forms, _unopened, _html = discover(world)

    # when each is asked for with made-up sort and filter keys
    changed: list[str] = []
    requests = lists = 0
    for page in pages:
        client = client_as(world["users"][page.actor])
        default = client.get(page.url)
        if default.status_code != 200 or default.streaming or not is_list(default):
            continue
        lists += 1
        for query in UNKNOWN_KEYS:
            response = client.get(page.url, query)
            requests += 1
            if response.status_code == 400:
                continue
            if response.status_code != 200 or shown(response) != shown(default):
                changed.append(f"{page.url}?{query} as {page.actor}: {response.status_code}")

    # then the answer is the page as without them
    print(f"\nunknown sort/filter keys: {len(pages)} pages, {lists} lists, {requests} requests")
    assert len(pages) >= 150  # 163 when this was written
    assert lists >= 20  # 26 when this was written
    assert changed == []
