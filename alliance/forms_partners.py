"""Forms of the partners pages: a partner organisation, its commitment, signing, the filter."""

from __future__ import annotations

from django import forms
from django.utils.html import escape
from django.utils.translation import gettext_lazy as _

from .models import Alliance, Commitment, Organisation, Sector
from .selectors_partners import goal_choices, representative_choices

# A PositiveIntegerField holds up to this on every database Django supports.
MAX_AMOUNT = 2_147_483_647


class SectorFilterForm(forms.Form):
    sector = forms.ChoiceField(
        label=_("Sector"),
        required=False,
        choices=[("", _("All sectors")), *Sector.choices],
    )


class PartnerForm(forms.ModelForm):
    """A partner organisation's details. The model's validators check the CVR number; the name
    must be free within the alliance (the service checks it again inside its transaction)."""

    # Typed with spaces ("2918 9846") is fine: the spaces go before the model checks the digits.
    cvr = forms.CharField(
        label=_("CVR number"),
        required=False,
        max_length=11,
        help_text=_("Eight digits. Leave it empty if the partner has none."),
        widget=forms.TextInput(attrs={"inputmode": "numeric", "autocomplete": "off"}),
    )

    class Meta:
        model = Organisation
        fields = ["name", "sector", "cvr", "website", "description", "is_listed_publicly"]
        widgets = {
            "description": forms.Textarea(attrs={"rows": 4}),
        }
        help_texts = {
            "website": _("The full address, e.g. https://www.kalundborg.dk."),
        }

    def __init__(self, *args, alliance: Alliance, **kwargs):
        super().__init__(*args, **kwargs)
        self.alliance = alliance
        self.fields["sector"].choices = Sector.choices  # no empty choice: a partner has one

    def clean_cvr(self) -> str:
        return "".join(self.cleaned_data.get("cvr", "").split())

    def clean_name(self) -> str:
        name = self.cleaned_data["name"].strip()
        taken = Organisation.objects.filter(alliance=self.alliance, name__iexact=name)
        if self.instance.pk:
            taken = taken.exclude(pk=self.instance.pk)
        if taken.exists():
            raise forms.ValidationError(
                _("The alliance already has a partner called “%(name)s”."),
                code="duplicate_name",
                params={"name": name},
            )
        return name


class RepresentativeField(forms.ModelChoiceField):
    """Chooses a member of the alliance; cleans to the person (User)."""

    def label_from_instance(self, membership) -> str:
        user = membership.user
        parts = [user.get_full_name()]
        if membership.organisation:
            parts.append(membership.organisation.name)
        return f"{' – '.join(parts)} ({user.email})"

    def clean(self, value):
        membership = super().clean(value)
        return membership.user if membership else None


class CommitmentForm(forms.Form):
    """What a partner commits to, the goals and the representative who signs."""

    hours_per_year = forms.IntegerField(
        label=_("Hours per year"), required=False, min_value=0, max_value=MAX_AMOUNT
    )
    money_dkk = forms.IntegerField(
        label=_("Money (DKK per year)"),
        required=False,
        min_value=0,
        max_value=MAX_AMOUNT,
        help_text=_("Whole kroner, without dots or spaces."),
    )
    venues = forms.CharField(
        label=_("Venues"), required=False, widget=forms.Textarea(attrs={"rows": 3})
    )
    data = forms.CharField(
        label=_("Data"), required=False, widget=forms.Textarea(attrs={"rows": 3})
    )
    activities = forms.CharField(
        label=_("Activities"), required=False, widget=forms.Textarea(attrs={"rows": 3})
    )
    other = forms.CharField(
        label=_("Other contributions"), required=False, widget=forms.Textarea(attrs={"rows": 3})
    )
    goals = forms.ModelMultipleChoiceField(
        label=_("Goals committed to"),
        required=False,
        queryset=None,
        widget=forms.CheckboxSelectMultiple,
    )
    representative = RepresentativeField(
        label=_("Representative who signs"),
        required=False,
        queryset=None,
        empty_label=_("No one chosen yet"),
    )

    def __init__(self, *args, organisation: Organisation, **kwargs):
        super().__init__(*args, **kwargs)
        alliance = organisation.alliance
        self.fields["goals"].queryset = goal_choices(alliance=alliance)
        self.fields["representative"].queryset = representative_choices(
            alliance=alliance, organisation=organisation
        )
        self.fields["representative"].widget.attrs["class"] = "input-width-xl"
        self.fields["representative"].help_text = _(
            "The person who signs on behalf of %(organisation)s with their own login. People "
            "from %(organisation)s are listed first."
        ) % {"organisation": escape(organisation.name)}  # help text is shown as HTML

    @classmethod
    def initial_for(cls, commitment: Commitment | None) -> dict:
        if commitment is None:
            return {}
        initial = {
            name: getattr(commitment, name)
            for name in ("hours_per_year", "money_dkk", "venues", "data", "activities", "other")
        }
        initial["goals"] = [goal.pk for goal in commitment.goals.all()]
        if commitment.representative_id:
            initial["representative"] = (
                commitment.alliance.memberships.filter(user_id=commitment.representative_id)
                .values_list("pk", flat=True)
                .first()
            )
        return initial


class SignForm(forms.Form):
    """The representative confirms their authority; the fingerprint ties the signature to the
    text they read."""

    confirm = forms.BooleanField(required=True)
    fingerprint = forms.CharField(widget=forms.HiddenInput, max_length=64)

    def __init__(self, *args, organisation: Organisation, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["confirm"].label = _(
            "I have the authority to sign on behalf of %(organisation)s."
        ) % {"organisation": escape(organisation.name)}  # help text is shown as HTML
        self.fields["confirm"].error_messages["required"] = _(
            "Confirm that you have the authority to sign on behalf of the organisation."
        )
