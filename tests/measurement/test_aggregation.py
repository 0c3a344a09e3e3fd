"""The aggregation rules, pinned with hand-computed values."""

from __future__ import annotations

import datetime
from decimal import Decimal
from io import StringIO

import pytest
from django.core.management import call_command

from measurement.aggregation import (
    indicator_recompute,
    summaries_recompute_all,
    summary_is_suppressed,
    summary_is_uncertain,
)
from measurement.models import (
    Aggregation,
    DataPointStatus,
    Direction,
    Summary,
    SummaryStatus,
    TimeAggregation,
    Unit,
)
from measurement.tasks import indicator_recompute_task, summaries_recompute_all_task
from tests.factories import AllianceFactory, OrganisationFactory

from .factories import (
    DataPointFactory,
    DimensionFactory,
    DimensionValueFactory,
    IndicatorFactory,
    TargetFactory,
)

pytestmark = pytest.mark.django_db

Y2023 = datetime.date(2023, 1, 1)
Y2024 = datetime.date(2024, 1, 1)
Y2025 = datetime.date(2025, 1, 1)


def _org(indicator):
    return OrganisationFactory(alliance=indicator.alliance)


def _total(indicator, period=Y2025) -> Summary:
    return Summary.objects.get(indicator=indicator, period=period, breakdown=None)


def _values(indicator) -> dict:
    return {
        (s.period, s.breakdown_id): s.value for s in Summary.objects.filter(indicator=indicator)
    }


def test_sum_adds_values_across_organisations():
    # given
    indicator = IndicatorFactory(aggregation=Aggregation.SUM)
    DataPointFactory(indicator=indicator, value=Decimal("12"), respondents=30)
    DataPointFactory(indicator=indicator, value=Decimal("30.5"), respondents=10)
    # when
    written = indicator_recompute(indicator=indicator)
    # then
    total = _total(indicator)
    assert written == 1
    assert total.value == Decimal("42.5")
    assert total.respondents == 40
    assert total.organisations == 2


def test_respondents_are_null_when_nobody_reported_them():
    indicator = IndicatorFactory()
    DataPointFactory(indicator=indicator, value=Decimal("3"))
    indicator_recompute(indicator=indicator)
    assert _total(indicator).respondents is None


def test_weighted_mean_weighs_by_respondents_and_one_without_them():
    # given: 4.0 with n=100, 2.0 with n=300, 5.0 without n (weight 1)
    indicator = IndicatorFactory(aggregation=Aggregation.WEIGHTED_MEAN, unit=Unit.MEAN_SCORE)
    DataPointFactory(indicator=indicator, value=Decimal("4"), respondents=100)
    DataPointFactory(indicator=indicator, value=Decimal("2"), respondents=300)
    DataPointFactory(indicator=indicator, value=Decimal("5"), respondents=None)
    # when
    indicator_recompute(indicator=indicator)
    # then: (400 + 600 + 5) / 401 = 2.506234...
    total = _total(indicator)
    assert total.value == Decimal("2.506234")
    assert total.respondents == 400


def test_ratio_is_the_ratio_of_sums_not_the_mean_of_percents():
    # given: 10/20 (50 %) at a small school, 90/100 (90 %) at a large one
    indicator = IndicatorFactory(aggregation=Aggregation.RATIO, unit=Unit.PERCENT)
    DataPointFactory(
        indicator=indicator, value=None, numerator=Decimal("10"), denominator=Decimal("20")
    )
    DataPointFactory(
        indicator=indicator, value=None, numerator=Decimal("90"), denominator=Decimal("100")
    )
    # when
    indicator_recompute(indicator=indicator)
    # then: 100 / 120 = 83.33 %, not (50 + 90) / 2 = 70 %
    total = _total(indicator)
    assert total.value == Decimal("83.333333")
    assert total.numerator == Decimal("100")
    assert total.denominator == Decimal("120")


