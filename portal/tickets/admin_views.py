"""Tickets in the Wagtail admin: setting up a sale, its categories, sales figures, attendees.

One menu entry "Tickets" (``TicketViewSet``) with:

- the list of the sales the user may manage or see figures of;
- "new ticket sale" for editors: an event page and its organiser;
- the sale's form: capacity, names, refund rule and the categories
  (name, price, VAT, quota, sale period), saved together and then mirrored
  into the organiser's shop (``selling.sync_products``);
- the sale's figures for the organiser's owners and administrators: sales
  per category, check-in progress, the attendee list (CSV, PDF), cancelling
  a single ticket and the whole event.

Every view takes its sale from a queryset of ``access``; another
organiser's sale answers 404.
"""

from django.contrib import messages
from django.db import transaction
from django.db.models import Count, Q, Sum
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect
from django.urls import path, reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.generic import TemplateView
from wagtail.admin.menu import MenuItem
from wagtail.admin.views.generic import WagtailAdminTemplateMixin
from wagtail.admin.viewsets.base import ViewSet

from portal import spreadsheets
from portal.shop.services.shops import ShopError
from portal.tickets import access, cancelling, selling
from portal.tickets.forms import CancelEventForm, CategoryFormSet, SaleForm, SaleSetupForm
from portal.tickets.models import Ticket, TicketCategory
from portal.tickets.pdf import attendee_pdf


class TicketAdminMixin(WagtailAdminTemplateMixin):
    header_icon = "tag"

    def dispatch(self, request, *args, **kwargs):
        if not access.uses_ticket_admin(request.user):
            raise Http404
        return super().dispatch(request, *args, **kwargs)

    def get_breadcrumbs_items(self):
        return [
            *self.breadcrumbs_items,
            {"url": reverse("tickets_admin:index"), "label": _("Tickets")},
            {"url": "", "label": self.get_page_title()},
        ]


class IndexView(TicketAdminMixin, TemplateView):
    template_name = "tickets/admin/index.html"
    page_title = gettext_lazy("Tickets")

    def get_breadcrumbs_items(self):
        return [*self.breadcrumbs_items, {"url": "", "label": self.page_title}]

    def get_context_data(self, **kwargs):
        user = self.request.user
        figures = set(access.sales_with_figures(user).values_list("pk", flat=True))
        sales = (
            access.sales_managed_by(user)
            .select_related("event", "organiser")
            .annotate(
                sold=Count("tickets", filter=Q(tickets__status=Ticket.Status.VALID)),
                checked_in=Count(
                    "tickets",
                    filter=Q(
                        tickets__status=Ticket.Status.VALID, tickets__checked_in_at__isnull=False
                    ),
                ),
            )
            .order_by("-event__start")
            .distinct()
        )
        return super().get_context_data(
            sales=sales, figures=figures, can_set_up=access.can_set_up(user), **kwargs
        )


class SetUpView(TicketAdminMixin, TemplateView):
    template_name = "tickets/admin/set_up.html"
    page_title = gettext_lazy("New ticket sale")

    def dispatch(self, request, *args, **kwargs):
        if not access.can_set_up(request.user):
            raise Http404
        return super().dispatch(request, *args, **kwargs)

    def get(self, request):
        return self.render_to_response(self.get_context_data(form=SaleSetupForm(user=request.user)))

    def post(self, request):
        form = SaleSetupForm(request.POST, user=request.user)
        if not form.is_valid():
            return self.render_to_response(self.get_context_data(form=form))
        sale = form.save()
        messages.success(request, _("The ticket sale was created. Now add its categories."))
        return redirect("tickets_admin:edit", sale.pk)


class EditView(TicketAdminMixin, TemplateView):
    template_name = "tickets/admin/edit.html"
    page_title = gettext_lazy("Ticket sale")

    def dispatch(self, request, pk):
        self.sale = get_object_or_404(
            access.sales_managed_by(request.user).select_related("event", "organiser").distinct(),
            pk=pk,
        )
        return super().dispatch(request, pk)

    def get_page_subtitle(self):
        return self.sale.event.title

    def forms(self, data=None):
        return (
            SaleForm(data, instance=self.sale),
            CategoryFormSet(data, instance=self.sale, prefix="categories"),
        )

    def get(self, request, pk):
        form, formset = self.forms()
        return self.render_to_response(self.get_context_data(form=form, formset=formset))

    def post(self, request, pk):
        form, formset = self.forms(request.POST)
        if not (form.is_valid() and formset.is_valid()):
            messages.error(request, _("The ticket sale could not be saved. Please check the form."))
            return self.render_to_response(self.get_context_data(form=form, formset=formset))
        try:
            with transaction.atomic():
                form.save()
                for removed in formset.deleted_forms:
                    if removed.instance.pk:
                        selling.withdraw_product(removed.instance)
                formset.save()
                selling.sync_products(self.sale)
        except ShopError as error:  # e.g. the organiser's profile is no longer published
            messages.error(request, str(error))
            return self.render_to_response(self.get_context_data(form=form, formset=formset))
        messages.success(request, _("The ticket sale was saved; the shop shows the new prices."))
        return redirect("tickets_admin:edit", self.sale.pk)

    def get_context_data(self, **kwargs):
        return super().get_context_data(
            sale=self.sale,
            sees_figures=access.sales_with_figures(self.request.user)
            .filter(pk=self.sale.pk)
            .exists(),
            **kwargs,
        )


