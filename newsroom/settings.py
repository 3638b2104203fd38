"""Settings for newsroom, read from environment variables (see README, "Configuration").

Defaults run locally on SQLite with DEBUG off; production needs only environment
variables. Bad values fail loudly at start-up (newsroom.environment).
"""

import re
import secrets
from pathlib import Path

import dj_database_url
from django.core.exceptions import ImproperlyConfigured
from django.utils.csp import CSP

from newsroom.environment import env_bool, env_int, env_list, env_str

BASE_DIR = Path(__file__).resolve().parent.parent
DATA_DIR = Path(env_str("NEWSROOM_DATA_DIR", str(BASE_DIR / "var")))

DEBUG = env_bool("DEBUG", False)


def _secret_key() -> str:
    """SECRET_KEY from the environment, else one generated once and kept in DATA_DIR for local use."""
    key = env_str("SECRET_KEY")
    if key:
        if len(key) < 50:
            raise ImproperlyConfigured("SECRET_KEY must be at least 50 characters long.")
        return key
    key_file = DATA_DIR / "secret_key"
    if not key_file.exists():
        DATA_DIR.mkdir(parents=True, exist_ok=True)
        key_file.write_text(secrets.token_urlsafe(64))
        key_file.chmod(0o600)
    return key_file.read_text().strip()


SECRET_KEY = _secret_key()
ALLOWED_HOSTS = env_list("ALLOWED_HOSTS", ["localhost", "127.0.0.1", "[::1]"])
CSRF_TRUSTED_ORIGINS = env_list("CSRF_TRUSTED_ORIGINS", [])

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "whitenoise.runserver_nostatic",
    "django.contrib.staticfiles",
    "django.contrib.postgres",  # full-text search fields; harmless on SQLite
    "django_htmx",
    "django_tasks_db",
    "newsroom.accounts",
    "newsroom.articles",
    "newsroom.front",
    "newsroom.quotes",
    "newsroom.stories",
    "newsroom.search",
    "newsroom.api",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    # Kept pages for anonymous readers, served before the rest of the stack runs (newsroom.front.page_cache).
    "newsroom.front.page_cache.ReaderPageMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "django.middleware.csp.ContentSecurityPolicyMiddleware",
    "newsroom.headers.SecurityHeadersMiddleware",
    "newsroom.access.ReadingAccessMiddleware",
    "django_htmx.middleware.HtmxMiddleware",
]

ROOT_URLCONF = "newsroom.urls"
WSGI_APPLICATION = "newsroom.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.template.context_processors.csp",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
            ],
        },
    },
]

# Database: SQLite in DATA_DIR by default; DATABASE_URL (postgres://…) selects PostgreSQL.
DATABASE_URL = env_str("DATABASE_URL")
if DATABASE_URL:
    try:
        default_database = dj_database_url.parse(DATABASE_URL)
    except ValueError as error:
        raise ImproperlyConfigured(f"DATABASE_URL is not a database URL: {error}") from None
else:
    DATA_DIR.mkdir(parents=True, exist_ok=True)
    default_database = {"ENGINE": "django.db.backends.sqlite3", "NAME": DATA_DIR / "db.sqlite3"}

if default_database["ENGINE"] == "django.db.backends.postgresql":
    # psycopg's pool replaces persistent connections; pool size × processes must stay under max_connections.
    default_database["CONN_MAX_AGE"] = 0
    default_database.setdefault("OPTIONS", {})["pool"] = {
        "min_size": env_int("DATABASE_POOL_MIN_SIZE", 1, minimum=0),
        "max_size": env_int("DATABASE_POOL_MAX_SIZE", 4, minimum=1),
        "timeout": env_int("DATABASE_POOL_TIMEOUT", 10, minimum=1),
    }
    default_database.setdefault("TEST", {})["NAME"] = env_str("DATABASE_TEST_NAME", "test_newsroom")
elif default_database["ENGINE"] == "django.db.backends.sqlite3":
    # WAL lets readers go on while the worker writes; IMMEDIATE avoids "database is locked" upgrades.
    default_database.setdefault("OPTIONS", {}).update(
        {
            "transaction_mode": "IMMEDIATE",
            "timeout": 20,
            "init_command": "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL;",
        }
    )
