"""The steering group's dashboard, the indicator page, the public figures and the agenda's
goals: what they show (hand-computed), who sees small groups, the filters, and a fixed number
of queries whatever the amount of data."""

from __future__ import annotations

import datetime
import json
import re
from decimal import Decimal

import pytest
from django.conf import settings
from django.core.cache import cache
from django.test import override_settings
from django.urls import reverse
from django.utils import timezone, translation

from alliance.models import Role
from measurement import selectors_dashboard
from measurement.aggregation import indicator_recompute
from measurement.models import Aggregation, Direction, Summary, Unit
from measurement.selectors_dashboard import (
    combine,
    dashboard_context,
    goal_indicator_map,
    indicator_detail_context,
    indicator_for_dashboard,
    public_indicator_list,
)
from tests.factories import (
    AllianceFactory,
    FocusAreaFactory,
    GoalFactory,
    MembershipFactory,
    OrganisationFactory,
    WorkGroupFactory,
)

from .factories import (
    DataPointFactory,
    DimensionFactory,
    DimensionValueFactory,
    IndicatorFactory,
    TargetFactory,
)

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _no_kept_cards(monkeypatch):
    """Each test starts without cards kept in this process and without a cache pause (the
    cache itself is emptied by tests/conftest.py)."""
    monkeypatch.setattr(selectors_dashboard, "recent_cards", selectors_dashboard._RecentCards(150))
    monkeypatch.setattr(selectors_dashboard, "_cache_paused_until", {})


def t(message: str, **params) -> str:
    """`message` as a Danish reader sees it (from the catalogue at test time)."""
    with translation.override("da"):
        text = translation.gettext(message)
    return text % params if params else text


def year(number: int) -> datetime.date:
    return datetime.date(number, 1, 1)


def _member(alliance, role):
    return MembershipFactory(alliance=alliance, role=role)


def _dashboard_url(alliance, **query) -> str:
    url = reverse("measurement:dashboard", kwargs={"alliance_slug": alliance.slug})
    if query:
        url += "?" + "&".join(f"{key}={value}" for key, value in query.items())
    return url


def _detail_url(indicator) -> str:
    return reverse(
        "measurement:indicator_detail",
        kwargs={"alliance_slug": indicator.alliance.slug, "pk": indicator.pk},
    )


def _count_series(indicator, values: dict[int, int], *, respondents: int = 100) -> None:
    """One organisation's approved yearly totals, then the summaries."""
    organisation = OrganisationFactory(alliance=indicator.alliance)
    for number, value in values.items():
        DataPointFactory(
            indicator=indicator,
            organisation=organisation,
            period=year(number),
            value=Decimal(value),
            respondents=respondents,
        )
    indicator_recompute(indicator=indicator)


def _cards(context) -> dict[str, object]:
    return {card.indicator.code: card for group in context["groups"] for card in group.cards}


def _chart_values(chart: dict, name: str) -> list:
    return next(trace["y"] for trace in chart["data"] if trace["name"] == name)


# ---------------------------------------------------------------------------
# a world: two focus areas, a group, a percent indicator with an equity breakdown
# ---------------------------------------------------------------------------


