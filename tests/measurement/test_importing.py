"""The import of a CSV or XLSX file in the template: every row checked, all or nothing, row
numbers in the errors, no duplicates on a second upload, bounded files recognised by content."""

import datetime
import io
from decimal import Decimal

import openpyxl
import pytest
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import translation

from measurement.importing import (
    decimal_parse,
    import_file,
    template_csv,
    template_rows,
    template_xlsx,
    whole_number_parse,
)
from measurement.models import DataPoint, DataPointStatus, Frequency
from measurement.services import datapoint_approve, period_lock
from tests.measurement.factories import reporting_world

pytestmark = pytest.mark.django_db
Y2025 = datetime.date(2025, 1, 1)
DANISH_HEADER = (
    "Indikatorkode;Indikator;Periode;Organisation;Opdeling;Opdelingsværdi;Værdi;Tæller;"
    "Nævner;Besvarelser (n);Kommentar"
)


@pytest.fixture
def world():
    return reporting_world()


def csv_upload(lines: list[str], *, encoding: str = "utf-8-sig", name: str = "tal.csv"):
    return SimpleUploadedFile(name, "\r\n".join(lines).encode(encoding), "text/csv")


def xlsx_upload(rows: list[list], *, name: str = "tal.xlsx", formats: dict | None = None):
    workbook = openpyxl.Workbook()
    sheet = workbook.active
    for row in rows:
        sheet.append(row)
    for coordinate, number_format in (formats or {}).items():
        sheet[coordinate].number_format = number_format
    buffer = io.BytesIO()
    workbook.save(buffer)
    return SimpleUploadedFile(name, buffer.getvalue(), "application/octet-stream")


def run(world, upload, *, submit=True, as_secretariat=False):
    membership = world["secretariat"] if as_secretariat else world["membership"]
    return import_file(upload=upload, membership=membership, user=membership.user, submit=submit)


def good_csv() -> list[str]:
    return [
        DANISH_HEADER,
        "AU1;Aktive unge;2025;Skolen;;;120;;;118;Tal fra skolens system",
        "AU1;Aktive unge;2025;Skolen;Køn;Piger;62,5;;;60;",
        "AU1;Aktive unge;2025;Skolen;Køn;Drenge;57,5;;;58;",
        "PCT1;Andel i trivsel;2025;Klubben;;;;45;120;120;",
    ]


def messages_by_row(result) -> dict:
    return {error.number: " ".join(error.messages) for error in result.errors}


# --- reading numbers --------------------------------------------------------------------


@pytest.mark.parametrize(
    ("raw", "expected"),
    [
        ("12,5", Decimal("12.5")),
        ("12.5", Decimal("12.5")),
        (" 1 234,5 ", Decimal("1234.5")),
        ("1.234,5", Decimal("1234.5")),
        ("1,234.5", Decimal("1234.5")),
        ("1.234.567", Decimal("1234567")),
        ("-3", Decimal("-3")),
        ("0,33333", Decimal("0.3333")),
        (12.3, Decimal("12.3")),
        (7, Decimal("7")),
        ("", None),
        (None, None),
    ],
)
def test_numbers_are_read_with_a_decimal_comma_or_point(raw, expected):
    assert decimal_parse(raw) == expected


@pytest.mark.parametrize("raw", ["tolv", "12,5,", "1e5", "NaN", "12 %x", "--1", True])
def test_text_that_is_no_number_is_an_error(raw):
    with pytest.raises(ValidationError):
        decimal_parse(raw)


def test_a_number_too_large_to_store_is_an_error():
    with pytest.raises(ValidationError):
        decimal_parse("12345678901")


def test_respondents_are_whole_numbers():
    assert whole_number_parse("25") == 25
    assert whole_number_parse(25.0) == 25
    with pytest.raises(ValidationError):
        whole_number_parse("2,5")
    with pytest.raises(ValidationError):
        whole_number_parse("-1")


# --- good files ------------------------------------------------------------------------------


def test_a_danish_excel_csv_with_semicolons_and_decimal_commas_is_imported(world):
    # when
    result = run(world, csv_upload(good_csv(), encoding="cp1252"))

    # then
    assert result.errors == []
    assert (result.created, result.updated, result.unchanged) == (4, 0, 0)
    total = DataPoint.objects.get(indicator=world["count"], breakdown=None)
    girls = DataPoint.objects.get(indicator=world["count"], breakdown=world["girls"])
    share = DataPoint.objects.get(indicator=world["share"])
    assert total.value == Decimal("120") and total.respondents == 118
    assert total.comment == "Tal fra skolens system"
    assert girls.value == Decimal("62.5") and girls.organisation == world["school"]
    assert (share.numerator, share.denominator, share.organisation) == (
        Decimal("45"),
        Decimal("120"),
        world["club"],
    )
    assert {dp.status for dp in DataPoint.objects.all()} == {DataPointStatus.SUBMITTED}
    assert {dp.entered_by for dp in DataPoint.objects.all()} == {world["coordinator"]}
    assert {dp.period for dp in DataPoint.objects.all()} == {Y2025}


