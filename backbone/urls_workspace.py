"""Routes of the secretariat's workspace, included into the backbone namespace under
/<alliance-slug>/workspace/."""

from django.urls import path

from . import views_workspace

urlpatterns = [
    path("", views_workspace.workspace, name="workspace"),
    path("summary/", views_workspace.workspace_summary, name="workspace_summary"),
]
