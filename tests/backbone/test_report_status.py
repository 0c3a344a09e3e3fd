"""The status report's content and its three files: the figures are the dashboard's own (with
the small-group suppression of the requester's role), the activities, decisions and youth input
of the period, and the PDF, XLSX and CSV built from them."""

from __future__ import annotations

import csv
import datetime
import io
import uuid
import zipfile
from decimal import Decimal

import pytest
from django.utils import timezone, translation
from openpyxl import load_workbook
from pypdf import PdfReader

from alliance.models import AgendaVersion, Role
from backbone.models import Report, ReportKind, ReportStatus
from backbone.report_status import report_period, status_report_content
from backbone.reports import report_build
from initiatives.models import Activity, ActivityLog, ActivityStatus
from measurement import selectors_dashboard
from measurement.aggregation import indicator_recompute
from measurement.models import Aggregation, Direction, Summary, Unit
from measurement.selectors_dashboard import (
    dashboard_context,
    indicator_detail_context,
    indicator_for_dashboard,
)
from tests.factories import (
    AllianceFactory,
    FocusAreaFactory,
    GoalFactory,
    MembershipFactory,
    OrganisationFactory,
    WorkGroupFactory,
)
from tests.measurement.factories import (
    DataPointFactory,
    DimensionFactory,
    DimensionValueFactory,
    IndicatorFactory,
    TargetFactory,
)
from workgroups.models import Decision, Meeting, MinutesStatus
from youth_voice.models import InputStatus, Moderation, YouthInput

pytestmark = pytest.mark.django_db

TODAY = datetime.date(2026, 6, 15)
NOW = timezone.make_aware(datetime.datetime(2026, 6, 15, 12, 0))


@pytest.fixture(autouse=True)
def _no_kept_cards(monkeypatch):
    """No dashboard cards kept in this process from another test."""
    monkeypatch.setattr(selectors_dashboard, "recent_cards", selectors_dashboard._RecentCards(150))
    monkeypatch.setattr(selectors_dashboard, "_cache_paused_until", {})


def year(number: int) -> datetime.date:
    return datetime.date(number, 1, 1)


def _youth_input(alliance, **fields) -> YouthInput:
    token = uuid.uuid4().hex
    return YouthInput.objects.create(
        alliance=alliance,
        kind="idea",
        receipt_hash=token,
        link_hash=token[::-1],
        **fields,
    )


