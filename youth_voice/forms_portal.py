"""The youth portal's anonymous forms: sending input (with optional contact details and
consent), following an input by its receipt code, and the guardian's answer."""

from __future__ import annotations

import unicodedata

from django import forms
from django.utils.translation import gettext_lazy as _

from alliance.models import Alliance

from .consent_texts import consent_text_current
from .models import INPUT_TEXT_MAX, AgeBand, ConsentPurpose, InputKind, LegalBasis, PortalSettings
from .selectors_portal import activities_for_feedback, areas_for_portal, focus_areas_for_portal

# The youngest and oldest age of each band: whether a band may be below the consent age.
AGE_BAND_RANGES = {
    AgeBand.AGE_13_15: (13, 15),
    AgeBand.AGE_16_17: (16, 17),
    AgeBand.AGE_18_24: (18, 24),
    AgeBand.AGE_25_29: (25, 29),
}


def plain_text(value: str) -> str:
    """Text as a young person meant it: control characters (NUL among them) removed, line
    breaks and tabs kept, Windows line breaks made plain."""
    value = value.replace("\r\n", "\n").replace("\r", "\n")
    return "".join(
        ch for ch in value if ch in "\n\t" or unicodedata.category(ch) not in ("Cc", "Cs")
    )


class PlainTextField(forms.CharField):
    """A text field that takes what was typed as plain text: never HTML, no control characters.
    Output is escaped by the templates wherever the text is shown."""

    def to_python(self, value):
        if isinstance(value, str):
            value = plain_text(value)
        return super().to_python(value)


def band_may_be_below(age_band: str, consent_age: int) -> bool:
    """True when the young person may be below the consent age: no band given, or a band that
    starts below it."""
    if not age_band:
        return True
    youngest, _oldest = AGE_BAND_RANGES[AgeBand(age_band)]
    return youngest < consent_age


def band_is_below(age_band: str, consent_age: int) -> bool:
    """True when the whole band is below the consent age."""
    if not age_band:
        return False
    _youngest, oldest = AGE_BAND_RANGES[AgeBand(age_band)]
    return oldest < consent_age


# The questions with choices from the alliance's own rows, and where their choices come from.
CHOICES = {
    "focus_area": focus_areas_for_portal,
    "activity": activities_for_feedback,
    "area": areas_for_portal,
}


