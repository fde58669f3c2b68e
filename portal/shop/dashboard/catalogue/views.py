"""Oscar's product editing, with every product owned by one merchant.

A merchant sees and edits the products its shop owns (``utils``); a new
product belongs to the shop of its stock record (or, for a parent product
without one, to the merchant's shop), a variant to its parent's shop, and
variants can only be added below the merchant's own products.
"""

from django.shortcuts import get_object_or_404
from oscar.apps.dashboard.catalogue import views as oscar_views
from oscar.core.loading import get_model

from portal.shop import access

Product = get_model("catalogue", "Product")


class ProductCreateUpdateView(oscar_views.ProductCreateUpdateView):
    def get_object(self, queryset=None):
        parent_pk = self.kwargs.get("parent_pk")
        if "pk" not in self.kwargs and parent_pk is not None:
            # Only below a product the user may manage (Oscar accepts any parent).
            get_object_or_404(self.get_queryset(), pk=parent_pk)
        return super().get_object(queryset)

    def forms_valid(self, form, formsets):
        response = super().forms_valid(form, formsets)
        self.assign_owner(self.object)
        return response

    def assign_owner(self, product):
        if product.is_child:
            owner_id = product.parent.partner_id
        else:
            record = product.stockrecords.order_by("pk").first()
            owner_id = record.partner_id if record else product.partner_id
            if owner_id is None and not access.sees_all(self.request.user):
                owner_id = (
                    access.partners_for(self.request.user).values_list("pk", flat=True).first()
                )
        if owner_id != product.partner_id:
            product.partner_id = owner_id
            product.save(update_fields=["partner"])
            product.children.update(partner_id=owner_id)


class ProductLookupView(oscar_views.ProductLookupView):
    """The product search behind the dashboard's product pickers: own products only."""

    def get_queryset(self):
        products = super().get_queryset()
        if access.sees_all(self.request.user):
            return products
        return products.filter(pk__in=access.products_for(self.request.user).values("pk"))
