"""Authentication of API requests by a personal token: `Authorization: Bearer <token>` (or
`Token <token>`). A token that does not work (unknown, revoked, expired, or its person's role
or membership changed) answers 401; a request without one goes on to the session."""

from __future__ import annotations

from django.utils.translation import gettext_lazy as _
from rest_framework.authentication import BaseAuthentication, get_authorization_header
from rest_framework.exceptions import AuthenticationFailed

from .selectors import api_token_working
from .services import api_token_touch

KEYWORDS = (b"bearer", b"token")


class ApiTokenAuthentication(BaseAuthentication):
    """Sets `request.user` to the token's person and `request.auth` to the token (with the
    membership it acts for as `request.auth.membership`)."""

    def authenticate(self, request):
        parts = get_authorization_header(request).split()
        if not parts or parts[0].lower() not in KEYWORDS:
            return None
        if len(parts) != 2:
            raise AuthenticationFailed(
                _("Send the key as “Authorization: Bearer <key>”, with nothing else.")
            )
        try:
            raw = parts[1].decode("ascii")
        except UnicodeDecodeError:
            raise AuthenticationFailed(_invalid()) from None
        token = api_token_working(raw)
        if token is None:
            raise AuthenticationFailed(_invalid())
        api_token_touch(token=token)
        return (token.user, token)

    def authenticate_header(self, request) -> str:
        # Makes an unauthenticated request a 401 (with this challenge), not a 403.
        return 'Bearer realm="api"'


def _invalid():
    return _(
        "The API key is not valid: it is unknown, revoked or expired, or your role in the "
        "alliance has changed. Make a new key on your API keys page."
    )
