"""A young person's data is gone after erasure.

A canary (a marker no other test writes) goes into every field a young person can fill: the
input's text, their email and their parent's or guardian's email, a report on someone else's
input, a pulse survey's free text and the health check's comment; the secretariat's moderated
text, its notes to the young person and its answer carry it on, as they do in use. The
requests go through the real views with a client that enforces CSRF, and the emails through a
real Celery worker on the test's own Redis database.

Then the young person (or the platform) erases, the way the privacy notice promises: from the
follow page with the receipt code, "Slet mine data" for an account, withdrawing a consent, a
parent or guardian saying no, and the nightly retention sweep. Afterwards the canary is looked
for in every text, varchar and JSON column of every table (historical tables and the security
log included, the sessions decoded), every key and value in the Redis database (queued task
messages decoded), every log record of every logger (at DEBUG, but for the loggers the
configuration holds at INFO whatever LOG_LEVEL says), and every email sent after the erasure.
What must legitimately stay is asserted exactly, with the reason.
"""

from __future__ import annotations

import base64
import datetime
import importlib
import json
import logging
import random
import re
import string
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager, suppress
from dataclasses import dataclass, field

import pytest
import redis
from allauth.account.models import EmailAddress
from celery import signals
from django.conf import settings
from django.contrib.sessions.models import Session
from django.core import mail
from django.db import connection
from django.urls import reverse
from django.utils import timezone

from alliance import queue
from alliance.models import Alliance, Role, SecurityEvent, SecurityEventKind, User
from backbone.healthcheck import STATEMENTS
from backbone.models import HealthCheckRound
from config.celery import app as celery_app
from initiatives.models import Activity, ActivityStatus, Area
from tests.conftest import CsrfClient
from tests.factories import (
    TEST_PASSWORD,
    FocusAreaFactory,
    MembershipFactory,
    UserFactory,
    WorkGroupFactory,
)
from tests.workers import real_worker
from tests.youth_voice.factories_portal import portal_alliance
from workgroups.models import GroupRole, Meeting
from workgroups.services import group_member_add
from youth_voice.codes import link_token
from youth_voice.models import (
    Consent,
    ConsentStatus,
    ContactDetails,
    GuardianRequest,
    InputStatus,
    Question,
    QuestionKind,
    Survey,
    SurveyStatus,
    YouthInput,
)
from youth_voice.tasks import contact_details_expire_task, moderators_notify_new_inputs_task

pytestmark = [
    pytest.mark.celery_worker,
    pytest.mark.skipif(not settings.REDIS_URL, reason="needs Redis (REDIS_URL) for the worker"),
]

LOGIN_URL = "/accounts/login/"
TASK_MODULES = (
    "alliance.tasks",
    "backbone.tasks",
    "measurement.tasks",
    "workgroups.tasks",
    "youth_voice.tasks",
    "youth_voice.tasks_routing",
)
TEXT_TYPES = ("character varying", "character", "text", "json", "jsonb")


# --- canaries -------------------------------------------------------------------------------


def _mark() -> str:
    """Letters only: the masking of personal data leaves it alone (no digits, no @)."""
    return "".join(random.choices(string.ascii_lowercase, k=14))


@dataclass
class Canaries:
    """One marker per test; every canary of the test contains it, so one search finds all."""

    mark: str = field(default_factory=_mark)

    def text(self, name: str) -> str:
        return f"KANARI-{name}-{self.mark}"

    def email(self, name: str) -> str:
        return f"kanari-{name}-{self.mark}@example.org"

    def found_in(self, haystack: str) -> set[str]:
        """The canaries (by name) in a text: 'text:<name>' or 'email:<name>'."""
        found = set()
        for match in re.finditer(rf"(KANARI|kanari)-([a-z_]+)-{self.mark}", haystack):
            kind = "email" if match.group(1) == "kanari" else "text"
            found.add(f"{kind}:{match.group(2)}")
        return found


# --- where to look --------------------------------------------------------------------------


