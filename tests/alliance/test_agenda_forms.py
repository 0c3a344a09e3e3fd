"""Forms of the common agenda, with their Danish error messages."""

import pytest
from django.utils import translation

from alliance.forms_agenda import AgendaCompareForm, FocusAreaForm, GoalForm
from tests.factories import AllianceFactory, FocusAreaFactory, WorkGroupFactory

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _danish():
    with translation.override("da"):
        yield


def _goal_data(area, **overrides):
    return {"focus_area": area.pk, "title": "Færre ensomme unge", "position": 1, **overrides}


@pytest.mark.parametrize(
    ("year", "message"),
    [
        (1999, "Denne værdi skal være større end eller lig 2000."),
        (2101, "Denne værdi skal være mindre end eller lig 2100."),
    ],
)
def test_goal_form_refuses_a_target_year_out_of_range_in_danish(year, message):
    area = FocusAreaFactory()

    form = GoalForm(_goal_data(area, target_year=year), alliance=area.alliance)

    assert not form.is_valid()
    assert form.errors["target_year"] == [message]


def test_goal_form_refuses_a_focus_area_of_another_alliance_in_danish():
    alliance = AllianceFactory()
    FocusAreaFactory(alliance=alliance)
    foreign = FocusAreaFactory()

    form = GoalForm(_goal_data(foreign), alliance=alliance)

    assert not form.is_valid()
    assert form.errors["focus_area"] == [
        "Marker en gyldig valgmulighed. Det valg, du har foretaget, er ikke blandt de "
        "tilgængelige valgmuligheder."
    ]


def test_goal_form_accepts_a_valid_goal():
    area = FocusAreaFactory()

    form = GoalForm(_goal_data(area, target_year=2030), alliance=area.alliance)

    assert form.is_valid(), form.errors
    assert form.cleaned_data["focus_area"] == area


def test_goal_form_requires_a_title_in_danish():
    area = FocusAreaFactory()

    form = GoalForm(_goal_data(area, title=""), alliance=area.alliance)

    assert form.errors["title"] == ["Dette felt er påkrævet."]


def test_focus_area_form_refuses_a_taken_number_and_title_but_not_its_own():
    existing = FocusAreaFactory(position=1, title="Trivsel")
    alliance = existing.alliance

    taken = FocusAreaForm({"position": 1, "title": "trivsel"}, alliance=alliance)
    own = FocusAreaForm({"position": 1, "title": "Trivsel"}, alliance=alliance, instance=existing)

    assert not taken.is_valid()
    assert set(taken.errors) == {"position", "title"}
    assert own.is_valid(), own.errors


def test_focus_area_form_offers_only_the_alliances_groups():
    alliance = AllianceFactory()
    own = WorkGroupFactory(alliance=alliance)
    foreign = WorkGroupFactory()

    form = FocusAreaForm({"position": 1, "title": "A", "groups": [foreign.pk]}, alliance=alliance)

    assert list(form.fields["groups"].queryset) == [own]
    assert not form.is_valid()
    assert "groups" in form.errors


@pytest.mark.parametrize(
    "query",
    [{"from": "1", "to": "9"}, {"from": "x", "to": "1"}, {"from": "1"}, {"from": "2", "to": "2"}],
)
def test_compare_form_refuses_bad_version_numbers(query):
    form = AgendaCompareForm(query, numbers=[2, 1])

    assert not form.is_valid()


def test_compare_form_reads_from_and_to():
    form = AgendaCompareForm({"from": "1", "to": "2"}, numbers=[2, 1])

    assert form.is_valid()
    assert (form.cleaned_data["from_number"], form.cleaned_data["to_number"]) == (1, 2)
