"""The invite form, resend/withdraw buttons and the invitation link (/invitation/<token>/)."""

import datetime
import re

import pytest
from allauth.account.models import EmailAddress
from django.core import mail
from django.urls import reverse
from django.utils import timezone

from alliance.models import Invitation, Membership, Role
from tests.factories import (
    TEST_PASSWORD,
    InvitationFactory,
    MembershipFactory,
    OrganisationFactory,
    UserFactory,
)

pytestmark = pytest.mark.django_db

PASSWORD = "Et-rigtig-godt-kodeord-2026"


@pytest.fixture
def english(client):
    client.cookies["django_language"] = "en"
    return client


@pytest.fixture
def secretariat(english):
    membership = MembershipFactory(role=Role.SECRETARIAT)
    english.force_login(membership.user)
    return membership


def _url(name, alliance, **kwargs):
    return reverse(f"alliance:{name}", kwargs={"alliance_slug": alliance.slug, **kwargs})


def _accept_url(token):
    return reverse("invitation_accept", kwargs={"token": token})


# the invite form


def test_invite_sends_an_email_with_an_absolute_working_link(
    english, secretariat, django_capture_on_commit_callbacks
):
    alliance = secretariat.alliance
    organisation = OrganisationFactory(alliance=alliance)

    with django_capture_on_commit_callbacks(execute=True):
        response = english.post(
            _url("people_invite", alliance),
            {
                "email": "Ny@Example.org",
                "full_name": "Ny Person",
                "organisation": organisation.pk,
                "role": Role.COORDINATOR,
            },
        )

    assert response.status_code == 302
    assert response["Location"] == _url("people", alliance)
    invitation = Invitation.objects.get()
    assert invitation.invited_by == secretariat.user
    assert invitation.email == "ny@example.org"
    link = re.search(r"http://testserver/invitation/[^/\s]+/", mail.outbox[0].body).group(0)
    english.logout()
    assert english.get(link).status_code == 200


def test_a_duplicate_invitation_re_renders_the_form_with_a_clear_error(english, secretariat):
    InvitationFactory(alliance=secretariat.alliance, email="dup@example.org")

    response = english.post(
        _url("people_invite", secretariat.alliance),
        {"email": "dup@example.org", "full_name": "Dup", "role": Role.MEMBER},
    )

    assert response.status_code == 200
    assert "already has a pending invitation" in response.content.decode()
    assert Invitation.objects.count() == 1


def test_inviting_an_active_member_re_renders_the_form(english, secretariat):
    response = english.post(
        _url("people_invite", secretariat.alliance),
        {"email": secretariat.user.email, "full_name": "Me", "role": Role.MEMBER},
    )

    assert response.status_code == 200
    assert "already a member" in response.content.decode()


def test_another_alliances_organisation_is_not_a_choice(english, secretariat):
    foreign = OrganisationFactory()

    response = english.post(
        _url("people_invite", secretariat.alliance),
        {
            "email": "x@example.org",
            "full_name": "X",
            "role": Role.MEMBER,
            "organisation": foreign.pk,
        },
    )

    assert response.status_code == 200
    assert not Invitation.objects.exists()


@pytest.mark.parametrize("role", [Role.STEERING, Role.COORDINATOR, Role.MEMBER, Role.YOUTH])
def test_only_the_secretariat_invites(client, role):
    membership = MembershipFactory(role=role)
    client.force_login(membership.user)

    response = client.post(
        _url("people_invite", membership.alliance),
        {"email": "x@example.org", "full_name": "X", "role": Role.SECRETARIAT},
    )

    assert response.status_code == 403
    assert not Invitation.objects.exists()


def test_resend_and_withdraw_from_the_register(
    english, secretariat, django_capture_on_commit_callbacks
):
    invitation = InvitationFactory(alliance=secretariat.alliance, token="old")

    with django_capture_on_commit_callbacks(execute=True):
        response = english.post(_url("invitation_resend", secretariat.alliance, pk=invitation.pk))

    assert response.status_code == 302
    assert len(mail.outbox) == 1
    assert english.get(_accept_url("old")).status_code == 404

    response = english.post(_url("invitation_revoke", secretariat.alliance, pk=invitation.pk))

    assert response.status_code == 302
    invitation.refresh_from_db()
    assert invitation.revoked_at is not None


def test_another_alliances_invitation_is_404(english, secretariat):
    foreign = InvitationFactory()

    response = english.post(_url("invitation_revoke", secretariat.alliance, pk=foreign.pk))

    assert response.status_code == 404
    foreign.refresh_from_db()
    assert foreign.revoked_at is None


