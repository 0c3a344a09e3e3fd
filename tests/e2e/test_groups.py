"""Browser tests of the group pages on the demo alliance: the secretariat creates a working
group, seats a coordinator and archives the group; the demo member (Anne Mortensen) marks an
action item done in "My meetings and tasks", on a desktop and on a phone; the steering group's
chair searches the decisions log and filters it by group. Axe on every page; screenshots of
every page at 1280 and 375 px in /tmp/shots/groups/."""

from __future__ import annotations

import datetime
from pathlib import Path

import pytest
from django.utils import timezone
from playwright.sync_api import Page, expect

from alliance.models import User
from workgroups.models import ActionItem, ActionItemStatus, GroupKind, GroupRole, WorkGroup
from workgroups.services_meetings import (
    action_item_add,
    agenda_item_add,
    decision_add,
    meeting_schedule,
    minutes_publish,
)

from .axe import assert_no_axe_violations
from .conftest import Demo, _open_page
from .test_common_agenda import forget_status_error, log_in, main_form, success_message
from .test_foundation import no_horizontal_scroll, open_menu_entry, t

pytestmark = pytest.mark.e2e
SHOTS = Path("/tmp/shots/groups")
PHONE_375 = {"width": 375, "height": 800}
DESKTOP = {"width": 1280, "height": 900}
GROUP_A = "a-faellesskaber-mod-ensomhed"
GROUP_C = "c-aktiv-fritid-for-alle"


def _check(page: Page, name: str) -> None:
    """Axe on the page, then a screenshot at 1280 and at 375 px (no sideways scrolling)."""
    assert_no_axe_violations(page)
    SHOTS.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(SHOTS / f"{name}-1280.png"), full_page=True)
    page.set_viewport_size(PHONE_375)
    no_horizontal_scroll(page, PHONE_375["width"])
    assert_no_axe_violations(page)
    page.screenshot(path=str(SHOTS / f"{name}-375.png"), full_page=True)
    page.set_viewport_size(DESKTOP)


def test_secretariat_creates_seats_and_archives_a_group(page: Page, demo: Demo):
    coordinator = User.objects.get(email=demo.email("coordinator"))
    log_in(page, demo, "secretariat")

    open_menu_entry(page, t("Groups"))
    expect(page.get_by_role("heading", level=1)).to_have_text(t("Groups"))
    _check(page, "list")
    page.get_by_role("link", name="A: Fællesskaber mod ensomhed").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("A: Fællesskaber mod ensomhed")
    _check(page, "detail-secretariat")
    page.go_back()

    page.get_by_role("link", name=t("Create a working group")).click()
    form = main_form(page)
    form.get_by_label(t("Name"), exact=True).fill("Søvn og skærm")
    form.get_by_label(t("Purpose and terms of reference")).fill(
        "Hjælpe unge til bedre søvn med færre skærmtimer om aftenen."
    )
    form.get_by_role("group", name=t("Focus areas the group serves")).get_by_role(
        "checkbox"
    ).first.check()
    _check(page, "create")
    form.get_by_role("button", name=t("Create the group")).click()

    group = WorkGroup.objects.get(alliance__slug=demo.slug, name="Søvn og skærm")
    assert group.slug == "soevn-og-skaerm"
    assert group.focus_areas.count() == 1
    expect(page).to_have_url(f"{demo.base_url}/{demo.slug}/groups/{group.slug}/members/")
    expect(page.locator(".alert-success")).to_be_visible()

    form = main_form(page)
    form.get_by_label(t("Person"), exact=True).select_option(str(coordinator.pk))
    form.get_by_label(t("Role in the group")).select_option(GroupRole.COORDINATOR)
    _check(page, "members")
    form.get_by_role("button", name=t("Add the member")).click()
    expect(page.locator(".alert-success")).to_be_visible()
    seat = group.members.get(user=coordinator)
    assert seat.role == GroupRole.COORDINATOR
    assert User.objects.get(pk=coordinator.pk).has_perm("workgroups.manage_workgroup", group)

    page.get_by_role("link", name=t("Edit")).first.click()
    expect(main_form(page).get_by_label(t("Person"), exact=True)).to_be_disabled()
    _check(page, "members-change")
    page.get_by_role("link", name=t("Remove")).first.click()
    expect(page.get_by_role("heading", level=1)).to_contain_text(coordinator.get_full_name())
    _check(page, "member-remove")
    page.get_by_role("link", name=t("Cancel")).click()

    page.get_by_role("link", name=t("Back to %(name)s", name=group.name)).click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Søvn og skærm")
    expect(page.get_by_role("region", name=t("Members of the group"))).to_contain_text(
        coordinator.get_full_name()
    )
    _check(page, "detail-new")

    page.get_by_role("link", name=t("Edit the group")).click()
    expect(main_form(page).get_by_label(t("Short name"))).to_have_value("soevn-og-skaerm")
    _check(page, "edit")
    page.go_back()

    page.get_by_role("link", name=t("Archive the group")).click()
    _check(page, "archive")
    main_form(page).get_by_role("button", name=t("Archive the group")).click()
    expect(page.locator(".alert-success")).to_be_visible()
    expect(page.locator("main")).to_contain_text(t("Archived"))
    expect(page.get_by_role("link", name=t("Schedule a meeting"))).to_have_count(0)
    group.refresh_from_db()
    assert group.is_archived

    page.goto(f"/{demo.slug}/groups/")
    expect(page.locator("main")).not_to_contain_text("Søvn og skærm")
    page.get_by_role("link", name=t("Show the archived groups")).click()
    expect(page.locator("main")).to_contain_text("Søvn og skærm")
    _check(page, "list-archived")


