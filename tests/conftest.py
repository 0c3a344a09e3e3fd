"""Fixtures shared by the whole suite."""

from __future__ import annotations

import os

import pytest
from django.middleware.csrf import _get_new_csrf_string, _mask_cipher_secret
from django.test import Client

IN_CI = os.environ.get("CI", "").lower() in {"1", "true", "yes"}


@pytest.hookimpl(hookwrapper=True)
def pytest_runtest_makereport(item, call):
    """Under CI=true a skipped test is a failed test: CI must run everything."""
    outcome = yield
    report = outcome.get_result()
    if IN_CI and report.skipped and not hasattr(report, "wasxfail"):
        report.outcome = "failed"
        reason = report.longrepr[2] if isinstance(report.longrepr, tuple) else report.longrepr
        report.longrepr = f"Skipped under CI=true, which counts as a failure: {reason}"


@pytest.fixture(autouse=True)
def _fast_password_hashing(settings):
    """Tests hash many passwords; the production hasher is deliberately slow."""
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


class CsrfClient(Client):
    """A test client that enforces CSRF like a browser session: every unsafe request carries
    the token from the csrftoken cookie, and a request without it is rejected."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, enforce_csrf_checks=True, **kwargs)

    def _csrf_token(self) -> str:
        cookie = self.cookies.get("csrftoken")
        if cookie is None or not cookie.value:
            secret = _get_new_csrf_string()
            self.cookies["csrftoken"] = secret
            return _mask_cipher_secret(secret)
        return _mask_cipher_secret(cookie.value)

    def generic(self, method, path, *args, **kwargs):
        if method.upper() not in {"GET", "HEAD", "OPTIONS", "TRACE"}:
            kwargs.setdefault("headers", {})
            kwargs["headers"] = {"X-CSRFToken": self._csrf_token(), **(kwargs["headers"] or {})}
        return super().generic(method, path, *args, **kwargs)


@pytest.fixture
def client() -> CsrfClient:
    """Every test posts through a client that enforces CSRF."""
    return CsrfClient()


@pytest.fixture
def csrf_free_client() -> Client:
    """A client that sends no token: for tests proving that such posts are rejected."""
    return Client(enforce_csrf_checks=True)


@pytest.fixture(autouse=True)
def _empty_cache():
    """Each test starts with an empty cache: rate-limit counters and cached figures of one test
    must not leak into the next (each xdist worker has its own Redis database)."""
    from django.core.cache import cache

    from alliance.cache import cache_pause_reset
    from alliance.queue import broker_pause_reset
    from youth_voice.access import portal_cache_clear

    # An outage simulated by an earlier test must not keep this one away from Redis.
    cache_pause_reset()
    broker_pause_reset()
    cache.clear()
    # Rows a rolled-back test saved are gone without a signal: no alliance read outlives it.
    portal_cache_clear()
    yield


@pytest.fixture(autouse=True)
def _celery_may_wait_for_results():
    """Each test may wait for a result. Celery marks "a result must not be awaited here" in a
    process-wide flag while it runs an eager task; two threads (a test and the live server)
    running eager tasks at once can leave it set, and every later `.get()` would then fail."""
    from celery.result import _set_task_join_will_block

    _set_task_join_will_block(False)
    yield


@pytest.fixture(autouse=True)
def _default_language():
    """Each test starts in the site's default language (Danish): a request in English by an
    earlier test leaves English active in the thread, as the locale middleware does not reset
    it after the response."""
    from django.conf import settings
    from django.utils import translation

    translation.activate(settings.LANGUAGE_CODE)
    yield
    translation.deactivate()


@pytest.fixture
def eager_celery(monkeypatch):
    """Run published tasks in the test's own process at once, also when REDIS_URL is set (as in
    CI). For tests that check what a task does after a request (a summary after an approval);
    the real broker and worker are tested in tests/workers.py users."""
    from config.celery import app

    monkeypatch.setitem(app.conf, "task_always_eager", True)
    monkeypatch.setitem(app.conf, "task_eager_propagates", True)
    return app
