"""The difference between two agenda snapshots (alliance.diffs)."""

import pytest
from django.utils import translation

from alliance.diffs import DELETE, EQUAL, INSERT, Segment, agenda_diff, diff_text, diff_words


def _snapshot(**overrides):
    base = {
        "vision": "",
        "problem_understanding": "",
        "guiding_principles": "",
        "focus_areas": [],
        "goals": [],
    }
    return {**base, **overrides}


def test_diff_words_marks_an_insertion():
    assert diff_words("Alle unge har håb.", "Alle unge har håb og drømme.") == [
        Segment(EQUAL, "Alle unge har håb"),
        Segment(INSERT, " og drømme"),
        Segment(EQUAL, "."),
    ]


def test_diff_words_marks_a_replacement_as_delete_then_insert():
    assert diff_words("mindre ulighed", "mere ulighed") == [
        Segment(DELETE, "mindre"),
        Segment(INSERT, "mere"),
        Segment(EQUAL, " ulighed"),
    ]


def test_diff_text_keeps_lines_and_refines_changed_lines_by_word():
    lines = diff_text(
        "a b c\n\nsamme linje\ngammel linje", "a x c\n\nsamme linje\nny linje\nekstra"
    )

    assert lines == [
        [Segment(EQUAL, "a "), Segment(DELETE, "b"), Segment(INSERT, "x"), Segment(EQUAL, " c")],
        [],
        [Segment(EQUAL, "samme linje")],
        [Segment(DELETE, "gammel"), Segment(INSERT, "ny"), Segment(EQUAL, " linje")],
        [Segment(INSERT, "ekstra")],
    ]


def test_diff_text_of_two_empty_texts_has_no_lines():
    assert diff_text("", "") == []


def test_agenda_diff_texts_unchanged_and_changed():
    diff = agenda_diff(
        _snapshot(vision="Håb", problem_understanding="Samme"),
        _snapshot(vision="Håb og drømme", problem_understanding="Samme"),
    )

    vision, problem, principles = diff.texts
    assert vision.has_changes
    assert not problem.has_changes
    assert not principles.has_changes
    assert diff.has_changes


def test_agenda_diff_lists_added_removed_and_changed_goals_and_focus_areas():
    area = {"id": 1, "position": 1, "title": "Trivsel", "description": "", "groups": []}
    moved_area = {**area, "position": 2, "groups": [{"id": 9, "name": "Gruppe A"}]}
    new_area = {"id": 2, "position": 1, "title": "Mad", "description": "", "groups": []}
    kept = {
        "id": 10,
        "focus_area_id": 1,
        "position": 1,
        "title": "Mål",
        "description": "",
        "target_year": 2030,
    }
    gone = {
        "id": 11,
        "focus_area_id": 1,
        "position": 2,
        "title": "Væk",
        "description": "",
        "target_year": None,
    }
    added = {
        "id": 12,
        "focus_area_id": 2,
        "position": 1,
        "title": "Nyt",
        "description": "",
        "target_year": 2028,
    }
    old = _snapshot(focus_areas=[area], goals=[kept, gone])
    new = _snapshot(
        focus_areas=[moved_area, new_area],
        goals=[{**kept, "target_year": 2032, "focus_area_id": 2}, added],
    )

    diff = agenda_diff(old, new)

    assert [a["title"] for a in diff.focus_areas.added] == ["Mad"]
    assert diff.focus_areas.removed == []
    [changed_area] = diff.focus_areas.changed
    assert [f.label for f in changed_area.fields] == ["Number", "Responsible working groups"]
    assert [(g["title"], g["focus_area_title"]) for g in diff.goals.added] == [("Nyt", "Mad")]
    assert [(g["title"], g["focus_area_title"]) for g in diff.goals.removed] == [("Væk", "Trivsel")]
    [changed_goal] = diff.goals.changed
    assert changed_goal.title == "Mål"
    assert [f.label for f in changed_goal.fields] == ["Focus area", "Target year"]
    year = changed_goal.fields[1]
    assert year.lines == [[Segment(DELETE, "2030"), Segment(INSERT, "2032")]]
    assert "focus_area_title" not in old["goals"][1]  # the snapshots are not changed


def test_agenda_diff_of_equal_snapshots_has_no_changes():
    snapshot = _snapshot(vision="Samme")

    assert not agenda_diff(snapshot, dict(snapshot)).has_changes


@pytest.fixture(autouse=True)
def _messages_in_english():
    """These tests read messages in English; the platform's default language is Danish."""
    with translation.override("en"):
        yield
