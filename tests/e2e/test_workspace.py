"""The secretariat's workspace in a real browser.

On the demo alliance the secretariat sees on its overview how many things wait, opens
Arbejdsbord from the main menu, finds the values waiting for approval counted as the database
counts them, follows the line's oldest value to the approvals page, where that value is shown,
and the line's own link to the whole list. axe runs on the workspace at desktop and phone size;
both are photographed under /tmp/shots/workspace/ and the phone page must not scroll sideways.
"""

from __future__ import annotations

import os
import re
from pathlib import Path

import pytest
from django.utils import translation
from playwright.sync_api import Page, expect

from measurement.models import DataPoint, DataPointStatus

from .axe import assert_no_axe_violations
from .conftest import DESKTOP, PHONE, Demo
from .test_common_agenda import log_in
from .test_foundation import no_horizontal_scroll, t, url_of

pytestmark = pytest.mark.e2e

SHOTS = Path(os.environ.get("WORKSPACE_SHOTS_DIR", "/tmp/shots/workspace"))


def waiting_for_approval(demo: Demo) -> list[DataPoint]:
    """The demo's submitted values, the first submitted first (as the workspace orders them)."""
    return list(
        DataPoint.objects.filter(
            indicator__alliance__slug=demo.slug, status=DataPointStatus.SUBMITTED
        ).order_by("updated_at", "pk")
    )


def waiting_text(count: int) -> str:
    """A queue's count as the Danish page writes it ("18 venter")."""
    with translation.override("da"):
        return translation.ngettext("%(n)s waiting", "%(n)s waiting", count) % {"n": count}


def check_both_sizes(page: Page, name: str) -> None:
    """axe and a screenshot at desktop size, then the same at phone size (no sideways scroll)."""
    SHOTS.mkdir(parents=True, exist_ok=True)
    assert_no_axe_violations(page)
    page.screenshot(path=str(SHOTS / f"{name}-1280.png"), full_page=True)
    page.set_viewport_size(PHONE)
    try:
        no_horizontal_scroll(page, PHONE["width"])
        assert_no_axe_violations(page)
        page.screenshot(path=str(SHOTS / f"{name}-360.png"), full_page=True)
    finally:
        page.set_viewport_size(DESKTOP)


def test_secretariat_opens_the_workspace_and_follows_the_approval_queue(page: Page, demo: Demo):
    waiting = waiting_for_approval(demo)
    assert waiting, "the demo has values waiting for approval"
    oldest = waiting[0]
    log_in(page, demo, "secretariat")

    # given the overview tells how many things wait in the workspace
    overview_line = page.get_by_role("link", name=re.compile(re.escape(t("Workspace")) + r": \d+ "))
    expect(overview_line).to_be_visible()
    total = int(re.search(r"\d+", overview_line.inner_text()).group())

    # when they open the workspace from the main menu
    page.get_by_role("navigation", name=t("Main menu")).get_by_role(
        "link", name=t("Workspace")
    ).click()

    # then the approval queue shows the number the database has, the total matches the overview
    expect(page).to_have_url(url_of(demo, f"/{demo.slug}/workspace/"))
    expect(page.locator("h1")).to_have_text(t("Workspace"))
    expect(page.locator("#workspace-total")).to_contain_text(f"{total} ")
    line = page.locator("#queue-approvals")
    expect(line.get_by_role("heading", level=3)).to_have_text(t("Values waiting for approval"))
    expect(page.locator("#queue-approvals-count")).to_have_text(waiting_text(len(waiting)))
    expect(line).to_contain_text(t("oldest: %(age)s", age=""))
    check_both_sizes(page, "workspace")

    # when they follow the line's oldest value
    line.locator("#queue-approvals-oldest").click()

    # then the approvals page shows that value
    expect(page).to_have_url(url_of(demo, f"/{demo.slug}/measurement/approvals/"))
    expect(page.locator("h1")).to_have_text(t("Values to approve"))
    expect(page.locator(f"#choose-{oldest.pk}")).to_be_attached()
    row = page.locator("tr", has=page.locator(f"#choose-{oldest.pk}"))
    expect(row).to_be_visible()
    expect(row).to_contain_text(oldest.organisation.name)
    assert_no_axe_violations(page)

    # and the line's own link opens the whole list of values waiting
    page.go_back()
    line.get_by_role("link", name=t("Open the values to approve")).click()
    expect(page).to_have_url(demo.base_url + f"/{demo.slug}/measurement/approvals/")
    expect(page.locator("#waiting-heading")).to_contain_text(str(len(waiting)))
    expect(page.locator(f"#choose-{oldest.pk}")).to_be_attached()
