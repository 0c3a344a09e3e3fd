"""The reports pages: asking for a report, following it, downloading it, and who may do what;
and the sweep that deletes files once their time is up."""

from __future__ import annotations

import datetime

import pytest
from django.core.files.base import ContentFile
from django.urls import reverse
from django.utils import formats, timezone, translation

from alliance.models import Role
from backbone.models import Report, ReportKind, ReportStatus
from backbone.reports import reports_sweep
from tests.factories import AllianceFactory, FocusAreaFactory, MembershipFactory, WorkGroupFactory

pytestmark = pytest.mark.django_db


def t(message: str, **params) -> str:
    with translation.override("da"):
        text = translation.gettext(message)
    return text % params if params else text


@pytest.fixture
def people():
    alliance = AllianceFactory()
    other = AllianceFactory()
    return {
        "alliance": alliance,
        "other": other,
        "secretariat": MembershipFactory(alliance=alliance, role=Role.SECRETARIAT).user,
        "steering": MembershipFactory(alliance=alliance, role=Role.STEERING).user,
        "steering_2": MembershipFactory(alliance=alliance, role=Role.STEERING).user,
        "coordinator": MembershipFactory(alliance=alliance, role=Role.COORDINATOR).user,
        "other_secretariat": MembershipFactory(alliance=other, role=Role.SECRETARIAT).user,
    }


def _report(alliance, user, *, status=ReportStatus.DONE, kind=ReportKind.STATUS_PDF, **extra):
    report = Report.objects.create(
        alliance=alliance,
        requested_by=user,
        kind=kind,
        parameters={"language": "da", "year": 2025, "focus_area": None, "workgroup": None},
        status=status,
        **extra,
    )
    if status == ReportStatus.DONE:
        report.file.save("status.pdf", ContentFile(b"%PDF-1.7 test"), save=False)
        report.file_name = "statusrapport-2026-11-27.pdf"
        report.content_type = "application/pdf"
        report.size = 13
        report.finished_at = timezone.now()
        report.expires_at = timezone.now() + datetime.timedelta(hours=48)
        report.save()
    return report


def _url(name: str, report: Report | None = None, alliance=None) -> str:
    kwargs = {"alliance_slug": (alliance or report.alliance).slug}
    if report is not None:
        kwargs["pk"] = report.pk
    return reverse(f"backbone:{name}", kwargs=kwargs)


def test_the_list_shows_the_form_and_ones_own_reports(client, people):
    mine = _report(people["alliance"], people["steering"])
    theirs = _report(people["alliance"], people["steering_2"])
    client.force_login(people["steering"])

    response = client.get(_url("reports", alliance=people["alliance"]))

    assert response.status_code == 200
    page = response.content.decode()
    assert t("Ask for a report") in page
    for kind in ReportKind:
        assert str(kind.label) in page or t(str(kind.label)) in page
    assert _url("report", mine) in page
    assert _url("report", theirs) not in page


def test_the_secretariat_sees_every_report_of_the_alliance(client, people):
    mine = _report(people["alliance"], people["steering"])
    foreign = _report(people["other"], people["other_secretariat"])
    client.force_login(people["secretariat"])

    page = client.get(_url("reports", alliance=people["alliance"])).content.decode()

    assert _url("report", mine) in page
    assert _url("report", foreign) not in page
    assert t("The alliance's reports") in page


def test_asking_for_a_report_records_it_and_goes_to_its_page(client, people):
    area = FocusAreaFactory(alliance=people["alliance"])
    group = WorkGroupFactory(alliance=people["alliance"])
    client.force_login(people["steering"])

    response = client.post(
        _url("reports", alliance=people["alliance"]),
        {
            "kind": ReportKind.STATUS_XLSX,
            "year": str(timezone.localdate().year),
            "focus_area": area.pk,
            "workgroup": group.pk,
            "language": "en",
        },
    )

    report = Report.objects.get()
    assert response.status_code == 302
    assert response["Location"] == _url("report", report)
    assert report.kind == ReportKind.STATUS_XLSX
    assert report.requested_by == people["steering"]
    assert report.status == ReportStatus.QUEUED
    assert report.parameters == {
        "language": "en",
        "year": timezone.localdate().year,
        "focus_area": area.pk,
        "workgroup": group.pk,
    }


def test_another_alliances_working_group_is_a_form_error(client, people):
    foreign = WorkGroupFactory(alliance=people["other"])
    client.force_login(people["secretariat"])

    response = client.post(
        _url("reports", alliance=people["alliance"]),
        {"kind": ReportKind.STATUS_PDF, "workgroup": foreign.pk, "language": "da"},
    )

    assert response.status_code == 400
    assert t("Choose a working group from the list.") in response.content.decode()
    assert not Report.objects.exists()


