"""The pages of a group's meetings: scheduling, the meeting page, the agenda with attachments,
attendance and minutes, decisions and action items.

Every page is routed under `view_groups`; the meeting (or group) is looked up within the
alliance first, so another alliance's meeting is a 404, and then checked against the group:
reading needs can_view_workgroup, changing needs can_manage_workgroup (403 otherwise)."""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import FileResponse, Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from django.views.decorators.http import require_http_methods, require_POST, require_safe

from alliance.access import alliance_view
from alliance.models import Alliance
from alliance.views.responses import add_service_errors

from . import services_meetings as services
from .forms_meetings import (
    ONCE,
    ActionItemForm,
    AgendaItemForm,
    AttachmentForm,
    DecisionForm,
    MeetingEditForm,
    MeetingScheduleForm,
    MinutesForm,
    local_datetime,
)
from .models import Meeting, WorkGroup
from .permissions import can_manage_workgroup, can_view_workgroup
from .selectors_meeting_page import (
    agenda_item_get,
    agenda_items_of,
    attachment_get,
    attendance_statuses,
    group_members_for_forms,
    meeting_get,
    minutes_of,
)


def _url(name: str, alliance: Alliance, **kwargs) -> str:
    return reverse(f"workgroups:{name}", kwargs={"alliance_slug": alliance.slug, **kwargs})


def _meeting_url(alliance: Alliance, meeting: Meeting, name: str = "meeting") -> str:
    return _url(name, alliance, pk=meeting.pk)


def _data(request: HttpRequest):
    """The POST data to bind a form to; None on GET. (An empty POST is still a submission.)"""
    return request.POST if request.method == "POST" else None


def _first_message(error: ValidationError) -> str:
    return error.messages[0] if error.messages else _("The change could not be made.")


def _meeting_for(request: HttpRequest, alliance: Alliance, pk: int, *, manage: bool) -> Meeting:
    """The alliance's meeting, if the person may see it (or manage it): 404 / 403 otherwise."""
    meeting = meeting_get(alliance=alliance, pk=pk)
    if meeting is None:
        raise Http404
    check = can_manage_workgroup if manage else can_view_workgroup
    if not check(request.user, request.membership, meeting.group):
        raise PermissionDenied
    return meeting


# ---------------------------------------------------------------------------
# Scheduling, changing and cancelling meetings
# ---------------------------------------------------------------------------


@require_http_methods(["GET", "POST"])
@alliance_view("view_groups")
def meeting_create(request: HttpRequest, alliance: Alliance, group_slug: str) -> HttpResponse:
    """A coordinator (or the secretariat) schedules a meeting of the group, once or recurring."""
    group = get_object_or_404(WorkGroup, alliance=alliance, slug=group_slug)
    if not can_manage_workgroup(request.user, request.membership, group):
        raise PermissionDenied
    form = MeetingScheduleForm(_data(request), initial={"title": group.name})
    status = 200
    if request.method == "POST":
        status = 400
        if form.is_valid():
            try:
                first = _schedule(group=group, user=request.user, data=form.cleaned_data)
            except ValidationError as error:
                add_service_errors(form, error)
            else:
                _schedule_message(request, first)
                return redirect(_meeting_url(alliance, first))
    return render(
        request,
        "workgroups/meetings/meeting_form.html",
        {"form": form, "group": group, "meeting": None, "is_archived": group.is_archived},
        status=status,
    )


def _schedule(*, group: WorkGroup, user, data: dict) -> Meeting:
    """Schedule what the form asked for; the first meeting it made."""
    if data["repeats"] == ONCE:
        meeting = services.meeting_schedule(
            group=group,
            user=user,
            title=data["title"],
            starts_at=local_datetime(data["date"], data["start_time"]),
            ends_at=local_datetime(data["date"], data["end_time"]),
            place=data["place"],
            video_url=data["video_url"],
        )
        return meeting
    series = services.meeting_series_schedule(
        group=group,
        user=user,
        title=data["title"],
        rule=data["repeats"],
        weekday=data["weekday"],
        week_of_month=data["week_of_month"],
        start_time=data["start_time"],
        end_time=data["end_time"],
        first_date=data["first_date"],
        until_date=data["until_date"],
        place=data["place"],
        video_url=data["video_url"],
    )
    return series.meetings.order_by("starts_at", "pk").first()