def database_hits(canaries: Canaries) -> dict[str, set[str]]:
    """Every text-like column of every table in the public schema, as 'table.column' -> the
    canaries found there. Sessions are signed, so they are decoded and searched apart."""
    hits: dict[str, set[str]] = {}
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT table_name, column_name FROM information_schema.columns "
            "WHERE table_schema = 'public' AND data_type = ANY(%s) "
            "ORDER BY table_name, column_name",
            [list(TEXT_TYPES)],
        )
        columns = cursor.fetchall()
        tables = {table for table, _column in columns}
        # The scan covers the young people's tables, the history and the security log.
        assert {
            "youth_voice_youthinput",
            "youth_voice_inputevent",
            "youth_voice_contactdetails",
            "youth_voice_guardianrequest",
            "youth_voice_inputreport",
            "youth_voice_surveyanswer",
            "alliance_user",
            "alliance_historicalmembership",
            "alliance_securityevent",
            "alliance_notification",
            "account_emailaddress",
            "workgroups_historicalagendaitem",
            "django_session",
        } <= tables
        for table, column in columns:
            cursor.execute(
                f'SELECT "{column}"::text FROM "{table}" WHERE "{column}"::text ILIKE %s',  # noqa: S608
                [f"%{canaries.mark}%"],
            )
            for (value,) in cursor.fetchall():
                hits.setdefault(f"{table}.{column}", set()).update(canaries.found_in(value))
    for session in Session.objects.all():
        found = canaries.found_in(repr(session.get_decoded()))
        if found:
            hits.setdefault("django_session.session_data (decoded)", set()).update(found)
    return hits


def _decoded(value: bytes) -> str:
    """A Redis value as text, with queued task messages (JSON with a base64 body) decoded."""
    text = value.decode("utf-8", errors="replace")
    pieces = [text]

    def walk(node) -> None:
        if isinstance(node, dict):
            body = node.get("body")
            if isinstance(body, str):
                with suppress(ValueError):
                    pieces.append(base64.b64decode(body).decode("utf-8", errors="replace"))
            for child in node.values():
                walk(child)
        elif isinstance(node, list):
            for child in node:
                walk(child)
        elif isinstance(node, str) and node[:1] in "[{":
            with suppress(ValueError):
                walk(json.loads(node))

    with suppress(ValueError):
        walk(json.loads(text))
    return "\n".join(pieces)


def redis_dump() -> dict[str, str]:
    """Every key of the test's Redis database (the cache, the broker and the results) with
    its value as text."""
    client = redis.Redis.from_url(settings.REDIS_URL)
    dump = {}
    for key in client.scan_iter(count=500):
        kind = client.type(key).decode()
        if kind == "string":
            values = [client.get(key) or b""]
        elif kind == "hash":
            values = [k + b"=" + v for k, v in client.hgetall(key).items()]
        elif kind == "list":
            values = client.lrange(key, 0, -1)
        elif kind == "set":
            values = list(client.smembers(key))
        elif kind == "zset":
            values = client.zrange(key, 0, -1)
        else:
            values = []
        dump[key.decode("utf-8", errors="replace")] = "\n".join(_decoded(v) for v in values)
    return dump


def redis_hits(canaries: Canaries, dump: dict[str, str]) -> dict[str, set[str]]:
    hits = {}
    for key, value in dump.items():
        found = canaries.found_in(key) | canaries.found_in(value)
        if found:
            hits[key] = found
    return hits


class LogCollector(logging.Handler):
    """Every record of every logger, kept as the text a log shipper could see: the formatted
    line with its traceback, and every attribute of the record (the message, the arguments and
    each extra), apart, so a finding names the logger and the attribute."""

    def __init__(self) -> None:
        super().__init__(level=logging.DEBUG)
        self.setFormatter(logging.Formatter("%(levelname)s %(name)s %(message)s"))
        # Per record: its logger, and part -> text, a part being "line" or an attribute.
        self.lines: list[tuple[str, dict[str, str]]] = []
        self.records: list[logging.LogRecord] = []
        # Set by every_log_record: lower the levels again and reach new loggers.
        self.refresh: Callable[[], None] = lambda: None

    def handle(self, record: logging.LogRecord) -> bool:
        if any(seen is record for seen in self.records[-50:]):
            return False
        self.records.append(record)
        return super().handle(record)

    def emit(self, record: logging.LogRecord) -> None:
        # A record whose arguments cannot be shown any more (a deleted row) is still searched
        # for what can be shown: logging must never break the request.
        parts: dict[str, str] = {}
        shows = {"line": lambda: self.format(record)} | {
            attribute: lambda value=value: repr(value) for attribute, value in vars(record).items()
        }
        for part, show in shows.items():
            try:
                parts[part] = show()
            except Exception:  # noqa: S112 - see above
                continue
        self.lines.append((record.name, parts))

    def found(self, needles: dict[str, str]) -> dict[str, set[tuple[str, str]]]:
        """needle name -> the (logger, part) pairs whose text contains it."""
        found: dict[str, set[tuple[str, str]]] = {}
        for name, parts in self.lines:
            for part, text in parts.items():
                for label, needle in needles.items():
                    if needle and needle.lower() in text.lower():
                        found.setdefault(label, set()).add((name, part))
        return found


