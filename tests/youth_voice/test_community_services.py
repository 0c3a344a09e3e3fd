"""Support and reports as services: once per key, only on published inputs, counted in the same
transaction, and the moderators told once per report."""

from __future__ import annotations

import pytest

from alliance.models import Notification, Role
from tests.factories import AllianceFactory, MembershipFactory, UserFactory
from youth_voice.models import InputReport, Moderation, Moderator, Support
from youth_voice.services_community import (
    KIND_REPORTED,
    NotPublished,
    report_create,
    support_add,
)

from .factories_community import youth_input

pytestmark = pytest.mark.django_db


@pytest.fixture
def alliance():
    return AllianceFactory()


def test_support_counts_once_per_key(alliance):
    item = youth_input(alliance=alliance)

    assert support_add(youth_input=item, supporter_hash="a") is True
    assert support_add(youth_input=item, supporter_hash="a") is False
    assert support_add(youth_input=item, supporter_hash="b") is True

    item.refresh_from_db()
    assert item.support_count == 2
    assert Support.objects.filter(input=item).count() == 2


@pytest.mark.parametrize("moderation", [Moderation.PENDING, Moderation.HIDDEN, Moderation.PRIVATE])
def test_nothing_unpublished_can_be_supported_or_reported(alliance, moderation):
    item = youth_input(alliance=alliance, moderation=moderation)

    with pytest.raises(NotPublished):
        support_add(youth_input=item, supporter_hash="a")
    with pytest.raises(NotPublished):
        report_create(youth_input=item, reporter_hash="a", reason="Grimt")

    item.refresh_from_db()
    assert (item.support_count, item.report_count) == (0, 0)
    assert not Support.objects.exists() and not InputReport.objects.exists()


def test_an_input_hidden_after_the_page_was_read_cannot_be_supported(alliance):
    item = youth_input(alliance=alliance)
    stale = type(item).objects.get(pk=item.pk)
    item.moderation = Moderation.HIDDEN
    item.save(update_fields=["moderation"])

    with pytest.raises(NotPublished):
        support_add(youth_input=stale, supporter_hash="a")


def test_each_report_tells_the_secretariat_and_appointed_moderators(alliance):
    secretariat = MembershipFactory(alliance=alliance, role=Role.SECRETARIAT).user
    appointed = MembershipFactory(alliance=alliance, role=Role.YOUTH).user
    Moderator.objects.create(alliance=alliance, user=appointed)
    MembershipFactory(alliance=alliance, role=Role.COORDINATOR)
    outsider = UserFactory()
    Moderator.objects.create(alliance=AllianceFactory(), user=outsider)
    item = youth_input(alliance=alliance)

    assert report_create(youth_input=item, reporter_hash="a", reason="Navn nævnt") is True
    assert report_create(youth_input=item, reporter_hash="a", reason="Igen") is False
    assert report_create(youth_input=item, reporter_hash="b", reason="Også mig") is True

    item.refresh_from_db()
    assert item.report_count == 2
    assert item.moderation == Moderation.PUBLISHED
    notified = Notification.objects.filter(kind=KIND_REPORTED)
    assert sorted(n.user_id for n in notified) == sorted(
        [secretariat.pk, appointed.pk, secretariat.pk, appointed.pk]
    )
    assert len({n.event_key for n in notified}) == 2  # one event per report
    assert all("Navn" not in n.title + n.body for n in notified)


def test_a_report_reason_is_limited_to_500_characters(alliance):
    from django.core.exceptions import ValidationError

    item = youth_input(alliance=alliance)

    with pytest.raises(ValidationError):
        report_create(youth_input=item, reporter_hash="a", reason="x" * 501)
    assert not InputReport.objects.exists()
