"""The demo alliance's shared measurement, as plain data, and `seed_measurement()` that loads it.

Indicators come from the domain notes (/work/shared/domain/kalundborg-youth-health.md): the
population indicators P1-P23 with their national levels as context in the baseline note, and
performance measures of the alliance's activities (how much / how well / is anyone better
off). Every figure for Kalundborg is FICTIONAL demo data, generated deterministically from a
few knots per curve, so that the dashboard tells a story:

- several curves turn toward their 2030 target after 2021 (poor mental health, loneliness,
  school well-being, breakfast, binge drinking), and daily smoking keeps falling;
- one is clearly off track: nicotine products (snus, e-cigarettes) keep rising;
- a few are at risk: too slow (organised leisure, NEET, physical activity);
- the gap in loneliness between vocational students (EUD/FGU, the priority group) and
  gymnasium students narrows; the gap in breakfast stays, the gap in nicotine widens.

Survey figures are generated per organisation as cells (gender x age x education x area), so
each breakdown value and the total of an organisation add up, organisations of different
sizes report, some report only some breakdown values, and a few groups are small (n under 5
is suppressed, under 20 uncertain).

For the latest quarter the coordinator's group A has data waiting for approval (submitted, one
returned, one draft), and group C has not reported yet. Everything is found by its natural
key, so a second run writes nothing and recomputes nothing.
"""

from __future__ import annotations

import datetime
import random
from collections import defaultdict
from dataclasses import dataclass, field
from decimal import Decimal
from itertools import pairwise, product

from alliance.models import Alliance, FocusArea, Organisation, User
from backbone import demo_data
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
    Summary,
    Target,
    TimeAggregation,
    Unit,
)
from measurement.periods import period_end, periods_between
from workgroups.models import WorkGroup

# ---------------------------------------------------------------------------
# Periods: yearly surveys 2017-2026, activities quarterly / per term since 2024.
# The data run to autumn 2026: the latest quarter (Q3 2026) is being reported now.
# ---------------------------------------------------------------------------

FIRST_YEAR = 2017
LAST_YEAR = 2026
BASELINE_YEAR = 2021  # population baselines: the year the alliance adopted its agenda
ACTIVITIES_START = datetime.date(2024, 1, 1)
LATEST_QUARTER = datetime.date(2026, 7, 1)
LATEST_TERM = datetime.date(2026, 1, 1)
# Activities are smaller in the summer holidays (multiplier per quarter).
SEASON = {1: 1.0, 4: 1.0, 7: 0.75, 10: 1.0}

# ---------------------------------------------------------------------------
# Breakdown dimensions and their values
# ---------------------------------------------------------------------------

GENDER, AGE, EDUCATION, AREA = "Køn", "Alder", "Uddannelse", "Område"
GIRLS, BOYS = "Piger", "Drenge"
AGE_13, AGE_16, AGE_18 = "13–15 år", "16–17 år", "18–24 år"
FOLKESKOLE, GYMNASIUM, VOCATIONAL = "Folkeskole", "Gymnasium (STX/HHX/HTX/HF)", "EUD/FGU"
KALUNDBORG, HOENG, GOERLEV, SVEBOELLE = "Kalundborg by", "Høng", "Gørlev", "Svebølle"

DIMENSIONS = {
    GENDER: [GIRLS, BOYS],
    AGE: [AGE_13, AGE_16, AGE_18],
    EDUCATION: [FOLKESKOLE, GYMNASIUM, VOCATIONAL],
    AREA: [KALUNDBORG, HOENG, GOERLEV, SVEBOELLE],
}

# ---------------------------------------------------------------------------
# Who reports, and what their young people look like (shares per dimension)
# ---------------------------------------------------------------------------

GYM = demo_data.GYMNASIUM
NEG = demo_data.NEG
FGU = demo_data.FGU
LANDBRUG = "Landbrugsskolen i Høng"
FJORDBAKKE = "Fjordbakkeskolen (fiktiv folkeskole)"
SKOVLY = "Skovlyskolen (fiktiv folkeskole)"
LUMA = "Luma Youth House"
UNGKBH = "UngKalundborg"
SSP = "SSP Kalundborg"
UNGEINDSATSEN = "Ungeindsatsen Kalundborg"

MIXES: dict[str, dict[str, dict[str, float]]] = {
    GYM: {
        GENDER: {GIRLS: 0.58, BOYS: 0.42},
        AGE: {AGE_13: 0.004, AGE_16: 0.58, AGE_18: 0.416},
        EDUCATION: {GYMNASIUM: 1.0},
        AREA: {KALUNDBORG: 0.5, HOENG: 0.15, GOERLEV: 0.12, SVEBOELLE: 0.23},
    },
    NEG: {
        GENDER: {GIRLS: 0.38, BOYS: 0.62},
        AGE: {AGE_13: 0.003, AGE_16: 0.35, AGE_18: 0.647},
        EDUCATION: {GYMNASIUM: 0.26, VOCATIONAL: 0.74},
        AREA: {KALUNDBORG: 0.55, HOENG: 0.1, GOERLEV: 0.15, SVEBOELLE: 0.2},
    },
    FGU: {
        GENDER: {GIRLS: 0.4, BOYS: 0.6},
        AGE: {AGE_16: 0.3, AGE_18: 0.7},
        EDUCATION: {VOCATIONAL: 1.0},
        AREA: {KALUNDBORG: 0.35, HOENG: 0.1, GOERLEV: 0.15, SVEBOELLE: 0.4},
    },
    LANDBRUG: {
        GENDER: {GIRLS: 0.3, BOYS: 0.7},
        AGE: {AGE_13: 0.002, AGE_16: 0.45, AGE_18: 0.548},
        EDUCATION: {VOCATIONAL: 1.0},
        AREA: {KALUNDBORG: 0.2, HOENG: 0.5, GOERLEV: 0.2, SVEBOELLE: 0.1},
    },
    FJORDBAKKE: {
        GENDER: {GIRLS: 0.49, BOYS: 0.51},
        AGE: {AGE_13: 1.0},
        EDUCATION: {FOLKESKOLE: 1.0},
        AREA: {KALUNDBORG: 0.8, SVEBOELLE: 0.2},
    },
    SKOVLY: {
        GENDER: {GIRLS: 0.5, BOYS: 0.5},
        AGE: {AGE_13: 1.0},
        EDUCATION: {FOLKESKOLE: 1.0},
        AREA: {HOENG: 0.65, GOERLEV: 0.35},
    },
    # Everyone else: young people in the municipality or at an activity.
    "youth": {
        GENDER: {GIRLS: 0.49, BOYS: 0.51},
        AGE: {AGE_16: 0.22, AGE_18: 0.78},
        EDUCATION: {VOCATIONAL: 1.0},
        AREA: {KALUNDBORG: 0.45, HOENG: 0.2, GOERLEV: 0.15, SVEBOELLE: 0.2},
    },
    "activity": {
        GENDER: {GIRLS: 0.55, BOYS: 0.45},
        AGE: {AGE_13: 0.45, AGE_16: 0.4, AGE_18: 0.15},
        EDUCATION: {VOCATIONAL: 1.0},
        AREA: {KALUNDBORG: 0.6, HOENG: 0.15, GOERLEV: 0.1, SVEBOELLE: 0.15},
    },
}


