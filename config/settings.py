"""Settings for the alliance platform: one module, configured from the environment.

Every variable is documented in `.env.example`. Without `DATABASE_URL` the platform uses
SQLite under `var/`; without `REDIS_URL` Celery tasks run eagerly in-process and the cache is
local memory, so `make demo` needs no services.
"""

from pathlib import Path

import environ
from celery.schedules import crontab
from django.utils.csp import CSP
from django.utils.translation import gettext_lazy as _
from redis.backoff import NoBackoff
from redis.retry import Retry

BASE_DIR = Path(__file__).resolve().parent.parent
VAR_DIR = BASE_DIR / "var"

env = environ.Env()
environ.Env.read_env(BASE_DIR / ".env", overwrite=False)

# ---------------------------------------------------------------------------
# Core
# ---------------------------------------------------------------------------

DEBUG = env.bool("DEBUG", default=False)
SECRET_KEY = env.str("SECRET_KEY", default="")
if not SECRET_KEY:
    if not DEBUG:
        raise environ.ImproperlyConfigured(
            "SECRET_KEY is not set. Set it in the environment (see .env.example), "
            "or set DEBUG=true for local development."
        )
    SECRET_KEY = "insecure-development-only-key"  # noqa: S105  # nosec B105 - only with DEBUG on
ALLOWED_HOSTS = env.list("ALLOWED_HOSTS", default=["127.0.0.1", "localhost"])
CSRF_TRUSTED_ORIGINS = env.list("CSRF_TRUSTED_ORIGINS", default=[])
APP_VERSION = env.str("APP_VERSION", default="0.1.0")

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "whitenoise.runserver_nostatic",
    "django.contrib.staticfiles",
    "django.contrib.humanize",
    "allauth",
    "allauth.account",
    "allauth.mfa",
    "guardian",
    "simple_history",
    "django_htmx",
    "rest_framework",
    "drf_spectacular",
    "drf_spectacular_sidecar",
    "alliance",
    "workgroups",
    "measurement",
    "initiatives",
    "youth_voice",
    "backbone",
    "api",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "django.middleware.csp.ContentSecurityPolicyMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "alliance.middleware.DanishFirstLocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "alliance.middleware.SessionLifetimeMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "allauth.account.middleware.AccountMiddleware",
    "alliance.middleware.MfaRequiredMiddleware",
    "django_htmx.middleware.HtmxMiddleware",
    "simple_history.middleware.HistoryRequestMiddleware",
]

ROOT_URLCONF = "config.urls"
WSGI_APPLICATION = "config.wsgi.application"
ASGI_APPLICATION = "config.asgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.template.context_processors.i18n",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "alliance.context_processors.alliance_context",
            ],
        },
    },
]

# ---------------------------------------------------------------------------
# Database
# ---------------------------------------------------------------------------

DATABASES = {
    "default": env.db_url("DATABASE_URL", default=f"sqlite:///{VAR_DIR / 'db.sqlite3'}"),
}
if "DATABASE_URL" not in env:
    VAR_DIR.mkdir(exist_ok=True)  # the embedded SQLite of a fresh checkout
# Persistent connections with health checks: a new connection costs ~5 ms, and a restarted
# PostgreSQL must not leave the workers with dead connections.
DATABASES["default"]["CONN_MAX_AGE"] = env.int("CONN_MAX_AGE", default=60)
DATABASES["default"]["CONN_HEALTH_CHECKS"] = True
if DATABASES["default"]["ENGINE"] == "django.db.backends.postgresql":
    DATABASES["default"].setdefault("OPTIONS", {})["connect_timeout"] = 3
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

# ---------------------------------------------------------------------------
# Cache, broker, Celery
# ---------------------------------------------------------------------------