@pytest.fixture
def world():
    alliance = AllianceFactory(small_group_threshold=5, uncertain_below=20)
    health = FocusAreaFactory(alliance=alliance, position=1, title="Mental sundhed")
    food = FocusAreaFactory(alliance=alliance, position=2, title="Mad og måltider")
    group = WorkGroupFactory(alliance=alliance, name="Trivselsgruppen")
    other_group = WorkGroupFactory(alliance=alliance, name="Madgruppen")

    # A1: percent in education, a ratio of sums, higher is better, broken down by education.
    education = DimensionFactory(alliance=alliance, name="Uddannelse", position=1)
    eud = DimensionValueFactory(dimension=education, label="EUD", position=1)
    stx = DimensionValueFactory(dimension=education, label="STX", position=2)
    hf = DimensionValueFactory(dimension=education, label="HF", position=3)
    ratio = IndicatorFactory(
        alliance=alliance,
        code="A1",
        name="Unge i trivsel",
        unit=Unit.PERCENT,
        aggregation=Aggregation.RATIO,
        direction=Direction.HIGHER_IS_BETTER,
        baseline_value=Decimal("60"),
        baseline_period=year(2020),
        baseline_note="Trivselsmålingen 2020",
        priority_value=eud,
        is_public=True,
    )
    ratio.focus_areas.add(health)
    ratio.workgroups.add(group)
    ratio.dimensions.add(education)
    TargetFactory(indicator=ratio, period=year(2026), value=Decimal("75"))
    TargetFactory(indicator=ratio, period=year(2030), value=Decimal("80"))
    school = OrganisationFactory(alliance=alliance, name="Skolen")
    # (numerator, denominator) per year and education; n = the denominator.
    figures = {
        2022: {eud: (30, 60), stx: (160, 200), hf: (35, 50)},
        2023: {eud: (33, 60), stx: (162, 200), hf: (38, 50)},
        2024: {eud: (39, 60), stx: (164, 200), hf: (40, 50)},
    }
    for number, by_value in figures.items():
        for value, (numerator, denominator) in by_value.items():
            DataPointFactory(
                indicator=ratio,
                organisation=school,
                period=year(number),
                breakdown=value,
                value=None,
                numerator=numerator,
                denominator=denominator,
                respondents=denominator,
            )
    indicator_recompute(indicator=ratio)

    # B1: a count without focus area, lower is better, a small group in its latest year.
    count = IndicatorFactory(
        alliance=alliance, code="B1", name="Henvendelser", direction=Direction.LOWER_IS_BETTER
    )
    count.workgroups.add(other_group)
    _count_series(count, {2022: 40, 2023: 30}, respondents=50)
    organisation = OrganisationFactory(alliance=alliance)
    DataPointFactory(
        indicator=count, organisation=organisation, period=year(2024), value=2, respondents=3
    )
    indicator_recompute(indicator=count)

    # C1: a mean score in the food area from few respondents (uncertain), not public.
    score = IndicatorFactory(
        alliance=alliance,
        code="C1",
        name="Morgenmadsscore",
        unit=Unit.MEAN_SCORE,
        aggregation=Aggregation.WEIGHTED_MEAN,
    )
    score.focus_areas.add(food)
    _count_series(score, {2023: 3, 2024: 4}, respondents=12)
    return {
        "alliance": alliance,
        "health": health,
        "food": food,
        "group": group,
        "other_group": other_group,
        "ratio": ratio,
        "count": count,
        "score": score,
        "eud": eud,
        "education": education,
    }


def _context(world, role=Role.STEERING, **filters):
    membership = _member(world["alliance"], role)
    with translation.override("da"):
        return dashboard_context(alliance=world["alliance"], membership=membership, **filters)


# ---------------------------------------------------------------------------
# cards
# ---------------------------------------------------------------------------


def test_cards_are_grouped_by_focus_area_in_order_with_the_others_last(world):
    context = _context(world)

    titles = [group.title for group in context["groups"]]
    codes = [[card.indicator.code for card in group.cards] for group in context["groups"]]
    assert titles == ["1. Mental sundhed", "2. Mad og måltider", t("Other indicators")]
    assert codes == [["A1"], ["C1"], ["B1"]]
    assert context["card_count"] == 3


def test_a_card_shows_baseline_latest_next_target_status_and_trend_in_danish(world):
    card = _cards(_context(world))["A1"]

    # 2024: (39 + 164 + 40) / (60 + 200 + 50) = 243 / 310 = 78.387 %
    assert card.latest.period_label == "2024"
    assert card.latest.text == "78,4 %"
    assert card.latest.respondents == 310
    assert not card.latest.is_uncertain
    assert (card.baseline_text, card.baseline_period_label) == ("60,0 %", "2020")
    # The next target at or after the latest period: 2026, not 2030.
    assert (card.target_text, card.target_period_label) == ("75,0 %", "2026")
    assert card.status.key == "on_track"
    assert (card.status.symbol, card.status.label) == ("✓", "På rette vej")
    assert (card.trend.key, card.trend.label) == ("improving", t("getting better"))
    assert card.computed_at is not None


def test_the_trend_in_words_knows_which_way_is_better(world):
    # B1 falls from 40 to 30: lower is better, so it gets better (seen by the secretariat)
    card = _cards(_context(world, role=Role.SECRETARIAT, period=2023))["B1"]

    assert card.trend.arrow == "↓"
    assert card.trend.label == t("getting better")


