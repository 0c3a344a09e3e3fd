"""The common agenda, invitations, commitments and the steering group in a real browser (issue 3).

The secretariat revises the vision and reads the difference between two versions; invites a
coordinator, who accepts from the emailed link in a second browser; a partner's representative
signs a commitment; ending youth seats' terms brings up the youth-share warning for the
secretariat and the chair. axe runs on every page visited; console errors and CSP violations
fail the test too (see axe.py). Expected texts come from the translation catalogues at test time
(`t`), so the tests read what a Danish reader sees.
"""

from __future__ import annotations

import datetime
import re
from collections.abc import Iterator
from urllib.parse import urlsplit

import pytest
from django.core import mail
from django.utils import timezone
from playwright.sync_api import Locator, Page, expect

from alliance.models import (
    Alliance,
    Commitment,
    CommitmentStatus,
    Membership,
    Organisation,
    Role,
    User,
)
from workgroups.models import GroupMember

from .axe import assert_no_axe_violations, assert_no_browser_errors, problems_of
from .conftest import DESKTOP, Demo, _new_context
from .test_foundation import no_horizontal_scroll, submit_login, t, url_of

pytestmark = pytest.mark.e2e

KOMMUNE = "Kalundborg Kommune"
GYMNASIUM = "Kalundborg Gymnasium"
YOUTH_WARNING = (
    "The youth share is below the alliance's minimum of %(minimum)s %%: young people hold "
    "%(share)s %% of the seats whose term is current."
)


def log_in(page: Page, demo: Demo, role: str) -> None:
    page.goto("/accounts/login/")
    submit_login(page, demo.email(role), demo.password)
    expect(page).to_have_url(url_of(demo, demo.home_path))


def main_form(page: Page) -> Locator:
    """The one form in the page's <main> (not the header's language and logout forms)."""
    return page.locator("main form")


def success_message(page: Page, text: str) -> Locator:
    return page.locator(".alert-success").filter(has_text=text)


def forget_status_error(page: Page, status: int) -> None:
    """Drop the console error Chromium logs for a page served with an error status on purpose
    (a re-rendered form is a 400, a used invitation a 410); any other problem still fails."""
    problems = problems_of(page)
    expected = f"the server responded with a status of {status}"
    problems.console_errors[:] = [e for e in problems.console_errors if expected not in e]


# --- 1. revise the vision and see the version difference -----------------------------------


