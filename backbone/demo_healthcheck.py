"""The demo alliance's health check: last half-year's round, closed with 14 answers, and this
half-year's round, open with 8 answers, so the results can be compared.

Trust and communication score higher than shared measurement, which is still finding its feet;
measurement and youth involvement improve from one round to the next, communication slips a
little. The demo logins secretariat@, member@, coordinator@ and youth@ have not answered the
open round, so a visitor can try the form; steering@ has. Every answer is FICTIONAL demo data
from a seeded random generator, written without notifying anybody. Running it again on an
alliance that already has a round writes nothing.
"""

from __future__ import annotations

import datetime
import random

from django.db import transaction
from django.utils import timezone

from alliance.models import Alliance, Membership, Role, User
from alliance.services.notifications import notifications_silenced

from . import demo_data
from .healthcheck import (
    BACKBONE,
    COMMON_AGENDA,
    COMMUNICATION,
    REINFORCING_ACTIVITIES,
    SHARED_MEASUREMENT,
    STATEMENTS,
    TRUST,
    YOUTH_INVOLVEMENT,
)
from .models import HealthCheckRound
from .services_healthcheck import (
    health_check_answer_submit,
    health_check_round_close,
    health_check_round_open,
)

PREVIOUS_ANSWERS = 14
CURRENT_ANSWERS = 8
# Of every 100 scores, this many are "don't know".
DONT_KNOW_PERCENT = 6

# The mean each element is drawn around: (previous round, current round).
ELEMENT_MEANS = {
    COMMON_AGENDA: (3.5, 3.7),
    SHARED_MEASUREMENT: (2.4, 2.9),
    REINFORCING_ACTIVITIES: (3.1, 3.3),
    COMMUNICATION: (4.1, 3.9),
    BACKBONE: (3.8, 4.0),
    YOUTH_INVOLVEMENT: (3.0, 3.5),
    TRUST: (4.0, 4.2),
}

PREVIOUS_COMMENTS = [
    "Vi mangler stadig at blive enige om, hvordan vi måler trivsel på ungdomsuddannelserne.",
    "Det er svært at nå at indberette tal til tiden, når skemaet kommer midt i eksamensperioden.",
    "Godt samarbejde i arbejdsgruppen. Tak til Nadia Berg for altid at svare hurtigt.",
    "Jeg ved ikke altid, hvad styregruppen har besluttet, før det står i referatet.",
    "De unge i panelet skal have mere tid på møderne, ikke kun de sidste ti minutter.",
]
CURRENT_COMMENTS = [
    "Dashboardet har gjort det meget lettere at se, hvor vi halter.",
    "Flere af vores aktiviteter overlapper stadig med foreningernes tilbud i Høng.",
    "Ring gerne til mig om ungepanelet på 22 33 44 55, jeg har et par idéer.",
]


def seed_health_check(alliance: Alliance, *, now: datetime.datetime) -> HealthCheckRound | None:
    """Create the demo's two rounds with their answers, notifying nobody; return the open
    round. An alliance that already has a round is left as it is (returns None)."""
    if HealthCheckRound.objects.filter(alliance=alliance).exists():
        return None
    with transaction.atomic(), notifications_silenced():
        return _seed(alliance, now=now)


def _halves(today: datetime.date) -> tuple[tuple[str, datetime.date], tuple[str, datetime.date]]:
    """(title, opening day) of the previous half-year's round and of this half-year's."""
    if today.month >= 7:
        previous = (f"Partnerskabstjek forår {today.year}", datetime.date(today.year, 4, 13))
        current_title = f"Partnerskabstjek efterår {today.year}"
    else:
        previous = (
            f"Partnerskabstjek efterår {today.year - 1}",
            datetime.date(today.year - 1, 10, 12),
        )
        current_title = f"Partnerskabstjek forår {today.year}"
    return previous, (current_title, today - datetime.timedelta(days=9))


def _at_nine(day: datetime.date) -> datetime.datetime:
    return timezone.make_aware(datetime.datetime.combine(day, datetime.time(9, 0)))


def _people(alliance: Alliance) -> dict[str, User]:
    """The demo's people who are active members of the alliance, by their key in PEOPLE."""
    emails = {
        key: demo_data.DEMO_LOGINS.get(key) or demo_data.demo_email(spec["full_name"])
        for key, spec in demo_data.PEOPLE.items()
    }
    members = set(
        Membership.objects.active().filter(alliance=alliance).values_list("user_id", flat=True)
    )
    users = {user.email: user for user in User.objects.filter(email__in=emails.values())}
    return {
        key: users[email]
        for key, email in emails.items()
        if email in users and users[email].pk in members
    }


def _secretariat(alliance: Alliance) -> User | None:
    membership = (
        Membership.objects.active()
        .filter(alliance=alliance, role=Role.SECRETARIAT)
        .select_related("user")
        .order_by("pk")
        .first()
    )
    return membership.user if membership else None


def _scores(rng: random.Random, which: int) -> dict[str, int | None]:
    scores: dict[str, int | None] = {}
    for statement in STATEMENTS:
        if rng.randrange(100) < DONT_KNOW_PERCENT:
            scores[statement.key] = None
            continue
        drawn = round(rng.gauss(ELEMENT_MEANS[statement.element][which], 0.75))
        scores[statement.key] = min(5, max(1, drawn))
    return scores


def _answer(round_, people, comments, rng, which, day) -> None:
    for position, user in enumerate(people):
        health_check_answer_submit(
            health_round=round_,
            user=user,
            scores=_scores(rng, which),
            comment=comments[position] if position < len(comments) else "",
            today=day,
        )


def _seed(alliance: Alliance, *, now: datetime.datetime) -> HealthCheckRound:
    rng = random.Random("ung-og-sund-demo-partnerskabstjek")  # nosec B311 - seeded demo data
    opener = _secretariat(alliance)
    people = _people(alliance)
    # The demo logins that a visitor should find unanswered in the open round.
    untouched = {"lars", "anne", "rasmus", "sara"}
    pool = [user for key, user in people.items() if key not in {"lars", "anne"}]
    previous_people = rng.sample(pool, min(PREVIOUS_ANSWERS, len(pool)))
    current_pool = [user for key, user in people.items() if key not in untouched | {"mette"}]
    current_people = rng.sample(current_pool, min(CURRENT_ANSWERS - 1, len(current_pool)))
    if "mette" in people:
        current_people.insert(0, people["mette"])

    (previous_title, previous_day), (current_title, current_day) = _halves(timezone.localdate(now))
    previous = health_check_round_open(
        alliance=alliance,
        title=previous_title,
        closes_on=previous_day + datetime.timedelta(days=20),
        opened_by=opener,
        now=_at_nine(previous_day),
    )
    _answer(previous, previous_people, PREVIOUS_COMMENTS, rng, 0, previous_day)
    health_check_round_close(
        health_round=previous, now=_at_nine(previous_day + datetime.timedelta(days=21))
    )

    current = health_check_round_open(
        alliance=alliance,
        title=current_title,
        closes_on=timezone.localdate(now) + datetime.timedelta(days=12),
        opened_by=opener,
        now=_at_nine(current_day),
    )
    _answer(current, current_people, CURRENT_COMMENTS, rng, 1, timezone.localdate(now))
    return current
