"""Pages of the common agenda: reading, comments, the working copy, publishing, versions,
the comparison, the public page; status, permission, redirects and query counts."""

import pytest
from django.conf import settings
from django.urls import reverse

from alliance.models import AgendaComment, AgendaVersion, FocusArea, Goal, Role
from alliance.services.agenda import agenda_publish, agenda_texts_update, goal_add
from tests.factories import (
    AllianceFactory,
    FocusAreaFactory,
    GoalFactory,
    MembershipFactory,
    OrganisationFactory,
    WorkGroupFactory,
)

pytestmark = pytest.mark.django_db


@pytest.fixture
def english(client):
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
    return client


def _url(name, alliance, **kwargs):
    return reverse(f"alliance:{name}", kwargs={"alliance_slug": alliance.slug, **kwargs})


def _member(alliance, role):
    return MembershipFactory(alliance=alliance, role=role).user


def _agenda(*, goals: int = 2, versions: int = 1):
    """An alliance with a focus area (and a responsible group), goals and published versions."""
    alliance = AllianceFactory(vision="Alle unge trives.")
    group = WorkGroupFactory(alliance=alliance, name="Gruppe A")
    area = FocusAreaFactory(alliance=alliance, position=1, title="Trivsel")
    area.groups.add(group)
    other_area = FocusAreaFactory(alliance=alliance, position=2, title="Mad")
    for index in range(goals):
        GoalFactory(
            focus_area=area if index % 2 == 0 else other_area,
            title=f"Mål {index}",
            position=index,
        )
    for number in range(1, versions + 1):
        if number > 1:
            agenda_texts_update(
                alliance=alliance,
                vision=f"Vision {number}",
                problem_understanding="",
                guiding_principles="",
                updated_by=None,
            )
        agenda_publish(alliance=alliance, published_by=None, note=f"Note {number}")
    return alliance


# reading


@pytest.mark.parametrize("role", list(Role))
def test_every_role_reads_the_current_agenda(english, role):
    alliance = _agenda()
    english.force_login(_member(alliance, role))

    response = english.get(_url("agenda", alliance))

    assert response.status_code == 200
    content = response.content.decode()
    assert "Alle unge trives." in content
    assert "Trivsel" in content and "Mål 0" in content
    assert "Gruppe A" in content  # the working group responsible
    assert "Version 1" in content
    assert "Note 1" in content
    can_comment = role in (Role.SECRETARIAT, Role.STEERING)
    assert ("Add comment" in content) == can_comment
    assert ("Edit the working copy" in content) == (role == Role.SECRETARIAT)


def test_the_agenda_shows_the_published_version_not_the_working_copy(english):
    alliance = _agenda()
    agenda_texts_update(
        alliance=alliance,
        vision="Et udkast",
        problem_understanding="",
        guiding_principles="",
        updated_by=None,
    )
    english.force_login(_member(alliance, Role.SECRETARIAT))

    content = english.get(_url("agenda", alliance)).content.decode()

    assert "Alle unge trives." in content
    assert "Et udkast" not in content
    assert "Unpublished changes" in content


def test_the_agenda_says_when_nothing_is_published(english):
    alliance = AllianceFactory()
    english.force_login(_member(alliance, Role.MEMBER))

    content = english.get(_url("agenda", alliance)).content.decode()

    assert "has not published its common agenda yet" in content


def test_problem_understanding_is_rendered_from_sanitised_markdown(english):
    alliance = AllianceFactory()
    agenda_texts_update(
        alliance=alliance,
        vision="V",
        problem_understanding="**Ulighed** <script>alert(1)</script>",
        guiding_principles="",
        updated_by=None,
    )
    agenda_publish(alliance=alliance, published_by=None, note="1")
    english.force_login(_member(alliance, Role.YOUTH))

    content = english.get(_url("agenda", alliance)).content.decode()

    assert "<strong>Ulighed</strong>" in content
    assert "alert(1)" not in content


def test_anonymous_is_sent_to_login(client):
    alliance = _agenda()

    response = client.get(_url("agenda", alliance))

    assert response.status_code == 302
    assert response["Location"].startswith("/accounts/login/")


# comments


def test_the_steering_group_comments_on_the_current_version(english):
    alliance = _agenda()
    user = _member(alliance, Role.STEERING)
    english.force_login(user)

    response = english.post(_url("agenda_comment", alliance), {"body": "Godt arbejde."})

    assert response.status_code == 302
    assert response["Location"] == _url("agenda", alliance) + "#comments"
    comment = AgendaComment.objects.get()
    assert (comment.author, comment.version.number, comment.body) == (user, 1, "Godt arbejde.")
    assert "Godt arbejde." in english.get(_url("agenda", alliance)).content.decode()


