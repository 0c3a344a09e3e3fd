from django.urls import path

from . import views_reports

urlpatterns = [
    path("", views_reports.report_list, name="reports"),
    path("<int:pk>/", views_reports.report_detail, name="report"),
    path("<int:pk>/progress/", views_reports.report_progress, name="report_progress"),
    path("<int:pk>/retry/", views_reports.report_retry, name="report_retry"),
    path("<int:pk>/download/", views_reports.report_download, name="report_download"),
]
