"""The staff pages on youth input: who may read, route, answer and put on the agenda."""

from __future__ import annotations

import datetime

import pytest
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext

from tests.factories import TEST_PASSWORD
from tests.youth_voice.factories_routing import decision_published, meeting, world, youth_input
from workgroups.models import AgendaItem
from youth_voice.models import InputStatus, Moderation
from youth_voice.services_routing import input_route

pytestmark = pytest.mark.django_db


def url(name, w, **kwargs):
    return reverse(f"youth_voice:{name}", kwargs={"alliance_slug": w.alliance.slug, **kwargs})


def as_(client, user):
    client.login(email=user.email, password=TEST_PASSWORD)
    return client


@pytest.fixture
def w():
    return world()


@pytest.fixture
def routed(w):
    item = youth_input(alliance=w.alliance)
    return input_route(youth_input=item, group=w.group, by=w.secretariat)


# --- reading -----------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("who", "status"),
    [
        ("secretariat", 200),
        ("steering", 200),
        ("coordinator", 200),
        ("member", 200),
        ("other_coordinator", 404),
        ("youth", 403),
        ("stranger", 404),
    ],
)
def test_who_reads_a_routed_input(client, w, routed, who, status):
    response = as_(client, getattr(w, who)).get(url("staff_detail", w, pk=routed.pk))
    assert response.status_code == status


def test_outside_moderation_only_the_masked_text_is_shown(client, w, routed):
    body = as_(client, w.coordinator).get(url("staff_detail", w, pk=routed.pk)).content.decode()
    assert "[telefon]" in body
    assert "12345678" not in body

    body = as_(client, w.secretariat).get(url("staff_detail", w, pk=routed.pk)).content.decode()
    assert "12345678" in body  # the secretariat moderates: both, labelled
    assert gettext("Original text – only moderators see it") in body


def test_steering_reads_published_not_routed_but_not_private_unrouted(client, w):
    published = youth_input(alliance=w.alliance)
    private = youth_input(alliance=w.alliance, moderation=Moderation.PRIVATE)
    c = as_(client, w.steering)
    assert c.get(url("staff_detail", w, pk=published.pk)).status_code == 200
    assert c.get(url("staff_detail", w, pk=private.pk)).status_code == 404


def test_list_shows_visible_inputs_with_counts_and_overdue_words(client, w, routed):
    routed.answer_due = timezone.localdate() - datetime.timedelta(days=3)
    routed.save()
    not_mine = input_route(
        youth_input=youth_input(alliance=w.alliance, published_text="Andet forslag"),
        group=w.other_group,
        by=w.secretariat,
    )

    response = as_(client, w.coordinator).get(url("staff_list", w))

    assert response.status_code == 200
    body = response.content.decode()
    assert "[telefon]" in body
    assert "Andet forslag" not in body
    assert str(not_mine.pk) not in [str(i.pk) for i in response.context["page"].object_list]
    assert "3 " in body and gettext("Youth input") in body
    counts = {c.status: c.count for c in response.context["counts"]}
    assert counts[InputStatus.ROUTED] == 1


def test_list_filters_and_bad_filter_is_400(client, w, routed):
    c = as_(client, w.secretariat)
    other = youth_input(alliance=w.alliance)

    waiting = c.get(url("staff_list", w), {"group": w.group.pk})
    assert [i.pk for i in waiting.context["page"].object_list] == [routed.pk]
    received = c.get(url("staff_list", w), {"status": InputStatus.RECEIVED})
    assert [i.pk for i in received.context["page"].object_list] == [other.pk]
    assert c.get(url("staff_list", w), {"status": "nonsense"}).status_code == 400


def test_overdue_list_by_group_with_days(client, w, routed):
    routed.answer_due = timezone.localdate() - datetime.timedelta(days=3)
    routed.save()

    response = as_(client, w.coordinator).get(url("overdue", w))

    assert response.status_code == 200
    assert response.context["total"] == 1
    assert w.group.name in response.content.decode()
    assert as_(client, w.other_coordinator).get(url("overdue", w)).context["total"] == 0


# --- routing -----------------------------------------------------------------------------


def test_secretariat_routes_with_a_deadline(client, w):
    item = youth_input(alliance=w.alliance)

    response = as_(client, w.secretariat).post(
        url("route", w, pk=item.pk), {"group": w.steering_group.pk, "note": "Styregruppen"}
    )

    assert response.status_code == 302
    item.refresh_from_db()
    assert item.routed_group == w.steering_group
    assert item.answer_due == timezone.localdate() + datetime.timedelta(days=14)


@pytest.mark.parametrize("who", ["coordinator", "steering", "member"])
def test_others_may_not_route(client, w, routed, who):
    response = as_(client, getattr(w, who)).post(
        url("route", w, pk=routed.pk), {"group": w.other_group.pk}
    )
    assert response.status_code == 403


def test_routing_an_unapproved_input_is_400_in_danish(client, w):
    item = youth_input(alliance=w.alliance, moderation=Moderation.PENDING)

    response = as_(client, w.secretariat).post(url("route", w, pk=item.pk), {"group": w.group.pk})

    assert response.status_code == 400
    assert (
        gettext("The input must be approved in moderation (published or kept private) first.")
        in response.content.decode()
    )


