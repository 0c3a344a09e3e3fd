"""The REST API under /api/: version 1 of an alliance's data, the OpenAPI schema and its docs."""

from django.urls import path

from . import views, views_docs

app_name = "api"

ALLIANCE = "v1/alliances/<slug:alliance_slug>/"

urlpatterns = [
    path("schema/", views_docs.SchemaView.as_view(), name="schema"),
    path("docs/", views_docs.SwaggerDocsView.as_view(url_name="api:schema"), name="docs"),
    path(f"{ALLIANCE}indicators/", views.IndicatorList.as_view(), name="indicator_list"),
    path(
        f"{ALLIANCE}indicators/<int:pk>/", views.IndicatorDetail.as_view(), name="indicator_detail"
    ),
    path(f"{ALLIANCE}summaries/", views.SummaryList.as_view(), name="summary_list"),
    path(f"{ALLIANCE}activities/", views.ActivityList.as_view(), name="activity_list"),
    path(f"{ALLIANCE}activities/<int:pk>/", views.ActivityDetail.as_view(), name="activity_detail"),
    path(f"{ALLIANCE}youth-inputs/", views.YouthInputList.as_view(), name="youth_input_list"),
    path(
        f"{ALLIANCE}youth-inputs/<int:pk>/",
        views.YouthInputDetail.as_view(),
        name="youth_input_detail",
    ),
    path(f"{ALLIANCE}data-points/", views.DataPointList.as_view(), name="datapoint_list"),
    path(
        f"{ALLIANCE}data-points/<int:pk>/",
        views.DataPointDetail.as_view(),
        name="datapoint_detail",
    ),
]
