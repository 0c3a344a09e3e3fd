"""Indicator figures on pages whose views belong to the alliance app (which sits below
measurement and does not import it): the public page and the common agenda. The figures come
from measurement.selectors_dashboard (summaries only; small groups hidden).

    {% load measurement_figures %}
    {% public_indicators alliance as figures %}
    {% goal_indicators alliance request.membership as goal_indicators %}
    {% for brief in goal_indicators|indicators_of:goal.id %}...{% endfor %}
"""

from __future__ import annotations

from dataclasses import dataclass, field

from django import template

from alliance.models import Alliance, Membership
from alliance.permissions import has_capability
from measurement.selectors_dashboard import (
    IndicatorBrief,
    goal_indicator_map,
    public_indicator_list,
)

register = template.Library()


@dataclass(frozen=True)
class GoalIndicators:
    """The indicators of each goal, and whether the reader may open an indicator's page."""

    by_goal: dict[int, list[IndicatorBrief]] = field(default_factory=dict)
    can_open: bool = False


@register.simple_tag
def public_indicators(alliance: Alliance) -> list[IndicatorBrief]:
    """The published indicators with their latest totals (one query)."""
    return public_indicator_list(alliance=alliance)


@register.simple_tag
def goal_indicators(alliance: Alliance, membership: Membership | None) -> GoalIndicators:
    """The indicators of every goal with their latest totals (two queries)."""
    return GoalIndicators(
        by_goal=goal_indicator_map(alliance=alliance, membership=membership),
        can_open=has_capability(membership, "view_dashboard"),
    )


@register.filter
def indicators_of(goal_indicators: GoalIndicators | None, goal_id) -> list[IndicatorBrief]:
    """The indicators of one goal (an empty list when there are none or no map was given)."""
    if not goal_indicators:
        return []
    return goal_indicators.by_goal.get(goal_id, [])
