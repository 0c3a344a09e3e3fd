"""The meeting pages: scheduling, the meeting page, the agenda with attachments, attendance and
minutes, decisions and action items. Status, permission per role, redirects, refused input
(400 with the form), upload checks and a fixed number of queries."""

import datetime
from zoneinfo import ZoneInfo

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from alliance.models import Role
from tests.factories import AllianceFactory, MembershipFactory, UserFactory, WorkGroupFactory
from workgroups.models import (
    ActionItem,
    AgendaAttachment,
    Attendance,
    AttendanceStatus,
    Decision,
    GroupRole,
    Meeting,
    MinutesCorrection,
    MinutesStatus,
)
from workgroups.services import group_member_add
from workgroups.services_meetings import (
    action_item_add,
    agenda_attachment_add,
    agenda_item_add,
    agenda_publish,
    attendance_record,
    decision_add,
    meeting_schedule,
    minutes_publish,
    minutes_save,
)

pytestmark = pytest.mark.django_db

CPH = ZoneInfo("Europe/Copenhagen")
PDF = b"%PDF-1.4\n% a paper for the meeting\n"


# ---------------------------------------------------------------------------
# The world: one group with a coordinator and a member; people outside it
# ---------------------------------------------------------------------------


@pytest.fixture
def english(client):
    client.cookies["django_language"] = "en"
    return client


@pytest.fixture(autouse=True)
def _media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path


@pytest.fixture
def alliance():
    return AllianceFactory()


@pytest.fixture
def group(alliance):
    return WorkGroupFactory(alliance=alliance, name="Trivsel")


def _person(alliance, role, *, group=None, seat=GroupRole.MEMBER, name=""):
    user = UserFactory(full_name=name) if name else UserFactory()
    MembershipFactory(user=user, alliance=alliance, role=role)
    if group is not None:
        group_member_add(group=group, user=user, role=seat)
    return user


@pytest.fixture
def people(alliance, group):
    return {
        "coordinator": _person(
            alliance, Role.COORDINATOR, group=group, seat=GroupRole.COORDINATOR, name="Rasmus"
        ),
        "member": _person(alliance, Role.MEMBER, group=group, name="Anne"),
        "secretariat": _person(alliance, Role.SECRETARIAT),
        "steering": _person(alliance, Role.STEERING),
        "outsider": _person(alliance, Role.MEMBER),
        # A coordinator of the alliance who does not coordinate this group.
        "other_coordinator": _person(alliance, Role.COORDINATOR),
    }


def _future(days=14, hour=15):
    day = timezone.localdate() + datetime.timedelta(days=days)
    return datetime.datetime.combine(day, datetime.time(hour, 0), tzinfo=CPH)


@pytest.fixture
def meeting(group, people):
    starts = _future()
    return meeting_schedule(
        group=group,
        user=people["coordinator"],
        title="Møde i Trivsel",
        starts_at=starts,
        ends_at=starts + datetime.timedelta(minutes=90),
        place="Luma Youth House",
    )


def _url(name, alliance, **kwargs):
    return reverse(f"workgroups:{name}", kwargs={"alliance_slug": alliance.slug, **kwargs})


def _m(name, meeting, **kwargs):
    return _url(name, meeting.group.alliance, pk=meeting.pk, **kwargs)


def _login(client, user):
    client.force_login(user)
    return client


def _text(response) -> str:
    return response.content.decode()


# ---------------------------------------------------------------------------
# Permissions: managers, viewers, outsiders, another alliance
# ---------------------------------------------------------------------------

MANAGER_PAGES = [
    "meeting_edit",
    "meeting_cancel",
    "agenda_edit",
    "agenda_publish",
    "minutes_edit",
    "minutes_publish",
]


@pytest.mark.parametrize("name", MANAGER_PAGES)
@pytest.mark.parametrize(
    ("who", "status"),
    [
        ("coordinator", 200),
        ("secretariat", 200),
        ("member", 403),
        ("steering", 403),
        ("outsider", 403),
        ("other_coordinator", 403),
    ],
)
def test_manager_pages_open_for_the_groups_coordinator_and_the_secretariat_only(
    client, people, meeting, name, who, status
):
    _login(client, people[who])

    response = client.get(_m(name, meeting))

    assert response.status_code == status


