"""The moderation pages: who may open them, the queue with masked excerpts, moderating one
input (publish with the text masked, the re-scan, hide with a reason), and reports."""

import pytest
from django.urls import reverse
from django.utils import translation

from alliance.models import Role
from tests.factories import AllianceFactory, FocusAreaFactory, MembershipFactory
from youth_voice.models import InputReport, InputStatus, Moderation, Moderator
from youth_voice.permissions import inputs_visible_to

from .test_moderation_services import make_input

pytestmark = pytest.mark.django_db

PHONE_TEXT = "Vi vil have en skatepark ved havnen. Ring til mig på 12 34 56 78"


def t(message):
    with translation.override("da"):
        return translation.gettext(message)


def url(name, alliance, **kwargs):
    return reverse(f"youth_voice:{name}", kwargs={"alliance_slug": alliance.slug, **kwargs})


@pytest.fixture
def alliance():
    return AllianceFactory()


def log_in(client, alliance, role):
    membership = MembershipFactory(alliance=alliance, role=role)
    client.force_login(membership.user)
    return membership


@pytest.fixture
def secretariat(client, alliance):
    return log_in(client, alliance, Role.SECRETARIAT)


@pytest.mark.parametrize("role", [Role.COORDINATOR, Role.STEERING, Role.MEMBER, Role.YOUTH])
def test_only_moderators_open_the_moderation_pages(client, alliance, role):
    youth_input = make_input(alliance)
    log_in(client, alliance, role)

    assert client.get(url("moderation_queue", alliance)).status_code == 403
    assert client.get(url("moderate", alliance, pk=youth_input.pk)).status_code == 403
    assert client.post(url("moderate", alliance, pk=youth_input.pk), {}).status_code == 403
    assert client.post(url("report_resolve", alliance, pk=youth_input.pk), {}).status_code == 403
    assert client.get(url("panel", alliance)).status_code == 403
    assert client.get(url("settings_edit", alliance)).status_code == 403


def test_anonymous_people_are_sent_to_log_in(client, alliance):
    response = client.get(url("moderation_queue", alliance))
    assert response.status_code == 302
    assert "/accounts/login/" in response["Location"]


def test_an_appointed_youth_moderator_can_moderate(client, alliance):
    youth_input = make_input(alliance, text=PHONE_TEXT)
    youth = log_in(client, alliance, Role.YOUTH)
    Moderator.objects.create(alliance=alliance, user=youth.user)

    assert client.get(url("moderation_queue", alliance)).status_code == 200
    assert client.get(url("panel", alliance)).status_code == 200
    response = client.post(
        url("moderate", alliance, pk=youth_input.pk),
        {"action": "publish", "text": "Vi vil have en skatepark ved havnen."},
    )

    assert response.status_code == 302
    youth_input.refresh_from_db()
    assert youth_input.moderation == Moderation.PUBLISHED
    assert youth_input.moderated_by == youth.user
    # Appointing moderators and the settings stay with the secretariat.
    assert client.get(url("settings_edit", alliance)).status_code == 403
    assert client.post(url("moderator_add", alliance), {"user": youth.user.pk}).status_code == 403


def test_another_alliances_input_is_not_found(client, alliance, secretariat):
    other = make_input(AllianceFactory())

    assert client.get(url("moderate", alliance, pk=other.pk)).status_code == 404
    response = client.post(
        url("moderate", alliance, pk=other.pk), {"action": "publish", "text": "Hej"}
    )
    assert response.status_code == 404
    assert client.post(url("report_resolve", alliance, pk=other.pk), {}).status_code == 404
    other.refresh_from_db()
    assert other.moderation == Moderation.PENDING


def test_the_queue_lists_waiting_inputs_oldest_first_with_personal_data_masked(
    client, alliance, secretariat
):
    first = make_input(alliance, text="Første: ring 12 34 56 78")
    second = make_input(alliance, text="Anden: skriv til ung@example.org", kind="worry")
    make_input(alliance, text="Allerede offentliggjort", moderation=Moderation.PUBLISHED)

    response = client.get(url("moderation_queue", alliance))

    assert response.status_code == 200
    content = response.content.decode()
    assert "12 34 56 78" not in content
    assert "ung@example.org" not in content
    assert t("[phone number removed]") in content
    assert t("[email removed]") in content
    assert "Allerede offentliggjort" not in content
    assert content.index("Første") < content.index("Anden")
    assert [i.pk for i in response.context["inputs"]] == [first.pk, second.pk]


