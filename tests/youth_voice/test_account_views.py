"""The optional youth account: creation with consent (and the guardian below the consent age),
"My data", its JSON export, erasure, and logging in by email code."""

from __future__ import annotations

import json
import re

import pytest
from django.core import mail
from django.test import Client
from django.urls import reverse

from alliance.models import EmailDelivery, Membership, Notification, Role, User
from tests.factories import AllianceFactory, MembershipFactory, UserFactory
from youth_voice import limits
from youth_voice.codes import keyed_hash
from youth_voice.models import (
    Consent,
    ConsentGivenBy,
    ConsentPurpose,
    ConsentStatus,
    ContactDetails,
    ErasureRecord,
    GuardianRequest,
    InputEvent,
    LegalBasis,
    Support,
    YouthInput,
)
from youth_voice.selectors_settings import portal_settings
from youth_voice.services_consent import consent_record

from .factories_community import da, decision, own_cache, url, youth_input

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _own_cache(settings):
    own_cache(settings)


@pytest.fixture
def alliance():
    return AllianceFactory()


def youth_account(alliance, email="ung@example.org") -> User:
    user = UserFactory(email=email, full_name="")
    MembershipFactory(user=user, alliance=alliance, role=Role.YOUTH)
    consent_record(
        alliance=alliance, purpose=ConsentPurpose.ACCOUNT, user=user, below_consent_age=False
    )
    return user


def main_of(response) -> str:
    content = response.content.decode()
    return content[content.index("<main") : content.index("</main>")]


# --- creating an account -------------------------------------------------------------------


def test_account_from_16_is_active_with_consent_given(client, alliance):
    response = client.post(
        url("account_create", alliance),
        {"email": " Ung@Example.org ", "age_band": "16-17", "consent": "on"},
    )

    assert response.status_code == 200
    assert da("Check your email") in response.content.decode()
    user = User.objects.get(email="ung@example.org")
    assert user.is_active
    assert not user.has_usable_password()
    assert user.full_name == ""
    assert Membership.objects.get(user=user).role == Role.YOUTH
    consent = Consent.objects.get(user=user)
    assert consent.purpose == ConsentPurpose.ACCOUNT
    assert consent.status == ConsentStatus.GIVEN
    assert consent.text_version == "account-1"


def test_account_needs_the_consent_box(client, alliance):
    response = client.post(
        url("account_create", alliance), {"email": "ung@example.org", "age_band": "18-24"}
    )

    assert response.status_code == 400
    assert da("Tick the box to create an account.") in response.content.decode()
    assert not User.objects.exists()


def test_under_the_consent_age_the_account_waits_for_a_guardian(client, alliance):
    response = client.post(
        url("account_create", alliance),
        {
            "email": "ung@example.org",
            "age_band": "13-15",
            "is_above_consent_age": "no",
            "guardian_email": "mor@example.org",
            "consent": "on",
        },
    )

    assert response.status_code == 200
    assert da("A parent or guardian must confirm") in response.content.decode()
    user = User.objects.get(email="ung@example.org")
    assert user.is_active is False
    consent = Consent.objects.get(user=user)
    assert consent.status == ConsentStatus.AWAITING_GUARDIAN
    assert consent.given_by == ConsentGivenBy.GUARDIAN
    assert consent.below_consent_age
    assert GuardianRequest.objects.get(consent=consent).guardian_email == "mor@example.org"


def test_the_age_question_is_needed_when_the_band_does_not_tell(client, alliance):
    no_answer = client.post(
        url("account_create", alliance),
        {"email": "ung@example.org", "age_band": "13-15", "consent": "on"},
    )
    no_guardian = client.post(
        url("account_create", alliance),
        {
            "email": "ung@example.org",
            "age_band": "13-15",
            "is_above_consent_age": "no",
            "consent": "on",
        },
    )
    fifteen = client.post(
        url("account_create", alliance),
        {
            "email": "ung@example.org",
            "age_band": "13-15",
            "is_above_consent_age": "yes",
            "consent": "on",
        },
    )

    assert no_answer.status_code == 400
    assert da("Answer whether you are %(age)s or older.", age=15) in no_answer.content.decode()
    assert no_guardian.status_code == 400
    assert fifteen.status_code == 200
    assert User.objects.get(email="ung@example.org").is_active