@pytest.mark.parametrize(
    ("who", "status"),
    [
        ("coordinator", 200),
        ("member", 200),
        ("secretariat", 200),
        ("steering", 200),
        ("outsider", 403),
        ("other_coordinator", 403),
    ],
)
def test_the_meeting_page_opens_for_those_who_may_see_the_group(
    client, people, meeting, who, status
):
    _login(client, people[who])

    assert client.get(_m("meeting", meeting)).status_code == status


def test_another_alliances_meeting_is_not_found(client, people, meeting):
    other_alliance = AllianceFactory()
    secretariat = _person(other_alliance, Role.SECRETARIAT)
    _login(client, secretariat)

    response = client.get(_url("meeting", other_alliance, pk=meeting.pk))
    post = client.post(_url("meeting_cancel", other_alliance, pk=meeting.pk))

    assert response.status_code == 404
    assert post.status_code == 404
    meeting.refresh_from_db()
    assert not meeting.is_cancelled


def test_a_visitor_is_sent_to_the_login(client, meeting):
    response = client.get(_m("meeting", meeting))

    assert response.status_code == 302
    assert response["Location"].startswith("/accounts/login/")


def test_a_member_cannot_change_anything(client, people, meeting):
    _login(client, people["member"])
    item = agenda_item_add(meeting=meeting, user=None, title="Velkomst")

    answers = [
        client.post(_m("meeting_cancel", meeting)),
        client.post(_m("agenda_edit", meeting), {"title": "Snigpunkt"}),
        client.post(_m("agenda_item_remove", meeting, item_pk=item.pk)),
        client.post(_m("agenda_publish", meeting)),
        client.post(_m("minutes_publish", meeting)),
        client.post(
            _m("decision_add", meeting), {"decision-text": "x", "decision-decided_by": "y"}
        ),
    ]

    assert [answer.status_code for answer in answers] == [403] * len(answers)
    meeting.refresh_from_db()
    assert not meeting.is_cancelled
    assert not meeting.is_agenda_published
    assert meeting.agenda_items.count() == 1


# ---------------------------------------------------------------------------
# Scheduling
# ---------------------------------------------------------------------------


def _schedule_data(**changes):
    data = {
        "title": "Arbejdsgruppemøde",
        "repeats": "once",
        "date": "",
        "first_date": "",
        "until_date": "",
        "weekday": "",
        "week_of_month": "",
        "start_time": "15:00",
        "end_time": "16:30",
        "place": "Rådhuset",
        "video_url": "",
    }
    data.update(changes)
    return data


def test_a_coordinator_schedules_one_meeting_in_local_time(client, alliance, group, people):
    _login(client, people["coordinator"])
    day = timezone.localdate() + datetime.timedelta(days=30)

    response = client.post(
        _url("meeting_create", alliance, group_slug=group.slug),
        _schedule_data(date=day.isoformat(), video_url="https://meet.example.org/trivsel"),
    )

    meeting = Meeting.objects.get(group=group)
    assert response.status_code == 302
    assert response["Location"] == _m("meeting", meeting)
    assert timezone.localtime(meeting.starts_at).time() == datetime.time(15, 0)
    assert timezone.localtime(meeting.starts_at).date() == day
    assert meeting.video_url == "https://meet.example.org/trivsel"
    assert meeting.place == "Rådhuset"


def test_every_second_tuesday_makes_a_series_and_opens_the_first_meeting(
    client, alliance, group, people
):
    _login(client, people["secretariat"])

    response = client.post(
        _url("meeting_create", alliance, group_slug=group.slug),
        _schedule_data(
            repeats="biweekly",
            first_date="2027-03-01",
            until_date="2027-04-30",
            weekday="1",
        ),
    )

    meetings = list(Meeting.objects.filter(group=group).order_by("starts_at"))
    assert [timezone.localtime(m.starts_at).date() for m in meetings] == [
        datetime.date(2027, 3, 2),
        datetime.date(2027, 3, 16),
        datetime.date(2027, 3, 30),
        datetime.date(2027, 4, 13),
        datetime.date(2027, 4, 27),
    ]
    # 15:00 on both sides of the change to summer time (28 March 2027)
    assert {timezone.localtime(m.starts_at).time() for m in meetings} == {datetime.time(15, 0)}
    assert response["Location"] == _m("meeting", meetings[0])


