"""Services of the common agenda: texts, focus areas, goals, publishing, comments, history."""

import pytest
from django.core.exceptions import ValidationError
from django.utils import translation

from alliance.models import AgendaVersion, Alliance, FocusArea, Goal
from alliance.services.agenda import (
    agenda_comment_add,
    agenda_publish,
    agenda_texts_update,
    focus_area_add,
    focus_area_delete,
    focus_area_update,
    goal_add,
    goal_delete,
    goal_update,
)
from tests.factories import (
    AllianceFactory,
    FocusAreaFactory,
    GoalFactory,
    OrganisationFactory,
    UserFactory,
    WorkGroupFactory,
)

pytestmark = pytest.mark.django_db


def _texts(alliance, user, vision="Alle unge trives."):
    return agenda_texts_update(
        alliance=alliance,
        vision=vision,
        problem_understanding="For mange unge er **ensomme**.",
        guiding_principles="1. Unge er eksperter i eget liv.",
        updated_by=user,
    )


# texts


def test_agenda_texts_update_saves_and_records_the_acting_user_in_history():
    alliance = AllianceFactory()
    user = UserFactory()

    _texts(alliance, user)

    alliance.refresh_from_db()
    assert alliance.vision == "Alle unge trives."
    assert alliance.problem_understanding == "For mange unge er **ensomme**."
    latest = alliance.history.latest()
    assert latest.history_user == user
    assert latest.vision == "Alle unge trives."


def test_agenda_texts_update_writes_nothing_when_unchanged():
    alliance = AllianceFactory()
    user = UserFactory()
    _texts(alliance, user)
    before = alliance.history.count()

    _texts(alliance, user)

    assert alliance.history.count() == before


# focus areas


def test_focus_area_add_with_groups_and_history_user():
    alliance = AllianceFactory()
    group = WorkGroupFactory(alliance=alliance)
    user = UserFactory()

    area = focus_area_add(
        alliance=alliance, position=1, title=" Mental trivsel ", groups=[group], added_by=user
    )

    assert area.title == "Mental trivsel"
    assert list(area.groups.all()) == [group]
    assert area.history.latest().history_user == user


def test_focus_area_add_refuses_a_group_of_another_alliance():
    alliance = AllianceFactory()
    foreign = WorkGroupFactory()

    with pytest.raises(ValidationError) as error:
        focus_area_add(alliance=alliance, position=1, title="A", groups=[foreign], added_by=None)

    assert "groups" in error.value.message_dict
    assert not FocusArea.objects.filter(alliance=alliance).exists()


def test_focus_area_add_refuses_a_taken_number():
    area = FocusAreaFactory(position=1)

    with pytest.raises(ValidationError):
        focus_area_add(alliance=area.alliance, position=1, title="Other", added_by=None)


def test_focus_area_update_changes_fields_and_groups():
    area = FocusAreaFactory(position=1, title="Old")
    old_group = WorkGroupFactory(alliance=area.alliance)
    new_group = WorkGroupFactory(alliance=area.alliance)
    area.groups.add(old_group)
    user = UserFactory()

    focus_area_update(
        focus_area=area,
        position=3,
        title="New",
        description="D",
        groups=[new_group],
        updated_by=user,
    )

    area.refresh_from_db()
    assert (area.position, area.title, area.description) == (3, "New", "D")
    assert list(area.groups.all()) == [new_group]
    assert area.history.latest().history_user == user


def test_focus_area_delete_without_goals_deletes_and_records_who():
    area = FocusAreaFactory()
    area_id = area.pk
    user = UserFactory()

    focus_area_delete(focus_area=area, deleted_by=user)

    assert not FocusArea.objects.filter(pk=area_id).exists()
    deletion = FocusArea.history.filter(id=area_id, history_type="-").get()
    assert deletion.history_user == user


def test_focus_area_delete_with_goals_is_refused_with_a_clear_message():
    goal = GoalFactory(focus_area__title="Mad og søvn")

    with pytest.raises(ValidationError) as error:
        focus_area_delete(focus_area=goal.focus_area, deleted_by=None)

    assert "Mad og søvn" in error.value.messages[0]
    assert "1 goal" in error.value.messages[0]
    assert FocusArea.objects.filter(pk=goal.focus_area_id).exists()


# goals


def test_goal_add_and_update_record_history_users():
    area = FocusAreaFactory()
    other_area = FocusAreaFactory(alliance=area.alliance)
    author, editor = UserFactory(), UserFactory()

    goal = goal_add(
        alliance=area.alliance,
        focus_area=area,
        title="Flere unge i fritidsjob",
        target_year=2030,
        added_by=author,
    )
    goal_update(
        goal=goal,
        focus_area=other_area,
        title="Flere unge i fritidsjob og foreninger",
        target_year=2032,
        position=2,
        updated_by=editor,
    )

    goal.refresh_from_db()
    assert goal.focus_area == other_area
    assert (goal.title, goal.target_year, goal.position) == (
        "Flere unge i fritidsjob og foreninger",
        2032,
        2,
    )
    assert [h.history_user for h in goal.history.order_by("history_date")] == [author, editor]


def test_goal_add_refuses_a_focus_area_of_another_alliance():
    alliance = AllianceFactory()
    foreign = FocusAreaFactory()

    with pytest.raises(ValidationError) as error:
        goal_add(alliance=alliance, focus_area=foreign, title="X", added_by=None)

    assert "focus_area" in error.value.message_dict
    assert not Goal.objects.exists()