def test_under_a_public_task_no_age_question_and_no_guardian(client, alliance):
    settings = portal_settings(alliance)
    settings.legal_basis = LegalBasis.PUBLIC_TASK
    settings.save()

    form = client.get(url("account_create", alliance))
    response = client.post(
        url("account_create", alliance),
        {"email": "ung@example.org", "age_band": "13-15", "consent": "on"},
    )

    assert "is_above_consent_age" not in form.content.decode()
    assert response.status_code == 200
    user = User.objects.get(email="ung@example.org")
    assert user.is_active
    consent = Consent.objects.get(user=user)
    assert consent.legal_basis == LegalBasis.PUBLIC_TASK
    assert not GuardianRequest.objects.exists()


def test_an_existing_email_gets_the_same_page_and_changes_nothing(client, alliance):
    owner = UserFactory(email="taken@example.org")
    new = client.post(
        url("account_create", alliance),
        {"email": "new@example.org", "age_band": "18-24", "consent": "on"},
    )
    taken = Client().post(
        url("account_create", alliance),
        {"email": "TAKEN@example.org", "age_band": "18-24", "consent": "on"},
    )

    assert taken.status_code == new.status_code == 200
    assert main_of(taken) == main_of(new)
    assert not Membership.objects.filter(user=owner).exists()
    assert not Consent.objects.filter(user=owner).exists()


def test_logged_in_people_are_sent_to_my_data(client, alliance):
    client.force_login(youth_account(alliance))

    response = client.get(url("account_create", alliance))

    assert response.status_code == 302
    assert response["Location"] == url("my_data", alliance)


def test_account_creation_is_rate_limited(client, alliance, monkeypatch):
    monkeypatch.setitem(limits.RATES, "account", {"session": "1/d"})
    data = {"email": "a@example.org", "age_band": "18-24", "consent": "on"}

    client.post(url("account_create", alliance), data)
    second = client.post(url("account_create", alliance), {**data, "email": "b@example.org"})

    assert second.status_code == 429
    assert not User.objects.filter(email="b@example.org").exists()


def test_a_new_account_logs_in_with_an_email_code(client, alliance):
    client.post(
        url("account_create", alliance),
        {"email": "ung@example.org", "age_band": "18-24", "consent": "on"},
    )
    mail.outbox.clear()

    created = client.get(url("account_create", alliance))
    login_url = created.context["login_url"]
    page = client.get(login_url)
    sent = client.post(login_url, {"email": "ung@example.org"})
    code = re.search(r"^\s*([A-Z0-9]{4}-[A-Z0-9]{4})\s*$", mail.outbox[0].body, re.MULTILINE).group(
        1
    )
    confirmed = client.post(sent["Location"], {"code": code})
    my_data = client.get(url("my_data", alliance))

    assert page.status_code == 200
    assert sent.status_code == 302
    assert confirmed.status_code == 302
    assert confirmed["Location"] == url("my_data", alliance)
    assert my_data.status_code == 200
    assert "ung@example.org" in my_data.content.decode()


# --- my data -----------------------------------------------------------------------------------


def test_my_data_needs_a_login_and_a_membership(client, alliance):
    anonymous = client.get(url("my_data", alliance))
    client.force_login(UserFactory())
    outsider = client.get(url("my_data", alliance))

    assert anonymous.status_code == 302
    assert anonymous["Location"].startswith(reverse("account_login"))
    assert outsider.status_code == 404
    assert client.get(url("my_data_export", alliance)).status_code == 404
    assert client.get(url("my_data_erase", alliance)).status_code == 404


