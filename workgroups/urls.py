from django.urls import include, path

app_name = "workgroups"

# Each area keeps its routes in its own module; all live under /<alliance-slug>/ and share the
# namespace "workgroups".
urlpatterns = [
    path("groups/", include("workgroups.urls_groups")),
    path("meetings/", include("workgroups.urls_meetings")),
    path("news/", include("workgroups.urls_news")),
    path("calendar/", include("workgroups.urls_calendar")),
    path("", include("workgroups.urls_work")),
]