# Loggers the configuration holds at INFO whatever LOG_LEVEL says (config/settings.py LOGGING):
# at DEBUG, Django's template engine writes the whole context of a template with a missing
# variable (a receipt code, a private link, a young person's text) and Celery's pool every task
# message's body. That level is the control: the capture keeps it, and lowers every other logger.
PINNED_LOGGERS = ("django.template", "celery.pool")


def configured_level(name: str) -> int:
    """A pinned logger's level as settings.LOGGING sets it; no pin, or one below INFO, fails."""
    level = logging.getLevelName(settings.LOGGING["loggers"][name]["level"])
    assert isinstance(level, int) and level >= logging.INFO, (name, level)
    return level


@contextmanager
def every_log_record() -> Iterator[LogCollector]:
    """A DEBUG handler on every logger, each lowered to DEBUG (the pinned ones kept at their
    configured level, their children inheriting it), for the length of the block; levels and
    handlers are put back afterwards. `refresh()` does it again for what changed since (a worker
    sets up logging of its own when it starts, and decides then whether it logs the tasks it
    receives)."""
    collector = LogCollector()
    saved: dict[logging.Logger, tuple[int, bool]] = {}
    pinned = {name: configured_level(name) for name in PINNED_LOGGERS}

    def refresh() -> None:
        loggers = [logging.getLogger()] + [
            logger
            for logger in logging.root.manager.loggerDict.values()
            if isinstance(logger, logging.Logger)
        ]
        for logger in loggers:
            saved.setdefault(logger, (logger.level, logger.disabled))
            if logger.name in pinned:
                logger.setLevel(pinned[logger.name])
            elif any(logger.name.startswith(f"{name}.") for name in pinned):
                logger.setLevel(logging.NOTSET)
            else:
                logger.setLevel(logging.DEBUG)
            logger.disabled = False
            # Each logger gets the handler itself: a worker started earlier in this process
            # may have cut Celery's loggers off from the root (each record is kept once).
            if collector not in logger.handlers:
                logger.addHandler(collector)

    collector.refresh = refresh
    refresh()
    try:
        yield collector
    finally:
        for logger, (level, disabled) in saved.items():
            logger.removeHandler(collector)
            logger.setLevel(level)
            logger.disabled = disabled


class TaskTracker:
    """Counts the tasks published and finished, so a step can wait until the worker is idle."""

    def __init__(self) -> None:
        self.published: dict[str, str] = {}
        self.finished: set[str] = set()

    def on_publish(self, headers=None, **kwargs) -> None:
        if headers and headers.get("id"):
            self.published[headers["id"]] = headers.get("task", "")

    def on_postrun(self, task_id=None, **kwargs) -> None:
        self.finished.add(task_id)

    def drain(self, timeout: float = 60) -> None:
        deadline = time.monotonic() + timeout
        while waiting := {n for i, n in self.published.items() if i not in self.finished}:
            assert time.monotonic() < deadline, f"the worker did not run {waiting}"
            time.sleep(0.05)


# --- the world ------------------------------------------------------------------------------


@dataclass
class World:
    alliance: Alliance
    secretariat: User
    group: object
    meeting: Meeting
    focus_area: object
    area: Area
    activity: Activity
    canaries: Canaries
    logs: LogCollector
    tasks: TaskTracker
    secrets: dict[str, str] = field(default_factory=dict)

    def url(self, name: str, **kwargs) -> str:
        return reverse(
            f"youth_voice:{name}", kwargs={"alliance_slug": self.alliance.slug, **kwargs}
        )

    def staff(self) -> CsrfClient:
        """The secretariat, logged in through the login form with its password."""
        client = CsrfClient()
        response = client.post(
            LOGIN_URL, {"login": self.secretariat.email, "password": TEST_PASSWORD}
        )
        assert response.status_code == 302
        return client