class InputForm(forms.Form):
    """Send an idea, a worry, a question or feedback; optionally an email for the answer."""

    YES, NO = "yes", "no"

    kind = forms.ChoiceField(
        label=_("What do you want to send?"),
        choices=InputKind.choices,
        widget=forms.RadioSelect,
        error_messages={"required": _("Choose what you want to send.")},
    )
    text = PlainTextField(
        label=_("Write it here"),
        max_length=INPUT_TEXT_MAX,
        widget=forms.Textarea(attrs={"rows": 6, "maxlength": INPUT_TEXT_MAX}),
        help_text=_(
            "At most 2000 characters. Do not write names, phone numbers or other things that "
            "tell who you or others are."
        ),
        error_messages={
            "required": _("Write what you want to tell us."),
            "max_length": _(
                "Your text is too long: at most %(limit_value)d characters (it has %(show_value)d)."
            ),
        },
    )
    focus_area = forms.ModelChoiceField(
        label=_("What is it about?"),
        queryset=None,
        required=False,
        blank=True,
        empty_label=_("Something else"),
        widget=forms.RadioSelect,
    )
    activity = forms.ModelChoiceField(
        label=_("Is it about an activity?"),
        queryset=None,
        required=False,
        empty_label=_("No, not about an activity"),
        help_text=_("Choose the activity if you give feedback on one."),
    )
    area = forms.ModelChoiceField(
        label=_("Where do you live?"),
        queryset=None,
        required=False,
        empty_label=_("I'd rather not say"),
    )
    age_band = forms.ChoiceField(
        label=_("How old are you?"),
        choices=[("", _("I'd rather not say")), *AgeBand.choices],
        required=False,
        widget=forms.RadioSelect,
        help_text=_("We only ask for your age group, never your birthday."),
    )
    wants_reply = forms.BooleanField(
        label=_("Yes, I want an answer by email"),
        required=False,
    )
    email = forms.EmailField(
        label=_("Your email"),
        required=False,
        max_length=254,
        widget=forms.EmailInput(attrs={"autocomplete": "email"}),
        help_text=_("We only use it to answer you."),
    )
    contact_consent = forms.BooleanField(label="", required=False)
    is_of_age = forms.ChoiceField(
        label="",
        choices=[(YES, _("Yes")), (NO, _("No"))],
        required=False,
        widget=forms.RadioSelect,
    )
    guardian_email = forms.EmailField(
        label=_("Your parent's or guardian's email"),
        required=False,
        max_length=254,
        widget=forms.EmailInput(attrs={"autocomplete": "off"}),
        help_text=_(
            "We send them an email and ask them to say yes. Until they do, we do not use your "
            "email. Your input is sent anyway, without your email."
        ),
    )
    # The honeypot: people never see it; a bot that fills it in gets a thank-you and nothing is
    # saved.
    website = forms.CharField(
        label=_("Leave this field empty"),
        required=False,
        widget=forms.TextInput(attrs={"autocomplete": "off", "tabindex": "-1"}),
    )

    def __init__(self, *args, alliance: Alliance, portal: PortalSettings, **kwargs):
        super().__init__(*args, **kwargs)
        self.alliance = alliance
        self.portal = portal
        # A post reads the choices of the questions it answered; the others are read only if
        # the form is shown again (drop_empty_choices).
        for name, choices in CHOICES.items():
            if not self.is_bound or self.data.get(self.add_prefix(name)):
                self.fields[name].queryset = choices(alliance)
        self.consent_text = consent_text_current(
            purpose=ConsentPurpose.CONTACT, legal_basis=portal.legal_basis
        )
        self.fields["contact_consent"].label = self.consent_text.text
        self.fields["is_of_age"].label = _("Are you %(age)d or older?") % {
            "age": portal.consent_age
        }
        if not self.is_bound:
            self.drop_empty_choices()

    def drop_empty_choices(self) -> None:
        """Ready the form to be shown: read the choices a post left unread, and leave out the
        activity and area questions when there is nothing to choose. Asked only when the form
        is shown: a post that chose nothing validates without asking."""
        for name, choices in CHOICES.items():
            if name in self.fields and self.fields[name].queryset is None:
                self.fields[name].queryset = choices(self.alliance)
        for name in ("activity", "area"):
            if name in self.fields and not self.fields[name].queryset.exists():
                del self.fields[name]

    @property
    def asks_guardian(self) -> bool:
        """Whether the form may ask for a parent or guardian (legal basis consent)."""
        return self.portal.legal_basis == LegalBasis.CONSENT

    @property
    def is_spam(self) -> bool:
        return bool(self.data.get("website", "").strip())

    def clean_text(self) -> str:
        text = self.cleaned_data["text"].strip()
        if not text:
            raise forms.ValidationError(_("Write what you want to tell us."), code="required")
        return text

    def clean(self):
        data = super().clean()
        if not data.get("wants_reply"):
            data.update(
                email="", contact_consent=False, is_of_age="", guardian_email="", below=False
            )
            return data
        if not data.get("email") and "email" not in self.errors:
            self.add_error("email", _("Write your email, so we can answer you."))
        if not data.get("contact_consent"):
            self.add_error(
                "contact_consent", _("Tick the box if we may keep your email to answer you.")
            )
        age_band = data.get("age_band", "")
        consent_age = self.portal.consent_age
        below = False
        if self.asks_guardian and band_may_be_below(age_band, consent_age):
            is_of_age = data.get("is_of_age")
            if band_is_below(age_band, consent_age):
                is_of_age = self.NO
            if not is_of_age:
                self.add_error(
                    "is_of_age",
                    _("Tell us if you are %(age)d or older.") % {"age": consent_age},
                )
            below = is_of_age == self.NO
            if below:
                guardian = data.get("guardian_email", "")
                if not guardian and "guardian_email" not in self.errors:
                    self.add_error(
                        "guardian_email",
                        _("Write the email of a parent or guardian who can say yes."),
                    )
                elif guardian and guardian.lower() == (data.get("email") or "").lower():
                    self.add_error(
                        "guardian_email",
                        _("Write your parent's or guardian's email, not your own."),
                    )
        if not below:
            data["guardian_email"] = ""
        data["below"] = below
        return data


class FollowForm(forms.Form):
    code = PlainTextField(
        label=_("Your receipt code"),
        strip=True,
        help_text=_("The code you got when you sent your input, e.g. ABCDE-23456."),
        widget=forms.TextInput(
            attrs={
                "autocomplete": "off",
                "autocapitalize": "characters",
                "spellcheck": "false",
                "maxlength": 40,
            }
        ),
        error_messages={"required": _("Write your receipt code.")},
    )

    def clean_code(self) -> str:
        # No length error: a code that is too long gets the same answer as any wrong code.
        return self.cleaned_data["code"][:100]
