"""The API's permission layer: the same rules as the pages.

Resolve the alliance from the URL and the person's membership of it (from the token, or from
the session), and check the capability (alliance.permissions) of the page that shows the same
data. Not logged in: 401. An unknown alliance, one the person is not an active member of, or
another alliance than the token's: 404, so nothing tells whether it exists. A role without the
capability: 403.
"""

from __future__ import annotations

from django.core.exceptions import ImproperlyConfigured
from django.http import Http404
from django.utils.translation import gettext_lazy as _
from rest_framework.permissions import BasePermission

from alliance.access import membership_for
from alliance.models import Alliance
from alliance.permissions import CAPABILITIES, has_capability

from .models import ApiToken


def capability_for(view, method: str) -> str:
    """The capability a view declares for a method (`capabilities = {"GET": ..., ...}`)."""
    capabilities: dict[str, str] = view.capabilities
    capability = capabilities.get(method) or capabilities.get("*")
    if capability is None:  # a method the view does not serve: the view answers 405
        capability = next(iter(capabilities.values()))
    if capability not in CAPABILITIES:
        raise ImproperlyConfigured(f"Unknown capability: {capability}")
    return capability


class AllianceCapability(BasePermission):
    """Sets `request.alliance` and `request.membership` for the view."""

    message = _("Your role in the alliance does not give access to this.")

    def has_permission(self, request, view) -> bool:
        if not request.user or not request.user.is_authenticated:
            return False  # DRF answers 401: not authenticated
        alliance = Alliance.objects.filter(slug=view.kwargs.get("alliance_slug", "")).first()
        if alliance is None:
            raise Http404
        token = request.auth if isinstance(request.auth, ApiToken) else None
        if token is not None:
            if token.alliance_id != alliance.pk:
                raise Http404
            membership = token.membership
        else:
            membership = membership_for(user=request.user, alliance=alliance)
        if membership is None:
            raise Http404
        request.alliance = alliance
        request.membership = membership
        return has_capability(membership, capability_for(view, request.method))
