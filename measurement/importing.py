"""Entering many values at once, all or nothing: the import of a CSV or XLSX file in the
documented template, the template itself, and the multi-row save the entry form uses too.

An import reads every row and checks every row, collecting every problem with its row number
(it never stops at the first), then saves the rows inside one transaction through
`services.datapoint_save`. A row the service refuses gets the service's message, and any problem
in any row rolls the whole transaction back: nothing is half-saved. Saving the same figures again
changes nothing (the service leaves an identical submitted or approved value alone, and an
identical draft is skipped here), so uploading the same file twice creates no duplicates.

Files are bounded (MEASUREMENT_IMPORT_MAX_BYTES, MEASUREMENT_IMPORT_MAX_ROWS) and recognised by
their content, not their name: an XLSX is a zip holding a workbook; anything else must read as
CSV text in UTF-8 (with or without a byte order mark) or Windows-1252, with ';', ',' or tab
between the columns (Danish Excel writes ';' and decimal commas).
"""

from __future__ import annotations

import contextlib
import csv
import datetime
import io
import re
import zipfile
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from decimal import ROUND_HALF_UP, Decimal, InvalidOperation

from django.conf import settings
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.uploadedfile import UploadedFile
from django.db import IntegrityError, transaction
from django.template.defaultfilters import filesizeformat
from django.utils import timezone
from django.utils.functional import Promise
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from alliance.models import Membership, Organisation, User
from backbone.spreadsheet import looks_like_formula, neutralise, openpyxl_keep_text

from .models import (
    Aggregation,
    DataPoint,
    DataPointStatus,
    DimensionValue,
    Frequency,
    Indicator,
    PeriodLock,
)
from .periods import period_code, period_due, period_label, period_parse, periods_between
from .selectors import indicators_reportable_by, reporting_organisations
from .services import OPEN_STATUSES, KeyChecks, datapoint_save, same_number

# Figures are stored with 4 decimals and at most 10 digits before the decimal point.
DECIMAL_PLACES = Decimal("0.0001")
LARGEST = Decimal("10000000000")
# An XLSX is a zip: refuse one that would unpack to more than this (a "zip bomb").
XLSX_MAX_UNPACKED_BYTES = 100 * 1024 * 1024
# How many rows (blank ones included) are read at most before a file counts as too long.
BLANK_ROWS_READ_FACTOR = 5


# ---------------------------------------------------------------------------
# The template's columns: the documentation, the headers written and the headers read
# ---------------------------------------------------------------------------


@dataclass(frozen=True)
class Column:
    key: str
    label: Promise  # the header written in the template (the person's language)
    help: Promise  # what goes in the column (the template's instructions and the import page)
    aliases: tuple[str, ...]  # headers accepted on import, normalised, Danish and English
    is_required: bool = False


COLUMNS: tuple[Column, ...] = (
    Column(
        "indicator_code",
        gettext_lazy("Indicator code"),
        gettext_lazy("The indicator's code, as in the template. Required."),
        ("indikatorkode", "kode", "indicator code", "code"),
        is_required=True,
    ),
    Column(
        "indicator_name",
        gettext_lazy("Indicator"),
        gettext_lazy("The indicator's name, for your eyes only: it is not read on import."),
        ("indikator", "indikatornavn", "navn", "indicator", "indicator name", "name"),
    ),
    Column(
        "period",
        gettext_lazy("Period"),
        gettext_lazy(
            "The period the figure is for, written like 2025 (yearly), 2025-H1 (per term), "
            "2025-Q3 (quarterly) or 2025-03 (monthly). Required."
        ),
        ("periode", "period"),
        is_required=True,
    ),
    Column(
        "organisation",
        gettext_lazy("Organisation"),
        gettext_lazy("The reporting organisation's name, as on the platform. Required."),
        ("organisation", "organization", "indberettende organisation", "reporting organisation"),
        is_required=True,
    ),
    Column(
        "dimension",
        gettext_lazy("Breakdown"),
        gettext_lazy(
            "The breakdown (such as gender or age band). Leave it and the next column empty "
            "for the total."
        ),
        ("opdeling", "dimension", "breakdown", "breakdown dimension"),
    ),
    Column(
        "breakdown",
        gettext_lazy("Breakdown value"),
        gettext_lazy("The group within the breakdown (such as girls). Empty for the total."),
        ("opdelingsværdi", "opdelingsvaerdi", "gruppe", "breakdown value", "group"),
    ),
    Column(
        "value",
        gettext_lazy("Value"),
        gettext_lazy(
            "The figure. A decimal comma or point both work (12,5 or 12.5). Leave it empty "
            "for an indicator measured as a share: use the next two columns."
        ),
        ("værdi", "vaerdi", "value"),
    ),
    Column(
        "numerator",
        gettext_lazy("Numerator"),
        gettext_lazy("For a share (percent): how many, such as 45 of 120 pupils. Else empty."),
        ("tæller", "taeller", "numerator"),
    ),
    Column(
        "denominator",
        gettext_lazy("Denominator"),
        gettext_lazy("For a share (percent): how many in all, such as 120 pupils. Else empty."),
        ("nævner", "naevner", "denominator"),
    ),
    Column(
        "respondents",
        gettext_lazy("Respondents (n)"),
        gettext_lazy("How many answered or were counted, a whole number. Optional."),
        (
            "besvarelser n",
            "besvarelser",
            "antal besvarelser",
            "antal svar",
            "respondenter",
            "respondents n",
            "respondents",
            "n",
        ),
    ),
    Column(
        "comment",
        gettext_lazy("Comment"),
        gettext_lazy("Anything the secretariat should know about the figure. Optional."),
        ("kommentar", "bemærkning", "comment", "note"),
    ),
)
COLUMN_KEYS = tuple(column.key for column in COLUMNS)
_BY_ALIAS = {alias: column.key for column in COLUMNS for alias in column.aliases}
_NOT_WORD = re.compile(r"[^\w]+")


