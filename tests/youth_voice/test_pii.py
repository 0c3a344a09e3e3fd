"""Finding and masking personal data: CPR numbers, phone numbers, email addresses and the full
names of the alliance's people, and leaving ordinary numbers alone."""

import itertools
import time

import pytest
from django.utils import translation
from hypothesis import given, settings
from hypothesis import strategies as st

from youth_voice import pii
from youth_voice.pii import CPR, EMAIL, NAME, PHONE, find_personal_data, mask

NAMES = ["Anna Marie Jensen", "Mads Hansen", "Søren Østergaard-Ærø", "Ole"]


def kinds(text, names=NAMES):
    return [(f.kind, f.text) for f in find_personal_data(text, names=names)]


@pytest.mark.parametrize(
    "text, found",
    [
        ("mit cpr er 010203-1234", "010203-1234"),
        ("CPR: 0102031234.", "0102031234"),
        ("cpr 311299 1234", "311299 1234"),
        ("290200-1234 (skudår)", "290200-1234"),
    ],
)
def test_cpr_numbers_with_a_valid_date_are_found(text, found):
    assert kinds(text) == [(CPR, found)]


@pytest.mark.parametrize(
    "text",
    ["320203-1234", "011303-1234", "300201-1234", "12345678901", "010203-12345", "2010203-1234"],
)
def test_numbers_that_are_not_cpr_numbers_are_left_alone(text):
    assert CPR not in [kind for kind, _text in kinds(text)]


@pytest.mark.parametrize(
    "text, found",
    [
        ("Ring til mig på 12 34 56 78", "12 34 56 78"),
        ("sms 12345678 efter skole", "12345678"),
        ("+45 12 34 56 78", "+45 12 34 56 78"),
        ("+4512345678", "+4512345678"),
        ("0045 12345678", "0045 12345678"),
        ("mobil: 2345 6789.", "2345 6789"),
        ("tlf. 23-45-67-89", "23-45-67-89"),
        ("(98765432)", "98765432"),
    ],
)
def test_danish_phone_numbers_are_found(text, found):
    assert kinds(text) == [(PHONE, found)]


@pytest.mark.parametrize(
    "text",
    [
        "I 2026 skal vi have flere klubber",
        "Vi mødes kl. 16 eller kl. 16.30",
        "Det koster 1.500 kr. eller 250,50 kr",
        "Billetten koster 12.345.678 kr",
        "100 000 kr til ungdomsklubben",
        "fra 2025 2026 og frem",
        "sæsonen 2025-2026",
        "10 20 30 40 50 60",
        "ordrenummer 123456789",
        "den 12.03.2026",
        "1234567",
        "version 1.2.3.4",
    ],
)
def test_ordinary_numbers_are_not_flagged(text):
    assert find_personal_data(text, names=NAMES) == []


@pytest.mark.parametrize(
    "text, found",
    [
        ("skriv til anna@example.org", "anna@example.org"),
        ("mail: a.b+c@skole.kalundborg.dk.", "a.b+c@skole.kalundborg.dk"),
        ("MADS_H@Gmail.COM er min", "MADS_H@Gmail.COM"),
    ],
)
def test_email_addresses_are_found(text, found):
    assert kinds(text) == [(EMAIL, found)]


@pytest.mark.parametrize("text", ["@ungdomsklubben", "a@b", "hej @ alle", "2@3.45"])
def test_things_that_only_look_a_bit_like_email_are_left_alone(text):
    assert find_personal_data(text, names=NAMES) == []


@pytest.mark.parametrize(
    "text, found",
    [
        ("Anna Marie Jensen er sød", "Anna Marie Jensen"),
        ("jeg talte med anna marie jensen i går", "anna marie jensen"),
        ("MADS HANSEN sagde nej", "MADS HANSEN"),
        ("Mads  Hansen", "Mads  Hansen"),
        ("spørg Søren Østergaard-Ærø", "Søren Østergaard-Ærø"),
        ("Anna Jensen fra klubben", "Anna Jensen"),
        ("Mads Hansens cykel", "Mads Hansens"),
    ],
)
def test_full_names_from_the_people_list_are_found(text, found):
    assert kinds(text) == [(NAME, found)]


