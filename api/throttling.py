"""Rate limits of the API, counted in the default cache (Redis in production): per token (or
per logged-in person using the session) and per IP address for anonymous requests. The rates
are the REST_FRAMEWORK settings' "user" and "anon" rates, read on every request so that a
changed setting applies at once."""

from __future__ import annotations

from rest_framework.settings import api_settings
from rest_framework.throttling import AnonRateThrottle, SimpleRateThrottle

from .models import ApiToken


class _SettingsRate:
    def get_rate(self):
        return api_settings.DEFAULT_THROTTLE_RATES.get(self.scope)


class TokenRateThrottle(_SettingsRate, SimpleRateThrottle):
    """Per token; per person for session requests."""

    scope = "user"

    def get_cache_key(self, request, view):
        if isinstance(request.auth, ApiToken):
            ident = f"token-{request.auth.pk}"
        elif request.user and request.user.is_authenticated:
            ident = f"user-{request.user.pk}"
        else:
            return None
        return self.cache_format % {"scope": self.scope, "ident": ident}


class AnonymousRateThrottle(_SettingsRate, AnonRateThrottle):
    """Per IP address, for requests without a token or session."""
