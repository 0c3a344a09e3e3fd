"""Routes of shared measurement, under /<alliance-slug>/measurement/ (namespace "measurement").

Each area keeps its routes in its own module: the dashboard, data entry and import, and the
secretariat's review (approval, periods, indicator definitions)."""

from django.urls import include, path

app_name = "measurement"

urlpatterns = [
    path("", include("measurement.urls_dashboard")),
    path("", include("measurement.urls_entry")),
    path("", include("measurement.urls_review")),
]
