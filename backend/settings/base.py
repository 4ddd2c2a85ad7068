"""Settings shared by every environment. Every value comes from the environment."""

from datetime import timedelta
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

import dj_database_url
from csp.constants import NONCE, NONE, SELF
from django.core.exceptions import ImproperlyConfigured
from django.utils.translation import gettext_lazy as _

from backend.settings.env import env_bool, env_float, env_int, env_list, env_str

BASE_DIR = Path(__file__).resolve().parent.parent.parent

SECRET_KEY = env_str("SECRET_KEY", "insecure-development-key-do-not-use-in-production")
DEBUG = env_bool("DEBUG", False)
ALLOWED_HOSTS = env_list("ALLOWED_HOSTS", ["127.0.0.1", "localhost"])
CSRF_TRUSTED_ORIGINS = env_list("CSRF_TRUSTED_ORIGINS", [])

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "whitenoise.runserver_nostatic",
    "django.contrib.staticfiles",
    "django.contrib.gis",
    "django.contrib.postgres",
    "rest_framework",
    "rest_framework.authtoken",
    "rest_framework_gis",
    "drf_spectacular",
    "drf_spectacular_sidecar",
    "leaflet",
    "auditlog",
    "procrastinate.contrib.django",
    "backend.accounts",
    "backend.surveys",
    "backend.partners",
    "backend.planning",
    "backend.fieldwork",
    "backend.interventions",
    "backend.imports",
    "backend.exports",
    "backend.jobs",
    "backend.reports",  # no models: its tasks (the PDF reports as jobs)
    "backend.demo",
    "backend.basemaps",
    "fieldapp",
    "axes",  # last, as its documentation asks
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "csp.middleware.CSPMiddleware",
    "backend.common.middleware.PermissionsPolicyMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    # After authentication: names the signed-in user as the actor of audit entries (API tokens are
    # recognised later, by DRF; backend.accounts.authentication names those users).
    "auditlog.middleware.AuditlogMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "axes.middleware.AxesMiddleware",
]

ROOT_URLCONF = "backend.urls"
WSGI_APPLICATION = "backend.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "backend" / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "backend.accounts.context_processors.abilities",
            ],
            "libraries": {"mahalleh": "backend.common.templatetags.mahalleh"},
        },
    },
]

# The project-local cluster is found through DATABASE_URL as well (the Makefile sets it).
DATABASES = {
    "default": dj_database_url.parse(
        env_str("DATABASE_URL"),
        engine="django.contrib.gis.db.backends.postgis",
        # Reusing connections saves a connect per request (several ms on a small server).
        conn_max_age=env_int("DATABASE_CONN_MAX_AGE", 60),
        conn_health_checks=True,
    )
}
# How alike a typed word and a word of a name must be (pg_trgm word similarity,
# 0–1) for name search to offer it: 0.5 forgives one wrong letter in a 5-letter word.
SEARCH_SIMILARITY = env_float("SEARCH_SIMILARITY", 0.5)
# Which review states count in scores, maps, tiles and the default exports: a visit counts until
# someone rejects it or sets it aside with has_issues. Raw SQL reads the same list from the
# connection (the surveys_counted_visit view reads mahalleh.counted_states).
REVIEW_STATES = ("received", "has_issues", "approved", "rejected", "edited")
SCORE_REVIEW_STATES = env_list("SCORE_REVIEW_STATES", ["received", "approved", "edited"])
if not SCORE_REVIEW_STATES or set(SCORE_REVIEW_STATES) - set(REVIEW_STATES):
    raise ImproperlyConfigured(
        f"SCORE_REVIEW_STATES must name some of {', '.join(REVIEW_STATES)}; it is {SCORE_REVIEW_STATES!r}."
    )
