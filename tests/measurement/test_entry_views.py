"""The reporting pages: the overview, the entry form of one indicator, submitting and deleting
drafts, the import page and the template downloads."""

import io
from decimal import Decimal

import openpyxl
import pytest
from django.conf import settings
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from measurement.models import DataPoint, DataPointStatus, Frequency
from measurement.periods import period_code, period_due
from measurement.services import datapoint_return, period_lock
from tests.factories import AllianceFactory, MembershipFactory, UserFactory
from tests.measurement.factories import (
    DataPointFactory,
    IndicatorFactory,
    reporting_world,
)

pytestmark = pytest.mark.django_db


@pytest.fixture
def world():
    return reporting_world()


@pytest.fixture
def due():
    return period_due(Frequency.YEARLY, timezone.localdate())


def url(world, name, **kwargs):
    return reverse(
        f"measurement:{name}", kwargs={"alliance_slug": world["alliance"].slug, **kwargs}
    )


def logged_in(client, user, language="en"):
    client.force_login(user)
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = language
    return client


def entry_data(world, due, *, action="submit", organisation=None, **rows):
    data = {
        "period": period_code(Frequency.YEARLY, due),
        "organisation": (organisation or world["school"]).pk,
        "action": action,
        "comment": "",
    }
    for prefix, figures in rows.items():
        for name, figure in figures.items():
            data[f"{prefix}-{name}"] = figure
    return data


# --- the overview -----------------------------------------------------------------------------


def test_the_overview_lists_the_groups_indicators_with_the_due_period_and_state(client, world, due):
    DataPointFactory(
        indicator=world["count"],
        organisation=world["school"],
        period=due,
        status=DataPointStatus.SUBMITTED,
    )
    logged_in(client, world["coordinator"])

    response = client.get(url(world, "report"))

    assert response.status_code == 200
    page = response.content.decode()
    assert "Egen gruppe" in page and "Aktive unge" in page and "Andel i trivsel" in page
    assert "Andet udvalgs tal" not in page  # another group's indicator
    assert f"Due: {due.year}" in page
    assert "Submitted, waiting for approval" in page
    assert "Not started" in page


def test_a_returned_value_needs_attention_with_its_reason_shown(client, world, due):
    datapoint = DataPointFactory(
        indicator=world["count"],
        organisation=world["school"],
        period=due,
        status=DataPointStatus.SUBMITTED,
        entered_by=world["coordinator"],
    )
    datapoint_return(datapoint=datapoint, user=world["secretary"], reason="Drengene mangler.")
    logged_in(client, world["coordinator"])

    page = client.get(url(world, "report")).content.decode()

    assert "Needs your attention" in page
    assert page.count("Drengene mangler.") == 2  # in the attention list and on the indicator
    assert url(world, "datapoint_submit", pk=datapoint.pk) not in page  # correct it first
    assert (
        f"{url(world, 'entry', pk=world['count'].pk)}?period={due.year}&amp;organisation=" in page
    )


def test_the_overview_needs_the_same_queries_for_few_and_many_indicators(client, world, due):
    logged_in(client, world["coordinator"])
    client.get(url(world, "report"))  # warm up (session, language)

    def count_queries() -> int:
        with CaptureQueriesContext(connection) as captured:
            assert client.get(url(world, "report")).status_code == 200
        return len(captured)

    few = count_queries()
    for number in range(25):
        indicator = IndicatorFactory(alliance=world["alliance"], code=f"M{number}")
        indicator.workgroups.add(world["own"])
        indicator.dimensions.add(world["gender"])
        DataPointFactory(
            indicator=indicator,
            organisation=world["school"],
            period=due,
            status=DataPointStatus.DRAFT,
            entered_by=world["coordinator"],
        )
    many = count_queries()

    assert few == many
    assert many <= 14


# --- the entry form ----------------------------------------------------------------------------


