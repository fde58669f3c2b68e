"""Oscar's offer applicator, for a basket of several merchants.

Oscar applies every offer (site offers and those of the voucher codes in
the basket) to the whole basket. An offer that belongs to a merchant
(``portal.shop.models.MerchantOffer``) must neither discount another
merchant's goods nor count them towards its condition ("10 % off from
20 € at our shop"), so it is applied to a view of the basket that holds
only that merchant's lines (``MerchantLines``). Oscar's conditions and
benefits read a basket only through ``all_lines()`` (and its currency and
owner), so the view is all they need; discounts land on the real lines.

What each offer took off each line is in the line's discount registry;
``portal.shop.services.discounts`` turns that into each merchant order's
discounts. Oscar leaves a percentage of a price unrounded (10 % of 12.95 €
is 1.295 €); every line's discount is rounded to the cent here (half up),
so line prices, order totals and the VAT per rate are whole cents.
"""

from decimal import ROUND_HALF_UP, Decimal

from oscar.apps.offer import applicator
from oscar.core.loading import get_class

OfferApplications = get_class("offer.results", "OfferApplications")


class MerchantLines:
    """A basket as one merchant's offer sees it: only that merchant's lines."""

    def __init__(self, basket, partner_id):
        self._basket = basket
        self._partner_id = partner_id

    def all_lines(self):
        return [
            line
            for line in self._basket.all_lines()
            if line.stockrecord_id and line.stockrecord.partner_id == self._partner_id
        ]

    def __getattr__(self, name):
        return getattr(self._basket, name)


CENT = Decimal("0.01")


def round_line_discounts(basket):
    """Every discount on every line to whole cents (see module docstring)."""
    for line in basket.all_lines():
        registry = line.discounts
        rounded = [
            application._replace(amount=application.amount.quantize(CENT, ROUND_HALF_UP))
            for application in registry.all()
        ]
        if rounded != registry.all():
            registry._discounts[:] = rounded  # Oscar keeps them in this list
            registry._discount_incl_tax = registry._discount_excl_tax = None


def merchant_partners(offers):
    """``{offer pk: partner pk}`` for the offers that belong to a merchant."""
    from portal.shop.models import MerchantOffer

    ids = [offer.pk for offer in offers if offer.pk]
    if not ids:
        return {}
    return dict(
        MerchantOffer.objects.filter(offer_id__in=ids).values_list("offer_id", "shop__partner_id")
    )


class Applicator(applicator.Applicator):
    def apply_offers(self, basket, offers):
        partners = merchant_partners(offers)
        applications = OfferApplications()
        for offer in offers:
            target = basket
            if offer.pk in partners:
                target = MerchantLines(basket, partners[offer.pk])
            applied = 0
            # As Oscar's: until the offer's limit or until its benefit no longer applies.
            while applied < offer.get_max_applications(basket.owner):
                result = offer.apply_benefit(target)
                round_line_discounts(basket)
                applied += 1
                if not result.is_successful:
                    break
                applications.add(offer, result)
                if result.is_final:
                    break
        basket.offer_applications = applications
