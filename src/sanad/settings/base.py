"""Sanad settings. Every value that differs between machines comes from the environment.

Missing or malformed security settings stop the process with a message naming the setting; nothing
falls back silently to an insecure default.
"""

from __future__ import annotations

import os
from datetime import timedelta
from pathlib import Path

from django.core.exceptions import ImproperlyConfigured
from django.utils.csp import CSP
from django.utils.translation import gettext_lazy as _

from sanad.crypto.keys import load_key_ring
from sanad.settings.environment import (
    database_from_url,
    env_bool,
    env_int,
    env_list,
    env_str,
    sanad_home,
)

PACKAGE_DIR = Path(__file__).resolve().parent.parent
SANAD_HOME = sanad_home()

DEBUG = env_bool("SANAD_DEBUG", default=False)


def _secret_key() -> str:
    key_file = os.environ.get("SANAD_SECRET_KEY_FILE")
    if key_file:
        path = Path(key_file)
        if not path.is_file():
            from django.core.exceptions import ImproperlyConfigured

            raise ImproperlyConfigured(f"The setting SANAD_SECRET_KEY_FILE points to a missing file: {path}.")
        return path.read_text(encoding="utf-8").strip()
    default_file = SANAD_HOME / "secret_key"
    if "SANAD_SECRET_KEY" not in os.environ and default_file.is_file():
        return default_file.read_text(encoding="utf-8").strip()
    return env_str("SANAD_SECRET_KEY")


SECRET_KEY = _secret_key()
if len(SECRET_KEY) < 40:
    from django.core.exceptions import ImproperlyConfigured

    raise ImproperlyConfigured("The setting SANAD_SECRET_KEY must be at least 40 characters long.")

# Field encryption keys never come from SECRET_KEY: see docs/decisions/0003-field-encryption.md.
SANAD_KEY_RING = load_key_ring(os.environ, default_key_file=SANAD_HOME / "field_keys.json")

ALLOWED_HOSTS = env_list("SANAD_ALLOWED_HOSTS", ["127.0.0.1", "localhost"])

INSTALLED_APPS = [
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "django_htmx",
    # Sanad's web app comes before allauth so its templates (login, inactive account) override allauth's.
    "sanad.web",
    # django-ninja's own static files serve the API documentation (Swagger UI) without a CDN.
    "ninja",
    "allauth",
    "allauth.account",
    "allauth.mfa",
    "axes",
    "sanad.crypto",
    "sanad.catalogs",
    "sanad.accounts",
    "sanad.access",
    "sanad.audit",
    "sanad.people",
    "sanad.cases",
    "sanad.hotline",
    "sanad.identification",
    "sanad.referrals",
    "sanad.shelters",
    "sanad.justice",
    "sanad.plans",
    "sanad.prevention",
    "sanad.statistics",
    "sanad.reports",
    "sanad.tip",
    "sanad.linkage",
    "sanad.api",
    "sanad.privacy",
    "sanad.demo",
    "sanad.backup",
]

MIDDLEWARE = [
    "sanad.audit.middleware.RequestIdMiddleware",
    "sanad.api.middleware.ApiAuditMiddleware",
    "django.middleware.security.SecurityMiddleware",
    "django.middleware.csp.ContentSecurityPolicyMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "sanad.accounts.middleware.SessionLifetimeMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "django_htmx.middleware.HtmxMiddleware",
    "allauth.account.middleware.AccountMiddleware",
    "sanad.accounts.middleware.MembershipRequiredMiddleware",
    "sanad.accounts.middleware.SecondFactorRequiredMiddleware",
    "axes.middleware.AxesMiddleware",
]

ROOT_URLCONF = "sanad.urls"
WSGI_APPLICATION = "sanad.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.template.context_processors.i18n",
                "django.template.context_processors.csp",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "sanad.web.context_processors.navigation",
            ],
        },
    }
]

