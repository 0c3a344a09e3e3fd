"""Account security facts that views and the middleware use (two-factor login)."""

from allauth.mfa.models import Authenticator
from django.conf import settings

from alliance.models import Membership, Role

# Session key: this login must set up two-factor login before it may do anything else.
MFA_REQUIRED_KEY = "mfa_required"


def mfa_enabled_for(user) -> bool:
    """True when the person has an authenticator app (TOTP) set up."""
    return Authenticator.objects.filter(user=user, type=Authenticator.Type.TOTP).exists()


def mfa_required_for(user) -> bool:
    """Two-factor login is required of the secretariat (of any alliance) and of staff (who may
    open /admin/), unless settings.MFA_REQUIRED is off (the local demo)."""
    if not settings.MFA_REQUIRED:
        return False
    if user.is_staff or user.is_superuser:
        return True
    return Membership.objects.active().filter(user=user, role=Role.SECRETARIAT).exists()
