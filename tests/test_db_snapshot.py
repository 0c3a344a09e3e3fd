"""tests/db_snapshot.py: a restore gives back every row as it was, and new rows fresh ids."""

from __future__ import annotations

import pytest
from django.contrib.contenttypes.models import ContentType
from django.core.management import call_command
from django.core.management.color import no_style
from django.db import connection

from alliance.models import Alliance, Membership, Organisation, User
from measurement.models import DataPoint
from tests.db_snapshot import snapshot_restore, snapshot_take
from tests.factories import AllianceFactory, MembershipFactory, OrganisationFactory
from workgroups.models_meetings import ActionItem, Meeting

pytestmark = pytest.mark.django_db(transaction=True)


def table_contents() -> dict[str, tuple[int, str]]:
    """Each Django table's row count and a checksum of its rows (in a fixed order)."""
    tables = connection.introspection.django_table_names(only_existing=True, include_views=False)
    contents = {}
    with connection.cursor() as cursor:
        for table in tables:
            name = connection.ops.quote_name(table)
            rows = "md5(coalesce(string_agg(t::text, '|' ORDER BY t::text), ''))"
            cursor.execute(f"SELECT count(*), {rows} FROM {name} AS t")  # noqa: S608 - table names
            contents[table] = cursor.fetchone()
    return contents


def test_a_restore_gives_back_every_row_after_rows_were_changed_and_deleted():
    # given the demo alliance, snapshotted
    call_command("seed_demo", allow_demo_users=True, quiet=True)
    seeded = table_contents()
    snapshot = snapshot_take()
    # when a test renames, deletes (with the rows that cascade) and adds rows
    Alliance.objects.filter(slug="kalundborg").update(name="Renamed")
    ActionItem.objects.all().delete()
    DataPoint.objects.filter(pk__in=DataPoint.objects.values("pk")[:50]).delete()
    Meeting.objects.filter(pk=Meeting.objects.values("pk")[:1]).delete()
    MembershipFactory()
    changed = table_contents()
    snapshot_restore(snapshot)
    # then every table holds the seeded rows again, the demo's many tables among them
    assert changed != seeded
    assert table_contents() == seeded
    assert sum(1 for count, _ in seeded.values() if count) > 50
    assert Alliance.objects.get(slug="kalundborg").name != "Renamed"
    assert ActionItem.objects.exists()


def empty_every_table(*, reset_sequences: bool) -> None:
    """What pytest-django does after a transactional test (resetting the sequences when the
    test asked for it), without the content types and permissions it then creates."""
    tables = connection.introspection.django_table_names(only_existing=True, include_views=False)
    flush = connection.ops.sql_flush(no_style(), tables, reset_sequences=reset_sequences)
    connection.ops.execute_sql_flush(flush)


@pytest.mark.parametrize("reset_sequences", [False, True])
def test_rows_created_after_a_restore_get_fresh_ids(reset_sequences):
    # given a snapshot with an organisation, one more organisation created after it, and the
    # tables emptied
    alliance = AllianceFactory()
    kept = OrganisationFactory(alliance=alliance)
    snapshot = snapshot_take()
    discarded = OrganisationFactory(alliance=alliance)
    empty_every_table(reset_sequences=reset_sequences)
    # when the snapshot is restored and rows are created again
    snapshot_restore(snapshot)
    organisation = OrganisationFactory(alliance=Alliance.objects.get(pk=alliance.pk))
    membership = MembershipFactory(alliance=alliance, organisation=organisation)
    # then they get ids of their own: after the restored rows' ids, and (unless the sequences
    # were reset) after every id handed out before the restore
    assert organisation.pk > kept.pk
    if not reset_sequences:
        assert organisation.pk > discarded.pk
    assert list(Organisation.objects.order_by("pk")) == [kept, organisation]
    assert Membership.objects.get(pk=membership.pk).organisation == organisation


def test_content_types_are_looked_up_by_their_restored_ids():
    # given a snapshot, then every table emptied and the content types created anew (as
    # pytest-django does after each transactional test), and looked up (so cached)
    snapshot = snapshot_take()
    restored_id = ContentType.objects.get(app_label="alliance", model="user").pk
    call_command("flush", interactive=False, verbosity=0)
    assert ContentType.objects.get_for_model(User).pk != restored_id
    # when the snapshot is restored
    snapshot_restore(snapshot)
    # then the content type in use is the restored row
    assert ContentType.objects.get_for_model(User).pk == restored_id
