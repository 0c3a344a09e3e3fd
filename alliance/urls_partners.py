"""Routes of the partners pages, included into the alliance namespace."""

from django.urls import path

from alliance.views import partners

urlpatterns = [
    path("partners/", partners.partners, name="partners"),
    path("partners/new/", partners.partner_create_view, name="partner_create"),
    path("partners/<int:pk>/", partners.partner_detail, name="partner_detail"),
    path("partners/<int:pk>/edit/", partners.partner_edit, name="partner_edit"),
    path("partners/<int:pk>/commitment/", partners.commitment_edit, name="commitment_edit"),
    path("partners/<int:pk>/commitment/send/", partners.commitment_send, name="commitment_send"),
    path(
        "partners/<int:pk>/commitment/sign/",
        partners.commitment_sign_view,
        name="commitment_sign",
    ),
    path(
        "partners/<int:pk>/signatures/<int:version>/",
        partners.signature_detail,
        name="commitment_signature",
    ),
]