def test_a_monthly_meeting_needs_its_week_of_the_month(english, alliance, group, people):
    _login(english, people["coordinator"])

    response = english.post(
        _url("meeting_create", alliance, group_slug=group.slug),
        _schedule_data(repeats="monthly", first_date="2027-01-01", until_date="2027-06-30"),
    )

    assert response.status_code == 400
    assert "Choose which week of the month" in _text(response)
    assert not Meeting.objects.exists()


@pytest.mark.parametrize(
    ("data", "message"),
    [
        (_schedule_data(date="2027-05-04", end_time="14:00"), "must end after it starts"),
        (_schedule_data(), "Enter the date of the meeting"),
        (_schedule_data(repeats="weekly"), "Enter the first and the last date"),
        (_schedule_data(date="2027-05-04", start_time="klokken tre"), "Enter a valid time"),
        (
            _schedule_data(repeats="weekly", first_date="2027-01-01", until_date="2029-12-31"),
            "at most 60 meetings",
        ),
    ],
)
def test_bad_scheduling_input_shows_the_form_again(english, alliance, group, people, data, message):
    _login(english, people["coordinator"])

    response = english.post(_url("meeting_create", alliance, group_slug=group.slug), data)

    assert response.status_code == 400
    assert message in _text(response)
    assert 'value="Rådhuset"' in _text(response)  # nothing typed is lost
    assert not Meeting.objects.exists()


def test_an_archived_group_holds_no_new_meetings(english, alliance, group, people):
    group.is_archived = True
    group.save()
    _login(english, people["secretariat"])

    page = english.get(_url("meeting_create", alliance, group_slug=group.slug))
    response = english.post(
        _url("meeting_create", alliance, group_slug=group.slug),
        _schedule_data(date="2027-05-04"),
    )

    assert "it cannot hold new meetings" in _text(page)
    assert response.status_code == 400
    assert "it cannot hold new meetings" in _text(response)
    assert not Meeting.objects.exists()


def test_scheduling_for_a_group_one_does_not_coordinate_is_forbidden(
    client, alliance, group, people
):
    _login(client, people["other_coordinator"])

    response = client.post(
        _url("meeting_create", alliance, group_slug=group.slug), _schedule_data(date="2027-05-04")
    )

    assert response.status_code == 403
    assert not Meeting.objects.exists()


# ---------------------------------------------------------------------------
# Changing and cancelling
# ---------------------------------------------------------------------------


def test_the_coordinator_moves_a_meeting_before_it_is_held(client, people, meeting):
    _login(client, people["coordinator"])
    new_day = timezone.localdate() + datetime.timedelta(days=21)

    response = client.post(
        _m("meeting_edit", meeting),
        {
            "title": "Flyttet møde",
            "date": new_day.isoformat(),
            "start_time": "09:00",
            "end_time": "10:00",
            "place": "Biblioteket",
            "video_url": "https://meet.example.org/x",
        },
    )

    meeting.refresh_from_db()
    assert response.status_code == 302
    assert meeting.title == "Flyttet møde"
    assert timezone.localtime(meeting.starts_at) == datetime.datetime.combine(
        new_day, datetime.time(9, 0), tzinfo=CPH
    )
    assert meeting.place == "Biblioteket"


def test_a_held_meeting_cannot_be_moved(english, people, meeting):
    Meeting.objects.filter(pk=meeting.pk).update(
        starts_at=timezone.now() - datetime.timedelta(hours=3),
        ends_at=timezone.now() - datetime.timedelta(hours=2),
    )
    _login(english, people["coordinator"])

    response = english.post(
        _m("meeting_edit", meeting),
        {"title": "x", "date": "2030-01-01", "start_time": "09:00", "end_time": "10:00"},
    )

    assert response.status_code == 400
    assert "The meeting has begun" in _text(response)
    meeting.refresh_from_db()
    assert meeting.title == "Møde i Trivsel"


def test_a_cancelled_meeting_cannot_be_moved(english, people, meeting):
    Meeting.objects.filter(pk=meeting.pk).update(is_cancelled=True)
    _login(english, people["coordinator"])

    response = english.post(
        _m("meeting_edit", meeting),
        {"title": "x", "date": "2030-01-01", "start_time": "09:00", "end_time": "10:00"},
    )

    assert response.status_code == 400
    assert "The meeting is cancelled." in _text(response)
    meeting.refresh_from_db()
    assert meeting.title == "Møde i Trivsel"


