"""Rate limits in the real cache (Redis under CI): per key, per person's session, and per IP
address for wrong keys and the open docs; a 429 says when to try again."""

import pytest
from django.urls import reverse

from tests.api.conftest import api_url, bearer, key_for

pytestmark = pytest.mark.django_db


@pytest.fixture
def low_rates(settings):
    settings.REST_FRAMEWORK = {
        **settings.REST_FRAMEWORK,
        "DEFAULT_THROTTLE_RATES": {"user": "3/minute", "anon": "2/minute"},
    }


def test_a_key_gets_a_429_with_when_to_try_again(client, world, low_rates):
    raw = key_for(world["coordinator"], world["alliance"])
    url = api_url(world["alliance"], "indicator_list")

    answers = [client.get(url, headers=bearer(raw)) for _ in range(4)]

    assert [answer.status_code for answer in answers] == [200, 200, 200, 429]
    limited = answers[-1]
    assert 1 <= int(limited["Retry-After"]) <= 60
    assert "For mange forespørgsler. Prøv igen om" in limited.json()["detail"]
    assert limited["Retry-After"] in limited.json()["detail"]


def test_each_key_has_its_own_limit(client, world, low_rates):
    first = key_for(world["coordinator"], world["alliance"], name="Første")
    second = key_for(world["coordinator"], world["alliance"], name="Anden")
    url = api_url(world["alliance"], "indicator_list")

    for _ in range(3):
        client.get(url, headers=bearer(first))

    assert client.get(url, headers=bearer(first)).status_code == 429
    assert client.get(url, headers=bearer(second)).status_code == 200


def test_wrong_keys_are_limited_per_ip_address(client, world, low_rates):
    url = api_url(world["alliance"], "indicator_list")

    answers = [
        client.get(url, headers=bearer(f"alp_guess{number}")).status_code for number in range(3)
    ]

    assert answers == [401, 401, 429]


def test_the_open_docs_are_limited_per_ip_address(client, world, low_rates):
    url = reverse("api:schema")

    answers = [client.get(url).status_code for _ in range(3)]

    assert answers == [200, 200, 429]
