"""Newsdesk settings, read from the environment.

The defaults are the safe ones (debug off, SQLite). Development sets DJANGO_DEBUG=1;
production must set DJANGO_SECRET_KEY and DJANGO_ALLOWED_HOSTS or it refuses to start.
Every variable is listed in README.md.
"""

import os
from datetime import timedelta
from pathlib import Path

import dj_database_url
from django.core.exceptions import ImproperlyConfigured

BASE_DIR = Path(__file__).resolve().parent.parent


def env_bool(name, default=False):
    value = os.environ.get(name)
    if value is None:
        return default
    return value.strip().lower() in {"1", "true", "yes", "on"}


def env_list(name, default=""):
    return [
        item.strip()
        for item in os.environ.get(name, default).split(",")
        if item.strip()
    ]


DEBUG = env_bool("DJANGO_DEBUG")

SECRET_KEY = os.environ.get("DJANGO_SECRET_KEY", "")
ALLOWED_HOSTS = env_list("DJANGO_ALLOWED_HOSTS")
if DEBUG:
    SECRET_KEY = SECRET_KEY or "development-only-key-never-used-in-production"
    ALLOWED_HOSTS = ALLOWED_HOSTS or ["127.0.0.1", "localhost", "[::1]"]
elif not SECRET_KEY or not ALLOWED_HOSTS:
    raise ImproperlyConfigured(
        "Set DJANGO_SECRET_KEY and DJANGO_ALLOWED_HOSTS (or DJANGO_DEBUG=1 for development)."
    )

INSTALLED_APPS = [
    "newsdesk.apps.NewsdeskAdminConfig",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "whitenoise.runserver_nostatic",
    "django.contrib.staticfiles",
    "corsheaders",
    "rest_framework",
    "knox",
    "axes",
    "drf_spectacular",
    "drf_spectacular_sidecar",
    "django_filters",
    "simple_history",
    "django_tasks_db",
    "actors",
    "articles",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    # Before anything that may answer: a preflight is answered here.
    "corsheaders.middleware.CorsMiddleware",
    # Outside the page cache, so a cached page or feed answers 304 too: each GET
    # answer gets an ETag (unless it has one), and If-None-Match/If-Modified-Since
    # are honoured (RFC 9110).
    "django.middleware.http.ConditionalGetMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "newsdesk.middleware.ApiCacheHeadersMiddleware",
    "articles.site.cache.PublicPageCacheMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "django.middleware.csp.ContentSecurityPolicyMiddleware",
    "simple_history.middleware.HistoryRequestMiddleware",
    # Last, as django-axes asks: turns a locked-out admin login into a 429 page.
    "axes.middleware.AxesMiddleware",
]

# Logins: django-axes counts failures (in the database, shared by every worker) per
# account and per client address, and locks either out for a while.
AUTHENTICATION_BACKENDS = [
    "axes.backends.AxesStandaloneBackend",
    "django.contrib.auth.backends.ModelBackend",
]
# Proxies in front of the site that append to X-Forwarded-For; 0 trusts the header
# from no one (newsdesk.authentication.client_address).
TRUSTED_PROXIES = int(os.environ.get("DJANGO_TRUSTED_PROXIES", "0"))
AXES_FAILURE_LIMIT = int(os.environ.get("DJANGO_LOGIN_FAILURE_LIMIT", "5"))
AXES_COOLOFF_TIME = timedelta(
    minutes=int(os.environ.get("DJANGO_LOGIN_COOLOFF_MINUTES", "15"))
)
AXES_LOCKOUT_PARAMETERS = ["ip_address", "username"]
AXES_CLIENT_IP_CALLABLE = "newsdesk.authentication.client_address"
AXES_LOCKOUT_CALLABLE = "newsdesk.authentication.lockout_response"
AXES_RESET_ON_SUCCESS = True
AXES_VERBOSE = False

ROOT_URLCONF = "newsdesk.urls"
WSGI_APPLICATION = "newsdesk.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "django.template.context_processors.csp",
                "articles.site.cache.fragment_seconds",
            ],
            # The public site's tags live with the site (articles/site/).
            "libraries": {"public_site": "articles.site.templatetags"},
        },
    },
]

