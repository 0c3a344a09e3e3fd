"""Model rules of the alliance app: the CVR validator, reserved addresses, memberships."""

import pytest
from django.core.exceptions import ValidationError
from django.urls import get_resolver
from django.utils import translation

from alliance.models import RESERVED_SLUGS, Membership, Role, validate_cvr
from tests.factories import AllianceFactory, OrganisationFactory, UserFactory


def _messages(excinfo) -> str:
    with translation.override("en"):
        return " ".join(str(message) for message in excinfo.value.messages)


# validate_cvr


@pytest.mark.parametrize("cvr", ["29189374", "10000009"])
def test_a_valid_cvr_number_passes(cvr):
    validate_cvr(cvr)


def test_a_cvr_number_with_a_wrong_check_digit_is_rejected():
    with pytest.raises(ValidationError) as excinfo:
        validate_cvr("29189375")

    assert "check digit" in _messages(excinfo)


@pytest.mark.parametrize("cvr", ["2918937", "291893740", "", "2918937a"])
def test_a_cvr_number_must_have_eight_digits(cvr):
    with pytest.raises(ValidationError) as excinfo:
        validate_cvr(cvr)

    assert "eight digits" in _messages(excinfo)


def test_a_cvr_number_cannot_start_with_zero():
    # 01000004 has a weighted sum of 11, so only the leading zero is wrong with it.
    with pytest.raises(ValidationError) as excinfo:
        validate_cvr("01000004")

    assert "does not start with 0" in _messages(excinfo)


@pytest.mark.django_db
def test_an_organisation_with_a_bad_cvr_fails_full_clean():
    organisation = OrganisationFactory.build(alliance=AllianceFactory(), cvr="29189375")

    with pytest.raises(ValidationError) as excinfo:
        organisation.full_clean()

    assert "cvr" in excinfo.value.message_dict


# Alliance.slug


@pytest.mark.django_db
@pytest.mark.parametrize("slug", ["admin", "accounts", "home", "health", "i18n", "privacy", "api"])
def test_a_reserved_alliance_address_is_rejected_by_full_clean(slug):
    alliance = AllianceFactory.build(slug=slug)

    with pytest.raises(ValidationError) as excinfo:
        alliance.full_clean()

    assert "slug" in excinfo.value.message_dict


@pytest.mark.django_db
def test_an_ordinary_alliance_address_passes_full_clean():
    AllianceFactory.build(slug="kalundborg").full_clean()


def test_every_top_level_url_segment_is_reserved():
    """An alliance at /<slug>/ must never shadow a page of the platform."""
    segments = set()
    for pattern in get_resolver().url_patterns:
        first = str(pattern.pattern).split("/", 1)[0]
        if first and "<" not in first:
            segments.add(first)

    assert segments  # home, privacy, health, i18n, accounts, admin
    assert segments <= RESERVED_SLUGS, segments - RESERVED_SLUGS


# Membership


@pytest.mark.django_db
def test_a_membership_with_an_organisation_of_another_alliance_is_rejected():
    alliance = AllianceFactory()
    foreign = OrganisationFactory(alliance=AllianceFactory())
    membership = Membership(
        user=UserFactory(), alliance=alliance, role=Role.MEMBER, organisation=foreign
    )

    with pytest.raises(ValidationError) as excinfo:
        membership.full_clean()

    assert "organisation" in excinfo.value.message_dict


@pytest.mark.django_db
def test_a_membership_with_an_organisation_of_its_own_alliance_passes():
    alliance = AllianceFactory()
    membership = Membership(
        user=UserFactory(),
        alliance=alliance,
        role=Role.MEMBER,
        organisation=OrganisationFactory(alliance=alliance),
    )

    membership.full_clean()
