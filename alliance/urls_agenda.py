"""Routes of the agenda pages, included into the alliance namespace."""

urlpatterns: list = []