@dataclass(frozen=True)
class Reporter:
    """An organisation reporting an indicator. For a survey or a percent, `size` is the number
    of young people asked (before non-response); for a sum, its share of the activity."""

    organisation: str
    size: float
    mix: str = "youth"


def _surveyed(sizes: dict[str, float]) -> tuple[Reporter, ...]:
    return tuple(Reporter(name, size, mix=name) for name, size in sizes.items())


UPPER_SECONDARY = _surveyed({GYM: 620, NEG: 1000, FGU: 140, LANDBRUG: 200})
FOLKESKOLER = _surveyed({FJORDBAKKE: 330, SKOVLY: 210})

Knots = tuple[tuple[float, float], ...]


@dataclass(frozen=True, eq=False)
class IndicatorSpec:
    """One demo indicator: its definition, where it sits, and the curve of its demo data.

    `level` is the curve of the whole group as knots (year, value), linear in between;
    `offsets` shift it per breakdown value (a number, or knots when the gap changes), so the
    breakdown values differ while their organisation's total stays their mix."""

    code: str
    name: str
    definition: str
    source: str
    unit: str
    direction: str
    frequency: str
    kind: str
    aggregation: str
    reporters: tuple[Reporter, ...]
    level: Knots
    noise: float
    dimensions: tuple[str, ...] = ()
    offsets: dict[str, dict[str, float | Knots]] = field(default_factory=dict)
    time_aggregation: str = TimeAggregation.PERIODIC
    scale: tuple[int, int] | None = None
    goals: tuple[int, ...] = ()  # positions in demo_data.GOALS, from 1
    focus_areas: tuple[int, ...] = ()
    workgroups: tuple[str, ...] = ()
    priority: str | None = None  # an EDUCATION value
    baseline_note: str = ""
    targets: tuple[tuple[datetime.date, float], ...] = ()
    breakdown_targets: tuple[tuple[datetime.date, str, float], ...] = ()
    is_public: bool = False
    response: tuple[float, float] = (0.72, 0.86)  # share answering (surveys)
    has_respondents: bool = True

    @property
    def is_population(self) -> bool:
        return self.kind == IndicatorKind.POPULATION

    def periods(self) -> list[datetime.date]:
        if self.frequency == Frequency.YEARLY:
            return [datetime.date(year, 1, 1) for year in range(FIRST_YEAR, LAST_YEAR + 1)]
        last = LATEST_TERM if self.frequency == Frequency.TERM else LATEST_QUARTER
        return periods_between(self.frequency, ACTIVITIES_START, last)

    def baseline_period(self) -> datetime.date:
        return datetime.date(BASELINE_YEAR, 1, 1) if self.is_population else ACTIVITIES_START


def year(number: int) -> datetime.date:
    return datetime.date(number, 1, 1)


def quarter(number: int, q: int) -> datetime.date:
    return datetime.date(number, 3 * q - 2, 1)


def term(number: int, half: int) -> datetime.date:
    return datetime.date(number, 1 if half == 1 else 7, 1)


# Working groups by slug.
GROUP_A = "a-faellesskaber-mod-ensomhed"
GROUP_B = "b-mental-sundhed-paa-ungdomsuddannelserne"
GROUP_C = "c-aktiv-fritid-for-alle"
GROUP_D = "d-sund-kantine-og-soevn"
GROUP_E = "e-roegfri-kalundborg-og-fest-uden-rus"
GROUP_F = "f-overgange-og-fastholdelse"
GROUP_G = "g-ungepanel-og-faelles-maaling"

UNGEPROFIL = (
    "Ungeprofilen Kalundborg: alliancens årlige spørgeskema på ungdomsuddannelserne "
    "(januar–marts). Demodata."
)
TRIVSEL = "Nationale trivselsmåling (UVM), partnerskolernes resultater. Demodata."
SKOLESUNDHED = "Skolesundhed.dk, sundhedsplejens årlige måling i 5.–9. klasse. Demodata."
PCT, LOWER, HIGHER = Unit.PERCENT, Direction.LOWER_IS_BETTER, Direction.HIGHER_IS_BETTER
YEARLY, QUARTERLY, TERM = Frequency.YEARLY, Frequency.QUARTERLY, Frequency.TERM
RATIO, SUM, MEAN = Aggregation.RATIO, Aggregation.SUM, Aggregation.WEIGHTED_MEAN
POPULATION = IndicatorKind.POPULATION

