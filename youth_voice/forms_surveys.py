"""Forms of pulse surveys: the staff's survey, question and indicator link forms, and the young
person's answer form (built from the survey's questions)."""

from __future__ import annotations

from django import forms
from django.core.exceptions import ValidationError
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from initiatives.models import Area
from measurement.models import Aggregation, Dimension, Indicator
from measurement.periods import period_code, period_parse, period_start

from .models import (
    SURVEY_TEXT_ANSWER_MAX,
    AgeBand,
    FeedRule,
    Question,
    QuestionKind,
    Survey,
)
from .selectors_surveys import likert_labels

MAX_CHOICES = 10
NUMBER_LIMIT = 1_000_000


class SurveyForm(forms.ModelForm):
    class Meta:
        model = Survey
        fields = ["title", "intro"]
        labels = {"title": _("Title"), "intro": _("Introduction")}
        help_texts = {
            "intro": _("A sentence or two that young people read before they answer."),
        }
        widgets = {"intro": forms.Textarea(attrs={"rows": 3})}


class QuestionForm(forms.Form):
    """One question; the fields that matter depend on its kind."""

    kind = forms.ChoiceField(label=_("Kind of question"), choices=QuestionKind.choices)
    text = forms.CharField(label=_("Question"), max_length=300)
    help_text = forms.CharField(
        label=_("Help text"),
        max_length=300,
        required=False,
        help_text=_("Shown under the question, if it needs explaining."),
    )
    choices_text = forms.CharField(
        label=_("Choices (for one choice)"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 4}),
        help_text=_("One choice per line, 2 to 10 choices."),
    )
    number_min = forms.IntegerField(
        label=_("Lowest number (for a number)"),
        required=False,
        min_value=-NUMBER_LIMIT,
        max_value=NUMBER_LIMIT,
    )
    number_max = forms.IntegerField(
        label=_("Highest number (for a number)"),
        required=False,
        min_value=-NUMBER_LIMIT,
        max_value=NUMBER_LIMIT,
    )
    required = forms.BooleanField(label=_("An answer is required"), required=False, initial=True)

    @classmethod
    def for_question(cls, question: Question, **kwargs) -> QuestionForm:
        return cls(
            initial={
                "kind": question.kind,
                "text": question.text,
                "help_text": question.help_text,
                "choices_text": "\n".join(question.choices or []),
                "number_min": question.number_min,
                "number_max": question.number_max,
                "required": question.required,
            },
            **kwargs,
        )

    def clean(self):
        data = super().clean()
        kind = data.get("kind")
        lines = [line.strip() for line in (data.get("choices_text") or "").splitlines()]
        choices = [line for line in lines if line]
        data["choices"] = choices
        if kind == QuestionKind.CHOICE:
            if not 2 <= len(choices) <= MAX_CHOICES:
                self.add_error("choices_text", _("Write 2 to 10 choices, one per line."))
            elif len(set(choices)) != len(choices):
                self.add_error("choices_text", _("Each choice can only be there once."))
            elif any(len(choice) > 200 for choice in choices):
                self.add_error("choices_text", _("A choice can be at most 200 characters."))
        low, high = data.get("number_min"), data.get("number_max")
        if kind == QuestionKind.NUMBER and low is not None and high is not None and low >= high:
            self.add_error("number_max", _("The highest number must be above the lowest."))
        return data

    def service_fields(self) -> dict:
        data = self.cleaned_data
        return {
            "kind": data["kind"],
            "text": data["text"],
            "help_text": data.get("help_text", ""),
            "choices": data.get("choices", []),
            "number_min": data.get("number_min"),
            "number_max": data.get("number_max"),
            "required": data.get("required", False),
        }


