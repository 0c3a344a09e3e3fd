"""Data for the youth portal's tests: an open portal, inputs with their receipt codes."""

from __future__ import annotations

import uuid

import pytest
from django.urls import reverse
from django.utils import translation

from tests.factories import AllianceFactory
from youth_voice.codes import link_token
from youth_voice.models import LegalBasis, PortalSettings, YouthInput
from youth_voice.selectors_settings import portal_settings
from youth_voice.services_input import input_create


def portal_alliance(*, legal_basis: str = LegalBasis.CONSENT, **settings_values):
    """An alliance with its portal open and the given settings."""
    alliance = AllianceFactory()
    settings = portal_settings(alliance)
    settings.legal_basis = legal_basis
    for name, value in settings_values.items():
        setattr(settings, name, value)
    settings.save()
    return alliance


def settings_of(alliance) -> PortalSettings:
    return portal_settings(alliance)


def sent_input(alliance, *, text: str = "Flere bænke i skolegården", kind: str = "idea", **kw):
    """An input sent through the service; returns (input, code)."""
    return input_create(alliance=alliance, kind=kind, text=text, **kw)


def url(name: str, alliance, **kwargs) -> str:
    return reverse(f"youth_voice:{name}", kwargs={"alliance_slug": alliance.slug, **kwargs})


def follow_url(alliance, code: str) -> str:
    return url("follow_link", alliance, token=link_token(code))


def input_post(**overrides) -> dict:
    data = {"kind": "idea", "text": "Flere bænke i skolegården", "website": ""}
    data.update(overrides)
    return data


def inputs_of(alliance):
    return YouthInput.objects.filter(alliance=alliance)


def da(message: str, **params) -> str:
    """The Danish text of a message, as the pages show it."""
    with translation.override("da"):
        text = translation.gettext(message)
    return text % params if params else text


@pytest.fixture
def own_cache(settings):
    """Rate limits are counted in the shared cache per IP: each test gets keys of its own."""
    caches = {alias: dict(config) for alias, config in settings.CACHES.items()}
    for config in caches.values():
        config["KEY_PREFIX"] = f"yp-{uuid.uuid4().hex[:12]}"
    settings.CACHES = caches
