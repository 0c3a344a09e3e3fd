"""The security log as the secretariat reads it: its alliance's events and the site-wide ones
(logins, logouts, failed logins) of its own members, newest first, the last 500."""

from __future__ import annotations

from dataclasses import dataclass

from django.core.paginator import Page, Paginator
from django.db.models import Q
from django.utils.translation import gettext as _

from alliance.models import Alliance, Membership, Role, SecurityEvent

SECURITY_LOG_LIMIT = 500
SECURITY_LOG_PAGE_SIZE = 50


@dataclass(frozen=True)
class SecurityLogRow:
    event: SecurityEvent
    facts: list[str]


def _report_label(kind: str) -> str:
    from backbone.models import ReportKind  # the report kinds live with the reports

    return str(ReportKind(kind).label) if kind in ReportKind.values else kind


def _role_label(role: str) -> str:
    return str(Role(role).label) if role in Role.values else role


def _facts(details: dict) -> list[str]:
    """The details of one event in words; hashes and ids of tokens are left to the admin."""
    facts = []
    if "role_from" in details or "role_to" in details:
        if details.get("role_from") is None and details.get("role_to"):
            facts.append(_("New role: %(role)s") % {"role": _role_label(details["role_to"])})
        elif "role_to" in details and "role_from" in details:
            facts.append(
                _("%(old)s → %(new)s")
                % {"old": _role_label(details["role_from"]), "new": _role_label(details["role_to"])}
            )
        else:
            facts.append(_role_label(details.get("role_to") or details.get("role_from")))
    if "report_kind" in details:
        facts.append(_report_label(details["report_kind"]))
    if "inputs_erased" in details:
        facts.append(_("Inputs erased: %(count)s") % {"count": details["inputs_erased"]})
    if details.get("known_account") is False:
        facts.append(_("No account with that address"))
    if details.get("admin"):
        facts.append(_("Through the administration"))
    if "change" in details:
        facts.append(
            {"added": _("Added"), "removed": _("Removed"), "reset": _("New recovery codes")}.get(
                details["change"], details["change"]
            )
        )
    return facts


def security_log_page(*, alliance: Alliance, kind: str | None = None, page: int | str = 1) -> Page:
    """One page (of 50) of the alliance's last 500 security events, optionally of one kind.

    Site-wide events (no alliance) show when the person acting or concerned is or was a member
    here. Two queries: the count and the page, with the people joined."""
    members = Membership.objects.filter(alliance=alliance).values("user_id")
    events = SecurityEvent.objects.filter(
        Q(alliance=alliance)
        | Q(alliance__isnull=True, user_id__in=members)
        | Q(alliance__isnull=True, subject_id__in=members)
    )
    if kind:
        events = events.filter(kind=kind)
    events = events.select_related("user", "subject").order_by("-created_at", "-pk")[
        :SECURITY_LOG_LIMIT
    ]
    page_obj = Paginator(events, SECURITY_LOG_PAGE_SIZE, allow_empty_first_page=True).get_page(page)
    page_obj.object_list = [
        SecurityLogRow(event=event, facts=_facts(event.details)) for event in page_obj.object_list
    ]
    return page_obj
