from django.apps import AppConfig


class AllianceConfig(AppConfig):
    name = "alliance"

    def ready(self) -> None:
        # The security log hears logins, logouts, failed logins and two-factor changes.
        from alliance import receivers_security

        receivers_security.connect_mfa()
