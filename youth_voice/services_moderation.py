"""Moderating young people's input: publish, keep private or hide; resolving reports;
appointing and removing moderators; changing the portal's settings.

Moderation never changes an input's status, with one exception: the first approval (publish or
keep private) moves a received input to "being considered" and tells the young person so with
a status change they see on their follow page (and are told of, as for any status change).
"""

from __future__ import annotations

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models, transaction
from django.utils import timezone, translation
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from alliance.models import Alliance, Membership, User

from .models import (
    INPUT_TEXT_MAX,
    InputEvent,
    InputReport,
    InputStatus,
    Moderation,
    Moderator,
    PortalSettings,
    YouthInput,
)
from .notifications import input_status_changed_notify

HIDE_REASON_MAX = 500


class ModerationAction(models.TextChoices):
    PUBLISH = "publish", _("Publish")
    PRIVATE = "private", _("Keep private")
    HIDE = "hide", _("Hide")


_MODERATION_OF = {
    ModerationAction.PUBLISH: Moderation.PUBLISHED,
    ModerationAction.PRIVATE: Moderation.PRIVATE,
    ModerationAction.HIDE: Moderation.HIDDEN,
}


def approval_note() -> str:
    """What the young person reads when their input is approved (in the site's language)."""
    with translation.override(settings.LANGUAGE_CODE):
        return gettext("We have read your input and are looking at it.")


@transaction.atomic
def input_moderate(
    *, youth_input: YouthInput, action: str, text: str = "", reason: str = "", by: User
) -> YouthInput:
    """Publish the input with `text` as the text others see, keep it private (the staff and
    the group it is sent to read `text`), or hide it with a `reason` the young person sees.

    Records who moderated and when; publishing sets `published_at`. A decision can be changed
    later. The first approval of a received input moves it to "being considered"."""
    if action not in ModerationAction.values:
        raise ValidationError(_("Choose publish, keep private or hide."))
    youth_input = YouthInput.objects.select_for_update().get(pk=youth_input.pk)
    text = (text or "").strip()
    reason = (reason or "").strip()
    now = timezone.now()
    fields = ["moderation", "moderated_at", "moderated_by", "updated_at"]
    if action == ModerationAction.HIDE:
        if not reason:
            raise ValidationError({"reason": _("Write why the input is hidden.")})
        if len(reason) > HIDE_REASON_MAX:
            raise ValidationError(
                {
                    "reason": gettext("Write the reason in at most %(max)d characters.")
                    % {"max": HIDE_REASON_MAX}
                }
            )
        youth_input.hide_reason = reason
        fields.append("hide_reason")
        if text:
            youth_input.published_text = text
            fields.append("published_text")
    else:
        if not text:
            raise ValidationError({"text": _("Write the text that is shown.")})
        if len(text) > INPUT_TEXT_MAX:
            raise ValidationError(
                {
                    "text": gettext("The text can be at most %(max)d characters.")
                    % {"max": INPUT_TEXT_MAX}
                }
            )
        youth_input.published_text = text
        youth_input.hide_reason = ""
        fields += ["published_text", "hide_reason"]
        # Correcting the text of a published input keeps its place in the list.
        already_published = (
            youth_input.moderation == Moderation.PUBLISHED and youth_input.published_at
        )
        if action == ModerationAction.PUBLISH and not already_published:
            youth_input.published_at = now
            fields.append("published_at")
    youth_input.moderation = _MODERATION_OF[action]
    youth_input.moderated_at = now
    youth_input.moderated_by = by
    if action != ModerationAction.HIDE and youth_input.status == InputStatus.RECEIVED:
        youth_input.status = InputStatus.CONSIDERING
        fields.append("status")
        event = InputEvent.objects.create(
            input=youth_input, status=InputStatus.CONSIDERING, note=approval_note(), by=by
        )
    youth_input.full_clean(exclude=["receipt_hash", "link_hash"])
    youth_input.save(update_fields=fields)
    if "status" in fields:
        # The young person is told in the app, and by email if they left contact details.
        input_status_changed_notify(youth_input=youth_input, event=event)
    return youth_input


@transaction.atomic
def reports_resolve(
    *, youth_input: YouthInput, by: User, hide: bool = False, reason: str = ""
) -> int:
    """Resolve the input's open reports: keep it published, or (`hide`) hide it with `reason`.
    Returns how many reports were resolved."""
    if hide:
        input_moderate(youth_input=youth_input, action=ModerationAction.HIDE, reason=reason, by=by)
    return InputReport.objects.filter(input=youth_input, resolved_at__isnull=True).update(
        resolved_at=timezone.now(), resolved_by=by
    )


@transaction.atomic
def moderator_add(*, alliance: Alliance, user: User, by: User) -> Moderator:
    """Appoint an active member of the alliance as a moderator of its youth input."""
    if not Membership.objects.active().filter(alliance=alliance, user=user).exists():
        raise ValidationError(
            {"user": _("Only an active member of this alliance can be a moderator.")}
        )
    if Moderator.objects.filter(alliance=alliance, user=user).exists():
        raise ValidationError(
            {
                "user": gettext("%(person)s is already a moderator.")
                % {"person": user.get_full_name()}
            }
        )
    return Moderator.objects.create(alliance=alliance, user=user, appointed_by=by)


@transaction.atomic
def moderator_remove(*, moderator: Moderator) -> None:
    """Take the moderator role away. What they moderated keeps their name."""
    moderator.delete()


SETTINGS_FIELDS = (
    "is_open",
    "legal_basis",
    "consent_age",
    "retention_months",
    "answer_days",
    "controller_name",
    "privacy_contact_email",
    "dpo_email",
)


@transaction.atomic
def portal_settings_update(*, portal_settings: PortalSettings, **changes) -> list[str]:
    """Change the portal's settings; returns the names of the settings that changed."""
    changed = []
    for name, value in changes.items():
        if name not in SETTINGS_FIELDS:
            raise ValueError(f"Not a portal setting: {name}")
        if getattr(portal_settings, name) != value:
            setattr(portal_settings, name, value)
            changed.append(name)
    if not changed:
        return []
    portal_settings.full_clean()
    if portal_settings._state.adding:  # the defaults, never saved: the first save stores them
        portal_settings.save()
    else:
        portal_settings.save(update_fields=[*changed, "updated_at"])
    return changed
