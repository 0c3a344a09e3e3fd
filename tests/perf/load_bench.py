"""The platform under a bounded load: gunicorn serving the demo alliance from the real
PostgreSQL and Redis, driven by wrk on 127.0.0.1 (issue 9's load figures).

Scenarios, each run by wrk for BENCH_LOAD_SECONDS (8) with BENCH_LOAD_CONNECTIONS (8)
connections, against the same gunicorn; each page runs right after its floor, in
BENCH_LOAD_ROUNDS (3) rounds, and the ratios are the median round's. The dashboard and its
floor run for BENCH_LOAD_DASHBOARD_SECONDS (20) each: at about ten pages a second, eight
seconds would rest their 95th percentile on the slowest four or five requests.
- dashboard: a steering group member reads the measurement dashboard;
- dashboard_floor: the dashboard's template rendered from its real context held in memory
  (tests/perf/load_urls.py), with the same session: the page's floor;
- youth: anonymous youth inputs sent through the portal's form (CSRF, validation, rate limits
  per browser and per IP counted in Redis, receipt code, status event; the moderators are told
  by a round a minute, youth_voice.notifications_moderation);
- form_floor: a plain ModelForm of the same model saving one row: the inputs' floor;
- entry: a coordinator saving a figure as a draft through the entry form;
- mixed: half dashboard reads, a quarter youth inputs, a quarter figures entered.

Printed per scenario: requests per second, the median and 95th percentile latency, and the
errors; then the dashboard's p95 against its floor's (goal <= 1.5x) and the youth inputs'
throughput against the minimal form's (goal >= 0.5x), and 0 errors in all. An error is a
socket error (connect, read, write, timeout), a status outside 2xx/3xx, or an answer that is
not the scenario's success: a page is a 200; a post is a 302 to where a saved post leads (the
thank-you page, the reporting overview, the form itself). A 302 to the login page is an error.

Gunicorn: sync workers, 2 per core (BENCH_LOAD_WORKERS). Sync workers run one request each in
its own process, as the platform's views are CPU-bound Python under the GIL; the second worker
per core covers the time one waits on PostgreSQL or Redis. wrk, PostgreSQL and Redis share the
same cores, so the figures are the machine's, compared only with the floors of the same run.

Needs wrk (`apt-get install -y wrk`) and PostgreSQL; Redis from REDIS_URL (else the local one,
database 0); the run's keys there carry a prefix of their own and are deleted at the end
(tests/perf/load_settings.py). Add `bench_load` to BENCHMARKS in tests/perf/run.py (last: it
leaves the inputs it sent in the benchmark's database).
"""

from __future__ import annotations

import http.client
import json
import os
import shutil
import socket
import subprocess
import sys
import tempfile
import time
from dataclasses import dataclass
from http.cookies import SimpleCookie
from pathlib import Path
from urllib.parse import quote, urlencode

import redis
from django.conf import settings
from django.core.management import call_command
from django.db import connection
from django.test import Client
from django.utils import timezone

SLUG = "kalundborg"
PASSWORD = "Kalundborg-demo-2026"  # the published demo password
SECONDS = int(os.environ.get("BENCH_LOAD_SECONDS", 8))
DASHBOARD_SECONDS = int(os.environ.get("BENCH_LOAD_DASHBOARD_SECONDS", 20))
# Each page and its floor run in turn this many times; the ratios are the median round's, so a
# burst of other work on the machine during one run does not decide the figure.
ROUNDS = int(os.environ.get("BENCH_LOAD_ROUNDS", 3))
CONNECTIONS = int(os.environ.get("BENCH_LOAD_CONNECTIONS", 8))
WORKERS = int(os.environ.get("BENCH_LOAD_WORKERS", 2 * (os.cpu_count() or 1)))
ENTRY_TARGETS = 8
PERF_DIR = Path(__file__).resolve().parent
LUA = PERF_DIR / "load_wrk.lua"
DEFAULT_REDIS_URL = "redis://127.0.0.1:6379/0"
# What each scenario's answers must be (see load_wrk.lua's response()).
EXPECTED = {
    "dashboard": {"page"},
    "dashboard_floor": {"page"},
    "youth": {"youth"},
    "form_floor": {"form"},
    "entry": {"entry"},
    "mixed": {"page", "youth", "entry"},
}


