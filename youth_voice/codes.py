"""Receipt codes, private links and anonymous keys.

A receipt code is 10 characters from an alphabet without look-alikes (about 50 bits), shown as
XXXXX-XXXXX. The private link's token is derived from the code, so entering the code leads to
the same page as the link. Only keyed hashes (HMAC-SHA256 with SECRET_KEY) are stored: a copy
of the database does not reveal codes, links, sessions or email addresses used as keys.
"""

from __future__ import annotations

import base64
import hashlib
import hmac
import secrets

from django.conf import settings
from django.http import HttpRequest

ALPHABET = "ABCDEFGHJKMNPQRSTUVWXYZ23456789"
CODE_LENGTH = 10
DEVICE_SESSION_KEY = "youth_device"


def keyed_hash(purpose: str, value: str) -> str:
    key = settings.SECRET_KEY.encode()
    return hmac.new(key, f"{purpose}:{value}".encode(), hashlib.sha256).hexdigest()


def new_receipt_code() -> str:
    raw = "".join(secrets.choice(ALPHABET) for _ in range(CODE_LENGTH))
    return f"{raw[:5]}-{raw[5:]}"


def normalise_code(entered: str) -> str:
    """What a young person typed, in the stored form (case, spaces and dashes do not matter);
    "" when it cannot be a code."""
    cleaned = "".join(ch for ch in (entered or "").upper() if ch.isalnum())
    if len(cleaned) != CODE_LENGTH or any(ch not in ALPHABET for ch in cleaned):
        return ""
    return f"{cleaned[:5]}-{cleaned[5:]}"


def receipt_hash(code: str) -> str:
    return keyed_hash("receipt", code)


def link_token(code: str) -> str:
    digest = hmac.new(settings.SECRET_KEY.encode(), f"link:{code}".encode(), hashlib.sha256)
    return base64.urlsafe_b64encode(digest.digest()).decode().rstrip("=")[:32]


def link_hash(token: str) -> str:
    return keyed_hash("link", token)


def device_key(request: HttpRequest) -> str:
    """A random key kept in the person's session (a first-party cookie), hashed; with an account
    the account is the key, so support counts once per person or device."""
    if request.user.is_authenticated:
        return keyed_hash("user", str(request.user.pk))
    value = request.session.get(DEVICE_SESSION_KEY)
    if not value:
        value = secrets.token_urlsafe(24)
        request.session[DEVICE_SESSION_KEY] = value
    return keyed_hash("device", value)
