"""Hostile text in the places other people read it, checked in a real browser.

The secretariat saves markup, scripts and template syntax through the platform's own forms:
the common agenda (Markdown), a partner's name, a working group's name and purpose, and the
text of a young person's input it moderates and publishes. Where a form is impractical for the
test, a service saves them: an activity's title, a decision, the comment on a reported value
and a person's name. Then every page that shows any of them (found by reading every page the
secretariat can reach, starting from the alliance's front page) is opened in Chromium, and on
each: no dialog opens, no element from the text exists (`[data-fuzz]`, event handlers,
`javascript:` links), the injected scripts did not run (`window.__pwned`), the browser reports
no CSP violation or console error, and on the object's own page the text is visible as text.
"""

from __future__ import annotations

import re
from collections import Counter
from html.parser import HTMLParser
from pathlib import Path
from urllib.parse import urljoin, urlsplit

import pytest
from django.urls import Resolver404, resolve
from django.utils import timezone
from playwright.sync_api import Page, expect

from alliance.models import Alliance, Organisation, User
from initiatives.models import Activity
from initiatives.services import activity_save
from measurement.models import DataPoint
from tests.conftest import CsrfClient
from workgroups.models import Decision, Meeting, MinutesStatus, WorkGroup
from workgroups.services_meetings import decision_add
from youth_voice.codes import link_hash, link_token, new_receipt_code, receipt_hash
from youth_voice.models import Moderation, YouthInput

from .axe import assert_no_browser_errors, problems_of
from .conftest import Demo
from .test_common_agenda import log_in
from .test_foundation import t

pytestmark = pytest.mark.e2e

SHOTS = Path("/tmp/shots/fuzz")
# Markup that would run or show if it were not escaped; `window.__pwned` is set if any runs.
PAYLOAD = (
    '<i data-fuzz>x</i><script>window.__pwned=1</script><img src=x onerror="window.__pwned=1">'
    '"><svg onload="window.__pwned=1"> {{7*7}} ${7*7}'
)
MARKDOWN = (
    "FUZZ-AGENDA **fed** <i data-fuzz>x</i> <script>window.__pwned=1</script>\n\n"
    "[klik](javascript:window.__pwned=1) <img src=x onerror=window.__pwned=1>\n\n"
    '<a href="javascript:window.__pwned=1" data-fuzz>link</a> {{7*7}}'
)
# One token per place, so a page that shows the text can be found by it.
TOKENS = {
    "partner": "FUZZ-PARTNER",
    "group": "FUZZ-GROUP",
    "agenda": "FUZZ-AGENDA",
    "youth": "FUZZ-YOUTH",
    "activity": "FUZZ-ACTIVITY",
    "decision": "FUZZ-DECISION",
    "comment": "FUZZ-COMMENT",
    "person": "FUZZ-PERSON",
}
INJECTED = """() => ({
  fuzz: document.querySelectorAll('[data-fuzz]').length,
  handlers: document.querySelectorAll('[onerror], [onload]:not(body)').length,
  javascript: document.querySelectorAll('a[href^="javascript:" i]').length,
  pwned: window.__pwned !== undefined,
})"""
SKIPPED = re.compile(r"logout|/download|\.csv|\.ics|\.xlsx|/export|/feed|/api/|/admin/|/accounts/")
PER_VIEW = 2  # a list's first items stand for the rest


def text(place: str) -> str:
    return f"{TOKENS[place]} {PAYLOAD}"


def fill_and_submit(page: Page, values: dict[str, str]) -> None:
    """Fill the fields (by name) of the form in <main> that has the first of them, and send it."""
    first = next(iter(values))
    form = page.locator("main form").filter(has=page.locator(f"[name='{first}']"))
    for name, value in values.items():
        form.locator(f"[name='{name}']").fill(value)
    form.locator("button[type='submit'], button:not([type])").first.click()
    page.wait_for_load_state()


