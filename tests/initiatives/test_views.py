"""The activity pages: who may open and change what, the forms with the service's errors, a
session logged on a phone feeding the measures, and fixed query counts."""

import datetime
import json

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from alliance.models import Role
from initiatives.models import (
    Activity,
    ActivityLog,
    ActivityStatus,
    Area,
    EducationType,
    GoalStrength,
    MeasureSource,
    PartnerRole,
)
from initiatives.services import activity_log_save, activity_save
from measurement.models import DataPoint, DataPointStatus, Frequency, IndicatorKind, PeriodLock
from measurement.periods import period_start
from tests.factories import (
    AllianceFactory,
    FocusAreaFactory,
    GoalFactory,
    MembershipFactory,
    OrganisationFactory,
    UserFactory,
    WorkGroupFactory,
)
from tests.measurement.factories import DimensionFactory, DimensionValueFactory, IndicatorFactory
from workgroups.models import GroupRole
from workgroups.services import group_member_add

pytestmark = pytest.mark.django_db


def _member(alliance, role, *, coordinates=None):
    user = UserFactory()
    MembershipFactory(user=user, alliance=alliance, role=role)
    if coordinates is not None:
        group_member_add(group=coordinates, user=user, role=GroupRole.COORDINATOR)
    return user


@pytest.fixture
def world():
    alliance = AllianceFactory(slug="kb", is_public=False)
    focus = FocusAreaFactory(alliance=alliance, title="Fællesskab")
    own, other = (
        WorkGroupFactory(alliance=alliance, name="Fritid"),
        WorkGroupFactory(alliance=alliance, name="Skole"),
    )
    gender = DimensionFactory(alliance=alliance, name="Køn")
    girls = DimensionValueFactory(dimension=gender, label="Piger", position=1)
    boys = DimensionValueFactory(dimension=gender, label="Drenge", position=2)
    reached = IndicatorFactory(
        alliance=alliance,
        name="Deltagelser i fredagsklubben",
        code="A1",
        kind=IndicatorKind.HOW_MUCH,
        frequency=Frequency.QUARTERLY,
    )
    reached.dimensions.add(gender)
    return {
        "alliance": alliance,
        "focus": focus,
        "goal": GoalFactory(alliance=alliance, focus_area=focus, title="Flere unge i fællesskaber"),
        "second_goal": GoalFactory(alliance=alliance, focus_area=focus, title="Færre ensomme"),
        "own": own,
        "other": other,
        "lead": OrganisationFactory(alliance=alliance, name="Ungdomshuset"),
        "venue": OrganisationFactory(alliance=alliance, name="Hallen"),
        "reached": reached,
        "girls": girls,
        "boys": boys,
        "coordinator": _member(alliance, Role.COORDINATOR, coordinates=own),
        "secretariat": _member(alliance, Role.SECRETARIAT),
        "member": _member(alliance, Role.MEMBER),
        "youth": _member(alliance, Role.YOUTH),
    }


def _activity(world, group=None, **fields):
    arguments = {
        "alliance": world["alliance"],
        "user": world["secretariat"],
        "group": group or world["own"],
        "title": "Fredagsklub",
        "status": ActivityStatus.RUNNING,
        "goals": {world["goal"]: GoalStrength.MAIN},
        "partners": {world["lead"]: PartnerRole.LEAD},
        "measures": {world["reached"]: MeasureSource.PARTICIPANTS},
    }
    arguments.update(fields)
    return activity_save(**arguments)


def url(name, world, **kwargs):
    return reverse(
        f"initiatives:{name}", kwargs={"alliance_slug": world["alliance"].slug, **kwargs}
    )


def _activity_post(world, **overrides):
    data = {
        "title": "Lektiecafé",
        "description": "Hjælp til lektier og en snak.",
        "group": world["own"].pk,
        "status": ActivityStatus.PLANNED,
        "starts_on": "2026-12-01",
        "ends_on": "2027-06-30",
        "recurrence": "weekly",
        "place": "Biblioteket",
        "age_min": "13",
        "age_max": "17",
        "education_types": [EducationType.PRIMARY],
        "hours_committed": "37,5",
        "money_committed": "1.250,50",
        "partner_0_org": world["lead"].pk,
        "partner_0_role": PartnerRole.LEAD,
        "partner_1_org": world["venue"].pk,
        "partner_1_role": PartnerRole.VENUE,
        f"goal_{world['goal'].pk}": GoalStrength.MAIN,
        f"goal_{world['second_goal'].pk}": GoalStrength.CONTRIBUTING,
        f"measure_{world['reached'].pk}": MeasureSource.PARTICIPANTS,
        "focus_areas": [world["focus"].pk],
        "is_public": "on",
    }
    data.update(overrides)
    return {key: value for key, value in data.items() if value is not None}


