"""An alliance's youth portal settings: the stored row, or the defaults (unsaved) until the
secretariat saves them. Reading never writes."""

from __future__ import annotations

from alliance.models import Alliance

from .models import PortalSettings


def _or_defaults(alliance: Alliance, stored: PortalSettings | None) -> PortalSettings:
    return stored if stored is not None else PortalSettings(alliance=alliance)


def portal_settings(alliance: Alliance) -> PortalSettings:
    return _or_defaults(alliance, PortalSettings.objects.filter(alliance=alliance).first())


def portal_by_slug(slug: str) -> tuple[Alliance, PortalSettings] | None:
    """The alliance with this slug and its portal settings, in one query; None for no alliance."""
    alliance = Alliance.objects.select_related("youth_settings").filter(slug=slug).first()
    if alliance is None:
        return None
    try:
        stored = alliance.youth_settings
    except PortalSettings.DoesNotExist:
        stored = None
    return alliance, _or_defaults(alliance, stored)