def test_an_empty_comment_re_renders_the_page_with_an_error(english):
    alliance = _agenda()
    english.force_login(_member(alliance, Role.SECRETARIAT))

    response = english.post(_url("agenda_comment", alliance), {"body": ""})

    assert response.status_code == 200
    assert "This field is required." in response.content.decode()
    assert not AgendaComment.objects.exists()


@pytest.mark.parametrize("role", [Role.MEMBER, Role.COORDINATOR, Role.YOUTH])
def test_other_roles_may_not_comment(client, role):
    alliance = _agenda()
    client.force_login(_member(alliance, role))

    response = client.post(_url("agenda_comment", alliance), {"body": "Hej"})

    assert response.status_code == 403
    assert not AgendaComment.objects.exists()


# the working copy, focus areas and goals


def test_the_secretariat_edits_the_texts(english):
    alliance = _agenda()
    english.force_login(_member(alliance, Role.SECRETARIAT))

    response = english.post(
        _url("agenda_working_copy", alliance),
        {"vision": "Ny vision", "problem_understanding": "P", "guiding_principles": ""},
    )

    assert response.status_code == 302
    alliance.refresh_from_db()
    assert alliance.vision == "Ny vision"
    assert alliance.history.latest().history_user.memberships.get().role == Role.SECRETARIAT


def test_the_texts_need_a_vision(english):
    alliance = _agenda()
    english.force_login(_member(alliance, Role.SECRETARIAT))

    response = english.post(_url("agenda_working_copy", alliance), {"vision": ""})

    assert response.status_code == 200
    assert "This field is required." in response.content.decode()


@pytest.mark.parametrize("role", [Role.STEERING, Role.COORDINATOR, Role.MEMBER, Role.YOUTH])
@pytest.mark.parametrize(
    "name",
    [
        "agenda_working_copy",
        "agenda_publish",
        "agenda_focus_area_create",
        "agenda_goal_create",
    ],
)
def test_editing_pages_are_forbidden_to_other_roles(client, role, name):
    alliance = _agenda()
    client.force_login(_member(alliance, role))

    assert client.get(_url(name, alliance)).status_code == 403
    assert client.post(_url(name, alliance), {}).status_code == 403


def test_the_secretariat_adds_a_focus_area_with_groups(english):
    alliance = _agenda()
    group = WorkGroupFactory(alliance=alliance)
    english.force_login(_member(alliance, Role.SECRETARIAT))

    response = english.post(
        _url("agenda_focus_area_create", alliance),
        {"position": 3, "title": "Røgfri", "description": "", "groups": [group.pk]},
    )

    assert response.status_code == 302
    area = FocusArea.objects.get(title="Røgfri")
    assert list(area.groups.all()) == [group]


def test_a_focus_area_with_goals_cannot_be_deleted(english):
    alliance = _agenda()
    area = FocusArea.objects.get(alliance=alliance, position=1)
    english.force_login(_member(alliance, Role.SECRETARIAT))

    page = english.get(_url("agenda_focus_area_delete", alliance, focus_area_id=area.pk))
    response = english.post(_url("agenda_focus_area_delete", alliance, focus_area_id=area.pk))

    assert page.status_code == response.status_code == 200
    content = response.content.decode()
    assert "The focus area cannot be deleted" in content
    assert "Move its goals to another focus area or delete them first." in content
    assert FocusArea.objects.filter(pk=area.pk).exists()


def test_a_focus_area_without_goals_is_deleted(english):
    alliance = _agenda(goals=0)
    area = FocusArea.objects.get(alliance=alliance, position=1)
    english.force_login(_member(alliance, Role.SECRETARIAT))

    response = english.post(_url("agenda_focus_area_delete", alliance, focus_area_id=area.pk))

    assert response.status_code == 302
    assert response["Location"] == _url("agenda_working_copy", alliance)
    assert not FocusArea.objects.filter(pk=area.pk).exists()


