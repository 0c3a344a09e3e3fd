"""Property-based tests: whatever a young person (or a bot) types into the portal's forms, the
answer is never a server error, and the text never comes back unescaped."""

from __future__ import annotations

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from tests.conftest import CsrfClient
from youth_voice.codes import link_token
from youth_voice.forms_portal import InputForm
from youth_voice.selectors_settings import portal_settings

from .factories_portal import input_post, portal_alliance, url

pytestmark = pytest.mark.django_db

FUZZ_SETTINGS = settings(
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
    database=None,
)

# Any character a browser can send: controls (NUL among them), right-to-left marks, emoji,
# combining marks, HTML's special characters; lone surrogates cannot be encoded in a request.
ANY_CHAR = st.characters(exclude_categories=["Cs"])
HTMLISH = st.sampled_from(
    ["<", ">", "&", '"', "'", "<script>", "</textarea>", "&amp;", "\x00", "\u202e", "\u200f"]
)
TEXT = st.lists(st.one_of(st.text(ANY_CHAR, max_size=40), HTMLISH), max_size=30).map("".join)
# Long texts around the 2000-character limit, built by repeating a short random piece (cheap to
# generate, so the examples go to the pages rather than to the generator).
LONG_TEXT = st.builds(
    lambda piece, size: ((piece or "ø<") * (size // max(len(piece), 1) + 1))[:size],
    TEXT,
    st.integers(min_value=1990, max_value=2100),
)
MARK = "<i data-fuzz>x</i>"
ESCAPED_MARK = "&lt;i data-fuzz&gt;x&lt;/i&gt;"


@pytest.fixture
def alliance(monkeypatch):
    # The limits are tested elsewhere; here every request must reach the form.
    monkeypatch.setattr("youth_voice.views_portal.is_limited", lambda *a, **k: False)
    return portal_alliance()


def assert_escaped(content: str) -> None:
    assert "<i data-fuzz" not in content
    assert ESCAPED_MARK in content


@settings(FUZZ_SETTINGS, max_examples=200)
@given(
    before=TEXT, after=st.one_of(TEXT, LONG_TEXT), kind=st.sampled_from(["idea", "worry", "", "x"])
)
def test_sending_any_text_never_fails_and_is_escaped(alliance, before, after, kind):
    client = CsrfClient()
    text = before + MARK + after
    response = client.post(url("input_create", alliance), input_post(text=text, kind=kind))
    assert response.status_code in (302, 400)
    if response.status_code == 400:
        assert_escaped(response.content.decode())
        return
    thanks = client.get(url("input_thanks", alliance))
    assert thanks.status_code == 200
    code = thanks.content.decode().split('id="receipt-code">')[1].split("<")[0]
    page = client.get(url("follow_link", alliance, token=link_token(code)))
    assert page.status_code == 200
    assert_escaped(page.content.decode())


@settings(FUZZ_SETTINGS, max_examples=700)
@given(code=st.one_of(TEXT, st.text(ANY_CHAR, max_size=300)))
def test_following_any_code_never_fails_and_is_never_echoed(alliance, code):
    client = CsrfClient()
    response = client.post(url("follow", alliance), {"code": code + MARK})
    assert response.status_code == 404
    assert "<i data-fuzz" not in response.content.decode()


@settings(FUZZ_SETTINGS, max_examples=150)
@given(
    token=st.text(
        st.characters(exclude_categories=["Cs"], exclude_characters="/"), min_size=1, max_size=200
    )
)
def test_any_private_link_answers_404(alliance, token):
    client = CsrfClient()
    response = client.get(url("follow_link", alliance, token="t" + token.replace("\x00", "")))
    assert response.status_code == 404


@pytest.fixture
def form_without_choices(monkeypatch, alliance):
    """The input form with no topics, activities or areas: validating it needs no database."""
    from alliance.models import FocusArea
    from initiatives.models import Activity, Area

    monkeypatch.setattr(
        "youth_voice.forms_portal.focus_areas_for_portal", lambda a: FocusArea.objects.none()
    )
    monkeypatch.setattr(
        "youth_voice.forms_portal.activities_for_feedback", lambda a: Activity.objects.none()
    )
    monkeypatch.setattr("youth_voice.forms_portal.areas_for_portal", lambda a: Area.objects.none())
    portal = portal_settings(alliance)
    return lambda data: InputForm(data, alliance=alliance, portal=portal)


@settings(FUZZ_SETTINGS, max_examples=2000)
@given(text=st.one_of(TEXT, LONG_TEXT), email=TEXT, age_band=st.one_of(TEXT, st.just("13-15")))
def test_the_input_form_takes_any_text_as_plain_text(form_without_choices, text, email, age_band):
    form = form_without_choices(
        input_post(text=text, email=email, age_band=age_band, wants_reply="on")
    )
    if form.is_valid():
        cleaned = form.cleaned_data["text"]
        assert "\x00" not in cleaned
        assert 0 < len(cleaned) <= 2000
    else:
        assert form.errors