def test_a_comma_separated_utf8_csv_with_english_headers_is_imported_as_drafts(world):
    lines = [
        "Indicator code,Period,Organisation,Dimension,Breakdown value,Value,Respondents (n)",
        'AU1,2025,Skolen,,,"12.5",',
        "au1,2025-06-30,skolen,køn,piger,7,",
    ]

    result = run(world, csv_upload(lines, encoding="utf-8"), submit=False)

    assert result.errors == []
    assert result.created == 2
    assert set(DataPoint.objects.values_list("status", flat=True)) == {DataPointStatus.DRAFT}
    assert DataPoint.objects.get(breakdown=world["girls"]).value == Decimal("7")


def test_an_xlsx_made_with_openpyxl_is_imported(world):
    upload = xlsx_upload(
        [
            ["Indikatorkode", "Periode", "Organisation", "Opdeling", "Opdelingsværdi", "Værdi"],
            ["AU1", 2025, "Skolen", None, None, 120],
            ["AU1", datetime.datetime(2025, 1, 1), "Skolen", "Køn", "Drenge", 57.5],
            [None, None, None, None, None, None],
            ["PCT1", "2025", "Skolen", None, None, None],  # no figures: skipped
        ]
    )

    result = run(world, upload)

    assert result.errors == []
    assert (result.created, result.skipped) == (2, 1)
    assert DataPoint.objects.get(breakdown=world["boys"]).value == Decimal("57.5")


def test_an_xlsx_cell_shown_as_a_percent_counts_as_the_percent_seen(world):
    world["count"].unit = "percent"
    world["count"].save()
    upload = xlsx_upload(
        [["Indikatorkode", "Periode", "Organisation", "Værdi"], ["AU1", 2025, "Skolen", 0.455]],
        formats={"D2": "0.0%"},
    )

    result = run(world, upload)

    assert result.errors == []
    assert DataPoint.objects.get().value == Decimal("45.5")


def test_the_same_file_twice_creates_no_duplicates(world):
    first = run(world, csv_upload(good_csv()))
    second = run(world, csv_upload(good_csv()))

    assert first.created == 4
    assert (second.created, second.updated, second.unchanged) == (0, 0, 4)
    assert DataPoint.objects.count() == 4


def test_the_same_draft_file_twice_changes_nothing_and_a_changed_figure_updates_its_draft(world):
    run(world, csv_upload(good_csv()), submit=False)
    stamps = dict(DataPoint.objects.values_list("pk", "updated_at"))

    again = run(world, csv_upload(good_csv()), submit=False)
    untouched = dict(DataPoint.objects.values_list("pk", "updated_at"))
    changed_lines = good_csv()
    changed_lines[1] = changed_lines[1].replace(";120;", ";121;")
    changed = run(world, csv_upload(changed_lines), submit=False)

    assert (again.created, again.updated, again.unchanged) == (0, 0, 4)
    assert untouched == stamps
    assert (changed.created, changed.updated, changed.unchanged) == (0, 1, 3)
    assert DataPoint.objects.count() == 4
    assert DataPoint.objects.get(indicator=world["count"], breakdown=None).value == 121


def test_a_file_of_approved_figures_uploaded_again_is_unchanged(world):
    run(world, csv_upload(good_csv()))
    datapoint_approve(datapoints=DataPoint.objects.all(), user=world["secretary"])

    again = run(world, csv_upload(good_csv()))

    assert (again.created, again.updated, again.unchanged) == (0, 0, 4)
    assert DataPoint.objects.count() == 4


def test_the_secretariat_imports_for_any_group_and_organisation(world):
    lines = [DANISH_HEADER, "X9;;2025;Fremmed forening;;;3;;;;"]

    result = run(world, csv_upload(lines), as_secretariat=True)

    assert result.errors == []
    assert DataPoint.objects.get().organisation == world["stranger"]


# --- bad files: nothing saved, every bad row listed -----------------------------------------


