"""Access to the youth portal: open to anyone, no login, for an alliance whose portal is open.

The staff pages (moderation, routing, surveys) use `alliance.access.alliance_view` with the
capabilities in `alliance.permissions`; moderators appointed by the secretariat are checked by
`youth_voice.permissions.can_moderate`.
"""

from __future__ import annotations

import time
from collections.abc import Callable
from functools import wraps

from django.http import Http404, HttpRequest, HttpResponse

from alliance.access import membership_for
from alliance.models import Alliance

from .limits import browser_cookie_set
from .models import PortalSettings
from .selectors_settings import portal_by_slug

# The alliance and its portal settings by slug, as this process read them lately. The portal
# takes the platform's most anonymous traffic (a school class sending at once), and both change
# rarely: the process that saves a change sees it at once (every save empties this), the others
# within PORTAL_CACHE_SECONDS. The instances are shared by the requests of the process: views
# read them and never change them.
PORTAL_CACHE_SECONDS = 5.0
_PORTAL_CACHE_SIZE = 256
_portals: dict[str, tuple[float, Alliance, PortalSettings]] = {}


def _portal(slug: str) -> tuple[Alliance, PortalSettings] | None:
    now = time.monotonic()
    kept = _portals.get(slug)
    if kept is not None and kept[0] > now:
        return kept[1], kept[2]
    portal = portal_by_slug(slug)
    if portal is None:
        return None
    if len(_portals) >= _PORTAL_CACHE_SIZE:
        _portals.clear()
    _portals[slug] = (now + PORTAL_CACHE_SECONDS, *portal)
    return portal


def portal_cache_clear(**_kwargs) -> None:
    """Forget every alliance and portal settings read (on a save or delete of either)."""
    _portals.clear()


def youth_portal_view(view: Callable[..., HttpResponse]) -> Callable[..., HttpResponse]:
    """Decorate a portal view taking `(request, alliance, ...)`, routed with `alliance_slug`.

    Sets `request.alliance`, `request.membership` (None for an anonymous young person) and
    `request.youth_settings`. An unknown alliance or a closed portal is a 404. The alliance and
    its portal settings are read in one query, kept a few seconds by the process (`_portal`); a
    browser key the rate limits made for this request (youth_voice.limits) is set as its cookie
    on the response.
    """

    @wraps(view)
    def wrapper(request: HttpRequest, alliance_slug: str, *args, **kwargs) -> HttpResponse:
        portal = _portal(alliance_slug)
        if portal is None:
            raise Http404
        alliance, settings = portal
        if not settings.is_open:
            raise Http404
        request.alliance = alliance
        request.membership = membership_for(user=request.user, alliance=alliance)
        request.youth_settings = settings
        response = view(request, alliance, *args, **kwargs)
        browser_cookie_set(request, response)
        return response

    wrapper.youth_portal = True
    return wrapper
