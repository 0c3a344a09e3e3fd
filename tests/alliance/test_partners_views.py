"""Pages of the partners area: status, permission, redirect, content, query counts."""

import pytest
from django.conf import settings
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from alliance.models import Commitment, CommitmentSignature, CommitmentStatus, Organisation, Role
from alliance.services.partners import commitment_fingerprint, commitment_sign
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
    return AllianceFactory(slug="kalundborg", is_public=False)


def _login(client, alliance, role, **kwargs):
    membership = MembershipFactory(alliance=alliance, role=role, **kwargs)
    client.force_login(membership.user)
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
    return membership.user


def _url(name, alliance, **kwargs):
    return reverse(f"alliance:{name}", kwargs={"alliance_slug": alliance.slug, **kwargs})


def _awaiting(alliance, representative, **kwargs):
    area = FocusAreaFactory(alliance=alliance)
    return CommitmentFactory(
        organisation=OrganisationFactory(alliance=alliance, name="Raklev GI", **kwargs),
        representative=representative,
        status=CommitmentStatus.AWAITING_SIGNATURE,
        money_dkk=750000,
        hours_per_year=1600,
        goals=[GoalFactory(focus_area=area, title="Flere unge i organiseret fritid")],
    )


# the list


def test_the_list_shows_status_contribution_and_goals(client, alliance):
    _login(client, alliance, Role.MEMBER)
    _awaiting(alliance, None)

    response = client.get(_url("partners", alliance))

    content = response.content.decode()
    assert response.status_code == 200
    assert "Raklev GI" in content
    assert "Waiting for signature" in content
    assert "1,600 hours per year" in content
    assert "DKK 750,000 per year" in content
    assert "Flere unge i organiseret fritid" in content
    assert "Add a partner" not in content


def test_money_is_grouped_the_danish_way_in_danish(client, alliance):
    _login(client, alliance, Role.MEMBER)
    _awaiting(alliance, None)
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "da"

    content = client.get(_url("partners", alliance)).content.decode()

    assert "750.000" in content
    assert "1.600" in content


def test_youth_see_listed_partners_without_commitments(client, alliance):
    _login(client, alliance, Role.YOUTH)
    _awaiting(alliance, None, is_listed_publicly=True)
    OrganisationFactory(alliance=alliance, name="Hidden partner", is_listed_publicly=False)

    content = client.get(_url("partners", alliance)).content.decode()

    assert "Raklev GI" in content
    assert "Hidden partner" not in content
    assert "Waiting for signature" not in content
    assert "hours per year" not in content


def test_the_list_filters_by_sector(client, alliance):
    _login(client, alliance, Role.MEMBER)
    OrganisationFactory(alliance=alliance, name="Sports club", sector="sports_leisure")
    OrganisationFactory(alliance=alliance, name="Town hall", sector="municipality")

    content = client.get(_url("partners", alliance), {"sector": "municipality"}).content.decode()
    assert "Town hall" in content and "Sports club" not in content

    bad = client.get(_url("partners", alliance), {"sector": "church"})
    assert bad.status_code == 200
    assert "Sports club" in bad.content.decode()


def test_the_representative_is_told_what_waits_for_their_signature(client, alliance):
    user = _login(client, alliance, Role.STEERING)
    _awaiting(alliance, user)

    content = client.get(_url("partners", alliance)).content.decode()

    assert "A commitment is waiting for your signature" in content
    assert "Read and sign the commitment of Raklev GI" in content


def _count_queries(client, url) -> int:
    with CaptureQueriesContext(connection) as queries:
        assert client.get(url).status_code == 200
    return len(queries)


def test_the_list_runs_the_same_number_of_queries_for_5_and_50_partners(client, alliance):
    user = _login(client, alliance, Role.SECRETARIAT)
    area = FocusAreaFactory(alliance=alliance)

    def add(n):
        for _ in range(n):
            CommitmentFactory(
                organisation=OrganisationFactory(alliance=alliance),
                representative=user,
                status=CommitmentStatus.AWAITING_SIGNATURE,
                goals=[GoalFactory(focus_area=area), GoalFactory(focus_area=area)],
            )

    add(5)
    url = _url("partners", alliance)
    client.get(url)  # warm the session
    five = _count_queries(client, url)
    add(45)
    assert _count_queries(client, url) == five


# the partner page


def test_the_partner_page_shows_commitment_goals_representative(client, alliance):
    _login(client, alliance, Role.MEMBER)
    commitment = _awaiting(alliance, MembershipFactory(alliance=alliance).user)

    response = client.get(_url("partner_detail", alliance, pk=commitment.organisation_id))

    content = response.content.decode()
    assert response.status_code == 200
    assert "Flere unge i organiseret fritid" in content
    assert commitment.representative.full_name in content
    assert "Sign the commitment" not in content


