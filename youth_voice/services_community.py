"""Support and reports on published inputs. Both count once per person or device: the key is a
keyed hash (`codes.device_key`), never an identity."""

from __future__ import annotations

from django.db import IntegrityError, transaction
from django.db.models import F
from django.utils import translation
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from alliance.services.notifications import notification_kind_register, notify

from .models import InputReport, Moderation, Support, YouthInput
from .notifications_moderation import moderate_url, moderators_by_language

KIND_REPORTED = "youth_input_reported"

notification_kind_register(KIND_REPORTED, _("A young person reported a published input"))


class NotPublished(Exception):
    """The input is not (or no longer) published."""


def _locked_published(youth_input: YouthInput) -> YouthInput:
    locked = YouthInput.objects.select_for_update().filter(pk=youth_input.pk).first()
    if locked is None or locked.moderation != Moderation.PUBLISHED:
        raise NotPublished
    return locked


@transaction.atomic
def support_add(*, youth_input: YouthInput, supporter_hash: str) -> bool:
    """Support a published input once per supporter; True when counted now, False when this
    supporter had supported it already. The count moves in the same transaction."""
    locked = _locked_published(youth_input)
    if Support.objects.filter(input=locked, supporter_hash=supporter_hash).exists():
        return False
    try:
        with transaction.atomic():
            Support.objects.create(input=locked, supporter_hash=supporter_hash)
    except IntegrityError:
        return False
    YouthInput.objects.filter(pk=locked.pk).update(support_count=F("support_count") + 1)
    return True


@transaction.atomic
def report_create(*, youth_input: YouthInput, reporter_hash: str, reason: str) -> bool:
    """Report a published input to the moderators, once per person or device; True when
    recorded now. The input stays published until a moderator acts."""
    locked = _locked_published(youth_input)
    if InputReport.objects.filter(input=locked, reporter_hash=reporter_hash).exists():
        return False
    report = InputReport(input=locked, reporter_hash=reporter_hash, reason=reason)
    report.full_clean()
    try:
        with transaction.atomic():
            report.save()
    except IntegrityError:
        return False
    YouthInput.objects.filter(pk=locked.pk).update(report_count=F("report_count") + 1)
    _moderators_notify_report(youth_input=locked, report=report)
    return True


def _moderators_notify_report(*, youth_input: YouthInput, report: InputReport) -> None:
    """One notification per report, in each moderator's language; it names the kind, never the
    text or the reason (those are for the moderation page)."""
    alliance = youth_input.alliance
    url = moderate_url(youth_input)
    for language, people in moderators_by_language(alliance).items():
        with translation.override(language):
            title = gettext("A published input was reported: %(kind)s #%(number)s") % {
                "kind": youth_input.get_kind_display().lower(),
                "number": youth_input.pk,
            }
            body = gettext(
                "A young person thinks something is wrong with a published input. Read the "
                "report and decide whether it stays published."
            )
        notify(
            users=people,
            alliance=alliance,
            kind=KIND_REPORTED,
            title=title,
            body=body,
            url=url,
            event_key=f"{KIND_REPORTED}:{report.pk}",
        )
