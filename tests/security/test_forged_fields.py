"""Forged posts change nothing a form does not show: every POST form of the platform, found by
requesting every sample URL of the authorization matrix as every actor it declares a page (200)
for, is submitted as it was rendered (its own values, the required fields filled in, its first
button), plus fields it does not have: the alliance, an owner, a user, a group, an
organisation, a status, a role, the staff flags, an id, and every foreign key name of the
platform's models. The forged references point into an alliance of their own that nobody here
belongs to, so any row written with one of them, or any change to that alliance's rows, is a
forged field that took effect. Forged statuses, roles and moderation states are reported when a
form without that field set them, unless the form's own action does that (EXPECTED_VALUE_CHANGES).

Each write is seen by a row trigger (tests/security/db_writes.py), so every finding names the
form, the actor, the table and the column.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from html.parser import HTMLParser
from urllib.parse import urljoin, urlsplit

import pytest
from django.apps import apps
from django.core.cache import cache
from django.db import models
from django.urls import Resolver404, resolve

from alliance.models import Alliance, Organisation, Role, User
from measurement.models import Indicator
from tests.conftest import CsrfClient
from tests.factories import (
    AllianceFactory,
    MembershipFactory,
    OrganisationFactory,
    UserFactory,
    WorkGroupFactory,
)
from tests.measurement.factories import IndicatorFactory
from tests.security.db_writes import Write
from tests.security.test_hostile_input import Logins
from tests.test_authorization_matrix import (
    ANONYMOUS,
    COORDINATOR,
    MEMBER,
    OTHER_SECRETARIAT,
    SECRETARIAT,
    STEERING,
    YOUTH,
    Expect,
    build_world,
    declaration_for,
    url_patterns,
)
from workgroups.models import WorkGroup

# The actor whose forms are collected first: the one who sees the most.
# Every role but a deactivated person, who is shown no form.
ACTORS_BY_REACH = (
    SECRETARIAT,
    COORDINATOR,
    STEERING,
    MEMBER,
    YOUTH,
    OTHER_SECRETARIAT,
    ANONYMOUS,
)
# Forms left out: they end the session the sweep runs in, or change only the language cookie.
SKIPPED_ACTIONS = {"account_logout", "set_language"}
# Forms that remove things go last, so the forms of the things they remove are posted first.
REMOVING = re.compile(r"delete|remove|withdraw|erase|revoke|deactivate|archive|cancel|slet")

FORGED_FLAGS = ("is_staff", "is_superuser", "approved", "is_active", "is_public", "is_listed")
# Forged value per column: a status, role or moderation that the form could not set.
FORGED_VALUES = {"status": "approved", "role": Role.SECRETARIAT.value, "moderation": "published"}

# (view name of the form's action, table, column) -> why that form's own action sets it.
EXPECTED_VALUE_CHANGES: dict[tuple[str, str, str], str] = {
    ("measurement:approvals_approve", "measurement_datapoint", "status"): (
        "approving is what the button does: the secretariat approves the submitted values"
    ),
    ("api_tokens:list", "api_apitoken", "role"): (
        "a new API key carries the role of the membership that made it, here the secretariat's"
    ),
}
# The history tables (django-simple-history) copy the whole row on every change; the change
# itself is judged on the row's own table.
HISTORY_TABLE = re.compile(r"_historical")


@dataclass
class Form:
    page: str
    action: str
    actor: str
    fields: list[tuple[str, str]] = field(default_factory=list)  # (name, value) as it posts
    names: set[str] = field(default_factory=set)  # every field name the form shows
    has_file: bool = False

    @property
    def view_name(self) -> str:
        try:
            match = resolve(urlsplit(self.action).path)
        except Resolver404:
            return "?"
        return match.view_name


class FormParser(HTMLParser):
    """The POST forms of a page with the values a browser would submit."""

    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.forms: list[dict] = []
        self._form: dict | None = None
        self._select: dict | None = None
        self._textarea: dict | None = None

    def handle_starttag(self, tag, attrs):
        attributes = {key: value if value is not None else "" for key, value in attrs}
        if tag == "form":
            if attributes.get("method", "get").lower() == "post":
                self._form = {"action": attributes.get("action", ""), "controls": []}
                self.forms.append(self._form)
            return
        if self._form is None:
            return
        if tag in {"input", "button"}:
            self._form["controls"].append((tag, attributes))
        elif tag == "select":
            self._select = {**attributes, "options": []}
            self._form["controls"].append(("select", self._select))
        elif tag == "option" and self._select is not None:
            self._select["options"].append(attributes)
        elif tag == "textarea":
            self._textarea = {**attributes, "text": ""}
            self._form["controls"].append(("textarea", self._textarea))

    def handle_data(self, data):
        if self._textarea is not None:
            self._textarea["text"] += data

    def handle_endtag(self, tag):
        if tag == "form":
            self._form = None
        elif tag == "select":
            self._select = None
        elif tag == "textarea":
            self._textarea = None


FILL = {
    "email": "forged-check@example.org",
    "number": "1",
    "date": "2026-06-01",
    "datetime-local": "2026-06-01T10:00",
    "time": "10:00",
    "month": "2026-06",
    "url": "https://example.org/",
    "tel": "12345678",
}


def _fill(kind: str, attributes: dict) -> str:
    if kind == "number" and attributes.get("min"):
        return attributes["min"]
    return FILL.get(kind, "Forged check")


def forms_of(page_url: str, html: str, actor: str) -> list[Form]:
    parser = FormParser()
    parser.feed(html)
    found = []
    for raw in parser.forms:
        form = Form(page=page_url, action=urljoin(page_url, raw["action"] or page_url), actor=actor)
        buttons = []
        for tag, attributes in raw["controls"]:
            name = attributes.get("name")
            # The page's CSRF token belongs to the session that read it; the client sends its own.
            if not name or name == "csrfmiddlewaretoken":
                continue
            form.names.add(name)
            kind = attributes.get("type", "text" if tag == "input" else "submit").lower()
            required = "required" in attributes
            if tag == "button" or kind in {"submit", "image"}:
                buttons.append((name, attributes.get("value", "")))
            elif kind == "file":
                form.has_file = True
            elif kind in {"checkbox", "radio"}:
                posted = {posted_name for posted_name, _value in form.fields}
                first_required_radio = kind == "radio" and required and name not in posted
                if "checked" in attributes or first_required_radio:
                    form.fields.append((name, attributes.get("value", "on")))
            elif tag == "select":
                chosen = [o.get("value", "") for o in attributes["options"] if "selected" in o]
                if not [value for value in chosen if value] and "required" in attributes:
                    chosen = [o["value"] for o in attributes["options"] if o.get("value")][:1]
                form.fields += [(name, value) for value in chosen]
            elif tag == "textarea":
                text = attributes["text"].strip()
                form.fields.append((name, text or ("Forged check" if required else "")))
            elif kind == "password":
                form.fields.append((name, "Forged-check-2026-password"))
            else:
                value = attributes.get("value", "")
                form.fields.append((name, value or (_fill(kind, attributes) if required else "")))
        form.fields += buttons[:1]
        found.append(form)
    return found


@dataclass
class Forged:
    """An alliance of its own, with a person, a group, an organisation and an indicator."""

    alliance: Alliance
    user: User
    group: WorkGroup
    organisation: Organisation
    indicator: Indicator

    @property
    def sentinel(self) -> dict[type[models.Model], int]:
        return {
            Alliance: self.alliance.pk,
            User: self.user.pk,
            WorkGroup: self.group.pk,
            Organisation: self.organisation.pk,
            Indicator: self.indicator.pk,
        }

    def post_data(self, form: Form) -> dict[str, list[str]]:
        """The form's own fields plus every forged one it does not have."""
        data: dict[str, list[str]] = {}
        for name, value in form.fields:
            data.setdefault(name, []).append(value)
        forged = {
            "alliance": self.alliance.pk,
            "owner": self.user.pk,
            "user": self.user.pk,
            "created_by": self.user.pk,
            "approved_by": self.user.pk,
            "organisation": self.organisation.pk,
            "workgroup": self.group.pk,
            "group": self.group.pk,
            "indicator": self.indicator.pk,
            "id": self.user.pk,
            "pk": self.user.pk,
            **FORGED_VALUES,
            **dict.fromkeys(FORGED_FLAGS, "true"),
        }
        for name, target in foreign_key_names().items():
            forged.setdefault(name, self.sentinel[target])
        for name, value in forged.items():
            for candidate in (name, f"{name}_id"):
                if candidate not in form.names and candidate not in data:
                    data[candidate] = [str(value)]
        return data


