"""Data for the pulse survey tests: an alliance with an indicator broken down by age band and
area, an open survey linked to it, and anonymous answers given through the service."""

from __future__ import annotations

import datetime
import itertools

from django.urls import reverse

from alliance.models import Role
from initiatives.models import Area
from measurement.models import Aggregation, Frequency, IndicatorKind, Unit
from tests.factories import AllianceFactory, MembershipFactory, OrganisationFactory
from tests.measurement.factories import DimensionFactory, DimensionValueFactory, IndicatorFactory
from youth_voice.models import FeedRule, Question, QuestionKind, Survey, SurveyStatus
from youth_voice.services_surveys import survey_response_create

PERIOD = datetime.date(2026, 7, 1)
_devices = itertools.count()


def survey_world(*, aggregation: str = Aggregation.RATIO, status: str = SurveyStatus.OPEN):
    """An alliance (small groups below 5) with its secretariat, an indicator per term broken
    down by age band and area, and an open three-question survey linked to it (the Likert
    question feeds it: agree and strongly agree count)."""
    alliance = AllianceFactory(small_group_threshold=5)
    secretariat = MembershipFactory(alliance=alliance, role=Role.SECRETARIAT).user
    organisation = OrganisationFactory(alliance=alliance, name="UngKalundborg")
    age = DimensionFactory(alliance=alliance, name="Alder")
    ages = {
        label: DimensionValueFactory(dimension=age, label=label, position=n)
        for n, label in enumerate(["13–15 år", "16–17 år", "18–24 år"], start=1)
    }
    area = DimensionFactory(alliance=alliance, name="Område", position=2)
    places = {
        label: DimensionValueFactory(dimension=area, label=label, position=n)
        for n, label in enumerate(["Kalundborg by", "Høng"], start=1)
    }
    areas = {
        name: Area.objects.create(alliance=alliance, name=name, position=n)
        for n, name in enumerate(["Kalundborg by", "Høng", "Ubby"], start=1)
    }
    is_ratio = aggregation == Aggregation.RATIO
    indicator = IndicatorFactory(
        alliance=alliance,
        name="Unge der oplever at blive hørt",
        unit=Unit.PERCENT if is_ratio else Unit.MEAN_SCORE,
        aggregation=aggregation,
        frequency=Frequency.TERM,
        kind=IndicatorKind.BETTER_OFF,
    )
    indicator.dimensions.set([age, area])
    survey = Survey.objects.create(
        alliance=alliance, title="Bliver du hørt?", status=status, created_by=secretariat
    )
    likert = Question.objects.create(
        survey=survey,
        position=1,
        kind=QuestionKind.LIKERT,
        text="Voksne lytter til unge",
        counted_choices=["4", "5"],
    )
    choice = Question.objects.create(
        survey=survey,
        position=2,
        kind=QuestionKind.CHOICE,
        text="Hvor tit føler du dig ensom?",
        choices=["Aldrig", "Nogle gange", "Ofte"],
    )
    text = Question.objects.create(
        survey=survey, position=3, kind=QuestionKind.TEXT, text="Hvad mere?", required=False
    )
    survey.indicator = indicator
    survey.indicator_question = likert
    survey.feed_rule = FeedRule.SHARE if is_ratio else FeedRule.MEAN
    survey.period = PERIOD
    survey.organisation = organisation
    survey.age_dimension = age
    survey.area_dimension = area
    survey.save()
    return {
        "alliance": alliance,
        "secretariat": secretariat,
        "organisation": organisation,
        "indicator": indicator,
        "survey": survey,
        "likert": likert,
        "choice": choice,
        "text": text,
        "ages": ages,
        "places": places,
        "areas": areas,
    }


def answer(
    world,
    *,
    likert: int,
    age_band: str = "",
    area: str | None = None,
    choice="Aldrig",
    text: str = "",
):
    """One anonymous response from a new device."""
    return survey_response_create(
        survey=world["survey"],
        device_hash=f"device-{next(_devices)}",
        answers={world["likert"].pk: likert, world["choice"].pk: choice, world["text"].pk: text},
        age_band=age_band,
        area=world["areas"][area] if area else None,
    )


def url(name: str, alliance, **kwargs) -> str:
    return reverse(f"youth_voice:{name}", kwargs={"alliance_slug": alliance.slug, **kwargs})
