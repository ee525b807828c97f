"""PlantWeb settings. Every deployment knob is an environment variable with a safe local default.

DJANGO_DEBUG                 "1" for development error pages and insecure cookies (default off).
DJANGO_SECRET_KEY            Signs sessions and CSRF tokens; required unless DJANGO_DEBUG=1.
DJANGO_ALLOWED_HOSTS         Comma-separated host names served (default "localhost,127.0.0.1").
DJANGO_CSRF_TRUSTED_ORIGINS  Comma-separated origins allowed to POST (https://plantweb.example.com).
DJANGO_SECURE_COOKIES        "1": session and CSRF cookies only over HTTPS (default: not DEBUG).
DJANGO_SECURE_SSL_REDIRECT   "1" to redirect HTTP to HTTPS (default off: usually the proxy does it).
DJANGO_SECURE_HSTS_SECONDS   Strict-Transport-Security max-age in seconds (default 0: not sent).
DJANGO_SECURE_HSTS_PRELOAD   "1" adds preload to it, for browsers' HSTS preload lists (default off).
DJANGO_SECURE_PROXY_SSL      "1" to trust X-Forwarded-Proto from the reverse proxy (default off).
DJANGO_LOG_LEVEL             Log level of PlantWeb's own loggers (default INFO).
PLANTWEB_DATA_DIR            SQLite database and collected static files (default <repo>/var).
DATABASE_URL                 postgres://user:pass@host:5432/name (default: SQLite in the data dir).
CELERY_BROKER_URL            Redis URL of the job queue (default redis://127.0.0.1:6379/0).
PLANTUML_URL                 Base URL of the PlantUML server (default http://127.0.0.1:8080/plantuml).
PLANTWEB_MODEL               The GPU worker's model: hub id or local directory (unset: jobs fail).
PLANTWEB_ADAPTER             Optional peft adapter on PLANTWEB_MODEL: a hub id or a local directory.
PLANTWEB_MAX_NEW_TOKENS      Most tokens the model may write for one diagram (default: the
                             type's limit in the model's plantweb.json, max_new_tokens_by_type,
                             else its max_new_tokens, else 1536).
PLANTWEB_REPAIR_BUDGET       Candidates validate-and-repair may generate and check for one
                             diagram (default 8; 1 keeps the first answer, repaired if needed).
PLANTWEB_GENERATION_BATCH    Most queued jobs the generation worker takes at once and writes in
                             one batched model call (default 8; 1 takes one job at a time).
PLANTWEB_BATCH_WAIT_MS       How long, in milliseconds, the worker waits for a batch to fill when
                             fewer jobs are queued (default 200; 0 takes what is queued now).
PLANTWEB_SCENARIO_MAX_CHARS  Longest scenario accepted, in characters (default 20000).
PLANTWEB_CODE_MAX_CHARS      Longest edited PlantUML code accepted, in characters (default 50000).
PLANTWEB_RENDER_TIMEOUT      Seconds to wait for the PlantUML server on each request (default 10).
PLANTWEB_RENDER_RETRIES      Retries after a failed PlantUML request, with backoff (default 2).
PLANTWEB_RENDER_MAX_CHARS    Longest code sent to the PlantUML server, in characters (default 50000)
PLANTWEB_RENDER_CACHE        "0" turns off the render cache, which reuses the images of code
                             already drawn by the same renderer (default on).
PLANTWEB_RENDERER_VERSION    The PlantUML release the server runs, part of each cached image's
                             key: change it with the release (default 1.2026.8).
PLANTWEB_WARM_MODEL          "1" on the GPU worker to load the model when the worker starts.
CACHE_URL                    Cache holding API rate limits: a redis:// URL, or "locmem://" for each
                             process's own memory (default: CELERY_BROKER_URL when it is Redis).
PLANTWEB_API_SUBMIT_RATE     API scenarios and refine requests per user (default "30/min").
PLANTWEB_API_RENDER_RATE     API renders of code (render-only jobs, code edits) per user
                             (default "120/min"). Rates are N/sec, N/min, N/hour or N/day. The
                             web forms count against the same two rates.
PLANTWEB_LEASE_SECONDS       How long a running job is held without its worker's heartbeat before
                             the reaper puts it back in the queue (default 60).
PLANTWEB_REAPER_INTERVAL     Seconds between the workers' checks for lost and stopped jobs, and
                             between their heartbeats (default 15).
PLANTWEB_REQUEUE_AFTER       Seconds a queued job may wait with no message in the broker before
                             the reaper sends it again (default 120).
PLANTWEB_RENDERER_WAIT_MINUTES  How long a job waits, retrying with back-off, for a PlantUML
                             server that does not answer before it fails (default 10).
PLANTWEB_GENERATION_TIME_LIMIT  Seconds one generation (a whole batch) may take before its jobs
                             fail (default 900).
PLANTWEB_BROKER_VISIBILITY_TIMEOUT  Seconds Redis keeps a delivered, unacknowledged message before
                             it delivers it again (default 3600; above the task time limits).
PLANTWEB_MAX_JOBS_IN_FLIGHT  Jobs one user may have queued or running at once (default 5).
PLANTWEB_MAX_RENDERS_IN_FLIGHT  Of those, diagrams one user may have waiting for the PlantUML
                             server or being drawn by it (default 3).
PLANTWEB_QUOTA_DIAGRAMS      Diagrams one user may keep (default 1000).
PLANTWEB_QUOTA_VERSIONS      Versions one diagram may keep (default 100).
PLANTWEB_QUOTA_BYTES         Code and images one user may keep, in bytes (default 200000000).
                             0 turns any of these limits off.
PLANTWEB_LOGIN_FAILURES_PER_ACCOUNT  Failed log-ins that lock an account for the window (default 5).
PLANTWEB_LOGIN_FAILURES_PER_ADDRESS  Failed log-ins that lock a client address (default 30).
PLANTWEB_LOGIN_LOCKOUT_SECONDS       The window failures are counted over (default 900).
PLANTWEB_SIGNUPS_PER_HOUR    Sign-ups and password-reset requests per client address (default 10).
PLANTWEB_TRUSTED_PROXIES     Reverse proxies in front that append X-Forwarded-For (default 0:
                             the client address is the connection's).
EMAIL_HOST, EMAIL_PORT, EMAIL_HOST_USER, EMAIL_HOST_PASSWORD, EMAIL_USE_TLS, EMAIL_USE_SSL,
DEFAULT_FROM_EMAIL           SMTP server for password-reset mail; without EMAIL_HOST, mail is
                             written to the web server's output (console backend).
"""

