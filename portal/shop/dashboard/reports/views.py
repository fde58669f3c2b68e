"""Reports: staff get all of Oscar's; a merchant gets the order report of its own orders.

Oscar's generators see every order and only admit staff. For a merchant the
report choice is reduced to the orders report and its queryset (HTML page
and CSV download alike) is limited to ``access.orders_for``.
"""

from django.core.exceptions import PermissionDenied
from oscar.apps.dashboard.reports.views import IndexView as OscarIndexView

from portal.shop import access

MERCHANT_REPORTS = ("order_report",)


class IndexView(OscarIndexView):
    def get(self, request, *args, **kwargs):
        if not access.sees_all(request.user):
            self.report_form_class = self.merchant_form_class()
        return super().get(request, *args, **kwargs)

    def merchant_form_class(self):
        base = super().report_form_class

        class MerchantReportForm(base):
            def __init__(self, *args, **kwargs):
                super().__init__(*args, **kwargs)
                field = self.fields["report_type"]
                field.choices = [c for c in field.choices if c[0] in MERCHANT_REPORTS]

        return MerchantReportForm

    def _get_generator(self, form):
        generator = super()._get_generator(form)
        user = self.request.user
        if access.sees_all(user):
            return generator
        if generator.code not in MERCHANT_REPORTS:
            raise PermissionDenied
        generator.queryset = generator.queryset.filter(pk__in=access.orders_for(user).values("pk"))
        # Oscar's generator admits staff only; its queryset is now the merchant's own.
        generator.is_available_to = lambda _user: True
        return generator
