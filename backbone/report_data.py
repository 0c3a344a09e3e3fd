"""Exports of the reported values (CSV and XLSX) and the open data package, built as reports
(backbone.reports).

Reported values: one row per data point of the alliance, filtered by the report's parameters
(the year of the period, the indicators of a focus area, the indicators of a working group),
holding only what the requester may see:

- the current approved values (a corrected value is replaced by its correction, as the
  dashboard counts them); the secretariat also gets the values submitted and waiting for
  approval, with their status. Drafts and returned values stay with their reporters.
- Small groups, as on the dashboard (measurement.aggregation.summary_is_suppressed): a value
  from fewer respondents than the alliance's threshold is hidden outside the secretariat. Its
  value, numerator, denominator, n and comment (which could repeat the figure) are left blank
  and the "Small group" column says "hidden". Where exactly one breakdown value of a dimension
  in one organisation's report for a period is hidden, the other value of that dimension with
  the fewest respondents is hidden too, so the small one cannot be worked out from the total
  (the dashboard's complementary suppression, applied to each report). The secretariat sees
  every value; those rows are marked "shown to the secretariat only".

Both files are written as the rows are read (`.iterator()` over a server-side cursor,
xlsxwriter in constant memory), so memory stays the same whatever the number of rows. Text
cells that a spreadsheet would run as a formula (starting with =, +, -, @, tab or carriage
return) get a leading apostrophe in CSV and are written as plain strings in XLSX; numbers stay
numbers. The CSV is what tools expect: comma-separated, UTF-8 with a byte order mark (so Excel
reads the Danish letters), a header row and nothing else; when it was made and what it covers is
in its file name. The XLSX starts with an "About this export" sheet.

Open data: a zip of CSV files with a Frictionless `datapackage.json`, for the municipality's
open data portal: the published indicators (those shown on the alliance's public page:
`Indicator.is_public`, as measurement.selectors_dashboard.public_indicator_list chooses them),
their focus areas, breakdown values, targets and summaries. Small groups are always hidden,
whoever asks: it is public data.
"""

from __future__ import annotations

import csv
import datetime
import io
import json
import re
import zipfile
from collections import defaultdict
from collections.abc import Callable, Iterator, Sequence
from contextlib import closing, contextmanager
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any, NamedTuple

import xlsxwriter
from django.db.models import Exists, F, OuterRef, QuerySet
from django.utils import formats, timezone
from django.utils.text import slugify
from django.utils.translation import gettext as _

from alliance.models import Alliance, FocusArea, Membership, Organisation
from alliance.permissions import has_capability
from measurement.aggregation import complementary_neighbour, summary_is_suppressed
from measurement.models import (
    Aggregation,
    DataPoint,
    DataPointStatus,
    DimensionValue,
    Direction,
    Frequency,
    Indicator,
    IndicatorKind,
    Summary,
    SummaryStatus,
    Target,
    TimeAggregation,
    Unit,
)
from measurement.periods import period_code
from measurement.selectors_dashboard import sees_small_groups
from workgroups.models import WorkGroup

from .models import ReportKind
from .reports import BuiltFile, ReportJob, report_builder
from .spreadsheet import neutralise

# Rows fetched from the database at a time (the server-side cursor's chunk).
CHUNK_SIZE = 2000
# Progress is reported every this many rows.
PROGRESS_ROWS = 5000
CSV_TYPE = "text/csv; charset=utf-8"
XLSX_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
ZIP_TYPE = "application/zip"
# The licence of the open data package. Danish public bodies publish open data under
# CC BY 4.0 (attribution), which lets anyone reuse the figures.
LICENSE = {
    "name": "CC-BY-4.0",
    "path": "https://creativecommons.org/licenses/by/4.0/",
    "title": "Creative Commons Attribution 4.0",
}


# ---------------------------------------------------------------------------
# What a report covers
# ---------------------------------------------------------------------------


@dataclass(frozen=True)
class ExportScope:
    """The alliance, the requester and the filters of one export, checked."""

    alliance: Alliance
    membership: Membership
    sees_small: bool
    year: int | None
    focus_area: FocusArea | None
    workgroup: WorkGroup | None
    made_at: datetime.datetime


def _optional_int(value, name: str) -> int | None:
    if value in (None, ""):
        return None
    if isinstance(value, bool):
        raise ValueError(f"{name} must be a whole number")
    try:
        return int(value)
    except (TypeError, ValueError):
        raise ValueError(f"{name} must be a whole number") from None


