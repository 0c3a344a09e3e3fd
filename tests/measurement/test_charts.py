"""Charts as plain plotly dicts, and numbers written the way people read them."""

from __future__ import annotations

import json
from decimal import Decimal

import pytest
from django.utils import translation

from measurement import charts
from measurement.models import Unit

YEARS = [str(year) for year in range(2020, 2031)]


def t(message: str, **params) -> str:
    with translation.override("da"):
        text = translation.gettext(message)
    return text % params if params else text


def _figure(**overrides) -> dict:
    arguments = {
        "categories": YEARS,
        "actual": [("2021", Decimal("40")), ("2022", None), ("2023", Decimal("44.5"))],
        "targets": [("2026", Decimal("50")), ("2030", Decimal("60"))],
        "baseline": Decimal("38"),
        "baseline_label": "2020",
        "forecast": charts.forecast_points(
            latest_label="2023",
            latest_value=Decimal("44.5"),
            trend=Decimal("2.25"),
            steps=7,
            end_label="2030",
        ),
        "unit": Unit.PERCENT,
    }
    arguments.update(overrides)
    with translation.override("da"):
        return charts.indicator_figure(**arguments)


def _trace(figure: dict, name: str) -> dict:
    return next(trace for trace in figure["data"] if trace["name"] == name)


def test_the_figure_is_a_plain_json_ready_dict():
    figure = _figure()

    assert set(figure) == {"data", "layout"}
    assert all(trace["type"] == "scatter" for trace in figure["data"])
    json.dumps(figure)  # no Decimal, no plotly objects


def test_actual_is_a_solid_line_with_markers_and_a_gap_for_missing_data():
    actual = _trace(_figure(), t("Actual"))

    assert actual["mode"] == "lines+markers"
    assert actual["line"]["dash"] == "solid"
    assert actual["x"] == ["2021", "2022", "2023"]
    assert actual["y"] == [40.0, None, 44.5]
    assert actual["connectgaps"] is False
    assert actual["customdata"] == ["40,0 %", "–", "44,5 %"]


def test_targets_are_diamonds_and_the_baseline_a_dotted_line_across_the_chart():
    figure = _figure()
    targets = _trace(figure, t("Target"))
    baseline = _trace(figure, t("Baseline %(period)s", period="2020"))

    assert targets["marker"]["symbol"] == "diamond"
    assert targets["x"] == ["2026", "2030"]
    assert targets["y"] == [50.0, 60.0]
    assert baseline["line"]["dash"] == "dot"
    assert baseline["x"] == ["2020", "2030"]
    assert baseline["y"] == [38.0, 38.0]


def test_forecast_is_dashed_from_the_latest_point_to_the_target_period_by_the_trend():
    forecast = _trace(_figure(), t("Forecast by the recent trend"))

    assert forecast["line"]["dash"] == "dash"
    assert forecast["mode"] == "lines"
    # from 44.5 in 2023, 7 years at +2.25 a year: 44.5 + 15.75 = 60.25 in 2030
    assert forecast["x"] == ["2023", "2030"]
    assert forecast["y"] == [44.5, 60.25]


def test_forecast_points_go_down_with_a_falling_trend():
    points = charts.forecast_points(
        latest_label="K2 2026",
        latest_value=Decimal("20"),
        trend=Decimal("-0.5"),
        steps=6,
        end_label="K4 2027",
    )

    assert points == [("K2 2026", Decimal("20")), ("K4 2027", Decimal("17.0"))]


def test_without_baseline_targets_or_forecast_only_actual_is_drawn():
    figure = _figure(baseline=None, targets=[], forecast=None)

    assert [trace["name"] for trace in figure["data"]] == [t("Actual")]


def test_layout_is_danish_fixed_and_on_a_category_axis_of_every_period():
    layout = _figure()["layout"]

    assert layout["separators"] == ",."
    assert layout["xaxis"]["type"] == "category"
    assert layout["xaxis"]["categoryarray"] == YEARS
    assert layout["xaxis"]["fixedrange"] and layout["yaxis"]["fixedrange"]
    assert layout["dragmode"] is False
    assert layout["yaxis"]["ticksuffix"] == " %"
    with translation.override("da"):
        assert layout["yaxis"]["title"]["text"] == translation.pgettext("chart axis", "Percent")


