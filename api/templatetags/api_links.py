"""Template filters for links to the API pages."""

from django import template

from alliance.permissions import has_capability

register = template.Library()


@register.filter
def can_use_api(membership) -> bool:
    """Whether the person may make API keys in the alliance (the link to their keys page)."""
    return has_capability(membership, "use_api")
