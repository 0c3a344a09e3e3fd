"""Sending, finding, exporting and erasing a young person's input."""

from __future__ import annotations

import pytest

from tests.factories import FocusAreaFactory, MembershipFactory, UserFactory
from youth_voice import codes
from youth_voice.models import (
    Consent,
    ConsentStatus,
    ContactDetails,
    ErasureRecord,
    InputEvent,
    InputReport,
    InputStatus,
    Support,
    YouthInput,
)
from youth_voice.selectors_portal import input_by_code, input_by_token, input_timeline
from youth_voice.services_input import input_erase, input_export, input_submit

from .factories_portal import portal_alliance, sent_input

pytestmark = pytest.mark.django_db


def test_input_create_returns_a_code_and_stores_only_its_hashes():
    # given
    alliance = portal_alliance()
    # when
    youth_input, code = sent_input(alliance, text="Mere lys på stien")
    # then
    assert codes.normalise_code(code) == code
    youth_input.refresh_from_db()
    assert youth_input.receipt_hash == codes.receipt_hash(code)
    assert youth_input.link_hash == codes.link_hash(codes.link_token(code))
    stored = " ".join(
        str(v) for v in YouthInput.objects.filter(pk=youth_input.pk).values()[0].values()
    )
    assert code not in stored and code.replace("-", "") not in stored
    assert youth_input.status == InputStatus.RECEIVED
    assert list(InputEvent.objects.filter(input=youth_input).values_list("status", flat=True)) == [
        InputStatus.RECEIVED
    ]


def test_codes_differ_between_inputs():
    alliance = portal_alliance()
    codes_seen = {sent_input(alliance)[1] for _ in range(20)}
    assert len(codes_seen) == 20


def test_input_is_found_by_its_code_as_typed_and_by_its_token():
    alliance = portal_alliance()
    youth_input, code = sent_input(alliance)
    typed = " " + code.lower().replace("-", " ") + " "
    assert input_by_code(alliance=alliance, code=typed) == youth_input
    assert input_by_token(alliance=alliance, token=codes.link_token(code)) == youth_input


def test_lookups_find_nothing_for_wrong_malformed_or_foreign_codes():
    alliance, other = portal_alliance(), portal_alliance()
    _input, code = sent_input(alliance)
    assert input_by_code(alliance=other, code=code) is None
    assert input_by_code(alliance=alliance, code="AAAAA-AAAAA") is None
    assert input_by_code(alliance=alliance, code="not a code") is None
    assert input_by_code(alliance=alliance, code="") is None
    assert input_by_token(alliance=other, token=codes.link_token(code)) is None
    assert input_by_token(alliance=alliance, token="x" * 500) is None


def test_export_holds_everything_stored_about_the_input():
    alliance = portal_alliance()
    topic = FocusAreaFactory(alliance=alliance, title="Trivsel")
    youth_input, _code = input_submit(
        alliance=alliance,
        kind="worry",
        text="Jeg er ensom",
        focus_area=topic,
        age_band="16-17",
        contact_email="ung@example.org",
    )
    data = input_export(youth_input)
    assert data["text"] == "Jeg er ensom"
    assert data["kind"] == "worry"
    assert data["topic"] == "Trivsel"
    assert data["age_band"] == "16-17"
    assert data["contact_email"] == "ung@example.org"
    assert [step["status"] for step in data["status_history"]] == ["received"]
    assert data["consents"][0]["status"] == ConsentStatus.GIVEN


