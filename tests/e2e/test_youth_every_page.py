"""Every page of the youth portal on a phone, anonymous: Danish, axe-clean, no horizontal scroll,
and nothing requested from another site and no cookie of another site; every staff page of youth
voice for the secretariat on a desktop passes axe."""

from __future__ import annotations

from urllib.parse import urlsplit

import pytest
from playwright.sync_api import Page, expect

from youth_voice.models import Moderation, Survey, SurveyStatus, YouthInput

from .axe import assert_no_axe_violations
from .conftest import PHONE, Demo
from .test_common_agenda import log_in
from .test_foundation import no_horizontal_scroll

pytestmark = pytest.mark.e2e

# The only cookies a youth page may set: the platform's own session, CSRF token and language.
OWN_COOKIES = {"sessionid", "csrftoken", "django_language"}


def _portal_pages(slug: str) -> list[str]:
    published = YouthInput.objects.filter(
        alliance__slug=slug, moderation=Moderation.PUBLISHED
    ).first()
    survey = Survey.objects.filter(alliance__slug=slug, status=SurveyStatus.OPEN).first()
    base = f"/{slug}/ung"
    return [
        f"{base}/",
        f"{base}/send/",
        f"{base}/foelg/",
        f"{base}/forslag/",
        f"{base}/forslag/{published.pk}/",
        f"{base}/forslag/{published.pk}/anmeld/",
        f"{base}/i-sagde-vi-gjorde/",
        f"{base}/maalinger/",
        f"{base}/maalinger/{survey.pk}/",
        f"{base}/privatliv/",
        f"{base}/konto/",
    ]


def test_every_portal_page_works_on_a_phone_without_other_sites(phone_page: Page, demo: Demo):
    page = phone_page
    origin = urlsplit(demo.base_url).netloc
    requested: list[str] = []
    page.on("request", lambda request: requested.append(request.url))

    for path in _portal_pages(demo.slug):
        response = page.goto(path)
        assert response.status == 200, path
        expect(page.locator("html")).to_have_attribute("lang", "da")
        expect(page.locator("h1")).to_have_count(1)
        no_horizontal_scroll(page, PHONE["width"])
        assert_no_axe_violations(page)

    elsewhere = [url for url in requested if urlsplit(url).netloc not in ("", origin)]
    assert elsewhere == [], elsewhere
    cookies = page.context.cookies()
    assert {cookie["name"] for cookie in cookies} <= OWN_COOKIES
    assert {cookie["domain"] for cookie in cookies} <= {urlsplit(demo.base_url).hostname}


def _staff_pages(slug: str) -> list[str]:
    pending = YouthInput.objects.filter(alliance__slug=slug, moderation=Moderation.PENDING).first()
    routed = YouthInput.objects.filter(alliance__slug=slug, routed_group__isnull=False).first()
    survey = Survey.objects.filter(alliance__slug=slug).first()
    base = f"/{slug}/youth"
    return [
        f"{base}/",
        f"{base}/overdue/",
        f"{base}/moderation/",
        f"{base}/{pending.pk}/moderate/",
        f"{base}/{routed.pk}/",
        f"{base}/panel/",
        f"{base}/settings/",
        f"{base}/surveys/",
        f"{base}/surveys/new/",
        f"{base}/surveys/{survey.pk}/",
        f"{base}/surveys/{survey.pk}/results/",
    ]


def test_every_youth_staff_page_passes_axe(page: Page, demo: Demo):
    log_in(page, demo, "secretariat")
    for path in _staff_pages(demo.slug):
        response = page.goto(path)
        assert response.status == 200, path
        expect(page.locator("html")).to_have_attribute("lang", "da")
        assert_no_axe_violations(page)
