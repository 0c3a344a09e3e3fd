"""The reinforcement map's network view: partners, activities and goals as nodes in three
columns, linked where a partner takes part in an activity and where an activity serves a goal.

A plotly figure as a plain dict, built from plain data (never from the ORM), rendered by the
measurement pages' chart loader (static/js/measurement-charts.js) with the app's own plotly.js.

The layout is deterministic and simple: goals top to bottom in the agenda's order; each activity
at the mean height of its goals, each partner at the mean height of its activities (so most
lines run across rather than up and down); then each column spread evenly. Nodes differ by
symbol as well as colour, links by dash as well as colour.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from django.utils.translation import gettext as _

from measurement.charts import (
    ACTUAL_COLOUR,
    BASELINE_COLOUR,
    FONT,
    TARGET_COLOUR,
    _layout,
    axis_title,
)

PARTNER_COLOUR = "#545454"
LINK_COLOUR = "#9e9e9e"
# Labels longer than this are cut on the chart; the hover and the text version have them whole.
LABEL_LENGTH = 30
# Above this many nodes in a column, its labels are left to the hover (they would overlap).
LABELLED_NODES = 40
ROW_HEIGHT = 26
MIN_HEIGHT = 360
MAX_HEIGHT = 2400


@dataclass(frozen=True)
class Link:
    """An activity serving a goal: activity index, goal index, main goal or contribution."""

    activity: int
    goal: int
    is_main: bool


def _order(count: int, neighbours: Sequence[Sequence[float]]) -> list[int]:
    """Indexes 0..count-1 sorted by the mean position of their neighbours (no neighbours: at
    the end), ties by index: a stable, deterministic barycentre order."""

    def key(index: int) -> tuple[float, int]:
        near = neighbours[index]
        return (sum(near) / len(near) if near else float("inf"), index)

    return sorted(range(count), key=key)


def _spread(order: Sequence[int]) -> dict[int, float]:
    """Heights from 1 (top) to 0 (bottom), evenly, in the order given."""
    count = len(order)
    return {index: 1 - (rank + 0.5) / count for rank, index in enumerate(order)}


def _label(text: str) -> str:
    return text if len(text) <= LABEL_LENGTH else text[: LABEL_LENGTH - 1].rstrip() + "…"


def network_positions(
    *,
    partners: int,
    activities: int,
    goals: int,
    partner_links: Sequence[tuple[int, int]],
    goal_links: Sequence[Link],
) -> tuple[dict[int, float], dict[int, float], dict[int, float]]:
    """The heights of the partners, the activities and the goals (see the module's note)."""
    goal_y = _spread(range(goals))
    goal_rank = {index: rank for rank, index in enumerate(range(goals))}
    near_goals: list[list[float]] = [[] for _ in range(activities)]
    for link in goal_links:
        near_goals[link.activity].append(goal_rank[link.goal])
    activity_order = _order(activities, near_goals)
    activity_y = _spread(activity_order)
    activity_rank = {index: rank for rank, index in enumerate(activity_order)}
    near_activities: list[list[float]] = [[] for _ in range(partners)]
    for partner, activity in partner_links:
        near_activities[partner].append(activity_rank[activity])
    partner_y = _spread(_order(partners, near_activities))
    return partner_y, activity_y, goal_y


def network_figure(
    *,
    partners: Sequence[str],
    activities: Sequence[str],
    goals: Sequence[str],
    partner_links: Sequence[tuple[int, int]],
    goal_links: Sequence[Link],
) -> dict:
    """Partners (squares, left), activities (circles, middle) and goals (diamonds, right);
    grey lines from partners to their activities, solid lines from activities to their main
    goals and dotted ones to the goals they contribute to."""
    partner_y, activity_y, goal_y = network_positions(
        partners=len(partners),
        activities=len(activities),
        goals=len(goals),
        partner_links=partner_links,
        goal_links=goal_links,
    )

    def lines(pairs: Sequence[tuple[float, float, float, float]]) -> tuple[list, list]:
        xs: list[float | None] = []
        ys: list[float | None] = []
        for x0, y0, x1, y1 in pairs:
            xs += [x0, x1, None]
            ys += [y0, y1, None]
        return xs, ys

    def link_trace(name: str, pairs: list, line: dict) -> dict:
        xs, ys = lines(pairs)
        return {
            "type": "scatter",
            "mode": "lines",
            "name": name,
            "x": xs,
            "y": ys,
            "line": line,
            "hoverinfo": "skip",
        }

    def node_trace(
        name: str,
        x: float,
        names: Sequence[str],
        heights: dict[int, float],
        marker: dict,
        side: str,
    ) -> dict:
        labelled = len(names) <= LABELLED_NODES
        return {
            "type": "scatter",
            "mode": "markers+text" if labelled else "markers",
            "name": name,
            "x": [x] * len(names),
            "y": [heights[index] for index in range(len(names))],
            "text": [_label(text) for text in names] if labelled else [],
            "textposition": side,
            "customdata": list(names),
            "hovertemplate": "%{customdata}<extra>" + name + "</extra>",
            "marker": marker,
            "cliponaxis": False,
        }

    partner_pairs = [(0, partner_y[p], 1, activity_y[a]) for p, a in partner_links]
    main_pairs = [
        (1, activity_y[link.activity], 2, goal_y[link.goal]) for link in goal_links if link.is_main
    ]
    contributing_pairs = [
        (1, activity_y[link.activity], 2, goal_y[link.goal])
        for link in goal_links
        if not link.is_main
    ]
    data = [
        link_trace(_("Partner in the activity"), partner_pairs, {"color": LINK_COLOUR, "width": 1}),
        link_trace(_("Main goal"), main_pairs, {"color": ACTUAL_COLOUR, "width": 2}),
        link_trace(
            _("Contributing"),
            contributing_pairs,
            {"color": ACTUAL_COLOUR, "width": 1.5, "dash": "dot"},
        ),
        node_trace(
            _("Partner"),
            0,
            partners,
            partner_y,
            {"symbol": "square", "size": 11, "color": PARTNER_COLOUR},
            "middle left",
        ),
        node_trace(
            _("Activity"),
            1,
            activities,
            activity_y,
            {"symbol": "circle", "size": 11, "color": ACTUAL_COLOUR},
            "top center",
        ),
        node_trace(
            _("Goal"),
            2,
            goals,
            goal_y,
            {"symbol": "diamond", "size": 14, "color": TARGET_COLOUR},
            "middle right",
        ),
    ]
    tallest = max(len(partners), len(activities), len(goals), 1)
    height = min(MAX_HEIGHT, max(MIN_HEIGHT, ROW_HEIGHT * tallest + 120))
    hidden = {
        "visible": False,
        "fixedrange": True,
        "showgrid": False,
        "zeroline": False,
    }
    return {
        "data": data,
        "layout": {
            "height": height,
            "margin": {"l": 8, "r": 8, "t": 32, "b": 48},
            "font": FONT,
            "paper_bgcolor": "#ffffff",
            "plot_bgcolor": "#ffffff",
            "showlegend": True,
            "legend": {"orientation": "h", "x": 0, "y": 0, "yanchor": "top"},
            "hovermode": "closest",
            "dragmode": False,
            # Room left of the partners and right of the goals for their labels.
            "xaxis": {**hidden, "range": [-1.5, 3.5]},
            "yaxis": {**hidden, "range": [-0.02, 1.02]},
            "annotations": [
                {
                    "x": x,
                    "y": 1.0,
                    "xref": "x",
                    "yref": "paper",
                    "yanchor": "bottom",
                    "showarrow": False,
                    "text": text,
                    "font": {"color": BASELINE_COLOUR},
                }
                for x, text in ((0, _("Partners")), (1, _("Activities")), (2, _("Goals")))
            ],
        },
    }


def measure_figure(
    *,
    periods: Sequence[str],
    own: Sequence[float | None],
    reported: Sequence[float | None],
    unit: str,
) -> dict:
    """An activity's figures of one performance measure by period, oldest first: the activity's
    own from its log as bars, the value in the shared measurement as a dashed line with square
    markers (so the two differ by form, not only by colour)."""
    layout = _layout(categories=periods, unit=unit, height=260, y_title=axis_title(unit))
    layout["yaxis"]["rangemode"] = "tozero"
    return {
        "data": [
            {
                "type": "bar",
                "name": _("This activity's log"),
                "x": list(periods),
                "y": list(own),
                "marker": {"color": ACTUAL_COLOUR},
                "hovertemplate": "%{x}: %{y}<extra></extra>",
            },
            {
                "type": "scatter",
                "mode": "lines+markers",
                "name": _("In the shared measurement"),
                "x": list(periods),
                "y": list(reported),
                "line": {"color": BASELINE_COLOUR, "dash": "dash", "width": 2},
                "marker": {"symbol": "square", "size": 8, "color": BASELINE_COLOUR},
                "connectgaps": False,
                "hovertemplate": "%{x}: %{y}<extra></extra>",
            },
        ],
        "layout": layout,
    }
