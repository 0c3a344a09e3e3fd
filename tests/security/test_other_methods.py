"""Every HTTP method, with a valid session and CSRF token: no page of the platform serves
PUT, PATCH or DELETE (the API answers 405 for them; its only writing method is POST). For every
URL pattern of the authorization matrix, with each of its sample URLs, the secretariat (who may
do the most) sends them: nothing is written, nothing fails, and only allauth's account forms
answer 200 (Django's form views treat PUT as POST; the body a PUT brings is not read as a form,
so the form is shown again with its errors). GET and POST for every role are the authorization
matrix itself."""

from __future__ import annotations

import pytest
from django.core.cache import cache
from django.test import Client

from tests.security.test_no_get_writes import unexplained
from tests.test_authorization_matrix import (
    SECRETARIAT,
    build_world,
    declaration_for,
    url_patterns,
)

OTHER_METHODS = ("PUT", "PATCH", "DELETE")


@pytest.mark.django_db(transaction=True)
def test_no_page_serves_put_patch_or_delete(write_recorder):
    cache.clear()
    world = build_world()
    clients = {}
    for actor in (SECRETARIAT,):
        clients[actor] = Client()  # the token is not what is tested here: the method is
        clients[actor].force_login(world["users"][actor])
    write_recorder.take()

    findings: list[str] = []
    statuses: dict[int, int] = {}
    requests = 0
    for entry in url_patterns():
        for case, url in declaration_for(entry).urls(entry).items():
            for actor, client in clients.items():
                for method in OTHER_METHODS:
                    label = f"{method} {url} [{entry.key}/{case}] as {actor}"
                    response = client.generic(method, url)
                    requests += 1
                    statuses[response.status_code] = statuses.get(response.status_code, 0) + 1
                    if response.status_code >= 500:
                        findings.append(f"{label}: answered {response.status_code}")
                    if 200 <= response.status_code < 300 and not entry.key.startswith("account_"):
                        findings.append(f"{label}: served ({response.status_code})")
                    for write in write_recorder.take():
                        if unexplained(write):
                            findings.append(f"{label}: wrote {write}")

    print(f"\nother methods: {requests} requests; statuses {statuses}; {len(findings)} findings")
    for line in findings:
        print("  " + line)
    assert requests > 2500
    assert findings == []