def test_a_breakdown_value_one_organisation_does_not_report():
    # given: gender; A reports girls 10 and boys 20 and a total 30; B reports only girls 5
    # and a total 12 (B's boys are not broken down)
    indicator = IndicatorFactory()
    gender = DimensionFactory(alliance=indicator.alliance, name="Gender")
    girls = DimensionValueFactory(dimension=gender, label="Girls")
    boys = DimensionValueFactory(dimension=gender, label="Boys")
    a, b = _org(indicator), _org(indicator)
    DataPointFactory(indicator=indicator, organisation=a, breakdown=girls, value=Decimal("10"))
    DataPointFactory(indicator=indicator, organisation=a, breakdown=boys, value=Decimal("20"))
    DataPointFactory(indicator=indicator, organisation=a, value=Decimal("30"))
    DataPointFactory(indicator=indicator, organisation=b, breakdown=girls, value=Decimal("5"))
    DataPointFactory(indicator=indicator, organisation=b, value=Decimal("12"))
    # when
    written = indicator_recompute(indicator=indicator)
    # then: each breakdown value from those who reported it; the total from reported totals
    assert written == 3
    girls_row = Summary.objects.get(indicator=indicator, breakdown=girls)
    boys_row = Summary.objects.get(indicator=indicator, breakdown=boys)
    assert (girls_row.value, girls_row.organisations) == (Decimal("15"), 2)
    assert (boys_row.value, boys_row.organisations) == (Decimal("20"), 1)
    assert (_total(indicator).value, _total(indicator).organisations) == (Decimal("42"), 2)


def test_total_from_one_dimension_when_no_total_reported():
    # given: no totals; two dimensions with data; gender comes first by position
    indicator = IndicatorFactory()
    gender = DimensionFactory(alliance=indicator.alliance, name="Gender", position=1)
    age = DimensionFactory(alliance=indicator.alliance, name="Age", position=2)
    girls = DimensionValueFactory(dimension=gender, label="Girls")
    boys = DimensionValueFactory(dimension=gender, label="Boys")
    young = DimensionValueFactory(dimension=age, label="15-17")
    a, b = _org(indicator), _org(indicator)
    DataPointFactory(indicator=indicator, organisation=a, breakdown=girls, value=Decimal("10"))
    DataPointFactory(indicator=indicator, organisation=a, breakdown=boys, value=Decimal("20"))
    DataPointFactory(indicator=indicator, organisation=b, breakdown=boys, value=Decimal("7"))
    DataPointFactory(indicator=indicator, organisation=a, breakdown=young, value=Decimal("25"))
    # when
    indicator_recompute(indicator=indicator)
    # then: 10 + 20 + 7 from gender only, never adding the age band's 25 as well
    total = _total(indicator)
    assert total.value == Decimal("37")
    assert total.organisations == 2
    assert Summary.objects.filter(indicator=indicator).count() == 4


def test_total_from_the_next_dimension_when_the_first_has_no_data_that_period():
    indicator = IndicatorFactory()
    gender = DimensionFactory(alliance=indicator.alliance, name="Gender", position=1)
    age = DimensionFactory(alliance=indicator.alliance, name="Age", position=2)
    DimensionValueFactory(dimension=gender, label="Girls")
    young = DimensionValueFactory(dimension=age, label="15-17")
    old = DimensionValueFactory(dimension=age, label="18-24")
    DataPointFactory(indicator=indicator, breakdown=young, value=Decimal("4"))
    DataPointFactory(indicator=indicator, breakdown=old, value=Decimal("6"))
    indicator_recompute(indicator=indicator)
    assert _total(indicator).value == Decimal("10")


def test_ratio_total_from_breakdowns_is_a_ratio_of_sums():
    indicator = IndicatorFactory(aggregation=Aggregation.RATIO, unit=Unit.PERCENT)
    gender = DimensionFactory(alliance=indicator.alliance)
    girls = DimensionValueFactory(dimension=gender, label="Girls")
    boys = DimensionValueFactory(dimension=gender, label="Boys")
    DataPointFactory(indicator=indicator, breakdown=girls, value=None, numerator=1, denominator=4)
    DataPointFactory(indicator=indicator, breakdown=boys, value=None, numerator=30, denominator=36)
    indicator_recompute(indicator=indicator)
    # 31 / 40 = 77.5 % (the mean of 25 % and 83.3 % would be 54.2 %)
    assert _total(indicator).value == Decimal("77.5")


