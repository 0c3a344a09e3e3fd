"""The email choices form: the language of a person's emails."""

from __future__ import annotations

from django import forms
from django.conf import settings
from django.utils.translation import get_language_info
from django.utils.translation import gettext_lazy as _


def _language_choices() -> list[tuple[str, str]]:
    # Each language in its own name ("Dansk", "English"), as a reader of it looks for it.
    return [
        ("", _("The platform's language (Danish)")),
        *(
            (code, get_language_info(code)["name_local"].capitalize())
            for code, _name in settings.LANGUAGES
        ),
    ]


class EmailLanguageForm(forms.Form):
    """The language of the person's emails; empty means the site's language."""

    language = forms.ChoiceField(
        label=_("Language of your emails"),
        required=False,
        choices=_language_choices,
        widget=forms.RadioSelect,
        help_text=_("Notification emails and the weekly digest come in this language."),
    )
