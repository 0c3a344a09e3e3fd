from django.apps import AppConfig


class YouthVoiceConfig(AppConfig):
    name = "youth_voice"

    def ready(self) -> None:
        # The kinds of notification this app sends are registered when their modules load.
        from . import notifications_moderation  # noqa: F401
