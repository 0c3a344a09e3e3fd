"""Notifications in the app and by email: the one service every app calls.

`notify` records one in-app notification per person and event and, after commit, queues one
email per new notification for the people who want that kind. The email task locks the
notification's `EmailDelivery` row while sending and stamps it, so a retried or duplicated task
never sends the same email twice. Unsubscribe links carry a signed token (no table) and work
without logging in.
"""

from __future__ import annotations

import contextlib
import contextvars
from collections.abc import Iterable, Iterator

from django.conf import settings
from django.core import signing
from django.core.mail import EmailMultiAlternatives
from django.db import transaction
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.translation import gettext_lazy as _

from alliance.models import Alliance, EmailDelivery, EmailOptOut, Notification, User
from alliance.queue import enqueue_on_commit

# The kinds of notification a person can choose emails for: code -> label. Apps add theirs
# with `notification_kind_register` when they start sending a new kind.
NOTIFICATION_KINDS: dict[str, object] = {
    "agenda_published": _("A meeting agenda is published"),
    "minutes_published": _("Minutes are published"),
    "action_item_assigned": _("An action item is assigned to me"),
    "action_item_overdue": _("My action item is overdue"),
}

UNSUBSCRIBE_SALT = "alliance.notifications.unsubscribe"


# While set, `notify` tells nobody: for loading demo or historical records, where a year of
# agendas and minutes written in seconds must not fill anyone's inbox.
_silenced: contextvars.ContextVar[bool] = contextvars.ContextVar("notifications_silenced")


@contextlib.contextmanager
def notifications_silenced() -> Iterator[None]:
    """Within the block, `notify` records and sends nothing."""
    token = _silenced.set(True)
    try:
        yield
    finally:
        _silenced.reset(token)


def notification_kind_register(code: str, label) -> None:
    """Make a kind of notification choosable on the preferences page."""
    NOTIFICATION_KINDS[code] = label


def notification_kind_label(code: str) -> str:
    if code == EmailOptOut.ALL:
        return str(_("All emails"))
    return str(NOTIFICATION_KINDS.get(code, code))


# ---------------------------------------------------------------------------
# Sending
# ---------------------------------------------------------------------------


def wants_email(*, user: User, alliance: Alliance, kind: str) -> bool:
    """False when the person switched off this kind, or every email, from the alliance."""
    return not EmailOptOut.objects.filter(
        user=user, alliance=alliance, kind__in=[kind, EmailOptOut.ALL]
    ).exists()


@transaction.atomic
def notify(
    *,
    users: Iterable[User],
    alliance: Alliance,
    kind: str,
    title: str,
    body: str,
    url: str,
    event_key: str,
    email: bool = True,
) -> list[Notification]:
    """Tell each person about an event; return the notifications created by this call.

    Idempotent per (person, event_key): a second call for the same event creates nothing and
    queues no email. Emails are queued after commit, one per new notification, only for people
    who want this kind.
    """
    from alliance.tasks import notification_email_send_task

    if _silenced.get(False):
        return []
    users = list(users)
    opted_out = set(
        EmailOptOut.objects.filter(
            user__in=users, alliance=alliance, kind__in=[kind, EmailOptOut.ALL]
        ).values_list("user_id", flat=True)
    )
    created_notifications = []
    for user in users:
        notification, created = Notification.objects.get_or_create(
            user=user,
            event_key=event_key,
            defaults={
                "alliance": alliance,
                "kind": kind,
                "title": title[:200],
                "body": body,
                "url": url,
            },
        )
        if not created:
            continue
        created_notifications.append(notification)
        if email and user.is_active and user.email and user.pk not in opted_out:
            EmailDelivery.objects.create(notification=notification)
            enqueue_on_commit(notification_email_send_task, notification.pk)
    return created_notifications


def language_of(user: User) -> str:
    """The language a person reads notifications and emails in."""
    return getattr(user, "language", "") or settings.LANGUAGE_CODE


def users_by_language(users: Iterable[User]) -> dict[str, list[User]]:
    """People grouped by their language, so that a text is rendered once per language."""
    grouped: dict[str, list[User]] = {}
    for user in users:
        grouped.setdefault(language_of(user), []).append(user)
    return grouped


def _absolute(path: str) -> str:
    if path.startswith(("http://", "https://")):
        return path
    return settings.SITE_URL + path


