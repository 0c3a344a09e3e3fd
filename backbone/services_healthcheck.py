"""Writes of the partnership's health check: open a round (and tell every member), answer it
anonymously, close it.

Anonymity is kept by what is written, not by who may read it: an answer writes two rows in
one transaction that share nothing but the round. The participation says that a person has
answered (so they answer once); the response holds the scores and the comment, with a random
key and no person and no time. The answers' own keys are drawn at random too, so the order of
the rows cannot pair a response with the participation written beside it.
"""

from __future__ import annotations

import datetime
import secrets
from collections.abc import Mapping

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.urls import reverse
from django.utils import formats, timezone, translation
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from alliance.models import Alliance, Membership, User
from alliance.services.notifications import (
    notification_kind_register,
    notify,
    users_by_language,
)

from .healthcheck import COMMENT_MAX_LENGTH, SCORES, STATEMENTS, STATEMENTS_BY_KEY
from .models import (
    HealthCheckAnswer,
    HealthCheckParticipation,
    HealthCheckResponse,
    HealthCheckRound,
)

KIND_OPENED = "health_check_opened"

notification_kind_register(KIND_OPENED, _("A health check of the partnership opens"))

# Answer keys are drawn above every key the table's own sequence will reach.
_ANSWER_KEY_LOW = 2**40
_ANSWER_KEY_SPAN = 2**62


class RoundClosed(ValidationError):
    """The round takes no more answers: closed by hand or past its closing date."""


class AlreadyAnswered(ValidationError):
    """The person has answered this round already."""


def round_is_open(health_round: HealthCheckRound, *, today: datetime.date | None = None) -> bool:
    """Open: not closed by hand, and the closing date (the last day to answer) not passed."""
    today = today or timezone.localdate()
    return health_round.closed_at is None and health_round.closes_on >= today


def _open_round_of(alliance: Alliance, today: datetime.date) -> HealthCheckRound | None:
    return (
        HealthCheckRound.objects.filter(
            alliance=alliance, closed_at__isnull=True, closes_on__gte=today
        )
        .order_by("-opened_at")
        .first()
    )


def answer_url(health_round: HealthCheckRound) -> str:
    return reverse(
        "backbone:health_check_answer",
        kwargs={"alliance_slug": health_round.alliance.slug, "pk": health_round.pk},
    )


def _members_to_tell(alliance: Alliance) -> list[User]:
    """Every person with an active membership of the alliance, whatever their role."""
    members = Membership.objects.active().filter(alliance=alliance).values("user_id")
    return list(User.objects.filter(is_active=True, pk__in=members).order_by("pk"))


def health_check_opened_notify(*, health_round: HealthCheckRound) -> None:
    """Tell every active member, once each and in their own language, that the round is open
    and until when."""
    alliance = health_round.alliance
    url = answer_url(health_round)
    for language, people in users_by_language(_members_to_tell(alliance)).items():
        with translation.override(language):
            day = formats.date_format(health_round.closes_on, "j. F Y")
            title = gettext("Health check of the partnership: answer by %(day)s") % {"day": day}
            body = gettext(
                "The secretariat asks every member how the partnership is doing: about 20 "
                "statements, 5 minutes. Your answers are anonymous: nobody can see what you "
                "answered, only that you have answered. The round is open until %(day)s."
            ) % {"day": day}
        notify(
            users=people,
            alliance=alliance,
            kind=KIND_OPENED,
            title=title,
            body=body,
            url=url,
            event_key=f"{KIND_OPENED}:{health_round.pk}",
        )


@transaction.atomic
def health_check_round_open(
    *,
    alliance: Alliance,
    title: str,
    closes_on: datetime.date,
    opened_by: User | None,
    now: datetime.datetime | None = None,
) -> HealthCheckRound:
    """Open a round to every member and notify them. Only one round is open at a time: the
    alliance's row is locked while this is checked, so two secretariat members opening at
    once get one round."""
    now = now or timezone.now()
    today = timezone.localdate(now)
    Alliance.objects.select_for_update().filter(pk=alliance.pk).first()
    if _open_round_of(alliance, today) is not None:
        raise ValidationError(
            _("A round is open already. Close it before you open a new one."), code="open"
        )
    if closes_on < today:
        raise ValidationError(_("The closing date cannot be in the past."), code="closes_on_past")
    health_round = HealthCheckRound(
        alliance=alliance,
        title=title.strip(),
        opened_at=now,
        closes_on=closes_on,
        opened_by=opened_by,
    )
    health_round.full_clean()
    health_round.save()
    health_check_opened_notify(health_round=health_round)
    return health_round


def _validated_scores(scores: Mapping[str, int | None]) -> dict[str, int | None]:
    """Every statement answered, each with a score of 1-5 or None ("don't know"); no other
    keys."""
    unknown = set(scores) - set(STATEMENTS_BY_KEY)
    if unknown:
        raise ValidationError(_("The answers name a statement that does not exist."))
    missing = [s.key for s in STATEMENTS if s.key not in scores]
    if missing:
        raise ValidationError(_("Every statement must be answered."))
    for score in scores.values():
        if score is not None and score not in SCORES:
            raise ValidationError(_("A score must be from 1 to 5."))
    return dict(scores)


def _random_answer_key() -> int:
    return _ANSWER_KEY_LOW + secrets.randbelow(_ANSWER_KEY_SPAN)


@transaction.atomic
def health_check_answer_submit(
    *,
    health_round: HealthCheckRound,
    user: User,
    scores: Mapping[str, int | None],
    comment: str = "",
    today: datetime.date | None = None,
) -> None:
    """Record that the person has answered and, apart from that, what they answered.

    Raises RoundClosed when the round takes no more answers and AlreadyAnswered when the
    person has answered it before; either way nothing is saved. Returns nothing: the caller
    has no handle on the response, so it cannot pass it on."""
    today = today or timezone.localdate()
    locked = HealthCheckRound.objects.select_for_update().get(pk=health_round.pk)
    if not round_is_open(locked, today=today):
        raise RoundClosed(_("The round is closed and takes no more answers."), code="closed")
    scores = _validated_scores(scores)
    comment = (comment or "").strip()
    if len(comment) > COMMENT_MAX_LENGTH:
        raise ValidationError(
            _("The comment can be at most %(max)s characters."),
            params={"max": COMMENT_MAX_LENGTH},
        )
    try:
        with transaction.atomic():
            HealthCheckParticipation.objects.create(round=locked, user=user, answered_on=today)
    except IntegrityError:
        raise AlreadyAnswered(_("You have answered this round already."), code="answered") from None
    response = HealthCheckResponse.objects.create(round=locked, comment=comment)
    HealthCheckAnswer.objects.bulk_create(
        [
            HealthCheckAnswer(
                id=_random_answer_key(),
                response=response,
                statement=key,
                element=STATEMENTS_BY_KEY[key].element,
                score=score,
            )
            for key, score in scores.items()
            if score is not None
        ]
    )


@transaction.atomic
def health_check_round_close(
    *, health_round: HealthCheckRound, now: datetime.datetime | None = None
) -> HealthCheckRound:
    """Close the round by hand; it takes no more answers. Closing a closed round changes
    nothing."""
    locked = HealthCheckRound.objects.select_for_update().get(pk=health_round.pk)
    if locked.closed_at is None:
        locked.closed_at = now or timezone.now()
        locked.save(update_fields=["closed_at"])
    return locked
