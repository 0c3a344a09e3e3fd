"""The demo alliance's pulse survey "Bliver du hørt?", its answers, and the indicator it feeds.

One open survey of five questions with about 60 anonymous answers spread over age bands and
areas: a few groups are small (25–29 år, Ubby), so the results and the figures sent to shared
measurement show how small groups and their smallest neighbour are hidden. The survey feeds
a new indicator "Unge der oplever at blive hørt (pulsmåling)" (per term): earlier terms have
approved figures, so it has a trend, and the current term's figures are sent and wait for the
secretariat's approval. Every answer is FICTIONAL demo data from a seeded random generator.
Running it again on an alliance that already has the survey writes nothing.
"""

from __future__ import annotations

import datetime
import random
from decimal import Decimal

from django.db import transaction

from alliance.models import Alliance, FocusArea, Membership, Organisation, Role
from backbone.demo_measurement import AGE, AREA, DIMENSIONS, GROUP_G
from initiatives.models import Area
from measurement.aggregation import indicator_recompute
from measurement.models import (
    Aggregation,
    DataPoint,
    DataPointStatus,
    Dimension,
    DimensionValue,
    Direction,
    Frequency,
    Indicator,
    IndicatorKind,
    Target,
    Unit,
)
from measurement.periods import MONTHS_PER_PERIOD, period_after, period_start
from workgroups.models import WorkGroup
from youth_voice.codes import keyed_hash
from youth_voice.models import (
    AgeBand,
    FeedRule,
    Question,
    QuestionKind,
    Survey,
    SurveyAnswer,
    SurveyResponse,
    SurveyStatus,
)
from youth_voice.services_surveys import survey_feed

SURVEY_TITLE = "Bliver du hørt?"
SURVEY_INTRO = (
    "Fem korte spørgsmål om at blive hørt, og om hvordan du har det. Du er anonym: vi spørger "
    "ikke om dit navn, og ingen kan se, hvad du svarede."
)
INDICATOR_CODE = "U1"
INDICATOR_NAME = "Unge der oplever at blive hørt (pulsmåling)"
REPORTED_AS = "UngKalundborg"
AREAS = ["Kalundborg by", "Høng", "Gørlev", "Ubby", "Svebølle"]

LONELY = ["Aldrig", "Sjældent", "Nogle gange", "Ofte", "Altid"]
QUESTIONS = [
    {"kind": QuestionKind.LIKERT, "text": "Jeg føler, at voksne i Kalundborg lytter til unge"},
    {"kind": QuestionKind.CHOICE, "text": "Hvor tit føler du dig ensom?", "choices": LONELY},
    {
        "kind": QuestionKind.NUMBER,
        "text": "Hvor mange timer sover du på en skoledag?",
        "help_text": "Skriv et tal, fx 7,5.",
        "number_min": 0,
        "number_max": 16,
    },
    {
        "kind": QuestionKind.LIKERT,
        "text": "Jeg ved, hvor jeg kan sige min mening, så den bliver hørt",
    },
    {
        "kind": QuestionKind.TEXT,
        "text": "Hvad skal alliancen gøre mere af?",
        "required": False,
    },
]
# How many answers from each age band and area (shuffled together): 25–29 år and Ubby are
# small groups, so their smallest neighbour is hidden with them.
AGE_COUNTS = {"13-15": 19, "16-17": 21, "18-24": 17, "25-29": 3}
AREA_COUNTS = {"Kalundborg by": 25, "Høng": 13, "Svebølle": 11, "Gørlev": 8, "Ubby": 3}
# The chance of agreeing with the first question, per age band.
AGREE = {"13-15": 0.62, "16-17": 0.5, "18-24": 0.45, "25-29": 0.4}
TEXTS = [
    "Flere steder hvor man kan hænge ud om aftenen, som ikke koster noget.",
    "Spørg os noget oftere – og fortæl hvad I gør ved det vi siger.",
    "Mere om mental sundhed i skolen, ikke kun én gang om året.",
    "Busser der kører senere fra Høng, så man kan komme hjem fra træning.",
    "Lyt til dem der ikke siger så meget. Skriv gerne til mig på 20 30 40 50.",
    "Gratis sport for alle, også hvis man ikke er god.",
    "Flere fester uden alkohol.",
]
# Earlier terms' approved figures: (numerator, denominator), oldest first.
EARLIER = [(19, 50), (22, 54), (25, 57), (26, 55), (29, 59)]
TARGET_SHARE = Decimal("60")


