from django.urls import path

from . import views_news as views

urlpatterns = [
    path("", views.news_list, name="news"),
    path("new/", views.news_create, name="news_create"),
    path("<int:pk>/", views.news_detail, name="news_detail"),
    path("<int:pk>/edit/", views.news_edit, name="news_edit"),
    path("<int:pk>/withdraw/", views.news_withdraw, name="news_withdraw"),
    path("<int:pk>/comments/", views.news_comment_add, name="news_comment_add"),
    path(
        "<int:pk>/comments/<int:comment_pk>/remove/",
        views.news_comment_remove,
        name="news_comment_remove",
    ),
]