def test_the_entry_form_shows_the_definition_the_due_period_and_a_row_per_breakdown(
    client, world, due
):
    logged_in(client, world["coordinator"])

    response = client.get(url(world, "entry", pk=world["count"].pk))

    assert response.status_code == 200
    page = response.content.decode()
    assert world["count"].definition in page
    assert f'<option value="{due.year}" selected>' in page
    for prefix in ("total", f"b{world['girls'].pk}", f"b{world['boys'].pk}"):
        assert f'name="{prefix}-value"' in page
        assert f'name="{prefix}-respondents"' in page
    assert 'inputmode="decimal"' in page
    assert "Submit for approval" in page and "Save as draft" in page


def test_a_coordinator_enters_a_total_and_a_breakdown_and_submits_them(client, world, due):
    logged_in(client, world["coordinator"])
    data = entry_data(
        world,
        due,
        total={"value": "120", "respondents": "118"},
        **{f"b{world['girls'].pk}": {"value": "62,5"}},
    )

    response = client.post(url(world, "entry", pk=world["count"].pk), data)

    assert response.status_code == 302
    assert response["Location"] == url(world, "report")
    saved = {dp.breakdown_id: dp for dp in DataPoint.objects.filter(indicator=world["count"])}
    assert set(saved) == {None, world["girls"].pk}
    assert saved[None].value == 120 and saved[None].respondents == 118
    assert saved[world["girls"].pk].value == Decimal("62.5")
    for datapoint in saved.values():
        assert datapoint.status == DataPointStatus.SUBMITTED
        assert datapoint.organisation == world["school"]
        assert datapoint.entered_by == world["coordinator"]
        assert datapoint.period == due
    followed = client.get(response["Location"]).content.decode()
    assert "2 figures of Aktive unge were submitted for approval." in followed


def test_a_draft_is_saved_with_a_decimal_point_and_prefills_the_form(client, world, due):
    logged_in(client, world["coordinator"])
    data = entry_data(world, due, action="draft", total={"value": "12.5"})

    client.post(url(world, "entry", pk=world["count"].pk), data)
    page = client.get(url(world, "entry", pk=world["count"].pk)).content.decode()

    assert DataPoint.objects.get().status == DataPointStatus.DRAFT
    assert 'value="12.5"' in page
    assert "Draft, not submitted" in page


def test_a_share_is_entered_as_numerator_and_denominator(client, world, due):
    logged_in(client, world["coordinator"])
    data = entry_data(world, due, total={"numerator": "45", "denominator": "120"})

    response = client.post(url(world, "entry", pk=world["share"].pk), data)

    assert response.status_code == 302
    datapoint = DataPoint.objects.get()
    assert (datapoint.numerator, datapoint.denominator, datapoint.value) == (45, 120, None)


def test_bad_numbers_are_refused_on_their_row_and_nothing_is_saved(client, world, due):
    logged_in(client, world["coordinator"])
    girls = f"b{world['girls'].pk}"
    data = entry_data(world, due, total={"value": "120"}, **{girls: {"value": "tolv"}})

    response = client.post(url(world, "entry", pk=world["count"].pk), data)

    assert response.status_code == 400
    page = response.content.decode()
    assert f'id="id_{girls}-value_error"' in page
    assert "“tolv” is not a number." in page
    assert "Nothing was saved." in page
    assert DataPoint.objects.count() == 0


def test_a_service_error_lands_on_its_row_and_rolls_back_the_other_rows(client, world, due):
    logged_in(client, world["coordinator"], language="da")
    boys = f"b{world['boys'].pk}"
    data = entry_data(
        world,
        due,
        total={"numerator": "45", "denominator": "120"},
        **{boys: {"numerator": "70", "denominator": "60"}},
    )

    response = client.post(url(world, "entry", pk=world["share"].pk), data)

    assert response.status_code == 400
    page = response.content.decode()
    assert f'id="id_{boys}-numerator_error"' in page
    assert "Tælleren kan ikke være større end nævneren." in page
    assert DataPoint.objects.count() == 0


