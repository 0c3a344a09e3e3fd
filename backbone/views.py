"""Operational endpoints of the backbone."""

from django.http import HttpRequest, JsonResponse
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_safe

from .health import health_report


@never_cache
@require_safe
def health(request: HttpRequest) -> JsonResponse:
    """JSON health report: 200 while the database answers, 503 otherwise."""
    report, serving = health_report()
    return JsonResponse(report, status=200 if serving else 503)
