"""The reinforcement map at scale (issue 6's benchmark), on PostgreSQL only.

On the measurement benchmark's generated alliance, with its data points (1,000,000 unless
BENCH_DATA_POINTS says otherwise; generated here when the measurement benchmark did not run
first), so that the dashboard is timed on the data it is benchmarked on: 20 goals, 10 working
groups, 500 activities with their partners among the 40 organisations, target groups and areas,
and a year of weekly logs (26,000). Printed, measured in the same run in alternating rounds:
the map page's queries (the same with 10 and with 500 activities) and the map page's median
time against the dashboard's, as a ratio. The issue's goal: the map renders in under the time
of two dashboard pages.

While working on it: BENCH_ONLY=map BENCH_DATA_POINTS=100000 make bench.
"""

from __future__ import annotations

import datetime
import random

from django.db import connection
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from alliance.models import Alliance, FocusArea, Goal, Organisation, User
from initiatives.models import (
    Activity,
    ActivityEducation,
    ActivityGoal,
    ActivityLog,
    ActivityPartner,
    ActivityStatus,
    Area,
    EducationType,
    GoalStrength,
    PartnerRole,
)
from workgroups.models import WorkGroup

ACTIVITIES = 500
GOALS_PER_FOCUS_AREA = 4
GROUPS = 10
AREAS = ["Kalundborg", "Høng", "Gørlev", "Svebølle", "Ubby", "Rørby"]
AGE_BANDS = [(13, 15), (14, 17), (16, 19), (18, 24), (None, None)]
ROUNDS = 30


def bench_map() -> list:
    """The map's figures; nothing on SQLite."""
    from tests.perf.measurement_bench import _paired_medians
    from tests.perf.run import Figure, queries_of

    if connection.vendor != "postgresql":
        print("map benchmark skipped: it needs PostgreSQL")
        return []
    alliance = _measurement_alliance()
    steering = User.objects.get(email="bench-steering@example.org")
    client = Client()
    client.force_login(steering)
    map_url = reverse("initiatives:map", kwargs={"alliance_slug": alliance.slug})
    dashboard_url = reverse("measurement:dashboard", kwargs={"alliance_slug": alliance.slug})

    _activities(alliance, 10)
    assert client.get(map_url).status_code == 200
    small_queries = queries_of(lambda: client.get(map_url))
    _activities(alliance, ACTIVITIES)
    for url in (map_url, dashboard_url):
        response = client.get(url)
        assert response.status_code == 200, (url, response.status_code)
    big_queries = queries_of(lambda: client.get(map_url))
    size = len(client.get(map_url).content)

    seconds, dashboard = _paired_medians(
        lambda: client.get(map_url), lambda: client.get(dashboard_url), ROUNDS
    )
    ratio = seconds / dashboard
    logs = ActivityLog.objects.filter(activity__alliance=alliance).count()
    print(
        f"map: {ACTIVITIES} activities, {logs:,} "
        f"logs; map median {seconds * 1000:.1f} ms ({size:,} bytes), dashboard median "
        f"{dashboard * 1000:.1f} ms; {big_queries} queries"
    )
    return [
        Figure(
            "map_queries_10_activities",
            small_queries,
            "queries",
            "equal at 10 and 500 activities",
            small_queries == big_queries,
        ),
        Figure(
            "map_queries_500_activities",
            big_queries,
            "queries",
            "equal at 10 and 500 activities, and <= 15",
            small_queries == big_queries and big_queries <= 15,
        ),
        Figure("map_median_ms", round(seconds * 1000, 1), "ms", "", True),
        Figure(
            "map_dashboard_median_ms", round(dashboard * 1000, 1), "ms", "(the yardstick)", True
        ),
        Figure(
            "map_vs_dashboard",
            round(ratio, 2),
            "x",
            "< 2x the dashboard page on the benchmark data",
            ratio < 2,
        ),
    ]


def _measurement_alliance() -> Alliance:
    """The measurement benchmark's alliance, generated when that benchmark did not run."""
    alliance = Alliance.objects.filter(slug="bench-measurement").first()
    if alliance is not None:
        return alliance
    from measurement.aggregation import summaries_recompute_all
    from tests.perf.measurement_bench import TOTAL, _generate, _world

    world = _world()
    _generate(world, rows=TOTAL)
    summaries_recompute_all()
    return world["alliance"]