def header_normalise(text: str) -> str:
    """A header as compared on import: lower case, punctuation and extra spaces dropped."""
    return _NOT_WORD.sub(" ", str(text).replace("\ufeff", "").casefold()).strip()


# ---------------------------------------------------------------------------
# Numbers as people write them
# ---------------------------------------------------------------------------

_SPACES = re.compile(r"[\s\u00a0\u202f']+")
# 12 / 12,5 / 12.5 / ,5 — one decimal mark, comma or point
_PLAIN_NUMBER = re.compile(r"^[+-]?(\d+([.,]\d*)?|[.,]\d+)$")
# 1.234.567 / 1.234,5 — points between thousands, a decimal comma
_DANISH_THOUSANDS = re.compile(r"^[+-]?\d{1,3}(\.\d{3})+(,\d+)?$|^[+-]?\d{1,3}(\.\d{3})*,\d+$")
# 1,234,567 / 1,234.5 — commas between thousands, a decimal point
_ENGLISH_THOUSANDS = re.compile(r"^[+-]?\d{1,3}(,\d{3})+(\.\d+)?$")
_DANISH_DATE = re.compile(r"^(\d{1,2})[-./](\d{1,2})[-./](\d{4})$")


def decimal_parse(raw) -> Decimal | None:
    """A number from a form or a spreadsheet cell; None when empty.

    Accepts "12,5" and "12.5", thousands separators ("1.234,5", "1,234.5", "1 234"), and numbers
    from a spreadsheet. Rounded to 4 decimals. ValidationError when it is not a number or too
    large to store."""
    if raw is None:
        return None
    if isinstance(raw, bool):
        raise _not_a_number(raw)
    if isinstance(raw, int | Decimal):
        number = Decimal(raw)
    elif isinstance(raw, float):
        number = Decimal(repr(raw))
    else:
        text = _SPACES.sub("", str(raw))
        if not text:
            return None
        text = text.replace("\u2212", "-")  # a typographic minus
        if _PLAIN_NUMBER.match(text):
            text = text.replace(",", ".")
        elif _DANISH_THOUSANDS.match(text):
            text = text.replace(".", "").replace(",", ".")
        elif _ENGLISH_THOUSANDS.match(text):
            text = text.replace(",", "")
        else:
            raise _not_a_number(raw)
        try:
            number = Decimal(text)
        except InvalidOperation:
            raise _not_a_number(raw) from None
    if not number.is_finite():
        raise _not_a_number(raw)
    if abs(number) >= LARGEST:
        raise ValidationError(
            _("%(number)s is too large."), code="too_large", params={"number": str(raw)[:40]}
        )
    return number.quantize(DECIMAL_PLACES, rounding=ROUND_HALF_UP)


def whole_number_parse(raw) -> int | None:
    """A count of respondents: a whole number, not negative; None when empty."""
    number = decimal_parse(raw)
    if number is None:
        return None
    if number != number.to_integral_value() or number < 0:
        raise ValidationError(
            _("“%(text)s” is not a whole number."),
            code="not_whole",
            params={"text": str(raw)[:40]},
        )
    return int(number)


def _not_a_number(raw) -> ValidationError:
    return ValidationError(
        _("“%(text)s” is not a number."), code="not_a_number", params={"text": str(raw)[:40]}
    )


# ---------------------------------------------------------------------------
# Saving many values in one transaction (the import and the entry form)
# ---------------------------------------------------------------------------


