"""PostgreSQL restarted under traffic: the platform serves again within 5 seconds of the
database, with no error after that, and /health/ answers 503 (quickly, never 200) while the
database is down. Restarted while nobody asks for a page, not even the first request after it
fails on a connection left from before.

Everything is real and the tests' own: a PostgreSQL cluster in a temporary directory, migrated
and seeded with the demo by `manage.py` as a deployment would, and the platform under gunicorn
(2 workers of 4 threads) with the production-like settings of the test suite (DEBUG off,
persistent connections with health checks: CONN_MAX_AGE and CONN_HEALTH_CHECKS). Threads
request public pages, the youth portal, /health/ and a signed-in member's dashboard without
pause. The two tests share the cluster and the server (setting them up is most of the time).
"""

from __future__ import annotations

import http.cookiejar
import os
import re
import subprocess
import sys
import tempfile
import threading
import time
import urllib.error
import urllib.parse
import urllib.request
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from pathlib import Path

import pytest

from tests.ops.local_services import (
    ROOT,
    PostgresCluster,
    free_port,
    postgres_cluster,
    stop_process,
    wait_for,
)

pytestmark = pytest.mark.xdist_group("faults-postgres")

DATABASE = "faults"
DEMO = "kalundborg"
MEMBER = "member@example.org"
PASSWORD = "Kalundborg-demo-2026"
DOWN_SECONDS = 3.0
# The promise: every request that starts this long after the database is back succeeds.
RECOVERY_SECONDS = 5.0
# ... and the time the traffic goes on after that, for that promise to be put to the test.
OBSERVED_AFTER_RECOVERY = 5.0
# /health/ must answer this fast while the database is down (its connect timeout is 3 s).
HEALTH_ANSWERS_WITHIN = 4.0
REQUEST_TIMEOUT = 15.0

PUBLIC_PAGES = ["/", f"/{DEMO}/", f"/{DEMO}/ung/", "/health/"]
MEMBER_PAGES = [f"/{DEMO}/measurement/"]


@dataclass(frozen=True)
class Response:
    path: str
    status: int | None  # None: no HTTP answer (refused, reset or timed out)
    started: float  # time.monotonic()
    ended: float


class _NoRedirect(urllib.request.HTTPRedirectHandler):
    """A redirect is an answer of its own: a member sent to the login page has lost the
    session, which must not pass for a 200 of the login page."""

    def redirect_request(self, req, fp, code, msg, headers, newurl):
        return None


def _opener() -> urllib.request.OpenerDirector:
    return urllib.request.build_opener(
        urllib.request.HTTPCookieProcessor(http.cookiejar.CookieJar()), _NoRedirect()
    )


def _get(opener: urllib.request.OpenerDirector, url: str) -> int | None:
    try:
        with opener.open(url, timeout=REQUEST_TIMEOUT) as response:
            response.read()
            return response.status
    except urllib.error.HTTPError as error:
        error.read()
        return error.code
    except (urllib.error.URLError, OSError):
        return None


def _log_in(base: str) -> urllib.request.OpenerDirector:
    """A member's session, signed in through the login form like a browser."""
    opener = _opener()
    with opener.open(f"{base}/accounts/login/", timeout=REQUEST_TIMEOUT) as response:
        html = response.read().decode()
    token = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', html).group(1)
    form = {"csrfmiddlewaretoken": token, "login": MEMBER, "password": PASSWORD}
    # S310: the URL is the test's own server on http://127.0.0.1.
    request = urllib.request.Request(  # noqa: S310
        f"{base}/accounts/login/", data=urllib.parse.urlencode(form).encode()
    )
    try:
        opener.open(request, timeout=REQUEST_TIMEOUT)
    except urllib.error.HTTPError as error:  # the redirect after a successful login
        assert error.code == 302, f"login answered {error.code}"
    assert _get(opener, f"{base}{MEMBER_PAGES[0]}") == 200, "the member is signed in"
    return opener


