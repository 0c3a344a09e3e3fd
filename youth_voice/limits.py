"""Rate limits on the youth portal's forms, counted in the shared cache (Redis).

Each form is limited per browser, per receipt code where one is entered, and per IP address.
A browser is known by a random key in a cookie of its own (BROWSER_COOKIE), set the first time
the browser sends a form: no database session is made for it, so an anonymous input costs no
session row. Whoever drops the cookie gets a new key, as with a session; the IP limit stays.

The IP limit is loose on purpose: a school class shares one address, and 30 pupils
sending input from it in the same minute must all succeed. If the cache is unreachable the
limits are not applied: a young person's input matters more than a count.

Each limit is a counter of a fixed window (five per ten minutes: the ten minutes from a whole
multiple of ten minutes). All of a request's counters are counted in one round trip to Redis
(alliance.cache.ResilientRedisCache.count_hits): the portal's post is its busiest anonymous
request, and a counter per key in its own two round trips (add, then incr) cost a youth input
a fifth of its time.
"""

from __future__ import annotations

import ipaddress
import re
import secrets
import time

from django.conf import settings
from django.core.cache import cache
from django.http import HttpRequest, HttpResponse

from .codes import keyed_hash

BROWSER_COOKIE = "ung_browser"
# Longer than the longest window of RATES; the key means nothing after that.
BROWSER_COOKIE_AGE = 60 * 60 * 24
_NEW_BROWSER_KEY = "_youth_browser_key_new"

# group -> {key kind: rate}. Session: one browser; code: one receipt code; ip: a whole school.
RATES: dict[str, dict[str, str]] = {
    "input": {"session": "5/10m", "ip": "60/m"},
    "follow": {"session": "20/10m", "code": "10/10m", "ip": "300/h"},
    "support": {"session": "30/h", "ip": "600/h"},
    "report": {"session": "10/h", "ip": "120/h"},
    "survey": {"session": "5/10m", "ip": "120/m"},
    "data": {"session": "10/h", "code": "10/h", "ip": "300/h"},
    "account": {"session": "5/h", "ip": "60/h"},
    "guardian": {"session": "10/h", "ip": "120/h"},
}


def client_ip(request: HttpRequest) -> str:
    """The client's address: behind the TLS proxy, the address the proxy added last to
    X-Forwarded-For (earlier entries are the client's to invent). IPv6 counts per /64."""
    address = request.META.get("REMOTE_ADDR", "")
    if getattr(settings, "BEHIND_TLS_PROXY", False):
        forwarded = request.META.get("HTTP_X_FORWARDED_FOR", "")
        if forwarded:
            address = forwarded.split(",")[-1].strip()
    try:
        parsed = ipaddress.ip_address(address)
    except ValueError:
        return address
    if parsed.version == 6:
        return str(ipaddress.ip_network(f"{parsed}/64", strict=False).network_address)
    return str(parsed)


def browser_key(request: HttpRequest) -> str:
    """The browser's random key: from its cookie, or new (set on the response by
    `browser_cookie_set`)."""
    key = request.COOKIES.get(BROWSER_COOKIE, "")
    if 20 <= len(key) <= 64 and key.isascii():
        return key
    new = getattr(request, _NEW_BROWSER_KEY, None)
    if new is None:
        new = secrets.token_urlsafe(24)
        setattr(request, _NEW_BROWSER_KEY, new)
    return new


def browser_cookie_set(request: HttpRequest, response: HttpResponse) -> None:
    """Give the browser the key `browser_key` made for it during this request."""
    new = getattr(request, _NEW_BROWSER_KEY, None)
    if new is not None:
        response.set_cookie(
            BROWSER_COOKIE,
            new,
            max_age=BROWSER_COOKIE_AGE,
            path=settings.SESSION_COOKIE_PATH,
            secure=settings.SESSION_COOKIE_SECURE,
            httponly=True,
            samesite="Lax",
        )


_RATE = re.compile(r"(?P<count>\d+)/(?P<multiple>\d*)(?P<unit>[smhd])")
_UNIT_SECONDS = {"s": 1, "m": 60, "h": 60 * 60, "d": 24 * 60 * 60}


def rate_parse(rate: str) -> tuple[int, int]:
    """ "5/10m" -> (5, 600): how many hits, in how many seconds."""
    match = _RATE.fullmatch(rate)
    if match is None:
        raise ValueError(f"Not a rate: {rate!r}")
    seconds = int(match["multiple"] or 1) * _UNIT_SECONDS[match["unit"]]
    return int(match["count"]), seconds


def _hits(windows: list[tuple[str, int]], *, increment: bool) -> list[int]:
    """The count of each (key, seconds) window, after this hit when `increment`. Zero for every
    window while the cache does not answer."""
    count_hits = getattr(cache, "count_hits", None)
    if count_hits is not None:  # Redis: one round trip
        counts = count_hits(windows, increment=increment)
        return counts if counts is not None else [0] * len(windows)
    counts = []  # a cache in memory, without Redis (a developer's machine)
    for key, seconds in windows:
        if increment:
            cache.add(key, 0, seconds)
            counts.append(cache.incr(key))
        else:
            counts.append(cache.get(key, 0))
    return counts


def is_limited(request: HttpRequest, group: str, *, code: str = "", increment: bool = True) -> bool:
    """True when this request goes over one of the group's limits; counts it when `increment`.

    Every limit is counted, even when an earlier one is already over, so that a person who
    keeps trying stays limited."""
    values = {"session": lambda: browser_key(request), "ip": lambda: client_ip(request)}
    if code:
        values["code"] = lambda: code
    now = int(time.time())
    windows, limits = [], []
    for kind, rate in RATES[group].items():
        if kind not in values:
            continue
        limit, seconds = rate_parse(rate)
        window_start = now - now % seconds
        windows.append(
            (f"rl:youth:{group}:{kind}:{window_start}:{keyed_hash(kind, values[kind]())}", seconds)
        )
        limits.append(limit)
    counts = _hits(windows, increment=increment)
    return any(count > limit for count, limit in zip(counts, limits, strict=True))
