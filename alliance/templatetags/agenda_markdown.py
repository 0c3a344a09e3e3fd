"""`{% load agenda_markdown %}{{ text|markdown }}`: Markdown rendered and sanitised."""

from django import template
from django.utils.safestring import SafeString, mark_safe

from alliance.markdown import render_markdown

register = template.Library()


@register.filter(name="markdown")
def markdown_filter(text: str | None) -> SafeString:
    # render_markdown sanitises its output with an allow-list, so it is safe to mark.
    return mark_safe(render_markdown(text or ""))  # noqa: S308  # nosec B308 B703 - nh3 allow-list