# --- creating and editing ----------------------------------------------------------------------


def test_a_coordinator_creates_an_activity_with_goals_partners_and_a_measure(client, world):
    client.force_login(world["coordinator"])

    response = client.post(url("create", world), _activity_post(world))

    assert response.status_code == 302, response.context["form"].errors
    activity = Activity.objects.get(title="Lektiecafé")
    assert response.status_code == 302
    assert response["Location"] == url("detail", world, pk=activity.pk)
    assert activity.group == world["own"]
    assert str(activity.hours_committed) == "37.5"
    assert str(activity.money_committed) == "1250.50"
    assert {(link.goal, link.strength) for link in activity.goal_links.all()} == {
        (world["goal"], GoalStrength.MAIN),
        (world["second_goal"], GoalStrength.CONTRIBUTING),
    }
    assert {(p.organisation, p.role) for p in activity.partners.all()} == {
        (world["lead"], PartnerRole.LEAD),
        (world["venue"], PartnerRole.VENUE),
    }
    assert [(m.indicator, m.source) for m in activity.measures.all()] == [
        (world["reached"], MeasureSource.PARTICIPANTS)
    ]
    assert activity.is_public
    assert activity.created_by == world["coordinator"]


def test_the_group_choice_offers_a_coordinator_only_their_own_groups(client, world):
    client.force_login(world["coordinator"])

    response = client.get(url("create", world))

    choices = list(response.context["form"].fields["group"].queryset)
    assert choices == [world["own"]]


def test_the_secretariat_may_choose_every_group(client, world):
    client.force_login(world["secretariat"])

    response = client.get(url("create", world))

    assert set(response.context["form"].fields["group"].queryset) == {world["own"], world["other"]}


def test_a_coordinator_cannot_create_for_another_group(client, world):
    client.force_login(world["coordinator"])

    response = client.post(url("create", world), _activity_post(world, group=world["other"].pk))

    assert response.status_code == 400
    assert not Activity.objects.exists()


def test_two_lead_partners_are_refused_on_the_partners_with_400(client, world):
    client.force_login(world["coordinator"])

    response = client.post(
        url("create", world), _activity_post(world, partner_1_role=PartnerRole.LEAD)
    )

    assert response.status_code == 400
    assert response.context["form"].errors["partners"] == ["En aktivitet har én ansvarlig partner."]
    assert not Activity.objects.exists()
    # What was typed is kept.
    assert b"Biblioteket" in response.content


def test_a_measure_without_a_lead_partner_is_refused_on_the_measures(client, world):
    client.force_login(world["coordinator"])

    response = client.post(
        url("create", world), _activity_post(world, partner_0_role=PartnerRole.CO_HOST)
    )

    assert response.status_code == 400
    assert "measures" in response.context["form"].errors


def test_the_end_before_the_start_is_an_error_on_the_end(client, world):
    client.force_login(world["coordinator"])

    response = client.post(url("create", world), _activity_post(world, ends_on="2026-01-01"))

    assert response.status_code == 400
    assert "ends_on" in response.context["form"].errors


def test_a_coordinator_edits_their_groups_activity(client, world):
    activity = _activity(world)
    client.force_login(world["coordinator"])

    page = client.get(url("edit", world, pk=activity.pk))
    response = client.post(
        url("edit", world, pk=activity.pk),
        _activity_post(world, title="Fredagsklub for alle", status=ActivityStatus.PAUSED),
    )

    assert page.status_code == 200
    assert page.context["form"]["title"].value() == "Fredagsklub"
    assert response.status_code == 302
    activity.refresh_from_db()
    assert activity.title == "Fredagsklub for alle"
    assert activity.status == ActivityStatus.PAUSED


