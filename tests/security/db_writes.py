"""Seeing every write a request makes to the database.

A row trigger on every table of the public schema copies each insert, each update that changes
something and each delete into a log table, with the old and the new row as JSON. A test reads
(and empties) the log after each request, so a write is pinned to the request that made it,
which checksums of whole tables cannot do. `table_checksums` gives the coarse view as well: a
row count and a digest of every table, compared before and after a whole sweep.

The triggers live only as long as the fixture; the log table is not a model, so Django's flush
between tests leaves it alone and the fixture drops it.
"""

from __future__ import annotations

import json
from collections.abc import Iterator
from dataclasses import dataclass

import pytest
from django.db import connection

LOG_TABLE = "test_recorded_write"
FUNCTION = "test_record_write"
TRIGGER = "test_record_write"


# An UPDATE that leaves the row as it was is no change and is not recorded.
CREATE_FUNCTION = """
CREATE OR REPLACE FUNCTION test_record_write() RETURNS trigger AS $$
BEGIN
    IF TG_OP = 'UPDATE' AND OLD IS NOT DISTINCT FROM NEW THEN
        RETURN NULL;
    END IF;
    INSERT INTO test_recorded_write (tbl, op, old, new) VALUES (
        TG_TABLE_NAME,
        TG_OP,
        CASE WHEN TG_OP <> 'INSERT' THEN to_jsonb(OLD) END,
        CASE WHEN TG_OP <> 'DELETE' THEN to_jsonb(NEW) END
    );
    RETURN NULL;
END
$$ LANGUAGE plpgsql
"""


@dataclass(frozen=True)
class Write:
    """One row written: the table, INSERT/UPDATE/DELETE, and the row before and after."""

    table: str
    operation: str
    old: dict | None
    new: dict | None

    def changed_columns(self) -> list[str]:
        if self.operation != "UPDATE":
            return sorted((self.new or self.old or {}).keys())
        return sorted(key for key in self.new if self.new.get(key) != self.old.get(key))

    def __str__(self) -> str:
        row = self.new if self.new is not None else self.old
        ident = row.get("id", row.get("session_key", "?"))
        if self.operation == "UPDATE":
            return f"UPDATE {self.table} id={ident} ({', '.join(self.changed_columns())})"
        return f"{self.operation} {self.table} id={ident}"


def public_tables() -> list[str]:
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT tablename FROM pg_tables WHERE schemaname = 'public' AND tablename <> %s "
            "ORDER BY tablename",
            [LOG_TABLE],
        )
        return [name for (name,) in cursor.fetchall()]


class WriteRecorder:
    """Installs the triggers; `take()` returns the writes since the last call and forgets them."""

    def install(self) -> None:
        self.uninstall()  # what a run that was killed may have left behind
        with connection.cursor() as cursor:
            cursor.execute(
                f"CREATE TABLE IF NOT EXISTS {LOG_TABLE} ("
                "id bigserial PRIMARY KEY, tbl text, op text, old jsonb, new jsonb)"
            )
            cursor.execute(CREATE_FUNCTION)
            for table in public_tables():
                cursor.execute(
                    f'CREATE TRIGGER {TRIGGER} AFTER INSERT OR UPDATE OR DELETE ON "{table}" '
                    f"FOR EACH ROW EXECUTE FUNCTION {FUNCTION}()"
                )

    def uninstall(self) -> None:
        with connection.cursor() as cursor:
            for table in public_tables():
                cursor.execute(f'DROP TRIGGER IF EXISTS {TRIGGER} ON "{table}"')
            cursor.execute(f"DROP TABLE IF EXISTS {LOG_TABLE}")
            cursor.execute(f"DROP FUNCTION IF EXISTS {FUNCTION}()")

    def take(self) -> list[Write]:
        with connection.cursor() as cursor:
            cursor.execute(f"DELETE FROM {LOG_TABLE} RETURNING id, tbl, op, old, new")  # noqa: S608
            rows = sorted(cursor.fetchall())
        return [Write(table, op, _json(old), _json(new)) for _id, table, op, old, new in rows]


def _json(value) -> dict | None:
    if value is None or isinstance(value, dict):
        return value
    return json.loads(value)


@pytest.fixture
def write_recorder(transactional_db) -> Iterator[WriteRecorder]:
    """Records the writes of the test's requests (needs a transactional test: each request
    commits, as in production, where ATOMIC_REQUESTS is off)."""
    if connection.vendor != "postgresql":
        pytest.skip("the write recorder uses PostgreSQL triggers")
    recorder = WriteRecorder()
    recorder.install()
    try:
        yield recorder
    finally:
        recorder.uninstall()


def table_checksums() -> dict[str, tuple[int, str]]:
    """Every table's row count and a digest of its rows, in one statement per table."""
    result = {}
    with connection.cursor() as cursor:
        for table in public_tables():
            # The table names come from pg_tables, not from input.
            cursor.execute(
                f"SELECT count(*), coalesce(md5(string_agg(t::text, '' ORDER BY t::text)), '') FROM \"{table}\" t"  # noqa: E501, S608
            )
            result[table] = cursor.fetchone()
    return result


def changed_tables(before: dict, after: dict) -> list[str]:
    return sorted(
        table for table in set(before) | set(after) if before.get(table) != after.get(table)
    )
