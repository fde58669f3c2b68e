"""Settings shared by every environment, secure by default.

Every environment variable the project reads is declared in ``env`` below, with
its type and default, and documented in ``.env.example``. ``dev.py``,
``test.py`` and ``production.py`` only override what differs.
"""

from pathlib import Path

import environ
from django.utils.translation import gettext_lazy as _
from oscar.defaults import *  # noqa: F403  (Oscar's OSCAR_* defaults, overridden below)

from portal.shop.statuses import INITIAL_ORDER_STATUS, ORDER_STATUS_PIPELINE

PROJECT_DIR = Path(__file__).resolve().parent.parent
BASE_DIR = PROJECT_DIR.parent

env = environ.Env(
    DJANGO_DEBUG=(bool, False),
    DJANGO_SECRET_KEY=(str, ""),
    DJANGO_ALLOWED_HOSTS=(list, []),
    DJANGO_CSRF_TRUSTED_ORIGINS=(list, []),
    DATABASE_URL=(str, f"sqlite:///{BASE_DIR / 'db.sqlite3'}"),
    DATABASE_PREPARED_STATEMENTS=(bool, True),
    REDIS_URL=(str, ""),
    EMAIL_URL=(str, "consolemail://"),
    DEFAULT_FROM_EMAIL=(str, "Stadtportal <noreply@stadtportal.example>"),
    PORTAL_BASE_URL=(str, "http://127.0.0.1:8000"),
    MEDIA_ROOT=(str, str(BASE_DIR / "media")),
    STATIC_ROOT=(str, str(BASE_DIR / "staticfiles")),
    MAP_TILE_URL=(str, ""),
    MAP_TILE_ATTRIBUTION=(str, ""),
    SECURE_HSTS_SECONDS=(int, 0),
    CONCERNS_EMAIL_RETENTION_DAYS=(int, 90),
    CLIENT_IP_HEADER=(str, ""),
)
environ.Env.read_env(BASE_DIR / ".env")

DEBUG = env("DJANGO_DEBUG")
SECRET_KEY = env("DJANGO_SECRET_KEY")
ALLOWED_HOSTS = env("DJANGO_ALLOWED_HOSTS")
CSRF_TRUSTED_ORIGINS = env("DJANGO_CSRF_TRUSTED_ORIGINS")

# Application definition. haystack comes before the Wagtail apps: both ship an
# ``update_index`` command and Oscar's must win for the shop's search index.
INSTALLED_APPS = [
    "portal.home",
    "portal.directory",
    "portal.concerns",
    "portal.shop",
    "portal.vouchers",
    "haystack",
    "wagtail.contrib.forms",
    "wagtail.contrib.redirects",
    "wagtail.contrib.settings",
    "wagtail.contrib.routable_page",
    "wagtail.contrib.sitemaps",
    "wagtail.embeds",
    "wagtail.sites",
    "wagtail.users",
    "wagtail.snippets",
    "wagtail.documents",
    "wagtail.images",
    "wagtail.search",
    "wagtail.admin",
    "wagtail.api.v2",
    "wagtail",
    "wagtail_modeladmin",
    "modelcluster",
    "taggit",
    "rest_framework",
    "django_tasks",
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "django.contrib.sites",
    "django.contrib.flatpages",
    "django.contrib.sitemaps",
    # django-oscar, app by app so that forks can replace single entries; the
    # marketplace's forks live in portal/shop/<app>/.
    "oscar.config.Shop",
    "oscar.apps.analytics.apps.AnalyticsConfig",
    "portal.shop.checkout.apps.CheckoutConfig",
    "oscar.apps.address.apps.AddressConfig",
    "oscar.apps.shipping.apps.ShippingConfig",
    "portal.shop.catalogue.apps.CatalogueConfig",
    "oscar.apps.catalogue.reviews.apps.CatalogueReviewsConfig",
    "oscar.apps.communication.apps.CommunicationConfig",
    "portal.shop.partner.apps.PartnerConfig",
    "portal.shop.basket.apps.BasketConfig",
    "oscar.apps.payment.apps.PaymentConfig",
    "oscar.apps.offer.apps.OfferConfig",
    "oscar.apps.order.apps.OrderConfig",
    "oscar.apps.customer.apps.CustomerConfig",
    "portal.shop.search.apps.SearchConfig",
    "oscar.apps.voucher.apps.VoucherConfig",
    "oscar.apps.wishlists.apps.WishlistsConfig",
    "portal.shop.dashboard.apps.DashboardConfig",
    "portal.shop.dashboard.reports.apps.ReportsDashboardConfig",
    "oscar.apps.dashboard.users.apps.UsersDashboardConfig",
    "portal.shop.dashboard.orders.apps.OrdersDashboardConfig",
    "portal.shop.dashboard.catalogue.apps.CatalogueDashboardConfig",
    "oscar.apps.dashboard.offers.apps.OffersDashboardConfig",
    "oscar.apps.dashboard.partners.apps.PartnersDashboardConfig",
    "oscar.apps.dashboard.pages.apps.PagesDashboardConfig",
    "oscar.apps.dashboard.ranges.apps.RangesDashboardConfig",
    "oscar.apps.dashboard.reviews.apps.ReviewsDashboardConfig",
    "oscar.apps.dashboard.vouchers.apps.VouchersDashboardConfig",
    "oscar.apps.dashboard.communications.apps.CommunicationsDashboardConfig",
    "oscar.apps.dashboard.shipping.apps.ShippingDashboardConfig",
    "widget_tweaks",
    "treebeard",
    "django_tables2",
    "sorl.thumbnail",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "oscar.apps.basket.middleware.BasketMiddleware",
    "wagtail.contrib.redirects.middleware.RedirectMiddleware",
]