@pytest.mark.parametrize("who", ["member", "youth"])
def test_people_without_the_capability_cannot_create(client, world, who):
    client.force_login(world[who])

    assert client.get(url("create", world)).status_code == 403


def test_a_coordinator_cannot_edit_or_log_another_groups_activity(client, world):
    activity = _activity(world, group=world["other"])
    client.force_login(world["coordinator"])

    assert client.get(url("edit", world, pk=activity.pk)).status_code == 403
    assert client.get(url("log_add", world, pk=activity.pk)).status_code == 403
    assert client.get(url("detail", world, pk=activity.pk)).status_code == 200


def test_another_alliances_activity_is_not_found(client, world):
    foreign_alliance = AllianceFactory()
    foreign = activity_save(
        alliance=foreign_alliance,
        user=None,
        group=WorkGroupFactory(alliance=foreign_alliance),
        title="Andet sted",
    )
    client.force_login(world["secretariat"])

    assert client.get(url("detail", world, pk=foreign.pk)).status_code == 404
    assert client.get(url("edit", world, pk=foreign.pk)).status_code == 404


# --- the log ----------------------------------------------------------------------------------


def test_the_log_form_is_made_for_a_phone(client, world):
    activity = _activity(world)
    client.force_login(world["coordinator"])

    response = client.get(url("log_add", world, pk=activity.pk))

    html = response.content.decode()
    assert response.status_code == 200
    assert response.context["form"]["held_on"].value() == timezone.localdate()
    assert html.count('inputmode="numeric"') == 6  # new, returning, girls, boys, 2 satisfaction
    assert f'name="value_{world["girls"].pk}"' in html
    assert "Piger" in html and "Drenge" in html


def test_logging_a_session_feeds_the_measure_and_says_so(client, world):
    activity = _activity(world)
    client.force_login(world["coordinator"])
    day = timezone.localdate()

    response = client.post(
        url("log_add", world, pk=activity.pk),
        {
            "held_on": day.isoformat(),
            "participants_new": "4",
            "participants_returning": "8",
            f"value_{world['girls'].pk}": "7",
            f"value_{world['boys'].pk}": "5",
            "note": "God stemning",
            "satisfaction_answers": "10",
            "satisfaction_positive": "9",
        },
        follow=True,
    )

    assert response.redirect_chain == [(url("detail", world, pk=activity.pk), 302)]
    log = ActivityLog.objects.get(activity=activity)
    assert (log.participants_new, log.participants_returning, log.satisfaction_positive) == (
        4,
        8,
        9,
    )
    assert {b.value.label: b.participants for b in log.breakdowns.all()} == {
        "Piger": 7,
        "Drenge": 5,
    }
    total = DataPoint.objects.get(indicator=world["reached"], breakdown__isnull=True)
    assert total.value == 12
    assert total.status == DataPointStatus.SUBMITTED
    assert total.organisation == world["lead"]
    message = str(next(iter(response.context["messages"])))
    assert "Deltagelser i fredagsklubben" in message


def test_a_locked_period_refuses_the_log_with_400_and_saves_nothing(client, world):
    activity = _activity(world)
    day = timezone.localdate()
    PeriodLock.objects.create(
        alliance=world["alliance"],
        frequency=Frequency.QUARTERLY,
        period=period_start(Frequency.QUARTERLY, day),
    )
    client.force_login(world["coordinator"])

    response = client.post(
        url("log_add", world, pk=activity.pk),
        {"held_on": day.isoformat(), "participants_new": "3", "participants_returning": "0"},
    )

    assert response.status_code == 400
    [error] = response.context["form"].non_field_errors()
    assert error in response.content.decode()
    assert not ActivityLog.objects.exists()
    assert not DataPoint.objects.exists()


def test_more_satisfied_than_answers_is_an_error_on_its_field(client, world):
    activity = _activity(world)
    client.force_login(world["coordinator"])

    response = client.post(
        url("log_add", world, pk=activity.pk),
        {
            "held_on": "2026-11-20",
            "participants_new": "3",
            "participants_returning": "0",
            "satisfaction_answers": "2",
            "satisfaction_positive": "3",
        },
    )

    assert response.status_code == 400
    assert "satisfaction_positive" in response.context["form"].errors


