"""One settings module, read from environment variables.

With nothing set, Gonghui runs on SQLite inside a data directory and keeps its
generated secrets there, so `gonghui up` works on a fresh machine.
"""

import os
import secrets
from pathlib import Path

import dj_database_url
from django.core.exceptions import ImproperlyConfigured

BASE_DIR = Path(__file__).resolve().parent


def env_bool(name: str, default: bool) -> bool:
    raw = os.environ.get(name)
    if raw is None or raw == "":
        return default
    if raw.lower() in {"1", "true", "yes", "on"}:
        return True
    if raw.lower() in {"0", "false", "no", "off"}:
        return False
    raise ImproperlyConfigured(f"{name} must be true or false, not {raw!r}")


def env_int(name: str, default: int) -> int:
    raw = os.environ.get(name, "")
    try:
        return int(raw) if raw else default
    except ValueError as exc:
        raise ImproperlyConfigured(f"{name} must be an integer, not {raw!r}") from exc


def env_list(name: str, default: list[str]) -> list[str]:
    raw = os.environ.get(name, "")
    return [item.strip() for item in raw.split(",") if item.strip()] if raw else default


# One fixed default, whatever directory a command runs from: a second, silently made
# field key would leave data that the first key cannot read.
DATA_DIR = Path(
    os.environ.get("GONGHUI_DATA_DIR") or Path.home() / ".local" / "share" / "gonghui"
).resolve()


def kept_secret(env_name: str, file_name: str) -> str:
    """The secret from the environment, else one generated once and kept in DATA_DIR."""
    value = os.environ.get(env_name)
    if value:
        return value
    path = DATA_DIR / file_name
    if not path.exists():
        DATA_DIR.mkdir(mode=0o700, parents=True, exist_ok=True)
        path.write_text(secrets.token_urlsafe(50))
        path.chmod(0o600)
    return path.read_text().strip()


DEBUG = env_bool("DEBUG", False)
SECRET_KEY = kept_secret("SECRET_KEY", "secret_key")
# Key for personal data encrypted at rest (AES-GCM) and its keyed look-up hash.
FIELD_ENCRYPTION_KEY = kept_secret("GONGHUI_FIELD_KEY", "field_key")
ALLOWED_HOSTS = env_list("ALLOWED_HOSTS", ["127.0.0.1", "localhost", "[::1]"])
CSRF_TRUSTED_ORIGINS = env_list("CSRF_TRUSTED_ORIGINS", [])

_DATABASE_URL = os.environ.get("DATABASE_URL") or f"sqlite:///{DATA_DIR / 'gonghui.sqlite3'}"
# A PostgreSQL connection is kept a minute by default: opening one costs a request more
# CPU than a list of 50 members asks of the server (bench/RESULTS.md, "API throughput").
# Health checks let a kept connection the server closed be replaced, not fail a request.
_CONN_MAX_AGE = env_int("DATABASE_CONN_MAX_AGE", 60 if _DATABASE_URL.startswith("postgres") else 0)
DATABASES = {
    "default": dj_database_url.parse(
        _DATABASE_URL, conn_max_age=_CONN_MAX_AGE, conn_health_checks=_CONN_MAX_AGE > 0
    )
}
# Test databases are made from the models, not by running every migration (their state
# rendering takes ~30 s of CPU on SQLite per database, more on PostgreSQL, and CI makes
# five). The rows the migrations put in are put in by the tests' conftest with the
# migrations' own functions, and tests/test_migrations.py applies the real migrations to
# an empty database and checks they give the same tables, columns, indexes and rows.
DATABASES["default"]["TEST"] = {"MIGRATE": False}
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    # One file, one writer at a time (issue 23). WAL: readers never wait for the writer,
    # and NORMAL syncs at checkpoints, not at every commit (a power cut may lose the last
    # commits, never the file). IMMEDIATE: a write transaction takes the lock at BEGIN, so
    # it waits in line (`timeout` seconds) instead of failing at once with "database is
    # locked" when a read turns into a write. A 32 MiB page cache (SQLite's default is 2)
    # halves the time an import's last step holds the lock. Writers keep transactions
    # short: the roll-up a federation at a time, imports a chunk at a time.
    DATABASES["default"]["OPTIONS"] = {
        "init_command": "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL; "
        "PRAGMA cache_size=-32768;",
        "transaction_mode": "IMMEDIATE",
        "timeout": 20,
    }
