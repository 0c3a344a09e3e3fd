"""Routes of the measurement review pages, included into the measurement namespace."""

urlpatterns: list = []
