from django.apps import AppConfig


class YouthVoiceConfig(AppConfig):
    name = "youth_voice"

    def ready(self) -> None:
        # The kinds of notification this app sends are registered when their modules load;
        # the status emails and the overdue reminder are tasks outside tasks.py.
        from . import (  # noqa: F401
            notifications,
            notifications_moderation,
            tasks_routing,
        )