ROOT_URLCONF = "portal.urls"
WSGI_APPLICATION = "portal.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.debug",
                "django.template.context_processors.request",
                "django.template.context_processors.i18n",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "wagtail.contrib.settings.context_processors.settings",
                "oscar.apps.search.context_processors.search_form",
                "oscar.apps.checkout.context_processors.checkout",
                "oscar.apps.communication.notifications.context_processors.notifications",
                "oscar.core.context_processors.metadata",
                "portal.home.context_processors.portal",
            ],
        },
    },
]

DATABASES = {"default": env.db("DATABASE_URL")}
# One transaction per request: a view that fails half-way stores nothing.
DATABASES["default"]["ATOMIC_REQUESTS"] = True
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

# The till's redemption views run their queries as prepared statements on
# PostgreSQL (portal/db.py). Off behind a pooler in transaction mode that does
# not keep prepared statements (PgBouncer before 1.21 or without max_prepared_statements).
PORTAL_PREPARED_STATEMENTS = env("DATABASE_PREPARED_STATEMENTS")

# Cache, rate limits and sessions. Local memory on one machine; with
# REDIS_URL set every app server shares the same Redis (Django's backend,
# reusing its Redis client: see portal/cache.py).
REDIS_URL = env("REDIS_URL")
if REDIS_URL:
    CACHES = {
        "default": {
            "BACKEND": "portal.cache.RedisCache",
            "LOCATION": REDIS_URL,
        }
    }
else:
    CACHES = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}}
# Behind a reverse proxy, the request header that carries the client's address
# (e.g. HTTP_X_REAL_IP), so per-IP rate limits count clients, not the proxy.
PORTAL_CLIENT_IP_HEADER = env("CLIENT_IP_HEADER")
# Sessions live in the database (shared by every app server), never in files.
SESSION_ENGINE = "django.contrib.sessions.backends.db"

AUTHENTICATION_BACKENDS = [
    "oscar.apps.customer.auth_backends.EmailBackend",
    "django.contrib.auth.backends.ModelBackend",
]
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]
LOGIN_URL = "customer:login"
LOGIN_REDIRECT_URL = "/"

# Internationalisation: the site speaks German, the source strings are English.
LANGUAGE_CODE = "de"
LANGUAGES = [("de", _("German"))]
# Each portal app ships its own German catalogue in portal/<app>/locale.
TIME_ZONE = "Europe/Berlin"
USE_I18N = True
USE_TZ = True

# Static files are served by WhiteNoise; third-party assets are vendored under
# static/vendor and never loaded from a CDN.
STATIC_URL = "/static/"
STATIC_ROOT = env("STATIC_ROOT")
STATICFILES_DIRS = [BASE_DIR / "static"]
STATICFILES_FINDERS = [
    "django.contrib.staticfiles.finders.FileSystemFinder",
    "django.contrib.staticfiles.finders.AppDirectoriesFinder",
]
MEDIA_URL = "/media/"
MEDIA_ROOT = env("MEDIA_ROOT")
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
}
DATA_UPLOAD_MAX_NUMBER_FIELDS = 10_000

