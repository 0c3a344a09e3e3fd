"""Forms of the meeting pages: scheduling, the agenda, attendance and minutes, decisions and
action items. They check the shape of the input; the services check the rules."""

from __future__ import annotations

import datetime

from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from alliance.models import User

from .models import (
    AgendaItem,
    AttendanceStatus,
    GroupMember,
    Meeting,
    RecurrenceRule,
    Weekday,
    WeekOfMonth,
    WorkGroup,
)

ONCE = "once"
REPEAT_CHOICES = [(ONCE, _("Once")), *RecurrenceRule.choices]


def _date_field(label, **kwargs) -> forms.DateField:
    # A browser date field only reads ISO dates; a localised value would show empty.
    return forms.DateField(
        label=label, widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"), **kwargs
    )


def _time_field(label, **kwargs) -> forms.TimeField:
    return forms.TimeField(
        label=label, widget=forms.TimeInput(attrs={"type": "time"}, format="%H:%M"), **kwargs
    )


def local_datetime(day: datetime.date, time: datetime.time) -> datetime.datetime:
    """A date and a wall-clock time in the site's time zone (Europe/Copenhagen)."""
    return datetime.datetime.combine(day, time, tzinfo=timezone.get_default_timezone())


class MemberField(forms.ModelChoiceField):
    """Chooses a person who sits in the group."""

    def label_from_instance(self, user) -> str:
        return user.get_full_name() or user.email


def _member_field(group: WorkGroup, *, label, required: bool, help_text="") -> MemberField:
    return MemberField(
        label=label,
        required=required,
        help_text=help_text,
        queryset=User.objects.filter(group_seats__group=group).order_by("full_name", "email"),
        empty_label=_("No one") if not required else _("Choose a person"),
        error_messages={"invalid_choice": _("Choose a member of the group.")},
    )


class _TimesMixin:
    def _check_times(self, cleaned: dict) -> None:
        start, end = cleaned.get("start_time"), cleaned.get("end_time")
        if start and end and end <= start:
            self.add_error("end_time", _("The meeting must end after it starts."))


class MeetingScheduleForm(_TimesMixin, forms.Form):
    """One meeting, or a series: every week, every second week or monthly on the nth weekday."""

    title = forms.CharField(label=_("Title"), max_length=200)
    repeats = forms.ChoiceField(
        label=_("How often"),
        choices=REPEAT_CHOICES,
        initial=ONCE,
        widget=forms.RadioSelect,
    )
    date = _date_field(_("Date"), required=False, help_text=_("For a single meeting."))
    first_date = _date_field(
        _("First date"), required=False, help_text=_("For recurring meetings.")
    )
    until_date = _date_field(
        _("Last date"),
        required=False,
        help_text=_("For recurring meetings: no meeting is put after this date."),
    )
    weekday = forms.TypedChoiceField(
        label=_("Weekday"),
        choices=[("", _("The weekday of the first date")), *Weekday.choices],
        coerce=int,
        empty_value=None,
        required=False,
        help_text=_("For recurring meetings."),
    )
    week_of_month = forms.TypedChoiceField(
        label=_("Week of the month"),
        choices=[("", "–"), *WeekOfMonth.choices],
        coerce=int,
        empty_value=None,
        required=False,
        help_text=_("Only for monthly meetings, e.g. the second Tuesday of the month."),
    )
    start_time = _time_field(_("Starts at"), help_text=_("Local time, e.g. 15:00."))
    end_time = _time_field(_("Ends at"), help_text=_("Local time, e.g. 16:30."))
    place = forms.CharField(label=_("Place"), max_length=300, required=False)
    video_url = forms.URLField(
        label=_("Video link"),
        required=False,
        assume_scheme="https",
        help_text=_("A link to the online meeting, if members can join online."),
    )

    def clean(self):
        cleaned = super().clean()
        self._check_times(cleaned)
        if cleaned.get("repeats") == ONCE:
            if not cleaned.get("date"):
                self.add_error("date", _("Enter the date of the meeting."))
            return cleaned
        for name in ("first_date", "until_date"):
            if not cleaned.get(name) and name not in self.errors:
                self.add_error(name, _("Enter the first and the last date of the series."))
        if cleaned.get("repeats") == RecurrenceRule.MONTHLY and not cleaned.get("week_of_month"):
            self.add_error("week_of_month", _("Choose which week of the month the meeting is in."))
        if cleaned.get("weekday") is None and cleaned.get("first_date"):
            cleaned["weekday"] = cleaned["first_date"].weekday()
        return cleaned


class MeetingEditForm(_TimesMixin, forms.Form):
    """A meeting's title, date, time, place and video link."""

    title = forms.CharField(label=_("Title"), max_length=200)
    date = _date_field(_("Date"))
    start_time = _time_field(_("Starts at"), help_text=_("Local time, e.g. 15:00."))
    end_time = _time_field(_("Ends at"), help_text=_("Local time, e.g. 16:30."))
    place = forms.CharField(label=_("Place"), max_length=300, required=False)
    video_url = forms.URLField(label=_("Video link"), required=False, assume_scheme="https")

    @staticmethod
    def initial_for(meeting: Meeting) -> dict:
        starts, ends = timezone.localtime(meeting.starts_at), timezone.localtime(meeting.ends_at)
        return {
            "title": meeting.title,
            "date": starts.date(),
            "start_time": starts.time().replace(second=0, microsecond=0),
            "end_time": ends.time().replace(second=0, microsecond=0),
            "place": meeting.place,
            "video_url": meeting.video_url,
        }

    def clean(self):
        cleaned = super().clean()
        self._check_times(cleaned)
        return cleaned

    def service_arguments(self) -> dict:
        data = self.cleaned_data
        return {
            "title": data["title"],
            "starts_at": local_datetime(data["date"], data["start_time"]),
            "ends_at": local_datetime(data["date"], data["end_time"]),
            "place": data["place"],
            "video_url": data["video_url"],
        }


