"""Servers of a test's own on 127.0.0.1: a PostgreSQL cluster and a Redis server that a fault
test may stop, restart or kill without touching the shared ones the rest of the suite uses.

Each is started in a temporary directory and always stopped and removed afterwards, also when
the test fails. A missing binary skips the test on a developer's machine and fails it under
CI=true, where every fault test must run.
"""

from __future__ import annotations

import glob
import os
import shutil
import signal
import socket
import subprocess
import tempfile
import time
from collections.abc import Iterator
from contextlib import contextmanager, suppress
from dataclasses import dataclass
from pathlib import Path

import psycopg
import pytest

from tests.conftest import IN_CI

ROOT = Path(__file__).resolve().parents[2]


def require(what: str, path: str | None) -> str:
    """The path of a needed binary; without it the test skips, or fails under CI=true."""
    if path:
        return path
    message = f"{what} is not installed"
    if IN_CI:
        pytest.fail(message)
    pytest.skip(message)


def free_port(preferred: int) -> int:
    """`preferred` when nothing listens there, else a port the system picks: a leftover server
    of an interrupted run must not fail the next one."""
    for port in (preferred, 0):
        with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as probe:
            try:
                probe.bind(("127.0.0.1", port))
            except OSError:
                continue
            return probe.getsockname()[1]
    raise RuntimeError("no free port on 127.0.0.1")


def wait_for(condition, *, timeout: float, interval: float = 0.05, what: str) -> float:
    """Poll `condition` until it is true; return the monotonic time it first was."""
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if condition():
            return time.monotonic()
        time.sleep(interval)
    raise AssertionError(f"{what}: not within {timeout:.0f} s")


def stop_process(process: subprocess.Popen, *, grace: float = 10.0) -> None:
    """SIGTERM the process group started with the process (start_new_session=True), then
    SIGKILL it if it has not ended within `grace` seconds."""
    if process.poll() is not None:
        return
    for sig, wait in ((signal.SIGTERM, grace), (signal.SIGKILL, 5.0)):
        try:
            os.killpg(process.pid, sig)
        except ProcessLookupError:
            return
        try:
            process.wait(timeout=wait)
            return
        except subprocess.TimeoutExpired:
            continue


def _postgres_bindir() -> str | None:
    """The newest installed server's binaries (Debian keeps them off the PATH)."""
    initdb = shutil.which("initdb")
    if initdb:
        return str(Path(initdb).resolve().parent)
    found = sorted(
        glob.glob("/usr/lib/postgresql/*/bin/initdb"),
        key=lambda path: int(Path(path).parts[-3]) if Path(path).parts[-3].isdigit() else 0,
    )
    return str(Path(found[-1]).parent) if found else None


@dataclass
class PostgresCluster:
    """A throwaway PostgreSQL cluster: trust authentication, 127.0.0.1 only."""

    bindir: Path
    directory: Path
    port: int
    as_user: list[str]

    @property
    def data(self) -> Path:
        return self.directory / "data"

    def url(self, database: str = "postgres") -> str:
        return f"postgres://postgres@127.0.0.1:{self.port}/{database}"

    def _ctl(self, *args: str, timeout: float = 60) -> None:
        subprocess.run(
            [*self.as_user, str(self.bindir / "pg_ctl"), "-D", str(self.data), *args],
            check=True,
            capture_output=True,
            timeout=timeout,
        )

    def start(self, *, wait: bool = True) -> None:
        # Unix socket in the cluster's own directory; fsync off: a test cluster needs speed,
        # not durability across a power cut.
        options = (
            f"-p {self.port} -c listen_addresses=127.0.0.1 -k {self.directory} "
            "-c fsync=off -c full_page_writes=off"
        )
        self._ctl("start", "-w" if wait else "-W", "-o", options, "-l", str(self.directory / "log"))

    def stop(self, mode: str = "fast") -> None:
        self._ctl("stop", "-w", "-m", mode)

    def accepts_connections(self) -> bool:
        try:
            with psycopg.connect(self.url(), connect_timeout=1) as conn:
                conn.execute("SELECT 1")
        except psycopg.OperationalError:
            return False
        return True

    def create_database(self, name: str) -> None:
        with psycopg.connect(self.url(), autocommit=True) as conn:
            conn.execute(f'CREATE DATABASE "{name}"')

    def log(self) -> str:
        path = self.directory / "log"
        return path.read_text(errors="replace") if path.exists() else ""


@contextmanager
def postgres_cluster(preferred_port: int) -> Iterator[PostgresCluster]:
    """A new cluster, started; stopped and deleted on the way out, whatever happened."""
    bindir = require("PostgreSQL's server (initdb)", _postgres_bindir())
    directory = Path(tempfile.mkdtemp(prefix="alliance-pg-"))
    as_user: list[str] = []
    if os.geteuid() == 0:
        # initdb and postgres refuse to run as root: the cluster belongs to postgres.
        runuser = require("runuser", shutil.which("runuser"))
        as_user = [runuser, "-u", "postgres", "--"]
        shutil.chown(directory, user="postgres")
    cluster = PostgresCluster(Path(bindir), directory, free_port(preferred_port), as_user)
    try:
        subprocess.run(
            [
                *as_user,
                str(cluster.bindir / "initdb"),
                "-D",
                str(cluster.data),
                "-U",
                "postgres",
                "-A",
                "trust",
                "-E",
                "UTF8",
                "--locale=C.UTF-8",
                "--no-sync",
            ],
            check=True,
            capture_output=True,
            timeout=120,
        )
        cluster.start()
        yield cluster
    finally:
        if (cluster.data / "postmaster.pid").exists():
            with suppress(subprocess.SubprocessError):
                cluster.stop("immediate")
        shutil.rmtree(directory, ignore_errors=True)


@dataclass
class RedisServer:
    process: subprocess.Popen
    port: int

    def url(self, db: int = 0) -> str:
        return f"redis://127.0.0.1:{self.port}/{db}"


@contextmanager
def redis_server(preferred_port: int) -> Iterator[RedisServer]:
    """A Redis server of the test's own, without persistence; stopped on the way out."""
    binary = require("redis-server", shutil.which("redis-server"))
    port = free_port(preferred_port)
    directory = tempfile.mkdtemp(prefix="alliance-redis-")
    process = subprocess.Popen(
        [
            binary,
            "--port",
            str(port),
            "--bind",
            "127.0.0.1",
            "--save",
            "",
            "--appendonly",
            "no",
            "--daemonize",
            "no",
            "--dir",
            directory,
        ],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
        start_new_session=True,
    )
    try:

        def answers() -> bool:
            try:
                with socket.create_connection(("127.0.0.1", port), timeout=0.5) as conn:
                    conn.sendall(b"PING\r\n")
                    return conn.recv(16).startswith(b"+PONG")
            except OSError:
                return False

        wait_for(answers, timeout=20, what="redis-server answering PING")
        yield RedisServer(process, port)
    finally:
        stop_process(process)
        shutil.rmtree(directory, ignore_errors=True)