def _send(notification: Notification) -> None:
    user = notification.user
    alliance = notification.alliance
    with translation.override(language_of(user)):
        kind_token = unsubscribe_token(user=user, alliance=alliance, kind=notification.kind)
        all_token = unsubscribe_token(user=user, alliance=alliance, kind=EmailOptOut.ALL)
        unsubscribe_url = _absolute(unsubscribe_path(alliance=alliance, token=kind_token))
        context = {
            "notification": notification,
            "alliance": alliance,
            "link": _absolute(notification.url) if notification.url else "",
            "unsubscribe_url": unsubscribe_url,
            "unsubscribe_all_url": _absolute(unsubscribe_path(alliance=alliance, token=all_token)),
            "kind_label": notification_kind_label(notification.kind),
            "preferences_url": _absolute(
                reverse(
                    "alliance:notification_preferences", kwargs={"alliance_slug": alliance.slug}
                )
            ),
        }
        subject = render_to_string("alliance/email/notification_subject.txt", context).strip()
        text = render_to_string("alliance/email/notification_message.txt", context)
        html = render_to_string("alliance/email/notification_message.html", context)
    message = EmailMultiAlternatives(
        subject=" ".join(subject.split()),
        body=text,
        to=[user.email],
        headers={
            "List-Unsubscribe": f"<{unsubscribe_url}>",
            # RFC 8058: mail programs may unsubscribe with one POST, no confirmation page.
            "List-Unsubscribe-Post": "List-Unsubscribe=One-Click",
        },
    )
    message.attach_alternative(html, "text/html")
    message.send()


def notification_email_send(*, notification_id: int) -> bool:
    """Send the email of one notification unless it was sent already; True when sent now.

    The delivery row stays locked while sending, so a duplicate task waits and then finds it
    sent. A failure is recorded on the row and raised again for the task to retry.
    """
    error: Exception | None = None
    with transaction.atomic():
        delivery = (
            EmailDelivery.objects.select_for_update()
            .filter(notification_id=notification_id)
            .first()
        )
        if delivery is None or delivery.sent_at is not None:
            return False
        notification = Notification.objects.select_related("user", "alliance").get(
            pk=notification_id
        )
        user = notification.user
        if not user.is_active or not wants_email(
            user=user, alliance=notification.alliance, kind=notification.kind
        ):
            return False
        delivery.attempts += 1
        try:
            _send(notification)
        except OSError as exc:  # smtplib.SMTPException is an OSError
            error = exc
            delivery.last_error = f"{type(exc).__name__}: {exc}"[:2000]
            delivery.save(update_fields=["attempts", "last_error"])
        else:
            delivery.sent_at = timezone.now()
            delivery.last_error = ""
            delivery.save(update_fields=["attempts", "sent_at", "last_error"])
    if error is not None:
        raise error
    return True


# ---------------------------------------------------------------------------
# Reading and preferences
# ---------------------------------------------------------------------------


def notification_mark_read(*, user: User, alliance: Alliance, pk: int | None = None) -> int:
    """Mark one (pk) or all unread notifications of the person in the alliance as read."""
    unread = Notification.objects.unread().filter(user=user, alliance=alliance)
    if pk is not None:
        unread = unread.filter(pk=pk)
    return unread.update(read_at=timezone.now())


def email_opt_outs_of(*, user: User, alliance: Alliance) -> set[str]:
    return set(
        EmailOptOut.objects.filter(user=user, alliance=alliance).values_list("kind", flat=True)
    )


@transaction.atomic
def email_preferences_set(*, user: User, alliance: Alliance, switched_off: Iterable[str]) -> None:
    """Replace the kinds of email the person does not want from the alliance."""
    wanted_off = set(switched_off)
    EmailOptOut.objects.filter(user=user, alliance=alliance).exclude(kind__in=wanted_off).delete()
    existing = email_opt_outs_of(user=user, alliance=alliance)
    EmailOptOut.objects.bulk_create(
        [EmailOptOut(user=user, alliance=alliance, kind=k) for k in wanted_off - existing]
    )


def email_unsubscribe(*, user: User, alliance: Alliance, kind: str) -> None:
    """Switch off one kind of email (or all, kind ALL) from the alliance. Idempotent."""
    EmailOptOut.objects.get_or_create(user=user, alliance=alliance, kind=kind)


def unsubscribe_token(*, user: User, alliance: Alliance, kind: str) -> str:
    """A signed token naming the person, alliance and kind; it does not expire."""
    return signing.dumps(
        {"u": user.pk, "a": alliance.pk, "k": kind}, salt=UNSUBSCRIBE_SALT, compress=True
    )


def unsubscribe_path(*, alliance: Alliance, token: str) -> str:
    return reverse(
        "alliance:notification_unsubscribe",
        kwargs={"alliance_slug": alliance.slug, "token": token},
    )


def unsubscribe_token_read(*, token: str, alliance: Alliance) -> tuple[User, str] | None:
    """The person and kind of a valid token for this alliance, or None."""
    try:
        data = signing.loads(token, salt=UNSUBSCRIBE_SALT)
        user_id, alliance_id, kind = int(data["u"]), int(data["a"]), str(data["k"])
    except (signing.BadSignature, KeyError, TypeError, ValueError):
        return None
    if alliance_id != alliance.pk:
        return None
    user = User.objects.filter(pk=user_id).first()
    if user is None:
        return None
    return user, kind


# --- the language of a person's emails -------------------------------------------------------


def email_language_set(*, user: User, language: str) -> User:
    """Set the language of the person's emails: a code of LANGUAGES, or "" for the site's."""
    if language == user.language:
        return user
    user.language = language
    user.clean_fields(exclude=[f.name for f in User._meta.fields if f.name != "language"])
    user.save(update_fields=["language"])
    return user