def test_english_layout_uses_english_separators():
    with translation.override("en"):
        figure = charts.indicator_figure(
            categories=["2025"],
            actual=[("2025", Decimal("1234.5"))],
            targets=[],
            baseline=None,
            baseline_label=None,
            forecast=None,
            unit=Unit.COUNT,
        )

    assert figure["layout"]["separators"] == ".,"
    assert figure["data"][0]["customdata"] == ["1,234.5"]


def test_year_ticks_show_the_first_period_of_each_year_and_always_the_last():
    periods = [(f"K{q} {year}", year, q == 1) for year in range(2017, 2031) for q in (1, 2, 3, 4)]

    ticks = charts.year_ticks(periods, most=5)

    assert len(ticks) <= 5
    assert ticks[0] == ("K1 2017", "2017")
    assert ticks[-1] == ("K1 2030", "2030")
    assert all(label.startswith("K1 ") for label, _text in ticks)


def test_gap_figure_has_both_groups_and_the_gap_as_bars_below():
    with translation.override("da"):
        figure = charts.gap_figure(
            categories=["2022", "2024"],
            priority=[("2022", Decimal("50")), ("2024", Decimal("65"))],
            rest=[("2022", Decimal("78")), ("2024", Decimal("81.6"))],
            gap=[("2022", Decimal("-28")), ("2024", Decimal("-16.6"))],
            priority_name="EUD",
            rest_name="Alle andre",
            unit=Unit.PERCENT,
        )

    priority, rest, bars = figure["data"]
    assert (priority["name"], rest["name"]) == ("EUD", "Alle andre")
    assert bars["type"] == "bar"
    assert bars["yaxis"] == "y2"
    assert bars["y"] == [-28.0, -16.6]
    assert bars["customdata"] == [
        t("%(value)s percentage points", value="−28,0"),
        t("%(value)s percentage points", value="−16,6"),
    ]
    assert figure["layout"]["yaxis2"]["domain"][1] < figure["layout"]["yaxis"]["domain"][0]
    json.dumps(figure)


@pytest.mark.parametrize(
    "value,unit,expected",
    [
        (Decimal("78.3871"), Unit.PERCENT, "78,4 %"),
        (Decimal("0.25"), Unit.PERCENT, "0,3 %"),
        (Decimal("-0.04"), Unit.PERCENT, "0,0 %"),
        (Decimal("12345"), Unit.COUNT, "12.345"),
        (Decimal("2.5"), Unit.COUNT, "2,5"),
        (Decimal("3.6667"), Unit.MEAN_SCORE, "3,7"),
        (None, Unit.COUNT, "–"),
    ],
)
def test_numbers_in_danish(value, unit, expected):
    with translation.override("da"):
        assert charts.number_text(value, unit) == expected


@pytest.mark.parametrize(
    "language,value,decimals,expected",
    [
        ("da", 1535, 0, "1.535"),
        ("da", 0.05, 1, "0,1"),
        ("da", Decimal("-1234567.85"), 1, "−1.234.567,9"),
        ("da", Decimal("1234567.850000"), 2, "1.234.567,85"),
        ("en", 1535, 0, "1,535"),
        ("en", Decimal("-1234567.85"), 1, "−1,234,567.9"),
    ],
)
def test_plain_numbers_group_thousands_and_round_half_up(language, value, decimals, expected):
    with translation.override(language):
        assert charts.number_plain(value, decimals) == expected


def test_money_and_hours_carry_their_unit():
    with translation.override("da"):
        money = charts.number_text(Decimal("1250"), Unit.CURRENCY)
        one_hour = charts.number_text(Decimal("1"), Unit.HOURS)
        hours = charts.number_text(Decimal("1132"), Unit.HOURS)

        one, many = (
            translation.ngettext("%(value)s hour", "%(value)s hours", count) for count in (1, 2)
        )

    assert money == t("%(value)s DKK", value="1.250")
    assert one_hour == one % {"value": "1"}
    assert hours == many % {"value": "1.132"}


def test_a_difference_of_percents_is_in_percentage_points_with_a_sign():
    with translation.override("da"):
        assert charts.difference_text(Decimal("3.21"), Unit.PERCENT) == t(
            "%(value)s percentage points", value="+3,2"
        )
        assert charts.difference_text(Decimal("-2"), Unit.COUNT) == "−2"


def test_figure_json_escapes_like_json_script():
    text = charts.figure_json({"data": [{"name": "</script><b>&"}]})

    assert "</script>" not in text
    assert "\\u003C/script\\u003E\\u003Cb\\u003E\\u0026" in text
    assert json.loads(text) == {"data": [{"name": "</script><b>&"}]}
