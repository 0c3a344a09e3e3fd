from django.urls import path

from . import views_meetings as views

urlpatterns = [
    path("new/<slug:group_slug>/", views.meeting_create, name="meeting_create"),
    path("<int:pk>/", views.meeting_detail, name="meeting"),
    path("<int:pk>/edit/", views.meeting_edit, name="meeting_edit"),
    path("<int:pk>/cancel/", views.meeting_cancel, name="meeting_cancel"),
    path("<int:pk>/agenda/", views.agenda_edit, name="agenda_edit"),
    path("<int:pk>/agenda/items/<int:item_pk>/", views.agenda_item_edit, name="agenda_item_edit"),
    path(
        "<int:pk>/agenda/items/<int:item_pk>/remove/",
        views.agenda_item_remove,
        name="agenda_item_remove",
    ),
    path(
        "<int:pk>/agenda/items/<int:item_pk>/attachments/",
        views.attachment_upload,
        name="attachment_upload",
    ),
    path(
        "<int:pk>/attachments/<int:attachment_pk>/",
        views.attachment_download,
        name="attachment_download",
    ),
    path(
        "<int:pk>/attachments/<int:attachment_pk>/remove/",
        views.attachment_remove,
        name="attachment_remove",
    ),
    path("<int:pk>/agenda/publish/", views.agenda_publish, name="agenda_publish"),
    path("<int:pk>/minutes/", views.minutes_edit, name="minutes_edit"),
    path("<int:pk>/minutes/publish/", views.minutes_publish, name="minutes_publish"),
    path("<int:pk>/minutes/correct/", views.minutes_correct, name="minutes_correct"),
    path("<int:pk>/decisions/", views.decision_add, name="decision_add"),
    path("<int:pk>/actions/", views.action_item_add, name="action_item_add"),
]
