"""The youth account services: creation does not reveal a taken address, export covers every
piece of data, erasure leaves only what the law requires even when records point to the
person."""

from __future__ import annotations

import datetime

import pytest
from allauth.account.models import EmailAddress
from django.utils import timezone

from alliance.models import Membership, Role, User
from tests.factories import AllianceFactory, MembershipFactory, UserFactory, WorkGroupFactory
from workgroups.models import ActionItem
from youth_voice.models import Consent, ConsentPurpose, ConsentStatus, ErasureRecord, YouthInput
from youth_voice.services_account import account_create, account_erase, account_export

from .factories_community import youth_input

pytestmark = pytest.mark.django_db


@pytest.fixture
def alliance():
    return AllianceFactory()


def test_account_create_makes_a_minimal_person(alliance):
    created = account_create(alliance=alliance, email="Ung@Example.org", below_consent_age=False)

    user = created.user
    assert user.email == "ung@example.org"
    assert (user.full_name, user.language) == ("", "")
    assert not user.has_usable_password()
    assert Membership.objects.get(user=user, alliance=alliance).role == Role.YOUTH
    assert EmailAddress.objects.get(user=user).verified is False
    assert Consent.objects.get(user=user).purpose == ConsentPurpose.ACCOUNT


def test_account_create_with_a_taken_address_changes_nothing(alliance):
    owner = UserFactory(email="taken@example.org")

    created = account_create(alliance=alliance, email="taken@example.org", below_consent_age=False)

    assert created.user is None
    assert not Membership.objects.filter(user=owner).exists()
    assert not Consent.objects.exists()


def test_export_without_inputs_or_membership(alliance):
    user = UserFactory()

    data = account_export(user, alliance)

    assert data["account"]["email"] == user.email
    assert data["youth_membership"] is None
    assert data["inputs"] == [] and data["consents"] == [] and data["supports"] == 0


def test_export_lists_only_this_alliances_inputs(alliance):
    user = UserFactory()
    youth_input(alliance=alliance, user=user, text="Her")
    youth_input(alliance=AllianceFactory(), user=user, text="Et andet sted")

    data = account_export(user, alliance)

    assert [item["text"] for item in data["inputs"]] == ["Her"]


def test_erase_when_an_action_item_points_to_the_person(alliance):
    created = account_create(alliance=alliance, email="ung@example.org", below_consent_age=False)
    user = created.user
    group = WorkGroupFactory(alliance=alliance)
    ActionItem.objects.create(
        group=group,
        title="Lave en plakat",
        owner=user,
        deadline=timezone.localdate() + datetime.timedelta(days=5),
    )
    youth_input(alliance=alliance, user=user)

    erased = account_erase(user, alliance)

    assert erased.account_deleted
    user = User.objects.get(pk=user.pk)  # kept for the action item, without identity
    assert user.email.startswith("erased-") and user.email != "ung@example.org"
    assert not user.is_active and not user.has_usable_password()
    assert not EmailAddress.objects.filter(user=user).exists()
    assert not Membership.objects.filter(user=user).exists()
    assert not YouthInput.objects.exists()
    consent = Consent.objects.get()
    assert (consent.user_id, consent.status) == (None, ConsentStatus.WITHDRAWN)
    assert ErasureRecord.objects.get().inputs_erased == 1


def test_erase_a_staff_member_keeps_the_person_and_their_notifications(alliance):
    user = MembershipFactory(alliance=alliance, role=Role.MEMBER).user
    youth_input(alliance=alliance, user=user)

    erased = account_erase(user, alliance)

    assert not erased.account_deleted
    assert Membership.objects.filter(user=user, alliance=alliance, role=Role.MEMBER).exists()
    assert not YouthInput.objects.exists()
