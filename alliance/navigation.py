"""The main navigation, by role. Each app's pages add their entries to NAVIGATION."""

from __future__ import annotations

from dataclasses import dataclass

from django.http import HttpRequest
from django.urls import NoReverseMatch, reverse
from django.utils.translation import gettext_lazy as _

from .permissions import has_capability


@dataclass(frozen=True)
class NavItem:
    label: str
    url: str
    is_active: bool


# (label, URL name taking alliance_slug, capability needed or None for everyone)
NAVIGATION = [
    (_("Overview"), "alliance:home", None),
    (_("Workspace"), "backbone:workspace", "view_workspace"),
    (_("Youth portal"), "youth_voice:portal_home", "use_youth_portal"),
    (_("My meetings and tasks"), "workgroups:my_work", "view_groups"),
    (_("Common agenda"), "alliance:agenda", "view_agenda"),
    (_("Indicators"), "measurement:dashboard", "view_dashboard"),
    (_("Reporting"), "measurement:report", "report_data"),
    (_("Approval"), "measurement:approvals", "approve_data"),
    (_("Activities"), "initiatives:list", "view_activities"),
    (_("Reinforcement map"), "initiatives:map", "view_reinforcement_map"),
    (_("Groups"), "workgroups:list", "view_groups"),
    (_("Decisions"), "workgroups:decisions", "view_decisions"),
    (_("Youth input"), "youth_voice:staff_list", "view_youth_inputs"),
    (_("Reports"), "backbone:reports", "request_reports"),
    (_("Health check"), "backbone:health_check", "answer_health_check"),
    (_("News"), "workgroups:news", "view_news"),
    (_("Partners"), "alliance:partners", "view_partners"),
    (_("Steering group"), "alliance:steering", "view_steering"),
    (_("People"), "alliance:directory", "view_directory"),
    (_("Administration"), "alliance:people", "view_people"),
]


def nav_items_for(request: HttpRequest, *, alliance, membership) -> list[NavItem]:
    if alliance is None:
        return []
    kwargs = {"alliance_slug": alliance.slug}
    home = reverse("alliance:home", kwargs=kwargs)
    entries = []
    for label, url_name, capability in NAVIGATION:
        if membership is None and url_name != "alliance:home":
            continue
        if capability is not None and not has_capability(membership, capability):
            continue
        try:
            url = reverse(url_name, kwargs=kwargs)
        except NoReverseMatch:  # an area whose pages are not routed in this deployment
            continue
        entries.append((str(label), url))
    # The entry whose address is the longest start of this page's is the active one (the
    # dashboard at /x/measurement/ is not active on the reporting pages at /x/measurement/report/).
    matching = [
        url
        for _label, url in entries
        if request.path == url or (url != home and request.path.startswith(url))
    ]
    active = max(matching, key=len, default=None)
    return [NavItem(label=label, url=url, is_active=url == active) for label, url in entries]