REDIS_URL = env.str("REDIS_URL", default="")
if REDIS_URL:
    CACHES = {
        "default": {
            # Misses instead of failing while Redis is down or hung (alliance/cache.py).
            "BACKEND": "alliance.cache.ResilientRedisCache",
            "LOCATION": REDIS_URL,
            # A Redis outage must make the cache miss fast, never hang a request: short
            # timeouts and no retries (redis-py retries three times by default).
            "OPTIONS": {
                "socket_connect_timeout": 0.5,
                "socket_timeout": 0.5,
                "retry": Retry(NoBackoff(), 0),
            },
        }
    }
else:
    CACHES = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}}

CELERY_BROKER_URL = REDIS_URL or "memory://"
CELERY_RESULT_BACKEND = REDIS_URL or None
CELERY_TASK_ALWAYS_EAGER = not REDIS_URL
CELERY_TASK_EAGER_PROPAGATES = True
CELERY_TASK_SERIALIZER = "json"
CELERY_RESULT_SERIALIZER = "json"
CELERY_ACCEPT_CONTENT = ["json"]
CELERY_TASK_ACKS_LATE = True
CELERY_TASK_REJECT_ON_WORKER_LOST = True
CELERY_WORKER_PREFETCH_MULTIPLIER = 1
CELERY_TASK_TIME_LIMIT = 15 * 60
CELERY_TASK_SOFT_TIME_LIMIT = 14 * 60
CELERY_RESULT_EXPIRES = 3600
CELERY_TIMEZONE = "Europe/Copenhagen"
# Publishing from a request must fail fast when Redis is down rather than hang it.
CELERY_BROKER_CONNECTION_TIMEOUT = 2
CELERY_BROKER_CONNECTION_RETRY_ON_STARTUP = True
CELERY_BROKER_TRANSPORT_OPTIONS = {
    "socket_timeout": 2,
    "socket_connect_timeout": 2,
    "max_retries": 1,
    # How long a task whose worker died unacknowledged (acks_late) waits before Redis hands it
    # to another worker: longer than the longest task's time limit (the nightly recompute, an
    # hour), so a task still running is never handed out twice.
    "visibility_timeout": env.int("CELERY_VISIBILITY_TIMEOUT", default=7200),
}
CELERY_REDIS_BACKEND_HEALTH_CHECK_INTERVAL = 30
# The result store is the same Redis: it must give up as fast as the broker does.
CELERY_RESULT_BACKEND_TRANSPORT_OPTIONS = {
    "retry_policy": {
        "max_retries": 1,
        "interval_start": 0,
        "interval_step": 0.5,
        "interval_max": 0.5,
    }
}
CELERY_REDIS_SOCKET_CONNECT_TIMEOUT = 2
CELERY_REDIS_SOCKET_TIMEOUT = 2
CELERY_BEAT_SCHEDULE = {
    # Every 30 seconds the tasks that requests recorded but could not publish (Redis was down or
    # hung) are published (alliance.queue): changes made during an outage reach the summaries,
    # emails and reports within a minute of Redis coming back.
    "pending-tasks-publish": {
        "task": "alliance.tasks.pending_tasks_publish_task",
        "schedule": env.float("PENDING_TASKS_SWEEP_SECONDS", default=30.0),
    },
    # Nightly, every indicator's summaries are recomputed from scratch: this also catches up on
    # any recompute whose publish was lost while Redis was down.
    "summaries-recompute-all": {
        "task": "measurement.tasks.summaries_recompute_all_task",
        "schedule": crontab(hour=2, minute=30),
    },
    # Every minute a worker records a heartbeat, so /health/ can tell a live worker.
    "worker-heartbeat": {
        "task": "backbone.tasks.worker_heartbeat_record_task",
        "schedule": 60.0,
    },
    # Mondays at 07:00 (CELERY_TIMEZONE, Copenhagen time) everyone with something new gets the
    # weekly digest: upcoming meetings, new decisions, overdue action items, news.
    "digest-send-weekly": {
        "task": "backbone.tasks.digest_send_weekly_task",
        "schedule": crontab(day_of_week="mon", hour=7, minute=0),
    },
    # Every morning at 07:30 the owners of action items that passed their deadline are told,
    # once per item.
    "action-items-overdue-notify": {
        "task": "workgroups.tasks.action_items_overdue_notify_task",
        "schedule": crontab(hour=7, minute=30),
    },
    # Every morning at 07:45 the managers of groups with an overdue youth input are told (once
    # per input and deadline) and the secretariat gets a summary.
    "youth-inputs-overdue-notify": {
        "task": "youth_voice.tasks_routing.youth_inputs_overdue_notify_task",
        "schedule": crontab(hour=7, minute=45),
    },
    # Every ten minutes built reports past their keeping time are deleted, and report builds
    # whose publish was lost (the broker was down) are published again.
    "reports-sweep": {
        "task": "backbone.tasks.reports_sweep_task",
        "schedule": 600.0,
    },
    # Every night at 03:30 the IP addresses of security events older than
    # SECURITY_EVENTS_KEEP_IP_DAYS are blanked; the events themselves stay.
    "security-events-ip-expire": {
        "task": "alliance.tasks.security_events_ip_expire_task",
        "schedule": crontab(hour=3, minute=30),
    },
    # Every night at 03:45 expired sessions are deleted (they hold the email a login code was
    # sent to), as `manage.py clearsessions` would.
    "sessions-expired-clear": {
        "task": "alliance.tasks.sessions_expired_clear_task",
        "schedule": crontab(hour=3, minute=45),
    },
    # Every night at 03:15 the youth portal deletes contact details of closed inputs and those
    # past the retention period, and expires guardian consent requests nobody answered.
    "youth-contact-details-expire": {
        "task": "youth_voice.tasks.contact_details_expire_task",
        "schedule": crontab(hour=3, minute=15),
    },
    # Every minute the moderators are told about the youth input sent since the last round (one
    # notification per moderator and round, however many inputs came).
    "youth-moderators-notify": {
        "task": "youth_voice.tasks.moderators_notify_new_inputs_task",
        "schedule": env.float("MODERATORS_NOTIFY_SECONDS", default=60.0),
    },
}