def test_a_small_group_is_hidden_from_the_steering_group_and_never_in_the_chart(world):
    card = _cards(_context(world, role=Role.STEERING))["B1"]

    assert card.latest.period_label == "2024"
    assert card.latest.is_hidden
    assert card.latest.value is None
    assert card.latest.text == t("Hidden: fewer than %(threshold)s respondents", threshold=5)
    assert card.status.key == "hidden"
    assert _chart_values(card.chart, t("Actual")) == [40.0, 30.0, None]
    assert "2,0" not in json.dumps(card.chart)
    assert card.forecast_text == ""


def test_the_secretariat_sees_a_small_group_marked(world):
    card = _cards(_context(world, role=Role.SECRETARIAT))["B1"]

    assert not card.latest.is_hidden
    assert card.latest.is_small
    assert card.latest.text == "2"
    assert _chart_values(card.chart, t("Actual")) == [40.0, 30.0, 2.0]


def test_few_respondents_are_marked_uncertain(world):
    card = _cards(_context(world))["C1"]

    assert card.latest.text == "4,0"
    assert card.latest.is_uncertain
    assert not card.latest.is_hidden


@pytest.mark.parametrize("role", [Role.STEERING, Role.COORDINATOR, Role.MEMBER])
def test_every_adult_role_sees_every_indicator(world, role):
    assert _context(world, role=role)["card_count"] == 3


def test_status_counts_and_computed_at(world):
    context = _context(world)

    counts = {status.key: count for status, count in context["status_counts"]}
    assert sum(counts.values()) == 3
    assert counts["hidden"] == 1
    assert context["computed_newest"] is not None
    assert context["is_stale"] is False


def test_old_figures_are_flagged_as_stale(world):
    Summary.objects.update(computed_at=timezone.now() - datetime.timedelta(days=3))

    assert _context(world)["is_stale"] is True


# ---------------------------------------------------------------------------
# filters
# ---------------------------------------------------------------------------


def test_filter_by_focus_area(world):
    context = _context(world, focus_area=world["food"].pk)

    assert [g.title for g in context["groups"]] == ["2. Mad og måltider"]
    assert list(_cards(context)) == ["C1"]
    assert context["is_filtered"]


def test_filter_by_reporting_group(world):
    context = _context(world, workgroup=world["other_group"])

    assert list(_cards(context)) == ["B1"]


def test_filter_as_of_a_year_shows_the_latest_period_at_or_before_it(world):
    card = _cards(_context(world, period=2022))["A1"]

    # 2022: (30 + 160 + 35) / 310 = 72.58 %
    assert card.latest.period_label == "2022"
    assert card.latest.text == "72,6 %"
    assert [row.period_label for row in card.chart_rows] == ["2022", "2026", "2030"]


def test_an_unknown_focus_area_or_group_is_ignored_and_explained(world):
    other = FocusAreaFactory()

    context = _context(world, focus_area=other.pk, workgroup=999999)

    assert context["card_count"] == 3
    assert len(context["filter_errors"]) == 2


# ---------------------------------------------------------------------------
# the chart and its table
# ---------------------------------------------------------------------------


def test_the_card_chart_has_actual_targets_baseline_and_forecast(world):
    card = _cards(_context(world))["A1"]
    chart = card.chart
    names = [trace["name"] for trace in chart["data"]]

    assert names == [
        t("Baseline %(period)s", period="2020"),
        t("Target"),
        t("Actual"),
        t("Forecast by the recent trend"),
    ]
    assert chart["layout"]["xaxis"]["categoryarray"] == [str(y) for y in range(2020, 2031)]
    forecast = chart["data"][3]
    assert forecast["line"]["dash"] == "dash"
    assert forecast["x"] == ["2024", "2030"]
    # trend: slope of 72.581, 75.161, 78.387 over 2022-2024 = 2.903 per year; 6 years on
    summary = Summary.objects.get(indicator=world["ratio"], period=year(2024), breakdown=None)
    expected = float(summary.value + summary.trend * 6)
    assert forecast["y"][1] == pytest.approx(expected)
    assert card.forecast_period_label == "2030"
    assert t("Chart of %(name)s.", name="A1 Unge i trivsel") in card.chart_label
    assert t("Target %(value)s in %(period)s.", value="75,0 %", period="2026") in card.chart_label