@dataclass
class Entry:
    """One value to save, read from a row of a file or of the entry form."""

    number: int  # the row number in the file, or the row's index in the form
    indicator: Indicator
    period: datetime.date
    organisation: Organisation
    breakdown: DimensionValue | None = None
    value: Decimal | None = None
    numerator: Decimal | None = None
    denominator: Decimal | None = None
    respondents: int | None = None
    comment: str = ""
    evidence: UploadedFile | None = None

    @property
    def key(self) -> tuple:
        return (self.indicator.pk, self.period, self.organisation.pk, self.breakdown_id)

    @property
    def breakdown_id(self) -> int | None:
        return self.breakdown.pk if self.breakdown is not None else None


@dataclass
class RowError:
    """What is wrong with one row (number None: with the file as a whole)."""

    number: int | None
    error: ValidationError

    @property
    def messages(self) -> list[str]:
        return self.error.messages


@dataclass
class ImportResult:
    created: int = 0
    updated: int = 0
    unchanged: int = 0
    skipped: int = 0  # rows without any figure (a template row left empty)
    errors: list[RowError] = field(default_factory=list)

    @property
    def is_saved(self) -> bool:
        return not self.errors

    @property
    def error_rows(self) -> int:
        return len({error.number for error in self.errors if error.number is not None})


class _RollBack(Exception):
    """Leaves the import's transaction so that everything in it is undone."""


def datapoints_save_all(
    *,
    entries: list[Entry],
    membership: Membership,
    user: User | None,
    submit: bool,
    errors: Iterable[RowError] = (),
) -> ImportResult:
    """Save every entry through `datapoint_save` in ONE transaction, or none of them.

    Every entry is tried even after one failed, so that every refused row is reported. With
    `errors` (problems found while reading the rows) nothing is saved either, but the readable
    rows are still checked. Counts what was created, updated and left unchanged."""
    result = ImportResult(errors=list(errors))
    before = _open_datapoints(entries)
    created = updated = unchanged = 0
    checks = KeyChecks(membership)
    try:
        with transaction.atomic():
            for entry in entries:
                previous = before.get(entry.key)
                if previous is not None and _is_no_op(previous, entry, submit):
                    unchanged += 1
                    continue
                try:
                    saved = datapoint_save(
                        indicator=entry.indicator,
                        user=user,
                        membership=membership,
                        organisation=entry.organisation,
                        period=entry.period,
                        breakdown=entry.breakdown,
                        value=entry.value,
                        numerator=entry.numerator,
                        denominator=entry.denominator,
                        respondents=entry.respondents,
                        comment=entry.comment,
                        evidence=entry.evidence,
                        submit=submit,
                        checks=checks,
                    )
                except ValidationError as error:
                    result.errors.append(RowError(entry.number, error))
                    continue
                except PermissionDenied:
                    result.errors.append(
                        RowError(entry.number, ValidationError(_not_reportable(entry.indicator)))
                    )
                    continue
                except IntegrityError:  # someone saved the same figure at the same moment
                    result.errors.append(
                        RowError(
                            entry.number,
                            ValidationError(
                                _("Someone saved this figure at the same moment. Try again.")
                            ),
                        )
                    )
                    continue
                if saved is None or (
                    previous is not None
                    and saved.pk == previous["pk"]
                    and saved.updated_at == previous["updated_at"]
                ):
                    unchanged += 1
                elif previous is None:
                    created += 1
                else:
                    updated += 1
            if result.errors:
                raise _RollBack
    except _RollBack:
        result.errors.sort(key=lambda error: (error.number is not None, error.number or 0))
        return result
    result.created, result.updated, result.unchanged = created, updated, unchanged
    return result


def _open_datapoints(entries: list[Entry]) -> dict[tuple, dict]:
    """The open data points of the entries' keys, as they were before saving (one query)."""
    if not entries:
        return {}
    keys = {entry.key for entry in entries}
    rows = DataPoint.objects.filter(
        status__in=OPEN_STATUSES,
        indicator_id__in={key[0] for key in keys},
        period__in={key[1] for key in keys},
        organisation_id__in={key[2] for key in keys},
    ).values(
        "pk",
        "indicator_id",
        "period",
        "organisation_id",
        "breakdown_id",
        "status",
        "value",
        "numerator",
        "denominator",
        "respondents",
        "comment",
        "updated_at",
    )
    found = {}
    for row in rows:
        key = (row["indicator_id"], row["period"], row["organisation_id"], row["breakdown_id"])
        if key in keys:
            found[key] = row
    return found


def _same_row(previous: dict, entry: Entry) -> bool:
    ratio = entry.indicator.aggregation == Aggregation.RATIO
    figures = ("numerator", "denominator", "respondents") if ratio else ("value", "respondents")
    return (
        all(same_number(previous[name], getattr(entry, name)) for name in figures)
        and previous["comment"] == (entry.comment or "").strip()
    )


