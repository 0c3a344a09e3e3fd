#!/usr/bin/env bash
# Back up the platform's PostgreSQL database: one pg_dump in the custom format (compressed,
# restored selectively and in parallel by pg_restore), named with the date and time.
# Uploaded files live in MEDIA_ROOT (var/media) and are backed up separately: see README.md.
set -euo pipefail

usage() {
    cat <<'USAGE'
Usage: DATABASE_URL=postgres://USER[:PASSWORD]@HOST:PORT/NAME scripts/backup.sh [DIRECTORY]

Dumps the database named by DATABASE_URL with `pg_dump --format=custom` into DIRECTORY
(default: var/backups) as alliance-YYYY-MM-DDTHHMMSSZ.dump (UTC) and prints the file's path.
Restore it into an empty database with scripts/restore.sh.
USAGE
}

fail() {
    echo "backup.sh: $*" >&2
    exit 1
}

case "${1:-}" in
    -h | --help)
        usage
        exit 0
        ;;
esac
if [ "$#" -gt 1 ]; then
    usage >&2
    exit 2
fi

database_url="${DATABASE_URL:-}"
if [ -z "$database_url" ]; then
    usage >&2
    fail "DATABASE_URL is not set; it names the database to back up."
fi
case "$database_url" in
    postgres://* | postgresql://*) ;;
    *) fail "DATABASE_URL must be a PostgreSQL URL (postgres://...); only PostgreSQL is backed up with this script." ;;
esac
command -v pg_dump >/dev/null 2>&1 \
    || fail "pg_dump was not found; install the PostgreSQL client (Debian: apt-get install postgresql-client)."

directory="${1:-var/backups}"
mkdir -p "$directory" || fail "cannot create the directory $directory."
target="$directory/alliance-$(date -u +%Y-%m-%dT%H%M%SZ).dump"
[ -e "$target" ] && fail "$target exists already; not overwriting it."

# Dump into a temporary name first: a failed or interrupted dump never looks like a backup.
partial="$target.partial"
trap 'rm -f "$partial"' EXIT
pg_dump --format=custom --no-password --dbname="$database_url" --file="$partial" \
    || fail "pg_dump failed (see its message above); no backup was written."
mv "$partial" "$target"
trap - EXIT
echo "$target"
