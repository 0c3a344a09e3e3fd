"""Accessibility and browser-hygiene checks for the browser tests.

`assert_no_axe_violations(page)` runs the vendored axe-core against the page for WCAG 2.1 A and
AA and fails with a readable list of what is wrong. It also fails on anything the browser
complained about since the page was opened: console errors, uncaught exceptions and
Content-Security-Policy violations (the app sends `default-src 'self'`, so a violation means
something was loaded from elsewhere or something inline was blocked).

axe is injected with `page.evaluate`, which runs over the DevTools protocol and is not subject
to the page's CSP; `add_script_tag` with inline content would be blocked by that CSP, and
`bypass_csp` would hide the very violations we want to see.
"""

from __future__ import annotations

import weakref
from dataclasses import dataclass, field
from functools import cache
from pathlib import Path

from playwright.sync_api import BrowserContext, ConsoleMessage, Error, Page

AXE_PATH = Path(__file__).parent / "vendor" / "axe.min.js"
WCAG_TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"]

# The page reports CSP violations through this binding; the listener is installed before any of
# the page's own scripts run, on every document the context opens.
_CSP_BINDING = "__e2eReportCspViolation"
_CSP_LISTENER = f"""
document.addEventListener("securitypolicyviolation", (event) => {{
  window.{_CSP_BINDING}({{
    directive: event.effectiveDirective || event.violatedDirective,
    blocked: event.blockedURI,
    source: event.sourceFile,
    line: event.lineNumber,
    sample: event.sample,
    document: event.documentURI,
  }});
}});
"""

_RUN_AXE = """
async (tags) => {
  const results = await axe.run(document, {runOnly: {type: "tag", values: tags}});
  return results.violations.map((violation) => ({
    id: violation.id,
    impact: violation.impact,
    help: violation.help,
    helpUrl: violation.helpUrl,
    nodes: violation.nodes.map((node) => ({
      target: node.target.map(String).join(" "),
      html: node.html,
      summary: node.failureSummary,
    })),
  }));
}
"""


@dataclass
class BrowserProblems:
    """What the browser complained about while a test ran."""

    console_errors: list[str] = field(default_factory=list)
    page_errors: list[str] = field(default_factory=list)
    csp_violations: list[dict] = field(default_factory=list)

    def lines(self) -> list[str]:
        out = [f"console error: {text}" for text in self.console_errors]
        out += [f"uncaught exception: {text}" for text in self.page_errors]
        out += [
            "CSP violation: {directive} blocked {blocked!r} on {document} "
            "(source {source}:{line}, sample {sample!r})".format(**v)
            for v in self.csp_violations
        ]
        return out

    def clear(self) -> None:
        self.console_errors.clear()
        self.page_errors.clear()
        self.csp_violations.clear()


_problems: weakref.WeakKeyDictionary[BrowserContext, BrowserProblems] = weakref.WeakKeyDictionary()


def watch_context(context: BrowserContext) -> BrowserProblems:
    """Collect console errors, uncaught exceptions and CSP violations of every page in `context`.

    Call before the context opens its first page.
    """
    problems = BrowserProblems()
    _problems[context] = problems

    def on_console(message: ConsoleMessage) -> None:
        if message.type == "error":
            location = message.location or {}
            where = location.get("url", "")
            if location.get("lineNumber") is not None:
                where += f":{location['lineNumber']}"
            problems.console_errors.append(f"{message.text} (at {where or 'unknown'})")

    def on_page(page: Page) -> None:
        page.on("console", on_console)
        page.on("pageerror", lambda error: problems.page_errors.append(str(error)))

    context.expose_binding(
        _CSP_BINDING, lambda _source, violation: problems.csp_violations.append(violation)
    )
    context.add_init_script(_CSP_LISTENER)
    context.on("page", on_page)
    return problems


def problems_of(page: Page) -> BrowserProblems:
    try:
        return _problems[page.context]
    except KeyError:
        raise AssertionError(
            "This page's context is not watched: open it through the e2e `page` fixture."
        ) from None


def assert_no_browser_errors(page: Page) -> None:
    """Fail when the browser logged an error, threw, or blocked something under the CSP."""
    problems = problems_of(page)
    lines = problems.lines()
    if lines:
        problems.clear()  # report each problem once
        raise AssertionError(
            f"The browser reported {len(lines)} problem(s) (last page {page.url}):\n  "
            + "\n  ".join(lines)
        )


@cache
def _axe_source() -> str:
    return AXE_PATH.read_text(encoding="utf-8")


def axe_violations(page: Page) -> list[dict]:
    """The WCAG 2.1 A/AA violations axe finds on the page as it is now."""
    page.wait_for_load_state("load")
    try:
        has_axe = page.evaluate("typeof window.axe === 'object'")
    except Error:
        has_axe = False
    if not has_axe:
        page.evaluate(_axe_source())
    return page.evaluate(_RUN_AXE, WCAG_TAGS)


def format_violations(violations: list[dict], url: str) -> str:
    lines = [f"axe found {len(violations)} WCAG 2.1 A/AA violation(s) on {url}:"]
    for violation in violations:
        lines.append(
            f"- {violation['id']} ({violation['impact']}): {violation['help']}"
            f" <{violation['helpUrl']}>"
        )
        for node in violation["nodes"]:
            lines.append(f"    at {node['target']}")
            lines.append(f"       {node['html'][:200]}")
            summary = " ".join((node["summary"] or "").split())
            if summary:
                lines.append(f"       {summary[:300]}")
    return "\n".join(lines)


def assert_no_axe_violations(page: Page) -> None:
    """Fail on any WCAG 2.1 A/AA violation, console error or CSP violation on the page."""
    violations = axe_violations(page)
    assert not violations, format_violations(violations, page.url)
    assert_no_browser_errors(page)