def test_bad_times_when_changing_show_the_form_again(english, people, meeting):
    _login(english, people["coordinator"])

    response = english.post(
        _m("meeting_edit", meeting),
        {"title": "x", "date": "2030-01-01", "start_time": "11:00", "end_time": "10:00"},
    )

    assert response.status_code == 400
    assert "must end after it starts" in _text(response)


def test_cancel_asks_first_then_marks_the_meeting_cancelled_and_keeps_it_visible(
    english, people, meeting
):
    _login(english, people["coordinator"])

    question = english.get(_m("meeting_cancel", meeting))
    response = english.post(_m("meeting_cancel", meeting))
    page = english.get(_m("meeting", meeting))

    assert "cannot be taken back" in _text(question)
    assert response.status_code == 302
    assert response["Location"] == _m("meeting", meeting)
    meeting.refresh_from_db()
    assert meeting.is_cancelled
    assert page.status_code == 200
    assert "The meeting is cancelled." in _text(page)


# ---------------------------------------------------------------------------
# The agenda
# ---------------------------------------------------------------------------


def test_the_coordinator_adds_edits_and_removes_items(client, people, meeting):
    _login(client, people["coordinator"])

    first = client.post(
        _m("agenda_edit", meeting),
        {
            "title": "Velkomst",
            "description": "Kort runde",
            "presenter": people["member"].pk,
            "duration_minutes": "10",
        },
    )
    client.post(_m("agenda_edit", meeting), {"title": "Fredagsfællesskab"})
    item = meeting.agenda_items.get(title="Velkomst")
    edited = client.post(
        _m("agenda_item_edit", meeting, item_pk=item.pk),
        {"title": "Velkomst og runde", "presenter": "", "duration_minutes": "15"},
    )
    removed = client.post(_m("agenda_item_remove", meeting, item_pk=item.pk))

    assert first.status_code == 302
    assert first["Location"] == _m("agenda_edit", meeting)
    assert edited.status_code == 302
    assert removed.status_code == 302
    assert list(meeting.agenda_items.values_list("position", "title")) == [(1, "Fredagsfællesskab")]


def test_a_presenter_from_outside_the_group_is_refused(english, people, meeting):
    _login(english, people["coordinator"])

    response = english.post(
        _m("agenda_edit", meeting), {"title": "Oplæg", "presenter": people["outsider"].pk}
    )

    assert response.status_code == 400
    assert "Choose a member of the group." in _text(response)
    assert 'value="Oplæg"' in _text(response)
    assert not meeting.agenda_items.exists()


def test_an_item_needs_a_title_and_a_sensible_time(english, people, meeting):
    _login(english, people["coordinator"])

    response = english.post(_m("agenda_edit", meeting), {"title": "", "duration_minutes": "0"})

    assert response.status_code == 400
    assert "This field is required." in _text(response)
    assert "greater than or equal to 1" in _text(response)


def test_another_meetings_item_is_not_found(client, people, meeting, group):
    other = meeting_schedule(
        group=group,
        user=None,
        title="Andet møde",
        starts_at=_future(days=40),
        ends_at=_future(days=40, hour=16),
    )
    item = agenda_item_add(meeting=other, user=None, title="Andet punkt")
    _login(client, people["coordinator"])

    assert client.get(_m("agenda_item_edit", meeting, item_pk=item.pk)).status_code == 404
    assert client.post(_m("agenda_item_remove", meeting, item_pk=item.pk)).status_code == 404


def test_publish_asks_first_and_members_see_the_agenda_only_then(client, people, meeting):
    agenda_item_add(meeting=meeting, user=None, title="Hemmeligt udkast")
    _login(client, people["member"])
    before = client.get(_m("meeting", meeting))
    _login(client, people["coordinator"])

    question = client.get(_m("agenda_publish", meeting))
    response = client.post(_m("agenda_publish", meeting))
    _login(client, people["member"])
    after = client.get(_m("meeting", meeting))

    assert "Hemmeligt udkast" not in _text(before)
    assert question.status_code == 200
    assert response.status_code == 302
    meeting.refresh_from_db()
    assert meeting.is_agenda_published
    assert "Hemmeligt udkast" in _text(after)


def test_the_manager_sees_the_draft_agenda_marked_as_draft(english, people, meeting):
    agenda_item_add(meeting=meeting, user=None, title="Udkastpunkt")
    _login(english, people["coordinator"])

    page = _text(english.get(_m("meeting", meeting)))

    assert "Udkastpunkt" in page
    assert "Unpublished draft" in page