@pytest.fixture
def world():
    """A hand-made alliance: a percent indicator with a priority group, a count whose latest
    year rests on three respondents (a small group), an activity with sessions in and out of
    the period, a decision and youth input."""
    alliance = AllianceFactory(small_group_threshold=5, uncertain_below=20, name="Testalliancen")
    health = FocusAreaFactory(alliance=alliance, position=1, title="Mental sundhed")
    group = WorkGroupFactory(alliance=alliance, name="Trivselsgruppen")
    GoalFactory(focus_area=health, title="Færre ensomme unge", target_year=2030)
    AgendaVersion.objects.create(
        alliance=alliance,
        number=1,
        vision="Alle unge trives.",
        focus_areas=[
            {
                "id": health.pk,
                "position": 1,
                "title": "Mental sundhed",
                "description": "",
                "groups": [],
            }
        ],
        goals=[
            {
                "id": 1,
                "focus_area_id": health.pk,
                "position": 1,
                "title": "Færre ensomme unge",
                "description": "",
                "target_year": 2030,
            }
        ],
    )

    education = DimensionFactory(alliance=alliance, name="Uddannelse")
    eud = DimensionValueFactory(dimension=education, label="EUD", position=1)
    stx = DimensionValueFactory(dimension=education, label="STX", position=2)
    ratio = IndicatorFactory(
        alliance=alliance,
        code="A1",
        name="Unge i trivsel",
        unit=Unit.PERCENT,
        aggregation=Aggregation.RATIO,
        direction=Direction.HIGHER_IS_BETTER,
        baseline_value=Decimal("60"),
        baseline_period=year(2022),
        priority_value=eud,
    )
    ratio.focus_areas.add(health)
    ratio.workgroups.add(group)
    ratio.dimensions.add(education)
    TargetFactory(indicator=ratio, period=year(2027), value=Decimal("75"))
    school = OrganisationFactory(alliance=alliance, name="Skolen")
    for number, by_value in {
        2022: {eud: (30, 60), stx: (160, 200)},
        2023: {eud: (36, 60), stx: (164, 200)},
    }.items():
        for value, (numerator, denominator) in by_value.items():
            DataPointFactory(
                indicator=ratio,
                organisation=school,
                period=year(number),
                breakdown=value,
                value=None,
                numerator=numerator,
                denominator=denominator,
                respondents=denominator,
            )
    indicator_recompute(indicator=ratio)

    count = IndicatorFactory(
        alliance=alliance, code="B1", name="Henvendelser", direction=Direction.LOWER_IS_BETTER
    )
    count.focus_areas.add(health)
    for number, value, n in ((2022, 40, 50), (2023, 30, 50), (2024, 2, 3)):
        DataPointFactory(
            indicator=count, organisation=school, period=year(number), value=value, respondents=n
        )
    indicator_recompute(indicator=count)

    activity = Activity.objects.create(
        alliance=alliance,
        group=group,
        title="Fredagsklub",
        status=ActivityStatus.RUNNING,
        starts_on=datetime.date(2025, 1, 1),
        aims_at_priority_group=True,
    )
    activity.focus_areas.add(health)
    for day, new, returning in (
        (datetime.date(2026, 3, 6), 10, 5),
        (datetime.date(2026, 5, 1), 4, 12),
        (datetime.date(2025, 3, 7), 100, 100),  # before the period
    ):
        ActivityLog.objects.create(
            activity=activity,
            held_on=day,
            participants_new=new,
            participants_returning=returning,
            satisfaction_answers=10,
            satisfaction_positive=8,
        )
    meeting = Meeting.objects.create(
        group=group,
        title="Møde i Trivselsgruppen",
        starts_at=timezone.make_aware(datetime.datetime(2026, 4, 1, 15, 0)),
        ends_at=timezone.make_aware(datetime.datetime(2026, 4, 1, 16, 0)),
        minutes_status=MinutesStatus.PUBLISHED,
    )
    decision = Decision.objects.create(
        meeting=meeting, text="Fredagsklubben holder åbent til kl. 23.", decided_by="Gruppen"
    )
    sent = timezone.make_aware(datetime.datetime(2026, 2, 1, 10, 0))
    done = _youth_input(
        alliance,
        text="Hold åbent længere, jeg hedder Sara",
        published_text="Hold åbent længere, jeg hedder [navn]",
        moderation=Moderation.PUBLISHED,
        status=InputStatus.DONE,
        answer="Vi holder nu åbent til kl. 23.",
        answered_at=sent + datetime.timedelta(days=20),
        decision=decision,
        led_to_activity=activity,
        focus_area=health,
        routed_group=group,
    )
    private = _youth_input(
        alliance,
        text="Min private besked om min lærer",
        moderation=Moderation.PRIVATE,
        status=InputStatus.ANSWERED,
        answer="Tak, vi tager fat i skolen.",
    )
    pending = _youth_input(alliance, text="Ikke modereret endnu", status=InputStatus.RECEIVED)
    YouthInput.objects.filter(pk__in=[done.pk, private.pk, pending.pk]).update(created_at=sent)
    return {
        "alliance": alliance,
        "health": health,
        "group": group,
        "ratio": ratio,
        "count": count,
        "activity": activity,
        "decision": decision,
    }


def _content(world, role=Role.STEERING, **filters):
    membership = MembershipFactory(alliance=world["alliance"], role=role)
    with translation.override("da"):
        return status_report_content(
            alliance=world["alliance"], membership=membership, now=NOW, **filters
        ), membership


def _lines(content) -> dict:
    return {line.code: line for line in content.indicators}


def _cards(context) -> dict:
    return {card.indicator.code: card for group in context["groups"] for card in group.cards}


# ---------------------------------------------------------------------------
# The content
# ---------------------------------------------------------------------------