def test_a_superseded_value_is_ignored_and_the_correction_counts():
    indicator = IndicatorFactory()
    wrong = DataPointFactory(indicator=indicator, value=Decimal("100"))
    DataPointFactory(
        indicator=indicator, organisation=wrong.organisation, value=Decimal("10"), supersedes=wrong
    )
    DataPointFactory(indicator=indicator, value=Decimal("5"))
    indicator_recompute(indicator=indicator)
    assert _total(indicator).value == Decimal("15")
    assert _total(indicator).organisations == 2


@pytest.mark.parametrize(
    "status", [DataPointStatus.DRAFT, DataPointStatus.SUBMITTED, DataPointStatus.RETURNED]
)
def test_values_not_approved_are_ignored(status):
    indicator = IndicatorFactory()
    DataPointFactory(indicator=indicator, value=Decimal("7"))
    DataPointFactory(indicator=indicator, value=Decimal("1000"), status=status, approved_at=None)
    DataPointFactory(
        indicator=indicator, period=Y2024, value=Decimal("1000"), status=status, approved_at=None
    )
    written = indicator_recompute(indicator=indicator)
    assert written == 1
    assert _total(indicator).value == Decimal("7")


def test_latest_takes_the_most_recently_approved_value():
    # given: approved in the order 3, 9, 4 (the last created is approved first)
    indicator = IndicatorFactory(aggregation=Aggregation.LATEST)
    base = datetime.datetime(2025, 3, 1, tzinfo=datetime.UTC)
    DataPointFactory(indicator=indicator, value=Decimal("4"), approved_at=base)
    DataPointFactory(
        indicator=indicator, value=Decimal("9"), approved_at=base + datetime.timedelta(days=2)
    )
    DataPointFactory(
        indicator=indicator, value=Decimal("3"), approved_at=base - datetime.timedelta(days=1)
    )
    indicator_recompute(indicator=indicator)
    assert _total(indicator).value == Decimal("9")
    assert _total(indicator).organisations == 3


def test_latest_breaks_ties_by_id_and_works_per_breakdown():
    indicator = IndicatorFactory(aggregation=Aggregation.LATEST)
    gender = DimensionFactory(alliance=indicator.alliance)
    girls = DimensionValueFactory(dimension=gender, label="Girls")
    boys = DimensionValueFactory(dimension=gender, label="Boys")
    same = datetime.datetime(2025, 3, 1, tzinfo=datetime.UTC)
    DataPointFactory(indicator=indicator, breakdown=girls, value=Decimal("1"), approved_at=same)
    DataPointFactory(indicator=indicator, breakdown=girls, value=Decimal("2"), approved_at=same)
    DataPointFactory(
        indicator=indicator,
        breakdown=boys,
        value=Decimal("8"),
        approved_at=same - datetime.timedelta(days=1),
    )
    indicator_recompute(indicator=indicator)
    assert Summary.objects.get(indicator=indicator, breakdown=girls).value == Decimal("2")
    assert Summary.objects.get(indicator=indicator, breakdown=boys).value == Decimal("8")
    # the total from the one dimension: its most recently approved value
    assert _total(indicator).value == Decimal("2")


def test_none_stores_no_value_but_counts_organisations():
    indicator = IndicatorFactory(aggregation=Aggregation.NONE)
    DataPointFactory(indicator=indicator, value=Decimal("1"), respondents=3)
    DataPointFactory(indicator=indicator, value=Decimal("2"), respondents=4)
    indicator_recompute(indicator=indicator)
    total = _total(indicator)
    assert total.value is None
    assert total.organisations == 2
    assert total.respondents == 7
    assert total.status == SummaryStatus.NO_DATA