def export_scope(job: ReportJob) -> ExportScope:
    """The checked scope of a report: the requester must be allowed to ask for reports of this
    alliance, and a focus area or working group must be one of the alliance's own."""
    membership, alliance = job.membership, job.alliance
    if membership.alliance_id != alliance.pk or not has_capability(membership, "request_reports"):
        raise PermissionError("The requester may not export this alliance's data.")
    parameters = job.parameters or {}
    year = _optional_int(parameters.get("year"), "year")
    if year is not None and not 1900 <= year <= 2200:
        raise ValueError("year is out of range")
    focus_area = workgroup = None
    if (pk := _optional_int(parameters.get("focus_area"), "focus_area")) is not None:
        focus_area = FocusArea.objects.filter(alliance=alliance, pk=pk).first()
        if focus_area is None:
            raise ValueError("The focus area is not one of this alliance's.")
    if (pk := _optional_int(parameters.get("workgroup"), "workgroup")) is not None:
        workgroup = WorkGroup.objects.filter(alliance=alliance, pk=pk).first()
        if workgroup is None:
            raise ValueError("The working group is not one of this alliance's.")
    return ExportScope(
        alliance=alliance,
        membership=membership,
        sees_small=sees_small_groups(membership),
        year=year,
        focus_area=focus_area,
        workgroup=workgroup,
        made_at=timezone.now(),
    )


def _indicators(scope: ExportScope, *, published_only: bool = False) -> QuerySet[Indicator]:
    """The alliance's indicators within the scope's focus area and working group."""
    indicators = Indicator.objects.filter(alliance=scope.alliance)
    if published_only:
        indicators = indicators.filter(is_public=True)
    if scope.focus_area is not None:
        indicators = indicators.filter(focus_areas=scope.focus_area)
    if scope.workgroup is not None:
        indicators = indicators.filter(workgroups=scope.workgroup)
    return indicators.order_by("code", "name", "pk")


def _ascii_slug(text: str) -> str:
    """A file-name slug that keeps the Danish letters readable (æ -> ae, not dropped)."""
    text = text.lower().replace("æ", "ae").replace("ø", "oe").replace("å", "aa")
    return slugify(text)


def _file_name(scope: ExportScope, title: str, extension: str) -> str:
    """What the file is, from which alliance and filters, and when it was made, e.g.
    indberettede-vaerdier-kalundborg-2025-2026-11-27-1530.csv."""
    parts = [_ascii_slug(title), scope.alliance.slug]
    if scope.year is not None:
        parts.append(str(scope.year))
    if scope.focus_area is not None:
        parts.append(_ascii_slug(scope.focus_area.title)[:40].strip("-"))
    if scope.workgroup is not None:
        parts.append(_ascii_slug(scope.workgroup.name)[:40].strip("-"))
    parts.append(timezone.localtime(scope.made_at).strftime("%Y-%m-%d-%H%M"))
    return "-".join(part for part in parts if part)[:190] + "." + extension


def _when(moment: datetime.datetime) -> str:
    return formats.date_format(timezone.localtime(moment), "DATETIME_FORMAT")


def _filter_lines(scope: ExportScope) -> list[tuple[str, str]]:
    everything = _("All")
    return [
        (_("Year"), str(scope.year) if scope.year is not None else everything),
        (_("Focus area"), scope.focus_area.title if scope.focus_area else everything),
        (_("Working group"), scope.workgroup.name if scope.workgroup else everything),
    ]


def _progress_text(done: int, total: int) -> str:
    return _("%(done)s of %(total)s rows written") % {
        "done": formats.number_format(done, force_grouping=True),
        "total": formats.number_format(total, force_grouping=True),
    }


def _csv_number(number: Decimal | int | None) -> str:
    """A number as tools read it: a point as decimal separator, no trailing zeros."""
    if number is None:
        return ""
    if isinstance(number, int):
        return str(number)
    text = format(number, "f")
    if "." in text:
        text = text.rstrip("0").rstrip(".")
    return text


class _Cells(NamedTuple):
    """What summary_is_suppressed reads, without building a model instance per row."""

    respondents: int | None
    is_hidden_with_neighbour: bool


# ---------------------------------------------------------------------------
# Reported values: the rows
# ---------------------------------------------------------------------------


class ValueRow(NamedTuple):
    """One exported data point as the requester may see it."""

    indicator_code: str
    indicator_name: str
    unit: str
    period: datetime.date
    organisation: str
    dimension: str
    breakdown: str
    value: Decimal | None
    numerator: Decimal | None
    denominator: Decimal | None
    respondents: int | None
    status: str
    approved_at: datetime.datetime | None
    small_group: str
    comment: str


def value_columns() -> list[str]:
    """The column headings of the reported values, in the active language."""
    return [
        _("Indicator code"),
        _("Indicator"),
        _("Unit"),
        _("Period"),
        _("Organisation"),
        _("Breakdown"),
        _("Breakdown value"),
        _("Value"),
        _("Numerator"),
        _("Denominator"),
        _("Respondents (n)"),
        _("Status"),
        _("Approved at"),
        _("Small group"),
        _("Comment"),
    ]


_VALUE_FIELDS = (
    "indicator_id",
    "period",
    "organisation_id",
    "breakdown_id",
    "value",
    "numerator",
    "denominator",
    "respondents",
    "status",
    "approved_at",
    "comment",
)


