"""Every setting of the site, read from the environment (see `.env.example`).

Production is the default: with DJANGO_DEBUG unset the web server refuses to start without a
SECRET_KEY (mestergruppen/wsgi.py) and every security header is on. The local run (`make run`)
writes a `.env` with DJANGO_DEBUG=true and a freshly generated key, so no secret ever lives in
the repository.
"""

from pathlib import Path

import environ
from csp.constants import NONCE
from django.core.exceptions import ImproperlyConfigured
from django.utils.translation import gettext_lazy as _

BASE_DIR = Path(__file__).resolve().parent.parent

env = environ.Env()
# Values already in the environment win over the file, so `make test` and CI can override it.
environ.Env.read_env(env.str("DJANGO_ENV_FILE", default=str(BASE_DIR / ".env")), overwrite=False)

DEBUG = env.bool("DJANGO_DEBUG", default=False)

SECRET_KEY = env.str("SECRET_KEY", default="")
if not SECRET_KEY and DEBUG:
    from django.core.management.utils import get_random_secret_key

    SECRET_KEY = get_random_secret_key()
# Left empty in production mode without a key: Django then refuses everything that signs or
# hashes, the web server refuses to start (mestergruppen/wsgi.py) and `check --deploy` fails,
# while commands that need no key (makemigrations, collectstatic) still run in a bare checkout.
# Earlier keys, comma-separated, after a rotation: links already sent (the news emails'
# unsubscribe links never expire) keep working while new ones are signed with SECRET_KEY.
SECRET_KEY_FALLBACKS = env.list("SECRET_KEY_FALLBACKS", default=[])

ALLOWED_HOSTS = env.list(
    "ALLOWED_HOSTS", default=["127.0.0.1", "localhost", "[::1]"] if DEBUG else []
)
CSRF_TRUSTED_ORIGINS = env.list("CSRF_TRUSTED_ORIGINS", default=[])
# The public address of the site, used for links in emails sent from the worker (no request).
SITE_URL = env.str("SITE_URL", default="http://127.0.0.1:8000").rstrip("/")
# Operators who send it as a bearer token get /healthz's figures; empty: nobody does.
HEALTHZ_TOKEN = env.str("HEALTHZ_TOKEN", default="")

INSTALLED_APPS = [
    "whitenoise.runserver_nostatic",
    # Django's admin with our site class: two factors for every staff account.
    "mestergruppen.admin_config.StaffAdminConfig",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "django.contrib.humanize",
    "anymail",
    "csp",
    "axes",
    "django_otp",
    "django_otp.plugins.otp_totp",
    "django_otp.plugins.otp_static",
    "django_tasks",
    "django_tasks_db",
    "privacy",
    "intake",
    "mestergruppen",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "mestergruppen.middleware.RefuseNulBytesMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    # Reads the second factor a staff member gave (mestergruppen/admin_site.py).
    "django_otp.middleware.OTPMiddleware",
    "mestergruppen.staff_sessions.IdleTimeoutMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    # django-csp with nonces that read the same in HTML as in Python (pages kept in memory).
    "mestergruppen.content_security.CSPMiddleware",
    # Last, as django-axes asks: it turns a locked-out login into the lockout page.
    "axes.middleware.AxesMiddleware",
]

ROOT_URLCONF = "mestergruppen.urls"
WSGI_APPLICATION = "mestergruppen.wsgi.application"

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
                "privacy.context_processors.cookie_consent",
            ],
        },
    },
]

# --- Database -------------------------------------------------------------------------------
# SQLite file for the local run; PostgreSQL (psycopg 3) in production and CI.
DATABASES = {
    "default": env.db_url("DATABASE_URL", default=f"sqlite:///{BASE_DIR / 'var' / 'db.sqlite3'}")
}
if DATABASES["default"]["ENGINE"] == "django.db.backends.postgresql":
    DATABASES["default"]["CONN_MAX_AGE"] = env.int("DATABASE_CONN_MAX_AGE", default=60)
    DATABASES["default"]["CONN_HEALTH_CHECKS"] = True
else:
    # A file (not memory) for the test database too, so a worker process or a live server
    # in another thread sees what a test committed.
    DATABASES["default"].setdefault("TEST", {})["NAME"] = str(BASE_DIR / "var" / "test.sqlite3")
    DATABASES["default"].setdefault("OPTIONS", {}).update(
        {
            # WAL and a busy timeout let the web server and the worker write side by side.
            "init_command": "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL;",
            "timeout": 20,
            "transaction_mode": "IMMEDIATE",
        }
    )
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

