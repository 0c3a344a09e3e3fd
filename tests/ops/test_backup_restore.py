"""Backup and restore: scripts/backup.sh and scripts/restore.sh run for real against PostgreSQL.

The seeded demo is dumped from the test database, restored into a fresh empty database, and
every table of the public schema must hold the same number of rows afterwards."""

from __future__ import annotations

import os
import shutil
import subprocess
import uuid
from pathlib import Path
from urllib.parse import quote

import psycopg
import pytest
from django.apps import apps
from django.core.management import call_command
from django.db import connection
from psycopg import sql

from tests.conftest import IN_CI
from tests.factories import AllianceFactory

ROOT = Path(__file__).resolve().parents[2]
BACKUP = ROOT / "scripts" / "backup.sh"
RESTORE = ROOT / "scripts" / "restore.sh"
TOOLS = ("pg_dump", "pg_restore", "psql")
# The apps whose data must survive a restore: each has at least one table with rows in the demo.
APPS = ("alliance", "measurement", "workgroups", "initiatives", "youth_voice", "backbone")

PUBLIC_TABLES = (
    "SELECT tablename FROM pg_catalog.pg_tables WHERE schemaname = 'public' ORDER BY tablename"
)


@pytest.fixture
def postgres_tools():
    """The PostgreSQL client tools the scripts call. Outside CI a machine without them skips;
    under CI=true their absence fails the run."""
    missing = [tool for tool in TOOLS if shutil.which(tool) is None]
    if missing:
        message = f"the PostgreSQL client tools are missing: {', '.join(missing)}"
        if IN_CI:
            pytest.fail(message)
        pytest.skip(message)
    if connection.vendor != "postgresql":
        pytest.skip("backup and restore need PostgreSQL (DATABASE_URL)")


def _url(database: str) -> str:
    """A postgres:// URL for `database` on the server and with the login of the test run."""
    params = connection.settings_dict
    login = quote(params["USER"] or "", safe="")
    if params["PASSWORD"]:
        login += ":" + quote(params["PASSWORD"], safe="")
    host = params["HOST"] or "localhost"
    port = params["PORT"] or "5432"
    return f"postgres://{login}@{host}:{port}/{quote(database, safe='')}"


def _run(*args: str | Path, database_url: str | None = None) -> subprocess.CompletedProcess:
    env = {key: value for key, value in os.environ.items() if key != "DATABASE_URL"}
    if database_url is not None:
        env["DATABASE_URL"] = database_url
    return subprocess.run(
        [str(arg) for arg in args],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=300,
        check=False,
    )


def _row_counts(cursor) -> dict[str, int]:
    cursor.execute(PUBLIC_TABLES)
    tables = [name for (name,) in cursor.fetchall()]
    counts = {}
    for table in tables:
        quoted = '"' + table.replace('"', '""') + '"'
        cursor.execute(f"SELECT count(*) FROM {quoted}")  # noqa: S608 - names from pg_tables
        counts[table] = cursor.fetchone()[0]
    return counts


def _with_rows(counts: dict[str, int], app_label: str) -> list[str]:
    tables = {model._meta.db_table for model in apps.get_app_config(app_label).get_models()}
    return sorted(table for table in tables if counts.get(table, 0) > 0)


def test_a_backup_of_the_demo_restores_into_an_empty_database_with_every_row(
    transactional_db, postgres_tools, tmp_path
):
    # given: the seeded demo, committed in the test database
    call_command("seed_demo", allow_demo_users=True, quiet=True)
    with connection.cursor() as cursor:
        source = _row_counts(cursor)
    assert all(_with_rows(source, app) for app in APPS), "the demo seeds every app"

    # when: it is backed up ...
    backup = _run(BACKUP, tmp_path, database_url=_url(connection.settings_dict["NAME"]))
    assert backup.returncode == 0, backup.stderr
    dump = Path(backup.stdout.strip())
    assert dump.parent == tmp_path
    assert dump.name.startswith("alliance-") and dump.name.endswith(".dump")
    assert dump.stat().st_size > 0
    assert not list(tmp_path.glob("*.partial"))

    # ... and restored into a new, empty database
    target = f"ops_restore_{uuid.uuid4().hex[:12]}"
    admin = psycopg.connect(_url("postgres"), autocommit=True)
    try:
        admin.execute(sql.SQL("CREATE DATABASE {}").format(sql.Identifier(target)))
        restore = _run(RESTORE, dump, _url(target))
        assert restore.returncode == 0, restore.stderr

        # then: every table holds the same number of rows, and every app has its data
        with psycopg.connect(_url(target)) as restored, restored.cursor() as cursor:
            counts = _row_counts(cursor)
            cursor.execute("SELECT name FROM alliance_alliance WHERE slug = 'kalundborg'")
            assert cursor.fetchone() is not None
        assert counts == source
        for app in APPS:
            assert _with_rows(counts, app), f"no table of {app} has rows after the restore"

        # and a second restore into the same (no longer empty) database is refused, unchanged
        again = _run(RESTORE, dump, _url(target))
        assert again.returncode == 1
        assert "already has" in again.stderr and "empty database" in again.stderr
        with psycopg.connect(_url(target)) as restored, restored.cursor() as cursor:
            assert _row_counts(cursor) == source
    finally:
        admin.execute(
            sql.SQL("DROP DATABASE IF EXISTS {} WITH (FORCE)").format(sql.Identifier(target))
        )
        admin.close()


def test_restore_refuses_the_live_database(transactional_db, postgres_tools, tmp_path):
    # given: a valid backup, and a live database holding data
    AllianceFactory(slug="ung-i-kalundborg")
    live = _url(connection.settings_dict["NAME"])
    dump = Path(_run(BACKUP, tmp_path, database_url=live).stdout.strip())
    with connection.cursor() as cursor:
        before = _row_counts(cursor)

    # when
    result = _run(RESTORE, dump, live)

    # then: refused with a clear message, and nothing changed
    assert result.returncode == 1
    assert "already has" in result.stderr
    with connection.cursor() as cursor:
        assert _row_counts(cursor) == before
    assert before["alliance_alliance"] == 1


def test_the_scripts_explain_their_use_and_refuse_bad_input(postgres_tools, tmp_path):
    # no database named: the backup explains what it needs
    missing = _run(BACKUP, tmp_path)
    assert missing.returncode == 1
    assert "Usage:" in missing.stderr and "DATABASE_URL is not set" in missing.stderr
    # a database that is not PostgreSQL
    sqlite = _run(BACKUP, tmp_path, database_url="sqlite:////tmp/db.sqlite3")
    assert sqlite.returncode == 1 and "PostgreSQL URL" in sqlite.stderr
    assert not list(tmp_path.iterdir())
    # the restore needs both a dump and a target
    assert _run(RESTORE).returncode == 2
    assert "Usage:" in _run(RESTORE, "--help").stdout
    # a file that does not exist, and one that is no backup
    nowhere = _run(RESTORE, tmp_path / "missing.dump", "postgres://postgres@127.0.0.1/x")
    assert nowhere.returncode == 1 and "no such file" in nowhere.stderr
    junk = tmp_path / "junk.dump"
    junk.write_text("not a backup")
    not_a_dump = _run(RESTORE, junk, "postgres://postgres@127.0.0.1/x")
    assert not_a_dump.returncode == 1 and "not a pg_dump custom-format backup" in not_a_dump.stderr