INDICATORS: list[IndicatorSpec] = [
    # --- 1 Mental trivsel og fællesskaber -----------------------------------------------
    IndicatorSpec(
        code="P1",
        name="Generel skoletrivsel",
        definition="Gennemsnit af elevernes svar i 4.–9. klasse på de spørgsmål i den "
        "nationale trivselsmåling, der indgår i indikatoren generel trivsel, på en skala fra "
        "1 (lav) til 5 (høj).",
        source=TRIVSEL,
        unit=Unit.MEAN_SCORE,
        scale=(1, 5),
        direction=HIGHER,
        frequency=YEARLY,
        kind=POPULATION,
        aggregation=MEAN,
        reporters=_surveyed({FJORDBAKKE: 330, SKOVLY: 210}),
        dimensions=(GENDER,),
        offsets={GENDER: {GIRLS: 0.02, BOYS: -0.02}},
        level=((2017, 3.78), (2019, 3.75), (2021, 3.62), (2022, 3.58), (2023, 3.6), (2026, 3.72)),
        noise=0.012,
        goals=(1,),
        focus_areas=(1,),
        workgroups=(GROUP_A, GROUP_G),
        baseline_note="Kalundborgs partnerskoler 2021 (demodata). Landsplan: 3,7 i 2021/22 og "
        "3,6 i 2022/23 (Nationale trivselsmåling, UVM).",
        targets=((year(2027), 3.72), (year(2030), 3.8)),
        is_public=True,
    ),
    IndicatorSpec(
        code="P2",
        name="Social trivsel",
        definition="Gennemsnit af elevernes svar i 4.–9. klasse på spørgsmålene om social "
        "trivsel i den nationale trivselsmåling, på en skala fra 1 (lav) til 5 (høj).",
        source=TRIVSEL,
        unit=Unit.MEAN_SCORE,
        scale=(1, 5),
        direction=HIGHER,
        frequency=YEARLY,
        kind=POPULATION,
        aggregation=MEAN,
        reporters=_surveyed({FJORDBAKKE: 330, SKOVLY: 210}),
        dimensions=(GENDER,),
        offsets={GENDER: {GIRLS: -0.03, BOYS: 0.03}},
        level=((2017, 4.05), (2019, 4.06), (2022, 3.92), (2024, 3.95), (2026, 4.0)),
        noise=0.01,
        goals=(1, 2),
        focus_areas=(1,),
        workgroups=(GROUP_A, GROUP_G),
        baseline_note="Kalundborgs partnerskoler 2021 (demodata). Landsplan: 4,1 i 2019/20 og "
        "3,9 i 2022/23 (Nationale trivselsmåling, UVM).",
        targets=((year(2030), 4.05),),
    ),
    IndicatorSpec(
        code="P4",
        name="Dårligt mentalt helbred",
        definition="Andel af eleverne på ungdomsuddannelserne (16–24 år) med en score under "
        "35,8 på SF-12's mentale helbredsskala (samme afgrænsning som Danskernes Sundhed).",
        source=UNGEPROFIL,
        unit=PCT,
        direction=LOWER,
        frequency=YEARLY,
        kind=POPULATION,
        aggregation=RATIO,
        reporters=UPPER_SECONDARY,
        dimensions=(GENDER, EDUCATION),
        offsets={GENDER: {GIRLS: 7, BOYS: -7}, EDUCATION: {GYMNASIUM: -1, VOCATIONAL: 2}},
        level=((2017, 26), (2019, 28), (2021, 31.5), (2022, 32), (2023, 31), (2026, 28)),
        noise=0.25,
        goals=(1,),
        focus_areas=(1,),
        workgroups=(GROUP_B, GROUP_G),
        baseline_note="Kalundborg 2021 (demodata). Landsplan 2021–23: ca. 35 % af de unge "
        "kvinder og 20 % af de unge mænd på 16–24 år (Danskernes Sundhed, SIF/SST).",
        targets=((year(2027), 29), (year(2030), 26)),
        is_public=True,
    ),
    IndicatorSpec(
        code="P5",
        name="Højt stressniveau",
        definition="Andel af eleverne på ungdomsuddannelserne med en score på 18 eller mere på "
        "Cohens stressskala (PSS-10).",
        source=UNGEPROFIL,
        unit=PCT,
        direction=LOWER,
        frequency=YEARLY,
        kind=POPULATION,
        aggregation=RATIO,
        reporters=UPPER_SECONDARY,
        dimensions=(GENDER, EDUCATION),
        offsets={GENDER: {GIRLS: 12, BOYS: -12}, EDUCATION: {GYMNASIUM: 2, VOCATIONAL: -1}},
        level=((2017, 33), (2021, 38), (2023, 38.5), (2026, 35.5)),
        noise=0.25,
        goals=(1,),
        focus_areas=(1,),
        workgroups=(GROUP_B,),
        baseline_note="Kalundborg 2021 (demodata). Landsplan 2023: 53 % af kvinderne og 26 % "
        "af mændene på 16–24 år har et højt stressniveau (Danskernes Sundhed).",
        targets=((year(2030), 32),),
    ),
    IndicatorSpec(
        code="P6",
        name="Ensomhed",
        definition="Andel af eleverne på ungdomsuddannelserne, der svarer »ofte« eller "
        "»altid« til: »Hvor ofte føler du dig uønsket alene?«",
        source=UNGEPROFIL,
        unit=PCT,
        direction=LOWER,
        frequency=YEARLY,
        kind=POPULATION,
        aggregation=RATIO,
        reporters=UPPER_SECONDARY,
        dimensions=(GENDER, EDUCATION),
        offsets={
            GENDER: {GIRLS: 1.5, BOYS: -1.5},
            EDUCATION: {
                GYMNASIUM: ((2017, -3), (2021, -3.2), (2026, -1)),
                VOCATIONAL: ((2017, 4.5), (2021, 5), (2026, 1.2)),
            },
        },
        level=((2017, 15), (2020, 16.5), (2021, 17), (2022, 16.2), (2026, 12.5)),
        noise=0.2,
        goals=(2,),
        focus_areas=(1,),
        workgroups=(GROUP_A, GROUP_B, GROUP_G),
        priority=VOCATIONAL,
        baseline_note="Kalundborg 2021 (demodata). Landsplan: 10 % af eleverne på "
        "erhvervsuddannelserne (UNG19 EUD); 22 % af 16–24-årige er alvorligt ensomme (anden "
        "definition, Mary Fonden).",
        targets=((year(2027), 12), (year(2030), 10)),
        breakdown_targets=((year(2030), VOCATIONAL, 11),),
        is_public=True,
    ),
    IndicatorSpec(
        code="P7",
        name="Livstilfredshed",
        definition="Gennemsnit af elevernes svar på Cantrils stige: »Hvor tilfreds er du med "
        "dit liv for tiden?« fra 0 (værst tænkelige liv) til 10 (bedst tænkelige liv).",
        source=UNGEPROFIL,
        unit=Unit.MEAN_SCORE,
        scale=(0, 10),
        direction=HIGHER,
        frequency=YEARLY,
        kind=POPULATION,
        aggregation=MEAN,
        reporters=UPPER_SECONDARY,
        dimensions=(EDUCATION,),
        offsets={EDUCATION: {GYMNASIUM: 0.25, VOCATIONAL: -0.3}},
        level=((2017, 7.3), (2021, 6.9), (2026, 7.1)),
        noise=0.02,
        goals=(1,),
        focus_areas=(1,),
        workgroups=(GROUP_B,),
        baseline_note="Kalundborg 2021 (demodata). Landsplan: FGU-elever 6,4 (FGU23); 73 % af "
        "EUD-eleverne har høj livstilfredshed (UNG19 EUD).",
        targets=((year(2030), 7.4),),
    ),
    # --- 2 Bevægelse og aktiv fritid ----------------------------------------------------
    IndicatorSpec(
        code="P9",
        name="Fysisk aktiv mindst 60 minutter hver dag",
        definition="Andel af eleverne i 5.–9. klasse, der svarer, at de er fysisk aktive "
        "mindst 60 minutter hver dag (selvrapporteret; ikke målt med accelerometer).",
        source=SKOLESUNDHED,
        unit=PCT,
        direction=HIGHER,
        frequency=YEARLY,
        kind=POPULATION,
        aggregation=RATIO,
        reporters=_surveyed({FJORDBAKKE: 280, SKOVLY: 180}),
        dimensions=(GENDER, AREA),
        offsets={GENDER: {GIRLS: -6, BOYS: 6}, AREA: {GOERLEV: -3, HOENG: -1}},
        level=((2017, 24), (2021, 20.5), (2023, 20.5), (2026, 21.2)),
        noise=0.3,
        focus_areas=(2,),
        workgroups=(GROUP_C,),
        baseline_note="Kalundborg 2021 (demodata). Landsplan 2022 målt med accelerometer (en "
        "anden metode): 27 % af 11–15-årige, piger 21 %, drenge 35 % (Skolebørnsundersøgelsen).",
        targets=((year(2030), 27),),
    ),
    IndicatorSpec(
        code="P10",
        name="Går til en organiseret fritidsaktivitet",
        definition="Andel af de unge, der svarer, at de går til mindst én organiseret "
        "fritidsaktivitet (sport, spejder, musik eller lignende) hver uge.",
        source="Ungeprofilen Kalundborg og sundhedsplejens måling i 8.–9. klasse. Demodata.",
        unit=PCT,
        direction=HIGHER,
        frequency=YEARLY,
        kind=POPULATION,
        aggregation=RATIO,
        reporters=_surveyed({FJORDBAKKE: 110, SKOVLY: 70, GYM: 620, NEG: 1000, FGU: 140}),
        dimensions=(GENDER, EDUCATION, AREA),
        offsets={
            GENDER: {GIRLS: -2, BOYS: 2},
            EDUCATION: {FOLKESKOLE: 10, GYMNASIUM: 2, VOCATIONAL: -7},
            AREA: {GOERLEV: -4, SVEBOELLE: -3},
        },
        level=((2017, 58), (2019, 57), (2020, 52), (2021, 53), (2026, 55)),
        noise=0.3,
        goals=(3,),
        focus_areas=(2,),
        workgroups=(GROUP_C,),
        baseline_note="Kalundborg 2021 (demodata). Ingen landstal med samme definition; ældre "
        "lokale tal fra Albertslund viser ca. 60 %, der går til sport.",
        targets=((year(2028), 62), (year(2030), 65)),
    ),
    # --- 3 Mad, måltider og søvn --------------------------------------------------------
    IndicatorSpec(
        code="P8",
        name="Ikke udhvilet",
        definition="Andel af eleverne på ungdomsuddannelserne, der svarer, at de sjældent "
        "eller aldrig føler sig udhvilede, når de står op på en skoledag.",
        source=UNGEPROFIL,
        unit=PCT,
        direction=LOWER,
        frequency=YEARLY,
        kind=POPULATION,
        aggregation=RATIO,
        reporters=UPPER_SECONDARY,
        dimensions=(GENDER, AGE, EDUCATION),
        offsets={GENDER: {GIRLS: 4, BOYS: -4}, AGE: {AGE_13: -6, AGE_16: -1, AGE_18: 1}},
        level=((2017, 36), (2022, 41), (2026, 38)),
        noise=0.3,
        focus_areas=(3,),
        workgroups=(GROUP_D,),
        baseline_note="Kalundborg 2021 (demodata). Landsplan: mere end hver tredje "
        "gymnasieelev er ikke udhvilet (UNG19).",
        targets=((year(2030), 33),),
    ),
    IndicatorSpec(
        code="P11",
        name="Spiser morgenmad hver dag",
        definition="Andel af eleverne på ungdomsuddannelserne, der spiser morgenmad alle "
        "ugens skoledage.",
        source=UNGEPROFIL,
        unit=PCT,
        direction=HIGHER,
        frequency=YEARLY,
        kind=POPULATION,
        aggregation=RATIO,
        reporters=UPPER_SECONDARY,
        dimensions=(GENDER, EDUCATION),
        offsets={
            GENDER: {GIRLS: -2, BOYS: 2},
            EDUCATION: {GYMNASIUM: 8, VOCATIONAL: ((2017, -10), (2025, -10), (2026, -10.3))},
        },
        level=((2017, 50), (2021, 47), (2026, 53.5)),
        noise=0.3,
        goals=(4,),
        focus_areas=(3,),
        workgroups=(GROUP_D,),
        priority=VOCATIONAL,
        baseline_note="Kalundborg 2021 (demodata). Landsplan: 58 % af STX- og 41 % af "
        "HF-eleverne spiser morgenmad hver dag; 26 % af EUD-eleverne sjældent eller aldrig "
        "(UNG19, UNG19 EUD).",
        targets=((year(2028), 53), (year(2030), 56)),
        is_public=True,
    ),
    # --- 4 Røgfrit og rusfrit ungeliv ---------------------------------------------------
    IndicatorSpec(
        code="P15",
        name="Ryger dagligt",
        definition="Andel af eleverne på ungdomsuddannelserne, der ryger cigaretter, "
        "cerutter eller pibe hver dag.",
        source=UNGEPROFIL,
        unit=PCT,
        direction=LOWER,
        frequency=YEARLY,
        kind=POPULATION,
        aggregation=RATIO,
        reporters=UPPER_SECONDARY,
        dimensions=(GENDER, AGE, EDUCATION),
        offsets={
            GENDER: {GIRLS: -1, BOYS: 1},
            AGE: {AGE_13: -8, AGE_16: -3, AGE_18: 2},
            EDUCATION: {GYMNASIUM: -5, VOCATIONAL: 3},
        },
        level=((2017, 20), (2026, 11)),
        noise=0.25,
        goals=(5,),
        focus_areas=(4,),
        workgroups=(GROUP_E,),
        baseline_note="Kalundborg 2021 (demodata). Landsplan: 9 % af gymnasieeleverne "
        "(UNG19) og 11,7 % af voksne (2023). I Kalundborg røg 27 % af de unge dagligt "
        "(Ungeprofilen 2015).",
        targets=((year(2027), 10), (year(2030), 6)),
        is_public=True,
    ),
    IndicatorSpec(
        code="P16",
        name="Bruger nikotinprodukter",
        definition="Andel af eleverne på ungdomsuddannelserne (typisk 15–19 år), der dagligt "
        "eller ugentligt bruger cigaretter, snus, nikotinposer, e-cigaretter eller andre "
        "nikotinprodukter.",
        source=UNGEPROFIL,
        unit=PCT,
        direction=LOWER,
        frequency=YEARLY,
        kind=POPULATION,
        aggregation=RATIO,
        reporters=UPPER_SECONDARY,
        dimensions=(GENDER, AGE, EDUCATION),
        offsets={
            GENDER: {GIRLS: -6, BOYS: 6},
            AGE: {AGE_13: -10, AGE_16: -2, AGE_18: 1.5},
            EDUCATION: {GYMNASIUM: -3, VOCATIONAL: ((2017, 3), (2021, 4), (2026, 6))},
        },
        level=((2017, 22), (2019, 24), (2021, 27), (2023, 30), (2026, 34)),
        noise=0.25,
        goals=(5,),
        focus_areas=(4,),
        workgroups=(GROUP_E,),
        priority=VOCATIONAL,
        baseline_note="Kalundborg 2021 (demodata). Landsplan: 32 % af 15–29-årige bruger "
        "et nikotinprodukt (nyhed ca. 2024, skal verificeres); 10 % af 15–17-årige ryger "
        "e-cigaret (2022).",
        targets=((year(2027), 22), (year(2030), 14)),
        is_public=True,
    ),
    IndicatorSpec(
        code="P17",
        name="Fuld mindst fire gange på en måned",
        definition="Andel af eleverne på ungdomsuddannelserne, der har været fulde mindst "
        "fire gange inden for de seneste 30 dage.",
        source=UNGEPROFIL,
        unit=PCT,
        direction=LOWER,
        frequency=YEARLY,
        kind=POPULATION,
        aggregation=RATIO,
        reporters=UPPER_SECONDARY,
        dimensions=(GENDER, EDUCATION),
        offsets={GENDER: {GIRLS: -7, BOYS: 7}, EDUCATION: {GYMNASIUM: 2, VOCATIONAL: -1}},
        level=((2017, 30), (2019, 31), (2020, 26), (2021, 28), (2022, 31), (2026, 26)),
        noise=0.3,
        focus_areas=(4,),
        workgroups=(GROUP_E,),
        baseline_note="Kalundborg 2021 (demodata; 2020–21 præget af nedlukningen). "
        "Landsplan: 38 % af drengene og 24 % af pigerne i gymnasiet (UNG19).",
        targets=((year(2030), 23),),
    ),
    # --- 5 Uddannelse og fremtid --------------------------------------------------------
    IndicatorSpec(
        code="P20",
        name="Unge uden job eller uddannelse (NEET)",
        definition="Andel af de 16–24-årige bosat i kommunen, der hverken er i uddannelse "
        "eller beskæftigelse (Danmarks Statistiks definition, opgjort i november).",
        source="Danmarks Statistik, registerdata, leveret af Ungeindsatsen. Demodata.",
        unit=PCT,
        direction=LOWER,
        frequency=YEARLY,
        kind=POPULATION,
        aggregation=RATIO,
        reporters=(Reporter(UNGEINDSATSEN, 4800),),
        response=(1.0, 1.0),
        dimensions=(GENDER, AGE),
        offsets={GENDER: {GIRLS: -1.5, BOYS: 1.5}, AGE: {AGE_16: -7, AGE_18: 2}},
        level=((2017, 13.5), (2020, 14.5), (2023, 13), (2026, 12.8)),
        noise=0.1,
        goals=(6,),
        focus_areas=(5,),
        workgroups=(GROUP_F,),
        baseline_note="Kalundborg 2021 (demodata). Landsplan: 10,5 % af 16–24-årige (DST "
        "2015), højest i Vest- og Sydsjælland. Benchmarkingenhedens definition (15–24 år) gav "
        "6,3 % i 2021 – et andet tal.",
        targets=((year(2030), 10),),
    ),
    IndicatorSpec(
        code="P21",
        name="Forventes at have en ungdomsuddannelse som 25-årig",
        definition="Andel af årets 9.-klasseelever, der ifølge Profilmodellen forventes at "
        "have fuldført mindst én ungdomsuddannelse, inden de fylder 25 år.",
        source="Profilmodellen (UVM/Danmarks Statistik), opgjort for kommunen. Demodata.",
        unit=PCT,
        direction=HIGHER,
        frequency=YEARLY,
        kind=POPULATION,
        aggregation=RATIO,
        reporters=(Reporter(demo_data.KOMMUNE, 560),),
        response=(0.97, 1.03),
        dimensions=(GENDER,),
        offsets={GENDER: {GIRLS: 3, BOYS: -3}},
        level=((2017, 80), (2019, 79.5), (2021, 80.5), (2026, 86.6)),
        noise=0.1,
        goals=(6,),
        focus_areas=(5,),
        workgroups=(GROUP_F,),
        baseline_note="Kalundborg 2021 (demodata). Landsplan 84–85 % (2016–19); kommunerne "
        "ligger mellem 75 og 92 %. Det nationale mål er 90 % i 2030.",
        targets=((year(2027), 87), (year(2030), 90)),
        is_public=True,
    ),
    IndicatorSpec(
        code="P23",
        name="I ungdomsuddannelse tre måneder efter 9. klasse",
        definition="Andel af årets 9.-klasseelever, der er i gang med en ungdomsuddannelse "
        "tre måneder efter afslutningen af 9. klasse (elever i 10. klasse tæller ikke med).",
        source="Ungeindsatsen Kalundborg (UU), opgjort 1. oktober. Demodata.",
        unit=PCT,
        direction=HIGHER,
        frequency=YEARLY,
        kind=POPULATION,
        aggregation=RATIO,
        reporters=(Reporter(UNGEINDSATSEN, 560),),
        response=(0.97, 1.03),
        dimensions=(GENDER,),
        offsets={GENDER: {GIRLS: 2, BOYS: -2}},
        level=((2017, 43), (2026, 52)),
        noise=0.3,
        goals=(6,),
        focus_areas=(5,),
        workgroups=(GROUP_F,),
        baseline_note="Kalundborg 2021 (demodata). Intet landstal med samme definition. I 2014 "
        "var 39,8 % af Kalundborgs 9.-klasseelever i gang efter tre måneder; mange tager "
        "10. klasse først.",
        targets=((year(2030), 60),),
    ),
    # --- Performance measures of the activities -------------------------------------------
    IndicatorSpec(
        code="A1",
        name="Deltagelser i Fredagsfællesskab",
        definition="Antal deltagelser i Fredagsfællesskab (alkoholfri fredagsaftener for "
        "13–24-årige) i kvartalet; en ung, der kommer tre fredage, tæller tre gange.",
        source="Fremmødelister fra Luma Youth House og UngKalundborg. Demodata.",
        unit=Unit.COUNT,
        direction=HIGHER,
        frequency=QUARTERLY,
        kind=IndicatorKind.HOW_MUCH,
        aggregation=SUM,
        reporters=(Reporter(LUMA, 0.7, "activity"), Reporter(UNGKBH, 0.3, "activity")),
        dimensions=(GENDER, AGE),
        level=((2024, 220), (2026.5, 420)),
        noise=0.03,
        goals=(2,),
        focus_areas=(1,),
        workgroups=(GROUP_A,),
        targets=((quarter(2027, 4), 450),),
    ),
    IndicatorSpec(
        code="A2",
        name="Nye deltagere, der har fået en ny ven",
        definition="Andel af de nye deltagere i Fredagsfællesskab, der efter deres tredje "
        "fredag svarer ja til: »Har du fået en ny ven her?«",
        source="Exit-spørgsmål på tablet i Luma Youth House og UngKalundborg. Demodata.",
        unit=PCT,
        direction=HIGHER,
        frequency=QUARTERLY,
        kind=IndicatorKind.BETTER_OFF,
        aggregation=RATIO,
        reporters=(Reporter(LUMA, 44, "activity"), Reporter(UNGKBH, 20, "activity")),
        response=(0.85, 0.95),
        dimensions=(GENDER,),
        level=((2024, 42), (2026.5, 56)),
        noise=1.0,
        goals=(2,),
        focus_areas=(1,),
        workgroups=(GROUP_A,),
        targets=((quarter(2027, 4), 60),),
    ),
    IndicatorSpec(
        code="A3",
        name="Uddannede trivselsambassadører",
        definition="Antal elever i 8.–9. klasse, der har gennemført uddannelsen som "
        "trivselsambassadør, lagt sammen siden starten i 2024.",
        source="Deltagerlister fra partnerskolerne. Demodata.",
        unit=Unit.COUNT,
        direction=HIGHER,
        frequency=TERM,
        kind=IndicatorKind.HOW_MUCH,
        aggregation=SUM,
        time_aggregation=TimeAggregation.CUMULATIVE,
        reporters=(Reporter(FJORDBAKKE, 0.6, FJORDBAKKE), Reporter(SKOVLY, 0.4, SKOVLY)),
        dimensions=(GENDER,),
        level=((2024, 5), (2026, 5)),
        noise=0.1,
        goals=(2,),
        focus_areas=(1,),
        workgroups=(GROUP_A,),
        targets=((term(2027, 2), 36),),
    ),
    IndicatorSpec(
        code="A4",
        name="8.–9.-klasser med en trivselsambassadør",
        definition="Andel af partnerskolernes 8.- og 9.-klasser, der har mindst én uddannet "
        "trivselsambassadør ved halvårets afslutning.",
        source="Partnerskolernes egne opgørelser. Demodata.",
        unit=PCT,
        direction=HIGHER,
        frequency=TERM,
        kind=IndicatorKind.HOW_WELL,
        aggregation=RATIO,
        reporters=(Reporter(FJORDBAKKE, 8, FJORDBAKKE), Reporter(SKOVLY, 6, SKOVLY)),
        response=(1.0, 1.0),
        has_respondents=False,
        level=((2024, 30), (2026, 78)),
        noise=0.0,
        goals=(2,),
        focus_areas=(1,),
        workgroups=(GROUP_A,),
        targets=((term(2027, 2), 100),),
    ),
    IndicatorSpec(
        code="C1",
        name="Deltagelser i Bevæg dig i pausen",
        definition="Antal elevdeltagelser i de skemalagte bevægelsespauser på NEG's "
        "grundforløb i kvartalet.",
        source="NEG's registrering pr. hold. Demodata.",
        unit=Unit.COUNT,
        direction=HIGHER,
        frequency=QUARTERLY,
        kind=IndicatorKind.HOW_MUCH,
        aggregation=SUM,
        reporters=(Reporter(NEG, 1.0, NEG),),
        dimensions=(GENDER,),
        level=((2024, 600), (2026.5, 880)),
        noise=0.03,
        goals=(3,),
        focus_areas=(2,),
        workgroups=(GROUP_C,),
        targets=((quarter(2027, 4), 1000),),
    ),
    IndicatorSpec(
        code="C2",
        name="Går stadig til en fritidsaktivitet efter tre måneder",
        definition="Andel af de unge, der startede med en gratis prøvetræning, og som stadig "
        "går til aktiviteten tre måneder senere.",
        source="Medlemslister fra Raklev GI og DGI Vestsjælland. Demodata.",
        unit=PCT,
        direction=HIGHER,
        frequency=QUARTERLY,
        kind=IndicatorKind.BETTER_OFF,
        aggregation=RATIO,
        reporters=(Reporter("Raklev GI", 24, "activity"), Reporter("DGI Vestsjælland", 15)),
        response=(0.9, 1.0),
        dimensions=(GENDER, AREA),
        level=((2024, 46), (2026.5, 57)),
        noise=1.0,
        goals=(3,),
        focus_areas=(2,),
        workgroups=(GROUP_C,),
        targets=((quarter(2027, 4), 60),),
    ),
    IndicatorSpec(
        code="D1",
        name="Morgenmåltider i morgenmadsklubberne",
        definition="Antal morgenmåltider udleveret i morgenmadsklubberne på FGU Svebølle og "
        "NEG, lagt sammen siden starten i 2024.",
        source="Kantinernes optælling. Demodata.",
        unit=Unit.COUNT,
        direction=HIGHER,
        frequency=QUARTERLY,
        kind=IndicatorKind.HOW_MUCH,
        aggregation=SUM,
        time_aggregation=TimeAggregation.CUMULATIVE,
        reporters=(Reporter(FGU, 0.55, FGU), Reporter(NEG, 0.45, NEG)),
        level=((2024, 900), (2026.5, 1500)),
        noise=0.04,
        goals=(4,),
        focus_areas=(3,),
        workgroups=(GROUP_D,),
        targets=((quarter(2027, 4), 18000),),
    ),
    IndicatorSpec(
        code="E1",
        name="Røgfri seks måneder efter rygestopforløb",
        definition="Andel af de unge, der gennemførte et rygestopforløb, og som seks måneder "
        "efter forløbets afslutning svarer, at de er helt røg- og nikotinfri.",
        source="Opfølgende telefonopkald fra Kræftens Bekæmpelse og SSP. Demodata.",
        unit=PCT,
        direction=HIGHER,
        frequency=QUARTERLY,
        kind=IndicatorKind.BETTER_OFF,
        aggregation=RATIO,
        reporters=(Reporter(demo_data.KB, 9), Reporter(SSP, 7)),
        response=(0.85, 1.0),
        dimensions=(GENDER, AGE),
        level=((2024, 30), (2026.5, 40)),
        noise=1.0,
        goals=(5,),
        focus_areas=(4,),
        workgroups=(GROUP_E,),
        targets=((quarter(2027, 4), 35),),
    ),
    IndicatorSpec(
        code="E2",
        name="Giver UngFest 4 eller 5 ud af 5",
        definition="Andel af de deltagere i UngFest, der besvarer exit-spørgsmålet, som "
        "giver festen 4 eller 5 på en skala fra 1 til 5.",
        source="Exit-spørgsmål ved udgangen (QR-kode). Demodata.",
        unit=PCT,
        direction=HIGHER,
        frequency=TERM,
        kind=IndicatorKind.HOW_WELL,
        aggregation=RATIO,
        reporters=(Reporter(SSP, 160, "activity"), Reporter(UNGKBH, 90, "activity")),
        response=(0.55, 0.7),
        dimensions=(GENDER,),
        level=((2024, 71), (2026, 82)),
        noise=0.5,
        focus_areas=(4,),
        workgroups=(GROUP_E,),
        targets=((term(2027, 2), 85),),
    ),
    IndicatorSpec(
        code="F1",
        name="Frivillige mentortimer (walk & talk)",
        definition="Antal timer, som mentorer fra virksomhederne har brugt på walk & "
        "talk med EUD-elever, lagt sammen siden starten i 2024.",
        source="Mentorernes timesedler via virksomhederne. Demodata.",
        unit=Unit.HOURS,
        direction=HIGHER,
        frequency=QUARTERLY,
        kind=IndicatorKind.HOW_MUCH,
        aggregation=SUM,
        time_aggregation=TimeAggregation.CUMULATIVE,
        reporters=(
            Reporter("Novo Nordisk", 0.45),
            Reporter("Novonesis", 0.25),
            Reporter("Kalundborg Symbiose", 0.15),
            Reporter("Equinor Refining Denmark", 0.15),
        ),
        level=((2024, 80), (2026.5, 140)),
        noise=0.05,
        goals=(6,),
        focus_areas=(5,),
        workgroups=(GROUP_F,),
        targets=((quarter(2027, 4), 1600),),
    ),
    IndicatorSpec(
        code="F2",
        name="Mentees i uddannelse efter 12 måneder",
        definition="Andel af de EUD-elever, der fik en walk & talk-mentor, som stadig er i "
        "gang med eller har fuldført en uddannelse 12 måneder efter starten.",
        source="Ungeindsatsen Kalundborg, opslag i elevregistret. Demodata.",
        unit=PCT,
        direction=HIGHER,
        frequency=TERM,
        kind=IndicatorKind.BETTER_OFF,
        aggregation=RATIO,
        reporters=(Reporter(UNGEINDSATSEN, 11),),
        response=(1.0, 1.0),
        dimensions=(GENDER,),
        level=((2024, 70), (2026, 82)),
        noise=1.0,
        goals=(6,),
        focus_areas=(5,),
        workgroups=(GROUP_F,),
        targets=((term(2027, 2), 85),),
    ),
]