def _schedule_message(request: HttpRequest, meeting: Meeting) -> None:
    if meeting.series_id is None:
        messages.success(request, _("The meeting was scheduled."))
        return
    dates = list(meeting.series.meetings.order_by("starts_at").values_list("starts_at", flat=True))
    messages.success(
        request,
        ngettext(
            "%(count)d meeting was scheduled, from %(first)s to %(last)s.",
            "%(count)d meetings were scheduled, from %(first)s to %(last)s.",
            len(dates),
        )
        % {
            "count": len(dates),
            "first": f"{timezone.localtime(dates[0]):%d.%m.%Y}",
            "last": f"{timezone.localtime(dates[-1]):%d.%m.%Y}",
        },
    )


@require_http_methods(["GET", "POST"])
@alliance_view("view_groups")
def meeting_edit(request: HttpRequest, alliance: Alliance, pk: int) -> HttpResponse:
    """Change a meeting's title, time, place and video link before it is held."""
    meeting = _meeting_for(request, alliance, pk, manage=True)
    form = MeetingEditForm(_data(request), initial=MeetingEditForm.initial_for(meeting))
    status = 200
    if request.method == "POST":
        status = 400
        if form.is_valid():
            try:
                services.meeting_update(
                    meeting=meeting, user=request.user, **form.service_arguments()
                )
            except ValidationError as error:
                add_service_errors(form, error)
                meeting.refresh_from_db()
            else:
                messages.success(request, _("The meeting was changed."))
                return redirect(_meeting_url(alliance, meeting))
    return render(
        request,
        "workgroups/meetings/meeting_form.html",
        {
            "form": form,
            "group": meeting.group,
            "meeting": meeting,
            "is_held": meeting.starts_at <= timezone.now(),
        },
        status=status,
    )


@require_http_methods(["GET", "POST"])
@alliance_view("view_groups")
def meeting_cancel(request: HttpRequest, alliance: Alliance, pk: int) -> HttpResponse:
    """Cancel a meeting (GET asks first). It stays on the group's calendar, marked cancelled."""
    meeting = _meeting_for(request, alliance, pk, manage=True)
    if request.method == "POST":
        services.meeting_cancel(meeting=meeting, user=request.user)
        messages.success(request, _("The meeting was cancelled. It stays visible as cancelled."))
        return redirect(_meeting_url(alliance, meeting))
    return _confirm(
        request,
        meeting,
        heading=_("Cancel the meeting"),
        text=_(
            "The meeting is marked as cancelled for everyone in the group. It stays visible, "
            "and it cannot be taken back."
        ),
        button=_("Cancel the meeting"),
        action=_meeting_url(alliance, meeting, "meeting_cancel"),
        back=_meeting_url(alliance, meeting),
        is_warning=True,
    )


def _confirm(request, meeting, *, heading, text, button, action, back, is_warning=False):
    return render(
        request,
        "workgroups/meetings/confirm.html",
        {
            "meeting": meeting,
            "group": meeting.group,
            "heading": heading,
            "text": text,
            "button": button,
            "action": action,
            "back": back,
            "is_warning": is_warning,
        },
    )


# ---------------------------------------------------------------------------
# The meeting page
# ---------------------------------------------------------------------------


