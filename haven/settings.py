"""Haven settings: one module, driven by environment variables (see README).

HAVEN_ENV selects the profile: "development" (the default, what `make run` uses),
"test" (what `make test` uses) or "production". In production every unsafe or
missing setting stops start-up with a message that names it.
"""

from datetime import timedelta
from pathlib import Path

import dj_database_url
from django.core.exceptions import ImproperlyConfigured
from django.utils.csp import CSP
from django.utils.translation import gettext_lazy as _

from haven.core.env import env_bool, env_int, env_list, env_secret, env_str
from haven.core.net import trusted_networks

BASE_DIR = Path(__file__).resolve().parent.parent
VAR_DIR = Path(env_str("HAVEN_VAR_DIR", str(BASE_DIR / "var")))

HAVEN_ENV = env_str("HAVEN_ENV", "development")
if HAVEN_ENV not in {"development", "test", "production"}:
    raise ImproperlyConfigured(
        f"HAVEN_ENV must be development, test or production, not {HAVEN_ENV!r}."
    )
PRODUCTION = HAVEN_ENV == "production"

DEBUG = env_bool("HAVEN_DEBUG", HAVEN_ENV == "development")

# --- Secrets and hosts -------------------------------------------------------

_DEV_SECRET_KEY = "haven-development-only-key-never-used-in-production-0123456789abcdef"
SECRET_KEY = env_secret("SECRET_KEY") or ("" if PRODUCTION else _DEV_SECRET_KEY)
ALLOWED_HOSTS = env_list(
    "ALLOWED_HOSTS", [] if PRODUCTION else ["127.0.0.1", "localhost", "testserver"]
)
CSRF_TRUSTED_ORIGINS = env_list("CSRF_TRUSTED_ORIGINS", [])

# --- Applications ------------------------------------------------------------

INSTALLED_APPS = [
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "django.contrib.humanize",
    "django.forms",
    "rest_framework",
    "drf_spectacular",
    "drf_spectacular_sidecar",
    "django_htmx",
    "allauth",
    "allauth.account",
    "allauth.mfa",
    "axes",
    "django_tasks_db",
    # Haven, in dependency order (DESIGN.md section 3).
    "haven.core",
    "haven.audit",
    "haven.directory",
    "haven.accounts",
    "haven.access",
    "haven.teams",
    "haven.training",
    "haven.people",
    "haven.cases",
    "haven.interviews",
    "haven.investigations",
    "haven.services",
    "haven.reviews",
    "haven.documents",
    "haven.screening",
    "haven.insights",
    "haven.api",
    "haven.demo",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "haven.core.middleware.PermissionsPolicyMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "haven.access.middleware.LevelsOncePerRequestMiddleware",
    "haven.accounts.middleware.SessionTimeoutMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "django.middleware.csp.ContentSecurityPolicyMiddleware",
    "allauth.account.middleware.AccountMiddleware",
    "django_htmx.middleware.HtmxMiddleware",
    "haven.core.middleware.LoginRequiredMiddleware",
    "haven.accounts.middleware.MfaRequiredMiddleware",
    "haven.core.middleware.NoStoreMiddleware",
    "haven.core.middleware.RequestSizeMiddleware",
    # Axes last, so it sees the final response of a failed or locked-out login.
    "axes.middleware.AxesMiddleware",
]

ROOT_URLCONF = "haven.urls"
FORM_RENDERER = "haven.core.forms.UswdsRenderer"
WSGI_APPLICATION = "haven.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "haven" / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.template.context_processors.csp",
                "django.template.context_processors.i18n",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "haven.core.context_processors.haven",
            ],
        },
    },
]

# --- Database ----------------------------------------------------------------

DATABASE_URL = env_str("DATABASE_URL", f"sqlite:///{VAR_DIR / 'haven.sqlite3'}")
try:
    DATABASES = {"default": dj_database_url.parse(DATABASE_URL, conn_max_age=60)}
