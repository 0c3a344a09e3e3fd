"""Routes of the measurement dashboard pages, included into the measurement namespace."""

urlpatterns: list = []