@pytest.mark.parametrize("role", [Role.STEERING, Role.SECRETARIAT])
def test_the_figures_are_the_dashboards(world, role):
    content, membership = _content(world, role=role)
    with translation.override("da"):
        cards = _cards(dashboard_context(alliance=world["alliance"], membership=membership))

    lines = _lines(content)
    assert set(lines) == set(cards) == {"A1", "B1"}
    for code, card in cards.items():
        line = lines[code]
        assert line.latest.value == card.latest.value
        assert line.latest.period == card.latest.period
        assert line.latest.text == card.latest.text
        assert line.status_label == card.status.label
        assert line.trend_label == card.trend.label
        assert line.target_text == card.target_text
        assert line.baseline_text == card.baseline_text
        assert [figure.value for figure in line.history] == [f.value for f in card.history]
        assert line.chart == card.chart
    # A1: 2023's total is 200/260 = 76.9 %, the target 75 in 2027, the baseline 60.
    a1 = lines["A1"]
    expected = Summary.objects.get(indicator=world["ratio"], breakdown=None, period=year(2023))
    assert a1.latest.value == expected.value
    assert a1.target_value == Decimal("75")
    assert a1.target_period == year(2027)
    assert a1.baseline_value == Decimal("60")


def test_a_small_group_is_hidden_from_the_steering_group(world):
    content, _membership = _content(world, role=Role.STEERING)

    b1 = _lines(content)["B1"]
    assert b1.latest.period == year(2024)
    assert b1.latest.is_hidden
    assert b1.latest.value is None
    assert b1.latest.respondents is None
    assert b1.status_key == "hidden"
    assert [f.value for f in b1.history] == [Decimal("40"), Decimal("30"), None]
    assert 2 not in [y for trace in b1.chart["data"] for y in trace["y"]]
    assert not content.about.sees_small_groups


def test_the_secretariat_sees_the_small_group_marked(world):
    content, _membership = _content(world, role=Role.SECRETARIAT)

    b1 = _lines(content)["B1"]
    assert b1.latest.value == Decimal("2")
    assert not b1.latest.is_hidden
    assert b1.latest.is_small
    assert b1.latest.respondents == 3
    assert content.about.sees_small_groups


def test_the_gap_is_the_indicator_pages(world):
    content, membership = _content(world, role=Role.STEERING)
    indicator = indicator_for_dashboard(alliance=world["alliance"]).get(pk=world["ratio"].pk)
    with translation.override("da"):
        page = indicator_detail_context(
            alliance=world["alliance"], membership=membership, indicator=indicator
        )

    gap = _lines(content)["A1"].gap
    assert gap.group == "EUD"
    assert gap.sentence == page["gap"].sentence
    assert [line.gap for line in gap.lines] == [row.gap for row in page["gap"].rows]
    # 2022: EUD 50 % against STX 80 %; 2023: 60 % against 82 %.
    assert [line.priority_value for line in gap.lines] == [Decimal(50), Decimal(60)]
    assert [line.rest_value for line in gap.lines] == [Decimal(80), Decimal(82)]
    assert _lines(content)["B1"].gap is None


def test_a_year_shows_the_figures_as_of_its_end(world):
    content, _membership = _content(world, role=Role.SECRETARIAT, year=2023)

    lines = _lines(content)
    assert lines["B1"].latest.period == year(2023)
    assert lines["B1"].latest.value == Decimal("30")
    assert (content.about.period_start, content.about.period_end) == (
        year(2023),
        datetime.date(2023, 12, 31),
    )
    assert content.activities.lines == []
    assert content.decisions == []


def test_the_period_without_a_year_is_the_last_twelve_months():
    assert report_period(None, today=TODAY) == (datetime.date(2025, 6, 16), TODAY)
    assert report_period(2024) == (year(2024), datetime.date(2024, 12, 31))


def test_activities_with_their_reach_in_the_period(world):
    content, _membership = _content(world)

    [line] = content.activities.lines
    assert line.title == "Fredagsklub"
    assert line.sessions == 2
    assert (line.participants, line.participants_new, line.participants_returning) == (31, 14, 17)
    assert line.satisfied_percent == Decimal("80.0")
    assert line.aims_at_priority_group
    assert content.activities.participants == 31


def test_decisions_of_the_period(world):
    content, _membership = _content(world)

    [decision] = content.decisions
    assert decision.text == "Fredagsklubben holder åbent til kl. 23."
    assert decision.date == datetime.date(2026, 4, 1)
    assert decision.group == "Trivselsgruppen"