def _is_no_op(previous: dict, entry: Entry, submit: bool) -> bool:
    """An identical draft saved as a draft again: nothing to write."""
    return (
        not submit
        and entry.evidence is None
        and previous["status"] == DataPointStatus.DRAFT
        and _same_row(previous, entry)
    )


def _not_reportable(indicator: Indicator) -> str:
    return _("You cannot report for the indicator %(indicator)s.") % {"indicator": indicator}


# ---------------------------------------------------------------------------
# Reading a file
# ---------------------------------------------------------------------------


class FileRejected(Exception):
    """The file as a whole cannot be read (too large, not CSV or XLSX, no header...)."""

    def __init__(self, message: str):
        super().__init__(message)
        self.message = message


def import_file(
    *, upload: UploadedFile, membership: Membership, user: User | None, submit: bool
) -> ImportResult:
    """Import a CSV or XLSX file in the template: every row saved, or none.

    `submit` sends the values for approval; otherwise they are saved as drafts."""
    try:
        table = _read_table(upload)
        _header_number, columns = _read_header(table)
        rows = list(_data_rows(table))
    except FileRejected as rejected:
        return ImportResult(errors=[RowError(None, ValidationError(rejected.message))])
    reader = _RowReader(membership=membership, columns=columns)
    entries: list[Entry] = []
    errors: list[RowError] = []
    seen: dict[tuple, int] = {}
    skipped = 0
    for number, cells in rows:
        try:
            entry = reader.entry(number, cells)
        except ValidationError as error:
            errors.append(RowError(number, error))
            continue
        if entry is None:
            skipped += 1
            continue
        if entry.key in seen:
            errors.append(
                RowError(
                    number,
                    ValidationError(
                        _(
                            "The same figure (indicator, period, organisation and breakdown) "
                            "is already in row %(row)s."
                        )
                        % {"row": seen[entry.key]}
                    ),
                )
            )
            continue
        seen[entry.key] = number
        entries.append(entry)
    if not entries and not errors:
        return ImportResult(
            skipped=skipped,
            errors=[
                RowError(
                    None,
                    ValidationError(
                        _("The file has no figures: fill in the value columns below the header.")
                    ),
                )
            ],
        )
    result = datapoints_save_all(
        entries=entries, membership=membership, user=user, submit=submit, errors=errors
    )
    result.skipped = skipped
    return result


@dataclass
class _Table:
    rows: Iterator[tuple[int, list]]  # (row number, cell values), blank rows included


def _read_table(upload: UploadedFile) -> _Table:
    limit = settings.MEASUREMENT_IMPORT_MAX_BYTES
    if upload.size is not None and upload.size > limit:
        raise FileRejected(
            _("The file is too large. It can be at most %(size)s.")
            % {"size": filesizeformat(limit)}
        )
    upload.seek(0)
    data = upload.read(limit + 1)
    if len(data) > limit:
        raise FileRejected(
            _("The file is too large. It can be at most %(size)s.")
            % {"size": filesizeformat(limit)}
        )
    if not data.strip():
        raise FileRejected(_("The file is empty."))
    if data.startswith(b"PK\x03\x04"):
        return _Table(_xlsx_rows(data))
    if data.startswith(b"\xd0\xcf\x11\xe0"):
        raise FileRejected(
            _("This is an old Excel file (XLS). Save it as an Excel workbook (XLSX) or as CSV.")
        )
    return _Table(_csv_rows(data))


def _not_csv_or_xlsx() -> FileRejected:
    return FileRejected(
        _("The file is neither a CSV file nor an Excel workbook (XLSX). Use the template.")
    )


def _xlsx_rows(data: bytes) -> Iterator[tuple[int, list]]:
    try:
        archive = zipfile.ZipFile(io.BytesIO(data))
        names = set(archive.namelist())
        unpacked = sum(info.file_size for info in archive.infolist())
    except (zipfile.BadZipFile, ValueError, OSError):
        raise _not_csv_or_xlsx() from None
    if "xl/workbook.xml" not in names:
        raise _not_csv_or_xlsx()
    if unpacked > XLSX_MAX_UNPACKED_BYTES:
        raise FileRejected(_("The workbook is too large once unpacked. Split it in smaller files."))
    import openpyxl

    try:
        workbook = openpyxl.load_workbook(io.BytesIO(data), read_only=True, data_only=True)
    except Exception:  # openpyxl raises many kinds of errors on a damaged workbook
        raise FileRejected(_("The Excel workbook could not be read. Is it damaged?")) from None
    return _xlsx_cells(workbook)


