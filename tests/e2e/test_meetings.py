"""Browser test of a meeting's whole life: the demo coordinator (Rasmus Krogh, coordinator of
"A: Fællesskaber mod ensomhed") schedules a meeting every second Tuesday 15:00-16:30, writes
two agenda items with a paper, publishes the agenda, records attendance, minutes, a decision
and an action item for the demo member (Anne Mortensen, who sits in the group), and publishes
the minutes; the member reads them on a phone. Axe on every page; screenshots of every page
at 1280 and 375 px in /tmp/shots/meetings/."""

from __future__ import annotations

import datetime
from pathlib import Path

import pytest
from django.utils import timezone
from playwright.sync_api import Page, expect

from workgroups.models import ActionItem, Decision, Meeting, MinutesStatus

from .axe import assert_no_axe_violations
from .conftest import Demo, _open_page
from .test_common_agenda import log_in, main_form, success_message
from .test_foundation import no_horizontal_scroll, t

pytestmark = pytest.mark.e2e
SHOTS = Path("/tmp/shots/meetings")
GROUP_SLUG = "a-faellesskaber-mod-ensomhed"
TITLE = "Arbejdsgruppemøde A"
PHONE_375 = {"width": 375, "height": 800}


def _check(page: Page, name: str) -> None:
    """Axe on the page, then a screenshot at 1280 and at 375 px."""
    assert_no_axe_violations(page)
    SHOTS.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(SHOTS / f"{name}-1280.png"), full_page=True)
    page.set_viewport_size(PHONE_375)
    page.screenshot(path=str(SHOTS / f"{name}-375.png"), full_page=True)
    no_horizontal_scroll(page, PHONE_375["width"])
    page.set_viewport_size({"width": 1280, "height": 900})


def _next_weekday(day: datetime.date, weekday: int) -> datetime.date:
    return day + datetime.timedelta(days=(weekday - day.weekday()) % 7)