def test_the_table_alternative_has_the_same_numbers_as_the_chart(world):
    card = _cards(_context(world))["A1"]

    rows = {row.period_label: row for row in card.chart_rows}
    actual = dict(zip(card.chart["data"][2]["x"], card.chart["data"][2]["customdata"], strict=True))
    assert {label: row.actual.text for label, row in rows.items() if row.actual} == actual
    assert rows["2030"].target_text == "80,0 %"


# ---------------------------------------------------------------------------
# the indicator page: breakdowns and the gap
# ---------------------------------------------------------------------------


def _detail(world, role=Role.STEERING, indicator=None):
    indicator = indicator or world["ratio"]
    membership = _member(world["alliance"], role)
    loaded = indicator_for_dashboard(alliance=world["alliance"]).get(pk=indicator.pk)
    with translation.override("da"):
        return indicator_detail_context(
            alliance=world["alliance"], membership=membership, indicator=loaded
        )


def test_breakdown_table_has_periods_by_values_with_the_total(world):
    table = _detail(world)["breakdowns"][0]

    assert table.dimension.name == "Uddannelse"
    assert [value.label for value in table.columns] == ["EUD", "STX", "HF"]
    assert [row.period_label for row in table.rows] == ["2022", "2023", "2024"]
    first = table.rows[0]
    assert [cell.text for cell in first.cells] == ["50,0 %", "80,0 %", "70,0 %"]
    assert first.total.text == "72,6 %"


def test_the_gap_combines_the_rest_as_a_ratio_of_sums_and_narrows(world):
    gap = _detail(world)["gap"]

    # 2022: EUD 30/60 = 50 %; the rest (160 + 35) / (200 + 50) = 78 % (not the mean 75 %)
    # 2024: EUD 39/60 = 65 %; the rest (164 + 40) / 250 = 81.6 %
    rows = {row.period_label: row for row in gap.rows}
    assert rows["2022"].rest_value == Decimal("78")
    assert rows["2022"].gap == Decimal("-28")
    assert rows["2024"].rest_value == Decimal("81.6")
    assert rows["2024"].gap == Decimal("-16.6")
    assert rows["2024"].gap_text == t("%(value)s percentage points", value="−16,6")
    assert gap.state == "narrowing"
    assert t("%(value)s percentage points", value="28,0") in gap.sentence
    assert t("%(value)s percentage points", value="16,6") in gap.sentence
    assert gap.sentence == t(
        "The gap narrows: %(group)s was %(first_gap)s behind everyone else in %(first_period)s "
        "and is %(latest_gap)s behind in %(latest_period)s.",
        group="EUD",
        first_gap=t("%(value)s percentage points", value="28,0"),
        first_period="2022",
        latest_gap=t("%(value)s percentage points", value="16,6"),
        latest_period="2024",
    )
    bars = next(trace for trace in gap.chart["data"] if trace["type"] == "bar")
    # 2023: EUD 33/60 = 55 %; the rest 200/250 = 80 %
    assert bars["y"] == pytest.approx([-28.0, -25.0, -16.6])


def test_the_gap_widens_when_the_priority_group_falls_further_behind(world):
    # 2024: EUD 15/60 = 25 %, the rest 81.6 %: 56.6 points behind, against 28 in 2022
    Summary.objects.filter(
        indicator=world["ratio"], breakdown=world["eud"], period=year(2024)
    ).update(numerator=15, value=25)

    gap = _detail(world)["gap"]

    assert gap.state == "widening"
    assert gap.state == "widening"


def test_when_lower_is_better_a_lower_share_is_not_behind(world):
    ratio = world["ratio"]
    ratio.direction = Direction.LOWER_IS_BETTER
    ratio.save()

    gap = _detail(world)["gap"]

    assert gap.state == "not_behind"


def test_a_latest_indicator_is_not_combined_and_says_so(world):
    ratio = world["ratio"]
    ratio.aggregation = Aggregation.LATEST
    ratio.save()

    gap = _detail(world)["gap"]

    assert gap.is_combinable is False
    assert gap.rows == []


def test_combine_weighted_mean_weighs_by_respondents():
    rows = [
        Summary(value=Decimal("4"), respondents=100, organisations=1),
        Summary(value=Decimal("2"), respondents=300, organisations=2),
    ]
    # (400 + 600) / 400 = 2.5
    assert combine(rows, Aggregation.WEIGHTED_MEAN) == (Decimal("2.5"), 400)
    assert combine(rows, Aggregation.SUM) == (Decimal("6"), 400)
    assert combine(rows, Aggregation.NONE) == (None, 400)