def test_an_empty_form_asks_for_a_figure(client, world, due):
    logged_in(client, world["coordinator"])

    response = client.post(url(world, "entry", pk=world["count"].pk), entry_data(world, due))

    assert response.status_code == 400
    assert "Enter at least one figure." in response.content.decode()


def test_a_coordinator_cannot_enter_data_for_another_groups_indicator(client, world, due):
    logged_in(client, world["coordinator"])
    address = url(world, "entry", pk=world["foreign"].pk)

    assert client.get(address).status_code == 403
    assert client.post(address, entry_data(world, due, total={"value": "1"})).status_code == 403
    assert DataPoint.objects.count() == 0


def test_a_coordinator_cannot_report_for_an_organisation_outside_their_groups(client, world, due):
    logged_in(client, world["coordinator"])
    data = entry_data(world, due, organisation=world["stranger"], total={"value": "1"})

    response = client.post(url(world, "entry", pk=world["count"].pk), data)

    assert response.status_code == 400
    assert DataPoint.objects.count() == 0


def test_the_secretariat_enters_for_any_organisation(client, world, due):
    logged_in(client, world["secretary"])
    data = entry_data(world, due, organisation=world["stranger"], total={"value": "3"})

    response = client.post(url(world, "entry", pk=world["foreign"].pk), data)

    assert response.status_code == 302
    assert DataPoint.objects.get().organisation == world["stranger"]


def test_another_alliances_indicator_is_not_found(client, world):
    elsewhere = IndicatorFactory(alliance=AllianceFactory())
    logged_in(client, world["coordinator"])

    assert client.get(url(world, "entry", pk=elsewhere.pk)).status_code == 404
    assert client.get(url(world, "import_template_csv", pk=elsewhere.pk)).status_code == 404


def test_a_locked_period_says_why_and_takes_no_figures(client, world, due):
    period_lock(alliance=world["alliance"], frequency=Frequency.YEARLY, period=due, user=None)
    logged_in(client, world["coordinator"])
    address = url(world, "entry", pk=world["count"].pk)

    page = client.get(address).content.decode()
    response = client.post(address, entry_data(world, due, total={"value": "5"}))

    assert f"{due.year} is locked" in page
    assert 'name="total-value"' not in page
    assert response.status_code == 400
    assert DataPoint.objects.count() == 0


def test_an_approved_value_prefills_and_a_submitted_one_is_read_only(client, world, due):
    DataPointFactory(
        indicator=world["count"], organisation=world["school"], period=due, value=Decimal("40")
    )
    DataPointFactory(
        indicator=world["count"],
        organisation=world["school"],
        period=due,
        breakdown=world["girls"],
        value=Decimal("21"),
        status=DataPointStatus.SUBMITTED,
    )
    logged_in(client, world["coordinator"])

    page = client.get(url(world, "entry", pk=world["count"].pk)).content.decode()

    assert 'name="total-value" id="id_total-value" value="40"' in page
    girls = f"b{world['girls'].pk}"
    assert f'name="{girls}-value" id="id_{girls}-value" value="21"' in page
    assert f'id="id_{girls}-value" value="21" inputmode="decimal" autocomplete="off" readonly' in (
        page
    )


def test_resubmitting_unchanged_figures_changes_nothing(client, world, due):
    logged_in(client, world["coordinator"])
    data = entry_data(world, due, total={"value": "7"})
    client.post(url(world, "entry", pk=world["count"].pk), data)

    response = client.post(url(world, "entry", pk=world["count"].pk), data, follow=True)

    assert DataPoint.objects.count() == 1
    assert "Nothing changed" in response.content.decode()


