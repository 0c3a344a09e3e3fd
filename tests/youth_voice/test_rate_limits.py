"""Rate limits on the portal's forms: per session, per receipt code and, loosely, per IP (a
school class behind one address must all get through)."""

from __future__ import annotations

from types import SimpleNamespace

import pytest

from tests.conftest import CsrfClient
from youth_voice import limits
from youth_voice.codes import link_token

from .factories_portal import (
    da,
    input_post,
    inputs_of,
    own_cache,  # noqa: F401 - a fixture
    portal_alliance,
    sent_input,
    url,
)

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("own_cache", "frozen_window")]

SCHOOL_IP = "198.51.100.7"


@pytest.fixture
def frozen_window(monkeypatch):
    """All requests of a test fall in the same rate-limit window (no minute boundary between)."""
    monkeypatch.setattr(limits, "time", SimpleNamespace(time=lambda: 1_800_000_030))


def test_sixth_input_from_one_session_in_ten_minutes_is_429_and_keeps_the_text(client):
    alliance = portal_alliance()
    statuses = [
        client.post(url("input_create", alliance), input_post(text=f"Idé nummer {n}")).status_code
        for n in range(1, 7)
    ]
    assert statuses == [302] * 5 + [429]
    limited = client.post(url("input_create", alliance), input_post(text="Min sidste idé"))
    assert limited.status_code == 429
    content = limited.content.decode()
    assert da("Take a short break") in content
    assert "Min sidste idé" in content  # what they wrote is still in the form
    assert inputs_of(alliance).count() == 5


def test_a_refused_send_does_not_count_against_the_five(client):
    """A mistake (no kind chosen, no text) is shown again with its error, and costs the young
    person none of their five sends."""
    alliance = portal_alliance()
    mistakes = [
        client.post(url("input_create", alliance), input_post(kind="")).status_code,
        client.post(url("input_create", alliance), input_post(text="")).status_code,
    ]
    assert mistakes == [400, 400]
    statuses = [
        client.post(url("input_create", alliance), input_post(text=f"Idé nummer {n}")).status_code
        for n in range(1, 7)
    ]
    assert statuses == [302] * 5 + [429]
    assert inputs_of(alliance).count() == 5


def test_thirty_pupils_from_one_ip_in_a_minute_all_succeed():
    alliance = portal_alliance()
    statuses = [
        CsrfClient(REMOTE_ADDR=SCHOOL_IP)
        .post(url("input_create", alliance), input_post(text=f"Elev {n}"))
        .status_code
        for n in range(30)
    ]
    assert statuses == [302] * 30
    assert inputs_of(alliance).count() == 30


def test_the_61st_input_from_one_ip_in_a_minute_is_429():
    alliance = portal_alliance()
    statuses = [
        CsrfClient(REMOTE_ADDR=SCHOOL_IP)
        .post(url("input_create", alliance), input_post(text=f"Elev {n}"))
        .status_code
        for n in range(61)
    ]
    assert statuses[:60] == [302] * 60
    assert statuses[60] == 429
    other_ip = CsrfClient(REMOTE_ADDR="203.0.113.9")
    assert other_ip.post(url("input_create", alliance), input_post()).status_code == 302


def test_follow_is_limited_per_code_across_sessions():
    alliance = portal_alliance()
    _input, code = sent_input(alliance)
    statuses = [
        CsrfClient(REMOTE_ADDR=f"203.0.113.{n}")
        .post(url("follow", alliance), {"code": code})
        .status_code
        for n in range(11)
    ]
    assert statuses == [302] * 10 + [429]
    # another code is not held back by this one's limit
    _other, other_code = sent_input(alliance)
    fresh = CsrfClient(REMOTE_ADDR="203.0.113.200")
    assert fresh.post(url("follow", alliance), {"code": other_code}).status_code == 302


def test_guessing_codes_from_one_session_is_limited(client):
    alliance = portal_alliance()
    statuses = [
        client.post(url("follow", alliance), {"code": f"AAAAA-AAA{n:02d}"}).status_code
        for n in range(21)
    ]
    assert statuses[:20] == [404] * 20
    assert statuses[20] == 429
    assert (
        da("Take a short break")
        in client.post(url("follow", alliance), {"code": "AAAAA-AAAAA"}).content.decode()
    )


def test_export_by_link_is_limited_per_token(client):
    alliance = portal_alliance()
    _input, code = sent_input(alliance)
    export = url("follow_export", alliance, token=link_token(code))
    statuses = [client.get(export).status_code for _ in range(11)]
    assert statuses == [200] * 10 + [429]


def test_a_new_window_counts_from_the_start_again(client, monkeypatch):
    alliance = portal_alliance()
    for n in range(5):
        assert (
            client.post(url("input_create", alliance), input_post(text=f"Idé {n}")).status_code
            == 302
        )
    assert client.post(url("input_create", alliance), input_post()).status_code == 429
    # ten minutes later (the input limit's window) the same browser may send again
    monkeypatch.setattr(limits, "time", SimpleNamespace(time=lambda: 1_800_000_030 + 600))
    assert client.post(url("input_create", alliance), input_post()).status_code == 302
    assert inputs_of(alliance).count() == 6


def test_every_counter_of_a_post_is_counted_and_expires_with_its_window(client):
    from django.core.cache import cache

    alliance = portal_alliance()
    assert client.post(url("input_create", alliance), input_post()).status_code == 302
    store = cache._cache.get_client()
    keys = sorted(store.scan_iter(f"{cache.key_prefix}:*:rl:youth:input:*"))
    kinds = [key.decode().split(":")[5] for key in keys]
    assert kinds == ["ip", "session"]
    assert [int(store.get(key)) for key in keys] == [1, 1]
    ttls = {kind: store.ttl(key) for kind, key in zip(kinds, keys, strict=True)}
    assert 0 < ttls["ip"] <= 60
    assert 540 < ttls["session"] <= 600


def test_limits_count_in_a_cache_in_memory_too(client, settings):
    settings.CACHES = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}}
    alliance = portal_alliance()
    statuses = [
        client.post(url("input_create", alliance), input_post(text=f"Idé {n}")).status_code
        for n in range(6)
    ]
    assert statuses == [302] * 5 + [429]


@pytest.mark.parametrize(
    ("rate", "parsed"),
    [("5/10m", (5, 600)), ("60/m", (60, 60)), ("300/h", (300, 3600)), ("2/d", (2, 86400))],
)
def test_rates_read_as_hits_per_seconds(rate, parsed):
    assert limits.rate_parse(rate) == parsed


@pytest.mark.parametrize("rate", ["5", "5/", "/m", "5/10x", "five/m"])
def test_a_malformed_rate_is_refused(rate):
    with pytest.raises(ValueError, match="Not a rate"):
        limits.rate_parse(rate)