def foreign_key_names() -> dict[str, type[models.Model]]:
    """Every foreign key of the platform's models that points at a model forged here."""
    targets = (Alliance, User, WorkGroup, Organisation, Indicator)
    names = {}
    for model in apps.get_models():
        for model_field in model._meta.get_fields():
            related = getattr(model_field, "related_model", None)
            if model_field.concrete and model_field.is_relation and related in targets:
                names[model_field.name] = related
    return names


def foreign_key_columns() -> dict[str, dict[str, type[models.Model]]]:
    """table -> column -> the model it points at (forged models only)."""
    targets = (Alliance, User, WorkGroup, Organisation, Indicator)
    tables: dict[str, dict[str, type[models.Model]]] = {}
    for model in apps.get_models(include_auto_created=True):
        for model_field in model._meta.concrete_fields:
            if model_field.is_relation and model_field.related_model in targets:
                tables.setdefault(model._meta.db_table, {})[model_field.column] = (
                    model_field.related_model
                )
    return tables


def build_forged() -> Forged:
    alliance = AllianceFactory(slug="forfalsket-alliance", name="Forfalsket", is_public=False)
    user = UserFactory(email="forged-target@example.org")
    MembershipFactory(user=user, alliance=alliance, role=Role.MEMBER)
    return Forged(
        alliance=alliance,
        user=user,
        group=WorkGroupFactory(alliance=alliance, slug="forfalsket"),
        organisation=OrganisationFactory(alliance=alliance, name="Forfalsket organisation"),
        indicator=IndicatorFactory(alliance=alliance, name="Forfalsket indikator", code="FF"),
    )