# The latest quarter, as the secretariat sees it: group A's figures wait for approval (one
# returned, one still a draft); group C has not reported.
SUBMITTED = DataPointStatus.SUBMITTED
RETURNED = DataPointStatus.RETURNED
DRAFT = DataPointStatus.DRAFT
PENDING = {
    ("A1", LUMA): (SUBMITTED, ""),
    ("A1", UNGKBH): (SUBMITTED, ""),
    ("A2", LUMA): (
        RETURNED,
        "Nævneren ser ud til at være alle deltagelser i kvartalet, ikke de nye deltagere, der "
        "har svaret. Ret den, og send tallet igen.",
    ),
    ("A2", UNGKBH): (DRAFT, ""),
}
PENDING_BY = "rasmus"
LATE_GROUP = GROUP_C
APPROVED_BY = "lars"  # the secretariat's demo login
SECRETARIAT_ENTRY = "nadia"

PLACES = {Unit.PERCENT: Decimal("0.1"), Unit.MEAN_SCORE: Decimal("0.01")}

# ---------------------------------------------------------------------------
# Generating the demo figures
# ---------------------------------------------------------------------------


@dataclass(frozen=True)
class Row:
    """One generated data point (before it becomes a DataPoint)."""

    organisation: str
    period: datetime.date
    breakdown: tuple[str, str] | None  # (dimension, value) or None for the total
    value: Decimal | None = None
    numerator: Decimal | None = None
    denominator: Decimal | None = None
    respondents: int | None = None


