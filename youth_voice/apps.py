from django.apps import AppConfig


class YouthVoiceConfig(AppConfig):
    name = "youth_voice"

    def ready(self) -> None:
        # The kinds of notification this app sends are registered when their modules load;
        # the status emails and the overdue reminder are tasks outside tasks.py.
        from django.db.models.signals import post_delete, post_save

        from alliance.models import Alliance

        from . import (  # noqa: F401
            notifications,
            notifications_moderation,
            tasks_routing,
        )
        from .access import portal_cache_clear
        from .models import PortalSettings

        # The portal's pages keep an alliance and its settings a few seconds (access._portal);
        # a change saved in this process is seen at once.
        for model in (Alliance, PortalSettings):
            post_save.connect(portal_cache_clear, sender=model, dispatch_uid=f"portal-{model}")
            post_delete.connect(portal_cache_clear, sender=model, dispatch_uid=f"portal-d-{model}")