def test_evidence_is_kept_once_with_the_total(client, world, due, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    logged_in(client, world["coordinator"])
    data = entry_data(world, due, total={"value": "7"}, **{f"b{world['girls'].pk}": {"value": "3"}})
    data["evidence"] = SimpleUploadedFile("bilag.pdf", b"%PDF-1.4 evidence", "application/pdf")

    response = client.post(url(world, "entry", pk=world["count"].pk), data)

    assert response.status_code == 302
    assert DataPoint.objects.get(breakdown=None).evidence.name.endswith(".pdf")
    assert not DataPoint.objects.get(breakdown=world["girls"]).evidence


def test_evidence_of_the_wrong_type_is_refused(client, world, due):
    logged_in(client, world["coordinator"])
    data = entry_data(world, due, total={"value": "7"})
    data["evidence"] = SimpleUploadedFile("bilag.pdf", b"MZ not a pdf", "application/pdf")

    response = client.post(url(world, "entry", pk=world["count"].pk), data)

    assert response.status_code == 400
    assert "does not match its type PDF" in response.content.decode()
    assert DataPoint.objects.count() == 0


# --- submitting and deleting drafts ----------------------------------------------------------


def test_a_coordinator_submits_and_deletes_their_own_drafts(client, world, due):
    draft, doomed = (
        DataPointFactory(
            indicator=world["count"],
            organisation=world["school"],
            period=due,
            breakdown=breakdown,
            status=DataPointStatus.DRAFT,
            entered_by=world["coordinator"],
        )
        for breakdown in (None, world["girls"])
    )
    logged_in(client, world["coordinator"])

    submitted = client.post(url(world, "datapoint_submit", pk=draft.pk))
    deleted = client.post(url(world, "datapoint_delete", pk=doomed.pk))

    assert submitted.status_code == deleted.status_code == 302
    draft.refresh_from_db()
    assert draft.status == DataPointStatus.SUBMITTED
    assert not DataPoint.objects.filter(pk=doomed.pk).exists()
    assert client.get(url(world, "datapoint_submit", pk=draft.pk)).status_code == 405


def test_someone_elses_draft_is_only_theirs_or_the_secretariats(client, world, due):
    draft = DataPointFactory(
        indicator=world["count"],
        organisation=world["school"],
        period=due,
        status=DataPointStatus.DRAFT,
        entered_by=world["secretary"],
    )
    logged_in(client, world["coordinator"])

    assert client.post(url(world, "datapoint_submit", pk=draft.pk)).status_code == 403
    assert client.post(url(world, "datapoint_delete", pk=draft.pk)).status_code == 403
    draft.refresh_from_db()
    assert draft.status == DataPointStatus.DRAFT


def test_a_submitted_value_cannot_be_deleted(client, world, due):
    submitted = DataPointFactory(
        indicator=world["count"],
        organisation=world["school"],
        period=due,
        status=DataPointStatus.SUBMITTED,
        entered_by=world["coordinator"],
    )
    logged_in(client, world["coordinator"])

    response = client.post(url(world, "datapoint_delete", pk=submitted.pk), follow=True)

    assert "Only a draft can be deleted." in response.content.decode()
    assert DataPoint.objects.filter(pk=submitted.pk).exists()


# --- import -----------------------------------------------------------------------------------


def csv_file(lines):
    return SimpleUploadedFile("tal.csv", "\r\n".join(lines).encode("utf-8-sig"), "text/csv")


HEADER = "Indikatorkode;Periode;Organisation;Opdeling;Opdelingsværdi;Værdi"


def test_the_import_page_documents_the_template(client, world):
    logged_in(client, world["coordinator"])

    response = client.get(url(world, "import"))

    assert response.status_code == 200
    page = response.content.decode()
    assert "Breakdown value" in page and "Respondents (n)" in page
    assert url(world, "import_template_all") in page


def test_a_good_file_is_imported_and_the_counts_shown(client, world):
    logged_in(client, world["coordinator"])
    lines = [HEADER, "AU1;2025;Skolen;;;10", "AU1;2025;Skolen;Køn;Piger;4,5"]

    first = client.post(url(world, "import"), {"file": csv_file(lines), "submit": "1"})
    second = client.post(
        url(world, "import"), {"file": csv_file(lines), "submit": "1"}, follow=True
    )

    assert first.status_code == 302
    assert DataPoint.objects.filter(status=DataPointStatus.SUBMITTED).count() == 2
    assert "0 new, 0 changed and 2 unchanged figures" in second.content.decode()


def test_a_file_with_a_bad_row_is_rejected_with_its_row_number_and_nothing_saved(client, world):
    logged_in(client, world["coordinator"])
    lines = [HEADER, "AU1;2025;Skolen;;;10", "AU1;2025;Skolen;Køn;Piger;4,5", "X9;2025;Skolen;;;1"]

    response = client.post(url(world, "import"), {"file": csv_file(lines), "submit": "0"})

    assert response.status_code == 400
    page = response.content.decode()
    assert "Row 4:" in page
    assert "You cannot report for the indicator X9 Andet udvalgs tal." in page
    assert "nothing was saved" in page
    assert DataPoint.objects.count() == 0


def test_a_file_too_large_or_of_another_type_is_refused_with_400(client, world, settings):
    settings.MEASUREMENT_IMPORT_MAX_BYTES = 100
    logged_in(client, world["coordinator"])

    large = client.post(
        url(world, "import"),
        {"file": csv_file([HEADER] + ["AU1;2025;Skolen;;;10"] * 20), "submit": "1"},
    )
    png = client.post(
        url(world, "import"),
        {"file": SimpleUploadedFile("tal.csv", b"\x89PNG\r\n\x1a\n\x00\x00"), "submit": "1"},
    )
    missing = client.post(url(world, "import"), {"submit": "1"})

    assert large.status_code == png.status_code == missing.status_code == 400
    assert "The file is too large" in large.content.decode()
    assert "neither a CSV file nor an Excel workbook" in png.content.decode()
    assert DataPoint.objects.count() == 0


def test_the_templates_download_filled_with_the_breakdowns(client, world, due):
    logged_in(client, world["coordinator"])

    csv_response = client.get(url(world, "import_template_csv", pk=world["count"].pk))
    xlsx_response = client.get(url(world, "import_template_xlsx", pk=world["count"].pk))
    all_response = client.get(url(world, "import_template_all"))

    assert csv_response.status_code == 200
    assert csv_response["Content-Type"].startswith("text/csv")
    assert "attachment" in csv_response["Content-Disposition"]
    lines = csv_response.content.decode("utf-8-sig").splitlines()
    assert lines[0].startswith("Indicator code;Indicator;Period;Organisation")
    assert lines[1].startswith(f"AU1;Aktive unge;{due.year};Skolen;;")
    assert len(lines) == 4
    workbook = openpyxl.load_workbook(io.BytesIO(xlsx_response.content))
    assert workbook.sheetnames[:2] == ["Figures", "Instructions"]
    everything = openpyxl.load_workbook(io.BytesIO(all_response.content)).worksheets[0]
    codes = {row[0] for row in everything.iter_rows(min_row=2, values_only=True)}
    assert codes == {"AU1", "PCT1"}


def test_another_groups_template_is_forbidden(client, world):
    logged_in(client, world["coordinator"])

    assert client.get(url(world, "import_template_csv", pk=world["foreign"].pk)).status_code == 403
    assert client.get(url(world, "import_template_xlsx", pk=world["foreign"].pk)).status_code == 403


def test_a_member_without_the_reporting_capability_is_refused(client, world):
    member = UserFactory()
    MembershipFactory(user=member, alliance=world["alliance"])
    logged_in(client, member)

    assert client.get(url(world, "report")).status_code == 403
    assert client.get(url(world, "import")).status_code == 403
