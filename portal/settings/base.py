"""Settings shared by every environment, secure by default.

Every environment variable the project reads is declared in ``env`` below, with
its type and default, and documented in ``.env.example``. ``dev.py``,
``test.py`` and ``production.py`` only override what differs.
"""

from datetime import timedelta
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
    DATABASE_TEST_NAME=(str, ""),
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
    SERVE_MEDIA=(bool, True),
    PUBLIC_HOLIDAY_STATE=(str, ""),
    MOLLIE_API_KEY=(str, ""),
    MOLLIE_API_ENDPOINT=(str, ""),
    PAYMENT_CALLBACK_BASE_URL=(str, ""),
    PAGE_CACHE=(bool, True),
    PAGE_CACHE_SECONDS=(int, 300),
    VARNISH_URL=(str, ""),
    TASKS_BACKEND=(str, "immediate"),
    AWS_STORAGE_BUCKET_NAME=(str, ""),
    AWS_S3_ENDPOINT_URL=(str, ""),
    AWS_S3_REGION_NAME=(str, ""),
    AWS_S3_ADDRESSING_STYLE=(str, ""),
    AWS_ACCESS_KEY_ID=(str, ""),
    AWS_SECRET_ACCESS_KEY=(str, ""),
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
    "portal.tickets",
    "portal.roles",
    "portal.figures",
    "portal.sitesearch",
    "portal.operations",
    "portal.federation",
    "portal.state",
    "haystack",
    "wagtail.contrib.forms",
    "wagtail.contrib.redirects",
    "wagtail.contrib.settings",
    "wagtail.contrib.routable_page",
    "wagtail.contrib.sitemaps",
    "wagtail.contrib.search_promotions",
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
    "modelcluster",
    "taggit",
    "rest_framework",
    "django_tasks",
    "django_tasks_db",
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "django.contrib.sites",
    "django.contrib.flatpages",
    "django.contrib.sitemaps",
    # Django's widget templates for the portal's form renderer (portal/forms.py).
    "django.forms",
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
    "portal.shop.offer.apps.OfferConfig",
    "oscar.apps.order.apps.OrderConfig",
    "oscar.apps.customer.apps.CustomerConfig",
    "portal.shop.search.apps.SearchConfig",
    "oscar.apps.voucher.apps.VoucherConfig",
    "oscar.apps.wishlists.apps.WishlistsConfig",
    "portal.shop.dashboard.apps.DashboardConfig",
    "oscar.apps.dashboard.reports.apps.ReportsDashboardConfig",
    "oscar.apps.dashboard.users.apps.UsersDashboardConfig",
    "oscar.apps.dashboard.orders.apps.OrdersDashboardConfig",
    "oscar.apps.dashboard.catalogue.apps.CatalogueDashboardConfig",
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
    # Wagtail's reports list other users: only for roles that may see them.
    "portal.roles.middleware.AdminReportsGuard",
    # NUL bytes -> 400; lost database or fail-closed rate limit -> German 503 (portal/middleware.py)
    "portal.middleware.HostileInputMiddleware",
    "portal.middleware.ServiceUnavailableMiddleware",
]

# Content-Security-Policy and Permissions-Policy on every response, error pages
# included (portal/headers.py); right after Django's SecurityMiddleware.
MIDDLEWARE.insert(1, "portal.headers.SecurityHeadersMiddleware")
# Shared anonymous pages (portal/pagecache.py): first, so that a stored page
# carries every header the other middleware adds.
MIDDLEWARE.insert(0, "portal.pagecache.PageCacheMiddleware")

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
# A persistent connection is checked before a request reuses it, so a restarted
# PostgreSQL costs at most the requests that were in flight, not one 500 per worker.
DATABASES["default"]["CONN_HEALTH_CHECKS"] = True
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

# The till's redemption views run their queries as prepared statements on
# PostgreSQL (portal/db.py). Off behind a pooler in transaction mode that does
# not keep prepared statements (PgBouncer before 1.21 or without max_prepared_statements).
PORTAL_PREPARED_STATEMENTS = env("DATABASE_PREPARED_STATEMENTS")