else:
    # No JIT: the platform's queries are pages, counts and look-ups of milliseconds, and a
    # plan that crosses jit_above_cost spent 2.1–2.5 s compiling before it ran (the
    # democracy coverage at province scale, bench/RESULTS.md).
    DATABASES["default"].setdefault("OPTIONS", {}).setdefault("options", "-c jit=off")
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"
# A streaming replica of the primary (issue 13): dashboards, figures' records, list pages
# and exports read from it (core.replica); writes, and a session's reads for
# GONGHUI_REPLICA_STICKY_SECONDS after it wrote, go to the primary. An unreachable
# replica is tried again after GONGHUI_REPLICA_RETRY_SECONDS; meanwhile the primary reads.
if os.environ.get("DATABASE_REPLICA_URL"):
    DATABASES["replica"] = dj_database_url.parse(
        os.environ["DATABASE_REPLICA_URL"],
        conn_max_age=_CONN_MAX_AGE,
        conn_health_checks=_CONN_MAX_AGE > 0,
    )
    if not DATABASES["replica"]["ENGINE"].endswith("postgresql"):
        raise ImproperlyConfigured("DATABASE_REPLICA_URL must be a postgres:// address.")
    DATABASES["replica"]["OPTIONS"] = {
        "connect_timeout": env_int("GONGHUI_REPLICA_CONNECT_TIMEOUT", 2),
        "options": "-c jit=off",
    }
    # Tests create their database on the primary only; streaming copies it to the
    # replica, and tests/replica points this alias at it.
    DATABASES["replica"]["TEST"] = {"MIRROR": "default"}
DATABASE_ROUTERS = ["gonghui.core.replica.ReplicaRouter"]
GONGHUI_REPLICA_STICKY_SECONDS = env_int("GONGHUI_REPLICA_STICKY_SECONDS", 15)
GONGHUI_REPLICA_RETRY_SECONDS = env_int("GONGHUI_REPLICA_RETRY_SECONDS", 30)

INSTALLED_APPS = [
    "gonghui.core",
    "gonghui.orgs",
    "gonghui.accounts",
    "gonghui.members",
    "gonghui.activities",
    "gonghui.workplans",
    "gonghui.outreach",
    "gonghui.communication",
    "gonghui.assistance",
    "gonghui.campaigns",
    "gonghui.stations",
    "gonghui.employment",
    "gonghui.rights",
    "gonghui.welfare",
    "gonghui.competitions",
    "gonghui.innovation",
    "gonghui.honours",
    "gonghui.finance",
    "gonghui.reports",
    "gonghui.web",
    "ninja",
    "django_tasks",
    "django_tasks_db",
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "gonghui.core.security.SecurityHeadersMiddleware",
    "gonghui.core.audit.ClientAddressMiddleware",
    "gonghui.core.replica.StickyPrimaryMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "gonghui.accounts.middleware.IdleTimeoutMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
]

ROOT_URLCONF = "gonghui.urls"
WSGI_APPLICATION = "gonghui.wsgi.application"
TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "django.template.context_processors.i18n",
            ]
        },
    }
]

AUTH_USER_MODEL = "accounts.User"
AUTHENTICATION_BACKENDS = ["gonghui.accounts.backends.UsernameOrPhoneBackend"]
PASSWORD_HASHERS = [
    "django.contrib.auth.hashers.Argon2PasswordHasher",
    "django.contrib.auth.hashers.PBKDF2PasswordHasher",
]
# ASVS V2.1: length over composition, no forced rotation. GONGHUI_PASSWORD_COMPLEXITY
# adds the character-class rule an MLPS assessment may ask for.
AUTH_PASSWORD_VALIDATORS = [
    {
        "NAME": "django.contrib.auth.password_validation.MinimumLengthValidator",
        "OPTIONS": {"min_length": 12},
    },
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]
if env_bool("GONGHUI_PASSWORD_COMPLEXITY", False):
    AUTH_PASSWORD_VALIDATORS.append({"NAME": "gonghui.accounts.passwords.CharacterClassValidator"})