def test_one_bad_row_rejects_the_whole_file_and_names_its_row(world):
    lines = good_csv()
    lines.append("AU1;Aktive unge;2024;Skolen;;;tolv;;;;")

    with translation.override("en"):
        result = run(world, csv_upload(lines))

    assert not result.is_saved
    assert DataPoint.objects.count() == 0
    assert (result.created, result.updated, result.unchanged) == (0, 0, 0)
    assert list(messages_by_row(result)) == [6]
    assert "“tolv” is not a number" in messages_by_row(result)[6]


def test_every_bad_row_is_listed_with_what_is_wrong(world):
    period_lock(alliance=world["alliance"], frequency=Frequency.YEARLY, period=Y2025, user=None)
    lines = [
        DANISH_HEADER,
        "AU1;;2024;Skolen;;;10;;;;",  # 2: good
        "ZZZ;;2024;Skolen;;;10;;;;",  # 3: unknown code
        "X9;;2024;Skolen;;;10;;;;",  # 4: another group's indicator
        "AU1;;2024;Ukendt ApS;;;10;;;;",  # 5: unknown organisation
        "AU1;;2024;Fremmed forening;;;10;;;;",  # 6: an organisation not reported for
        "AU1;;2024;Skolen;Køn;Ikke-binær;10;;;;",  # 7: unknown breakdown value
        "AU1;;2024-Q3;Skolen;Køn;Piger;10;;;;",  # 8: a quarter for a yearly indicator
        "PCT1;;2024;Skolen;;;;130;120;;",  # 9: numerator above the denominator
        "AU1;;2024;Skolen;;;11;;;;",  # 10: the same key as row 2
        "AU1;;2025;Skolen;;;10;;;;",  # 11: a locked period
        "AU1;;2024;Skolen;Køn;Drenge;-4;;;;",  # 12: a negative count
        "PCT1;;2024;Skolen;Køn;Piger;45;;;;",  # 13: a share written as a value
        "AU1;;2024;Skolen;;Drenge;5;;;2,5;",  # 14: respondents not whole
    ]

    with translation.override("en"):
        result = run(world, csv_upload(lines))

    assert DataPoint.objects.count() == 0
    problems = messages_by_row(result)
    assert list(problems) == [3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14]
    assert "Unknown indicator code “ZZZ”" in problems[3]
    assert "You cannot report for the indicator X9 Andet udvalgs tal" in problems[4]
    assert "Unknown organisation “Ukendt ApS”" in problems[5]
    assert "You cannot report on behalf of Fremmed forening" in problems[6]
    assert "Unknown breakdown value “Ikke-binær”" in problems[7]
    assert "“2024-Q3” is not a period. Write it like 2025" in problems[8]
    assert "The numerator cannot be larger than the denominator" in problems[9]
    assert "already in row 2" in problems[10]
    assert "2025 is locked" in problems[11]
    assert "The value cannot be negative" in problems[12]
    assert "is a share: write the numerator and the denominator" in problems[13]
    assert "“2,5” is not a whole number" in problems[14]


def test_the_errors_are_in_danish_for_a_danish_reader(world):
    lines = [DANISH_HEADER, "AU1;;2024;Skolen;;;10;;;;", "PCT1;;2024;Skolen;;;;130;120;;"]

    with translation.override("da"):
        result = run(world, csv_upload(lines))

    assert "Tælleren kan ikke være større end nævneren." in messages_by_row(result)[3]