@dataclass
class Run:
    """One wrk run, as its done() printed it."""

    scenario: str
    seconds: float
    requests: int
    p50_ms: float
    p95_ms: float
    socket_errors: dict
    status_errors: int
    kinds: dict

    @property
    def rps(self) -> float:
        return self.requests / self.seconds

    @property
    def unexpected(self) -> int:
        """Answers that are not this scenario's success (a 302 to the login page, say)."""
        return sum(n for kind, n in self.kinds.items() if kind not in EXPECTED[self.scenario])

    @property
    def errors(self) -> int:
        # A status outside 2xx/3xx is also an "other" kind: count it once.
        return sum(self.socket_errors.values()) + self.unexpected


class Server:
    """The gunicorn under load, on 127.0.0.1."""

    def __init__(self, *, database_url: str, redis_url: str, port: int) -> None:
        self.port = port
        self.log_fd, log_path = tempfile.mkstemp(prefix="bench-load-gunicorn-", suffix=".log")
        self.log = Path(log_path)
        env = {
            **os.environ,
            "DJANGO_SETTINGS_MODULE": "tests.perf.load_settings",
            "DATABASE_URL": database_url,
            "REDIS_URL": redis_url,
            "DEBUG": "false",
        }
        self.process = subprocess.Popen(
            [
                sys.executable,
                "-m",
                "gunicorn",
                "config.wsgi:application",
                f"--bind=127.0.0.1:{port}",
                f"--workers={WORKERS}",
                "--worker-class=sync",
                "--timeout=60",
                "--log-level=warning",
                "--error-logfile=-",
            ],
            cwd=settings.BASE_DIR,
            env=env,
            stdout=self.log_fd,
            stderr=subprocess.STDOUT,
        )

    def wait_ready(self, timeout: float = 60) -> None:
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            if self.process.poll() is not None:
                raise RuntimeError(f"gunicorn exited ({self.process.returncode}):\n{self.tail()}")
            try:
                if self.request("GET", "/privacy/").status == 200:
                    return
            except OSError:
                pass
            time.sleep(0.2)
        raise RuntimeError(f"gunicorn did not answer within {timeout:.0f} s:\n{self.tail()}")

    def request(
        self, method: str, path: str, *, cookies: dict | None = None, data: dict | None = None
    ) -> http.client.HTTPResponse:
        """One request, redirects not followed; the body is read."""
        headers = {}
        if cookies:
            headers["Cookie"] = "; ".join(f"{k}={v}" for k, v in cookies.items())
        body = None
        if data is not None:
            body = urlencode(data)
            headers["Content-Type"] = "application/x-www-form-urlencoded"
        client = http.client.HTTPConnection("127.0.0.1", self.port, timeout=60)
        try:
            client.request(method, path, body=body, headers=headers)
            response = client.getresponse()
            response.text = response.read().decode("utf-8", "replace")
            return response
        finally:
            client.close()

    def tail(self) -> str:
        return self.log.read_text(errors="replace")[-3000:]

    def stop(self) -> None:
        if self.process.poll() is None:
            self.process.terminate()
            try:
                self.process.wait(timeout=30)
            except subprocess.TimeoutExpired:
                self.process.kill()
                self.process.wait()
        os.close(self.log_fd)
        self.log.unlink(missing_ok=True)


