"""Storefront URLs the marketplace adds under /shop/ (mounted before Oscar's)."""

from django.urls import path

from . import registration, views
from .checkout import views as checkout_views
from .payments import views as payment_views

app_name = "shop"
urlpatterns = [
    path("haendler/<slug:slug>/", views.MerchantShopView.as_view(), name="merchant"),
    path(
        "bestellung/<str:number>/<str:key>/",
        views.CheckoutStatusView.as_view(),
        name="checkout-status",
    ),
    # Registration that does not reveal known addresses (replaces Oscar's two views).
    path("accounts/login/", registration.AuthView.as_view(), name="login"),
    path("accounts/register/", registration.RegistrationView.as_view(), name="register"),
    path(
        "accounts/registrierung/gesendet/",
        registration.registration_sent,
        name="registration-sent",
    ),
    path(
        "accounts/aktivieren/<str:uidb64>/<str:token>/",
        registration.activate_view,
        name="activate",
    ),
    path(
        "bestellung/<str:number>/<str:key>/zahlung/",
        checkout_views.PaymentReturnView.as_view(),
        name="payment-return",
    ),
    path(
        "bestellung/<str:number>/<str:key>/status.json",
        checkout_views.checkout_status_json,
        name="checkout-status-json",
    ),
    path(
        "bestellung/<str:number>/<str:key>/warenkorb/",
        checkout_views.RestoreBasketView.as_view(),
        name="checkout-restore-basket",
    ),
    path(
        "bestellung/<str:number>/<str:key>/rechnung/<str:order_number>/",
        checkout_views.invoice_download,
        name="checkout-invoice",
    ),
    path("zahlung/<slug:method>/webhook/", payment_views.webhook, name="payment-webhook"),
]
