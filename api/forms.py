"""The form that makes a personal API key."""

from __future__ import annotations

import datetime

from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

# The longest a key may be made to last (it can be revoked any time before).
LONGEST_EXPIRY_DAYS = 2 * 366


class ApiTokenForm(forms.Form):
    name = forms.CharField(
        label=_("Name"),
        max_length=100,
        help_text=_("What the key is for, so you can tell your keys apart (e.g. “Power BI”)."),
        widget=forms.TextInput(attrs={"autocomplete": "off"}),
    )
    expires_on = forms.DateField(
        label=_("Expires"),
        required=False,
        help_text=_("The key stops working after this day. Leave it empty for no expiry."),
        widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
    )

    def clean_expires_on(self) -> datetime.date | None:
        day = self.cleaned_data.get("expires_on")
        today = timezone.localdate()
        if day is not None and day < today:
            raise forms.ValidationError(_("Choose today or a later day."))
        if day is not None and day > today + datetime.timedelta(days=LONGEST_EXPIRY_DAYS):
            raise forms.ValidationError(_("A key can last at most two years."))
        return day

    def expires_at(self) -> datetime.datetime | None:
        """The end of the chosen day in the platform's time zone."""
        day = self.cleaned_data.get("expires_on")
        if day is None:
            return None
        start_of_next = datetime.datetime.combine(
            day + datetime.timedelta(days=1), datetime.time.min
        )
        return timezone.make_aware(start_of_next)
