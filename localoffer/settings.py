"""Settings for localoffer, read from the environment.

LOCALOFFER_ENVIRONMENT chooses the defaults: `local` (a developer's or demo machine, the default),
`test` (the test suite), or `production`. Production refuses to start without its secrets and turns on
every protection; the other environments keep the same code paths and relax only what plain HTTP on
a developer's machine cannot do (secure-only cookies, HTTPS redirects) and the staff second factor,
which can be switched on anywhere with LOCALOFFER_STAFF_TWO_FACTOR=true.
"""

from __future__ import annotations

import re
from datetime import timedelta
from pathlib import Path

import dj_database_url
from django.core.exceptions import ImproperlyConfigured
from django.utils.csp import CSP

from localoffer.env import Env

BASE_DIR = Path(__file__).resolve().parent.parent
env = Env()

ENVIRONMENT = env.choice("LOCALOFFER_ENVIRONMENT", "local", ("local", "test", "production"))
PRODUCTION = ENVIRONMENT == "production"
TESTING = ENVIRONMENT == "test"

DEBUG = env.boolean("DEBUG", False)
if PRODUCTION and DEBUG:
    raise ImproperlyConfigured("DEBUG must not be true when LOCALOFFER_ENVIRONMENT is production.")

_LOCAL_ONLY_KEY = "local-only-not-secret-3c1f0b7e5d9a4e6f8b2c7d1e0f9a8b7c6d5e4f3a2b1c0d9e8f7a6b5c4d3e2f1"
if PRODUCTION:
    SECRET_KEY = env.string("SECRET_KEY", required=True)
    if len(SECRET_KEY) < 50 or SECRET_KEY == _LOCAL_ONLY_KEY or len(set(SECRET_KEY)) < 5:
        raise ImproperlyConfigured(
            "SECRET_KEY must be at least 50 random characters in production, and not the local key."
        )
    ALLOWED_HOSTS = env.strings("ALLOWED_HOSTS", [])
    if not ALLOWED_HOSTS:
        raise ImproperlyConfigured(
            "ALLOWED_HOSTS must be set in production, for example 'localoffer.example.gov.uk'."
        )
else:
    SECRET_KEY = env.string("SECRET_KEY", _LOCAL_ONLY_KEY)
    ALLOWED_HOSTS = env.strings("ALLOWED_HOSTS", ["127.0.0.1", "localhost", "[::1]", "testserver"])

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "whitenoise.runserver_nostatic",
    "django.contrib.staticfiles",
    # The search's tsvector field, queries and trigram look-ups on PostgreSQL (inert on SQLite).
    "django.contrib.postgres",
    "axes",
    "django_otp",
    "django_ratelimit",
    "django_otp.plugins.otp_totp",
    "rules.apps.AutodiscoverRulesConfig",
    "simple_history",
    "django_tasks_db",
    "localoffer.core",
    "localoffer.accounts",
    "localoffer.audit",
    "localoffer.teams",
    "localoffer.people",
    "localoffer.directory",
    "localoffer.feedback",
    "localoffer.referrals",
    "localoffer.grants",
    "localoffer.earlyhelp",
    "localoffer.transitions",
    "localoffer.places",
    "localoffer.packages",
    "localoffer.casework",
    "localoffer.council",
    "localoffer.messaging",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "localoffer.core.middleware.RequestSizeLimitMiddleware",
    "localoffer.directory.middleware.OpenApiCorsMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.middleware.csp.ContentSecurityPolicyMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django_otp.middleware.OTPMiddleware",
    "localoffer.accounts.middleware.StaffTwoFactorMiddleware",
    "localoffer.audit.middleware.AuditContextMiddleware",
    "simple_history.middleware.HistoryRequestMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "localoffer.core.middleware.NoStoreForSignedInMiddleware",
    "axes.middleware.AxesMiddleware",
]

ROOT_URLCONF = "localoffer.urls"
WSGI_APPLICATION = "localoffer.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "localoffer" / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.template.context_processors.csp",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "localoffer.core.context_processors.council",
            ],
        },
    },
]

