"""The reinforcement map's pages: the map with its filters, the activities behind a cell and the
spreadsheet export; who may see them; a fixed number of queries whatever the activities."""

import datetime
from io import BytesIO

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext
from openpyxl import load_workbook

from alliance.models import Role
from initiatives.models import (
    Activity,
    ActivityGoal,
    ActivityLog,
    ActivityPartner,
    ActivityStatus,
    EducationType,
    GoalStrength,
    PartnerRole,
)
from initiatives.services import activity_save
from tests.factories import (
    AllianceFactory,
    FocusAreaFactory,
    GoalFactory,
    MembershipFactory,
    OrganisationFactory,
    WorkGroupFactory,
)

pytestmark = pytest.mark.django_db


def _url(name: str, alliance, query: str = "") -> str:
    url = reverse(f"initiatives:{name}", kwargs={"alliance_slug": alliance.slug})
    return f"{url}?{query}" if query else url


def _login(client, alliance, role=Role.STEERING):
    membership = MembershipFactory(alliance=alliance, role=role)
    client.force_login(membership.user)
    return membership.user


@pytest.fixture
def world():
    """Two focus areas and three goals; groups A and B; a possible overlap on the loneliness
    goal (A's Fredagsfællesskab, B's Frikvarter); the breakfast goal served only by a paused
    activity (a gap)."""
    alliance = AllianceFactory()
    wellbeing = FocusAreaFactory(alliance=alliance, position=1, title="Mental trivsel")
    food = FocusAreaFactory(alliance=alliance, position=2, title="Mad og søvn")
    lonely = GoalFactory(alliance=alliance, focus_area=wellbeing, title="Færre ensomme unge")
    mental = GoalFactory(alliance=alliance, focus_area=wellbeing, title="Bedre mental sundhed")
    breakfast = GoalFactory(alliance=alliance, focus_area=food, title="Flere spiser morgenmad")
    group_a = WorkGroupFactory(alliance=alliance, name="A: Fællesskaber")
    group_b = WorkGroupFactory(alliance=alliance, name="B: Mental sundhed")
    luma = OrganisationFactory(alliance=alliance, name="Luma Youth House")
    neg = OrganisationFactory(alliance=alliance, name="NEG")
    fgu = OrganisationFactory(alliance=alliance, name="FGU Svebølle")
    user = MembershipFactory(alliance=alliance, role=Role.SECRETARIAT).user
    common = {"alliance": alliance, "user": user}
    friday = activity_save(
        **common,
        group=group_a,
        title="Fredagsfællesskab",
        status=ActivityStatus.RUNNING,
        starts_on=datetime.date(2024, 9, 6),
        age_min=15,
        age_max=24,
        aims_at_priority_group=True,
        goals={lonely: GoalStrength.MAIN, mental: GoalStrength.CONTRIBUTING},
        partners={luma: PartnerRole.LEAD, neg: PartnerRole.CO_HOST},
    )
    cafe = activity_save(
        **common,
        group=group_b,
        title="Frikvarter",
        status=ActivityStatus.RUNNING,
        starts_on=datetime.date(2025, 8, 14),
        age_min=16,
        age_max=24,
        education_types=[EducationType.VOCATIONAL],
        goals={lonely: GoalStrength.MAIN},
        partners={neg: PartnerRole.LEAD},
    )
    club = activity_save(
        **common,
        group=group_b,
        title="Morgenmadsklub",
        status=ActivityStatus.PAUSED,
        goals={breakfast: GoalStrength.MAIN},
        partners={fgu: PartnerRole.LEAD},
    )
    today = timezone.localdate()
    ActivityLog.objects.bulk_create(
        [
            ActivityLog(
                activity=friday, held_on=today, participants_new=5, participants_returning=20
            ),
            ActivityLog(activity=cafe, held_on=today, participants_new=3, participants_returning=9),
        ]
    )
    return {
        "alliance": alliance,
        "goals": {"lonely": lonely, "mental": mental, "breakfast": breakfast},
        "focus_areas": {"wellbeing": wellbeing, "food": food},
        "groups": {"a": group_a, "b": group_b},
        "partners": {"luma": luma, "neg": neg, "fgu": fgu},
        "activities": {"friday": friday, "cafe": cafe, "club": club},
    }


