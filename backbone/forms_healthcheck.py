"""Forms of the partnership's health check: the secretariat's new round, and a member's
answers (one radio group per statement, 1-5 or "don't know", and an optional comment)."""

from __future__ import annotations

import datetime

from django import forms
from django.utils import formats, timezone
from django.utils.translation import gettext_lazy as _

from .healthcheck import COMMENT_MAX_LENGTH, ELEMENTS, STATEMENTS, score_labels, statements_of

DONT_KNOW = "dont_know"
FIELD_PREFIX = "statement_"
# A round is open for a few weeks; a closing date more than a year ahead is a typing error.
LONGEST_ROUND_DAYS = 366


def _season_title(today: datetime.date) -> str:
    if today.month <= 6:
        return _("Health check spring %(year)s") % {"year": today.year}
    return _("Health check autumn %(year)s") % {"year": today.year}


class RoundOpenForm(forms.Form):
    title = forms.CharField(label=_("Title"), max_length=200)
    closes_on = forms.DateField(
        label=_("Last day to answer"),
        help_text=_("Members can answer until and including this day. Three weeks is usual."),
        widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
    )

    def __init__(self, *args, **kwargs):
        if "initial" not in kwargs:
            today = timezone.localdate()
            kwargs["initial"] = {
                "title": _season_title(today),
                "closes_on": today + datetime.timedelta(days=21),
            }
        super().__init__(*args, **kwargs)

    def clean_closes_on(self) -> datetime.date:
        closes_on = self.cleaned_data["closes_on"]
        today = timezone.localdate()
        if closes_on < today:
            raise forms.ValidationError(_("The last day to answer cannot be in the past."))
        latest = today + datetime.timedelta(days=LONGEST_ROUND_DAYS)
        if closes_on > latest:
            raise forms.ValidationError(
                _("A round can be open for a year at most: choose a day before %(day)s.")
                % {"day": formats.date_format(latest, "j. F Y")}
            )
        return closes_on


class AnswerForm(forms.Form):
    """Every statement is answered with a score or "don't know"; a field for a statement that
    does not exist is refused, not ignored."""

    comment = forms.CharField(
        label=_("Anything else you want to tell the secretariat?"),
        help_text=_(
            "At most 2000 characters. Do not write names or other personal details: the "
            "comments are shown to all members, with names, phone numbers and emails masked."
        ),
        required=False,
        max_length=COMMENT_MAX_LENGTH,
        widget=forms.Textarea(attrs={"rows": 4, "maxlength": COMMENT_MAX_LENGTH}),
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        labels = score_labels()
        choices = [(str(score), label) for score, label in labels.items()]
        choices.append((DONT_KNOW, _("Don't know")))
        for statement in STATEMENTS:
            self.fields[self.name_of(statement.key)] = forms.ChoiceField(
                label=statement.text,
                choices=choices,
                widget=forms.RadioSelect,
                error_messages={
                    "required": _("Choose an answer, or “Don't know”."),
                    "invalid_choice": _("Choose one of the answers shown."),
                },
            )

    @staticmethod
    def name_of(key: str) -> str:
        return f"{FIELD_PREFIX}{key}"

    def groups(self) -> list[tuple[str, list[forms.BoundField]]]:
        """The statements' fields by element: [(element name, [bound fields])]."""
        return [
            (str(element.label), [self[self.name_of(s.key)] for s in statements_of(element.key)])
            for element in ELEMENTS
        ]

    def clean(self):
        data = super().clean()
        forged = [
            name for name in self.data if name.startswith(FIELD_PREFIX) and name not in self.fields
        ]
        if forged:
            raise forms.ValidationError(
                _(
                    "The answers name a statement that does not exist. Reload the page and try "
                    "again."
                ),
                code="unknown_statement",
            )
        return data

    def scores(self) -> dict[str, int | None]:
        """{statement key: score, or None for "don't know"}."""
        result: dict[str, int | None] = {}
        for statement in STATEMENTS:
            value = self.cleaned_data[self.name_of(statement.key)]
            result[statement.key] = None if value == DONT_KNOW else int(value)
        return result