def judge(
    writes: list[Write], form: Form, forged: Forged, columns: dict, tables_of: dict
) -> list[str]:
    """What a forged field did: a reference into the forged alliance, a forged row changed, a
    staff flag set, or a status, role or moderation the form could not set."""
    problems = []
    sentinel = forged.sentinel
    for write in writes:
        if HISTORY_TABLE.search(write.table):
            continue
        if (
            write.operation in {"UPDATE", "DELETE"}
            and write.table in tables_of
            and write.old.get("id") == sentinel[tables_of[write.table]]
        ):
            problems.append(f"changed a row of the forged alliance: {write}")
        if write.new is None:
            continue
        changed = write.changed_columns()
        for column, target in columns.get(write.table, {}).items():
            if column in changed and write.new.get(column) == sentinel[target]:
                problems.append(f"{write.table}.{column} took the forged {target.__name__}")
        for flag in ("is_staff", "is_superuser"):
            if flag in changed and write.new.get(flag) is True:
                problems.append(f"{write.table}.{flag} set to true")
        for column, value in FORGED_VALUES.items():
            if (
                column in changed
                and write.new.get(column) == value
                and column not in form.names
                and (form.view_name, write.table, column) not in EXPECTED_VALUE_CHANGES
            ):
                problems.append(f"{write.table}.{column} set to the forged {value!r}")
    return problems


def shows_a_page(expected: Expect) -> bool:
    """Whether the authorization matrix declares a page (200) for the GET, or leaves the answer
    open; only those pages are read for forms."""
    return expected.status in (200, None)


def _client_for(user) -> CsrfClient:
    client = CsrfClient()
    if user is not None:
        client.force_login(user)
    return client