def _at(knots: Knots | float, moment: float) -> float:
    """The value of a curve given by knots (year, value), linear in between, flat outside."""
    if isinstance(knots, int | float):
        return float(knots)
    if moment <= knots[0][0]:
        return knots[0][1]
    for (x0, y0), (x1, y1) in pairwise(knots):
        if moment <= x1:
            return y0 + (y1 - y0) * (moment - x0) / (x1 - x0)
    return knots[-1][1]


def _half_up(number: float) -> int:
    return int(number + 0.5) if number >= 0 else -int(-number + 0.5)


def _cells(spec: IndicatorSpec, reporter: Reporter) -> list[tuple[dict[str, str], float]]:
    """The reporter's young people split over the dimensions that matter: (values, share)."""
    mix = MIXES[reporter.mix]
    names = [name for name in DIMENSIONS if name in spec.dimensions or name in spec.offsets]
    cells = []
    for combination in product(*(mix[name].items() for name in names)):
        share = 1.0
        for _, part in combination:
            share *= part
        values = {name: value for name, (value, _) in zip(names, combination, strict=True)}
        cells.append((values, share))
    return cells


def _apportion(total: int, weights: list[float], caps: list[int] | None = None) -> list[int]:
    """Split a whole number over weights by largest remainder (each part at most its cap), so
    the parts add up to the total: an organisation's breakdowns add up to its total."""
    weight = sum(weights)
    if not total or not weight:
        return [0] * len(weights)
    caps = caps or [total] * len(weights)
    ideal = [total * w / weight for w in weights]
    parts = [min(int(x), cap) for x, cap in zip(ideal, caps, strict=True)]
    by_remainder = sorted(range(len(weights)), key=lambda i: parts[i] - ideal[i])
    missing = total - sum(parts)
    for index in by_remainder:
        if missing <= 0:
            break
        if parts[index] < caps[index]:
            parts[index] += 1
            missing -= 1
    return parts


