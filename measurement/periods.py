"""Reporting periods: every period is stored as its first day; these functions name, parse and
list them for an indicator's frequency (yearly, per term, quarterly, monthly)."""

from __future__ import annotations

import datetime
import re

from django.core.exceptions import ValidationError
from django.utils import formats
from django.utils.translation import gettext as _

from .models import Frequency

MONTHS_PER_PERIOD = {
    Frequency.YEARLY: 12,
    Frequency.TERM: 6,
    Frequency.QUARTERLY: 3,
    Frequency.MONTHLY: 1,
}
# The earliest and latest years a period may have (a typo like 20255 is an error, not a year).
FIRST_YEAR = 1990
LAST_YEAR = 2100

_YEAR = re.compile(r"^(\d{4})$")
_TERM = re.compile(r"^(\d{4})\s*[-/ ]?\s*(?:H|HALVÅR\s*)([12])$")
_TERM_REVERSED = re.compile(r"^([12])\.?\s*(?:H|HALVÅR)\s*(\d{4})$")
_QUARTER = re.compile(r"^(\d{4})\s*[-/ ]?\s*[QK]([1-4])$")
_MONTH = re.compile(r"^(\d{4})-(\d{1,2})$")
_DATE = re.compile(r"^(\d{4})-(\d{1,2})-(\d{1,2})$")


def period_start(frequency: str, day: datetime.date) -> datetime.date:
    """The first day of the period of `frequency` that contains `day`."""
    months = MONTHS_PER_PERIOD[frequency]
    month = (day.month - 1) // months * months + 1
    return datetime.date(day.year, month, 1)


def period_after(frequency: str, period: datetime.date) -> datetime.date:
    """The first day of the next period."""
    index = period.year * 12 + period.month - 1 + MONTHS_PER_PERIOD[frequency]
    return datetime.date(index // 12, index % 12 + 1, 1)


def period_end(frequency: str, period: datetime.date) -> datetime.date:
    """The last day of the period starting at `period`."""
    return period_after(frequency, period) - datetime.timedelta(days=1)


def periods_between(
    frequency: str, start: datetime.date, end: datetime.date
) -> list[datetime.date]:
    """Every period from the one containing `start` to the one containing `end`."""
    period, last = period_start(frequency, start), period_start(frequency, end)
    periods = []
    while period <= last:
        periods.append(period)
        period = period_after(frequency, period)
    return periods


def period_due(frequency: str, today: datetime.date) -> datetime.date:
    """The latest period that has ended by `today`: the one reports are due for."""
    current = period_start(frequency, today)
    index = current.year * 12 + current.month - 1 - MONTHS_PER_PERIOD[frequency]
    return datetime.date(index // 12, index % 12 + 1, 1)


def period_label(frequency: str, period: datetime.date) -> str:
    """How a period is named to people: "2025", "1. halvår 2025", "3. kvartal 2025",
    "marts 2025"."""
    if frequency == Frequency.YEARLY:
        return str(period.year)
    if frequency == Frequency.TERM:
        return _("%(number)s. half %(year)s") % {
            "number": 1 if period.month <= 6 else 2,
            "year": period.year,
        }
    if frequency == Frequency.QUARTERLY:
        return _("Q%(number)s %(year)s") % {
            "number": (period.month - 1) // 3 + 1,
            "year": period.year,
        }
    return formats.date_format(period, "F Y")


def period_code(frequency: str, period: datetime.date) -> str:
    """The period as written in an import file: 2025, 2025-H1, 2025-Q3, 2025-03."""
    if frequency == Frequency.YEARLY:
        return str(period.year)
    if frequency == Frequency.TERM:
        return f"{period.year}-H{1 if period.month <= 6 else 2}"
    if frequency == Frequency.QUARTERLY:
        return f"{period.year}-Q{(period.month - 1) // 3 + 1}"
    return f"{period.year}-{period.month:02d}"


def _checked_year(year: int) -> int:
    if not FIRST_YEAR <= year <= LAST_YEAR:
        raise ValidationError(
            _("The year must be between %(first)s and %(last)s."),
            code="period_year",
            params={"first": FIRST_YEAR, "last": LAST_YEAR},
        )
    return year


def period_parse(frequency: str, text: str | datetime.date) -> datetime.date:
    """Read a period for `frequency` from what a person wrote (or a date from a spreadsheet):
    "2025", "2025-H1", "2025-Q3" / "2025 K3", "2025-03", or a date within the period.
    Raise ValidationError with a message saying what is expected."""
    if isinstance(text, datetime.datetime):
        text = text.date()
    if isinstance(text, datetime.date):
        return period_start(frequency, text)
    raw = str(text).strip().upper()
    if raw.endswith(".0") and _YEAR.match(raw[:-2]):  # a year read from a spreadsheet as 2025.0
        raw = raw[:-2]
    match = _DATE.match(raw)
    if match:
        try:
            day = datetime.date(_checked_year(int(match[1])), int(match[2]), int(match[3]))
        except ValueError:
            raise _period_error(frequency, text) from None
        return period_start(frequency, day)
    year: int | None = None
    month = 1
    if frequency == Frequency.YEARLY and (match := _YEAR.match(raw)):
        year = int(match[1])
    elif frequency == Frequency.TERM and (match := _TERM.match(raw)):
        year, month = int(match[1]), 1 if match[2] == "1" else 7
    elif frequency == Frequency.TERM and (match := _TERM_REVERSED.match(raw)):
        year, month = int(match[2]), 1 if match[1] == "1" else 7
    elif frequency == Frequency.QUARTERLY and (match := _QUARTER.match(raw)):
        year, month = int(match[1]), (int(match[2]) - 1) * 3 + 1
    elif frequency == Frequency.MONTHLY and (match := _MONTH.match(raw)):
        year, month = int(match[1]), int(match[2])
        if not 1 <= month <= 12:
            raise _period_error(frequency, text)
    if year is None:
        raise _period_error(frequency, text)
    return datetime.date(_checked_year(year), month, 1)


def _period_error(frequency: str, text) -> ValidationError:
    examples = {
        Frequency.YEARLY: "2025",
        Frequency.TERM: "2025-H1",
        Frequency.QUARTERLY: "2025-Q3",
        Frequency.MONTHLY: "2025-03",
    }
    return ValidationError(
        _("“%(text)s” is not a period. Write it like %(example)s."),
        code="period",
        params={"text": str(text)[:40], "example": examples[frequency]},
    )
