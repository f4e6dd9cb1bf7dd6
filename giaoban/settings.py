"""Settings for giaoban.

Everything that differs between machines is read from the environment (see
README.md, "Configuration"). With nothing set, the defaults serve a developer:
debug on, an SQLite file in the project folder, e-mail printed to the console.
With ``DJANGO_DEBUG=0`` the application refuses to start without a real secret
key and allowed hosts.
"""

import warnings
from pathlib import Path

from django.core.exceptions import ImproperlyConfigured
from django.utils.translation import gettext_lazy as _

from giaoban.env import database_from_url, env_bool, env_int, env_list, env_str, redact_url

BASE_DIR = Path(__file__).resolve().parent.parent

# --- Core -------------------------------------------------------------------

DEBUG = env_bool("DJANGO_DEBUG", default=True)

_DEV_SECRET_KEY = "django-insecure-development-only-never-use-in-production"
SECRET_KEY = env_str("DJANGO_SECRET_KEY") or (_DEV_SECRET_KEY if DEBUG else "")
if not DEBUG and (
    not SECRET_KEY or SECRET_KEY.startswith("django-insecure") or len(SECRET_KEY) < 50
):
    raise ImproperlyConfigured(
        "DJANGO_DEBUG is off, so DJANGO_SECRET_KEY must be set to a random value of at least "
        '50 characters (for example: python -c "import secrets; print(secrets.token_urlsafe(50))").'
    )

ALLOWED_HOSTS = env_list(
    "DJANGO_ALLOWED_HOSTS", default=["127.0.0.1", "localhost", "[::1]"] if DEBUG else []
)
if not DEBUG and not ALLOWED_HOSTS:
    raise ImproperlyConfigured(
        "DJANGO_DEBUG is off, so DJANGO_ALLOWED_HOSTS must list the host names this site "
        "answers to, separated by commas (for example: giaoban.tinhuy.vn)."
    )
CSRF_TRUSTED_ORIGINS = env_list("DJANGO_CSRF_TRUSTED_ORIGINS")

INSTALLED_APPS = [
    "whitenoise.runserver_nostatic",
    "giaoban.apps.SuperuserAdminConfig",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "django.contrib.humanize",
    # Form widgets' templates, found by the project's loaders (FORM_RENDERER below).
    "django.forms",
    "crispy_forms",
    "crispy_bootstrap5",
    "csp",
    # django-axes and django-otp's TOTP devices, under Vietnamese names (giaoban/apps.py).
    "giaoban.apps.AxesConfig",
    "simple_history",
    "django_otp",
    "giaoban.apps.TOTPConfig",
    "accounts",
    "organizations",
    "notifications",
    "meetings",
    "tracking",
    "documents",
    "search",
    "giaoban",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    # Below WhiteNoise (static files come with their own compressed copies), above
    # everything that reads or changes a page's body: pages leave compressed, and the
    # page cache (a view decorator) keeps them uncompressed (giaoban/compression.py).
    "giaoban.compression.TextGZipMiddleware",
    "documents.middleware.SubmittedFileNameMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    # Instead of Django's LocaleMiddleware: Vietnamese unless the reader chose English;
    # the browser's language is not consulted (accounts/language.py).
    "accounts.language.LanguageMiddleware",
    "django_otp.middleware.OTPMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    # Tells the benchmark which pages took shared fragments from the cache.
    "giaoban.fragments.FragmentHeadersMiddleware",
    "csp.middleware.CSPMiddleware",
    "simple_history.middleware.HistoryRequestMiddleware",
    # Keeps a form sent to an ended session, to give it back after sign-in.
    "accounts.kept_forms.KeptFormMiddleware",
    "accounts.middleware.SessionLifetimeMiddleware",
    "organizations.middleware.TwoFactorMiddleware",
    # The bell's count in the menu, read before the view (notifications/middleware.py).
    "notifications.middleware.UnreadCountMiddleware",
    # Last, as django-axes asks: it turns a lockout into its page.
    "axes.middleware.AxesMiddleware",
]

# Pages leave gzip-compressed; DJANGO_COMPRESS_PAGES=0 where nginx compresses them
# instead (docs/deploy.md, 1.7): one of the two is enough.
if not env_bool("DJANGO_COMPRESS_PAGES", default=True):
    MIDDLEWARE.remove("giaoban.compression.TextGZipMiddleware")