# --- Cache (Redis optional; shared by rate limits when there is more than one web node) --------
CACHES = {"default": env.cache_url("CACHE_URL", default="locmemcache://mestergruppen")}
# Rate-limit counters must be one count for every gunicorn worker and web node: a process's
# own memory would let each worker allow the whole limit. The shared cache (CACHE_URL) when
# there is one, else Django's database cache (its table is made by a migration).
CACHES["rate_limits"] = (
    CACHES["default"]
    if env.str("CACHE_URL", default="")
    else {
        "BACKEND": "django.core.cache.backends.db.DatabaseCache",
        "LOCATION": "rate_limit_cache",
    }
)

# --- Tasks: Django's task API, database backend so tasks commit with the data --------------
TASKS_BACKEND = env.str("TASKS_BACKEND", default="django_tasks_db.DatabaseBackend")
TASKS = {
    "default": {
        "BACKEND": TASKS_BACKEND,
        "QUEUES": ["default", "email"],
    }
}
# RQ on Redis instead (TASKS_BACKEND=django_tasks_rq.RQBackend, workers run
# `manage.py rqworker default email --with-scheduler`): for sites that already run RQ.
RQ_QUEUES = {
    queue: {"URL": env.str("RQ_URL", default="redis://127.0.0.1:6379/0")}
    for queue in TASKS["default"]["QUEUES"]
}
if TASKS_BACKEND == "django_tasks_rq.RQBackend":
    INSTALLED_APPS.append("django_rq")

# --- Email ----------------------------------------------------------------------------------
# EMAIL_URL: smtp://user:pass@host:587/?tls=True, consolemail://, filemail:///path ...
# EMAIL_BACKEND, when set, wins (e.g. anymail.backends.mailgun.EmailBackend); every
# ANYMAIL_* variable is passed to Anymail (ANYMAIL_MAILGUN_API_KEY -> MAILGUN_API_KEY).
# Locally emails are printed; in production never by default (they carry personal data):
# Django's own default, SMTP on localhost, and `check --deploy` refuses console or file routes.
EMAIL_CONFIG = env.email_url(
    "EMAIL_URL", default="consolemail://" if DEBUG else "smtp://localhost:25"
)
vars().update(EMAIL_CONFIG)
EMAIL_BACKEND = env.str("EMAIL_BACKEND", default=EMAIL_CONFIG["EMAIL_BACKEND"])
EMAIL_TIMEOUT = env.int("EMAIL_TIMEOUT", default=20)
ANYMAIL = {
    name.removeprefix("ANYMAIL_"): value
    for name, value in env.ENVIRON.items()
    if name.startswith("ANYMAIL_")
}
if not DEBUG and EMAIL_BACKEND.startswith("anymail.") and not ANYMAIL.get("WEBHOOK_SECRET"):
    # The provider's tracking webhooks mark deliveries bounced and alert the central inbox;
    # without basic auth anyone could post them.
    raise ImproperlyConfigured(
        "ANYMAIL_WEBHOOK_SECRET (user:password for the tracking webhooks) is required when "
        "EMAIL_BACKEND is an Anymail backend and DJANGO_DEBUG is off."
    )
# The provider whose tracking webhook is mounted (/anymail/<provider>/tracking/): the one
# EMAIL_BACKEND names (anymail.backends.<provider>.EmailBackend), none otherwise.
EMAIL_TRACKING_PROVIDER = env.str(
    "EMAIL_TRACKING_PROVIDER",
    default=EMAIL_BACKEND.split(".")[2] if EMAIL_BACKEND.startswith("anymail.backends.") else "",
)
DEFAULT_FROM_EMAIL = env.str(
    "DEFAULT_FROM_EMAIL", default="Mestergruppen <noreply@mestergruppen.no>"
)
SERVER_EMAIL = env.str("SERVER_EMAIL", default=DEFAULT_FROM_EMAIL)
# Where leads without a clear subsidiary go, and where failed deliveries are reported.
CENTRAL_INBOX_EMAIL = env.str("CENTRAL_INBOX_EMAIL", default="post@mestergruppen.no")
PRIVACY_OFFICER_EMAIL = env.str("PRIVACY_OFFICER_EMAIL", default="personvern@mestergruppen.no")

# --- Lead triage ----------------------------------------------------------------------------
# A lead still new after this many working days (Monday to Friday) is marked in the admin.
LEAD_SLA_WORKING_DAYS = env.int("LEAD_SLA_WORKING_DAYS", default=2)
# The largest selection one export may hold; a bigger one is refused with a message.
LEAD_EXPORT_MAX_ROWS = env.int("LEAD_EXPORT_MAX_ROWS", default=50_000)

# The controller (GDPR Art. 4(7)) as the privacy statement names it; one place for all pages.
CONTROLLER = {
    "name": "Mestergruppen AS",
    "org_number": "928 050 475",
    "postal_address": "Nils Hansens vei 8, 0667 Oslo",
    "email": env.str("CONTROLLER_EMAIL", default="sentralbord@mestergruppen.no"),
    "privacy_email": PRIVACY_OFFICER_EMAIL,
}

