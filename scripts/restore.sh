#!/usr/bin/env bash
# Restore a backup made by scripts/backup.sh into an EMPTY PostgreSQL database. It refuses a
# database that already has tables, so it can never mix a backup into live data.
set -euo pipefail

usage() {
    cat <<'USAGE'
Usage: scripts/restore.sh DUMP_FILE TARGET_DATABASE_URL

Restores DUMP_FILE (made by scripts/backup.sh, pg_dump's custom format) into the empty database
TARGET_DATABASE_URL (postgres://USER[:PASSWORD]@HOST:PORT/NAME) with
`pg_restore --no-owner --no-privileges --exit-on-error --single-transaction`, then runs ANALYZE.
Create the database first, e.g.: createdb --host=HOST --username=USER NAME
The restore stops at the first error and then leaves the database empty.
USAGE
}

fail() {
    echo "restore.sh: $*" >&2
    exit 1
}

case "${1:-}" in
    -h | --help)
        usage
        exit 0
        ;;
esac
if [ "$#" -ne 2 ]; then
    usage >&2
    exit 2
fi
dump="$1"
database_url="$2"

case "$database_url" in
    postgres://* | postgresql://*) ;;
    *) fail "the target must be a PostgreSQL URL (postgres://...)." ;;
esac
for tool in pg_restore psql; do
    command -v "$tool" >/dev/null 2>&1 \
        || fail "$tool was not found; install the PostgreSQL client (Debian: apt-get install postgresql-client)."
done
[ -f "$dump" ] || fail "no such file: $dump"
[ -r "$dump" ] || fail "cannot read $dump"
pg_restore --list "$dump" >/dev/null 2>&1 \
    || fail "$dump is not a pg_dump custom-format backup (made by scripts/backup.sh)."

psql_target() {
    psql --no-psqlrc --no-password --quiet --tuples-only --no-align \
        --set=ON_ERROR_STOP=1 --dbname="$database_url" "$@"
}

tables="$(psql_target --command="SELECT count(*) FROM pg_catalog.pg_tables
    WHERE schemaname NOT IN ('pg_catalog', 'information_schema')")" \
    || fail "cannot connect to the target database (see the message above); create it first with createdb."
if [ "$tables" != "0" ]; then
    fail "the target database already has $tables tables; restore only into an empty database (createdb a new one)."
fi

pg_restore --no-owner --no-privileges --exit-on-error --single-transaction --no-password \
    --dbname="$database_url" "$dump" \
    || fail "pg_restore failed (see its message above); nothing was restored."
# pg_restore does not carry the planner statistics over: gather them before serving traffic.
psql_target --command="ANALYZE" || fail "the restore succeeded but ANALYZE failed."
echo "Restored $dump."