# jit=off: our queries are short; PostgreSQL's JIT compiles any query its planner thinks costly
# (an assignment's progress counted per row, say) and spends seconds compiling a 5 ms query.
DATABASES["default"].setdefault("OPTIONS", {})["options"] = (
    f"-c pg_trgm.word_similarity_threshold={SEARCH_SIMILARITY}"
    f" -c mahalleh.counted_states={','.join(SCORE_REVIEW_STATES)}"
    " -c jit=off"
)
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

AUTH_USER_MODEL = "accounts.User"
# django-axes counts failed sign-ins (pages, admin and the token API alike) and locks
# a username from an address after LOGIN_FAILURE_LIMIT failures, for LOGIN_LOCKOUT_MINUTES.
AUTHENTICATION_BACKENDS = [
    "axes.backends.AxesStandaloneBackend",
    "backend.accounts.backends.RoleAwareBackend",
]
AXES_FAILURE_LIMIT = env_int("LOGIN_FAILURE_LIMIT", 5)
AXES_COOLOFF_TIME = timedelta(minutes=env_int("LOGIN_LOCKOUT_MINUTES", 15))
AXES_LOCKOUT_PARAMETERS = [["username", "ip_address"]]
AXES_RESET_ON_SUCCESS = True
AXES_LOCKOUT_CALLABLE = "backend.accounts.lockout.locked_out"
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]
LOGIN_URL = "/accounts/login/"
LOGIN_REDIRECT_URL = "/partners/"
LOGOUT_REDIRECT_URL = "/accounts/login/"

# Persian first: the UI speaks Persian unless the user picks English.
LANGUAGE_CODE = "fa"
LANGUAGES = [("fa", _("Persian")), ("en", _("English"))]
LOCALE_PATHS = [BASE_DIR / "backend" / "locale"]
TIME_ZONE = "Asia/Tehran"  # shown to people; the database stores UTC
USE_I18N = True
USE_TZ = True

STATIC_URL = "/static/"
STATICFILES_DIRS = [BASE_DIR / "backend" / "static"]  # vendored JS/CSS and our page styles
STATIC_ROOT = Path(env_str("STATIC_ROOT", str(BASE_DIR / "staticfiles")))
MEDIA_URL = "/media/"
MEDIA_ROOT = Path(env_str("MEDIA_ROOT", str(BASE_DIR / "media")))
STORAGES: dict[str, dict[str, Any]] = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
}
# Photos, documents and export files live on this machine's disk (MEDIA_ROOT), or, with
# MEDIA_STORAGE=s3, in an S3-compatible store (MinIO, Ceph, a cloud's) through django-storages
# (pip install '.[s3]'): then any number of web servers and workers share them.
MEDIA_STORAGE = env_str("MEDIA_STORAGE", "local")
if MEDIA_STORAGE == "s3":
    STORAGES["default"] = {
        "BACKEND": "storages.backends.s3.S3Storage",
        "OPTIONS": {
            "bucket_name": env_str("MEDIA_S3_BUCKET"),
            "endpoint_url": env_str("MEDIA_S3_ENDPOINT_URL", "") or None,
            "region_name": env_str("MEDIA_S3_REGION", "") or None,
            "access_key": env_str("MEDIA_S3_ACCESS_KEY", "") or None,
            "secret_key": env_str("MEDIA_S3_SECRET_KEY", "") or None,
            "default_acl": None,  # private: files are served through Mahalleh's own checks
            "file_overwrite": False,
        },
    }
elif MEDIA_STORAGE != "local":
    raise ImproperlyConfigured(f"MEDIA_STORAGE is 'local' or 's3', not {MEDIA_STORAGE!r}.")

# Base maps (MBTiles, PMTiles) are read tile by tile from this machine's disk, whatever
# MEDIA_STORAGE is: each web server keeps its copy (python manage.py basemap_add on each).
BASEMAP_ROOT = Path(env_str("BASEMAP_ROOT", str(BASE_DIR / "basemaps")))
BASEMAP_MAX_BYTES = env_int("BASEMAP_MAX_BYTES", 2 * 1024 * 1024 * 1024)  # an admin upload, at most
# What the phone keeps of the base map for offline use, at most.
FIELD_BASEMAP_MAX_MB = env_int("FIELD_BASEMAP_MAX_MB", 150)