# Cache, rate limits and sessions. Local memory on one machine; with
# REDIS_URL set every app server shares the same Redis (Django's backend,
# reusing its Redis client: see portal/cache.py). A Redis outage is a cache miss
# within a short timeout there, never a 500.
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
# Anonymous pages that every visitor shares (portal/pagecache.py): stored in the
# cache above for at most PAGE_CACHE_SECONDS (also the s-maxage shared caches
# get) and invalidated when their content changes. PAGE_CACHE=false only stops
# the portal's own store; the headers for an HTTP cache in front stay.
PORTAL_PAGE_CACHE = env("PAGE_CACHE")
PORTAL_PAGE_CACHE_SECONDS = env("PAGE_CACHE_SECONDS")
# Cookies that do not make a request personal (everything else does).
PORTAL_PAGE_CACHE_IGNORED_COOKIES = ["csrftoken"]
# Varnish in front of the app servers (deploy/varnish/portal.vcl): Wagtail's
# frontend cache invalidation purges the URLs a change affects.
if env("VARNISH_URL"):
    WAGTAILFRONTENDCACHE = {
        "varnish": {
            "BACKEND": "wagtail.contrib.frontend_cache.backends.HTTPBackend",
            "LOCATION": env("VARNISH_URL"),
        }
    }
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

# Login throttling on every login form (django-axes, see portal/home/logins.py):
# ten failures lock the account (whatever form it was typed into) and,
# separately, the address for 15 minutes. Counted in PostgreSQL, so the throttle
# holds while Redis is down; administrators unlock under "Gesperrte Anmeldungen".
INSTALLED_APPS += ["axes"]
AUTHENTICATION_BACKENDS = ["axes.backends.AxesStandaloneBackend", *AUTHENTICATION_BACKENDS]
MIDDLEWARE += ["axes.middleware.AxesMiddleware"]
AXES_FAILURE_LIMIT = 10
AXES_COOLOFF_TIME = timedelta(minutes=15)
AXES_LOCKOUT_PARAMETERS = ["username", "ip_address"]
AXES_USERNAME_CALLABLE = "portal.home.logins.account_key"
AXES_CLIENT_IP_CALLABLE = "portal.ratelimit.client_ip"
AXES_LOCKOUT_CALLABLE = "portal.home.logins.lockout_response"
AXES_RESET_ON_SUCCESS = True
AXES_ENABLE_ADMIN = False  # Django's admin is not mounted; the Wagtail admin has the list

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
# The portal serves MEDIA_ROOT at MEDIA_URL itself, with an allow-list of types,
# nosniff and downloads for anything but images (portal/media.py). Off when a
# reverse proxy or object storage serves the files.
PORTAL_SERVE_MEDIA = env("SERVE_MEDIA")
# Wagtail's document view sends every document as a download, PDFs included.
WAGTAILDOCS_INLINE_CONTENT_TYPES = []
# ... always itself, also from object storage: redirecting to the file's URL would
# skip collection privacy, and /media/documents/ is not served (portal/media.py).
WAGTAILDOCS_SERVE_METHOD = "serve_view"
# Media in an S3-compatible bucket instead of MEDIA_ROOT: used by production.py
# when a bucket is named (portal/storage.py). Empty: the files stay on disk.
MEDIA_BUCKET = {
    "bucket_name": env("AWS_STORAGE_BUCKET_NAME"),
    "endpoint_url": env("AWS_S3_ENDPOINT_URL") or None,
    "region_name": env("AWS_S3_REGION_NAME") or None,
    "addressing_style": env("AWS_S3_ADDRESSING_STYLE") or None,
    # Empty: boto3's own lookup (instance role, ~/.aws) finds the credentials.
    "access_key": env("AWS_ACCESS_KEY_ID") or None,
    "secret_key": env("AWS_SECRET_ACCESS_KEY") or None,
}
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
}
DATA_UPLOAD_MAX_NUMBER_FIELDS = 10_000
# One field template for every public form (templates/includes/form_field.html).
FORM_RENDERER = "portal.forms.PortalFormRenderer"