import os
from pathlib import Path

import dj_database_url
from django.core.exceptions import ImproperlyConfigured

BASE_DIR = Path(__file__).resolve().parent.parent


def envbool(name: str, default: bool) -> bool:
    value = os.environ.get(name, "").strip().lower()
    if not value:
        return default
    if value in ("1", "true", "yes", "on"):
        return True
    if value in ("0", "false", "no", "off"):
        return False
    raise ImproperlyConfigured(f"{name} must be 1 or 0 (got {value!r})")


def envint(name: str, default: int | None) -> int | None:
    value = os.environ.get(name, "").strip()
    if not value:
        return default
    try:
        return int(value)
    except ValueError:
        raise ImproperlyConfigured(f"{name} must be a whole number (got {value!r})") from None


def envfloat(name: str, default: float) -> float:
    value = os.environ.get(name, "").strip()
    if not value:
        return default
    try:
        return float(value)
    except ValueError:
        raise ImproperlyConfigured(f"{name} must be a number (got {value!r})") from None


def envlist(name: str, default: str = "") -> list[str]:
    return [item.strip() for item in os.environ.get(name, default).split(",") if item.strip()]


DEBUG = envbool("DJANGO_DEBUG", False)

SECRET_KEY = os.environ.get("DJANGO_SECRET_KEY", "")
if not SECRET_KEY:
    if not DEBUG:
        raise ImproperlyConfigured(
            "Set DJANGO_SECRET_KEY (a long random string), or DJANGO_DEBUG=1 for local development."
        )
    SECRET_KEY = "insecure-development-key-never-use-in-production"

