"""The REST API under /api/: version 1 of an alliance's data, the OpenAPI schema and its docs."""

from django.urls import path

app_name = "api"

urlpatterns: list = [
    path("v1/", lambda request: None, name="root"),
]
