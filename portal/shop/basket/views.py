"""The basket page, grouped by merchant with each merchant's fulfilment costs.

Oscar's view (quantities, removing, saving for later) with the marketplace's
template: the lines per shop and, before the checkout, what pickup, delivery
or shipping costs at each shop.
"""

from oscar.apps.basket.views import BasketView as OscarBasketView

from portal.shop.services.plan import plan_for


class BasketView(OscarBasketView):
    template_name = "shop/basket.html"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        forms = {form.instance.pk: form for form in context["formset"]}
        plan = plan_for(self.request.basket)
        context["plan"] = plan
        context["parts"] = [
            (part, [(line, forms.get(line.pk)) for line in part.lines]) for part in plan.parts
        ]
        return context
