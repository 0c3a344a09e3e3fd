"""The way of a youth input after moderation, in the browser: the secretariat sends a published
input to working group A, the group's coordinator answers it as done with a decision from the
group's published minutes, and the young person's follow page (on a phone) shows the status,
the answer and the decision. Axe runs on every page."""

from __future__ import annotations

import re

from django.utils import translation
from playwright.sync_api import Page, expect

from alliance.models import Alliance
from workgroups.models import Decision, MinutesStatus
from youth_voice import codes
from youth_voice.models import InputKind, InputStatus, Moderation, YouthInput

from .axe import assert_no_axe_violations
from .conftest import Demo
from .test_common_agenda import log_in
from .test_foundation import no_horizontal_scroll, t

GROUP_A = "A: Fællesskaber mod ensomhed"
TEXT = "Et sted hvor man kan mødes om aftenen uden at det koster noget"


def _published_input(demo: Demo) -> tuple[YouthInput, str]:
    code = codes.new_receipt_code()
    item = YouthInput.objects.create(
        alliance=Alliance.objects.get(slug=demo.slug),
        kind=InputKind.IDEA,
        text=TEXT,
        published_text=TEXT,
        moderation=Moderation.PUBLISHED,
        receipt_hash=codes.receipt_hash(code),
        link_hash=codes.link_hash(codes.link_token(code)),
    )
    return item, code


def _log_out(page: Page) -> None:
    page.context.clear_cookies()


def test_secretariat_routes_coordinator_answers_young_person_sees_it(
    page: Page, phone_page: Page, demo: Demo
):
    item, code = _published_input(demo)
    decision = (
        Decision.objects.filter(
            meeting__group__name=GROUP_A, meeting__minutes_status=MinutesStatus.PUBLISHED
        )
        .select_related("meeting")
        .first()
    )
    assert decision is not None, "the demo has published minutes with decisions in group A"
    detail = f"/{demo.slug}/youth/{item.pk}/"

    # the secretariat sends it to working group A
    log_in(page, demo, "secretariat")
    page.goto(f"/{demo.slug}/youth/")
    assert_no_axe_violations(page)
    page.goto(detail)
    assert_no_axe_violations(page)
    page.get_by_label(t("Send to the group")).select_option(label=GROUP_A)
    page.get_by_role("button", name=t("Send to the group")).click()
    expect(page).to_have_url(re.compile(rf"{re.escape(detail)}$"))
    expect(page.locator(".alert-success")).to_be_visible()
    assert_no_axe_violations(page)
    page.goto(f"/{demo.slug}/youth/overdue/")
    assert_no_axe_violations(page)
    _log_out(page)

    # the coordinator finds it under "Youth input" and answers it as done with a decision
    log_in(page, demo, "coordinator")
    page.get_by_role("link", name=t("Youth input")).first.click()
    expect(page.get_by_role("heading", level=1)).to_have_text(t("Youth input"))
    assert_no_axe_violations(page)
    page.get_by_role("link", name=re.compile(re.escape(TEXT[:30]))).click()
    expect(page).to_have_url(re.compile(rf"{re.escape(detail)}$"))
    page.get_by_label(re.compile(re.escape(str(t("Done – it has been carried out"))))).check()
    page.get_by_label(t("Answer to the young person")).fill(
        "Vi åbner ungecaféen om aftenen fra marts."
    )
    page.get_by_label(t("It led to the decision")).select_option(value=str(decision.pk))
    page.get_by_role("button", name=t("Save the answer")).click()
    expect(page.locator(".alert-success")).to_be_visible()
    assert_no_axe_violations(page)
    item.refresh_from_db()
    assert item.status == "done"
    assert item.decision_id == decision.pk

    # the group's page lists it
    page.goto(f"/{demo.slug}/groups/")
    page.get_by_role("link", name=GROUP_A).click()
    expect(page.get_by_role("heading", name=t("Input from young people"))).to_be_visible()
    assert_no_axe_violations(page)

    # the young person follows it on a phone
    phone_page.goto(f"/{demo.slug}/ung/foelg/{codes.link_token(code)}/")
    main = phone_page.locator("main")
    with translation.override("da"):
        done = str(InputStatus.DONE.label)
    expect(main).to_contain_text(done)
    expect(main).to_contain_text("Vi åbner ungecaféen om aftenen fra marts.")
    expect(main).to_contain_text(decision.text[:40])
    no_horizontal_scroll(phone_page, 360)
    assert_no_axe_violations(phone_page)