def test_my_data_shows_my_inputs_with_answer_and_decision(client, alliance):
    user = youth_account(alliance)
    youth_input(
        alliance=alliance,
        user=user,
        text="<i>Min egen tekst</i>",
        answer="Svar til dig",
        decision=decision(alliance=alliance),
    )
    youth_input(alliance=alliance, published_text="En andens tekst")
    client.force_login(user)

    content = client.get(url("my_data", alliance)).content.decode()

    assert "&lt;i&gt;Min egen tekst&lt;/i&gt;" in content
    assert "Svar til dig" in content
    assert "Vi sætter bænke op ved havnen" in content
    assert "En andens tekst" not in content
    assert da("Withdraw") in content


def test_export_holds_the_account_inputs_consents_and_support_count(client, alliance):
    user = youth_account(alliance)
    mine = youth_input(alliance=alliance, user=user, text="Min idé")
    other = youth_input(alliance=alliance)
    Support.objects.create(input=other, supporter_hash=keyed_hash("user", str(user.pk)))
    client.force_login(user)

    response = client.get(url("my_data_export", alliance))

    assert response["Content-Type"].startswith("application/json")
    assert "attachment" in response["Content-Disposition"]
    data = json.loads(response.content)
    assert data["account"]["email"] == "ung@example.org"
    assert {"language", "created"} <= data["account"].keys()
    assert data["youth_membership"]["role"] == Role.YOUTH
    assert [item["text"] for item in data["inputs"]] == [mine.text]
    assert [c["purpose"] for c in data["consents"]] == [ConsentPurpose.ACCOUNT]
    assert data["supports"] == 1
    assert str(other.pk) not in json.dumps(data["supports"])


def test_withdrawing_the_account_consent_leads_to_erasure(client, alliance):
    user = youth_account(alliance)
    consent = Consent.objects.get(user=user)
    client.force_login(user)

    response = client.post(url("my_consent_withdraw", alliance, pk=consent.pk))

    assert response["Location"] == url("my_data_erase", alliance)
    consent.refresh_from_db()
    assert consent.status == ConsentStatus.GIVEN


def test_withdrawing_a_contact_consent_deletes_the_contact_details(client, alliance):
    user = youth_account(alliance)
    item = youth_input(alliance=alliance, user=user)
    consent = consent_record(
        alliance=alliance,
        purpose=ConsentPurpose.CONTACT,
        input=item,
        user=user,
        below_consent_age=False,
    )
    ContactDetails.objects.create(
        input=item, email="ung@example.org", consent=consent, delete_after=item.created_at
    )
    client.force_login(user)

    response = client.post(url("my_consent_withdraw", alliance, pk=consent.pk), follow=True)

    assert da("Your consent is withdrawn.") in response.content.decode()
    consent.refresh_from_db()
    assert consent.status == ConsentStatus.WITHDRAWN
    assert not ContactDetails.objects.exists()


def test_someone_elses_consent_is_a_404(client, alliance):
    other = youth_account(alliance, email="anden@example.org")
    client.force_login(youth_account(alliance))

    response = client.post(
        url("my_consent_withdraw", alliance, pk=Consent.objects.get(user=other).pk)
    )

    assert response.status_code == 404


# --- erasure -----------------------------------------------------------------------------------