@pytest.mark.parametrize(
    "text",
    [
        "Mads er min ven",  # a first name alone
        "Ole kommer også",  # a one-word name in the list
        "Madsen Hansen",  # not a name in the list
        "Mads Hansenius",  # a longer word
        "Anna-Marie Jensen",  # another person
        "Hansen Mads",
    ],
)
def test_first_names_and_other_words_are_not_names(text):
    assert find_personal_data(text, names=NAMES) == []


def test_mask_replaces_each_finding_in_its_place():
    text = "Hej, jeg hedder Mads Hansen, ring 12 34 56 78 eller skriv mads@example.org. 010203-1234"

    with translation.override("en"):
        masked, findings = mask(text, names=NAMES)

    assert masked == (
        "Hej, jeg hedder [name removed], ring [phone number removed] eller skriv "
        "[email removed]. [CPR number removed]"
    )
    assert [f.kind for f in findings] == [NAME, PHONE, EMAIL, CPR]
    assert all(text[f.start : f.end] == f.text for f in findings)


def test_masks_are_in_the_language_of_the_request():
    with translation.override("da"):
        masked, _findings = mask("ring 12345678", names=[])
    assert masked == "ring " + pii.mask_for(PHONE)
    assert "12345678" not in masked


def test_text_without_personal_data_is_unchanged():
    text = "Vi vil have en skatepark ved havnen i 2026, åben til kl. 22."
    assert mask(text, names=NAMES) == (text, [])
    assert mask("", names=NAMES) == ("", [])


def test_overlapping_findings_keep_the_strongest():
    # An email address with digits in it is one email, not also a phone number.
    assert kinds("12345678@example.org") == [(EMAIL, "12345678@example.org")]


def test_findings_are_described_in_words():
    with translation.override("en"):
        finding = find_personal_data("ring 12 34 56 78", names=[])[0]
        assert f"{finding.label}: {finding.text}" == "Phone number: 12 34 56 78"


def test_highlight_cuts_the_text_around_findings():
    text = "ring 12345678 nu"
    pieces = pii.highlight(text, find_personal_data(text, names=[]))
    assert [(piece, finding is not None) for piece, finding in pieces] == [
        ("ring ", False),
        ("12345678", True),
        (" nu", False),
    ]


def test_scanning_is_fast_with_many_names():
    names = [f"Fornavn{i} Efternavn{i}" for i in range(2000)]
    text = ("Jeg synes vi skal have flere aktiviteter i klubben om aftenen. " * 30)[:2000]
    find_personal_data(text, names=names)  # the pattern for this list is compiled once

    start = time.perf_counter()
    for _ in range(20):
        find_personal_data(text, names=names)
    assert (time.perf_counter() - start) / 20 < 0.05


_pieces = st.one_of(
    st.text(max_size=40),
    st.sampled_from(
        ["12 34 56 78", "+45 23456789", "010203-1234", "ung@example.org", "Mads Hansen", " ", "\n"]
    ),
)


@settings(max_examples=500, deadline=None)
@given(st.lists(_pieces, max_size=12).map(" ".join))
def test_masked_text_has_no_personal_data_left(text):
    masked, findings = mask(text, names=NAMES)

    assert find_personal_data(masked, names=NAMES) == []
    for finding in findings:
        assert text[finding.start : finding.end] == finding.text
    starts = [f.start for f in findings]
    assert starts == sorted(starts)
    assert all(a.end <= b.start for a, b in itertools.pairwise(findings))


def test_two_numbers_in_a_row_are_both_found():
    assert kinds("12345678 87654321") == [(PHONE, "12345678"), (PHONE, "87654321")]
    assert kinds("+45 12345678 10 00 00 00") == [(PHONE, "+45 12345678"), (PHONE, "10 00 00 00")]
    assert kinds("ring 2 gange på 12345678") == [(PHONE, "12345678")]