# ---------------------------------------------------------------------------
# Authentication: django-allauth with MFA, django-guardian object permissions
# ---------------------------------------------------------------------------

AUTH_USER_MODEL = "alliance.User"
AUTHENTICATION_BACKENDS = [
    "django.contrib.auth.backends.ModelBackend",
    "allauth.account.auth_backends.AuthenticationBackend",
    "guardian.backends.ObjectPermissionBackend",
]
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {
        "NAME": "django.contrib.auth.password_validation.MinimumLengthValidator",
        "OPTIONS": {"min_length": 12},
    },
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]
LOGIN_URL = "account_login"
LOGIN_REDIRECT_URL = "home"
ACCOUNT_LOGOUT_REDIRECT_URL = "landing"
ACCOUNT_ADAPTER = "alliance.adapter.AccountAdapter"
ACCOUNT_USER_MODEL_USERNAME_FIELD = None
ACCOUNT_LOGIN_METHODS = {"email"}
ACCOUNT_SIGNUP_FIELDS = ["email*", "password1*", "password2*"]
ACCOUNT_EMAIL_VERIFICATION = env.str("ACCOUNT_EMAIL_VERIFICATION", default="mandatory")
ACCOUNT_UNIQUE_EMAIL = True
ACCOUNT_LOGIN_ON_EMAIL_CONFIRMATION = True
ACCOUNT_LOGOUT_ON_PASSWORD_CHANGE = False
ACCOUNT_SESSION_REMEMBER = None
ACCOUNT_ALLOW_SIGNUPS = env.bool("ACCOUNT_ALLOW_SIGNUPS", default=True)
ACCOUNT_RATE_LIMITS = {
    # allauth's defaults, stated so they are visible and testable.
    "login": "30/m/ip",
    "login_failed": "10/m/ip,5/5m/key",
    "signup": "20/m/ip",
    "reset_password": "20/m/ip,5/m/key",  # nosec B105 - a rate limit
    "reset_password_from_key": "20/m/ip",  # nosec B105 - a rate limit
    "confirm_email": "1/3m/key",
    "change_password": "5/m/user",  # nosec B105 - a rate limit
}
ACCOUNT_EMAIL_SUBJECT_PREFIX = ""
# Young people's accounts have no password: they log in with a code sent by email
# (/accounts/login/code/); everyone else may use it too.
ACCOUNT_LOGIN_BY_CODE_ENABLED = True
ACCOUNT_LOGIN_BY_CODE_MAX_ATTEMPTS = 3
ACCOUNT_LOGIN_BY_CODE_TIMEOUT = 10 * 60
MFA_SUPPORTED_TYPES = ["totp", "recovery_codes"]
# Two-factor login is required of the secretariat and of /admin/ (alliance.security). Only the
# local demo (`make demo`) and the test suite's other tests turn it off.
MFA_REQUIRED = env.bool("MFA_REQUIRED", default=True)
MFA_TOTP_ISSUER = env.str("MFA_TOTP_ISSUER", default="Alliance platform")
GUARDIAN_RAISE_403 = False
ANONYMOUS_USER_NAME = None

