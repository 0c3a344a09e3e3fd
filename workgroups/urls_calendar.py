from django.urls import path

from . import views_calendar as views

urlpatterns = [
    path("", views.calendar_settings, name="calendar"),
    path("reset/", views.calendar_reset, name="calendar_reset"),
    path("feed/<str:token>.ics", views.calendar_feed, name="calendar_feed"),
    path("meetings/<int:pk>.ics", views.meeting_ics, name="meeting_ics"),
]
