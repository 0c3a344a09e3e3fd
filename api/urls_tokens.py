"""A person's API keys for one alliance, under /<alliance-slug>/api-tokens/."""

from django.urls import path

from . import views_tokens

app_name = "api_tokens"

urlpatterns = [
    path("", views_tokens.token_list, name="list"),
    path("<int:pk>/revoke/", views_tokens.token_revoke, name="revoke"),
]
