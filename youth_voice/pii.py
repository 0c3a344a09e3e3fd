"""Finding and masking personal data in a young person's text before anything is published:
CPR numbers, Danish phone numbers, email addresses and the full names of the alliance's people.

Plain functions over a string and a list of names: no database. The patterns are compiled once;
the names are joined into one pattern, cached per list of names. Ordinary numbers (years,
times, prices, amounts) are left alone: a phone number is eight digits that stand on their own
and a CPR number needs a real date.
"""

from __future__ import annotations

import datetime
import functools
import re
from collections.abc import Iterable
from dataclasses import dataclass

from django.utils.translation import gettext

CPR = "cpr"
PHONE = "phone"
EMAIL = "email"
NAME = "name"

# Which finding wins when two overlap: the lower number.
_PRIORITY = {EMAIL: 0, CPR: 1, PHONE: 2, NAME: 3}

_CPR_RE = re.compile(r"(?<![\d.,/-])(\d{2})(\d{2})(\d{2})[- ]?(\d{4})(?![\d]|[.,/]\d)")
# Eight digits, whole or in groups of two or four split by a space or a hyphen, with an
# optional +45 or 0045 in front; not part of a longer run of short digit groups
# ("10 20 30 40 50"), while two numbers in a row ("12345678 87654321") are both found.
_PHONE_RE = re.compile(
    r"(?<![\w.,/+-])"
    r"(?:(?P<prefix>(?:\+|00)45[ -]?)"
    # Without a prefix, a number that starts with a short group must not follow one.
    r"|(?=\d{3})|(?<!(?<!\d)\d[ -])(?<!(?<!\d)\d\d[ -])(?<!(?<!\d)\d\d\d[ -]))"
    r"(?P<number>[1-9]\d(?:[ -]?\d\d){3})"
    r"(?![\w]|[.,/-]\d)"
    # ... and one that ends with a short group must not be followed by one.
    r"(?(prefix)|(?:(?<=\d{3})|(?![ -]\d{1,3}(?!\d))))"
)
_PHONE_GROUPS_RE = re.compile(r"^\d\d(?:( ?|-?)\d\d)(?:\1\d\d){2}$|^\d{4}[ -]\d{4}$")
_EMAIL_RE = re.compile(
    r"(?<![\w.+-])[\w.+-]+@[\w-]+(?:\.[\w-]+)*\.[^\W\d_]{2,}(?![\w-])", re.IGNORECASE
)
_WORD_RE = re.compile(r"[^\W\d_]+(?:[-'’][^\W\d_]+)*")


@dataclass(frozen=True)
class Finding:
    """A piece of personal data in a text: its kind, where it is (start, end) and the text."""

    kind: str
    start: int
    end: int
    text: str

    @property
    def label(self) -> str:
        return kind_label(self.kind)


def kind_label(kind: str) -> str:
    """The kind of personal data in words ("Phone number")."""
    return {
        CPR: gettext("CPR number"),
        PHONE: gettext("Phone number"),
        EMAIL: gettext("Email address"),
        NAME: gettext("Name"),
    }[kind]


def mask_for(kind: str) -> str:
    """What replaces a piece of personal data in the published text."""
    return {
        CPR: gettext("[CPR number removed]"),
        PHONE: gettext("[phone number removed]"),
        EMAIL: gettext("[email removed]"),
        NAME: gettext("[name removed]"),
    }[kind]


def _is_date(day: int, month: int, year2: int) -> bool:
    for century in (1900, 2000):
        try:
            datetime.date(century + year2, month, day)
        except ValueError:
            continue
        return True
    return False


def _cpr_findings(text: str) -> Iterable[Finding]:
    for match in _CPR_RE.finditer(text):
        day, month, year = (int(match.group(i)) for i in (1, 2, 3))
        if _is_date(day, month, year):
            yield Finding(CPR, match.start(), match.end(), match.group(0))


