"""Forms of the people pages. They validate the shape of the input; services decide the rest."""

from __future__ import annotations

from django import forms
from django.contrib.auth import password_validation
from django.utils.translation import gettext_lazy as _

from alliance.models import Alliance, Organisation, Role, User
from workgroups.models import GroupMember, GroupRole


def _organisation_field(alliance: Alliance) -> forms.ModelChoiceField:
    return forms.ModelChoiceField(
        label=_("Organisation"),
        queryset=Organisation.objects.filter(alliance=alliance).order_by("name"),
        required=False,
        empty_label=_("No organisation"),
    )


class InvitationForm(forms.Form):
    email = forms.EmailField(
        label=_("Email address"),
        max_length=254,
        widget=forms.EmailInput(attrs={"autocomplete": "off"}),
    )
    full_name = forms.CharField(label=_("Full name"), max_length=150)
    organisation = forms.ModelChoiceField(queryset=Organisation.objects.none())
    role = forms.ChoiceField(label=_("Role"), choices=Role.choices)

    def __init__(self, *args, alliance: Alliance, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["organisation"] = _organisation_field(alliance)
        # keep the field order: email, name, organisation, role
        self.order_fields(["email", "full_name", "organisation", "role"])


class MembershipForm(forms.Form):
    role = forms.ChoiceField(label=_("Role"), choices=Role.choices)
    organisation = forms.ModelChoiceField(queryset=Organisation.objects.none())

    def __init__(self, *args, alliance: Alliance, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["organisation"] = _organisation_field(alliance)


class AcceptInvitationForm(forms.Form):
    """Choose a password for the new account (checked by Django's password validators)."""

    password1 = forms.CharField(
        label=_("Password"),
        strip=False,
        widget=forms.PasswordInput(attrs={"autocomplete": "new-password"}),
        help_text=_("At least 12 characters. Avoid common words and only digits."),
    )
    password2 = forms.CharField(
        label=_("Password (again)"),
        strip=False,
        widget=forms.PasswordInput(attrs={"autocomplete": "new-password"}),
    )

    def __init__(self, *args, email: str, full_name: str, **kwargs):
        super().__init__(*args, **kwargs)
        self.email = email
        self.full_name = full_name

    def clean(self):
        cleaned = super().clean()
        password1, password2 = cleaned.get("password1"), cleaned.get("password2")
        if password1 and password2 and password1 != password2:
            self.add_error("password2", _("The two passwords are not the same."))
        elif password1:
            probe = User(email=self.email, full_name=self.full_name)
            try:
                password_validation.validate_password(password1, probe)
            except forms.ValidationError as error:
                self.add_error("password1", error)
        return cleaned


class DirectoryListingForm(forms.Form):
    is_listed = forms.BooleanField(required=False)


class SteeringSeatForm(forms.Form):
    user = forms.ModelChoiceField(label=_("Person"), queryset=User.objects.none())
    organisation = forms.ModelChoiceField(queryset=Organisation.objects.none())
    role = forms.ChoiceField(
        label=_("Role in the steering group"),
        choices=[
            (GroupRole.CHAIR, GroupRole.CHAIR.label),
            (GroupRole.VICE_CHAIR, GroupRole.VICE_CHAIR.label),
            (GroupRole.MEMBER, GroupRole.MEMBER.label),
        ],
        initial=GroupRole.MEMBER,
    )
    is_youth_representative = forms.BooleanField(
        label=_("Youth representative"),
        required=False,
        help_text=_("The seat is held by a young person and counts towards the youth share."),
    )
    is_voting = forms.BooleanField(
        label=_("Voting"),
        required=False,
        initial=True,
        help_text=_("Untick for observers, e.g. the head of the secretariat."),
    )
    term_start = forms.DateField(
        label=_("Term start"),
        required=False,
        # A browser date field only reads ISO dates; a localised value would show empty.
        widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
    )
    term_end = forms.DateField(
        label=_("Term end"),
        required=False,
        widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
    )

    def __init__(self, *args, alliance: Alliance, seat: GroupMember | None = None, **kwargs):
        if seat is not None:
            kwargs.setdefault(
                "initial",
                {
                    "user": seat.user_id,
                    "organisation": seat.organisation_id,
                    "role": seat.role,
                    "is_youth_representative": seat.is_youth_representative,
                    "is_voting": seat.is_voting,
                    "term_start": seat.term_start,
                    "term_end": seat.term_end,
                },
            )
        super().__init__(*args, **kwargs)
        self.fields["user"] = forms.ModelChoiceField(
            label=_("Person"),
            queryset=User.objects.filter(
                memberships__alliance=alliance, memberships__is_active=True, is_active=True
            ).order_by("full_name", "email"),
            help_text=_("An active member of the alliance."),
        )
        self.fields["organisation"] = _organisation_field(alliance)
        self.fields["organisation"].label = _("Organisation represented")
        self.order_fields(
            [
                "user",
                "organisation",
                "role",
                "is_youth_representative",
                "is_voting",
                "term_start",
                "term_end",
            ]
        )
