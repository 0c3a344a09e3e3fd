from django.urls import path

from . import views_groups as views

urlpatterns = [
    path("", views.group_list, name="list"),
    path("new/", views.group_create, name="create"),
    path("<slug:group_slug>/", views.group_detail, name="detail"),
    path("<slug:group_slug>/edit/", views.group_edit, name="edit"),
    path("<slug:group_slug>/archive/", views.group_archive, name="archive"),
    path("<slug:group_slug>/members/", views.group_members, name="members"),
    path(
        "<slug:group_slug>/members/<int:seat_pk>/remove/",
        views.group_member_remove,
        name="member_remove",
    ),
]
