"""Forms of the activity pages: an activity with its partners, goals and measures, a session's
log, an area, and the filters of the list and of the young people's page."""

from __future__ import annotations

from collections.abc import Sequence

from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from alliance.models import Alliance, FocusArea, Goal, Organisation
from measurement.models import (
    Aggregation,
    Dimension,
    DimensionValue,
    Indicator,
    IndicatorKind,
    Unit,
)
from workgroups.models import WorkGroup

from .models import (
    Activity,
    ActivityStatus,
    Area,
    EducationType,
    GoalStrength,
    MeasureSource,
    PartnerRole,
    Recurrence,
)
from .selectors import ActivityFilters, goals_by_focus_area
from .services import ACTIVITY_FIELDS, MEASURE_KINDS

DATE_WIDGET = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")
NUMBER_ATTRS = {"inputmode": "numeric", "pattern": "[0-9]*", "autocomplete": "off"}
# A PositiveIntegerField holds up to this on every database Django supports.
MAX_COUNT = 2_147_483_647


def _count_field(label, **kwargs) -> forms.IntegerField:
    """A whole number typed on a phone's number pad."""
    return forms.IntegerField(
        label=label,
        min_value=0,
        max_value=MAX_COUNT,
        widget=forms.TextInput(attrs=NUMBER_ATTRS),
        **kwargs,
    )


class DanishDecimalField(forms.DecimalField):
    """A decimal typed the Danish way (1.250,50 or 12,5) as well as with a point (12.5)."""

    def to_python(self, value):
        if isinstance(value, str):
            value = "".join(value.split())
            if "," in value:
                value = value.replace(".", "").replace(",", ".")
        return super().to_python(value)


def _decimal_field(label, max_digits: int, decimal_places: int, help_text) -> forms.DecimalField:
    return DanishDecimalField(
        label=label,
        required=False,
        min_value=0,
        max_digits=max_digits,
        decimal_places=decimal_places,
        localize=True,
        help_text=help_text,
        widget=forms.TextInput(attrs={"inputmode": "decimal", "autocomplete": "off"}),
    )


def measure_sources(indicator: Indicator) -> list[tuple[str, str]]:
    """The log figures that can feed the indicator: a share takes the satisfied answers, a
    count of people or sessions takes the numbers of participants or sessions."""
    if indicator.aggregation == Aggregation.RATIO:
        return [(MeasureSource.SATISFIED_SHARE, MeasureSource.SATISFIED_SHARE.label)]
    if indicator.aggregation == Aggregation.SUM and indicator.unit == Unit.COUNT:
        return [
            (source.value, source.label)
            for source in (
                MeasureSource.PARTICIPANTS,
                MeasureSource.NEW_PARTICIPANTS,
                MeasureSource.SESSIONS,
            )
        ]
    return []


