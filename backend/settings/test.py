"""Settings for pytest: fast hashing, throwaway media, demo data allowed."""

import os
import tempfile
from pathlib import Path

from backend.settings.localdb import use_local_database

use_local_database()  # before base reads DATABASE_URL

from backend.settings.base import *  # noqa: E402, F403

DEMO_ENABLED = True
PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
# A server the tests start in its own process shares their media folder (tests/servers.py).
MEDIA_ROOT = Path(
    os.environ.get("MAHALLEH_TEST_MEDIA_ROOT") or tempfile.mkdtemp(prefix="mahalleh-test-media-")
)
BASEMAP_ROOT = MEDIA_ROOT / "basemaps"
STATIC_ROOT = Path(tempfile.mkdtemp(prefix="mahalleh-test-static-"))
WHITENOISE_USE_FINDERS = True
# The live server's request threads must not keep connections open past a test.
DATABASES["default"]["CONN_MAX_AGE"] = 0  # noqa: F405
# Jobs run by the tests' worker retry at once, and recomputes are not held back.
JOB_RETRY_BACKOFF_SECONDS = 0
RECOMPUTE_DELAY_SECONDS = 0
