"""The main navigation: the entries a role sees, and which one is marked as the current page."""

import pytest
from django.test import RequestFactory
from django.urls import reverse

from alliance.models import Alliance, Role
from alliance.navigation import nav_items_for
from tests.factories import AllianceFactory, MembershipFactory

pytestmark = pytest.mark.django_db


def _items(path, role):
    alliance = Alliance.objects.filter(slug="nav").first() or AllianceFactory(slug="nav")
    membership = MembershipFactory(alliance=alliance, role=role)
    request = RequestFactory().get(path)
    return nav_items_for(request, alliance=alliance, membership=membership)


def test_the_longest_matching_entry_is_the_current_one():
    report = reverse("measurement:report", kwargs={"alliance_slug": "nav"})

    items = _items(report, Role.COORDINATOR)

    assert [item.url for item in items if item.is_active] == [report]
    dashboard = reverse("measurement:dashboard", kwargs={"alliance_slug": "nav"})
    assert dashboard in [item.url for item in items]


def test_the_home_entry_is_current_only_on_the_home_page():
    home = reverse("alliance:home", kwargs={"alliance_slug": "nav"})
    agenda = reverse("alliance:agenda", kwargs={"alliance_slug": "nav"})

    assert [item.url for item in _items(home, Role.MEMBER) if item.is_active] == [home]
    assert [item.url for item in _items(agenda, Role.MEMBER) if item.is_active] == [agenda]


@pytest.mark.parametrize(
    ("role", "measurement_entries"),
    [
        (
            Role.SECRETARIAT,
            {"measurement:dashboard", "measurement:report", "measurement:approvals"},
        ),
        (Role.STEERING, {"measurement:dashboard"}),
        (Role.COORDINATOR, {"measurement:dashboard", "measurement:report"}),
        (Role.MEMBER, {"measurement:dashboard"}),
        (Role.YOUTH, set()),
    ],
)
def test_measurement_entries_by_role(role, measurement_entries):
    urls = {item.url for item in _items("/nav/", role)}
    for name in ("measurement:dashboard", "measurement:report", "measurement:approvals"):
        url = reverse(name, kwargs={"alliance_slug": "nav"})
        assert (url in urls) is (name in measurement_entries), name
