import datetime

import pytest
from django.core.exceptions import ValidationError
from django.utils import translation

from measurement.models import Frequency
from measurement.periods import (
    period_after,
    period_code,
    period_due,
    period_end,
    period_label,
    period_parse,
    period_start,
    periods_between,
)

D = datetime.date


@pytest.mark.parametrize(
    ("frequency", "day", "start"),
    [
        (Frequency.YEARLY, D(2025, 8, 17), D(2025, 1, 1)),
        (Frequency.TERM, D(2025, 8, 17), D(2025, 7, 1)),
        (Frequency.QUARTERLY, D(2025, 8, 17), D(2025, 7, 1)),
        (Frequency.MONTHLY, D(2025, 8, 17), D(2025, 8, 1)),
    ],
)
def test_period_start_is_the_first_day_of_the_period(frequency, day, start):
    assert period_start(frequency, day) == start


def test_next_period_and_end_cross_the_year():
    assert period_after(Frequency.QUARTERLY, D(2025, 10, 1)) == D(2026, 1, 1)
    assert period_end(Frequency.TERM, D(2025, 7, 1)) == D(2025, 12, 31)
    assert periods_between(Frequency.TERM, D(2024, 3, 1), D(2025, 8, 1)) == [
        D(2024, 1, 1),
        D(2024, 7, 1),
        D(2025, 1, 1),
        D(2025, 7, 1),
    ]


def test_the_due_period_is_the_latest_that_has_ended():
    today = D(2026, 11, 27)
    assert period_due(Frequency.YEARLY, today) == D(2025, 1, 1)
    assert period_due(Frequency.QUARTERLY, today) == D(2026, 7, 1)
    assert period_due(Frequency.MONTHLY, D(2026, 1, 5)) == D(2025, 12, 1)


@pytest.mark.parametrize(
    ("frequency", "text", "expected"),
    [
        (Frequency.YEARLY, "2025", D(2025, 1, 1)),
        (Frequency.YEARLY, "2025.0", D(2025, 1, 1)),
        (Frequency.TERM, "2025-H2", D(2025, 7, 1)),
        (Frequency.TERM, "2. halvår 2025", D(2025, 7, 1)),
        (Frequency.QUARTERLY, "2025 K3", D(2025, 7, 1)),
        (Frequency.QUARTERLY, "2025-q1", D(2025, 1, 1)),
        (Frequency.MONTHLY, "2025-3", D(2025, 3, 1)),
        (Frequency.MONTHLY, "2025-03-31", D(2025, 3, 1)),
        (Frequency.YEARLY, D(2025, 6, 30), D(2025, 1, 1)),
    ],
)
def test_period_parse_reads_what_people_write(frequency, text, expected):
    assert period_parse(frequency, text) == expected


@pytest.mark.parametrize(
    ("frequency", "text"),
    [
        (Frequency.YEARLY, "2025-Q1"),
        (Frequency.QUARTERLY, "2025-Q5"),
        (Frequency.MONTHLY, "2025-13"),
        (Frequency.YEARLY, "20255"),
        (Frequency.YEARLY, "1200"),
        (Frequency.MONTHLY, "2025-02-30"),
        (Frequency.TERM, "næste år"),
    ],
)
def test_period_parse_rejects_with_an_example(frequency, text):
    with translation.override("da"), pytest.raises(ValidationError) as error:
        period_parse(frequency, text)
    message = error.value.messages[0].lower()
    assert "år" in message or "periode" in message


def test_labels_and_codes():
    with translation.override("da"):
        assert period_label(Frequency.YEARLY, D(2025, 1, 1)) == "2025"
        assert period_label(Frequency.TERM, D(2025, 7, 1)) == "2. halvår 2025"
        assert period_label(Frequency.QUARTERLY, D(2025, 7, 1)) == "3. kvartal 2025"
        assert period_label(Frequency.MONTHLY, D(2025, 3, 1)) == "marts 2025"
    assert period_code(Frequency.TERM, D(2025, 7, 1)) == "2025-H2"
    assert period_code(Frequency.QUARTERLY, D(2025, 7, 1)) == "2025-Q3"
    assert period_code(Frequency.MONTHLY, D(2025, 3, 1)) == "2025-03"
