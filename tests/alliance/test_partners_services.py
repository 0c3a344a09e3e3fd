"""Services of the partners area: partner organisations, commitments, sending, signing."""

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.utils import translation

from alliance.models import Commitment, CommitmentSignature, CommitmentStatus, Role, Sector
from alliance.services.partners import (
    commitment_create,
    commitment_fingerprint,
    commitment_send_for_signature,
    commitment_sign,
    commitment_update,
    partner_create,
    partner_update,
)
from tests.factories import (
    AllianceFactory,
    CommitmentFactory,
    FocusAreaFactory,
    GoalFactory,
    MembershipFactory,
    OrganisationFactory,
    UserFactory,
)

pytestmark = pytest.mark.django_db

VALID_CVR = "29189846"  # Kalundborg Kommune
CONTENT = {
    "hours_per_year": 300,
    "money_dkk": 50000,
    "venues": "Aula",
    "data": "Trivselsmåling",
    "activities": "Mentorer",
    "other": "",
}


@pytest.fixture
def alliance():
    return AllianceFactory()


@pytest.fixture
def secretary(alliance):
    return MembershipFactory(alliance=alliance, role=Role.SECRETARIAT).user


@pytest.fixture
def representative(alliance):
    return MembershipFactory(alliance=alliance, role=Role.STEERING).user


@pytest.fixture
def goals(alliance):
    area = FocusAreaFactory(alliance=alliance)
    return [GoalFactory(focus_area=area, title=f"Mål {n}") for n in range(3)]


def _awaiting(alliance, representative, goals, secretary):
    organisation = OrganisationFactory(alliance=alliance, name="Kalundborg Gymnasium")
    commitment = commitment_create(
        organisation=organisation,
        user=secretary,
        goals=goals[:2],
        representative=representative,
        **CONTENT,
    )
    return commitment_send_for_signature(commitment=commitment, user=secretary)


def _update(commitment, user, **changes):
    values = {
        **{name: getattr(commitment, name) for name in CONTENT},
        "goals": list(commitment.goals.all()),
        "representative": commitment.representative,
        **changes,
    }
    return commitment_update(commitment=commitment, user=user, **values)


# partner_create / partner_update


def test_partner_create_records_the_acting_user_in_the_history(alliance, secretary):
    partner = partner_create(
        alliance=alliance,
        user=secretary,
        name="  Raklev GI ",
        sector=Sector.SPORTS_LEISURE,
        cvr=VALID_CVR,
        is_listed_publicly=True,
    )

    assert partner.name == "Raklev GI"
    assert partner.is_listed_publicly is True
    assert partner.history.get().history_user == secretary


def test_partner_create_refuses_a_duplicate_name_in_the_same_alliance(alliance, secretary):
    OrganisationFactory(alliance=alliance, name="Raklev GI")

    with translation.override("en"), pytest.raises(ValidationError) as error:
        partner_create(alliance=alliance, user=secretary, name="raklev gi", sector=Sector.OTHER)

    assert list(error.value.message_dict) == ["name"]
    assert "already has a partner called" in error.value.message_dict["name"][0]


def test_the_same_name_is_fine_in_another_alliance(alliance, secretary):
    OrganisationFactory(name="Raklev GI")

    partner = partner_create(alliance=alliance, user=secretary, name="Raklev GI", sector="other")

    assert partner.pk


@pytest.mark.parametrize(
    ("cvr", "message"),
    [
        ("29189847", "kontrolcifferet passer ikke"),
        ("1234", "otte cifre"),
        ("0918984x", "otte cifre"),
        ("01234567", "otte cifre"),
    ],
)
def test_partner_create_refuses_a_bad_cvr_number_in_danish(alliance, secretary, cvr, message):
    with pytest.raises(ValidationError) as error:
        partner_create(alliance=alliance, user=secretary, name="X", sector="other", cvr=cvr)

    assert message in error.value.message_dict["cvr"][0]


def test_partner_create_refuses_a_sector_outside_the_list(alliance, secretary):
    with pytest.raises(ValidationError) as error:
        partner_create(alliance=alliance, user=secretary, name="X", sector="church")

    assert "sector" in error.value.message_dict


def test_partner_update_saves_changes_and_skips_an_unchanged_save(alliance, secretary):
    partner = OrganisationFactory(alliance=alliance, name="Old name")
    entries = partner.history.count()

    partner_update(organisation=partner, user=secretary, name="Old name")
    assert partner.history.count() == entries

    partner_update(organisation=partner, user=secretary, name="New name", cvr=VALID_CVR)
    partner.refresh_from_db()
    assert (partner.name, partner.cvr) == ("New name", VALID_CVR)
    assert partner.history.latest().history_user == secretary