@pytest.fixture
def world(transactional_db, monkeypatch) -> Iterator[World]:
    alliance = portal_alliance(consent_age=15)
    secretariat = UserFactory(full_name="Sanne Sekretariat")
    EmailAddress.objects.create(
        user=secretariat, email=secretariat.email, verified=True, primary=True
    )
    MembershipFactory(user=secretariat, alliance=alliance, role=Role.SECRETARIAT)
    group = WorkGroupFactory(alliance=alliance, name="Fællesskaber")
    group_member_add(group=group, user=secretariat, role=GroupRole.COORDINATOR)
    start = timezone.now() + datetime.timedelta(days=7)
    meeting = Meeting.objects.create(
        group=group,
        title="Gruppemøde",
        starts_at=start,
        ends_at=start + datetime.timedelta(hours=1),
    )
    activity = Activity.objects.create(
        alliance=alliance,
        group=group,
        title="Fredagsklub i hallen",
        starts_on=timezone.localdate() + datetime.timedelta(days=10),
        place="Hallen",
        is_public=True,
        status=ActivityStatus.PLANNED,
    )
    # Publishing starts afresh: no pause left by an earlier test's broker trouble, no broker
    # connection kept from an earlier test's worker.
    queue.broker_pause_reset()
    queue._connection_drop(celery_app)
    tracker = TaskTracker()
    signals.after_task_publish.connect(tracker.on_publish, weak=False)
    signals.task_postrun.connect(tracker.on_postrun, weak=False)
    root = logging.getLogger()
    root_handlers, root_level = list(root.handlers), root.level
    # Every task of the platform goes to this test's worker: nothing waits in a shared queue.
    for module in TASK_MODULES:
        importlib.import_module(module)
    tasks = [task for name, task in celery_app.tasks.items() if not name.startswith("celery.")]
    try:
        with every_log_record() as logs, real_worker(monkeypatch, tasks):
            logs.refresh()
            yield World(
                alliance=alliance,
                secretariat=secretariat,
                group=group,
                meeting=meeting,
                focus_area=FocusAreaFactory(alliance=alliance),
                area=Area.objects.create(alliance=alliance, name="Høng", position=1),
                activity=activity,
                canaries=Canaries(),
                logs=logs,
                tasks=tracker,
            )
            tracker.drain()
    finally:
        signals.after_task_publish.disconnect(tracker.on_publish)
        signals.task_postrun.disconnect(tracker.on_postrun)
        # The worker took over the root logger when it started: give it back.
        root.handlers[:] = root_handlers
        root.setLevel(root_level)


# --- the young person's steps ---------------------------------------------------------------


def send_input(world: World, client: CsrfClient, *, name: str, guardian: bool) -> tuple[str, str]:
    """Send an input with every field filled, an email for the answer and, below the consent
    age, a parent's or guardian's email; returns the receipt code and the private link token."""
    c = world.canaries
    data = {
        "kind": "feedback",
        "text": f"Mere plads i klubben {c.text(name)}",
        "focus_area": world.focus_area.pk,
        "activity": world.activity.pk,
        "area": world.area.pk,
        "age_band": "13-15" if guardian else "18-24",
        "wants_reply": "on",
        "email": c.email(f"{name}_contact"),
        "contact_consent": "on",
        "website": "",
    }
    if guardian:
        data |= {"is_of_age": "no", "guardian_email": c.email(f"{name}_guardian")}
    sent = client.post(world.url("input_create"), data)
    assert sent.status_code == 302, sent.content.decode()[:2000]
    thanks = client.get(world.url("input_thanks"))
    code = thanks.context["code"]
    world.secrets[f"receipt code {name}"] = code
    world.secrets[f"link token {name}"] = link_token(code)
    world.secrets[f"contact email {name}"] = c.email(f"{name}_contact")
    if guardian:
        world.secrets[f"guardian email {name}"] = c.email(f"{name}_guardian")
    # the moderators' round runs on the worker, as Beat starts it every minute
    moderators_notify_new_inputs_task.apply_async()
    world.tasks.drain()
    return code, link_token(code)


def guardian_token(world: World, name: str) -> str:
    """The link in the email to the parent or guardian of the input or account `name`."""
    world.tasks.drain()
    guardian_email = world.canaries.email(f"{name}_guardian")
    message = next(m for m in reversed(mail.outbox) if m.to == [guardian_email])
    token = re.search(r"/foraelder/([^/\s]+)/", message.body).group(1)
    world.secrets[f"guardian token {name}"] = token
    return token


def guardian_answers(world: World, token: str, answer: str) -> None:
    response = CsrfClient().post(world.url("guardian_confirm", token=token), {"answer": answer})
    assert response.status_code == 200
    world.tasks.drain()


def moderate_route_answer(
    world: World,
    staff: CsrfClient,
    youth_input: YouthInput,
    name: str,
    *,
    status: str = InputStatus.ANSWERED,
) -> None:
    """The secretariat publishes the masked text (with a sentence of its own), sends the input
    to a group with a note to the young person, puts it on a meeting's agenda and answers it."""
    c = world.canaries
    page = staff.get(world.url("moderate", pk=youth_input.pk))
    text = page.context["form"].initial["text"]
    assert c.text(name) in text  # the masking leaves the canary: it is no personal data
    published = staff.post(
        world.url("moderate", pk=youth_input.pk),
        {"action": "publish", "text": f"{text} {c.text(name + '_moderated')}", "checked": "on"},
    )
    assert published.status_code == 302
    routed = staff.post(
        world.url("route", pk=youth_input.pk),
        {"group": world.group.pk, "note": c.text(f"{name}_routenote")},
    )
    assert routed.status_code == 302
    on_agenda = staff.post(
        world.url("agenda_add", pk=youth_input.pk), {"meeting": world.meeting.pk}
    )
    assert on_agenda.status_code == 302
    answered = staff.post(
        world.url("answer", pk=youth_input.pk),
        {"status": status, "answer": c.text(f"{name}_answer")},
    )
    assert answered.status_code == 302
    world.tasks.drain()