@pytest.mark.django_db(transaction=True)
def test_forged_fields_change_nothing(write_recorder):
    # given the matrix's world, an alliance for the forged references, and every POST form
    cache.clear()
    world = build_world()
    forged = build_forged()
    users = world["users"]
    clients = {actor: _client_for(user) for actor, user in users.items()}
    forms: dict[tuple, Form] = {}
    pages = 0
    for entry in url_patterns():
        declaration = declaration_for(entry)
        for case, url in declaration.urls(entry).items():
            for actor in ACTORS_BY_REACH:
                if not shows_a_page(declaration.expected("GET", case, actor)):
                    continue  # a refusal, a redirect or a 404: only pages are read for forms
                response = clients[actor].get(url)
                pages += 1
                if response.status_code != 200 or "html" not in response.get("Content-Type", ""):
                    continue
                for form in forms_of(url, response.content.decode(), actor):
                    if form.view_name in SKIPPED_ACTIONS:
                        continue
                    key = (form.view_name, frozenset(form.names), urlsplit(form.action).path)
                    forms.setdefault(key, form)
    write_recorder.take()
    columns = foreign_key_columns()
    tables_of = {model._meta.db_table: model for model in forged.sentinel}

    # when each is posted with its own values and the forged fields
    ordered = sorted(forms.values(), key=lambda form: bool(REMOVING.search(form.action)))
    logins = Logins()
    findings: list[str] = []
    saved = refused = 0
    statuses: dict[int, int] = {}
    for form in ordered:
        client = logins.client(users[form.actor])  # a fresh session: an earlier form may end one
        write_recorder.take()
        label = f"{form.view_name} {form.action} as {form.actor}"
        try:
            response = client.post(form.action, forged.post_data(form))
        except Exception as exc:
            findings.append(f"{label}: raised {type(exc).__name__}: {exc}")
            continue
        statuses[response.status_code] = statuses.get(response.status_code, 0) + 1
        writes = [write for write in write_recorder.take() if write.table != "django_session"]
        if writes:
            saved += 1
        else:
            refused += 1
        findings += [
            f"{label}: {problem}" for problem in judge(writes, form, forged, columns, tables_of)
        ]

    # then no forged field took effect
    actions = {form.view_name for form in forms.values()}
    print(
        f"\nforged fields: {pages} pages read, {len(forms)} POST forms of {len(actions)} views "
        f"posted with {len(forged.post_data(Form('', '', '')))} forged fields each; "
        f"{saved} wrote to the database, {refused} wrote nothing; statuses {statuses}; "
        f"{len(findings)} findings"
    )
    for line in findings:
        print("  " + line)
    # Measured: 285 forms of 106 views, 141 of them saved (the rest were refused as invalid, or
    # need a file); a sweep that finds or saves far fewer has stopped seeing the forms.
    assert len(forms) >= 250
    assert saved >= 120
    assert findings == []


def test_a_forged_value_that_took_effect_is_reported():
    """The judge above can fail: a row that took a forged reference, a forged row changed, a
    staff flag, and a status the form did not show are each reported."""
    forged = Forged(
        alliance=Alliance(pk=901),
        user=User(pk=902),
        group=WorkGroup(pk=903),
        organisation=Organisation(pk=904),
        indicator=Indicator(pk=905),
    )
    form = Form(page="/", action="/privat-alliance/", actor=SECRETARIAT, names={"title"})
    tables_of = {model._meta.db_table: model for model in forged.sentinel}
    user_table = User._meta.db_table
    writes = [
        Write("workgroups_workgroup", "INSERT", None, {"id": 1, "alliance_id": 901}),
        Write(user_table, "UPDATE", {"id": 902, "email": "a"}, {"id": 902, "email": "b"}),
        Write(user_table, "UPDATE", {"id": 5, "is_staff": False}, {"id": 5, "is_staff": True}),
        Write(
            "measurement_datapoint",
            "UPDATE",
            {"id": 7, "status": "draft"},
            {"id": 7, "status": "approved"},
        ),
    ]

    problems = judge(writes, form, forged, foreign_key_columns(), tables_of)

    assert problems == [
        "workgroups_workgroup.alliance_id took the forged Alliance",
        f"changed a row of the forged alliance: UPDATE {user_table} id=902 (email)",
        f"{user_table}.is_staff set to true",
        "measurement_datapoint.status set to the forged 'approved'",
    ]
