"""Reads for moderation: the queue, the reported inputs, one input with what the personal-data
scan found, the alliance's people list for the scan, the youth panel and the moderators."""

from __future__ import annotations

from dataclasses import dataclass

from django.core.paginator import Page, Paginator
from django.db.models import Count, Prefetch, Q, QuerySet
from django.shortcuts import get_object_or_404
from django.utils import timezone

from alliance.models import Alliance, FocusArea, Membership, Role, User
from workgroups.models import GroupKind, GroupMember, Meeting, WorkGroup
from workgroups.selectors import steering_composition

from . import pii
from .models import InputKind, InputReport, Moderation, Moderator, YouthInput

QUEUE_PAGE_SIZE = 20
EXCERPT_LENGTH = 160


def names_for(alliance: Alliance) -> list[str]:
    """The full names of the alliance's people (members, former ones too, and the people
    seated in its groups), for the personal-data scan. One query."""
    members = Membership.objects.filter(alliance=alliance).values("user_id")
    seated = GroupMember.objects.filter(group__alliance=alliance).values("user_id")
    names = (
        User.objects.filter(Q(pk__in=members) | Q(pk__in=seated))
        .exclude(full_name="")
        .values_list("full_name", flat=True)
        .distinct()
    )
    return sorted(set(names))


def _excerpt(text: str, length: int = EXCERPT_LENGTH) -> str:
    text = " ".join(text.split())
    if len(text) <= length:
        return text
    return text[:length].rsplit(" ", 1)[0] + "…"


@dataclass(frozen=True)
class QueueFilters:
    kind: str = ""
    focus_area_id: int | None = None

    @property
    def query(self) -> str:
        """The filters as a query string for the pagination links ("kind=idea&")."""
        parts = []
        if self.kind:
            parts.append(f"kind={self.kind}&")
        if self.focus_area_id:
            parts.append(f"topic={self.focus_area_id}&")
        return "".join(parts)


def queue_filters_from(params, *, alliance: Alliance) -> QueueFilters:
    """The queue's filters from the query string; unknown values are ignored."""
    kind = params.get("kind", "")
    if kind not in InputKind.values:
        kind = ""
    topic = params.get("topic", "")
    focus_area_id = None
    if topic.isdigit() and FocusArea.objects.filter(alliance=alliance, pk=int(topic)).exists():
        focus_area_id = int(topic)
    return QueueFilters(kind=kind, focus_area_id=focus_area_id)


def _with_relations(inputs: QuerySet[YouthInput]) -> QuerySet[YouthInput]:
    return inputs.select_related("focus_area", "area", "activity")


def moderation_queue_page(
    *, alliance: Alliance, filters: QueueFilters, page_number: str | None
) -> Page:
    """The inputs waiting for moderation, oldest first, each with `excerpt`: the start of its
    text with personal data masked (the list shows no unmasked text)."""
    inputs = YouthInput.objects.filter(alliance=alliance, moderation=Moderation.PENDING)
    if filters.kind:
        inputs = inputs.filter(kind=filters.kind)
    if filters.focus_area_id:
        inputs = inputs.filter(focus_area_id=filters.focus_area_id)
    inputs = _with_relations(inputs).order_by("created_at", "pk")
    page = Paginator(inputs, QUEUE_PAGE_SIZE, allow_empty_first_page=True).get_page(page_number)
    names = names_for(alliance)
    now = timezone.now()
    for youth_input in page.object_list:
        masked, _findings = pii.mask(youth_input.text, names=names)
        youth_input.excerpt = _excerpt(masked)
        youth_input.waiting_days = (now - youth_input.created_at).days
    return page


def reported_inputs(*, alliance: Alliance) -> list[YouthInput]:
    """Published inputs with reports not yet resolved, the most reported first, each with
    `open_reports` (their reasons) and `open_report_count`."""
    open_reports = Q(reports__resolved_at__isnull=True)
    inputs = (
        _with_relations(YouthInput.objects.filter(alliance=alliance))
        .filter(moderation=Moderation.PUBLISHED)
        .annotate(open_report_count=Count("reports", filter=open_reports))
        .filter(open_report_count__gt=0)
        .prefetch_related(
            Prefetch(
                "reports",
                queryset=InputReport.objects.filter(resolved_at__isnull=True),
                to_attr="open_reports",
            )
        )
        .order_by("-open_report_count", "created_at", "pk")
    )
    return list(inputs)


def queue_topics(*, alliance: Alliance) -> QuerySet[FocusArea]:
    return FocusArea.objects.filter(alliance=alliance).order_by("position", "pk")


def input_for_moderation(*, alliance: Alliance, pk: int) -> YouthInput:
    """An input of the alliance (another alliance's input is a 404), with its open reports."""
    return get_object_or_404(
        _with_relations(YouthInput.objects.filter(alliance=alliance))
        .select_related("routed_group", "moderated_by")
        .prefetch_related(
            Prefetch(
                "reports",
                queryset=InputReport.objects.filter(resolved_at__isnull=True),
                to_attr="open_reports",
            )
        ),
        pk=pk,
    )


def youth_panels(*, alliance: Alliance) -> list[WorkGroup]:
    """The alliance's active youth panels, each with `seats` and `next_meeting` (or None)."""
    now = timezone.now()
    panels = list(
        WorkGroup.objects.active()
        .filter(alliance=alliance, kind=GroupKind.YOUTH_PANEL)
        .prefetch_related(
            Prefetch(
                "members",
                queryset=GroupMember.objects.select_related("user", "organisation").order_by(
                    "role", "user__full_name"
                ),
                to_attr="seats",
            )
        )
        .order_by("name")
    )
    next_meetings: dict[int, Meeting] = {}
    upcoming = Meeting.objects.filter(
        group__in=panels, is_cancelled=False, ends_at__gte=now
    ).order_by("starts_at")
    for meeting in upcoming:
        next_meetings.setdefault(meeting.group_id, meeting)
    for panel in panels:
        panel.next_meeting = next_meetings.get(panel.pk)
    return panels


def steering_youth_share(*, alliance: Alliance) -> dict | None:
    """The steering group's youth seats against the alliance's minimum (None without one)."""
    composition = steering_composition(alliance=alliance)
    if composition is None:
        return None
    return {
        "group": composition["group"],
        "total": composition["total"],
        "youth": composition["youth"],
        "share": composition["youth_share"],
        "minimum": composition["youth_share_minimum"],
        "below_minimum": composition["youth_share_below_minimum"],
    }


def moderators_list(*, alliance: Alliance) -> QuerySet[Moderator]:
    """The appointed moderators, with whether they are still active members."""
    active = Membership.objects.active().filter(alliance=alliance).values("user_id")
    return (
        Moderator.objects.filter(alliance=alliance)
        .select_related("user", "appointed_by")
        .annotate(is_member=Count("pk", filter=Q(user_id__in=active)))
        .order_by("user__full_name", "user__email")
    )


def moderator_candidates(*, alliance: Alliance) -> QuerySet[User]:
    """The alliance's active members who are not moderators yet (the secretariat moderates
    already)."""
    members = Membership.objects.active().filter(alliance=alliance)
    return (
        User.objects.filter(is_active=True, pk__in=members.values("user_id"))
        .exclude(pk__in=members.filter(role=Role.SECRETARIAT).values("user_id"))
        .exclude(pk__in=Moderator.objects.filter(alliance=alliance).values("user_id"))
        .order_by("full_name", "email")
    )