def test_cumulative_against_periodic_sum():
    # given: 10 in 2023, 5 in 2024, 20 in 2025
    periodic = IndicatorFactory(time_aggregation=TimeAggregation.PERIODIC)
    cumulative = IndicatorFactory(
        alliance=periodic.alliance, time_aggregation=TimeAggregation.CUMULATIVE
    )
    for indicator in (periodic, cumulative):
        for period, value in ((Y2023, 10), (Y2024, 5), (Y2025, 20)):
            DataPointFactory(indicator=indicator, period=period, value=Decimal(value))
    # when
    summaries_recompute_all()
    # then
    assert _values(periodic) == {(Y2023, None): 10, (Y2024, None): 5, (Y2025, None): 20}
    assert _values(cumulative) == {(Y2023, None): 10, (Y2024, None): 15, (Y2025, None): 35}


def test_cumulative_ratio_is_running_numerators_over_running_denominators():
    indicator = IndicatorFactory(
        aggregation=Aggregation.RATIO,
        unit=Unit.PERCENT,
        time_aggregation=TimeAggregation.CUMULATIVE,
    )
    DataPointFactory(indicator=indicator, period=Y2024, value=None, numerator=1, denominator=10)
    DataPointFactory(indicator=indicator, period=Y2025, value=None, numerator=29, denominator=30)
    indicator_recompute(indicator=indicator)
    # 2024: 1/10 = 10 %; 2025: 30/40 = 75 % (not the mean of 10 % and 96.7 %)
    assert _values(indicator) == {(Y2024, None): 10, (Y2025, None): 75}
    assert _total(indicator).denominator == 40


def test_recompute_is_idempotent_and_replaces_old_rows():
    indicator = IndicatorFactory()
    gender = DimensionFactory(alliance=indicator.alliance)
    girls = DimensionValueFactory(dimension=gender)
    DataPointFactory(indicator=indicator, breakdown=girls, value=Decimal("3"))
    DataPointFactory(indicator=indicator, period=Y2024, value=Decimal("2"))
    TargetFactory(indicator=indicator, period=Y2025, value=Decimal("5"))

    def snapshot():
        return sorted(
            Summary.objects.filter(indicator=indicator).values_list(
                "period",
                "breakdown",
                "value",
                "respondents",
                "organisations",
                "target",
                "trend",
                "status",
            ),
            key=str,
        )

    first = indicator_recompute(indicator=indicator)
    before = snapshot()
    second = indicator_recompute(indicator=indicator)
    assert first == second == 3
    assert snapshot() == before
    assert Summary.objects.filter(indicator=indicator).count() == 3


def test_one_computed_at_for_the_whole_recompute():
    indicator = IndicatorFactory()
    DataPointFactory(indicator=indicator, period=Y2024)
    DataPointFactory(indicator=indicator, period=Y2025)
    indicator_recompute(indicator=indicator)
    times = set(Summary.objects.filter(indicator=indicator).values_list("computed_at", flat=True))
    assert len(times) == 1


def test_target_of_the_same_period_and_breakdown():
    indicator = IndicatorFactory()
    gender = DimensionFactory(alliance=indicator.alliance)
    girls = DimensionValueFactory(dimension=gender)
    DataPointFactory(indicator=indicator, breakdown=girls, value=Decimal("3"))
    DataPointFactory(indicator=indicator, value=Decimal("3"))
    TargetFactory(indicator=indicator, period=Y2025, value=Decimal("50"))
    TargetFactory(indicator=indicator, period=Y2025, breakdown=girls, value=Decimal("20"))
    TargetFactory(indicator=indicator, period=Y2024, value=Decimal("99"))
    indicator_recompute(indicator=indicator)
    assert _total(indicator).target == Decimal("50")
    assert Summary.objects.get(indicator=indicator, breakdown=girls).target == Decimal("20")


def _series(indicator, values):
    for year, value in values:
        DataPointFactory(
            indicator=indicator, period=datetime.date(year, 1, 1), value=Decimal(value)
        )


