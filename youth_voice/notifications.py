"""Telling people what happens to a youth input after moderation.

- the young person, on every status change: in the app when the input has an account, and by
  email when they left contact details with a usable consent (the address goes to the task, so
  the details can be deleted when the input closes, before the last email is sent);
- a group's managers (coordinators and chairs), when an input is sent to their group and when
  its answer is overdue;
- the secretariat, with a daily summary of overdue inputs.

Texts name the kind, the status and the group; the young person's own text is not repeated.
"""

from __future__ import annotations

import datetime

from django.conf import settings
from django.core.mail import EmailMultiAlternatives
from django.db.models import QuerySet
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import formats, translation
from django.utils.translation import gettext, ngettext
from django.utils.translation import gettext_lazy as _

from alliance.models import Alliance, Membership, Role, User
from alliance.queue import enqueue_on_commit
from alliance.services.notifications import (
    language_of,
    notification_kind_register,
    notify,
    users_by_language,
)
from workgroups.models import GroupMember, WorkGroup
from workgroups.services import MANAGING_ROLES

from .models import InputEvent, YouthInput

KIND_STATUS = "youth_input_status"
KIND_ROUTED = "youth_input_routed"
KIND_OVERDUE = "youth_input_overdue"
KIND_OVERDUE_SUMMARY = "youth_inputs_overdue_summary"

notification_kind_register(KIND_STATUS, _("My input to the youth portal has a new status"))
notification_kind_register(KIND_ROUTED, _("A young person's input is sent to my group"))
notification_kind_register(KIND_OVERDUE, _("A young person's input to my group is overdue"))
notification_kind_register(KIND_OVERDUE_SUMMARY, _("Daily summary of overdue youth inputs"))


def _staff_url(youth_input: YouthInput) -> str:
    return reverse(
        "youth_voice:staff_detail",
        kwargs={"alliance_slug": youth_input.alliance.slug, "pk": youth_input.pk},
    )


def group_managers(group: WorkGroup) -> QuerySet[User]:
    """The group's coordinators, chairs and vice-chairs with an active account and membership."""
    active = Membership.objects.active().filter(alliance_id=group.alliance_id).values("user_id")
    seats = GroupMember.objects.filter(group=group, role__in=MANAGING_ROLES).values("user_id")
    return User.objects.filter(is_active=True, pk__in=seats).filter(pk__in=active).order_by("pk")


def secretariat_of(alliance: Alliance) -> QuerySet[User]:
    active = Membership.objects.active().filter(alliance=alliance, role=Role.SECRETARIAT)
    return User.objects.filter(is_active=True, pk__in=active.values("user_id")).order_by("pk")


# --- the group's managers ----------------------------------------------------------------


def group_managers_notify_routed(*, youth_input: YouthInput, event: InputEvent) -> None:
    """Tell the managers of the group the input was sent to, once per routing."""
    group = youth_input.routed_group
    for language, people in users_by_language(group_managers(group)).items():
        with translation.override(language):
            title = gettext("New youth input for %(group)s") % {"group": group.name}
            body = gettext("%(kind)s. Answer by %(date)s.") % {
                "kind": youth_input.get_kind_display(),
                "date": formats.date_format(youth_input.answer_due, "DATE_FORMAT"),
            }
        notify(
            users=people,
            alliance=youth_input.alliance,
            kind=KIND_ROUTED,
            title=title,
            body=body,
            url=_staff_url(youth_input),
            event_key=f"{KIND_ROUTED}:{event.pk}",
        )


def input_overdue_notify(*, youth_input: YouthInput) -> int:
    """Tell the managers of the input's group that its answer is overdue: once per input and
    deadline (a new deadline after routing again is told again). Returns how many were told."""
    group = youth_input.routed_group
    told = 0
    for language, people in users_by_language(group_managers(group)).items():
        with translation.override(language):
            title = gettext("A youth input to %(group)s is overdue") % {"group": group.name}
            body = gettext("%(kind)s. The answer was due %(date)s.") % {
                "kind": youth_input.get_kind_display(),
                "date": formats.date_format(youth_input.answer_due, "DATE_FORMAT"),
            }
        told += len(
            notify(
                users=people,
                alliance=youth_input.alliance,
                kind=KIND_OVERDUE,
                title=title,
                body=body,
                url=_staff_url(youth_input),
                event_key=f"{KIND_OVERDUE}:{youth_input.pk}:{youth_input.answer_due.isoformat()}",
            )
        )
    return told