def _xlsx_cells(workbook) -> Iterator[tuple[int, list]]:
    try:
        sheet = workbook.worksheets[0]
        for number, row in enumerate(sheet.iter_rows(), start=1):
            values = []
            for cell in row:
                value = cell.value
                # A cell shown as "45 %" holds 0.45: take what the person sees.
                if (
                    isinstance(value, int | float)
                    and not isinstance(value, bool)
                    and "%" in (getattr(cell, "number_format", None) or "")
                ):
                    value = Decimal(repr(value)) * 100
                values.append(value)
            yield number, values
    except FileRejected:
        raise
    except Exception:
        raise FileRejected(_("The Excel workbook could not be read. Is it damaged?")) from None
    finally:
        workbook.close()


def _csv_rows(data: bytes) -> Iterator[tuple[int, list]]:
    if b"\x00" in data:
        raise _not_csv_or_xlsx()
    for encoding in ("utf-8-sig", "cp1252"):
        try:
            text = data.decode(encoding)
        except UnicodeDecodeError:
            continue
        break
    else:
        raise FileRejected(
            _("The file's characters could not be read. Save it as CSV in UTF-8 or from Excel.")
        )
    first_line = next((line for line in text.splitlines() if line.strip()), "")
    delimiter = max((";", ",", "\t"), key=first_line.count)
    if first_line.count(delimiter) == 0:
        raise FileRejected(
            _("The file does not look like the template: no columns separated by ; or , found.")
        )
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=delimiter)
    try:
        yield from enumerate(reader, start=1)
    except csv.Error:
        raise FileRejected(
            _("The CSV file could not be read after row %(row)s.") % {"row": reader.line_num}
        ) from None


def _is_blank(cells: list) -> bool:
    return all(cell is None or (isinstance(cell, str) and not cell.strip()) for cell in cells)


def _read_header(table: _Table) -> tuple[int, dict[str, int]]:
    """The first non-blank row: which column holds what."""
    for number, cells in table.rows:
        if _is_blank(cells):
            continue
        columns: dict[str, int] = {}
        problems: list[str] = []
        for index, cell in enumerate(cells):
            text = "" if cell is None else str(cell).strip()
            if not text:
                continue
            key = _BY_ALIAS.get(header_normalise(text))
            if key is None:
                problems.append(_("Unknown column “%(name)s”.") % {"name": text[:60]})
            elif key in columns:
                problems.append(_("The column “%(name)s” appears twice.") % {"name": text[:60]})
            else:
                columns[key] = index
        for column in COLUMNS:
            if column.is_required and column.key not in columns:
                problems.append(_("The column “%(name)s” is missing.") % {"name": column.label})
        if "value" not in columns and not {"numerator", "denominator"} <= columns.keys():
            problems.append(
                _("The file needs a column “%(value)s” (or “%(numerator)s” and “%(denominator)s”).")
                % {
                    "value": COLUMNS[COLUMN_KEYS.index("value")].label,
                    "numerator": COLUMNS[COLUMN_KEYS.index("numerator")].label,
                    "denominator": COLUMNS[COLUMN_KEYS.index("denominator")].label,
                }
            )
        if problems:
            raise FileRejected(
                _("Row %(row)s (the header): %(problems)s")
                % {"row": number, "problems": " ".join(problems)}
            )
        return number, columns
    raise FileRejected(_("The file is empty."))


def _data_rows(table: _Table) -> Iterator[tuple[int, list]]:
    """The rows below the header that are not blank; too many rows reject the file."""
    limit = settings.MEASUREMENT_IMPORT_MAX_ROWS
    filled = read = 0
    for number, cells in table.rows:
        read += 1
        if read > limit * BLANK_ROWS_READ_FACTOR:
            break
        if _is_blank(cells):
            continue
        filled += 1
        if filled > limit:
            break
        yield number, cells
    if filled > limit or read > limit * BLANK_ROWS_READ_FACTOR:
        raise FileRejected(
            _("The file has more than %(limit)s rows. Split it in smaller files.")
            % {"limit": limit}
        )


def _figure_columns_problem(indicator: Indicator, numbers: dict) -> str | None:
    """A share given as a value, or a plain figure given as numerator and denominator."""
    has_value = numbers.get("value") is not None
    has_ratio = numbers.get("numerator") is not None or numbers.get("denominator") is not None
    if indicator.aggregation == Aggregation.RATIO and has_value and not has_ratio:
        return _(
            "%(indicator)s is a share: write the numerator and the denominator instead of "
            "the value."
        ) % {"indicator": indicator}
    if indicator.aggregation != Aggregation.RATIO and has_ratio and not has_value:
        return _(
            "%(indicator)s is not a share: write the figure in the value column, not as a "
            "numerator and a denominator."
        ) % {"indicator": indicator}
    return None


