"""Rate limits on the youth portal's forms, counted in the shared cache (Redis) by
django-ratelimit.

Each form is limited per browser session, per receipt code where one is entered, and per IP
address. The IP limit is loose on purpose: a school class shares one address, and 30 pupils
sending input from it in the same minute must all succeed. If the cache is unreachable the
limits are not applied (RATELIMIT_FAIL_OPEN): a young person's input matters more than a count.
"""

from __future__ import annotations

import ipaddress

from django.conf import settings
from django.http import HttpRequest
from django_ratelimit.core import is_ratelimited

from .codes import keyed_hash

# group -> {key kind: rate}. Session: one person; code: one receipt code; ip: a whole school.
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


def _session_key(request: HttpRequest) -> str:
    if not request.session.session_key:
        request.session.save()
    return request.session.session_key


def is_limited(request: HttpRequest, group: str, *, code: str = "", increment: bool = True) -> bool:
    """True when this request goes over one of the group's limits; counts it when `increment`.

    Every limit is counted, even when an earlier one is already over, so that a person who
    keeps trying stays limited."""
    rates = RATES[group]
    keys = {
        "session": lambda _group, req: keyed_hash("session", _session_key(req)),
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
