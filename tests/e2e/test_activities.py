"""Browser tests of the activity pages: a coordinator creates an activity tied to two goals and a
measure, logs a session on a phone, and the secretariat finds the measure's value waiting for
approval. Every page is checked with axe and photographed at 1280 and 375 px."""

from __future__ import annotations

from pathlib import Path

import pytest
from django.utils import timezone, translation
from playwright.sync_api import Page, expect

from alliance.models import Alliance, Goal, Organisation
from initiatives.models import (
    Activity,
    ActivityLog,
    ActivityStatus,
    GoalStrength,
    MeasureSource,
    PartnerRole,
)
from initiatives.services import activity_log_save, activity_save
from measurement.models import DataPoint, DataPointStatus, Frequency, IndicatorKind
from measurement.periods import period_label, period_start
from tests.measurement.factories import IndicatorFactory
from workgroups.models import WorkGroup

from .axe import assert_no_axe_violations
from .conftest import Demo, _open_page
from .test_common_agenda import forget_status_error, log_in
from .test_foundation import no_horizontal_scroll, t

pytestmark = pytest.mark.e2e
SHOTS = Path("/tmp/shots/activities")
PHONE_375 = {"width": 375, "height": 812}
GROUP_SLUG = "a-faellesskaber-mod-ensomhed"  # the demo coordinator's group
LEAD = "UngKalundborg"
INDICATOR = "Deltagere i lektiecaféen"


def _shoot(page: Page, name: str) -> None:
    SHOTS.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(SHOTS / f"{name}.png"), full_page=True, timeout=60_000)


def _check(page: Page, name: str, width: int) -> None:
    assert_no_axe_violations(page)
    no_horizontal_scroll(page, width)
    _shoot(page, f"{name}-{width}")


def _measure_indicator(demo: Demo):
    """A how much indicator counting people, reported by the coordinator's group."""
    alliance = Alliance.objects.get(slug=demo.slug)
    indicator = IndicatorFactory(
        alliance=alliance,
        code="L1",
        name=INDICATOR,
        kind=IndicatorKind.HOW_MUCH,
        frequency=Frequency.QUARTERLY,
    )
    indicator.workgroups.add(WorkGroup.objects.get(alliance=alliance, slug=GROUP_SLUG))
    return indicator


def test_a_coordinator_creates_an_activity_and_logs_a_session_on_a_phone(
    page: Page, request, browser, demo: Demo
):
    indicator = _measure_indicator(demo)
    alliance = Alliance.objects.get(slug=demo.slug)
    goals = list(Goal.objects.filter(alliance=alliance).order_by("focus_area__position", "pk"))[:2]
    log_in(page, demo, "coordinator")

    # The list, then the form.
    page.goto(f"/{demo.slug}/activities/")
    expect(page.get_by_role("heading", level=1)).to_have_text(t("Activities"))
    _check(page, "list", 1280)
    page.get_by_role("link", name=t("Add an activity")).click()
    expect(page.get_by_role("heading", level=1)).to_have_text(t("Add an activity"))
    _check(page, "create", 1280)

    form = page.locator("main form")
    form.get_by_label(t("Title")).fill("Lektiecafé og saft i Gørlev")
    group = WorkGroup.objects.get(alliance=alliance, slug=GROUP_SLUG)
    form.get_by_label(t("Working group")).select_option(str(group.pk))
    form.get_by_label(t("Description"), exact=False).first.fill("Lektiehjælp og saft.")
    form.get_by_label(t("Starts"), exact=False).fill(timezone.localdate().isoformat())
    form.get_by_label(t("Youngest age"), exact=False).fill("13")
    form.get_by_label(t("Oldest age"), exact=False).fill("17")
    form.get_by_label(t("Hours committed"), exact=False).fill("37,5")
    form.get_by_label(goals[0].title, exact=True).select_option(GoalStrength.MAIN)
    form.get_by_label(goals[1].title, exact=True).select_option(GoalStrength.CONTRIBUTING)
    lead = Organisation.objects.get(alliance=alliance, name=LEAD)
    with translation.override("da"):
        first_partner = translation.gettext("Partner organisation %(number)s") % {"number": 1}
        first_role = translation.gettext("Role of partner %(number)s") % {"number": 1}
    form.get_by_label(first_partner).select_option(str(lead.pk))
    form.get_by_label(first_role).select_option(PartnerRole.LEAD)
    form.get_by_label(f"L1 {INDICATOR}").select_option(MeasureSource.PARTICIPANTS)
    form.get_by_role("button", name=t("Add the activity")).click()

    expect(page.get_by_role("heading", level=1)).to_have_text("Lektiecafé og saft i Gørlev")
    activity = Activity.objects.get(title="Lektiecafé og saft i Gørlev")
    assert {link.goal_id for link in activity.goal_links.all()} == {g.pk for g in goals[:2]}
    assert [m.indicator_id for m in activity.measures.all()] == [indicator.pk]
    _check(page, "detail-new", 1280)

    # A session, logged on a phone.
    for phone in _open_page(request, browser, demo.base_url, PHONE_375):
        log_in(phone, demo, "coordinator")
        phone.goto(f"/{demo.slug}/activities/{activity.pk}/")
        phone.get_by_role("link", name=t("Log a session")).click()
        expect(phone.get_by_role("heading", level=1)).to_have_text(t("Log a session"))
        assert phone.get_by_label(t("New participants")).get_attribute("inputmode") == "numeric"
        _check(phone, "log-add", 375)
        phone.get_by_label(t("New participants")).fill("5")
        phone.get_by_label(t("Returning participants")).fill("7")
        phone.get_by_label(t("How many answered?")).fill("10")
        phone.get_by_label(t("How many were satisfied?")).fill("8")
        phone.get_by_label(t("Short note")).fill("Mange nye fra 8. klasse.")
        phone.get_by_role("button", name=t("Log the session")).click()
        expect(phone.locator(".alert-success")).to_contain_text(INDICATOR)
        expect(phone.get_by_role("heading", level=1)).to_have_text("Lektiecafé og saft i Gørlev")
        _check(phone, "detail-logged", 375)

    log = ActivityLog.objects.get(activity=activity)
    assert (log.participants_new, log.participants_returning) == (5, 7)
    point = DataPoint.objects.get(indicator=indicator, breakdown__isnull=True)
    assert (point.value, point.status) == (12, DataPointStatus.SUBMITTED)

    # The secretariat finds the value waiting for approval.
    for secretariat in _open_page(request, browser, demo.base_url, {"width": 1280, "height": 900}):
        log_in(secretariat, demo, "secretariat")
        secretariat.goto(f"/{demo.slug}/measurement/approvals/?indicator={indicator.pk}")
        with translation.override("da"):
            label = period_label(
                indicator.frequency, period_start(indicator.frequency, log.held_on)
            )
        waiting = secretariat.locator("main h3").filter(has_text=INDICATOR)
        expect(waiting).to_contain_text(label)
        expect(secretariat.locator("main")).to_contain_text(LEAD)
        assert_no_axe_violations(secretariat)
        _shoot(secretariat, "approvals-1280")


