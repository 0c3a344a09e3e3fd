from django.urls import path

from . import views

urlpatterns = [
    path("<slug:group_slug>/", views.group_detail, name="detail"),
]