# SQLite is the embedded default; DATABASE_URL (postgres://...) switches to PostgreSQL.
DATABASES = {
    "default": dj_database_url.config(
        default=f"sqlite:///{BASE_DIR / 'db.sqlite3'}",
        conn_max_age=int(os.environ.get("DJANGO_CONN_MAX_AGE", "60")),
        conn_health_checks=True,
    )
}
if DATABASES["default"]["ENGINE"].endswith("sqlite3"):
    # Opening a SQLite file costs next to nothing, and a connection kept open would
    # keep serving a file that a restore has replaced.
    DATABASES["default"]["CONN_MAX_AGE"] = 0
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    # Concurrent writers queue instead of failing with "database is locked": WAL lets
    # readers go on while one writes, IMMEDIATE takes the write lock when a
    # transaction starts (no deadlocking upgrade from a read lock), and a writer
    # waits up to DJANGO_SQLITE_TIMEOUT seconds for the lock. Django's backend, with
    # the planner's statistics refreshed as connections close (newsdesk/sqlite3/).
    DATABASES["default"]["ENGINE"] = "newsdesk.sqlite3"
    DATABASES["default"].setdefault("OPTIONS", {}).update(
        {
            "transaction_mode": "IMMEDIATE",
            "timeout": float(os.environ.get("DJANGO_SQLITE_TIMEOUT", "20")),
            "init_command": (
                "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL; "
                "PRAGMA cache_size=-65536; PRAGMA mmap_size=268435456; "
                "PRAGMA analysis_limit=1000;"
            ),
        }
    )
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

# Django's cache framework: local memory (per process) by default; REDIS_URL
# (redis://host:6379/0) switches to Django's built-in Redis cache, shared by every
# app server. Whatever the backend, what a page shows is invalidated through a
# generation counter kept in the database (articles/site/cache.py), so even
# per-process caches never serve a story after it changed.
# Counters that must be one for every worker (the API's rate limits) live in the
# "counters" cache: the same Redis, or without it files in DJANGO_COUNTER_CACHE_DIR,
# which every worker process of one machine shares (a local-memory count per worker
# would multiply each limit by the number of workers).
REDIS_URL = os.environ.get("REDIS_URL", "")
if REDIS_URL:
    CACHES = {
        alias: {
            "BACKEND": "django.core.cache.backends.redis.RedisCache",
            "LOCATION": REDIS_URL,
            "KEY_PREFIX": f"newsdesk-{alias}",
        }
        for alias in ("default", "counters")
    }
else:
    CACHES = {
        "default": {
            "BACKEND": "django.core.cache.backends.locmem.LocMemCache",
            "LOCATION": "newsdesk",
            "OPTIONS": {"MAX_ENTRIES": 10000},
        },
        "counters": {
            "BACKEND": "django.core.cache.backends.filebased.FileBasedCache",
            "LOCATION": os.environ.get(
                "DJANGO_COUNTER_CACHE_DIR", str(BASE_DIR / "var" / "counters")
            ),
            "OPTIONS": {"MAX_ENTRIES": 100000},
        },
    }
# Seconds an anonymous reader's page stays in the cache (0: no page cache) and the
# max-age of Cache-Control on public pages and feeds.
PAGE_CACHE_SECONDS = int(os.environ.get("DJANGO_PAGE_CACHE_SECONDS", "600"))
PUBLIC_MAX_AGE = int(os.environ.get("DJANGO_PUBLIC_MAX_AGE", "60"))

AUTH_PASSWORD_VALIDATORS = [
    {
        "NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"
    },
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]

LANGUAGE_CODE = "en"
TIME_ZONE = os.environ.get("DJANGO_TIME_ZONE", "UTC")
USE_I18N = True
USE_TZ = True

STATIC_URL = "static/"
STATIC_ROOT = BASE_DIR / "staticfiles"
STATICFILES_DIRS = [BASE_DIR / "static"]
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {
        "BACKEND": "whitenoise.storage.CompressedManifestStaticFilesStorage"
    },
}

