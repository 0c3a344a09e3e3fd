"""Access to an alliance from a request: the decorator every alliance view uses.

Resolve the alliance from the URL, find the person's active membership, and answer:
anonymous -> login; not a member -> 404 (nothing leaks that the alliance or object exists);
a member whose role lacks the capability -> 403. Objects are looked up within the alliance, so
another alliance's object is a 404 too.
"""

from __future__ import annotations

from collections.abc import Callable
from functools import wraps

from django.contrib.auth.views import redirect_to_login
from django.core.exceptions import ImproperlyConfigured, PermissionDenied
from django.http import Http404, HttpRequest, HttpResponse

from .models import Alliance, Membership
from .permissions import CAPABILITIES, has_capability
from .selectors_notifications import unread_notifications_subquery


def membership_for(*, user, alliance: Alliance) -> Membership | None:
    """The user's active membership of the alliance, or None."""
    if not user.is_authenticated:
        return None
    return (
        Membership.objects.active()
        .select_related("organisation")
        # The header's unread count comes with the membership: no query of its own per page.
        .annotate(unread_notifications=unread_notifications_subquery())
        .filter(user=user, alliance=alliance)
        .first()
    )


def alliance_view(capability: str | None = "view_home", *, allow_public: bool = False) -> Callable:
    """Decorate a view taking `(request, alliance, ...)` and routed with `<slug:alliance_slug>`.

    `allow_public=True` lets anyone read the view of a publicly listed alliance; the view then
    gets `request.membership` None for a visitor and must show only published content.
    """

    if capability is not None and capability not in CAPABILITIES:
        # A typo in a capability fails when the module is imported, not for a member at runtime.
        raise ImproperlyConfigured(f"Unknown capability: {capability}")

    def decorator(view: Callable[..., HttpResponse]) -> Callable[..., HttpResponse]:
        @wraps(view)
        def wrapper(request: HttpRequest, alliance_slug: str, *args, **kwargs) -> HttpResponse:
            alliance = Alliance.objects.filter(slug=alliance_slug).first()
            public_ok = allow_public and alliance is not None and alliance.is_public
            if not request.user.is_authenticated and not public_ok:
                return redirect_to_login(request.get_full_path())
            if alliance is None:
                raise Http404
            membership = membership_for(user=request.user, alliance=alliance)
            request.alliance = alliance
            request.membership = membership
            if membership is None:
                if public_ok:
                    return view(request, alliance, *args, **kwargs)
                raise Http404
            if capability is not None and not has_capability(membership, capability):
                raise PermissionDenied
            return view(request, alliance, *args, **kwargs)

        wrapper.alliance_capability = capability
        wrapper.alliance_allow_public = allow_public
        return wrapper

    return decorator
