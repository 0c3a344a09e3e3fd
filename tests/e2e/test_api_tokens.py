"""The API in the browser: a coordinator makes a personal API key on their keys page (found
from the header), copies it, and their own system uses it against the live server to read the
summaries and report a value, which the secretariat then finds waiting on the approvals page.
The API docs (Swagger UI, served by the platform itself) render under the CSP."""

from __future__ import annotations

import json
import urllib.error
import urllib.request
from datetime import date

import pytest
from playwright.sync_api import Page, expect

from alliance.models import Membership, Role
from measurement.models import Aggregation, DataPoint, DataPointStatus, Unit
from measurement.periods import period_code
from measurement.selectors import indicators_reportable_by

from .axe import assert_no_axe_violations, assert_no_browser_errors
from .conftest import DESKTOP, Demo, _new_context
from .test_common_agenda import log_in
from .test_foundation import no_horizontal_scroll, t

pytestmark = pytest.mark.e2e

COMMENT = "Indberettet fra vores eget system"


def call_api(demo: Demo, key: str, path: str, body: dict | None = None) -> tuple[int, dict]:
    """What an outside system does: one request with the key, as JSON."""
    request = urllib.request.Request(  # noqa: S310 - the live server
        demo.base_url + path,
        data=json.dumps(body).encode() if body is not None else None,
        headers={"Authorization": f"Bearer {key}", "Content-Type": "application/json"},
        method="POST" if body is not None else "GET",
    )
    try:
        with urllib.request.urlopen(request, timeout=10) as response:  # noqa: S310 - the live server
            return response.status, json.loads(response.read())
    except urllib.error.HTTPError as error:
        return error.code, json.loads(error.read() or b"{}")


def make_key(page: Page, demo: Demo, name: str) -> str:
    page.get_by_role("link", name=t("API keys")).first.click()
    expect(page.get_by_role("heading", level=1)).to_have_text(t("API keys"))
    form = page.locator("main form").last
    form.get_by_label(t("Name")).fill(name)
    form.get_by_role("button", name=t("Make the key")).click()
    expect(page.locator("#new-token")).to_contain_text(name)
    return page.locator("#new-token-value").input_value()


def a_count_the_coordinator_reports(demo: Demo):
    membership = Membership.objects.get(
        user__email=demo.email("coordinator"), alliance__slug=demo.slug, role=Role.COORDINATOR
    )
    return (
        indicators_reportable_by(membership)
        .filter(aggregation=Aggregation.SUM, unit=Unit.COUNT)
        .order_by("code")
        .first()
    )


def test_a_coordinators_key_reads_summaries_and_reports_a_value_for_approval(
    page: Page, demo: Demo, browser
):
    # given: the coordinator makes a key on their keys page
    log_in(page, demo, "coordinator")
    key = make_key(page, demo, "Vores system")
    expect(page.get_by_role("button", name=t("Copy the key"))).to_be_visible()
    assert key.startswith("alp_")
    assert_no_axe_violations(page)

    # when: their own system reads the summaries and reports a value with the key
    base = f"/api/v1/alliances/{demo.slug}/"
    status, summaries = call_api(demo, key, base + "summaries/?limit=5")
    indicator = a_count_the_coordinator_reports(demo)
    period = period_code(indicator.frequency, date(2030, 1, 1))
    status_post, created = call_api(
        demo,
        key,
        base + "data-points/",
        {"indicator": indicator.pk, "period": period, "value": 17, "comment": COMMENT},
    )

    # then: the figures came back, and the value waits for the secretariat as submitted
    assert status == 200
    assert summaries["count"] > 0 and len(summaries["results"]) == 5
    assert status_post == 201, created
    assert created["status"] == "submitted"
    assert DataPoint.objects.get(pk=created["id"]).status == DataPointStatus.SUBMITTED

    page.reload()  # the key is shown only once, and now it has been used
    expect(page.locator("#new-token")).to_have_count(0)
    expect(page.locator("main table")).to_contain_text("Vores system")
    expect(page.locator("main table")).not_to_contain_text(t("Never"))

    secretariat = _new_context(browser, demo.base_url, DESKTOP).new_page()
    log_in(secretariat, demo, "secretariat")
    secretariat.goto(f"/{demo.slug}/measurement/approvals/?indicator={indicator.pk}")
    waiting = secretariat.locator("main tr").filter(has_text=COMMENT)
    expect(waiting).to_have_count(1)
    assert_no_axe_violations(secretariat)
    secretariat.context.close()


def test_a_key_is_revoked_on_a_phone_and_stops_working(phone_page: Page, demo: Demo):
    log_in(phone_page, demo, "steering")
    phone_page.goto(f"/{demo.slug}/api-tokens/")
    form = phone_page.locator("main form").last
    form.get_by_label(t("Name")).fill("Gammel nøgle")
    form.get_by_role("button", name=t("Make the key")).click()
    key = phone_page.locator("#new-token-value").input_value()
    no_horizontal_scroll(phone_page, 360)
    assert_no_axe_violations(phone_page)
    assert call_api(demo, key, f"/api/v1/alliances/{demo.slug}/indicators/")[0] == 200

    phone_page.get_by_role("button", name=t("Revoke")).first.click()

    expect(phone_page.locator(".alert-success")).to_contain_text("Gammel nøgle")
    expect(phone_page.locator("main table")).to_contain_text(t("Revoked"))
    assert call_api(demo, key, f"/api/v1/alliances/{demo.slug}/indicators/")[0] == 401


def test_the_api_docs_render_from_the_platform_itself(page: Page, demo: Demo):
    hosts: set[str] = set()
    page.on("request", lambda request: hosts.add(request.url.split("/")[2]))

    page.goto("/api/docs/")

    expect(page.locator(".swagger-ui .info .title")).to_contain_text("Alliance platform API")
    expect(page.locator(".swagger-ui .opblock").first).to_be_visible()
    expect(page.get_by_role("button", name="Authorize")).to_be_visible()
    assert hosts == {demo.base_url.split("/")[2]}
    assert_no_browser_errors(page)
