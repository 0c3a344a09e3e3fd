"""Routes of the measurement review pages, included into the measurement namespace: the
secretariat's approval of reported values, the periods (locks, late reporting) and the
definitions of indicators and breakdowns."""

from django.urls import path

from . import views_review, views_setup

urlpatterns = [
    # approval
    path("approvals/", views_review.approvals, name="approvals"),
    path("approvals/approve/", views_review.approvals_approve, name="approvals_approve"),
    path(
        "approvals/<int:pk>/return/",
        views_review.datapoint_return_view,
        name="datapoint_return",
    ),
    path(
        "approvals/<int:pk>/unapprove/",
        views_review.datapoint_unapprove_view,
        name="datapoint_unapprove",
    ),
    path("data/<int:pk>/", views_review.datapoint_detail, name="datapoint_detail"),
    path("data/<int:pk>/correct/", views_review.datapoint_correct_view, name="datapoint_correct"),
    path("data/<int:pk>/evidence/", views_review.datapoint_evidence, name="datapoint_evidence"),
    # periods
    path("periods/", views_review.periods, name="periods"),
    path("periods/lock/", views_review.period_lock_view, name="period_lock"),
    path("periods/unlock/", views_review.period_unlock_view, name="period_unlock"),
    # indicator and breakdown definitions
    path("setup/indicators/", views_setup.indicator_list, name="indicator_list"),
    path("setup/indicators/new/", views_setup.indicator_create_view, name="indicator_create"),
    path("setup/indicators/<int:pk>/edit/", views_setup.indicator_edit, name="indicator_edit"),
    path(
        "setup/indicators/<int:pk>/targets/",
        views_setup.indicator_targets,
        name="indicator_targets",
    ),
    path(
        "setup/indicators/<int:pk>/delete/",
        views_setup.indicator_delete_view,
        name="indicator_delete",
    ),
    path("setup/dimensions/", views_setup.dimension_list, name="dimension_list"),
    path("setup/dimensions/new/", views_setup.dimension_create_view, name="dimension_create"),
    path("setup/dimensions/<int:pk>/edit/", views_setup.dimension_edit, name="dimension_edit"),
]