def test_coordinator_runs_a_meeting_from_schedule_to_published_minutes(
    page: Page, request, browser, demo: Demo
):
    log_in(page, demo, "coordinator")
    first_tuesday = _next_weekday(timezone.localdate() + datetime.timedelta(days=7), 1)

    # Schedule: every second Tuesday 15:00-16:30 for eight weeks.
    page.goto(f"{demo.home_path}meetings/new/{GROUP_SLUG}/")
    expect(page.get_by_role("heading", level=1)).to_have_text(t("Schedule a meeting"))
    _check(page, "01-schedule")
    form = main_form(page)
    form.get_by_label(t("Title")).fill(TITLE)
    form.get_by_label(t("Every second week")).check()
    form.get_by_label(t("First date")).fill(first_tuesday.isoformat())
    form.get_by_label(t("Last date")).fill(
        (first_tuesday + datetime.timedelta(weeks=8)).isoformat()
    )
    form.get_by_label(t("Weekday"), exact=True).select_option("1")
    form.get_by_label(t("Starts at")).fill("15:00")
    form.get_by_label(t("Ends at")).fill("16:30")
    form.get_by_label(t("Place")).fill("Luma Youth House, Kalundborg")
    form.get_by_role("button", name=t("Schedule")).click()

    # The first meeting opens.
    expect(page.get_by_role("heading", level=1)).to_have_text(TITLE)
    expect(page.locator(".alert-success")).to_contain_text("5")
    meetings = Meeting.objects.filter(title=TITLE).order_by("starts_at")
    assert meetings.count() == 5
    first = meetings[0]
    local = timezone.localtime(first.starts_at)
    assert (local.date(), local.time()) == (first_tuesday, datetime.time(15, 0))
    expect(page.locator("main")).to_contain_text("15:00–16:30")
    _check(page, "02-meeting-new")

    # The agenda: two items, one with a paper.
    page.get_by_role("link", name=t("Write the agenda")).click()
    _check(page, "03-agenda-empty")
    add = page.locator("form", has=page.get_by_role("button", name=t("Add the item")))
    add.get_by_label(t("Title")).fill("Velkomst og runde")
    add.get_by_label(t("Presenter")).select_option(label="Rasmus Krogh")
    add.get_by_label(t("Time (minutes)")).fill("10")
    add.get_by_role("button", name=t("Add the item")).click()
    expect(success_message(page, t("The item was added to the agenda."))).to_be_visible()
    add = page.locator("form", has=page.get_by_role("button", name=t("Add the item")))
    add.get_by_label(t("Title")).fill("Fredagsfællesskab i Luma")
    add.get_by_label(t("Description")).fill("Status på de første fire fredage.")
    add.get_by_label(t("Presenter")).select_option(label="Anne Mortensen")
    add.get_by_label(t("Time (minutes)")).fill("30")
    add.get_by_role("button", name=t("Add the item")).click()
    expect(page.locator("main h3")).to_have_count(2)
    upload = page.locator("li", has_text="Fredagsfællesskab i Luma").locator("form[enctype]")
    upload.locator("input[type=file]").set_input_files(
        {"name": "status-fredage.pdf", "mimeType": "application/pdf", "buffer": b"%PDF-1.4\n"}
    )
    upload.get_by_role("button", name=t("Upload")).click()
    expect(success_message(page, t("The file was attached."))).to_be_visible()
    expect(page.get_by_role("link", name="status-fredage.pdf")).to_be_visible()
    _check(page, "04-agenda-items")

    # Publish the agenda, after the question.
    page.get_by_role("link", name=t("Publish the agenda")).click()
    expect(page.get_by_role("heading", level=1)).to_have_text(t("Publish the agenda"))
    _check(page, "05-agenda-publish")
    main_form(page).get_by_role("button", name=t("Publish the agenda")).click()
    expect(
        success_message(page, t("The agenda was published to the members of the group."))
    ).to_be_visible()
    first.refresh_from_db()
    assert first.is_agenda_published

    # Attendance and minutes.
    page.get_by_role("link", name=t("Attendance and minutes")).click()
    _check(page, "06-minutes-empty")
    minutes = page.locator("form", has=page.get_by_role("button", name=t("Save the draft")))
    for name, status in (
        ("Rasmus Krogh", "Present"),
        ("Anne Mortensen", "Present"),
        ("Omar", "Excused"),
    ):
        group = minutes.locator("fieldset", has=page.locator("legend", has_text=name))
        group.get_by_label(t(status), exact=True).check()
    minutes.get_by_label("1. Velkomst og runde").fill("Alle præsenterede sig.")
    minutes.get_by_label("2. Fredagsfællesskab i Luma").fill("Godt fremmøde, 25 unge i snit.")
    minutes.get_by_label(t("General minutes")).fill("Næste møde om to uger.")
    minutes.get_by_role("button", name=t("Save the draft")).click()
    expect(success_message(page, t("The minutes were saved as a draft."))).to_be_visible()

    # One decision under item 2 and one action item for the member.
    decision = page.locator("form", has=page.get_by_role("button", name=t("Add the decision")))
    decision.get_by_label(t("Decision"), exact=True).fill(
        "Fredagsfællesskabet fortsætter i foråret."
    )
    decision.get_by_label(t("Rationale")).fill("De unge kommer igen og tager venner med.")
    expect(decision.get_by_label(t("Decided by"))).to_have_value(first.group.name)
    decision.get_by_label(t("Agenda item")).select_option(label="2. Fredagsfællesskab i Luma")
    decision.get_by_role("button", name=t("Add the decision")).click()
    expect(success_message(page, t("The decision was added to the minutes."))).to_be_visible()
    action = page.locator("form", has=page.get_by_role("button", name=t("Add the action item")))
    action.get_by_label(t("What")).fill("Book Luma til fredagene i marts")
    action.get_by_label(t("Owner")).select_option(label="Anne Mortensen")
    deadline = first_tuesday + datetime.timedelta(days=14)
    action.get_by_label(t("Deadline")).fill(deadline.isoformat())
    action.get_by_role("button", name=t("Add the action item")).click()
    expect(success_message(page, t("The action item was added to the minutes."))).to_be_visible()
    _check(page, "07-minutes-filled")

    # Publish the minutes, after the question.
    page.get_by_role("link", name=t("Publish the minutes")).click()
    _check(page, "08-minutes-publish")
    main_form(page).get_by_role("button", name=t("Publish the minutes")).click()
    expect(
        success_message(page, t("The minutes were published to the members of the group."))
    ).to_be_visible()
    first.refresh_from_db()
    assert first.minutes_status == MinutesStatus.PUBLISHED
    assert Decision.objects.get(meeting=first).agenda_item.title == "Fredagsfællesskab i Luma"
    assert ActionItem.objects.get(meeting=first).owner.email == demo.email("member")
    _check(page, "09-meeting-published")

    # The member reads the published minutes on a phone.
    for phone in _open_page(request, browser, demo.base_url, PHONE_375):
        log_in(phone, demo, "member")
        phone.goto(f"{demo.home_path}meetings/{first.pk}/")
        main = phone.locator("main")
        expect(main).to_contain_text("Fredagsfællesskabet fortsætter i foråret.")
        expect(main).to_contain_text("Book Luma til fredagene i marts")
        expect(main).to_contain_text("Godt fremmøde, 25 unge i snit.")
        expect(main.get_by_role("link", name="status-fredage.pdf")).to_be_visible()
        expect(main).not_to_contain_text(t("Write the agenda"))
        no_horizontal_scroll(phone, PHONE_375["width"])
        assert_no_axe_violations(phone)
        phone.screenshot(path=str(SHOTS / "10-member-meeting-375.png"), full_page=True)