def test_secretariat_revises_the_vision_publishes_version_3_and_compares_it_with_2(
    page: Page, demo: Demo
):
    alliance = Alliance.objects.get(slug=demo.slug)
    old_vision = alliance.vision
    assert "håb og drømme" in old_vision and "et sundt ungeliv" in old_vision
    new_vision = old_vision.replace("håb og drømme", "mod og drømme").replace(
        "et sundt ungeliv", "et sundt og trygt ungeliv"
    )
    note = "Visionen siger nu mod i stedet for håb, efter stormødet i november."
    log_in(page, demo, "secretariat")

    # given the common agenda at version 2, as the demo publishes it
    page.goto(f"/{demo.slug}/agenda/")
    expect(page.locator("h1")).to_have_text(t("Common agenda"))
    expect(page.locator("#version-heading")).to_have_text(t("Version %(number)s", number=2))
    assert_no_axe_violations(page)

    # when the secretariat opens the working copy and changes the vision
    page.get_by_role("link", name=t("Edit the working copy")).click()
    expect(page).to_have_url(url_of(demo, f"/{demo.slug}/agenda/working-copy/"))
    expect(page.locator("h1")).to_have_text(t("Working copy of the common agenda"))
    assert_no_axe_violations(page)
    vision = page.get_by_label(t("Shared vision"), exact=True)
    expect(vision).to_have_value(old_vision)
    vision.fill(new_vision)
    page.get_by_role("button", name=t("Save the texts")).click()

    # then the working copy keeps it and says it is not published yet
    expect(page).to_have_url(url_of(demo, f"/{demo.slug}/agenda/working-copy/"))
    expect(
        success_message(
            page,
            t("The texts were saved in the working copy. Publish a new version to share them."),
        )
    ).to_be_visible()
    expect(page.get_by_label(t("Shared vision"), exact=True)).to_have_value(new_vision)
    expect(page.get_by_text(t("Unpublished changes"), exact=True)).to_be_visible()
    assert_no_axe_violations(page)

    # when they review the changes and publish version 3 with a note
    page.get_by_role("link", name=t("Publish a new version"), exact=True).click()
    expect(page).to_have_url(url_of(demo, f"/{demo.slug}/agenda/publish/"))
    expect(page.locator("h1")).to_have_text(t("Publish version %(number)s", number=3))
    expect(page.locator(".diff-text del").filter(has_text="håb")).to_have_count(1)
    expect(page.locator(".diff-text ins").filter(has_text="mod")).to_have_count(1)
    assert_no_axe_violations(page)
    page.get_by_label(t("Note on this version")).fill(note)
    page.get_by_role("button", name=t("Publish version %(number)s", number=3)).click()

    # then the agenda shows version 3 with the new vision and the note
    expect(page).to_have_url(url_of(demo, f"/{demo.slug}/agenda/"))
    expect(
        success_message(page, t("Version %(number)s of the common agenda is published.", number=3))
    ).to_be_visible()
    expect(page.locator("#version-heading")).to_have_text(t("Version %(number)s", number=3))
    expect(page.locator("main")).to_contain_text(
        t(
            "This is version %(number)s of the alliance's common agenda: what the partners "
            "agreed on together.",
            number=3,
        )
    )
    expect(page.get_by_text(note)).to_be_visible()
    expect(page.get_by_text(new_vision)).to_be_visible()
    assert_no_axe_violations(page)

    # when they open the list of versions and compare version 2 with version 3
    page.get_by_role("link", name=t("All versions and what changed")).click()
    expect(page).to_have_url(url_of(demo, f"/{demo.slug}/agenda/versions/"))
    newest = page.locator("tbody tr").first
    expect(newest).to_contain_text(t("Version %(number)s", number=3))
    expect(newest).to_contain_text(note)
    assert_no_axe_violations(page)
    compare = page.locator("form", has=page.get_by_label(t("From version")))
    compare.get_by_label(t("From version")).select_option(label=t("Version %(number)s", number=2))
    compare.get_by_label(t("To version")).select_option(label=t("Version %(number)s", number=3))
    compare.get_by_role("button", name=t("Show what changed")).click()

    # then the compare page shows the removed and the added words, and the note
    expect(page).to_have_url(re.compile(r"/agenda/compare/\?from=2&to=3$"))
    expect(page.locator("h1")).to_have_text(
        t("What changed from version %(old)s to version %(new)s", old=2, new=3)
    )
    removed = page.locator(".diff-text del")
    added = page.locator(".diff-text ins")
    expect(removed).to_have_count(1)
    expect(removed).to_have_text(t("Removed:") + " håb")
    expect(added.filter(has_text="mod")).to_have_text(t("Added:") + " mod")
    expect(added.filter(has_text="trygt")).to_have_text(re.compile(r"\bog trygt\b"))
    expect(page.locator("main")).to_contain_text(note)
    assert_no_axe_violations(page)

    # and the agenda page still shows version 3 when opened again
    page.goto(f"/{demo.slug}/agenda/")
    expect(page.locator("#version-heading")).to_have_text(t("Version %(number)s", number=3))
    assert_no_axe_violations(page)


# --- 2. invite a coordinator, who accepts in a second browser -------------------------------


@pytest.fixture
def second_page(request, browser, demo) -> Iterator[Page]:
    """Another desktop browser context (its own cookies: not logged in), watched like `page`."""
    context = _new_context(browser, demo.base_url, DESKTOP)
    page = context.new_page()
    yield page
    try:
        report = getattr(request.node, "_e2e_report_call", None)
        if report is None or not report.failed:
            assert_no_browser_errors(page)
    finally:
        context.close()


