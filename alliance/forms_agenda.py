"""Forms of the common agenda. They validate the shape of the input (and uniqueness within the
alliance, for a clear message); the services in `services/agenda.py` do the writing."""

from __future__ import annotations

from django import forms
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from .models import AgendaComment, Alliance, FocusArea, Goal

MARKDOWN_HINT = _(
    "Markdown: a blank line starts a new paragraph; **bold**, *italic*, lists with - or 1., "
    "links as [text](https://…). HTML is removed."
)


class AgendaTextsForm(forms.Form):
    vision = forms.CharField(
        label=_("Shared vision"),
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("One or two sentences that every partner can stand behind."),
    )
    problem_understanding = forms.CharField(
        label=_("Shared understanding of the problem"),
        required=False,
        max_length=20000,
        widget=forms.Textarea(attrs={"rows": 10}),
        help_text=MARKDOWN_HINT,
    )
    guiding_principles = forms.CharField(
        label=_("Guiding principles"),
        required=False,
        max_length=20000,
        widget=forms.Textarea(attrs={"rows": 10}),
        help_text=MARKDOWN_HINT,
    )


class FocusAreaForm(forms.Form):
    position = forms.IntegerField(
        label=_("Number"), min_value=1, max_value=99, help_text=_("Focus areas are shown in order.")
    )
    title = forms.CharField(label=_("Title"), max_length=200)
    description = forms.CharField(
        label=_("Description"), required=False, widget=forms.Textarea(attrs={"rows": 4})
    )
    groups = forms.ModelMultipleChoiceField(
        label=_("Responsible working groups"),
        queryset=None,
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )

    def __init__(self, *args, alliance: Alliance, instance: FocusArea | None = None, **kwargs):
        self.alliance = alliance
        self.instance = instance
        if instance is not None and "initial" not in kwargs:
            kwargs["initial"] = {
                "position": instance.position,
                "title": instance.title,
                "description": instance.description,
                "groups": [group.pk for group in instance.groups.all()],
            }
        super().__init__(*args, **kwargs)
        # Active groups, and any archived group already responsible (so saving keeps it).
        linked = Q(focus_areas=instance) if instance is not None else Q(pk__in=[])
        self.fields["groups"].queryset = (
            alliance.groups.filter(Q(is_archived=False) | linked).distinct().order_by("name")
        )

    def _others(self):
        others = FocusArea.objects.filter(alliance=self.alliance)
        if self.instance is not None:
            others = others.exclude(pk=self.instance.pk)
        return others

    def clean_position(self) -> int:
        position = self.cleaned_data["position"]
        if self._others().filter(position=position).exists():
            raise forms.ValidationError(
                _("Another focus area already has number %(number)s."),
                params={"number": position},
            )
        return position

    def clean_title(self) -> str:
        title = self.cleaned_data["title"].strip()
        if self._others().filter(title__iexact=title).exists():
            raise forms.ValidationError(_("Another focus area already has this title."))
        return title


class GoalForm(forms.Form):
    focus_area = forms.ModelChoiceField(label=_("Focus area"), queryset=None)
    title = forms.CharField(label=_("Title"), max_length=300)
    description = forms.CharField(
        label=_("Description"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 4}),
        help_text=_("What will be different, for whom, measured how. Markdown."),
    )
    target_year = forms.IntegerField(
        label=_("Target year"),
        required=False,
        min_value=2000,
        max_value=2100,
        help_text=_("The year the goal should be reached, e.g. 2030."),
    )
    position = forms.IntegerField(
        label=_("Order"),
        min_value=1,
        max_value=999,
        initial=1,
        help_text=_("Goals are shown in this order within their focus area."),
    )

    def __init__(self, *args, alliance: Alliance, instance: Goal | None = None, **kwargs):
        self.alliance = alliance
        self.instance = instance
        if instance is not None and "initial" not in kwargs:
            kwargs["initial"] = {
                "focus_area": instance.focus_area_id,
                "title": instance.title,
                "description": instance.description,
                "target_year": instance.target_year,
                "position": instance.position,
            }
        super().__init__(*args, **kwargs)
        self.fields["focus_area"].queryset = FocusArea.objects.filter(alliance=alliance).order_by(
            "position"
        )


class AgendaPublishForm(forms.Form):
    note = forms.CharField(
        label=_("Note on this version"),
        max_length=500,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_(
            "What changed and why, e.g. who agreed to it. Everyone in the alliance sees it."
        ),
    )


class AgendaCommentForm(forms.Form):
    body = forms.CharField(
        label=_("Your comment"),
        max_length=AgendaComment._meta.get_field("body").max_length,
        widget=forms.Textarea(attrs={"rows": 4}),
    )


class AgendaCompareForm(forms.Form):
    """Two version numbers of the alliance (`?from=&to=`)."""

    from_number = forms.TypedChoiceField(label=_("From version"), coerce=int, choices=())
    to_number = forms.TypedChoiceField(label=_("To version"), coerce=int, choices=())

    def __init__(self, data=None, *, numbers: list[int], **kwargs):
        super().__init__(data, **kwargs)
        choices = [(n, _("Version %(number)s") % {"number": n}) for n in numbers]
        self.fields["from_number"].choices = choices
        self.fields["to_number"].choices = choices

    def add_prefix(self, field_name: str) -> str:
        # The fields are sent as ?from= and ?to= (shorter, and what links build).
        return {"from_number": "from", "to_number": "to"}.get(field_name, field_name)

    def clean(self):
        cleaned = super().clean()
        if cleaned.get("from_number") is not None and cleaned.get("from_number") == cleaned.get(
            "to_number"
        ):
            raise forms.ValidationError(_("Choose two different versions."))
        return cleaned
