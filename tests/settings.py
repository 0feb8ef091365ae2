"""Settings for the test suite: the production settings with test-only values.

Tests run with DEBUG off, as production does; only what must differ is set here.
"""

import os
import tempfile

os.environ.setdefault("DJANGO_SECRET_KEY", "test-only-key-not-a-secret")
os.environ.setdefault("DJANGO_ALLOWED_HOSTS", "testserver,localhost,127.0.0.1")
os.environ.setdefault("DJANGO_SECURE_SSL_REDIRECT", "0")
# The rate-limit counters of one test run, apart from any server's.
os.environ.setdefault(
    "DJANGO_COUNTER_CACHE_DIR",
    os.path.join(tempfile.gettempdir(), f"newsdesk-test-counters-{os.getpid()}"),
)

from newsdesk.settings import *  # noqa: E402, F403

# Fast hashing: test users are created by the hundred.
PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
STORAGES = {
    **STORAGES,  # noqa: F405
    # Tests render templates without running collectstatic first.
    "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
}
# Serve static files from the app folders, as `runserver` does; no collectstatic needed.
WHITENOISE_USE_FINDERS = True
WHITENOISE_AUTOREFRESH = True

# Tasks run where they are enqueued; the database queue and its worker have their
# own test (tests/analysis/test_ingest_tasks.py).
TASKS = {"default": {"BACKEND": "django.tasks.backends.immediate.ImmediateBackend"}}

# Throttling has its own test; the rest of the suite must never hit a limit.
API_THROTTLE_RATES = {"anon": "100000/minute", "user": "100000/minute"}

# Tests read the change feed at once; the lag itself has its own test.
NEWSDESK_CHANGE_FEED_LAG_SECONDS = 0

# Pages name the host the test client asks (http://testserver) whatever the
# environment says; the configured origin has its own test.
NEWSDESK_SITE_ORIGIN = ""
