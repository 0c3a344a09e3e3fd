"""The reinforcement map's filters and the address of one of its cells."""

from __future__ import annotations

from collections.abc import Sequence

from django import forms
from django.utils.translation import gettext_lazy as _

from .map_layout import VIEW_ACTIVITIES, VIEW_GROUPS, MapFilter


class MapFilterForm(forms.Form):
    focus_area = forms.TypedChoiceField(
        label=_("Focus area"), required=False, coerce=int, empty_value=None
    )
    group = forms.TypedChoiceField(
        label=_("Working group"), required=False, coerce=int, empty_value=None
    )
    view = forms.ChoiceField(
        label=_("Columns of the matrix"),
        required=False,
        choices=[
            (VIEW_ACTIVITIES, _("One per activity")),
            (VIEW_GROUPS, _("One per working group (compact)")),
        ],
    )
    paused = forms.BooleanField(label=_("Show paused activities"), required=False)

    def __init__(
        self,
        data=None,
        *,
        focus_areas: Sequence[tuple[int, str]],
        groups: Sequence[tuple[int, str]],
    ) -> None:
        super().__init__(data)
        self.fields["focus_area"].choices = [("", _("All focus areas")), *focus_areas]
        self.fields["group"].choices = [("", _("All working groups")), *groups]

    def filters(self) -> MapFilter:
        """The valid filters (after is_valid()); an invalid one is left out."""
        data = self.cleaned_data if self.is_bound else {}
        return MapFilter(
            focus_area_id=data.get("focus_area"),
            group_id=data.get("group"),
            include_paused=bool(data.get("paused")),
            view=data.get("view") or VIEW_ACTIVITIES,
        )


class MapCellForm(forms.Form):
    """Which cell: a goal, and a working group, a partner, or its running activities."""

    goal = forms.IntegerField(min_value=1)
    group = forms.IntegerField(min_value=1, required=False)
    partner = forms.IntegerField(min_value=1, required=False)
    running = forms.BooleanField(required=False)
    paused = forms.BooleanField(required=False)

    def clean(self):
        data = super().clean()
        chosen = [name for name in ("group", "partner") if data.get(name)]
        if len(chosen) > 1 or (chosen and data.get("running")):
            raise forms.ValidationError(_("Choose one cell."))
        return data
