"""The weekly digest: one email a week per person and alliance with what is new for them.

The content comes from section providers that each app offers, named in DIGEST_SECTIONS, so a
new area adds its part by adding a provider here without touching the others. A provider is a
function `(*, user, alliance, since, now) -> list[DigestSection]`; its sections may be empty
and are then left out. `digest_for` is a plain function: the same call builds the email and
answers whether there is anything to send.

Sending is two steps. `digest_send_weekly` (Monday morning, Celery beat) creates one
`DigestDelivery` row per person, alliance and week (a unique constraint: never two) and queues
`digest_email_send_task` after commit. The task locks the row while sending and stamps it, so
a repeated or retried task never sends the same digest twice.
"""

from __future__ import annotations

import datetime
from dataclasses import dataclass, field

from django.conf import settings
from django.core.mail import EmailMultiAlternatives
from django.db import transaction
from django.db.models import Exists, Max, OuterRef
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import formats, timezone, translation
from django.utils.module_loading import import_string
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from alliance.models import Alliance, EmailOptOut, Membership, User
from alliance.queue import enqueue_on_commit
from alliance.services.notifications import (
    language_of,
    notification_kind_label,
    notification_kind_register,
    unsubscribe_path,
    unsubscribe_token,
    wants_email,
)

from .models import DigestDelivery

DIGEST_KIND = "weekly_digest"
notification_kind_register(DIGEST_KIND, _("Weekly digest"))

# The section providers, in the order their sections appear in the email.
DIGEST_SECTIONS: list[str] = [
    "workgroups.selectors_digest.digest_sections",
    "workgroups.selectors_digest.news_sections",
    # youth voice: inputs sent to the groups a person manages, waiting for an answer
    "youth_voice.selectors_digest.digest_sections",
]

# Without an earlier digest, a person's first one tells what is new in the last week.
FIRST_DIGEST_COVERS = datetime.timedelta(days=7)


@dataclass(frozen=True)
class DigestItem:
    """One line of a section: what, a detail line (date, group), and a link (a site path)."""

    text: str
    detail: str = ""
    url: str = ""


@dataclass(frozen=True)
class DigestSection:
    """A heading of the digest with its items; `more_url` links to the full list."""

    key: str
    title: str
    items: list[DigestItem] = field(default_factory=list)
    more_url: str = ""
    more_label: str = ""

    @property
    def is_empty(self) -> bool:
        return not self.items


def digest_for(
    *, user: User, alliance: Alliance, since: datetime.datetime, now: datetime.datetime
) -> list[DigestSection]:
    """The sections with content of the person's digest: what is new since `since`.

    Texts are in the active language: call it inside translation.override for the person."""
    sections: list[DigestSection] = []
    for path in DIGEST_SECTIONS:
        provider = import_string(path)
        for section in provider(user=user, alliance=alliance, since=since, now=now):
            if not section.is_empty:
                sections.append(section)
    return sections


def digest_week_of(now: datetime.datetime) -> datetime.date:
    """The Monday (local date) of the week `now` falls in."""
    today = timezone.localdate(now)
    return today - datetime.timedelta(days=today.weekday())


# ---------------------------------------------------------------------------
# Sending
# ---------------------------------------------------------------------------


def _memberships_to_send_to():
    """Active memberships of active people with an email who did not switch the digest off."""
    opted_out = EmailOptOut.objects.filter(
        user_id=OuterRef("user_id"),
        alliance_id=OuterRef("alliance_id"),
        kind__in=[DIGEST_KIND, EmailOptOut.ALL],
    )
    return (
        Membership.objects.active()
        .exclude(user__email="")
        .exclude(Exists(opted_out))
        .select_related("user", "alliance")
        .order_by("alliance_id", "user_id")
    )


