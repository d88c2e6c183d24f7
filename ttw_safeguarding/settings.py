"""Settings for TTW Safeguarding Records.

One module, driven by environment variables read through the strict helpers
in ``ttw_safeguarding.env``. With nothing set, the application runs locally on
an embedded SQLite database under ``var/`` with ``DEBUG`` on. Production sets
``DEBUG=false`` and must then supply ``SECRET_KEY``, ``ALLOWED_HOSTS`` and a
``DATABASE_URL``; start-up is refused without them.
"""

from __future__ import annotations

import datetime as dt
import secrets
from pathlib import Path

import dj_database_url
from django.core.exceptions import ImproperlyConfigured

from sharing.policy import low_level_concerns
from ttw_safeguarding.env import env_bool, env_int, env_list, env_str

BASE_DIR = Path(__file__).resolve().parent.parent
VAR_DIR = Path(env_str("TTW_VAR_DIR", str(BASE_DIR / "var")))

DEBUG = env_bool("DEBUG", True)


def _secret_key() -> str:
    key = env_str("SECRET_KEY")
    if key:
        return key
    if not DEBUG:
        raise ImproperlyConfigured("SECRET_KEY must be set when DEBUG is off.")
    # Local development only: generated once and kept out of the repository.
    path = VAR_DIR / "secret_key"
    if not path.exists():
        VAR_DIR.mkdir(parents=True, exist_ok=True)
        path.write_text(secrets.token_urlsafe(50))
        path.chmod(0o600)
    return path.read_text().strip()


SECRET_KEY = _secret_key()

ALLOWED_HOSTS = env_list("ALLOWED_HOSTS", ["127.0.0.1", "localhost"] if DEBUG else [])
if not DEBUG and not ALLOWED_HOSTS:
    raise ImproperlyConfigured("ALLOWED_HOSTS must be set when DEBUG is off.")
CSRF_TRUSTED_ORIGINS = env_list("CSRF_TRUSTED_ORIGINS", [])

INSTALLED_APPS = [
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "whitenoise.runserver_nostatic",
    "django.contrib.staticfiles",
    "django.contrib.admin",
    # Full-text and trigram search on PostgreSQL (records.search); unused on SQLite.
    "django.contrib.postgres",
    "crispy_forms",
    "crispy_bootstrap5",
    "auditlog",
    "django_tasks",
    "django_tasks_db",
    # Security (SECURITY.md): second factor, lock-out, Content Security Policy.
    "django_otp",
    "django_otp.plugins.otp_totp",
    "django_otp.plugins.otp_static",
    "axes",
    "csp",
    # The record core (label "ttw_safeguarding": its tables and migrations keep their names).
    "ttw_safeguarding.records",
    "clubs",
    "cases",
    "sharing",
    "media_contacts",
    "adults",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "csp.middleware.CSPMiddleware",
    "ttw_safeguarding.records.security.SecurityHeadersMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django_otp.middleware.OTPMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    # Holds privileged users at the second-factor step on every view, the admin included.
    "ttw_safeguarding.records.security.SecondFactorMiddleware",
    "auditlog.middleware.AuditlogMiddleware",
    # The signed-in user is the actor of every account change (ttw_safeguarding.records.accounts).
    "ttw_safeguarding.records.accounts.ActorMiddleware",
    # Last, as django-axes asks: it turns a lock-out into the locked-out page.
    "axes.middleware.AxesMiddleware",
]

AUTHENTICATION_BACKENDS = [
    # First, so that a locked-out account is refused before its password is checked.
    "axes.backends.AxesStandaloneBackend",
    "django.contrib.auth.backends.ModelBackend",
]

ROOT_URLCONF = "ttw_safeguarding.urls"
WSGI_APPLICATION = "ttw_safeguarding.wsgi.application"

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
                "ttw_safeguarding.records.context_processors.navigation",
            ],
        },
    },
]

# Database: SQLite under var/ by default; DATABASE_URL=postgres://... for PostgreSQL.
_default_sqlite = f"sqlite:///{VAR_DIR / 'ttw.sqlite3'}"
DATABASE_URL = env_str("DATABASE_URL", _default_sqlite)
if not DEBUG and env_str("DATABASE_URL") is None:
    raise ImproperlyConfigured("DATABASE_URL must be set when DEBUG is off.")
if DATABASE_URL.startswith("sqlite"):
    VAR_DIR.mkdir(parents=True, exist_ok=True)