class ActivityForm(forms.Form):
    """An activity. Partners come as rows of (organisation, role); goals as one choice per goal
    (not served, main goal, contributes); measures as one choice per indicator (not measured,
    or the log figure that feeds it). The hidden fields `partners`, `goals` and `measures` only
    carry the service's errors on those parts."""

    title = forms.CharField(label=_("Title"), max_length=200)
    description = forms.CharField(
        label=_("Description"), required=False, widget=forms.Textarea(attrs={"rows": 4})
    )
    group = forms.ModelChoiceField(
        label=_("Working group"),
        queryset=WorkGroup.objects.none(),
        help_text=_("The group that owns the activity."),
    )
    status = forms.ChoiceField(label=_("Status"), choices=ActivityStatus.choices)
    starts_on = forms.DateField(label=_("Starts"), required=False, widget=DATE_WIDGET)
    ends_on = forms.DateField(
        label=_("Ends"),
        required=False,
        widget=DATE_WIDGET,
        help_text=_("Leave the dates empty for an activity that runs on."),
    )
    recurrence = forms.ChoiceField(label=_("How often"), choices=Recurrence.choices)
    place = forms.CharField(label=_("Place"), max_length=300, required=False)
    age_min = forms.IntegerField(
        label=_("Youngest age"),
        required=False,
        min_value=0,
        max_value=30,
        widget=forms.TextInput(attrs=NUMBER_ATTRS),
    )
    age_max = forms.IntegerField(
        label=_("Oldest age"),
        required=False,
        min_value=0,
        max_value=30,
        widget=forms.TextInput(attrs=NUMBER_ATTRS),
    )
    education_types = forms.MultipleChoiceField(
        label=_("Education types"),
        required=False,
        choices=EducationType.choices,
        widget=forms.CheckboxSelectMultiple,
        help_text=_("None chosen: every young person."),
    )
    areas = forms.ModelMultipleChoiceField(
        label=_("Areas"),
        required=False,
        queryset=Area.objects.none(),
        widget=forms.CheckboxSelectMultiple,
        help_text=_("None chosen: the whole municipality."),
    )
    aims_at_priority_group = forms.BooleanField(
        label=_("Aims at the priority group"),
        required=False,
        help_text=_("The young people the common agenda names for equity."),
    )
    focus_areas = forms.ModelMultipleChoiceField(
        label=_("Focus areas"),
        required=False,
        queryset=FocusArea.objects.none(),
        widget=forms.CheckboxSelectMultiple,
    )
    hours_committed = _decimal_field(
        _("Hours committed"), 10, 1, _("The partners' hours in all, e.g. 120 or 37,5.")
    )
    money_committed = _decimal_field(
        _("Money committed (DKK)"), 12, 2, _("In kroner, e.g. 25000 or 1.250,50.")
    )
    is_co_planned_by_youth = forms.BooleanField(
        label=_("Co-planned with young people"), required=False
    )
    is_public = forms.BooleanField(
        label=_("Shown to young people"),
        required=False,
        help_text=_("Listed among the activities young people can join."),
    )
    # Carriers of the service's errors on the repeated parts.
    partners = forms.CharField(required=False, widget=forms.HiddenInput)
    goals = forms.CharField(required=False, widget=forms.HiddenInput)
    measures = forms.CharField(required=False, widget=forms.HiddenInput)

    def __init__(
        self,
        data=None,
        *,
        alliance: Alliance,
        groups,
        activity: Activity | None = None,
    ):
        self.alliance = alliance
        initial = self._initial_of(activity) if activity is not None else {}
        super().__init__(data, initial=initial)
        self.fields["group"].queryset = groups
        if activity is None and data is None:
            only = list(groups[:2])
            if len(only) == 1:  # a coordinator of one group need not choose it
                self.initial["group"] = only[0].pk
        self.fields["areas"].queryset = Area.objects.filter(alliance=alliance)
        self.fields["focus_areas"].queryset = FocusArea.objects.filter(alliance=alliance)
        self.fields["focus_areas"].label_from_instance = lambda area: area.title
        self._add_partner_rows(activity, data)
        self._add_goal_fields(activity)
        self._add_measure_fields(activity)

    @staticmethod
    def _initial_of(activity: Activity) -> dict:
        initial = {name: getattr(activity, name) for name in ACTIVITY_FIELDS}
        initial.update(
            group=activity.group_id,
            education_types=[e.education_type for e in activity.education_types.all()],
            areas=[area.pk for area in activity.areas.all()],
            focus_areas=[area.pk for area in activity.focus_areas.all()],
        )
        return initial

    # --- partners: rows of organisation and role ---

    def _add_partner_rows(self, activity: Activity | None, data) -> None:
        existing = list(activity.partners.all()) if activity is not None else []
        rows = max(len(existing) + 2, 3)
        if data is not None:
            posted = [key for key in data if key.startswith("partner_") and key.endswith("_org")]
            rows = max(rows, len(posted))
        organisations = Organisation.objects.filter(alliance=self.alliance).order_by("name")
        self.partner_rows = []
        for index in range(rows):
            current = existing[index] if index < len(existing) else None
            org_name, role_name = f"partner_{index}_org", f"partner_{index}_role"
            self.fields[org_name] = forms.ModelChoiceField(
                label=_("Partner organisation %(number)s") % {"number": index + 1},
                queryset=organisations,
                required=False,
                empty_label=_("(none)"),
                initial=current.organisation_id if current else None,
            )
            self.fields[role_name] = forms.ChoiceField(
                label=_("Role of partner %(number)s") % {"number": index + 1},
                choices=[("", _("(choose a role)")), *PartnerRole.choices],
                required=False,
                initial=current.role if current else "",
            )
            self.partner_rows.append((org_name, role_name))

    def partner_fields(self) -> list[tuple[forms.BoundField, forms.BoundField]]:
        return [(self[org], self[role]) for org, role in self.partner_rows]

    # --- goals: one choice per goal, grouped by focus area ---

    def _add_goal_fields(self, activity: Activity | None) -> None:
        current = (
            {link.goal_id: link.strength for link in activity.goal_links.all()} if activity else {}
        )
        self.goal_names: dict[str, Goal] = {}
        self.goal_sections_names: list[tuple[FocusArea, list[str]]] = []
        for focus_area, goals in goals_by_focus_area(alliance=self.alliance):
            names = []
            for goal in goals:
                name = f"goal_{goal.pk}"
                self.fields[name] = forms.ChoiceField(
                    label=goal.title,
                    required=False,
                    choices=[("", _("Not served")), *GoalStrength.choices],
                    initial=current.get(goal.pk, ""),
                )
                self.goal_names[name] = goal
                names.append(name)
            self.goal_sections_names.append((focus_area, names))

    def goal_sections(self) -> list[tuple[FocusArea, list[forms.BoundField]]]:
        return [
            (focus_area, [self[name] for name in names])
            for focus_area, names in self.goal_sections_names
        ]

    # --- measures: one choice per indicator that the log can feed ---

    def _add_measure_fields(self, activity: Activity | None) -> None:
        current = (
            {measure.indicator_id: measure.source for measure in activity.measures.all()}
            if activity
            else {}
        )
        self.measure_names: dict[str, Indicator] = {}
        kinds = [IndicatorKind.HOW_MUCH, IndicatorKind.HOW_WELL, IndicatorKind.BETTER_OFF]
        indicators = sorted(
            Indicator.objects.filter(alliance=self.alliance, kind__in=MEASURE_KINDS),
            key=lambda indicator: (kinds.index(indicator.kind), indicator.code, indicator.name),
        )
        for indicator in indicators:
            sources = measure_sources(indicator)
            if not sources:
                continue
            name = f"measure_{indicator.pk}"
            label = f"{indicator.code} {indicator.name}" if indicator.code else indicator.name
            self.fields[name] = forms.ChoiceField(
                label=label,
                required=False,
                choices=[("", _("Not measured")), *sources],
                initial=current.get(indicator.pk, ""),
                help_text=indicator.get_kind_display(),
            )
            self.measure_names[name] = indicator

    def measure_fields(self) -> list[forms.BoundField]:
        return [self[name] for name in self.measure_names]

    # --- cleaning ---

    def clean(self):
        cleaned = super().clean()
        seen: dict[int, str] = {}
        for org_name, role_name in self.partner_rows:
            organisation, role = cleaned.get(org_name), cleaned.get(role_name)
            if organisation is None:
                if role:
                    self.add_error(org_name, _("Choose the organisation, or no role."))
                continue
            if not role:
                self.add_error(role_name, _("Choose the partner's role."))
            elif organisation.pk in seen:
                self.add_error(org_name, _("The organisation is listed twice."))
            seen[organisation.pk] = role
        return cleaned

    def service_arguments(self) -> dict:
        """The keyword arguments of initiatives.services.activity_save."""
        data = self.cleaned_data
        partners = {}
        for org_name, role_name in self.partner_rows:
            if data.get(org_name) is not None and data.get(role_name):
                partners[data[org_name]] = data[role_name]
        return {
            **{name: data[name] for name in ACTIVITY_FIELDS},
            "description": data["description"].strip(),
            "place": data["place"].strip(),
            "group": data["group"],
            "partners": partners,
            "goals": {goal: data[name] for name, goal in self.goal_names.items() if data.get(name)},
            "measures": {
                indicator: data[name]
                for name, indicator in self.measure_names.items()
                if data.get(name)
            },
            "focus_areas": list(data["focus_areas"]),
            "areas": list(data["areas"]),
            "education_types": data["education_types"],
        }