def digest_send_weekly(*, now: datetime.datetime | None = None) -> int:
    """Queue this week's digest for every person with something new; return how many were
    queued. Idempotent: a person gets one digest per alliance and week, however often it runs.

    A digest of this week that was created but not sent yet (its task was lost, say) is queued
    again; the task sends it at most once."""
    from .tasks import digest_email_send_task

    now = now or timezone.now()
    week = digest_week_of(now)
    this_week = {
        (user_id, alliance_id): (pk, sent_at)
        for pk, user_id, alliance_id, sent_at in DigestDelivery.objects.filter(
            week=week
        ).values_list("pk", "user_id", "alliance_id", "sent_at")
    }
    last_sent = {
        (row["user_id"], row["alliance_id"]): row["last"]
        for row in DigestDelivery.objects.filter(sent_at__isnull=False)
        .values("user_id", "alliance_id")
        .annotate(last=Max("sent_at"))
    }
    queued = 0
    for membership in _memberships_to_send_to():
        key = (membership.user_id, membership.alliance_id)
        if key in this_week:
            pk, sent_at = this_week[key]
            if sent_at is None:
                enqueue_on_commit(digest_email_send_task, pk)
                queued += 1
            continue
        since = last_sent.get(key) or now - FIRST_DIGEST_COVERS
        if not digest_for(user=membership.user, alliance=membership.alliance, since=since, now=now):
            continue
        with transaction.atomic():
            delivery, created = DigestDelivery.objects.get_or_create(
                user=membership.user,
                alliance=membership.alliance,
                week=week,
                defaults={"since": since},
            )
            if created:
                enqueue_on_commit(digest_email_send_task, delivery.pk)
                queued += 1
    return queued


def _digest_message(
    *, delivery: DigestDelivery, sections: list[DigestSection]
) -> EmailMultiAlternatives:
    """The digest email in the active language, with the unsubscribe links of the
    notification service (a signed token per person, alliance and kind; no login needed)."""
    user, alliance = delivery.user, delivery.alliance
    site = settings.SITE_URL
    unsubscribe_url = site + unsubscribe_path(
        alliance=alliance, token=unsubscribe_token(user=user, alliance=alliance, kind=DIGEST_KIND)
    )
    context = {
        "alliance": alliance,
        "person": user,
        "sections": sections,
        "site_url": site,
        "week": delivery.week,
        "since": delivery.since,
        "home_url": site + alliance.get_absolute_url(),
        "unsubscribe_url": unsubscribe_url,
        "unsubscribe_all_url": site
        + unsubscribe_path(
            alliance=alliance,
            token=unsubscribe_token(user=user, alliance=alliance, kind=EmailOptOut.ALL),
        ),
        "preferences_url": site
        + reverse("alliance:notification_preferences", kwargs={"alliance_slug": alliance.slug}),
        "kind_label": notification_kind_label(DIGEST_KIND),
        "language_code": translation.get_language(),
    }
    subject = gettext("%(alliance)s: your week from %(date)s") % {
        "alliance": alliance.name,
        "date": formats.date_format(delivery.week, "DATE_FORMAT"),
    }
    context["subject"] = subject
    message = EmailMultiAlternatives(
        subject=" ".join(subject.split()),
        body=render_to_string("backbone/email/digest.txt", context),
        to=[user.email],
        headers={
            "List-Unsubscribe": f"<{unsubscribe_url}>",
            # RFC 8058: mail programs may unsubscribe with one POST, no confirmation page.
            "List-Unsubscribe-Post": "List-Unsubscribe=One-Click",
        },
    )
    message.attach_alternative(render_to_string("backbone/email/digest.html", context), "text/html")
    return message


def digest_email_send(*, delivery_id: int, now: datetime.datetime | None = None) -> bool:
    """Send one digest unless it was sent already; True when sent now.

    The delivery row stays locked while sending, so a duplicate task waits and then finds it
    sent. An SMTP failure is raised for the task to retry; the row stays unsent."""
    with transaction.atomic():
        delivery = (
            DigestDelivery.objects.select_for_update()
            .select_related("user", "alliance")
            .filter(pk=delivery_id)
            .first()
        )
        if delivery is None or delivery.sent_at is not None:
            return False
        user, alliance = delivery.user, delivery.alliance
        if (
            not user.is_active
            or not user.email
            or not Membership.objects.active().filter(user=user, alliance=alliance).exists()
            or not wants_email(user=user, alliance=alliance, kind=DIGEST_KIND)
        ):
            return False
        with translation.override(language_of(user)):
            sections = digest_for(
                user=user, alliance=alliance, since=delivery.since, now=now or timezone.now()
            )
            if not sections:
                return False  # nothing left to tell (the meeting was cancelled, say)
            message = _digest_message(delivery=delivery, sections=sections)
        message.send()  # smtplib.SMTPException is an OSError: the task retries it
        delivery.sent_at = timezone.now()
        delivery.save(update_fields=["sent_at"])
    return True