SESSION_ENGINE = "django.contrib.sessions.backends.db"
SESSION_COOKIE_AGE = 60 * 60 * 12
# A login ends after this long without a request, and SESSION_COOKIE_AGE after it began
# (alliance.middleware.SessionLifetimeMiddleware).
SESSION_IDLE_SECONDS = 30 * 60
SESSION_COOKIE_HTTPONLY = True
SESSION_COOKIE_SAMESITE = "Lax"
CSRF_COOKIE_SAMESITE = "Lax"

# ---------------------------------------------------------------------------
# Email
# ---------------------------------------------------------------------------

EMAIL_BACKEND = env.str(
    "EMAIL_BACKEND",
    default="django.core.mail.backends.console.EmailBackend"
    if DEBUG
    else "django.core.mail.backends.smtp.EmailBackend",
)
_mailer_options = {}
if EMAIL_BACKEND == "django.core.mail.backends.smtp.EmailBackend":
    _mailer_options = {
        "host": env.str("EMAIL_HOST", default="localhost"),
        "port": env.int("EMAIL_PORT", default=587),
        "username": env.str("EMAIL_HOST_USER", default=""),
        "password": env.str("EMAIL_HOST_PASSWORD", default=""),
        "use_tls": env.bool("EMAIL_USE_TLS", default=True),
        "timeout": 10,
    }
MAILERS = {"default": {"BACKEND": EMAIL_BACKEND, "OPTIONS": _mailer_options}}
del EMAIL_BACKEND
DEFAULT_FROM_EMAIL = env.str("DEFAULT_FROM_EMAIL", default="noreply@example.org")
SERVER_EMAIL = DEFAULT_FROM_EMAIL
# The address of the site (scheme and host, no trailing slash), for links in emails sent by
# workers, which have no request to build them from.
SITE_URL = env.str("SITE_URL", default="http://localhost:8000").rstrip("/")

# ---------------------------------------------------------------------------
# Internationalisation: Danish first, English available
# ---------------------------------------------------------------------------

LANGUAGE_CODE = "da"
LANGUAGES = [("da", _("Danish")), ("en", _("English"))]
LOCALE_PATHS = [BASE_DIR / "locale"]
TIME_ZONE = "Europe/Copenhagen"
USE_I18N = True
USE_TZ = True
LANGUAGE_COOKIE_SECURE = env.bool("SECURE_COOKIES", default=not DEBUG)
LANGUAGE_COOKIE_SAMESITE = "Lax"