@pytest.mark.parametrize(
    ("content", "name", "message"),
    [
        (b"%PDF-1.7 binary\x00\x01", "tal.csv", "neither a CSV file nor an Excel workbook"),
        (b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1rest", "tal.xls", "old Excel file (XLS)"),
        (b"PK\x03\x04 not really a zip", "tal.xlsx", "neither a CSV file nor an Excel workbook"),
        (b"", "tal.csv", "The file is empty"),
        (b"just one column\nand text", "tal.csv", "no columns separated"),
        (
            "Kode;Periode;Organisation;Vaerdi;Farve\nAU1;2025;Skolen;1;blå".encode(),
            "tal.csv",
            "Unknown column “Farve”",
        ),
        (
            b"Periode;Organisation;Vaerdi\n2025;Skolen;1",
            "tal.csv",
            "The column “Indicator code” is missing",
        ),
        (b"Kode;Periode;Organisation\nAU1;2025;Skolen", "tal.csv", "needs a column “Value”"),
        (b"Kode;Periode;Organisation;Vaerdi\n;;;\n", "tal.csv", "The file has no figures"),
    ],
)
def test_a_file_that_is_not_the_template_is_refused_with_a_clear_message(
    world, content, name, message
):
    with translation.override("en"):
        result = run(world, SimpleUploadedFile(name, content))

    assert not result.is_saved
    assert len(result.errors) == 1 and result.errors[0].number is None
    assert message in " ".join(result.errors[0].messages)
    assert DataPoint.objects.count() == 0


def test_a_docx_renamed_to_xlsx_is_not_a_workbook(world):
    import zipfile

    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        archive.writestr("word/document.xml", "<w:document/>")

    with translation.override("en"):
        result = run(world, SimpleUploadedFile("tal.xlsx", buffer.getvalue()))

    assert "neither a CSV file nor an Excel workbook" in result.errors[0].messages[0]


def test_a_file_above_the_size_limit_is_refused(world, settings):
    settings.MEASUREMENT_IMPORT_MAX_BYTES = 1000
    lines = good_csv() + ["AU1;;2024;Skolen;;;1;;;;"] * 100

    with translation.override("en"):
        result = run(world, csv_upload(lines))

    assert "The file is too large. It can be at most 1000" in result.errors[0].messages[0]
    assert DataPoint.objects.count() == 0


def test_a_file_with_too_many_rows_is_refused(world, settings):
    settings.MEASUREMENT_IMPORT_MAX_ROWS = 3

    with translation.override("en"):
        result = run(world, csv_upload(good_csv()))

    assert "more than 3 rows" in result.errors[0].messages[0]
    assert DataPoint.objects.count() == 0


# --- the template ---------------------------------------------------------------------------


def test_the_csv_template_lists_the_total_and_every_breakdown_value_and_imports_back(world):
    rows = template_rows(
        indicators=[world["count"]], membership=world["membership"], today=datetime.date(2026, 5, 1)
    )

    content = template_csv(rows).decode("utf-8-sig")
    lines = content.splitlines()

    assert lines[1:] == [
        "AU1;Aktive unge;2025;Skolen;;;;;;;",
        "AU1;Aktive unge;2025;Skolen;Køn;Piger;;;;;",
        "AU1;Aktive unge;2025;Skolen;Køn;Drenge;;;;;",
    ]
    filled = [lines[0]] + [line[: line.rfind(";;;;;")] + ";5;;;;" for line in lines[1:]]
    result = run(world, csv_upload(filled))
    assert result.errors == []
    assert result.created == 3


def test_the_xlsx_template_has_instructions_and_choice_lists(world):
    indicators = [world["count"], world["share"]]
    rows = template_rows(
        indicators=indicators, membership=world["membership"], today=datetime.date(2026, 5, 1)
    )

    with translation.override("en"):
        content = template_xlsx(rows, organisations=["Skolen", "Klubben"], indicators=indicators)
    workbook = openpyxl.load_workbook(io.BytesIO(content))

    figures, guide = workbook.worksheets[0], workbook["Instructions"]
    assert [cell.value for cell in figures[1]][:3] == ["Indicator code", "Indicator", "Period"]
    assert figures.max_row == 7  # header + 2 indicators x (total + 2 genders)
    assert figures["D2"].value == "Skolen"
    assert any("decimal comma" in (row[0].value or "") for row in guide.iter_rows())
    assert len(figures.data_validations.dataValidation) == 4
    assert workbook["Lists"].sheet_state == "hidden"


def test_a_filled_xlsx_template_imports_back(world):
    indicators = [world["share"]]
    rows = template_rows(
        indicators=indicators, membership=world["membership"], today=datetime.date(2026, 5, 1)
    )
    workbook = openpyxl.load_workbook(
        io.BytesIO(template_xlsx(rows, organisations=["Skolen"], indicators=indicators))
    )
    sheet = workbook.worksheets[0]
    sheet["H2"], sheet["I2"] = 45, 120
    sheet["H3"], sheet["I3"] = 20, 60
    buffer = io.BytesIO()
    workbook.save(buffer)

    result = run(world, SimpleUploadedFile("skabelon.xlsx", buffer.getvalue()))

    assert result.errors == [], result.errors
    assert result.created == 2 and result.skipped == 1


def test_a_row_refused_by_the_service_rolls_back_the_rows_already_saved(world):
    lines = [
        DANISH_HEADER,
        "PCT1;;2024;Skolen;;;;45;120;;",
        "PCT1;;2024;Skolen;Køn;Piger;;20;60;;",
        "PCT1;;2024;Skolen;Køn;Drenge;;70;60;;",
    ]

    result = run(world, csv_upload(lines))

    assert list(messages_by_row(result)) == [4]
    assert (result.created, result.updated, result.unchanged) == (0, 0, 0)
    assert DataPoint.objects.count() == 0
