"""'My meetings and tasks', marking an action item done, and the alliance's decisions log."""

from __future__ import annotations

import datetime

import pytest
from django.contrib.messages import get_messages
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from alliance.models import AgendaVersion, Role
from tests.factories import (
    AllianceFactory,
    FocusAreaFactory,
    MembershipFactory,
    UserFactory,
    WorkGroupFactory,
)
from workgroups.models import (
    ActionItem,
    ActionItemStatus,
    Decision,
    GroupRole,
    Meeting,
    MinutesStatus,
)
from workgroups.services import group_member_add
from workgroups.services_meetings import action_item_add

pytestmark = pytest.mark.django_db

NOW = timezone.now()
TODAY = timezone.localdate()


def _url(name, alliance, **kwargs):
    return reverse(f"workgroups:{name}", kwargs={"alliance_slug": alliance.slug, **kwargs})


def _person(alliance, role=Role.MEMBER):
    return MembershipFactory(alliance=alliance, role=role).user


def _messages(response):
    return [str(message) for message in get_messages(response.wsgi_request)]


@pytest.fixture
def english(client):
    client.cookies["django_language"] = "en"
    return client


@pytest.fixture
def alliance():
    return AllianceFactory(is_public=False)


@pytest.fixture
def group(alliance):
    return WorkGroupFactory(alliance=alliance, name="Trivsel i skolen")


@pytest.fixture
def member(alliance, group):
    user = _person(alliance)
    group_member_add(group=group, user=user)
    return user


def _meeting(group, *, days, title="Møde", **kwargs):
    start = NOW + datetime.timedelta(days=days)
    return Meeting.objects.create(
        group=group,
        title=title,
        starts_at=start,
        ends_at=start + datetime.timedelta(hours=1),
        **kwargs,
    )


def _item(group, owner, *, title="Kortlæg fritidstilbud", days=7, meeting=None):
    return action_item_add(
        group=group,
        user=None,
        title=title,
        owner=owner,
        deadline=TODAY + datetime.timedelta(days=days),
        meeting=meeting,
    )


# ---------------------------------------------------------------------------
# My meetings and tasks
# ---------------------------------------------------------------------------


def test_my_work_shows_my_meetings_and_open_items(english, alliance, group, member):
    other_group = WorkGroupFactory(alliance=alliance, name="Andet")
    _meeting(group, days=2, title="Næste møde", agenda_published_at=NOW)
    _meeting(group, days=3, title="Aflyst møde", is_cancelled=True)
    _meeting(other_group, days=2, title="Ikke mit møde")
    past = _meeting(group, days=-2, title="Forrige møde")
    _item(group, member, title="Forfalden opgave", days=-3, meeting=past)
    _item(group, member, title="Kommende opgave", days=5)
    _item(group, group_member_add(group=group, user=UserFactory()).user, title="Andres opgave")
    done = _item(group, member, title="Færdig opgave")
    done.status, done.done_at, done.done_note = ActionItemStatus.DONE, NOW, "Sendt til alle"
    done.save()
    english.force_login(member)

    response = english.get(_url("my_work", alliance))

    content = response.content.decode()
    assert response.status_code == 200
    assert "Næste møde" in content and "Agenda published" in content
    assert "Aflyst møde" not in content and "Ikke mit møde" not in content
    assert "Forfalden opgave" in content and "overdue" in content
    assert "Kommende opgave" in content
    assert "Andres opgave" not in content
    assert "Færdig opgave" in content and "Sendt til alle" in content
    assert content.count("Mark as done") == 2
    assert _url("meeting", alliance, pk=past.pk) in content


def test_my_work_runs_a_fixed_number_of_queries(client, alliance, group, member):
    def fill(n):
        for index in range(n):
            g = WorkGroupFactory(alliance=alliance)
            group_member_add(group=g, user=member)
            meeting = _meeting(g, days=index + 1)
            _item(g, member, days=index - 3, meeting=meeting)
            done = _item(g, member)
            done.status, done.done_at = ActionItemStatus.DONE, NOW
            done.save()

    client.force_login(member)
    fill(2)
    with CaptureQueriesContext(connection) as few:
        assert client.get(_url("my_work", alliance)).status_code == 200
    fill(23)
    with CaptureQueriesContext(connection) as many:
        assert client.get(_url("my_work", alliance)).status_code == 200

    assert len(few) == len(many)


