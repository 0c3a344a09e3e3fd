"""Defining indicators, baselines, targets and breakdowns: validation, links within the
alliance, and the changes refused once values are reported."""

from __future__ import annotations

import datetime
from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError

from measurement import services_setup
from measurement.models import (
    Aggregation,
    DataPointStatus,
    Dimension,
    DimensionValue,
    Direction,
    Frequency,
    Indicator,
    IndicatorKind,
    Target,
    Unit,
)
from measurement.services_setup import (
    TargetLine,
    ValueLine,
    dimension_create,
    dimension_update,
    indicator_create,
    indicator_delete,
    indicator_targets_update,
    indicator_update,
)
from tests.factories import (
    AllianceFactory,
    FocusAreaFactory,
    GoalFactory,
    WorkGroupFactory,
)
from tests.measurement.factories import (
    DataPointFactory,
    DimensionFactory,
    DimensionValueFactory,
    IndicatorFactory,
    TargetFactory,
)

pytestmark = pytest.mark.django_db
Y2025 = datetime.date(2025, 1, 1)


def _fields(**overrides) -> dict:
    fields = {
        "code": " B1 ",
        "name": " Unge i uddannelse ",
        "definition": "Andel 15-24-årige i uddannelse eller job.",
        "source": "Danmarks Statistik",
        "unit": Unit.PERCENT,
        "scale_min": None,
        "scale_max": None,
        "direction": Direction.HIGHER_IS_BETTER,
        "frequency": Frequency.YEARLY,
        "kind": IndicatorKind.POPULATION,
        "aggregation": Aggregation.RATIO,
        "time_aggregation": "periodic",
        "priority_value": None,
        "is_public": True,
    }
    fields.update(overrides)
    return fields


@pytest.fixture
def alliance():
    return AllianceFactory()


# --- indicators -------------------------------------------------------------------------------


def test_an_indicator_is_created_with_its_links(alliance):
    goal = GoalFactory(focus_area=FocusAreaFactory(alliance=alliance))
    group = WorkGroupFactory(alliance=alliance)
    gender = DimensionFactory(alliance=alliance)
    girls = DimensionValueFactory(dimension=gender)

    indicator = indicator_create(
        alliance=alliance,
        user=None,
        goals=[goal],
        focus_areas=[goal.focus_area],
        workgroups=[group],
        dimensions=[gender],
        **_fields(priority_value=girls),
    )

    indicator.refresh_from_db()
    assert (indicator.code, indicator.name) == ("B1", "Unge i uddannelse")
    assert list(indicator.goals.all()) == [goal]
    assert list(indicator.workgroups.all()) == [group]
    assert indicator.priority_value == girls


@pytest.mark.parametrize("link", ["goals", "focus_areas", "workgroups", "dimensions"])
def test_another_alliances_goal_group_or_breakdown_cannot_be_attached(alliance, link):
    elsewhere = AllianceFactory()
    foreign = {
        "goals": lambda: GoalFactory(focus_area=FocusAreaFactory(alliance=elsewhere)),
        "focus_areas": lambda: FocusAreaFactory(alliance=elsewhere),
        "workgroups": lambda: WorkGroupFactory(alliance=elsewhere),
        "dimensions": lambda: DimensionFactory(alliance=elsewhere),
    }[link]()

    with pytest.raises(ValidationError) as error:
        indicator_create(alliance=alliance, user=None, **{link: [foreign]}, **_fields())

    assert link in error.value.message_dict
    assert not Indicator.objects.exists()


def test_the_priority_group_must_be_a_value_of_the_chosen_breakdowns(alliance):
    gender = DimensionFactory(alliance=alliance)
    school = DimensionFactory(alliance=alliance)
    vocational = DimensionValueFactory(dimension=school)

    with pytest.raises(ValidationError) as error:
        indicator_create(
            alliance=alliance, user=None, dimensions=[gender], **_fields(priority_value=vocational)
        )

    assert "priority_value" in error.value.message_dict


@pytest.mark.parametrize(
    ("overrides", "field"),
    [
        ({"aggregation": Aggregation.RATIO, "unit": Unit.COUNT}, "aggregation"),
        (
            {
                "unit": Unit.MEAN_SCORE,
                "aggregation": "weighted_mean",
                "scale_min": 5,
                "scale_max": 1,
            },
            "scale_max",
        ),
        ({"name": "   "}, "name"),
    ],
)
def test_an_inconsistent_indicator_is_refused(alliance, overrides, field):
    with pytest.raises(ValidationError) as error:
        indicator_create(alliance=alliance, user=None, **_fields(**overrides))

    assert field in error.value.message_dict