def test_the_secretariat_adds_edits_and_deletes_a_goal(english):
    alliance = _agenda(goals=0)
    area = FocusArea.objects.get(alliance=alliance, position=1)
    english.force_login(_member(alliance, Role.SECRETARIAT))

    created = english.post(
        _url("agenda_goal_create", alliance),
        {"focus_area": area.pk, "title": "Flere i fritidsjob", "target_year": 2030, "position": 1},
    )
    goal = Goal.objects.get()
    edited = english.post(
        _url("agenda_goal_edit", alliance, goal_id=goal.pk),
        {"focus_area": area.pk, "title": "Flere i job", "target_year": 2031, "position": 2},
    )
    deleted = english.post(_url("agenda_goal_delete", alliance, goal_id=goal.pk))

    assert created.status_code == edited.status_code == deleted.status_code == 302
    assert not Goal.objects.exists()
    titles = list(Goal.history.order_by("history_date").values_list("title", "history_type"))
    assert titles == [("Flere i fritidsjob", "+"), ("Flere i job", "~"), ("Flere i job", "-")]


def test_a_goal_with_a_year_out_of_range_re_renders_the_form(english):
    alliance = _agenda(goals=0)
    area = FocusArea.objects.get(alliance=alliance, position=1)
    english.force_login(_member(alliance, Role.SECRETARIAT))

    response = english.post(
        _url("agenda_goal_create", alliance),
        {"focus_area": area.pk, "title": "X", "target_year": 1800, "position": 1},
    )

    assert response.status_code == 200
    assert "Ensure this value is greater than or equal to 2000." in response.content.decode()
    assert not Goal.objects.exists()


def test_another_alliances_goal_or_focus_area_is_a_404(client):
    alliance = _agenda()
    foreign_goal = GoalFactory()
    client.force_login(_member(alliance, Role.SECRETARIAT))

    for name, kwargs in (
        ("agenda_goal_edit", {"goal_id": foreign_goal.pk}),
        ("agenda_goal_delete", {"goal_id": foreign_goal.pk}),
        ("agenda_focus_area_edit", {"focus_area_id": foreign_goal.focus_area_id}),
        ("agenda_focus_area_delete", {"focus_area_id": foreign_goal.focus_area_id}),
    ):
        assert client.get(_url(name, alliance, **kwargs)).status_code == 404
        assert client.post(_url(name, alliance, **kwargs)).status_code == 404
    assert Goal.objects.filter(pk=foreign_goal.pk).exists()


# publishing


def test_publish_shows_the_changes_then_publishes_a_new_version(english):
    alliance = _agenda()
    agenda_texts_update(
        alliance=alliance,
        vision="Alle unge trives og har lige muligheder.",
        problem_understanding="",
        guiding_principles="",
        updated_by=None,
    )
    user = _member(alliance, Role.SECRETARIAT)
    english.force_login(user)

    review = english.get(_url("agenda_publish", alliance))
    response = english.post(_url("agenda_publish", alliance), {"note": "Lighed tilføjet"})

    assert '<ins><span class="sr-only">Added: </span> og har lige muligheder</ins>' in (
        review.content.decode()
    )
    assert response.status_code == 302
    version = AgendaVersion.objects.get(alliance=alliance, number=2)
    assert (version.published_by, version.note) == (user, "Lighed tilføjet")
    assert "Unpublished changes" not in english.get(_url("agenda", alliance)).content.decode()


def test_publish_without_a_note_or_without_changes_shows_an_error(english):
    alliance = _agenda()
    english.force_login(_member(alliance, Role.SECRETARIAT))

    unchanged = english.post(_url("agenda_publish", alliance), {"note": "Igen"})
    goal_add(
        alliance=alliance,
        focus_area=FocusArea.objects.filter(alliance=alliance).first(),
        title="Nyt mål",
        added_by=None,
    )
    without_note = english.post(_url("agenda_publish", alliance), {"note": ""})

    assert without_note.status_code == unchanged.status_code == 200
    assert "This field is required." in without_note.content.decode()
    assert "Nothing has changed since version 1" in unchanged.content.decode()
    assert AgendaVersion.objects.filter(alliance=alliance).count() == 1


# versions and the comparison


def test_the_version_list_and_one_version(english):
    alliance = _agenda(versions=2)
    english.force_login(_member(alliance, Role.YOUTH))

    listing = english.get(_url("agenda_versions", alliance)).content.decode()
    one = english.get(_url("agenda_version", alliance, number=1))

    assert "Note 1" in listing and "Note 2" in listing
    assert one.status_code == 200
    content = one.content.decode()
    assert "Common agenda, version 1" in content
    assert "Alle unge trives." in content
    assert "Not yet adopted by a recorded decision" in content


def test_a_missing_version_is_a_404(client):
    alliance = _agenda()
    client.force_login(_member(alliance, Role.MEMBER))

    assert client.get(_url("agenda_version", alliance, number=7)).status_code == 404


