"""The youth portal (/<alliance>/ung/, open to anyone, built for a phone) and the staff pages
for youth input and pulse surveys (/<alliance>/youth/)."""

from django.urls import path

from . import views_community, views_moderation, views_portal, views_staff, views_surveys

app_name = "youth_voice"

portal = [
    path("", views_portal.portal_home, name="portal_home"),
    path("send/", views_portal.input_create, name="input_create"),
    path("tak/", views_portal.input_thanks, name="input_thanks"),
    path("foelg/", views_portal.follow, name="follow"),
    path("foelg/<str:token>/", views_portal.follow_link, name="follow_link"),
    path(
        "foelg/<str:token>/samtykke/",
        views_portal.follow_consent_withdraw,
        name="follow_consent_withdraw",
    ),
    path("foelg/<str:token>/data.json", views_portal.follow_export, name="follow_export"),
    path("foelg/<str:token>/slet/", views_portal.follow_erase, name="follow_erase"),
    path("foraelder/<str:token>/", views_portal.guardian_confirm, name="guardian_confirm"),
    path("privatliv/", views_portal.privacy, name="privacy"),
    path("forslag/", views_community.published_list, name="published_list"),
    path("forslag/<int:pk>/", views_community.published_detail, name="published_detail"),
    path("forslag/<int:pk>/stoet/", views_community.support, name="support"),
    path("forslag/<int:pk>/anmeld/", views_community.report, name="report"),
    path("i-sagde-vi-gjorde/", views_community.you_said_we_did, name="you_said_we_did"),
    path("konto/", views_community.account_create, name="account_create"),
    path("mine-data/", views_community.my_data, name="my_data"),
    path("mine-data/data.json", views_community.my_data_export, name="my_data_export"),
    path("mine-data/slet/", views_community.my_data_erase, name="my_data_erase"),
    path("mine-data/tilfoej/", views_community.my_data_claim, name="my_data_claim"),
    path(
        "mine-data/samtykke/<int:pk>/",
        views_community.my_consent_withdraw,
        name="my_consent_withdraw",
    ),
    path("maalinger/", views_surveys.survey_list, name="survey_list"),
    path("maalinger/<int:pk>/", views_surveys.survey_answer, name="survey_answer"),
    path("maalinger/<int:pk>/tak/", views_surveys.survey_thanks, name="survey_thanks"),
]

staff = [
    path("", views_staff.staff_list, name="staff_list"),
    path("overdue/", views_staff.overdue, name="overdue"),
    path("<int:pk>/", views_staff.staff_detail, name="staff_detail"),
    path("<int:pk>/route/", views_staff.route, name="route"),
    path("<int:pk>/answer/", views_staff.answer, name="answer"),
    path("<int:pk>/agenda/", views_staff.agenda_add, name="agenda_add"),
    path("moderation/", views_moderation.moderation_queue, name="moderation_queue"),
    path("<int:pk>/moderate/", views_moderation.moderate, name="moderate"),
    path("<int:pk>/reports/", views_moderation.report_resolve, name="report_resolve"),
    path("panel/", views_moderation.panel, name="panel"),
    path("panel/moderators/", views_moderation.moderator_add, name="moderator_add"),
    path(
        "panel/moderators/<int:pk>/remove/",
        views_moderation.moderator_remove,
        name="moderator_remove",
    ),
    path("settings/", views_moderation.settings_edit, name="settings_edit"),
    path("surveys/", views_surveys.surveys_admin, name="surveys_admin"),
    path("surveys/new/", views_surveys.survey_create, name="survey_create"),
    path("surveys/<int:pk>/", views_surveys.survey_edit, name="survey_edit"),
    path("surveys/<int:pk>/publish/", views_surveys.survey_publish, name="survey_publish"),
    path("surveys/<int:pk>/close/", views_surveys.survey_close, name="survey_close"),
    path("surveys/<int:pk>/results/", views_surveys.survey_results, name="survey_results"),
    path("surveys/<int:pk>/feed/", views_surveys.survey_feed, name="survey_feed"),
]

urlpatterns = [
    *[path(f"ung/{p.pattern}", p.callback, name=p.name) for p in portal],
    *[path(f"youth/{p.pattern}", p.callback, name=p.name) for p in staff],
]
