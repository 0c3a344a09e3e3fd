"""An alliance's youth portal settings: the stored row, or the defaults (unsaved) until the
secretariat saves them. Reading never writes."""

from __future__ import annotations

from alliance.models import Alliance

from .models import PortalSettings


def portal_settings(alliance: Alliance) -> PortalSettings:
    stored = PortalSettings.objects.filter(alliance=alliance).first()
    return stored if stored is not None else PortalSettings(alliance=alliance)