def _value_queryset(scope: ExportScope, indicator_ids: list[int]) -> QuerySet[DataPoint]:
    """The data points the requester may see, ordered so that one organisation's report of one
    indicator and period comes together (its total first, then dimension by dimension)."""
    statuses = [DataPointStatus.APPROVED]
    if scope.sees_small:
        statuses.append(DataPointStatus.SUBMITTED)
    corrections = DataPoint.objects.filter(supersedes_id=OuterRef("pk"))
    data_points = DataPoint.objects.filter(indicator_id__in=indicator_ids, status__in=statuses)
    data_points = data_points.filter(~Exists(corrections))
    if scope.year is not None:
        data_points = data_points.filter(period__year=scope.year)
    return data_points.order_by(
        "indicator__code",
        "indicator__name",
        "indicator_id",
        "period",
        "organisation__name",
        "organisation_id",
        F("breakdown__dimension__position").asc(nulls_first=True),
        F("breakdown__dimension_id").asc(nulls_first=True),
        F("breakdown__position").asc(nulls_first=True),
        F("breakdown_id").asc(nulls_first=True),
        "status",
        "pk",
    )


def _small_flags(
    group: list[tuple], alliance: Alliance, dimension_of: dict[int, int]
) -> list[bool] | None:
    """Which rows of one organisation's report (one indicator and period) are small groups:
    below the threshold themselves, or the smallest neighbour of the one small breakdown value
    of a dimension (complementary suppression, among the approved values). None when no row
    is below the threshold (most reports: then nothing is hidden, neighbours neither)."""
    threshold = alliance.small_group_threshold
    if not any(row[7] is not None and row[7] < threshold for row in group):
        return None
    neighbours: set[int] = set()
    by_dimension: dict[int, list[tuple[int, int | None]]] = defaultdict(list)
    for index, row in enumerate(group):
        breakdown, respondents, status = row[3], row[7], row[8]
        if breakdown is not None and status == DataPointStatus.APPROVED:
            by_dimension[dimension_of.get(breakdown, 0)].append((index, respondents))
    for cells in by_dimension.values():
        neighbour = complementary_neighbour(cells, threshold)
        if neighbour is not None:
            neighbours.add(neighbour)
    return [
        summary_is_suppressed(_Cells(row[7], index in neighbours), alliance)
        for index, row in enumerate(group)
    ]


@dataclass
class ValueExport:
    """The rows of a reported-values export and how many there are (counted first, for the
    progress bar); `latest_approval` is the newest approval among the rows once they are read."""

    total: int
    rows: Iterator[ValueRow]
    latest_approval: datetime.datetime | None = None


def value_export(scope: ExportScope, *, text: Callable[[str], str] = str) -> ValueExport:
    """The reported values the scope's requester may see, as rows read lazily in order.
    `text` is applied to every text cell that comes from people (names, labels, comments):
    `neutralise` for CSV."""
    indicators = {
        pk: (text(code), text(name), unit)
        for pk, code, name, unit in _indicators(scope).values_list("pk", "code", "name", "unit")
    }
    data_points = _value_queryset(scope, list(indicators))
    export = ValueExport(total=data_points.count(), rows=iter(()))
    export.rows = _value_rows(scope, export, indicators, data_points, text)
    return export


def _value_rows(
    scope: ExportScope,
    export: ValueExport,
    indicators: dict[int, tuple[str, str, str]],
    data_points: QuerySet[DataPoint],
    text: Callable[[str], str],
) -> Iterator[ValueRow]:
    alliance = scope.alliance
    organisations = {
        pk: text(name)
        for pk, name in Organisation.objects.filter(alliance=alliance).values_list("pk", "name")
    }
    breakdowns = {
        pk: (dimension_id, text(dimension), text(label))
        for pk, dimension_id, dimension, label in DimensionValue.objects.filter(
            dimension__alliance=alliance
        ).values_list("pk", "dimension_id", "dimension__name", "label")
    }
    dimension_of = {pk: dimension_id for pk, (dimension_id, _d, _l) in breakdowns.items()}
    units = {value: str(label) for value, label in Unit.choices}
    statuses = {value: str(label) for value, label in DataPointStatus.choices}
    hidden_word = _("hidden")
    shown_word = _("shown to the secretariat only")
    sees_small = scope.sees_small
    zone = timezone.get_current_timezone()
    total_row = (None, "", "")
    last_approval: tuple = (None, None)  # values approved together share the moment

    def rows_of(group: list[tuple]) -> Iterator[ValueRow]:
        nonlocal last_approval
        flags = _small_flags(group, alliance, dimension_of)
        for index, row in enumerate(group):
            (
                indicator,
                period,
                organisation,
                breakdown,
                value,
                numerator,
                denominator,
                respondents,
                status,
                approved_at,
                comment,
            ) = row
            if approved_at is not None:
                if approved_at != last_approval[0]:
                    last_approval = (approved_at, approved_at.astimezone(zone))
                    if export.latest_approval is None or approved_at > export.latest_approval:
                        export.latest_approval = approved_at
                approved_at = last_approval[1]
            code, name, unit = indicators[indicator]
            _dimension_id, dimension, label = breakdowns.get(breakdown, total_row)
            mark = ""
            if flags is not None and flags[index]:
                if sees_small:
                    mark = shown_word
                else:
                    mark = hidden_word
                    value = numerator = denominator = respondents = None
                    comment = ""
            yield ValueRow(
                code,
                name,
                units.get(unit, unit),
                period,
                organisations.get(organisation, ""),
                dimension,
                label,
                value,
                numerator,
                denominator,
                respondents,
                statuses.get(status, status),
                approved_at,
                mark,
                text(comment) if comment else "",
            )

    group: list[tuple] = []
    key = None
    for row in data_points.values_list(*_VALUE_FIELDS).iterator(chunk_size=CHUNK_SIZE):
        row_key = (row[0], row[1], row[2])
        if row_key != key and group:
            yield from rows_of(group)
            group = []
        key = row_key
        group.append(row)
    if group:
        yield from rows_of(group)


