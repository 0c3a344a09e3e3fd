from django.urls import path

from . import views_healthcheck

urlpatterns = [
    path("", views_healthcheck.round_list, name="health_check"),
]
