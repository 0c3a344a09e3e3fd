"""Routes of the agenda pages, included into the alliance namespace."""

from django.urls import path

from alliance.views import agenda

urlpatterns = [
    path("agenda/", agenda.agenda, name="agenda"),
    path("agenda/comments/", agenda.agenda_comment, name="agenda_comment"),
    path("agenda/working-copy/", agenda.agenda_working_copy, name="agenda_working_copy"),
    path("agenda/publish/", agenda.agenda_publish_view, name="agenda_publish"),
    path("agenda/focus-areas/new/", agenda.focus_area_create, name="agenda_focus_area_create"),
    path(
        "agenda/focus-areas/<int:focus_area_id>/edit/",
        agenda.focus_area_edit,
        name="agenda_focus_area_edit",
    ),
    path(
        "agenda/focus-areas/<int:focus_area_id>/delete/",
        agenda.focus_area_remove,
        name="agenda_focus_area_delete",
    ),
    path("agenda/goals/new/", agenda.goal_create, name="agenda_goal_create"),
    path("agenda/goals/<int:goal_id>/edit/", agenda.goal_edit, name="agenda_goal_edit"),
    path("agenda/goals/<int:goal_id>/delete/", agenda.goal_remove, name="agenda_goal_delete"),
    path("agenda/versions/", agenda.agenda_versions, name="agenda_versions"),
    path("agenda/versions/<int:number>/", agenda.agenda_version, name="agenda_version"),
    path("agenda/compare/", agenda.agenda_compare, name="agenda_compare"),
]