def test_youth_input_is_counted_and_only_published_text_shown(world):
    content, _membership = _content(world)

    youth = content.youth
    counts = {count.status: count.count for count in youth.counts}
    assert youth.total == 3
    assert counts[InputStatus.DONE] == 1
    assert counts[InputStatus.ANSWERED] == 1
    assert counts[InputStatus.RECEIVED] == 1
    [outcome] = youth.outcomes
    assert outcome.text == "Hold åbent længere, jeg hedder [navn]"
    assert outcome.answer == "Vi holder nu åbent til kl. 23."
    assert outcome.decision == "Fredagsklubben holder åbent til kl. 23."
    assert outcome.activity == "Fredagsklub"
    assert youth.unpublished_outcomes == 1
    # The young person's name and unmoderated words appear nowhere (the requester's own name,
    # made up at random, may be anything, Sara too).
    everything = repr(content).replace(repr(content.about.made_for), "")
    assert "Sara" not in everything
    assert "Min private besked" not in everything
    assert "Ikke modereret" not in everything


def test_the_agenda_in_brief_and_the_about(world):
    content, membership = _content(world)

    assert content.agenda.version == 1
    assert content.agenda.vision == "Alle unge trives."
    assert [(area.title, [g.title for g in area.goals]) for area in content.agenda.areas] == [
        ("Mental sundhed", ["Færre ensomme unge"])
    ]
    newest = max(Summary.objects.values_list("computed_at", flat=True))
    assert content.about.data_computed_at == newest
    assert content.about.made_at == NOW
    assert content.about.role == Role.STEERING
    assert content.about.made_for == membership.user.get_full_name()


def test_filters_narrow_every_part(world):
    other_group = WorkGroupFactory(alliance=world["alliance"], name="Madgruppen")

    content, _membership = _content(world, workgroup=other_group.pk)

    assert content.indicators == []
    assert content.activities.lines == []
    assert content.decisions == []
    assert content.youth.total == 0
    assert content.about.workgroup == "Madgruppen"


def test_another_alliances_focus_area_is_refused(world):
    foreign = FocusAreaFactory(alliance=AllianceFactory())

    with pytest.raises(ValueError):
        _content(world, focus_area=foreign.pk)


# ---------------------------------------------------------------------------
# The files
# ---------------------------------------------------------------------------


def _build(world, kind, *, role=Role.STEERING, **parameters) -> Report:
    membership = MembershipFactory(alliance=world["alliance"], role=role)
    report = Report.objects.create(
        alliance=world["alliance"],
        requested_by=membership.user,
        kind=kind,
        parameters={"language": "da", "year": None, "focus_area": None, "workgroup": None}
        | parameters,
    )
    assert report_build(report_id=report.pk) == ReportStatus.DONE, Report.objects.get(
        pk=report.pk
    ).error
    report.refresh_from_db()
    return report


def _workbook(report: Report):
    with report.file.open("rb") as handle:
        return load_workbook(io.BytesIO(handle.read()))


def _rows(sheet) -> list[dict]:
    rows = list(sheet.iter_rows(values_only=True))
    return [dict(zip(rows[0], row, strict=True)) for row in rows[1:]]


def test_the_pdf_has_every_indicator_and_its_charts(world):
    report = _build(world, ReportKind.STATUS_PDF)

    assert report.content_type == "application/pdf"
    assert report.file_name.endswith(".pdf")
    with report.file.open("rb") as handle:
        pdf = PdfReader(io.BytesIO(handle.read()))
    text = "\n".join(page.extract_text() for page in pdf.pages)
    assert "Unge i trivsel" in text
    assert "Henvendelser" in text
    assert "Statusrapport til styregruppen" in text
    images = {image.name for page in pdf.pages for image in page.images}
    assert len(images) == 3  # two indicator charts and the gap's
    assert "Hold åbent længere, jeg hedder [navn]" in text
    assert "Sara" not in text
    # every page says when it was made and from which figures
    for page in pdf.pages:
        assert "Lavet" in page.extract_text()
        assert "ud fra tal beregnet" in page.extract_text()


