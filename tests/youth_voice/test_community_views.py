"""Published inputs, support, reports and "you said, we did" on the youth portal."""

from __future__ import annotations

import datetime

import pytest
from django.test import Client
from django.utils import timezone

from alliance.models import Notification, Role
from tests.factories import AllianceFactory, FocusAreaFactory, MembershipFactory, UserFactory
from youth_voice import limits
from youth_voice.models import InputKind, InputReport, InputStatus, Moderation, Support
from youth_voice.services_community import KIND_REPORTED

from .factories_community import activity, da, decision, own_cache, url, youth_input

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _own_cache(settings):
    own_cache(settings)


@pytest.fixture
def alliance():
    return AllianceFactory()


# --- published inputs ------------------------------------------------------------------------


def test_list_shows_only_published_and_only_the_published_text(client, alliance):
    published = youth_input(alliance=alliance)
    pending = youth_input(alliance=alliance, moderation=Moderation.PENDING, text="Ventende tekst")
    hidden = youth_input(alliance=alliance, moderation=Moderation.HIDDEN, text="Skjult tekst")
    private = youth_input(alliance=alliance, moderation=Moderation.PRIVATE, text="Privat tekst")
    other = youth_input(alliance=AllianceFactory(), published_text="Fra en anden alliance")

    response = client.get(url("published_list", alliance))

    content = response.content.decode()
    assert response.status_code == 200
    assert "[telefon]" in content
    assert "12345678" not in content  # the unmasked text is never shown
    for text in ("Ventende tekst", "Skjult tekst", "Privat tekst", "Fra en anden alliance"):
        assert text not in content
    assert list(response.context["page"].object_list) == [published]
    assert {pending.pk, hidden.pk, private.pk, other.pk}.isdisjoint(
        {item.pk for item in response.context["page"].object_list}
    )


@pytest.mark.parametrize("moderation", [Moderation.PENDING, Moderation.HIDDEN, Moderation.PRIVATE])
def test_anything_not_published_is_a_404(client, alliance, moderation):
    item = youth_input(alliance=alliance, moderation=moderation)

    assert client.get(url("published_detail", alliance, pk=item.pk)).status_code == 404
    assert client.post(url("support", alliance, pk=item.pk)).status_code == 404
    assert client.get(url("report", alliance, pk=item.pk)).status_code == 404


def test_an_input_of_another_alliance_is_a_404(client, alliance):
    item = youth_input(alliance=AllianceFactory())

    assert client.get(url("published_detail", alliance, pk=item.pk)).status_code == 404


def test_detail_shows_status_answer_and_what_it_led_to(client, alliance):
    item = youth_input(
        alliance=alliance,
        status=InputStatus.DONE,
        answer="Godt forslag, vi gør det.",
        answered_at=timezone.now(),
        decision=decision(alliance=alliance),
        led_to_activity=activity(alliance=alliance),
    )

    content = client.get(url("published_detail", alliance, pk=item.pk)).content.decode()

    assert "[telefon]" in content and "12345678" not in content
    assert str(InputStatus.DONE.label) in content or da("Done") in content
    assert "Godt forslag, vi gør det." in content
    assert "Vi sætter bænke op ved havnen" in content
    assert "Fredagsklub i hallen" in content
    assert "Hallen i Høng" in content
    assert f"#input-{item.pk}" in content


def test_filter_by_topic_and_kind_and_sort_by_support(client, alliance):
    topic = FocusAreaFactory(alliance=alliance)
    idea = youth_input(alliance=alliance, focus_area=topic, support_count=1)
    worry = youth_input(alliance=alliance, kind=InputKind.WORRY, support_count=5)
    youth_input(alliance=alliance, kind=InputKind.QUESTION)

    by_topic = client.get(url("published_list", alliance), {"topic": topic.pk})
    by_kind = client.get(url("published_list", alliance), {"kind": "worry"})
    by_support = client.get(url("published_list", alliance), {"sort": "supported"})
    bad = client.get(url("published_list", alliance), {"topic": "x", "kind": "<b>"})

    assert list(by_topic.context["page"].object_list) == [idea]
    assert list(by_kind.context["page"].object_list) == [worry]
    assert by_support.context["page"].object_list[0] == worry
    assert bad.status_code == 200
    assert bad.context["page"].paginator.count == 3