class Traffic:
    """One thread per page, each requesting its page again and again until stopped."""

    def __init__(self, base: str, member: urllib.request.OpenerDirector) -> None:
        self.base = base
        self.responses: list[Response] = []
        self._lock = threading.Lock()
        self._stop = threading.Event()
        self._threads = [
            threading.Thread(target=self._loop, args=(path, _opener()), daemon=True)
            for path in PUBLIC_PAGES
        ] + [
            threading.Thread(target=self._loop, args=(path, member), daemon=True)
            for path in MEMBER_PAGES
        ]

    def _loop(self, path: str, opener: urllib.request.OpenerDirector) -> None:
        while not self._stop.is_set():
            started = time.monotonic()
            status = _get(opener, self.base + path)
            with self._lock:
                self.responses.append(Response(path, status, started, time.monotonic()))
            time.sleep(0.05)

    def __enter__(self) -> Traffic:
        for thread in self._threads:
            thread.start()
        return self

    def __exit__(self, *exc_info) -> None:
        self._stop.set()
        for thread in self._threads:
            thread.join(timeout=REQUEST_TIMEOUT + 5)


def _manage(env: dict[str, str], *args: str) -> float:
    """Run a management command against the cluster; return the seconds it took."""
    started = time.monotonic()
    result = subprocess.run(
        [sys.executable, "manage.py", *args],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=300,
        check=False,
    )
    assert result.returncode == 0, f"manage.py {' '.join(args)}:\n{result.stderr[-3000:]}"
    return time.monotonic() - started


@pytest.fixture(scope="module")
def cluster():
    with postgres_cluster(55432) as cluster:
        yield cluster


@pytest.fixture(scope="module")
def platform(cluster: PostgresCluster):
    """The platform under gunicorn on the cluster, migrated and seeded; its base URL.
    gunicorn is stopped afterwards whatever happened (the cluster by its own fixture)."""
    cluster.create_database(DATABASE)
    env = {
        **os.environ,
        "DATABASE_URL": cluster.url(DATABASE),
        "DJANGO_SETTINGS_MODULE": "config.settings",
        "PYTHONUNBUFFERED": "1",
    }
    migrated = _manage(env, "migrate", "--no-input", "-v", "0")
    seeded = _manage(env, "seed_demo", "--allow-demo-users", "--quiet")
    print(f"\nsetup: migrate {migrated:.1f} s, seed_demo {seeded:.1f} s")

    port = free_port(58000)
    with tempfile.NamedTemporaryFile(prefix="alliance-gunicorn-", suffix=".log") as log:
        server = subprocess.Popen(
            [
                sys.executable,
                "-m",
                "gunicorn",
                "config.wsgi",
                "--bind",
                f"127.0.0.1:{port}",
                "--workers",
                "2",
                "--threads",
                "4",
                "--worker-class",
                "gthread",
                "--timeout",
                "30",
                "--graceful-timeout",
                "5",
                "--no-control-socket",
                "--error-logfile",
                log.name,
            ],
            cwd=ROOT,
            env=env,
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
            start_new_session=True,
        )
        base = f"http://127.0.0.1:{port}"
        try:
            wait_for(
                lambda: server.poll() is None and _get(_opener(), f"{base}/health/") == 200,
                timeout=60,
                interval=0.2,
                what="gunicorn serving /health/",
            )
            yield base
        finally:
            stop_process(server)
            # Shown by pytest when the test failed: gunicorn's view of it.
            print(Path(log.name).read_text(errors="replace")[-5000:])


def _first(responses: list[Response], condition) -> Response | None:
    return min((r for r in responses if condition(r)), key=lambda r: r.ended, default=None)