class LogForm(forms.Form):
    """A session, entered on a phone: the numbers, a note, the satisfaction answers, and the
    participants by each value of the breakdowns the activity's measures use. The hidden field
    `breakdowns` carries the service's error on those."""

    held_on = forms.DateField(label=_("Date"), widget=DATE_WIDGET)
    participants_new = _count_field(_("New participants"), required=False)
    participants_returning = _count_field(_("Returning participants"), required=False)
    note = forms.CharField(
        label=_("Short note"),
        required=False,
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("What happened? No names of young people."),
    )
    satisfaction_answers = _count_field(
        _("How many answered?"), required=False, help_text=_("Answers to “How satisfied are you?”")
    )
    satisfaction_positive = _count_field(
        _("How many were satisfied?"), required=False, help_text=_("Answered 4 or 5 of 5.")
    )
    breakdowns = forms.CharField(required=False, widget=forms.HiddenInput)

    def __init__(
        self,
        data=None,
        *,
        dimensions: Sequence[tuple[Dimension, Sequence[DimensionValue]]],
        log=None,
    ):
        initial = {"held_on": timezone.localdate()}
        if log is not None:
            initial = {
                "held_on": log.held_on,
                "participants_new": log.participants_new,
                "participants_returning": log.participants_returning,
                "note": log.note,
                "satisfaction_answers": log.satisfaction_answers,
                "satisfaction_positive": log.satisfaction_positive,
            }
        super().__init__(data, initial=initial)
        counts = {row.value_id: row.participants for row in log.breakdowns.all()} if log else {}
        self.value_names: dict[str, DimensionValue] = {}
        self.dimension_names: list[tuple[Dimension, list[str]]] = []
        for dimension, values in dimensions:
            names = []
            for value in values:
                name = f"value_{value.pk}"
                self.fields[name] = _count_field(
                    value.label, required=False, initial=counts.get(value.pk, "")
                )
                self.value_names[name] = value
                names.append(name)
            self.dimension_names.append((dimension, names))

    def dimension_sections(self) -> list[tuple[Dimension, list[forms.BoundField]]]:
        return [(dimension, [self[n] for n in names]) for dimension, names in self.dimension_names]

    def service_arguments(self) -> dict:
        data = self.cleaned_data
        return {
            "held_on": data["held_on"],
            # An empty number is none: quicker to leave than to type 0 on a phone.
            "participants_new": data["participants_new"] or 0,
            "participants_returning": data["participants_returning"] or 0,
            "note": data["note"],
            "satisfaction_answers": data["satisfaction_answers"] or 0,
            "satisfaction_positive": data["satisfaction_positive"] or 0,
            "breakdowns": {
                value: data[name] for name, value in self.value_names.items() if data.get(name)
            },
        }