# ---------------------------------------------------------------------------
# Static and uploaded files
# ---------------------------------------------------------------------------

STATIC_URL = "/static/"
STATIC_ROOT = env.path("STATIC_ROOT", default=VAR_DIR / "staticfiles")
STATICFILES_DIRS = [BASE_DIR / "static"]
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {
        "BACKEND": env.str(
            "STATICFILES_BACKEND",
            default="django.contrib.staticfiles.storage.StaticFilesStorage"
            if DEBUG
            else "whitenoise.storage.CompressedManifestStaticFilesStorage",
        )
    },
}
MEDIA_ROOT = env.path("MEDIA_ROOT", default=VAR_DIR / "media")
MEDIA_URL = "/media/"
DATA_UPLOAD_MAX_MEMORY_SIZE = 5 * 1024 * 1024
FILE_UPLOAD_MAX_MEMORY_SIZE = 5 * 1024 * 1024
DATA_UPLOAD_MAX_NUMBER_FIELDS = 2000

# ---------------------------------------------------------------------------
# Security
# ---------------------------------------------------------------------------

# Nothing is loaded from anywhere but the platform itself.
SECURE_CSP = {
    "default-src": [CSP.SELF],
    "img-src": [CSP.SELF, "data:"],
    "object-src": [CSP.NONE],
    "base-uri": [CSP.SELF],
    "form-action": [CSP.SELF],
    "frame-ancestors": [CSP.NONE],
}
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
SECURE_CROSS_ORIGIN_OPENER_POLICY = "same-origin"
X_FRAME_OPTIONS = "DENY"
SECURE_COOKIES = env.bool("SECURE_COOKIES", default=not DEBUG)
SESSION_COOKIE_SECURE = SECURE_COOKIES
CSRF_COOKIE_SECURE = SECURE_COOKIES
SECURE_SSL_REDIRECT = env.bool("SECURE_SSL_REDIRECT", default=not DEBUG)
SECURE_REDIRECT_EXEMPT = [r"^health/$"]
SECURE_HSTS_SECONDS = env.int("SECURE_HSTS_SECONDS", default=0 if DEBUG else 31536000)
SECURE_HSTS_INCLUDE_SUBDOMAINS = not DEBUG
SECURE_HSTS_PRELOAD = env.bool("SECURE_HSTS_PRELOAD", default=False)
# Joining the browsers' HSTS preload list is hard to undo, so it is each deployment's choice.
SILENCED_SYSTEM_CHECKS = [] if SECURE_HSTS_PRELOAD else ["security.W021"]
BEHIND_TLS_PROXY = env.bool("BEHIND_TLS_PROXY", default=False)
if BEHIND_TLS_PROXY:
    SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")

# ---------------------------------------------------------------------------
# Logging
# ---------------------------------------------------------------------------

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "formatters": {"plain": {"format": "%(asctime)s %(levelname)s %(name)s %(message)s"}},
    # Paths with a private token (a young person's follow link, a guardian's consent link) are
    # logged with the token blanked (alliance/log_filters.py).
    "filters": {"private_paths": {"()": "alliance.log_filters.PrivatePathFilter"}},
    "handlers": {
        "console": {
            "class": "logging.StreamHandler",
            "formatter": "plain",
            "filters": ["private_paths"],
        }
    },
    "root": {"handlers": ["console"], "level": env.str("LOG_LEVEL", default="INFO")},
    "loggers": {
        "django.db.backends": {"level": "WARNING"},
        # They log request paths, which may hold a private link's token.
        "django.request": {"filters": ["private_paths"]},
        "django.server": {"filters": ["private_paths"]},
        # At DEBUG these write whole template contexts (receipt codes, a young person's text)
        # and task message bodies: never, whatever LOG_LEVEL says.
        "django.template": {"level": "INFO"},
        "celery.pool": {"level": "INFO"},
        # The PDF reports' layout and chart renderers narrate every step at INFO.
        "weasyprint": {"level": "WARNING"},
        "fontTools": {"level": "WARNING"},
        "choreographer": {"level": "WARNING"},
        "kaleido": {"level": "WARNING"},
    },
}