# ---------------------------------------------------------------------------
# Reported values: CSV and XLSX
# ---------------------------------------------------------------------------


def _values_title() -> str:
    return _("Reported values")


@report_builder(ReportKind.DATA_POINTS_CSV)
def build_data_points_csv(job: ReportJob) -> BuiltFile:
    """The reported values as one CSV file (see the module's docstring for what is in it)."""
    scope = export_scope(job)
    export = value_export(scope, text=neutralise)
    job.progress(1, _progress_text(0, export.total))
    number = _csv_number
    stamp: tuple = (None, "")
    # closing(): a failed build closes the server-side cursor at once, not when collected.
    with (
        closing(export.rows) as rows,
        open(job.path, "w", encoding="utf-8-sig", newline="") as handle,
    ):
        writer = csv.writer(handle)
        writer.writerow(value_columns())
        for done, row in enumerate(rows, start=1):
            (
                code,
                name,
                unit,
                period,
                organisation,
                dimension,
                label,
                value,
                numerator,
                denominator,
                respondents,
                status,
                approved_at,
                small_group,
                comment,
            ) = row
            if approved_at is not None and approved_at is not stamp[0]:
                stamp = (approved_at, approved_at.isoformat(timespec="seconds"))
            writer.writerow(
                (
                    code,
                    name,
                    unit,
                    period.isoformat(),
                    organisation,
                    dimension,
                    label,
                    "" if value is None else number(value),
                    "" if numerator is None else number(numerator),
                    "" if denominator is None else number(denominator),
                    "" if respondents is None else respondents,
                    status,
                    stamp[1] if approved_at is not None else "",
                    small_group,
                    comment,
                )
            )
            if done % PROGRESS_ROWS == 0:
                job.progress(99 * done // max(export.total, 1), _progress_text(done, export.total))
    job.progress(100, _progress_text(export.total, export.total))
    return BuiltFile(_file_name(scope, _values_title(), "csv"), CSV_TYPE)


def _about_lines(scope: ExportScope) -> list[tuple[str, str]]:
    """The about sheet's lines that are known before the rows are read."""
    alliance = scope.alliance
    user = scope.membership.user
    threshold = alliance.small_group_threshold
    if scope.sees_small:
        which = _(
            "Approved values (a corrected value is replaced by its correction) and values "
            "submitted and waiting for approval, with their status."
        )
        small = _(
            "Values from fewer than %(threshold)s respondents are included because the export "
            "was made for the secretariat; they are marked in the column Small group. Do not "
            "pass them on."
        ) % {"threshold": threshold}
    else:
        which = _("Approved values (a corrected value is replaced by its correction).")
        small = _(
            "Values from fewer than %(threshold)s respondents are hidden: value, numerator, "
            "denominator, n and comment are blank and the column Small group says hidden. "
            "Where one breakdown value of a report is hidden, the smallest other value of the "
            "same breakdown is hidden too, so it cannot be worked out from the total."
        ) % {"threshold": threshold}
    return [
        (_("Alliance"), alliance.name),
        (_("Made for"), f"{user.full_name or user.email} ({scope.membership.get_role_display()})"),
        *_filter_lines(scope),
        (_("Which values"), which),
        (_("Small groups"), small),
        (
            _("Reading the columns"),
            _(
                "One row per reported value. An empty breakdown is the organisation's total. "
                "The period is its first day. Times are Danish time."
            ),
        ),
    ]


@report_builder(ReportKind.DATA_POINTS_XLSX)
def build_data_points_xlsx(job: ReportJob) -> BuiltFile:
    """The reported values as an XLSX workbook: an about sheet and one sheet of values with
    real numbers and dates."""
    scope = export_scope(job)
    made_at = timezone.localtime(scope.made_at).replace(tzinfo=None, microsecond=0)
    workbook = xlsxwriter.Workbook(
        job.path,
        {
            "constant_memory": True,
            "strings_to_formulas": False,
            "strings_to_urls": False,
            "strings_to_numbers": False,
        },
    )
    bold = workbook.add_format({"bold": True})
    wrap = workbook.add_format({"text_wrap": True, "valign": "top"})
    label_format = workbook.add_format({"bold": True, "valign": "top"})
    date_format = workbook.add_format({"num_format": "yyyy-mm-dd"})
    time_format = workbook.add_format({"num_format": "yyyy-mm-dd hh:mm", "align": "left"})
    about = workbook.add_worksheet(_("About this export")[:31])
    sheet = workbook.add_worksheet(_("Values")[:31])

    # The about sheet: what is known now, then (after the rows) how many and the newest one.
    about.set_column(0, 0, 28)
    about.set_column(1, 1, 90)
    about.write_string(0, 0, f"{_values_title()}: {scope.alliance.name}", bold)
    about.write_string(2, 0, _("Made"), label_format)
    about.write_datetime(2, 1, made_at, time_format)
    about.write_string(3, 0, _("Data as of"), label_format)
    about.write_datetime(3, 1, made_at, time_format)
    line = 4
    for label, text in _about_lines(scope):
        about.write_string(line, 0, label, label_format)
        about.write_string(line, 1, text, wrap)
        line += 1

    export = value_export(scope)
    job.progress(1, _progress_text(0, export.total))
    columns = value_columns()
    for column, heading in enumerate(columns):
        sheet.write_string(0, column, heading, bold)
    for column, width in enumerate((10, 40, 12, 11, 30, 16, 18, 10, 10, 10, 10, 12, 16, 16, 40)):
        sheet.set_column(column, column, width)
    sheet.freeze_panes(1, 0)
    write_string, write_number = sheet.write_string, sheet.write_number
    write_datetime = sheet.write_datetime
    stamp: tuple = (None, None)
    done = 0
    with closing(export.rows) as rows:
        for done, row in enumerate(rows, start=1):
            if row.indicator_code:
                write_string(done, 0, row.indicator_code)
            write_string(done, 1, row.indicator_name)
            write_string(done, 2, row.unit)
            write_datetime(done, 3, row.period, date_format)
            write_string(done, 4, row.organisation)
            if row.breakdown:
                write_string(done, 5, row.dimension)
                write_string(done, 6, row.breakdown)
            if row.value is not None:
                write_number(done, 7, row.value)
            if row.numerator is not None:
                write_number(done, 8, row.numerator)
            if row.denominator is not None:
                write_number(done, 9, row.denominator)
            if row.respondents is not None:
                write_number(done, 10, row.respondents)
            write_string(done, 11, row.status)
            if row.approved_at is not None:
                if row.approved_at is not stamp[0]:
                    stamp = (row.approved_at, row.approved_at.replace(tzinfo=None))
                write_datetime(done, 12, stamp[1], time_format)
            if row.small_group:
                write_string(done, 13, row.small_group)
            if row.comment:
                write_string(done, 14, row.comment)
            if done % PROGRESS_ROWS == 0:
                job.progress(99 * done // max(export.total, 1), _progress_text(done, export.total))
    sheet.autofilter(0, 0, max(done, 1), len(columns) - 1)

    about.write_string(line, 0, _("Rows"), label_format)
    about.write_number(line, 1, done)
    about.write_string(line + 1, 0, _("Newest approval"), label_format)
    if export.latest_approval is not None:
        latest = timezone.localtime(export.latest_approval).replace(tzinfo=None)
        about.write_datetime(line + 1, 1, latest, time_format)
    else:
        about.write_string(line + 1, 1, "–")
    workbook.close()
    job.progress(100, _progress_text(done, export.total))
    return BuiltFile(_file_name(scope, _values_title(), "xlsx"), XLSX_TYPE)


# ---------------------------------------------------------------------------
# The open data package
# ---------------------------------------------------------------------------


@dataclass(frozen=True)
class Column:
    """One column of an open data table, with its Frictionless field description."""

    name: str
    type: str
    title: str
    description: str = ""
    required: bool = False
    enum: Sequence[str] = ()

    def field(self) -> dict:
        described = {"name": self.name, "type": self.type, "title": self.title}
        if self.description:
            described["description"] = self.description
        constraints: dict = {}
        if self.required:
            constraints["required"] = True
        if self.enum:
            constraints["enum"] = list(self.enum)
        if constraints:
            described["constraints"] = constraints
        return described


@dataclass
class Table:
    """One CSV file of the package and its schema."""

    name: str
    title: str
    description: str
    columns: list[Column]
    primary_key: list[str] = field(default_factory=list)
    foreign_keys: list[tuple[str, str, str]] = field(default_factory=list)  # field, table, field

    @property
    def path(self) -> str:
        return f"{self.name}.csv"

    def resource(self) -> dict:
        schema: dict = {"fields": [c.field() for c in self.columns], "missingValues": [""]}
        if self.primary_key:
            schema["primaryKey"] = self.primary_key
        if self.foreign_keys:
            schema["foreignKeys"] = [
                {"fields": [own], "reference": {"resource": table, "fields": [other]}}
                for own, table, other in self.foreign_keys
            ]
        return {
            "name": self.name,
            "path": self.path,
            "profile": "tabular-data-resource",
            "title": self.title,
            "description": self.description,
            "format": "csv",
            "mediatype": "text/csv",
            "encoding": "utf-8",
            "schema": schema,
        }


def _choices(choices) -> str:
    return "; ".join(f"{value}: {label}" for value, label in choices)


def open_data_tables() -> list[Table]:
    """The tables of the open data package, in the active language."""
    indicator_id = Column("indicator_id", "integer", _("Indicator ID"), required=True)
    breakdown_id = Column(
        "breakdown_id",
        "integer",
        _("Breakdown value ID"),
        _("Empty for the total."),
    )
    return [
        Table(
            "focus-areas",
            _("Focus areas"),
            _("The focus areas of the common agenda that the indicators belong to."),
            [
                Column("focus_area_id", "integer", _("Focus area ID"), required=True),
                Column("position", "integer", _("Order")),
                Column("title", "string", _("Title"), required=True),
                Column("description", "string", _("Description")),
            ],
            primary_key=["focus_area_id"],
        ),
        Table(
            "indicators",
            _("Indicators"),
            _("The published indicators and how each is defined."),
            [
                indicator_id,
                Column("code", "string", _("Code")),
                Column("name", "string", _("Name"), required=True),
                Column("definition", "string", _("Definition"), _("The exact wording.")),
                Column("source", "string", _("Source")),
                Column("unit", "string", _("Unit"), _choices(Unit.choices), True, Unit.values),
                Column("scale_min", "number", _("Scale minimum")),
                Column("scale_max", "number", _("Scale maximum")),
                Column(
                    "direction",
                    "string",
                    _("Direction"),
                    _choices(Direction.choices),
                    True,
                    Direction.values,
                ),
                Column(
                    "frequency",
                    "string",
                    _("Frequency"),
                    _choices(Frequency.choices),
                    True,
                    Frequency.values,
                ),
                Column(
                    "kind",
                    "string",
                    _("Kind"),
                    _choices(IndicatorKind.choices),
                    True,
                    IndicatorKind.values,
                ),
                Column(
                    "aggregation",
                    "string",
                    _("Aggregation"),
                    _choices(Aggregation.choices),
                    True,
                    Aggregation.values,
                ),
                Column(
                    "time_aggregation",
                    "string",
                    _("Over time"),
                    _choices(TimeAggregation.choices),
                    True,
                    TimeAggregation.values,
                ),
                Column("baseline_value", "number", _("Baseline")),
                Column("baseline_period", "date", _("Baseline period")),
                Column("baseline_note", "string", _("Baseline note")),
            ],
            primary_key=["indicator_id"],
        ),
        Table(
            "indicator-focus-areas",
            _("Indicators' focus areas"),
            _("Which focus areas each indicator belongs to."),
            [indicator_id, Column("focus_area_id", "integer", _("Focus area ID"), required=True)],
            primary_key=["indicator_id", "focus_area_id"],
            foreign_keys=[
                ("indicator_id", "indicators", "indicator_id"),
                ("focus_area_id", "focus-areas", "focus_area_id"),
            ],
        ),
        Table(
            "breakdowns",
            _("Breakdown values"),
            _("The values the figures are broken down by (gender, age band, education...)."),
            [
                Column("breakdown_id", "integer", _("Breakdown value ID"), required=True),
                Column("dimension", "string", _("Breakdown"), required=True),
                Column("dimension_position", "integer", _("Order of the breakdown")),
                Column("value", "string", _("Breakdown value"), required=True),
                Column("value_position", "integer", _("Order of the value")),
            ],
            primary_key=["breakdown_id"],
        ),
        Table(
            "targets",
            _("Targets"),
            _("The target of an indicator for a period, for the total or a breakdown value."),
            [
                indicator_id,
                Column("period", "date", _("Period (first day)"), required=True),
                breakdown_id,
                Column("target", "number", _("Target"), required=True),
            ],
            foreign_keys=[
                ("indicator_id", "indicators", "indicator_id"),
                ("breakdown_id", "breakdowns", "breakdown_id"),
            ],
        ),
        Table(
            "summaries",
            _("Figures"),
            _(
                "The figure of each indicator per period, for the total and per breakdown "
                "value, computed from the approved values. A figure from too few respondents "
                "is hidden (is_suppressed is true and the figure is empty)."
            ),
            [
                indicator_id,
                Column("period", "date", _("Period (first day)"), required=True),
                Column(
                    "period_code", "string", _("Period"), _("2025, 2025-H1, 2025-Q3 or 2025-03.")
                ),
                breakdown_id,
                Column("dimension", "string", _("Breakdown")),
                Column("breakdown", "string", _("Breakdown value")),
                Column("value", "number", _("Value")),
                Column("numerator", "number", _("Numerator")),
                Column("denominator", "number", _("Denominator")),
                Column("respondents", "integer", _("Respondents (n)")),
                Column("organisations", "integer", _("Reporting organisations")),
                Column("target", "number", _("Target")),
                Column(
                    "trend", "number", _("Trend"), _("Change per period over the recent periods.")
                ),
                Column(
                    "status",
                    "string",
                    _("Status"),
                    _choices(SummaryStatus.choices),
                    enum=SummaryStatus.values,
                ),
                Column("is_suppressed", "boolean", _("Hidden (small group)"), required=True),
                Column("computed_at", "datetime", _("Computed at"), required=True),
            ],
            foreign_keys=[
                ("indicator_id", "indicators", "indicator_id"),
                ("breakdown_id", "breakdowns", "breakdown_id"),
            ],
        ),
    ]


def _utc(moment: datetime.datetime) -> str:
    return moment.astimezone(datetime.UTC).strftime("%Y-%m-%dT%H:%M:%SZ")


def _entry(name: str, moment: datetime.datetime) -> zipfile.ZipInfo:
    """A file of the zip, dated when the package was made (local time, as zip dates are)."""
    entry = zipfile.ZipInfo(name, date_time=timezone.localtime(moment).timetuple()[:6])
    entry.compress_type = zipfile.ZIP_DEFLATED
    entry.external_attr = 0o644 << 16
    return entry


@dataclass
class _Package:
    """The zip being written: one CSV file at a time, each with its schema's header row."""

    archive: zipfile.ZipFile
    tables: dict[str, Table]
    made_at: datetime.datetime

    @contextmanager
    def table(self, name: str) -> Iterator[Any]:
        table = self.tables[name]
        raw = self.archive.open(_entry(table.path, self.made_at), "w")
        with io.TextIOWrapper(raw, encoding="utf-8", newline="") as handle:
            writer = csv.writer(handle)
            writer.writerow([column.name for column in table.columns])
            yield writer


def _text(value: str) -> str:
    return neutralise(value) if value else ""


def _write_definitions(package: _Package, indicators: list[Indicator]) -> None:
    """The indicators, their focus areas and the links between them."""
    focus_areas: dict[int, FocusArea] = {}
    with package.table("indicators") as writer:
        for i in indicators:
            writer.writerow(
                (
                    i.pk,
                    _text(i.code),
                    _text(i.name),
                    _text(i.definition),
                    _text(i.source),
                    i.unit,
                    _csv_number(i.scale_min),
                    _csv_number(i.scale_max),
                    i.direction,
                    i.frequency,
                    i.kind,
                    i.aggregation,
                    i.time_aggregation,
                    _csv_number(i.baseline_value),
                    i.baseline_period.isoformat() if i.baseline_period else "",
                    _text(i.baseline_note),
                )
            )
            focus_areas.update((area.pk, area) for area in i.focus_areas.all())
    with package.table("indicator-focus-areas") as writer:
        for i in indicators:
            for area in sorted(i.focus_areas.all(), key=lambda a: a.pk):
                writer.writerow((i.pk, area.pk))
    with package.table("focus-areas") as writer:
        for area in sorted(focus_areas.values(), key=lambda a: (a.position, a.pk)):
            writer.writerow((area.pk, area.position, _text(area.title), _text(area.description)))


def _write_targets(package: _Package, indicator_ids: list[int], used: set[int | None]) -> None:
    with package.table("targets") as writer:
        for indicator, period, breakdown, value in (
            Target.objects.filter(indicator_id__in=indicator_ids)
            .order_by("indicator_id", "period", F("breakdown_id").asc(nulls_first=True))
            .values_list("indicator_id", "period", "breakdown_id", "value")
        ):
            used.add(breakdown)
            writer.writerow((indicator, period.isoformat(), breakdown or "", _csv_number(value)))


_SUMMARY_FIELDS = (
    "indicator_id",
    "period",
    "breakdown_id",
    "value",
    "numerator",
    "denominator",
    "respondents",
    "organisations",
    "target",
    "trend",
    "status",
    "is_hidden_with_neighbour",
    "computed_at",
)


def _write_summaries(
    package: _Package,
    *,
    job: ReportJob,
    summaries: QuerySet[Summary],
    total: int,
    frequency_of: dict[int, str],
    breakdowns: dict[int, DimensionValue],
    used: set[int | None],
) -> int:
    """The figures, streamed, with small groups hidden; returns how many were written."""
    alliance = job.alliance
    rows = (
        summaries.order_by(
            "indicator__code",
            "indicator__name",
            "indicator_id",
            "period",
            F("breakdown__dimension__position").asc(nulls_first=True),
            F("breakdown__dimension_id").asc(nulls_first=True),
            F("breakdown__position").asc(nulls_first=True),
            F("breakdown_id").asc(nulls_first=True),
        )
        .values_list(*_SUMMARY_FIELDS)
        .iterator(chunk_size=CHUNK_SIZE)
    )
    done = 0
    with package.table("summaries") as writer:
        for row in rows:
            indicator, period, breakdown, value, numerator, denominator, respondents = row[:7]
            organisations, target, trend, status, neighbour, computed_at = row[7:]
            hidden = summary_is_suppressed(_Cells(respondents, neighbour), alliance)
            if hidden:
                value = numerator = denominator = respondents = trend = None
                status = ""
            dimension = label = ""
            if breakdown is not None:
                used.add(breakdown)
                dimension, label = breakdowns[breakdown].dimension.name, breakdowns[breakdown].label
            writer.writerow(
                (
                    indicator,
                    period.isoformat(),
                    period_code(frequency_of[indicator], period),
                    breakdown or "",
                    _text(dimension),
                    _text(label),
                    _csv_number(value),
                    _csv_number(numerator),
                    _csv_number(denominator),
                    _csv_number(respondents),
                    organisations,
                    _csv_number(target),
                    _csv_number(trend),
                    status,
                    "true" if hidden else "false",
                    _utc(computed_at),
                )
            )
            done += 1
            if done % PROGRESS_ROWS == 0:
                job.progress(95 * done // max(total, 1), _progress_text(done, total))
    return done


def _write_breakdowns(
    package: _Package, breakdowns: dict[int, DimensionValue], used: set[int | None]
) -> None:
    with package.table("breakdowns") as writer:
        for value in sorted(
            (breakdowns[pk] for pk in used if pk is not None),
            key=lambda v: (v.dimension.position, v.dimension_id, v.position, v.pk),
        ):
            writer.writerow(
                (
                    value.pk,
                    _text(value.dimension.name),
                    value.dimension.position,
                    _text(value.label),
                    value.position,
                )
            )


def _descriptor(scope: ExportScope, tables: dict[str, Table], readme: str) -> dict:
    """datapackage.json: a Frictionless (tabular) Data Package."""
    alliance = scope.alliance
    return {
        "profile": "tabular-data-package",
        "name": re.sub(r"[^-a-z0-9._]", "-", f"{alliance.slug}-open-data".lower()),
        "title": _("%(alliance)s: indicators and figures") % {"alliance": alliance.name},
        "description": readme,
        "created": _utc(scope.made_at),
        "licenses": [LICENSE],
        "contributors": [{"title": alliance.name, "role": "publisher"}],
        "keywords": [_("open data"), _("indicators"), alliance.municipality or alliance.name],
        "resources": [table.resource() for table in tables.values()],
    }


@report_builder(ReportKind.OPEN_DATA)
def build_open_data(job: ReportJob) -> BuiltFile:
    """The open data package: a zip of CSV files and a datapackage.json that describes them
    (Frictionless Data Package), with small groups always hidden, whoever asks."""
    scope = export_scope(job)
    tables = {table.name: table for table in open_data_tables()}
    indicators = list(
        _indicators(scope, published_only=True).prefetch_related("focus_areas", "dimensions")
    )
    indicator_ids = [indicator.pk for indicator in indicators]
    breakdowns = {
        value.pk: value
        for value in DimensionValue.objects.filter(
            dimension__alliance=scope.alliance
        ).select_related("dimension")
    }
    summaries = Summary.objects.filter(indicator_id__in=indicator_ids)
    if scope.year is not None:
        summaries = summaries.filter(period__year=scope.year)
    total = summaries.count()
    job.progress(1, _progress_text(0, total))
    # The values of the indicators' breakdowns, and any other a target or figure refers to.
    dimensions = {d.pk for indicator in indicators for d in indicator.dimensions.all()}
    used = {pk for pk, value in breakdowns.items() if value.dimension_id in dimensions}

    with zipfile.ZipFile(job.path, "w", compression=zipfile.ZIP_DEFLATED) as archive:
        package = _Package(archive, tables, scope.made_at)
        _write_definitions(package, indicators)
        _write_targets(package, indicator_ids, used)
        done = _write_summaries(
            package,
            job=job,
            summaries=summaries,
            total=total,
            frequency_of={indicator.pk: indicator.frequency for indicator in indicators},
            breakdowns=breakdowns,
            used=used,
        )
        _write_breakdowns(package, breakdowns, used)
        readme = open_data_readme(scope)
        archive.writestr(_entry("README.md", scope.made_at), readme)
        descriptor = json.dumps(_descriptor(scope, tables, readme), ensure_ascii=False, indent=2)
        archive.writestr(_entry("datapackage.json", scope.made_at), descriptor + "\n")
    job.progress(100, _progress_text(done, total))
    return BuiltFile(_file_name(scope, _("Open data"), "zip"), ZIP_TYPE)


def open_data_readme(scope: ExportScope) -> str:
    """The package's README (also its description in datapackage.json)."""
    alliance = scope.alliance
    lines = [
        f"# {_('%(alliance)s: indicators and figures') % {'alliance': alliance.name}}",
        "",
        _("Made %(when)s from the figures as they stood then.") % {"when": _when(scope.made_at)},
        "",
        _(
            "The package holds the indicators the alliance has published on its public page "
            "(the indicators marked as published), how each is defined, their targets, and "
            "their figures per period, for the total and per breakdown value, as the "
            "alliance's dashboard computes them from the approved values."
        ),
        "",
        _(
            "Figures from fewer than %(threshold)s respondents are hidden, and so is the "
            "figure next to a hidden one when it would give the hidden one away: the row is "
            "there, is_suppressed is true and the figure, n and trend are empty."
        )
        % {"threshold": alliance.small_group_threshold},
        "",
    ]
    lines += [f"- {label}: {text}" for label, text in _filter_lines(scope)]
    lines += [
        "",
        _(
            "The files are CSV (UTF-8, comma-separated, a point as decimal separator, dates "
            "as YYYY-MM-DD, times in UTC) described in datapackage.json (Frictionless Data "
            "Package). Licence: %(licence)s."
        )
        % {"licence": LICENSE["title"]},
        "",
    ]
    return "\n".join(lines)
