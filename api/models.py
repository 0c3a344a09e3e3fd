"""Personal API tokens: a person creates one for their alliance in their profile and revokes
it there. Only a keyed hash of the token is stored; the token acts with the role the person had
when it was made, and stops working when that role or the membership changes."""

from django.db import models
from django.utils.translation import gettext_lazy as _


class ApiToken(models.Model):
    user = models.ForeignKey(
        "alliance.User",
        on_delete=models.CASCADE,
        related_name="api_tokens",
        verbose_name=_("person"),
    )
    alliance = models.ForeignKey(
        "alliance.Alliance",
        on_delete=models.CASCADE,
        related_name="api_tokens",
        verbose_name=_("alliance"),
    )
    role = models.CharField(_("role"), max_length=20)
    name = models.CharField(_("name"), max_length=100)
    # The first characters of the token, shown so a person can tell their tokens apart.
    prefix = models.CharField(_("starts with"), max_length=12)
    key_hash = models.CharField(_("key hash"), max_length=64, unique=True, editable=False)
    created_at = models.DateTimeField(_("created"), auto_now_add=True)
    last_used_at = models.DateTimeField(_("last used"), null=True, blank=True)
    expires_at = models.DateTimeField(_("expires"), null=True, blank=True)
    revoked_at = models.DateTimeField(_("revoked"), null=True, blank=True)

    class Meta:
        verbose_name = _("API token")
        verbose_name_plural = _("API tokens")
        ordering = ["-created_at"]

    def __str__(self) -> str:
        return f"{self.name} ({self.prefix}…)"
