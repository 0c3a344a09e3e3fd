"""Routes of the people pages, included into the alliance namespace."""

urlpatterns: list = []
