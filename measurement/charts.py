"""Numbers and charts of the dashboard, from plain data (never from the ORM).

Figures are plotly figure specs built as plain dicts (`{"data": [...], "layout": {...}}`):
building them with plotly's graph_objects costs milliseconds per figure, a dict a tenth of
one. The page serialises each with `json_script`, and static/js/measurement-charts.js hands it
to the app's own plotly.js.

Numbers are written in the active language (Danish first: decimal comma, "." between
thousands) with their unit ("12,5 %", "1.250 kr.", "40 timer"). Axes are category axes of
period labels ("2025", "1. halvår 2025"), so the labels read the same as in the tables.
"""

from __future__ import annotations

import json
from collections.abc import Callable, Sequence
from contextvars import ContextVar
from decimal import ROUND_HALF_UP, Decimal
from functools import lru_cache, wraps

from django.utils import formats
from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import get_language, ngettext, pgettext
from django.utils.translation import gettext as _

from .models import Unit

# Colours meet 3:1 against white; lines also differ in dash and marker, never colour alone.
ACTUAL_COLOUR = "#0059b3"
TARGET_COLOUR = "#00752f"
BASELINE_COLOUR = "#545454"
PRIORITY_COLOUR = "#a6192e"
GAP_COLOUR = "#7a5a00"
FONT = {"family": "IBM Plex Sans, Arial, sans-serif", "size": 13, "color": "#1a1a1a"}
CARD_HEIGHT = 260
DETAIL_HEIGHT = 360
GAP_HEIGHT = 440

Number = Decimal | float | int


def figure_json(figure: dict) -> SafeString:
    """A figure as JSON to put inside <script type="application/json">, escaped like Django's
    json_script (<, > and & as \\u escapes, so the data cannot end the script element) but
    with str.replace, which is many times faster than json_script's str.translate on the
    dashboard's ~70 kB of chart data."""
    text = json.dumps(figure, ensure_ascii=False, separators=(",", ":"))
    text = text.replace("<", "\\u003C").replace(">", "\\u003E").replace("&", "\\u0026")
    return mark_safe(text)  # noqa: S308  # nosec B308 B703 - JSON escaped like json_script


def decimals_for(unit: str, value: Number | None = None) -> int:
    """How many decimals a value of this unit is written with."""
    if unit in (Unit.PERCENT, Unit.MEAN_SCORE):
        return 1
    if unit == Unit.CURRENCY:
        return 0
    if value is None or type(value) is int:
        return 0
    number = value if type(value) is Decimal else Decimal(str(value))
    return 1 if number % 1 != 0 else 0


# The active language, fixed for the length of one page's reads. Django's get_language()
# goes through asgiref's Local (~10 µs); a dashboard asks for it thousands of times.
_fixed_language: ContextVar[str | None] = ContextVar("measurement_language", default=None)


def language() -> str | None:
    """The active language (the fixed one inside `with_fixed_language`)."""
    return _fixed_language.get() or get_language()


def with_fixed_language[**P, R](function: Callable[P, R]) -> Callable[P, R]:
    """Run `function` with the active language looked up once."""

    @wraps(function)
    def wrapper(*args: P.args, **kwargs: P.kwargs) -> R:
        if _fixed_language.get() is not None:
            return function(*args, **kwargs)
        token = _fixed_language.set(get_language())
        try:
            return function(*args, **kwargs)
        finally:
            _fixed_language.reset(token)

    return wrapper


@lru_cache(maxsize=16)
def _notation(language: str | None) -> tuple[str, str, dict[str, str], tuple[str, str]]:
    """The language's separators and unit patterns, looked up once per language (a dashboard
    writes hundreds of numbers)."""
    return (
        str(formats.get_format("DECIMAL_SEPARATOR")),
        str(formats.get_format("THOUSAND_SEPARATOR")),
        {
            Unit.PERCENT: _("%(value)s %%"),
            Unit.CURRENCY: _("%(value)s DKK"),
        },
        (
            ngettext("%(value)s hour", "%(value)s hours", 1),
            ngettext("%(value)s hour", "%(value)s hours", 2),
        ),
    )


