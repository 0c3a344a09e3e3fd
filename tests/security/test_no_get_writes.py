"""No GET changes data: every URL pattern of the authorization matrix, with each of its sample
URLs, requested with GET by every actor of the matrix, writes nothing to the database but the
few rows listed in GET_MAY_WRITE, each with its reason.

The GETs are the matrix's own (tests/test_authorization_matrix.py `authorization_sweep`): it
sends them all, in the world as built, before its POSTs. Each write is seen by a row trigger
(tests/security/db_writes.py) and pinned to the request that made it; row counts and checksums
of every table before and after the GETs confirm the picture table by table.
"""

from __future__ import annotations

from collections.abc import Callable

import pytest
from django.db import connection

from tests.security.db_writes import Write, changed_tables
from tests.test_authorization_matrix import ACTORS, authorization_sweep

# table -> (which of its writes a GET may make, why). Every other write by a GET is a finding.
GET_MAY_WRITE: dict[str, tuple[Callable[[Write], bool], str]] = {
    "django_session": (
        lambda write: True,
        "the session itself: created for a visitor by the CSRF cookie and messages, and "
        "the last-seen stamp SessionLifetimeMiddleware writes at most once a minute",
    ),
    "alliance_securityevent": (
        lambda write: write.operation == "INSERT" and write.new["kind"] == "export_downloaded",
        "the security log records every download of a built report (who took which data)",
    ),
    "workgroups_calendarfeed": (
        lambda write: write.operation == "UPDATE" and write.changed_columns() == ["last_used_at"],
        "fetching the calendar feed stamps when it was last used (at most once an hour); the "
        "feed's address itself is made only by a POST",
    ),
    "account_emailaddress": (
        lambda write: write.operation == "INSERT",
        "allauth's email page records the account's own address as its primary address when "
        "the account has none recorded yet (an account made by an invitation or the admin)",
    ),
}


def unexplained(write: Write) -> bool:
    allowed = GET_MAY_WRITE.get(write.table)
    return allowed is None or not allowed[0](write)


# The GETs are those of the authorization matrix's sweep (tests/test_authorization_matrix.py):
# every actor GETs every URL there in the world as built, before any POST, with the write
# recorder on. In one process (and in one xdist group) the sweep runs once for both tests.
@pytest.mark.xdist_group("authorization-sweep")
@pytest.mark.django_db(transaction=True)
def test_no_get_request_changes_data():
    if connection.vendor != "postgresql":
        pytest.skip("the write recorder uses PostgreSQL triggers")
    # given the matrix's world, when every actor GETs every sample URL of every pattern
    sweep = authorization_sweep()

    # then nothing was written but the rows explained above
    findings: list[str] = []
    for get in sweep.gets:
        if get.raised:  # the matrix reports these; here only writes count
            findings.append(f"GET {get.url} as {get.actor} raised {get.raised}")
        findings += [
            f"GET {get.url} [{get.label}] as {get.actor}: {write}"
            for write in get.writes
            if unexplained(write)
        ]
    changed = changed_tables(sweep.checksums_before, sweep.checksums_after)
    actors = {get.actor for get in sweep.gets}
    print(
        f"\nno GET writes: {sweep.entries} URL patterns, {sweep.urls} URLs, {len(actors)} actors, "
        f"{len(sweep.gets)} GET requests, {len(sweep.checksums_after)} tables checksummed; "
        f"changed tables {changed}; {len(findings)} unexplained writes"
    )
    for line in findings:
        print("  " + line)
    assert actors == set(ACTORS)
    assert len(sweep.gets) > 1000
    assert len(sweep.checksums_after) > 50
    assert findings == []
    assert set(changed) <= set(GET_MAY_WRITE), changed
