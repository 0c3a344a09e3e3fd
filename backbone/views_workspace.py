"""Placeholder: the workspace pages."""

from django.http import HttpRequest, HttpResponse
from django.views.decorators.http import require_safe

from alliance.access import alliance_view
from alliance.models import Alliance


@require_safe
@alliance_view("view_home")
def workspace(request: HttpRequest, alliance: Alliance) -> HttpResponse:
    return HttpResponse("")
