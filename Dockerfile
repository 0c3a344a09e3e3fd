# The production image: gunicorn for web, the same image runs the Celery worker and beat.
FROM python:3.12-slim

ENV PYTHONDONTWRITEBYTECODE=1 \
    PYTHONUNBUFFERED=1 \
    PIP_NO_CACHE_DIR=1 \
    PIP_DISABLE_PIP_VERSION_CHECK=1 \
    DEBUG=false

WORKDIR /app

RUN useradd --create-home --uid 10001 --user-group app

# The PDF reports: WeasyPrint lays them out with Pango and the DejaVu fonts; kaleido renders
# their charts with Chromium (REPORTS_CHROMIUM_PATH).
RUN apt-get update \
    && apt-get install -y --no-install-recommends \
       chromium libpango-1.0-0 libpangoft2-1.0-0 fonts-dejavu-core \
    && rm -rf /var/lib/apt/lists/*

# Dependencies first, so that a code change does not reinstall them.
COPY pyproject.toml README.md ./
RUN pip install .

COPY . .
# var/ holds collected static files, uploads and beat's schedule: the only writable place.
RUN mkdir -p var/staticfiles var/media && chown -R app:app var

USER app
EXPOSE 8000

ENTRYPOINT ["scripts/docker-entrypoint.sh"]
CMD ["gunicorn", "config.wsgi", "--bind", "0.0.0.0:8000", "--workers", "3", "--access-logfile", "-"]
