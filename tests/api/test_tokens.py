"""Personal API keys: made on the keys page (shown once, stored only as a keyed hash),
revoked there, and refused (401) once revoked or expired, or when the person's role or
membership changes; when each was last used is written at most once a minute."""

import datetime

import pytest
from django.conf import settings
from django.core.exceptions import PermissionDenied, ValidationError
from django.urls import reverse
from django.utils import timezone

from alliance.models import Role
from api.models import ApiToken
from api.services import LAST_USED_RESOLUTION, api_token_create, api_token_revoke, token_hash
from tests.api.conftest import api_url, bearer, key_for, membership_of

pytestmark = pytest.mark.django_db


def tokens_url(alliance) -> str:
    return reverse("api_tokens:list", kwargs={"alliance_slug": alliance.slug})


def read_indicators(client, world, raw):
    return client.get(api_url(world["alliance"], "indicator_list"), headers=bearer(raw))


# --- the service ------------------------------------------------------------------------------


def test_a_key_is_stored_only_as_a_keyed_hash_with_its_role_and_prefix(world):
    membership = membership_of(world["coordinator"], world["alliance"])

    new = api_token_create(membership=membership, name="Power BI")

    token = ApiToken.objects.get()
    assert new.raw.startswith("alp_") and len(new.raw) > 40
    assert token.key_hash == token_hash(new.raw) != new.raw
    assert new.raw not in {token.key_hash, token.name, token.prefix}
    assert new.raw.startswith(token.prefix)
    assert token.role == Role.COORDINATOR
    assert token.alliance == world["alliance"]


def test_a_young_person_cannot_make_a_key(world):
    with pytest.raises(PermissionDenied):
        api_token_create(membership=membership_of(world["youth"], world["alliance"]), name="x")


def test_a_key_needs_a_name_and_an_expiry_in_the_future(world):
    membership = membership_of(world["coordinator"], world["alliance"])

    with pytest.raises(ValidationError):
        api_token_create(membership=membership, name="  ")
    with pytest.raises(ValidationError):
        api_token_create(
            membership=membership,
            name="old",
            expires_at=timezone.now() - datetime.timedelta(minutes=1),
        )
    assert not ApiToken.objects.exists()


def test_only_the_owner_revokes_a_key(world):
    new = api_token_create(
        membership=membership_of(world["coordinator"], world["alliance"]), name="x"
    )

    with pytest.raises(PermissionDenied):
        api_token_revoke(token=new.token, user=world["secretary"])
    api_token_revoke(token=new.token, user=world["coordinator"])

    assert ApiToken.objects.get().revoked_at is not None


# --- using a key --------------------------------------------------------------------------------


def test_a_working_key_reads_the_api_as_bearer_and_as_token(client, world):
    raw = key_for(world["coordinator"], world["alliance"])

    as_bearer = read_indicators(client, world, raw)
    as_token = client.get(
        api_url(world["alliance"], "indicator_list"), headers={"Authorization": f"Token {raw}"}
    )

    assert as_bearer.status_code == 200
    assert as_token.status_code == 200
    assert {row["code"] for row in as_bearer.json()["results"]} == {"AU1", "PCT1", "X9", "D1"}


@pytest.mark.parametrize(
    "header",
    ["Bearer", "Bearer alp_unknown", "Bearer alp_a alp_b", "Token nope", "Bearer " + "a" * 300],
)
def test_a_wrong_key_is_a_401_in_danish(client, world, header):
    response = client.get(
        api_url(world["alliance"], "indicator_list"), headers={"Authorization": header}
    )

    assert response.status_code == 401
    assert response["WWW-Authenticate"].startswith("Bearer")
    assert "nøgle" in response.json()["detail"]


def test_without_a_key_or_session_the_api_answers_401(client, world):
    response = client.get(api_url(world["alliance"], "indicator_list"))

    assert response.status_code == 401


def test_a_revoked_key_stops_working_at_once(client, world):
    raw = key_for(world["coordinator"], world["alliance"])
    assert read_indicators(client, world, raw).status_code == 200

    api_token_revoke(token=ApiToken.objects.get(), user=world["coordinator"])

    assert read_indicators(client, world, raw).status_code == 401


def test_an_expired_key_is_refused(client, world):
    raw = key_for(
        world["coordinator"],
        world["alliance"],
        expires_at=timezone.now() + datetime.timedelta(hours=1),
    )
    assert read_indicators(client, world, raw).status_code == 200

    ApiToken.objects.update(expires_at=timezone.now() - datetime.timedelta(seconds=1))

    assert read_indicators(client, world, raw).status_code == 401


def test_a_key_stops_working_when_the_role_changes(client, world):
    raw = key_for(world["coordinator"], world["alliance"])
    membership = membership_of(world["coordinator"], world["alliance"])

    membership.role = Role.STEERING  # a role that reads the same data
    membership.save()

    assert read_indicators(client, world, raw).status_code == 401