def test_hidden_breakdown_cells_for_the_steering_group_shown_to_the_secretariat(world):
    alliance = world["alliance"]
    dimension = DimensionFactory(alliance=alliance, name="Køn", position=2)
    girls = DimensionValueFactory(dimension=dimension, label="Piger")
    boys = DimensionValueFactory(dimension=dimension, label="Drenge")
    ratio = world["ratio"]
    ratio.dimensions.add(dimension)
    DataPointFactory(
        indicator=ratio,
        period=year(2024),
        breakdown=girls,
        value=None,
        numerator=2,
        denominator=3,
        respondents=3,
    )
    DataPointFactory(
        indicator=ratio,
        period=year(2024),
        breakdown=boys,
        value=None,
        numerator=20,
        denominator=30,
        respondents=30,
    )
    indicator_recompute(indicator=ratio)

    steering = _detail(world)["breakdowns"][1]
    secretariat = _detail(world, role=Role.SECRETARIAT)["breakdowns"][1]

    assert steering.dimension.name == "Køn"
    assert [value.label for value in steering.columns] == ["Drenge", "Piger"]
    drenge, piger = steering.rows[0].cells
    assert piger.is_hidden
    assert piger.value is None
    # Drenge is hidden with its small neighbour: the total minus Drenge would give Piger away.
    assert drenge.is_hidden
    assert drenge.value is None
    assert [cell.text for cell in secretariat.rows[0].cells] == ["66,7 %", "66,7 %"]
    assert secretariat.rows[0].cells[1].is_small


def test_the_gap_hides_the_rest_when_the_priority_group_is_hidden(world):
    Summary.objects.filter(indicator=world["ratio"], breakdown=world["eud"]).update(respondents=2)

    steering = _detail(world)["gap"]
    secretariat = _detail(world, role=Role.SECRETARIAT)["gap"]

    assert all(row.rest_hidden and row.gap is None for row in steering.rows)
    assert steering.state == "too_few"
    assert secretariat.state == "narrowing"


# ---------------------------------------------------------------------------
# views
# ---------------------------------------------------------------------------


@pytest.mark.parametrize("role", [Role.SECRETARIAT, Role.STEERING, Role.COORDINATOR, Role.MEMBER])
def test_dashboard_page_for_adult_roles(client, world, role):
    client.force_login(_member(world["alliance"], role).user)

    response = client.get(_dashboard_url(world["alliance"]))

    assert response.status_code == 200
    html = response.content.decode()
    assert "På rette vej" in html
    assert t("Show as table") in html
    assert 'role="img"' in html
    assert "plotly-basic.min.js" in html
    assert 'id="plotly.js-style-global"' in html


def test_the_page_says_hidden_and_never_holds_the_hidden_value(client, world):
    client.force_login(_member(world["alliance"], Role.STEERING).user)

    html = client.get(_dashboard_url(world["alliance"])).content.decode()

    assert t("Hidden: fewer than %(threshold)s respondents", threshold=5) in html
    card = re.search(rf'id="indicator-{world["count"].pk}".*?</article>', html, re.S).group(0)
    assert ">2<" not in card and '"2"' not in card


def test_youth_may_not_open_the_dashboard(client, world):
    client.force_login(_member(world["alliance"], Role.YOUTH).user)

    assert client.get(_dashboard_url(world["alliance"])).status_code == 403
    assert client.get(_detail_url(world["ratio"])).status_code == 403


def test_another_alliances_indicator_is_a_404(client, world):
    client.force_login(_member(world["alliance"], Role.SECRETARIAT).user)
    foreign = IndicatorFactory()
    url = reverse(
        "measurement:indicator_detail",
        kwargs={"alliance_slug": world["alliance"].slug, "pk": foreign.pk},
    )

    assert client.get(url).status_code == 404


@pytest.mark.parametrize(
    "query",
    [
        {"focus_area": "abc"},
        {"focus_area": "-3"},
        {"workgroup": "999999"},
        {"period": "99999"},
        {"period": "2025-Q9"},
        {"period": "1e400"},
    ],
)
def test_bad_filter_values_are_a_400_with_a_message_never_a_500(client, world, query):
    client.force_login(_member(world["alliance"], Role.STEERING).user)

    response = client.get(_dashboard_url(world["alliance"], **query))

    assert response.status_code == 400
    assert t("A filter could not be used") in response.content.decode()