# Request size limits. JSON bodies are checked by our parser (backend.common.parsers).
MAX_JSON_BODY_BYTES = env_int("MAX_JSON_BODY_BYTES", 2 * 1024 * 1024)
DATA_UPLOAD_MAX_MEMORY_SIZE = MAX_JSON_BODY_BYTES
MAX_GEOMETRY_VERTICES = env_int("MAX_GEOMETRY_VERTICES", 50_000)
# A visit older than this, or more than a few minutes in the future, is refused.
VISIT_MAX_AGE_DAYS = env_int("VISIT_MAX_AGE_DAYS", 730)
VISIT_MAX_CLOCK_SKEW_SECONDS = env_int("VISIT_MAX_CLOCK_SKEW_SECONDS", 600)
# The field app's sync endpoint: visits per batch and the body size that allows.
SYNC_MAX_BATCH = env_int("SYNC_MAX_BATCH", 200)
MAX_SYNC_BODY_BYTES = env_int("MAX_SYNC_BODY_BYTES", 8 * 1024 * 1024)
# Photos: bytes as sent, and pixels (a small file can decode to a huge image).
PHOTO_MAX_BYTES = env_int("PHOTO_MAX_BYTES", 10 * 1024 * 1024)
PHOTO_MAX_PIXELS = env_int("PHOTO_MAX_PIXELS", 40_000_000)
# GIS file imports: the file as uploaded, and what a zip may unpack to (zip bombs stop there).
IMPORT_MAX_BYTES = env_int("IMPORT_MAX_BYTES", 50 * 1024 * 1024)
IMPORT_MAX_UNPACKED_BYTES = env_int("IMPORT_MAX_UNPACKED_BYTES", 200 * 1024 * 1024)
# OpenRosa (ODK Collect) submissions: the whole POST, XML and photos; ODK splits bigger ones.
OPENROSA_MAX_SUBMISSION_BYTES = env_int("OPENROSA_MAX_SUBMISSION_BYTES", 30 * 1024 * 1024)
# The field app warns when the GPS fix is less accurate than this many metres.
FIELD_GPS_WARN_METRES = env_int("FIELD_GPS_WARN_METRES", 50)
# Quality flags computed when a visit is stored (they order the review queue, never refuse a visit):
# a form saved sooner than this after it was opened, more persons per room than this, a visit
# received this many days after it was made, and another visit by the same visitor this close.
REVIEW_MIN_SECONDS = env_int("REVIEW_MIN_SECONDS", 60)
REVIEW_MAX_PERSONS_PER_ROOM = env_float("REVIEW_MAX_PERSONS_PER_ROOM", 10)
REVIEW_LATE_UPLOAD_DAYS = env_int("REVIEW_LATE_UPLOAD_DAYS", 7)
REVIEW_NEAR_DUPLICATE_METRES = env_int("REVIEW_NEAR_DUPLICATE_METRES", 50)
REVIEW_NEAR_DUPLICATE_MINUTES = env_int("REVIEW_NEAR_DUPLICATE_MINUTES", 30)
# Suggested assignments: a neighbourhood is due again when its last counted visit is older than
# this, or its score's confidence (0–1) is below this.
ASSIGN_STALE_DAYS = env_int("ASSIGN_STALE_DAYS", 180)
ASSIGN_LOW_CONFIDENCE = env_float("ASSIGN_LOW_CONFIDENCE", 0.5)
# The field app keeps this many days of the visitor's own visits from the server, for offline use.
FIELD_HISTORY_DAYS = env_int("FIELD_HISTORY_DAYS", 90)
# Partner look-ups: a comfortable walk (coverage gaps), the largest search radius,
# and the most partners one nearest-first query returns.
WALKING_DISTANCE_METRES = env_int("WALKING_DISTANCE_METRES", 800)
PARTNER_MAX_RADIUS_METRES = env_int("PARTNER_MAX_RADIUS_METRES", 100_000)
PARTNER_NEAREST_MAX_LIMIT = env_int("PARTNER_NEAREST_MAX_LIMIT", 100)
# Scores: a household is crowded above this many persons per room (UN-Habitat: 3).
CROWDING_PERSONS_PER_ROOM = env_float("CROWDING_PERSONS_PER_ROOM", 3.0)
# Scores measure the counted visits of the last this many days: older visits no longer weigh.
SCORE_WINDOW_DAYS = env_int("SCORE_WINDOW_DAYS", 365)
# Intervention documents (PDFs and photos): the largest file, and the most per intervention.
DOCUMENT_MAX_BYTES = env_int("DOCUMENT_MAX_BYTES", 10 * 1024 * 1024)
DOCUMENTS_PER_INTERVENTION = env_int("DOCUMENTS_PER_INTERVENTION", 50)
# Referrals: the nearest this many active partners offering the service are proposed.
REFERRAL_PARTNERS_PROPOSED = env_int("REFERRAL_PARTNERS_PROPOSED", 5)
# Background jobs (procrastinate, in PostgreSQL): a failed job runs again this many times,
# waiting this many seconds, then its square, its cube, …; an export's file is kept this long.
JOB_RETRIES = env_int("JOB_RETRIES", 2)
JOB_RETRY_BACKOFF_SECONDS = env_int("JOB_RETRY_BACKOFF_SECONDS", 10)
EXPORT_KEEP_HOURS = env_int("EXPORT_KEEP_HOURS", 24)
# Scores are recomputed this long after the first change (visits, reviews, partners,
# boundaries, profiles): the changes made meanwhile join that one run.
RECOMPUTE_DELAY_SECONDS = env_int("RECOMPUTE_DELAY_SECONDS", 60)
# Maps draw up to this many visits as points; beyond it, counts per neighbourhood
# and vector tiles (/tiles/visits/…) instead.
MAP_INLINE_VISITS_MAX = env_int("MAP_INLINE_VISITS_MAX", 3000)
# The priority map draws up to this many active partners inline; beyond it, from /tiles/partners/.
MAP_INLINE_PARTNERS_MAX = env_int("MAP_INLINE_PARTNERS_MAX", 1000)

