"""Routes of the people pages, included into the alliance namespace."""

from django.urls import path

from alliance.views import people, security

urlpatterns = [
    path("people/", people.people, name="people"),
    path("people/invite/", people.invite, name="people_invite"),
    path(
        "people/invitations/<int:pk>/resend/",
        people.invitation_resend_view,
        name="invitation_resend",
    ),
    path(
        "people/invitations/<int:pk>/revoke/",
        people.invitation_revoke_view,
        name="invitation_revoke",
    ),
    path("people/<int:pk>/edit/", people.membership_edit, name="membership_edit"),
    path("people/<int:pk>/deactivate/", people.membership_deactivate, name="membership_deactivate"),
    path("people/<int:pk>/reactivate/", people.membership_reactivate, name="membership_reactivate"),
    path("directory/", people.directory, name="directory"),
    path("directory/listing/", people.directory_listing, name="directory_listing"),
    path("steering/", people.steering, name="steering"),
    path("steering/create/", people.steering_create, name="steering_create"),
    path("steering/seats/new/", people.steering_seat_new, name="steering_seat_new"),
    path("steering/seats/<int:pk>/edit/", people.steering_seat_edit, name="steering_seat_edit"),
    path("steering/seats/<int:pk>/end/", people.steering_seat_end_view, name="steering_seat_end"),
    path("history/", people.history, name="history"),
    path("history/security/", security.security_log, name="security_log"),
]
