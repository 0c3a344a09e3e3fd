"""The security log: logins, failed logins, logouts, role and access changes, exports,
erasures and API keys are each recorded once, with the right kind and alliance; nothing in a
row or a log line gives away a password, a token or a contact detail; the secretariat reads
the log on its own page."""

from __future__ import annotations

import datetime
import json
import logging

import pytest
from allauth.account.models import EmailAddress
from allauth.mfa.totp.internal.auth import (
    format_hotp_value,
    hotp_value,
    yield_hotp_counters_from_time,
)
from django.core.files.base import ContentFile
from django.urls import reverse
from django.utils import timezone, translation

from alliance.models import Role, SecurityEvent, SecurityEventKind
from alliance.services.membership import membership_grant
from alliance.services.security_events import (
    email_key,
    security_event_record,
    security_events_ip_expire,
)
from api.services import api_token_create, api_token_revoke
from backbone.models import Report, ReportKind, ReportStatus
from tests.factories import (
    TEST_PASSWORD,
    AllianceFactory,
    MembershipFactory,
    OrganisationFactory,
    UserFactory,
)
from tests.youth_voice.factories_portal import (
    input_post,
    own_cache,  # noqa: F401 - a fixture
    portal_alliance,
    sent_input,
)
from youth_voice.codes import link_token
from youth_voice.models import ContactDetails
from youth_voice.services_account import account_create, account_erase

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("own_cache")]

LOGIN_URL = "/accounts/login/"
WRONG_PASSWORD = "Not-the-password-4711"


def t(message: str, **params) -> str:
    """The Danish text of a message, as the pages show it."""
    with translation.override("da"):
        text = translation.gettext(message)
    return text % params if params else text


def _verified(email: str, **kwargs):
    user = UserFactory(email=email, **kwargs)
    EmailAddress.objects.create(user=user, email=email, verified=True, primary=True)
    return user


def _events(kind: str):
    return SecurityEvent.objects.filter(kind=kind)


def _row_text(event: SecurityEvent) -> str:
    """Everything a row stores, as text."""
    return json.dumps(
        {
            "kind": event.kind,
            "ip": event.ip_address,
            "details": event.details,
            "alliance": event.alliance_id,
            "user": event.user_id,
            "subject": event.subject_id,
        }
    )


@pytest.fixture
def world():
    alliance = AllianceFactory(slug="sikkerhed")
    other = AllianceFactory(slug="andet")
    secretariat = MembershipFactory(alliance=alliance, role=Role.SECRETARIAT).user
    member = _verified("medlem@example.org", full_name="Mette Medlem")
    membership = MembershipFactory(user=member, alliance=alliance, role=Role.MEMBER)
    return {
        "alliance": alliance,
        "other": other,
        "secretariat": secretariat,
        "steering": MembershipFactory(alliance=alliance, role=Role.STEERING).user,
        "member": member,
        "membership": membership,
        "other_secretariat": MembershipFactory(alliance=other, role=Role.SECRETARIAT).user,
    }


# --- logins ---------------------------------------------------------------------------------


def test_a_login_is_recorded_once_with_the_person_and_address(client, world):
    response = client.post(
        LOGIN_URL,
        {"login": "medlem@example.org", "password": TEST_PASSWORD},
        REMOTE_ADDR="203.0.113.7",
    )

    assert response.status_code == 302
    event = _events(SecurityEventKind.LOGIN).get()
    assert (event.user, event.alliance, event.ip_address) == (
        world["member"],
        None,
        "203.0.113.7",
    )


def test_a_failed_login_keeps_a_keyed_hash_of_the_address_not_the_address(client, world):
    client.post(LOGIN_URL, {"login": "Medlem@Example.org", "password": WRONG_PASSWORD})
    client.post(LOGIN_URL, {"login": "nobody@example.org", "password": WRONG_PASSWORD})

    known, unknown = _events(SecurityEventKind.LOGIN_FAILED).order_by("pk")
    assert known.subject == world["member"] and known.user is None
    assert known.details["email_key"] == email_key("medlem@example.org")
    assert known.details["known_account"] is True
    assert unknown.subject is None and unknown.details["known_account"] is False
    assert unknown.details["email_key"] != known.details["email_key"]
    for event in (known, unknown):
        text = _row_text(event).lower()
        assert "example.org" not in text and "medlem" not in text and "nobody" not in text
        assert WRONG_PASSWORD.lower() not in text
    assert not _events(SecurityEventKind.LOGIN).exists()


