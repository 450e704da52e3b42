"""Core Django settings.  Production differs from development only through the environment."""

from __future__ import annotations

import secrets
from pathlib import Path

from django.utils.translation import gettext_lazy as _

from .env import env_bool, env_int, env_list, env_optional, env_str, parse_database_url

BASE_DIR = Path(__file__).resolve().parent.parent.parent
VAR_DIR = Path(env_str("GOVIT_VAR_DIR", str(BASE_DIR / "var")))

DEBUG = env_bool("DEBUG", False)
TESTING = env_bool("GOVIT_TESTING", False)


def _secret(name: str, filename: str) -> str:
    """A secret from the environment; in development, generated once into var/."""
    configured = env_optional(name)
    if configured:
        return configured
    if not DEBUG and not TESTING:
        return env_str(name)  # raises an error that names the variable
    key_file = VAR_DIR / filename
    if not key_file.exists():
        VAR_DIR.mkdir(parents=True, exist_ok=True)
        key_file.write_text(secrets.token_urlsafe(50), encoding="utf-8")
        key_file.chmod(0o600)
    return key_file.read_text(encoding="utf-8").strip()


SECRET_KEY = _secret("SECRET_KEY", "secret_key")

# The history chain key is separate from SECRET_KEY: rotating one must not break the other.
# Keep every key ever used (AUDIT_HMAC_OLD_KEYS="id:key,...") or old events cannot be verified.
AUDIT_HMAC_KEY_ID = env_str("AUDIT_HMAC_KEY_ID", "k1")
AUDIT_HMAC_KEYS = {
    AUDIT_HMAC_KEY_ID: _secret("AUDIT_HMAC_KEY", "audit_key"),
    **dict(item.split(":", 1) for item in env_list("AUDIT_HMAC_OLD_KEYS", []) if ":" in item),
}

ALLOWED_HOSTS = env_list("ALLOWED_HOSTS", ["127.0.0.1", "localhost"] if DEBUG or TESTING else [])

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "rest_framework",
    "drf_spectacular",
    "drf_spectacular_sidecar",
    "axes",
    "govit.core",
    "govit.accounts",
    "govit.audit",
    "govit.policy",
    "govit.planning",
    "govit.projects",
    "govit.applications",
    "govit.reviews",
    "govit.construction",
    "govit.contracts",
    "govit.funds",
    "govit.acceptance",
    "govit.evaluation",
    "govit.obligations",
    "govit.notifications",
    "govit.supervision",
    "govit.systems",
    "govit.officialdocs",
    "govit.web",
    "govit.demo",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "csp.middleware.CSPMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "govit.core.middleware.RequestContextMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.auth.middleware.LoginRequiredMiddleware",
    "govit.accounts.middleware.UserLanguageMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "axes.middleware.AxesMiddleware",
]

ROOT_URLCONF = "govit.urls"
WSGI_APPLICATION = "govit.wsgi.application"
AUTH_USER_MODEL = "accounts.User"
LOGIN_URL = "accounts:login"
LOGIN_REDIRECT_URL = "web:home"
LOGOUT_REDIRECT_URL = "accounts:login"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.template.context_processors.i18n",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "govit.web.context.navigation",
                "govit.notifications.context.unread_notifications",
            ],
        },
    },
]

# --- database -----------------------------------------------------------------------------
_db = parse_database_url(
    "DATABASE_URL",
    env_str("DATABASE_URL", f"sqlite:///{VAR_DIR / 'govit.sqlite3'}"),
    base_dir=BASE_DIR,
)
_conn_max_age = env_int("DB_CONN_MAX_AGE", 60, minimum=0)
if _db.vendor == "sqlite":
    Path(_db.name).parent.mkdir(parents=True, exist_ok=True)
    DATABASES = {
        "default": {
            "ENGINE": _db.engine,
            "NAME": _db.name,
            "CONN_MAX_AGE": _conn_max_age,
            "OPTIONS": {
                # WAL lets readers run beside the single writer; IMMEDIATE makes a transaction
                # take the write lock at BEGIN, so concurrent writers queue instead of failing.
                "transaction_mode": "IMMEDIATE",
                "timeout": 20,
                "init_command": (
                    "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL; PRAGMA foreign_keys=ON;"
                ),
            },
            "TEST": {"NAME": str(VAR_DIR / "test.sqlite3")},
        }
    }
else:
    DATABASES = {
        "default": {
            "ENGINE": _db.engine,
            "NAME": _db.name,
            "USER": _db.user,
            "PASSWORD": _db.password,
            "HOST": _db.host,
            "PORT": _db.port,
            "CONN_MAX_AGE": _conn_max_age,
            "CONN_HEALTH_CHECKS": True,
            "OPTIONS": dict(_db.options),
        }
    }
DATABASE_VENDOR = _db.vendor
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

# --- cache ----------------------------------------------------------------------------------
REDIS_URL = env_optional("REDIS_URL")
if REDIS_URL and not TESTING:
    CACHES = {
        "default": {"BACKEND": "django.core.cache.backends.redis.RedisCache", "LOCATION": REDIS_URL}
    }
else:
    CACHES = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}}

# --- language and time ------------------------------------------------------------------------
LANGUAGE_CODE = "zh-hans"
LANGUAGES = [("zh-hans", _("简体中文")), ("en", _("English"))]
LOCALE_PATHS = [BASE_DIR / "govit" / "locale"]
TIME_ZONE = "Asia/Shanghai"
USE_I18N = True
USE_TZ = True

# --- static files ---------------------------------------------------------------------------
STATIC_URL = "/static/"
STATIC_ROOT = VAR_DIR / "static"
MEDIA_ROOT = Path(env_str("MEDIA_ROOT", str(VAR_DIR / "media")))

# --- email ------------------------------------------------------------------------------------
EMAIL_BACKEND = env_str(
    "EMAIL_BACKEND",
    "django.core.mail.backends.console.EmailBackend"
    if DEBUG or TESTING
    else "django.core.mail.backends.smtp.EmailBackend",
)
EMAIL_HOST = env_str("EMAIL_HOST", "localhost")
EMAIL_PORT = env_int("EMAIL_PORT", 25, minimum=1)
EMAIL_HOST_USER = env_str("EMAIL_HOST_USER", "")
EMAIL_HOST_PASSWORD = env_str("EMAIL_HOST_PASSWORD", "")
EMAIL_USE_TLS = env_bool("EMAIL_USE_TLS", False)
DEFAULT_FROM_EMAIL = env_str("DEFAULT_FROM_EMAIL", "govit@localhost")

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": env_str("LOG_LEVEL", "WARNING")},
}
