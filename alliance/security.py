"""Account security facts that views show (MFA status)."""

from allauth.mfa.models import Authenticator


def mfa_enabled_for(user) -> bool:
    """True when the person has an authenticator app (TOTP) set up."""
    return Authenticator.objects.filter(user=user, type=Authenticator.Type.TOTP).exists()
