"""Routes of the partners pages, included into the alliance namespace."""

urlpatterns: list = []