def test_the_workbook_has_a_sheet_per_part_with_real_numbers_and_dates(world):
    report = _build(world, ReportKind.STATUS_XLSX, role=Role.SECRETARIAT)

    workbook = _workbook(report)
    assert workbook.sheetnames == [
        "Om rapporten",
        "Fælles dagsorden",
        "Indikatorer",
        "Tal pr. periode",
        "Forskelle mellem grupper",
        "Aktiviteter",
        "Beslutninger",
        "Ungeinput efter status",
        "Ungeinput",
    ]
    for sheet in workbook.worksheets:
        assert sheet.freeze_panes == "A2"
    indicators = {row["Kode"]: row for row in _rows(workbook["Indikatorer"])}
    for code, indicator in (("A1", world["ratio"]), ("B1", world["count"])):
        summary = (
            Summary.objects.filter(indicator=indicator, breakdown=None).order_by("-period").first()
        )
        row = indicators[code]
        assert isinstance(row["Nyeste værdi"], int | float)
        assert row["Nyeste værdi"] == pytest.approx(float(summary.value))
        assert row["Nyeste periode begynder"] == datetime.datetime.combine(
            summary.period, datetime.time()
        )
        assert isinstance(row["Tal beregnet"], datetime.datetime)
    assert indicators["A1"]["Mål"] == 75
    assert indicators["B1"]["Besvarelser (n)"] == 3
    cell = workbook["Indikatorer"]["H2"]
    assert cell.number_format == '0.0" %"'  # A1 is a percent: the number stays 76.9
    [activity] = _rows(workbook["Aktiviteter"])
    assert activity["Gange"] == 2
    assert activity["Deltagere nået"] == 31
    [decision] = _rows(workbook["Beslutninger"])
    assert decision["Dato"] == datetime.datetime(2026, 4, 1)


def test_the_steering_groups_workbook_hides_the_small_group(world):
    report = _build(world, ReportKind.STATUS_XLSX, role=Role.STEERING)

    indicators = {row["Kode"]: row for row in _rows(_workbook(report)["Indikatorer"])}
    assert indicators["B1"]["Nyeste værdi"] is None
    assert indicators["B1"]["Skjult (lille gruppe)"] == "Ja"
    figures = [row for row in _rows(_workbook(report)["Tal pr. periode"]) if row["Kode"] == "B1"]
    assert [row["Værdi"] for row in figures] == [40, 30, None]


def test_the_csv_zip_has_a_file_per_part_and_an_about_file(world):
    report = _build(world, ReportKind.STATUS_CSV)

    assert report.content_type == "application/zip"
    with report.file.open("rb") as handle, zipfile.ZipFile(io.BytesIO(handle.read())) as archive:
        names = archive.namelist()
        assert names[0] == "laes-mig.txt"
        assert "03-indikatorer.csv" in names
        assert len(names) == 10
        raw = archive.read("03-indikatorer.csv")
        assert raw.startswith("\ufeff".encode())
        rows = list(csv.DictReader(io.StringIO(raw.decode("utf-8-sig"))))
        readme = archive.read("laes-mig.txt").decode("utf-8-sig")
    a1 = next(row for row in rows if row["Kode"] == "A1")
    summary = Summary.objects.get(indicator=world["ratio"], breakdown=None, period=year(2023))
    assert Decimal(a1["Nyeste værdi"]) == summary.value.normalize()
    assert a1["Nyeste periode begynder"] == "2023-01-01"
    assert "03-indikatorer.csv" in readme
    assert "Statusrapport til styregruppen" in readme


FORMULAS = ['=HYPERLINK("http://x")', "+45 1234", "-1+1", "@SUM(A1)"]


def test_formula_looking_text_is_written_as_text(world):
    meeting = world["decision"].meeting
    for number, text in enumerate(FORMULAS):
        Decision.objects.create(meeting=meeting, text=text, decided_by=f"Gruppe {number}")

    workbook = _workbook(_build(world, ReportKind.STATUS_XLSX))
    sheet = workbook["Beslutninger"]
    cells = [sheet.cell(row=row, column=5) for row in range(2, sheet.max_row + 1)]
    assert {cell.value for cell in cells} >= set(FORMULAS)
    assert all(cell.data_type == "s" for cell in cells)

    report = _build(world, ReportKind.STATUS_CSV)
    with report.file.open("rb") as handle, zipfile.ZipFile(io.BytesIO(handle.read())) as archive:
        rows = list(
            csv.reader(io.StringIO(archive.read("07-beslutninger.csv").decode("utf-8-sig")))
        )
    assert {row[4] for row in rows[1:]} >= {"'" + text for text in FORMULAS}
    assert not any(row[4].startswith(("=", "+", "-", "@")) for row in rows[1:])
