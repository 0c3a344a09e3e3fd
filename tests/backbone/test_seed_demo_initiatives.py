"""The demo alliance's activities: the reinforcement map shows a real gap and a possible
overlap, and the activities have a year of logs."""

import pytest
from django.core.management import call_command

from alliance.models import Alliance
from initiatives.models import Activity, ActivityLog
from initiatives.selectors_map import reinforcement_map

pytestmark = pytest.mark.django_db


def test_the_demo_map_has_a_gap_and_an_overlap_and_a_year_of_logs():
    call_command("seed_demo", allow_demo_users=True, quiet=True)
    alliance = Alliance.objects.get(slug="kalundborg")

    result = reinforcement_map(alliance=alliance)

    assert [row.goal.title for row in result.gaps] == ["Flere unge spiser morgenmad hver dag"]
    pairs = [
        {result.activity(o.first).title, result.activity(o.second).title} for o in result.overlaps
    ]
    assert {"Fredagsfællesskab", "Frikvarter – fællesskabscafé på NEG"} in pairs
    overlap = result.overlaps[
        pairs.index({"Fredagsfællesskab", "Frikvarter – fællesskabscafé på NEG"})
    ]
    assert result.activity(overlap.first).group_id != result.activity(overlap.second).group_id
    titles = set(Activity.objects.filter(alliance=alliance).values_list("title", flat=True))
    assert {"Trivselsambassadører", "Walk & talk-mentorer", "UngFest", "Morgenmadsklub"} <= titles
    focus_areas = set(
        Activity.objects.filter(alliance=alliance).values_list("focus_areas__position", flat=True)
    )
    assert focus_areas >= {1, 2, 3, 4, 5}
    assert ActivityLog.objects.filter(activity__alliance=alliance).count() > 200
    assert all(row.reach > 0 for row in result.goals if not row.is_gap)

    logs = ActivityLog.objects.count()
    call_command("seed_demo", allow_demo_users=True, quiet=True)
    assert ActivityLog.objects.count() == logs
    assert Activity.objects.filter(alliance=alliance).count() == len(titles)