# Base-map tiles come from a server you run; empty means no base map (works offline).
MAP_TILE_URL = env_str("MAP_TILE_URL", "")
MAP_TILE_ATTRIBUTION = env_str("MAP_TILE_ATTRIBUTION", "")
LEAFLET_CONFIG: dict[str, Any] = {
    "DEFAULT_CENTER": (36.27, 50.0),
    "DEFAULT_ZOOM": 12,
    # The admin's map widgets: the default base map (backend.basemaps), or MAP_TILE_URL's server.
    "TILES": [
        (
            _("Base map"),
            MAP_TILE_URL or "/basemaps/default/{z}/{x}/{y}",
            {"attribution": MAP_TILE_ATTRIBUTION},
        )
    ],
    "RESET_VIEW": False,
}


def _tile_origin(url: str) -> list[str]:
    """The origin base-map tiles come from, as a CSP source ({s} subdomains become *)."""
    parts = urlsplit(url)
    return [f"{parts.scheme}://{parts.netloc.replace('{s}', '*')}"] if parts.netloc else []


# Content-Security-Policy: scripts only from our own files, or inline ones carrying this response's
# nonce (Folium's map documents, see geo.maps.with_script_nonce). Nothing from elsewhere, except
# base-map tiles from MAP_TILE_URL's host. Inline styles are allowed: Leaflet and Folium position
# every marker and control with them, and a style cannot run code.
CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": [SELF],
        "script-src": [SELF, NONCE],
        "style-src": [SELF, "'unsafe-inline'"],
        "img-src": [SELF, "data:", "blob:", *_tile_origin(MAP_TILE_URL)],
        "font-src": [SELF, "data:"],
        "connect-src": [SELF],
        "worker-src": [SELF],
        "manifest-src": [SELF],
        "frame-src": [SELF],
        "frame-ancestors": [SELF],
        "object-src": [NONE],
        "base-uri": [SELF],
        "form-action": [SELF],
    }
}

