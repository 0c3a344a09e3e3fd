from django.apps import AppConfig


class BackboneConfig(AppConfig):
    name = "backbone"

    def ready(self) -> None:
        # The weekly digest registers its kind of email, so people can choose it.
        from . import digest  # noqa: F401
