from django.urls import path

from . import views_work as views

urlpatterns = [
    path("my-work/", views.my_work, name="my_work"),
    path("actions/<int:pk>/done/", views.action_item_done, name="action_item_done"),
    path("decisions/", views.decisions, name="decisions"),
]
