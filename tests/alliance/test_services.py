import pytest
from django.core.exceptions import ValidationError

from alliance.models import Alliance, FocusArea, Membership, Organisation, Role, Sector, User
from alliance.services import (
    alliance_create,
    focus_area_create,
    membership_deactivate,
    membership_grant,
    organisation_create,
    user_create,
)
from tests.factories import (
    AllianceFactory,
    FocusAreaFactory,
    MembershipFactory,
    OrganisationFactory,
    UserFactory,
)

pytestmark = pytest.mark.django_db


# user_create


def test_user_create_lower_cases_the_email():
    user = user_create(email="  Mette.Kragh@Example.ORG ", full_name="Mette Kragh")

    assert user.email == "mette.kragh@example.org"
    assert user.full_name == "Mette Kragh"
    assert User.objects.filter(email="mette.kragh@example.org").count() == 1


def test_user_create_without_password_cannot_log_in():
    user = user_create(email="no.password@example.org")

    assert not user.has_usable_password()


def test_user_create_with_password_can_log_in(client):
    user_create(email="person@example.org", password="A-long-enough-password-2026")

    assert client.login(email="person@example.org", password="A-long-enough-password-2026")


def test_user_create_rejects_a_weak_password():
    with pytest.raises(ValidationError):
        user_create(email="weak@example.org", password="123456")

    assert not User.objects.filter(email="weak@example.org").exists()


def test_user_create_rejects_an_email_that_differs_only_in_case():
    UserFactory(email="taken@example.org")

    with pytest.raises(ValidationError) as error:
        user_create(email="TAKEN@example.org")

    assert "email" in error.value.message_dict
    assert User.objects.filter(email__iexact="taken@example.org").count() == 1


def test_user_create_rejects_an_invalid_email():
    with pytest.raises(ValidationError):
        user_create(email="not-an-email")


# alliance_create


def test_alliance_create():
    alliance = alliance_create(
        name="Ung & Sund Kalundborg",
        slug="kalundborg",
        municipality="Kalundborg",
        vision="Alle unge har håb og drømme.",
        is_public=True,
    )

    assert Alliance.objects.get(slug="kalundborg") == alliance
    assert alliance.is_public
    assert not alliance.is_demo


def test_alliance_create_rejects_a_reserved_slug():
    with pytest.raises(ValidationError) as error:
        alliance_create(name="Admin", slug="admin")

    assert "slug" in error.value.message_dict
    assert not Alliance.objects.exists()


def test_alliance_create_rejects_a_taken_slug():
    AllianceFactory(slug="kalundborg")

    with pytest.raises(ValidationError):
        alliance_create(name="Another", slug="kalundborg")

    assert Alliance.objects.count() == 1


# organisation_create


def test_organisation_create_with_a_valid_cvr():
    alliance = AllianceFactory()

    organisation = organisation_create(
        alliance=alliance, name="Kalundborg Kommune", sector=Sector.MUNICIPALITY, cvr="29189374"
    )

    assert organisation.alliance == alliance
    assert organisation.cvr == "29189374"


def test_organisation_create_rejects_a_bad_cvr_check_digit():
    with pytest.raises(ValidationError) as error:
        organisation_create(
            alliance=AllianceFactory(), name="X", sector=Sector.BUSINESS, cvr="29189375"
        )

    assert "cvr" in error.value.message_dict
    assert not Organisation.objects.exists()


def test_organisation_create_rejects_an_unknown_sector():
    with pytest.raises(ValidationError):
        organisation_create(alliance=AllianceFactory(), name="X", sector="aliens")


def test_organisation_create_rejects_a_duplicate_name_in_the_same_alliance_only():
    alliance, other = AllianceFactory(), AllianceFactory()
    OrganisationFactory(alliance=alliance, name="Raklev GI")

    with pytest.raises(ValidationError):
        organisation_create(alliance=alliance, name="Raklev GI", sector=Sector.SPORTS_LEISURE)
    organisation_create(alliance=other, name="Raklev GI", sector=Sector.SPORTS_LEISURE)

    assert Organisation.objects.filter(name="Raklev GI").count() == 2


# focus_area_create


def test_focus_area_create():
    alliance = AllianceFactory()

    focus_area = focus_area_create(
        alliance=alliance, position=1, title="Mental trivsel og fællesskaber"
    )

    assert list(alliance.focus_areas.all()) == [focus_area]


def test_focus_area_create_rejects_a_taken_number():
    existing = FocusAreaFactory(position=1)

    with pytest.raises(ValidationError):
        focus_area_create(alliance=existing.alliance, position=1, title="Another")

    assert FocusArea.objects.count() == 1


# membership_grant


def test_membership_grant_creates_the_membership():
    user, alliance = UserFactory(), AllianceFactory()
    organisation = OrganisationFactory(alliance=alliance)

    membership = membership_grant(
        user=user, alliance=alliance, role=Role.COORDINATOR, organisation=organisation
    )

    assert membership.role == Role.COORDINATOR
    assert membership.organisation == organisation
    assert membership.is_active


def test_membership_grant_updates_the_one_membership():
    membership = MembershipFactory(role=Role.MEMBER)

    granted = membership_grant(
        user=membership.user, alliance=membership.alliance, role=Role.STEERING
    )

    assert granted.pk == membership.pk
    assert Membership.objects.count() == 1
    membership.refresh_from_db()
    assert membership.role == Role.STEERING


def test_membership_grant_reactivates_a_deactivated_membership():
    membership = MembershipFactory(role=Role.MEMBER, is_active=False)

    membership_grant(user=membership.user, alliance=membership.alliance, role=Role.MEMBER)

    membership.refresh_from_db()
    assert membership.is_active


def test_membership_grant_clears_the_organisation_when_none_is_given():
    alliance = AllianceFactory()
    membership = MembershipFactory(
        alliance=alliance, organisation=OrganisationFactory(alliance=alliance)
    )

    membership_grant(user=membership.user, alliance=alliance, role=Role.MEMBER)

    membership.refresh_from_db()
    assert membership.organisation is None


def test_membership_grant_rejects_another_alliances_organisation():
    user, alliance = UserFactory(), AllianceFactory()

    with pytest.raises(ValidationError) as error:
        membership_grant(
            user=user, alliance=alliance, role=Role.MEMBER, organisation=OrganisationFactory()
        )

    assert "organisation" in error.value.message_dict
    assert not Membership.objects.exists()


def test_membership_grant_rejects_an_unknown_role():
    with pytest.raises(ValidationError):
        membership_grant(user=UserFactory(), alliance=AllianceFactory(), role="king")

    assert not Membership.objects.exists()


def test_membership_grant_keeps_memberships_of_other_alliances():
    membership = MembershipFactory(role=Role.SECRETARIAT)

    membership_grant(user=membership.user, alliance=AllianceFactory(), role=Role.YOUTH)

    membership.refresh_from_db()
    assert membership.role == Role.SECRETARIAT
    assert membership.user.memberships.count() == 2


# membership_deactivate


def test_membership_deactivate_keeps_the_row_and_removes_it_from_active():
    membership = MembershipFactory()

    membership_deactivate(membership=membership)

    membership.refresh_from_db()
    assert not membership.is_active
    assert not Membership.objects.active().exists()
    assert Membership.objects.count() == 1