def test_names_and_codes_are_unique_in_the_alliance_whatever_the_case(alliance):
    IndicatorFactory(alliance=alliance, code="B1", name="Unge i uddannelse")
    IndicatorFactory(name="Unge i uddannelse")  # another alliance may use the name

    with pytest.raises(ValidationError) as error:
        indicator_create(
            alliance=alliance, user=None, **_fields(name="UNGE I UDDANNELSE", code="b1")
        )

    assert set(error.value.message_dict) == {"name", "code"}


def test_an_update_changes_fields_and_links_and_queues_a_recompute(
    alliance, django_capture_on_commit_callbacks
):
    indicator = IndicatorFactory(alliance=alliance)
    group = WorkGroupFactory(alliance=alliance)

    with django_capture_on_commit_callbacks() as callbacks:
        indicator_update(
            indicator=indicator,
            user=None,
            workgroups=[group],
            **_fields(unit=Unit.COUNT, aggregation=Aggregation.SUM, name="Nyt navn"),
        )

    indicator.refresh_from_db()
    assert indicator.name == "Nyt navn"
    assert list(indicator.workgroups.all()) == [group]
    assert len(callbacks) == 1


def test_once_values_are_reported_frequency_ratio_and_used_breakdowns_cannot_change(alliance):
    gender = DimensionFactory(alliance=alliance, name="Køn")
    girls = DimensionValueFactory(dimension=gender)
    indicator = IndicatorFactory(alliance=alliance)
    indicator.dimensions.add(gender)
    DataPointFactory(indicator=indicator, breakdown=girls)

    with pytest.raises(ValidationError) as error:
        indicator_update(
            indicator=indicator,
            user=None,
            dimensions=[],
            **_fields(frequency=Frequency.QUARTERLY, name=indicator.name),
        )

    assert set(error.value.message_dict) == {"frequency", "aggregation", "dimensions"}
    assert "Køn" in error.value.message_dict["dimensions"][0]
    indicator.refresh_from_db()
    assert indicator.frequency == Frequency.YEARLY


def test_an_indicator_without_values_is_deleted_with_its_targets(alliance):
    indicator = IndicatorFactory(alliance=alliance)
    TargetFactory(indicator=indicator)

    indicator_delete(indicator=indicator, user=None)

    assert not Indicator.objects.exists()
    assert not Target.objects.exists()


@pytest.mark.parametrize("status", [DataPointStatus.DRAFT, DataPointStatus.APPROVED])
def test_deleting_an_indicator_with_values_is_refused_with_a_clear_message(alliance, status):
    indicator = IndicatorFactory(alliance=alliance, name="Aktive unge")
    DataPointFactory(indicator=indicator, status=status)

    with pytest.raises(ValidationError) as error:
        indicator_delete(indicator=indicator, user=None)

    assert "Aktive unge har 1 indberettede værdier" in error.value.messages[0]
    assert Indicator.objects.exists()


# --- baseline and targets ---------------------------------------------------------------------


def test_targets_replace_the_old_ones_and_queue_a_recompute(
    alliance, django_capture_on_commit_callbacks
):
    gender = DimensionFactory(alliance=alliance)
    girls = DimensionValueFactory(dimension=gender)
    indicator = IndicatorFactory(alliance=alliance, frequency=Frequency.QUARTERLY)
    indicator.dimensions.add(gender)
    TargetFactory(indicator=indicator, period=datetime.date(2030, 1, 1), value=1)

    with django_capture_on_commit_callbacks() as callbacks:
        indicator_targets_update(
            indicator=indicator,
            user=None,
            baseline_value=Decimal("40"),
            baseline_period=datetime.date(2024, 5, 17),
            baseline_note=" Skøn ",
            targets=[
                TargetLine(period=datetime.date(2030, 11, 1), breakdown=None, value=Decimal(60)),
                TargetLine(period=datetime.date(2030, 10, 1), breakdown=girls, value=Decimal(55)),
            ],
        )

    indicator.refresh_from_db()
    assert indicator.baseline_period == datetime.date(2024, 4, 1)  # the quarter's first day
    assert indicator.baseline_note == "Skøn"
    targets = Target.objects.filter(indicator=indicator)
    assert {(t.period, t.breakdown_id, t.value) for t in targets} == {
        (datetime.date(2030, 10, 1), None, Decimal(60)),
        (datetime.date(2030, 10, 1), girls.pk, Decimal(55)),
    }
    assert len(callbacks) == 1


def test_two_targets_for_the_same_period_and_breakdown_are_refused(alliance):
    indicator = IndicatorFactory(alliance=alliance)
    TargetFactory(indicator=indicator, value=5)

    with pytest.raises(ValidationError) as error:
        indicator_targets_update(
            indicator=indicator,
            user=None,
            baseline_value=None,
            baseline_period=None,
            targets=[
                TargetLine(period=datetime.date(2030, 1, 1), breakdown=None, value=Decimal(1)),
                TargetLine(period=datetime.date(2030, 6, 1), breakdown=None, value=Decimal(2)),
            ],
        )

    assert "Målværdi 2" in error.value.message_dict["targets"][0]
    assert Target.objects.get().value == 5  # nothing changed


