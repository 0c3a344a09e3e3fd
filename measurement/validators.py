"""Checks on uploaded files: evidence attached to a data point."""

from __future__ import annotations

from django.conf import settings

from alliance.uploads import DOCUMENT_TYPES, validate_upload

# The evidence types: every document type but presentations.
EVIDENCE_TYPES = {
    suffix: signature
    for suffix, signature in DOCUMENT_TYPES.items()
    if suffix not in (".pptx", ".odp")
}


def validate_evidence(upload) -> None:
    """An evidence file: at most MEASUREMENT_EVIDENCE_MAX_BYTES, one of the accepted types, and
    its content must be what its name says."""
    validate_upload(
        upload,
        field="evidence",
        max_bytes=settings.MEASUREMENT_EVIDENCE_MAX_BYTES,
        types=EVIDENCE_TYPES,
    )