# The data-subject request form: submissions per client and window (the window and the
# minimum fill time are the contact form's; 0 switches the limit off).
PRIVACY_REQUEST_RATE_LIMIT = env.int("PRIVACY_REQUEST_RATE_LIMIT", default=5)
# Cookie choices per client and window: each choice writes proof rows, so a flood of them
# is refused; a person changes their mind a few times at most (0 switches the limit off).
CONSENT_CHOICE_RATE_LIMIT = env.int("CONSENT_CHOICE_RATE_LIMIT", default=20)

# --- Contact form: misuse defences (nothing is sent to third parties) -----------------------
# A form sent faster than this after it was rendered is suspected spam (0 switches it off).
INTAKE_MIN_FILL_SECONDS = env.float("INTAKE_MIN_FILL_SECONDS", default=3.0)
# At most this many submissions per client per window (0 switches the limit off). The counter
# lives in the cache (share Redis between web nodes), keyed by a hash of the truncated address.
INTAKE_RATE_LIMIT = env.int("INTAKE_RATE_LIMIT", default=5)
INTAKE_RATE_LIMIT_WINDOW_SECONDS = env.int("INTAKE_RATE_LIMIT_WINDOW_SECONDS", default=600)
# Where the client's address is read. Behind a proxy that sets it, e.g. HTTP_X_REAL_IP or
# HTTP_X_FORWARDED_FOR (the last, proxy-added entry is used).
CLIENT_IP_HEADER = env.str("CLIENT_IP_HEADER", default="REMOTE_ADDR")
# An optional proof-of-work challenge the browser solves before sending (ALTCHA's format,
# served and verified here; intake/proof_of_work.py). The largest number the browser may have
# to try: 100000 SHA-256 hashes take well under a second on a phone.
INTAKE_PROOF_OF_WORK = env.bool("INTAKE_PROOF_OF_WORK", default=False)
INTAKE_PROOF_OF_WORK_MAX_NUMBER = env.int("INTAKE_PROOF_OF_WORK_MAX_NUMBER", default=100_000)
# The benchmark's minimal comparison view (bench/intake/); never on in production.
INTAKE_BENCH_VIEWS = env.bool("INTAKE_BENCH_VIEWS", default=False)

# --- Authentication -------------------------------------------------------------------------
AUTHENTICATION_BACKENDS = [
    # Refuses a client that failed too often before the password is even checked.
    "axes.backends.AxesStandaloneBackend",
    "django.contrib.auth.backends.ModelBackend",
]
# Staff sign-ins are throttled per user name and client, and per client across user names
# (mestergruppen/sign_in_throttle.py). Failures are counted in the database, so every web
# process and node shares them without Redis; the client is the hashed network (no IP address
# is stored), and a failure row is removed once the lockout time has passed.
AXES_HANDLER = "mestergruppen.sign_in_throttle.StaffSignInHandler"
AXES_DISABLE_ACCESS_LOG = True  # no record of every successful sign-in kept forever
AXES_FAILURE_LIMIT = env.int("LOGIN_FAILURE_LIMIT", default=5)
AXES_COOLOFF_TIME = env.float("LOGIN_LOCKOUT_HOURS", default=0.25)
AXES_LOCKOUT_PARAMETERS = [["username", "ip_address"], ["ip_address"]]
LOGIN_CLIENT_FAILURE_LIMIT = env.int("LOGIN_CLIENT_FAILURE_LIMIT", default=20)
AXES_CLIENT_IP_CALLABLE = "mestergruppen.client_pseudonyms.client_pseudonymous_address"
AXES_CLIENT_STR_CALLABLE = "mestergruppen.client_pseudonyms.client_description_for_logs"
AXES_LOCKOUT_TEMPLATE = "errors/login-locked.html"
AXES_RESET_ON_SUCCESS = True
AXES_VERBOSE = False  # no start-up banner on every command; lockouts are still logged
# The second factor (django-otp): the name authenticator apps show beside the account.
OTP_TOTP_ISSUER = "Mestergruppen"
# Staff sessions end after this long without a request (the working-day maximum still holds).
STAFF_IDLE_TIMEOUT_MINUTES = env.int("STAFF_IDLE_TIMEOUT_MINUTES", default=30)
# Where the admin lives; a less obvious path keeps the sign-in page out of most scanners' way.
ADMIN_URL = env.str("ADMIN_URL", default="admin/").strip("/") + "/"
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {
        "NAME": "mestergruppen.passwords.MinimumLengthValidator",
        "OPTIONS": {"min_length": 12},
    },
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]