# Security: strict in production, relaxed only where local HTTP needs it.
SECURE_SSL_REDIRECT = env_bool("DJANGO_SECURE_SSL_REDIRECT", not DEBUG)
SESSION_COOKIE_SECURE = not DEBUG
CSRF_COOKIE_SECURE = not DEBUG
SECURE_HSTS_SECONDS = int(
    os.environ.get("DJANGO_HSTS_SECONDS", "0" if DEBUG else "31536000")
)
SECURE_HSTS_INCLUDE_SUBDOMAINS = not DEBUG
SECURE_HSTS_PRELOAD = env_bool("DJANGO_HSTS_PRELOAD", not DEBUG)
SECURE_PROXY_SSL_HEADER = (
    ("HTTP_X_FORWARDED_PROTO", "https") if env_bool("DJANGO_BEHIND_PROXY") else None
)
SECURE_REFERRER_POLICY = "same-origin"
CSRF_TRUSTED_ORIGINS = env_list("DJANGO_CSRF_TRUSTED_ORIGINS")
X_FRAME_OPTIONS = "DENY"

# Django 6's built-in Content Security Policy: only this site's own resources.
SECURE_CSP = {
    "default-src": ["'self'"],
    "img-src": ["'self'", "data:"],
    "style-src": ["'self'"],
    "script-src": ["'self'"],
    "frame-ancestors": ["'none'"],
    "form-action": ["'self'"],
}

# The authority of every story's permanent name (RFC 4151 `tag:` URI, e.g.
# `tag:news.example.org,2025:story:<uuid>`): the Atom id, ninjs `uri` and JSON-LD
# `@id`. Set it once: changing either value renames every story for consumers. Left
# unset, the domain is the first of DJANGO_ALLOWED_HOSTS (never the request's Host).
NEWSDESK_SITE_DOMAIN = os.environ.get("NEWSDESK_SITE_DOMAIN") or next(
    (host.lstrip(".") for host in ALLOWED_HOSTS if host.strip(".*")), "localhost"
)
NEWSDESK_TAG_DATE = os.environ.get("NEWSDESK_TAG_DATE", "2025")
# Where the public reads the site: canonical links, Open Graph and JSON-LD URLs,
# the sitemap, feeds and ninjs use it instead of the request's Host. Given only
# NEWSDESK_SITE_DOMAIN, https://<that domain>; given neither, the request's.
NEWSDESK_SITE_ORIGIN = (
    os.environ.get("NEWSDESK_SITE_ORIGIN")
    or (f"https://{os.environ['NEWSDESK_SITE_DOMAIN']}"
        if os.environ.get("NEWSDESK_SITE_DOMAIN") else "")
).rstrip("/")  # fmt: skip
# The change feed (/api/v1/changes/) shows a change once it is this many seconds
# old, so a write committed a moment after its timestamp is never skipped.
NEWSDESK_CHANGE_FEED_LAG_SECONDS = int(
    os.environ.get("NEWSDESK_CHANGE_FEED_LAG_SECONDS", "2")
)

# The desk's own outlet: stories written in admin or the API are published under it
# unless another outlet is chosen (ingest still detects the outlet of collected
# coverage). Created on first use; the environment may rename it.
NEWSDESK_HOUSE_OUTLET = {
    "slug": os.environ.get("NEWSDESK_HOUSE_OUTLET_SLUG", "newsdesk"),
    "name": os.environ.get("NEWSDESK_HOUSE_OUTLET_NAME", "Newsdesk"),
    "ownership": os.environ.get("NEWSDESK_HOUSE_OUTLET_OWNERSHIP", "independent"),
    "ownership_notes": os.environ.get(
        "NEWSDESK_HOUSE_OUTLET_NOTES",
        "Independent: the desk's own reporting, written and edited by its staff "
        "under its editorial rules.",
    ),
}

# Background tasks (Django's tasks framework): uploads are ingested by a worker,
# `manage.py db_worker`, from a queue kept in the database (django-tasks-db).
# DJANGO_TASKS_IMMEDIATE=1 runs each task at once, in the request that enqueues it:
# no worker to run, but an upload waits for its analysis again.
TASKS = {
    "default": {
        "BACKEND": (
            "django.tasks.backends.immediate.ImmediateBackend"
            if env_bool("DJANGO_TASKS_IMMEDIATE")
            else "django_tasks_db.DatabaseBackend"
        ),
    }
}

# Seconds the analyzer may spend on one ingested file before that file is refused
# (articles/analysis/budget.py); the rest of the batch goes on.
NEWSDESK_ANALYSIS_SECONDS = float(os.environ.get("NEWSDESK_ANALYSIS_SECONDS", "30"))

