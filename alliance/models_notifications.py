"""Notifications: what the platform tells a person in the app and by email.

Every app calls `alliance.services.notifications.notify`; these rows are its state. A
notification is unique per person and event (`event_key`), so telling the same event twice adds
nothing. An email is sent at most once per notification: its `EmailDelivery` row is locked
while sending and records when it went out.
"""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _


class NotificationQuerySet(models.QuerySet):
    def unread(self):
        return self.filter(read_at__isnull=True)


class Notification(models.Model):
    """One thing a person is told about, in one alliance."""

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        related_name="notifications",
        verbose_name=_("person"),
    )
    alliance = models.ForeignKey(
        "alliance.Alliance", on_delete=models.CASCADE, related_name="notifications"
    )
    # A short code naming what happened ("agenda_published"): the person chooses emails by it.
    kind = models.CharField(_("kind"), max_length=50)
    title = models.CharField(_("title"), max_length=200)
    body = models.TextField(_("text"), blank=True)
    url = models.CharField(_("link"), max_length=500, blank=True)
    # The idempotency key of the event ("minutes_published:42").
    event_key = models.CharField(_("event"), max_length=200)
    created_at = models.DateTimeField(_("created"), auto_now_add=True)
    read_at = models.DateTimeField(_("read"), null=True, blank=True)

    objects = NotificationQuerySet.as_manager()

    class Meta:
        verbose_name = _("notification")
        verbose_name_plural = _("notifications")
        ordering = ["-created_at", "-pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["user", "event_key"], name="notification_once_per_user_and_event"
            )
        ]
        indexes = [
            models.Index(fields=["user", "alliance", "read_at"], name="notification_unread_idx")
        ]

    def __str__(self) -> str:
        return f"{self.user}: {self.title}"


class EmailOptOut(models.Model):
    """A kind of email a person does not want from an alliance; kind ALL switches off every
    notification email from it."""

    ALL = "all"

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="email_opt_outs"
    )
    alliance = models.ForeignKey(
        "alliance.Alliance", on_delete=models.CASCADE, related_name="email_opt_outs"
    )
    kind = models.CharField(_("kind"), max_length=50)
    created_at = models.DateTimeField(_("created"), auto_now_add=True)

    class Meta:
        verbose_name = _("email opt-out")
        verbose_name_plural = _("email opt-outs")
        constraints = [
            models.UniqueConstraint(fields=["user", "alliance", "kind"], name="email_opt_out_once")
        ]

    def __str__(self) -> str:
        return f"{self.user}: {self.kind}"


class EmailDelivery(models.Model):
    """The email of one notification: created when it is queued, stamped when it is sent."""

    notification = models.OneToOneField(
        Notification, on_delete=models.CASCADE, related_name="email_delivery"
    )
    sent_at = models.DateTimeField(_("sent"), null=True, blank=True)
    attempts = models.PositiveSmallIntegerField(_("attempts"), default=0)
    last_error = models.TextField(_("last error"), blank=True)

    class Meta:
        verbose_name = _("email delivery")
        verbose_name_plural = _("email deliveries")

    def __str__(self) -> str:
        return f"{self.notification_id}: {self.sent_at or 'pending'}"