# --- Language and time ----------------------------------------------------------------------
LANGUAGE_CODE = "nb"
LANGUAGES = [("nb", _("Norsk bokmål")), ("en", _("English"))]
LOCALE_PATHS = [BASE_DIR / "locale"]
FORMAT_MODULE_PATH = ["mestergruppen.formats"]
USE_I18N = True
TIME_ZONE = "Europe/Oslo"
USE_TZ = True

# --- Static files (hashed names, served by WhiteNoise, CDN-friendly) -------------------------
STATIC_URL = env.str("STATIC_URL", default="/static/")
STATIC_ROOT = BASE_DIR / "var" / "static"
STATICFILES_DIRS = [BASE_DIR / "static"]
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {"BACKEND": "whitenoise.storage.CompressedManifestStaticFilesStorage"},
}

# --- Security -------------------------------------------------------------------------------
# On by default (production); the local run turns them off through DJANGO_DEBUG, and the test
# run turns the HTTPS redirect off because its clients speak plain HTTP.
SECURE_SSL_REDIRECT = env.bool("DJANGO_SECURE_SSL_REDIRECT", default=not DEBUG)
SECURE_PROXY_SSL_HEADER = (
    ("HTTP_X_FORWARDED_PROTO", "https")
    if env.bool("DJANGO_BEHIND_TLS_PROXY", default=not DEBUG)
    else None
)
SECURE_HSTS_SECONDS = env.int("SECURE_HSTS_SECONDS", default=0 if DEBUG else 31_536_000)
SECURE_HSTS_INCLUDE_SUBDOMAINS = not DEBUG
SECURE_HSTS_PRELOAD = env.bool("SECURE_HSTS_PRELOAD", default=False)
# Preloading binds every subdomain of the company's domain to HTTPS for good: a decision for
# the domain's owner, not a default. Until it is taken the deploy check need not nag about it.
SILENCED_SYSTEM_CHECKS = [] if SECURE_HSTS_PRELOAD else ["security.W021"]
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "strict-origin-when-cross-origin"
SECURE_CROSS_ORIGIN_OPENER_POLICY = "same-origin"
SESSION_COOKIE_SECURE = env.bool("DJANGO_SECURE_COOKIES", default=not DEBUG)
CSRF_COOKIE_SECURE = SESSION_COOKIE_SECURE
SESSION_COOKIE_HTTPONLY = True
CSRF_COOKIE_HTTPONLY = True
SESSION_COOKIE_SAMESITE = "Lax"
CSRF_COOKIE_SAMESITE = "Lax"
LANGUAGE_COOKIE_SECURE = SESSION_COOKIE_SECURE
LANGUAGE_COOKIE_HTTPONLY = True
LANGUAGE_COOKIE_SAMESITE = "Lax"
SESSION_COOKIE_AGE = 60 * 60 * 8  # a working day for staff; the public site needs no session
X_FRAME_OPTIONS = "DENY"

CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": ["'self'"],
        # The nonce only on a page that runs a script a visitor consented to (inline, staff
        # configured); never 'unsafe-inline'.
        "script-src": ["'self'", NONCE],
        "style-src": ["'self'"],
        "img-src": ["'self'", "data:"],
        "font-src": ["'self'"],
        "connect-src": ["'self'"],
        "form-action": ["'self'"],
        "frame-ancestors": ["'none'"],
        "base-uri": ["'self'"],
        "object-src": ["'none'"],
    }
}

# --- Logging: one JSON line per record on stdout, personal data scrubbed --------------------
LOG_LEVEL = env.str("LOG_LEVEL", default="INFO")
LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "filters": {"redact_personal_data": {"()": "mestergruppen.logging.RedactPersonalData"}},
    "formatters": {
        "json": {
            "()": "pythonjsonlogger.json.JsonFormatter",
            "fmt": "%(asctime)s %(levelname)s %(name)s %(message)s",
            "rename_fields": {"asctime": "time", "levelname": "level", "name": "logger"},
        }
    },
    "handlers": {
        "stdout": {
            "class": "logging.StreamHandler",
            "stream": "ext://sys.stdout",
            "formatter": "json",
            "filters": ["redact_personal_data"],
        }
    },
    "root": {"handlers": ["stdout"], "level": LOG_LEVEL},
    "loggers": {
        # Request lines name the path only; the 4xx/5xx warnings carry no request body.
        "django.server": {"handlers": ["stdout"], "level": "INFO", "propagate": False},
    },
}

if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    # The lead list's covering indexes (INCLUDE) are a PostgreSQL optimisation; SQLite builds
    # them without the extra columns, which is fine for a local run.
    SILENCED_SYSTEM_CHECKS.append("models.W040")
