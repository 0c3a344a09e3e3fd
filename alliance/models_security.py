"""The security event log: logins, failed logins, logouts, role and access changes, exports,
erasures, API keys and two-factor changes (OWASP ASVS V16, security logging).

A row never holds a password, a token, an email address or other contact detail: a failed
login keeps a keyed hash of the address tried, so repeated attempts on one account can be
seen without storing the address. The IP address is kept for investigation for
`SECURITY_EVENTS_KEEP_IP_DAYS` (90 by default) and then blanked (data minimisation). An
erasure by a young person is recorded without anything that identifies them.
"""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _


class SecurityEventKind(models.TextChoices):
    LOGIN = "login", _("Logged in")
    LOGIN_FAILED = "login_failed", _("Failed login")
    LOGOUT = "logout", _("Logged out")
    ROLE_CHANGED = "role_changed", _("Role changed")
    MEMBERSHIP_DEACTIVATED = "membership_deactivated", _("Access ended")
    MEMBERSHIP_REACTIVATED = "membership_reactivated", _("Access given back")
    EXPORT_REQUESTED = "export_requested", _("Report or export requested")
    EXPORT_DOWNLOADED = "export_downloaded", _("Report or export downloaded")
    ERASURE = "erasure", _("Youth data erased")
    API_TOKEN_CREATED = "api_token_created", _("API key created")
    API_TOKEN_REVOKED = "api_token_revoked", _("API key revoked")
    MFA_CHANGED = "mfa_changed", _("Two-factor login changed")


class SecurityEvent(models.Model):
    """One security-relevant event, in an alliance or (a login) on the whole site."""

    # Empty for site-wide events (logins); the secretariat sees those of its members.
    alliance = models.ForeignKey(
        "alliance.Alliance",
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="security_events",
        verbose_name=_("alliance"),
    )
    # Who acted: the person who logged in, changed a role or asked for an export.
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("person"),
    )
    # Whom it concerned, when that is someone else (the person whose role was changed).
    subject = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("concerning"),
    )
    kind = models.CharField(_("event"), max_length=30, choices=SecurityEventKind.choices)
    created_at = models.DateTimeField(_("when"), auto_now_add=True, db_index=True)
    ip_address = models.GenericIPAddressField(_("IP address"), null=True, blank=True)
    # Small facts without personal data: report kind, old and new role, counts, a keyed hash.
    details = models.JSONField(_("details"), default=dict, blank=True)

    class Meta:
        verbose_name = _("security event")
        verbose_name_plural = _("security events")
        ordering = ["-created_at", "-pk"]
        indexes = [
            models.Index(fields=["alliance", "-created_at"], name="security_event_alliance_idx")
        ]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} {self.created_at:%Y-%m-%d %H:%M}"
