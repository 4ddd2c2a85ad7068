"""Settings for `make run` on a developer's machine: debug on, demo data allowed."""

from backend.settings.env import env_bool
from backend.settings.localdb import use_local_database

use_local_database()  # before base reads DATABASE_URL

from backend.settings.base import *  # noqa: E402, F403

DEBUG = env_bool("DEBUG", True)
DEMO_ENABLED = env_bool("DEMO_ENABLED", True)
WHITENOISE_USE_FINDERS = True