REST_FRAMEWORK = {
    "DEFAULT_SCHEMA_CLASS": "drf_spectacular.openapi.AutoSchema",
    "DEFAULT_AUTHENTICATION_CLASSES": [
        "newsdesk.authentication.TokenAuthentication",
        "rest_framework.authentication.SessionAuthentication",
    ],
    "DEFAULT_PARSER_CLASSES": [
        "newsdesk.drf.JSONParser",
        "rest_framework.parsers.FormParser",
        "rest_framework.parsers.MultiPartParser",
    ],
    "DEFAULT_PAGINATION_CLASS": "newsdesk.drf.PageNumberPagination",
    "PAGE_SIZE": 20,
    "DEFAULT_FILTER_BACKENDS": ["newsdesk.drf.StrictFilterBackend"],
    "DEFAULT_THROTTLE_CLASSES": [
        "newsdesk.drf.AnonThrottle",
        "newsdesk.drf.UserThrottle",
    ],
    "EXCEPTION_HANDLER": "newsdesk.drf.exception_handler",
}
# Read-only CORS for the public API (django-cors-headers): pages on these origins
# may read /api/ from a browser (GET, HEAD, OPTIONS; never with cookies). "*" allows
# any origin; empty (the default) allows none. Writes stay same-origin or token-based
# from servers.
CORS_ALLOWED_ORIGINS = [
    origin for origin in env_list("DJANGO_CORS_ALLOWED_ORIGINS") if origin != "*"
]
CORS_ALLOW_ALL_ORIGINS = "*" in env_list("DJANGO_CORS_ALLOWED_ORIGINS")
CORS_URLS_REGEX = r"^/api/"
CORS_ALLOW_METHODS = ["GET", "HEAD", "OPTIONS"]
CORS_ALLOW_CREDENTIALS = False
CORS_EXPOSE_HEADERS = ["ETag", "Last-Modified", "Location"]

# API tokens (django-rest-knox): stored hashed, expiring, revocable by their owner.
API_TOKEN_TTL = timedelta(
    hours=int(os.environ.get("DJANGO_API_TOKEN_TTL_HOURS", "168"))
)
REST_KNOX = {"TOKEN_TTL": API_TOKEN_TTL, "AUTO_REFRESH": False}
API_THROTTLE_RATES = {
    "anon": os.environ.get("DJANGO_API_ANON_RATE", "120/minute"),
    "user": os.environ.get("DJANGO_API_USER_RATE", "1200/minute"),
}

SPECTACULAR_SETTINGS = {
    "TITLE": "Newsdesk API",
    "DESCRIPTION": "Stories, their type of work, outlets, actors, events and the desk's notes.",
    "VERSION": "1.0.0",
    # Swagger UI from local static files (drf-spectacular-sidecar), never a CDN.
    "SWAGGER_UI_DIST": "SIDECAR",
    "SWAGGER_UI_FAVICON_HREF": "SIDECAR",
    "REDOC_DIST": "SIDECAR",
    # For generated clients: request and response shapes apart (a token request is
    # not a token), request bodies as JSON only (forms are still accepted).
    "COMPONENT_SPLIT_REQUEST": True,
    "PARSER_WHITELIST": ["newsdesk.drf.JSONParser"],
    "POSTPROCESSING_HOOKS": [
        "drf_spectacular.hooks.postprocess_schema_enums",
        "newsdesk.schema.add_error_responses",
        "newsdesk.schema.add_links",
    ],
    "ENUM_NAME_OVERRIDES": {
        "ActorKindEnum": "actors.models.Actor.Kind",
        "AliasKindEnum": "actors.models.Alias.Kind",
        "EventKindEnum": "actors.models.Event.Kind",
        "EventStatusEnum": "actors.models.Event.Status",
        "DatePrecisionEnum": "actors.models.Event.Precision",
        "ParticipationRoleEnum": "actors.models.Participation.Role",
        "OwnershipEnum": "articles.models.Outlet.Ownership",
        "GenreEnum": "articles.models.Article.Genre",
        "ArticleStatusEnum": "articles.models.Article.Status",
        "FlagKindEnum": "articles.models.Flag.Kind",
        "FlagStateEnum": "articles.models.Flag.State",
        "NoteKindEnum": "articles.models.EditorialNote.Kind",
    },
}

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {
        "handlers": ["console"],
        "level": os.environ.get("DJANGO_LOG_LEVEL", "INFO"),
    },
}
