"""The URL map of the load benchmark's gunicorn: the platform's own (config.urls) with the two
floors its figures are measured against in front.

1. /bench-floor/<alliance>/dashboard/: the dashboard's template rendered from a context held in
   memory. The context is the real one of the demo dashboard, captured once per worker at its
   first request (with the alliance and the membership the page's context processor reads); every
   request after that only renders the same template with it. Against the dashboard, the
   difference is the view's own work: finding the alliance and the membership, checking the
   permission and reading the cards.
2. /bench-floor/<alliance>/form/: a plain ModelForm of the model a youth input saves
   (youth_voice.YouthInput), kind and text, saved as one row, then a redirect as the portal does.
   No portal settings, rate limit, honeypot, receipt code, status event or notification.

The youth portal's IP rate limit is raised here: every request of the benchmark comes from
127.0.0.1, which would be refused after 60 inputs a minute. The limiter still runs on every
post and counts in Redis, per session and per IP; only the IP's rate is higher.
"""

from __future__ import annotations

import secrets
import threading

from django import forms
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import path
from django.views.decorators.http import require_GET, require_POST

from alliance.access import membership_for
from alliance.models import Alliance
from config.urls import urlpatterns as platform_urlpatterns
from measurement.selectors_dashboard import dashboard_context
from youth_voice import limits
from youth_voice.models import YouthInput

limits.RATES["input"] = {**limits.RATES["input"], "ip": "1000000/m"}

_captured: dict[str, tuple] = {}
_capture_lock = threading.Lock()


def _dashboard_in_memory(request: HttpRequest, alliance_slug: str) -> tuple:
    """The alliance, the membership and the dashboard's context, read once per process."""
    with _capture_lock:
        if alliance_slug not in _captured:
            alliance = get_object_or_404(Alliance, slug=alliance_slug)
            membership = membership_for(user=request.user, alliance=alliance)
            context = dashboard_context(alliance=alliance, membership=membership)
            context["filter_errors"] = [*context["filter_errors"]]
            _captured[alliance_slug] = (alliance, membership, context)
        return _captured[alliance_slug]


@require_GET
def dashboard_floor(request: HttpRequest, alliance_slug: str) -> HttpResponse:
    """The dashboard's template alone, from the context in memory."""
    alliance, membership, context = _dashboard_in_memory(request, alliance_slug)
    request.alliance = alliance
    request.membership = membership
    return render(request, "measurement/dashboard.html", context)


class MinimalInputForm(forms.ModelForm):
    class Meta:
        model = YouthInput
        fields = ["kind", "text"]


_alliance_ids: dict[str, int] = {}


@require_POST
def form_floor(request: HttpRequest, alliance_slug: str) -> HttpResponse:
    """Validate two fields and save one row; the alliance's id is held in memory."""
    if alliance_slug not in _alliance_ids:
        _alliance_ids[alliance_slug] = get_object_or_404(Alliance, slug=alliance_slug).pk
    form = MinimalInputForm(request.POST)
    if not form.is_valid():
        return HttpResponse(status=400)
    youth_input = form.save(commit=False)
    youth_input.alliance_id = _alliance_ids[alliance_slug]
    youth_input.receipt_hash = secrets.token_hex(32)
    youth_input.link_hash = secrets.token_hex(32)
    youth_input.save()
    return redirect(request.path)


urlpatterns = [
    path("bench-floor/<slug:alliance_slug>/dashboard/", dashboard_floor, name="bench_dashboard"),
    path("bench-floor/<slug:alliance_slug>/form/", form_floor, name="bench_form"),
    *platform_urlpatterns,
]