def test_a_logout_is_recorded(client, world):
    client.force_login(world["member"])

    client.post("/accounts/logout/")

    assert _events(SecurityEventKind.LOGOUT).get().user == world["member"]


# --- roles and access -----------------------------------------------------------------------


def test_a_role_change_on_the_people_page_names_who_acted_and_whom_it_concerned(client, world):
    alliance = world["alliance"]
    organisation = OrganisationFactory(alliance=alliance)
    client.force_login(world["secretariat"])

    response = client.post(
        reverse(
            "alliance:membership_edit",
            kwargs={"alliance_slug": alliance.slug, "pk": world["membership"].pk},
        ),
        {"role": Role.COORDINATOR, "organisation": organisation.pk},
        REMOTE_ADDR="198.51.100.4",
    )

    assert response.status_code == 302
    event = _events(SecurityEventKind.ROLE_CHANGED).get()
    assert (event.alliance, event.user, event.subject) == (
        alliance,
        world["secretariat"],
        world["member"],
    )
    assert event.details == {"role_from": Role.MEMBER, "role_to": Role.COORDINATOR}
    assert event.ip_address == "198.51.100.4"


def test_an_organisation_change_alone_is_no_role_change(client, world):
    alliance = world["alliance"]
    client.force_login(world["secretariat"])
    client.post(
        reverse(
            "alliance:membership_edit",
            kwargs={"alliance_slug": alliance.slug, "pk": world["membership"].pk},
        ),
        {"role": Role.MEMBER, "organisation": OrganisationFactory(alliance=alliance).pk},
    )
    assert not _events(SecurityEventKind.ROLE_CHANGED).exists()


def test_deactivating_and_reactivating_are_recorded(client, world):
    alliance = world["alliance"]
    client.force_login(world["secretariat"])
    kwargs = {"alliance_slug": alliance.slug, "pk": world["membership"].pk}

    client.post(reverse("alliance:membership_deactivate", kwargs=kwargs))
    client.post(reverse("alliance:membership_reactivate", kwargs=kwargs))

    ended = _events(SecurityEventKind.MEMBERSHIP_DEACTIVATED).get()
    back = _events(SecurityEventKind.MEMBERSHIP_REACTIVATED).get()
    for event in (ended, back):
        assert (event.alliance, event.user, event.subject) == (
            alliance,
            world["secretariat"],
            world["member"],
        )


def test_a_new_role_granted_is_recorded_and_a_repeat_is_not(world):
    person = UserFactory()

    membership_grant(user=person, alliance=world["alliance"], role=Role.STEERING)
    membership_grant(user=person, alliance=world["alliance"], role=Role.STEERING)

    event = _events(SecurityEventKind.ROLE_CHANGED).get()
    assert (event.alliance, event.subject) == (world["alliance"], person)
    assert event.details == {"role_from": None, "role_to": Role.STEERING}


# --- exports --------------------------------------------------------------------------------


def test_a_report_asked_for_and_downloaded_is_recorded(client, world, settings, tmp_path):
    settings.MEDIA_ROOT = str(tmp_path)
    alliance = world["alliance"]
    client.force_login(world["steering"])

    client.post(
        reverse("backbone:reports", kwargs={"alliance_slug": alliance.slug}),
        {"kind": ReportKind.STATUS_CSV, "year": str(timezone.localdate().year), "language": "da"},
    )
    report = Report.objects.get()
    report.status = ReportStatus.DONE
    report.file_name = "status.zip"
    report.expires_at = timezone.now() + datetime.timedelta(hours=1)
    report.file.save("status.zip", ContentFile(b"PK"), save=True)
    download = client.get(
        reverse(
            "backbone:report_download", kwargs={"alliance_slug": alliance.slug, "pk": report.pk}
        )
    )

    assert download.status_code == 200
    b"".join(download.streaming_content)
    asked = _events(SecurityEventKind.EXPORT_REQUESTED).get()
    got = _events(SecurityEventKind.EXPORT_DOWNLOADED).get()
    for event in (asked, got):
        assert (event.alliance, event.user) == (alliance, world["steering"])
        assert event.details == {"report_kind": ReportKind.STATUS_CSV, "report_id": report.pk}


# --- erasures -------------------------------------------------------------------------------


def test_an_account_erasure_is_recorded_without_the_young_person(world):
    alliance = portal_alliance()
    young = account_create(alliance=alliance, email="ung@example.org", below_consent_age=False)
    for text in ("Første", "Anden"):
        sent_input(alliance, text=text, user=young.user)
    SecurityEvent.objects.all().delete()

    account_erase(young.user, alliance)

    event = _events(SecurityEventKind.ERASURE).get()
    assert event.alliance == alliance
    assert (event.user, event.subject, event.ip_address) == (None, None, None)
    assert event.details == {"via": "account", "inputs_erased": 2}


