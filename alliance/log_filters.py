"""Logging filters: what must never reach a log line."""

from __future__ import annotations

import logging
import re

# Links whose last part is a secret: a young person's follow link, a guardian's consent link,
# an invitation, an email's unsubscribe link, a personal calendar feed; allauth's password reset
# and email confirmation keys.
PRIVATE_PATH = re.compile(
    r"(/(?:foelg|foraelder|invitation|unsubscribe|feed|key|confirm-email)/)[^/\s?\"']+"
)
BLANK = r"\1…"


def path_blank_tokens(text: str) -> str:
    return PRIVATE_PATH.sub(BLANK, text)


class PrivatePathFilter(logging.Filter):
    """Blanks the token in private paths of a log record (Django's "Not Found: /…/foelg/<token>/"
    and the like), in its message and in its arguments."""

    def filter(self, record: logging.LogRecord) -> bool:
        if isinstance(record.msg, str):
            record.msg = path_blank_tokens(record.msg)
        if isinstance(record.args, tuple):
            record.args = tuple(
                path_blank_tokens(arg) if isinstance(arg, str) else arg for arg in record.args
            )
        elif isinstance(record.args, dict):
            record.args = {
                key: path_blank_tokens(value) if isinstance(value, str) else value
                for key, value in record.args.items()
            }
        # Django attaches the request to "Not Found" and error records; a handler that writes
        # it (a JSON formatter, an error tracker) would show the whole path.
        path = getattr(getattr(record, "request", None), "path", "")
        if isinstance(path, str) and PRIVATE_PATH.search(path):
            record.request = None
        return True
