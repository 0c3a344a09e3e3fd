"""People's and partners' queues in the secretariat's workspace (a provider named in
backbone.workspace.WORKSPACE_QUEUES): invitations not yet accepted, and partners' commitments
waiting for a signature."""

from __future__ import annotations

import datetime

from django.db.models import Count, Q
from django.urls import reverse
from django.utils.translation import gettext, ngettext

from backbone.workspace import QueueLine, queue_figures

from .models import Alliance, Commitment, CommitmentStatus, Invitation, Membership
from .permissions import has_capability


def _url(name: str, alliance: Alliance, **kwargs) -> str:
    return reverse(f"alliance:{name}", kwargs={"alliance_slug": alliance.slug, **kwargs})


def workspace_queues(
    *, alliance: Alliance, membership: Membership, now: datetime.datetime
) -> list[QueueLine]:
    """The lines of those who invite people and of those who manage the partners' commitments
    (the secretariat has both). Two queries a line."""
    lines = []
    if has_capability(membership, "manage_people"):
        lines.append(invitations_line(alliance=alliance, now=now))
    if has_capability(membership, "manage_partners"):
        lines.append(commitments_line(alliance=alliance))
    return lines


def invitations_line(*, alliance: Alliance, now: datetime.datetime) -> QueueLine:
    """Invitations neither accepted nor withdrawn, expired ones too (they need resending or
    withdrawing); the oldest is the one created first."""
    figures = queue_figures(
        Invitation.objects.pending().filter(alliance=alliance),
        since="created_at",
        expired=Count("pk", filter=Q(expires_at__lte=now)),
    )
    invitation = figures.oldest
    expired = figures.extra["expired"]
    return QueueLine(
        key="invitations",
        area=gettext("People"),
        title=gettext("Invitations not yet accepted"),
        count=figures.count,
        url=_url("people", alliance) + "#invitations-heading",
        link_text=gettext("See the pending invitations"),
        oldest_since=figures.oldest_since,
        oldest_label=(
            f"{invitation.full_name} ({invitation.get_role_display()})" if invitation else ""
        ),
        detail=(
            ngettext(
                "%(n)s has expired: send it again or withdraw it.",
                "%(n)s have expired: send them again or withdraw them.",
                expired,
            )
            % {"n": expired}
            if expired
            else ""
        ),
    )


def commitments_line(*, alliance: Alliance) -> QueueLine:
    """Commitments sent to the partner's representative and not signed yet; the oldest is the
    one sent first (its last change is the sending: a change sends it back for signing)."""
    figures = queue_figures(
        Commitment.objects.filter(
            alliance=alliance, status=CommitmentStatus.AWAITING_SIGNATURE
        ).select_related("organisation"),
        since="updated_at",
        unassigned=Count("pk", filter=Q(representative__isnull=True)),
    )
    commitment = figures.oldest
    unassigned = figures.extra["unassigned"]
    return QueueLine(
        key="commitments",
        area=gettext("Partners"),
        title=gettext("Commitments waiting for a signature"),
        count=figures.count,
        url=_url("partners", alliance),
        link_text=gettext("Open the partners"),
        oldest_since=figures.oldest_since,
        oldest_label=commitment.organisation.name if commitment else "",
        oldest_url=(
            _url("partner_detail", alliance, pk=commitment.organisation_id) if commitment else ""
        ),
        detail=(
            ngettext(
                "%(n)s has nobody to sign it: choose a representative.",
                "%(n)s have nobody to sign them: choose a representative.",
                unassigned,
            )
            % {"n": unassigned}
            if unassigned
            else ""
        ),
    )
