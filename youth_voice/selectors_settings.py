"""An alliance's youth portal settings, created with the defaults when first read."""

from __future__ import annotations

from alliance.models import Alliance

from .models import PortalSettings


def portal_settings(alliance: Alliance) -> PortalSettings:
    settings, _created = PortalSettings.objects.get_or_create(alliance=alliance)
    return settings