# Database: SQLite embedded by default; PostgreSQL in production through DATABASE_URL.
_default_db = f"sqlite:///{BASE_DIR / 'var' / 'localoffer.sqlite3'}"
_database_url = (
    env.string("DATABASE_URL", required=True) if PRODUCTION else env.string("DATABASE_URL", _default_db)
)
try:
    _db = dj_database_url.parse(_database_url, conn_max_age=60, conn_health_checks=True)
except ValueError as error:
    raise ImproperlyConfigured(
        f"DATABASE_URL is not a database address this service understands ({error}). "
        "Use sqlite:///path/to/file.sqlite3 or postgres://user:password@host:5432/name."
    ) from None
if _db["ENGINE"] not in ("django.db.backends.sqlite3", "django.db.backends.postgresql"):
    raise ImproperlyConfigured("DATABASE_URL must point at SQLite or PostgreSQL.")
if _db["ENGINE"] == "django.db.backends.sqlite3":
    _db["CONN_MAX_AGE"] = 0
    _db["OPTIONS"] = {
        "transaction_mode": "IMMEDIATE",
        "timeout": 20,
        "init_command": "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL; PRAGMA foreign_keys=ON;",
    }
    Path(_db["NAME"]).parent.mkdir(parents=True, exist_ok=True) if _db["NAME"] != ":memory:" else None
DATABASES = {"default": _db}
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"
# Covering indexes carry extra columns on PostgreSQL (production); SQLite builds the same index without them.
# The limits' cache is the database's, with an atomic increment (core/cache.py); django-ratelimit warns of
# any cache it does not know by name.
SILENCED_SYSTEM_CHECKS = ["models.W040", "django_ratelimit.W001"]

AUTH_USER_MODEL = "accounts.User"
AUTHENTICATION_BACKENDS = [
    "axes.backends.AxesStandaloneBackend",
    "rules.permissions.ObjectPermissionBackend",
    "django.contrib.auth.backends.ModelBackend",
]
PASSWORD_HASHERS = [
    "django.contrib.auth.hashers.Argon2PasswordHasher",
    "django.contrib.auth.hashers.PBKDF2PasswordHasher",
]
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator", "OPTIONS": {"min_length": 12}},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]
LOGIN_URL = "accounts:sign-in"
LOGIN_REDIRECT_URL = "accounts:dashboard"
LOGOUT_REDIRECT_URL = "council:home"

# Repeated failed sign-ins are throttled per user name and address.
AXES_FAILURE_LIMIT = env.integer("LOCALOFFER_SIGN_IN_ATTEMPTS", 5, minimum=1, maximum=100)
AXES_COOLOFF_TIME = timedelta(minutes=env.integer("LOCALOFFER_SIGN_IN_LOCKOUT_MINUTES", 15, minimum=1))
AXES_LOCKOUT_PARAMETERS = [["username", "ip_address"]]
AXES_RESET_ON_SUCCESS = True
AXES_LOCKOUT_CALLABLE = "localoffer.accounts.views.locked_out"
AXES_USERNAME_FORM_FIELD = "username"
AXES_VERBOSE = False
# How many proxies in front of the service add to X-Forwarded-For. Lock-outs and limits count by the address
# it gives: too few and every person shares the proxy's address (one attacker locks out everyone); too many
# and anyone can pick their own address. Production must say how many, even none.
if PRODUCTION and not env.string("LOCALOFFER_PROXY_COUNT", ""):
    raise ImproperlyConfigured(
        "LOCALOFFER_PROXY_COUNT must be set in production: how many proxies (load balancers) stand in front "
        "of the service and add to X-Forwarded-For (0 if people connect to it directly)."
    )
AXES_IPWARE_PROXY_COUNT = env.integer("LOCALOFFER_PROXY_COUNT", 0, minimum=0, maximum=5)
if PRODUCTION and env.boolean("LOCALOFFER_BEHIND_PROXY", False) and AXES_IPWARE_PROXY_COUNT == 0:
    raise ImproperlyConfigured(
        "LOCALOFFER_BEHIND_PROXY is true, so LOCALOFFER_PROXY_COUNT must be at least 1: otherwise every "
        "sign-in would seem to come from the proxy, and one person's failed attempts would lock out everyone."
    )