def test_an_unknown_kind_is_a_form_error(client, people):
    client.force_login(people["secretariat"])

    response = client.post(
        _url("reports", alliance=people["alliance"]), {"kind": "everything", "language": "da"}
    )

    assert response.status_code == 400
    assert t("Choose a kind of report from the list.") in response.content.decode()


def test_a_coordinator_may_not_ask_for_reports(client, people):
    client.force_login(people["coordinator"])

    assert client.get(_url("reports", alliance=people["alliance"])).status_code == 403


def test_the_progress_polls_while_building_and_stops_when_done(client, people):
    running = _report(
        people["alliance"],
        people["steering"],
        status=ReportStatus.RUNNING,
        progress=40,
        progress_text="Har tegnet diagram 3 af 9",
    )
    done = _report(people["alliance"], people["steering"])
    client.force_login(people["steering"])

    building = client.get(_url("report_progress", running)).content.decode()
    finished = client.get(_url("report_progress", done)).content.decode()

    assert 'hx-trigger="every 1s"' in building
    assert 'value="40"' in building
    assert "Har tegnet diagram 3 af 9" in building
    assert _url("report", running) in building  # the refresh link without JavaScript
    assert "hx-trigger" not in finished
    assert _url("report_download", done) in finished
    assert "13" in finished  # its size
    with translation.override("da"):
        deleted = formats.date_format(timezone.localtime(done.expires_at), "DATETIME_FORMAT")
    assert t("The file is deleted %(when)s.", when=deleted) in finished


def test_a_failed_report_says_so_kindly_and_can_be_asked_for_again(client, people):
    failed = _report(
        people["alliance"],
        people["steering"],
        status=ReportStatus.FAILED,
        kind=ReportKind.STATUS_CSV,
        error="KaleidoError: the browser crashed at /usr/bin/chromium",
    )
    client.force_login(people["steering"])

    page = client.get(_url("report", failed)).content.decode()
    response = client.post(_url("report_retry", failed))

    assert t("The report could not be made") in page
    assert t("Try again") in page
    assert "KaleidoError" not in page
    again = Report.objects.exclude(pk=failed.pk).get()
    assert response.status_code == 302
    assert response["Location"] == _url("report", again)
    assert (again.kind, again.parameters, again.status) == (
        failed.kind,
        failed.parameters,
        ReportStatus.QUEUED,
    )


def test_the_requester_downloads_the_file_as_an_attachment(client, people):
    report = _report(people["alliance"], people["steering"])
    client.force_login(people["steering"])

    response = client.get(_url("report_download", report))

    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    assert response["Content-Disposition"] == (
        'attachment; filename="statusrapport-2026-11-27.pdf"'
    )
    assert b"".join(response.streaming_content) == b"%PDF-1.7 test"


@pytest.mark.parametrize(
    ("who", "status"),
    [
        ("steering", 200),
        ("secretariat", 200),
        ("steering_2", 404),
        ("coordinator", 403),
        ("other_secretariat", 404),
    ],
)
def test_who_may_see_a_report_its_progress_and_its_file(client, people, who, status):
    report = _report(people["alliance"], people["steering"])
    client.force_login(people[who])

    for name in ("report", "report_progress", "report_download"):
        assert client.get(_url(name, report)).status_code == status, name


def test_another_alliances_report_under_this_alliances_address_is_a_404(client, people):
    foreign = _report(people["other"], people["other_secretariat"])
    client.force_login(people["secretariat"])

    url = reverse(
        "backbone:report_download",
        kwargs={"alliance_slug": people["alliance"].slug, "pk": foreign.pk},
    )
    assert client.get(url).status_code == 404


def test_a_deleted_file_is_gone_with_a_danish_page(client, people):
    report = _report(people["alliance"], people["steering"])
    reports_sweep(now=report.expires_at + datetime.timedelta(seconds=1))
    client.force_login(people["steering"])

    response = client.get(_url("report_download", report))

    assert response.status_code == 410
    assert t("The file has been deleted") in response.content.decode()
    assert t("Ask for it again") in response.content.decode()


def test_the_sweep_deletes_expired_files_only(people):
    old = _report(people["alliance"], people["steering"])
    fresh = _report(people["alliance"], people["steering"])
    Report.objects.filter(pk=old.pk).update(
        expires_at=timezone.now() - datetime.timedelta(minutes=1)
    )
    storage, old_name = old.file.storage, old.file.name

    result = reports_sweep(now=timezone.now())

    old.refresh_from_db()
    fresh.refresh_from_db()
    assert result["expired"] == 1
    assert old.status == ReportStatus.EXPIRED
    assert not old.file
    assert not storage.exists(old_name)
    assert fresh.status == ReportStatus.DONE
    assert storage.exists(fresh.file.name)