ALLOWED_HOSTS = envlist("DJANGO_ALLOWED_HOSTS", "localhost,127.0.0.1")
CSRF_TRUSTED_ORIGINS = envlist("DJANGO_CSRF_TRUSTED_ORIGINS")

DATA_DIR = Path(os.environ.get("PLANTWEB_DATA_DIR") or BASE_DIR / "var")

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "whitenoise.runserver_nostatic",
    "django.contrib.staticfiles",
    "rest_framework",
    "drf_spectacular",
    "drf_spectacular_sidecar",
    "accounts",
    "diagrams",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "plantweb.security.ContentSecurityPolicyMiddleware",
]

ROOT_URLCONF = "plantweb.urls"
WSGI_APPLICATION = "plantweb.wsgi.application"

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
            ],
        },
    },
]

DATABASES = {
    "default": dj_database_url.config(
        default=f"sqlite:///{DATA_DIR / 'plantweb.sqlite3'}", conn_max_age=60
    )
}
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    DATA_DIR.mkdir(parents=True, exist_ok=True)
    # SQLite is shared by the web server and both workers: wait for locks instead of failing.
    DATABASES["default"]["CONN_MAX_AGE"] = 0
    DATABASES["default"].setdefault("OPTIONS", {}).update(
        {"timeout": 20, "transaction_mode": "IMMEDIATE", "init_command": "PRAGMA journal_mode=WAL;"}
    )

DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]
# Password-reset mail: an SMTP server when one is named, else printed to the web server's log.
EMAIL_HOST = os.environ.get("EMAIL_HOST", "")
EMAIL_BACKEND = (
    "django.core.mail.backends.smtp.EmailBackend"
    if EMAIL_HOST
    else "django.core.mail.backends.console.EmailBackend"
)
EMAIL_PORT = envint("EMAIL_PORT", 587)
EMAIL_HOST_USER = os.environ.get("EMAIL_HOST_USER", "")
EMAIL_HOST_PASSWORD = os.environ.get("EMAIL_HOST_PASSWORD", "")
EMAIL_USE_SSL = envbool("EMAIL_USE_SSL", False)
EMAIL_USE_TLS = envbool("EMAIL_USE_TLS", not EMAIL_USE_SSL)
EMAIL_TIMEOUT = 10
DEFAULT_FROM_EMAIL = os.environ.get("DEFAULT_FROM_EMAIL") or "PlantWeb <plantweb@localhost>"

# Slowing down password guessing and mass sign-ups (accounts/login_limits.py); 0 turns one off.
PLANTWEB_LOGIN_FAILURES_PER_ACCOUNT = envint("PLANTWEB_LOGIN_FAILURES_PER_ACCOUNT", 5)
PLANTWEB_LOGIN_FAILURES_PER_ADDRESS = envint("PLANTWEB_LOGIN_FAILURES_PER_ADDRESS", 30)
PLANTWEB_LOGIN_LOCKOUT_SECONDS = envint("PLANTWEB_LOGIN_LOCKOUT_SECONDS", 900)
PLANTWEB_SIGNUPS_PER_HOUR = envint("PLANTWEB_SIGNUPS_PER_HOUR", 10)
PLANTWEB_TRUSTED_PROXIES = envint("PLANTWEB_TRUSTED_PROXIES", 0)

LOGIN_URL = "login"
LOGIN_REDIRECT_URL = "home"
LOGOUT_REDIRECT_URL = "login"

LANGUAGE_CODE = "en-us"
TIME_ZONE = "UTC"
USE_I18N = True
USE_TZ = True

