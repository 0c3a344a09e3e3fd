"""No GET changes data: every URL pattern of the authorization matrix, with each of its sample
URLs, requested with GET by every actor, writes nothing to the database but the few rows listed
in GET_MAY_WRITE, each with its reason.

Each write is seen by a row trigger (tests/security/db_writes.py) and pinned to the request that
made it; row counts and checksums of every table before and after the sweep confirm the
picture table by table.
"""

from __future__ import annotations

from collections.abc import Callable

import pytest
from django.core.cache import cache

from tests.security.db_writes import Write, changed_tables, table_checksums
from tests.test_authorization_matrix import (
    CsrfClient,
    build_world,
    declaration_for,
    url_patterns,
)

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
        lambda write: (
            write.operation == "INSERT"
            or (write.operation == "UPDATE" and write.changed_columns() == ["last_used_at"])
        ),
        "fetching the calendar feed stamps when it was last used (at most once per interval); "
        "the calendar page creates the person's feed address, a random token, the first time "
        "it is shown (workgroups/services_calendar.py calendar_feed_get_or_create)",
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


def _client_for(user) -> CsrfClient:
    client = CsrfClient()
    if user is not None:
        client.force_login(user)
    return client


# Every role that reaches pages of its own; another alliance's secretariat and a deactivated
# person reach only refusals (the authorization matrix checks those answers).
GET_ACTORS = ("anonymous", "youth", "member", "coordinator", "steering", "secretariat")


@pytest.mark.django_db(transaction=True)
def test_no_get_request_changes_data(write_recorder):
    # given the matrix's world, one logged-in client per actor
    cache.clear()
    world = build_world()
    clients = {actor: _client_for(user) for actor, user in world["users"].items()}
    entries = url_patterns()
    write_recorder.take()
    before = table_checksums()

    # when every actor GETs every sample URL of every pattern
    findings: list[str] = []
    explained_tables: set[str] = set()
    requests = urls = 0
    for entry in entries:
        declaration = declaration_for(entry)
        assert declaration is not None, entry.key
        for case, url in declaration.urls(entry).items():
            urls += 1
            for actor in GET_ACTORS:
                try:
                    clients[actor].get(url)
                except Exception as exc:  # the matrix reports these; here only writes count
                    findings.append(f"GET {url} as {actor} raised {type(exc).__name__}")
                requests += 1
                for write in write_recorder.take():
                    if unexplained(write):
                        findings.append(f"GET {url} [{entry.key}/{case}] as {actor}: {write}")
                    else:
                        explained_tables.add(write.table)
    after = table_checksums()

    # then nothing was written but the rows explained above
    changed = changed_tables(before, after)
    print(
        f"\nno GET writes: {len(entries)} URL patterns, {urls} URLs, {len(GET_ACTORS)} actors, "
        f"{requests} GET requests, {len(table_checksums())} tables checksummed; "
        f"changed tables {changed}; {len(findings)} unexplained writes"
    )
    for line in findings:
        print("  " + line)
    assert requests > 1000
    assert findings == []
    assert set(changed) <= set(GET_MAY_WRITE), changed