def category_figures(sale):
    """Per category: valid, cancelled and checked-in tickets and the revenue (one query)."""
    valid = Q(tickets__status=Ticket.Status.VALID)
    return TicketCategory.objects.filter(sale=sale).annotate(
        sold=Count("tickets", filter=valid),
        cancelled=Count("tickets", filter=Q(tickets__status=Ticket.Status.CANCELLED)),
        checked_in=Count("tickets", filter=valid & Q(tickets__checked_in_at__isnull=False)),
        revenue=Sum("tickets__price", filter=valid),
    )


def attendees(sale):
    return (
        Ticket.objects.filter(sale=sale)
        .select_related("category", "order_line__order__user")
        .order_by("category__position", "category_id", "pk")
    )


def attendee_rows(sale):
    yield [
        _("Code"),
        _("Category"),
        _("Name on the ticket"),
        _("Order"),
        _("Buyer's e-mail"),
        _("Price (EUR)"),
        _("Status"),
        _("Checked in"),
        _("Entrance"),
    ]
    from portal.shop.services.emails import customer_email

    for ticket in attendees(sale):
        order = ticket.order_line.order
        yield [
            ticket.short_code_display,
            ticket.category.name,
            ticket.holder_name,
            order.number,
            customer_email(order),
            ticket.price,
            ticket.get_status_display(),
            ticket.checked_in_at,
            ticket.entrance,
        ]


class FiguresView(TicketAdminMixin, TemplateView):
    template_name = "tickets/admin/figures.html"
    page_title = gettext_lazy("Sales and attendees")

    def dispatch(self, request, pk, fmt=None):
        self.sale = get_object_or_404(
            access.sales_with_figures(request.user).select_related("event", "organiser"), pk=pk
        )
        return super().dispatch(request, pk, fmt)

    def get_page_subtitle(self):
        return self.sale.event.title

    def get(self, request, pk, fmt=None):
        sale = self.sale
        stem = f"teilnehmer-{sale.event.slug}"
        if fmt == "csv":
            return spreadsheets.csv_response(stem, attendee_rows(sale))
        if fmt == "pdf":
            response = HttpResponse(
                attendee_pdf(sale, attendees(sale)), content_type="application/pdf"
            )
            response["Content-Disposition"] = f'attachment; filename="{stem}.pdf"'
            return response
        if fmt is not None:
            raise Http404
        return self.render_to_response(self.get_context_data())

    def get_context_data(self, **kwargs):
        sale = self.sale
        categories = list(category_figures(sale))
        tickets = list(attendees(sale))
        return super().get_context_data(
            sale=sale,
            categories=categories,
            tickets=tickets,
            sold=sum(category.sold for category in categories),
            checked_in=sum(category.checked_in for category in categories),
            revenue=sum((category.revenue or 0) for category in categories),
            refund_deadline=cancelling.refund_deadline(sale),
            can_refund_single=(
                cancelling.refund_deadline(sale) is not None
                and timezone.now() <= cancelling.refund_deadline(sale)
            ),
            cancel_form=kwargs.pop("cancel_form", None) or CancelEventForm(),
            **kwargs,
        )


def cancel_ticket(request, pk, ticket_id):
    if request.method != "POST":
        return redirect("tickets_admin:figures", pk)
    sale = get_object_or_404(access.sales_with_figures(request.user), pk=pk)
    ticket = get_object_or_404(Ticket.objects.filter(sale=sale), pk=ticket_id)
    try:
        cancelling.cancel_ticket(ticket, user=request.user)
    except cancelling.CancellationRefused as refused:
        messages.error(request, str(refused))
    else:
        messages.success(
            request,
            _("Ticket %(code)s is cancelled; its price is refunded to the buyer.")
            % {"code": ticket.short_code_display},
        )
    return redirect("tickets_admin:figures", pk)


def cancel_event(request, pk):
    sale = get_object_or_404(access.sales_with_figures(request.user), pk=pk)
    if request.method != "POST":
        return redirect("tickets_admin:figures", pk)
    form = CancelEventForm(request.POST)
    if not form.is_valid():
        view = FiguresView()
        view.setup(request, pk=pk)
        view.sale = sale
        messages.error(request, _("Please give a reason and confirm the cancellation."))
        return view.render_to_response(view.get_context_data(cancel_form=form))
    refunded = cancelling.cancel_event(sale, reason=form.cleaned_data["reason"], user=request.user)
    messages.success(
        request,
        _("The event is cancelled. %(orders)s buyers are told by e-mail and refunded.")
        % {"orders": len(refunded)},
    )
    return redirect("tickets_admin:figures", pk)


class TicketMenuItem(MenuItem):
    def is_shown(self, request):
        return access.uses_ticket_admin(request.user)


class TicketViewSet(ViewSet):
    """Menu entry "Tickets" with the organisers' and editors' ticket pages."""

    name = "tickets_admin"
    url_prefix = "tickets"
    icon = "tag"
    menu_label = gettext_lazy("Tickets")
    menu_item_class = TicketMenuItem
    add_to_admin_menu = True
    menu_order = 270

    def get_urlpatterns(self):
        return [
            path("", IndexView.as_view(), name="index"),
            path("neu/", SetUpView.as_view(), name="set_up"),
            path("<int:pk>/", EditView.as_view(), name="edit"),
            path("<int:pk>/verkauf/", FiguresView.as_view(), name="figures"),
            path("<int:pk>/teilnehmer.<str:fmt>", FiguresView.as_view(), name="attendees"),
            path("<int:pk>/absagen/", cancel_event, name="cancel_event"),
            path(
                "<int:pk>/ticket/<int:ticket_id>/stornieren/", cancel_ticket, name="cancel_ticket"
            ),
        ]