# Behind nginx or a load balancer: the header in which the proxy passes the visitor's
# address (X-Real-IP), so that lockouts and the security log see people, not the proxy.
CLIENT_IP_HEADER = env_str("DJANGO_CLIENT_IP_HEADER")
if CLIENT_IP_HEADER:
    MIDDLEWARE.insert(0, "giaoban.proxy.ClientAddressMiddleware")

ROOT_URLCONF = "giaoban.urls"
WSGI_APPLICATION = "giaoban.wsgi.application"

TEMPLATES = [
    {
        # Django's engine; a page's context and forms freed as soon as it is rendered
        # (giaoban/template_engine.py). Named "django" as Django's own would be.
        "BACKEND": "giaoban.template_engine.DjangoTemplates",
        "NAME": "django",
        "DIRS": [BASE_DIR / "templates"],
        "OPTIONS": {
            # Templates compiled once per process, without their indentation: pages leave
            # without it, at no cost per render (giaoban/template_loaders.py).
            "loaders": [
                (
                    "django.template.loaders.cached.Loader",
                    [
                        "giaoban.template_loaders.FilesystemLoader",
                        "giaoban.template_loaders.AppDirectoriesLoader",
                    ],
                )
            ],
            "context_processors": [
                "django.template.context_processors.request",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "django.template.context_processors.i18n",
                "accounts.kept_forms.typed_text",
                "giaoban.navigation.addresses",
            ],
        },
    },
]

# Form widgets are rendered through TEMPLATES too: their templates are cached and
# unindented like the others.
FORM_RENDERER = "django.forms.renderers.TemplatesSetting"

# --- Database ---------------------------------------------------------------

_DATABASE_URL = env_str("DATABASE_URL")
if _DATABASE_URL:
    _default_db = database_from_url(_DATABASE_URL)
else:
    _default_db = {"ENGINE": "django.db.backends.sqlite3", "NAME": BASE_DIR / "db.sqlite3"}
if _default_db["ENGINE"] == "django.db.backends.sqlite3":
    # Bulk writes in one query, as on PostgreSQL (see giaoban/sqlite3/base.py).
    _default_db["ENGINE"] = "giaoban.sqlite3"
_default_db["CONN_MAX_AGE"] = env_int("DJANGO_CONN_MAX_AGE", 0 if DEBUG else 60)
if _default_db["ENGINE"].endswith("postgresql"):
    # A database that does not answer fails in seconds, not after the OS timeout.
    _default_db.setdefault("OPTIONS", {})["connect_timeout"] = env_int(
        "DJANGO_DB_CONNECT_TIMEOUT", 5
    )
    _default_db["CONN_HEALTH_CHECKS"] = True
    # No JIT compilation: the pages' queries run in milliseconds, and a search of a
    # nation's index is estimated just above jit_above_cost, so PostgreSQL compiled it
    # (about 40 ms) whenever it planned it afresh, the first runs on every connection
    # (issue 19). Options given in DATABASE_URL come first and are kept.
    _default_db["OPTIONS"]["options"] = " ".join(
        filter(None, [_default_db["OPTIONS"].get("options", ""), "-c jit=off"])
    )
    # Parameters bound by the server, and a statement run twice on a connection prepared:
    # PostgreSQL plans each of the pages' queries once per connection, not at every
    # request (0.1–1 ms each). Needs session pooling if a pooler is used (docs/deploy.md);
    # DJANGO_DB_PREPARED=0 binds on the client and prepares nothing, as Django's default.
    if env_bool("DJANGO_DB_PREPARED", default=True):
        _default_db["OPTIONS"]["server_side_binding"] = True
        _default_db["OPTIONS"]["prepare_threshold"] = 2
elif not DEBUG and not env_bool("DJANGO_ALLOW_SQLITE", default=False):
    raise ImproperlyConfigured(
        "DJANGO_DEBUG is off, so DATABASE_URL must name a PostgreSQL database "
        "(postgres://USER:PASSWORD@HOST:5432/NAME): SQLite is for development only. "
        "To try the production settings on SQLite anyway, set DJANGO_ALLOW_SQLITE=1."
    )
DATABASES = {"default": _default_db}
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

