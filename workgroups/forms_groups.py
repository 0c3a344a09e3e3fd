"""Forms of the group pages, "my meetings and tasks" and the decisions log."""

from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from alliance.models import Alliance, FocusArea, Organisation, User

from .models import GroupKind, GroupMember, GroupRole, WorkGroup
from .selectors_groups import (
    decision_filter_focus_areas,
    decision_filter_groups,
    group_seat_choices,
)
from .services import CREATABLE_KINDS, RESERVED_GROUP_SLUGS

# A browser date field only reads ISO dates; a localised value would show empty.
DATE_WIDGET = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")


class GroupForm(forms.Form):
    """A group's name, short name, purpose, focus areas and lead organisations. The kind is
    chosen when the group is created."""

    name = forms.CharField(
        label=_("Name"), max_length=200, widget=forms.TextInput(attrs={"class": "input-width-xl"})
    )
    slug = forms.SlugField(
        label=_("Short name"),
        max_length=80,
        required=False,
        help_text=_(
            "Used in the group's web address: lowercase letters, digits and hyphens. Leave it "
            "empty and one is made from the name."
        ),
        widget=forms.TextInput(attrs={"autocomplete": "off", "class": "input-width-l"}),
    )
    kind = forms.ChoiceField(
        label=_("Kind of group"),
        choices=[(kind.value, kind.label) for kind in CREATABLE_KINDS],
        initial=GroupKind.WORKING,
    )
    purpose = forms.CharField(
        label=_("Purpose and terms of reference"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 6}),
        help_text=_("What the group works on, what it decides, and whom it reports to."),
    )
    focus_areas = forms.ModelMultipleChoiceField(
        label=_("Focus areas the group serves"),
        queryset=FocusArea.objects.none(),
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )
    lead_organisations = forms.ModelMultipleChoiceField(
        label=_("Lead organisations"),
        queryset=Organisation.objects.none(),
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )

    def __init__(self, *args, alliance: Alliance, group: WorkGroup | None = None, **kwargs):
        if group is not None:
            kwargs.setdefault(
                "initial",
                {
                    "name": group.name,
                    "slug": group.slug,
                    "purpose": group.purpose,
                    "focus_areas": [area.pk for area in group.focus_areas.all()],
                    "lead_organisations": [org.pk for org in group.lead_organisations.all()],
                },
            )
        super().__init__(*args, **kwargs)
        self.alliance = alliance
        self.group = group
        if group is not None:
            del self.fields["kind"]
            self.fields["slug"].help_text = _(
                "Used in the group's web address: lowercase letters, digits and hyphens. "
                "Changing it changes the address."
            )
        self.fields["focus_areas"].queryset = FocusArea.objects.filter(alliance=alliance).order_by(
            "position", "pk"
        )
        self.fields["focus_areas"].label_from_instance = lambda area: (
            f"{area.position}. {area.title}"
        )
        self.fields["lead_organisations"].queryset = Organisation.objects.filter(
            alliance=alliance
        ).order_by("name")

    def clean_name(self) -> str:
        return self.cleaned_data["name"].strip()

    def clean_slug(self) -> str:
        slug = self.cleaned_data.get("slug", "").strip().lower()
        if slug in RESERVED_GROUP_SLUGS:
            raise forms.ValidationError(
                _("“%(slug)s” cannot be used as a short name."), params={"slug": slug}
            )
        return slug


class SeatUserField(forms.ModelChoiceField):
    def label_from_instance(self, user) -> str:
        return f"{user.get_full_name()} ({user.email})"