except ValueError as exc:
    raise ImproperlyConfigured(f"DATABASE_URL is not a database URL we understand: {exc}") from None
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    Path(DATABASES["default"]["NAME"]).parent.mkdir(parents=True, exist_ok=True)
    DATABASES["default"]["CONN_MAX_AGE"] = 0
    DATABASES["default"]["OPTIONS"] = {
        # WAL lets readers run beside one writer; IMMEDIATE avoids lock upgrades mid-transaction.
        "init_command": "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL; "
        "PRAGMA foreign_keys=ON; PRAGMA busy_timeout=5000;",
        "transaction_mode": "IMMEDIATE",
    }
DATABASES["default"]["ATOMIC_REQUESTS"] = False
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

CACHES = {
    # Shared by every node: rate limits and throttles hold across processes.
    "default": {
        "BACKEND": "django.core.cache.backends.db.DatabaseCache",
        "LOCATION": "haven_cache",
    }
}

# --- Accounts and authentication ---------------------------------------------

AUTH_USER_MODEL = "accounts.User"
AUTHENTICATION_BACKENDS = [
    "axes.backends.AxesStandaloneBackend",
    "allauth.account.auth_backends.AuthenticationBackend",
]
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {
        "NAME": "django.contrib.auth.password_validation.MinimumLengthValidator",
        "OPTIONS": {"min_length": 12},
    },
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]
LOGIN_URL = "account_login"
LOGIN_REDIRECT_URL = "core:home"
LOGOUT_REDIRECT_URL = "account_login"

ACCOUNT_ADAPTER = "haven.accounts.adapters.StaffOnlyAccountAdapter"
ACCOUNT_USER_MODEL_USERNAME_FIELD = None
ACCOUNT_LOGIN_METHODS = {"email"}
ACCOUNT_SIGNUP_FIELDS = ["email*", "password1*", "password2*"]
ACCOUNT_EMAIL_VERIFICATION = "none"
ACCOUNT_LOGOUT_ON_GET = False
ACCOUNT_LOGIN_ON_PASSWORD_RESET = False
ACCOUNT_SESSION_REMEMBER = False
ACCOUNT_PREVENT_ENUMERATION = True
ACCOUNT_RATE_LIMITS = {
    # django-axes owns the password lockout; haven/accounts/mfa_forms.py the second step's.
    "login_failed": None,
    # Successful sign-ins from one address (allauth's default, 30 a minute): an agency
    # behind one address at shift change stays well under it. The browser suite signs in
    # faster than any office and sets its own.
    "login": env_str("HAVEN_LOGIN_RATE", "30/m/ip"),
}
ACCOUNT_REAUTHENTICATION_TIMEOUT = 300
MFA_SUPPORTED_TYPES = ["totp", "recovery_codes", "webauthn"]
MFA_PASSKEY_LOGIN_ENABLED = False
MFA_WEBAUTHN_ALLOW_INSECURE_ORIGIN = not PRODUCTION
MFA_TOTP_ISSUER = "Haven"
# Haven's forms count wrong codes and lock the second step (haven/accounts/mfa_forms.py).
MFA_FORMS = {
    "authenticate": "haven.accounts.mfa_forms.SecondStepForm",
    "reauthenticate": "haven.accounts.mfa_forms.SecondStepReauthenticateForm",
    "authenticate_webauthn": "haven.accounts.mfa_forms.SecondStepWebAuthnForm",
}

HAVEN_REQUIRE_MFA = env_bool("HAVEN_REQUIRE_MFA", PRODUCTION)

# Lockout: 5 failures for one email from one address within the window lock that email
# at that address for the cool-off (15 minutes), or until a security officer releases it.
# Counting per account and address keeps a lockout from being a way to keep someone out:
# guesses from elsewhere lock only the guesser's address. The second sign-in step (codes)
# follows the same numbers per account (haven/accounts/lockout.py).
AXES_FAILURE_LIMIT = env_int("HAVEN_LOCKOUT_FAILURES", 5, minimum=1)
HAVEN_LOCKOUT_WINDOW = timedelta(minutes=env_int("HAVEN_LOCKOUT_WINDOW_MINUTES", 15, minimum=1))
_cooloff = env_int("HAVEN_LOCKOUT_COOLOFF_MINUTES", 15)
if _cooloff < 1:
    raise ImproperlyConfigured(
        f"HAVEN_LOCKOUT_COOLOFF_MINUTES must be at least 1, not {_cooloff}: a lock that never "
        "lifts by itself would let anyone who knows an email address keep its owner out."
    )