# Mail goes through Django's mail framework; the backend comes from EMAIL_URL
# (console in dev, SMTP in production, locmem in tests).
vars().update(env.email_url("EMAIL_URL"))
DEFAULT_FROM_EMAIL = env("DEFAULT_FROM_EMAIL")
SERVER_EMAIL = DEFAULT_FROM_EMAIL

# Background work (search index, reference index, later mails and PDFs) runs
# inline until a worker backend is configured.
TASKS = {"default": {"BACKEND": "django_tasks.backends.immediate.ImmediateBackend"}}

# Security defaults that hold everywhere; production.py adds HTTPS-only ones.
SESSION_COOKIE_HTTPONLY = True
CSRF_COOKIE_HTTPONLY = False
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
X_FRAME_OPTIONS = "SAMEORIGIN"

SITE_ID = 1

# Wagtail
WAGTAIL_SITE_NAME = "Stadtportal"
WAGTAILADMIN_BASE_URL = env("PORTAL_BASE_URL")
WAGTAIL_I18N_ENABLED = False
WAGTAILSEARCH_BACKENDS = {"default": {"BACKEND": "wagtail.search.backends.database"}}
WAGTAILDOCS_EXTENSIONS = ["csv", "docx", "odt", "pdf", "pptx", "rtf", "txt", "xlsx", "zip"]
WAGTAILDOCS_MAX_UPLOAD_SIZE = 10 * 1024 * 1024
WAGTAILIMAGES_MAX_UPLOAD_SIZE = 10 * 1024 * 1024
WAGTAIL_DATE_FORMAT = "%d.%m.%Y"
WAGTAIL_DATETIME_FORMAT = "%d.%m.%Y %H:%M"
WAGTAILEMBEDS_RESPONSIVE_HTML = True
WAGTAILAPI_BASE_URL = env("PORTAL_BASE_URL")
# No Gravatar images in the admin: merchants use it too, and no page may call a third party.
WAGTAIL_GRAVATAR_PROVIDER_URL = None

# Maps: Leaflet is served locally; tiles come from the server configured here.
# Empty means no tile server: maps show the markers on a plain background and
# no third-party server is contacted.
PORTAL_MAP_TILE_URL = env("MAP_TILE_URL")
PORTAL_MAP_TILE_ATTRIBUTION = env("MAP_TILE_ATTRIBUTION")

# Citizens' concerns: days after closing until the citizen's e-mail address is
# deleted (manage.py purge_concern_emails). Other knobs: portal/concerns/conf.py.
CONCERNS_EMAIL_RETENTION_DAYS = env("CONCERNS_EMAIL_RETENTION_DAYS")

# django-oscar
OSCAR_SHOP_NAME = "Stadtportal"
OSCAR_SHOP_TAGLINE = ""
OSCAR_DEFAULT_CURRENCY = "EUR"
OSCAR_FROM_EMAIL = DEFAULT_FROM_EMAIL
OSCAR_ALLOW_ANON_CHECKOUT = True
OSCAR_ALLOW_ANON_REVIEWS = False
OSCAR_REQUIRED_ADDRESS_FIELDS = ("first_name", "last_name", "line1", "line4", "postcode", "country")
# The simple backend is enough for Oscar's search box; browse pages query the
# database directly (see the shop issue).
HAYSTACK_CONNECTIONS = {"default": {"ENGINE": "haystack.backends.simple_backend.SimpleEngine"}}
HAYSTACK_SIGNAL_PROCESSOR = "haystack.signals.BaseSignalProcessor"
THUMBNAIL_DEBUG = False
# Marketplace (portal.shop): forks that change no fields keep Oscar's migrations.
MIGRATION_MODULES = {
    "basket": "oscar.apps.basket.migrations",
    "partner": "oscar.apps.partner.migrations",
}
OSCAR_ORDER_STATUS_PIPELINE = ORDER_STATUS_PIPELINE
OSCAR_INITIAL_ORDER_STATUS = INITIAL_ORDER_STATUS
OSCAR_ALLOW_GUEST_CHECKOUT_WITH_ACCOUNT = True
OSCAR_HIDDEN_FEATURES = ["wishlists", "reviews"]
# The fake card provider of portal.shop.payments.testing: dev and tests only.
SHOP_TEST_PAYMENTS = False

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": "WARNING"},
}