def secretariat_notify_overdue_summary(
    *, alliance: Alliance, count: int, today: datetime.date
) -> int:
    """Tell the secretariat once a day how many inputs are overdue (nothing when none are)."""
    if not count:
        return 0
    url = reverse("youth_voice:overdue", kwargs={"alliance_slug": alliance.slug})
    told = 0
    for language, people in users_by_language(secretariat_of(alliance)).items():
        with translation.override(language):
            title = ngettext(
                "%(count)d youth input is overdue",
                "%(count)d youth inputs are overdue",
                count,
            ) % {"count": count}
            body = gettext("See the overdue list and remind the groups.")
        told += len(
            notify(
                users=people,
                alliance=alliance,
                kind=KIND_OVERDUE_SUMMARY,
                title=title,
                body=body,
                url=url,
                event_key=f"{KIND_OVERDUE_SUMMARY}:{alliance.pk}:{today.isoformat()}",
            )
        )
    return told


# --- the young person --------------------------------------------------------------------


def contact_address(youth_input: YouthInput) -> str:
    """The email address to answer the input at, or "" (no details, or no usable consent)."""
    from .services_consent import contact_email_for

    return contact_email_for(youth_input) or ""


def input_status_changed_notify(*, youth_input: YouthInput, event: InputEvent) -> None:
    """Tell the young person about a status change: in the app (account holders) and by an
    email queued after commit (contact details with usable consent). Called inside the
    transaction that changed the status."""
    from .tasks_routing import input_status_email_send_task

    address = contact_address(youth_input)
    if youth_input.user_id is not None and youth_input.user.is_active:
        user = youth_input.user
        with translation.override(language_of(user)):
            title = gettext("Your input (%(kind)s): %(status)s") % {
                "kind": youth_input.get_kind_display().lower(),
                "status": event.get_status_display().lower(),
            }
        notify(
            users=[user],
            alliance=youth_input.alliance,
            kind=KIND_STATUS,
            title=title,
            body=event.note,
            url=reverse("youth_voice:my_data", kwargs={"alliance_slug": youth_input.alliance.slug}),
            event_key=f"{KIND_STATUS}:{event.pk}",
            # The email to the contact address tells the same; one email is enough.
            email=not address,
        )
    if address:
        enqueue_on_commit(input_status_email_send_task, event.pk, address)


def input_status_email(*, event: InputEvent, address: str) -> EmailMultiAlternatives:
    """The plain Danish email about a status change, with where to follow the input."""
    youth_input = event.input
    alliance = youth_input.alliance
    follow_url = settings.SITE_URL + reverse(
        "youth_voice:follow", kwargs={"alliance_slug": alliance.slug}
    )
    with translation.override(settings.LANGUAGE_CODE):
        context = {
            "alliance": alliance,
            "youth_input": youth_input,
            "kind": youth_input.get_kind_display().lower(),
            "status": event.get_status_display(),
            "note": event.note,
            "decision": youth_input.decision,
            "activity": youth_input.led_to_activity,
            "follow_url": follow_url,
            "is_closed": youth_input.is_closed,
        }
        subject = gettext("News about your input: %(status)s") % {
            "status": context["status"].lower()
        }
        context["subject"] = subject
        text = render_to_string("youth_voice/email/status_changed.txt", context)
        html = render_to_string("youth_voice/email/status_changed.html", context)
    message = EmailMultiAlternatives(subject=" ".join(subject.split()), body=text, to=[address])
    message.attach_alternative(html, "text/html")
    return message


# --- the daily overdue reminder ------------------------------------------------------------


def youth_inputs_overdue_notify(*, today: datetime.date | None = None) -> int:
    """Tell the managers of each group with an overdue input (once per input and deadline)
    and each alliance's secretariat (one summary a day); return how many were told now.
    Safe to run again the same day: nobody is told twice."""
    from django.utils import timezone

    from .selectors_staff import overdue_all

    today = today or timezone.localdate()
    told = 0
    per_alliance: dict[int, tuple[Alliance, int]] = {}
    for youth_input in overdue_all(today=today):
        told += input_overdue_notify(youth_input=youth_input)
        alliance, count = per_alliance.get(youth_input.alliance_id, (youth_input.alliance, 0))
        per_alliance[youth_input.alliance_id] = (alliance, count + 1)
    for alliance, count in per_alliance.values():
        told += secretariat_notify_overdue_summary(alliance=alliance, count=count, today=today)
    return told