def test_trend_is_the_slope_over_the_last_three_periods():
    # given: 10, 12, 20, 21 -> last three (12, 20, 21): slope 4.5 per year
    indicator = IndicatorFactory()
    _series(indicator, [(2022, 10), (2023, 12), (2024, 20), (2025, 21)])
    indicator_recompute(indicator=indicator)
    assert _total(indicator, datetime.date(2022, 1, 1)).trend is None
    assert _total(indicator, Y2023).trend == Decimal("2")
    assert _total(indicator, Y2024).trend == Decimal("5")
    assert _total(indicator, Y2025).trend == Decimal("4.5")


def test_trend_counts_a_missing_period_as_a_gap():
    # given: 10 in 2021, 20 in 2025: +10 over four years = 2.5 per year
    indicator = IndicatorFactory()
    _series(indicator, [(2021, 10), (2025, 20)])
    indicator_recompute(indicator=indicator)
    assert _total(indicator).trend == Decimal("2.5")


@pytest.mark.parametrize(
    ("values", "direction", "status"),
    [
        ([(2024, 10), (2025, 12)], Direction.HIGHER_IS_BETTER, SummaryStatus.ON_TRACK),
        ([(2024, 12), (2025, 10)], Direction.HIGHER_IS_BETTER, SummaryStatus.OFF_TRACK),
        ([(2024, 12), (2025, 10)], Direction.LOWER_IS_BETTER, SummaryStatus.ON_TRACK),
        ([(2024, 10), (2025, 10)], Direction.HIGHER_IS_BETTER, SummaryStatus.AT_RISK),
        ([(2025, 10)], Direction.HIGHER_IS_BETTER, SummaryStatus.NO_DATA),
    ],
)
def test_status_without_target_follows_the_trend(values, direction, status):
    indicator = IndicatorFactory(direction=direction)
    _series(indicator, values)
    indicator_recompute(indicator=indicator)
    assert _total(indicator).status == status


@pytest.mark.parametrize(
    ("values", "target", "status"),
    [
        # meets the 2030 target already
        ([(2024, 40), (2025, 50)], 50, SummaryStatus.ON_TRACK),
        # +10 a year: 30 + 5 * 10 = 80 >= 70 by 2030
        ([(2024, 20), (2025, 30)], 70, SummaryStatus.ON_TRACK),
        # +1 a year: 30 + 5 * 1 = 35 < 70
        ([(2024, 29), (2025, 30)], 70, SummaryStatus.AT_RISK),
        # moving away
        ([(2024, 35), (2025, 30)], 70, SummaryStatus.OFF_TRACK),
        # no trend yet, below the target
        ([(2025, 30)], 70, SummaryStatus.AT_RISK),
    ],
)
def test_status_against_the_next_target(values, target, status):
    indicator = IndicatorFactory(direction=Direction.HIGHER_IS_BETTER)
    _series(indicator, values)
    TargetFactory(indicator=indicator, period=datetime.date(2030, 1, 1), value=Decimal(target))
    indicator_recompute(indicator=indicator)
    assert _total(indicator).status == status


def test_status_lower_is_better_against_a_target():
    # -4 a year: 30 - 5 * 4 = 10 <= 12 by 2030
    indicator = IndicatorFactory(direction=Direction.LOWER_IS_BETTER)
    _series(indicator, [(2024, 34), (2025, 30)])
    TargetFactory(indicator=indicator, period=datetime.date(2030, 1, 1), value=Decimal("12"))
    indicator_recompute(indicator=indicator)
    assert _total(indicator).status == SummaryStatus.ON_TRACK


@pytest.mark.parametrize(
    ("respondents", "suppressed", "uncertain"),
    [
        (None, False, False),
        (4, True, True),
        (5, False, True),
        (19, False, True),
        (20, False, False),
    ],
)
def test_suppression_and_uncertainty_helpers(respondents, suppressed, uncertain):
    alliance = AllianceFactory(small_group_threshold=5, uncertain_below=20)
    summary = Summary(respondents=respondents)
    assert summary_is_suppressed(summary, alliance) is suppressed
    assert summary_is_uncertain(summary, alliance) is uncertain