def test_compare_shows_insertions_and_deletions_with_text_labels(english):
    alliance = _agenda(versions=2)
    english.force_login(_member(alliance, Role.MEMBER))

    response = english.get(_url("agenda_compare", alliance) + "?from=1&to=2")

    assert response.status_code == 200
    content = response.content.decode()
    assert "What changed from version 1 to version 2" in content
    assert '<del><span class="sr-only">Removed: </span>' in content
    assert '<ins><span class="sr-only">Added: </span>' in content
    assert "struck-through text was removed" in content  # the legend


def test_compare_without_numbers_compares_the_two_newest(english):
    alliance = _agenda(versions=3)
    english.force_login(_member(alliance, Role.MEMBER))

    response = english.get(_url("agenda_compare", alliance))

    assert response.status_code == 200
    assert "What changed from version 2 to version 3" in response.content.decode()


@pytest.mark.parametrize("query", ["?from=1&to=99", "?from=abc&to=1", "?from=1", "?from=2&to=2"])
def test_compare_with_bad_numbers_is_a_form_error_not_a_500(english, query):
    alliance = _agenda(versions=2)
    english.force_login(_member(alliance, Role.MEMBER))

    response = english.get(_url("agenda_compare", alliance) + query)

    assert response.status_code == 400
    assert "form-error-message" in response.content.decode() or "Error:" in (
        response.content.decode()
    )


# the public page


def test_the_public_page_shows_the_published_agenda_and_listed_partners_only(english):
    alliance = _agenda()
    agenda_texts_update(
        alliance=alliance,
        vision="Et hemmeligt udkast",
        problem_understanding="",
        guiding_principles="",
        updated_by=None,
    )
    OrganisationFactory(alliance=alliance, name="Synlig forening", is_listed_publicly=True)
    OrganisationFactory(alliance=alliance, name="Skjult virksomhed", is_listed_publicly=False)

    content = english.get(reverse("alliance:home", kwargs={"alliance_slug": alliance.slug}))
    content = content.content.decode()

    assert "Alle unge trives." in content
    assert "Et hemmeligt udkast" not in content
    assert "Mål 0" in content  # goals under their focus areas
    assert "Synlig forening" in content
    assert "Skjult virksomhed" not in content


def test_the_public_page_before_anything_is_published(english):
    alliance = AllianceFactory(is_public=True)

    response = english.get(reverse("alliance:home", kwargs={"alliance_slug": alliance.slug}))

    assert response.status_code == 200
    assert "has not published its common agenda yet" in response.content.decode()


# query counts


def _count(client, url, django_assert_max_num_queries) -> int:
    client.get(url)  # warm per-process caches
    with django_assert_max_num_queries(20) as queries:
        response = client.get(url)
    assert response.status_code == 200
    return len(queries)


@pytest.mark.parametrize("role", [Role.SECRETARIAT, Role.STEERING, Role.MEMBER])
def test_agenda_page_queries_do_not_grow_with_goals(client, django_assert_max_num_queries, role):
    counts = []
    for goals in (5, 50):
        alliance = _agenda(goals=goals)
        user = _member(alliance, role)
        client.force_login(user)
        from alliance.services.agenda import agenda_comment_add

        for index in range(goals // 5):
            agenda_comment_add(alliance=alliance, author=user, body=f"Kommentar {index}")
        counts.append(_count(client, _url("agenda", alliance), django_assert_max_num_queries))

    assert counts[0] == counts[1]


def test_compare_page_queries_do_not_grow_with_goals(client, django_assert_max_num_queries):
    counts = []
    for goals in (5, 50):
        alliance = _agenda(goals=goals, versions=1)
        area = FocusArea.objects.filter(alliance=alliance).first()
        for index in range(goals):
            goal_add(alliance=alliance, focus_area=area, title=f"Nyt {index}", added_by=None)
        agenda_publish(alliance=alliance, published_by=None, note="2")
        client.force_login(_member(alliance, Role.MEMBER))
        url = _url("agenda_compare", alliance) + "?from=1&to=2"
        counts.append(_count(client, url, django_assert_max_num_queries))

    assert counts[0] == counts[1]


@pytest.mark.parametrize(
    "name", ["agenda_working_copy", "agenda_publish", "agenda_versions", "agenda_version"]
)
def test_other_agenda_pages_queries_do_not_grow(client, django_assert_max_num_queries, name):
    counts = []
    for goals in (5, 50):
        alliance = _agenda(goals=goals, versions=2)
        client.force_login(_member(alliance, Role.SECRETARIAT))
        kwargs = {"number": 2} if name == "agenda_version" else {}
        counts.append(_count(client, _url(name, alliance, **kwargs), django_assert_max_num_queries))

    assert counts[0] == counts[1]