def test_a_key_stops_working_when_the_membership_is_deactivated(client, world):
    raw = key_for(world["coordinator"], world["alliance"])
    membership = membership_of(world["coordinator"], world["alliance"])

    membership.is_active = False
    membership.save()

    assert read_indicators(client, world, raw).status_code == 401


def test_a_key_stops_working_when_the_person_is_deactivated(client, world):
    raw = key_for(world["coordinator"], world["alliance"])

    world["coordinator"].is_active = False
    world["coordinator"].save()

    assert read_indicators(client, world, raw).status_code == 401


def test_last_used_is_written_at_most_once_a_minute(client, world):
    raw = key_for(world["coordinator"], world["alliance"])
    assert ApiToken.objects.get().last_used_at is None

    read_indicators(client, world, raw)
    first = ApiToken.objects.get().last_used_at
    read_indicators(client, world, raw)
    second = ApiToken.objects.get().last_used_at
    ApiToken.objects.update(last_used_at=first - LAST_USED_RESOLUTION)
    read_indicators(client, world, raw)
    third = ApiToken.objects.get().last_used_at

    assert first is not None
    assert second == first
    assert third > first


# --- the keys page ------------------------------------------------------------------------------


def test_the_keys_page_makes_a_key_and_shows_it_once(client, world):
    client.force_login(world["coordinator"])

    made = client.post(tokens_url(world["alliance"]), {"name": "Power BI", "expires_on": ""})
    shown = client.get(made["Location"])
    later = client.get(tokens_url(world["alliance"]))

    token = ApiToken.objects.get()
    page = shown.content.decode()
    raw = page.split('spellcheck="false">')[1].split("<")[0]
    assert made.status_code == 302
    assert "no-store" in shown["Cache-Control"]
    assert "Din nye nøgle" in page
    assert token_hash(raw) == token.key_hash
    assert raw not in later.content.decode()
    assert token.prefix in later.content.decode()
    assert "Power BI" in later.content.decode()
    assert read_indicators(client, world, raw).status_code == 200


def test_the_keys_page_sets_an_expiry_at_the_end_of_the_chosen_day(client, world):
    client.force_login(world["coordinator"])
    day = timezone.localdate() + datetime.timedelta(days=30)

    client.post(tokens_url(world["alliance"]), {"name": "Kort", "expires_on": day.isoformat()})

    expires = timezone.localtime(ApiToken.objects.get().expires_at)
    assert expires.date() == day + datetime.timedelta(days=1)
    assert (expires.hour, expires.minute) == (0, 0)


def test_the_keys_page_refuses_a_form_without_a_name_or_with_a_past_expiry(client, world):
    client.force_login(world["coordinator"])
    yesterday = timezone.localdate() - datetime.timedelta(days=1)

    no_name = client.post(tokens_url(world["alliance"]), {"name": ""})
    past = client.post(
        tokens_url(world["alliance"]), {"name": "x", "expires_on": yesterday.isoformat()}
    )

    assert no_name.status_code == 400
    assert past.status_code == 400
    assert "Vælg i dag eller en senere dag." in past.content.decode()
    assert not ApiToken.objects.exists()


def test_revoking_on_the_keys_page(client, world):
    raw = key_for(world["coordinator"], world["alliance"], name="Gammel")
    token = ApiToken.objects.get()
    client.force_login(world["coordinator"])

    response = client.post(
        reverse(
            "api_tokens:revoke", kwargs={"alliance_slug": world["alliance"].slug, "pk": token.pk}
        )
    )

    assert response.status_code == 302
    assert ApiToken.objects.get().revoked_at is not None
    assert "Tilbagekaldt" in client.get(tokens_url(world["alliance"])).content.decode()
    client.logout()
    assert read_indicators(client, world, raw).status_code == 401


def test_nobody_revokes_another_persons_key(client, world):
    key_for(world["coordinator"], world["alliance"])
    token = ApiToken.objects.get()
    client.force_login(world["secretary"])

    response = client.post(
        reverse(
            "api_tokens:revoke", kwargs={"alliance_slug": world["alliance"].slug, "pk": token.pk}
        )
    )

    assert response.status_code == 404
    assert ApiToken.objects.get().revoked_at is None


def test_a_young_person_has_no_keys_page(client, world):
    client.force_login(world["youth"])

    assert client.get(tokens_url(world["alliance"])).status_code == 403


def test_the_keys_page_lists_only_the_persons_own_keys(client, world):
    key_for(world["secretary"], world["alliance"], name="Sekretariatets nøgle")
    key_for(world["coordinator"], world["alliance"], name="Koordinatorens nøgle")
    client.force_login(world["coordinator"])

    page = client.get(tokens_url(world["alliance"])).content.decode()

    assert "Koordinatorens nøgle" in page
    assert "Sekretariatets nøgle" not in page


def test_danish_is_the_default_language_of_the_page(client, world):
    client.force_login(world["coordinator"])
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "da"

    page = client.get(tokens_url(world["alliance"])).content.decode()

    assert "API-nøgler" in page
    assert "Tilbagekald" not in page  # no keys yet: nothing to revoke