DATABASES = {"default": dj_database_url.parse(DATABASE_URL)}
if DATABASES["default"]["ENGINE"] == "django.db.backends.postgresql":
    # Measured: opening a connection per request halves the pages served.
    DATABASES["default"]["CONN_MAX_AGE"] = env_int("CONN_MAX_AGE", 600)
    DATABASES["default"]["CONN_HEALTH_CHECKS"] = True
    # Every outside connection has a timeout: a database that does not answer fails the
    # request (or the worker's job) in seconds instead of holding it until it is killed.
    DATABASES["default"].setdefault("OPTIONS", {})
    DATABASES["default"]["OPTIONS"].setdefault(
        "connect_timeout", env_int("DATABASE_CONNECT_TIMEOUT", 5)
    )
else:
    DATABASES["default"].setdefault("OPTIONS", {})
    # Wait for the writer instead of failing at once when two requests write together.
    DATABASES["default"]["OPTIONS"].setdefault("timeout", 20)
    DATABASES["default"]["OPTIONS"].setdefault("transaction_mode", "IMMEDIATE")
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {
        "NAME": "django.contrib.auth.password_validation.MinimumLengthValidator",
        "OPTIONS": {"min_length": 12},
    },
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]
PASSWORD_HASHERS = [
    "django.contrib.auth.hashers.Argon2PasswordHasher",
    "django.contrib.auth.hashers.PBKDF2PasswordHasher",
]

LOGIN_URL = "login"
LOGIN_REDIRECT_URL = "home"
LOGOUT_REDIRECT_URL = "login"

LANGUAGE_CODE = "en-gb"
TIME_ZONE = "Europe/London"
USE_I18N = True
USE_TZ = True

STATIC_URL = "/static/"
STATIC_ROOT = Path(env_str("STATIC_ROOT", str(BASE_DIR / "staticfiles")))
STATICFILES_DIRS = [
    BASE_DIR / "static",
    # Installed from the npm registry by the setup step (package.json), never a CDN.
    ("vendor/bootstrap", BASE_DIR / "node_modules" / "bootstrap" / "dist"),
]
STORAGES = {
    "default": {"BACKEND": "ttw_safeguarding.records.storage.AtomicFileSystemStorage"},
    # Files attached to records (ttw_safeguarding.records.evidence): under TTW_EVIDENCE_ROOT,
    # outside MEDIA_ROOT and the static files, with no URL; served only by a view that checks
    # who asks and the file's SHA-256.
    "evidence": {"BACKEND": "ttw_safeguarding.records.storage.EvidenceFileStorage"},
    "staticfiles": {
        "BACKEND": (
            "django.contrib.staticfiles.storage.StaticFilesStorage"
            if DEBUG
            else "whitenoise.storage.CompressedManifestStaticFilesStorage"
        )
    },
}
# Written reports live here; on several application servers, shared storage.
MEDIA_ROOT = Path(env_str("MEDIA_ROOT", str(VAR_DIR / "media")))
MEDIA_URL = "/media-not-served/"
# Evidence files (scans, letters, e-mails, photos, PDFs attached to records).
TTW_EVIDENCE_ROOT = Path(env_str("TTW_EVIDENCE_ROOT", str(VAR_DIR / "evidence")))
# The largest evidence file accepted; a larger one is refused with a message on the form.
TTW_EVIDENCE_MAX_BYTES = env_int("TTW_EVIDENCE_MAX_BYTES", 20 * 1024 * 1024)
# An upload larger than this goes to a temporary file, not memory; the form fields besides
# the file stay under Django's own limit (DATA_UPLOAD_MAX_MEMORY_SIZE, files not counted).
FILE_UPLOAD_MAX_MEMORY_SIZE = 2_621_440
DATA_UPLOAD_MAX_MEMORY_SIZE = 2_621_440

CRISPY_ALLOWED_TEMPLATE_PACKS = "bootstrap5"
CRISPY_TEMPLATE_PACK = "bootstrap5"

