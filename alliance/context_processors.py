"""Template context every page needs: the current alliance, the membership and the navigation."""

from __future__ import annotations

from django.conf import settings
from django.http import HttpRequest

from .navigation import nav_items_for


def alliance_context(request: HttpRequest) -> dict:
    alliance = getattr(request, "alliance", None)
    membership = getattr(request, "membership", None)
    return {
        "alliance": alliance,
        "membership": membership,
        "nav_items": nav_items_for(request, alliance=alliance, membership=membership),
        "platform_name": settings.PLATFORM_NAME,
    }