AXES_IPWARE_META_PRECEDENCE_ORDER = ["HTTP_X_FORWARDED_FOR", "REMOTE_ADDR"]

# Limits on anonymous and costly actions (localoffer/core/limits.py, django-ratelimit), counted in a table
# every web process shares. The default cache stays in each process's memory: nothing else needs sharing.
CACHES = {
    "default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"},
    "limits": {"BACKEND": "localoffer.core.cache.AtomicDatabaseCache", "LOCATION": "localoffer_limits"},
}
RATELIMIT_USE_CACHE = "limits"
RATELIMIT_IP_META_KEY = "localoffer.core.http.client_ip_or_unknown"

# Families create their own accounts; anyone may reset a forgotten password. Both send an emailed link: the
# account link works once, for LOCALOFFER_ACCOUNT_LINK_HOURS; a reset link once, for
# LOCALOFFER_PASSWORD_RESET_MINUTES. Each address, and each network address, may ask for only so many emails an
# hour, so the forms cannot be used to flood someone's inbox.
ACCOUNT_LINK_HOURS = env.integer("LOCALOFFER_ACCOUNT_LINK_HOURS", 24, minimum=1, maximum=7 * 24)
PASSWORD_RESET_TIMEOUT = 60 * env.integer(
    "LOCALOFFER_PASSWORD_RESET_MINUTES", 60, minimum=10, maximum=24 * 60
)
EMAIL_LINKS_PER_ADDRESS_PER_HOUR = env.integer("LOCALOFFER_EMAIL_LINKS_PER_ADDRESS", 3, minimum=1, maximum=50)
EMAIL_LINKS_PER_NETWORK_PER_HOUR = env.integer(
    "LOCALOFFER_EMAIL_LINKS_PER_NETWORK", 20, minimum=1, maximum=1000
)

# Sessions end after a period without activity; the page warns before it happens.
SESSION_IDLE_MINUTES = env.integer("LOCALOFFER_SESSION_IDLE_MINUTES", 30, minimum=2, maximum=24 * 60)
SESSION_COOKIE_AGE = SESSION_IDLE_MINUTES * 60
SESSION_SAVE_EVERY_REQUEST = True
SESSION_EXPIRE_AT_BROWSER_CLOSE = True
SESSION_COOKIE_HTTPONLY = True
SESSION_COOKIE_SAMESITE = "Lax"
SESSION_COOKIE_NAME = "localoffer_session"
CSRF_COOKIE_NAME = "localoffer_csrftoken"
CSRF_COOKIE_HTTPONLY = True
CSRF_FAILURE_VIEW = "localoffer.core.views.csrf_failure"

# Staff roles must confirm a time-based one-time code after their password in production.
STAFF_TWO_FACTOR = env.boolean("LOCALOFFER_STAFF_TWO_FACTOR", PRODUCTION)
if PRODUCTION and not STAFF_TWO_FACTOR:
    raise ImproperlyConfigured("LOCALOFFER_STAFF_TWO_FACTOR cannot be switched off in production.")
OTP_TOTP_ISSUER = env.string("LOCALOFFER_OTP_ISSUER", "Medway Council local offer")

# HTTPS and headers. Behind a load balancer that ends TLS, set LOCALOFFER_BEHIND_PROXY=true.
_secure = env.boolean("LOCALOFFER_SECURE_COOKIES", PRODUCTION)
SESSION_COOKIE_SECURE = _secure
CSRF_COOKIE_SECURE = _secure
SECURE_SSL_REDIRECT = env.boolean("LOCALOFFER_SSL_REDIRECT", PRODUCTION)
SECURE_REDIRECT_EXEMPT = [r"^health/"]
SECURE_HSTS_SECONDS = env.integer("LOCALOFFER_HSTS_SECONDS", 31_536_000 if PRODUCTION else 0, minimum=0)
SECURE_HSTS_INCLUDE_SUBDOMAINS = PRODUCTION
SECURE_HSTS_PRELOAD = env.boolean("LOCALOFFER_HSTS_PRELOAD", PRODUCTION)
if env.boolean("LOCALOFFER_BEHIND_PROXY", False):
    SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
