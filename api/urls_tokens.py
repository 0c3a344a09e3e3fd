"""A person's API tokens for one alliance, under /<alliance-slug>/api-tokens/."""

from django.urls import path

from . import views_tokens

app_name = "api_tokens"

urlpatterns = [
    path("", views_tokens.token_list, name="list"),
]
