"""Storefront URLs the marketplace adds under /shop/ (mounted before Oscar's)."""

from django.urls import path

from . import views

app_name = "shop"
urlpatterns = [
    path("haendler/<slug:slug>/", views.MerchantShopView.as_view(), name="merchant"),
    path(
        "bestellung/<str:number>/<str:key>/",
        views.CheckoutStatusView.as_view(),
        name="checkout-status",
    ),
]