def test_good_filters_are_a_200(client, world):
    client.force_login(_member(world["alliance"], Role.STEERING).user)

    response = client.get(
        _dashboard_url(world["alliance"], focus_area=world["health"].pk, period=2023)
    )

    assert response.status_code == 200
    assert response.context["card_count"] == 1


def test_detail_page_shows_definition_breakdown_and_gap(client, world):
    client.force_login(_member(world["alliance"], Role.STEERING).user)

    response = client.get(_detail_url(world["ratio"]))

    html = response.content.decode()
    assert response.status_code == 200
    assert "narrowing" in response.context["gap"].state
    assert "Trivselsmålingen 2020" in html
    assert t("Breakdown") in html
    assert "Trivselsgruppen" in html


def test_detail_page_of_an_indicator_without_data(client, world):
    client.force_login(_member(world["alliance"], Role.STEERING).user)
    empty = IndicatorFactory(alliance=world["alliance"], code="Z9")

    response = client.get(_detail_url(empty))

    assert response.status_code == 200


# ---------------------------------------------------------------------------
# the card cache
# ---------------------------------------------------------------------------

UNREACHABLE_REDIS = {
    "default": {
        "BACKEND": "django.core.cache.backends.redis.RedisCache",
        "LOCATION": "redis://127.0.0.1:1/0",  # nothing listens on port 1
        "OPTIONS": {"socket_connect_timeout": 0.2, "socket_timeout": 0.2},
    }
}


def _page_cards(client, alliance, **query) -> dict[str, object]:
    response = client.get(_dashboard_url(alliance, **query))
    assert response.status_code == 200
    return _cards(response.context)


def _forget_kept_cards() -> None:
    selectors_dashboard.recent_cards.clear()


def _card_html(html: str, indicator) -> str:
    return re.search(rf'id="indicator-{indicator.pk}".*?</article>', html, re.S).group(0)


def test_a_second_look_reads_the_cards_kept_from_the_first(client, world):
    client.force_login(_member(world["alliance"], Role.STEERING).user)

    first = _page_cards(client, world["alliance"])
    again = _page_cards(client, world["alliance"])
    _forget_kept_cards()
    from_cache = _page_cards(client, world["alliance"])

    assert again["A1"] is first["A1"]
    assert from_cache["A1"] is not first["A1"]
    assert from_cache["A1"].latest.text == first["A1"].latest.text == "78,4 %"
    assert from_cache["A1"].indicator.name == "Unge i trivsel"
    assert from_cache["A1"].chart_json == first["A1"].chart_json


@pytest.mark.parametrize("kept_in", ["process", "cache"])
def test_a_recompute_shows_at_once(client, world, kept_in):
    client.force_login(_member(world["alliance"], Role.STEERING).user)
    before = _page_cards(client, world["alliance"])["C1"]
    DataPointFactory(
        indicator=world["score"], period=year(2025), value=Decimal("4.6"), respondents=30
    )

    indicator_recompute(indicator=world["score"])
    if kept_in == "cache":
        _forget_kept_cards()
    after = _page_cards(client, world["alliance"])["C1"]

    assert (before.latest.period_label, before.latest.text) == ("2024", "4,0")
    assert (after.latest.period_label, after.latest.text) == ("2025", "4,6")
    assert after.computed_at > before.computed_at


def test_a_changed_name_or_target_shows_at_once(client, world):
    client.force_login(_member(world["alliance"], Role.STEERING).user)
    _page_cards(client, world["alliance"])
    ratio = world["ratio"]
    ratio.name = "Unge der trives"
    ratio.save()
    ratio.targets.filter(period=year(2026)).update(value=Decimal("77"))

    card = _page_cards(client, world["alliance"])["A1"]

    assert str(card.indicator) == "A1 Unge der trives"
    assert card.target_text == "77,0 %"
    assert t("Chart of %(name)s.", name="A1 Unge der trives") in card.chart_label