# 10 ** -n for the usual numbers of decimals, made once.
_EXPONENTS = tuple(Decimal(1).scaleb(-n) for n in range(7))


def number_plain(value: Number, decimals: int, *, signed: bool = False) -> str:
    """A number in the active language's notation, grouped in thousands ("12.345,6"); half
    rounds up; a negative number gets a true minus sign."""
    return _plain(value, decimals, signed, _notation(language()))


def _plain(value: Number, decimals: int, signed: bool, notation: tuple) -> str:
    number = value if type(value) is Decimal else Decimal(str(value))
    exponent = _EXPONENTS[decimals] if decimals < len(_EXPONENTS) else Decimal(1).scaleb(-decimals)
    rounded = number.quantize(exponent, rounding=ROUND_HALF_UP)
    text = f"{abs(rounded):,.{decimals}f}"
    decimal_separator, thousand_separator = notation[0], notation[1]
    if decimal_separator != "." or thousand_separator != ",":
        text = text.replace(",", "\x00").replace(".", decimal_separator)
        text = text.replace("\x00", thousand_separator)
    if rounded < 0:
        return "−" + text
    if signed and rounded > 0:
        return "+" + text
    return text


def number_text(value: Number | None, unit: str, *, signed: bool = False) -> str:
    """A value with its unit, as people read it: "12,5 %", "1.250 kr.", "40 timer"; "–" for
    no value."""
    if value is None:
        return "–"
    notation = _notation(language())
    text = _plain(value, decimals_for(unit, value), signed, notation)
    _decimal, _thousand, patterns, hours = notation
    if unit in patterns:
        return patterns[unit] % {"value": text}
    if unit == Unit.HOURS:
        return hours[0 if abs(Decimal(str(value))) == 1 else 1] % {"value": text}
    return text


def difference_text(value: Number | None, unit: str) -> str:
    """A difference between two values of the unit, signed: "+3,2 procentpoint" for percents
    (a difference of percents is in percentage points), else like `number_text`."""
    if value is None:
        return "–"
    if unit == Unit.PERCENT:
        text = number_plain(value, 1, signed=True)
        return _words(language())["points"] % {"value": text}
    return number_text(value, unit, signed=True)


@lru_cache(maxsize=16)
def _words(language: str | None) -> dict[str, str]:
    """The charts' words in one language, translated once."""
    return {
        "axis " + Unit.COUNT: pgettext("chart axis", "Number"),
        "axis " + Unit.PERCENT: pgettext("chart axis", "Percent"),
        "axis " + Unit.MEAN_SCORE: pgettext("chart axis", "Mean score"),
        "axis " + Unit.CURRENCY: pgettext("chart axis", "DKK"),
        "axis " + Unit.HOURS: pgettext("chart axis", "Hours"),
        "axis gap": pgettext("chart axis", "Gap"),
        "baseline of": _("Baseline %(period)s"),
        "baseline": _("Baseline"),
        "target": _("Target"),
        "actual": _("Actual"),
        "forecast": _("Forecast by the recent trend"),
        "gap": _("Gap"),
        "points": _("%(value)s percentage points"),
    }


def axis_title(unit: str) -> str:
    """The y axis title of a unit."""
    return _words(language()).get("axis " + unit, "")