def test_small_groups_are_stored_unsuppressed():
    indicator = IndicatorFactory()
    DataPointFactory(indicator=indicator, value=Decimal("2"), respondents=2)
    indicator_recompute(indicator=indicator)
    total = _total(indicator)
    assert total.value == Decimal("2")
    assert summary_is_suppressed(total, indicator.alliance)


def test_management_command_recomputes_one_or_all():
    first, second = IndicatorFactory(), IndicatorFactory()
    DataPointFactory(indicator=first, value=Decimal("4"))
    DataPointFactory(indicator=second, value=Decimal("6"))
    out = StringIO()

    call_command("recompute_summaries", "--indicator", str(first.pk), stdout=out)
    assert "1 summary rows written" in out.getvalue()
    assert Summary.objects.filter(indicator=second).count() == 0

    call_command("recompute_summaries", stdout=out)
    assert _total(second).value == Decimal("6")


def test_tasks_run_eagerly():
    indicator = IndicatorFactory()
    DataPointFactory(indicator=indicator, value=Decimal("4"))
    assert indicator_recompute_task.apply(args=[indicator.pk]).get() == 1
    assert _total(indicator).value == Decimal("4")
    assert summaries_recompute_all_task.apply().get() >= 1


def test_task_for_a_missing_indicator_returns_quietly():
    assert indicator_recompute_task.apply(args=[987654]).get() == 0


@pytest.mark.parametrize("count", [10, 200])
def test_recompute_queries_do_not_grow_with_data_points(count, django_assert_max_num_queries):
    # given: the same periods and breakdowns, many more data points
    indicator = IndicatorFactory(aggregation=Aggregation.LATEST)
    gender = DimensionFactory(alliance=indicator.alliance)
    values = [DimensionValueFactory(dimension=gender) for _ in range(2)]
    organisations = [_org(indicator) for _ in range(5)]
    TargetFactory(indicator=indicator)
    for i in range(count):
        DataPointFactory(
            indicator=indicator,
            organisation=organisations[i % 5],
            period=(Y2024, Y2025)[i % 2],
            breakdown=(None, *values)[i % 3],
        )
    # when / then: targets, 2 groupings, 2 latest, lock, delete, insert (+ savepoint)
    with django_assert_max_num_queries(10):
        assert indicator_recompute(indicator=indicator) == 6


def test_a_recompute_rewrites_only_the_rows_that_changed_and_drops_vanished_ones():
    indicator = IndicatorFactory()
    gender = DimensionFactory(alliance=indicator.alliance)
    girls = DimensionValueFactory(dimension=gender)
    DataPointFactory(indicator=indicator, period=Y2024, value=Decimal("2"))
    school = _org(indicator)
    DataPointFactory(indicator=indicator, organisation=school, value=Decimal("3"))
    girls_point = DataPointFactory(indicator=indicator, breakdown=girls, value=Decimal("1"))
    indicator_recompute(indicator=indicator)
    ids = {(s.period, s.breakdown_id): s.pk for s in Summary.objects.filter(indicator=indicator)}

    # a new value for 2025 and the girls' value withdrawn
    DataPointFactory(indicator=indicator, value=Decimal("4"))
    girls_point.status = "returned"
    girls_point.save()
    indicator_recompute(indicator=indicator)

    rows = {(s.period, s.breakdown_id): s for s in Summary.objects.filter(indicator=indicator)}
    assert set(rows) == {(Y2024, None), (Y2025, None)}
    assert rows[(Y2025, None)].value == Decimal("7")
    assert rows[(Y2024, None)].pk == ids[(Y2024, None)]  # unchanged row kept, not re-inserted
    assert rows[(Y2025, None)].pk == ids[(Y2025, None)]  # changed row updated in place
    assert len({s.computed_at for s in rows.values()}) == 1