def bench_load() -> list:
    """The load figures; nothing without PostgreSQL. Fails when wrk or Redis is missing."""
    if connection.vendor != "postgresql":
        print("load benchmark skipped: it needs PostgreSQL")
        return []
    wrk = shutil.which("wrk")
    if wrk is None:
        raise RuntimeError(
            "The load benchmark needs wrk, which is not installed. "
            "Install it with `apt-get install -y wrk` (Debian/Ubuntu) or `brew install wrk`."
        )
    redis_url = os.environ.get("REDIS_URL") or DEFAULT_REDIS_URL
    store = redis.Redis.from_url(redis_url, socket_connect_timeout=2)
    try:
        store.ping()
    except redis.RedisError as error:
        raise RuntimeError(f"The load benchmark needs Redis at {redis_url}: {error}") from None

    from alliance.models import Alliance

    if not Alliance.objects.filter(slug=SLUG).exists():
        call_command("seed_demo", allow_demo_users=True, quiet=True)
    port = int(os.environ.get("BENCH_LOAD_PORT") or _free_port())
    server = Server(database_url=_database_url(), redis_url=redis_url, port=port)
    try:
        server.wait_ready()
        env = _prepare(server)
        for scenario, seconds in (("mixed", 3), ("dashboard_floor", 1), ("form_floor", 1)):
            _wrk(wrk, port, scenario, env, seconds=seconds)  # warm-up, not counted
        rounds = []
        for _ in range(ROUNDS):
            pairs = ("dashboard_floor", "dashboard", "form_floor", "youth")
            rounds.append(
                {
                    name: _wrk(
                        wrk,
                        port,
                        name,
                        env,
                        seconds=DASHBOARD_SECONDS if name.startswith("dashboard") else SECONDS,
                    )
                    for name in pairs
                }
            )
        runs = _median_round(rounds)
        for scenario in ("entry", "mixed"):
            runs[scenario] = _wrk(wrk, port, scenario, env, seconds=SECONDS)
        counted = _rate_limit_count(store)
        every_run = [run for one in rounds for run in one.values()]
        errors = sum(run.errors for run in [*every_run, runs["entry"], runs["mixed"]])
    except Exception:
        print(f"gunicorn's log:\n{server.tail()}")
        raise
    finally:
        server.stop()
        _clean(store)
    return _figures(runs, counted, errors)


# ---------------------------------------------------------------------------
# Preparing the run
# ---------------------------------------------------------------------------


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def _database_url() -> str:
    """The URL of the benchmark's database (the test database run.py created)."""
    db = connection.settings_dict
    credentials = quote(db["USER"] or "", safe="")
    if db["PASSWORD"]:
        credentials += ":" + quote(db["PASSWORD"], safe="")
    host = f"{db['HOST'] or '127.0.0.1'}:{db['PORT'] or 5432}"
    return f"postgres://{credentials}@{host}/{quote(db['NAME'], safe='')}"


def _session(email: str) -> str:
    """A logged-in session in the database, which the server reads like any other."""
    client = Client()
    assert client.login(email=email, password=PASSWORD), email
    return client.cookies[settings.SESSION_COOKIE_NAME].value


def _prepare(server: Server) -> dict:
    """Sessions, the CSRF cookie and the entry forms for wrk; each request checked once."""
    steering = _session("steering@example.org")
    coordinator = _session("coordinator@example.org")
    form = server.request("GET", f"/{SLUG}/ung/send/")
    assert form.status == 200, form.status
    cookies = SimpleCookie()
    for header in form.headers.get_all("Set-Cookie") or []:
        cookies.load(header)
    csrf = cookies[settings.CSRF_COOKIE_NAME].value
    targets = _entry_targets(server, coordinator, csrf)
    env = {
        "LOAD_SLUG": SLUG,
        "LOAD_STEERING": steering,
        "LOAD_COORDINATOR": coordinator,
        "LOAD_CSRF": csrf,
        "LOAD_ENTRY_TARGETS": ";".join("|".join(map(str, target)) for target in targets),
    }
    for path in (f"/{SLUG}/measurement/", f"/bench-floor/{SLUG}/dashboard/"):
        page = server.request("GET", path, cookies={"sessionid": steering})
        assert page.status == 200, (path, page.status)
    for path, goes_to in ((f"/{SLUG}/ung/send/", "/ung/tak/"), (f"/bench-floor/{SLUG}/form/", "")):
        sent = server.request(
            "POST",
            path,
            cookies={settings.CSRF_COOKIE_NAME: csrf},
            data={"csrfmiddlewaretoken": csrf, "kind": "idea", "text": "Et forsøg.", "website": ""},
        )
        assert sent.status == 302 and goes_to in sent.headers["Location"], (path, sent.status)
    return env


