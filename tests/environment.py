"""The environment the test suite runs in, set before Django's settings are read.

Loaded as a pytest plugin (`-p tests.environment` in pyproject.toml) so that it runs before
pytest-django imports the settings. Real services come from DATABASE_URL and REDIS_URL when set.
"""

import os

os.environ.setdefault("SECRET_KEY", "test-only-secret-key-never-used-in-production-0123456789")
os.environ.setdefault("DEBUG", "false")
os.environ.setdefault("ALLOWED_HOSTS", "localhost,127.0.0.1,testserver")
os.environ.setdefault("SECURE_SSL_REDIRECT", "false")
os.environ.setdefault("SECURE_COOKIES", "false")
os.environ.setdefault("SECURE_HSTS_SECONDS", "0")
# Two-factor login is required of the secretariat in production; the tests that log in as the
# secretariat test other things, and tests/alliance/test_mfa.py turns it on.
os.environ.setdefault("MFA_REQUIRED", "false")
os.environ.setdefault("EMAIL_BACKEND", "django.core.mail.backends.locmem.EmailBackend")
os.environ.setdefault(
    "STATICFILES_BACKEND", "django.contrib.staticfiles.storage.StaticFilesStorage"
)
# Playwright's sync API runs an event loop in the test thread; the ORM calls the tests make
# there are still synchronous.
os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")

# Parallel test workers share one Redis: each gets a database of its own (cache, rate limits,
# broker), so a test never sees another worker's keys.
_worker = os.environ.get("PYTEST_XDIST_WORKER", "")
if os.environ.get("REDIS_URL") and _worker.startswith("gw"):
    _base = os.environ["REDIS_URL"].rsplit("/", 1)[0]
    os.environ["REDIS_URL"] = f"{_base}/{1 + int(_worker[2:]) % 15}"

# Uploaded files (evidence) go to a folder of this run, never into var/media of the checkout.
if "MEDIA_ROOT" not in os.environ:
    import tempfile

    os.environ["MEDIA_ROOT"] = tempfile.mkdtemp(prefix="alliance-test-media-")