@pytest.mark.parametrize("first", [Role.SECRETARIAT, Role.STEERING])
def test_the_secretariat_and_the_steering_group_never_share_a_card(client, world, first):
    count = world["count"]
    pages = {}
    for role in (first, Role.STEERING if first == Role.SECRETARIAT else Role.SECRETARIAT):
        client.force_login(_member(world["alliance"], role).user)
        html = client.get(_dashboard_url(world["alliance"])).content.decode()
        pages[role] = _card_html(html, count)

    hidden = t("Hidden: fewer than %(threshold)s respondents", threshold=5)
    assert hidden in pages[Role.STEERING]
    assert ">2<" not in pages[Role.STEERING] and '"2"' not in pages[Role.STEERING]
    assert hidden not in pages[Role.SECRETARIAT]
    assert ">2<" in pages[Role.SECRETARIAT]


def test_english_and_danish_pages_do_not_share_cards(client, world):
    client.force_login(_member(world["alliance"], Role.STEERING).user)

    danish = _page_cards(client, world["alliance"])["A1"]
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
    english = _page_cards(client, world["alliance"])["A1"]
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "da"
    danish_again = _page_cards(client, world["alliance"])["A1"]

    assert (danish.status.label, danish.latest.text) == ("På rette vej", "78,4 %")
    assert (english.status.label, english.latest.text) == ("On track", "78.4 %")
    assert "Actual" in [trace["name"] for trace in english.chart["data"]]
    assert danish_again.status.label == "På rette vej"


def test_filters_and_as_of_years_use_their_own_cards(client, world):
    client.force_login(_member(world["alliance"], Role.STEERING).user)
    _page_cards(client, world["alliance"])

    as_of = _page_cards(client, world["alliance"], period=2022)
    food = _page_cards(client, world["alliance"], focus_area=world["food"].pk)

    assert as_of["A1"].latest.text == "72,6 %"
    assert list(food) == ["C1"]


@override_settings(CACHES=UNREACHABLE_REDIS)
def test_the_dashboard_works_with_its_figures_when_the_cache_is_unreachable(client, world, caplog):
    client.force_login(_member(world["alliance"], Role.STEERING).user)

    with caplog.at_level("WARNING", logger="measurement.selectors_dashboard"):
        first = client.get(_dashboard_url(world["alliance"]))
        _forget_kept_cards()
        second = client.get(_dashboard_url(world["alliance"]))

    assert cache.__class__.__name__ == "ConnectionProxy"
    for response in (first, second):
        html = response.content.decode()
        assert response.status_code == 200
        assert "78,4 %" in html
        assert _cards(response.context)["A1"].computed_text in html
        assert response.context["computed_newest"] is not None
    # One warning: after a failure the cards are built without the cache for a while.
    warnings = [r for r in caplog.records if r.name == "measurement.selectors_dashboard"]
    assert len(warnings) == 1
    assert warnings[0].exc_info is not None


# ---------------------------------------------------------------------------
# query counts
# ---------------------------------------------------------------------------


def _big_alliance(*, indicators: int, years: int, breakdowns: bool):
    alliance = AllianceFactory()
    area = FocusAreaFactory(alliance=alliance, position=1)
    group = WorkGroupFactory(alliance=alliance)
    dimension = DimensionFactory(alliance=alliance)
    values = [DimensionValueFactory(dimension=dimension) for _ in range(3)]
    organisation = OrganisationFactory(alliance=alliance)
    first = None
    for index in range(indicators):
        indicator = IndicatorFactory(
            alliance=alliance,
            code=f"X{index}",
            unit=Unit.PERCENT,
            aggregation=Aggregation.RATIO,
            baseline_value=Decimal("50"),
            baseline_period=year(2015),
            priority_value=values[0],
            is_public=True,
        )
        first = first or indicator
        indicator.focus_areas.add(area)
        indicator.workgroups.add(group)
        indicator.dimensions.add(dimension)
        TargetFactory(indicator=indicator, period=year(2030), value=Decimal("90"))
        for offset in range(years):
            for value in values if breakdowns else [None]:
                DataPointFactory(
                    indicator=indicator,
                    organisation=organisation,
                    period=year(2016 + offset),
                    breakdown=value,
                    value=None,
                    numerator=10 + offset,
                    denominator=40,
                    respondents=40,
                )
        indicator_recompute(indicator=indicator)
    return alliance, first


def _count_queries(client, url, django_assert_max_num_queries, *, warm: bool = True) -> int:
    client.get(url)  # warm per-process caches
    if not warm:  # every card built again from the summaries
        cache.clear()
        _forget_kept_cards()
    with django_assert_max_num_queries(20) as queries:
        response = client.get(url)
    assert response.status_code == 200
    return len(queries)