class LinkForm(forms.Form):
    """Where the answers go in shared measurement."""

    indicator = forms.ModelChoiceField(
        label=_("Indicator"),
        queryset=Indicator.objects.none(),
        required=False,
        empty_label=_("Not linked to an indicator"),
    )
    question = forms.ModelChoiceField(
        label=_("Question that feeds the indicator"),
        queryset=Question.objects.none(),
        required=False,
    )
    feed_rule = forms.ChoiceField(
        label=_("Figure"), choices=FeedRule.choices, initial=FeedRule.SHARE
    )
    counted = forms.MultipleChoiceField(
        label=_("Answers that count (for a share)"),
        required=False,
        widget=forms.CheckboxSelectMultiple,
        help_text=_("Only the answers of the chosen question count."),
    )
    period = forms.CharField(
        label=_("Period"),
        required=False,
        max_length=20,
        help_text=_("A period of the indicator's frequency, like 2026-H2, 2026-Q3 or 2026."),
    )
    organisation = forms.ModelChoiceField(
        label=_("Reported as organisation"), queryset=None, required=False
    )
    age_dimension = forms.ModelChoiceField(
        label=_("Age band breakdown"),
        queryset=Dimension.objects.none(),
        required=False,
        empty_label=_("No age band breakdown"),
    )
    area_dimension = forms.ModelChoiceField(
        label=_("Area breakdown"),
        queryset=Dimension.objects.none(),
        required=False,
        empty_label=_("No area breakdown"),
    )

    def __init__(self, *args, survey: Survey, questions: list[Question], **kwargs):
        if not args and "initial" not in kwargs:
            kwargs["initial"] = self.initial_for(survey, questions)
        super().__init__(*args, **kwargs)
        self.survey = survey
        alliance = survey.alliance
        self.fields["indicator"].queryset = Indicator.objects.filter(alliance=alliance)
        feeding = [q for q in questions if q.kind != QuestionKind.TEXT]
        self.fields["question"].queryset = Question.objects.filter(
            pk__in=[q.pk for q in feeding]
        ).order_by("position", "pk")
        self.fields["question"].label_from_instance = lambda q: f"{q.position}. {q.text}"
        self.fields["organisation"].queryset = alliance.organisations.order_by("name")
        dimensions = Dimension.objects.filter(alliance=alliance)
        self.fields["age_dimension"].queryset = dimensions
        self.fields["area_dimension"].queryset = dimensions
        labels = likert_labels()
        choices = []
        for question in feeding:
            if question.kind == QuestionKind.LIKERT:
                options = [(str(v), f"{v} – {label}") for v, label in labels.items()]
            elif question.kind == QuestionKind.CHOICE:
                options = [(c, c) for c in question.choices]
            else:
                continue
            for value, label in options:
                choices.append((f"{question.pk}:{value}", f"{question.position}. {label}"))
        self.fields["counted"].choices = choices

    @staticmethod
    def initial_for(survey: Survey, questions: list[Question]) -> dict:
        question = next((q for q in questions if q.pk == survey.indicator_question_id), None)
        period = ""
        if survey.indicator_id and survey.period:
            period = period_code(survey.indicator.frequency, survey.period)
        elif survey.indicator_id:
            today = timezone.localdate()
            period = period_code(
                survey.indicator.frequency, period_start(survey.indicator.frequency, today)
            )
        return {
            "indicator": survey.indicator_id,
            "question": survey.indicator_question_id,
            "feed_rule": survey.feed_rule,
            "counted": [f"{question.pk}:{c}" for c in question.counted_choices] if question else [],
            "period": period,
            "organisation": survey.organisation_id,
            "age_dimension": survey.age_dimension_id,
            "area_dimension": survey.area_dimension_id,
        }

    def clean(self):
        data = super().clean()
        indicator = data.get("indicator")
        if indicator is None:
            return data
        question = data.get("question")
        rule = data.get("feed_rule")
        if question is None:
            self.add_error("question", _("Choose the question that feeds the indicator."))
        elif rule == FeedRule.MEAN and question.kind == QuestionKind.CHOICE:
            self.add_error(
                "feed_rule", _("A mean needs a question answered with a number or on the scale.")
            )
        elif rule == FeedRule.SHARE and question.kind == QuestionKind.NUMBER:
            self.add_error(
                "feed_rule", _("A share needs a question answered on the scale or with a choice.")
            )
        if rule == FeedRule.MEAN and indicator.aggregation == Aggregation.RATIO:
            self.add_error(
                "feed_rule",
                _("This indicator is a percent of sums: choose the share of the answers."),
            )
        counted = []
        for value in data.get("counted") or []:
            question_id, _sep, choice = value.partition(":")
            if question is not None and question_id == str(question.pk):
                counted.append(choice)
        if rule == FeedRule.SHARE and question is not None and not counted:
            self.add_error("counted", _("Mark the answers of the chosen question that count."))
        data["counted_choices"] = counted
        raw_period = (data.get("period") or "").strip()
        if not raw_period:
            self.add_error("period", _("Write the period the figures belong to."))
        else:
            try:
                data["period_date"] = period_parse(indicator.frequency, raw_period)
            except ValidationError as error:
                self.add_error("period", error)
        if data.get("organisation") is None:
            self.add_error(
                "organisation", _("Choose the organisation the figures are reported as.")
            )
        own = set(indicator.dimensions.values_list("pk", flat=True))
        for name in ("age_dimension", "area_dimension"):
            dimension = data.get(name)
            if dimension is not None and dimension.pk not in own:
                self.add_error(
                    name,
                    _("The indicator is not broken down by %(dimension)s.")
                    % {"dimension": dimension.name},
                )
        return data

    def service_fields(self) -> dict:
        data = self.cleaned_data
        linked = data.get("indicator") is not None
        return {
            "indicator": data.get("indicator"),
            "question": data.get("question") if linked else None,
            "feed_rule": data.get("feed_rule") or FeedRule.SHARE,
            "counted_choices": data.get("counted_choices", []),
            "period": data.get("period_date") if linked else None,
            "organisation": data.get("organisation") if linked else None,
            "age_dimension": data.get("age_dimension") if linked else None,
            "area_dimension": data.get("area_dimension") if linked else None,
        }