def _reporter_rows(
    spec: IndicatorSpec, reporter: Reporter, period: datetime.date, rng: random.Random
) -> list[Row]:
    """The total and the breakdown values of one organisation for one period."""
    moment = period.year + (period.month - 1) / 12
    cells = _cells(spec, reporter)
    shares = [share for _, share in cells]
    if spec.aggregation == Aggregation.SUM:
        season = SEASON[period.month] if spec.frequency == Frequency.QUARTERLY else 1.0
        amount = _at(spec.level, moment) * reporter.size * season * (1 + rng.gauss(0, spec.noise))
        counts = _apportion(_half_up(amount), shares)
        respondents = [0] * len(cells)
    else:
        respondents = _apportion(_half_up(reporter.size * rng.uniform(*spec.response)), shares)
        level = _at(spec.level, moment) + rng.gauss(0, spec.noise)
        figures = [
            level
            + sum(_at(spec.offsets.get(name, {}).get(value, 0), moment) for name, value in cell)
            for cell in (values.items() for values, _ in cells)
        ]
        if spec.aggregation == Aggregation.RATIO:
            ideal = [
                n * min(max(f, 0.5), 99.5) / 100 for n, f in zip(respondents, figures, strict=True)
            ]
            counts = _apportion(_half_up(sum(ideal)), ideal, caps=respondents)
        else:
            low, high = spec.scale
            counts = [n * min(max(f, low), high) for n, f in zip(respondents, figures, strict=True)]
    parts: dict[tuple[str, str] | None, list[float]] = defaultdict(lambda: [0, 0])
    for (values, _), count, n in zip(cells, counts, respondents, strict=True):
        for key in [None, *((name, values[name]) for name in spec.dimensions)]:
            parts[key][0] += count
            parts[key][1] += n
    rows = []
    for key, (amount, n) in parts.items():
        if spec.aggregation == Aggregation.SUM:
            if amount or key is None:
                rows.append(Row(reporter.organisation, period, key, value=Decimal(amount)))
        elif not n:
            continue
        elif spec.aggregation == Aggregation.RATIO:
            rows.append(
                Row(
                    reporter.organisation,
                    period,
                    key,
                    numerator=Decimal(amount),
                    denominator=Decimal(n),
                    respondents=n if spec.has_respondents else None,
                )
            )
        else:
            mean = Decimal(str(amount / n)).quantize(Decimal("0.01"))
            rows.append(Row(reporter.organisation, period, key, value=mean, respondents=n))
    return rows