def test_erasure_leaves_only_what_the_law_requires(client, alliance):
    # given a young person with two inputs, support, a notification and contact details
    user = youth_account(alliance)
    account_consent = Consent.objects.get(user=user)
    inputs = [youth_input(alliance=alliance, user=user) for _ in range(2)]
    InputEvent.objects.create(input=inputs[0], status="received", note="Modtaget")
    contact_consent = consent_record(
        alliance=alliance,
        purpose=ConsentPurpose.CONTACT,
        input=inputs[0],
        user=user,
        below_consent_age=False,
    )
    ContactDetails.objects.create(
        input=inputs[0], email=user.email, consent=contact_consent, delete_after=user.date_joined
    )
    others = youth_input(alliance=alliance, support_count=2)
    Support.objects.create(input=others, supporter_hash=keyed_hash("user", str(user.pk)))
    Support.objects.create(input=others, supporter_hash="someone-else")
    notification = Notification.objects.create(
        user=user, alliance=alliance, kind="youth_status", title="Nyt", event_key="k"
    )
    EmailDelivery.objects.create(notification=notification)
    client.force_login(user)

    # when
    confirm = client.get(url("my_data_erase", alliance))
    response = client.post(url("my_data_erase", alliance))

    # then
    assert confirm.status_code == 200
    assert response.status_code == 200
    content = response.content.decode()
    assert da("What we keep, and why") in content
    assert "7(1)" in content and "5(2)" in content
    assert not User.objects.filter(pk=user.pk).exists()
    assert not Membership.objects.filter(user_id=user.pk).exists()
    assert not Membership.history.filter(user_id=user.pk).exists()
    assert list(YouthInput.objects.all()) == [others]
    assert not InputEvent.objects.exists()
    assert not ContactDetails.objects.exists()
    assert list(Support.objects.values_list("supporter_hash", flat=True)) == ["someone-else"]
    others.refresh_from_db()
    assert others.support_count == 1
    assert not Notification.objects.filter(user_id=user.pk).exists()
    assert not EmailDelivery.objects.exists()
    kept = Consent.objects.order_by("pk")
    assert [c.pk for c in kept] == [account_consent.pk, contact_consent.pk]
    assert all(c.user_id is None and c.input_id is None for c in kept)
    assert {c.status for c in kept} == {ConsentStatus.WITHDRAWN}
    erasure = ErasureRecord.objects.get()
    assert (erasure.via, erasure.inputs_erased) == (ErasureRecord.Via.ACCOUNT, 2)
    assert "_auth_user_id" not in client.session  # logged out
    assert client.get(url("my_data", alliance)).status_code == 302


def test_erasure_keeps_a_person_with_another_membership(client, alliance):
    user = youth_account(alliance)
    MembershipFactory(user=user, alliance=AllianceFactory(), role=Role.MEMBER)
    youth_input(alliance=alliance, user=user)
    client.force_login(user)

    client.post(url("my_data_erase", alliance))

    user.refresh_from_db()
    assert user.is_active
    assert list(Membership.objects.filter(user=user).values_list("role", flat=True)) == [
        Role.MEMBER
    ]
    assert not YouthInput.objects.exists()
    assert Consent.objects.get().user is None


def test_erasure_needs_post_to_erase(client, alliance):
    user = youth_account(alliance)
    client.force_login(user)

    client.get(url("my_data_erase", alliance))

    assert User.objects.filter(pk=user.pk).exists()


def test_an_input_sent_without_logging_in_is_added_to_the_account_by_its_code(client):
    from youth_voice.services_input import input_create

    alliance = AllianceFactory(slug="tilfoej")
    youth = UserFactory(email="ung@example.org")
    MembershipFactory(user=youth, alliance=alliance, role=Role.YOUTH)
    other = UserFactory(email="anden@example.org")
    MembershipFactory(user=other, alliance=alliance, role=Role.YOUTH)
    mine, my_code = input_create(alliance=alliance, kind="idea", text="Mere lys i parken")
    theirs, their_code = input_create(alliance=alliance, kind="idea", text="Andens idé", user=other)
    claim_url = reverse("youth_voice:my_data_claim", kwargs={"alliance_slug": alliance.slug})
    client.force_login(youth)

    # typed in lower case without the dash: still the code
    response = client.post(claim_url, {"code": my_code.lower().replace("-", "")})
    assert response.status_code == 302
    mine.refresh_from_db()
    assert mine.user == youth
    page = client.get(reverse("youth_voice:my_data", kwargs={"alliance_slug": alliance.slug}))
    assert "Mere lys i parken" in page.content.decode()

    # another account's input and a made-up code get the same answer, and nothing changes
    refused = client.post(claim_url, {"code": their_code})
    made_up = client.post(claim_url, {"code": "ABCDE-FGHJK"})
    assert refused.status_code == made_up.status_code == 400
    message = "Vi kunne ikke finde et input med den kode, som du kan tilføje."
    assert message in refused.content.decode() and message in made_up.content.decode()
    theirs.refresh_from_db()
    assert theirs.user == other
