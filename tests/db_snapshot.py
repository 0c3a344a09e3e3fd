"""A copy of every row in the test database, taken once and put back in a fraction of a second.

The browser tests need the whole demo alliance committed (the live server reads it from another
connection), and after each of them pytest-django empties every table. Seeding the demo again
for each test (`seed_demo`) takes several seconds; copying its rows back with PostgreSQL's COPY
in binary format takes a few hundred milliseconds and gives back the very same rows and ids.

Restoring needs a superuser connection (the tests' `postgres`): foreign-key checks are switched
off while the tables are emptied and filled (`session_replication_role = replica`), so the
order of the tables does not matter.
"""

from __future__ import annotations

from dataclasses import dataclass

from django.contrib.contenttypes.models import ContentType
from django.db import DEFAULT_DB_ALIAS, connections, transaction


@dataclass(frozen=True)
class Snapshot:
    """The rows of each non-empty table (COPY's binary format) and the highest id of each
    column that draws its values from a sequence."""

    rows: dict[str, bytes]
    sequences: dict[str, int]


def _tables(connection) -> list[str]:
    return connection.introspection.django_table_names(only_existing=True, include_views=False)


def snapshot_take(*, using: str = DEFAULT_DB_ALIAS) -> Snapshot:
    """Copy every row of the database's Django tables (committed or in this transaction)."""
    connection = connections[using]
    quote = connection.ops.quote_name
    rows: dict[str, bytes] = {}
    sequences: dict[str, int] = {}
    with connection.cursor() as cursor:
        for table in _tables(connection):
            with cursor.cursor.copy(f"COPY {quote(table)} TO STDOUT (FORMAT BINARY)") as copy:
                data = b"".join(bytes(chunk) for chunk in copy)
            if cursor.cursor.rowcount:
                rows[table] = data
            for sequence in connection.introspection.get_sequences(cursor, table):
                column = sequence["column"]
                highest = f"COALESCE(MAX({quote(column)}), 0)"
                cursor.execute(
                    f"SELECT pg_get_serial_sequence(%s, %s), {highest} FROM {quote(table)}",  # noqa: S608 - names from the schema
                    [quote(table), column],
                )
                name, highest = cursor.fetchone()
                sequences[name] = highest
    return Snapshot(rows=rows, sequences=sequences)


def snapshot_restore(snapshot: Snapshot, *, using: str = DEFAULT_DB_ALIAS) -> None:
    """Make the database's Django tables hold exactly the snapshot's rows, in one transaction.

    Each sequence ends past the restored rows' ids and never moves back, so a new row gets an
    id of its own. Content types come back with the snapshot's ids, so their in-process cache
    is emptied.
    """
    connection = connections[using]
    quote = connection.ops.quote_name
    with transaction.atomic(using=using), connection.cursor() as cursor:
        cursor.execute("SET LOCAL session_replication_role = replica")
        # DELETE, not TRUNCATE: the tables are (nearly) empty here, after pytest-django's flush,
        # and truncating a hundred tables (new files for each table and index) takes seconds.
        deletes = [f"DELETE FROM {quote(table)}" for table in _tables(connection)]  # noqa: S608
        cursor.execute("; ".join(deletes))
        for table, data in snapshot.rows.items():
            with cursor.cursor.copy(f"COPY {quote(table)} FROM STDIN (FORMAT BINARY)") as copy:
                copy.write(data)
        if snapshot.sequences:
            calls = ", ".join(
                "setval(%s::regclass, GREATEST(nextval(%s::regclass), %s))"
                for _ in snapshot.sequences
            )
            params = [
                value
                for name, highest in snapshot.sequences.items()
                for value in (name, name, highest)
            ]
            cursor.execute(f"SELECT {calls}", params)
    ContentType.objects.clear_cache()