# the invitation link


def test_a_new_person_sets_a_password_and_lands_in_the_alliance(english):
    invitation = InvitationFactory(token="t", email="ny@example.org", role=Role.COORDINATOR)

    page = english.get(_accept_url("t"))
    assert page.status_code == 200
    assert "Choose a password" in page.content.decode()

    response = english.post(_accept_url("t"), {"password1": PASSWORD, "password2": PASSWORD})

    assert response.status_code == 302
    assert response["Location"] == invitation.alliance.get_absolute_url()
    home = english.get(response["Location"])
    assert home.status_code == 200
    assert home.wsgi_request.user.email == "ny@example.org"
    assert Membership.objects.get(user__email="ny@example.org").role == Role.COORDINATOR
    # one-time: the link is now used
    english.logout()  # clears every cookie, the language too
    english.cookies["django_language"] = "en"
    again = english.get(_accept_url("t"))
    assert again.status_code == 410
    assert "already been used" in again.content.decode()


def test_mismatched_or_weak_passwords_re_render_the_form(english):
    InvitationFactory(token="t")

    mismatch = english.post(_accept_url("t"), {"password1": PASSWORD, "password2": PASSWORD + "x"})
    weak = english.post(_accept_url("t"), {"password1": "kort", "password2": "kort"})

    assert mismatch.status_code == 200
    assert "not the same" in mismatch.content.decode()
    assert weak.status_code == 200
    assert "too short" in weak.content.decode()
    assert not Membership.objects.exists()


def test_an_existing_account_logged_in_joins_with_one_click(english):
    user = UserFactory(email="kendt@example.org")
    invitation = InvitationFactory(token="t", email="kendt@example.org", role=Role.STEERING)
    english.force_login(user)

    page = english.get(_accept_url("t"))
    assert page.status_code == 200
    assert f"Join {invitation.alliance.name}" in page.content.decode()

    response = english.post(_accept_url("t"))

    assert response.status_code == 302
    assert response["Location"] == invitation.alliance.get_absolute_url()
    assert Membership.objects.get(user=user).role == Role.STEERING
    assert english.get(_accept_url("t")).status_code == 410


def test_an_existing_account_not_logged_in_is_asked_to_log_in(english):
    user = UserFactory(email="kendt@example.org")
    EmailAddress.objects.create(user=user, email=user.email, verified=True, primary=True)
    InvitationFactory(token="t", email="kendt@example.org")

    response = english.get(_accept_url("t"))

    assert response.status_code == 200
    content = response.content.decode()
    assert "You already have an account" in content
    assert "/accounts/login/?next=/invitation/t/" in content
    # and logging in brings them back to the invitation
    login = english.post(
        "/accounts/login/?next=/invitation/t/",
        {"login": "kendt@example.org", "password": TEST_PASSWORD},
    )
    assert login["Location"] == "/invitation/t/"


def test_someone_else_logged_in_is_told_the_invitation_is_for_another_email(english):
    InvitationFactory(token="t", email="someone@example.org")
    english.force_login(UserFactory(email="me@example.org"))

    page = english.get(_accept_url("t"))
    post = english.post(_accept_url("t"))

    assert page.status_code == 200
    assert "This invitation is for another email address" in page.content.decode()
    assert post.status_code == 403
    assert not Membership.objects.exists()


@pytest.mark.parametrize(
    ("changes", "status", "text"),
    [
        ({"revoked_at": timezone.now()}, 410, "This invitation was withdrawn"),
        ({"accepted_at": timezone.now()}, 410, "This invitation has already been used"),
        (
            {"expires_at": timezone.now() - datetime.timedelta(days=1)},
            410,
            "This invitation has expired",
        ),
    ],
)
def test_unusable_links_get_a_friendly_page(english, changes, status, text):
    InvitationFactory(token="t", **changes)

    for response in (english.get(_accept_url("t")), english.post(_accept_url("t"))):
        assert response.status_code == status
        assert text in response.content.decode()
        assert "secretariat" in response.content.decode()


def test_an_unknown_link_is_a_friendly_404(english):
    response = english.get(_accept_url("nonsense"))

    assert response.status_code == 404
    assert "We cannot find this invitation" in response.content.decode()


def test_the_unusable_page_is_in_danish_by_default(client):
    InvitationFactory(token="t", revoked_at=timezone.now())

    response = client.get(_accept_url("t"))

    assert response.status_code == 410
    assert 'lang="da"' in response.content.decode()