# A PostgreSQL streaming replica for reads: only GET pages of visitors who changed
# nothing in the last seconds read from it (see giaoban/replica.py).
_REPLICA_URL = env_str("DATABASE_REPLICA_URL")
if _REPLICA_URL:
    _replica_db = database_from_url(_REPLICA_URL, name="DATABASE_REPLICA_URL")
    _replica_db["CONN_MAX_AGE"] = _default_db["CONN_MAX_AGE"]
    _replica_db["CONN_HEALTH_CHECKS"] = _default_db.get("CONN_HEALTH_CHECKS", False)
    _replica_db["OPTIONS"] = {**_default_db.get("OPTIONS", {}), **_replica_db.get("OPTIONS", {})}
    # Tests read the replica through the default connection: it mirrors the primary.
    _replica_db["TEST"] = {"MIRROR": "default"}
    DATABASES["replica"] = _replica_db
    DATABASE_ROUTERS = ["giaoban.replica.ReplicaRouter"]
    MIDDLEWARE.insert(1, "giaoban.replica.ReplicaReadsMiddleware")
REPLICA_PIN_SECONDS = env_int("DJANGO_REPLICA_PIN_SECONDS", 10)

# --- Cache and sessions ---------------------------------------------------------

# With several app servers, anything cached must be shared: Redis. Without it each
# process keeps its own small in-memory cache, which is right on one server.
REDIS_URL = env_str("REDIS_URL")
if REDIS_URL:
    if not REDIS_URL.startswith(("redis://", "rediss://", "unix://")):
        raise ImproperlyConfigured(
            f"REDIS_URL={redact_url(REDIS_URL)!r} is not a Redis URL: expected "
            "redis://[:PASSWORD@]HOST:6379/0 (or rediss:// with TLS)."
        )
    CACHES = {
        "default": {
            "BACKEND": "django.core.cache.backends.redis.RedisCache",
            "LOCATION": REDIS_URL,
            "KEY_PREFIX": env_str("DJANGO_CACHE_KEY_PREFIX", "giaoban"),
            # A Redis that does not answer slows a request by two seconds, not forever.
            "OPTIONS": {"socket_connect_timeout": 2, "socket_timeout": 2},
        }
    }
    # Sessions stay in PostgreSQL (they survive a Redis restart); Redis spares a read,
    # and its outage costs nothing but that (giaoban/sessions.py).
    SESSION_ENGINE = "giaoban.sessions"
else:
    CACHES = {
        "default": {
            "BACKEND": "django.core.cache.backends.locmem.LocMemCache",
            # Kept pages (giaoban/pagecache.py) are 10–80 KB: at most about 40 MB a process.
            "OPTIONS": {"MAX_ENTRIES": 500},
        }
    }
    SESSION_ENGINE = "django.contrib.sessions.backends.db"

# Key pages are kept rendered until something their reader can see changes
# (giaoban/pagecache.py); DJANGO_PAGE_CACHE=0 renders every request.
PAGE_CACHE = env_bool("DJANGO_PAGE_CACHE", default=True)
PAGE_CACHE_SECONDS = env_int("DJANGO_PAGE_CACHE_SECONDS", 3600)
# The most pages kept for one reader, whatever query strings they send.
PAGE_CACHE_PER_READER = env_int("DJANGO_PAGE_CACHE_PER_READER", 200)
# Which committees' stamps a user's pages read: the access layer's rule, named here
# because the page cache imports no app.
PAGE_CACHE_READ_SCOPES = "organizations.access.page_read_scopes"

# Parts every reader of a committee sees alike (report and conclusion bodies) are kept
# rendered once per version, shared by all workers (giaoban/fragments.py);
# DJANGO_FRAGMENT_CACHE=0 renders them every time.
FRAGMENT_CACHE = env_bool("DJANGO_FRAGMENT_CACHE", default=True)
FRAGMENT_CACHE_SECONDS = env_int("DJANGO_FRAGMENT_CACHE_SECONDS", 24 * 3600)

# --- Users and sign-in --------------------------------------------------------

AUTH_USER_MODEL = "accounts.User"
AUTHENTICATION_BACKENDS = [
    # django-axes first: it refuses a locked-out user name and address before anything else.
    "axes.backends.AxesStandaloneBackend",
    # Django's ModelBackend, loading the user with their two-factor devices in one query.
    "accounts.backends.UserBackend",
    # Sessions signed in before UserBackend name this one; kept so they stay signed in.
    "django.contrib.auth.backends.ModelBackend",
]
LOGIN_URL = "login"
LOGIN_REDIRECT_URL = "home"
LOGOUT_REDIRECT_URL = "login"

AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {
        "NAME": "django.contrib.auth.password_validation.MinimumLengthValidator",
        "OPTIONS": {"min_length": 10},
    },
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]

# --- Language, time and formats ----------------------------------------------

LANGUAGE_CODE = "vi"
LANGUAGES = [("vi", _("Vietnamese")), ("en", _("English"))]
LOCALE_PATHS = [BASE_DIR / "locale"]
USE_I18N = True
TIME_ZONE = "Asia/Ho_Chi_Minh"
USE_TZ = True
# Dates as Vietnamese tables write them: 19/4/2024 (see giaoban/formats/).
FORMAT_MODULE_PATH = ["giaoban.formats"]

# --- Static files and uploads -------------------------------------------------

STATIC_URL = "static/"
STATICFILES_DIRS = [BASE_DIR / "static"]
STATIC_ROOT = Path(env_str("DJANGO_STATIC_ROOT") or BASE_DIR / "staticfiles")
MEDIA_URL = "media/"
MEDIA_ROOT = Path(env_str("DJANGO_MEDIA_ROOT") or BASE_DIR / "media")
if DEBUG:
    # In development WhiteNoise serves from the finders; there is no collected
    # STATIC_ROOT to warn about.
    warnings.filterwarnings("ignore", message="No directory at")
# Uploads: a folder (on one server, or shared by NFS between several), or an
# S3-compatible object store that every server reaches. Files stay private: no
# public ACL is sent, and links to them are signed and short-lived.
_STORAGE = env_str("DJANGO_STORAGE", "filesystem").lower()
if _STORAGE == "filesystem":
    _default_storage = {"BACKEND": "django.core.files.storage.FileSystemStorage"}
elif _STORAGE == "s3":
    if not env_str("AWS_STORAGE_BUCKET_NAME"):
        raise ImproperlyConfigured(
            "DJANGO_STORAGE=s3 needs AWS_STORAGE_BUCKET_NAME (and, outside AWS, "
            "AWS_S3_ENDPOINT_URL, AWS_ACCESS_KEY_ID and AWS_SECRET_ACCESS_KEY)."
        )
    _default_storage = {
        "BACKEND": "storages.backends.s3.S3Storage",
        "OPTIONS": {
            "bucket_name": env_str("AWS_STORAGE_BUCKET_NAME"),
            "endpoint_url": env_str("AWS_S3_ENDPOINT_URL") or None,
            "region_name": env_str("AWS_S3_REGION_NAME") or None,
            # Unset: boto3 looks for credentials itself (instance role, ~/.aws).
            "access_key": env_str("AWS_ACCESS_KEY_ID") or None,
            "secret_key": env_str("AWS_SECRET_ACCESS_KEY") or None,
            "addressing_style": env_str("AWS_S3_ADDRESSING_STYLE") or None,
            "location": env_str("AWS_LOCATION"),
            "default_acl": None,  # the bucket's own, private; never public-read
            "querystring_auth": True,
            # Signature version 4: what AWS and every S3-compatible store accept.
            "signature_version": env_str("AWS_S3_SIGNATURE_VERSION", "s3v4"),
            "querystring_expire": env_int("AWS_QUERYSTRING_EXPIRE", 300),
            # Two uploads with the same name must not replace each other (as on disk).
            "file_overwrite": False,
        },
    }
else:
    raise ImproperlyConfigured(
        f"DJANGO_STORAGE={_STORAGE!r} is not a storage: use filesystem (the default) or s3."
    )
STORAGES = {
    "default": _default_storage,
    "staticfiles": {
        "BACKEND": (
            "django.contrib.staticfiles.storage.StaticFilesStorage"
            if DEBUG
            # WhiteNoise's, each file's address found once per process.
            else "giaoban.staticfiles.StaticFilesStorage"
        )
    },
}