# --- the map ----------------------------------------------------------------------------------


def test_steering_sees_goals_by_activities_with_reach_gap_and_overlap(client, world):
    alliance = world["alliance"]
    _login(client, alliance)

    response = client.get(_url("map", alliance))

    assert response.status_code == 200
    layout = response.context["layout"]
    lines = {line.goal.title: line for line in layout.goal_lines}
    assert lines["Færre ensomme unge"].row.running == 2
    assert lines["Færre ensomme unge"].row.reach == 37
    assert lines["Færre ensomme unge"].row.priority_running == 1
    assert [gap.goal.title for gap in layout.gaps] == ["Flere spiser morgenmad"]
    assert [gap.waiting[0].activity.title for gap in layout.gaps] == ["Morgenmadsklub"]
    [overlap] = layout.overlaps
    assert {overlap.first.column.activity.title, overlap.second.column.activity.title} == {
        "Fredagsfællesskab",
        "Frikvarter",
    }
    assert [goal.title for goal in overlap.goals] == ["Færre ensomme unge"]
    assert overlap.ages == gettext("%(low)s–%(high)s years") % {"low": 16, "high": 24}
    assert overlap.meet_from == datetime.date(2025, 8, 14)
    assert overlap.dates_text == gettext("from %(start)s, with no end date") % {
        "start": date_format(datetime.date(2025, 8, 14), "j. F Y")
    }
    html = response.content.decode()
    assert gettext("Unserved") in html
    friday_url = reverse(
        "initiatives:detail",
        kwargs={"alliance_slug": alliance.slug, "pk": world["activities"]["friday"].pk},
    )
    assert f'href="{friday_url}"' in html
    # main goal and contribution in words and with a symbol
    assert f'<span aria-hidden="true">●</span> {gettext("Main goal")}' in html
    assert f'<span aria-hidden="true">○</span> {gettext("Contributing")}' in html
    assert 'scope="colgroup"' in html and 'scope="rowgroup"' in html
    assert 'id="map-network-figure" type="application/json"' in html


def test_the_secretariat_sees_the_map_and_other_roles_do_not(client, world):
    alliance = world["alliance"]
    _login(client, alliance, Role.SECRETARIAT)
    assert client.get(_url("map", alliance)).status_code == 200

    for role in (Role.COORDINATOR, Role.MEMBER, Role.YOUTH):
        _login(client, alliance, role)
        assert client.get(_url("map", alliance)).status_code == 403
        assert client.get(_url("map_export", alliance)).status_code == 403


def test_paused_activities_show_only_when_asked(client, world):
    alliance = world["alliance"]
    _login(client, alliance)

    default = client.get(_url("map", alliance)).context["layout"]
    paused = client.get(_url("map", alliance, "paused=on")).context["layout"]

    assert [c.activity.title for c in default.activities] == ["Fredagsfællesskab", "Frikvarter"]
    assert "Morgenmadsklub" in [c.activity.title for c in paused.activities]
    # the gap is the alliance's either way
    assert [gap.goal.title for gap in default.gaps] == [gap.goal.title for gap in paused.gaps]


def test_filter_by_focus_area_and_by_group(client, world):
    alliance = world["alliance"]
    _login(client, alliance)

    food = world["focus_areas"]["food"].pk
    by_area = client.get(_url("map", alliance, f"focus_area={food}&paused=on")).context["layout"]
    by_group = client.get(_url("map", alliance, f"group={world['groups']['a'].pk}")).context[
        "layout"
    ]

    assert [goal.title for goal in by_area.goals] == ["Flere spiser morgenmad"]
    assert [c.activity.title for c in by_area.activities] == ["Morgenmadsklub"]
    assert by_area.overlaps == []
    assert [c.activity.title for c in by_group.activities] == ["Fredagsfællesskab"]
    assert len(by_group.overlaps) == 1  # the overlap involves group A
    assert [line.organisation.name for line in by_group.partners] == ["Luma Youth House", "NEG"]


