"""Xiezhi settings: every value comes from an ``XIEZHI_*`` environment variable.

Profiles (``XIEZHI_ENV``):
- ``development`` (default): SQLite under ./var, debug on, a fixed development secret.
- ``test``: like development, used by the test suite.
- ``production``: a missing ``XIEZHI_SECRET_KEY`` or ``XIEZHI_ALLOWED_HOSTS`` stops startup, and
  every transport-security setting is on so that ``xiezhi check --deploy`` reports nothing.

See ``.env.example`` for the full list.
"""

from __future__ import annotations

from pathlib import Path

import dj_database_url
from django.core.exceptions import ImproperlyConfigured
from django.utils.translation import gettext_lazy as _

from xiezhi.lib.env import Env

env = Env()

BASE_DIR = Path(__file__).resolve().parent
PROJECT_DIR = BASE_DIR.parent
VAR_DIR = Path(env.str("XIEZHI_VAR_DIR", str(PROJECT_DIR / "var")))

XIEZHI_ENV = env.choice("XIEZHI_ENV", "development", ("development", "test", "production"))
PRODUCTION = XIEZHI_ENV == "production"

_DEV_SECRET = "xiezhi-development-only-secret-key-never-use-in-production-0123456789"  # noqa: S105 — development only; production refuses it
SECRET_KEY = env.str("XIEZHI_SECRET_KEY", required=PRODUCTION) or _DEV_SECRET
if PRODUCTION and (len(SECRET_KEY) < 50 or SECRET_KEY == _DEV_SECRET):
    raise ImproperlyConfigured(
        "XIEZHI_SECRET_KEY must be a random string of at least 50 characters in production."
    )

DEBUG = env.bool("XIEZHI_DEBUG", default=not PRODUCTION)
if PRODUCTION and DEBUG:
    raise ImproperlyConfigured("XIEZHI_DEBUG must be false when XIEZHI_ENV=production.")

ALLOWED_HOSTS = env.list(
    "XIEZHI_ALLOWED_HOSTS", ["127.0.0.1", "localhost", "[::1]", "testserver"], required=PRODUCTION
)
CSRF_TRUSTED_ORIGINS = env.list("XIEZHI_CSRF_TRUSTED_ORIGINS", [])

INSTALLED_APPS = [
    "xiezhi.accounts",
    "xiezhi.courts",
    "xiezhi.audit",
    "xiezhi.cases",
    "xiezhi.fees",
    "xiezhi.documents",
    "xiezhi.filing",
    "xiezhi.hearings",
    "xiezhi.judgments",
    "xiezhi.laws",
    "xiezhi.search",
    "xiezhi.disclosure",
    "xiezhi.assist",
    "xiezhi.web",
    "xiezhi.api",
    "xiezhi.web.admin_site.XiezhiAdminConfig",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "axes",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "xiezhi.web.middleware.CourtLocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "xiezhi.audit.middleware.AuditContextMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "axes.middleware.AxesMiddleware",
]

ROOT_URLCONF = "xiezhi.urls"
WSGI_APPLICATION = "xiezhi.wsgi.application"
ASGI_APPLICATION = "xiezhi.asgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.template.context_processors.i18n",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "xiezhi.web.context.shell",
            ],
        },
    }
]

# --- Database -------------------------------------------------------------------------------
_default_db_url = f"sqlite:///{VAR_DIR / 'xiezhi.sqlite3'}"
_db_url = env.str("XIEZHI_DATABASE_URL", _default_db_url) or _default_db_url
try:
    _db = dj_database_url.parse(_db_url, conn_max_age=env.int("XIEZHI_DB_CONN_MAX_AGE", 0, minimum=0))
except Exception as exc:  # dj_database_url raises several types for a bad URL
    raise ImproperlyConfigured(f"XIEZHI_DATABASE_URL is not a database URL we understand: {exc}") from None
if _db.get("ENGINE") not in ("django.db.backends.sqlite3", "django.db.backends.postgresql"):
    raise ImproperlyConfigured(
        "XIEZHI_DATABASE_URL must point to SQLite (sqlite:///path) or PostgreSQL (postgresql://...)."
    )
if _db["ENGINE"] == "django.db.backends.sqlite3":
    if _db["NAME"] != ":memory:":
        Path(_db["NAME"]).parent.mkdir(parents=True, exist_ok=True)
    # WAL lets the development server read while a command writes; the timeout rides out short locks.
    _db.setdefault("OPTIONS", {}).update({"timeout": 20, "transaction_mode": "IMMEDIATE"})
    _db["OPTIONS"]["init_command"] = "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL;"
