"""Routes of the measurement dashboard pages, included into the measurement namespace."""

from django.urls import path

from . import views_dashboard

urlpatterns: list = [
    path("", views_dashboard.dashboard, name="dashboard"),
    path("indicators/<int:pk>/", views_dashboard.indicator_detail, name="indicator_detail"),
]