def test_another_alliances_partner_is_404(client, alliance):
    _login(client, alliance, Role.SECRETARIAT)
    foreign = OrganisationFactory()

    for name in ("partner_detail", "partner_edit", "commitment_edit"):
        assert client.get(_url(name, alliance, pk=foreign.pk)).status_code == 404
    assert client.post(_url("commitment_sign", alliance, pk=foreign.pk)).status_code == 404


def test_youth_get_404_for_an_unlisted_partner(client, alliance):
    _login(client, alliance, Role.YOUTH)
    hidden = OrganisationFactory(alliance=alliance, is_listed_publicly=False)

    assert client.get(_url("partner_detail", alliance, pk=hidden.pk)).status_code == 404


def test_the_partner_page_runs_the_same_queries_for_5_and_50_goals_and_signatures(client, alliance):
    user = _login(client, alliance, Role.SECRETARIAT)
    area = FocusAreaFactory(alliance=alliance)
    commitment = CommitmentFactory(
        organisation=OrganisationFactory(alliance=alliance), representative=user
    )

    def add(start, n):
        commitment.goals.add(*[GoalFactory(focus_area=area) for _ in range(n)])
        for version in range(start, start + n):
            CommitmentSignature.objects.create(
                commitment=commitment, version=version, text={}, signed_by=user
            )

    add(1, 5)
    url = _url("partner_detail", alliance, pk=commitment.organisation_id)
    client.get(url)
    five = _count_queries(client, url)
    add(6, 45)
    assert _count_queries(client, url) == five


# signing


def test_the_representative_signs_in_the_app(client, alliance):
    user = _login(client, alliance, Role.STEERING)
    commitment = _awaiting(alliance, user)
    url = _url("partner_detail", alliance, pk=commitment.organisation_id)
    assert "I have the authority to sign on behalf of Raklev GI" in client.get(url).content.decode()

    response = client.post(
        _url("commitment_sign", alliance, pk=commitment.organisation_id),
        {"confirm": "on", "fingerprint": commitment_fingerprint(commitment)},
    )

    assert response.status_code == 302
    assert response["Location"] == url
    commitment.refresh_from_db()
    assert commitment.status == CommitmentStatus.SIGNED
    signature = commitment.signatures.get()
    assert signature.signed_by == user
    page = client.get(url).content.decode()
    assert "Read the text of version 1" in page
    text_url = _url("commitment_signature", alliance, pk=commitment.organisation_id, version=1)
    assert text_url in page
    text = client.get(text_url)
    assert text.status_code == 200
    assert "Flere unge i organiseret fritid" in text.content.decode()


def test_signing_without_the_confirmation_shows_the_error(client, alliance):
    user = _login(client, alliance, Role.STEERING)
    commitment = _awaiting(alliance, user)

    response = client.post(
        _url("commitment_sign", alliance, pk=commitment.organisation_id),
        {"fingerprint": commitment_fingerprint(commitment)},
    )

    assert response.status_code == 400
    assert "Confirm that you have the authority" in response.content.decode()
    commitment.refresh_from_db()
    assert commitment.status == CommitmentStatus.AWAITING_SIGNATURE


@pytest.mark.parametrize("role", [Role.SECRETARIAT, Role.STEERING, Role.MEMBER])
def test_only_the_representative_may_sign_403(client, alliance, role):
    _login(client, alliance, role)
    commitment = _awaiting(alliance, MembershipFactory(alliance=alliance).user)

    response = client.post(
        _url("commitment_sign", alliance, pk=commitment.organisation_id),
        {"confirm": "on", "fingerprint": commitment_fingerprint(commitment)},
    )

    assert response.status_code == 403
    assert not CommitmentSignature.objects.exists()


def test_a_stale_text_is_not_signed(client, alliance):
    user = _login(client, alliance, Role.STEERING)
    commitment = _awaiting(alliance, user)

    response = client.post(
        _url("commitment_sign", alliance, pk=commitment.organisation_id),
        {"confirm": "on", "fingerprint": "an old text"},
    )

    assert response.status_code == 302
    commitment.refresh_from_db()
    assert commitment.status == CommitmentStatus.AWAITING_SIGNATURE


def test_youth_may_not_read_signed_texts(client, alliance):
    _login(client, alliance, Role.YOUTH)
    rep = MembershipFactory(alliance=alliance).user
    commitment = _awaiting(alliance, rep, is_listed_publicly=True)
    commitment_sign(commitment=commitment, user=rep)

    url = _url("commitment_signature", alliance, pk=commitment.organisation_id, version=1)
    assert client.get(url).status_code == 403


# the secretariat's forms


def test_non_secretariat_get_403_on_the_forms(client, alliance):
    _login(client, alliance, Role.STEERING)
    partner = OrganisationFactory(alliance=alliance)

    assert client.get(_url("partner_create", alliance)).status_code == 403
    assert client.get(_url("partner_edit", alliance, pk=partner.pk)).status_code == 403
    assert client.get(_url("commitment_edit", alliance, pk=partner.pk)).status_code == 403
    assert client.post(_url("commitment_send", alliance, pk=partner.pk)).status_code == 403


