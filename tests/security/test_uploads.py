"""Uploads: the evidence file on a data point, agenda attachments and the measurement import
file refuse a program renamed as a document, a file above the setting's limit and an SVG with a
script, each with a form error in Danish (400, never 500); a path-traversal name is stored
without "..", inside the upload folder."""

from __future__ import annotations

import datetime
import uuid
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

import pytest
from django.urls import reverse
from django.utils import timezone

from measurement.models import DataPoint, Frequency
from measurement.periods import period_code, period_due
from tests.measurement.factories import reporting_world
from workgroups.models import AgendaAttachment, GroupRole
from workgroups.services import group_member_add
from workgroups.services_meetings import agenda_item_add, meeting_schedule

pytestmark = pytest.mark.django_db

PDF = b"%PDF-1.4\n% a paper\n" + b"0" * 64
EXE = b"MZ\x90\x00\x03\x00\x00\x00\x04\x00\x00\x00\xff\xff\x00\x00" + b"\x00" * 64
SVG = (
    b'<?xml version="1.0"?>\n<svg xmlns="http://www.w3.org/2000/svg">'
    b"<script>alert(document.cookie)</script></svg>"
)
TOO_LARGE = "Filen er for stor"
WRONG_CONTENT = "Filens indhold passer ikke til filtypen"
WRONG_TYPE = "Vedhæft en PDF, et billede (PNG, JPG), et dokument eller et regneark."


def multipart(fields: dict[str, str], file_field: str, filename: str, content: bytes):
    """A multipart body written by hand, so the file name reaches the server exactly as an
    attacker sends it (Django's test client would strip the folders first)."""
    boundary = uuid.uuid4().hex
    parts = [
        f'--{boundary}\r\nContent-Disposition: form-data; name="{name}"\r\n\r\n{value}\r\n'.encode()
        for name, value in fields.items()
    ]
    parts.append(
        f'--{boundary}\r\nContent-Disposition: form-data; name="{file_field}"; '
        f'filename="{filename}"\r\nContent-Type: application/octet-stream\r\n\r\n'.encode()
        + content
        + b"\r\n"
    )
    body = b"".join(parts) + f"--{boundary}--\r\n".encode()
    return body, f"multipart/form-data; boundary={boundary}"


@dataclass
class Surface:
    name: str
    send: Callable[[str, bytes], object]
    saved: Callable[[], list[str]]
    limit_setting: str
    shown: Callable[[], list[str]] = list


@pytest.fixture(params=["evidence", "attachment", "import"])
def surface(request, client, settings, tmp_path) -> Surface:
    return _surface(request.param, client, settings, tmp_path)


@pytest.fixture(params=["evidence", "attachment"])
def stored_surface(request, client, settings, tmp_path) -> Surface:
    """The uploads that are kept as files (the import file is read, never stored)."""
    return _surface(request.param, client, settings, tmp_path)


def _surface(kind: str, client, settings, tmp_path) -> Surface:
    settings.MEDIA_ROOT = tmp_path
    if kind in ("evidence", "import"):
        world = reporting_world()
        client.force_login(world["coordinator"])
        alliance = world["alliance"]
        due = period_due(Frequency.YEARLY, timezone.localdate())
        if kind == "evidence":
            url = reverse(
                "measurement:entry",
                kwargs={"alliance_slug": alliance.slug, "pk": world["count"].pk},
            )
            fields = {
                "period": period_code(Frequency.YEARLY, due),
                "organisation": str(world["school"].pk),
                "action": "submit",
                "comment": "",
                "total-value": "7",
            }
            return Surface(
                "evidence",
                lambda name, content: client.post(url, *_body(fields, "evidence", name, content)),
                lambda: [point.evidence.name for point in DataPoint.objects.exclude(evidence="")],
                "MEASUREMENT_EVIDENCE_MAX_BYTES",
            )
        url = reverse("measurement:import", kwargs={"alliance_slug": alliance.slug})
        return Surface(
            "import",
            lambda name, content: client.post(url, *_body({"submit": "1"}, "file", name, content)),
            lambda: [str(point.pk) for point in DataPoint.objects.all()],
            "MEASUREMENT_IMPORT_MAX_BYTES",
        )
    world = reporting_world()
    group, coordinator = world["own"], world["coordinator"]
    group_member_add(group=group, user=coordinator, role=GroupRole.COORDINATOR)
    starts = timezone.now() + datetime.timedelta(days=7)
    meeting = meeting_schedule(
        group=group,
        user=coordinator,
        title="Møde",
        starts_at=starts,
        ends_at=starts + datetime.timedelta(hours=1),
        place="Rådhuset",
    )
    item = agenda_item_add(meeting=meeting, user=None, title="Budget")
    client.force_login(coordinator)
    url = reverse(
        "workgroups:attachment_upload",
        kwargs={"alliance_slug": world["alliance"].slug, "pk": meeting.pk, "item_pk": item.pk},
    )
    return Surface(
        "attachment",
        lambda name, content: client.post(url, *_body({}, f"item{item.pk}-file", name, content)),
        lambda: [attachment.file.name for attachment in AgendaAttachment.objects.all()],
        "WORKGROUPS_ATTACHMENT_MAX_BYTES",
        lambda: [attachment.name for attachment in AgendaAttachment.objects.all()],
    )


def _body(fields, file_field, name, content):
    body, content_type = multipart(fields, file_field, name, content)
    return body, content_type


def _refused(response, surface: Surface, *texts: str) -> None:
    assert response.status_code == 400, response.status_code
    page = response.content.decode()
    assert any(text in page for text in texts), page[-3000:]
    assert surface.saved() == []


def test_a_program_renamed_as_a_document_is_refused(surface):
    name = "tal.csv" if surface.name == "import" else "rapport.pdf"
    response = surface.send(name, EXE)
    _refused(
        response,
        surface,
        WRONG_CONTENT,
        "Filen er hverken en CSV-fil eller en Excel-projektmappe (XLSX).",
    )


def test_a_file_above_the_limit_is_refused(surface, settings):
    setattr(settings, surface.limit_setting, 1000)
    name = "tal.csv" if surface.name == "import" else "rapport.pdf"
    response = surface.send(name, PDF + b"0" * 1000)
    _refused(response, surface, TOO_LARGE)


@pytest.mark.parametrize("name", ["tegning.svg", "tegning.png", "tegning.pdf", "tegning.txt"])
def test_an_svg_with_a_script_is_refused(surface, name):
    response = surface.send(name, SVG)
    _refused(
        response,
        surface,
        WRONG_TYPE,
        WRONG_CONTENT,
        "Filen ligner ikke skabelonen",
    )


@pytest.mark.parametrize(
    "name",
    [
        "../../etc/passwd.pdf",
        "..\\..\\windows\\win.pdf",
        "/etc/passwd.pdf",
        "..%2F..%2Fx.pdf",
        "....//....//x.pdf",
        "./../x.pdf",
    ],
)
def test_a_path_traversal_name_is_stored_inside_the_upload_folder(stored_surface, name, tmp_path):
    response = stored_surface.send(name, PDF)

    assert response.status_code == 302, response.status_code
    stored = stored_surface.saved()
    assert len(stored) == 1
    for path in stored:
        # no step up in the stored path: ".." is never one of its folders
        assert ".." not in Path(path.replace("\\", "/")).parts, path
        assert (tmp_path / path).resolve().is_relative_to(tmp_path.resolve()), path
        assert (tmp_path / path).is_file(), path
    # the name shown on the agenda is a bare file name, never a path
    assert all("/" not in shown and "\\" not in shown for shown in stored_surface.shown())
