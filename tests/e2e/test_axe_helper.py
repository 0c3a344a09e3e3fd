"""The checks the browser tests rely on do catch what they claim to catch.

Pages are served by Playwright's request routing (no app involved) with the app's own CSP
header, so a green browser suite means "no problems", not "nothing was checked".
"""

from __future__ import annotations

import pytest
from playwright.sync_api import Page

from .axe import assert_no_axe_violations, problems_of

pytestmark = pytest.mark.e2e

PROBE_URL = "http://probe.test/page"
CSP = "default-src 'self'; img-src 'self' data:; object-src 'none'"


def serve(page: Page, body: str) -> None:
    page.route(
        PROBE_URL,
        lambda route: route.fulfill(
            status=200,
            content_type="text/html; charset=utf-8",
            headers={"Content-Security-Policy": CSP},
            body=body,
        ),
    )
    page.goto(PROBE_URL)


def test_axe_violation_fails_with_rule_and_target(bare_page: Page):
    page = bare_page
    serve(
        page,
        '<!DOCTYPE html><html lang="da"><head><title>Probe</title></head>'
        '<body><main><h1>Probe</h1><img id="no-alt" src="data:image/gif;base64,'
        'R0lGODlhAQABAAAAACw="></main></body></html>',
    )

    with pytest.raises(AssertionError) as failure:
        assert_no_axe_violations(page)

    message = str(failure.value)
    assert "image-alt (critical)" in message
    assert "#no-alt" in message


def test_inline_script_blocked_by_csp_fails_the_check(bare_page: Page):
    page = bare_page
    serve(
        page,
        '<!DOCTYPE html><html lang="da"><head><title>Probe</title></head>'
        "<body><main><h1>Probe</h1><script>document.title = 'ran';</script></main></body></html>",
    )

    with pytest.raises(AssertionError) as failure:
        assert_no_axe_violations(page)

    message = str(failure.value)
    assert "CSP violation: script-src-elem blocked 'inline'" in message
    assert "console error" in message
    assert page.title() == "Probe"
    assert not problems_of(page).lines()  # reported once, so the fixture does not fail again