def indicator_rows(spec: IndicatorSpec) -> list[Row]:
    """Every generated data point of one indicator, deterministic for its code."""
    rng = random.Random(f"ung-og-sund-demo-{spec.code}")  # nosec B311 - seeded demo data
    return [
        row
        for period in spec.periods()
        for reporter in spec.reporters
        for row in _reporter_rows(spec, reporter, period, rng)
    ]


def baseline_of(spec: IndicatorSpec, rows: list[Row]) -> Decimal:
    """The total of the baseline period, combined as the aggregation does it."""
    totals = [r for r in rows if r.breakdown is None and r.period == spec.baseline_period()]
    if spec.aggregation == Aggregation.RATIO:
        value = 100 * sum(r.numerator for r in totals) / sum(r.denominator for r in totals)
    elif spec.aggregation == Aggregation.WEIGHTED_MEAN:
        value = sum(r.value * r.respondents for r in totals) / sum(r.respondents for r in totals)
    else:
        value = sum(r.value for r in totals)
    return value.quantize(PLACES.get(spec.unit, Decimal("1")))


def _status_of(spec: IndicatorSpec, row: Row) -> tuple[str, str] | None:
    """(status, reason) for a row that is not approved; None for an approved one. Rows for
    the late group's latest quarter are not generated at all (see `_is_missing`)."""
    if row.period != LATEST_QUARTER or spec.frequency != Frequency.QUARTERLY:
        return None
    return PENDING.get((spec.code, row.organisation))


def _is_missing(spec: IndicatorSpec, row: Row) -> bool:
    """The late group's latest quarter, and the breakdowns of an entry that is returned or a
    draft (the coordinator entered the total first)."""
    if row.period != LATEST_QUARTER or spec.frequency != Frequency.QUARTERLY:
        return False
    if LATE_GROUP in spec.workgroups:
        return True
    pending = PENDING.get((spec.code, row.organisation))
    return pending is not None and pending[0] != SUBMITTED and row.breakdown is not None


def _approved_at(spec: IndicatorSpec, row: Row, order: int) -> datetime.datetime:
    """A fixed approval moment: surveys in May of their year, activities three weeks after
    the period, one organisation an hour after the other."""
    if spec.frequency == Frequency.YEARLY:
        day = datetime.date(row.period.year, 5, 20)
    else:
        day = period_end(spec.frequency, row.period) + datetime.timedelta(days=21)
    return datetime.datetime(day.year, day.month, day.day, 9 + order, 0, tzinfo=datetime.UTC)


# ---------------------------------------------------------------------------
# Loading it: natural keys, nothing written when nothing changed
# ---------------------------------------------------------------------------


