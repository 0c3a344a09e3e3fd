"""The main navigation, by role. Each app's pages add their entries here as they are built."""

from __future__ import annotations

from dataclasses import dataclass

from django.http import HttpRequest
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from .permissions import has_capability


@dataclass(frozen=True)
class NavItem:
    label: str
    url: str
    is_active: bool


def nav_items_for(request: HttpRequest, *, alliance, membership) -> list[NavItem]:
    if alliance is None:
        return []
    kwargs = {"alliance_slug": alliance.slug}
    entries = [(_("Overview"), reverse("alliance:home", kwargs=kwargs), True)]
    entries.append(
        (
            _("People"),
            reverse("alliance:people", kwargs=kwargs),
            has_capability(membership, "view_people"),
        )
    )
    path = request.path
    items = []
    for label, url, allowed in entries:
        if not allowed:
            continue
        is_home = url == reverse("alliance:home", kwargs=kwargs)
        active = path == url if is_home else path.startswith(url)
        items.append(NavItem(label=str(label), url=url, is_active=active))
    return items
