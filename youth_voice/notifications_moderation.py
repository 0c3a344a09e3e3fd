"""Telling the moderators (the secretariat and the moderators it appointed) that a young
person's input waits for moderation. The notification names the kind and the topic, never the
text: the text is for the moderation page only."""

from __future__ import annotations

from django.urls import reverse
from django.utils import translation
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from alliance.models import Membership, Role, User
from alliance.services.notifications import (
    notification_kind_register,
    notify,
    users_by_language,
)

from .models import Moderator, YouthInput

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


def moderators_notify_new_input(input_id: int) -> None:
    """Tell the moderators once that the input waits (after the input's transaction commits)."""
    youth_input = (
        YouthInput.objects.select_related("alliance", "focus_area").filter(pk=input_id).first()
    )
    if youth_input is None:
        return
    alliance = youth_input.alliance
    url = moderate_url(youth_input)
    for language, people in moderators_by_language(alliance).items():
        with translation.override(language):
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
        notify(
            users=people,
            alliance=alliance,
            kind=KIND_WAITING,
            title=title,
            body=body,
            url=url,
            event_key=f"{KIND_WAITING}:{youth_input.pk}",
        )