def invitation_path(message) -> str:
    """The path of the one-time link in an invitation email."""
    bodies = [message.body] + [content for content, _type in getattr(message, "alternatives", [])]
    for body in bodies:
        found = re.search(r"https?://[^\s\"'<>]+/invitation/[^/\s\"'<>]+/", body)
        if found:
            return urlsplit(found.group(0)).path
    raise AssertionError(f"No invitation link in the email:\n{message.body}")


def test_secretariat_invites_a_coordinator_who_accepts_in_a_second_browser(
    page: Page, second_page: Page, demo: Demo
):
    alliance = Alliance.objects.get(slug=demo.slug)
    email = "ida.tovholder@example.org"
    name = "Ida Sørensen"
    organisation = "UngKalundborg"
    password = "Tovholder-Kalundborg-2026!"
    coordinator = t(Role.COORDINATOR.label)
    assert Organisation.objects.filter(alliance=alliance, name=organisation).exists()
    mail.outbox.clear()
    log_in(page, demo, "secretariat")

    # given the register of people
    page.goto(f"/{demo.slug}/people/")
    expect(page.locator("h1")).to_have_text(t("People and invitations"))
    expect(page.locator("main")).not_to_contain_text(email)
    assert_no_axe_violations(page)

    # when the secretariat invites a coordinator
    page.get_by_role("link", name=t("Invite a person")).click()
    expect(page).to_have_url(url_of(demo, f"/{demo.slug}/people/invite/"))
    expect(page.locator("h1")).to_have_text(t("Invite a person"))
    assert_no_axe_violations(page)
    form = main_form(page)
    form.get_by_label(t("Email address")).fill(email)
    form.get_by_label(t("Full name")).fill(name)
    form.get_by_label(t("Organisation")).select_option(label=organisation)
    form.get_by_label(t("Role")).select_option(Role.COORDINATOR.value)
    form.get_by_role("button", name=t("Send the invitation")).click()

    # then the invitation is pending in the register, and an email went out
    expect(page).to_have_url(url_of(demo, f"/{demo.slug}/people/"))
    expect(
        success_message(page, t("The invitation was sent to %(email)s.", email=email))
    ).to_be_visible()
    pending = page.locator("section[aria-labelledby=invitations-heading] tbody tr")
    expect(pending.filter(has_text=email)).to_have_count(1)
    expect(pending.filter(has_text=email)).to_contain_text(coordinator)
    assert_no_axe_violations(page)
    assert len(mail.outbox) == 1, [m.subject for m in mail.outbox]
    message = mail.outbox[0]
    assert message.to == [email]
    link = invitation_path(message)

    # when the invited person opens the link in another browser, not logged in
    other = second_page
    response = other.goto(link)
    assert response is not None and response.status == 200
    expect(other.locator("h1")).to_have_text(t("Invitation to %(name)s", name=alliance.name))
    expect(other.locator(".font-lead")).to_contain_text(name)
    expect(other.locator(".font-lead")).to_contain_text(organisation)
    expect(other.get_by_role("button", name=t("Sign out"))).to_have_count(0)
    assert_no_axe_violations(other)

    # and chooses a password, typed twice
    accept = main_form(other)
    accept.locator("input[name=password1]").fill(password)
    accept.locator("input[name=password2]").fill(password)
    accept.get_by_role("button", name=t("Create my account and join")).click()

    # then they land in the alliance, logged in, on the coordinator's home
    expect(other).to_have_url(url_of(demo, demo.home_path))
    expect(other.locator("h1")).to_have_text(t("Coordinator overview"))
    expect(
        success_message(other, t("Welcome to %(alliance)s.", alliance=alliance.name))
    ).to_be_visible()
    expect(other.locator(".portal-user").get_by_role("button", name=t("Sign out"))).to_be_visible()
    assert_no_axe_violations(other)
    user = User.objects.get(email=email)
    assert user.get_full_name() == name
    membership = Membership.objects.get(user=user, alliance=alliance)
    assert membership.role == Role.COORDINATOR and membership.organisation.name == organisation

    # when the old link is opened again, it shows the friendly "already used" page
    response = other.goto(link)
    assert response is not None and response.status == 410
    forget_status_error(other, 410)
    expect(other.locator("h1")).to_have_text(t("This invitation has already been used"))
    assert_no_axe_violations(other)

    # and the secretariat sees the person in the register, no longer pending
    page.goto(f"/{demo.slug}/people/")
    person = page.locator("section[aria-labelledby=people-heading] tbody tr").filter(has_text=email)
    expect(person).to_have_count(1)
    expect(person).to_contain_text(name)
    expect(person).to_contain_text(coordinator)
    expect(person).to_contain_text(organisation)
    expect(person).to_contain_text(t("Active"))
    expect(pending.filter(has_text=email)).to_have_count(0)
    assert_no_axe_violations(page)