class SeatForm(forms.Form):
    """A person's seat in a group. A seat's person is fixed once seated: to seat someone else,
    remove the seat and add a new one."""

    user = SeatUserField(
        label=_("Person"), queryset=User.objects.none(), empty_label=_("Choose a person")
    )
    role = forms.ChoiceField(
        label=_("Role in the group"), choices=GroupRole.choices, initial=GroupRole.MEMBER
    )
    organisation = forms.ModelChoiceField(
        label=_("Organisation represented"),
        queryset=Organisation.objects.none(),
        required=False,
        empty_label=_("None"),
    )
    is_youth_representative = forms.BooleanField(
        label=_("Youth representative"),
        required=False,
        help_text=_("The seat is held by a young person."),
    )
    is_voting = forms.BooleanField(
        label=_("Voting"),
        required=False,
        initial=True,
        help_text=_("Untick for observers, e.g. the head of the secretariat."),
    )
    term_start = forms.DateField(label=_("Term start"), required=False, widget=DATE_WIDGET)
    term_end = forms.DateField(label=_("Term end"), required=False, widget=DATE_WIDGET)

    def __init__(self, *args, group: WorkGroup, seat: GroupMember | None = None, **kwargs) -> None:
        if seat is not None:
            kwargs.setdefault(
                "initial",
                {
                    "user": seat.user_id,
                    "role": seat.role,
                    "organisation": seat.organisation_id,
                    "is_youth_representative": seat.is_youth_representative,
                    "is_voting": seat.is_voting,
                    "term_start": seat.term_start,
                    "term_end": seat.term_end,
                },
            )
        super().__init__(*args, **kwargs)
        self.group = group
        self.seat = seat
        self.fields["user"].queryset = group_seat_choices(alliance=group.alliance)
        self.fields["user"].help_text = _("An active member of the alliance.")
        if seat is not None:
            # The person stays; the field is shown but not sent.
            self.fields["user"].disabled = True
        self.fields["organisation"].queryset = Organisation.objects.filter(
            alliance=group.alliance
        ).order_by("name")

    def clean_user(self):
        user = self.cleaned_data["user"]
        if self.seat is None and GroupMember.objects.filter(group=self.group, user=user).exists():
            raise forms.ValidationError(
                _("%(person)s already has a seat in the group. Change that seat instead."),
                params={"person": user.get_full_name()},
            )
        return user

    def clean(self):
        cleaned = super().clean()
        start, end = cleaned.get("term_start"), cleaned.get("term_end")
        if start and end and end < start:
            self.add_error("term_end", _("The term cannot end before it starts."))
        return cleaned


class ArchiveForm(forms.Form):
    """The confirmation of archiving a group or taking it out of the archive."""

    action = forms.ChoiceField(choices=[("archive", "archive"), ("unarchive", "unarchive")])


class ActionItemDoneForm(forms.Form):
    note = forms.CharField(
        label=_("Note (what was done)"),
        required=False,
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 2}),
    )


class DecisionFilterForm(forms.Form):
    """Search and filters of the decisions log."""

    q = forms.CharField(label=_("Words"), required=False, max_length=200)
    group = forms.ModelChoiceField(
        label=_("Group"),
        queryset=WorkGroup.objects.none(),
        required=False,
        empty_label=_("All groups"),
    )
    focus_area = forms.ModelChoiceField(
        label=_("Focus area"),
        queryset=FocusArea.objects.none(),
        required=False,
        empty_label=_("All focus areas"),
    )
    since = forms.DateField(label=_("Meetings from"), required=False, widget=DATE_WIDGET)
    until = forms.DateField(label=_("Meetings until"), required=False, widget=DATE_WIDGET)

    FIELD_NAMES = ("q", "group", "focus_area", "since", "until")

    def __init__(self, *args, alliance: Alliance, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["group"].queryset = decision_filter_groups(alliance=alliance)
        self.fields["focus_area"].queryset = decision_filter_focus_areas(alliance=alliance)
        self.fields["focus_area"].label_from_instance = lambda area: (
            f"{area.position}. {area.title}"
        )

    def clean(self):
        cleaned = super().clean()
        since, until = cleaned.get("since"), cleaned.get("until")
        if since and until and until < since:
            self.add_error("until", _("The end date cannot be before the start date."))
        return cleaned

    def filters(self) -> dict:
        """The keyword arguments for workgroups.selectors_meetings.decisions_log."""
        if not self.is_bound or not self.is_valid():
            return {}
        data = self.cleaned_data
        return {
            "query": data["q"],
            "group": data["group"],
            "focus_area": data["focus_area"],
            "since": data["since"],
            "until": data["until"],
        }
