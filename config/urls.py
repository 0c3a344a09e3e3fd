"""URL map. Everything an alliance owns lives under /<alliance-slug>/."""

from allauth.account.decorators import secure_admin_login
from django.contrib import admin
from django.urls import include, path
from django.utils.translation import gettext_lazy

from alliance.views import home as alliance_views
from alliance.views.invitation_accept import invitation_accept
from backbone import views as backbone_views

# The admin login goes through allauth: its rate limits and MFA apply.
admin.site.login = secure_admin_login(admin.site.login)
admin.site.site_header = gettext_lazy("Alliance platform")

urlpatterns = [
    path("", alliance_views.landing, name="landing"),
    path("home/", alliance_views.home, name="home"),
    path("privacy/", alliance_views.privacy, name="privacy"),
    path("health/", backbone_views.health, name="health"),
    path("i18n/", include("django.conf.urls.i18n")),
    path("accounts/", include("allauth.urls")),
    path("admin/", admin.site.urls),
    path("invitation/<str:token>/", invitation_accept, name="invitation_accept"),
    path("api/", include("api.urls")),
    path("<slug:alliance_slug>/", include("workgroups.urls")),
    path("<slug:alliance_slug>/measurement/", include("measurement.urls")),
    path("<slug:alliance_slug>/activities/", include("initiatives.urls")),
    path("<slug:alliance_slug>/", include("youth_voice.urls")),
    path("<slug:alliance_slug>/", include("backbone.urls")),
    path("<slug:alliance_slug>/api-tokens/", include("api.urls_tokens")),
    path("<slug:alliance_slug>/", include("alliance.urls")),
]