# --- 3. a partner's representative signs the commitment -------------------------------------


def commitment_awaiting_the_chairs_signature(alliance: Alliance) -> Commitment:
    """Kalundborg Kommune's commitment, which the demo seed leaves waiting for the signature of
    its representative, Mette Kragh (steering@example.org)."""
    commitment = Commitment.objects.select_related("representative").get(
        alliance=alliance, organisation__name=KOMMUNE
    )
    assert commitment.representative.email == "steering@example.org"
    assert commitment.status == CommitmentStatus.AWAITING_SIGNATURE
    assert not commitment.signatures.exists()
    return commitment


def test_representative_signs_the_commitment_waiting_for_their_signature(page: Page, demo: Demo):
    alliance = Alliance.objects.get(slug=demo.slug)
    commitment = commitment_awaiting_the_chairs_signature(alliance)
    mette = User.objects.get(email=demo.email("steering"))
    log_in(page, demo, "steering")

    # given the partners page, which says a commitment waits for their signature
    page.goto(f"/{demo.slug}/partners/")
    expect(page.locator("h1")).to_have_text(t("Partners"))
    waiting = page.get_by_role("alert").filter(
        has_text=t("A commitment is waiting for your signature")
    )
    expect(waiting).to_be_visible()
    expect(waiting.get_by_role("link")).to_have_count(1)
    # the other partners' commitments are signed
    gymnasium = page.locator("li", has=page.get_by_role("heading", name=GYMNASIUM))
    expect(gymnasium.locator(".badge")).to_have_text(t(CommitmentStatus.SIGNED.label))
    assert_no_axe_violations(page)

    # when they open it
    waiting.get_by_role(
        "link", name=t("Read and sign the commitment of %(name)s", name=KOMMUNE)
    ).click()
    expect(page).to_have_url(url_of(demo, f"/{demo.slug}/partners/{commitment.organisation_id}/"))
    expect(page.locator("h1")).to_have_text(KOMMUNE)
    commitment_section = page.locator("section[aria-labelledby=commitment-heading]")
    expect(commitment_section).to_contain_text(t(CommitmentStatus.AWAITING_SIGNATURE.label))
    signatures = page.locator("section[aria-labelledby=signatures-heading]")
    expect(signatures).to_contain_text(t("Not signed yet."))
    assert_no_axe_violations(page)

    # and sign without ticking the authority box, they are asked to confirm it
    sign = page.locator("section[aria-labelledby=sign-heading] form")
    authority = sign.get_by_label(
        t("I have the authority to sign on behalf of %(organisation)s.", organisation=KOMMUNE)
    )
    expect(authority).not_to_be_checked()
    with page.expect_response(re.compile(r"/commitment/sign/$")) as refused:
        sign.get_by_role("button", name=t("Sign the commitment")).click()
    assert refused.value.status == 400
    expect(page.locator("main")).to_contain_text(
        t("Confirm that you have the authority to sign on behalf of the organisation.")
    )
    forget_status_error(page, 400)
    assert_no_axe_violations(page)
    commitment.refresh_from_db()
    assert commitment.status == CommitmentStatus.AWAITING_SIGNATURE

    # when they tick it and sign
    sign = page.locator("section[aria-labelledby=sign-heading] form")
    sign.get_by_label(
        t("I have the authority to sign on behalf of %(organisation)s.", organisation=KOMMUNE)
    ).check()
    sign.get_by_role("button", name=t("Sign the commitment")).click()

    # then the commitment is signed, with their signature in its history
    expect(page).to_have_url(url_of(demo, f"/{demo.slug}/partners/{commitment.organisation_id}/"))
    expect(success_message(page, t("Thank you. The commitment is signed."))).to_be_visible()
    status = page.locator("section[aria-labelledby=commitment-heading] .badge")
    expect(status).to_have_text(t(CommitmentStatus.SIGNED.label))
    assert t(CommitmentStatus.SIGNED.label) == "Underskrevet"
    expect(page.locator("section[aria-labelledby=sign-heading]")).to_have_count(0)
    row = page.locator("section[aria-labelledby=signatures-heading] tbody tr")
    expect(row).to_have_count(1)
    expect(row).to_contain_text(mette.get_full_name())
    expect(row.locator("td").first).to_have_text(str(commitment.version))
    assert_no_axe_violations(page)

    # and the signed text can be read
    row.get_by_role("link").click()
    expect(page).to_have_url(
        url_of(
            demo,
            f"/{demo.slug}/partners/{commitment.organisation_id}/signatures/{commitment.version}/",
        )
    )
    expect(page.locator("main")).to_contain_text(mette.get_full_name())
    assert_no_axe_violations(page)

    # and the partners page no longer asks for their signature
    page.goto(f"/{demo.slug}/partners/")
    expect(
        page.get_by_text(t("A commitment is waiting for your signature"), exact=True)
    ).to_have_count(0)
    assert_no_axe_violations(page)
    commitment.refresh_from_db()
    assert commitment.status == CommitmentStatus.SIGNED


