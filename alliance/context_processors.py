"""Template context every page needs: the current alliance, the membership and the navigation."""

from __future__ import annotations

from django.conf import settings
from django.http import HttpRequest
from django.utils.functional import SimpleLazyObject

from .navigation import nav_items_for
from .selectors_notifications import unread_count


def _unread_notifications(request: HttpRequest, alliance, membership):
    """The person's unread notifications in this alliance: annotated on the membership by
    `alliance.access.membership_for`, else counted only when a template shows it."""
    if alliance is None or membership is None:
        return 0
    annotated = getattr(membership, "unread_notifications", None)
    if annotated is not None:
        return annotated
    return SimpleLazyObject(lambda: unread_count(user=request.user, alliance=alliance))


def alliance_context(request: HttpRequest) -> dict:
    alliance = getattr(request, "alliance", None)
    membership = getattr(request, "membership", None)
    return {
        "alliance": alliance,
        "membership": membership,
        "nav_items": nav_items_for(request, alliance=alliance, membership=membership),
        "platform_name": settings.PLATFORM_NAME,
        "unread_notifications": _unread_notifications(request, alliance, membership),
    }