LOGIN_URL = "login"
LOGIN_REDIRECT_URL = "home"

# Two factors for federation staff and administrators (issue 2, MLPS level 3).
GONGHUI_REQUIRE_2FA = env_bool("GONGHUI_REQUIRE_2FA", True)
# An account's failed logins slow the next try, never lock the owner out: after
# LOGIN_FAILURE_LIMIT failures within the window, each try waits 1, 2, 4 ... seconds after
# the last failure, up to LOGIN_DELAY_MAX_SECONDS (accounts.services).
LOGIN_FAILURE_LIMIT = env_int("GONGHUI_LOGIN_FAILURE_LIMIT", 5)
LOGIN_FAILURE_WINDOW_MINUTES = env_int("GONGHUI_LOGIN_FAILURE_WINDOW_MINUTES", 15)
LOGIN_DELAY_MAX_SECONDS = env_int("GONGHUI_LOGIN_DELAY_MAX_SECONDS", 60)
# Per client address (core.throttle): (tries, window in seconds); 0 tries turns one off.
# Counted in the default cache, which every server process must share: Redis when
# GONGHUI_CACHE_URL names one (redis://host:6379/0, the production setup; pip install
# 'gonghui[redis]'), else files in the data directory, so the embedded setup needs no
# other service and gunicorn's workers still count together.
CACHE_URL = os.environ.get("GONGHUI_CACHE_URL", "")
if CACHE_URL and not CACHE_URL.startswith(("redis://", "rediss://", "unix://")):
    raise ImproperlyConfigured(
        "GONGHUI_CACHE_URL must be a redis:// (or rediss://, "
        "unix://) address, or unset for the file cache."
    )
CACHES = {
    "default": (
        {"BACKEND": "django.core.cache.backends.redis.RedisCache", "LOCATION": CACHE_URL}
        if CACHE_URL
        else {
            "BACKEND": "django.core.cache.backends.filebased.FileBasedCache",
            "LOCATION": str(DATA_DIR / "cache"),
        }
    )
}
THROTTLE_CACHE = "default"
THROTTLES = {
    "login": (
        env_int("GONGHUI_LOGIN_ADDRESS_LIMIT", 20),  # failed logins, any user names
        env_int("GONGHUI_LOGIN_ADDRESS_WINDOW_MINUTES", 15) * 60,
    ),
    "join": (
        env_int("GONGHUI_JOIN_ADDRESS_LIMIT", 10),  # join forms submitted
        env_int("GONGHUI_JOIN_ADDRESS_WINDOW_MINUTES", 60) * 60,
    ),
    # The join form's pickers (place, employer, union preview): one look-up per typed pause.
    "join_lookup": (env_int("GONGHUI_JOIN_LOOKUP_LIMIT", 600), 10 * 60),
}
# Reverse proxies in front of the server whose X-Forwarded-For can be trusted (0: none).
TRUSTED_PROXY_COUNT = env_int("GONGHUI_TRUSTED_PROXIES", 0)

SESSION_COOKIE_AGE = env_int("GONGHUI_IDLE_TIMEOUT_SECONDS", 30 * 60)
# Idle timeout: the session is saved again at most once a minute by
# accounts.middleware.IdleTimeoutMiddleware, not on every request (a write per page view).
SESSION_SAVE_EVERY_REQUEST = False
SESSION_COOKIE_HTTPONLY = True
SESSION_COOKIE_SAMESITE = "Lax"
SECURE_CONTENT_TYPE_NOSNIFF = True
X_FRAME_OPTIONS = "DENY"
SECURE_REFERRER_POLICY = "same-origin"  # Django's default, stated: tests/test_security_headers.py
HTTPS = env_bool("GONGHUI_HTTPS", False)
if HTTPS:
    SESSION_COOKIE_SECURE = True
    CSRF_COOKIE_SECURE = True
    SECURE_SSL_REDIRECT = env_bool("GONGHUI_SSL_REDIRECT", True)
    SECURE_HSTS_SECONDS = env_int("GONGHUI_HSTS_SECONDS", 31536000)
    SECURE_HSTS_INCLUDE_SUBDOMAINS = True
    SECURE_HSTS_PRELOAD = env_bool("GONGHUI_HSTS_PRELOAD", True)
    SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")

