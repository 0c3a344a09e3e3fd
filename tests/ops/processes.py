"""Real services started and stopped by the fault tests themselves, on ports of their own:
a Redis server, the platform under gunicorn, a Celery worker and beat. The shared PostgreSQL
and Redis that the rest of the suite uses are never touched. The helpers for ports and binaries
are those of tests/ops/local_services.py."""

from __future__ import annotations

import os
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import time
from contextlib import closing
from pathlib import Path

import requests

from tests.ops.local_services import ROOT, require, wait_for
from tests.ops.local_services import free_port as _free_port

BIN = Path(sys.executable).parent


def free_port() -> int:
    return _free_port(0)


def wait_for_port(port: int, timeout: float = 20.0) -> None:
    def listening() -> bool:
        with closing(socket.socket(socket.AF_INET, socket.SOCK_STREAM)) as probe:
            probe.settimeout(0.2)
            return probe.connect_ex(("127.0.0.1", port)) == 0

    wait_for(listening, timeout=timeout, interval=0.1, what=f"something listens on :{port}")


def need(binary: str) -> str:
    """The path of a program the test needs (also from this Python's own bin folder)."""
    return require(
        binary, shutil.which(binary) or (str(BIN / binary) if (BIN / binary).exists() else None)
    )


class Process:
    """A child process with its output in a log file (shown when a test fails)."""

    def __init__(self, name: str, args: list[str], env: dict[str, str], workdir: Path):
        self.name = name
        self.log_path = workdir / f"{name}.log"
        self._log = self.log_path.open("wb")
        self.popen = subprocess.Popen(
            args, env=env, cwd=ROOT, stdout=self._log, stderr=subprocess.STDOUT
        )

    def signal(self, number: int) -> None:
        self.popen.send_signal(number)

    def stop(self, timeout: float = 15.0) -> None:
        if self.popen.poll() is None:
            self.popen.send_signal(signal.SIGCONT)  # a stopped process cannot exit
            self.popen.terminate()
            try:
                self.popen.wait(timeout)
            except subprocess.TimeoutExpired:
                self.popen.kill()
                self.popen.wait(timeout)
        self._log.close()

    def log_tail(self, lines: int = 40) -> str:
        text = self.log_path.read_text(errors="replace").splitlines()
        return f"--- {self.name} ---\n" + "\n".join(text[-lines:])


class Services:
    """Redis, gunicorn, a Celery worker and beat, all against one database of the test."""

    def __init__(self, database_url: str, extra_env: dict[str, str] | None = None):
        self.workdir = Path(tempfile.mkdtemp(prefix="alliance-faults-"))
        self.redis_port = free_port()
        self.http_port = free_port()
        self.redis_url = f"redis://127.0.0.1:{self.redis_port}/0"
        self.base_url = f"http://127.0.0.1:{self.http_port}"
        self.env = {
            **os.environ,
            "DATABASE_URL": database_url,
            "REDIS_URL": self.redis_url,
            "PYTHONUNBUFFERED": "1",
            **(extra_env or {}),
        }
        self.env.pop("PYTEST_XDIST_WORKER", None)
        self.processes: dict[str, Process] = {}

    def start_redis(self) -> Process:
        redis_server = need("redis-server")
        args = [redis_server, "--port", str(self.redis_port), "--bind", "127.0.0.1"]
        args += ["--save", "", "--appendonly", "no", "--daemonize", "no"]
        self.processes["redis"] = Process("redis", args, self.env, self.workdir)
        wait_for_port(self.redis_port)
        return self.processes["redis"]

    def start_web(self) -> Process:
        args = [need("gunicorn"), "config.wsgi:application", "-b", f"127.0.0.1:{self.http_port}"]
        args += ["-w", "2", "--timeout", "60", "--graceful-timeout", "5", "--no-control-socket"]
        # Each worker loads the whole application before it serves (as in production), so the
        # first request is not the one that pays for the imports.
        args += ["--preload"]
        self.processes["web"] = Process("web", args, self.env, self.workdir)
        wait_for_port(self.http_port, timeout=60)
        self.warm_up()
        return self.processes["web"]

    def warm_up(self, timeout: float = 90.0) -> None:
        """Wait until /health/ answers (the first request imports the views)."""
        deadline = time.monotonic() + timeout
        while True:
            try:
                requests.get(self.base_url + "/health/", timeout=timeout)
                requests.get(self.base_url + "/accounts/login/", timeout=timeout)
                return
            except requests.RequestException:
                if time.monotonic() > deadline:
                    raise
                time.sleep(0.5)

    def start_worker(self) -> Process:
        args = [need("celery"), "-A", "config", "worker", "--pool=solo", "--loglevel=INFO"]
        args += ["--without-gossip", "--without-mingle", "-n", f"faults-{self.redis_port}@%h"]
        self.processes["worker"] = Process("worker", args, self.env, self.workdir)
        return self.processes["worker"]

    def start_beat(self) -> Process:
        schedule = str(self.workdir / "beat-schedule")
        args = [need("celery"), "-A", "config", "beat", "--loglevel=INFO", "-s", schedule]
        args += ["--pidfile", ""]
        self.processes["beat"] = Process("beat", args, self.env, self.workdir)
        return self.processes["beat"]

    def logs(self) -> str:
        return "\n".join(process.log_tail() for process in self.processes.values())

    def stop(self) -> None:
        for name in ("web", "beat", "worker", "redis"):
            if name in self.processes:
                self.processes[name].stop()
        shutil.rmtree(self.workdir, ignore_errors=True)