# ---------------------------------------------------------------------------
# Marking an action item done
# ---------------------------------------------------------------------------


def test_the_owner_marks_an_item_done_with_a_note(client, alliance, group, member):
    item = _item(group, member)
    client.force_login(member)

    response = client.post(
        _url("action_item_done", alliance, pk=item.pk), {"note": " Listen er sendt ud. "}
    )

    assert response.status_code == 302
    assert response["Location"] == _url("my_work", alliance)
    item.refresh_from_db()
    assert item.status == ActionItemStatus.DONE
    assert item.done_note == "Listen er sendt ud."
    assert item.done_at is not None
    assert _messages(response)


def test_a_manager_of_the_group_may_mark_it_done(client, alliance, group, member):
    item = _item(group, member)
    coordinator = _person(alliance, Role.COORDINATOR)
    group_member_add(group=group, user=coordinator, role=GroupRole.COORDINATOR)
    client.force_login(coordinator)

    response = client.post(_url("action_item_done", alliance, pk=item.pk), {})

    assert response.status_code == 302
    item.refresh_from_db()
    assert item.status == ActionItemStatus.DONE


@pytest.mark.parametrize("role", [Role.MEMBER, Role.STEERING, Role.COORDINATOR])
def test_someone_else_may_not_mark_it_done(client, alliance, group, member, role):
    item = _item(group, member)
    other = _person(alliance, role)
    group_member_add(group=group, user=other)  # a plain seat in the same group
    client.force_login(other)

    response = client.post(_url("action_item_done", alliance, pk=item.pk), {"note": "x"})

    assert response.status_code == 403
    item.refresh_from_db()
    assert item.status == ActionItemStatus.OPEN


def test_another_alliances_item_is_a_404(client, alliance, member):
    foreign_group = WorkGroupFactory()
    owner = UserFactory()
    group_member_add(group=foreign_group, user=owner)
    item = _item(foreign_group, owner)
    client.force_login(member)

    assert client.post(_url("action_item_done", alliance, pk=item.pk)).status_code == 404
    assert client.post(_url("action_item_done", alliance, pk=999999)).status_code == 404


def test_marking_done_twice_is_a_friendly_message(client, alliance, group, member):
    item = _item(group, member)
    client.force_login(member)
    url = _url("action_item_done", alliance, pk=item.pk)

    client.post(url, {"note": "Første gang"})
    response = client.post(url, {"note": "Anden gang"})

    assert response.status_code == 302
    assert any("Kortlæg fritidstilbud" in message for message in _messages(response))
    item.refresh_from_db()
    assert item.done_note == "Første gang"


def test_a_too_long_note_changes_nothing(client, alliance, group, member):
    item = _item(group, member)
    client.force_login(member)

    response = client.post(_url("action_item_done", alliance, pk=item.pk), {"note": "x" * 2001})

    assert response.status_code == 302
    assert _messages(response)
    item.refresh_from_db()
    assert item.status == ActionItemStatus.OPEN


def test_marking_done_goes_back_only_to_a_local_page(client, alliance, group, member):
    client.force_login(member)
    local = _url("detail", alliance, group_slug=group.slug)

    back = client.post(
        _url("action_item_done", alliance, pk=_item(group, member).pk), {"next": local}
    )
    away = client.post(
        _url("action_item_done", alliance, pk=_item(group, member).pk),
        {"next": "https://example.com/"},
    )

    assert back["Location"] == local
    assert away["Location"] == _url("my_work", alliance)


def test_marking_done_is_post_only(client, alliance, group, member):
    client.force_login(member)

    assert (
        client.get(_url("action_item_done", alliance, pk=_item(group, member).pk)).status_code
        == 405
    )


# ---------------------------------------------------------------------------
# The decisions log
# ---------------------------------------------------------------------------


def _decisions(group, n, *, text="Beslutning", published=True, days=-1, **kwargs):
    decisions = []
    for index in range(n):
        meeting = _meeting(
            group,
            days=days - index,
            minutes_status=MinutesStatus.PUBLISHED if published else MinutesStatus.DRAFT,
        )
        item = meeting.agenda_items.create(position=1, title=f"Punkt {index}")
        decisions.append(
            Decision.objects.create(
                meeting=meeting,
                agenda_item=item,
                text=f"{text} {index}",
                rationale="Fordi",
                decided_by="Arbejdsgruppen",
                **kwargs,
            )
        )
    return decisions