STATIC_URL = "static/"
STATIC_ROOT = DATA_DIR / "static"
STATICFILES_DIRS = [BASE_DIR / "static"]
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    # Compressed but not renamed: pages work whether or not collectstatic has run.
    "staticfiles": {"BACKEND": "whitenoise.storage.CompressedStaticFilesStorage"},
}
# Without collectstatic (local runs, tests) whitenoise serves the files from STATICFILES_DIRS.
WHITENOISE_USE_FINDERS = True
try:
    STATIC_ROOT.mkdir(parents=True, exist_ok=True)
except OSError:
    pass  # A read-only deployment has run collectstatic into it already.

# Security headers; the cookie and HTTPS settings follow DEBUG unless the deployment says otherwise.
SESSION_COOKIE_SECURE = envbool("DJANGO_SECURE_COOKIES", not DEBUG)
CSRF_COOKIE_SECURE = SESSION_COOKIE_SECURE
SESSION_COOKIE_HTTPONLY = True
SECURE_SSL_REDIRECT = envbool("DJANGO_SECURE_SSL_REDIRECT", False)
SECURE_HSTS_SECONDS = envint("DJANGO_SECURE_HSTS_SECONDS", 0)
SECURE_HSTS_INCLUDE_SUBDOMAINS = SECURE_HSTS_SECONDS > 0
SECURE_HSTS_PRELOAD = envbool("DJANGO_SECURE_HSTS_PRELOAD", False)
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
X_FRAME_OPTIONS = "DENY"
# Sent with every HTML page (plantweb/security.py says why each source is there).
CONTENT_SECURITY_POLICY = "; ".join(
    [
        "default-src 'self'",
        "script-src 'self'",
        "style-src 'self' 'unsafe-inline'",
        "img-src 'self' data:",
        "font-src 'self' data:",
        "connect-src 'self'",
        "object-src 'none'",
        "base-uri 'self'",
        "form-action 'self'",
        "frame-ancestors 'none'",
    ]
)
if envbool("DJANGO_SECURE_PROXY_SSL", False):
    SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")

# Jobs
CELERY_BROKER_URL = os.environ.get("CELERY_BROKER_URL", "redis://127.0.0.1:6379/0")
# A running job's worker renews its lease every third of it; the workers' reaper puts back jobs
# whose lease ran out (worker killed, machine lost) and re-sends queued jobs whose message is gone.
PLANTWEB_LEASE_SECONDS = envfloat("PLANTWEB_LEASE_SECONDS", 60)
PLANTWEB_REAPER_INTERVAL = envfloat("PLANTWEB_REAPER_INTERVAL", 15)
PLANTWEB_REQUEUE_AFTER = envfloat("PLANTWEB_REQUEUE_AFTER", 120)
PLANTWEB_RENDERER_WAIT_MINUTES = envfloat("PLANTWEB_RENDERER_WAIT_MINUTES", 10)
PLANTWEB_GENERATION_TIME_LIMIT = envfloat("PLANTWEB_GENERATION_TIME_LIMIT", 900)
for _name in (
    "PLANTWEB_LEASE_SECONDS",
    "PLANTWEB_REAPER_INTERVAL",
    "PLANTWEB_GENERATION_TIME_LIMIT",
):
    if globals()[_name] <= 0:
        raise ImproperlyConfigured(f"{_name} must be more than 0")