def test_breakdowns_above_the_participants_are_refused(client, world):
    activity = _activity(world)
    client.force_login(world["coordinator"])

    response = client.post(
        url("log_add", world, pk=activity.pk),
        {
            "held_on": "2026-11-20",
            "participants_new": "3",
            "participants_returning": "0",
            f"value_{world['girls'].pk}": "5",
        },
    )

    assert response.status_code == 400
    assert "breakdowns" in response.context["form"].errors
    assert not ActivityLog.objects.exists()


def test_a_session_is_edited_and_deleted_after_confirming(client, world):
    activity = _activity(world)
    log = activity_log_save(
        activity=activity,
        user=world["coordinator"],
        held_on=timezone.localdate(),
        participants_new=2,
        participants_returning=1,
    )
    client.force_login(world["coordinator"])

    edit = client.post(
        url("log_edit", world, pk=activity.pk, log_pk=log.pk),
        {
            "held_on": log.held_on.isoformat(),
            "participants_new": "5",
            "participants_returning": "1",
        },
    )
    confirm = client.get(url("log_delete", world, pk=activity.pk, log_pk=log.pk))
    delete = client.post(url("log_delete", world, pk=activity.pk, log_pk=log.pk))

    assert edit.status_code == 302
    assert confirm.status_code == 200
    assert delete.status_code == 302
    assert not ActivityLog.objects.exists()
    assert DataPoint.objects.get(indicator=world["reached"], breakdown__isnull=True).value == 0


def test_a_log_of_another_activity_is_not_found(client, world):
    activity = _activity(world)
    second = _activity(world, title="Andet")
    log = activity_log_save(
        activity=second, user=None, held_on=datetime.date(2026, 11, 1), participants_new=1
    )
    client.force_login(world["coordinator"])

    assert client.get(url("log_edit", world, pk=activity.pk, log_pk=log.pk)).status_code == 404


# --- reading ----------------------------------------------------------------------------------


def _many(world, count):
    area = Area.objects.create(alliance=world["alliance"], name=f"Område {count}")
    for number in range(count):
        activity = _activity(
            world,
            group=world["own"] if number % 2 else world["other"],
            title=f"Aktivitet {number}",
            partners={world["lead"]: PartnerRole.LEAD, world["venue"]: PartnerRole.VENUE},
            goals={world["goal"]: GoalStrength.MAIN, world["second_goal"]: "contributing"},
            education_types=[EducationType.PRIMARY],
            areas=[area],
            focus_areas=[world["focus"]],
            starts_on=timezone.localdate(),
            is_public=True,
        )
        activity_log_save(
            activity=activity,
            user=None,
            held_on=timezone.localdate(),
            participants_new=1,
            breakdowns={world["girls"]: 1},
        )
    return Activity.objects.filter(alliance=world["alliance"]).last()


def _queries(client, address) -> int:
    with CaptureQueriesContext(connection) as queries:
        response = client.get(address)
    assert response.status_code == 200
    return len(queries)


@pytest.mark.parametrize("name", ["list", "calendar", "join"])
def test_the_lists_read_a_fixed_number_of_queries(client, world, name):
    client.force_login(world["secretariat"])
    _many(world, 3)
    few = _queries(client, url(name, world))
    _many(world, 27)

    assert _queries(client, url(name, world)) == few


def test_the_activity_page_reads_a_fixed_number_of_queries(client, world):
    client.force_login(world["member"])
    activity = _many(world, 1)
    few = _queries(client, url("detail", world, pk=activity.pk))
    for day in range(1, 30):
        activity_log_save(
            activity=activity,
            user=None,
            held_on=timezone.localdate() - datetime.timedelta(days=7 * day),
            participants_new=2,
            breakdowns={world["boys"]: 1},
        )

    assert _queries(client, url("detail", world, pk=activity.pk)) == few