# Mail goes through Django's mail framework; the backend comes from EMAIL_URL
# (console in dev, SMTP in production, locmem in tests).
vars().update(env.email_url("EMAIL_URL"))
DEFAULT_FROM_EMAIL = env("DEFAULT_FROM_EMAIL")
SERVER_EMAIL = DEFAULT_FROM_EMAIL

# Background work (mails, PDFs, employer issuing, search and reference index,
# cache purges). TASKS_BACKEND=immediate runs it inside the request (one
# machine, development); "database" queues it in PostgreSQL (django-tasks-db)
# for the worker process, manage.py db_worker: each task is claimed by one
# worker and runs once; failed ones stay in its table with their traceback.
TASK_BACKENDS = {
    "immediate": "django_tasks.backends.immediate.ImmediateBackend",
    "database": "django_tasks_db.DatabaseBackend",
}
TASKS = {"default": {"BACKEND": TASK_BACKENDS[env("TASKS_BACKEND")]}}
# /health/alle/ reports the worker late when a due task waited longer than this.
PORTAL_WORKER_LATE_AFTER = timedelta(minutes=5)
# A task that fails in the worker runs again after these delays, three times in
# all (portal/operations/runs.py); mails it sent are not sent again.
PORTAL_TASK_MAX_ATTEMPTS = 3
PORTAL_TASK_RETRY_DELAYS = (timedelta(minutes=1), timedelta(minutes=10))
# The admin's task report lists pending tasks older than this as stuck.
PORTAL_TASK_STUCK_AFTER = timedelta(minutes=30)
# The mail backend of EMAIL_URL; production.py puts SendOnceBackend in front of it.
PORTAL_EMAIL_BACKEND = EMAIL_BACKEND  # noqa: F821  (set from EMAIL_URL above)

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
# Wagtail's database search, tuned for German (portal/sitesearch/backends.py; on
# PostgreSQL stemming with the "german" configuration). docs/search.md shows how
# a town switches to Elasticsearch/OpenSearch.
WAGTAILSEARCH_BACKENDS = {
    "default": {
        "BACKEND": "portal.sitesearch.backends",
        "SEARCH_CONFIG": "german",
        "AUTOCOMPLETE_CONFIG": "portal_autocomplete",
    }
}
WAGTAILDOCS_EXTENSIONS = ["csv", "docx", "odt", "pdf", "pptx", "rtf", "txt", "xlsx", "zip"]
# Images as downloadable documents (a flyer, a plan) are re-encoded like any image.
WAGTAILDOCS_EXTENSIONS += ["jpg", "jpeg", "png", "webp"]
WAGTAILDOCS_MAX_UPLOAD_SIZE = 10 * 1024 * 1024
WAGTAILIMAGES_MAX_UPLOAD_SIZE = 10 * 1024 * 1024
# Every uploaded image is re-encoded without metadata (portal/uploads.py); images of
# more pixels than this are refused before decoding (decompression bombs).
WAGTAILIMAGES_IMAGE_FORM_BASE = "portal.home.media_forms.ImageForm"
WAGTAILDOCS_DOCUMENT_FORM_BASE = "portal.home.media_forms.DocumentForm"
WAGTAILIMAGES_MAX_IMAGE_PIXELS = 40_000_000
PORTAL_UPLOAD_MAX_PIXELS = WAGTAILIMAGES_MAX_IMAGE_PIXELS
PORTAL_UPLOAD_MAX_BYTES = WAGTAILIMAGES_MAX_UPLOAD_SIZE
WAGTAIL_DATE_FORMAT = "%d.%m.%Y"
# ASCII slugs with umlauts spelt out ("Bürgerbüro" -> buergerbuero, portal/home/slugs.py).
WAGTAIL_ALLOW_UNICODE_SLUGS = False
WAGTAIL_DATETIME_FORMAT = "%d.%m.%Y %H:%M"
WAGTAILEMBEDS_RESPONSIVE_HTML = True
WAGTAILAPI_BASE_URL = env("PORTAL_BASE_URL")
# No Gravatar images in the admin: merchants use it too, and no page may call a third party.
WAGTAIL_GRAVATAR_PROVIDER_URL = None
# Nor does the dashboard ask wagtail.org for new releases.
WAGTAIL_ENABLE_UPDATE_CHECK = False
# The admin speaks German only, in the town's time zone: no English language or
# time-zone lists in the account settings.
WAGTAILADMIN_PERMITTED_LANGUAGES = [("de", "Deutsch")]
WAGTAIL_USER_TIME_ZONES = ["Europe/Berlin"]
# Wagtail's login form leaves the password field's label to Django's English default.
WAGTAILADMIN_USER_LOGIN_FORM = "portal.home.admin_forms.AdminLoginForm"

