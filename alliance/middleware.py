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