def test_partner_update_refuses_another_partners_name(alliance, secretary):
    OrganisationFactory(alliance=alliance, name="Taken")
    partner = OrganisationFactory(alliance=alliance, name="Mine")

    with pytest.raises(ValidationError):
        partner_update(organisation=partner, user=secretary, name="Taken")


def test_partner_update_rejects_unknown_fields(alliance, secretary):
    with pytest.raises(TypeError):
        partner_update(organisation=OrganisationFactory(alliance=alliance), user=secretary, x=1)


# commitment_create


def test_commitment_create_starts_a_draft_with_goals_and_history(
    alliance, secretary, representative, goals
):
    organisation = OrganisationFactory(alliance=alliance)

    commitment = commitment_create(
        organisation=organisation,
        user=secretary,
        goals=goals[:2],
        representative=representative,
        **CONTENT,
    )

    assert commitment.status == CommitmentStatus.DRAFT
    assert commitment.version == 1
    assert set(commitment.goals.all()) == set(goals[:2])
    latest = commitment.history.latest()
    assert latest.history_user == secretary
    assert {row.goal_id for row in latest.goals.all()} == {goals[0].pk, goals[1].pk}


def test_commitment_create_refuses_another_alliances_goal(alliance, secretary):
    foreign_goal = GoalFactory()

    with pytest.raises(ValidationError) as error:
        commitment_create(
            organisation=OrganisationFactory(alliance=alliance),
            user=secretary,
            goals=[foreign_goal],
        )

    assert "goals" in error.value.message_dict
    assert not Commitment.objects.exists()


@pytest.mark.parametrize("kind", ["no membership", "other alliance", "deactivated"])
def test_commitment_create_refuses_a_representative_who_is_not_an_active_member(
    alliance, secretary, kind
):
    person = UserFactory()
    if kind == "other alliance":
        MembershipFactory(user=person)
    elif kind == "deactivated":
        MembershipFactory(user=person, alliance=alliance, is_active=False)

    with pytest.raises(ValidationError) as error:
        commitment_create(
            organisation=OrganisationFactory(alliance=alliance),
            user=secretary,
            representative=person,
        )

    assert "representative" in error.value.message_dict


def test_commitment_create_refuses_a_second_commitment(alliance, secretary):
    commitment = CommitmentFactory(organisation=OrganisationFactory(alliance=alliance))

    with pytest.raises(ValidationError):
        commitment_create(organisation=commitment.organisation, user=secretary)


# commitment_send_for_signature


def test_send_for_signature_needs_a_representative(alliance, secretary):
    commitment = CommitmentFactory(organisation=OrganisationFactory(alliance=alliance))

    with pytest.raises(ValidationError):
        commitment_send_for_signature(commitment=commitment, user=secretary)

    commitment.refresh_from_db()
    assert commitment.status == CommitmentStatus.DRAFT


def test_send_for_signature_only_from_draft(alliance, secretary, representative, goals):
    commitment = _awaiting(alliance, representative, goals, secretary)
    assert commitment.status == CommitmentStatus.AWAITING_SIGNATURE
    assert commitment.history.latest().history_user == secretary

    with pytest.raises(ValidationError):
        commitment_send_for_signature(commitment=commitment, user=secretary)


# commitment_sign


def test_the_representative_signs_and_the_exact_text_is_kept(
    alliance, secretary, representative, goals
):
    commitment = _awaiting(alliance, representative, goals, secretary)

    signature = commitment_sign(
        commitment=commitment,
        user=representative,
        fingerprint=commitment_fingerprint(commitment),
    )

    commitment.refresh_from_db()
    assert commitment.status == CommitmentStatus.SIGNED
    assert (signature.version, signature.signed_by) == (1, representative)
    assert signature.text == {
        "organisation": "Kalundborg Gymnasium",
        "version": 1,
        **CONTENT,
        "goals": ["Mål 0", "Mål 1"],
        "representative": {"name": representative.full_name, "email": representative.email},
    }
    assert commitment.history.latest().history_user == representative


@pytest.mark.parametrize("who", ["secretariat", "another member", "anonymous"])
def test_only_the_representative_may_sign(alliance, secretary, representative, goals, who):
    from django.contrib.auth.models import AnonymousUser

    commitment = _awaiting(alliance, representative, goals, secretary)
    user = {
        "secretariat": secretary,
        "another member": MembershipFactory(alliance=alliance).user,
        "anonymous": AnonymousUser(),
    }[who]

    with pytest.raises(PermissionDenied):
        commitment_sign(commitment=commitment, user=user)

    assert not CommitmentSignature.objects.exists()


