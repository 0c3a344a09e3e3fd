"""The reported-values exports (CSV, XLSX) and the open data package, built through the report
framework (backbone.reports.report_build) for a hand-made alliance with known values: every
column, the filters, what each role sees (small groups, submitted values), formula
neutralisation, real numbers and dates in XLSX, and a data package that frictionless
validates."""

from __future__ import annotations

import csv
import datetime
import io
import json
import zipfile
from decimal import Decimal

import frictionless
import openpyxl
import pytest
from django.utils import timezone

from alliance.models import Role
from backbone.models import Report, ReportKind, ReportStatus
from backbone.reports import report_build
from measurement.aggregation import indicator_recompute
from measurement.models import Aggregation, DataPointStatus, Unit
from tests.factories import (
    AllianceFactory,
    FocusAreaFactory,
    MembershipFactory,
    OrganisationFactory,
    UserFactory,
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

EVIL = '=HYPERLINK("http://example.com/x","klik")'
APPROVED = datetime.datetime(2026, 2, 3, 9, 30, tzinfo=datetime.UTC)
WHEN = "2026-02-03T10:30:00+01:00"  # APPROVED in Danish time, as the CSV writes it
HEADER = [
    "Indikatorkode",
    "Indikator",
    "Enhed",
    "Periode",
    "Organisation",
    "Opdeling",
    "Opdelingsværdi",
    "Værdi",
    "Tæller",
    "Nævner",
    "Besvarelser (n)",
    "Status",
    "Godkendt den",
    "Lille gruppe",
    "Kommentar",
]


@pytest.fixture(autouse=True)
def _media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"


@pytest.fixture
def world():
    """An alliance with two indicators in different focus areas and working groups:

    AU1 "Aktive unge" (count, summed, published; focus area "Trivsel", group "Fritid"),
    broken down by gender. Skolen reported for 2025: total 40 (n 40, comment EVIL), girls 3
    (n 3: a small group), boys 37 (n 37: hidden with the small neighbour), and a submitted
    total 41 waiting. For 2024 it reported 9, corrected to -2.5. The club (named EVIL)
    reported a draft, which is nobody's export.
    PCT1 "Andel i trivsel" (percent, ratio, not published; focus area "Uddannelse", group
    "Skole"): the club reported 30 of 60 (n 60) for 2025.
    Another alliance has an AU1 of its own with the value 999."""
    alliance = AllianceFactory(name="Eksportalliancen", slug="eksport")
    school = OrganisationFactory(alliance=alliance, name="Skolen")
    club = OrganisationFactory(alliance=alliance, name=EVIL)
    wellbeing = FocusAreaFactory(alliance=alliance, title="Trivsel")
    education = FocusAreaFactory(alliance=alliance, title="Uddannelse")
    leisure = WorkGroupFactory(alliance=alliance, name="Fritid")
    schooling = WorkGroupFactory(alliance=alliance, name="Skole")
    gender = DimensionFactory(alliance=alliance, name="Køn")
    girls = DimensionValueFactory(dimension=gender, label="Piger", position=1)
    boys = DimensionValueFactory(dimension=gender, label="Drenge", position=2)
    active = IndicatorFactory(alliance=alliance, code="AU1", name="Aktive unge", is_public=True)
    active.focus_areas.add(wellbeing)
    active.workgroups.add(leisure)
    active.dimensions.add(gender)
    TargetFactory(indicator=active, period=datetime.date(2030, 1, 1), value=Decimal("50"))
    share = IndicatorFactory(
        alliance=alliance,
        code="PCT1",
        name="Andel i trivsel",
        unit=Unit.PERCENT,
        aggregation=Aggregation.RATIO,
    )
    share.focus_areas.add(education)
    share.workgroups.add(schooling)

    y2025, y2024 = datetime.date(2025, 1, 1), datetime.date(2024, 1, 1)
    point = {"indicator": active, "organisation": school, "approved_at": APPROVED}
    DataPointFactory(**point, period=y2025, value=40, respondents=40, comment=EVIL)
    DataPointFactory(**point, period=y2025, breakdown=girls, value=3, respondents=3)
    DataPointFactory(**point, period=y2025, breakdown=boys, value=37, respondents=37)
    DataPointFactory(
        indicator=active,
        organisation=school,
        period=y2025,
        value=41,
        respondents=41,
        status=DataPointStatus.SUBMITTED,
        approved_at=None,
    )
    old = DataPointFactory(**point, period=y2024, value=9)
    DataPointFactory(**point, period=y2024, value=Decimal("-2.5"), supersedes=old)
    DataPointFactory(
        indicator=active,
        organisation=club,
        period=y2025,
        value=500,
        status=DataPointStatus.DRAFT,
        approved_at=None,
    )
    DataPointFactory(
        indicator=share,
        organisation=club,
        period=y2025,
        value=None,
        numerator=30,
        denominator=60,
        respondents=60,
        approved_at=APPROVED,
    )
    stranger = IndicatorFactory(code="AU1", name="Aktive unge", is_public=True)
    DataPointFactory(indicator=stranger, period=y2025, value=999, respondents=100)
    for indicator in (active, share, stranger):
        indicator_recompute(indicator=indicator)
    secretary = MembershipFactory(
        alliance=alliance, role=Role.SECRETARIAT, user=UserFactory(full_name="Sara Sekretær")
    )
    steering = MembershipFactory(
        alliance=alliance, role=Role.STEERING, user=UserFactory(full_name="Sofie Styregruppe")
    )
    return {
        "alliance": alliance,
        "secretariat": secretary,
        "steering": steering,
        "wellbeing": wellbeing,
        "education": education,
        "leisure": leisure,
        "schooling": schooling,
        "active": active,
        "share": share,
        "stranger": stranger,
    }


def build(membership, kind: str, **parameters) -> Report:
    """Ask for a report as the member and build it with the real framework."""
    report = Report.objects.create(
        alliance=membership.alliance,
        requested_by=membership.user,
        kind=kind,
        parameters={"language": "da", **parameters},
    )
    report_build(report_id=report.pk)
    report.refresh_from_db()
    return report


def csv_rows(report: Report) -> list[list[str]]:
    assert report.status == ReportStatus.DONE, report.error
    with report.file.open("rb") as handle:
        data = handle.read()
    assert data.startswith("\ufeff".encode()), "UTF-8 with a byte order mark, for Excel"
    return list(csv.reader(io.StringIO(data.decode("utf-8-sig"), newline="")))


def workbook(report: Report) -> openpyxl.Workbook:
    assert report.status == ReportStatus.DONE, report.error
    with report.file.open("rb") as handle:
        return openpyxl.load_workbook(io.BytesIO(handle.read()))


# ---------------------------------------------------------------------------
# Reported values
# ---------------------------------------------------------------------------


def test_csv_has_every_column_for_the_steering_group_with_small_groups_hidden(world):
    # when the steering group exports the reported values
    report = build(world["steering"], ReportKind.DATA_POINTS_CSV)

    # then every approved, current value is there, in order, with every column
    rows = csv_rows(report)
    assert rows[0] == HEADER
    au1, pct1 = ["AU1", "Aktive unge", "Antal"], ["PCT1", "Andel i trivsel", "Procent"]
    ok = ["Godkendt", WHEN]
    # fmt: off
    assert rows[1:] == [
        # the 2024 value was corrected: only the correction, a real negative number
        [*au1, "2024-01-01", "Skolen", "", "", "-2.5", "", "", "", *ok, "", ""],
        # the total, its comment neutralised so a spreadsheet does not run it
        [*au1, "2025-01-01", "Skolen", "", "", "40", "", "", "40", *ok, "", "'" + EVIL],
        # girls (n 3) is a small group; boys is hidden too, or total - boys = girls
        [*au1, "2025-01-01", "Skolen", "Køn", "Piger", "", "", "", "", *ok, "skjult", ""],
        [*au1, "2025-01-01", "Skolen", "Køn", "Drenge", "", "", "", "", *ok, "skjult", ""],
        # the percent with its numerator and denominator; the organisation's name neutralised
        [*pct1, "2025-01-01", "'" + EVIL, "", "", "", "30", "60", "60", *ok, "", ""],
    ]
    # fmt: on
    # and the file says what it is, from where and when
    made = timezone.localtime(report.started_at).strftime("%Y-%m-%d")
    assert report.file_name.startswith(f"indberettede-vaerdier-eksport-{made}-")
    assert report.file_name.endswith(".csv")
    assert report.content_type == "text/csv; charset=utf-8"


def test_the_secretariat_sees_small_groups_marked_and_submitted_values(world):
    rows = csv_rows(build(world["secretariat"], ReportKind.DATA_POINTS_CSV))

    skolen_2025 = [row for row in rows if row[3] == "2025-01-01" and row[4] == "Skolen"]
    assert [(r[6], r[7], r[10], r[11], r[13]) for r in skolen_2025] == [
        ("", "40", "40", "Godkendt", ""),
        ("", "41", "41", "Indsendt", ""),
        ("Piger", "3", "3", "Godkendt", "kun vist for sekretariatet"),
        ("Drenge", "37", "37", "Godkendt", "kun vist for sekretariatet"),
    ]
    assert skolen_2025[1][12] == "", "a submitted value has no approval time"
    # drafts stay with their reporter, and a corrected value gives way to its correction
    assert not [row for row in rows if row[7] in {"500", "9"}]


@pytest.mark.parametrize(
    ("parameters", "codes_and_years"),
    [
        ({"year": 2024}, {("AU1", "2024")}),
        ({"year": 2025}, {("AU1", "2025"), ("PCT1", "2025")}),
        ({"focus_area": "education"}, {("PCT1", "2025")}),
        ({"workgroup": "leisure"}, {("AU1", "2024"), ("AU1", "2025")}),
        ({"workgroup": "leisure", "year": 2023}, set()),
    ],
)
def test_filters_choose_year_focus_area_and_working_group(world, parameters, codes_and_years):
    parameters = {
        key: world[value].pk if isinstance(value, str) else value
        for key, value in parameters.items()
    }
    rows = csv_rows(build(world["steering"], ReportKind.DATA_POINTS_CSV, **parameters))

    assert rows[0] == HEADER
    assert {(row[0], row[3][:4]) for row in rows[1:]} == codes_and_years


def test_another_alliances_data_is_never_exported(world):
    other = MembershipFactory(alliance=world["stranger"].alliance, role=Role.SECRETARIAT)

    for membership in (world["steering"], world["secretariat"]):
        rows = csv_rows(build(membership, ReportKind.DATA_POINTS_CSV))
        assert {row[4] for row in rows[1:]} == {"Skolen", "'" + EVIL}
        assert "999" not in {row[7] for row in rows}
        sheet = workbook(build(membership, ReportKind.DATA_POINTS_XLSX))["Værdier"]
        assert 999 not in {row[7] for row in sheet.iter_rows(values_only=True)}
    # the stranger's own export holds its value and none of ours
    rows = csv_rows(build(other, ReportKind.DATA_POINTS_CSV))
    assert [row[7] for row in rows[1:]] == ["999"]
    # and a focus area of another alliance is refused, not ignored
    report = build(other, ReportKind.DATA_POINTS_CSV, focus_area=world["wellbeing"].pk)
    assert report.status == ReportStatus.FAILED
    assert "focus area" in report.error


def test_a_role_that_may_not_ask_for_reports_gets_nothing(world):
    coordinator = MembershipFactory(alliance=world["alliance"], role=Role.COORDINATOR)

    report = build(coordinator, ReportKind.DATA_POINTS_CSV)

    assert report.status == ReportStatus.FAILED
    assert not report.file


def test_xlsx_has_an_about_sheet_and_real_numbers_and_dates(world):
    report = build(world["steering"], ReportKind.DATA_POINTS_XLSX)

    book = workbook(report)
    assert book.sheetnames == ["Om udtrækket", "Værdier"]
    about = {row[0]: row[1] for row in book["Om udtrækket"].iter_rows(values_only=True) if row[0]}
    made = timezone.localtime(report.started_at).replace(tzinfo=None)
    assert isinstance(about["Lavet"], datetime.datetime)
    assert abs(about["Lavet"] - made) < datetime.timedelta(minutes=1)
    assert about["Alliance"] == "Eksportalliancen"
    assert about["Lavet til"] == "Sofie Styregruppe (Styregruppemedlem)"
    assert about["År"] == "Alle"
    assert about["Rækker"] == 5
    assert about["Seneste godkendelse"] == datetime.datetime(2026, 2, 3, 10, 30)
    assert "færre end 5 besvarelser er skjult" in about["Små grupper"]

    sheet = book["Værdier"]
    assert [cell.value for cell in sheet[1]] == HEADER
    negative, total, girls, _boys, percent = (sheet[n] for n in range(2, 7))
    # numbers are numbers (the negative one too), dates are dates
    assert negative[7].data_type == "n" and negative[7].value == -2.5
    assert negative[3].is_date and negative[3].value == datetime.datetime(2024, 1, 1)
    assert total[12].is_date and total[12].value == datetime.datetime(2026, 2, 3, 10, 30)
    assert total[10].value == 40 and total[10].data_type == "n"
    assert (percent[8].value, percent[9].value, percent[10].value) == (30, 60, 60)
    # a would-be formula is plain text, in a comment and in an organisation's name
    assert total[14].data_type == "s" and total[14].value == EVIL
    assert percent[4].data_type == "s" and percent[4].value == EVIL
    # small groups: blank value and the mark
    assert girls[7].value is None and girls[10].value is None and girls[13].value == "skjult"
    assert report.file_name.endswith(".xlsx")


def test_xlsx_for_the_secretariat_shows_small_groups_marked(world):
    sheet = workbook(build(world["secretariat"], ReportKind.DATA_POINTS_XLSX))["Værdier"]

    girls = next(row for row in sheet.iter_rows(values_only=True) if row[6] == "Piger")
    assert girls[7] == 3 and girls[10] == 3
    assert girls[13] == "kun vist for sekretariatet"


def test_english_exports_have_english_headings(world):
    rows = csv_rows(build(world["steering"], ReportKind.DATA_POINTS_CSV, language="en"))

    assert rows[0][:4] == ["Indicator code", "Indicator", "Unit", "Period"]
    assert rows[3][13] == "hidden"
    assert Report.objects.get(kind=ReportKind.DATA_POINTS_CSV).file_name.startswith(
        "reported-values-eksport-"
    )


def test_the_build_is_recorded_done_with_its_file(world):
    report = build(world["steering"], ReportKind.DATA_POINTS_XLSX)

    assert report.status == ReportStatus.DONE
    assert report.progress == 100
    assert report.content_type.startswith("application/vnd.openxmlformats")
    assert report.size == report.file.size > 0
    assert report.expires_at > report.finished_at


# ---------------------------------------------------------------------------
# The open data package
# ---------------------------------------------------------------------------


def _unpack(report: Report, directory) -> dict[str, list[dict]]:
    assert report.status == ReportStatus.DONE, report.error
    with report.file.open("rb") as handle, zipfile.ZipFile(io.BytesIO(handle.read())) as zipped:
        zipped.extractall(directory)
        names = set(zipped.namelist())
    assert {"datapackage.json", "README.md"} <= names
    return {
        path.stem: list(csv.DictReader(path.open(encoding="utf-8", newline="")))
        for path in directory.glob("*.csv")
    }


@pytest.mark.parametrize("role", ["steering", "secretariat"])
def test_open_data_package_holds_the_published_indicators_with_small_groups_hidden(
    world, tmp_path, role
):
    report = build(world[role], ReportKind.OPEN_DATA)
    tables = _unpack(report, tmp_path)

    # only the published indicator, as the public page chooses them
    assert [(row["indicator_id"], row["code"]) for row in tables["indicators"]] == [
        (str(world["active"].pk), "AU1")
    ]
    assert tables["indicators"][0]["unit"] == "count"
    assert [row["title"] for row in tables["focus-areas"]] == ["Trivsel"]
    assert [row["value"] for row in tables["breakdowns"]] == ["Piger", "Drenge"]
    assert [(row["period"], row["target"]) for row in tables["targets"]] == [("2030-01-01", "50")]
    # the figures: the totals of 2024 and 2025, and the two small groups of 2025 hidden for
    # everyone (it is public data), also when the secretariat asks
    figures = [
        (r["period_code"], r["breakdown"], r["value"], r["respondents"], r["is_suppressed"])
        for r in tables["summaries"]
    ]
    assert figures == [
        ("2024", "", "-2.5", "", "false"),
        ("2025", "", "40", "40", "false"),
        ("2025", "Piger", "", "", "true"),
        ("2025", "Drenge", "", "", "true"),
    ]
    assert "999" not in (tmp_path / "summaries.csv").read_text(encoding="utf-8")

    # and the package validates
    result = frictionless.validate(str(tmp_path / "datapackage.json"))
    assert result.valid, result.flatten(["rowNumber", "fieldName", "type", "note"])
    descriptor = json.loads((tmp_path / "datapackage.json").read_text(encoding="utf-8"))
    assert descriptor["name"] == "eksport-open-data"
    assert descriptor["licenses"][0]["name"] == "CC-BY-4.0"
    assert descriptor["created"].endswith("Z")
    assert report.file_name.startswith("aabne-data-eksport-")
    assert report.content_type == "application/zip"


def test_validation_catches_a_broken_foreign_key_and_a_wrong_type(world, tmp_path):
    """The package's schema is strict enough for validation to mean something."""
    _unpack(build(world["steering"], ReportKind.OPEN_DATA), tmp_path)
    summaries = tmp_path / "summaries.csv"
    original = summaries.read_text(encoding="utf-8")
    indicator = str(world["active"].pk)

    # a figure of an indicator that is not in the package
    lines = original.splitlines()
    lines[1] = "987654" + lines[1][len(indicator) :]
    summaries.write_text("\n".join(lines) + "\n", encoding="utf-8")
    result = frictionless.validate(str(tmp_path / "datapackage.json"))
    assert not result.valid
    assert "foreign-key" in {error[0] for error in result.flatten(["type"])}

    # a value that is not a number
    summaries.write_text(original.replace(",-2.5,", ",minus,"), encoding="utf-8")
    result = frictionless.validate(str(tmp_path / "datapackage.json"))
    assert not result.valid
    assert "type-error" in {error[0] for error in result.flatten(["type"])}


def test_open_data_filters_by_year_and_focus_area(world, tmp_path):
    report = build(world["steering"], ReportKind.OPEN_DATA, year=2024)
    tables = _unpack(report, tmp_path / "year")
    assert [row["period_code"] for row in tables["summaries"]] == ["2024"]
    assert frictionless.validate(str(tmp_path / "year" / "datapackage.json")).valid

    report = build(world["steering"], ReportKind.OPEN_DATA, focus_area=world["education"].pk)
    tables = _unpack(report, tmp_path / "area")
    assert tables["indicators"] == [] and tables["summaries"] == []
    assert frictionless.validate(str(tmp_path / "area" / "datapackage.json")).valid
