"""Reads for the youth portal's shared pages: only what moderation published, shown as moderated
(`published_text`, never `text`), and a person's own data for "My data"."""

from __future__ import annotations

import datetime
from dataclasses import dataclass

from django.db.models import DateTimeField, ExpressionWrapper, F, Q, QuerySet
from django.utils import timezone

from alliance.models import Alliance, FocusArea, Membership, Role, User

from .forms_community import PublishedFilterForm
from .models import Consent, PortalSettings, Support, YouthInput


def published_inputs(
    *,
    alliance: Alliance,
    focus_area: FocusArea | None = None,
    kind: str = "",
    sort: str = PublishedFilterForm.SORT_NEWEST,
) -> QuerySet[YouthInput]:
    """The alliance's published inputs, filtered by topic and kind; newest or most supported
    first."""
    inputs = (
        YouthInput.objects.published()
        .filter(alliance=alliance)
        .select_related("focus_area", "area")
    )
    if focus_area is not None:
        inputs = inputs.filter(focus_area=focus_area)
    if kind:
        inputs = inputs.filter(kind=kind)
    if sort == PublishedFilterForm.SORT_SUPPORTED:
        return inputs.order_by("-support_count", "-published_at", "-pk")
    return inputs.order_by(F("published_at").desc(nulls_last=True), "-created_at", "-pk")


def published_input(*, alliance: Alliance, pk: int) -> YouthInput | None:
    """One published input with what it led to, or None (anything unpublished is not there)."""
    return (
        YouthInput.objects.published()
        .filter(alliance=alliance, pk=pk)
        .select_related(
            "focus_area",
            "area",
            "decision__meeting__group",
            "led_to_activity",
        )
        .first()
    )


def you_said_we_did_inputs(*, alliance: Alliance) -> QuerySet[YouthInput]:
    """Published inputs that led to a decision or an activity, newest first."""
    return (
        YouthInput.objects.published()
        .filter(alliance=alliance)
        .filter(Q(decision__isnull=False) | Q(led_to_activity__isnull=False))
        .select_related("focus_area", "decision__meeting__group", "led_to_activity")
        .order_by(
            F("answered_at").desc(nulls_last=True),
            F("published_at").desc(nulls_last=True),
            "-pk",
        )
    )


def has_supported(*, youth_input: YouthInput, supporter_hash: str) -> bool:
    return Support.objects.filter(input=youth_input, supporter_hash=supporter_hash).exists()


@dataclass(frozen=True)
class YearCounts:
    year: int
    received: int
    answered: int
    answered_in_time: int


def youth_voice_counts(
    *, alliance: Alliance, settings: PortalSettings, today: datetime.date | None = None
) -> YearCounts:
    """This year's inputs: received, answered, and answered by their deadline (the set due
    date, or the portal's answer days from sending when none was set)."""
    today = today or timezone.localdate()
    inputs = YouthInput.objects.filter(alliance=alliance, created_at__year=today.year)
    answered = inputs.filter(answered_at__isnull=False)
    default_due = ExpressionWrapper(
        F("created_at") + datetime.timedelta(days=settings.answer_days),
        output_field=DateTimeField(),
    )
    in_time = answered.filter(
        Q(answer_due__isnull=False, answered_at__date__lte=F("answer_due"))
        | Q(answer_due__isnull=True, answered_at__lte=default_due)
    )
    return YearCounts(
        year=today.year,
        received=inputs.count(),
        answered=answered.count(),
        answered_in_time=in_time.count(),
    )


def youth_membership(*, user: User, alliance: Alliance) -> Membership | None:
    """The person's youth membership in the alliance (active or not), or None."""
    if not user.is_authenticated:
        return None
    return Membership.objects.filter(user=user, alliance=alliance, role=Role.YOUTH).first()


def my_inputs(*, user: User, alliance: Alliance) -> QuerySet[YouthInput]:
    """The inputs a person sent with their account, with what they led to."""
    return (
        YouthInput.objects.filter(alliance=alliance, user=user)
        .select_related("focus_area", "area", "decision__meeting__group", "led_to_activity")
        .order_by("-created_at", "-pk")
    )


def my_consents(*, user: User, alliance: Alliance) -> QuerySet[Consent]:
    return Consent.objects.filter(alliance=alliance, user=user).order_by("-created_at", "-pk")