class AreaForm(forms.Form):
    name = forms.CharField(label=_("Name of the area"), max_length=100)


def _age_field() -> forms.IntegerField:
    return forms.IntegerField(
        label=_("Age"),
        required=False,
        min_value=0,
        max_value=99,
        widget=forms.TextInput(attrs=NUMBER_ATTRS),
    )


class ActivityFilterForm(forms.Form):
    q = forms.CharField(label=_("Search"), required=False, max_length=200)
    status = forms.ChoiceField(
        label=_("Status"),
        required=False,
        choices=[("", _("Every status")), *ActivityStatus.choices],
    )
    focus_area = forms.ModelChoiceField(
        label=_("Focus area"),
        required=False,
        queryset=FocusArea.objects.none(),
        empty_label=_("Every focus area"),
    )
    goal = forms.ModelChoiceField(
        label=_("Goal"), required=False, queryset=Goal.objects.none(), empty_label=_("Every goal")
    )
    group = forms.ModelChoiceField(
        label=_("Working group"),
        required=False,
        queryset=WorkGroup.objects.none(),
        empty_label=_("Every group"),
    )
    partner = forms.ModelChoiceField(
        label=_("Partner"),
        required=False,
        queryset=Organisation.objects.none(),
        empty_label=_("Every partner"),
    )
    age = _age_field()
    education_type = forms.ChoiceField(
        label=_("Education type"),
        required=False,
        choices=[("", _("Every education type")), *EducationType.choices],
    )
    area = forms.ModelChoiceField(
        label=_("Area"), required=False, queryset=Area.objects.none(), empty_label=_("Every area")
    )
    priority_group = forms.BooleanField(label=_("Aims at the priority group"), required=False)

    def __init__(self, data=None, *, alliance: Alliance):
        super().__init__(data)
        self.fields["focus_area"].queryset = FocusArea.objects.filter(alliance=alliance)
        self.fields["focus_area"].label_from_instance = lambda area: area.title
        self.fields["goal"].queryset = Goal.objects.filter(alliance=alliance).order_by(
            "focus_area__position", "position", "pk"
        )
        self.fields["goal"].label_from_instance = lambda goal: goal.title
        self.fields["group"].queryset = WorkGroup.objects.filter(alliance=alliance).order_by("name")
        self.fields["partner"].queryset = Organisation.objects.filter(alliance=alliance).order_by(
            "name"
        )
        self.fields["area"].queryset = Area.objects.filter(alliance=alliance)

    def filters(self) -> ActivityFilters:
        """The filters of a valid form; none for an invalid one (the form shows its errors)."""
        if not self.is_valid():
            return ActivityFilters()
        data = self.cleaned_data
        return ActivityFilters(
            words=data["q"],
            focus_area=data["focus_area"],
            goal=data["goal"],
            group=data["group"],
            partner=data["partner"],
            age=data["age"],
            education_type=data["education_type"],
            area=data["area"],
            priority_group=data["priority_group"],
            status=data["status"],
        )

    def is_filtered(self) -> bool:
        return self.is_valid() and any(
            value not in (None, "", False) for value in self.cleaned_data.values()
        )


class JoinFilterForm(forms.Form):
    area = forms.ModelChoiceField(
        label=_("Where"), required=False, queryset=Area.objects.none(), empty_label=_("Everywhere")
    )
    age = _age_field()

    def __init__(self, data=None, *, alliance: Alliance):
        super().__init__(data)
        self.fields["area"].queryset = Area.objects.filter(alliance=alliance)
        self.fields["age"].label = _("Your age")

    def values(self) -> tuple[Area | None, int | None]:
        if not self.is_valid():
            return None, None
        return self.cleaned_data["area"], self.cleaned_data["age"]
