"""Every page of the common agenda, partners and people areas passes axe, for the role that
uses it, in Danish (the walks in test_common_agenda.py cover the flows; this covers the pages
they pass by)."""

from __future__ import annotations

import pytest
from playwright.sync_api import Page, expect

from alliance.models import Commitment, FocusArea, Goal, Membership, Organisation
from workgroups.models import GroupMember

from .axe import assert_no_axe_violations
from .conftest import Demo
from .test_common_agenda import log_in

pytestmark = pytest.mark.e2e


def _pages(slug: str) -> list[str]:
    goal = Goal.objects.filter(alliance__slug=slug).first()
    area = FocusArea.objects.filter(alliance__slug=slug).first()
    signed = Commitment.objects.filter(alliance__slug=slug, status="signed").first()
    partner = Organisation.objects.filter(alliance__slug=slug).first()
    membership = Membership.objects.filter(alliance__slug=slug, role="member").first()
    seat = GroupMember.objects.filter(group__alliance__slug=slug, group__kind="steering").first()
    base = f"/{slug}"
    return [
        f"{base}/agenda/versions/",
        f"{base}/agenda/versions/1/",
        f"{base}/agenda/working-copy/",
        f"{base}/agenda/publish/",
        f"{base}/agenda/focus-areas/new/",
        f"{base}/agenda/focus-areas/{area.pk}/edit/",
        f"{base}/agenda/focus-areas/{area.pk}/delete/",
        f"{base}/agenda/goals/new/",
        f"{base}/agenda/goals/{goal.pk}/edit/",
        f"{base}/agenda/goals/{goal.pk}/delete/",
        f"{base}/partners/new/",
        f"{base}/partners/{partner.pk}/edit/",
        f"{base}/partners/{signed.organisation_id}/",
        f"{base}/partners/{signed.organisation_id}/commitment/",
        f"{base}/partners/{signed.organisation_id}/signatures/1/",
        f"{base}/people/invite/",
        f"{base}/people/{membership.pk}/edit/",
        f"{base}/steering/seats/new/",
        f"{base}/steering/seats/{seat.pk}/edit/",
    ]


def test_every_secretariat_page_passes_axe(page: Page, demo: Demo):
    log_in(page, demo, "secretariat")
    for path in _pages(demo.slug):
        response = page.goto(path)
        assert response.status == 200, path
        expect(page.locator("html")).to_have_attribute("lang", "da")
        assert_no_axe_violations(page)