def support_and_report(world: World, client: CsrfClient, youth_input: YouthInput, name: str):
    """Another young person (or the same one) supports and reports a published input."""
    supported = client.post(world.url("support", pk=youth_input.pk))
    assert supported.status_code == 302
    reported = client.post(
        world.url("report", pk=youth_input.pk), {"reason": world.canaries.text(f"{name}_report")}
    )
    assert reported.status_code == 302
    world.tasks.drain()


# --- the checks -----------------------------------------------------------------------------

# Where a log record may carry a private token: (logger, record attribute) -> the secrets
# allowed there. None: alliance.log_filters.PrivatePathFilter also drops the request that
# Django attaches to a "Not Found" record for a private link.
LEAKS: dict[tuple[str, str], tuple[str, ...]] = {}


def stored(world: World, *, mail_from: int) -> dict[str, set[str]]:
    """Every place outside the logs a canary is found: the database, Redis, and the emails
    sent after `mail_from`."""
    world.tasks.drain()
    c = world.canaries
    hits = {f"db:{where}": found for where, found in database_hits(c).items()}
    hits |= {f"redis:{key}": found for key, found in redis_hits(c, redis_dump()).items()}
    for message in mail.outbox[mail_from:]:
        found = c.found_in(f"{message.subject} {message.body} {message.to} {message.alternatives}")
        if found:
            hits.setdefault(f"mail:{message.subject}", set()).update(found)
    return hits


def agenda_copies(*names: str) -> dict[str, set[str]]:
    """What the agenda item of an input that stays holds: the secretariat put it on a meeting's
    agenda, the title quoting the start of the published text, the description all of it, and
    the item's history the same (youth_voice/services_routing.py input_agenda_add). An erased
    input's item holds none of it."""
    published = {f"text:{n}" for n in names} | {f"text:{n}_moderated" for n in names}
    title = {f"text:{n}" for n in names}
    return {
        "db:workgroups_agendaitem.description": published,
        "db:workgroups_agendaitem.title": title,
        "db:workgroups_historicalagendaitem.description": published,
        "db:workgroups_historicalagendaitem.title": title,
    }


def assert_logs_clean(world: World) -> None:
    """No canary in any log record, and no password, receipt code, private link token,
    guardian token, login code or contact email, at any level, outside LEAKS."""
    c = world.canaries
    canaries: dict[tuple[str, str], set[str]] = {}
    for name, parts in world.logs.lines:
        for part, text in parts.items():
            if found := c.found_in(text):
                canaries.setdefault((name, part), set()).update(found)
    assert canaries == {}
    needles = {"password": TEST_PASSWORD, **world.secrets}
    secrets = {
        label: sorted(place for place in places if not label.startswith(LEAKS.get(place, ())))
        for label, places in world.logs.found(needles).items()
    }
    assert {label: places for label, places in secrets.items() if places} == {}
    # The capture saw the whole flow: the requests, the worker and the security log.
    names = {name for name, _parts in world.logs.lines}
    assert {"alliance.services.security_events", "celery.worker.strategy"} <= names


def assert_erasure_recorded(world: World, *, via: str, inputs_erased: int) -> None:
    """The security log has the erasure, naming neither the person nor their address."""
    event = SecurityEvent.objects.filter(kind=SecurityEventKind.ERASURE).latest("created_at")
    assert event.alliance_id == world.alliance.pk
    assert (event.user_id, event.subject_id, event.ip_address) == (None, None, None)
    assert event.details == {"via": via, "inputs_erased": inputs_erased}


def api_client(world: World, staff: CsrfClient):
    """A new API key made on its page; returns a function that reads the published youth
    inputs with it."""
    page = reverse("api_tokens:list", kwargs={"alliance_slug": world.alliance.slug})
    assert staff.post(page, {"name": "Power BI"}).status_code == 302
    raw = staff.get(page).context["new_token"]["raw"]
    world.secrets["api token"] = raw
    inputs = reverse("api:youth_input_list", kwargs={"alliance_slug": world.alliance.slug})

    def read():
        response = CsrfClient().get(inputs, headers={"Authorization": f"Bearer {raw}"})
        assert response.status_code == 200
        return response

    return read


