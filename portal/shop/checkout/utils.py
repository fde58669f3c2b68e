"""Oscar's checkout session data with the marketplace's own choices.

Oscar keeps a checkout's data (guest e-mail, address) in the session through
``CheckoutSessionData``; its views find this class with ``get_class``, so the
fork's version here is the one every checkout view gets as
``self.checkout_session``. The marketplace adds its choices (fulfilment per
shop, payment method and details, the order token) under a session key of its
own, written through Django's public session API, and clears them when Oscar's
``flush`` ends the checkout. No private member of Oscar's class is used.
"""

from oscar.apps.checkout import utils


class CheckoutSessionData(utils.CheckoutSessionData):
    MARKETPLACE_KEY = "marketplace_checkout"

    def marketplace_choice(self, key, default=None):
        return self.request.session.get(self.MARKETPLACE_KEY, {}).get(key, default)

    def set_marketplace_choice(self, key, value):
        choices = dict(self.request.session.get(self.MARKETPLACE_KEY, {}))
        choices[key] = value
        self.request.session[self.MARKETPLACE_KEY] = choices

    def flush(self):
        super().flush()
        self.request.session.pop(self.MARKETPLACE_KEY, None)