else:
    raise ImproperlyConfigured(f"DATABASE_URL selects {default_database['ENGINE']}; newsroom supports PostgreSQL and SQLite.")

DATABASES = {"default": default_database}
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

# Reader pages, kept per web process once rendered for anonymous readers (newsroom.front.page_cache);
# every process drops them when content changes (newsroom.front.content_changes). The lifetime only
# bounds a change made without save() that forgot to call content_changed(); 0 turns the cache off.
NEWSROOM_PAGE_CACHE_SECONDS = env_int("NEWSROOM_PAGE_CACHE_SECONDS", 600, minimum=0)
CACHES = {
    "default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"},
    # 1,000 pages of 7-26 KB (bench/reading.py's pages at 100k articles): at most about 30 MB per process.
    "pages": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache", "LOCATION": "newsroom-pages",
              "OPTIONS": {"MAX_ENTRIES": env_int("NEWSROOM_PAGE_CACHE_ENTRIES", 1000, minimum=1)}},
}

# Background work: inline by default (one process, nothing else to run); "database" queues it
# for `manage.py db_worker` processes (docker-compose).
TASKS_BACKENDS = {
    "immediate": "django.tasks.backends.immediate.ImmediateBackend",
    "database": "django_tasks_db.DatabaseBackend",
}
_tasks_backend = env_str("NEWSROOM_TASKS", "immediate")
if _tasks_backend not in TASKS_BACKENDS:
    raise ImproperlyConfigured(f"NEWSROOM_TASKS={_tasks_backend!r}; use one of {', '.join(TASKS_BACKENDS)}.")
TASKS = {
    "default": {"BACKEND": TASKS_BACKENDS[_tasks_backend]},
    # Always configured, so tests and tools can queue work for db_worker whatever the default is.
    "database": {"BACKEND": TASKS_BACKENDS["database"]},
}

# What runs on each article after extraction, in order, at upload and on `reprocess`: each is a
# function taking the Article. Quotes come before stories because shared quotes are story evidence.
NEWSROOM_AFTER_EXTRACTION = [
    "newsroom.quotes.recording.record_quotes",
    "newsroom.stories.assignment.assign_story",
    "newsroom.search.models.index_article",
]

# Django's own backend, refusing a username and address pair after too many failed logins.
AUTHENTICATION_BACKENDS = ["newsroom.accounts.throttling.RateLimitedModelBackend"]

AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]

LANGUAGE_CODE = "en-us"
TIME_ZONE = env_str("TIME_ZONE", "UTC")
USE_I18N = True
USE_TZ = True

STATIC_URL = "static/"
STATIC_ROOT = Path(env_str("STATIC_ROOT", str(DATA_DIR / "static")))
STATICFILES_DIRS = [BASE_DIR / "static"]
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {"BACKEND": "whitenoise.storage.CompressedManifestStaticFilesStorage"},
}

LOGIN_URL = "admin:login"
# Off: every page asks for a login (editors add readers as users in the admin).
NEWSROOM_PUBLIC_READING = env_bool("NEWSROOM_PUBLIC_READING", True)

# Uploads: one limit for every path in (admin, import, API); a request may carry several files.
NEWSROOM_MAX_UPLOAD_BYTES = env_int("NEWSROOM_MAX_UPLOAD_BYTES", 20 * 1024 * 1024, minimum=1024)
NEWSROOM_MAX_FILES_PER_UPLOAD = env_int("NEWSROOM_MAX_FILES_PER_UPLOAD", 200, minimum=1)
DATA_UPLOAD_MAX_MEMORY_SIZE = NEWSROOM_MAX_UPLOAD_BYTES + 1024 * 1024
FILE_UPLOAD_MAX_MEMORY_SIZE = 5 * 1024 * 1024
DATA_UPLOAD_MAX_NUMBER_FILES = NEWSROOM_MAX_FILES_PER_UPLOAD
# Extraction of one article stops after this long and the article is kept as failed with the reason.
# 60 s: the slowest real page in the benchmarks takes under 2 s; crafted ones are bounded before parsing.
NEWSROOM_PROCESSING_TIMEOUT_SECONDS = env_int("NEWSROOM_PROCESSING_TIMEOUT_SECONDS", 60, minimum=1)
# Add-by-URL: the server fetches a page for an editor. Private, loopback and link-local addresses are
# refused (SSRF) unless this is on, which only tests and single-machine setups should do.
NEWSROOM_FETCH_ALLOW_PRIVATE = env_bool("NEWSROOM_FETCH_ALLOW_PRIVATE", False)
NEWSROOM_FETCH_TIMEOUT_SECONDS = env_int("NEWSROOM_FETCH_TIMEOUT_SECONDS", 20, minimum=1)
NEWSROOM_FETCH_MAX_REDIRECTS = 5