# --- erasing from the follow page -----------------------------------------------------------


def test_erasing_from_the_follow_page_removes_the_input_everywhere(world):
    c = world.canaries
    young, other = CsrfClient(), CsrfClient()
    staff = world.staff()
    # given an input with the young person's email, confirmed by a parent
    code, token = send_input(world, young, name="follow", guardian=True)
    guardian_answers(world, guardian_token(world, "follow"), "give")
    youth_input = YouthInput.objects.get(alliance=world.alliance)
    assert Consent.objects.get(input=youth_input).status == ConsentStatus.GIVEN
    # moderated, sent to a group, put on an agenda and answered; supported and reported
    moderate_route_answer(world, staff, youth_input, "follow")
    support_and_report(world, other, youth_input, "follow")
    # the young person follows it with the code and downloads it
    assert young.post(world.url("follow"), {"code": code}).status_code == 302
    exported = young.get(world.url("follow_export", token=token))
    assert c.email("follow_contact") in exported.content.decode()
    # the secretariat makes an API key and reads the published inputs with it
    api = api_client(world, staff)
    assert c.text("follow_moderated") in api().content.decode()
    before = stored(world, mail_from=0)
    assert before["db:youth_voice_youthinput.text"] == {"text:follow"}
    assert before["db:youth_voice_contactdetails.email"] == {"email:follow_contact"}
    assert before["db:youth_voice_inputreport.reason"] == {"text:follow_report"}
    assert before["db:workgroups_agendaitem.description"] == {
        "text:follow",
        "text:follow_moderated",
    }
    youth_input.refresh_from_db()
    agenda_item = youth_input.agenda_item
    assert agenda_item is not None
    sent_before = len(mail.outbox)

    # when the young person erases it from the follow page
    erased = young.post(world.url("follow_erase", token=token))
    gone = young.get(world.url("follow_link", token=token))

    # then the input, its text, the notes and the answer to it, the report on it, the words on
    # the meeting's agenda and the email are gone from every table, Redis and the later emails;
    # the agenda item stays on the meeting
    assert erased.status_code == 200
    assert gone.status_code == 404
    assert c.mark not in api().content.decode()
    assert stored(world, mail_from=sent_before) == {}
    agenda_item.refresh_from_db()
    assert agenda_item.meeting_id == world.meeting.pk
    assert agenda_item.history.count() >= 1
    assert_erasure_recorded(world, via="receipt", inputs_erased=1)
    assert_logs_clean(world)


# --- erasing an account ---------------------------------------------------------------------


def log_in_by_code(world: World, client: CsrfClient, email: str) -> None:
    """Allauth's login by an emailed code, on to "Mine data"."""
    login_url = reverse("account_request_login_code") + "?next=" + world.url("my_data")
    sent = client.post(login_url, {"email": email})
    assert sent.status_code == 302
    body = next(m for m in reversed(mail.outbox) if m.to == [email]).body
    login_code = re.search(r"^\s*([A-Z0-9]{4}-[A-Z0-9]{4})\s*$", body, re.MULTILINE).group(1)
    world.secrets["login code"] = login_code
    confirmed = client.post(sent["Location"], {"code": login_code})
    assert confirmed.status_code == 302


def answer_survey_and_health_check(world: World, client: CsrfClient) -> None:
    """The pulse survey's free text and the health check's comment, both anonymous."""
    c = world.canaries
    survey = Survey.objects.create(
        alliance=world.alliance, title="Bliver du hørt?", status=SurveyStatus.OPEN
    )
    question = Question.objects.create(
        survey=survey, position=1, kind=QuestionKind.TEXT, text="Hvad mere?", required=False
    )
    answered = client.post(
        world.url("survey_answer", pk=survey.pk),
        {f"q{question.pk}": c.text("survey"), "age_band": "18-24"},
    )
    assert answered.status_code == 302
    health_round = HealthCheckRound.objects.create(
        alliance=world.alliance,
        title="Sundhedstjek",
        opened_at=timezone.now(),
        closes_on=timezone.localdate() + datetime.timedelta(days=14),
    )
    scores = {f"statement_{statement.key}": "3" for statement in STATEMENTS}
    checked = client.post(
        reverse(
            "backbone:health_check_answer",
            kwargs={"alliance_slug": world.alliance.slug, "pk": health_round.pk},
        ),
        {**scores, "comment": c.text("healthcheck")},
    )
    assert checked.status_code == 302