def test_the_list_searches_and_filters(client, world):
    _activity(world, title="Fredagsklub", description="Musik og mad")
    _activity(world, group=world["other"], title="Lektiecafé", goals={}, partners={}, measures={})
    client.force_login(world["member"])

    found = client.get(url("list", world), {"q": "musik"})
    by_group = client.get(url("list", world), {"group": world["other"].pk})
    by_goal = client.get(url("list", world), {"goal": world["goal"].pk})

    assert [a.title for a, _lead in found.context["activities"]] == ["Fredagsklub"]
    assert [a.title for a, _lead in by_group.context["activities"]] == ["Lektiecafé"]
    assert [a.title for a, _lead in by_goal.context["activities"]] == ["Fredagsklub"]


def test_the_activity_page_shows_the_log_and_the_measures_figures(client, world):
    activity = _activity(world)
    activity_log_save(
        activity=activity,
        user=None,
        held_on=timezone.localdate(),
        participants_new=4,
        participants_returning=6,
        note="Pizza",
    )
    client.force_login(world["member"])

    response = client.get(url("detail", world, pk=activity.pk))

    html = response.content.decode()
    assert "Pizza" in html
    assert "Ungdomshuset" in html
    assert "Deltagelser i fredagsklubben" in html
    table = response.context["page"].measures[0]
    assert table.rows[0].own == "10"
    assert table.rows[0].reported == "10"
    # the chart holds the same figures as the table
    figure = json.loads(table.chart_json)
    assert [trace["y"] for trace in figure["data"]] == [[10.0], [10.0]]
    assert f'data-chart="{table.chart_id}"' in html
    assert not response.context["can_manage"]
    assert url("log_add", world, pk=activity.pk) not in html


def test_young_people_see_public_activities_without_internal_fields(client, world):
    _activity(
        world,
        title="Fredagsklub",
        is_public=True,
        place="Ungdomshuset",
        age_min=13,
        age_max=17,
        money_committed=5000,
    )
    _activity(world, title="Intern planlægning", is_public=False)
    _activity(world, title="Slut", is_public=True, status=ActivityStatus.FINISHED)
    client.force_login(world["youth"])

    response = client.get(url("join", world))
    too_old = client.get(url("join", world), {"age": "20"})

    html = response.content.decode()
    assert response.status_code == 200
    assert "Fredagsklub" in html
    assert "Intern planlægning" not in html and "Slut" not in html
    assert "5000" not in html and "5.000" not in html
    assert world["own"].name not in html
    assert too_old.context["activities"] == []
    assert client.get(url("list", world)).status_code == 403


def test_the_join_list_is_open_to_visitors_of_a_public_alliance_only(client, world):
    assert client.get(url("join", world)).status_code == 302
    world["alliance"].is_public = True
    world["alliance"].save()

    assert client.get(url("join", world)).status_code == 200


def test_the_calendar_marks_a_week_with_two_groups_for_the_same_young_people(client, world):
    today = timezone.localdate()
    _activity(world, title="Fredagsklub", starts_on=today, ends_on=today, age_min=13, age_max=17)
    _activity(
        world,
        group=world["other"],
        title="Lektiecafé",
        starts_on=today,
        ends_on=today,
        age_min=15,
        age_max=19,
    )
    _activity(world, group=world["other"], title="Altid åben", goals={}, partners={}, measures={})
    client.force_login(world["member"])

    calendar = client.get(url("calendar", world)).context["calendar"]

    assert [(a.title, b.title) for a, b in calendar.weeks[0].clashes] == [
        ("Fredagsklub", "Lektiecafé")
    ]
    assert not any(week.clashes for week in calendar.weeks[1:])
    assert [a.title for a in calendar.ongoing] == ["Altid åben"]


# --- areas ------------------------------------------------------------------------------------


def test_the_secretariat_adds_and_renames_areas(client, world):
    client.force_login(world["secretariat"])

    added = client.post(url("areas", world), {"new-name": "Høng"})
    area = Area.objects.get(alliance=world["alliance"])
    renamed = client.post(url("areas", world), {"area": area.pk, f"area{area.pk}-name": "Høng by"})
    duplicate = client.post(url("areas", world), {"new-name": "høng BY"})

    assert added.status_code == renamed.status_code == 302
    area.refresh_from_db()
    assert area.name == "Høng by"
    assert duplicate.status_code == 400
    assert Area.objects.count() == 1


def test_a_coordinator_cannot_manage_areas(client, world):
    client.force_login(world["coordinator"])

    assert client.get(url("areas", world)).status_code == 403