# ---------------------------------------------------------------------------
# Platform
# ---------------------------------------------------------------------------

PLATFORM_NAME = env.str("PLATFORM_NAME", default="") or _("Alliance platform")
# How long an invitation link into an alliance stays valid.
ALLIANCE_INVITATION_DAYS = env.int("ALLIANCE_INVITATION_DAYS", default=14)
# Shared measurement: approvals wait this long before their indicator is recomputed, so a burst
# of approvals recomputes it once; evidence files are bounded in size and type.
MEASUREMENT_RECOMPUTE_DELAY_SECONDS = 3
MEASUREMENT_EVIDENCE_MAX_BYTES = 10 * 1024 * 1024
MEASUREMENT_IMPORT_MAX_BYTES = 5 * 1024 * 1024
# An import runs in the request at about 5 ms a row: 5,000 rows is under half a minute.
MEASUREMENT_IMPORT_MAX_ROWS = 5_000
# Working groups: papers attached to an agenda item are bounded in size (and checked for type).
WORKGROUPS_ATTACHMENT_MAX_BYTES = 20 * 1024 * 1024
# The security log (alliance.SecurityEvent) keeps the IP address of an event this many days.
SECURITY_EVENTS_KEEP_IP_DAYS = env.int("SECURITY_EVENTS_KEEP_IP_DAYS", default=90)
# Reports and exports (backbone/reports.py): built by a Celery task, kept this many hours for
# the person who asked and the secretariat, then deleted by a periodic task.
REPORTS_KEEP_HOURS = env.int("REPORTS_KEEP_HOURS", default=48)
# The Chromium that renders the report's charts to images (kaleido); one process per report.
REPORTS_CHROMIUM_PATH = env.str("REPORTS_CHROMIUM_PATH", default="/usr/bin/chromium")

# ---------------------------------------------------------------------------
# The REST API (/api/v1/, api/): personal tokens scoped to an alliance and role, the same
# permission layer as the pages, rate limits in the default cache.
# ---------------------------------------------------------------------------

REST_FRAMEWORK = {
    "DEFAULT_AUTHENTICATION_CLASSES": [
        "api.authentication.ApiTokenAuthentication",
        "rest_framework.authentication.SessionAuthentication",
    ],
    "DEFAULT_PERMISSION_CLASSES": ["rest_framework.permissions.IsAuthenticated"],
    "DEFAULT_RENDERER_CLASSES": [
        "rest_framework.renderers.JSONRenderer",
        "rest_framework.renderers.BrowsableAPIRenderer",
    ],
    "DEFAULT_PAGINATION_CLASS": "rest_framework.pagination.LimitOffsetPagination",
    "PAGE_SIZE": 100,
    "DEFAULT_SCHEMA_CLASS": "drf_spectacular.openapi.AutoSchema",
    "DEFAULT_THROTTLE_CLASSES": [
        "rest_framework.throttling.AnonRateThrottle",
        "rest_framework.throttling.UserRateThrottle",
    ],
    "DEFAULT_THROTTLE_RATES": {
        "anon": env.str("API_RATE_ANON", default="60/minute"),
        "user": env.str("API_RATE_USER", default="600/minute"),
    },
}
SPECTACULAR_SETTINGS = {
    "TITLE": "Alliance platform API",
    "DESCRIPTION": "Indicators, summaries, activities and published youth input of an alliance; "
    "data points reported by coordinators.",
    "VERSION": "1.0.0",
    "SERVE_INCLUDE_SCHEMA": False,
    "SWAGGER_UI_DIST": "SIDECAR",
    "SWAGGER_UI_FAVICON_HREF": "SIDECAR",
    "REDOC_DIST": "SIDECAR",
}
