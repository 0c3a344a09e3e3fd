"""Checks on uploaded files, for every app that accepts them (evidence, agenda papers)."""

from __future__ import annotations

import codecs
from pathlib import Path

from django.core.exceptions import ValidationError
from django.template.defaultfilters import filesizeformat
from django.utils.translation import gettext as _

# extension -> the bytes such a file starts with (None: text that must read as UTF-8)
DOCUMENT_TYPES: dict[str, tuple[bytes, ...] | None] = {
    ".pdf": (b"%PDF-",),
    ".png": (b"\x89PNG\r\n\x1a\n",),
    ".jpg": (b"\xff\xd8\xff",),
    ".jpeg": (b"\xff\xd8\xff",),
    ".docx": (b"PK\x03\x04",),
    ".xlsx": (b"PK\x03\x04",),
    ".pptx": (b"PK\x03\x04",),
    ".odt": (b"PK\x03\x04",),
    ".ods": (b"PK\x03\x04",),
    ".odp": (b"PK\x03\x04",),
    ".csv": None,
    ".txt": None,
}

# The starts of markup a browser could run (SVG, HTML, XML with scripts): never a text document.
MARKUP_STARTS = (b"<?xml", b"<svg", b"<!doctype", b"<html", b"<script", b"<!--")


def _is_markup(head: bytes) -> bool:
    return head.lstrip(b"\xef\xbb\xbf \t\r\n").lower().startswith(MARKUP_STARTS)


def validate_upload(
    upload, *, field: str, max_bytes: int, types: dict[str, tuple[bytes, ...] | None] | None = None
) -> None:
    """A document: at most `max_bytes`, one of the accepted types, and its content must be what
    its name says. Errors are raised on `field`, in the user's language."""
    types = DOCUMENT_TYPES if types is None else types
    if upload.size > max_bytes:
        raise ValidationError(
            {
                field: _("The file is too large. It can be at most %(size)s.")
                % {"size": filesizeformat(max_bytes)}
            }
        )
    suffix = Path(upload.name or "").suffix.lower()
    if suffix not in types:
        raise ValidationError(
            {field: _("Attach a PDF, an image (PNG, JPG), a document or a spreadsheet.")}
        )
    upload.seek(0)
    head = upload.read(2048)
    upload.seek(0)
    signatures = types[suffix]
    if signatures is None:
        try:
            # An incremental decoder: a character cut at the end of the sample is not an error.
            codecs.getincrementaldecoder("utf-8")().decode(head, final=False)
        except UnicodeDecodeError:
            ok = False
        else:
            ok = b"\x00" not in head and not _is_markup(head)
    else:
        ok = head.startswith(signatures)
    if not ok:
        raise ValidationError(
            {
                field: _("The file's content does not match its type %(type)s.")
                % {"type": suffix.lstrip(".").upper()}
            }
        )
