"""Forms of the staff pages on youth input: the list's filters, routing, answering, the
"being considered" step and putting an input on a meeting's agenda. They validate the shape;
youth_voice.services_routing checks the status flow."""

from __future__ import annotations

from django import forms
from django.utils import formats, timezone
from django.utils.text import Truncator
from django.utils.translation import gettext_lazy as _

from alliance.models import FocusArea

from .models import ANSWER_TEXT_MAX, InputKind, InputStatus


class StaffFilterForm(forms.Form):
    FIELD_NAMES = ("status", "kind", "topic", "group", "waiting", "overdue")

    status = forms.ChoiceField(
        label=_("Status"), required=False, choices=[("", _("All")), *InputStatus.choices]
    )
    kind = forms.ChoiceField(
        label=_("Kind"), required=False, choices=[("", _("All")), *InputKind.choices]
    )
    topic = forms.ModelChoiceField(
        label=_("Topic"), required=False, queryset=FocusArea.objects.none(), empty_label=_("All")
    )
    group = forms.ModelChoiceField(
        label=_("Group"), required=False, queryset=None, empty_label=_("All")
    )
    waiting = forms.BooleanField(label=_("Waiting for an answer"), required=False)
    overdue = forms.BooleanField(label=_("Past the deadline"), required=False)

    def __init__(self, *args, alliance, groups, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["topic"].queryset = FocusArea.objects.filter(alliance=alliance).order_by(
            "position", "pk"
        )
        self.fields["group"].queryset = groups

    def filters(self) -> dict:
        data = self.cleaned_data
        return {
            "status": data.get("status") or "",
            "kind": data.get("kind") or "",
            "focus_area": data.get("topic"),
            "group": data.get("group"),
            "waiting": bool(data.get("waiting")),
            "overdue": bool(data.get("overdue")),
        }


class RouteForm(forms.Form):
    group = forms.ModelChoiceField(
        label=_("Send to the group"),
        queryset=None,
        empty_label=_("Choose a group"),
        error_messages={"required": _("Choose the group to send the input to.")},
    )
    note = forms.CharField(
        label=_("Note to the young person"),
        required=False,
        max_length=ANSWER_TEXT_MAX,
        help_text=_("Shown on the young person's follow page, e.g. what happens next."),
        widget=forms.Textarea(attrs={"rows": 3}),
    )

    def __init__(self, *args, groups, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["group"].queryset = groups


class DecisionField(forms.ModelChoiceField):
    def label_from_instance(self, decision) -> str:
        meeting = decision.meeting
        text = Truncator(" ".join(decision.text.split())).chars(90)
        day = formats.date_format(timezone.localdate(meeting.starts_at), "SHORT_DATE_FORMAT")
        return f"{text} ({meeting.group.name}, {day})"


class AnswerForm(forms.Form):
    STATUS_CHOICES = [
        (InputStatus.ANSWERED, _("Answered – the group may follow up later")),
        (InputStatus.DONE, _("Done – it has been carried out")),
        (InputStatus.NOT_POSSIBLE, _("Not possible – the answer says why")),
    ]

    status = forms.ChoiceField(
        label=_("What the answer means"),
        choices=STATUS_CHOICES,
        widget=forms.RadioSelect,
        error_messages={"required": _("Choose what the answer means.")},
    )
    answer = forms.CharField(
        label=_("Answer to the young person"),
        max_length=ANSWER_TEXT_MAX,
        help_text=_("Write plainly: a young person reads it. No names of other people."),
        widget=forms.Textarea(attrs={"rows": 6}),
        error_messages={"required": _("Write the answer to the young person.")},
    )
    decision = DecisionField(
        label=_("It led to the decision"),
        required=False,
        queryset=None,
        empty_label=_("No decision"),
    )
    activity = forms.ModelChoiceField(
        label=_("It led to the activity"),
        required=False,
        queryset=None,
        empty_label=_("No activity"),
    )

    def __init__(self, *args, decisions, activities, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["decision"].queryset = decisions
        self.fields["activity"].queryset = activities

    def clean(self):
        data = super().clean()
        if data.get("status") == InputStatus.NOT_POSSIBLE and "answer" in self.errors:
            self.errors["answer"] = self.error_class(
                [_("Write why it is not possible: the young person reads it.")]
            )
        return data


class StatusStepForm(forms.Form):
    """The secretariat's "being considered" step (also to reopen a closed input)."""

    note = forms.CharField(
        label=_("Note to the young person"),
        required=False,
        max_length=ANSWER_TEXT_MAX,
        widget=forms.Textarea(attrs={"rows": 3}),
    )


class MeetingField(forms.ModelChoiceField):
    def label_from_instance(self, meeting) -> str:
        when = formats.date_format(timezone.localtime(meeting.starts_at), "SHORT_DATETIME_FORMAT")
        return f"{when} – {meeting.title}"


class AgendaForm(forms.Form):
    meeting = MeetingField(
        label=_("Meeting"),
        queryset=None,
        empty_label=_("Choose a meeting"),
        error_messages={"required": _("Choose the meeting.")},
    )

    def __init__(self, *args, meetings, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["meeting"].queryset = meetings
