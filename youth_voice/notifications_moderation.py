"""Telling the moderators (the secretariat and the moderators it appointed) that young people's
input waits for moderation, in rounds of a minute. The notification names the kind and the
topic, never the text: the text is for the moderation page only."""

from __future__ import annotations

from django.db import transaction
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.translation import gettext, ngettext
from django.utils.translation import gettext_lazy as _

from alliance.models import Membership, Role, User
from alliance.services.notifications import (
    notification_kind_register,
    notify,
    users_by_language,
)

from .models import Moderation, Moderator, YouthInput

KIND_WAITING = "youth_input_waiting"

notification_kind_register(KIND_WAITING, _("A young person's input waits for moderation"))


def moderators_of(alliance) -> list[User]:
    """The active secretariat and the appointed moderators with an active membership."""
    active = Membership.objects.active().filter(alliance=alliance)
    secretariat = active.filter(role=Role.SECRETARIAT).values("user_id")
    appointed = Moderator.objects.filter(
        alliance=alliance, user_id__in=active.values("user_id")
    ).values("user_id")
    return list(
        User.objects.filter(is_active=True)
        .filter(pk__in=secretariat.union(appointed))
        .order_by("pk")
    )


def moderators_by_language(alliance) -> dict[str, list[User]]:
    """The moderators grouped by the language they read their notifications in."""
    return users_by_language(moderators_of(alliance))


def moderate_url(youth_input: YouthInput) -> str:
    return reverse(
        "youth_voice:moderate",
        kwargs={"alliance_slug": youth_input.alliance.slug, "pk": youth_input.pk},
    )


# One round tells about at most this many inputs; the next round, a minute later, the rest.
NOTIFY_BATCH = 500


def moderators_notify_new_inputs() -> int:
    """Tell the moderators about the inputs sent since the last round; return how many.

    Run every minute (youth_voice.tasks.moderators_notify_new_inputs_task): each moderator of
    an alliance gets one notification per round, naming the input's kind and topic when one
    came, or how many when several did (a school class sending at once makes one email, not
    thirty). An input is told about once: the round locks the rows it tells about and marks
    them, and a round running at the same time skips them. Inputs already moderated in the
    meantime are marked without telling anyone.
    """
    with transaction.atomic():
        waiting = list(
            YouthInput.objects.filter(moderators_told_at__isnull=True)
            .select_for_update(skip_locked=True, of=("self",))
            .select_related("alliance", "focus_area")
            .order_by("pk")[:NOTIFY_BATCH]
        )
        if not waiting:
            return 0
        by_alliance: dict[int, list[YouthInput]] = {}
        for youth_input in waiting:
            if youth_input.moderation == Moderation.PENDING:
                by_alliance.setdefault(youth_input.alliance_id, []).append(youth_input)
        for inputs in by_alliance.values():
            _moderators_tell(inputs)
        YouthInput.objects.filter(pk__in=[item.pk for item in waiting]).update(
            moderators_told_at=timezone.now()
        )
    return len(waiting)


def _moderators_tell(inputs: list[YouthInput]) -> None:
    """One notification per moderator of the inputs' alliance about these inputs."""
    first = inputs[0]
    alliance = first.alliance
    if len(inputs) == 1:
        url = moderate_url(first)
        event_key = f"{KIND_WAITING}:{first.pk}"
    else:
        url = reverse("youth_voice:moderation_queue", kwargs={"alliance_slug": alliance.slug})
        event_key = f"{KIND_WAITING}:{first.pk}-{inputs[-1].pk}"
    for language, people in moderators_by_language(alliance).items():
        with translation.override(language):
            title, body = _message(inputs)
        notify(
            users=people,
            alliance=alliance,
            kind=KIND_WAITING,
            title=title,
            body=body,
            url=url,
            event_key=event_key,
        )


def _message(inputs: list[YouthInput]) -> tuple[str, str]:
    """The title and body in the active language; never the text, which is for the
    moderation page only."""
    if len(inputs) > 1:
        count = len(inputs)
        title = ngettext(
            "%(count)d new input from young people waits for moderation",
            "%(count)d new inputs from young people wait for moderation",
            count,
        ) % {"count": count}
        return title, gettext(
            "Read them and approve, keep private or hide them in the moderation queue."
        )
    youth_input = inputs[0]
    title = gettext("New input from a young person: %(kind)s") % {
        "kind": youth_input.get_kind_display().lower()
    }
    body = (
        gettext("Topic: %(topic)s") % {"topic": youth_input.focus_area.title}
        if youth_input.focus_area
        else ""
    )
    body = (body + "\n" if body else "") + gettext(
        "Read it and approve, keep private or hide it in the moderation queue."
    )
    return title, body