def seed_youth_surveys(alliance: Alliance, *, now: datetime.datetime) -> Survey:
    """Create the demo's pulse survey with its answers, the indicator it feeds with earlier
    terms' approved figures, and send the current term's figures for approval. Returns the
    survey; an alliance that already has it is left as it is."""
    existing = Survey.objects.filter(alliance=alliance, title=SURVEY_TITLE).first()
    if existing is not None:
        return existing
    with transaction.atomic():
        return _seed(alliance, now=now)


def _seed(alliance: Alliance, *, now: datetime.datetime) -> Survey:
    rng = random.Random("ung-og-sund-demo-pulsmaaling")  # nosec B311 - seeded demo data
    secretariat = (
        Membership.objects.filter(alliance=alliance, role=Role.SECRETARIAT)
        .select_related("user")
        .order_by("pk")
        .first()
    )
    user = secretariat.user if secretariat else None
    organisation = (
        Organisation.objects.filter(alliance=alliance, name=REPORTED_AS).first()
        or Organisation.objects.filter(alliance=alliance).order_by("pk").first()
    )
    dimensions = _dimensions(alliance)
    areas = _areas(alliance)
    current = period_start(Frequency.TERM, now.date())
    indicator = _indicator(
        alliance, dimensions, current=current, organisation=organisation, user=user
    )

    survey = Survey.objects.create(
        alliance=alliance,
        title=SURVEY_TITLE,
        intro=SURVEY_INTRO,
        status=SurveyStatus.OPEN,
        opened_at=now - datetime.timedelta(days=12),
        created_by=user,
    )
    questions = Question.objects.bulk_create(
        [
            Question(
                survey=survey,
                position=position,
                kind=spec["kind"],
                text=spec["text"],
                help_text=spec.get("help_text", ""),
                choices=spec.get("choices", []),
                number_min=spec.get("number_min"),
                number_max=spec.get("number_max"),
                required=spec.get("required", True),
                counted_choices=["4", "5"] if position == 1 else [],
            )
            for position, spec in enumerate(QUESTIONS, start=1)
        ]
    )
    _answers(survey, questions, areas, rng)
    survey.indicator = indicator
    survey.indicator_question = questions[0]
    survey.feed_rule = FeedRule.SHARE
    survey.period = current
    survey.organisation = organisation
    survey.age_dimension = dimensions[AGE]
    survey.area_dimension = dimensions[AREA]
    survey.save()
    survey_feed(survey=survey, user=user)
    survey.refresh_from_db()
    return survey


def _dimensions(alliance: Alliance) -> dict[str, Dimension]:
    """The demo's age and area dimensions, created with their values if missing."""
    found = {}
    for position, name in enumerate(DIMENSIONS, start=1):
        if name not in (AGE, AREA):
            continue
        dimension, _created = Dimension.objects.get_or_create(
            alliance=alliance, name=name, defaults={"position": position}
        )
        for value_position, label in enumerate(DIMENSIONS[name], start=1):
            DimensionValue.objects.get_or_create(
                dimension=dimension, label=label, defaults={"position": value_position}
            )
        found[name] = dimension
    return found


def _areas(alliance: Alliance) -> dict[str, Area]:
    areas = {area.name: area for area in Area.objects.filter(alliance=alliance)}
    for position, name in enumerate(AREAS, start=1):
        if name not in areas:
            areas[name] = Area.objects.create(alliance=alliance, name=name, position=position)
    return areas


