#!/bin/sh
# Entrypoint of the image. The web container (command `gunicorn ...`) first applies the
# migrations and collects the static files; the worker and beat containers start directly.
set -eu

if [ "${1:-}" = "gunicorn" ]; then
    python manage.py migrate --no-input
    python manage.py collectstatic --no-input
fi

exec "$@"