SECURE_CROSS_ORIGIN_OPENER_POLICY = "same-origin"
X_FRAME_OPTIONS = "DENY"
CSRF_TRUSTED_ORIGINS = env.strings("CSRF_TRUSTED_ORIGINS", [])

# Content security policy: only this site's own files, and inline code only with the page's nonce.
SECURE_CSP = {
    "default-src": [CSP.SELF],
    "script-src": [CSP.SELF, CSP.NONCE],
    "style-src": [CSP.SELF],
    "img-src": [CSP.SELF, "data:"],
    "font-src": [CSP.SELF],
    "connect-src": [CSP.SELF],
    "object-src": [CSP.NONE],
    "base-uri": [CSP.SELF],
    "form-action": [CSP.SELF],
    "frame-ancestors": [CSP.NONE],
}

LANGUAGE_CODE = "en-gb"
TIME_ZONE = "Europe/London"
USE_I18N = True
USE_TZ = True
DATE_FORMAT = "j F Y"
DATETIME_FORMAT = "j F Y, g:ia"

STATIC_URL = "/static/"
STATIC_ROOT = BASE_DIR / "var" / "static"
STATICFILES_DIRS = [BASE_DIR / "build" / "static"]
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {
        # The test suite serves files straight from their folders; every other environment from the
        # collected, fingerprinted and compressed copies.
        "BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"
        if TESTING
        else "whitenoise.storage.CompressedManifestStaticFilesStorage"
    },
}
WHITENOISE_USE_FINDERS = TESTING

# The council this instance serves. Another council changes these, and loads its own reference data.
COUNCIL_NAME = env.string("LOCALOFFER_COUNCIL_NAME", "Medway Council")
SERVICE_NAME = env.string("LOCALOFFER_SERVICE_NAME", "Local Offer: social care and short breaks")
EMERGENCY_NUMBER = "999"

# Email: printed to the console on a developer's machine; in production through the backend named here
# (GOV.UK Notify's, once the messaging work lands). Sent after commit, by background tasks.
MAILERS = {
    "default": {
        "BACKEND": env.string(
            "LOCALOFFER_EMAIL_BACKEND",
            "django.core.mail.backends.smtp.EmailBackend"
            if PRODUCTION
            else "django.core.mail.backends.console.EmailBackend",
        )
    }
}
DEFAULT_FROM_EMAIL = env.string("DEFAULT_FROM_EMAIL", "Local Offer <localoffer@localhost>")

# GOV.UK Notify (used when LOCALOFFER_EMAIL_BACKEND is localoffer.messaging.backends.NotifyEmailBackend):
# an API key ends with the service id and the secret, two UUIDs; the template takes ((subject)) and ((body)).
_UUID = r"[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}"
NOTIFY_API_KEY = env.string("NOTIFY_API_KEY", "")
NOTIFY_TEMPLATE_ID = env.string("NOTIFY_TEMPLATE_ID", "")
if NOTIFY_API_KEY and not re.fullmatch(rf"[A-Za-z0-9_-]+-{_UUID}-{_UUID}", NOTIFY_API_KEY):
    raise ImproperlyConfigured("NOTIFY_API_KEY is not a GOV.UK Notify API key (name-service id-secret).")
if NOTIFY_TEMPLATE_ID and not re.fullmatch(_UUID, NOTIFY_TEMPLATE_ID):
    raise ImproperlyConfigured("NOTIFY_TEMPLATE_ID must be the template's id, a UUID.")
if MAILERS["default"]["BACKEND"].endswith("NotifyEmailBackend") and not (
    NOTIFY_API_KEY and NOTIFY_TEMPLATE_ID
):
    raise ImproperlyConfigured(
        "Sending through GOV.UK Notify needs NOTIFY_API_KEY and NOTIFY_TEMPLATE_ID: "
        + ", ".join(name for name in ("NOTIFY_API_KEY", "NOTIFY_TEMPLATE_ID") if not env.string(name, ""))
        + " missing."
    )
