"""The basket page, grouped by merchant with each merchant's fulfilment costs.

Oscar's view (quantities, removing, saving for later) with the marketplace's
template: the lines per shop and, before the checkout, what pickup, delivery
or shipping costs at each shop. A code that stopped applying since it was
added (``discounts.drop_unusable_vouchers``) is removed here, and the page
says so above the lines.
"""

from django.http import Http404
from oscar.apps.basket.views import BasketAddView as OscarBasketAddView
from oscar.apps.basket.views import BasketView as OscarBasketView
from oscar.core.loading import get_model

from portal.shop.services.discounts import drop_unusable_vouchers
from portal.shop.services.plan import plan_for
from portal.towns import town_for_request

Product = get_model("catalogue", "Product")


class BasketAddView(OscarBasketAddView):
    """Oscar's "add to basket", for products of the town's own shops only."""

    def post(self, request, *args, **kwargs):
        town = town_for_request(request)
        if not Product.objects.filter(pk=kwargs["pk"]).in_town(town).exists():
            raise Http404
        return super().post(request, *args, **kwargs)


class BasketView(OscarBasketView):
    template_name = "shop/basket.html"

    def get(self, request, *args, **kwargs):
        self.voucher_notices = drop_unusable_vouchers(request.basket, request.user)
        return super().get(request, *args, **kwargs)

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["voucher_notices"] = getattr(self, "voucher_notices", [])
        forms = {form.instance.pk: form for form in context["formset"]}
        plan = plan_for(self.request.basket)
        context["plan"] = plan
        context["parts"] = [
            (part, [(line, forms.get(line.pk)) for line in part.lines]) for part in plan.parts
        ]
        return context