def test_the_secretariat_adds_a_partner(client, alliance):
    user = _login(client, alliance, Role.SECRETARIAT)

    response = client.post(
        _url("partner_create", alliance),
        {
            "name": "Raklev GI",
            "sector": "sports_leisure",
            "cvr": "2918 9846",
            "website": "https://raklev.dk",
            "description": "",
            "is_listed_publicly": "on",
        },
    )

    partner = Organisation.objects.get(alliance=alliance)
    assert response.status_code == 302
    assert response["Location"] == _url("partner_detail", alliance, pk=partner.pk)
    assert (partner.cvr, partner.is_listed_publicly) == ("29189846", True)
    assert partner.history.get().history_user == user


def test_a_duplicate_name_and_a_bad_cvr_are_shown_in_danish(client, alliance):
    _login(client, alliance, Role.SECRETARIAT)
    OrganisationFactory(alliance=alliance, name="Raklev GI")
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "da"

    response = client.post(
        _url("partner_create", alliance),
        {"name": "Raklev GI", "sector": "sports_leisure", "cvr": "29189847"},
    )

    content = response.content.decode()
    assert response.status_code == 200
    assert "Raklev GI" in content
    assert "kontrolcifferet passer ikke" in content
    assert Organisation.objects.filter(alliance=alliance).count() == 1


def test_the_secretariat_edits_a_partner(client, alliance):
    _login(client, alliance, Role.SECRETARIAT)
    partner = OrganisationFactory(alliance=alliance, name="Old")

    response = client.post(
        _url("partner_edit", alliance, pk=partner.pk), {"name": "New", "sector": "business"}
    )

    assert response.status_code == 302
    partner.refresh_from_db()
    assert (partner.name, partner.sector) == ("New", "business")


def test_the_secretariat_writes_sends_and_changes_a_commitment(client, alliance):
    _login(client, alliance, Role.SECRETARIAT)
    partner = OrganisationFactory(alliance=alliance)
    rep = MembershipFactory(alliance=alliance, organisation=partner).user
    goal = GoalFactory(focus_area=FocusAreaFactory(alliance=alliance))
    rep_choice = rep.memberships.get().pk
    url = _url("commitment_edit", alliance, pk=partner.pk)
    assert client.get(url).status_code == 200

    response = client.post(
        url, {"hours_per_year": "10", "goals": [goal.pk], "representative": rep_choice}
    )
    assert response.status_code == 302
    commitment = Commitment.objects.get(organisation=partner)
    assert (commitment.status, commitment.representative) == (CommitmentStatus.DRAFT, rep)

    response = client.post(_url("commitment_send", alliance, pk=partner.pk))
    assert response.status_code == 302
    commitment.refresh_from_db()
    assert commitment.status == CommitmentStatus.AWAITING_SIGNATURE

    commitment_sign(commitment=commitment, user=rep)
    response = client.post(
        url, {"hours_per_year": "20", "goals": [goal.pk], "representative": rep_choice}
    )
    assert response.status_code == 302
    commitment.refresh_from_db()
    assert (commitment.version, commitment.status) == (2, CommitmentStatus.AWAITING_SIGNATURE)
    page = client.get(_url("partner_detail", alliance, pk=partner.pk)).content.decode()
    assert "Changed after signing:" in page
    assert "waiting for a new signature" in page
    assert "Read the text of version 1" in page


def test_the_commitment_form_rejects_another_alliances_goal(client, alliance):
    _login(client, alliance, Role.SECRETARIAT)
    partner = OrganisationFactory(alliance=alliance)

    response = client.post(
        _url("commitment_edit", alliance, pk=partner.pk), {"goals": [GoalFactory().pk]}
    )

    assert response.status_code == 200
    assert not Commitment.objects.exists()


def test_sending_without_a_representative_is_refused_with_a_message(client, alliance):
    _login(client, alliance, Role.SECRETARIAT)
    commitment = CommitmentFactory(organisation=OrganisationFactory(alliance=alliance))

    response = client.post(
        _url("commitment_send", alliance, pk=commitment.organisation_id), follow=True
    )

    assert "Choose the representative" in response.content.decode()
    commitment.refresh_from_db()
    assert commitment.status == CommitmentStatus.DRAFT


def test_get_on_post_only_urls_is_405(client, alliance):
    _login(client, alliance, Role.SECRETARIAT)
    partner = OrganisationFactory(alliance=alliance)

    assert client.get(_url("commitment_send", alliance, pk=partner.pk)).status_code == 405
    assert client.get(_url("commitment_sign", alliance, pk=partner.pk)).status_code == 405