def test_a_deactivated_representative_cannot_sign(alliance, secretary, representative, goals):
    commitment = _awaiting(alliance, representative, goals, secretary)
    representative.memberships.update(is_active=False)

    with pytest.raises(PermissionDenied):
        commitment_sign(commitment=commitment, user=representative)


@pytest.mark.parametrize("status", [CommitmentStatus.DRAFT, CommitmentStatus.SIGNED])
def test_sign_only_when_waiting_for_a_signature(alliance, representative, status):
    commitment = CommitmentFactory(
        organisation=OrganisationFactory(alliance=alliance),
        representative=representative,
        status=status,
    )

    with pytest.raises(ValidationError):
        commitment_sign(commitment=commitment, user=representative)

    assert not CommitmentSignature.objects.exists()


def test_sign_refuses_a_text_changed_while_it_was_read(alliance, secretary, representative, goals):
    commitment = _awaiting(alliance, representative, goals, secretary)
    fingerprint = commitment_fingerprint(commitment)
    _update(commitment, secretary, hours_per_year=999)

    with pytest.raises(ValidationError):
        commitment_sign(commitment=commitment, user=representative, fingerprint=fingerprint)

    commitment.refresh_from_db()
    assert commitment.status == CommitmentStatus.AWAITING_SIGNATURE


# commitment_update


@pytest.fixture
def signed(alliance, secretary, representative, goals):
    commitment = _awaiting(alliance, representative, goals, secretary)
    commitment_sign(commitment=commitment, user=representative)
    commitment.refresh_from_db()
    return commitment


def test_an_unchanged_save_bumps_nothing_and_writes_no_history(signed, secretary):
    entries = signed.history.count()

    commitment = _update(signed, secretary)

    assert (commitment.version, commitment.status) == (1, CommitmentStatus.SIGNED)
    assert signed.history.count() == entries


@pytest.mark.parametrize(
    "change",
    [
        {"hours_per_year": 301},
        {"money_dkk": None},
        {"venues": "Hal"},
        {"data": ""},
        {"activities": "Andet"},
        {"other": "Kaffe"},
    ],
)
def test_a_content_change_after_signing_asks_for_a_new_signature(
    signed, secretary, representative, change
):
    commitment = _update(signed, secretary, **change)

    assert (commitment.version, commitment.status) == (2, CommitmentStatus.AWAITING_SIGNATURE)
    old = CommitmentSignature.objects.get(commitment=signed)
    assert old.version == 1
    assert old.text["hours_per_year"] == 300
    latest = commitment.history.latest()
    assert (latest.history_user, latest.version) == (secretary, 2)

    # the new version is signed next to the old one
    commitment_sign(commitment=commitment, user=representative)
    assert list(signed.signatures.values_list("version", flat=True)) == [2, 1]


def test_a_goal_change_after_signing_asks_for_a_new_signature_with_one_history_entry(
    signed, secretary, goals
):
    entries = signed.history.count()

    commitment = _update(signed, secretary, goals=[goals[2]])

    assert (commitment.version, commitment.status) == (2, CommitmentStatus.AWAITING_SIGNATURE)
    assert list(commitment.goals.all()) == [goals[2]]
    assert signed.history.count() == entries + 1
    latest = commitment.history.latest()
    assert [row.goal_id for row in latest.goals.all()] == [goals[2].pk]
    assert CommitmentSignature.objects.get().text["goals"] == ["Mål 0", "Mål 1"]


def test_changing_only_the_representative_keeps_the_signature(signed, secretary, alliance):
    other = MembershipFactory(alliance=alliance).user

    commitment = _update(signed, secretary, representative=other)

    assert (commitment.version, commitment.status) == (1, CommitmentStatus.SIGNED)
    assert commitment.representative == other


def test_a_change_to_a_draft_keeps_version_and_status(alliance, secretary):
    commitment = CommitmentFactory(organisation=OrganisationFactory(alliance=alliance))

    commitment = _update(commitment, secretary, hours_per_year=5)

    assert (commitment.version, commitment.status, commitment.hours_per_year) == (
        1,
        CommitmentStatus.DRAFT,
        5,
    )


def test_a_change_while_waiting_keeps_the_version(alliance, secretary, representative, goals):
    commitment = _awaiting(alliance, representative, goals, secretary)

    commitment = _update(commitment, secretary, venues="Ny hal")

    assert (commitment.version, commitment.status) == (1, CommitmentStatus.AWAITING_SIGNATURE)


def test_commitment_update_refuses_another_alliances_goal(signed, secretary):
    with pytest.raises(ValidationError):
        _update(signed, secretary, goals=[GoalFactory()])

    signed.refresh_from_db()
    assert signed.version == 1
