"""Reads of notifications."""

from __future__ import annotations

from django.db.models import Count, IntegerField, OuterRef, Subquery
from django.db.models.functions import Coalesce

from .models import Alliance, Notification, User


def unread_notifications_subquery() -> Coalesce:
    """An expression for a Membership queryset: the member's unread notifications in its
    alliance (annotate the membership with it, so pages need no query of their own)."""
    unread = (
        Notification.objects.filter(
            user=OuterRef("user_id"), alliance=OuterRef("alliance_id"), read_at__isnull=True
        )
        .order_by()
        .values("user")
        .annotate(count=Count("pk"))
        .values("count")
    )
    return Coalesce(Subquery(unread, output_field=IntegerField()), 0)


def unread_count(*, user: User, alliance: Alliance) -> int:
    """The person's unread notifications in the alliance."""
    return Notification.objects.unread().filter(user=user, alliance=alliance).count()
