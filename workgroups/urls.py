from django.urls import path

from . import views

app_name = "workgroups"

urlpatterns = [
    path("<slug:group_slug>/", views.group_detail, name="detail"),
]
