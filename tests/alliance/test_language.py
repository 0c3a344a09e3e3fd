"""Danish first: the browser's language is not a choice, the switcher is."""

import pytest

pytestmark = pytest.mark.django_db


def test_danish_even_when_the_browser_prefers_english(client):
    response = client.get("/privacy/", headers={"Accept-Language": "en-US,en;q=0.9"})
    assert response.status_code == 200
    assert '<html lang="da">' in response.content.decode()


def test_the_switcher_sets_english_and_back(client):
    response = client.post("/i18n/setlang/", {"language": "en", "next": "/privacy/"})
    assert response.status_code == 302
    assert response["Location"] == "/privacy/"
    assert '<html lang="en">' in client.get("/privacy/").content.decode()
    client.post("/i18n/setlang/", {"language": "da", "next": "/privacy/"})
    assert '<html lang="da">' in client.get("/privacy/").content.decode()


def test_an_unknown_language_cookie_falls_back_to_danish(client, settings):
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "xx"
    assert '<html lang="da">' in client.get("/privacy/").content.decode()


def test_setlang_refuses_an_offsite_next(client):
    response = client.post("/i18n/setlang/", {"language": "en", "next": "https://evil.example/"})
    assert response.status_code == 302
    assert response["Location"] == "/"