def _looks_like_years(number: str) -> bool:
    """'2025 2026' or '1990-2000' are two years, not a phone number."""
    parts = re.split(r"[ -]", number)
    return (
        len(parts) == 2
        and all(len(part) == 4 and part[:2] in ("19", "20") for part in parts)
        and "" not in parts
    )


def _phone_findings(text: str) -> Iterable[Finding]:
    for match in _PHONE_RE.finditer(text):
        number = match.group("number")
        if not _PHONE_GROUPS_RE.match(number):
            continue  # mixed groupings such as "12 345678" are more likely amounts
        if not match.group("prefix") and _looks_like_years(number):
            continue
        yield Finding(PHONE, match.start(), match.end(), match.group(0))


def _email_findings(text: str) -> Iterable[Finding]:
    for match in _EMAIL_RE.finditer(text):
        yield Finding(EMAIL, match.start(), match.end(), match.group(0))


def _name_variants(full_name: str) -> list[tuple[str, ...]]:
    """A full name as words, plus first and last name alone for names of three or more
    words ("Anna Marie Jensen" is also found as "Anna Jensen"). Single words are never names
    here: a first name alone is not masked."""
    words = tuple(_WORD_RE.findall(full_name))
    if len(words) < 2:
        return []
    variants = [words]
    if len(words) >= 3:
        variants.append((words[0], words[-1]))
    return variants


@functools.lru_cache(maxsize=32)
def _names_pattern(names: tuple[str, ...]) -> re.Pattern | None:
    variants = {
        tuple(word.casefold() for word in variant)
        for name in names
        for variant in _name_variants(name)
    }
    if not variants:
        return None
    # Longest first, so "Anna Marie Jensen" wins over "Anna Jensen"... and over a shorter name.
    ordered = sorted(variants, key=lambda words: (-sum(map(len, words)), words))
    alternatives = "|".join(r"\s+".join(re.escape(word) for word in words) for words in ordered)
    # A Danish genitive ("Mads Hansens cykel") names the person too.
    return re.compile(rf"(?<![\w-])(?:{alternatives})(?:s|['’]s?)?(?![\w-])", re.IGNORECASE)


def _name_findings(text: str, names: tuple[str, ...]) -> Iterable[Finding]:
    pattern = _names_pattern(names)
    if pattern is None:
        return
    for match in pattern.finditer(text):
        yield Finding(NAME, match.start(), match.end(), match.group(0))


def find_personal_data(text: str, *, names: Iterable[str] = ()) -> list[Finding]:
    """The personal data in `text`, in the order it appears, never overlapping.

    `names` are the full names of the alliance's people (selectors_moderation.names_for)."""
    if not text:
        return []
    names_key = tuple(sorted({name.strip() for name in names if name and name.strip()}))
    candidates = [
        *_email_findings(text),
        *_cpr_findings(text),
        *_phone_findings(text),
        *_name_findings(text, names_key),
    ]
    candidates.sort(key=lambda f: (_PRIORITY[f.kind], f.start))
    chosen: list[Finding] = []
    for finding in candidates:
        if all(finding.end <= kept.start or finding.start >= kept.end for kept in chosen):
            chosen.append(finding)
    return sorted(chosen, key=lambda f: f.start)


def mask(text: str, *, names: Iterable[str] = ()) -> tuple[str, list[Finding]]:
    """`text` with each piece of personal data replaced by a mask, and what was found."""
    findings = find_personal_data(text, names=names)
    parts: list[str] = []
    position = 0
    for finding in findings:
        parts.append(text[position : finding.start])
        parts.append(mask_for(finding.kind))
        position = finding.end
    parts.append(text[position:])
    return "".join(parts), findings


def highlight(text: str, findings: list[Finding]) -> list[tuple[str, Finding | None]]:
    """The text cut into pieces, each with the finding it is (or None), for a template to mark."""
    pieces: list[tuple[str, Finding | None]] = []
    position = 0
    for finding in findings:
        if finding.start > position:
            pieces.append((text[position : finding.start], None))
        pieces.append((text[finding.start : finding.end], finding))
        position = finding.end
    if position < len(text):
        pieces.append((text[position:], None))
    return pieces
