"""Invitations: create, resend, revoke, look up and accept (alliance.services.invitations)."""

import datetime
import re

import pytest
from allauth.account.models import EmailAddress
from django.core import mail
from django.core.exceptions import ValidationError
from django.utils import timezone, translation

from alliance.models import Invitation, Membership, Role
from alliance.services.invitations import (
    InvitationState,
    invitation_accept_existing_user,
    invitation_accept_new_user,
    invitation_create,
    invitation_lookup,
    invitation_resend,
    invitation_revoke,
    token_hash,
)
from tests.factories import (
    AllianceFactory,
    InvitationFactory,
    MembershipFactory,
    OrganisationFactory,
    UserFactory,
)

pytestmark = pytest.mark.django_db

PASSWORD = "Et-rigtig-godt-kodeord-2026"


def link_for(token: str) -> str:
    return f"https://example.test/invitation/{token}/"


def _create(alliance, **overrides):
    values = {
        "alliance": alliance,
        "email": "  Ny.Person@Example.ORG ",
        "full_name": "Ny Person",
        "organisation": None,
        "role": Role.COORDINATOR,
        "invited_by": None,
        "link_for": link_for,
    }
    values.update(overrides)
    return invitation_create(**values)


def _token_from(message) -> str:
    return re.search(r"/invitation/([^/]+)/", message.body).group(1)


def test_invitation_create_stores_a_hash_and_emails_a_working_link(
    django_capture_on_commit_callbacks,
):
    alliance = AllianceFactory(name="Ung & Sund")
    organisation = OrganisationFactory(alliance=alliance)
    inviter = UserFactory(full_name="Sekretær Sofie")

    with django_capture_on_commit_callbacks(execute=True):
        invitation = _create(alliance, organisation=organisation, invited_by=inviter)

    assert invitation.email == "ny.person@example.org"
    assert invitation.send_count == 1
    assert invitation.organisation == organisation
    assert len(mail.outbox) == 1
    message = mail.outbox[0]
    assert message.to == ["ny.person@example.org"]
    assert "Ung & Sund" in message.subject
    token = _token_from(message)
    assert len(token) >= 40
    assert invitation.token_hash == token_hash(token)
    assert token not in invitation.token_hash
    assert message.alternatives  # an HTML part too
    lookup = invitation_lookup(token=token)
    assert lookup.state is InvitationState.VALID
    assert lookup.invitation == invitation


def test_invitation_create_sends_nothing_until_commit(django_capture_on_commit_callbacks):
    alliance = AllianceFactory()

    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        _create(alliance)

    assert mail.outbox == []
    assert len(callbacks) == 1


def test_invitation_expiry_comes_from_the_setting(settings):
    settings.ALLIANCE_INVITATION_DAYS = 3
    before = timezone.now()

    invitation = _create(AllianceFactory())

    expected = before + datetime.timedelta(days=3)
    assert abs((invitation.expires_at - expected).total_seconds()) < 5


def test_a_second_pending_invitation_to_the_same_email_is_refused():
    alliance = AllianceFactory()
    _create(alliance)

    with pytest.raises(ValidationError) as error:
        _create(alliance, email="NY.PERSON@example.org")

    assert "email" in error.value.message_dict
    assert "already has a pending invitation" in error.value.message_dict["email"][0]
    assert Invitation.objects.count() == 1


def test_the_same_email_may_be_invited_to_another_alliance_or_after_a_revoke():
    alliance = AllianceFactory()
    first = _create(alliance)
    _create(AllianceFactory())
    invitation_revoke(invitation=first)

    again = _create(alliance)

    assert again.pk != first.pk


def test_an_active_member_cannot_be_invited():
    membership = MembershipFactory(user__email="member@example.org")

    with pytest.raises(ValidationError) as error:
        _create(membership.alliance, email="Member@example.org")

    assert "already a member" in error.value.message_dict["email"][0]


def test_a_deactivated_member_can_be_invited_again():
    membership = MembershipFactory(user__email="gone@example.org", is_active=False)

    invitation = _create(membership.alliance, email="gone@example.org")

    assert invitation.pk is not None


def test_another_alliances_organisation_is_refused():
    with pytest.raises(ValidationError):
        _create(AllianceFactory(), organisation=OrganisationFactory())


