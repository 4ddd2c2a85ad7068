"""Settings for `make run` on a developer's machine: debug on, demo data allowed."""

from backend.settings.base import *  # noqa: F403
from backend.settings.env import env_bool

DEBUG = env_bool("DEBUG", True)
DEMO_ENABLED = env_bool("DEMO_ENABLED", True)
WHITENOISE_USE_FINDERS = True
