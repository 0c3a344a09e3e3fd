"""Forms of the moderation pages: moderating one input, resolving reports, appointing a
moderator and the portal's settings."""

from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from . import pii
from .models import INPUT_TEXT_MAX, PortalSettings
from .services_moderation import HIDE_REASON_MAX, ModerationAction


class ModerateForm(forms.Form):
    """Publish, keep private or hide. The text to show is scanned again: personal data still
    in it stops the form unless the moderator ticks that they checked the text."""

    action = forms.ChoiceField(choices=ModerationAction.choices, widget=forms.HiddenInput)
    text = forms.CharField(
        label=_("Text shown"),
        required=False,
        strip=True,
        max_length=INPUT_TEXT_MAX,
        widget=forms.Textarea(attrs={"rows": 6, "class": "input-width-xl"}),
        help_text=_(
            "What others see when it is published, and what the staff and the group read "
            "when it is kept private. Personal data found is masked already; adjust it if needed."
        ),
    )
    checked = forms.BooleanField(
        label=_("I have checked the text"),
        required=False,
        help_text=_("Tick this to publish anyway, if what is marked is not personal data."),
    )
    reason = forms.CharField(
        label=_("Reason for hiding"),
        required=False,
        strip=True,
        max_length=HIDE_REASON_MAX,
        widget=forms.Textarea(attrs={"rows": 3, "class": "input-width-xl"}),
        help_text=_("The young person sees it on their follow page. Write it kindly."),
    )

    def __init__(self, *args, names: list[str], **kwargs):
        super().__init__(*args, **kwargs)
        self.names = names
        self.remaining_findings: list[pii.Finding] = []

    def clean(self):
        cleaned = super().clean()
        action = cleaned.get("action")
        text = cleaned.get("text", "")
        if action == ModerationAction.HIDE:
            if not cleaned.get("reason"):
                self.add_error("reason", _("Write why the input is hidden."))
        elif action in (ModerationAction.PUBLISH, ModerationAction.PRIVATE):
            if not text:
                self.add_error("text", _("Write the text that is shown."))
            else:
                self.remaining_findings = pii.find_personal_data(text, names=self.names)
                if self.remaining_findings and not cleaned.get("checked"):
                    self.add_error(
                        "text",
                        _(
                            "The text still seems to contain personal data (listed above). "
                            "Mask it, or tick “I have checked the text”."
                        ),
                    )
        return cleaned


class ReportResolveForm(forms.Form):
    """Keep a reported input published, or hide it with a reason; either resolves the reports."""

    action = forms.ChoiceField(
        choices=[("keep", _("Keep published")), ("hide", _("Hide"))], widget=forms.HiddenInput
    )
    reason = forms.CharField(
        label=_("Reason for hiding"),
        required=False,
        strip=True,
        max_length=HIDE_REASON_MAX,
        widget=forms.Textarea(attrs={"rows": 2, "class": "input-width-xl"}),
        help_text=_("The young person sees it on their follow page."),
    )

    def clean(self):
        cleaned = super().clean()
        if cleaned.get("action") == "hide" and not cleaned.get("reason"):
            self.add_error("reason", _("Write why the input is hidden."))
        return cleaned


class ModeratorAddForm(forms.Form):
    user = forms.ModelChoiceField(
        label=_("Member"),
        queryset=None,
        empty_label=_("Choose a member"),
        error_messages={
            "required": _("Choose the member who will moderate."),
            "invalid_choice": _(
                "Choose an active member of this alliance who is not a moderator yet."
            ),
        },
        help_text=_("Moderators read young people's input before anyone else does."),
    )

    def __init__(self, *args, candidates, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["user"].queryset = candidates
        self.fields["user"].label_from_instance = lambda user: (
            f"{user.full_name} ({user.email})" if user.full_name else user.email
        )


class PortalSettingsForm(forms.ModelForm):
    class Meta:
        model = PortalSettings
        fields = [
            "is_open",
            "legal_basis",
            "consent_age",
            "retention_months",
            "answer_days",
            "controller_name",
            "privacy_contact_email",
            "dpo_email",
        ]
        labels = {
            "is_open": _("The youth portal is open"),
            "legal_basis": _("Legal basis for contact details and accounts"),
            "consent_age": _("Digital consent age"),
            "retention_months": _("Keep contact details for at most (months)"),
            "answer_days": _("Days to answer an input"),
            "controller_name": _("Data controller"),
            "privacy_contact_email": _("Privacy contact email"),
            "dpo_email": _("Data protection officer's email"),
        }
        help_texts = {
            "is_open": _(
                "When the portal is closed, young people cannot open its pages. "
                "What they sent is kept."
            ),
            "legal_basis": _(
                "Consent: young people (or a parent) say yes before we keep contact details. "
                "A public authority's task: the municipality keeps them as part of its work."
            ),
            "consent_age": _(
                "Below this age, a parent or guardian must say yes. In Denmark it is 15."
            ),
            "retention_months": _(
                "Contact details are deleted when the input is closed, or after this many "
                "months at the latest (1 to 24)."
            ),
            "answer_days": _("How many days a group has to answer an input (1 to 90)."),
            "controller_name": _(
                "Who is responsible for the data, e.g. the municipality. "
                "Shown in the privacy notice."
            ),
            "privacy_contact_email": _(
                "Where young people can write with questions about their data."
            ),
            "dpo_email": _("The data protection officer's email, shown in the privacy notice."),
        }
        widgets = {
            "legal_basis": forms.RadioSelect,
            "consent_age": forms.NumberInput(attrs={"class": "input-width-xs"}),
            "retention_months": forms.NumberInput(attrs={"class": "input-width-xs"}),
            "answer_days": forms.NumberInput(attrs={"class": "input-width-xs"}),
            "controller_name": forms.TextInput(attrs={"class": "input-width-l"}),
            "privacy_contact_email": forms.EmailInput(attrs={"class": "input-width-l"}),
            "dpo_email": forms.EmailInput(attrs={"class": "input-width-l"}),
        }
        error_messages = {
            "consent_age": {
                "min_value": _("The consent age must be between 13 and 18."),
                "max_value": _("The consent age must be between 13 and 18."),
                "invalid": _("Write the age as a whole number."),
                "required": _("Write the consent age."),
            },
            "retention_months": {
                "min_value": _("Choose between 1 and 24 months."),
                "max_value": _("Choose between 1 and 24 months."),
                "invalid": _("Write the number of months as a whole number."),
                "required": _("Write how many months contact details are kept."),
            },
            "answer_days": {
                "min_value": _("Choose between 1 and 90 days."),
                "max_value": _("Choose between 1 and 90 days."),
                "invalid": _("Write the number of days as a whole number."),
                "required": _("Write how many days there are to answer."),
            },
            "privacy_contact_email": {"invalid": _("Write a valid email address.")},
            "dpo_email": {"invalid": _("Write a valid email address.")},
        }
