"""Rate limits on the youth portal's forms, counted in the shared cache (Redis) by
django-ratelimit.

Each form is limited per browser, per receipt code where one is entered, and per IP address.
A browser is known by a random key in a cookie of its own (BROWSER_COOKIE), set the first time
the browser sends a form: no database session is made for it, so an anonymous input costs no
session row. Whoever drops the cookie gets a new key, as with a session; the IP limit stays.

The IP limit is loose on purpose: a school class shares one address, and 30 pupils
sending input from it in the same minute must all succeed. If the cache is unreachable the
limits are not applied (RATELIMIT_FAIL_OPEN): a young person's input matters more than a count.
"""

from __future__ import annotations

import ipaddress
import secrets

from django.conf import settings
from django.http import HttpRequest, HttpResponse
from django_ratelimit.core import is_ratelimited

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


def is_limited(request: HttpRequest, group: str, *, code: str = "", increment: bool = True) -> bool:
    """True when this request goes over one of the group's limits; counts it when `increment`.

    Every limit is counted, even when an earlier one is already over, so that a person who
    keeps trying stays limited."""
    rates = RATES[group]
    keys = {
        "session": lambda _group, req: keyed_hash("session", browser_key(req)),
        "ip": lambda _group, req: keyed_hash("ip", client_ip(req)),
    }
    if code:
        keys["code"] = lambda _group, _req: keyed_hash("code", code)
    limited = False
    for kind, key in keys.items():
        if kind not in rates:
            continue
        if is_ratelimited(
            request,
            group=f"youth:{group}:{kind}",
            key=key,
            rate=rates[kind],
            increment=increment,
        ):
            limited = True
    return limited
