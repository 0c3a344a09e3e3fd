from django.apps import AppConfig


class BackboneConfig(AppConfig):
    name = "backbone"
