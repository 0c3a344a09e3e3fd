"""Request middleware of the platform."""

import time

from django.conf import settings
from django.contrib import messages
from django.contrib.auth import logout
from django.middleware.locale import LocaleMiddleware
from django.utils import translation
from django.utils.translation import gettext as _


class DanishFirstLocaleMiddleware(LocaleMiddleware):
    """Danish unless the person chose another language with the switcher (the language cookie).

    The browser's Accept-Language is deliberately ignored: the alliances' shared language is
    Danish, and English is a choice, not a guess from a staff member's operating system.
    """

    def process_request(self, request):
        language = request.COOKIES.get(settings.LANGUAGE_COOKIE_NAME)
        if language not in dict(settings.LANGUAGES):
            language = settings.LANGUAGE_CODE
        translation.activate(language)
        request.LANGUAGE_CODE = translation.get_language()


# Session keys: when the person logged in, and when a request of theirs was last seen (seconds
# since the epoch). The last-seen time is written at most once a minute, so a page view does
# not save the session each time.
SESSION_STARTED_KEY = "session_started_at"
SESSION_SEEN_KEY = "session_seen_at"
SEEN_WRITE_EVERY = 60


def session_lifetime_start(request) -> None:
    """Stamp a fresh login's session (called when a person logs in)."""
    now = int(time.time())
    request.session[SESSION_STARTED_KEY] = now
    request.session[SESSION_SEEN_KEY] = now


class SessionLifetimeMiddleware:
    """Ends a login after settings.SESSION_IDLE_SECONDS without a request, and in any case
    settings.SESSION_COOKIE_AGE after it began. The request then goes on as an anonymous one
    (a page sends the person to the login, the API answers 401), with a message saying why."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        user = getattr(request, "user", None)
        if user is not None and user.is_authenticated:
            self._check(request)
        return self.get_response(request)

    def _check(self, request) -> None:
        session = request.session
        now = int(time.time())
        started = session.get(SESSION_STARTED_KEY)
        seen = session.get(SESSION_SEEN_KEY)
        if started is None or seen is None:  # a session from before these keys existed
            session_lifetime_start(request)
            return
        idle = now - seen > settings.SESSION_IDLE_SECONDS
        too_old = now - started > settings.SESSION_COOKIE_AGE
        if idle or too_old:
            logout(request)
            messages.info(
                request,
                _("You were logged out after %(minutes)s minutes without activity.")
                % {"minutes": settings.SESSION_IDLE_SECONDS // 60}
                if idle
                else _("You were logged out because you logged in more than %(hours)s hours ago.")
                % {"hours": settings.SESSION_COOKIE_AGE // 3600},
            )
            return
        if now - seen >= SEEN_WRITE_EVERY:
            session[SESSION_SEEN_KEY] = now


class MfaRequiredMiddleware:
    """Sends a person whose role requires two-factor login (alliance.security) to set it up
    before anything else: every page but the account pages (log out, set up two-factor login)
    redirects there until an authenticator app is active. /admin/ requires it of everyone.

    Whether it is required is decided when the person logs in (a session flag), so pages cost no
    extra query; a person made secretariat while logged in is asked at their next login.
    """

    ALLOWED_PREFIXES = ("/accounts/", "/static/", "/health/", "/i18n/", "/media/")

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        user = getattr(request, "user", None)
        if user is not None and user.is_authenticated and self._must_set_up(request, user):
            return self._to_set_up(request)
        return self.get_response(request)

    def _must_set_up(self, request, user) -> bool:
        from alliance.security import MFA_REQUIRED_KEY, mfa_enabled_for

        path = request.path_info
        if path.startswith(self.ALLOWED_PREFIXES):
            return False
        if path.startswith("/admin/"):
            return settings.MFA_REQUIRED and not mfa_enabled_for(user)
        if not request.session.get(MFA_REQUIRED_KEY):
            return False
        if mfa_enabled_for(user):
            request.session[MFA_REQUIRED_KEY] = False
            return False
        return True

    def _to_set_up(self, request):
        from django.http import HttpResponseRedirect
        from django.urls import reverse

        messages.warning(
            request,
            _("Your role requires two-factor login. Set up an authenticator app to continue."),
        )
        target = reverse("mfa_activate_totp")
        response = HttpResponseRedirect(target)
        if request.headers.get("HX-Request"):
            response["HX-Redirect"] = target
        return response