def test_list_is_paginated(client, alliance):
    for _ in range(23):
        youth_input(alliance=alliance)

    first = client.get(url("published_list", alliance))
    second = client.get(url("published_list", alliance), {"page": 2})

    assert len(first.context["page"].object_list) == 20
    assert len(second.context["page"].object_list) == 3


def test_text_is_escaped(client, alliance):
    item = youth_input(alliance=alliance, published_text='<script>alert("x")</script><b>fed</b>')

    for name, kwargs in (("published_list", {}), ("published_detail", {"pk": item.pk})):
        content = client.get(url(name, alliance, **kwargs)).content.decode()
        assert "<script>alert" not in content
        assert "&lt;script&gt;" in content
        assert "<b>fed</b>" not in content


# --- support -----------------------------------------------------------------------------------


def test_support_counts_once_per_device(client, alliance):
    item = youth_input(alliance=alliance)
    support_url = url("support", alliance, pk=item.pk)

    first = client.post(support_url, follow=True)
    second = client.post(support_url, follow=True)

    item.refresh_from_db()
    assert item.support_count == 1
    assert Support.objects.filter(input=item).count() == 1
    assert first.redirect_chain[-1][0] == url("published_detail", alliance, pk=item.pk)
    assert da("Thank you for your support.") in first.content.decode()
    assert da("You have already supported this.") in second.content.decode()
    assert second.context["has_supported"] is True

    Client().post(support_url)  # another device
    item.refresh_from_db()
    assert item.support_count == 2


def test_support_counts_once_per_account_across_devices(alliance):
    item = youth_input(alliance=alliance)
    person = UserFactory()
    phone, laptop = Client(), Client()
    phone.force_login(person)
    laptop.force_login(person)

    phone.post(url("support", alliance, pk=item.pk))
    laptop.post(url("support", alliance, pk=item.pk))

    item.refresh_from_db()
    assert item.support_count == 1


def test_support_needs_post(client, alliance):
    item = youth_input(alliance=alliance)

    assert client.get(url("support", alliance, pk=item.pk)).status_code == 405


def test_support_is_rate_limited(client, alliance, monkeypatch):
    monkeypatch.setitem(limits.RATES, "support", {"session": "2/d"})
    items = [youth_input(alliance=alliance) for _ in range(3)]

    responses = [client.post(url("support", alliance, pk=item.pk)) for item in items]

    assert [r.status_code for r in responses] == [302, 302, 429]
    assert da("You have tried many times in a short while. Wait a little and try again.") in (
        responses[2].content.decode()
    )
    items[2].refresh_from_db()
    assert items[2].support_count == 0


# --- reports -----------------------------------------------------------------------------------


def test_report_tells_the_moderators_once_per_device(client, alliance):
    secretariat = MembershipFactory(alliance=alliance, role=Role.SECRETARIAT).user
    member = MembershipFactory(alliance=alliance, role=Role.MEMBER).user
    item = youth_input(alliance=alliance)
    report_url = url("report", alliance, pk=item.pk)

    form = client.get(report_url)
    first = client.post(report_url, {"reason": "Der står et telefonnummer"}, follow=True)
    second = client.post(report_url, {"reason": "Igen"}, follow=True)

    assert form.status_code == 200
    assert da("What is wrong?") in form.content.decode()
    item.refresh_from_db()
    assert item.report_count == 1
    assert item.moderation == Moderation.PUBLISHED  # stays until a moderator acts
    assert list(InputReport.objects.values_list("reason", flat=True)) == [
        "Der står et telefonnummer"
    ]
    assert da("Thank you for telling us. The moderators will look at it.") in (
        first.content.decode()
    )
    assert da("You have already reported this.") in second.content.decode()
    notifications = Notification.objects.filter(kind=KIND_REPORTED)
    assert [n.user for n in notifications] == [secretariat]
    assert member not in [n.user for n in notifications]
    assert "telefonnummer" not in notifications.get().body  # the reason stays on the page