def _text(cell) -> str:
    if cell is None:
        return ""
    if isinstance(cell, float) and cell.is_integer():
        return str(int(cell))
    if isinstance(cell, datetime.datetime):
        return cell.date().isoformat()
    if isinstance(cell, datetime.date):
        return cell.isoformat()
    text = " ".join(str(cell).split())
    # The CSV template writes a name that starts like a formula with an apostrophe in front
    # (backbone.spreadsheet.neutralise); read it back as the name.
    return text[1:] if text.startswith("'") and looks_like_formula(text[1:]) else text


class _RowReader:
    """Turns a row's cells into an Entry, or a ValidationError listing what is wrong with it.
    Looks things up once per file, not once per row."""

    def __init__(self, *, membership: Membership, columns: dict[str, int]):
        self.membership = membership
        self.columns = columns
        alliance_id = membership.alliance_id
        indicators = list(
            Indicator.objects.filter(alliance_id=alliance_id).prefetch_related("dimensions__values")
        )
        self.by_code: dict[str, list[Indicator]] = {}
        self.by_name: dict[str, Indicator] = {}
        for indicator in indicators:
            if indicator.code.strip():
                self.by_code.setdefault(indicator.code.strip().casefold(), []).append(indicator)
            else:
                self.by_name[" ".join(indicator.name.split()).casefold()] = indicator
        self.reportable = set(indicators_reportable_by(membership).values_list("pk", flat=True))
        self.organisations = {
            " ".join(organisation.name.split()).casefold(): organisation
            for organisation in Organisation.objects.filter(alliance_id=alliance_id)
        }
        self.locked = set(
            PeriodLock.objects.filter(alliance_id=alliance_id).values_list("frequency", "period")
        )
        self._reporting: dict[int, set[int]] = {}

    def cell(self, cells: list, key: str):
        index = self.columns.get(key)
        if index is None or index >= len(cells):
            return None
        return cells[index]

    def reporting_organisation_ids(self, indicator: Indicator) -> set[int]:
        if indicator.pk not in self._reporting:
            self._reporting[indicator.pk] = set(
                reporting_organisations(self.membership, indicator).values_list("pk", flat=True)
            )
        return self._reporting[indicator.pk]

    def entry(self, number: int, cells: list) -> Entry | None:
        """The row's entry; None for a row without any figure (skipped)."""
        figures = ("value", "numerator", "denominator", "respondents")
        if all(not _text(self.cell(cells, key)) for key in figures):
            return None
        problems: list[str] = []
        indicator = self._indicator(cells, problems)
        numbers: dict[str, Decimal | int | None] = {}
        for key in figures:
            try:
                if key == "respondents":
                    numbers[key] = whole_number_parse(self.cell(cells, key))
                else:
                    numbers[key] = decimal_parse(self.cell(cells, key))
            except ValidationError as error:
                label = COLUMNS[COLUMN_KEYS.index(key)].label
                problems.extend(f"{label}: {message}" for message in error.messages)
        comment = str(self.cell(cells, "comment") or "").strip()
        if len(comment) > 2000:
            problems.append(_("The comment is longer than 2000 characters."))
        if indicator is None:
            raise ValidationError(problems)
        period = self._period(indicator, cells, problems)
        organisation = self._organisation(indicator, cells, problems)
        breakdown = self._breakdown(indicator, cells, problems)
        if (problem := _figure_columns_problem(indicator, numbers)) is not None:
            problems.append(problem)
        if problems:
            raise ValidationError(problems)
        return Entry(
            number=number,
            indicator=indicator,
            period=period,
            organisation=organisation,
            breakdown=breakdown,
            comment=comment,
            **numbers,
        )

    def _indicator(self, cells: list, problems: list[str]) -> Indicator | None:
        code = _text(self.cell(cells, "indicator_code"))
        if code:
            found = self.by_code.get(code.casefold(), [])
        else:
            # An indicator without a code is named in the name column instead.
            name = _text(self.cell(cells, "indicator_name")).casefold()
            found = [self.by_name[name]] if name in self.by_name else []
            if not found:
                problems.insert(0, _("The indicator code is missing."))
                return None
        if not found:
            problems.insert(0, _("Unknown indicator code “%(code)s”.") % {"code": code[:40]})
            return None
        if len(found) > 1:
            problems.insert(
                0,
                _("The code “%(code)s” belongs to more than one indicator; ask the secretariat.")
                % {"code": code[:40]},
            )
            return None
        indicator = found[0]
        if indicator.pk not in self.reportable:
            problems.insert(0, _not_reportable(indicator))
            return None
        return indicator

    def _period(self, indicator: Indicator, cells: list, problems: list[str]):
        raw = self.cell(cells, "period")
        if isinstance(raw, float) and raw.is_integer():
            raw = int(raw)
        if isinstance(raw, int) and not isinstance(raw, bool):
            raw = str(raw)
        if raw is None or (isinstance(raw, str) and not raw.strip()):
            problems.append(_("The period is missing."))
            return None
        if isinstance(raw, str) and (match := _DANISH_DATE.match(raw.strip())):
            with contextlib.suppress(ValueError):  # not a date: period_parse says why
                raw = datetime.date(int(match[3]), int(match[2]), int(match[1]))
        try:
            period = period_parse(indicator.frequency, raw)
        except ValidationError as error:
            problems.extend(error.messages)
            return None
        if (indicator.frequency, period) in self.locked:
            problems.append(
                _("%(period)s is locked: its figures can no longer be entered or changed.")
                % {"period": period_label(indicator.frequency, period)}
            )
        return period

    def _organisation(self, indicator: Indicator, cells: list, problems: list[str]):
        name = _text(self.cell(cells, "organisation"))
        if not name:
            problems.append(_("The organisation is missing."))
            return None
        organisation = self.organisations.get(name.casefold())
        if organisation is None:
            problems.append(_("Unknown organisation “%(name)s”.") % {"name": name[:80]})
            return None
        if organisation.pk not in self.reporting_organisation_ids(indicator):
            problems.append(
                _("You cannot report on behalf of %(organisation)s.")
                % {"organisation": organisation.name}
            )
            return None
        return organisation

    def _breakdown(self, indicator: Indicator, cells: list, problems: list[str]):
        dimension_name = _text(self.cell(cells, "dimension"))
        label = _text(self.cell(cells, "breakdown"))
        if not label:
            if dimension_name:
                problems.append(
                    _(
                        "The breakdown value is missing. Leave the breakdown empty too for "
                        "the total."
                    )
                )
            return None
        dimensions = list(indicator.dimensions.all())
        if dimension_name:
            dimensions = [d for d in dimensions if d.name.casefold() == dimension_name.casefold()]
            if not dimensions:
                problems.append(
                    _("%(indicator)s is not broken down by “%(dimension)s”.")
                    % {"indicator": indicator, "dimension": dimension_name[:60]}
                )
                return None
        matches = [
            value
            for dimension in dimensions
            for value in dimension.values.all()
            if value.label.casefold() == label.casefold()
        ]
        if not matches:
            problems.append(
                _("Unknown breakdown value “%(label)s” for %(indicator)s.")
                % {"label": label[:60], "indicator": indicator}
            )
            return None
        if len(matches) > 1:
            problems.append(
                _("“%(label)s” is in more than one breakdown: fill in the breakdown column.")
                % {"label": label[:60]}
            )
            return None
        return matches[0]