def _entry_targets(server: Server, coordinator: str, csrf: str) -> list[tuple[str, str, int]]:
    """Up to ENTRY_TARGETS entry forms (indicator, period, organisation) the coordinator may
    save a draft in: each tried once with a real post, kept when it leads to the overview."""
    from alliance.models import Membership
    from measurement.importing import default_organisation, periods_to_offer
    from measurement.models import Aggregation
    from measurement.periods import period_code
    from measurement.selectors_entry import reportable_indicators_for_template

    membership = Membership.objects.active().get(
        user__email="coordinator@example.org", alliance__slug=SLUG
    )
    today = timezone.localdate()
    targets = []
    tried = 0
    for indicator in reportable_indicators_for_template(membership):
        if indicator.aggregation == Aggregation.RATIO:
            continue
        organisation = default_organisation(membership, indicator)
        if organisation is None:
            continue
        path = f"/{SLUG}/measurement/report/{indicator.pk}/"
        for period in periods_to_offer(indicator.frequency, today)[:3]:
            code = period_code(indicator.frequency, period)
            tried += 1
            saved = server.request(
                "POST",
                path,
                cookies={"sessionid": coordinator, settings.CSRF_COOKIE_NAME: csrf},
                data={
                    "csrfmiddlewaretoken": csrf,
                    "period": code,
                    "organisation": organisation.pk,
                    "total-value": "17",
                    "comment": "",
                    "action": "save",
                },
            )
            if saved.status == 302 and "/measurement/report/" in saved.headers["Location"]:
                targets.append((path, code, organisation.pk))
                break
        if len(targets) == ENTRY_TARGETS:
            break
    if not targets:
        raise RuntimeError(f"No entry form of the coordinator took a draft ({tried} tried).")
    return targets


# ---------------------------------------------------------------------------
# Running wrk
# ---------------------------------------------------------------------------


def _wrk(wrk: str, port: int, scenario: str, env: dict, *, seconds: int) -> Run:
    threads = min(2, CONNECTIONS)
    result = subprocess.run(
        [
            wrk,
            f"--threads={threads}",
            f"--connections={CONNECTIONS}",
            f"--duration={seconds}s",
            "--timeout=10s",
            f"--script={LUA}",
            f"http://127.0.0.1:{port}",
        ],
        env={**os.environ, **env, "LOAD_SCENARIO": scenario},
        capture_output=True,
        text=True,
        timeout=seconds + 60,
        check=False,
    )
    line = next(
        (line for line in result.stdout.splitlines() if line.startswith("LOAD_JSON ")), None
    )
    if result.returncode != 0 or line is None:
        raise RuntimeError(f"wrk failed on {scenario}:\n{result.stdout}\n{result.stderr}")
    data = json.loads(line.removeprefix("LOAD_JSON "))
    errors = data["errors"]
    return Run(
        scenario=scenario,
        seconds=data["duration_us"] / 1e6,
        requests=data["requests"],
        p50_ms=data["p50_us"] / 1000,
        p95_ms=data["p95_us"] / 1000,
        socket_errors={k: errors[k] for k in ("connect", "read", "write", "timeout")},
        status_errors=errors["status"],
        kinds=data["kinds"],
    )


# ---------------------------------------------------------------------------
# Redis: the rate limiter's counts, and cleaning up
# ---------------------------------------------------------------------------