def test_erasing_an_account_leaves_only_what_was_never_tied_to_the_person(world):
    c = world.canaries
    young, other = CsrfClient(), CsrfClient()
    staff = world.staff()
    account_email = c.email("account")
    world.secrets["account email"] = account_email
    # given an input sent before the account existed, and someone else's published input
    code, _token = send_input(world, young, name="before", guardian=False)
    send_input(world, other, name="other", guardian=False)
    others = YouthInput.objects.get(text__contains=c.text("other"))
    moderate_route_answer(world, staff, others, "other")
    # the young person makes an account and logs in with a code sent by email
    created = young.post(
        world.url("account_create"),
        {"email": account_email, "age_band": "18-24", "consent": "on"},
    )
    assert created.status_code == 200
    log_in_by_code(world, young, account_email)
    # and on a second device, where they stay logged in
    log_in_by_code(world, CsrfClient(), account_email)
    # sends an input while logged in, keeps the earlier one with the account
    send_input(world, young, name="mine", guardian=False)
    assert young.post(world.url("my_data_claim"), {"code": code}).status_code == 302
    mine = YouthInput.objects.filter(user__email=account_email)
    assert mine.count() == 2
    for name in ("before", "mine"):
        moderate_route_answer(world, staff, mine.get(text__contains=c.text(name)), name)
    # supports and reports the other input, answers a survey and the health check
    support_and_report(world, young, others, "account")
    answer_survey_and_health_check(world, young)
    exported = young.get(world.url("my_data_export"))
    assert account_email in exported.content.decode()
    assert stored(world, mail_from=0)["db:youth_voice_inputreport.reason"] == {
        "text:account_report"
    }
    sent_before = len(mail.outbox)

    # when the young person erases everything from "Mine data"
    erased = young.post(world.url("my_data_erase"))
    after = young.get(world.url("my_data"))

    # then the account, both inputs with their notes and answers, the emails, the login and
    # the report they wrote on the other input are gone
    assert erased.status_code == 200
    assert after.status_code == 302  # logged out
    assert not User.objects.filter(email=account_email).exists()
    assert stored(world, mail_from=sent_before) == {
        # Never tied to the person, so nothing can find them again to erase them: the survey's
        # free text and the health check's comment are stored without person, device or time
        # (youth_voice.SurveyAnswer, backbone.HealthCheckResponse).
        "db:youth_voice_surveyanswer.text": {"text:survey"},
        "db:backbone_healthcheckresponse.comment": {"text:healthcheck"},
        # The other young person's input is theirs, and stays.
        "db:youth_voice_youthinput.text": {"text:other"},
        "db:youth_voice_youthinput.published_text": {"text:other", "text:other_moderated"},
        "db:youth_voice_youthinput.answer": {"text:other_answer"},
        "db:youth_voice_inputevent.note": {"text:other_routenote", "text:other_answer"},
        "db:youth_voice_contactdetails.email": {"email:other_contact"},
        **agenda_copies("other"),
    }
    assert_erasure_recorded(world, via="account", inputs_erased=2)
    assert_logs_clean(world)


# --- consent withdrawn, refused, expired ----------------------------------------------------


def test_withdrawing_consent_on_the_follow_page_deletes_the_email_everywhere(world):
    young = CsrfClient()
    staff = world.staff()
    _code, token = send_input(world, young, name="withdrawn", guardian=False)
    youth_input = YouthInput.objects.get(alliance=world.alliance)

    withdrawn = young.post(world.url("follow_consent_withdraw", token=token))
    sent_before = len(mail.outbox)
    # the input goes on its way: no email may go to the address any more
    moderate_route_answer(world, staff, youth_input, "withdrawn")

    # the email is gone; the input stays, as the follow page says
    assert withdrawn.status_code == 302
    assert Consent.objects.get(input=youth_input).status == ConsentStatus.WITHDRAWN
    hits = stored(world, mail_from=sent_before)
    assert hits == {
        "db:youth_voice_youthinput.text": {"text:withdrawn"},
        "db:youth_voice_youthinput.published_text": {"text:withdrawn", "text:withdrawn_moderated"},
        "db:youth_voice_youthinput.answer": {"text:withdrawn_answer"},
        "db:youth_voice_inputevent.note": {"text:withdrawn_routenote", "text:withdrawn_answer"},
        **agenda_copies("withdrawn"),
    }
    assert_logs_clean(world)


