"""Forms of the youth portal's shared pages: the published inputs' filter, a report, and the
optional youth account."""

from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from alliance.models import FocusArea

from .models import AgeBand, InputKind

REPORT_REASON_MAX = 500


class PublishedFilterForm(forms.Form):
    """The published inputs' filter: topic, kind and order. Bad values fall back to all."""

    SORT_NEWEST = "newest"
    SORT_SUPPORTED = "supported"

    topic = forms.ModelChoiceField(
        label=_("Topic"), queryset=FocusArea.objects.none(), required=False, empty_label=_("All")
    )
    kind = forms.ChoiceField(label=_("Kind"), required=False)
    sort = forms.ChoiceField(
        label=_("Order"),
        required=False,
        choices=[(SORT_NEWEST, _("Newest first")), (SORT_SUPPORTED, _("Most supported first"))],
    )

    def __init__(self, *args, alliance, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.fields["topic"].queryset = FocusArea.objects.filter(alliance=alliance)
        self.fields["topic"].label_from_instance = lambda focus_area: focus_area.title
        self.fields["kind"].choices = [("", _("All")), *InputKind.choices]


class ReportForm(forms.Form):
    reason = forms.CharField(
        label=_("What is wrong?"),
        help_text=_(
            "Tell the moderators briefly why this should not be shown. Max 500 characters."
        ),
        max_length=REPORT_REASON_MAX,
        widget=forms.Textarea(attrs={"rows": 4, "maxlength": REPORT_REASON_MAX}),
    )

    def clean_reason(self) -> str:
        reason = self.cleaned_data["reason"].strip()
        if not reason:
            raise forms.ValidationError(_("Write what is wrong."))
        return reason


AGE_BAND_RANGES = {
    AgeBand.AGE_13_15: (13, 15),
    AgeBand.AGE_16_17: (16, 17),
    AgeBand.AGE_18_24: (18, 24),
    AgeBand.AGE_25_29: (25, 29),
}


def below_consent_age_by_band(age_band: str, consent_age: int) -> bool | None:
    """True or False when the age band alone tells whether the person is below the consent age;
    None when it does not (15 in the band 13-15), so the question must be asked."""
    low, high = AGE_BAND_RANGES[age_band]
    if high < consent_age:
        return True
    if low >= consent_age:
        return False
    return None


class AccountCreateForm(forms.Form):
    """An email address, an age band and the consent. Where the alliance's legal basis is
    consent, the age band (or, when the band does not tell, the question "are you N or older")
    decides whether a parent or guardian must confirm; then their email is required. The age
    band is not stored: it only decides this."""

    email = forms.EmailField(
        label=_("Your email address"),
        help_text=_("We send your login codes here."),
        max_length=254,
        widget=forms.EmailInput(attrs={"autocomplete": "email"}),
    )
    age_band = forms.ChoiceField(
        label=_("How old are you?"), choices=AgeBand.choices, widget=forms.RadioSelect
    )
    is_above_consent_age = forms.ChoiceField(
        label="",
        choices=[("yes", _("Yes")), ("no", _("No"))],
        widget=forms.RadioSelect,
        required=False,
    )
    guardian_email = forms.EmailField(
        label=_("Your parent's or guardian's email address"),
        help_text=_("Only if you are under the age above. We ask them to confirm by email."),
        required=False,
        max_length=254,
        widget=forms.EmailInput(attrs={"autocomplete": "off"}),
    )
    consent = forms.BooleanField(label="")

    def __init__(self, *args, consent_age: int, asks_age: bool, consent_text, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.asks_age = asks_age
        self.consent_age = consent_age
        self.fields["consent"].label = consent_text
        self.fields["consent"].error_messages["required"] = _("Tick the box to create an account.")
        if asks_age:
            self.fields["is_above_consent_age"].label = _("Are you %(age)s or older?") % {
                "age": consent_age
            }
            self.fields["is_above_consent_age"].help_text = _(
                "Only if your age group does not tell. Below %(age)s a parent or guardian must "
                "agree before your account works."
            ) % {"age": consent_age}
        else:
            del self.fields["is_above_consent_age"]
            del self.fields["guardian_email"]

    def clean_email(self) -> str:
        return self.cleaned_data["email"].strip().lower()

    def clean(self) -> dict:
        cleaned = super().clean()
        cleaned["below_consent_age"] = False
        if not self.asks_age:
            cleaned["guardian_email"] = ""
            return cleaned
        band = cleaned.get("age_band")
        if not band:
            return cleaned
        below = below_consent_age_by_band(band, self.consent_age)
        if below is None:
            answer = cleaned.get("is_above_consent_age")
            if answer not in ("yes", "no"):
                self.add_error(
                    "is_above_consent_age",
                    _("Answer whether you are %(age)s or older.") % {"age": self.consent_age},
                )
                return cleaned
            below = answer == "no"
        cleaned["below_consent_age"] = below
        guardian_email = (cleaned.get("guardian_email") or "").strip().lower()
        if not below:
            cleaned["guardian_email"] = ""
        elif not guardian_email and "guardian_email" not in self.errors:
            self.add_error(
                "guardian_email",
                _("Write your parent's or guardian's email address, so they can confirm."),
            )
        elif guardian_email and guardian_email == cleaned.get("email"):
            self.add_error(
                "guardian_email",
                _("Your parent's or guardian's email must be different from your own."),
            )
        else:
            cleaned["guardian_email"] = guardian_email
        return cleaned


class ClaimForm(forms.Form):
    """A receipt code of an input sent without the account, to keep it with the account."""

    code = forms.CharField(
        label=_("Receipt code"),
        max_length=40,
        help_text=_("The code you got when you sent it, e.g. ABCDE-FGHJK."),
    )
