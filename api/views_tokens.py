"""Placeholder: a person's API tokens."""

from django.http import HttpRequest, HttpResponse
from django.views.decorators.http import require_safe

from alliance.access import alliance_view
from alliance.models import Alliance


@require_safe
@alliance_view("use_api")
def token_list(request: HttpRequest, alliance: Alliance) -> HttpResponse:
    return HttpResponse("")