def year_ticks(periods: Sequence[tuple[str, int, bool]], *, most: int) -> list[tuple[str, str]]:
    """Ticks for a period axis: (category label, tick text) at the first period of each year,
    written as the year, every so many years to show at most `most`, the last year always.

    `periods` are (category label, year, is the first period of its year) in order."""
    starts = [(label, str(number)) for label, number, is_first in periods if is_first]
    if not starts:
        return []
    step = max(1, -(-len(starts) // most))
    ticks = starts[::step]
    if ticks[-1] != starts[-1]:
        if len(ticks) > 1 and step > 1:
            ticks[-1] = starts[-1]
        else:
            ticks.append(starts[-1])
    return ticks


def _separators() -> str:
    """Plotly's decimal and thousands separators for the active language."""
    return str(formats.get_format("DECIMAL_SEPARATOR")) + str(
        formats.get_format("THOUSAND_SEPARATOR")
    )


def _float(value: Number | None) -> float | None:
    return None if value is None else float(value)


def _layout(
    *,
    categories: Sequence[str],
    unit: str,
    height: int,
    y_title: str,
    ticks: Sequence[tuple[str, str]] | None = None,
) -> dict:
    xaxis = {
        "type": "category",
        "categoryorder": "array",
        "categoryarray": list(categories),
        "fixedrange": True,
        "showgrid": False,
        "linecolor": "#747474",
        "tickfont": {"size": 12},
        "tickangle": 0,
        "automargin": True,
    }
    if ticks:
        xaxis.update(
            tickmode="array",
            tickvals=[label for label, _text in ticks],
            ticktext=[text for _label, text in ticks],
        )
    return {
        "height": height,
        "margin": {"l": 56, "r": 12, "t": 12, "b": 8},
        "font": FONT,
        "separators": _separators(),
        "paper_bgcolor": "#ffffff",
        "plot_bgcolor": "#ffffff",
        "showlegend": True,
        "legend": {"orientation": "h", "x": 0, "y": -0.16, "yanchor": "top"},
        "hovermode": "closest",
        "dragmode": False,
        "xaxis": xaxis,
        "yaxis": {
            "title": {"text": y_title},
            "fixedrange": True,
            "gridcolor": "#e6e6e6",
            "zerolinecolor": "#bfbfbf",
            "ticksuffix": " %" if unit == Unit.PERCENT else "",
            "automargin": True,
        },
    }


def _trace(
    *,
    name: str,
    points: Sequence[tuple],
    unit: str,
    mode: str,
    line: dict | None = None,
    marker: dict | None = None,
) -> dict:
    trace = {
        "type": "scatter",
        "name": name,
        "mode": mode,
        "x": [point[0] for point in points],
        "y": [_float(point[1]) for point in points],
        # Hover shows the same text as the tables (units, Danish notation).
        # (label, value) or (label, value, text) when the caller has the text already
        "customdata": [
            point[2] if len(point) > 2 else number_text(point[1], unit) for point in points
        ],
        "hovertemplate": "%{x}: %{customdata}<extra>" + name + "</extra>",
        "connectgaps": False,
    }
    if line is not None:
        trace["line"] = line
    if marker is not None:
        trace["marker"] = marker
    return trace


def forecast_points(
    *, latest_label: str, latest_value: Number, trend: Number, steps: int | float, end_label: str
) -> list[tuple[str, Decimal]]:
    """The forecast line: from the latest value, `steps` periods along the trend (change per
    period) to the end period. Two points; the line between them is straight on the
    category axis because periods are evenly spaced."""
    start = Decimal(str(latest_value))
    end = start + Decimal(str(trend)) * Decimal(str(steps))
    return [(latest_label, start), (end_label, end)]


def indicator_figure(
    *,
    categories: Sequence[str],
    actual: Sequence[tuple[str, Number | None]],
    targets: Sequence[tuple[str, Number]],
    baseline: Number | None,
    baseline_label: str | None,
    forecast: Sequence[tuple[str, Number]] | None,
    unit: str,
    height: int = CARD_HEIGHT,
    ticks: Sequence[tuple[str, str]] | None = None,
) -> dict:
    """Actual values (solid line with markers) against targets (diamonds), the baseline (a
    dotted horizontal line across the chart) and a dashed forecast line from the latest value
    along the recent trend to the last target ("turn the curve").

    `categories` are every period label on the x axis, in order; the other series give
    (label, value) pairs on it (a None value is a gap: no data, or hidden).
    """
    words = _words(language())
    data = []
    if baseline is not None and categories:
        name = (
            words["baseline of"] % {"period": baseline_label}
            if baseline_label
            else words["baseline"]
        )
        data.append(
            _trace(
                name=name,
                points=[(categories[0], baseline), (categories[-1], baseline)],
                unit=unit,
                mode="lines",
                line={"color": BASELINE_COLOUR, "width": 2, "dash": "dot"},
            )
        )
    if targets:
        data.append(
            _trace(
                name=words["target"],
                points=list(targets),
                unit=unit,
                mode="lines+markers" if len(targets) > 1 else "markers",
                line={"color": TARGET_COLOUR, "width": 1},
                marker={"color": TARGET_COLOUR, "symbol": "diamond", "size": 11},
            )
        )
    if actual:
        data.append(
            _trace(
                name=words["actual"],
                points=list(actual),
                unit=unit,
                mode="lines+markers",
                line={"color": ACTUAL_COLOUR, "width": 3, "dash": "solid"},
                marker={"color": ACTUAL_COLOUR, "symbol": "circle", "size": 7},
            )
        )
    if forecast:
        data.append(
            _trace(
                name=words["forecast"],
                points=list(forecast),
                unit=unit,
                mode="lines",
                line={"color": ACTUAL_COLOUR, "width": 2, "dash": "dash"},
            )
        )
    return {
        "data": data,
        "layout": _layout(
            categories=categories,
            unit=unit,
            height=height,
            y_title=axis_title(unit),
            ticks=ticks,
        ),
    }


def gap_figure(
    *,
    categories: Sequence[str],
    priority: Sequence[tuple[str, Number | None]],
    rest: Sequence[tuple[str, Number | None]],
    gap: Sequence[tuple[str, Number | None]],
    priority_name: str,
    rest_name: str,
    unit: str,
    height: int = GAP_HEIGHT,
    ticks: Sequence[tuple[str, str]] | None = None,
) -> dict:
    """The priority group against the rest (two lines, top) and the gap between them per
    period (bars, bottom), on one shared period axis."""
    words = _words(language())
    gap_unit_title = words["axis gap"]
    data = [
        _trace(
            name=priority_name,
            points=list(priority),
            unit=unit,
            mode="lines+markers",
            line={"color": PRIORITY_COLOUR, "width": 3},
            marker={"color": PRIORITY_COLOUR, "symbol": "square", "size": 8},
        ),
        _trace(
            name=rest_name,
            points=list(rest),
            unit=unit,
            mode="lines+markers",
            line={"color": ACTUAL_COLOUR, "width": 2, "dash": "dashdot"},
            marker={"color": ACTUAL_COLOUR, "symbol": "circle", "size": 7},
        ),
        {
            "type": "bar",
            "name": words["gap"],
            "x": [label for label, _value in gap],
            "y": [_float(value) for _label, value in gap],
            "customdata": [difference_text(value, unit) for _label, value in gap],
            "hovertemplate": "%{x}: %{customdata}<extra>" + words["gap"] + "</extra>",
            "marker": {"color": GAP_COLOUR},
            "yaxis": "y2",
        },
    ]
    layout = _layout(
        categories=categories, unit=unit, height=height, y_title=axis_title(unit), ticks=ticks
    )
    layout["yaxis"]["domain"] = [0.45, 1]
    layout["xaxis"]["anchor"] = "y2"
    layout["yaxis2"] = {
        "domain": [0, 0.33],
        "title": {"text": gap_unit_title},
        "fixedrange": True,
        "gridcolor": "#e6e6e6",
        "zerolinecolor": "#747474",
        "automargin": True,
    }
    return {"data": data, "layout": layout}