def _bench_prefix() -> str:
    from tests.perf import load_settings

    return load_settings.BENCH_KEY_PREFIX


def _rate_limit_count(store: redis.Redis) -> int:
    """The highest count among the youth portal's rate-limit counters the run left in Redis:
    the IP's counter of the last minute, proof the limiter ran and counted."""
    counts = [
        int(value)
        for key in store.scan_iter(f"{_bench_prefix()}:*:rl:youth:*", count=1000)
        if (value := store.get(key)) is not None and value.isdigit()
    ]
    return max(counts, default=0)


def _clean(store: redis.Redis) -> None:
    """Delete the run's cache keys and its queue of tasks nobody will run."""
    prefix = _bench_prefix()
    keys = [
        *store.scan_iter(f"{prefix}:*", count=1000),
        *store.scan_iter(f"_kombu.binding*.{prefix}", count=1000),
        prefix,
    ]
    for start in range(0, len(keys), 1000):
        store.delete(*keys[start : start + 1000])


# ---------------------------------------------------------------------------
# The figures
# ---------------------------------------------------------------------------


def _median_round(rounds: list[dict[str, Run]]) -> dict[str, Run]:
    """Per pair (a page and its floor), the round whose ratio is the median; every round is
    printed."""
    chosen: dict[str, Run] = {}
    for page, floor, ratio in (
        (
            "dashboard",
            "dashboard_floor",
            lambda r: r["dashboard"].p95_ms / r["dashboard_floor"].p95_ms,
        ),
        ("youth", "form_floor", lambda r: r["youth"].rps / r["form_floor"].rps),
    ):
        ordered = sorted(rounds, key=ratio)
        for number, one in enumerate(rounds, start=1):
            print(f"load round {number}: {page} against {floor}: {ratio(one):.2f}x")
        median = ordered[len(ordered) // 2]
        chosen[floor], chosen[page] = median[floor], median[page]
    return chosen


def _figures(runs: dict[str, Run], counted: int, errors: int) -> list:
    """The figures of the chosen runs; `errors` counts every run, the rounds not chosen too."""
    from tests.perf.run import Figure

    for run in runs.values():
        kinds = ", ".join(f"{kind} {n}" for kind, n in run.kinds.items() if n)
        sockets = sum(run.socket_errors.values())
        print(
            f"load {run.scenario}: {run.rps:.1f} requests/s, p50 {run.p50_ms:.0f} ms, "
            f"p95 {run.p95_ms:.0f} ms; {run.requests} requests ({kinds}); "
            f"errors {run.errors} (status {run.status_errors}, sockets {sockets})"
        )
    figures = []
    for run in runs.values():
        figures += [
            Figure(f"load_{run.scenario}_rps", round(run.rps, 1), "req/s", "(the figure)", True),
            Figure(f"load_{run.scenario}_p50_ms", round(run.p50_ms), "ms", "(the figure)", True),
            Figure(f"load_{run.scenario}_p95_ms", round(run.p95_ms), "ms", "(the figure)", True),
        ]
    dashboard = runs["dashboard"].p95_ms / runs["dashboard_floor"].p95_ms
    youth = runs["youth"].rps / runs["form_floor"].rps
    return [
        *figures,
        Figure(
            "load_dashboard_p95_vs_floor",
            round(dashboard, 2),
            "x",
            "<= 1.5x the p95 of its template rendered from a context in memory",
            dashboard <= 1.5,
        ),
        Figure(
            "load_youth_rps_vs_form_floor",
            round(youth, 2),
            "x",
            ">= 0.5x the throughput of a minimal ModelForm saving one row",
            youth >= 0.5,
        ),
        Figure(
            "load_errors",
            errors,
            "errors",
            "0: no socket error, no status outside 2xx/3xx, every post saved",
            errors == 0,
        ),
        Figure(
            "load_youth_rate_limit_count",
            counted,
            "posts",
            "> 0: the youth portal's rate limiter counted the posts in Redis",
            counted > 0,
        ),
    ]