def test_withdrawing_consent_in_my_data_deletes_the_email_everywhere(world):
    c = world.canaries
    young = CsrfClient()
    account_email = c.email("holder")
    world.secrets["account email"] = account_email
    created = young.post(
        world.url("account_create"),
        {"email": account_email, "age_band": "18-24", "consent": "on"},
    )
    assert created.status_code == 200
    log_in_by_code(world, young, account_email)
    send_input(world, young, name="held", guardian=False)
    consent = Consent.objects.get(input__user__email=account_email)
    sent_before = len(mail.outbox)

    withdrawn = young.post(world.url("my_consent_withdraw", pk=consent.pk))

    # the contact email is gone; the account and the input stay, as "Mine data" says
    assert withdrawn.status_code == 302
    assert stored(world, mail_from=sent_before) == {
        "db:youth_voice_youthinput.text": {"text:held"},
        "db:alliance_user.email": {"email:holder"},
        "db:account_emailaddress.email": {"email:holder"},
        # allauth keeps how the person logged in (the address the code went to) in the
        # session while they are logged in
        "db:django_session.session_data (decoded)": {"email:holder"},
    }
    assert_logs_clean(world)


def account_waiting_for_guardian(world: World, client: CsrfClient, name: str) -> None:
    """An account made below the consent age: inactive until a parent or guardian says yes."""
    c = world.canaries
    world.secrets[f"account email {name}"] = c.email(name)
    world.secrets[f"guardian email {name}"] = c.email(f"{name}_guardian")
    created = client.post(
        world.url("account_create"),
        {
            "email": c.email(name),
            "age_band": "13-15",
            "is_above_consent_age": "no",
            "guardian_email": c.email(f"{name}_guardian"),
            "consent": "on",
        },
    )
    assert created.status_code == 200
    assert not User.objects.get(email=c.email(name)).is_active


def test_a_guardian_who_says_no_leaves_neither_address(world):
    c = world.canaries
    young, account_client = CsrfClient(), CsrfClient()
    # an input below the consent age, and an account below the consent age
    send_input(world, young, name="refused", guardian=True)
    account_waiting_for_guardian(world, account_client, "refused_account")
    tokens = [guardian_token(world, "refused"), guardian_token(world, "refused_account")]
    sent_before = len(mail.outbox)

    for token in tokens:
        guardian_answers(world, token, "refuse")

    # both guardians' addresses and the young person's contact email are gone; the input stays
    # without an address, as the guardian's page says
    assert not GuardianRequest.objects.exists()
    assert not ContactDetails.objects.exists()
    assert set(Consent.objects.values_list("status", flat=True)) == {ConsentStatus.WITHDRAWN}
    # the account the guardian said no to was never usable: it is erased with its email
    assert not User.objects.filter(email__iexact=c.email("refused_account")).exists()
    assert_erasure_recorded(world, via="account", inputs_erased=0)
    assert stored(world, mail_from=sent_before) == {
        "db:youth_voice_youthinput.text": {"text:refused"},
    }
    assert_logs_clean(world)


def test_the_nightly_sweep_deletes_expired_and_closed_contact_details(world):
    young, other, third = CsrfClient(), CsrfClient(), CsrfClient()
    staff = world.staff()
    send_input(world, young, name="expired", guardian=False)
    send_input(world, other, name="unanswered", guardian=True)
    account_waiting_for_guardian(world, CsrfClient(), "unanswered_account")
    guardian_token(world, "unanswered_account")  # the guardian got the link, and never answers
    send_input(world, third, name="closed", guardian=False)
    closed = YouthInput.objects.get(text__contains=world.canaries.text("closed"))
    moderate_route_answer(world, staff, closed, "closed", status=InputStatus.DONE)
    # the retention period and the guardian's seven days run out
    past = timezone.now() - datetime.timedelta(minutes=1)
    ContactDetails.objects.update(delete_after=past)
    GuardianRequest.objects.update(expires_at=past)
    sent_before = len(mail.outbox)

    # the nightly task runs on the worker, as beat starts it
    contact_details_expire_task.apply_async()
    world.tasks.drain()

    # the contact details, the guardians' requests and the account no guardian answered for
    assert not ContactDetails.objects.exists()
    assert not GuardianRequest.objects.exists()
    assert not User.objects.filter(
        email__iexact=world.canaries.email("unanswered_account")
    ).exists()
    assert_erasure_recorded(world, via="account", inputs_erased=0)
    hits = stored(world, mail_from=sent_before)
    assert hits == {
        "db:youth_voice_youthinput.text": {"text:expired", "text:unanswered", "text:closed"},
        "db:youth_voice_youthinput.published_text": {"text:closed", "text:closed_moderated"},
        "db:youth_voice_youthinput.answer": {"text:closed_answer"},
        "db:youth_voice_inputevent.note": {"text:closed_routenote", "text:closed_answer"},
        **agenda_copies("closed"),
    }
    assert_logs_clean(world)
