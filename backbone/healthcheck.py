"""The statements of the partnership's health check: three for each of the six elements of
Collective Impact as the alliance names them, and three about trust, the ground the elements
stand on.

Keys are stored with every answer (`HealthCheckAnswer.statement` and `.element`), so a key
never changes meaning: to change a statement's sense, retire its key and add a new one. The
order here is the order of the answer form and the results.
"""

from __future__ import annotations

from dataclasses import dataclass

from django.utils.functional import Promise
from django.utils.translation import gettext, pgettext_lazy
from django.utils.translation import gettext_lazy as _

COMMON_AGENDA = "common_agenda"
SHARED_MEASUREMENT = "shared_measurement"
REINFORCING_ACTIVITIES = "reinforcing_activities"
COMMUNICATION = "communication"
BACKBONE = "backbone"
YOUTH_INVOLVEMENT = "youth_involvement"
TRUST = "trust"


@dataclass(frozen=True)
class Element:
    key: str
    label: Promise


@dataclass(frozen=True)
class Statement:
    key: str
    element: str
    text: Promise


ELEMENTS: tuple[Element, ...] = (
    Element(COMMON_AGENDA, pgettext_lazy("collective impact element", "Common agenda")),
    Element(SHARED_MEASUREMENT, pgettext_lazy("collective impact element", "Shared measurement")),
    Element(
        REINFORCING_ACTIVITIES,
        pgettext_lazy("collective impact element", "Mutually reinforcing activities"),
    ),
    Element(COMMUNICATION, pgettext_lazy("collective impact element", "Continuous communication")),
    Element(BACKBONE, pgettext_lazy("collective impact element", "Backbone support")),
    Element(YOUTH_INVOLVEMENT, pgettext_lazy("collective impact element", "Youth involvement")),
    Element(TRUST, pgettext_lazy("collective impact element", "Trust")),
)

STATEMENTS: tuple[Statement, ...] = (
    # common agenda
    Statement(
        "agenda_vision",
        COMMON_AGENDA,
        _("We share a clear vision of what the alliance wants to achieve for young people."),
    ),
    Statement(
        "agenda_problem",
        COMMON_AGENDA,
        _("We agree on what the problem is and why it matters."),
    ),
    Statement(
        "agenda_goals",
        COMMON_AGENDA,
        _("I know the alliance's goals and how my organisation contributes to them."),
    ),
    # shared measurement
    Statement(
        "measurement_indicators",
        SHARED_MEASUREMENT,
        _("We follow the same indicators and know what they show."),
    ),
    Statement(
        "measurement_steering",
        SHARED_MEASUREMENT,
        _("We use the figures to decide what to adjust."),
    ),
    Statement(
        "measurement_reporting",
        SHARED_MEASUREMENT,
        _("It is clear how we report data to the alliance, and it takes reasonable time."),
    ),
    # mutually reinforcing activities
    Statement(
        "activities_support",
        REINFORCING_ACTIVITIES,
        _("Our activities support each other instead of overlapping."),
    ),
    Statement(
        "activities_goals",
        REINFORCING_ACTIVITIES,
        _("Every activity is tied to one of the alliance's goals."),
    ),
    Statement(
        "activities_commitments",
        REINFORCING_ACTIVITIES,
        _("The partners keep the commitments they have made."),
    ),
    # continuous communication
    Statement(
        "communication_informed",
        COMMUNICATION,
        _("I get the information I need when I need it."),
    ),
    Statement(
        "communication_open",
        COMMUNICATION,
        _("We can raise problems and disagreements openly."),
    ),
    Statement(
        "communication_decisions",
        COMMUNICATION,
        _("Decisions and the reasons for them reach everyone they concern."),
    ),
    # backbone support
    Statement(
        "backbone_support",
        BACKBONE,
        _("The secretariat gives the partners the support they need."),
    ),
    Statement(
        "backbone_meetings",
        BACKBONE,
        _("Meetings are well prepared and followed up."),
    ),
    Statement(
        "backbone_overview",
        BACKBONE,
        _("The secretariat keeps the overview, so that nothing falls between two stools."),
    ),
    # youth involvement
    Statement(
        "youth_influence",
        YOUTH_INVOLVEMENT,
        _("Young people's input changes what we do."),
    ),
    Statement(
        "youth_decisions",
        YOUTH_INVOLVEMENT,
        _("Young people take part in decisions on an equal footing with the other partners."),
    ),
    Statement(
        "youth_feedback",
        YOUTH_INVOLVEMENT,
        _("Young people hear what became of their input."),
    ),
    # trust
    Statement(
        "trust_partners",
        TRUST,
        _("I trust the other partners to do what they say they will do."),
    ),
    Statement(
        "trust_responsibility",
        TRUST,
        _("We share responsibility for the results, not only for our own part."),
    ),
    Statement(
        "trust_safe",
        TRUST,
        _("I feel safe saying what I think in the alliance."),
    ),
)

STATEMENTS_BY_KEY: dict[str, Statement] = {statement.key: statement for statement in STATEMENTS}
ELEMENTS_BY_KEY: dict[str, Element] = {element.key: element for element in ELEMENTS}

SCORES = (1, 2, 3, 4, 5)
COMMENT_MAX_LENGTH = 2000


def score_labels() -> dict[int, str]:
    """The words of the 1-5 scale, in the active language."""
    return {
        1: gettext("Strongly disagree"),
        2: gettext("Disagree"),
        3: gettext("Neither agree nor disagree"),
        4: gettext("Agree"),
        5: gettext("Strongly agree"),
    }


def statements_of(element: str) -> list[Statement]:
    return [statement for statement in STATEMENTS if statement.element == element]
