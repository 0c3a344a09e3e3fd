"""The security log page: logins, failed logins, role and access changes, exports, erasures and
API keys, for those who may read the audit history."""

from __future__ import annotations

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.views.decorators.http import require_safe

from alliance.access import alliance_view
from alliance.models import Alliance, SecurityEventKind
from alliance.selectors_security import SECURITY_LOG_LIMIT, security_log_page


@require_safe
@alliance_view("view_history")
def security_log(request: HttpRequest, alliance: Alliance) -> HttpResponse:
    """The last 500 security events of the alliance and its members, newest first."""
    kind = request.GET.get("kind") or None
    if kind not in SecurityEventKind.values:
        kind = None
    page = security_log_page(alliance=alliance, kind=kind, page=request.GET.get("page") or 1)
    return render(
        request,
        "alliance/people/security_log.html",
        {
            "page_obj": page,
            "kinds": SecurityEventKind.choices,
            "kind": kind,
            "limit": SECURITY_LOG_LIMIT,
            "query": f"kind={kind}&" if kind else "",
        },
    )
