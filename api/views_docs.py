"""The OpenAPI schema and its browsable docs, served by the platform itself: Swagger UI comes
from drf-spectacular-sidecar's files, and the page carries no inline script or style, so it
works under the Content-Security-Policy. (Redoc is not offered: it injects inline styles, which
the policy blocks, and then fails.)"""

from __future__ import annotations

from drf_spectacular.views import SpectacularAPIView, SpectacularSwaggerSplitView
from rest_framework.permissions import AllowAny

from .throttling import AnonymousRateThrottle, TokenRateThrottle


class SchemaView(SpectacularAPIView):
    """The OpenAPI 3 schema (YAML, or JSON with ?format=json)."""

    permission_classes = [AllowAny]
    throttle_classes = [TokenRateThrottle, AnonymousRateThrottle]


class SwaggerDocsView(SpectacularSwaggerSplitView):
    """Swagger UI; its start script is fetched from this view (?script), not inlined."""

    permission_classes = [AllowAny]
    throttle_classes = [TokenRateThrottle, AnonymousRateThrottle]
    template_name = "api/swagger_ui.html"
    title = "Alliance platform API"