# ---------------------------------------------------------------------------
# The template
# ---------------------------------------------------------------------------


def template_rows(
    *, indicators: Iterable[Indicator], membership: Membership, today: datetime.date | None = None
) -> list[list[str]]:
    """The template's rows below the header: for each indicator its total and one row per
    breakdown value, for the due period and the person's organisation, figures left empty.
    Pass indicators with `dimensions__values` prefetched."""
    today = today or timezone.localdate()
    rows = []
    for indicator in indicators:
        organisation = default_organisation(membership, indicator)
        base = [
            indicator.code,
            indicator.name,
            period_code(indicator.frequency, period_due(indicator.frequency, today)),
            organisation.name if organisation else "",
        ]
        rows.append([*base, "", "", "", "", "", "", ""])
        for dimension in indicator.dimensions.all():
            for value in dimension.values.all():
                rows.append([*base, dimension.name, value.label, "", "", "", "", ""])
    return rows


def default_organisation(membership: Membership, indicator: Indicator) -> Organisation | None:
    """The organisation a person reports for by default: their own when they may report for
    it, else the first they may."""
    organisations = reporting_organisations(membership, indicator).order_by("name")
    if membership.organisation_id:
        own = organisations.filter(pk=membership.organisation_id).first()
        if own is not None:
            return own
    return organisations.first()


def template_csv(rows: list[list[str]]) -> bytes:
    """The template as CSV the way Danish Excel opens it: UTF-8 with a byte order mark, ';'."""
    buffer = io.StringIO()
    writer = csv.writer(buffer, delimiter=";", lineterminator="\r\n")
    writer.writerow([neutralise(str(column.label)) for column in COLUMNS])
    writer.writerows([[neutralise(cell) for cell in row] for row in rows])
    return ("\ufeff" + buffer.getvalue()).encode("utf-8")


