from django.urls import path

from . import views

app_name = "alliance"

urlpatterns = [
    path("", views.alliance_home, name="home"),
    path("people/", views.people, name="people"),
]