DATABASES = {"default": _db}
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

# --- Authentication ---------------------------------------------------------------------------
AUTH_USER_MODEL = "accounts.User"
AUTHENTICATION_BACKENDS = [
    "axes.backends.AxesStandaloneBackend",
    "xiezhi.accounts.backends.IdentifierBackend",
]
PASSWORD_HASHERS = [
    "django.contrib.auth.hashers.Argon2PasswordHasher",
    "django.contrib.auth.hashers.PBKDF2PasswordHasher",
]
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator", "OPTIONS": {"min_length": 10}},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]
LOGIN_URL = "accounts:login"
LOGIN_REDIRECT_URL = "web:workspace"  # the workspace sends litigants and lawyers on to their portal
LOGOUT_REDIRECT_URL = "web:home"

# django-axes: lock an account/address pair after repeated failures (brute-force protection).
AXES_FAILURE_LIMIT = env.int("XIEZHI_LOGIN_FAILURE_LIMIT", 3, minimum=1, maximum=100)
AXES_COOLOFF_TIME = env.int("XIEZHI_LOGIN_COOLOFF_MINUTES", 15, minimum=1) / 60  # hours
AXES_LOCKOUT_PARAMETERS = [["username", "ip_address"]]
AXES_LOCKOUT_CALLABLE = "xiezhi.accounts.lockout.lockout_response"
AXES_RESET_ON_SUCCESS = True
AXES_USERNAME_FORM_FIELD = "username"
AXES_VERBOSE = False
AXES_IPWARE_PROXY_COUNT = env.int("XIEZHI_PROXY_COUNT", 0, minimum=0)

# --- Sessions, cookies, transport security ------------------------------------------------------
SESSION_COOKIE_HTTPONLY = True
SESSION_COOKIE_SAMESITE = "Lax"
SESSION_COOKIE_AGE = env.int("XIEZHI_SESSION_HOURS", 8, minimum=1) * 3600
SESSION_EXPIRE_AT_BROWSER_CLOSE = True
CSRF_COOKIE_HTTPONLY = False  # htmx reads the token from the cookie-free meta tag; the cookie stays same-site
CSRF_COOKIE_SAMESITE = "Lax"
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
SECURE_CROSS_ORIGIN_OPENER_POLICY = "same-origin"
X_FRAME_OPTIONS = "DENY"
if PRODUCTION:
    SESSION_COOKIE_SECURE = True
    CSRF_COOKIE_SECURE = True
    SECURE_SSL_REDIRECT = env.bool("XIEZHI_SECURE_SSL_REDIRECT", True)
    SECURE_HSTS_SECONDS = env.int("XIEZHI_HSTS_SECONDS", 31536000, minimum=0)
    SECURE_HSTS_INCLUDE_SUBDOMAINS = True
    SECURE_HSTS_PRELOAD = env.bool("XIEZHI_HSTS_PRELOAD", True)
    if env.bool("XIEZHI_BEHIND_TLS_PROXY", True):
        SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")

# --- Internationalisation ----------------------------------------------------------------------
LANGUAGE_CODE = "zh-hans"
LANGUAGES = [("zh-hans", "简体中文"), ("en", "English")]
LOCALE_PATHS = [BASE_DIR / "locale"]
LANGUAGE_COOKIE_NAME = "xiezhi_language"
LANGUAGE_COOKIE_SAMESITE = "Lax"
USE_I18N = True
TIME_ZONE = "Asia/Shanghai"
USE_TZ = True

# --- Static and media -------------------------------------------------------------------------
STATIC_URL = "/static/"
STATIC_ROOT = Path(env.str("XIEZHI_STATIC_ROOT", str(VAR_DIR / "static")))
NODE_MODULES = PROJECT_DIR / "node_modules"
# Front-end libraries come from the npm registry at install time (never committed).
STATICFILES_DIRS = [
    BASE_DIR / "static",
    ("vendor/htmx", NODE_MODULES / "htmx.org" / "dist"),
]
MEDIA_URL = "/media/"
MEDIA_ROOT = Path(env.str("XIEZHI_MEDIA_ROOT", str(VAR_DIR / "media")))
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {
        "BACKEND": (
            "whitenoise.storage.CompressedManifestStaticFilesStorage"
            if PRODUCTION
            else "django.contrib.staticfiles.storage.StaticFilesStorage"
        )
    },
}
WHITENOISE_USE_FINDERS = not PRODUCTION
if not PRODUCTION:
    STATIC_ROOT.mkdir(parents=True, exist_ok=True)  # WhiteNoise warns about a missing root otherwise

