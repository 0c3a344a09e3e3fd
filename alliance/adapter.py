"""The one extension seam for django-allauth."""

import time

from allauth.account.adapter import DefaultAccountAdapter
from allauth.core import context
from django.conf import settings
from django.urls import reverse

# Setting up the first authenticator app this soon after logging in with a password needs no
# second password prompt: the login was the confirmation.
FIRST_MFA_AFTER_LOGIN_SECONDS = 5 * 60


class AccountAdapter(DefaultAccountAdapter):
    def is_open_for_signup(self, request) -> bool:
        return settings.ACCOUNT_ALLOW_SIGNUPS

    def get_login_redirect_url(self, request) -> str:
        return reverse("home")

    def is_reauthentication_required(self, *, app: str, **kwargs) -> bool:
        """As allauth decides, except for a person setting up their first authenticator app
        right after logging in (the secretariat is sent there by MfaRequiredMiddleware)."""
        request = context.request
        if app == "allauth.mfa" and request is not None and _first_mfa_right_after_login(request):
            return False
        return super().is_reauthentication_required(app=app, **kwargs)


def _first_mfa_right_after_login(request) -> bool:
    from alliance.middleware import SESSION_STARTED_KEY
    from alliance.security import mfa_enabled_for

    user = getattr(request, "user", None)
    if user is None or not user.is_authenticated:
        return False
    if request.path_info != reverse("mfa_activate_totp"):
        return False
    started = request.session.get(SESSION_STARTED_KEY)
    if not started or time.time() - started > FIRST_MFA_AFTER_LOGIN_SECONDS:
        return False
    return not mfa_enabled_for(user)