HAVEN_LOCKOUT_COOLOFF = AXES_COOLOFF_TIME = timedelta(minutes=_cooloff)
AXES_LOCKOUT_PARAMETERS = [["username", "ip_address"]]
AXES_USERNAME_FORM_FIELD = "login"
AXES_USERNAME_CALLABLE = "haven.accounts.lockout.username_from_request"
AXES_HANDLER = "haven.accounts.lockout.WindowedLockoutHandler"
AXES_LOCKOUT_TEMPLATE = "account/locked_out.html"
AXES_RESET_ON_SUCCESS = True
AXES_VERBOSE = False
AXES_ENABLE_ADMIN = False
AXES_SENSITIVE_PARAMETERS = ["password", "login"]
AXES_CLIENT_IP_CALLABLE = "haven.core.net.client_address"

# Sessions: absolute lifetime 12 hours, idle timeout 15 minutes (enforced by
# haven.accounts.middleware.SessionTimeoutMiddleware, shown by a countdown).
SESSION_COOKIE_AGE = env_int("HAVEN_SESSION_ABSOLUTE_MINUTES", 12 * 60, minimum=1) * 60
HAVEN_SESSION_IDLE_SECONDS = env_int("HAVEN_SESSION_IDLE_MINUTES", 15, minimum=1) * 60
HAVEN_SESSION_WARNING_SECONDS = 120
SESSION_EXPIRE_AT_BROWSER_CLOSE = True
SESSION_COOKIE_HTTPONLY = True
SESSION_COOKIE_SAMESITE = "Lax"
CSRF_COOKIE_HTTPONLY = True
SESSION_COOKIE_NAME = "__Host-haven_session" if PRODUCTION else "haven_session"
CSRF_COOKIE_NAME = "__Host-haven_csrf" if PRODUCTION else "haven_csrf"

# --- Security headers --------------------------------------------------------

SECURE_CSP = {
    "default-src": [CSP.SELF],
    "script-src": [CSP.SELF, CSP.NONCE],
    "style-src": [CSP.SELF, CSP.NONCE],
    "img-src": [CSP.SELF, "data:"],
    "font-src": [CSP.SELF],
    "connect-src": [CSP.SELF],
    "media-src": [CSP.SELF],
    "object-src": [CSP.NONE],
    "base-uri": [CSP.SELF],
    "form-action": [CSP.SELF],
    "frame-ancestors": [CSP.NONE],
}
X_FRAME_OPTIONS = "DENY"
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
SECURE_CROSS_ORIGIN_OPENER_POLICY = "same-origin"
SECURE_SSL_REDIRECT = env_bool("HAVEN_SSL_REDIRECT", PRODUCTION)
SECURE_HSTS_SECONDS = env_int("HAVEN_HSTS_SECONDS", 31536000 if PRODUCTION else 0, minimum=0)
SECURE_HSTS_INCLUDE_SUBDOMAINS = PRODUCTION
SECURE_HSTS_PRELOAD = PRODUCTION
SESSION_COOKIE_SECURE = PRODUCTION
CSRF_COOKIE_SECURE = PRODUCTION
if env_bool("HAVEN_BEHIND_PROXY", False):
    SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
# The proxies whose X-Forwarded-For entries are believed (addresses or CIDR ranges). The
# client address for rate limits, lockout and the audit log is the last hop not in this
# list (haven.core.net.client_address). Empty: the header is ignored.
HAVEN_TRUSTED_PROXIES = trusted_networks(env_str("HAVEN_TRUSTED_PROXIES", ""))

# Requests: reject bodies larger than this with a clear 413 (recordings have their own limit).
HAVEN_MAX_REQUEST_BYTES = env_int("HAVEN_MAX_REQUEST_BYTES", 2 * 1024 * 1024, minimum=1024)
DATA_UPLOAD_MAX_MEMORY_SIZE = HAVEN_MAX_REQUEST_BYTES
DATA_UPLOAD_MAX_NUMBER_FIELDS = 2000

# --- Internationalisation ----------------------------------------------------