@pytest.mark.parametrize("year", [1999, 2101])
def test_goal_add_refuses_a_target_year_out_of_range(year):
    area = FocusAreaFactory()

    with pytest.raises(ValidationError) as error:
        goal_add(
            alliance=area.alliance, focus_area=area, title="X", target_year=year, added_by=None
        )

    assert "target_year" in error.value.message_dict


def test_goal_delete_and_refusal_when_a_commitment_names_it():
    from alliance.models import Commitment

    free = GoalFactory()
    named = GoalFactory(focus_area=free.focus_area)
    organisation = OrganisationFactory(alliance=free.alliance)
    commitment = Commitment.objects.create(alliance=free.alliance, organisation=organisation)
    commitment.goals.add(named)

    free_id = free.pk
    goal_delete(goal=free, deleted_by=None)
    with pytest.raises(ValidationError):
        goal_delete(goal=named, deleted_by=None)

    assert not Goal.objects.filter(pk=free_id).exists()
    assert Goal.objects.filter(pk=named.pk).exists()


# publishing


def test_agenda_publish_snapshots_texts_focus_areas_and_goals():
    alliance = AllianceFactory()
    user = UserFactory(full_name="Lars Holm")
    group = WorkGroupFactory(alliance=alliance, name="A: Fællesskaber")
    _texts(alliance, user)
    area = focus_area_add(
        alliance=alliance,
        position=1,
        title="Trivsel",
        description="Om trivsel",
        groups=[group],
        added_by=user,
    )
    goal = goal_add(
        alliance=alliance, focus_area=area, title="Færre ensomme", target_year=2030, added_by=user
    )

    version = agenda_publish(alliance=alliance, published_by=user, note=" Første udgave ")

    version.refresh_from_db()
    assert version.number == 1
    assert version.note == "Første udgave"
    assert version.published_by == user
    assert version.vision == "Alle unge trives."
    assert version.problem_understanding == "For mange unge er **ensomme**."
    assert version.guiding_principles == "1. Unge er eksperter i eget liv."
    assert version.focus_areas == [
        {
            "id": area.pk,
            "position": 1,
            "title": "Trivsel",
            "description": "Om trivsel",
            "groups": [{"id": group.pk, "name": "A: Fællesskaber"}],
        }
    ]
    assert version.goals == [
        {
            "id": goal.pk,
            "focus_area_id": area.pk,
            "position": 1,
            "title": "Færre ensomme",
            "description": "",
            "target_year": 2030,
        }
    ]


def test_agenda_publish_numbers_versions_one_after_another_per_alliance():
    alliance = AllianceFactory()
    other = AllianceFactory()
    user = UserFactory()
    _texts(alliance, user, vision="Første")
    _texts(other, user, vision="Anden alliance")

    first = agenda_publish(alliance=alliance, published_by=user, note="1")
    _texts(alliance, user, vision="Anden")
    second = agenda_publish(alliance=alliance, published_by=user, note="2")
    elsewhere = agenda_publish(alliance=other, published_by=user, note="1")

    assert (first.number, second.number, elsewhere.number) == (1, 2, 1)
    assert first.vision == "Første"
    assert second.vision == "Anden"
    assert list(
        AgendaVersion.objects.filter(alliance=alliance).values_list("number", flat=True)
    ) == [2, 1]


def test_agenda_publish_reads_the_locked_row_not_a_stale_object():
    alliance = AllianceFactory(vision="Gammel")
    stale = Alliance.objects.get(pk=alliance.pk)
    _texts(alliance, None, vision="Ny")

    version = agenda_publish(alliance=stale, published_by=None, note="n")

    assert version.vision == "Ny"


def test_agenda_publish_requires_a_note():
    alliance = AllianceFactory()

    with pytest.raises(ValidationError) as error:
        agenda_publish(alliance=alliance, published_by=None, note="   ")

    assert "note" in error.value.message_dict
    assert not AgendaVersion.objects.exists()


def test_agenda_publish_refuses_when_nothing_changed():
    alliance = AllianceFactory()
    agenda_publish(alliance=alliance, published_by=None, note="1")

    with pytest.raises(ValidationError) as error:
        agenda_publish(alliance=alliance, published_by=None, note="2")

    assert "version 1" in error.value.messages[0]
    assert AgendaVersion.objects.filter(alliance=alliance).count() == 1


def test_a_published_version_keeps_a_goal_that_is_deleted_later():
    goal = GoalFactory(title="Holder fast")
    version = agenda_publish(alliance=goal.alliance, published_by=None, note="1")

    goal_delete(goal=goal, deleted_by=None)

    version.refresh_from_db()
    assert [g["title"] for g in version.goals] == ["Holder fast"]


# comments


def test_agenda_comment_add_ties_the_comment_to_the_newest_version():
    alliance = AllianceFactory()
    user = UserFactory()
    agenda_publish(alliance=alliance, published_by=None, note="1")
    _texts(alliance, user, vision="Ændret")
    newest = agenda_publish(alliance=alliance, published_by=None, note="2")

    comment = agenda_comment_add(alliance=alliance, author=user, body=" Godt forslag. ")

    assert comment.version == newest
    assert comment.body == "Godt forslag."


def test_agenda_comment_add_without_any_version_and_refuses_an_empty_body():
    alliance = AllianceFactory()
    user = UserFactory()

    comment = agenda_comment_add(alliance=alliance, author=user, body="Tidligt input")
    with pytest.raises(ValidationError):
        agenda_comment_add(alliance=alliance, author=user, body="   ")

    assert comment.version is None


@pytest.fixture(autouse=True)
def _messages_in_english():
    """These tests read messages in English; the platform's default language is Danish."""
    with translation.override("en"):
        yield
