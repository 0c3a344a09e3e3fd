"""Every list of the API reads a fixed number of queries, whatever the number of rows: the
same with the conftest's world as with more indicators, figures, activities and inputs."""

import datetime
from decimal import Decimal

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from initiatives.services import activity_save
from measurement.aggregation import indicator_recompute
from measurement.models import IndicatorKind
from tests.measurement.factories import DataPointFactory, IndicatorFactory

from .conftest import bearer, key_for, youth_input

pytestmark = pytest.mark.django_db

LISTS = ("indicators", "summaries", "activities", "youth-inputs", "data-points")


def _queries(client, alliance, headers) -> dict[str, int]:
    counts = {}
    for name in LISTS:
        url = f"/api/v1/alliances/{alliance.slug}/{name}/"
        client.get(url, headers=headers)  # the token's last use is written once a minute
        with CaptureQueriesContext(connection) as queries:
            response = client.get(url, headers=headers)
        assert response.status_code == 200, (name, response.content[:300])
        counts[name] = len(queries)
    return counts


def _more(world) -> None:
    alliance = world["alliance"]
    for number in range(6):
        indicator = IndicatorFactory(
            alliance=alliance, code=f"M{number}", name=f"Mere {number}", kind=IndicatorKind.HOW_MUCH
        )
        indicator.workgroups.add(world["own"])
        for year in (2023, 2024, 2025):
            DataPointFactory(
                indicator=indicator,
                organisation=world["school"],
                period=datetime.date(year, 1, 1),
                value=Decimal(number + year % 10),
                respondents=40,
            )
        indicator_recompute(indicator=indicator)
        activity_save(
            alliance=alliance,
            user=None,
            group=world["own"],
            title=f"Aktivitet {number}",
            partners={world["school"]: "lead"},
            measures={indicator: "participants"},
        )
        youth_input(alliance, f"Idé nummer {number}")


@pytest.mark.parametrize("who", ["secretary", "coordinator"])
def test_each_list_reads_the_same_number_of_queries_for_few_and_many_rows(client, world, who):
    user = world[who]
    headers = bearer(key_for(user, world["alliance"]))
    few = _queries(client, world["alliance"], headers)
    _more(world)
    many = _queries(client, world["alliance"], headers)
    assert many == few