# --- 4. the youth-share warning ------------------------------------------------------------


def youth_warning_text(share: int, minimum: int) -> str:
    return t(YOUTH_WARNING, minimum=minimum, share=share)


def seat_row(page: Page, name: str) -> Locator:
    return page.locator("section[aria-labelledby=seats-heading] tbody tr").filter(has_text=name)


def test_youth_share_warning_appears_when_youth_seats_end(
    page: Page, second_page: Page, demo: Demo
):
    alliance = Alliance.objects.get(slug=demo.slug)
    minimum = alliance.youth_share_minimum
    yesterday = timezone.localdate() - datetime.timedelta(days=1)
    log_in(page, demo, "secretariat")

    # given the steering group with 4 youth seats of 13: 31 %, over the minimum
    page.goto(f"/{demo.slug}/steering/")
    expect(page.locator("h1")).to_have_text("Styregruppen")
    expect(page.locator("section[aria-labelledby=composition-heading]")).to_contain_text("31 %")
    warning_start = t(YOUTH_WARNING).split("%(")[0]
    expect(page.get_by_role("alert").filter(has_text=warning_start)).to_have_count(0)
    assert_no_axe_violations(page)

    # when the secretariat ends the terms of two youth seats: the term end set to yesterday
    # (test_end_term_button_takes_youth_seats_out_of_the_share_today uses the button)
    for name in ("Jonas Lind", "Sara Ahmadi"):
        seat_row(page, name).get_by_role("link", name=re.compile(re.escape(t("Edit")))).click()
        expect(page.locator("h1")).to_have_text(t("The seat of %(name)s", name=name))
        assert_no_axe_violations(page)
        form = main_form(page)
        form.get_by_label(t("Term end")).fill(yesterday.isoformat())
        form.get_by_role("button", name=t("Save the seat")).click()
        expect(page).to_have_url(url_of(demo, f"/{demo.slug}/steering/"))
        expect(
            success_message(page, t("The seat of %(name)s was saved.", name=name))
        ).to_be_visible()
        expect(seat_row(page, name)).to_contain_text(t("Not current"))
        assert_no_axe_violations(page)

    # then 2 youth of 11 current seats is 18 %, and the warning says so
    expected = youth_warning_text(share=18, minimum=minimum)
    warning = page.get_by_role("alert").filter(has_text=expected)
    expect(warning).to_be_visible()
    expect(warning).to_contain_text(t("Warning:"))
    expect(page.locator("section[aria-labelledby=composition-heading]")).to_contain_text("18 %")
    assert_no_axe_violations(page)

    # and the steering group's chair sees it on the steering page and on their home
    chair = second_page
    log_in(chair, demo, "steering")
    expect(chair.locator("h1")).to_have_text(t("Steering group overview"))
    expect(chair.get_by_role("alert").filter(has_text=expected)).to_be_visible()
    assert_no_axe_violations(chair)
    chair.goto(f"/{demo.slug}/steering/")
    expect(chair.get_by_role("alert").filter(has_text=expected)).to_be_visible()
    assert_no_axe_violations(chair)