def _indicator(alliance, dimensions, *, current, organisation, user) -> Indicator:
    """The indicator with a target and the earlier terms' approved totals."""
    periods = [current]
    for _ in EARLIER:
        months = periods[0].year * 12 + periods[0].month - 1 - MONTHS_PER_PERIOD[Frequency.TERM]
        periods.insert(0, datetime.date(months // 12, months % 12 + 1, 1))
    earlier = periods[:-1]
    first_share = Decimal(100 * EARLIER[0][0]) / EARLIER[0][1]
    indicator, _created = Indicator.objects.update_or_create(
        alliance=alliance,
        name=INDICATOR_NAME,
        defaults={
            "code": INDICATOR_CODE,
            "definition": (
                "Andel af de unge, der svarer »enig« eller »helt enig« til »Jeg føler, at "
                "voksne i Kalundborg lytter til unge« i alliancens pulsmåling på ungeportalen."
            ),
            "source": "Pulsmåling på ungeportalen (anonym og frivillig). Demodata.",
            "unit": Unit.PERCENT,
            "direction": Direction.HIGHER_IS_BETTER,
            "frequency": Frequency.TERM,
            "kind": IndicatorKind.BETTER_OFF,
            "aggregation": Aggregation.RATIO,
            "baseline_value": first_share.quantize(Decimal("0.1")),
            "baseline_period": earlier[0],
            "baseline_note": "Den første pulsmåling på ungeportalen (demodata).",
            "is_public": True,
        },
    )
    indicator.dimensions.set(dimensions.values())
    indicator.focus_areas.set(FocusArea.objects.filter(alliance=alliance, position=1))
    indicator.workgroups.set(WorkGroup.objects.filter(alliance=alliance, slug=GROUP_G))
    Target.objects.update_or_create(
        indicator=indicator,
        period=period_after(Frequency.TERM, period_after(Frequency.TERM, current)),
        breakdown=None,
        defaults={"value": TARGET_SHARE},
    )
    DataPoint.objects.bulk_create(
        [
            DataPoint(
                indicator=indicator,
                period=period,
                organisation=organisation,
                numerator=Decimal(numerator),
                denominator=Decimal(denominator),
                respondents=denominator,
                comment=f"Pulsmåling: {SURVEY_TITLE}",
                status=DataPointStatus.APPROVED,
                entered_by=user,
                approved_by=user,
                approved_at=datetime.datetime.combine(
                    period_after(Frequency.TERM, period) + datetime.timedelta(days=14),
                    datetime.time(10),
                    tzinfo=datetime.UTC,
                ),
            )
            for period, (numerator, denominator) in zip(earlier, EARLIER, strict=True)
        ]
    )
    indicator_recompute(indicator=indicator)
    return indicator


def _answers(survey: Survey, questions: list[Question], areas: dict[str, Area], rng) -> None:
    ages = [band for band, count in AGE_COUNTS.items() for _ in range(count)]
    places = [name for name, count in AREA_COUNTS.items() for _ in range(count)]
    rng.shuffle(ages)
    rng.shuffle(places)
    responses = SurveyResponse.objects.bulk_create(
        [
            SurveyResponse(
                survey=survey,
                age_band=AgeBand(age),
                area=areas[place],
                device_hash=keyed_hash("demo-survey", f"{survey.pk}:{number}"),
            )
            for number, (age, place) in enumerate(zip(ages, places, strict=True))
        ]
    )
    heard, lonely, sleep, voice, more = questions
    rows = []
    for response in responses:
        agrees = rng.random() < AGREE[response.age_band]
        likert = rng.choice([4, 5]) if agrees else rng.choice([1, 2, 2, 3, 3, 3])
        rows.append(_number(response, heard, likert, choice=str(likert)))
        rows.append(
            SurveyAnswer(
                response=response,
                question=lonely,
                choice=rng.choices(LONELY, weights=[18, 30, 32, 14, 6])[0],
            )
        )
        hours = min(max(round(rng.gauss(7.4, 1.1) * 2) / 2, 4), 11)
        rows.append(_number(response, sleep, hours))
        knows = max(1, min(5, likert + rng.choice([-1, 0, 0, 1])))
        rows.append(_number(response, voice, knows, choice=str(knows)))
        if rng.random() < 0.3:
            rows.append(SurveyAnswer(response=response, question=more, text=rng.choice(TEXTS)))
    SurveyAnswer.objects.bulk_create(rows)


def _number(response, question, number, *, choice: str = "") -> SurveyAnswer:
    return SurveyAnswer(
        response=response, question=question, number=Decimal(str(number)), choice=choice
    )
