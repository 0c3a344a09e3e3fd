"""Routes of the notification pages, included into the alliance namespace."""

from django.urls import path

from alliance.views import notifications

urlpatterns = [
    path("notifications/", notifications.notifications, name="notifications"),
    path(
        "notifications/<int:pk>/read/",
        notifications.notification_read,
        name="notification_read",
    ),
    path(
        "notifications/read/",
        notifications.notifications_read_all,
        name="notifications_read_all",
    ),
    path(
        "notifications/email/",
        notifications.notification_preferences,
        name="notification_preferences",
    ),
    path(
        "notifications/unsubscribe/<str:token>/",
        notifications.notification_unsubscribe,
        name="notification_unsubscribe",
    ),
]
