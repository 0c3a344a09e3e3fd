"""The backbone's pages under /<alliance-slug>/: the secretariat's workspace, reports and
exports, and the partnership's health check. Each area keeps its routes in its own module and
all share the namespace "backbone"."""

from django.urls import include, path

app_name = "backbone"

urlpatterns = [
    path("workspace/", include("backbone.urls_workspace")),
    path("reports/", include("backbone.urls_reports")),
    path("health-check/", include("backbone.urls_healthcheck")),
]