# E-mail: console in development; SMTP in production through EMAIL_* variables.
EMAIL_BACKEND = env_str(
    "EMAIL_BACKEND",
    "django.core.mail.backends.console.EmailBackend"
    if DEBUG
    else "django.core.mail.backends.smtp.EmailBackend",
)
EMAIL_HOST = env_str("EMAIL_HOST", "localhost")
EMAIL_PORT = env_int("EMAIL_PORT", 25)
EMAIL_HOST_USER = env_str("EMAIL_HOST_USER", "")
EMAIL_HOST_PASSWORD = env_str("EMAIL_HOST_PASSWORD", "")
EMAIL_USE_TLS = env_bool("EMAIL_USE_TLS", False)
# Seconds to wait for the mail server: one that accepts the connection and never answers
# fails the send (kept, failed, retried) instead of stalling the worker behind it.
EMAIL_TIMEOUT = env_int("EMAIL_TIMEOUT", 10)
# An e-mail still pending after this many minutes shows to the NSO like a failed one and
# is sent again by `manage.py send_pending_email`.
TTW_EMAIL_STUCK_MINUTES = env_int("TTW_EMAIL_STUCK_MINUTES", 15)
# The hour (TTW's time zone) from which `send_due_alerts` sends each day's digest to the
# people who chose one instead of an e-mail per alert.
TTW_ALERT_DIGEST_HOUR = env_int("TTW_ALERT_DIGEST_HOUR", 7)
DEFAULT_FROM_EMAIL = env_str("DEFAULT_FROM_EMAIL", "safeguarding@ttw.example")
SERVER_EMAIL = DEFAULT_FROM_EMAIL
# Links in e-mails are absolute and carry no case detail.
SITE_URL = env_str("SITE_URL", "http://127.0.0.1:8000")

# Background work (written reports, e-mails). Always a worker: a report can take
# seconds to render and a mail server can hang, and neither may hold a request. The
# database backend queues the task, `manage.py db_worker` (started by `make run`)
# runs it. TASKS_BACKEND=django_tasks.backends.immediate.ImmediateBackend runs tasks
# in the request after commit instead (a debugging aid, not for production).
TASKS = {
    "default": {
        "BACKEND": env_str("TASKS_BACKEND", "django_tasks_db.DatabaseBackend"),
    }
}
# A written report still pending after this many minutes is stuck: it shows on the
# decision page and the NSO's home page, `regenerate_reports` makes it again and
# `verify_records` names it. Longer than the slowest report takes to render.
TTW_REPORT_STUCK_MINUTES = env_int("TTW_REPORT_STUCK_MINUTES", 15)

# The pattern of low-level concerns about one adult, across clubs, that alerts the NSO:
# this many within this many days (TTW's own numbers; sharing.policy.low_level_concerns).
TTW_LOW_LEVEL_THRESHOLD = env_int("TTW_LOW_LEVEL_THRESHOLD", low_level_concerns.LOW_LEVEL_THRESHOLD)
TTW_LOW_LEVEL_PERIOD_DAYS = env_int(
    "TTW_LOW_LEVEL_PERIOD_DAYS", low_level_concerns.LOW_LEVEL_PERIOD_DAYS
)

AUDITLOG_INCLUDE_ALL_MODELS = False
AUDITLOG_DISABLE_REMOTE_ADDR = False

ORGANISATION_NAME = env_str("ORGANISATION_NAME", "TTW")

# Evidence kept outside the database (SECURITY.md, "Tamper evidence"). The
# organisation's keys are files the database cannot reach: the Ed25519 key that
# signs checkpoints of the chain, and the certificate and key that sign every PDF.
# With DEBUG on they are generated once under var/ for the demo (ttw_safeguarding.records.signing);
# production must name them.


def _evidence_path(name: str, demo: Path) -> Path:
    value = env_str(name)
    if value:
        return Path(value)
    if not DEBUG:
        raise ImproperlyConfigured(f"{name} must be set when DEBUG is off.")
    return demo


TTW_CHECKPOINT_KEY_FILE = _evidence_path("TTW_CHECKPOINT_KEY_FILE", VAR_DIR / "checkpoint_key.pem")
# An append-only log of signed checkpoints, on storage the database server cannot write.
TTW_CHECKPOINT_DIR = _evidence_path("TTW_CHECKPOINT_DIR", VAR_DIR / "checkpoints")
TTW_SIGNING_KEY_FILE = _evidence_path("TTW_SIGNING_KEY_FILE", VAR_DIR / "signing_key.pem")
TTW_SIGNING_CERT_FILE = _evidence_path("TTW_SIGNING_CERT_FILE", VAR_DIR / "signing_cert.pem")
# A record newer than the latest checkpoint is expected only for as long as the
# background worker takes to checkpoint it; older than this, it was not recorded here.
TTW_CHECKPOINT_GRACE_MINUTES = env_int("TTW_CHECKPOINT_GRACE_MINUTES", 30)

