"""What changed between two snapshots of the common agenda.

A snapshot is the plain data of an agenda version (see `selectors_agenda.agenda_snapshot_of`):
its three texts, its focus areas and its goals, each focus area and goal carrying the id of
the row it was copied from. Texts are compared line by line, and lines that were changed word
by word. Focus areas and goals are matched by that id: added, removed, or changed (with each
changed field). The result is plain data for a template; nothing here touches the database.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from difflib import SequenceMatcher

from django.utils.translation import gettext_lazy as _

EQUAL = "equal"
INSERT = "insert"
DELETE = "delete"

_TOKEN = re.compile(r"\n|[^\S\n]+|\w+|[^\w\s]")


@dataclass(frozen=True)
class Segment:
    kind: str  # EQUAL, INSERT or DELETE
    text: str


Line = list[Segment]


@dataclass(frozen=True)
class TextDiff:
    """The difference of one text, as lines of segments."""

    label: str
    lines: list[Line]

    @property
    def has_changes(self) -> bool:
        return any(segment.kind != EQUAL for line in self.lines for segment in line)


@dataclass(frozen=True)
class FieldChange:
    label: str
    lines: list[Line]


@dataclass(frozen=True)
class ItemChange:
    """A focus area or goal present in both snapshots, with the fields that changed."""

    title: str
    fields: list[FieldChange]


@dataclass
class ItemChanges:
    added: list[dict] = field(default_factory=list)
    removed: list[dict] = field(default_factory=list)
    changed: list[ItemChange] = field(default_factory=list)

    @property
    def has_changes(self) -> bool:
        return bool(self.added or self.removed or self.changed)


@dataclass(frozen=True)
class AgendaDiff:
    texts: list[TextDiff]
    focus_areas: ItemChanges
    goals: ItemChanges

    @property
    def has_changes(self) -> bool:
        return (
            any(text.has_changes for text in self.texts)
            or self.focus_areas.has_changes
            or self.goals.has_changes
        )


def _merge(segments: list[Segment]) -> list[Segment]:
    merged: list[Segment] = []
    for segment in segments:
        if not segment.text:
            continue
        if merged and merged[-1].kind == segment.kind:
            merged[-1] = Segment(segment.kind, merged[-1].text + segment.text)
        else:
            merged.append(segment)
    return merged


def _split_lines(segments: list[Segment]) -> list[Line]:
    """Segments that may hold line breaks, as lines of segments without them."""
    lines: list[Line] = [[]]
    for segment in segments:
        parts = segment.text.split("\n")
        for index, part in enumerate(parts):
            if index:
                lines.append([])
            if part:
                lines[-1].append(Segment(segment.kind, part))
    return [_merge(line) for line in lines]


def diff_words(old: str, new: str) -> list[Segment]:
    """Word-level difference of two texts (whitespace kept, line breaks as their own tokens)."""
    old_tokens = _TOKEN.findall(old)
    new_tokens = _TOKEN.findall(new)
    segments: list[Segment] = []
    matcher = SequenceMatcher(None, old_tokens, new_tokens, autojunk=False)
    for op, i1, i2, j1, j2 in matcher.get_opcodes():
        if op == "equal":
            segments.append(Segment(EQUAL, "".join(old_tokens[i1:i2])))
            continue
        if op in ("delete", "replace"):
            segments.append(Segment(DELETE, "".join(old_tokens[i1:i2])))
        if op in ("insert", "replace"):
            segments.append(Segment(INSERT, "".join(new_tokens[j1:j2])))
    return _merge(segments)


def diff_text(old: str, new: str) -> list[Line]:
    """Line-level difference, refined word by word where lines were changed.

    Unchanged lines are one EQUAL segment; removed and added lines one DELETE or INSERT
    segment; a block of changed lines is compared word by word."""
    old_lines = (old or "").replace("\r\n", "\n").split("\n")
    new_lines = (new or "").replace("\r\n", "\n").split("\n")
    lines: list[Line] = []
    matcher = SequenceMatcher(None, old_lines, new_lines, autojunk=False)
    for op, i1, i2, j1, j2 in matcher.get_opcodes():
        if op == "equal":
            lines.extend([Segment(EQUAL, text)] if text else [] for text in old_lines[i1:i2])
        elif op == "delete":
            lines.extend([Segment(DELETE, text)] if text else [] for text in old_lines[i1:i2])
        elif op == "insert":
            lines.extend([Segment(INSERT, text)] if text else [] for text in new_lines[j1:j2])
        else:
            words = diff_words("\n".join(old_lines[i1:i2]), "\n".join(new_lines[j1:j2]))
            lines.extend(_split_lines(words))
    # A text that is empty on both sides has no lines at all.
    if all(not line for line in lines):
        return []
    return lines


TEXT_FIELDS = (
    ("vision", _("Shared vision")),
    ("problem_understanding", _("Shared understanding of the problem")),
    ("guiding_principles", _("Guiding principles")),
)


def _value(value) -> str:
    if value is None or value == "":
        return "–"
    return str(value)


def _field_change(label, old, new) -> FieldChange:
    return FieldChange(label=str(label), lines=diff_text(_value(old), _value(new)))


def _focus_area_changes(old: dict, new: dict) -> list[FieldChange]:
    changes = []
    for key, label in (
        ("position", _("Number")),
        ("title", _("Title")),
        ("description", _("Description")),
    ):
        if old.get(key) != new.get(key):
            changes.append(_field_change(label, old.get(key), new.get(key)))
    old_groups = ", ".join(sorted(g["name"] for g in old.get("groups", [])))
    new_groups = ", ".join(sorted(g["name"] for g in new.get("groups", [])))
    if old_groups != new_groups:
        changes.append(_field_change(_("Responsible working groups"), old_groups, new_groups))
    return changes


def _goal_changes(old: dict, new: dict, old_areas: dict, new_areas: dict) -> list[FieldChange]:
    changes = []
    old_area = old_areas.get(old.get("focus_area_id"), {}).get("title")
    new_area = new_areas.get(new.get("focus_area_id"), {}).get("title")
    if old_area != new_area:
        changes.append(_field_change(_("Focus area"), old_area, new_area))
    for key, label in (
        ("title", _("Title")),
        ("description", _("Description")),
        ("target_year", _("Target year")),
        ("position", _("Order")),
    ):
        if old.get(key) != new.get(key):
            changes.append(_field_change(label, old.get(key), new.get(key)))
    return changes


def _compare(old_items: list[dict], new_items: list[dict], describe) -> ItemChanges:
    old_by_id = {item["id"]: item for item in old_items}
    new_by_id = {item["id"]: item for item in new_items}
    result = ItemChanges()
    result.removed = [item for item in old_items if item["id"] not in new_by_id]
    result.added = [item for item in new_items if item["id"] not in old_by_id]
    for item in new_items:
        before = old_by_id.get(item["id"])
        if before is None:
            continue
        fields = describe(before, item)
        if fields:
            result.changed.append(ItemChange(title=item["title"], fields=fields))
    return result


def agenda_diff(old: dict, new: dict) -> AgendaDiff:
    """What changed from the snapshot `old` to the snapshot `new`."""
    old_areas = {area["id"]: area for area in old.get("focus_areas", [])}
    new_areas = {area["id"]: area for area in new.get("focus_areas", [])}
    texts = [
        TextDiff(label=str(label), lines=diff_text(old.get(key, ""), new.get(key, "")))
        for key, label in TEXT_FIELDS
    ]
    focus_areas = _compare(
        old.get("focus_areas", []), new.get("focus_areas", []), _focus_area_changes
    )
    goals = _compare(
        old.get("goals", []),
        new.get("goals", []),
        lambda before, after: _goal_changes(before, after, old_areas, new_areas),
    )
    # Name each added or removed goal's focus area, from the snapshot it belongs to.
    goals.added = [
        {**goal, "focus_area_title": new_areas.get(goal["focus_area_id"], {}).get("title", "")}
        for goal in goals.added
    ]
    goals.removed = [
        {**goal, "focus_area_title": old_areas.get(goal["focus_area_id"], {}).get("title", "")}
        for goal in goals.removed
    ]
    return AgendaDiff(texts=texts, focus_areas=focus_areas, goals=goals)
