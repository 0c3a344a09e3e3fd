"""Tags for the public alliance page, whose view (alliance.views.home) is shared with the role
homes: the published agenda, and only the partners that agreed to be listed.

    {% load agenda_public %}{% public_agenda alliance as agenda %}
    {% regroup organisations|listed_publicly by get_sector_display as by_sector %}
"""

from __future__ import annotations

from collections.abc import Iterable

from django import template

from alliance.models import Alliance
from alliance.selectors_agenda import AgendaContent, agenda_public

register = template.Library()


@register.simple_tag
def public_agenda(alliance: Alliance) -> AgendaContent | None:
    """The newest published version of the agenda (one query), or None."""
    return agenda_public(alliance=alliance)


@register.filter
def listed_publicly(organisations: Iterable) -> list:
    """Only the organisations that agreed to be shown on the public page."""
    return [organisation for organisation in organisations if organisation.is_listed_publicly]
