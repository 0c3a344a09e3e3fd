"""Login, logout, failed-login and two-factor events into the security log.

Django's and allauth's signals are the only place these happen for every way in (the site's
login, /admin/, a password reset that logs in), so they are received here and passed to the
one service, `security_event_record`; nothing else is done in them. A login also stamps the
session with its start, from which the session's idle and absolute limits count."""

from __future__ import annotations

from django.contrib.auth.signals import user_logged_in, user_logged_out, user_login_failed
from django.dispatch import receiver

from alliance.middleware import session_lifetime_start
from alliance.models import SecurityEventKind, User
from alliance.security import MFA_REQUIRED_KEY, mfa_enabled_for, mfa_required_for
from alliance.services.security_events import email_key, security_event_record


def _is_admin(request) -> bool:
    return bool(request is not None and request.path.startswith("/admin/"))


@receiver(user_logged_in, dispatch_uid="security_event_login")
def _logged_in(sender, request, user, **kwargs) -> None:
    security_event_record(
        kind=SecurityEventKind.LOGIN,
        user=user,
        request=request,
        details={"admin": True} if _is_admin(request) else None,
    )


@receiver(user_logged_out, dispatch_uid="security_event_logout")
def _logged_out(sender, request, user, **kwargs) -> None:
    # A young person who just erased their account is logged out without a row to point to.
    if user is not None and user.pk is not None:
        security_event_record(kind=SecurityEventKind.LOGOUT, user=user, request=request)


@receiver(user_login_failed, dispatch_uid="security_event_login_failed")
def _login_failed(sender, credentials, request=None, **kwargs) -> None:
    tried = str(credentials.get("email") or credentials.get("username") or "")
    known = User.objects.filter(email__iexact=tried.strip()).first() if tried else None
    security_event_record(
        kind=SecurityEventKind.LOGIN_FAILED,
        subject=known,
        request=request,
        details={
            "email_key": email_key(tried),
            "known_account": known is not None,
            **({"admin": True} if _is_admin(request) else {}),
        },
    )


def connect_mfa() -> None:
    """Two-factor changes (allauth.mfa): added, removed, reset (new recovery codes)."""
    from allauth.mfa import signals

    for signal, change in (
        (signals.authenticator_added, "added"),
        (signals.authenticator_removed, "removed"),
        (signals.authenticator_reset, "reset"),
    ):

        def _changed(sender, request, user, authenticator, _change=change, **kwargs) -> None:
            security_event_record(
                kind=SecurityEventKind.MFA_CHANGED,
                user=user,
                request=request,
                details={"change": _change, "method": str(authenticator.type)},
            )

        signal.connect(_changed, weak=False, dispatch_uid=f"security_event_mfa_{change}")


@receiver(user_logged_in, dispatch_uid="session_lifetime_start")
def _session_lifetime_start(sender, request, user, **kwargs) -> None:
    # The idle and absolute session limits count from here (alliance.middleware).
    if request is not None and hasattr(request, "session"):
        session_lifetime_start(request)
        # Whether this login must set up two-factor login first (alliance.middleware).
        request.session[MFA_REQUIRED_KEY] = mfa_required_for(user) and not mfa_enabled_for(user)
