from django.urls import path

from . import views_map as views

urlpatterns = [
    path("", views.reinforcement_map_page, name="map"),
    path("cell/", views.map_cell, name="map_cell"),
    path("export.xlsx", views.map_export, name="map_export"),
]