XIEZHI_UPLOAD_MAX_MB = env.int("XIEZHI_UPLOAD_MAX_MB", 20, minimum=1, maximum=1024)
# Django keeps uploads above this size in a temporary file instead of memory.
FILE_UPLOAD_MAX_MEMORY_SIZE = 5 * 1024 * 1024
DATA_UPLOAD_MAX_MEMORY_SIZE = 10 * 1024 * 1024
if env.str("XIEZHI_S3_BUCKET"):
    # Production option: any S3-compatible object store (pip install 'xiezhi[s3]').
    STORAGES["default"] = {
        "BACKEND": "storages.backends.s3.S3Storage",
        "OPTIONS": {
            "bucket_name": env.str("XIEZHI_S3_BUCKET"),
            "endpoint_url": env.str("XIEZHI_S3_ENDPOINT_URL"),
            "access_key": env.str("XIEZHI_S3_ACCESS_KEY"),
            "secret_key": env.str("XIEZHI_S3_SECRET_KEY"),
            "default_acl": None,
            "querystring_auth": True,
        },
    }

# --- E-mail (electronic service notices) ------------------------------------------------------------
EMAIL_BACKEND = env.str(
    "XIEZHI_EMAIL_BACKEND",
    "django.core.mail.backends.smtp.EmailBackend"
    if PRODUCTION
    else "django.core.mail.backends.console.EmailBackend",
)
EMAIL_HOST = env.str("XIEZHI_EMAIL_HOST", "localhost") or "localhost"
EMAIL_PORT = env.int("XIEZHI_EMAIL_PORT", 25, minimum=1, maximum=65535)
EMAIL_HOST_USER = env.str("XIEZHI_EMAIL_USER", "") or ""
EMAIL_HOST_PASSWORD = env.str("XIEZHI_EMAIL_PASSWORD", "") or ""
EMAIL_USE_TLS = env.bool("XIEZHI_EMAIL_USE_TLS", False)
DEFAULT_FROM_EMAIL = env.str("XIEZHI_EMAIL_FROM", "no-reply@xiezhi.invalid") or "no-reply@xiezhi.invalid"
XIEZHI_SITE_URL = (env.str("XIEZHI_SITE_URL", "") or "").rstrip("/")

# --- Logging -------------------------------------------------------------------------------------
LOG_LEVEL = env.choice("XIEZHI_LOG_LEVEL", "INFO", ("DEBUG", "INFO", "WARNING", "ERROR"))
LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "formatters": {"plain": {"format": "%(asctime)s %(levelname)s %(name)s %(message)s"}},
    "handlers": {"console": {"class": "logging.StreamHandler", "formatter": "plain"}},
    "root": {"handlers": ["console"], "level": LOG_LEVEL},
    "loggers": {"axes": {"level": "WARNING"}},
}

# --- Xiezhi ----------------------------------------------------------------------------------------
XIEZHI_SITE_NAME = _("Xiezhi Smart Court")
XIEZHI_API_TOKEN_DAYS = env.int("XIEZHI_API_TOKEN_DAYS", 90, minimum=1, maximum=3650)
XIEZHI_APPROACHING_DAYS = env.int("XIEZHI_APPROACHING_DAYS", 15, minimum=1, maximum=90)
# Whether a court's own time limit ending on a rest day moves to the next working day (parties'
# periods always do). Practice differs between courts: shared/domain/time-limits.md, example 4.
XIEZHI_COURT_LIMITS_ROLL_FORWARD = env.bool("XIEZHI_COURT_LIMITS_ROLL_FORWARD", False)
# Litigation fees: the final fee is rounded to the fen (0.01 yuan, as in shared/domain/fees.md's
# worked examples), the jiao or the whole yuan; local practice varies (fees.md §2: verify).
XIEZHI_FEE_ROUNDING = env.choice("XIEZHI_FEE_ROUNDING", "fen", ("fen", "jiao", "yuan"))
XIEZHI_DEMO_PASSWORD = env.str("XIEZHI_DEMO_PASSWORD", "xiezhi-demo-2026") or "xiezhi-demo-2026"