DATABASES = {
    "default": database_from_url(
        os.environ.get("SANAD_DATABASE_URL") or f"sqlite:///{SANAD_HOME / 'sanad.sqlite3'}",
        setting="SANAD_DATABASE_URL",
    )
}
# A kept connection may have died since the last request (database restarted, fail-over, idle timeout):
# check it before a request uses it and reconnect, instead of failing that request (docs/deployment.md).
DATABASES["default"]["CONN_HEALTH_CHECKS"] = True
if DATABASES["default"]["ENGINE"] == "django.db.backends.postgresql":
    # An unreachable server (no route, dropped packets) must not hold a worker for the kernel's minutes:
    # fail fast, so that the request gets the 503 page and the worker serves the next one.
    DATABASES["default"]["OPTIONS"] = {
        "connect_timeout": env_int("SANAD_DATABASE_CONNECT_TIMEOUT", default=5),
    }
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

AUTH_USER_MODEL = "accounts.User"
AUTHENTICATION_BACKENDS = [
    "axes.backends.AxesStandaloneBackend",
    "django.contrib.auth.backends.ModelBackend",
    "allauth.account.auth_backends.AuthenticationBackend",
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
LOGIN_URL = "account_login"
LOGIN_REDIRECT_URL = "web:home"
LOGOUT_REDIRECT_URL = "account_login"

# django-allauth: staff accounts are created by an administrator; nobody signs up.
ACCOUNT_ADAPTER = "sanad.accounts.adapters.StaffOnlyAccountAdapter"
ACCOUNT_LOGIN_METHODS = {"username"}
ACCOUNT_SIGNUP_FIELDS = ["username*", "password1*", "password2*"]
ACCOUNT_EMAIL_VERIFICATION = "none"
ACCOUNT_SESSION_REMEMBER = False
ACCOUNT_LOGOUT_ON_GET = False
ACCOUNT_LOGIN_ON_PASSWORD_RESET = False
ACCOUNT_RATE_LIMITS = False  # django-axes owns lockout; see docs/decisions/0004-authentication.md

# Second factor (docs/decisions/0018-second-factor.md): TOTP with recovery codes, mandatory for every role
# that can see identity (access.policy.requires_second_factor). Secrets are encrypted with the field keys.
MFA_ADAPTER = "sanad.accounts.mfa.SanadMFAAdapter"
MFA_SUPPORTED_TYPES = ["totp", "recovery_codes"]
MFA_FORMS = {
    "authenticate": "sanad.accounts.mfa.LockingAuthenticateForm",
    "reauthenticate": "sanad.accounts.mfa.LockingReauthenticateForm",
}
MFA_TOTP_TOLERANCE = 1  # one 30-second step either side: phones drift
MFA_TRUST_ENABLED = False  # no "trust this browser": shared office computers are common
SANAD_TOTP_ISSUER = os.environ.get("SANAD_TOTP_ISSUER", "Sanad")
# Re-authentication (password or code) is valid this long before an export, break-glass or role change.
ACCOUNT_REAUTHENTICATION_TIMEOUT = env_int("SANAD_REAUTHENTICATION_SECONDS", default=300)

# django-axes: lock the username+IP pair after repeated failures.
AXES_FAILURE_LIMIT = env_int("SANAD_LOCKOUT_FAILURES", default=5)
AXES_COOLOFF_TIME = timedelta(minutes=env_int("SANAD_LOCKOUT_MINUTES", default=30))
AXES_LOCKOUT_PARAMETERS = [["username", "ip_address"]]
AXES_USERNAME_CALLABLE = "sanad.accounts.lockout.attempted_username"
AXES_RESET_ON_SUCCESS = True
AXES_LOCKOUT_CALLABLE = "sanad.accounts.lockout.lockout_response"
AXES_VERBOSE = False
AXES_ENABLE_ACCESS_FAILURE_LOG = False

# Sessions end after a working day and after 30 minutes idle (SessionLifetimeMiddleware).
SANAD_SESSION_IDLE_SECONDS = env_int("SANAD_SESSION_IDLE_MINUTES", default=30) * 60
SANAD_SESSION_ABSOLUTE_SECONDS = env_int("SANAD_SESSION_ABSOLUTE_HOURS", default=10) * 3600
SESSION_COOKIE_AGE = SANAD_SESSION_ABSOLUTE_SECONDS
SESSION_EXPIRE_AT_BROWSER_CLOSE = True
SESSION_COOKIE_HTTPONLY = True
SESSION_COOKIE_SAMESITE = "Lax"
CSRF_COOKIE_HTTPONLY = True

# Break-glass grants last this long.
SANAD_BREAK_GLASS_MINUTES = env_int("SANAD_BREAK_GLASS_MINUTES", default=60)
SANAD_CASE_REFERENCE_PREFIX = os.environ.get("SANAD_CASE_REFERENCE_PREFIX", "MA")
SANAD_COUNTRY = os.environ.get("SANAD_COUNTRY", "MAR")

# National statistics (DESIGN §4). Who counts as a detected victim: "presumed_or_identified" (default) or
# "identified". Disclosure control: counts from 1 to k-1 are shown as "<k"; secondary suppression keeps the
# interval an attacker can compute for any hidden cell at least this wide. Microdata (CTDC) is k-anonymised.
SANAD_VICTIM_STATUSES = os.environ.get("SANAD_VICTIM_STATUSES", "presumed_or_identified")
if SANAD_VICTIM_STATUSES not in ("presumed_or_identified", "identified"):
    raise ImproperlyConfigured("SANAD_VICTIM_STATUSES must be presumed_or_identified or identified.")
SANAD_DISCLOSURE_THRESHOLD = env_int("SANAD_DISCLOSURE_THRESHOLD", default=5)
# "<k" already tells that a count lies in [1, k-1]: the default width, k-2, means totals may not narrow that.
SANAD_DISCLOSURE_PROTECTION_WIDTH = env_int(
    "SANAD_DISCLOSURE_PROTECTION_WIDTH", default=SANAD_DISCLOSURE_THRESHOLD - 2
)
if SANAD_DISCLOSURE_THRESHOLD < 3 or SANAD_DISCLOSURE_PROTECTION_WIDTH < 1:
    raise ImproperlyConfigured(
        "SANAD_DISCLOSURE_THRESHOLD must be at least 3 and the protection width at least 1."
    )
SANAD_CTDC_K = env_int("SANAD_CTDC_K", default=11)
# The population table behind the SDG 16.2.2 rates (CSV: year,region,sex,age,population); empty: the census
# figures shipped with Sanad.
SANAD_POPULATION_CSV = os.environ.get("SANAD_POPULATION_CSV", "")
# SDMX AGE codes of SDG 16.2.2 for children and adults ("child=Y0T17,adult=Y_GE18"): not confirmed by the
# custodian agency, so configuration.
SANAD_SDG_AGE_CODES = dict(
    item.split("=", 1)
    for item in env_list("SANAD_SDG_AGE_CODES", ["child=Y0T17", "adult=Y_GE18"])
    if "=" in item
)
if set(SANAD_SDG_AGE_CODES) != {"child", "adult"}:
    raise ImproperlyConfigured("SANAD_SDG_AGE_CODES must give child=CODE,adult=CODE.")
# SDMX messages: the sender's id, and REF_AREA per region ("=504,MA-06=MA-06"; the empty key is the whole
# country, by default its UN M49 code).
SANAD_SDMX_SENDER = os.environ.get("SANAD_SDMX_SENDER", "CNCLT")
SANAD_SDMX_REF_AREA = dict(item.split("=", 1) for item in env_list("SANAD_SDMX_REF_AREA", []) if "=" in item)

# The public anonymous tip form (/tip/): which hotline receives it (short code; optional when there is only
# one hotline), how many submissions one client may make per hour, and the largest request accepted.
SANAD_TIP_HOTLINE = os.environ.get("SANAD_TIP_HOTLINE", "")
SANAD_TIP_LIMIT_PER_HOUR = env_int("SANAD_TIP_LIMIT_PER_HOUR", default=5)
SANAD_API_REQUESTS_PER_MINUTE = env_int("SANAD_API_REQUESTS_PER_MINUTE", default=600)
# Arabic text is URL-encoded at about 6 bytes a character: 5,000 characters need ~30 kB.
SANAD_TIP_MAX_BYTES = env_int("SANAD_TIP_MAX_BYTES", default=64_000)
# The US TIP report (/tip-report/): the first report year under the current one-year waiver limit of
# 22 U.S.C. 7107(b)(2)(D); before it, the 2008 act's two years apply (decision record 0012: unconfirmed).
SANAD_TIP_ONE_WAIVER_YEAR_FROM = env_int("SANAD_TIP_ONE_WAIVER_YEAR_FROM", default=2019)
# Time a receiving organisation has to answer a referral, by urgency: "<N>h" hours or "<N>wd" working days.
SANAD_REFERRAL_ANSWER_WITHIN = {
    "emergency": os.environ.get("SANAD_REFERRAL_EMERGENCY", "4h"),
    "urgent": os.environ.get("SANAD_REFERRAL_URGENT", "24h"),
    "routine": os.environ.get("SANAD_REFERRAL_ROUTINE", "5wd"),
}
SANAD_WEEKEND_DAYS = (5, 6)  # Saturday and Sunday
for _urgency, _rule in SANAD_REFERRAL_ANSWER_WITHIN.items():
    if not (_rule[:-1].isdigit() and _rule.endswith("h")) and not (
        _rule[:-2].isdigit() and _rule.endswith("wd")
    ):
        raise ImproperlyConfigured(
            f"SANAD_REFERRAL_{_urgency.upper()} must look like 4h or 5wd, not {_rule!r}"
        )
SANAD_SITE_URL = os.environ.get("SANAD_SITE_URL", "http://127.0.0.1:8000")

# Emergency numbers shown on the public tip form (Morocco: police 19, gendarmerie 177).
SANAD_EMERGENCY_POLICE = os.environ.get("SANAD_EMERGENCY_POLICE", "19")
SANAD_EMERGENCY_GENDARMERIE = os.environ.get("SANAD_EMERGENCY_GENDARMERIE", "177")
# Number of reverse proxies in front of Sanad that append to X-Forwarded-For (0: use the socket address).
SANAD_TRUSTED_PROXIES = env_int("SANAD_TRUSTED_PROXIES", default=0)

# The tip-form limit is counted in this cache. Several server processes need a shared cache
# (SANAD_CACHE=database after `sanad createcachetable`), or each process counts on its own.
CACHES = {
    "default": (
        {"BACKEND": "django.core.cache.backends.db.DatabaseCache", "LOCATION": "sanad_cache"}
        if os.environ.get("SANAD_CACHE") == "database"
        else {"BACKEND": "django.core.cache.backends.locmem.LocMemCache", "LOCATION": "sanad"}
    )
}

# Security headers.
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
SECURE_CROSS_ORIGIN_OPENER_POLICY = "same-origin"
X_FRAME_OPTIONS = "DENY"
SECURE_SSL_REDIRECT = env_bool("SANAD_HTTPS", default=False)
SESSION_COOKIE_SECURE = SECURE_SSL_REDIRECT
CSRF_COOKIE_SECURE = SECURE_SSL_REDIRECT
SECURE_HSTS_SECONDS = 31536000 if SECURE_SSL_REDIRECT else 0
SECURE_HSTS_INCLUDE_SUBDOMAINS = SECURE_SSL_REDIRECT
SECURE_HSTS_PRELOAD = env_bool("SANAD_HSTS_PRELOAD", default=SECURE_SSL_REDIRECT)
SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https") if SECURE_SSL_REDIRECT else None
SECURE_CSP = {
    "default-src": [CSP.SELF],
    "script-src": [CSP.SELF, CSP.NONCE],
    "style-src": [CSP.SELF],
    "img-src": [CSP.SELF, "data:"],
    "font-src": [CSP.SELF],
    "connect-src": [CSP.SELF],
    "form-action": [CSP.SELF],
    "frame-ancestors": [CSP.NONE],
    "base-uri": [CSP.NONE],
    "object-src": [CSP.NONE],
}

LANGUAGE_CODE = "fr"
LANGUAGES = [("fr", _("French")), ("ar", _("Arabic")), ("en", _("English"))]
LANGUAGES_BIDI = ["ar"]
LOCALE_PATHS = [PACKAGE_DIR / "locale"]
USE_I18N = True
TIME_ZONE = os.environ.get("SANAD_TIME_ZONE", "Africa/Casablanca")
USE_TZ = True
LANGUAGE_COOKIE_HTTPONLY = True
LANGUAGE_COOKIE_SAMESITE = "Lax"

STATIC_URL = "/static/"
STATIC_ROOT = SANAD_HOME / "static"
STATICFILES_DIRS = [PACKAGE_DIR / "web" / "vendor_static"]

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    # No personal data in any log: every handler rewrites each record first (sanad.audit.logging). The order
    # matters: the request id is read from the request before the personal-data filter drops the request.
    "filters": {
        "request_id": {"()": "sanad.audit.logging.RequestIdFilter"},
        "personal_data": {"()": "sanad.audit.logging.PersonalDataFilter"},
    },
    "formatters": {"plain": {"format": "%(asctime)s %(levelname)s %(name)s [%(request_id)s] %(message)s"}},
    "handlers": {
        "console": {
            "class": "logging.StreamHandler",
            "formatter": "plain",
            "filters": ["request_id", "personal_data"],
        }
    },
    "root": {"handlers": ["console"], "level": os.environ.get("SANAD_LOG_LEVEL", "INFO")},
    "loggers": {
        # Django's default handlers bypass these filters: the development server writes whole request lines
        # (query strings included) and the e-mail to ADMINS carries the request's POST data. Django's records
        # go through the root's handler instead.
        "django": {"handlers": [], "propagate": True},
        "django.server": {"handlers": [], "propagate": True},
        # WeasyPrint and fontTools log every layout step at INFO: noise that hides what matters.
        "axes": {"level": "WARNING"},
        "weasyprint": {"level": "WARNING"},
        "fontTools": {"level": "WARNING"},
        # Splink logs its SQL and sample rows at INFO and below; a linkage run's rows are identities.
        "splink": {"level": "ERROR"},
    },
}

