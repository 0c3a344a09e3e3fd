from django.urls import path

from . import views_activities as views

urlpatterns = [
    path("", views.activity_list, name="list"),
    path("new/", views.activity_create, name="create"),
    path("calendar/", views.activity_calendar, name="calendar"),
    path("join/", views.activity_join_list, name="join"),
    path("areas/", views.area_list, name="areas"),
    path("<int:pk>/", views.activity_detail, name="detail"),
    path("<int:pk>/edit/", views.activity_edit, name="edit"),
    path("<int:pk>/log/", views.log_add, name="log_add"),
    path("<int:pk>/log/<int:log_pk>/", views.log_edit, name="log_edit"),
    path("<int:pk>/log/<int:log_pk>/delete/", views.log_delete, name="log_delete"),
]