def test_the_platform_serves_again_within_5_seconds_of_a_restarted_database(
    cluster: PostgresCluster, platform: str
):
    # given: people browsing while the database answers
    member = _log_in(platform)
    with Traffic(platform, member) as traffic:
        time.sleep(2.0)
        stopping = time.monotonic()

        # when: PostgreSQL stops (fast shutdown: connections are cut), stays down 3 seconds,
        # and starts again
        cluster.stop("fast")
        down = time.monotonic()
        time.sleep(DOWN_SECONDS)
        starting = time.monotonic()
        cluster.start(wait=False)
        back = wait_for(cluster.accepts_connections, timeout=60, what="PostgreSQL restarted")
        time.sleep(RECOVERY_SECONDS + OBSERVED_AFTER_RECOVERY)
    responses = sorted(traffic.responses, key=lambda r: r.started)

    before = [r for r in responses if r.ended < stopping]
    while_down = [r for r in responses if r.started >= down and r.ended <= starting]
    health_down = [r for r in while_down if r.path == "/health/"]
    after_back = [r for r in responses if r.started >= back]
    settled = [r for r in after_back if r.started >= back + RECOVERY_SECONDS]

    # The figures, for the README.
    print(f"\ndatabase down {starting - down:.1f} s; back {back - starting:.2f} s after its start")
    print(f"{len(responses)} requests: {len(before)} before, {len(while_down)} while down")
    for path in PUBLIC_PAGES + MEMBER_PAGES:
        first_ok = _first(after_back, lambda r, p=path: r.path == p and r.status == 200)
        failed = [r for r in after_back if r.path == path and r.status != 200]
        print(
            f"  {path}: first 200 "
            + (f"{first_ok.ended - back:.2f} s after the database was back" if first_ok else "-")
            + (
                f"; last failure began {failed[-1].started - back:.2f} s after"
                if failed
                else "; no failure after it was back"
            )
        )
    slowest_health = max((r.ended - r.started for r in health_down), default=0.0)
    print(f"  /health/ while down: {len(health_down)} answers, slowest {slowest_health:.2f} s")

    # then: everything answered before the restart (the setup is sound) ...
    assert before, "traffic before the restart"
    assert all(r.status == 200 for r in before), [r for r in before if r.status != 200]

    # ... /health/ said 503 while the database was down, quickly, and never 200 ...
    assert len(health_down) >= 2, "/health/ was asked while the database was down"
    assert [r.status for r in health_down] == [503] * len(health_down), health_down
    assert slowest_health < HEALTH_ANSWERS_WITHIN, health_down

    # ... and every request that started 5 s after the database was back succeeded, on every
    # page, for another 5 s.
    for path in PUBLIC_PAGES + MEMBER_PAGES:
        assert any(r.path == path for r in settled), f"{path} was requested after recovery"
    failures = [r for r in settled if r.status != 200]
    assert not failures, failures


def test_connections_from_before_a_restart_are_checked_before_they_are_used(
    cluster: PostgresCluster, platform: str
):
    """Without traffic while the database is down, no request fails on a dead connection and
    closes it: each gunicorn thread still holds its connection from before the restart. The
    health check Django runs before reusing one (CONN_HEALTH_CHECKS) replaces it, so not even
    the first request after the restart fails."""
    # given: every gunicorn thread has served pages and keeps its database connection
    member = _log_in(platform)
    with ThreadPoolExecutor(max_workers=16) as pool:
        warm = list(pool.map(lambda _: _get(_opener(), f"{platform}/{DEMO}/ung/"), range(64)))
    assert warm == [200] * len(warm)

    # when: PostgreSQL restarts while nobody asks for a page
    cluster.stop("fast")
    cluster.start()
    wait_for(cluster.accepts_connections, timeout=60, what="PostgreSQL restarted")

    # then: every request from the first one on succeeds
    with Traffic(platform, member) as traffic:
        time.sleep(3.0)
    failures = [r for r in traffic.responses if r.status != 200]
    print(f"\n{len(traffic.responses)} requests after an idle restart, {len(failures)} failed")
    assert len(traffic.responses) > 20
    assert not failures, failures
