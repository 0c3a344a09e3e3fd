"""Access to the youth portal: open to anyone, no login, for an alliance whose portal is open.

The staff pages (moderation, routing, surveys) use `alliance.access.alliance_view` with the
capabilities in `alliance.permissions`; moderators appointed by the secretariat are checked by
`youth_voice.permissions.can_moderate`.
"""

from __future__ import annotations

from collections.abc import Callable
from functools import wraps

from django.http import Http404, HttpRequest, HttpResponse

from alliance.access import membership_for
from alliance.models import Alliance

from .limits import browser_cookie_set
from .models import PortalSettings


def youth_portal_view(view: Callable[..., HttpResponse]) -> Callable[..., HttpResponse]:
    """Decorate a portal view taking `(request, alliance, ...)`, routed with `alliance_slug`.

    Sets `request.alliance`, `request.membership` (None for an anonymous young person) and
    `request.youth_settings`. An unknown alliance or a closed portal is a 404. The alliance and
    its portal settings are read in one query; a browser key the rate limits made for this
    request (youth_voice.limits) is set as its cookie on the response.
    """

    @wraps(view)
    def wrapper(request: HttpRequest, alliance_slug: str, *args, **kwargs) -> HttpResponse:
        alliance = (
            Alliance.objects.select_related("youth_settings").filter(slug=alliance_slug).first()
        )
        if alliance is None:
            raise Http404
        try:
            settings = alliance.youth_settings
        except PortalSettings.DoesNotExist:
            # The defaults, unsaved: reading never writes (selectors_settings.portal_settings).
            settings = PortalSettings(alliance=alliance)
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