def test_the_log_lists_published_decisions_newest_first(english, alliance, group, member):
    version = AgendaVersion.objects.create(alliance=alliance, number=3)
    _decisions(group, 2, text="Offentlig", adopted_agenda_version=version)
    _decisions(group, 1, text="Kladde", published=False)
    _decisions(WorkGroupFactory(), 1, text="Fremmed")
    english.force_login(member)

    response = english.get(_url("decisions", alliance))

    content = response.content.decode()
    assert response.status_code == 200
    assert content.index("Offentlig 0") < content.index("Offentlig 1")
    assert "Kladde" not in content and "Fremmed" not in content
    assert "Fordi" in content and "Arbejdsgruppen" in content and "Punkt 0" in content
    assert "Adopted version 3 of the common agenda" in content


def test_the_meeting_link_shows_only_to_those_who_may_see_the_group(
    client, alliance, group, member
):
    other_group = WorkGroupFactory(alliance=alliance)
    [mine] = _decisions(group, 1)
    [theirs] = _decisions(other_group, 1, text="Anden")
    client.force_login(member)

    content = client.get(_url("decisions", alliance)).content.decode()

    assert _url("meeting", alliance, pk=mine.meeting_id) in content
    assert "Anden 0" in content
    assert _url("meeting", alliance, pk=theirs.meeting_id) not in content


def test_the_log_filters_by_words_group_focus_area_and_dates(client, alliance, group, member):
    area = FocusAreaFactory(alliance=alliance)
    group.focus_areas.add(area)
    other_group = WorkGroupFactory(alliance=alliance)
    _decisions(group, 1, text="Svømning")
    _decisions(other_group, 1, text="Løb", days=-40)
    client.force_login(member)
    url = _url("decisions", alliance)

    def shown(**params):
        content = client.get(url, params).content.decode()
        return {word for word in ("Svømning", "Løb") if f"{word} 0" in content}

    assert shown(q="svøm") == {"Svømning"}
    assert shown(group=other_group.pk) == {"Løb"}
    assert shown(focus_area=area.pk) == {"Svømning"}
    since = (TODAY - datetime.timedelta(days=10)).isoformat()
    assert shown(since=since) == {"Svømning"}
    assert shown(until=since) == {"Løb"}


@pytest.mark.parametrize(
    "params",
    [
        {"since": "31-02-2026"},
        {"until": "i morgen"},
        {"since": "2026-05-01", "until": "2026-04-01"},
        {"group": "abc"},
        {"focus_area": "999999"},
    ],
)
def test_bad_filters_show_the_form_with_errors(client, alliance, member, params):
    client.force_login(member)

    response = client.get(_url("decisions", alliance), params)

    assert response.status_code == 400
    assert "form-error-message" in response.content.decode()


def test_the_log_pages(client, alliance, group, member):
    _decisions(group, 25)
    client.force_login(member)

    first = client.get(_url("decisions", alliance), {"q": "Beslutning"}).content.decode()
    second = client.get(_url("decisions", alliance), {"q": "Beslutning", "page": 2})

    assert "Beslutning 0" in first and "Beslutning 24" not in first
    assert "?q=Beslutning&amp;page=2" in first
    assert "Beslutning 24" in second.content.decode()


def test_young_people_do_not_see_the_log(client, alliance, group):
    youth = _person(alliance, Role.YOUTH)
    group_member_add(group=group, user=youth, is_youth_representative=True)
    client.force_login(youth)

    assert client.get(_url("decisions", alliance)).status_code == 403


def test_the_log_runs_a_fixed_number_of_queries(client, alliance, group, member):
    version = AgendaVersion.objects.create(alliance=alliance, number=1)
    client.force_login(member)
    _decisions(group, 2, adopted_agenda_version=version)
    with CaptureQueriesContext(connection) as few:
        assert client.get(_url("decisions", alliance)).status_code == 200
    _decisions(WorkGroupFactory(alliance=alliance), 38, adopted_agenda_version=version)
    with CaptureQueriesContext(connection) as many:
        assert client.get(_url("decisions", alliance)).status_code == 200

    assert len(few) == len(many)


def test_action_items_are_not_written_by_the_log(client, alliance, member):
    client.force_login(member)

    assert client.post(_url("decisions", alliance)).status_code == 405
    assert client.post(_url("my_work", alliance)).status_code == 405
    assert not ActionItem.objects.exists()
