"""The demo alliance's shared measurement: indicators, ten years of data, and the story the
dashboard tells (curves turning, one off track, one gap narrowing)."""

from __future__ import annotations

import datetime
from collections import defaultdict
from decimal import Decimal

import pytest
from django.apps import apps
from django.core.management import call_command

from alliance.models import Alliance, Membership
from backbone import demo_measurement
from measurement.models import (
    DataPoint,
    DataPointStatus,
    Indicator,
    IndicatorKind,
    Summary,
    SummaryStatus,
)
from measurement.selectors import indicators_reportable_by, reporting_organisations

pytestmark = pytest.mark.django_db


def seed() -> Alliance:
    call_command("seed_demo", allow_demo_users=True, quiet=True)
    return Alliance.objects.get(slug="kalundborg")


def row_counts() -> dict[str, int]:
    return {model._meta.label: model.objects.count() for model in apps.get_models()}


def reported_indicators(alliance: Alliance):
    """The indicators reported by the groups; the one fed by the youth pulse survey is
    tested with the survey's demo (tests/backbone/test_demo_youth_surveys.py)."""
    return Indicator.objects.filter(alliance=alliance, youth_surveys__isnull=True)


def latest_totals(alliance: Alliance) -> dict[str, Summary]:
    """The latest total summary of every indicator, by code."""
    latest = {}
    totals = Summary.objects.filter(indicator__in=reported_indicators(alliance), breakdown=None)
    for summary in totals.select_related("indicator").order_by("period"):
        latest[summary.indicator.code] = summary
    return latest


def priority_gaps(indicator: Indicator) -> dict[datetime.date, Decimal]:
    """Per period: the priority group's value minus the rest of its dimension, the rest
    combined as a ratio of sums from the summaries' numerators and denominators."""
    by_period = defaultdict(list)
    summaries = Summary.objects.filter(
        indicator=indicator, breakdown__dimension=indicator.priority_value.dimension
    )
    for summary in summaries:
        by_period[summary.period].append(summary)
    gaps = {}
    for period, rows in sorted(by_period.items()):
        priority = next(s for s in rows if s.breakdown_id == indicator.priority_value_id)
        rest = [s for s in rows if s.breakdown_id != indicator.priority_value_id]
        rest_value = 100 * sum(s.numerator for s in rest) / sum(s.denominator for s in rest)
        gaps[period] = priority.value - rest_value
    return gaps


def test_seed_creates_the_indicators_with_baselines_and_2030_targets():
    alliance = seed()

    indicators = reported_indicators(alliance)
    assert indicators.count() == len(demo_measurement.INDICATORS) == 27
    assert {d.name for d in alliance.dimensions.all()} == {"Køn", "Alder", "Uddannelse", "Område"}
    population = indicators.filter(kind=IndicatorKind.POPULATION)
    assert population.count() == 16
    assert indicators.exclude(kind=IndicatorKind.POPULATION).count() == 11
    for indicator in population:
        assert indicator.definition and indicator.source
        assert "Demodata" in indicator.source
        assert indicator.baseline_value is not None
        assert indicator.baseline_period == datetime.date(2021, 1, 1)
        assert "Landsplan" in indicator.baseline_note or "landstal" in indicator.baseline_note, (
            indicator.code
        )
        assert indicator.targets.filter(period__year=2030, breakdown=None).exists()
        assert indicator.focus_areas.exists()
        assert indicator.workgroups.exists()
    assert indicators.filter(is_public=True).count() >= 5
    assert indicators.filter(goals__isnull=False).distinct().count() >= 15
    p6 = indicators.get(code="P6")
    assert p6.priority_value.label == "EUD/FGU"
    assert p6.targets.filter(breakdown=p6.priority_value, period__year=2030).exists()


def test_ten_years_of_data_reported_by_organisations_of_different_sizes():
    alliance = seed()

    p4 = Indicator.objects.get(alliance=alliance, code="P4")
    years = sorted({d.year for d in p4.data_points.values_list("period", flat=True)})
    assert years == list(range(2017, 2027))
    totals = p4.data_points.filter(breakdown=None, period=datetime.date(2026, 1, 1))
    sizes = sorted(totals.values_list("denominator", flat=True))
    assert len(sizes) == 4
    assert sizes[-1] > 4 * sizes[0]


def test_breakdowns_of_an_organisation_add_up_to_its_total():
    alliance = seed()

    points = DataPoint.objects.filter(
        indicator__alliance=alliance, indicator__code="P6", period=datetime.date(2024, 1, 1)
    ).select_related("breakdown__dimension", "organisation")
    totals = {p.organisation.name: p for p in points if p.breakdown is None}
    sums = defaultdict(lambda: [0, 0])
    for point in points:
        if point.breakdown is not None:
            key = (point.organisation.name, point.breakdown.dimension.name)
            sums[key][0] += point.numerator
            sums[key][1] += point.denominator
    assert sums
    for (organisation, _), (numerator, denominator) in sums.items():
        assert numerator == totals[organisation].numerator
        assert denominator == totals[organisation].denominator


