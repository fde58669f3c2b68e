"""Oscar's checkout app with the marketplace's steps (see ``views.py``)."""

import oscar.apps.checkout.apps as apps
from django.db import transaction
from django.urls import path
from oscar.core.loading import get_class


class CheckoutConfig(apps.CheckoutConfig):
    name = "portal.shop.checkout"

    def ready(self):
        super().ready()
        self.preview_view = get_class("checkout.views", "PreviewView")
        self.shipping_method_view = get_class("checkout.views", "FulfilmentView")
        self.shipping_address_view = get_class("checkout.views", "AddressView")

    def get_urls(self):
        urls = [
            path("", self.index_view.as_view(), name="index"),
            path("lieferung/", self.shipping_method_view.as_view(), name="shipping-method"),
            path("adresse/", self.shipping_address_view.as_view(), name="shipping-address"),
            path(
                "user-address/edit/<int:pk>/",
                self.user_address_update_view.as_view(),
                name="user-address-update",
            ),
            path(
                "user-address/delete/<int:pk>/",
                self.user_address_delete_view.as_view(),
                name="user-address-delete",
            ),
            path("zahlung/", self.payment_method_view.as_view(), name="payment-method"),
            # Placing the orders manages its own transactions (services.placement).
            path(
                "bestellen/",
                transaction.non_atomic_requests(self.preview_view.as_view()),
                name="preview",
            ),
            path("danke/", self.thankyou_view.as_view(), name="thank-you"),
        ]
        return self.post_process_urls(urls)