def test_erase_leaves_only_the_consents_and_an_erasure_record():
    # given an input with contact details, a support, a report and a consent
    alliance = portal_alliance()
    user = UserFactory()
    MembershipFactory(alliance=alliance, user=user)
    youth_input, code = input_submit(
        alliance=alliance,
        kind="idea",
        text="Skaterpark",
        user=user,
        age_band="18-24",
        contact_email="ung@example.org",
    )
    Support.objects.create(input=youth_input, supporter_hash="a" * 64)
    InputReport.objects.create(input=youth_input, reason="spam", reporter_hash="b" * 64)
    # when
    record = input_erase(youth_input, via=ErasureRecord.Via.RECEIPT)
    # then
    assert not YouthInput.objects.filter(pk=youth_input.pk).exists()
    assert not ContactDetails.objects.exists()
    assert not Support.objects.exists()
    assert not InputReport.objects.exists()
    assert not InputEvent.objects.exists()
    consent = Consent.objects.get()
    assert consent.input_id is None and consent.user_id is None
    assert record.via == ErasureRecord.Via.RECEIPT and record.inputs_erased == 1
    assert ErasureRecord.objects.count() == 1
    assert input_by_code(alliance=alliance, code=code) is None


def test_erasing_several_inputs_counts_them_on_one_record():
    alliance = portal_alliance()
    first, _ = sent_input(alliance)
    second, _ = sent_input(alliance)
    record = input_erase(first, via=ErasureRecord.Via.ACCOUNT)
    input_erase(second, via=ErasureRecord.Via.ACCOUNT, erasure=record)
    record.refresh_from_db()
    assert record.inputs_erased == 2
    assert ErasureRecord.objects.count() == 1


def test_timeline_shows_reached_steps_and_those_ahead():
    alliance = portal_alliance()
    youth_input, _code = sent_input(alliance)
    steps = input_timeline(youth_input)
    assert [s.status for s in steps] == ["received", "considering", "answered", "closed"]
    assert [s.is_done for s in steps] == [True, False, False, False]
    assert steps[0].is_current


def test_erasing_an_input_forgets_its_emails_waiting_for_the_broker():
    from alliance.models import PendingTask
    from youth_voice.models import ErasureRecord
    from youth_voice.services_input import input_erase

    alliance = portal_alliance()
    youth_input, _code = sent_input(alliance)
    other, _ = sent_input(alliance)
    event = youth_input.events.get()
    PendingTask.objects.create(
        task_name="youth_voice.tasks_routing.input_status_email_send_task",
        args=[event.pk, "ung@example.org"],
    )
    kept = PendingTask.objects.create(
        task_name="youth_voice.tasks_routing.input_status_email_send_task",
        args=[other.events.get().pk, "anden@example.org"],
    )

    input_erase(youth_input, via=ErasureRecord.Via.RECEIPT)

    status_emails = PendingTask.objects.filter(
        task_name="youth_voice.tasks_routing.input_status_email_send_task"
    )
    assert list(status_emails) == [kept]


def test_a_receipt_code_already_taken_is_drawn_again(monkeypatch):
    # given an input holding a code, and a draw that gives that code first
    alliance = portal_alliance()
    _first, taken = sent_input(alliance)
    draws = iter([taken, "BCDEF-34567"])
    monkeypatch.setattr("youth_voice.services_input.new_receipt_code", lambda: next(draws))
    # when another input is sent
    youth_input, code = input_submit(alliance=alliance, kind="idea", text="Mere musik")
    # then it gets the next code, and the first input keeps its own
    assert code == "BCDEF-34567"
    assert input_by_code(alliance=alliance, code=code) == youth_input
    assert YouthInput.objects.filter(alliance=alliance).count() == 2


def test_a_code_clash_three_times_in_a_row_is_an_error_and_saves_nothing(monkeypatch):
    from django.db import IntegrityError

    alliance = portal_alliance()
    _first, taken = sent_input(alliance)
    monkeypatch.setattr("youth_voice.services_input.new_receipt_code", lambda: taken)
    with pytest.raises(IntegrityError):
        input_submit(
            alliance=alliance, kind="idea", text="Mere musik", contact_email="u@example.org"
        )
    assert YouthInput.objects.filter(alliance=alliance).count() == 1
    assert not ContactDetails.objects.exists()