# --- phone width ---------------------------------------------------------------------------


@pytest.mark.parametrize(
    "path",
    [
        "agenda/",
        "agenda/compare/",
        "partners/",
        "steering/",
        "people/",
        "directory/",
        "history/",
    ],
)
def test_the_alliance_pages_fit_a_phone(phone_page: Page, demo: Demo, path: str):
    page = phone_page
    log_in(page, demo, "secretariat")
    page.goto(f"/{demo.slug}/{path}")
    expect(page.locator("h1")).to_be_visible()
    no_horizontal_scroll(page, 360)
    assert_no_axe_violations(page)


def test_end_term_button_takes_youth_seats_out_of_the_share_today(page: Page, demo: Demo):
    alliance = Alliance.objects.get(slug=demo.slug)
    log_in(page, demo, "secretariat")
    page.goto(f"/{demo.slug}/steering/")
    assert_no_axe_violations(page)

    # when the secretariat ends two youth seats' terms with the "End term" button
    for name in ("Jonas Lind", "Sara Ahmadi"):
        seat_row(page, name).get_by_role(
            "button", name=re.compile(re.escape(t("End term")))
        ).click()
        expect(page).to_have_url(url_of(demo, f"/{demo.slug}/steering/"))
        assert_no_axe_violations(page)

    # then those seats no longer count, and the youth-share warning appears
    expected = youth_warning_text(share=18, minimum=alliance.youth_share_minimum)
    expect(page.get_by_role("alert").filter(has_text=expected)).to_be_visible()


def test_seat_form_shows_the_term_and_saving_it_unchanged_keeps_it(page: Page, demo: Demo):
    seat = GroupMember.objects.get(
        group__alliance__slug=demo.slug, group__kind="steering", user__full_name="Jonas Lind"
    )
    term = (seat.term_start, seat.term_end)
    assert None not in term
    log_in(page, demo, "secretariat")
    page.goto(f"/{demo.slug}/steering/")
    seat_row(page, "Jonas Lind").get_by_role("link", name=re.compile(re.escape(t("Edit")))).click()
    assert_no_axe_violations(page)

    # the form shows the seat's term
    form = main_form(page)
    expect(form.get_by_label(t("Term start"))).to_have_value(term[0].isoformat())
    expect(form.get_by_label(t("Term end"))).to_have_value(term[1].isoformat())

    # and saving it unchanged keeps it
    form.get_by_role("button", name=t("Save the seat")).click()
    expect(page).to_have_url(url_of(demo, f"/{demo.slug}/steering/"))
    seat.refresh_from_db()
    assert (seat.term_start, seat.term_end) == term
