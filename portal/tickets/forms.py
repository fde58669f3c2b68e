"""Forms of the ticket app: setting up and managing a sale in the admin, buying tickets."""

from django import forms
from django.forms.models import BaseInlineFormSet, inlineformset_factory
from django.utils.translation import gettext_lazy as _

from portal.directory.models import MerchantPage
from portal.roles.services import for_towns_of
from portal.tickets import access
from portal.tickets.models import TicketCategory, TicketSale
from portal.towns import town_id_of_page

MAX_PER_CATEGORY = 20


class SaleSetupForm(forms.ModelForm):
    """Editors connect an event with the business or club that sells its tickets."""

    class Meta:
        model = TicketSale
        fields = ["event", "organiser"]

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["event"].queryset = (
            access.editable_events(user).filter(ticket_sale__isnull=True).order_by("-start")
        )
        # A shop needs a published profile, in one of the editor's towns.
        organisers = MerchantPage.objects.live().order_by("title")
        self.fields["organiser"].queryset = for_towns_of(organisers, user, "page:")

    def clean(self):
        cleaned = super().clean()
        event, organiser = cleaned.get("event"), cleaned.get("organiser")
        if event and organiser and town_id_of_page(event) != town_id_of_page(organiser):
            self.add_error(
                "organiser", _("The organiser must be a business of the event's own town.")
            )
        return cleaned


class SaleForm(forms.ModelForm):
    class Meta:
        model = TicketSale
        fields = ["capacity", "names_on_tickets", "refund_hours", "few_left"]

    def clean_capacity(self):
        capacity = self.cleaned_data["capacity"]
        if capacity is not None and capacity < self.instance.taken:
            raise forms.ValidationError(
                _("%(taken)s tickets are already sold or reserved; the capacity cannot be lower.")
                % {"taken": self.instance.taken}
            )
        return capacity


class CategoryForm(forms.ModelForm):
    class Meta:
        model = TicketCategory
        fields = [
            "name",
            "price",
            "vat_rate",
            "quota",
            "slot",
            "sale_starts",
            "sale_ends",
            "position",
        ]
        widgets = {
            name: forms.DateTimeInput(attrs={"type": "datetime-local"}, format="%Y-%m-%dT%H:%M")
            for name in ("slot", "sale_starts", "sale_ends")
        }

    def clean_quota(self):
        quota = self.cleaned_data["quota"]
        taken = self.instance.taken if self.instance.pk else 0
        if quota is not None and quota < taken:
            raise forms.ValidationError(
                _("%(taken)s tickets of this category are already sold or reserved.")
                % {"taken": taken}
            )
        return quota


class BaseCategoryFormSet(BaseInlineFormSet):
    def clean(self):
        super().clean()
        for form in self.forms:
            if form in self.deleted_forms and form.instance.pk and form.instance.taken:
                raise forms.ValidationError(
                    _("“%(name)s” has sold tickets and cannot be removed. Set its quota instead.")
                    % {"name": form.instance.name}
                )


CategoryFormSet = inlineformset_factory(
    TicketSale,
    TicketCategory,
    form=CategoryForm,
    formset=BaseCategoryFormSet,
    extra=2,
    can_delete=True,
)


class CancelEventForm(forms.Form):
    reason = forms.CharField(
        label=_("Reason (sent to every buyer)"),
        max_length=300,
        widget=forms.Textarea(attrs={"rows": 3}),
    )
    confirm = forms.BooleanField(
        label=_("Cancel the event: every ticket becomes invalid and is refunded.")
    )


class BuyForm(forms.Form):
    """The event page's order form: how many tickets of each category on sale."""

    def __init__(self, offers, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.offers = offers
        for offer in offers:
            most = MAX_PER_CATEGORY if offer.left is None else min(MAX_PER_CATEGORY, offer.left)
            self.fields[f"category_{offer.category.pk}"] = forms.IntegerField(
                label=offer.category.name,
                min_value=0,
                max_value=most,
                initial=0,
                required=False,
                widget=forms.NumberInput(attrs={"min": 0, "max": most, "step": 1}),
                error_messages={
                    "max_value": _("At most %(limit_value)s tickets of this category."),
                    "min_value": _("Please enter 0 or more."),
                    "invalid": _("Please enter a whole number."),
                },
            )

    def wanted(self):
        """``[(offer, quantity)]`` of the categories asked for."""
        return [
            (offer, self.cleaned_data.get(f"category_{offer.category.pk}") or 0)
            for offer in self.offers
            if self.cleaned_data.get(f"category_{offer.category.pk}")
        ]

    def clean(self):
        cleaned = super().clean()
        if not self.errors and not self.wanted():
            raise forms.ValidationError(_("Please choose at least one ticket."))
        return cleaned