def _an_activity_with_a_log(demo: Demo) -> tuple[Activity, ActivityLog]:
    alliance = Alliance.objects.get(slug=demo.slug)
    group = WorkGroup.objects.get(alliance=alliance, slug=GROUP_SLUG)
    goals = list(Goal.objects.filter(alliance=alliance).order_by("pk"))[:2]
    today = timezone.localdate()
    activity = activity_save(
        alliance=alliance,
        user=None,
        group=group,
        title="Fredagsbar i Ungdomshuset",
        description="Alkoholfri fredagsbar med musik.",
        status=ActivityStatus.RUNNING,
        starts_on=today,
        recurrence="weekly",
        place="Ungdomshuset, Kalundborg",
        age_min=14,
        age_max=18,
        is_public=True,
        goals={goals[0]: GoalStrength.MAIN, goals[1]: GoalStrength.CONTRIBUTING},
        partners={Organisation.objects.get(alliance=alliance, name=LEAD): PartnerRole.LEAD},
    )
    log = activity_log_save(
        activity=activity, user=None, held_on=today, participants_new=3, participants_returning=9
    )
    return activity, log


@pytest.mark.parametrize("width", [1280, 375])
def test_every_activity_page_at_desktop_and_phone_width(request, browser, demo: Demo, width):
    activity, log = _an_activity_with_a_log(demo)
    base = f"/{demo.slug}/activities/"
    pages = {
        "list": base,
        "list-filtered": f"{base}?q=fredag&status=running",
        "calendar": f"{base}calendar/",
        "detail": f"{base}{activity.pk}/",
        "edit": f"{base}{activity.pk}/edit/",
        "log-add": f"{base}{activity.pk}/log/",
        "log-edit": f"{base}{activity.pk}/log/{log.pk}/",
        "log-delete": f"{base}{activity.pk}/log/{log.pk}/delete/",
        "areas": f"{base}areas/",
        "create": f"{base}new/",
    }
    for tab in _open_page(request, browser, demo.base_url, {"width": width, "height": 900}):
        log_in(tab, demo, "secretariat")
        for name, path in pages.items():
            response = tab.goto(path)
            assert response.status == 200, path
            _check(tab, name, width)
        # An invalid form: the errors, announced and on their fields.
        tab.goto(f"{base}{activity.pk}/log/")
        tab.get_by_label(t("Date")).fill("")
        tab.get_by_role("button", name=t("Log the session")).click()
        expect(tab.locator(".alert-error")).to_be_visible()
        forget_status_error(tab, 400)
        _check(tab, "log-add-error", width)
    for tab in _open_page(request, browser, demo.base_url, {"width": width, "height": 900}):
        log_in(tab, demo, "youth")
        tab.get_by_role("link", name=t("See the activities you can join")).click()
        expect(tab.get_by_role("heading", level=1)).to_have_text(t("Activities you can join"))
        expect(tab.locator("main")).to_contain_text("Fredagsbar i Ungdomshuset")
        expect(tab.locator("main")).not_to_contain_text(activity.group.name)
        _check(tab, "join-youth", width)