# Maps: Leaflet is served locally; tiles come from the server configured here.
# Empty means no tile server: maps show the markers on a plain background and
# no third-party server is contacted.
PORTAL_MAP_TILE_URL = env("MAP_TILE_URL")
PORTAL_MAP_TILE_ATTRIBUTION = env("MAP_TILE_ATTRIBUTION")
# Federal state (BW, BY, BE, ... NW, ... TH) whose public holidays "PH" in
# opening hours means, besides the nationwide ones.
PUBLIC_HOLIDAY_STATE = env("PUBLIC_HOLIDAY_STATE").upper()

# Citizens' concerns: days after closing until the citizen's e-mail address is
# deleted (manage.py purge_concern_emails). Other knobs: portal/concerns/conf.py.
CONCERNS_EMAIL_RETENTION_DAYS = env("CONCERNS_EMAIL_RETENTION_DAYS")

# django-oscar
OSCAR_SHOP_NAME = "Stadtportal"
OSCAR_SHOP_TAGLINE = ""
OSCAR_DEFAULT_CURRENCY = "EUR"
# "Bürgerbüro" -> buergerbuero for products and categories (see portal/home/slugs.py).
OSCAR_SLUG_FUNCTION = "portal.home.slugs.oscar_slugify"
OSCAR_FROM_EMAIL = DEFAULT_FROM_EMAIL
OSCAR_ALLOW_ANON_CHECKOUT = True
OSCAR_ALLOW_ANON_REVIEWS = False
OSCAR_REQUIRED_ADDRESS_FIELDS = ("first_name", "last_name", "line1", "line4", "postcode", "country")
# The simple backend is enough for Oscar's search box; browse pages query the
# database directly (portal/shop/catalogue/views.py).
HAYSTACK_CONNECTIONS = {"default": {"ENGINE": "haystack.backends.simple_backend.SimpleEngine"}}
HAYSTACK_SIGNAL_PROCESSOR = "haystack.signals.BaseSignalProcessor"
THUMBNAIL_DEBUG = False
# Prices are gross: offers and discount codes take their amount off the gross price.
OSCAR_OFFERS_INCL_TAX = True
OSCAR_ORDER_STATUS_PIPELINE = ORDER_STATUS_PIPELINE
OSCAR_INITIAL_ORDER_STATUS = INITIAL_ORDER_STATUS
OSCAR_ALLOW_GUEST_CHECKOUT_WITH_ACCOUNT = True
OSCAR_HIDDEN_FEATURES = ["wishlists", "reviews"]
# The fake card provider of portal.shop.payments.testing: dev and tests only.
SHOP_TEST_PAYMENTS = False
# Online payment through Mollie (portal/shop/payments/mollie.py, docs/payments.md):
# offered only with an API key. The endpoint is Mollie's unless set (the local
# fake in development and tests); webhooks and return pages are built on the
# callback base URL (default: PORTAL_BASE_URL).
SHOP_MOLLIE_API_KEY = env("MOLLIE_API_KEY")
SHOP_MOLLIE_API_ENDPOINT = env("MOLLIE_API_ENDPOINT")
SHOP_PAYMENT_CALLBACK_BASE_URL = env("PAYMENT_CALLBACK_BASE_URL") or WAGTAILADMIN_BASE_URL

# One console handler on the root logger. The "django" logger gives up the
# console handler Django configures for it (DEBUG only) and propagates to the
# root instead, so each of its lines is printed once, in runserver as in gunicorn.
LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": "WARNING"},
    "loggers": {"django": {"handlers": [], "level": "INFO"}},
}