# Hardening that applies in every environment.
SESSION_COOKIE_HTTPONLY = True
SESSION_EXPIRE_AT_BROWSER_CLOSE = True
SESSION_COOKIE_AGE = 30 * 60  # 30 minutes idle
SESSION_SAVE_EVERY_REQUEST = True
# A session that cannot be saved never turns a recorded decision into "Bad Request".
SESSION_ENGINE = "ttw_safeguarding.records.sessions"
X_FRAME_OPTIONS = "DENY"
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
SECURE_CROSS_ORIGIN_OPENER_POLICY = "same-origin"

# Content Security Policy (django-csp 4): only the application's own scripts,
# styles and fonts; no inline script or style anywhere; never framed. Bootstrap's
# CSS draws a few icons as data: SVG images, hence data: for images only.
_SELF = "'self'"
CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": [_SELF],
        "script-src": [_SELF],
        "style-src": [_SELF],
        "img-src": [_SELF, "data:"],
        "font-src": [_SELF],
        "connect-src": [_SELF],
        "frame-src": ["'none'"],
        "frame-ancestors": ["'none'"],
        "form-action": [_SELF],
        "object-src": ["'none'"],
        "base-uri": ["'none'"],
    }
}
# Browser features no page here needs (ttw_safeguarding.records.security.SecurityHeadersMiddleware).
PERMISSIONS_POLICY = (
    "accelerometer=(), camera=(), display-capture=(), geolocation=(), gyroscope=(), "
    "magnetometer=(), microphone=(), payment=(), usb=()"
)

# Two-factor sign-in (TOTP, django-otp): required for every role but Staff
# whenever DEBUG is off; TTW_REQUIRE_2FA=true asks for it in a demo too.
TTW_REQUIRE_2FA = env_bool("TTW_REQUIRE_2FA", not DEBUG)
OTP_TOTP_ISSUER = f"{ORGANISATION_NAME} Safeguarding Records"
OTP_TOTP_THROTTLE_FACTOR = 1
OTP_STATIC_THROTTLE_FACTOR = 1
TTW_BACKUP_CODE_COUNT = 10
# A first enrolment needs a one-time code handed over out of band, valid this long.
TTW_ENROLMENT_CODE_HOURS = env_int("TTW_ENROLMENT_CODE_HOURS", 72)

# Failed sign-in lock-out (django-axes): after AXES_FAILURE_LIMIT failures for one
# username the account is locked for the cool-off time whatever the address (so
# guessing from many addresses does not help), and so is an address that fails
# that often across usernames (password spraying).
AXES_FAILURE_LIMIT = env_int("AXES_FAILURE_LIMIT", 5)
AXES_COOLOFF_TIME = dt.timedelta(minutes=env_int("AXES_COOLOFF_MINUTES", 30))
AXES_LOCKOUT_PARAMETERS = ["username", "ip_address"]
# Behind the TLS-terminating proxy (README, Deploying) the client's address is the
# one the proxy appends to X-Forwarded-For; without it every user shares the proxy's.
TTW_PROXY_COUNT = env_int("TTW_PROXY_COUNT", 0 if DEBUG else 1)
AXES_CLIENT_IP_CALLABLE = "ttw_safeguarding.records.security.client_ip_address"
AXES_RESET_ON_SUCCESS = True
AXES_LOCKOUT_TEMPLATE = "account/locked_out.html"
AXES_HTTP_RESPONSE_CODE = 429
AXES_VERBOSE = False

if not DEBUG:
    SESSION_COOKIE_SECURE = True
    CSRF_COOKIE_SECURE = True
    SECURE_SSL_REDIRECT = env_bool("SECURE_SSL_REDIRECT", True)
    SECURE_HSTS_SECONDS = env_int("SECURE_HSTS_SECONDS", 31536000)
    SECURE_HSTS_INCLUDE_SUBDOMAINS = True
    SECURE_HSTS_PRELOAD = env_bool("SECURE_HSTS_PRELOAD", True)
    SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": env_str("LOG_LEVEL", "INFO")},
    "loggers": {
        "weasyprint": {"level": "ERROR"},
        "fontTools": {"level": "ERROR"},
        # Lock-outs are warnings; the routine "reset on success" notes are not worth a line.
        "axes": {"level": "WARNING"},
    },
}