# Logins: after this many failures for one username from one address, that pair waits out the
# lockout. Counted in the database cache table, so all web processes share the count.
NEWSROOM_LOGIN_MAX_FAILURES = env_int("NEWSROOM_LOGIN_MAX_FAILURES", 5, minimum=1)
NEWSROOM_LOGIN_LOCKOUT_SECONDS = env_int("NEWSROOM_LOGIN_LOCKOUT_SECONDS", 900, minimum=1)

# Article images load from their own (https) hosts; off, readers see a placeholder with the image's
# description and the browser contacts no other host (the CSP then allows only our own images).
NEWSROOM_REMOTE_IMAGES = env_bool("NEWSROOM_REMOTE_IMAGES", True)

# Security headers. Nothing an upload contains may run: scripts and styles only from our own origin.
SECURE_CSP = {
    "default-src": [CSP.NONE],
    "script-src": [CSP.SELF, CSP.NONCE],
    "style-src": [CSP.SELF],
    "img-src": [CSP.SELF, "https:"] if NEWSROOM_REMOTE_IMAGES else [CSP.SELF],
    "font-src": [CSP.SELF],
    "connect-src": [CSP.SELF],
    "form-action": [CSP.SELF],
    "frame-ancestors": [CSP.NONE],
    "base-uri": [CSP.NONE],
}
SECURE_CONTENT_TYPE_NOSNIFF = True
NEWSROOM_RESOURCE_POLICY = "same-origin"
SECURE_REFERRER_POLICY = "same-origin"
SECURE_CROSS_ORIGIN_OPENER_POLICY = "same-origin"
X_FRAME_OPTIONS = "DENY"

NEWSROOM_HTTPS = env_bool("NEWSROOM_HTTPS", False)
if NEWSROOM_HTTPS:
    SECURE_SSL_REDIRECT = env_bool("SECURE_SSL_REDIRECT", True)
    SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
    SECURE_HSTS_SECONDS = env_int("SECURE_HSTS_SECONDS", 31536000, minimum=0)
    SECURE_HSTS_INCLUDE_SUBDOMAINS = True
    # The header only allows preloading; the site owner still chooses whether to submit the domain.
    SECURE_HSTS_PRELOAD = env_bool("SECURE_HSTS_PRELOAD", True)
    SESSION_COOKIE_SECURE = True
    CSRF_COOKIE_SECURE = True

# API: calls without a token allowed per client address ("number/period", period s, min, hour or day,
# e.g. 120/min or 100/5min), counted in the default cache. Browsers' cross-origin requests get no CORS
# headers: other sites' pages cannot read the API.
NEWSROOM_API_ANON_RATE = env_str("NEWSROOM_API_ANON_RATE", "120/min")
if not re.fullmatch(r"[1-9]\d*/\d*(s|sec|m|min|h|hour|d|day)", NEWSROOM_API_ANON_RATE):
    raise ImproperlyConfigured(f"NEWSROOM_API_ANON_RATE={NEWSROOM_API_ANON_RATE!r}; use e.g. 120/min, 100/5min or 5000/day.")

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": env_str("LOG_LEVEL", "WARNING")},
    "loggers": {
        "newsroom": {"level": env_str("LOG_LEVEL", "INFO")},
        # One line per task start and end is noise at import volumes; failures still log as errors.
        "django.tasks": {"level": "WARNING"},
    },
}
