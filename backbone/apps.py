from django.apps import AppConfig


class BackboneConfig(AppConfig):
    name = "backbone"

    def ready(self) -> None:
        # The weekly digest registers its kind of email, so people can choose it.
        # So does the health check, whose opening of a round is notified.
        from . import digest, services_healthcheck  # noqa: F401