def assert_inert(page: Page, dialogs: list[str]) -> None:
    found = page.evaluate(INJECTED)
    assert found == {"fuzz": 0, "handlers": 0, "javascript": 0, "pwned": False}, page.url
    assert dialogs == [], f"a dialog opened on {page.url}: {dialogs}"
    assert_no_browser_errors(page)


class Links(HTMLParser):
    def __init__(self):
        super().__init__()
        self.hrefs: list[str] = []

    def handle_starttag(self, tag, attrs):
        href = dict(attrs).get("href")
        if tag == "a" and href:
            self.hrefs.append(href)


def _view_of(path: str) -> str:
    try:
        return resolve(path).view_name
    except Resolver404:
        return path


def pages_showing_tokens(demo: Demo, start: list[str]) -> dict[str, set[str]]:
    """The pages of the alliance that show a token, read as the secretariat (GET only) from
    its front page and `start`, at most PER_VIEW pages of each view: path -> the places whose
    token it shows."""
    client = CsrfClient()
    client.force_login(User.objects.get(email=demo.email("secretariat")))
    prefix = f"/{demo.slug}/"
    queue, seen, found = [*start, prefix, f"{prefix}ung/", f"{prefix}ung/forslag/"], set(), {}
    per_view: Counter = Counter()
    while queue:
        path = queue.pop(0)
        view = _view_of(path)
        if path in seen or per_view[view] >= PER_VIEW:
            continue
        seen.add(path)
        per_view[view] += 1
        response = client.get(path)
        assert response.status_code < 500, f"{path}: {response.status_code}"
        if response.status_code != 200 or "text/html" not in response.get("Content-Type", ""):
            continue
        html = response.content.decode()
        shown = {place for place, token in TOKENS.items() if token in html}
        if shown:
            found[path] = shown
        links = Links()
        links.feed(html)
        for href in links.hrefs:
            target = urlsplit(urljoin(path, href))
            if target.netloc or not target.path.startswith(prefix) or SKIPPED.search(href):
                continue
            if target.path not in seen:
                queue.append(target.path)
    print(
        f"\ncrawled {len(seen)} pages ({len(per_view)} views) of {prefix}; "
        f"{len(found)} show hostile text"
    )
    return found


def one_page_per_view(showing: dict[str, set[str]]) -> list[str]:
    """Of the pages of each view, enough to show every place that view shows."""
    chosen: list[str] = []
    covered: dict[str, set[str]] = {}
    for path, places in sorted(showing.items()):
        done = covered.setdefault(_view_of(path), set())
        if places - done:
            chosen.append(path)
            done |= places
    return chosen


