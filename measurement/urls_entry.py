"""Routes of the measurement entry pages, included into the measurement namespace."""

urlpatterns: list = []