LANGUAGE_CODE = "en"
LANGUAGES = [("en", _("English")), ("es", _("Spanish"))]
LOCALE_PATHS = [BASE_DIR / "haven" / "locale"]
TIME_ZONE = "America/New_York"
USE_I18N = True
USE_TZ = True

# --- Files -------------------------------------------------------------------

STATIC_URL = "/static/"
STATIC_ROOT = Path(env_str("HAVEN_STATIC_ROOT", str(VAR_DIR / "static")))
STATICFILES_DIRS = [BASE_DIR / "haven" / "static"]
MEDIA_ROOT = Path(env_str("HAVEN_MEDIA_ROOT", str(VAR_DIR / "media")))
HAVEN_SCREENSHOT_DIR = Path(env_str("HAVEN_SCREENSHOT_DIR", str(VAR_DIR / "screenshots")))
if not PRODUCTION:
    STATIC_ROOT.mkdir(parents=True, exist_ok=True)
WHITENOISE_USE_FINDERS = not PRODUCTION
# Outside production, look files up per request instead of scanning ~2,600 files
# whenever a handler starts (every test client would pay for that scan).
WHITENOISE_AUTOREFRESH = not PRODUCTION  # production serves collectstatic's output
LOCAL_STORAGE = "django.core.files.storage.FileSystemStorage"
# Uploaded files other than sealed recordings and documents (training videos, captions).
_media_storage = env_str("HAVEN_MEDIA_STORAGE", LOCAL_STORAGE)
STORAGES = {
    "default": {"BACKEND": _media_storage},
    "staticfiles": {
        "BACKEND": (
            "whitenoise.storage.CompressedManifestStaticFilesStorage"
            if PRODUCTION
            else "django.contrib.staticfiles.storage.StaticFilesStorage"
        )
    },
}

# Recordings of forensic interviews (haven/interviews, sealed by haven/core/sealed.py):
# the master key file, the largest file accepted, and where the sealed chunks are kept
# (any Django storage; S3-compatible object storage through django-storages).
HAVEN_RECORDING_KEY_FILE = env_str(
    "HAVEN_RECORDING_KEY_FILE", "" if PRODUCTION else str(VAR_DIR / "recording-keys")
)
HAVEN_RECORDING_MAX_BYTES = env_int("HAVEN_RECORDING_MAX_BYTES", 8 * 1024**3, minimum=1024)
# The audit chain (haven/audit/keyring.py, anchors.py): its HMAC keyring, outside the
# database (a key file, or the same text in HAVEN_AUDIT_KEY, which wins if set), and the
# directory `manage.py audit_anchor` writes the chain head to (none by default).
HAVEN_AUDIT_KEY_FILE = env_str(
    "HAVEN_AUDIT_KEY_FILE", "" if PRODUCTION else str(VAR_DIR / "audit-keys")
)
HAVEN_AUDIT_KEY = env_str("HAVEN_AUDIT_KEY", "")
HAVEN_AUDIT_ANCHOR_DIR = env_str("HAVEN_AUDIT_ANCHOR_DIR", "")
# Public trafficking reports untriaged this long are escalated (a house rule, no statute).
HAVEN_SCREENING_ESCALATE_HOURS = env_int("HAVEN_SCREENING_ESCALATE_HOURS", 24, minimum=1)
# A case document arrives in one request, so by default it is what fits in one.
HAVEN_DOCUMENT_MAX_BYTES = env_int(
    "HAVEN_DOCUMENT_MAX_BYTES", HAVEN_MAX_REQUEST_BYTES - 64 * 1024, minimum=1024
)
_recording_storage = env_str("HAVEN_RECORDING_STORAGE", LOCAL_STORAGE)
STORAGES["recordings"] = {
    "BACKEND": _recording_storage,
    "OPTIONS": (
        {"location": env_str("HAVEN_RECORDING_ROOT", str(VAR_DIR / "recordings"))}
        if _recording_storage.endswith("FileSystemStorage")
        else {}
    ),
}