class AgendaItemForm(forms.Form):
    """An item of the agenda: title, description, presenter and time."""

    title = forms.CharField(label=_("Title"), max_length=300)
    description = forms.CharField(
        label=_("Description"), required=False, widget=forms.Textarea(attrs={"rows": 3})
    )
    duration_minutes = forms.IntegerField(
        label=_("Time (minutes)"), required=False, min_value=1, max_value=600
    )

    def __init__(self, *args, group: WorkGroup, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["presenter"] = _member_field(
            group, label=_("Presenter"), required=False, help_text=_("A member of the group.")
        )
        self.order_fields(["title", "description", "presenter", "duration_minutes"])

    @staticmethod
    def initial_for(item: AgendaItem) -> dict:
        return {
            "title": item.title,
            "description": item.description,
            "presenter": item.presenter_id,
            "duration_minutes": item.duration_minutes,
        }


class AttachmentForm(forms.Form):
    """A paper for an agenda item; the service checks its size, type and content."""

    file = forms.FileField(
        label=_("Attach a file"),
        help_text=_("PDF, image, document, spreadsheet or presentation."),
    )

    def __init__(self, *args, item: AgendaItem, **kwargs):
        kwargs.setdefault("prefix", f"item{item.pk}")
        super().__init__(*args, **kwargs)


class MinutesForm(forms.Form):
    """Attendance of every member (not when correcting published minutes), the minutes per
    agenda item and the general minutes; when correcting, a note on what was changed."""

    def __init__(
        self,
        *args,
        items: list[AgendaItem],
        seats: list[GroupMember] | None = None,
        statuses: dict[int, str] | None = None,
        summary: str = "",
        correcting: bool = False,
        **kwargs,
    ):
        super().__init__(*args, **kwargs)
        statuses = statuses or {}
        self.seats = seats or []
        self.items = items
        for seat in self.seats:
            self.fields[f"attendance_{seat.user_id}"] = forms.ChoiceField(
                label=seat.user.get_full_name() or seat.user.email,
                choices=AttendanceStatus.choices,
                widget=forms.RadioSelect,
                required=False,
                initial=statuses.get(seat.user_id),
            )
        for item in items:
            self.fields[f"item_{item.pk}"] = forms.CharField(
                label=str(item),
                required=False,
                initial=item.minutes,
                widget=forms.Textarea(attrs={"rows": 4}),
            )
        self.fields["summary"] = forms.CharField(
            label=_("General minutes"),
            required=False,
            initial=summary,
            help_text=_("What is not minuted under an item."),
            widget=forms.Textarea(attrs={"rows": 4}),
        )
        if correcting:
            self.fields["note"] = forms.CharField(
                label=_("Correction note"),
                help_text=_("What was changed and why. It is shown with the minutes."),
                widget=forms.Textarea(attrs={"rows": 2}),
                error_messages={
                    "required": _("The minutes are published: explain the correction in a note.")
                },
            )

    def attendance_fields(self) -> list:
        return [self[f"attendance_{seat.user_id}"] for seat in self.seats]

    def item_fields(self) -> list:
        return [self[f"item_{item.pk}"] for item in self.items]

    def statuses(self) -> dict:
        """Person -> status, for the members whose attendance was chosen."""
        return {
            seat.user: self.cleaned_data[f"attendance_{seat.user_id}"]
            for seat in self.seats
            if self.cleaned_data.get(f"attendance_{seat.user_id}")
        }

    def item_minutes(self) -> dict[int, str]:
        return {item.pk: self.cleaned_data[f"item_{item.pk}"] for item in self.items}


class DecisionForm(forms.Form):
    """A decision of the meeting: text, rationale, who decided, under which agenda item."""

    text = forms.CharField(
        label=_("Decision"), widget=forms.Textarea(attrs={"rows": 3}), max_length=5000
    )
    rationale = forms.CharField(
        label=_("Rationale"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 2}),
        max_length=5000,
    )
    decided_by = forms.CharField(
        label=_("Decided by"),
        max_length=200,
        help_text=_("Who decided, e.g. the working group."),
    )

    def __init__(self, *args, meeting: Meeting, items: list[AgendaItem], **kwargs):
        kwargs.setdefault("initial", {"decided_by": meeting.group.name})
        kwargs.setdefault("prefix", "decision")
        super().__init__(*args, **kwargs)
        self.fields["agenda_item"] = forms.TypedChoiceField(
            label=_("Agenda item"),
            choices=[("", _("Not under an item")), *((item.pk, str(item)) for item in items)],
            coerce=int,
            empty_value=None,
            required=False,
        )
        self._items = {item.pk: item for item in items}

    def service_arguments(self) -> dict:
        data = self.cleaned_data
        return {
            "text": data["text"],
            "rationale": data["rationale"],
            "decided_by": data["decided_by"],
            "agenda_item": self._items.get(data["agenda_item"]),
        }


class ActionItemForm(forms.Form):
    """Something a member of the group has to do, by a deadline."""

    title = forms.CharField(label=_("What"), max_length=300)
    deadline = _date_field(_("Deadline"))

    def __init__(self, *args, group: WorkGroup, **kwargs):
        kwargs.setdefault("prefix", "action")
        super().__init__(*args, **kwargs)
        self.fields["owner"] = _member_field(group, label=_("Owner"), required=True)
        self.order_fields(["title", "owner", "deadline"])
