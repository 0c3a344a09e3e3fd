"""Selectors of the partners area: scoping by role, grouping, fixed query counts."""

import pytest

from alliance.models import CommitmentStatus, Role, Sector
from alliance.selectors_partners import (
    commitment_of,
    commitments_awaiting_signature_of,
    partner_get,
    partner_list,
    representative_choices,
)
from tests.factories import (
    AllianceFactory,
    CommitmentFactory,
    FocusAreaFactory,
    GoalFactory,
    MembershipFactory,
    OrganisationFactory,
)

pytestmark = pytest.mark.django_db


@pytest.fixture
def alliance():
    return AllianceFactory()


def _membership(alliance, role):
    return MembershipFactory(alliance=alliance, role=role)


def _names(groups):
    return [partner.name for group in groups for partner in group.partners]


def test_partner_list_groups_by_sector_in_the_sectors_order(alliance):
    OrganisationFactory(alliance=alliance, name="B sport", sector=Sector.SPORTS_LEISURE)
    OrganisationFactory(alliance=alliance, name="A kommune", sector=Sector.MUNICIPALITY)
    OrganisationFactory(alliance=alliance, name="C kommune", sector=Sector.MUNICIPALITY)
    OrganisationFactory(name="Another alliance's")

    groups = partner_list(alliance=alliance, membership=_membership(alliance, Role.MEMBER))

    assert [g.sector for g in groups] == [Sector.MUNICIPALITY, Sector.SPORTS_LEISURE]
    assert _names(groups) == ["A kommune", "C kommune", "B sport"]


def test_partner_list_filters_by_sector(alliance):
    OrganisationFactory(alliance=alliance, name="Sport", sector=Sector.SPORTS_LEISURE)
    OrganisationFactory(alliance=alliance, name="Kommune", sector=Sector.MUNICIPALITY)

    groups = partner_list(
        alliance=alliance,
        membership=_membership(alliance, Role.MEMBER),
        sector=Sector.SPORTS_LEISURE,
    )

    assert _names(groups) == ["Sport"]


def test_youth_see_only_publicly_listed_partners(alliance):
    OrganisationFactory(alliance=alliance, name="Listed", is_listed_publicly=True)
    OrganisationFactory(alliance=alliance, name="Unlisted", is_listed_publicly=False)
    youth = _membership(alliance, Role.YOUTH)

    assert _names(partner_list(alliance=alliance, membership=youth)) == ["Listed"]
    adult = _membership(alliance, Role.MEMBER)
    assert _names(partner_list(alliance=alliance, membership=adult)) == ["Listed", "Unlisted"]


def test_partner_get_scopes_to_the_alliance_and_to_youth(alliance):
    listed = OrganisationFactory(alliance=alliance, is_listed_publicly=True)
    unlisted = OrganisationFactory(alliance=alliance, is_listed_publicly=False)
    foreign = OrganisationFactory(is_listed_publicly=True)
    youth = _membership(alliance, Role.YOUTH)
    adult = _membership(alliance, Role.SECRETARIAT)

    assert partner_get(alliance=alliance, membership=youth, pk=listed.pk) == listed
    assert partner_get(alliance=alliance, membership=youth, pk=unlisted.pk) is None
    assert partner_get(alliance=alliance, membership=adult, pk=unlisted.pk) == unlisted
    assert partner_get(alliance=alliance, membership=adult, pk=foreign.pk) is None


def test_a_young_representative_finds_the_unlisted_partner_they_sign_for(alliance):
    youth = _membership(alliance, Role.YOUTH)
    unlisted = OrganisationFactory(alliance=alliance, is_listed_publicly=False)
    CommitmentFactory(organisation=unlisted, representative=youth.user)

    assert partner_get(alliance=alliance, membership=youth, pk=unlisted.pk) == unlisted


def test_commitment_of_is_none_without_a_commitment(alliance):
    partner = OrganisationFactory(alliance=alliance)
    adult = _membership(alliance, Role.MEMBER)

    assert commitment_of(partner_get(alliance=alliance, membership=adult, pk=partner.pk)) is None


def test_commitments_awaiting_signature_of_a_person(alliance):
    person = _membership(alliance, Role.STEERING).user
    waiting = CommitmentFactory(
        organisation=OrganisationFactory(alliance=alliance),
        representative=person,
        status=CommitmentStatus.AWAITING_SIGNATURE,
    )
    CommitmentFactory(
        organisation=OrganisationFactory(alliance=alliance),
        representative=person,
        status=CommitmentStatus.SIGNED,
    )
    CommitmentFactory(
        organisation=OrganisationFactory(alliance=alliance),
        status=CommitmentStatus.AWAITING_SIGNATURE,
    )

    assert commitments_awaiting_signature_of(user=person, alliance=alliance) == [waiting]


def test_representative_choices_list_the_organisations_people_first(alliance):
    organisation = OrganisationFactory(alliance=alliance)
    MembershipFactory(alliance=alliance, user__full_name="Aase Andersen")
    own = MembershipFactory(
        alliance=alliance, organisation=organisation, user__full_name="Zenia Zobel"
    )
    MembershipFactory(alliance=alliance, is_active=False, user__full_name="Bo Inaktiv")
    MembershipFactory(user__full_name="Other alliance")

    choices = list(representative_choices(alliance=alliance, organisation=organisation))

    assert [m.user.full_name for m in choices] == ["Zenia Zobel", "Aase Andersen"]
    assert choices[0] == own


@pytest.mark.parametrize("role", [Role.SECRETARIAT, Role.YOUTH])
def test_partner_list_runs_a_fixed_number_of_queries(alliance, django_assert_num_queries, role):
    membership = _membership(alliance, role)
    area = FocusAreaFactory(alliance=alliance)

    def add(n):
        for _ in range(n):
            commitment = CommitmentFactory(
                organisation=OrganisationFactory(alliance=alliance, is_listed_publicly=True),
                representative=membership.user,
            )
            commitment.goals.set([GoalFactory(focus_area=area), GoalFactory(focus_area=area)])

    add(5)
    expected = 2 if role == Role.SECRETARIAT else 1
    with django_assert_num_queries(expected):
        groups = partner_list(alliance=alliance, membership=membership)
        _touch(groups, with_commitments=role == Role.SECRETARIAT)
    add(45)
    with django_assert_num_queries(expected):
        groups = partner_list(alliance=alliance, membership=membership)
        _touch(groups, with_commitments=role == Role.SECRETARIAT)
    assert len(_names(groups)) == 50


def _touch(groups, *, with_commitments):
    """Read everything the page reads."""
    for group in groups:
        for partner in group.partners:
            if with_commitments:
                commitment = partner.commitment
                [goal.focus_area.title for goal in commitment.goals.all()]
                str(commitment.representative)