# --- Operations: where `manage.py doctor` looks for audit anchors and backups ----------
# Each is a folder; doctor reads the age of the newest file in it (haven/core/doctor.py).
HAVEN_AUDIT_ANCHOR_DIR = env_str("HAVEN_AUDIT_ANCHOR_DIR", "")
HAVEN_AUDIT_ANCHOR_MAX_HOURS = env_int("HAVEN_AUDIT_ANCHOR_MAX_HOURS", 26, minimum=1)
HAVEN_BACKUP_DIR = env_str("HAVEN_BACKUP_DIR", "")
HAVEN_BACKUP_MAX_HOURS = env_int("HAVEN_BACKUP_MAX_HOURS", 26, minimum=1)

# --- Email -------------------------------------------------------------------

_email_host = env_str("HAVEN_EMAIL_HOST", "")
MAILERS = {
    "default": (
        {
            "BACKEND": "django.core.mail.backends.smtp.EmailBackend",
            "OPTIONS": {
                "host": _email_host,
                "port": env_int("HAVEN_EMAIL_PORT", 587, minimum=1),
                "username": env_str("HAVEN_EMAIL_USER", ""),
                "password": env_secret("HAVEN_EMAIL_PASSWORD"),
                "use_tls": env_bool("HAVEN_EMAIL_USE_TLS", True),
                "timeout": 10,
            },
        }
        if _email_host
        # Without a mail server, development prints mail to the console.
        else {"BACKEND": "django.core.mail.backends.console.EmailBackend"}
    )
}
DEFAULT_FROM_EMAIL = env_str("HAVEN_EMAIL_FROM", "Haven <no-reply@haven.invalid>")
SERVER_EMAIL = DEFAULT_FROM_EMAIL

# --- API ---------------------------------------------------------------------

REST_FRAMEWORK = {
    "DEFAULT_AUTHENTICATION_CLASSES": [
        "haven.api.authentication.BearerTokenAuthentication",
        "haven.api.authentication.ActiveSessionAuthentication",
    ],
    "DEFAULT_PERMISSION_CLASSES": [
        "rest_framework.permissions.IsAuthenticated",
        "haven.api.authentication.TokenScopeAllows",
    ],
    "DEFAULT_RENDERER_CLASSES": ["rest_framework.renderers.JSONRenderer"],
    "DEFAULT_PARSER_CLASSES": ["rest_framework.parsers.JSONParser"],
    "DEFAULT_PAGINATION_CLASS": "haven.api.pagination.HavenCursorPagination",
    "PAGE_SIZE": 50,
    "DEFAULT_SCHEMA_CLASS": "drf_spectacular.openapi.AutoSchema",
    "EXCEPTION_HANDLER": "haven.api.problems.problem_exception_handler",
    "DEFAULT_THROTTLE_CLASSES": [
        "haven.core.throttling.UserRateThrottle",
        "haven.core.throttling.AnonRateThrottle",
    ],
    "DEFAULT_THROTTLE_RATES": {
        "user": env_str("HAVEN_API_USER_RATE", "600/minute"),
        "anon": env_str("HAVEN_API_ANON_RATE", "30/minute"),
    },
    "UNAUTHENTICATED_USER": "django.contrib.auth.models.AnonymousUser",
}
SPECTACULAR_SETTINGS = {
    "TITLE": "Haven API",
    "DESCRIPTION": (
        "Case tracking and coordination for Connecticut's response to child abuse, neglect "
        "and trafficking. Authenticate with the browser session or a personal token: "
        "`Authorization: Bearer <token>`. Errors are RFC 9457 problem details."
    ),
    "VERSION": "1",
    "SERVE_INCLUDE_SCHEMA": False,
    "SCHEMA_PATH_PREFIX": "/api/v1",
    "COMPONENT_SPLIT_REQUEST": True,
    "SERVE_PERMISSIONS": ["rest_framework.permissions.IsAuthenticated"],
    "SWAGGER_UI_DIST": "SIDECAR",
    "SWAGGER_UI_FAVICON_HREF": "SIDECAR",
    "REDOC_DIST": "SIDECAR",
    "ENUM_NAME_OVERRIDES": {
        "AgencyKindEnum": "haven.directory.models.AgencyKind",
        "CredentialKindEnum": "haven.directory.models.CredentialKind",
        "DisciplineEnum": "haven.accounts.disciplines.Discipline",
        "SectionEnum": "haven.access.models.Section",
        "InterviewStatusEnum": "haven.interviews.models.Status",
        "RecordingStatusEnum": "haven.interviews.models.RecordingStatus",
    },
}

