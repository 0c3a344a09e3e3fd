"""Markdown of the common agenda, rendered to a small, safe subset of HTML.

The secretariat writes the problem understanding and the guiding principles in Markdown. The
text is rendered with Python-Markdown and then sanitised with nh3 (an allow-list): headings,
paragraphs, lists, emphasis, quotes and links survive; raw HTML, images, scripts, event-handler
attributes and `javascript:` links do not. Every link gets rel="noopener noreferrer".
Headings are moved down two levels (Markdown `#` becomes `<h3>`), because the text always
sits under a page heading (h1) and a section heading (h2).
"""

from __future__ import annotations

import re

import markdown as markdown_lib
import nh3

ALLOWED_TAGS = frozenset(
    {
        "h1",
        "h2",
        "h3",
        "h4",
        "h5",
        "h6",
        "p",
        "br",
        "hr",
        "ul",
        "ol",
        "li",
        "strong",
        "em",
        "b",
        "i",
        "blockquote",
        "code",
        "pre",
        "a",
    }
)
ALLOWED_ATTRIBUTES = {"a": {"href", "title"}, "ol": {"start"}}
ALLOWED_URL_SCHEMES = frozenset({"http", "https", "mailto"})
HEADING_OFFSET = 2

_HEADING_TAG = re.compile(r"<(/?)h([1-6])>")


def _shift_heading(match: re.Match) -> str:
    level = min(int(match.group(2)) + HEADING_OFFSET, 6)
    return f"<{match.group(1)}h{level}>"


def render_markdown(text: str) -> str:
    """Safe HTML for a Markdown text (an empty string for an empty text)."""
    if not text or not text.strip():
        return ""
    html = markdown_lib.markdown(text, extensions=["sane_lists"], output_format="html")
    clean = nh3.clean(
        html,
        tags=set(ALLOWED_TAGS),
        attributes={tag: set(attrs) for tag, attrs in ALLOWED_ATTRIBUTES.items()},
        url_schemes=set(ALLOWED_URL_SCHEMES),
        link_rel="noopener noreferrer",
        strip_comments=True,
    )
    # nh3 leaves no attributes on headings, so the tags are exactly <hN> and </hN>.
    return _HEADING_TAG.sub(_shift_heading, clean)