@pytest.mark.parametrize(
    ("page", "warm"), [("dashboard", True), ("dashboard", False), ("detail", True)]
)
def test_queries_do_not_grow_with_indicators_periods_or_breakdowns(
    client, django_assert_max_num_queries, page, warm
):
    counts = []
    for indicators, years, breakdowns in ((1, 3, False), (5, 10, True)):
        alliance, first = _big_alliance(indicators=indicators, years=years, breakdowns=breakdowns)
        client.force_login(_member(alliance, Role.STEERING).user)
        url = _dashboard_url(alliance) if page == "dashboard" else _detail_url(first)
        counts.append(_count_queries(client, url, django_assert_max_num_queries, warm=warm))

    assert counts[0] == counts[1]


def test_dashboard_context_is_six_queries_and_five_with_every_card_kept(
    django_assert_num_queries,
):
    alliance, _first = _big_alliance(indicators=3, years=4, breakdowns=True)
    membership = _member(alliance, Role.STEERING)

    with django_assert_num_queries(6):
        dashboard_context(alliance=alliance, membership=membership)
    # the cards come from this process, then from the cache: the totals are not read
    with django_assert_num_queries(5):
        dashboard_context(alliance=alliance, membership=membership)
    _forget_kept_cards()
    with django_assert_num_queries(5):
        dashboard_context(alliance=alliance, membership=membership)


# ---------------------------------------------------------------------------
# the public page and the agenda's goals
# ---------------------------------------------------------------------------


def test_public_list_has_only_public_indicators_and_hides_small_groups(world):
    count = world["count"]
    count.is_public = True
    count.save()

    with translation.override("da"):
        briefs = {
            brief.indicator.code: brief
            for brief in public_indicator_list(alliance=world["alliance"])
        }

    assert set(briefs) == {"A1", "B1"}
    assert briefs["A1"].latest.text == "78,4 %"
    assert briefs["B1"].latest.is_hidden
    assert briefs["B1"].latest.text == t(
        "Hidden: fewer than %(threshold)s respondents", threshold=5
    )


def test_public_page_shows_public_figures_only(client, world):
    response = client.get(world["alliance"].get_absolute_url())

    html = response.content.decode()
    assert response.status_code == 200
    assert "Unge i trivsel" in html
    assert "78,4 %" in html
    assert "Morgenmadsscore" not in html
    assert "Henvendelser" not in html


def test_public_page_hides_a_small_group(client, world):
    count = world["count"]
    count.is_public = True
    count.save()

    html = client.get(world["alliance"].get_absolute_url()).content.decode()

    assert "Henvendelser" in html
    assert t("Hidden: fewer than %(threshold)s respondents", threshold=5) in html


def test_goals_map_to_their_indicators_with_latest_totals(world):
    goal = GoalFactory(focus_area=world["health"])
    world["ratio"].goals.add(goal)
    world["score"].goals.add(goal)
    youth = _member(world["alliance"], Role.YOUTH)
    steering = _member(world["alliance"], Role.STEERING)

    with translation.override("da"):
        adults = goal_indicator_map(alliance=world["alliance"], membership=steering)
        young = goal_indicator_map(alliance=world["alliance"], membership=youth)

    assert [b.indicator.code for b in adults[goal.pk]] == ["A1", "C1"]
    assert adults[goal.pk][0].latest.text == "78,4 %"
    assert adults[goal.pk][0].status.label == "På rette vej"
    # young people see only the published indicators
    assert [b.indicator.code for b in young[goal.pk]] == ["A1"]


def test_agenda_page_shows_each_goals_indicators(client, world):
    from alliance.services.agenda import agenda_publish

    goal = GoalFactory(focus_area=world["health"], title="Flere unge trives")
    world["ratio"].goals.add(goal)
    agenda_publish(alliance=world["alliance"], published_by=None, note="1")
    client.force_login(_member(world["alliance"], Role.MEMBER).user)

    response = client.get(
        reverse("alliance:agenda", kwargs={"alliance_slug": world["alliance"].slug})
    )

    html = response.content.decode()
    assert response.status_code == 200
    assert "Unge i trivsel" in html
    assert "78,4 %" in html
    assert _detail_url(world["ratio"]) in html