@require_safe
@alliance_view("view_groups")
def meeting_detail(request: HttpRequest, alliance: Alliance, pk: int) -> HttpResponse:
    """A meeting for everyone who may see the group: when and where, the published agenda with
    its attachments, and the published minutes with attendance, decisions, action items and
    corrections. Managers also see the drafts, marked as drafts."""
    meeting = _meeting_for(request, alliance, pk, manage=False)
    can_manage = can_manage_workgroup(request.user, request.membership, meeting.group)
    show_agenda = meeting.is_agenda_published or can_manage
    show_minutes = meeting.is_minutes_published or can_manage
    # The minutes are written under the agenda items, so published minutes show their titles.
    items = agenda_items_of(meeting=meeting) if show_agenda or show_minutes else []
    minutes = minutes_of(meeting=meeting) if show_minutes else None
    series = None
    if meeting.series_id is not None:
        siblings = meeting.series.meetings.order_by("starts_at", "pk")
        series = {
            "previous": siblings.filter(starts_at__lt=meeting.starts_at).last(),
            "next": siblings.filter(starts_at__gt=meeting.starts_at).first(),
        }
    now = timezone.now()
    return render(
        request,
        "workgroups/meetings/meeting_detail.html",
        {
            "meeting": meeting,
            "group": meeting.group,
            "can_manage": can_manage,
            "show_agenda": show_agenda,
            "show_minutes": show_minutes,
            "items": items,
            "minutes": minutes,
            "has_minutes": bool(
                minutes
                and (
                    meeting.minutes_summary
                    or any(item.minutes or item.decisions.all() for item in items)
                    or minutes.loose_decisions
                    or minutes.action_items
                    or minutes.has_attendance
                )
            ),
            "series": series,
            "is_held": meeting.starts_at <= now,
            "today": timezone.localdate(),
        },
    )


# ---------------------------------------------------------------------------
# The agenda and its attachments
# ---------------------------------------------------------------------------


def _agenda_page(
    request: HttpRequest,
    alliance: Alliance,
    meeting: Meeting,
    *,
    item_form: AgendaItemForm | None = None,
    failed_upload: tuple[int, AttachmentForm] | None = None,
    status: int = 200,
) -> HttpResponse:
    items = agenda_items_of(meeting=meeting)
    upload_forms = {item.pk: AttachmentForm(item=item) for item in items}
    if failed_upload is not None:
        upload_forms[failed_upload[0]] = failed_upload[1]
    for item in items:
        item.upload_form = upload_forms[item.pk]
    return render(
        request,
        "workgroups/meetings/agenda_edit.html",
        {
            "meeting": meeting,
            "group": meeting.group,
            "items": items,
            "item_form": item_form or AgendaItemForm(group=meeting.group),
            "total_minutes": sum(item.duration_minutes or 0 for item in items),
        },
        status=status,
    )


@require_http_methods(["GET", "POST"])
@alliance_view("view_groups")
def agenda_edit(request: HttpRequest, alliance: Alliance, pk: int) -> HttpResponse:
    """The manager's agenda: its items with their attachments; POST adds an item."""
    meeting = _meeting_for(request, alliance, pk, manage=True)
    if request.method == "GET":
        return _agenda_page(request, alliance, meeting)
    form = AgendaItemForm(request.POST, group=meeting.group)
    if form.is_valid():
        try:
            services.agenda_item_add(meeting=meeting, user=request.user, **form.cleaned_data)
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(request, _("The item was added to the agenda."))
            return redirect(_meeting_url(alliance, meeting, "agenda_edit"))
    return _agenda_page(request, alliance, meeting, item_form=form, status=400)


def _item_for(meeting: Meeting, item_pk: int):
    item = agenda_item_get(meeting=meeting, pk=item_pk)
    if item is None:
        raise Http404
    item.meeting = meeting  # the checked meeting, with its group
    return item


