from django.urls import path

from . import views_workspace

urlpatterns = [
    path("", views_workspace.workspace, name="workspace"),
]
