"""Private calendar feeds: one secret address per person and alliance with the meetings of
their groups. Imported at the end of workgroups/models.py.

The address carries a random token; making a new one revokes the old address at once."""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _


class CalendarFeed(models.Model):
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        related_name="calendar_feeds",
        verbose_name=_("person"),
    )
    alliance = models.ForeignKey(
        "alliance.Alliance",
        on_delete=models.CASCADE,
        related_name="calendar_feeds",
        verbose_name=_("alliance"),
    )
    token = models.CharField(_("token"), max_length=64, unique=True)
    created_at = models.DateTimeField(_("created"), auto_now_add=True)
    last_used_at = models.DateTimeField(_("last fetched"), null=True, blank=True)

    class Meta:
        verbose_name = _("calendar feed")
        verbose_name_plural = _("calendar feeds")
        constraints = [
            models.UniqueConstraint(fields=["user", "alliance"], name="calendarfeed_one_per_person")
        ]

    def __str__(self) -> str:
        return f"{self.user} – {self.alliance}"