def _activities(alliance: Alliance, count: int) -> None:
    """Replace the alliance's activities with `count` generated ones (deterministic)."""
    rng = random.Random(6)
    today = timezone.localdate()
    Activity.objects.filter(alliance=alliance).delete()
    focus_areas = list(FocusArea.objects.filter(alliance=alliance).order_by("position"))
    goals = list(Goal.objects.filter(alliance=alliance).order_by("pk"))
    if not goals:
        goals = Goal.objects.bulk_create(
            Goal(alliance=alliance, focus_area=area, position=n, title=f"Mål {area.position}.{n}")
            for area in focus_areas
            for n in range(1, GOALS_PER_FOCUS_AREA + 1)
        )
    groups = list(WorkGroup.objects.filter(alliance=alliance).order_by("pk"))
    for n in range(len(groups), GROUPS):
        groups.append(
            WorkGroup.objects.create(
                alliance=alliance, kind="working", name=f"Group {n + 1}", slug=f"g{n + 1}"
            )
        )
    areas = list(Area.objects.filter(alliance=alliance).order_by("pk")) or Area.objects.bulk_create(
        Area(alliance=alliance, name=name, position=n) for n, name in enumerate(AREAS, start=1)
    )
    organisations = list(Organisation.objects.filter(alliance=alliance).order_by("pk"))
    statuses = [ActivityStatus.RUNNING] * 8 + [ActivityStatus.PLANNED, ActivityStatus.PAUSED]
    educations = [code for code, _label in EducationType.choices]
    activities = []
    for n in range(count):
        low, high = AGE_BANDS[n % len(AGE_BANDS)]
        activities.append(
            Activity(
                alliance=alliance,
                group=groups[n % len(groups)],
                title=f"Aktivitet {n + 1:03d}",
                status=statuses[n % len(statuses)],
                starts_on=datetime.date(2024, 1, 1) + datetime.timedelta(days=rng.randrange(700)),
                ends_on=None if n % 3 else today + datetime.timedelta(days=rng.randrange(400)),
                age_min=low,
                age_max=high,
                aims_at_priority_group=n % 4 == 0,
            )
        )
    activities = Activity.objects.bulk_create(activities)
    links, partners, education, area_links, logs = [], [], [], [], []
    through = Activity.areas.through
    for n, activity in enumerate(activities):
        main = goals[rng.randrange(len(goals))]
        links.append(ActivityGoal(activity=activity, goal=main, strength=GoalStrength.MAIN))
        if n % 3 == 0:
            other = goals[rng.randrange(len(goals))]
            if other != main:
                links.append(
                    ActivityGoal(activity=activity, goal=other, strength=GoalStrength.CONTRIBUTING)
                )
        lead = organisations[n % len(organisations)]
        partners.append(
            ActivityPartner(activity=activity, organisation=lead, role=PartnerRole.LEAD)
        )
        co_host = organisations[(n * 7 + 3) % len(organisations)]
        if co_host != lead:
            partners.append(
                ActivityPartner(activity=activity, organisation=co_host, role=PartnerRole.CO_HOST)
            )
        if n % 5:
            education.append(
                ActivityEducation(activity=activity, education_type=educations[n % len(educations)])
            )
        area_links.append(through(activity=activity, area=areas[rng.randrange(len(areas))]))
        for week in range(52):
            total = rng.randrange(5, 40)
            new = rng.randrange(0, total // 2 + 1)
            logs.append(
                ActivityLog(
                    activity=activity,
                    held_on=today - datetime.timedelta(weeks=week),
                    participants_new=new,
                    participants_returning=total - new,
                )
            )
    ActivityGoal.objects.bulk_create(links)
    ActivityPartner.objects.bulk_create(partners)
    ActivityEducation.objects.bulk_create(education)
    through.objects.bulk_create(area_links)
    ActivityLog.objects.bulk_create(logs, batch_size=5000)
    with connection.cursor() as cursor:
        cursor.execute("ANALYZE initiatives_activitylog")