def test_the_compact_view_counts_activities_per_group(client, world):
    alliance = world["alliance"]
    _login(client, alliance)

    response = client.get(_url("map", alliance, "view=groups"))

    lonely = next(
        line
        for line in response.context["layout"].goal_lines
        if line.goal.title == "Færre ensomme unge"
    )
    assert [cell.count for cell in lonely.group_counts] == [1, 1]
    assert f"group={world['groups']['b'].pk}" in lonely.group_counts[1].url


def test_a_bad_filter_is_shown_with_status_400(client, world):
    alliance = world["alliance"]
    _login(client, alliance)

    response = client.get(_url("map", alliance, "focus_area=999999&group=abc"))

    assert response.status_code == 400
    assert response.context["form"].errors
    assert len(response.context["layout"].goals) == 3  # the map shows, unfiltered


def _world_of(activities: int):
    alliance = AllianceFactory()
    area = FocusAreaFactory(alliance=alliance)
    goals = [GoalFactory(alliance=alliance, focus_area=area) for _ in range(4)]
    groups = [WorkGroupFactory(alliance=alliance) for _ in range(3)]
    partners = [OrganisationFactory(alliance=alliance) for _ in range(5)]
    created = Activity.objects.bulk_create(
        Activity(
            alliance=alliance,
            group=groups[n % 3],
            title=f"Aktivitet {n}",
            status=ActivityStatus.RUNNING if n % 4 else ActivityStatus.PLANNED,
        )
        for n in range(activities)
    )
    ActivityGoal.objects.bulk_create(
        ActivityGoal(activity=a, goal=goals[n % 3]) for n, a in enumerate(created)
    )
    ActivityPartner.objects.bulk_create(
        ActivityPartner(activity=a, organisation=partners[n % 5], role=PartnerRole.LEAD)
        for n, a in enumerate(created)
    )
    return alliance


@pytest.mark.parametrize("name", ["map", "map_export"])
def test_the_same_number_of_queries_for_10_and_500_activities(client, name):
    counts = []
    for size in (10, 500):
        alliance = _world_of(size)
        _login(client, alliance)
        client.get(_url(name, alliance))  # sessions and caches warm
        with CaptureQueriesContext(connection) as queries:
            response = client.get(_url(name, alliance, "paused=on"))
        assert response.status_code == 200
        counts.append(len(queries))

    assert counts[0] == counts[1]
    assert counts[1] <= 12


# --- the activities behind a cell -------------------------------------------------------------


def _titles(response) -> list[str]:
    return [item.column.activity.title for item in response.context["activities"]]


def test_a_cell_lists_the_activities_of_a_group_of_a_partner_or_running(client, world):
    alliance = world["alliance"]
    _login(client, alliance)
    lonely = world["goals"]["lonely"].pk

    by_group = client.get(
        _url("map_cell", alliance, f"goal={lonely}&group={world['groups']['b'].pk}")
    )
    by_partner = client.get(
        _url("map_cell", alliance, f"goal={lonely}&partner={world['partners']['neg'].pk}")
    )
    running = client.get(_url("map_cell", alliance, f"goal={lonely}&running=1"))

    assert by_group.status_code == by_partner.status_code == running.status_code == 200
    assert _titles(by_group) == ["Frikvarter"]
    assert _titles(by_partner) == ["Fredagsfællesskab", "Frikvarter"]
    assert _titles(running) == ["Fredagsfællesskab", "Frikvarter"]
    detail = reverse(
        "initiatives:detail",
        kwargs={"alliance_slug": alliance.slug, "pk": world["activities"]["cafe"].pk},
    )
    assert f'href="{detail}"' in by_group.content.decode()


def test_a_cell_shows_paused_activities_only_when_the_map_did(client, world):
    alliance = world["alliance"]
    _login(client, alliance)
    query = f"goal={world['goals']['breakfast'].pk}&group={world['groups']['b'].pk}"

    assert _titles(client.get(_url("map_cell", alliance, query))) == []
    assert _titles(client.get(_url("map_cell", alliance, query + "&paused=1"))) == [
        "Morgenmadsklub"
    ]