# Where the alert for a worry about a child's safety goes: the duty team's shared mailbox.
DUTY_ALERT_EMAIL = env.string("LOCALOFFER_DUTY_ALERT_EMAIL", "" if PRODUCTION else "duty@localhost")
if PRODUCTION and not DUTY_ALERT_EMAIL:
    raise ImproperlyConfigured(
        "LOCALOFFER_DUTY_ALERT_EMAIL must be set in production: duty's shared mailbox."
    )
if DUTY_ALERT_EMAIL and not re.fullmatch(r"[^@\s]+@[^@\s]+", DUTY_ALERT_EMAIL):
    raise ImproperlyConfigured(
        f"LOCALOFFER_DUTY_ALERT_EMAIL must be an email address, not {DUTY_ALERT_EMAIL!r}."
    )

# Background tasks (messages): in the database, run by `manage.py db_worker`; at once in tests.
TASKS = {
    "default": {
        "BACKEND": "django.tasks.backends.immediate.ImmediateBackend"
        if TESTING
        else "django_tasks_db.DatabaseBackend"
    }
}

# Evidence people upload (a DLA award letter, a diagnosis letter): kept outside the web root and the static
# files, served only through a page that checks who may see the referral.
PRIVATE_UPLOADS_ROOT = Path(
    env.string("LOCALOFFER_UPLOADS_DIR", str(BASE_DIR / "var" / ("test-uploads" if TESTING else "uploads")))
)
EVIDENCE_MAX_BYTES = env.integer("LOCALOFFER_EVIDENCE_MAX_MB", 10, minimum=1, maximum=50) * 1024 * 1024
# What a request may carry, refused before it is read (core.middleware): a form without a file, or JSON, up to
# DATA_UPLOAD_MAX_MEMORY_SIZE; a form with a file up to the evidence limit and a megabyte, counted again as
# it arrives (core.uploads). Files over FILE_UPLOAD_MAX_MEMORY_SIZE wait in a temporary file, not in memory.
DATA_UPLOAD_MAX_MEMORY_SIZE = 2_621_440
DATA_UPLOAD_MAX_NUMBER_FIELDS = 1000
FILE_UPLOAD_MAX_MEMORY_SIZE = 2_621_440
FILE_UPLOAD_HANDLERS = [
    "localoffer.core.uploads.LimitedUploadHandler",
    "django.core.files.uploadhandler.MemoryFileUploadHandler",
    "django.core.files.uploadhandler.TemporaryFileUploadHandler",
]

# How long each way into the service may wait for triage, in days (0: by the end of the same day).
REFERRAL_TRIAGE_TARGET_DAYS = {
    "safety_concern": 0,
    "early_help": env.integer("LOCALOFFER_TARGET_DAYS_EARLY_HELP", 5, minimum=0, maximum=60),
    "disability_team": env.integer("LOCALOFFER_TARGET_DAYS_DISABILITY_TEAM", 10, minimum=0, maximum=60),
    "short_breaks_grant": env.integer("LOCALOFFER_TARGET_DAYS_SHORT_BREAKS", 20, minimum=0, maximum=90),
    "carers_assessment": env.integer("LOCALOFFER_TARGET_DAYS_CARERS_ASSESSMENT", 20, minimum=0, maximum=90),
    "supported_living": env.integer("LOCALOFFER_TARGET_DAYS_SUPPORTED_LIVING", 20, minimum=0, maximum=90),
}

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "formatters": {"plain": {"format": "%(asctime)s %(levelname)s %(name)s %(message)s"}},
    "handlers": {"console": {"class": "logging.StreamHandler", "formatter": "plain"}},
    "root": {
        "handlers": ["console"],
        "level": env.choice("LOG_LEVEL", "INFO", ("DEBUG", "INFO", "WARNING", "ERROR")),
    },
    "loggers": {"axes": {"level": "WARNING"}},
}