def test_hostile_text_shows_as_text_on_every_page_that_shows_it(page: Page, demo: Demo):
    SHOTS.mkdir(parents=True, exist_ok=True)
    dialogs: list[str] = []
    page.on("dialog", lambda dialog: (dialogs.append(dialog.message), dialog.dismiss()))
    alliance = Alliance.objects.get(slug=demo.slug)
    secretariat = User.objects.get(email=demo.email("secretariat"))
    log_in(page, demo, "secretariat")

    # given hostile text saved through the forms: a partner, a working group, the agenda
    page.goto(f"/{demo.slug}/partners/new/")
    fill_and_submit(page, {"name": text("partner"), "description": text("partner")})
    partner = Organisation.objects.get(alliance=alliance, name=text("partner"))

    page.goto(f"/{demo.slug}/groups/new/")
    fill_and_submit(
        page, {"name": text("group")[:100], "slug": "fuzz-gruppe", "purpose": text("group")}
    )
    group = WorkGroup.objects.get(alliance=alliance, slug="fuzz-gruppe")

    page.goto(f"/{demo.slug}/agenda/working-copy/")
    fill_and_submit(
        page,
        {
            "vision": f"FUZZ-AGENDA {PAYLOAD}",
            "problem_understanding": MARKDOWN,
            "guiding_principles": MARKDOWN,
        },
    )
    page.goto(f"/{demo.slug}/agenda/publish/")
    fill_and_submit(page, {"note": text("agenda")})
    alliance.refresh_from_db()
    assert alliance.vision == f"FUZZ-AGENDA {PAYLOAD}"

    # ... a young person's input, moderated and published in the browser
    code = new_receipt_code()
    youth_input = YouthInput.objects.create(
        alliance=alliance,
        kind="idea",
        text=text("youth"),
        receipt_hash=receipt_hash(code),
        link_hash=link_hash(link_token(code)),
    )
    page.goto(f"/{demo.slug}/youth/{youth_input.pk}/moderate/")
    assert_inert(page, dialogs)
    page.get_by_label(t("Text shown")).fill(text("youth"))
    page.get_by_role("button", name=t("Publish"), exact=True).click()
    expect(page.locator(".alert-success")).to_be_visible()
    youth_input.refresh_from_db()
    assert youth_input.moderation == Moderation.PUBLISHED

    # ... and through the services: an activity, a decision, a value's comment, a name
    activity = activity_save(
        alliance=alliance,
        user=secretariat,
        group=WorkGroup.objects.filter(alliance=alliance, is_archived=False).first(),
        title=text("activity")[:150],
        description=text("activity"),
        is_public=True,
    )
    meeting = (
        Meeting.objects.filter(group__alliance=alliance, starts_at__lt=timezone.now())
        .exclude(minutes_status=MinutesStatus.PUBLISHED)
        .first()
    )
    decision = decision_add(
        meeting=meeting, user=secretariat, text=text("decision"), decided_by=text("decision")
    )
    datapoint = DataPoint.objects.filter(indicator__alliance=alliance).order_by("-pk").first()
    DataPoint.objects.filter(pk=datapoint.pk).update(comment=text("comment"))
    person = User.objects.get(email=demo.email("coordinator"))
    User.objects.filter(pk=person.pk).update(full_name=text("person")[:150])

    # when every page that shows any of it is opened in the browser
    own_pages = {
        "partner": f"/{demo.slug}/partners/{partner.pk}/",
        "group": f"/{demo.slug}/groups/{group.slug}/",
        "activity": f"/{demo.slug}/activities/{activity.pk}/",
        "decision": f"/{demo.slug}/meetings/{meeting.pk}/minutes/",
        "youth": f"/{demo.slug}/ung/forslag/{youth_input.pk}/",
    }
    meeting_page = f"/{demo.slug}/meetings/{meeting.pk}/"
    showing = pages_showing_tokens(demo, [*own_pages.values(), meeting_page])
    shown_places = set().union(*showing.values())
    opened = one_page_per_view(showing)
    print(f"opened in the browser: {len(opened)} pages")
    for number, path in enumerate(opened):
        page.goto(path)
        page.wait_for_load_state("load")
        # then nothing of it runs or becomes an element
        assert_inert(page, dialogs)
        if number < 60:
            name = re.sub(r"[^a-z0-9]+", "-", path.strip("/")) or "front"
            page.screenshot(path=str(SHOTS / f"{name}.png"), full_page=True)

    # ... every place is shown somewhere, and on its own page as text
    assert shown_places == set(TOKENS), f"never shown: {set(TOKENS) - shown_places}"
    for path in own_pages.values():
        page.goto(path)
        expect(page.get_by_text(PAYLOAD).first).to_be_visible()
        assert_inert(page, dialogs)
    page.goto(f"/{demo.slug}/agenda/")
    expect(page.get_by_text(f"FUZZ-AGENDA {PAYLOAD}").first).to_be_visible()
    expect(page.locator("main").get_by_text("FUZZ-AGENDA").nth(1)).to_be_visible()
    page.screenshot(path=str(SHOTS / "escaping-agenda.png"), full_page=True)
    assert Decision.objects.filter(pk=decision.pk, text=text("decision")).exists()
    assert Activity.objects.filter(pk=activity.pk).exists()
    assert problems_of(page).csp_violations == []