def test_a_cell_of_another_alliance_or_a_bad_address_is_not_found(client, world):
    alliance = world["alliance"]
    _login(client, alliance)
    elsewhere = GoalFactory()
    other_group = WorkGroupFactory()
    lonely = world["goals"]["lonely"].pk

    for query in (
        f"goal={elsewhere.pk}",
        f"goal={lonely}&group={other_group.pk}",
        f"goal={lonely}&partner={OrganisationFactory().pk}",
        "goal=abc",
        "",
        f"goal={lonely}&group={world['groups']['a'].pk}&partner={world['partners']['neg'].pk}",
    ):
        assert client.get(_url("map_cell", alliance, query)).status_code == 404, query


# --- the export -------------------------------------------------------------------------------


def test_the_export_is_a_spreadsheet_with_the_four_sheets_and_the_gap(client, world):
    alliance = world["alliance"]
    _login(client, alliance)

    response = client.get(_url("map_export", alliance, "paused=on"))

    assert response.status_code == 200
    assert response["Content-Disposition"].startswith("attachment; filename=")
    assert response["Content-Disposition"].endswith('.xlsx"')
    book = load_workbook(BytesIO(response.content))
    names = [
        gettext("Goals x activities"),
        gettext("Partners x goals"),
        gettext("Gaps"),
        gettext("Possible overlaps"),
    ]
    assert book.sheetnames == names
    matrix, partners, gaps, overlaps = (book[name] for name in names)
    assert matrix.freeze_panes == "C2"
    assert all(sheet.freeze_panes for sheet in book.worksheets)
    header = [cell.value for cell in matrix[1]]
    assert header[:2] == [gettext("Focus area"), gettext("Goal")]
    assert "Morgenmadsklub (B: Mental sundhed)" in header
    rows = {row[1]: row for row in matrix.iter_rows(min_row=2, values_only=True)}
    assert rows["Flere spiser morgenmad"][5] == gettext("Unserved")
    assert rows["Færre ensomme unge"][2:4] == (2, 37)
    gap_rows = list(gaps.iter_rows(min_row=2, values_only=True))
    assert [row[1] for row in gap_rows] == ["Flere spiser morgenmad"]
    assert "Morgenmadsklub" in gap_rows[0][2]
    [overlap] = list(overlaps.iter_rows(min_row=2, values_only=True))
    assert {overlap[0], overlap[2]} == {"Fredagsfællesskab", "Frikvarter"}
    assert overlap[4] == "Færre ensomme unge"
    partner_rows = {row[0]: row for row in partners.iter_rows(min_row=2, values_only=True)}
    assert partner_rows["NEG"][-1] == 2
    assert matrix.column_dimensions["B"].width >= 40


def test_the_network_places_partners_activities_and_goals_in_three_columns():
    from initiatives.charts import Link, network_figure

    figure = network_figure(
        partners=["NEG", "Luma"],
        activities=["Frikvarter", "Fredagsfællesskab"],
        goals=["Færre ensomme unge", "Bedre mental sundhed"],
        partner_links=[(0, 0), (1, 1), (0, 1)],
        goal_links=[Link(0, 0, True), Link(1, 0, True), Link(1, 1, False)],
    )

    nodes = {trace["name"]: trace for trace in figure["data"] if "markers" in trace["mode"]}
    assert [trace["x"][0] for trace in nodes.values()] == [0, 1, 2]
    assert nodes[gettext("Goal")]["customdata"] == ["Færre ensomme unge", "Bedre mental sundhed"]
    # goals top to bottom in order; the activity serving only the first goal sits above
    assert nodes[gettext("Goal")]["y"][0] > nodes[gettext("Goal")]["y"][1]
    assert nodes[gettext("Activity")]["y"][0] > nodes[gettext("Activity")]["y"][1]
    lines = {trace["name"]: trace for trace in figure["data"] if trace["mode"] == "lines"}
    assert lines[gettext("Contributing")]["line"]["dash"] == "dot"
    assert lines[gettext("Main goal")]["x"].count(None) == 2
    assert figure == network_figure(
        partners=["NEG", "Luma"],
        activities=["Frikvarter", "Fredagsfællesskab"],
        goals=["Færre ensomme unge", "Bedre mental sundhed"],
        partner_links=[(0, 0), (1, 1), (0, 1)],
        goal_links=[Link(0, 0, True), Link(1, 0, True), Link(1, 1, False)],
    )