def test_an_erasure_from_the_follow_page_is_recorded_without_the_young_person(client):
    alliance = portal_alliance()
    _input, code = sent_input(alliance)
    url = reverse(
        "youth_voice:follow_erase",
        kwargs={"alliance_slug": alliance.slug, "token": link_token(code)},
    )

    response = client.post(url, REMOTE_ADDR="192.0.2.77")

    assert response.status_code == 200
    event = _events(SecurityEventKind.ERASURE).get()
    assert event.alliance == alliance
    assert (event.user, event.subject, event.ip_address) == (None, None, None)
    assert event.details == {"via": "receipt", "inputs_erased": 1}


# --- API keys -------------------------------------------------------------------------------


def test_an_api_key_made_and_revoked_is_recorded_without_the_key(world):
    steering = world["steering"]
    membership = steering.memberships.get(alliance=world["alliance"])

    made = api_token_create(membership=membership, name="Power BI")
    api_token_revoke(token=made.token, user=steering)

    created = _events(SecurityEventKind.API_TOKEN_CREATED).get()
    revoked = _events(SecurityEventKind.API_TOKEN_REVOKED).get()
    for event in (created, revoked):
        assert (event.alliance, event.user) == (world["alliance"], steering)
        assert event.details == {"token_id": made.token.pk}
        assert made.raw not in _row_text(event) and made.token.prefix not in _row_text(event)


def test_turning_on_two_factor_login_is_recorded_without_its_secret(
    client, world, django_capture_on_commit_callbacks
):
    client.post(LOGIN_URL, {"login": "medlem@example.org", "password": TEST_PASSWORD})
    client.post("/accounts/reauthenticate/", {"password": TEST_PASSWORD})
    secret = client.get("/accounts/2fa/totp/activate/").context["form"].secret
    counter = next(yield_hotp_counters_from_time())

    # allauth tells of the new authenticator once its transaction commits.
    with django_capture_on_commit_callbacks(execute=True):
        client.post(
            "/accounts/2fa/totp/activate/",
            {"code": format_hotp_value(hotp_value(secret, counter))},
        )

    # the app and the recovery codes made with it
    events = _events(SecurityEventKind.MFA_CHANGED).order_by("pk")
    assert [event.details for event in events] == [
        {"change": "added", "method": "totp"},
        {"change": "added", "method": "recovery_codes"},
    ]
    for event in events:
        assert event.user == world["member"]
        assert secret not in _row_text(event)


# --- the service's own guards ---------------------------------------------------------------


def test_details_take_only_known_keys_and_no_addresses(world):
    with pytest.raises(ValueError):
        security_event_record(kind=SecurityEventKind.LOGIN, details={"password": "x"})
    with pytest.raises(ValueError):
        security_event_record(kind="made_up")

    event = security_event_record(
        kind=SecurityEventKind.LOGIN_FAILED, details={"via": "a@example.org", "admin": True}
    )

    assert event.details == {"admin": True}


def test_addresses_are_blanked_after_their_keeping_time(world, settings):
    settings.SECURITY_EVENTS_KEEP_IP_DAYS = 90
    old = SecurityEvent.objects.create(kind=SecurityEventKind.LOGIN, ip_address="203.0.113.1")
    new = SecurityEvent.objects.create(kind=SecurityEventKind.LOGIN, ip_address="203.0.113.2")
    SecurityEvent.objects.filter(pk=old.pk).update(
        created_at=timezone.now() - datetime.timedelta(days=91)
    )

    assert security_events_ip_expire() == 1
    assert security_events_ip_expire() == 0

    old.refresh_from_db()
    new.refresh_from_db()
    assert (old.ip_address, new.ip_address) == (None, "203.0.113.2")


# --- nothing secret in a row or a log line --------------------------------------------------