@require_http_methods(["GET", "POST"])
@alliance_view("view_groups")
def agenda_item_edit(request: HttpRequest, alliance: Alliance, pk: int, item_pk: int):
    """Change an agenda item's title, description, presenter and time."""
    meeting = _meeting_for(request, alliance, pk, manage=True)
    item = _item_for(meeting, item_pk)
    form = AgendaItemForm(
        _data(request), group=meeting.group, initial=AgendaItemForm.initial_for(item)
    )
    status = 200
    if request.method == "POST":
        status = 400
        if form.is_valid():
            try:
                services.agenda_item_update(item=item, user=request.user, **form.cleaned_data)
            except ValidationError as error:
                add_service_errors(form, error)
            else:
                messages.success(request, _("The item was saved."))
                return redirect(_meeting_url(alliance, meeting, "agenda_edit"))
    return render(
        request,
        "workgroups/meetings/agenda_item_form.html",
        {"meeting": meeting, "group": meeting.group, "item": item, "form": form},
        status=status,
    )


@require_POST
@alliance_view("view_groups")
def agenda_item_remove(request: HttpRequest, alliance: Alliance, pk: int, item_pk: int):
    """Remove an agenda item; the rest are numbered again."""
    meeting = _meeting_for(request, alliance, pk, manage=True)
    item = _item_for(meeting, item_pk)
    try:
        services.agenda_item_remove(item=item, user=request.user)
    except ValidationError as error:
        messages.error(request, _first_message(error))
    else:
        messages.success(request, _("The item was removed from the agenda."))
    return redirect(_meeting_url(alliance, meeting, "agenda_edit"))


@require_POST
@alliance_view("view_groups")
def attachment_upload(request: HttpRequest, alliance: Alliance, pk: int, item_pk: int):
    """Attach a file to an agenda item. A file that is too large, of a type not accepted or
    whose content does not match its name is refused with the agenda page again (400)."""
    meeting = _meeting_for(request, alliance, pk, manage=True)
    item = _item_for(meeting, item_pk)
    form = AttachmentForm(request.POST, request.FILES, item=item)
    if form.is_valid():
        try:
            services.agenda_attachment_add(
                item=item, user=request.user, upload=form.cleaned_data["file"]
            )
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(request, _("The file was attached."))
            return redirect(_meeting_url(alliance, meeting, "agenda_edit") + f"#item-{item.pk}")
    return _agenda_page(request, alliance, meeting, failed_upload=(item.pk, form), status=400)


@require_safe
@alliance_view("view_groups")
def attachment_download(request: HttpRequest, alliance: Alliance, pk: int, attachment_pk: int):
    """An agenda paper, as a download, for those who may see the group (while the agenda is a
    draft, for its managers only). Never served from a public media URL."""
    meeting = _meeting_for(request, alliance, pk, manage=False)
    attachment = attachment_get(meeting=meeting, pk=attachment_pk)
    if attachment is None or not attachment.file:
        raise Http404
    if not meeting.is_agenda_published and not can_manage_workgroup(
        request.user, request.membership, meeting.group
    ):
        raise Http404
    try:
        handle = attachment.file.open("rb")
    except (FileNotFoundError, OSError):
        raise Http404 from None
    response = FileResponse(
        handle,
        as_attachment=True,
        filename=attachment.name,
        content_type="application/octet-stream",
    )
    response["X-Content-Type-Options"] = "nosniff"
    response["Cache-Control"] = "private, no-store"
    return response


@require_POST
@alliance_view("view_groups")
def attachment_remove(request: HttpRequest, alliance: Alliance, pk: int, attachment_pk: int):
    """Remove an attachment from an agenda item."""
    meeting = _meeting_for(request, alliance, pk, manage=True)
    attachment = attachment_get(meeting=meeting, pk=attachment_pk)
    if attachment is None:
        raise Http404
    attachment.item.meeting = meeting
    try:
        services.agenda_attachment_remove(attachment=attachment, user=request.user)
    except ValidationError as error:
        messages.error(request, _first_message(error))
    else:
        messages.success(request, _("The file was removed."))
    return redirect(_meeting_url(alliance, meeting, "agenda_edit"))