def test_an_empty_agenda_cannot_be_published(english, people, meeting):
    _login(english, people["coordinator"])

    response = english.post(_m("agenda_publish", meeting), follow=True)

    assert "Add at least one item" in _text(response)
    meeting.refresh_from_db()
    assert not meeting.is_agenda_published


# ---------------------------------------------------------------------------
# Attachments
# ---------------------------------------------------------------------------


@pytest.fixture
def item(meeting):
    return agenda_item_add(meeting=meeting, user=None, title="Budget")


def _upload(client, meeting, item, name, content):
    return client.post(
        _m("attachment_upload", meeting, item_pk=item.pk),
        {f"item{item.pk}-file": SimpleUploadedFile(name, content)},
    )


def test_a_pdf_is_attached_and_downloaded_as_an_attachment(client, people, meeting, item):
    _login(client, people["coordinator"])

    response = _upload(client, meeting, item, "budget 2027.pdf", PDF)
    attachment = AgendaAttachment.objects.get(item=item)
    agenda_publish(meeting=meeting, user=None)
    _login(client, people["member"])
    download = client.get(_m("attachment_download", meeting, attachment_pk=attachment.pk))

    assert response.status_code == 302
    assert attachment.name == "budget 2027.pdf"
    assert attachment.size == len(PDF)
    assert download.status_code == 200
    assert b"".join(download.streaming_content) == PDF
    assert download["Content-Disposition"].startswith("attachment;")
    assert "budget" in download["Content-Disposition"]
    assert download["X-Content-Type-Options"] == "nosniff"
    assert download["Content-Type"] == "application/octet-stream"


def test_a_file_that_is_too_large_is_refused(english, people, meeting, item, settings):
    settings.WORKGROUPS_ATTACHMENT_MAX_BYTES = 100
    _login(english, people["coordinator"])

    response = _upload(english, meeting, item, "big.pdf", PDF + b"x" * 200)

    assert response.status_code == 400
    assert "The file is too large" in _text(response)
    assert not AgendaAttachment.objects.exists()


def test_a_file_of_a_forbidden_type_is_refused(english, people, meeting, item):
    _login(english, people["coordinator"])

    response = _upload(english, meeting, item, "virus.exe", b"MZ\x90\x00")

    assert response.status_code == 400
    assert "Attach a PDF" in _text(response)
    assert not AgendaAttachment.objects.exists()


def test_content_that_does_not_match_the_extension_is_refused(english, people, meeting, item):
    _login(english, people["coordinator"])

    response = _upload(english, meeting, item, "paper.pdf", b"<html>not a pdf</html>")

    assert response.status_code == 400
    assert "does not match its type PDF" in _text(response)
    assert not AgendaAttachment.objects.exists()


def test_the_twenty_megabyte_limit_is_configured(settings):
    assert settings.WORKGROUPS_ATTACHMENT_MAX_BYTES == 20 * 1024 * 1024


def _attachment(item, name="paper.pdf"):
    return agenda_attachment_add(item=item, user=None, upload=SimpleUploadedFile(name, PDF))


def test_attachments_of_a_draft_agenda_are_for_the_managers_only(client, people, meeting, item):
    attachment = _attachment(item)
    url = _m("attachment_download", meeting, attachment_pk=attachment.pk)

    assert _login(client, people["member"]).get(url).status_code == 404
    assert _login(client, people["coordinator"]).get(url).status_code == 200
    assert _login(client, people["outsider"]).get(url).status_code == 403


def test_the_coordinator_removes_an_attachment_and_its_file(
    client, people, meeting, item, django_capture_on_commit_callbacks
):
    attachment = _attachment(item)
    storage, name = attachment.file.storage, attachment.file.name
    _login(client, people["coordinator"])

    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(_m("attachment_remove", meeting, attachment_pk=attachment.pk))

    assert response.status_code == 302
    assert not AgendaAttachment.objects.exists()
    assert not storage.exists(name)


# ---------------------------------------------------------------------------
# Attendance and minutes, decisions and action items
# ---------------------------------------------------------------------------