class AnswerForm(forms.Form):
    """A young person's answers: one field per question (`q<id>`), then age band and area,
    both optional, and a honeypot field people never see."""

    website = forms.CharField(required=False, label=_("Leave this field empty"))

    def __init__(self, *args, questions: list[Question], areas: list[Area], **kwargs):
        super().__init__(*args, **kwargs)
        self.questions = questions
        labels = likert_labels()
        for question in questions:
            self.fields[self.name_of(question)] = self._field(question, labels)
        self.fields["age_band"] = forms.ChoiceField(
            label=_("How old are you?"),
            required=False,
            choices=[*AgeBand.choices, ("", _("I would rather not say"))],
            widget=forms.RadioSelect,
        )
        self.fields["area"] = forms.ChoiceField(
            label=_("Where do you live?"),
            required=False,
            choices=[*((str(a.pk), a.name) for a in areas), ("", _("I would rather not say"))],
            widget=forms.RadioSelect,
        )
        self.areas = {str(a.pk): a for a in areas}

    @staticmethod
    def name_of(question: Question) -> str:
        return f"q{question.pk}"

    def _field(self, question: Question, labels: dict[int, str]) -> forms.Field:
        common = {
            "label": question.text,
            "required": question.required,
            "help_text": question.help_text,
        }
        if question.kind == QuestionKind.LIKERT:
            return forms.TypedChoiceField(
                choices=[(str(v), label) for v, label in labels.items()],
                coerce=int,
                widget=forms.RadioSelect,
                **common,
            )
        if question.kind == QuestionKind.CHOICE:
            return forms.ChoiceField(
                choices=[(c, c) for c in question.choices], widget=forms.RadioSelect, **common
            )
        if question.kind == QuestionKind.NUMBER:
            low = question.number_min if question.number_min is not None else -NUMBER_LIMIT
            high = question.number_max if question.number_max is not None else NUMBER_LIMIT
            return forms.DecimalField(
                min_value=low,
                max_value=high,
                max_digits=10,
                decimal_places=2,
                localize=True,
                widget=forms.TextInput(attrs={"inputmode": "decimal", "autocomplete": "off"}),
                **common,
            )
        return forms.CharField(
            max_length=SURVEY_TEXT_ANSWER_MAX,
            widget=forms.Textarea(attrs={"rows": 4}),
            **common,
        )

    def fields_of_questions(self):
        return [self[self.name_of(q)] for q in self.questions]

    @property
    def is_bot(self) -> bool:
        return bool(self.data.get("website"))

    def answers(self) -> dict[int, object]:
        return {q.pk: self.cleaned_data.get(self.name_of(q)) for q in self.questions}

    def area(self) -> Area | None:
        return self.areas.get(self.cleaned_data.get("area") or "")