# Celery's own limits sit above the pipeline's bound, which fails the job with a message first;
# they stop a task stuck past it in pools that enforce them (prefork).
CELERY_TASK_SOFT_TIME_LIMIT = PLANTWEB_GENERATION_TIME_LIMIT + 60
CELERY_TASK_TIME_LIMIT = PLANTWEB_GENERATION_TIME_LIMIT + 120
# Redis gives an unacknowledged message to another worker after this long, so it must be longer
# than any task runs; lost jobs come back sooner through the leases.
PLANTWEB_BROKER_VISIBILITY_TIMEOUT = envfloat("PLANTWEB_BROKER_VISIBILITY_TIMEOUT", 3600)
if PLANTWEB_BROKER_VISIBILITY_TIMEOUT <= CELERY_TASK_TIME_LIMIT:
    raise ImproperlyConfigured(
        "PLANTWEB_BROKER_VISIBILITY_TIMEOUT must be longer than PLANTWEB_GENERATION_TIME_LIMIT"
        f" + 120 s ({CELERY_TASK_TIME_LIMIT:g} s)"
    )
CELERY_BROKER_TRANSPORT_OPTIONS = {"visibility_timeout": PLANTWEB_BROKER_VISIBILITY_TIMEOUT}

# Model, generation and rendering
PLANTUML_URL = os.environ.get("PLANTUML_URL", "http://127.0.0.1:8080/plantuml")
PLANTWEB_MODEL = os.environ.get("PLANTWEB_MODEL", "")
PLANTWEB_ADAPTER = os.environ.get("PLANTWEB_ADAPTER", "")
# None leaves it to the model directory's plantweb.json: the type's limit, else the model's,
# else the generation default, 1536.
PLANTWEB_MAX_NEW_TOKENS = envint("PLANTWEB_MAX_NEW_TOKENS", None)
PLANTWEB_REPAIR_BUDGET = envint("PLANTWEB_REPAIR_BUDGET", 8)
if PLANTWEB_REPAIR_BUDGET < 1:
    raise ImproperlyConfigured("PLANTWEB_REPAIR_BUDGET must be at least 1")
PLANTWEB_GENERATION_BATCH = envint("PLANTWEB_GENERATION_BATCH", 8)
if PLANTWEB_GENERATION_BATCH < 1:
    raise ImproperlyConfigured("PLANTWEB_GENERATION_BATCH must be at least 1")
PLANTWEB_BATCH_WAIT_MS = envint("PLANTWEB_BATCH_WAIT_MS", 200)
if PLANTWEB_BATCH_WAIT_MS < 0:
    raise ImproperlyConfigured("PLANTWEB_BATCH_WAIT_MS must not be negative")
PLANTWEB_SCENARIO_MAX_CHARS = envint("PLANTWEB_SCENARIO_MAX_CHARS", 20000)
PLANTWEB_CODE_MAX_CHARS = envint("PLANTWEB_CODE_MAX_CHARS", 50000)
PLANTWEB_RENDER_TIMEOUT = envint("PLANTWEB_RENDER_TIMEOUT", 10)
PLANTWEB_RENDER_RETRIES = envint("PLANTWEB_RENDER_RETRIES", 2)
# The longest code sent to the PlantUML server; longer code fails its job with a clear message.
PLANTWEB_RENDER_MAX_CHARS = envint("PLANTWEB_RENDER_MAX_CHARS", 50000)
# Images are reused for the same code on the same renderer; a new PlantUML release needs a
# new version string so that its drawings replace the old ones.
PLANTWEB_RENDER_CACHE = envbool("PLANTWEB_RENDER_CACHE", True)
PLANTWEB_RENDERER_VERSION = os.environ.get("PLANTWEB_RENDERER_VERSION", "1.2026.8").strip()

# Cache: rate limits must be shared by every web process, so Redis whenever there is one.
CACHE_URL = os.environ.get("CACHE_URL", "").strip() or (
    CELERY_BROKER_URL if CELERY_BROKER_URL.startswith(("redis://", "rediss://")) else "locmem://"
)
if CACHE_URL.startswith(("redis://", "rediss://")):
    CACHES = {
        "default": {
            "BACKEND": "django.core.cache.backends.redis.RedisCache",
            "LOCATION": CACHE_URL,
            # The broker's Redis may be shared: keep cache keys apart from the job queue's.
            "KEY_PREFIX": "plantweb-cache",
            "OPTIONS": {"socket_connect_timeout": 2, "socket_timeout": 2},
        }
    }