# --- Logging: nothing sensitive (no request bodies, no query strings) ------------

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "formatters": {"plain": {"format": "%(asctime)s %(levelname)s %(name)s %(message)s"}},
    "filters": {"no_query_string": {"()": "haven.core.logs.NoQueryString"}},
    "handlers": {"console": {"class": "logging.StreamHandler", "formatter": "plain"}},
    "root": {"handlers": ["console"], "level": env_str("HAVEN_LOG_LEVEL", "INFO")},
    "loggers": {
        # The development server logs each request line: without its query string, which
        # could carry a searched name (gunicorn's format is in gunicorn.conf.py).
        "django.server": {
            "handlers": ["console"],
            "filters": ["no_query_string"],
            "level": "INFO",
            "propagate": False,
        },
        # Django logs the full path of 4xx/5xx requests; paths carry only UUIDs by design.
        "django.request": {"level": "ERROR"},
        # axes logs attempted sign-in names at WARNING; they stay in the audit log only.
        "axes": {"level": "ERROR"},
    },
}

# --- Production refuses unsafe settings ------------------------------------------


def _refuse(reason: str) -> None:
    raise ImproperlyConfigured(f"Haven will not start in production: {reason}")


# A single server on purpose (its disk backed up with the database) says so explicitly.
HAVEN_ALLOW_LOCAL_STORAGE = env_bool("HAVEN_ALLOW_LOCAL_STORAGE", False)

if PRODUCTION:
    if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
        _refuse(
            "DATABASE_URL is a SQLite file; set DATABASE_URL to PostgreSQL, for example "
            "postgres://haven@db.example.org:5432/haven."
        )
    _local = [
        name
        for name, backend in (
            ("HAVEN_MEDIA_STORAGE", _media_storage),
            ("HAVEN_RECORDING_STORAGE", _recording_storage),
        )
        if backend.endswith("FileSystemStorage")
    ]
    if _local and not HAVEN_ALLOW_LOCAL_STORAGE:
        _refuse(
            f"{' and '.join(_local)} keep files on this server's local disk. Set "
            f"{' and '.join(_local)} to shared object storage (for example django-storages' "
            "storages.backends.s3.S3Storage), or set HAVEN_ALLOW_LOCAL_STORAGE=1 if one "
            "server whose disk is backed up is what you intend."
        )
    if not SECRET_KEY:
        _refuse("set SECRET_KEY (or SECRET_KEY_FILE) to a long random value.")
    if (
        len(SECRET_KEY) < 50
        or SECRET_KEY == _DEV_SECRET_KEY
        or SECRET_KEY.startswith("django-insecure")
    ):
        _refuse("SECRET_KEY is too short or a known development key; use 50+ random characters.")
    if DEBUG:
        _refuse("HAVEN_DEBUG must be off.")
    if not ALLOWED_HOSTS or "*" in ALLOWED_HOSTS:
        _refuse("set ALLOWED_HOSTS to the site's host names (no '*').")
    if not HAVEN_REQUIRE_MFA:
        _refuse("HAVEN_REQUIRE_MFA must be on: staff accounts need a second factor.")
    if not _email_host:
        _refuse("set HAVEN_EMAIL_HOST so that password resets and reminders can be sent.")
    if not HAVEN_RECORDING_KEY_FILE or not Path(HAVEN_RECORDING_KEY_FILE).is_file():
        _refuse(
            "set HAVEN_RECORDING_KEY_FILE to the recordings' master key file "
            "(create one with `manage.py recordings_key new PATH`)."
        )


# --- Background tasks (reminders, recording checks) -----------------------------------
# Django's tasks framework. Outside tests, tasks wait in the database for
# `manage.py db_worker` (django-tasks-db), so a page never waits on an email server.
# Tests run each task as it is enqueued.
TASKS = {
    "default": {
        "BACKEND": (
            "django.tasks.backends.immediate.ImmediateBackend"
            if HAVEN_ENV == "test"
            else "django_tasks_db.DatabaseBackend"
        ),
        "QUEUES": ["default"],
    }
}