def test_report_reason_is_required_and_short(client, alliance):
    item = youth_input(alliance=alliance)
    report_url = url("report", alliance, pk=item.pk)

    empty = client.post(report_url, {"reason": "   "})
    too_long = client.post(report_url, {"reason": "x" * 501})

    assert empty.status_code == 400
    assert too_long.status_code == 400
    assert not InputReport.objects.exists()


def test_report_is_rate_limited(client, alliance, monkeypatch):
    monkeypatch.setitem(limits.RATES, "report", {"session": "1/d"})
    items = [youth_input(alliance=alliance) for _ in range(2)]

    first = client.post(url("report", alliance, pk=items[0].pk), {"reason": "Grimt"})
    second = client.post(url("report", alliance, pk=items[1].pk), {"reason": "Grimt"})

    assert first.status_code == 302
    assert second.status_code == 429
    assert InputReport.objects.count() == 1


# --- you said, we did --------------------------------------------------------------------------


def test_you_said_we_did_shows_what_came_of_it(client, alliance):
    group_decision = decision(alliance=alliance)
    led = youth_input(alliance=alliance, decision=group_decision, published_text="Bænke tak")
    act = youth_input(
        alliance=alliance, led_to_activity=activity(alliance=alliance), published_text="Klub"
    )
    youth_input(alliance=alliance, published_text="Intet endnu")
    youth_input(
        alliance=alliance,
        moderation=Moderation.PRIVATE,
        decision=decision(alliance=alliance, text="Privat beslutning"),
    )

    response = client.get(url("you_said_we_did", alliance))

    content = response.content.decode()
    assert f'id="input-{led.pk}"' in content and f'id="input-{act.pk}"' in content
    assert "Bænke tak" in content and "Klub" in content
    assert "Vi sætter bænke op ved havnen" in content
    assert group_decision.meeting.group.name in content
    assert "Fredagsklub i hallen" in content and "Hallen i Høng" in content
    assert "Intet endnu" not in content
    assert "Privat beslutning" not in content


def test_you_said_we_did_counts_this_year(client, alliance):
    now = timezone.now()
    youth_input(alliance=alliance, moderation=Moderation.PENDING)
    youth_input(
        alliance=alliance,
        answered_at=now,
        answer_due=timezone.localdate() + datetime.timedelta(days=1),
    )
    youth_input(
        alliance=alliance,
        answered_at=now,
        answer_due=timezone.localdate() - datetime.timedelta(days=1),
    )
    youth_input(alliance=alliance, answered_at=now)  # no due date: the default days count

    counts = client.get(url("you_said_we_did", alliance)).context["counts"]

    assert (counts.received, counts.answered, counts.answered_in_time) == (4, 3, 2)


@pytest.mark.parametrize("name", ["published_list", "you_said_we_did"])
def test_the_lists_take_a_fixed_number_of_queries(client, alliance, name):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    def queries() -> int:
        with CaptureQueriesContext(connection) as captured:
            assert client.get(url(name, alliance)).status_code == 200
        return len(captured)

    topic = FocusAreaFactory(alliance=alliance)
    youth_input(alliance=alliance, focus_area=topic, decision=decision(alliance=alliance))
    queries()  # the first visit creates the portal's settings and the session
    few = queries()
    for _ in range(5):
        youth_input(
            alliance=alliance,
            focus_area=FocusAreaFactory(alliance=alliance),
            decision=decision(alliance=alliance),
            led_to_activity=activity(alliance=alliance),
        )

    assert queries() == few
