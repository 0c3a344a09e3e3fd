"""A schema-driven fuzz run (schemathesis) against the live API, with a secretariat's and a
coordinator's key: whatever the generated query strings, ids and bodies, no answer is a server
error. The number of examples is bounded to keep the run short."""

import pytest
import schemathesis
from hypothesis import HealthCheck, given, settings
from schemathesis.checks import not_a_server_error

from tests.api.conftest import bearer, key_for

EXAMPLES_PER_OPERATION = 8


@pytest.fixture
def high_rates(settings):
    # The run sends a few hundred requests a minute with each key.
    settings.REST_FRAMEWORK = {
        **settings.REST_FRAMEWORK,
        "DEFAULT_THROTTLE_RATES": {"user": "100000/minute", "anon": "100000/minute"},
    }


def _fuzz(operation, *, base_url: str, slug: str, raw: str) -> set[int]:
    """Send the generated requests of one operation with the key; the statuses answered."""
    statuses: set[int] = set()

    @given(case=operation.as_strategy())
    @settings(
        max_examples=EXAMPLES_PER_OPERATION,
        deadline=None,
        database=None,
        suppress_health_check=list(HealthCheck),
    )
    def run(case):
        # The alliance of the key: another slug is only ever a 404.
        case.path_parameters = {**(case.path_parameters or {}), "alliance_slug": slug}
        response = case.call_and_validate(
            base_url=base_url, headers=bearer(raw), checks=[not_a_server_error]
        )
        statuses.add(response.status_code)

    run()
    return statuses


@pytest.mark.django_db(transaction=True)
def test_no_generated_request_makes_a_server_error(live_server, world, high_rates):
    schema = schemathesis.openapi.from_url(f"{live_server.url}/api/schema/?format=json")
    keys = {
        "secretariat": key_for(world["secretary"], world["alliance"]),
        "coordinator": key_for(world["coordinator"], world["alliance"]),
    }
    operations = [result.ok() for result in schema.get_all_operations()]
    assert len(operations) == 10  # data-points: GET and POST
    answered: dict[str, set[int]] = {}

    for who, raw in keys.items():
        for operation in operations:
            answered[f"{who} {operation.label}"] = _fuzz(
                operation, base_url=live_server.url, slug=world["alliance"].slug, raw=raw
            )

    statuses = set().union(*answered.values())
    assert all(status < 500 for status in statuses)
    assert 200 in statuses and 400 in statuses and 404 in statuses