def test_no_password_token_or_contact_detail_in_any_event_or_log_line(client, world, caplog):
    caplog.set_level(logging.DEBUG)
    portal = portal_alliance()
    youth_email = "kanariefugl-ung@example.org"
    membership = world["steering"].memberships.get(alliance=world["alliance"])

    # a login, a failed login, a logout
    client.post(LOGIN_URL, {"login": "medlem@example.org", "password": TEST_PASSWORD})
    client.post("/accounts/logout/")
    client.post(LOGIN_URL, {"login": "medlem@example.org", "password": WRONG_PASSWORD})
    # an API key
    made = api_token_create(membership=membership, name="Nøgle")
    # a young person's input with an email address for the answer
    client.post(
        reverse("youth_voice:input_create", kwargs={"alliance_slug": portal.slug}),
        input_post(age_band="16-17", wants_reply="on", email=youth_email, contact_consent="on"),
    )

    assert ContactDetails.objects.filter(email=youth_email).exists()
    secrets = [
        TEST_PASSWORD,
        WRONG_PASSWORD,
        made.raw,
        made.token.prefix,
        "medlem@example.org",
        youth_email,
    ]
    kinds = set(SecurityEvent.objects.values_list("kind", flat=True))
    assert {
        SecurityEventKind.LOGIN,
        SecurityEventKind.LOGOUT,
        SecurityEventKind.LOGIN_FAILED,
        SecurityEventKind.API_TOKEN_CREATED,
    } <= kinds
    rows = " ".join(_row_text(event) for event in SecurityEvent.objects.all())
    logged = " ".join(
        f"{record.name} {record.getMessage()} {record.args!r} {record.exc_text or ''}"
        for record in caplog.records
    )
    assert any(r.name == "alliance.services.security_events" for r in caplog.records)
    for secret in secrets:
        assert secret not in rows
        assert secret not in logged


# --- the page -------------------------------------------------------------------------------


def _page(alliance, **query) -> str:
    url = reverse("alliance:security_log", kwargs={"alliance_slug": alliance.slug})
    if query:
        url += "?" + "&".join(f"{key}={value}" for key, value in query.items())
    return url


def test_the_secretariat_reads_its_members_events_and_not_others(client, world):
    stranger = UserFactory(full_name="Sofie Fremmed")
    security_event_record(kind=SecurityEventKind.LOGIN, user=world["member"])
    security_event_record(kind=SecurityEventKind.LOGIN, user=stranger)
    security_event_record(kind=SecurityEventKind.LOGIN, user=stranger, alliance=world["other"])
    security_event_record(
        kind=SecurityEventKind.ERASURE,
        alliance=world["alliance"],
        details={"via": "account", "inputs_erased": 3},
        anonymous=True,
    )
    client.force_login(world["secretariat"])

    response = client.get(_page(world["alliance"]))

    assert response.status_code == 200
    content = response.content.decode()
    assert "Mette Medlem" in content
    assert "Sofie Fremmed" not in content
    assert t("Inputs erased: %(count)s", count=3) in content
    assert str(SecurityEventKind.ERASURE.label) in content or t("Youth data erased") in content


def test_the_page_filters_by_kind_and_ignores_an_unknown_kind(client, world):
    security_event_record(kind=SecurityEventKind.LOGIN, user=world["member"])
    security_event_record(
        kind=SecurityEventKind.EXPORT_REQUESTED,
        alliance=world["alliance"],
        user=world["steering"],
        details={"report_kind": ReportKind.OPEN_DATA, "report_id": 1},
    )
    client.force_login(world["secretariat"])

    only_exports = client.get(_page(world["alliance"], kind="export_requested"))
    unknown = client.get(_page(world["alliance"], kind="<script>"))

    assert [row.event.kind for row in only_exports.context["page_obj"].object_list] == [
        SecurityEventKind.EXPORT_REQUESTED
    ]
    assert unknown.status_code == 200
    assert unknown.context["kind"] is None
    shown = {row.event.kind for row in unknown.context["page_obj"].object_list}
    assert SecurityEventKind.LOGIN in shown and SecurityEventKind.EXPORT_REQUESTED in shown


def test_the_page_shows_the_last_500_in_pages(client, world):
    SecurityEvent.objects.bulk_create(
        SecurityEvent(kind=SecurityEventKind.LOGIN, alliance=world["alliance"]) for _ in range(510)
    )
    client.force_login(world["secretariat"])

    response = client.get(_page(world["alliance"], page=99))

    page = response.context["page_obj"]
    assert page.paginator.count == 500
    assert page.number == page.paginator.num_pages == 10


@pytest.mark.parametrize(
    ("who", "status"),
    [("steering", 403), ("member", 403), ("other_secretariat", 404), ("secretariat", 200)],
)
def test_who_may_read_the_security_log(client, world, who, status):
    client.force_login(world[who])
    assert client.get(_page(world["alliance"])).status_code == status
    assert client.post(_page(world["alliance"])).status_code == 405


def test_anonymous_is_sent_to_log_in(client, world):
    response = client.get(_page(world["alliance"]))
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("account_login"))