def test_a_target_for_another_breakdown_or_out_of_range_is_refused(alliance):
    indicator = IndicatorFactory(alliance=alliance, unit=Unit.PERCENT, aggregation="ratio")
    stranger = DimensionValueFactory(dimension=DimensionFactory(alliance=alliance))

    with pytest.raises(ValidationError) as error:
        indicator_targets_update(
            indicator=indicator,
            user=None,
            baseline_value=Decimal(120),
            baseline_period=None,
            targets=[TargetLine(period=Y2025, breakdown=stranger, value=Decimal(101))],
        )

    messages = error.value.message_dict
    assert set(messages) == {"baseline_value", "baseline_period", "targets"}
    assert len(messages["targets"]) == 2


# --- breakdowns -------------------------------------------------------------------------------


def test_a_breakdown_is_created_with_its_values_in_order(alliance):
    dimension = dimension_create(
        alliance=alliance, user=None, name=" Køn ", position=2, labels=["Piger", " Drenge ", ""]
    )

    assert dimension.name == "Køn"
    assert list(dimension.values.values_list("label", "position")) == [
        ("Piger", 1),
        ("Drenge", 2),
    ]


def test_a_breakdown_name_and_its_labels_must_be_unique(alliance):
    DimensionFactory(alliance=alliance, name="Køn")

    with pytest.raises(ValidationError) as name_error:
        dimension_create(alliance=alliance, user=None, name="køn", labels=[])
    with pytest.raises(ValidationError) as label_error:
        dimension_create(alliance=alliance, user=None, name="Alder", labels=["15-17", "15-17"])

    assert "name" in name_error.value.message_dict
    assert "values" in label_error.value.message_dict
    assert Dimension.objects.count() == 1


def test_values_are_renamed_in_place_swapped_added_and_deleted(alliance):
    dimension = DimensionFactory(alliance=alliance, name="Køn")
    girls = DimensionValueFactory(dimension=dimension, label="Piger", position=1)
    boys = DimensionValueFactory(dimension=dimension, label="Drenge", position=2)
    other = DimensionValueFactory(dimension=dimension, label="Andet", position=3)
    DataPointFactory(indicator=IndicatorFactory(alliance=alliance), breakdown=girls)

    dimension_update(
        dimension=dimension,
        user=None,
        name="Køn",
        values=[
            ValueLine(value=girls, label="Drenge"),  # swap two labels
            ValueLine(value=boys, label="Piger"),
            ValueLine(value=other, label="Andet", delete=True),
            ValueLine(value=None, label="Vil ikke oplyse"),
        ],
    )

    girls.refresh_from_db()
    assert girls.label == "Drenge"  # the same row: its data point follows
    assert list(dimension.values.values_list("label", flat=True)) == [
        "Drenge",
        "Piger",
        "Vil ikke oplyse",
    ]
    assert not DimensionValue.objects.filter(pk=other.pk).exists()


def test_a_value_with_data_points_or_a_priority_group_cannot_be_deleted(alliance):
    dimension = DimensionFactory(alliance=alliance)
    used = DimensionValueFactory(dimension=dimension, label="Brugt")
    priority = DimensionValueFactory(dimension=dimension, label="Prioriteret")
    DataPointFactory(indicator=IndicatorFactory(alliance=alliance), breakdown=used)
    indicator = IndicatorFactory(alliance=alliance, name="Trivsel", priority_value=priority)
    indicator.dimensions.add(dimension)

    with pytest.raises(ValidationError) as error:
        dimension_update(
            dimension=dimension,
            user=None,
            name=dimension.name,
            values=[
                ValueLine(value=used, label="Brugt", delete=True),
                ValueLine(value=priority, label="", delete=False),  # an emptied label deletes
            ],
        )

    messages = error.value.message_dict["values"]
    assert "»Brugt« har indberettede værdier" in messages[0]
    assert "prioriteret målgruppe for Trivsel" in messages[1]
    assert DimensionValue.objects.count() == 2


def test_another_dimensions_value_cannot_be_edited_through_this_one(alliance):
    dimension = DimensionFactory(alliance=alliance)
    stranger = DimensionValueFactory(label="Fremmed")

    with pytest.raises(ValidationError):
        dimension_update(
            dimension=dimension,
            user=None,
            name=dimension.name,
            values=[ValueLine(value=stranger, label="Overtaget")],
        )

    stranger.refresh_from_db()
    assert stranger.label == "Fremmed"


def test_unknown_indicator_fields_are_a_programming_error(alliance):
    with pytest.raises(TypeError):
        services_setup.indicator_create(alliance=alliance, user=None, colour="red", **_fields())