def test_attendance_and_minutes_are_saved_as_a_draft_members_do_not_see(
    client, people, meeting, item
):
    _login(client, people["coordinator"])

    response = client.post(
        _m("minutes_edit", meeting),
        {
            f"attendance_{people['coordinator'].pk}": "present",
            f"attendance_{people['member'].pk}": "excused",
            f"item_{item.pk}": "Budgettet blev gennemgået.",
            "summary": "Godt møde.",
        },
    )
    _login(client, people["member"])
    member_page = _text(client.get(_m("meeting", meeting)))

    assert response.status_code == 302
    assert dict(Attendance.objects.values_list("user__full_name", "status")) == {
        "Rasmus": AttendanceStatus.PRESENT,
        "Anne": AttendanceStatus.EXCUSED,
    }
    item.refresh_from_db()
    assert item.minutes == "Budgettet blev gennemgået."
    meeting.refresh_from_db()
    assert meeting.minutes_summary == "Godt møde."
    assert meeting.minutes_status == MinutesStatus.DRAFT
    assert "Budgettet blev gennemgået." not in member_page
    assert "Godt møde." not in member_page


def test_a_made_up_attendance_status_is_refused(english, people, meeting):
    _login(english, people["coordinator"])

    response = english.post(
        _m("minutes_edit", meeting), {f"attendance_{people['member'].pk}": "asleep"}
    )

    assert response.status_code == 400
    assert "Select a valid choice" in _text(response)
    assert not Attendance.objects.exists()


def test_a_decision_and_an_action_item_are_added(client, people, meeting, item):
    _login(client, people["coordinator"])
    deadline = timezone.localdate() + datetime.timedelta(days=30)

    decision = client.post(
        _m("decision_add", meeting),
        {
            "decision-text": "Vi starter fredagsfællesskab",
            "decision-rationale": "Unge efterspørger det",
            "decision-decided_by": "Trivsel",
            "decision-agenda_item": item.pk,
        },
    )
    action = client.post(
        _m("action_item_add", meeting),
        {
            "action-title": "Book lokale",
            "action-owner": people["member"].pk,
            "action-deadline": deadline.isoformat(),
        },
    )

    assert decision.status_code == 302
    assert action.status_code == 302
    saved = Decision.objects.get()
    assert (saved.agenda_item, saved.decided_by) == (item, "Trivsel")
    task = ActionItem.objects.get()
    assert (task.owner, task.meeting, task.group) == (people["member"], meeting, meeting.group)


def test_an_action_item_for_someone_outside_the_group_is_refused(english, people, meeting):
    _login(english, people["coordinator"])

    response = english.post(
        _m("action_item_add", meeting),
        {
            "action-title": "Book lokale",
            "action-owner": people["outsider"].pk,
            "action-deadline": "",
        },
    )

    assert response.status_code == 400
    assert "Choose a member of the group." in _text(response)
    assert 'value="Book lokale"' in _text(response)
    assert not ActionItem.objects.exists()


def test_publishing_the_minutes_shows_them_to_members_and_closes_them(
    english, people, meeting, item
):
    minutes_save(meeting=meeting, user=None, item_minutes={item.pk: "Referatet"})
    decision_add(meeting=meeting, user=None, text="Beslutningen", decided_by="Trivsel")
    _login(english, people["coordinator"])

    question = english.get(_m("minutes_publish", meeting))
    published = english.post(_m("minutes_publish", meeting))
    edit = english.get(_m("minutes_edit", meeting))
    late_decision = english.post(
        _m("decision_add", meeting), {"decision-text": "For sent", "decision-decided_by": "Trivsel"}
    )
    late_action = english.post(
        _m("action_item_add", meeting),
        {
            "action-title": "For sent",
            "action-owner": people["member"].pk,
            "action-deadline": "2030-01-01",
        },
    )
    _login(english, people["member"])
    member_page = _text(english.get(_m("meeting", meeting)))

    assert "only be corrected with a note" in _text(question)
    assert published.status_code == 302
    assert edit.status_code == 302
    assert edit["Location"] == _m("minutes_correct", meeting)
    assert late_decision.status_code == 400
    assert "The minutes are published" in _text(late_decision)
    assert late_action.status_code == 400
    assert "The minutes are published" in _text(late_action)
    assert Decision.objects.count() == 1
    assert not ActionItem.objects.exists()
    assert "Referatet" in member_page
    assert "Beslutningen" in member_page