def template_xlsx(
    rows: list[list[str]], *, organisations: Iterable[str], indicators: Iterable[Indicator]
) -> bytes:
    """The template as an Excel workbook: the rows, a sheet of instructions, and lists to
    choose the indicator code, organisation and breakdown from."""
    from openpyxl import Workbook
    from openpyxl.styles import Alignment, Font
    from openpyxl.utils import get_column_letter, quote_sheetname
    from openpyxl.worksheet.datavalidation import DataValidation

    indicators = list(indicators)
    workbook = Workbook()
    sheet = workbook.active
    sheet.title = _("Figures")
    sheet.append([str(column.label) for column in COLUMNS])
    for cell in sheet[1]:
        cell.font = Font(bold=True)
    for row in rows:
        sheet.append(row)
    sheet.freeze_panes = "A2"
    widths = {"indicator_name": 40, "organisation": 28, "comment": 40, "breakdown": 20}
    for index, column in enumerate(COLUMNS, start=1):
        sheet.column_dimensions[get_column_letter(index)].width = widths.get(column.key, 16)
        if column.key in ("indicator_code", "period"):
            # Text, so that Excel does not turn 2025-03 into a date.
            for (cell,) in sheet.iter_rows(min_row=2, min_col=index, max_col=index):
                cell.number_format = "@"

    guide = workbook.create_sheet(_("Instructions"))
    guide.append([_("How to fill in the template")])
    guide["A1"].font = Font(bold=True, size=14)
    for line in instructions():
        guide.append([line])
    guide.append([])
    guide.append([_("Column"), _("What to write")])
    for cell in guide[guide.max_row]:
        cell.font = Font(bold=True)
    for column in COLUMNS:
        guide.append([str(column.label), str(column.help)])
    guide.append([])
    guide.append([_("Indicators"), _("Frequency and how the figure is written")])
    for cell in guide[guide.max_row]:
        cell.font = Font(bold=True)
    for indicator in indicators:
        guide.append([f"{indicator.code} {indicator.name}".strip(), _figure_hint(indicator)])
    guide.column_dimensions["A"].width = 40
    guide.column_dimensions["B"].width = 100
    for row in guide.iter_rows():
        for cell in row:
            cell.alignment = Alignment(wrap_text=True, vertical="top")

    # Choice lists live on a hidden sheet; validations point at them.
    lists = workbook.create_sheet(_("Lists"))
    lists.sheet_state = "hidden"
    choices = {
        "indicator_code": sorted({i.code for i in indicators if i.code}),
        "organisation": sorted(set(organisations)),
        "dimension": sorted({d.name for i in indicators for d in i.dimensions.all()}),
        "breakdown": sorted(
            {v.label for i in indicators for d in i.dimensions.all() for v in d.values.all()}
        ),
    }
    last_row = max(len(rows) + 1, 500)
    for list_index, (key, values) in enumerate(choices.items(), start=1):
        if not values:
            continue
        letter = get_column_letter(list_index)
        for row_index, value in enumerate(values, start=1):
            lists.cell(row=row_index, column=list_index, value=value)
        validation = DataValidation(
            type="list",
            formula1=f"{quote_sheetname(lists.title)}!${letter}$1:${letter}${len(values)}",
            allow_blank=True,
        )
        validation.error = _("Choose a value from the list.")
        validation.errorTitle = _("Not on the list")
        column_letter = get_column_letter(COLUMN_KEYS.index(key) + 1)
        validation.add(f"{column_letter}2:{column_letter}{last_row}")
        sheet.add_data_validation(validation)

    openpyxl_keep_text(workbook)
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


def instructions() -> list[str]:
    """The rules of the template, in words (the XLSX's instructions and the import page)."""
    return [
        _("One row per figure. Leave the breakdown columns empty for the total."),
        _("Rows without any figure are skipped: leave the groups you have no figure for."),
        _("Write numbers with a decimal comma or point: 12,5 and 12.5 both work."),
        _(
            "The import is all or nothing: if any row is wrong, nothing is saved and every "
            "wrong row is listed with its row number."
        ),
        _(
            "Uploading the same file again creates no duplicates: figures already saved are "
            "left as they are, and changed figures update the draft or returned value."
        ),
    ]


def _figure_hint(indicator: Indicator) -> str:
    frequency = Frequency(indicator.frequency).label
    if indicator.aggregation == Aggregation.RATIO:
        how = _("a share: numerator and denominator")
    else:
        how = _("%(unit)s in the value column") % {"unit": indicator.get_unit_display()}
    return f"{frequency}: {how}"


def periods_to_offer(frequency: str, today: datetime.date, count: int = 8) -> list:
    """The recent periods a person chooses from: from `count` periods back to the current one
    (newest first)."""
    current = period_due(frequency, today)
    start = current
    for _step in range(count - 1):
        start = period_due(frequency, start)
    periods = periods_between(frequency, start, today)
    return list(reversed(periods))