def test_resend_makes_a_new_link_and_the_old_one_stops_working(django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        invitation = _create(AllianceFactory())
    old_token = _token_from(mail.outbox[0])
    invitation.expires_at = timezone.now() + datetime.timedelta(hours=1)
    invitation.save()

    with django_capture_on_commit_callbacks(execute=True):
        invitation_resend(invitation=invitation, link_for=link_for)

    invitation.refresh_from_db()
    new_token = _token_from(mail.outbox[1])
    assert new_token != old_token
    assert invitation.send_count == 2
    assert invitation.expires_at > timezone.now() + datetime.timedelta(days=13)
    assert invitation_lookup(token=old_token).state is InvitationState.UNKNOWN
    assert invitation_lookup(token=new_token).state is InvitationState.VALID


def test_resend_and_revoke_refuse_an_accepted_invitation():
    invitation = InvitationFactory(accepted_at=timezone.now())

    with pytest.raises(ValidationError):
        invitation_resend(invitation=invitation, link_for=link_for)
    with pytest.raises(ValidationError):
        invitation_revoke(invitation=invitation)


def test_revoke_sets_revoked_at_and_the_link_says_withdrawn():
    invitation = InvitationFactory(token="abc")

    invitation_revoke(invitation=invitation)

    invitation.refresh_from_db()
    assert invitation.revoked_at is not None
    assert invitation_lookup(token="abc").state is InvitationState.REVOKED


@pytest.mark.parametrize(
    ("changes", "state"),
    [
        ({"accepted_at": timezone.now()}, InvitationState.USED),
        ({"revoked_at": timezone.now()}, InvitationState.REVOKED),
        ({"expires_at": timezone.now() - datetime.timedelta(seconds=1)}, InvitationState.EXPIRED),
        ({}, InvitationState.VALID),
    ],
)
def test_invitation_lookup_states(changes, state):
    InvitationFactory(token="the-token", **changes)

    assert invitation_lookup(token="the-token").state is state
    assert invitation_lookup(token="another").state is InvitationState.UNKNOWN


def test_accept_as_a_new_user_creates_the_account_verified_email_and_membership():
    organisation = OrganisationFactory()
    invitation = InvitationFactory(
        alliance=organisation.alliance,
        email="ny@example.org",
        full_name="Ny Koordinator",
        role=Role.COORDINATOR,
        organisation=organisation,
    )

    membership = invitation_accept_new_user(invitation=invitation, password=PASSWORD)

    user = membership.user
    assert user.email == "ny@example.org"
    assert user.full_name == "Ny Koordinator"
    assert user.check_password(PASSWORD)
    assert EmailAddress.objects.filter(
        user=user, email=user.email, verified=True, primary=True
    ).exists()
    assert membership.role == Role.COORDINATOR
    assert membership.organisation == organisation
    assert membership.is_active
    invitation.refresh_from_db()
    assert invitation.accepted_at is not None
    assert invitation.accepted_by == user


def test_accept_as_a_new_user_rejects_a_weak_password_and_changes_nothing():
    invitation = InvitationFactory()

    with pytest.raises(ValidationError):
        invitation_accept_new_user(invitation=invitation, password="123")

    invitation.refresh_from_db()
    assert invitation.accepted_at is None
    assert not Membership.objects.exists()


def test_accept_twice_is_refused():
    invitation = InvitationFactory()
    invitation_accept_new_user(invitation=invitation, password=PASSWORD)

    with pytest.raises(ValidationError):
        invitation_accept_new_user(invitation=invitation, password=PASSWORD)


def test_accept_an_expired_invitation_is_refused():
    invitation = InvitationFactory(expires_at=timezone.now() - datetime.timedelta(minutes=1))

    with pytest.raises(ValidationError):
        invitation_accept_new_user(invitation=invitation, password=PASSWORD)


def test_accept_as_an_existing_user_adds_the_membership():
    user = UserFactory(email="kendt@example.org")
    invitation = InvitationFactory(email="kendt@example.org", role=Role.STEERING)

    membership = invitation_accept_existing_user(invitation=invitation, user=user)

    assert membership.user == user
    assert membership.role == Role.STEERING
    assert membership.alliance == invitation.alliance


def test_accept_as_an_existing_user_reactivates_a_deactivated_membership():
    old = MembershipFactory(
        user__email="back@example.org", is_active=False, deactivated_at=timezone.now()
    )
    invitation = InvitationFactory(
        alliance=old.alliance, email="back@example.org", role=Role.MEMBER
    )

    membership = invitation_accept_existing_user(invitation=invitation, user=old.user)

    assert membership.pk == old.pk
    assert membership.is_active
    assert membership.deactivated_at is None


def test_accept_as_another_user_is_refused():
    invitation = InvitationFactory(email="someone@example.org")

    with pytest.raises(ValidationError):
        invitation_accept_existing_user(invitation=invitation, user=UserFactory())

    assert not Membership.objects.exists()


@pytest.fixture(autouse=True)
def _messages_in_english():
    """These tests read messages in English; the platform's default language is Danish."""
    with translation.override("en"):
        yield
