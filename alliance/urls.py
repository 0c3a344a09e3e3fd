from django.urls import include, path

from alliance.views import home

app_name = "alliance"

# Each area keeps its routes in its own module; all live under /<alliance-slug>/.
urlpatterns = [
    path("", home.alliance_home, name="home"),
    path("", include("alliance.urls_agenda")),
    path("", include("alliance.urls_partners")),
    path("", include("alliance.urls_people")),
    path("", include("alliance.urls_notifications")),
]