def _open_item_of(member: User, demo: Demo) -> ActionItem:
    """An open action item of the member, made through the service if the demo has none."""
    item = ActionItem.objects.filter(
        owner=member, status=ActionItemStatus.OPEN, group__alliance__slug=demo.slug
    ).first()
    if item is not None:
        return item
    group = WorkGroup.objects.get(alliance__slug=demo.slug, slug=GROUP_A)
    return action_item_add(
        group=group,
        user=None,
        title="Lav en liste over fritidstilbud i Høng",
        owner=member,
        deadline=timezone.localdate() - datetime.timedelta(days=2),
    )


def test_member_marks_an_action_item_done(page: Page, request, browser, demo: Demo):
    member = User.objects.get(email=demo.email("member"))
    item = _open_item_of(member, demo)
    log_in(page, demo, "member")

    open_menu_entry(page, t("My meetings and tasks"))
    expect(page.get_by_role("heading", level=1)).to_have_text(t("My meetings and tasks"))
    expect(page.locator("main")).to_contain_text(item.title)
    _check(page, "my-work")

    entry = page.locator(f"form[action$='/actions/{item.pk}/done/']")
    entry.get_by_label(t("Note (what was done)")).fill("Listen ligger i gruppens mappe.")
    entry.get_by_role("button", name=t("Mark as done")).click()
    expect(success_message(page, item.title)).to_be_visible()
    item.refresh_from_db()
    assert item.status == ActionItemStatus.DONE
    assert item.done_note == "Listen ligger i gruppens mappe."
    expect(page.locator("main")).to_contain_text("Listen ligger i gruppens mappe.")
    _check(page, "my-work-done")

    page.goto(f"/{demo.slug}/groups/{GROUP_A}/")
    expect(page.get_by_role("link", name=t("Edit the group"))).to_have_count(0)
    _check(page, "detail-member")

    # On a phone: the page reads without sideways scrolling and the form still works.
    second = action_item_add(
        group=item.group,
        user=None,
        title="Book lokale til fredagsfællesskab",
        owner=member,
        deadline=timezone.localdate() + datetime.timedelta(days=5),
    )
    for phone in _open_page(request, browser, demo.base_url, PHONE_375):
        log_in(phone, demo, "member")
        phone.goto(f"/{demo.slug}/my-work/")
        no_horizontal_scroll(phone, PHONE_375["width"])
        assert_no_axe_violations(phone)
        phone.screenshot(path=str(SHOTS / "my-work-phone-375.png"), full_page=True)
        entry = phone.locator(f"form[action$='/actions/{second.pk}/done/']")
        entry.get_by_role("button", name=t("Mark as done")).click()
        expect(success_message(phone, second.title)).to_be_visible()
    second.refresh_from_db()
    assert second.status == ActionItemStatus.DONE


def _published_decision(demo: Demo) -> str:
    """A decision in published minutes of group A, whatever the demo's meetings hold."""
    group = WorkGroup.objects.get(alliance__slug=demo.slug, slug=GROUP_A)
    coordinator = User.objects.get(email=demo.email("coordinator"))
    start = timezone.now() - datetime.timedelta(days=9)
    meeting = meeting_schedule(
        group=group,
        user=coordinator,
        title="Arbejdsgruppemøde A",
        starts_at=start,
        ends_at=start + datetime.timedelta(hours=1, minutes=30),
    )
    item = agenda_item_add(meeting=meeting, user=coordinator, title="Sommerens aktiviteter")
    decision_add(
        meeting=meeting,
        user=coordinator,
        agenda_item=item,
        text="Gruppen holder tre sommerhygge-aftener i Luma Youth House.",
        rationale="De unge bad om flere alkoholfri mødesteder i ferien.",
        decided_by="Arbejdsgruppe A",
    )
    minutes_publish(meeting=meeting, user=coordinator)
    return "sommerhygge"


def test_steering_member_searches_the_decisions_log(page: Page, demo: Demo):
    word = _published_decision(demo)
    group_a = WorkGroup.objects.get(alliance__slug=demo.slug, slug=GROUP_A)
    other = (
        WorkGroup.objects.filter(alliance__slug=demo.slug, kind=GroupKind.WORKING)
        .exclude(pk=group_a.pk)
        .first()
    )
    log_in(page, demo, "steering")

    open_menu_entry(page, t("Decisions"))
    expect(page.get_by_role("heading", level=1)).to_have_text(t("Decisions log"))
    _check(page, "decisions")

    form = main_form(page)
    form.get_by_label(t("Words")).fill(word)
    form.get_by_label(t("Group")).select_option(str(group_a.pk))
    form.get_by_role("button", name=t("Search")).click()
    results = page.locator("main ul.bordered-list")
    expect(results).to_contain_text("Gruppen holder tre sommerhygge-aftener")
    expect(results).to_contain_text("De unge bad om flere alkoholfri mødesteder")
    expect(results.get_by_role("link").first).to_be_visible()  # the steering may see group A
    _check(page, "decisions-search")

    main_form(page).get_by_label(t("Group")).select_option(str(other.pk))
    main_form(page).get_by_role("button", name=t("Search")).click()
    expect(page.locator("main")).to_contain_text(t("No decisions match the search."))

    main_form(page).get_by_label(t("Meetings from")).fill("2026-05-01")
    main_form(page).get_by_label(t("Meetings until")).fill("2026-04-01")
    main_form(page).get_by_role("button", name=t("Search")).click()
    expect(page.locator(".form-error-message")).to_be_visible()
    forget_status_error(page, 400)
    _check(page, "decisions-error")