def test_the_dashboard_has_summaries_with_breakdowns_small_groups_and_uncertain_ones():
    alliance = seed()

    summaries = Summary.objects.filter(indicator__alliance=alliance)
    with_breakdowns = summaries.filter(breakdown__isnull=False).values("indicator").distinct()
    assert with_breakdowns.count() >= 20
    assert summaries.filter(respondents__lt=alliance.small_group_threshold).exists()
    assert summaries.filter(
        respondents__gte=alliance.small_group_threshold, respondents__lt=alliance.uncertain_below
    ).exists()


def test_the_story_curves_turn_one_is_off_track_some_at_risk():
    alliance = seed()

    latest = latest_totals(alliance)
    assert len(latest) == 27
    statuses = {code: summary.status for code, summary in latest.items()}
    assert [code for code, s in statuses.items() if s == SummaryStatus.OFF_TRACK] == ["P16"]
    assert sum(s == SummaryStatus.AT_RISK for s in statuses.values()) >= 1
    for code in ("P1", "P4", "P6", "P15", "P21"):
        assert statuses[code] == SummaryStatus.ON_TRACK, code
    # P4 turned: worse from 2017 to its peak, better since.
    p4 = {
        s.period.year: s.value for s in Summary.objects.filter(indicator__code="P4", breakdown=None)
    }
    assert p4[2017] < p4[2022] > p4[2026]


def test_the_gap_between_vocational_students_and_the_rest_narrows():
    alliance = seed()

    p6 = Indicator.objects.get(alliance=alliance, code="P6")
    gaps = priority_gaps(p6)

    assert len(gaps) == 10
    baseline_gap = gaps[datetime.date(2021, 1, 1)]
    recent = [gaps[datetime.date(year, 1, 1)] for year in (2023, 2024, 2025, 2026)]
    assert baseline_gap > 5
    assert recent == sorted(recent, reverse=True)
    assert recent[-1] < baseline_gap / 2
    # The off-track indicator's gap widens: vocational students use more nicotine than ever.
    p16 = priority_gaps(Indicator.objects.get(alliance=alliance, code="P16"))
    assert p16[datetime.date(2026, 1, 1)] > p16[datetime.date(2017, 1, 1)] + 2


def test_data_points_wait_for_approval_and_one_group_is_late():
    alliance = seed()

    points = DataPoint.objects.filter(indicator__in=reported_indicators(alliance))
    latest = demo_measurement.LATEST_QUARTER
    submitted = points.filter(status=DataPointStatus.SUBMITTED)
    assert submitted.count() >= 3
    assert set(submitted.values_list("period", flat=True)) == {latest}
    assert set(submitted.values_list("entered_by__email", flat=True)) == {"coordinator@example.org"}
    returned = points.get(status=DataPointStatus.RETURNED)
    assert returned.return_reason
    assert points.filter(status=DataPointStatus.DRAFT).count() == 1
    approved = points.filter(status=DataPointStatus.APPROVED)
    assert not approved.filter(approved_at__isnull=True).exists()
    assert set(approved.values_list("approved_by__email", flat=True)) == {"secretariat@example.org"}
    late = points.filter(indicator__workgroups__slug=demo_measurement.GROUP_C)
    assert not late.filter(period=latest).exists()
    assert late.filter(period=datetime.date(2026, 4, 1)).exists()
    assert points.filter(indicator__code="D1", period=latest, status="approved").exists()


def test_the_coordinator_may_report_what_waits_for_approval():
    alliance = seed()

    membership = Membership.objects.get(alliance=alliance, user__email="coordinator@example.org")
    reportable = indicators_reportable_by(membership)
    assert reportable.count() >= 5
    for point in DataPoint.objects.filter(indicator__in=reported_indicators(alliance)).exclude(
        status=DataPointStatus.APPROVED
    ):
        assert point.indicator in reportable
        assert point.organisation in reporting_organisations(membership, point.indicator)


def test_a_second_run_writes_nothing_and_recomputes_nothing():
    seed()
    before = row_counts()
    computed = dict(Summary.objects.values_list("pk", "computed_at"))
    updated = dict(Indicator.objects.values_list("pk", "updated_at"))

    seed()

    assert row_counts() == before
    assert dict(Summary.objects.values_list("pk", "computed_at")) == computed
    assert dict(Indicator.objects.values_list("pk", "updated_at")) == updated


def test_the_generated_data_is_deterministic():
    spec = next(s for s in demo_measurement.INDICATORS if s.code == "P6")

    assert demo_measurement.indicator_rows(spec) == demo_measurement.indicator_rows(spec)
