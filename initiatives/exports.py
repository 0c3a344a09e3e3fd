"""The reinforcement map as a spreadsheet (XLSX): goals by activities, partners by goals, the
gaps and the possible overlaps, one sheet each, as the map page shows them with its filters.

Headers are in the active language; each sheet has its header row frozen and its columns sized
to their content's usual length.
"""

from __future__ import annotations

from collections.abc import Sequence
from io import BytesIO

from django.utils import formats
from django.utils.translation import gettext as _
from openpyxl import Workbook
from openpyxl.styles import Alignment, Font
from openpyxl.utils import get_column_letter
from openpyxl.worksheet.worksheet import Worksheet

from backbone.spreadsheet import openpyxl_keep_text

from .map_layout import MapLayout, strength_labels

BOLD = Font(bold=True)
WRAP = Alignment(wrap_text=True, vertical="top")
# Excel's limit for a sheet name
SHEET_NAME_LENGTH = 31


def _sheet(
    workbook: Workbook,
    title: str,
    headers: Sequence[str],
    widths: Sequence[int],
    *,
    freeze: str = "A2",
) -> Worksheet:
    sheet = workbook.create_sheet(title[:SHEET_NAME_LENGTH])
    sheet.append(list(headers))
    for cell in sheet[1]:
        cell.font = BOLD
        cell.alignment = WRAP
    for index, width in enumerate(widths, start=1):
        sheet.column_dimensions[get_column_letter(index)].width = width
    sheet.freeze_panes = freeze
    return sheet


def _date(value) -> str:
    return formats.date_format(value, "j.n.Y") if value else ""


def map_workbook(layout: MapLayout) -> bytes:
    """The map as an XLSX file's bytes."""
    workbook = Workbook()
    workbook.remove(workbook.active)
    strength = strength_labels()
    activities = layout.activities
    gap_word = _("Unserved")

    matrix = _sheet(
        workbook,
        _("Goals x activities"),
        [
            _("Focus area"),
            _("Goal"),
            _("Running activities"),
            _("Reach (participants, last 12 months)"),
            _("Running activities aimed at the priority group"),
            gap_word,
            *(f"{column.activity.title} ({column.activity.group.name})" for column in activities),
        ],
        [28, 44, 14, 16, 18, 8, *([18] * len(activities))],
        freeze="C2",
    )
    for line in layout.goal_lines:
        row = line.row
        matrix.append(
            [
                row.goal.focus_area.title,
                row.goal.title,
                row.running,
                row.reach,
                row.priority_running,
                gap_word if row.is_gap else "",
                *(strength.get(row.cells.get(column.activity.pk), "") for column in activities),
            ]
        )

    partners = _sheet(
        workbook,
        _("Partners x goals"),
        [_("Partner"), *(goal.title for goal in layout.goals), _("Activities in all")],
        [36, *([22] * len(layout.goals)), 14],
        freeze="B2",
    )
    for line in layout.partners:
        partners.append([line.organisation.name, *(cell.count for cell in line.cells), line.total])

    gaps = _sheet(
        workbook,
        _("Gaps"),
        [_("Focus area"), _("Goal"), _("Activities that serve it but do not run")],
        [28, 48, 60],
    )
    for gap in layout.gaps:
        gaps.append(
            [
                gap.goal.focus_area.title,
                gap.goal.title,
                "; ".join(
                    f"{column.activity.title} ({column.activity.get_status_display()})"
                    for column in gap.waiting
                ),
            ]
        )

    overlaps = _sheet(
        workbook,
        _("Possible overlaps"),
        [
            _("Activity"),
            _("Working group"),
            _("Activity"),
            _("Working group"),
            _("Shared goals"),
            _("Ages in common"),
            _("Education in common"),
            _("Areas in common"),
            _("Dates meet from"),
            _("Dates meet until"),
        ],
        [30, 30, 30, 30, 44, 14, 28, 24, 14, 14],
    )
    for item in layout.overlaps:
        overlaps.append(
            [
                item.first.column.activity.title,
                item.first.column.activity.group.name,
                item.second.column.activity.title,
                item.second.column.activity.group.name,
                "; ".join(goal.title for goal in item.goals),
                item.ages,
                item.education,
                item.areas,
                _date(item.meet_from),
                _date(item.meet_until),
            ]
        )

    openpyxl_keep_text(workbook)
    out = BytesIO()
    workbook.save(out)
    return out.getvalue()