@require_http_methods(["GET", "POST"])
@alliance_view("view_groups")
def agenda_publish(request: HttpRequest, alliance: Alliance, pk: int) -> HttpResponse:
    """Publish the agenda to the group's members (GET asks first)."""
    meeting = _meeting_for(request, alliance, pk, manage=True)
    if request.method == "GET":
        return _confirm(
            request,
            meeting,
            heading=_("Publish the agenda"),
            text=_(
                "The members of the group can then read the agenda and its attachments. You "
                "can still add and change items afterwards; the members see the changes."
            ),
            button=_("Publish the agenda"),
            action=_meeting_url(alliance, meeting, "agenda_publish"),
            back=_meeting_url(alliance, meeting, "agenda_edit"),
        )
    was_published = meeting.is_agenda_published
    try:
        services.agenda_publish(meeting=meeting, user=request.user)
    except ValidationError as error:
        messages.error(request, _first_message(error))
        return redirect(_meeting_url(alliance, meeting, "agenda_edit"))
    if was_published:
        messages.info(request, _("The agenda was already published."))
    else:
        messages.success(request, _("The agenda was published to the members of the group."))
    return redirect(_meeting_url(alliance, meeting))


# ---------------------------------------------------------------------------
# Attendance and minutes, decisions and action items
# ---------------------------------------------------------------------------


def _minutes_page(
    request: HttpRequest,
    alliance: Alliance,
    meeting: Meeting,
    *,
    minutes_form: MinutesForm | None = None,
    decision_form: DecisionForm | None = None,
    action_form: ActionItemForm | None = None,
    status: int = 200,
) -> HttpResponse:
    items = agenda_items_of(meeting=meeting)
    correcting = meeting.is_minutes_published
    if minutes_form is None:
        minutes_form = _minutes_form(meeting, items, data=None)
    return render(
        request,
        "workgroups/meetings/minutes_edit.html",
        {
            "meeting": meeting,
            "group": meeting.group,
            "items": items,
            "minutes": minutes_of(meeting=meeting),
            "correcting": correcting,
            "minutes_form": minutes_form,
            "decision_form": decision_form or DecisionForm(meeting=meeting, items=items),
            "action_form": action_form or ActionItemForm(group=meeting.group),
            "today": timezone.localdate(),
        },
        status=status,
    )


def _minutes_form(meeting: Meeting, items, *, data) -> MinutesForm:
    if meeting.is_minutes_published:
        return MinutesForm(data, items=items, summary=meeting.minutes_summary, correcting=True)
    return MinutesForm(
        data,
        items=items,
        seats=list(group_members_for_forms(group=meeting.group)),
        statuses=attendance_statuses(meeting=meeting),
        summary=meeting.minutes_summary,
    )


@require_http_methods(["GET", "POST"])
@alliance_view("view_groups")
def minutes_edit(request: HttpRequest, alliance: Alliance, pk: int) -> HttpResponse:
    """The manager's minutes: attendance of every member, minutes per agenda item and general
    minutes, saved as a draft; the decision and action item forms below."""
    meeting = _meeting_for(request, alliance, pk, manage=True)
    if meeting.is_minutes_published:
        return redirect(_meeting_url(alliance, meeting, "minutes_correct"))
    if request.method == "GET":
        return _minutes_page(request, alliance, meeting)
    items = agenda_items_of(meeting=meeting)
    form = _minutes_form(meeting, items, data=request.POST)
    if form.is_valid():
        try:
            services.attendance_record(meeting=meeting, statuses=form.statuses())
            services.minutes_save(
                meeting=meeting,
                user=request.user,
                summary=form.cleaned_data["summary"],
                item_minutes=form.item_minutes(),
            )
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(request, _("The minutes were saved as a draft."))
            return redirect(_meeting_url(alliance, meeting, "minutes_edit"))
    return _minutes_page(request, alliance, meeting, minutes_form=form, status=400)