# --- Search (xiezhi.search) -----------------------------------------------------------------------
# tantivy: an embedded index in a directory (default); postgres: full-text search in the database
# itself, for deployments on PostgreSQL (see xiezhi/search/README.md).
XIEZHI_SEARCH_BACKEND = env.choice("XIEZHI_SEARCH_BACKEND", "tantivy", ("tantivy", "postgres"))
if XIEZHI_SEARCH_BACKEND == "postgres" and _db["ENGINE"] != "django.db.backends.postgresql":
    raise ImproperlyConfigured(
        "XIEZHI_SEARCH_BACKEND=postgres needs a PostgreSQL database (XIEZHI_DATABASE_URL=postgresql://...); "
        "with SQLite use XIEZHI_SEARCH_BACKEND=tantivy."
    )
_search_dir = env.str("XIEZHI_SEARCH_INDEX_DIR")
# None (the test profile's default): a fresh temporary directory per process, made on first use and
# removed at exit — tests never see or write the development index.
XIEZHI_SEARCH_INDEX_DIR = (
    Path(_search_dir) if _search_dir else (None if XIEZHI_ENV == "test" else VAR_DIR / "search")
)
# Time budget of one search; past it a search answers with what it has, marked partial.
XIEZHI_SEARCH_BUDGET_MS = env.int("XIEZHI_SEARCH_BUDGET_MS", 1000, minimum=1, maximum=60000)
# How a change reaches the index: "background" (default) queues the case and a thread of the same
# process indexes the queue after the request, in batches; "immediate" indexes before the request
# returns (the test profile, so tests see their changes at once). `xiezhi search drain` indexes what
# a stopped process left queued.
XIEZHI_SEARCH_UPDATES = env.choice(
    "XIEZHI_SEARCH_UPDATES",
    "immediate" if XIEZHI_ENV == "test" else "background",
    ("background", "immediate"),
)

# --- Hearings (xiezhi.hearings) ------------------------------------------------------------------------
# Sitting hours a hearing must lie within (one window of one day): "08:30-17:30" by default; a court
# with morning and afternoon sessions sets "08:30-12:00,13:30-17:30".
XIEZHI_HEARING_HOURS = env.str("XIEZHI_HEARING_HOURS", "08:30-17:30") or "08:30-17:30"
try:
    from xiezhi.hearings.rules import parse_hours as _parse_hours  # pure rules, no Django import

    _parse_hours(XIEZHI_HEARING_HOURS)
except ValueError as _exc:
    raise ImproperlyConfigured(f"XIEZHI_HEARING_HOURS: {_exc}") from None

# --- Appeal windows of defendants in custody (xiezhi.documents, xiezhi.judgments) ------------------
# CrimPL Art. 105 ¶4: a period of a person in custody is not extended because its last day is a
# holiday. Whether this reaches the appeal window is unsettled (time-limits.md); on by default.
XIEZHI_CUSTODY_NO_ROLL_FORWARD = env.bool("XIEZHI_CUSTODY_NO_ROLL_FORWARD", True)

# --- Judicial openness (xiezhi.disclosure) -----------------------------------------------------------
# Anonymization policy for publishing judgments (xiezhi.nlp.anonymize): "full" (every private natural
# person hidden; current practice, the default) or "spc2016" (the letter of 法释〔2016〕19号).
# A publication can also be redacted with the other policy per call (the reviewer's page).
XIEZHI_ANONYMIZE_POLICY = env.choice("XIEZHI_ANONYMIZE_POLICY", "full", ("full", "spc2016"))

# --- Intelligent case assistance (xiezhi.assist) ---------------------------------------------------------
# Deviation warning band (偏离度预警): a proposed sentence below the first or above the second percentile
# of the terms of similar decided cases is flagged. "10,90" by default.
_band = env.list("XIEZHI_ASSIST_DEVIATION_BAND", ["10", "90"])
try:
    XIEZHI_ASSIST_DEVIATION_BAND = tuple(int(v) for v in _band)
except ValueError:
    XIEZHI_ASSIST_DEVIATION_BAND = ()
if len(XIEZHI_ASSIST_DEVIATION_BAND) != 2 or not (
    0 <= XIEZHI_ASSIST_DEVIATION_BAND[0] < XIEZHI_ASSIST_DEVIATION_BAND[1] <= 100
):
    raise ImproperlyConfigured(
        "XIEZHI_ASSIST_DEVIATION_BAND must be two percentiles LOW,HIGH with 0 <= LOW < HIGH <= 100 "
        f"(got {','.join(_band)!r})"
    )

if XIEZHI_ENV == "test":
    # Still Argon2, with small work factors so that hundreds of logins in the suite stay fast.
    PASSWORD_HASHERS = ["xiezhi.accounts.hashers.TestArgon2PasswordHasher"]