elif CACHE_URL.startswith("locmem://"):
    CACHES = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}}
else:
    raise ImproperlyConfigured(f"CACHE_URL must be redis://... or locmem:// (got {CACHE_URL!r})")

# REST API
PLANTWEB_API_SUBMIT_RATE = os.environ.get("PLANTWEB_API_SUBMIT_RATE") or "30/min"
PLANTWEB_API_RENDER_RATE = os.environ.get("PLANTWEB_API_RENDER_RATE") or "120/min"

# Fair use, in the web forms and the API alike; 0 turns a limit off.
PLANTWEB_MAX_JOBS_IN_FLIGHT = envint("PLANTWEB_MAX_JOBS_IN_FLIGHT", 5)
PLANTWEB_MAX_RENDERS_IN_FLIGHT = envint("PLANTWEB_MAX_RENDERS_IN_FLIGHT", 3)
PLANTWEB_QUOTA_DIAGRAMS = envint("PLANTWEB_QUOTA_DIAGRAMS", 1000)
PLANTWEB_QUOTA_VERSIONS = envint("PLANTWEB_QUOTA_VERSIONS", 100)
PLANTWEB_QUOTA_BYTES = envint("PLANTWEB_QUOTA_BYTES", 200_000_000)
REST_FRAMEWORK = {
    "DEFAULT_AUTHENTICATION_CLASSES": [
        "accounts.authentication.ApiTokenAuthentication",
        "rest_framework.authentication.SessionAuthentication",
    ],
    "DEFAULT_PERMISSION_CLASSES": ["rest_framework.permissions.IsAuthenticated"],
    "DEFAULT_PARSER_CLASSES": ["diagrams.api.parsers.JSONParser"],
    "DEFAULT_RENDERER_CLASSES": ["rest_framework.renderers.JSONRenderer"],
    "DEFAULT_SCHEMA_CLASS": "drf_spectacular.openapi.AutoSchema",
    "EXCEPTION_HANDLER": "diagrams.api.errors.exception_handler",
}
SPECTACULAR_SETTINGS = {
    "TITLE": "PlantWeb API",
    "DESCRIPTION": (
        "Turns a written scenario into a PlantUML diagram. Jobs run in the background: submit, "
        "then poll the diagram's URL until its status is done or failed. Authenticate with "
        "`Authorization: Token <key>` (create keys on the API tokens page)."
    ),
    "VERSION": "1",
    "SERVE_INCLUDE_SCHEMA": False,
    "SCHEMA_PATH_PREFIX": "/api/v1",
    "COMPONENT_SPLIT_REQUEST": True,
    "COMPONENT_SPLIT_PATCH": False,
    # Every integer in an API path is a diagram id.
    "PATH_CONVERTER_OVERRIDES": {"int": {"type": "integer", "minimum": 1}},
    "SWAGGER_UI_DIST": "SIDECAR",
    "SWAGGER_UI_FAVICON_HREF": "SIDECAR",
    "ENUM_NAME_OVERRIDES": {
        "DiagramStatusEnum": "diagrams.models.Diagram.Status",
        "DiagramTypeEnum": "diagrams.models.TYPE_CHOICES",
        "RequestedTypeEnum": "diagrams.models.REQUESTED_TYPE_CHOICES",
        "VersionSourceEnum": "diagrams.models.DiagramVersion.Source",
    },
}

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "formatters": {"plain": {"format": "%(asctime)s %(levelname)s %(name)s: %(message)s"}},
    "handlers": {"console": {"class": "logging.StreamHandler", "formatter": "plain"}},
    "root": {"handlers": ["console"], "level": "WARNING"},
    "loggers": {
        "diagrams": {"level": os.environ.get("DJANGO_LOG_LEVEL", "INFO")},
        "plantweb": {"level": os.environ.get("DJANGO_LOG_LEVEL", "INFO")},
    },
}
