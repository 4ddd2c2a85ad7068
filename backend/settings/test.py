"""Settings for pytest: fast hashing, throwaway media, demo data allowed."""

import tempfile

from backend.settings.base import *  # noqa: F403

DEMO_ENABLED = True
PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
MEDIA_ROOT = tempfile.mkdtemp(prefix="mahalleh-test-media-")
STATIC_ROOT = tempfile.mkdtemp(prefix="mahalleh-test-static-")
WHITENOISE_USE_FINDERS = True
# The live server's request threads must not keep connections open past a test.
DATABASES["default"]["CONN_MAX_AGE"] = 0  # noqa: F405
# Jobs run by the tests' worker retry at once, and recomputes are not held back.
JOB_RETRY_BACKOFF_SECONDS = 0
RECOMPUTE_DELAY_SECONDS = 0
