"""Public voucher URLs (fixed: /gutschein/ and /g/<code>/, see docs/architecture.md)."""

from django.urls import path

from portal.vouchers import (  # noqa: F401  (converters registers path types)
    converters,
    coupon_views,
    shop_views,
    views,
)

app_name = "cityvouchers"
urlpatterns = [
    # Any text: a mistyped code must get the same answer as an unknown one.
    path("g/<str:code>/", views.status, name="status"),
    path("gutschein/", views.check, name="check"),
    path("gutschein/anmelden/", views.TillLoginView.as_view(), name="login"),
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
    path("gutschein/coupon-beleg/<str:receipt>/", views.coupon_receipt, name="coupon_receipt"),
    path("gutscheine/coupons/", coupon_views.coupon_list, name="coupons"),
    path("gutscheine/coupons/meine/", coupon_views.my_coupons, name="my_coupons"),
    path("gutscheine/coupons/offline.js", coupon_views.service_worker, name="coupon_sw"),
    path("gutscheine/coupons/aktion/<slug:slug>/", coupon_views.campaign, name="coupon_campaign"),
    path("gutscheine/coupons/<int:pk>/nehmen/", coupon_views.take, name="coupon_take"),
    path("gutscheine/coupons/c/<str:code>.pdf", coupon_views.claim_pdf, name="coupon_pdf"),
    path("gutscheine/coupons/c/<str:code>/senden/", coupon_views.claim_mail, name="coupon_mail"),
    path("gutscheine/coupons/heft/<str:code>/", coupon_views.book_copy, name="coupon_book_copy"),
    path("gutscheine/coupons/heft/<str:code>.pdf", coupon_views.book_pdf, name="coupon_book_pdf"),
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