def seed_measurement(
    *,
    alliance: Alliance,
    organisations: dict[str, Organisation],
    people: dict[str, User],
    focus_areas: dict[int, FocusArea],
) -> int:
    """Create what is missing of the demo's dimensions, indicators, targets and data points,
    update what differs, and recompute the summaries of the indicators that changed. Returns
    the number of data points written. Runs inside `seed_demo`'s transaction."""
    values = _seed_dimensions(alliance)
    goals = _goals_by_position(alliance)
    groups = {group.slug: group for group in WorkGroup.objects.filter(alliance=alliance)}
    changed: set[int] = set()
    indicators: dict[str, Indicator] = {}
    rows_by_code: dict[str, list[Row]] = {}
    for spec in INDICATORS:
        rows = indicator_rows(spec)
        rows_by_code[spec.code] = rows
        indicator, is_changed = _seed_indicator(
            spec,
            alliance=alliance,
            baseline=baseline_of(spec, rows),
            priority=values[(EDUCATION, spec.priority)] if spec.priority else None,
        )
        indicators[spec.code] = indicator
        # set() writes only the differences, so an unchanged relation costs one read.
        indicator.goals.set([goals[p] for p in spec.goals if p in goals])
        indicator.focus_areas.set([focus_areas[p] for p in spec.focus_areas])
        indicator.workgroups.set([groups[slug] for slug in spec.workgroups if slug in groups])
        indicator.dimensions.set([values[(name, None)] for name in spec.dimensions])
        if _seed_targets(spec, indicator, values) or is_changed:
            changed.add(indicator.pk)
    written = _seed_data_points(
        indicators=indicators,
        rows_by_code=rows_by_code,
        organisations=organisations,
        people=people,
        values=values,
        changed=changed,
    )
    summarised = set(
        Summary.objects.filter(indicator__in=indicators.values()).values_list(
            "indicator_id", flat=True
        )
    )
    for indicator in indicators.values():
        if indicator.pk in changed or indicator.pk not in summarised:
            indicator_recompute(indicator=indicator)
    return written


def _seed_dimensions(alliance: Alliance) -> dict[tuple[str, str | None], object]:
    """{(dimension, None): Dimension, (dimension, value): DimensionValue}."""
    found: dict[tuple[str, str | None], object] = {}
    for position, (name, labels) in enumerate(DIMENSIONS.items(), start=1):
        dimension, _ = _upsert(
            Dimension, lookup={"alliance": alliance, "name": name}, values={"position": position}
        )
        found[(name, None)] = dimension
        for value_position, label in enumerate(labels, start=1):
            found[(name, label)], _ = _upsert(
                DimensionValue,
                lookup={"dimension": dimension, "label": label},
                values={"position": value_position},
            )
    return found


def _goals_by_position(alliance: Alliance) -> dict[int, object]:
    """The demo goals by their position in demo_data.GOALS (found by title)."""
    by_title = {goal.title: goal for goal in alliance.goals.all()}
    return {
        position: by_title[spec["title"]]
        for position, spec in enumerate(demo_data.GOALS, start=1)
        if spec["title"] in by_title
    }


def _seed_indicator(
    spec: IndicatorSpec, *, alliance: Alliance, baseline: Decimal, priority
) -> tuple[Indicator, bool]:
    scale_min, scale_max = map(Decimal, spec.scale) if spec.scale else (None, None)
    values = {
        "name": spec.name,
        "definition": spec.definition,
        "source": spec.source,
        "unit": spec.unit,
        "scale_min": scale_min,
        "scale_max": scale_max,
        "direction": spec.direction,
        "frequency": spec.frequency,
        "kind": spec.kind,
        "aggregation": spec.aggregation,
        "time_aggregation": spec.time_aggregation,
        "priority_value": priority,
        "baseline_value": baseline,
        "baseline_period": spec.baseline_period(),
        "baseline_note": spec.baseline_note,
        "is_public": spec.is_public,
    }
    return _upsert(Indicator, lookup={"alliance": alliance, "code": spec.code}, values=values)


def _seed_targets(spec: IndicatorSpec, indicator: Indicator, values: dict) -> bool:
    """Create or update the spec's targets; True when anything was written."""
    wanted = {(period, None): Decimal(str(value)) for period, value in spec.targets}
    for period, label, value in spec.breakdown_targets:
        wanted[(period, values[(EDUCATION, label)].pk)] = Decimal(str(value))
    have = {
        (target.period, target.breakdown_id): target
        for target in Target.objects.filter(indicator=indicator)
    }
    new, updated = [], []
    for (period, breakdown_id), value in wanted.items():
        target = have.get((period, breakdown_id))
        if target is None:
            new.append(
                Target(indicator=indicator, period=period, breakdown_id=breakdown_id, value=value)
            )
        elif target.value != value:
            target.value = value
            updated.append(target)
    Target.objects.bulk_create(new)
    Target.objects.bulk_update(updated, ["value"])
    return bool(new or updated)


def _seed_data_points(
    *,
    indicators: dict[str, Indicator],
    rows_by_code: dict[str, list[Row]],
    organisations: dict[str, Organisation],
    people: dict[str, User],
    values: dict,
    changed: set[int],
) -> int:
    """Create the generated data points whose key (indicator, period, organisation,
    breakdown) has none yet, in any status; existing ones are left as they are."""
    have = set(
        DataPoint.objects.filter(indicator__in=indicators.values()).values_list(
            "indicator_id", "period", "organisation_id", "breakdown_id"
        )
    )
    reporters_of = _group_organisations()
    new = []
    for spec in INDICATORS:
        indicator = indicators[spec.code]
        order = {reporter.organisation: n for n, reporter in enumerate(spec.reporters)}
        coordinator = _coordinator_of(spec.workgroups[0])
        for row in rows_by_code[spec.code]:
            if _is_missing(spec, row):
                continue
            organisation = organisations[row.organisation]
            breakdown = values[row.breakdown] if row.breakdown else None
            key = (indicator.pk, row.period, organisation.pk, breakdown.pk if breakdown else None)
            if key in have:
                continue
            pending = _status_of(spec, row)
            point = DataPoint(
                indicator=indicator,
                period=row.period,
                organisation=organisation,
                breakdown=breakdown,
                value=row.value,
                numerator=row.numerator,
                denominator=row.denominator,
                respondents=row.respondents,
            )
            if pending is None:
                entered = (
                    coordinator
                    if row.organisation in reporters_of[spec.workgroups[0]]
                    else SECRETARIAT_ENTRY
                )
                point.status = DataPointStatus.APPROVED
                point.entered_by = people[entered]
                point.approved_by = people[APPROVED_BY]
                point.approved_at = _approved_at(spec, row, order[row.organisation])
            else:
                point.status, point.return_reason = pending
                point.entered_by = people[PENDING_BY]
            new.append(point)
            changed.add(indicator.pk)
    DataPoint.objects.bulk_create(new, batch_size=1000)
    return len(new)


def _group_organisations() -> dict[str, set[str]]:
    """The organisations each demo group's coordinator may report for: the lead
    organisations and those of the people seated in the group."""
    found = {}
    for group in demo_data.GROUPS:
        names = set(group["lead_organisations"])
        names |= {demo_data.PEOPLE[seat["person"]]["organisation"] for seat in group["seats"]}
        found[group["slug"]] = names - {None}
    return found


def _coordinator_of(slug: str) -> str:
    group = next(group for group in demo_data.GROUPS if group["slug"] == slug)
    return next(seat["person"] for seat in group["seats"] if seat["role"] == "coordinator")


def _upsert(model, *, lookup: dict, values: dict) -> tuple:
    """(row, written): the row with these natural-key values, created or updated to hold
    `values`; nothing is written when it already holds them."""
    obj = model.objects.filter(**lookup).first() or model(**lookup)
    if obj.pk is not None and all(getattr(obj, f) == v for f, v in values.items()):
        return obj, False
    for name, value in values.items():
        setattr(obj, name, value)
    obj.full_clean()
    obj.save()
    return obj, True