# Uploaded files (report attachments, signed notices): the largest accepted, in MB.
MAX_UPLOAD_MB = env_int("GIAOBAN_MAX_UPLOAD_MB", 20)
# Big forms: a conclusion holds up to 150 directives, each with its co-assignees, and a
# report up to 400 proposals (meetings/forms.py): about 6,000 fields at most, and a few
# MB of text. Past these the visitor gets a page saying so (giaoban.views.bad_request).
DATA_UPLOAD_MAX_NUMBER_FIELDS = 10_000
DATA_UPLOAD_MAX_MEMORY_SIZE = 10 * 1024 * 1024
# Documents follow Hướng dẫn 36-HD/VPTW; any layout value may be changed here
# (see documents/layout.py), e.g. {"margin_left_mm": 35}.
GIAOBAN_DOCUMENT_LAYOUT: dict = {}

# Typed text survives (accounts/drafts.py, accounts/kept_forms.py): report and conclusion
# drafts are saved this often while someone types; an open form with input renews the
# session this often; drafts and kept forms larger than this are refused; drafts are
# pruned after so many days, forms refused by an ended session kept so many hours.
GIAOBAN_DRAFT_SECONDS = env_int("GIAOBAN_DRAFT_SECONDS", 30)
GIAOBAN_KEEP_ALIVE_SECONDS = env_int("GIAOBAN_KEEP_ALIVE_SECONDS", 120)
GIAOBAN_DRAFT_MAX_KB = env_int("GIAOBAN_DRAFT_MAX_KB", 2048)
GIAOBAN_DRAFT_DAYS = env_int("GIAOBAN_DRAFT_DAYS", 30)
GIAOBAN_KEPT_FORM_HOURS = env_int("GIAOBAN_KEPT_FORM_HOURS", 24)

# Reports are due this many days before the meeting's date, unless the meeting's form
# says otherwise (meetings/deadlines.py).
GIAOBAN_REPORTS_DUE_DAYS_BEFORE = env_int("GIAOBAN_REPORTS_DUE_DAYS_BEFORE", 5)

# --- E-mail -------------------------------------------------------------------

EMAIL_BACKEND = env_str(
    "DJANGO_EMAIL_BACKEND",
    "django.core.mail.backends.console.EmailBackend"
    if DEBUG
    else "django.core.mail.backends.smtp.EmailBackend",
)
EMAIL_HOST = env_str("DJANGO_EMAIL_HOST", "localhost")
EMAIL_PORT = env_int("DJANGO_EMAIL_PORT", 25)
EMAIL_HOST_USER = env_str("DJANGO_EMAIL_HOST_USER")
EMAIL_HOST_PASSWORD = env_str("DJANGO_EMAIL_HOST_PASSWORD")
EMAIL_USE_TLS = env_bool("DJANGO_EMAIL_USE_TLS", default=False)
DEFAULT_FROM_EMAIL = env_str("DJANGO_DEFAULT_FROM_EMAIL", "giaoban@localhost")
SERVER_EMAIL = DEFAULT_FROM_EMAIL
# The site's address as people open it (scheme and host, no path; the script prefix is
# added by reverse()): e-mails carry absolute links to the page where the person acts.
SITE_URL = (
    env_str("GIAOBAN_SITE_URL")
    or (CSRF_TRUSTED_ORIGINS[0] if CSRF_TRUSTED_ORIGINS else "http://127.0.0.1:8000")
).rstrip("/")
ADMINS = [("Admin", address) for address in env_list("DJANGO_ADMINS")]

# --- Forms --------------------------------------------------------------------

CRISPY_ALLOWED_TEMPLATE_PACKS = "bootstrap5"
CRISPY_TEMPLATE_PACK = "bootstrap5"

# --- Security -----------------------------------------------------------------