EMAIL_BACKEND = os.environ.get("SANAD_EMAIL_BACKEND", "django.core.mail.backends.console.EmailBackend")
EMAIL_HOST = os.environ.get("SANAD_EMAIL_HOST", "localhost")
EMAIL_PORT = env_int("SANAD_EMAIL_PORT", default=25)
EMAIL_USE_TLS = env_bool("SANAD_EMAIL_USE_TLS", default=False)
DEFAULT_FROM_EMAIL = os.environ.get("SANAD_FROM_EMAIL", "sanad@localhost")

# Retention and data-subject requests (docs/privacy.md, docs/decisions/0017-retention-and-subject-access.md).
# `sanad retention run` anonymises a person when every case of hers (all her linked records) closed more than
# this many years ago. Ten by default: long enough for a woman who comes back for help to be recognised and
# counted once, and for criminal proceedings to end (a pending charge holds her identity anyway); the
# commission sets the period it declared to the data-protection authority (CNDP).
SANAD_RETENTION_YEARS = env_int("SANAD_RETENTION_YEARS", default=10)
if SANAD_RETENTION_YEARS < 1:
    raise ImproperlyConfigured(
        f"The setting SANAD_RETENTION_YEARS must be a whole number of years, at least 1, "
        f"not {SANAD_RETENTION_YEARS}."
    )