def test_published_minutes_are_corrected_only_with_a_visible_note(english, people, meeting, item):
    minutes_save(meeting=meeting, user=None, item_minutes={item.pk: "Gammel tekst"})
    minutes_publish(meeting=meeting, user=None)
    _login(english, people["coordinator"])

    without_note = english.post(
        _m("minutes_correct", meeting), {f"item_{item.pk}": "Ny tekst", "summary": "", "note": ""}
    )
    with_note = english.post(
        _m("minutes_correct", meeting),
        {f"item_{item.pk}": "Ny tekst", "summary": "", "note": "Rettet stavefejl"},
    )
    _login(english, people["member"])
    page = _text(english.get(_m("meeting", meeting)))

    assert without_note.status_code == 400
    assert "explain the correction in a note" in _text(without_note)
    assert with_note.status_code == 302
    assert MinutesCorrection.objects.get().note == "Rettet stavefejl"
    assert "Ny tekst" in page
    assert "Rettet stavefejl" in page
    assert "Rasmus" in page  # who corrected


def test_correcting_draft_minutes_goes_to_the_draft_page(client, people, meeting):
    _login(client, people["coordinator"])

    response = client.get(_m("minutes_correct", meeting))

    assert response.status_code == 302
    assert response["Location"] == _m("minutes_edit", meeting)


def test_an_overdue_action_item_says_so_in_words(english, people, meeting):
    action_item_add(
        group=meeting.group,
        user=None,
        title="Gammel opgave",
        owner=people["member"],
        deadline=timezone.localdate() - datetime.timedelta(days=3),
        meeting=meeting,
    )
    minutes_publish(meeting=meeting, user=None)
    _login(english, people["member"])

    page = _text(english.get(_m("meeting", meeting)))

    assert "Gammel opgave" in page
    assert "Overdue" in page


# ---------------------------------------------------------------------------
# A fixed number of queries
# ---------------------------------------------------------------------------


def _fill(meeting, people, n):
    members = [people["coordinator"], people["member"]]
    for _index in range(n):
        extra = _person(meeting.group.alliance, Role.MEMBER, group=meeting.group)
        members.append(extra)
    for index in range(n):
        item = agenda_item_add(
            meeting=meeting, user=None, title=f"Punkt {index}", presenter=members[index % 2]
        )
        _attachment(item, name=f"bilag{index}.pdf")
        minutes_save(meeting=meeting, user=None, item_minutes={item.pk: f"Referat {index}"})
        decision_add(
            meeting=meeting, user=None, text=f"Beslutning {index}", decided_by="x", agenda_item=item
        )
        decision_add(meeting=meeting, user=None, text=f"Løs beslutning {index}", decided_by="x")
        action_item_add(
            group=meeting.group,
            user=None,
            title=f"Opgave {index}",
            owner=members[index],
            deadline=timezone.localdate(),
            meeting=meeting,
        )
    attendance_record(
        meeting=meeting, statuses={person: AttendanceStatus.PRESENT for person in members}
    )


def _count_queries(client, url) -> int:
    with CaptureQueriesContext(connection) as queries:
        response = client.get(url)
    assert response.status_code == 200
    return len(queries)


@pytest.mark.parametrize("who", ["coordinator", "member"])
def test_the_meeting_page_runs_a_fixed_number_of_queries(client, people, group, who):
    counts = []
    for n in (2, 20):
        starts = _future(days=10 + n)
        meeting = meeting_schedule(
            group=group,
            user=None,
            title=f"Møde {n}",
            starts_at=starts,
            ends_at=starts + datetime.timedelta(hours=1),
        )
        _fill(meeting, people, n)
        agenda_publish(meeting=meeting, user=None)
        minutes_publish(meeting=meeting, user=None)
        _login(client, people[who])
        counts.append(_count_queries(client, _m("meeting", meeting)))

    assert counts[0] == counts[1]


def test_the_minutes_and_agenda_pages_run_a_fixed_number_of_queries(client, people, group):
    counts = []
    for n in (2, 20):
        starts = _future(days=10 + n)
        meeting = meeting_schedule(
            group=group,
            user=None,
            title=f"Møde {n}",
            starts_at=starts,
            ends_at=starts + datetime.timedelta(hours=1),
        )
        _fill(meeting, people, n)
        _login(client, people["coordinator"])
        counts.append(
            (
                _count_queries(client, _m("minutes_edit", meeting)),
                _count_queries(client, _m("agenda_edit", meeting)),
            )
        )

    assert counts[0] == counts[1]
