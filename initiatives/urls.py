from django.urls import include, path

app_name = "initiatives"

# The activities' pages and the reinforcement map, under /<alliance-slug>/activities/.
urlpatterns = [
    path("map/", include("initiatives.urls_map")),
    path("", include("initiatives.urls_activities")),
]
