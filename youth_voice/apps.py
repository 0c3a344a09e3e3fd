from django.apps import AppConfig


class YouthVoiceConfig(AppConfig):
    name = "youth_voice"
