"""Routes of the reporting pages (data entry and import), included into the measurement
namespace: /<alliance-slug>/measurement/report/..."""

from django.urls import path

from . import views_entry

urlpatterns = [
    path("report/", views_entry.report, name="report"),
    path("report/<int:pk>/", views_entry.entry, name="entry"),
    path("report/data/<int:pk>/submit/", views_entry.datapoint_submit, name="datapoint_submit"),
    path("report/data/<int:pk>/delete/", views_entry.datapoint_delete, name="datapoint_delete"),
    path("report/import/", views_entry.import_view, name="import"),
    path(
        "report/import/template.xlsx",
        views_entry.import_template_all,
        name="import_template_all",
    ),
    path(
        "report/<int:pk>/template.csv",
        views_entry.import_template_csv,
        name="import_template_csv",
    ),
    path(
        "report/<int:pk>/template.xlsx",
        views_entry.import_template_xlsx,
        name="import_template_xlsx",
    ),
]