# Sessions end after 15 minutes without activity and 8 hours in all (configurable).
SESSION_IDLE_MINUTES = env_int("DJANGO_SESSION_IDLE_MINUTES", 15)
SESSION_MAX_HOURS = env_int("DJANGO_SESSION_MAX_HOURS", 8)
SESSION_COOKIE_AGE = SESSION_IDLE_MINUTES * 60
# A session is renewed (saved with a new expiry) at most once a minute, not on every request:
# see accounts.middleware.SessionLifetimeMiddleware. Idle sessions end 14 to 15 minutes after
# the last request.
SESSION_SAVE_EVERY_REQUEST = False
SESSION_REFRESH_SECONDS = 60
SESSION_COOKIE_HTTPONLY = True
SESSION_COOKIE_SECURE = not DEBUG and env_bool("DJANGO_SECURE_COOKIES", default=True)
CSRF_COOKIE_SECURE = SESSION_COOKIE_SECURE
CSRF_COOKIE_HTTPONLY = True
# "The form has expired": the page says so and keeps what was typed (accounts/kept_forms.py).
CSRF_FAILURE_VIEW = "accounts.kept_forms.csrf_failure"
X_FRAME_OPTIONS = "DENY"
SECURE_REFERRER_POLICY = "same-origin"
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_CROSS_ORIGIN_OPENER_POLICY = "same-origin"
# Behind a TLS proxy (nginx) that sets X-Forwarded-Proto.
SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https") if not DEBUG else None
SECURE_SSL_REDIRECT = not DEBUG and env_bool("DJANGO_SSL_REDIRECT", default=True)
SECURE_HSTS_SECONDS = 0 if DEBUG else env_int("DJANGO_HSTS_SECONDS", 31536000)
SECURE_HSTS_INCLUDE_SUBDOMAINS = not DEBUG
SECURE_HSTS_PRELOAD = not DEBUG and env_bool("DJANGO_HSTS_PRELOAD", default=True)

# Content-Security-Policy (django-csp): everything from this site, no inline script.
CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": ["'self'"],
        "script-src": ["'self'"],
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

# Two-factor sign-in (django-otp, TOTP): available to everyone, required for admins.
OTP_TOTP_ISSUER = env_str("DJANGO_OTP_ISSUER", "Giao ban")
# Required in production; optional on a development machine, so the demo admin signs in at once.
TWO_FACTOR_REQUIRED_FOR_ADMINS = env_bool("DJANGO_2FA_REQUIRED_FOR_ADMINS", default=not DEBUG)

# Login protection (django-axes): 5 failures per user name and address lock them out.
AXES_FAILURE_LIMIT = env_int("DJANGO_LOGIN_FAILURE_LIMIT", 5)
AXES_LOCKOUT_PARAMETERS = [["username", "ip_address"]]
AXES_COOLOFF_TIME = env_int("DJANGO_LOGIN_LOCKOUT_MINUTES", 30) / 60  # hours
AXES_RESET_ON_SUCCESS = True
AXES_LOCKOUT_TEMPLATE = "registration/locked_out.html"
AXES_VERBOSE = False

# Old versions are read in the history pages, never written back (giaoban/admin_site.py).
SIMPLE_HISTORY_REVERT_DISABLED = True

# --- Logging ------------------------------------------------------------------

# Standard output, where systemd's journal (or Docker) collects it: JSON lines in
# production, readable text on a developer's machine. Errors (500s) are logged
# with their traceback, and e-mailed to DJANGO_ADMINS when it is set.
LOG_FORMAT = env_str("DJANGO_LOG_FORMAT", "text" if DEBUG else "json").lower()
if LOG_FORMAT not in ("json", "text"):
    raise ImproperlyConfigured(f"DJANGO_LOG_FORMAT={LOG_FORMAT!r} is not json or text.")
LOG_LEVEL = env_str("DJANGO_LOG_LEVEL", "INFO").upper()
if LOG_LEVEL not in ("DEBUG", "INFO", "WARNING", "ERROR", "CRITICAL"):
    raise ImproperlyConfigured(
        f"DJANGO_LOG_LEVEL={LOG_LEVEL!r} is not DEBUG, INFO, WARNING, ERROR or CRITICAL."
    )
LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "formatters": {
        "json": {"()": "giaoban.logs.JsonLinesFormatter"},
        "text": {"format": "%(asctime)s %(levelname)s %(name)s: %(message)s"},
    },
    "filters": {"require_debug_false": {"()": "django.utils.log.RequireDebugFalse"}},
    "handlers": {
        "console": {
            "class": "logging.StreamHandler",
            "stream": "ext://sys.stdout",
            "formatter": LOG_FORMAT,
        },
        "mail_admins": {
            "class": "django.utils.log.AdminEmailHandler",
            "level": "ERROR",
            "filters": ["require_debug_false"],
        },
    },
    "root": {"handlers": ["console"], "level": LOG_LEVEL},
    "loggers": {
        # Replaces Django's defaults: everything reaches the console once, through the root.
        "django": {
            "handlers": ["mail_admins"] if ADMINS else [],
            "level": LOG_LEVEL,
            "propagate": True,
        },
    },
}