LANGUAGE_CODE = "zh-hans"
LANGUAGES = [("zh-hans", "简体中文"), ("en", "English")]
LOCALE_PATHS = [BASE_DIR / "locale"]
USE_I18N = True
TIME_ZONE = "Asia/Shanghai"
USE_TZ = True

STATIC_URL = "/static/"
STATIC_ROOT = DATA_DIR / "static"
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {
        "BACKEND": "whitenoise.storage.CompressedManifestStaticFilesStorage"
        # `gonghui serve` turns this on after collectstatic; tests and runserver leave it off.
        if env_bool("GONGHUI_MANIFEST_STATIC", False)
        else "django.contrib.staticfiles.storage.StaticFilesStorage"
    },
}
MEDIA_ROOT = DATA_DIR / "media"
# Uploads hold personal data (aid evidence, registers with ID numbers): readable by the
# server's user only. `gonghui` also sets umask 077, for the database file and the rest.
FILE_UPLOAD_PERMISSIONS = 0o600
FILE_UPLOAD_DIRECTORY_PERMISSIONS = 0o700
# Limits on uploads (core.uploads), checked in the request: any file's size, what an .xlsx
# expands to when opened, and the data rows an import reads.
GONGHUI_UPLOAD_MAX_MB = env_int("GONGHUI_UPLOAD_MAX_MB", 20)
GONGHUI_WORKBOOK_MAX_MB = env_int("GONGHUI_WORKBOOK_MAX_MB", 200)
GONGHUI_IMPORT_MAX_ROWS = env_int("GONGHUI_IMPORT_MAX_ROWS", 200_000)
FILE_UPLOAD_HANDLERS = [
    "gonghui.core.uploads.CappedUploadHandler",  # keeps nothing past GONGHUI_UPLOAD_MAX_MB
    "django.core.files.uploadhandler.MemoryFileUploadHandler",
    "django.core.files.uploadhandler.TemporaryFileUploadHandler",
]

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": os.environ.get("LOG_LEVEL", "WARNING")},
}

NINJA_PAGINATION_PER_PAGE = 50
# The largest page a list API gives (the OpenAPI document states it): a caller wanting
# more pages through them, or uses the page's export.
NINJA_PAGINATION_MAX_LIMIT = 500

# Background jobs (imports, report generation): rows in the database, run by
# `gonghui db_worker`, which `gonghui serve` starts beside the web server.
TASKS = {
    "default": {
        "BACKEND": os.environ.get("GONGHUI_TASKS_BACKEND", "django_tasks_db.DatabaseBackend")
    }
}

# Maps: a Leaflet tile URL template (Tianditu, an intranet tile server); empty = the
# offline basemap of region outlines shipped with the project. Say if its tiles are GCJ-02.
GONGHUI_TILE_URL = os.environ.get("GONGHUI_TILE_URL", "")
GONGHUI_TILE_GCJ02 = env_bool("GONGHUI_TILE_GCJ02", False)
GONGHUI_TILE_ATTRIBUTION = os.environ.get("GONGHUI_TILE_ATTRIBUTION", "")

# SMS to members who opted in (communication/sms.py): the operator's gateway URL and key;
# empty URL = no SMS is sent at all. Rate in texts a second; retries of a failed text.
GONGHUI_SMS_URL = os.environ.get("GONGHUI_SMS_URL", "")
GONGHUI_SMS_KEY = os.environ.get("GONGHUI_SMS_KEY", "")
GONGHUI_SMS_RATE = float(os.environ.get("GONGHUI_SMS_RATE", "20"))
GONGHUI_SMS_RETRIES = int(os.environ.get("GONGHUI_SMS_RETRIES", "3"))
GONGHUI_SMS_BACKOFF = float(os.environ.get("GONGHUI_SMS_BACKOFF", "2"))
GONGHUI_SMS_TIMEOUT = float(os.environ.get("GONGHUI_SMS_TIMEOUT", "10"))
