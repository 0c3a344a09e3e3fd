"""The partnership's health check under /<alliance-slug>/health-check/."""

from django.urls import path

from . import views_healthcheck

urlpatterns = [
    path("", views_healthcheck.round_list, name="health_check"),
    path("new/", views_healthcheck.round_open, name="health_check_open"),
    path("<int:pk>/answer/", views_healthcheck.round_answer, name="health_check_answer"),
    path("<int:pk>/results/", views_healthcheck.round_results, name="health_check_results"),
    path("<int:pk>/close/", views_healthcheck.round_close, name="health_check_close"),
]