def test_the_queue_filters_by_kind_and_topic(client, alliance, secretariat):
    topic = FocusAreaFactory(alliance=alliance)
    idea = make_input(alliance, text="En idé", focus_area=topic)
    make_input(alliance, text="En bekymring", kind="worry", focus_area=topic)
    make_input(alliance, text="En anden idé")

    response = client.get(url("moderation_queue", alliance), {"kind": "idea", "topic": topic.pk})

    assert [i.pk for i in response.context["inputs"]] == [idea.pk]
    # Unknown filter values are ignored, not an error.
    response = client.get(url("moderation_queue", alliance), {"kind": "x", "topic": "abc"})
    assert response.status_code == 200
    assert len(response.context["inputs"]) == 3


def test_the_queue_is_paginated(client, alliance, secretariat):
    for index in range(25):
        make_input(alliance, text=f"Input {index}")

    first = client.get(url("moderation_queue", alliance))
    second = client.get(url("moderation_queue", alliance), {"page": 2})
    beyond = client.get(url("moderation_queue", alliance), {"page": "x"})

    assert len(first.context["inputs"]) == 20
    assert len(second.context["inputs"]) == 5
    assert beyond.status_code == 200


def test_the_queue_shows_reported_inputs_with_reasons(client, alliance, secretariat):
    reported = make_input(alliance, moderation=Moderation.PUBLISHED, published_text="Offentlig")
    InputReport.objects.create(input=reported, reason="Det er mobning", reporter_hash="a")
    InputReport.objects.create(
        input=reported, reason="Gammel sag", reporter_hash="b", resolved_at="2026-01-01T00:00Z"
    )

    response = client.get(url("moderation_queue", alliance))

    assert [i.pk for i in response.context["reported"]] == [reported.pk]
    assert response.context["reported"][0].open_report_count == 1
    content = response.content.decode()
    assert "Det er mobning" in content
    assert "Gammel sag" not in content


def test_the_moderate_page_shows_the_original_what_was_found_and_the_masked_text(
    client, alliance, secretariat
):
    youth_input = make_input(alliance, text=PHONE_TEXT)

    response = client.get(url("moderate", alliance, pk=youth_input.pk))

    assert response.status_code == 200
    content = response.content.decode()
    assert "<mark>12 34 56 78</mark>" in content
    assert f"{t('Phone number')}: 12 34 56 78" in content
    assert response.context["form"].initial["text"] == (
        "Vi vil have en skatepark ved havnen. Ring til mig på " + t("[phone number removed]")
    )


def test_publishing_the_masked_text(client, alliance, secretariat):
    youth_input = make_input(alliance, text=PHONE_TEXT)
    masked = (
        client.get(url("moderate", alliance, pk=youth_input.pk)).context["form"].initial["text"]
    )

    response = client.post(
        url("moderate", alliance, pk=youth_input.pk), {"action": "publish", "text": masked}
    )

    assert response.status_code == 302
    assert response["Location"] == url("moderation_queue", alliance)
    youth_input.refresh_from_db()
    assert youth_input.moderation == Moderation.PUBLISHED
    assert youth_input.published_text == masked
    assert "12 34 56 78" not in youth_input.published_text
    assert youth_input.status == InputStatus.CONSIDERING
    assert youth_input.published_at is not None
    follow = client.get(response["Location"])
    assert t("The input is published with the text you approved.") in follow.content.decode()


def test_personal_data_left_in_the_text_stops_publishing_unless_checked(
    client, alliance, secretariat
):
    youth_input = make_input(alliance, text=PHONE_TEXT)

    response = client.post(
        url("moderate", alliance, pk=youth_input.pk), {"action": "publish", "text": PHONE_TEXT}
    )

    assert response.status_code == 400
    content = response.content.decode()
    assert t("Correct the fields marked below.") in content
    assert f"{t('Phone number')}: 12 34 56 78" in content
    youth_input.refresh_from_db()
    assert youth_input.moderation == Moderation.PENDING
    assert youth_input.published_text == ""

    response = client.post(
        url("moderate", alliance, pk=youth_input.pk),
        {"action": "publish", "text": PHONE_TEXT, "checked": "on"},
    )
    assert response.status_code == 302
    youth_input.refresh_from_db()
    assert youth_input.published_text == PHONE_TEXT


def test_names_of_the_alliances_people_are_masked(client, alliance, secretariat):
    member = MembershipFactory(alliance=alliance, role=Role.MEMBER)
    member.user.full_name = "Karen Sofie Holm"
    member.user.save()
    youth_input = make_input(alliance, text="Karen Sofie Holm fra klubben er sød. Karen hjalp.")

    response = client.get(url("moderate", alliance, pk=youth_input.pk))

    assert response.context["form"].initial["text"] == (
        t("[name removed]") + " fra klubben er sød. Karen hjalp."
    )


