"""Public voucher URLs (fixed: /gutschein/ and /g/<code>/, see DESIGN.md section 4)."""

from django.urls import path

from portal.vouchers import (  # noqa: F401  (converters registers path types)
    converters,
    shop_views,
    views,
)

app_name = "cityvouchers"
urlpatterns = [
    # Any text: a mistyped code must get the same answer as an unknown one.
    path("g/<str:code>/", views.status, name="status"),
    path("gutschein/", views.check, name="check"),
    path("gutschein/einloesen/", views.redeem_page, name="redeem"),
    path("gutschein/beleg/<str:receipt>/", views.receipt, name="receipt"),
    path("gutschein/haendler/", views.merchant_area, name="merchant_area"),
    path("gutschein/haendler/konto/<int:pk>/", views.bank_details, name="bank_details"),
    path(
        "gutschein/haendler/abrechnung/<str:number>.<docformat:fmt>",
        views.statement_download,
        name="statement_download",
    ),
    path(
        "gutschein/bestellung/<str:number>/<str:key>/<str:order_number>/senden/",
        shop_views.resend,
        name="order_resend",
    ),
    path(
        "gutschein/bestellung/<str:number>/<str:key>/<str:order_number>/widerrufen/",
        shop_views.withdraw,
        name="order_withdraw",
    ),
    path("gutschein/firmen/", views.employer_order_list, name="employer_orders"),
    path("gutschein/firmen/<str:number>/", views.employer_order_detail, name="employer_order"),
    path(
        "gutschein/firmen/<str:number>/rechnung.pdf",
        views.employer_invoice,
        name="employer_invoice",
    ),
    path(
        "gutschein/firmen/<str:number>/<month:month>.<docformat:fmt>",
        views.employer_sheet,
        name="employer_sheet",
    ),
]