def test_a_lone_small_group_is_hidden_together_with_its_smallest_neighbour():
    indicator = IndicatorFactory()
    alliance = indicator.alliance
    gender = DimensionFactory(alliance=alliance)
    girls, boys, other = (DimensionValueFactory(dimension=gender) for _ in range(3))
    DataPointFactory(indicator=indicator, value=Decimal("60"), respondents=60)
    DataPointFactory(indicator=indicator, breakdown=girls, value=Decimal("3"), respondents=3)
    DataPointFactory(indicator=indicator, breakdown=boys, value=Decimal("40"), respondents=40)
    DataPointFactory(indicator=indicator, breakdown=other, value=Decimal("17"), respondents=17)
    # in 2024 two groups are small: neither can be worked out, nothing more is hidden
    DataPointFactory(
        indicator=indicator, period=Y2024, breakdown=girls, value=Decimal(2), respondents=2
    )
    DataPointFactory(
        indicator=indicator, period=Y2024, breakdown=boys, value=Decimal(4), respondents=4
    )
    DataPointFactory(
        indicator=indicator, period=Y2024, breakdown=other, value=Decimal(30), respondents=30
    )

    indicator_recompute(indicator=indicator)

    def hidden(period):
        return {
            s.breakdown_id
            for s in Summary.objects.filter(indicator=indicator, period=period)
            if summary_is_suppressed(s, alliance)
        }

    assert hidden(Y2025) == {girls.pk, other.pk}  # 17 is the smallest neighbour, not 40
    assert hidden(Y2024) == {girls.pk, boys.pk}
    assert not summary_is_suppressed(_total(indicator), alliance)


def test_the_full_recompute_gives_the_same_rows_as_one_indicator_at_a_time():
    alliance = AllianceFactory()
    gender = DimensionFactory(alliance=alliance, position=1)
    girls, boys = DimensionValueFactory(dimension=gender), DimensionValueFactory(dimension=gender)
    latest = IndicatorFactory(alliance=alliance, aggregation=Aggregation.LATEST)
    ratio = IndicatorFactory(alliance=alliance, unit=Unit.PERCENT, aggregation=Aggregation.RATIO)
    summed = IndicatorFactory(alliance=alliance)
    for indicator in (latest, ratio, summed):
        for period, breakdown, n in ((Y2024, girls, 3), (Y2024, boys, 5), (Y2025, None, 9)):
            figures = (
                {"value": None, "numerator": n, "denominator": 2 * n}
                if indicator is ratio
                else {"value": Decimal(n)}
            )
            DataPointFactory(
                indicator=indicator, period=period, breakdown=breakdown, respondents=n, **figures
            )

    def snapshot():
        return sorted(
            Summary.objects.values_list("indicator", "period", "breakdown", "value", "status"),
            key=str,
        )

    for indicator in (latest, ratio, summed):
        indicator_recompute(indicator=indicator)
    one_at_a_time = snapshot()
    Summary.objects.all().delete()

    summaries_recompute_all()

    assert snapshot() == one_at_a_time
    assert len(one_at_a_time) == 3 * 4  # girls, boys and the total of 2024; the total of 2025


def test_the_nightly_run_never_writes_figures_older_than_a_recompute_that_came_between(
    monkeypatch,
):
    # given an indicator with one value, and an approval whose recompute commits after the
    # nightly run read its batch and before it writes this indicator
    from measurement import aggregation

    indicator = IndicatorFactory()
    DataPointFactory(indicator=indicator, organisation=_org(indicator), value=Decimal(10))
    indicator_recompute(indicator=indicator)
    read = aggregation._group_parts

    def read_then_an_approval_lands(batch):
        grouped = read(batch)
        monkeypatch.setattr(aggregation, "_group_parts", read)  # the approval's own read
        DataPointFactory(indicator=indicator, organisation=_org(indicator), value=Decimal(5))
        indicator_recompute(indicator=indicator)
        return grouped

    monkeypatch.setattr(aggregation, "_group_parts", read_then_an_approval_lands)

    # when the nightly run writes
    summaries_recompute_all()

    # then the total holds the approved value, not the batch's older figure
    assert _total(indicator).value == Decimal(15)