def test_hiding_needs_a_reason(client, alliance, secretariat):
    youth_input = make_input(alliance)

    response = client.post(url("moderate", alliance, pk=youth_input.pk), {"action": "hide"})

    assert response.status_code == 400
    assert t("Write why the input is hidden.") in response.content.decode()
    youth_input.refresh_from_db()
    assert youth_input.moderation == Moderation.PENDING

    response = client.post(
        url("moderate", alliance, pk=youth_input.pk),
        {"action": "hide", "reason": "Der står et navn på en lærer"},
    )
    assert response.status_code == 302
    youth_input.refresh_from_db()
    assert youth_input.moderation == Moderation.HIDDEN
    assert youth_input.hide_reason == "Der står et navn på en lærer"
    assert youth_input.status == InputStatus.RECEIVED


def test_keeping_private_shows_the_masked_text_to_the_staff_only(client, alliance, secretariat):
    youth_input = make_input(alliance, text=PHONE_TEXT)
    steering = MembershipFactory(alliance=alliance, role=Role.STEERING)

    response = client.post(
        url("moderate", alliance, pk=youth_input.pk),
        {"action": "private", "text": "Vi vil have en skatepark."},
    )

    assert response.status_code == 302
    youth_input.refresh_from_db()
    assert youth_input.moderation == Moderation.PRIVATE
    assert youth_input.published_at is None
    # Kept private and not routed: not for the steering group (nor the public list).
    assert youth_input not in inputs_visible_to(steering.user, steering)


def test_a_bad_action_is_a_400(client, alliance, secretariat):
    youth_input = make_input(alliance)
    response = client.post(
        url("moderate", alliance, pk=youth_input.pk), {"action": "delete", "text": "x"}
    )
    assert response.status_code == 400


def test_the_text_cannot_be_too_long(client, alliance, secretariat):
    youth_input = make_input(alliance)
    response = client.post(
        url("moderate", alliance, pk=youth_input.pk), {"action": "publish", "text": "a" * 2001}
    )
    assert response.status_code == 400


@pytest.fixture
def reported(alliance):
    youth_input = make_input(alliance, moderation=Moderation.PUBLISHED, published_text="Hej")
    InputReport.objects.create(input=youth_input, reason="Det er mobning", reporter_hash="a")
    return youth_input


def test_keeping_a_reported_input_published_resolves_the_reports(
    client, alliance, secretariat, reported
):
    response = client.post(
        url("report_resolve", alliance, pk=reported.pk), {"report-action": "keep"}
    )

    assert response.status_code == 302
    reported.refresh_from_db()
    assert reported.moderation == Moderation.PUBLISHED
    assert not reported.reports.filter(resolved_at__isnull=True).exists()


def test_hiding_a_reported_input_needs_a_reason(client, alliance, secretariat, reported):
    response = client.post(
        url("report_resolve", alliance, pk=reported.pk), {"report-action": "hide"}
    )
    assert response.status_code == 400
    assert t("Write why the input is hidden.") in response.content.decode()
    assert reported.reports.filter(resolved_at__isnull=True).exists()

    response = client.post(
        url("report_resolve", alliance, pk=reported.pk),
        {"report-action": "hide", "report-reason": "Mobning"},
    )
    assert response.status_code == 302
    reported.refresh_from_db()
    assert reported.moderation == Moderation.HIDDEN
    assert reported.hide_reason == "Mobning"
    assert not reported.reports.filter(resolved_at__isnull=True).exists()


def test_report_resolve_takes_only_post(client, alliance, secretariat, reported):
    assert client.get(url("report_resolve", alliance, pk=reported.pk)).status_code == 405


def _queries(client, path):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    with CaptureQueriesContext(connection) as queries:
        assert client.get(path).status_code == 200
    return len(queries)


def test_the_queue_takes_a_fixed_number_of_queries(client, alliance, secretariat):
    topic = FocusAreaFactory(alliance=alliance)
    for _index in range(2):
        make_input(alliance, focus_area=topic)
        reported = make_input(alliance, moderation=Moderation.PUBLISHED, published_text="x")
        InputReport.objects.create(input=reported, reason="Spam", reporter_hash="a")
    few = _queries(client, url("moderation_queue", alliance))

    for _index in range(10):
        make_input(alliance, focus_area=topic)
        reported = make_input(alliance, moderation=Moderation.PUBLISHED, published_text="x")
        InputReport.objects.create(input=reported, reason="Spam", reporter_hash="a")
        InputReport.objects.create(input=reported, reason="Grimt", reporter_hash="b")

    assert _queries(client, url("moderation_queue", alliance)) == few