# The demo data set and its users exist only where this is true.
DEMO_ENABLED = env_bool("DEMO_ENABLED", False)

REST_FRAMEWORK = {
    "DEFAULT_AUTHENTICATION_CLASSES": [
        "backend.accounts.authentication.TokenAuthentication",
        "rest_framework.authentication.SessionAuthentication",
    ],
    "DEFAULT_PERMISSION_CLASSES": ["rest_framework.permissions.IsAuthenticated"],
    "DEFAULT_PARSER_CLASSES": ["backend.common.parsers.LimitedJSONParser"],
    "DEFAULT_RENDERER_CLASSES": ["rest_framework.renderers.JSONRenderer"],
    "DEFAULT_SCHEMA_CLASS": "drf_spectacular.openapi.AutoSchema",
    "EXCEPTION_HANDLER": "backend.common.errors.exception_handler",
    "DEFAULT_PAGINATION_CLASS": "backend.common.pagination.PageNumberPagination",
    "PAGE_SIZE": 100,
    "DEFAULT_METADATA_CLASS": "backend.common.schema.BriefMetadata",
}

SPECTACULAR_SETTINGS = {
    "TITLE": "Mahalleh API",
    "DESCRIPTION": (
        "Survey informal settlements and decide where help goes first. "
        "Authenticate with `Authorization: Token <key>` from POST /api/v1/auth/token/."
    ),
    "VERSION": "1.0.0",
    # One name per choice set used under several field names (a partner's kind and services).
    "ENUM_NAME_OVERRIDES": {
        "PartnerKindEnum": "backend.partners.models.PartnerKind",
        "ServiceEnum": "backend.partners.models.Service",
        "InterventionStatusEnum": "backend.interventions.models.InterventionStatus",
        "ReferralStatusEnum": "backend.interventions.models.ReferralStatus",
        "JobStateEnum": "backend.jobs.models.JobState",
        "ReviewDecisionEnum": "backend.surveys.models.review_decision_choices",
        "JobKindEnum": "backend.jobs.models.JobKind",
    },
    "SERVE_INCLUDE_SCHEMA": False,
    # Swagger UI from our own static files, never a CDN.
    "SWAGGER_UI_DIST": "SIDECAR",
    "SWAGGER_UI_FAVICON_HREF": "SIDECAR",
    "REDOC_DIST": "SIDECAR",
    "COMPONENT_SPLIT_REQUEST": True,
    "POSTPROCESSING_HOOKS": [
        "drf_spectacular.hooks.postprocess_schema_enums",
        "backend.common.schema.add_error_responses",
    ],
}

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": env_str("LOG_LEVEL", "INFO")},
    # pyogrio logs every chunk an export appends ("Created 10,000 records"), WeasyPrint every step.
    # procrastinate logs every task it registers, in every command; the worker sets INFO.
    "loggers": {
        "pyogrio": {"level": "WARNING"},
        "weasyprint": {"level": "WARNING"},  # its INFO is every step of every PDF
        "procrastinate": {"level": env_str("PROCRASTINATE_LOG_LEVEL", "WARNING")},
    },
}

# Debian 12 ships GDAL 3.6, which cannot block file and network access from
# spatial references. We never pass user-supplied spatial reference strings to
# GDAL; file imports must keep it that way (see README, "Limits").
SILENCED_SYSTEM_CHECKS = ["gis.W001"]