@require_http_methods(["GET", "POST"])
@alliance_view("view_groups")
def minutes_correct(request: HttpRequest, alliance: Alliance, pk: int) -> HttpResponse:
    """Correct published minutes, with a note that is shown with them."""
    meeting = _meeting_for(request, alliance, pk, manage=True)
    if not meeting.is_minutes_published:
        return redirect(_meeting_url(alliance, meeting, "minutes_edit"))
    if request.method == "GET":
        return _minutes_page(request, alliance, meeting)
    items = agenda_items_of(meeting=meeting)
    form = _minutes_form(meeting, items, data=request.POST)
    if form.is_valid():
        try:
            services.minutes_correct(
                meeting=meeting,
                user=request.user,
                note=form.cleaned_data["note"],
                summary=form.cleaned_data["summary"],
                item_minutes=form.item_minutes(),
            )
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(request, _("The minutes were corrected. The note is shown with them."))
            return redirect(_meeting_url(alliance, meeting))
    return _minutes_page(request, alliance, meeting, minutes_form=form, status=400)


@require_http_methods(["GET", "POST"])
@alliance_view("view_groups")
def minutes_publish(request: HttpRequest, alliance: Alliance, pk: int) -> HttpResponse:
    """Publish the minutes to the group's members (GET asks first)."""
    meeting = _meeting_for(request, alliance, pk, manage=True)
    if request.method == "GET":
        return _confirm(
            request,
            meeting,
            heading=_("Publish the minutes"),
            text=_(
                "The members of the group can then read the minutes, the decisions and the "
                "action items. After that, the minutes can only be corrected with a note that "
                "everyone can see, and no decisions can be added."
            ),
            button=_("Publish the minutes"),
            action=_meeting_url(alliance, meeting, "minutes_publish"),
            back=_meeting_url(alliance, meeting, "minutes_edit"),
        )
    was_published = meeting.is_minutes_published
    try:
        services.minutes_publish(meeting=meeting, user=request.user)
    except ValidationError as error:
        messages.error(request, _first_message(error))
        return redirect(_meeting_url(alliance, meeting, "minutes_edit"))
    if was_published:
        messages.info(request, _("The minutes were already published."))
    else:
        messages.success(request, _("The minutes were published to the members of the group."))
    return redirect(_meeting_url(alliance, meeting))


@require_POST
@alliance_view("view_groups")
def decision_add(request: HttpRequest, alliance: Alliance, pk: int) -> HttpResponse:
    """Minute a decision of the meeting, under an agenda item or not."""
    meeting = _meeting_for(request, alliance, pk, manage=True)
    items = agenda_items_of(meeting=meeting)
    form = DecisionForm(request.POST, meeting=meeting, items=items)
    if form.is_valid():
        try:
            services.decision_add(meeting=meeting, user=request.user, **form.service_arguments())
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(request, _("The decision was added to the minutes."))
            return redirect(_meeting_url(alliance, meeting, "minutes_edit") + "#decisions")
    return _minutes_page(request, alliance, meeting, decision_form=form, status=400)


@require_POST
@alliance_view("view_groups")
def action_item_add(request: HttpRequest, alliance: Alliance, pk: int) -> HttpResponse:
    """Give a member of the group an action item from this meeting."""
    meeting = _meeting_for(request, alliance, pk, manage=True)
    form = ActionItemForm(request.POST, group=meeting.group)
    if form.is_valid():
        try:
            services.action_item_add(
                group=meeting.group, user=request.user, meeting=meeting, **form.cleaned_data
            )
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(request, _("The action item was added to the minutes."))
            return redirect(_meeting_url(alliance, meeting, "minutes_edit") + "#actions")
    return _minutes_page(request, alliance, meeting, action_form=form, status=400)