def test_routing_without_a_group_is_400(client, w):
    item = youth_input(alliance=w.alliance)
    response = as_(client, w.secretariat).post(url("route", w, pk=item.pk), {"group": ""})
    assert response.status_code == 400
    assert gettext("Choose the group to send the input to.") in response.content.decode()


# --- answering ---------------------------------------------------------------------------


def test_coordinator_answers_own_groups_input_with_a_decision(client, w, routed):
    decision = decision_published(group=w.group)

    response = as_(client, w.coordinator).post(
        url("answer", w, pk=routed.pk),
        {"status": InputStatus.DONE, "answer": "Vi gør det", "decision": decision.pk},
    )

    assert response.status_code == 302
    routed.refresh_from_db()
    assert (routed.status, routed.decision) == (InputStatus.DONE, decision)


@pytest.mark.parametrize(("who", "status"), [("member", 403), ("steering", 403)])
def test_readers_may_not_answer(client, w, routed, who, status):
    response = as_(client, getattr(w, who)).post(
        url("answer", w, pk=routed.pk), {"status": InputStatus.DONE, "answer": "Ja"}
    )
    assert response.status_code == status


def test_coordinator_of_another_group_gets_404(client, w, routed):
    response = as_(client, w.other_coordinator).post(
        url("answer", w, pk=routed.pk), {"status": InputStatus.DONE, "answer": "Ja"}
    )
    assert response.status_code == 404


def test_not_possible_without_reason_is_400(client, w, routed):
    response = as_(client, w.coordinator).post(
        url("answer", w, pk=routed.pk), {"status": InputStatus.NOT_POSSIBLE, "answer": ""}
    )
    assert response.status_code == 400
    assert gettext("Write why it is not possible: the young person reads it.") in (
        response.content.decode()
    )


def test_answering_a_closed_input_again_is_400(client, w, routed):
    c = as_(client, w.coordinator)
    c.post(url("answer", w, pk=routed.pk), {"status": InputStatus.DONE, "answer": "Ja"})
    response = c.post(url("answer", w, pk=routed.pk), {"status": InputStatus.DONE, "answer": "2"})
    assert response.status_code == 400


def test_being_considered_is_for_the_secretariat(client, w):
    item = youth_input(alliance=w.alliance)
    data = {"action": "considering", "note": ""}
    assert as_(client, w.secretariat).post(url("answer", w, pk=item.pk), data).status_code == 302
    item.refresh_from_db()
    assert item.status == InputStatus.CONSIDERING


# --- agenda ------------------------------------------------------------------------------


def test_coordinator_puts_it_on_the_agenda_and_the_member_may_not(client, w, routed):
    upcoming = meeting(group=w.group)

    assert (
        as_(client, w.member)
        .post(url("agenda_add", w, pk=routed.pk), {"meeting": upcoming.pk})
        .status_code
        == 403
    )
    response = as_(client, w.coordinator).post(
        url("agenda_add", w, pk=routed.pk), {"meeting": upcoming.pk}
    )

    assert response.status_code == 302
    item = AgendaItem.objects.get(meeting=upcoming)
    routed.refresh_from_db()
    assert routed.agenda_item == item


# --- the group's page --------------------------------------------------------------------


def test_group_page_lists_the_routed_input(client, w, routed):
    path = reverse(
        "workgroups:detail", kwargs={"alliance_slug": w.alliance.slug, "group_slug": w.group.slug}
    )
    body = as_(client, w.member).get(path).content.decode()
    assert gettext("Input from young people") in body
    assert "[telefon]" in body
    assert url("staff_detail", w, pk=routed.pk) in body


def test_an_appointed_moderator_may_route(client, w):
    from youth_voice.models import Moderator

    Moderator.objects.create(alliance=w.alliance, user=w.member)
    item = youth_input(alliance=w.alliance)

    response = as_(client, w.member).post(url("route", w, pk=item.pk), {"group": w.group.pk})

    assert response.status_code == 302
    item.refresh_from_db()
    assert item.routed_group == w.group


def test_the_list_takes_the_same_queries_for_more_inputs(client, w):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    c = as_(client, w.secretariat)
    for _ in range(2):
        input_route(youth_input=youth_input(alliance=w.alliance), group=w.group, by=w.secretariat)
    c.get(url("staff_list", w))  # warm up: sessions, settings
    with CaptureQueriesContext(connection) as few:
        c.get(url("staff_list", w))
    for _ in range(8):
        input_route(youth_input=youth_input(alliance=w.alliance), group=w.group, by=w.secretariat)
    with CaptureQueriesContext(connection) as more:
        c.get(url("staff_list", w))
    assert len(more) == len(few)


def test_the_detail_page_of_a_closed_input_offers_reopening_to_the_secretariat(client, w, routed):
    as_(client, w.coordinator).post(
        url("answer", w, pk=routed.pk), {"status": InputStatus.DONE, "answer": "Ja"}
    )
    body = as_(client, w.secretariat).get(url("staff_detail", w, pk=routed.pk)).content.decode()
    assert gettext("Reopen the input") in body
    response = client.post(url("answer", w, pk=routed.pk), {"action": "considering"})
    assert response.status_code == 302
    routed.refresh_from_db()
    assert routed.status == InputStatus.CONSIDERING
