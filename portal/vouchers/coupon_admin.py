"""Coupons in the Wagtail admin: merchants' own coupons, the town's review, books, figures.

- "Meine Coupons" (``MerchantCouponViewSet``): an owner lists, creates and
  edits the coupons of the businesses it owns, with how many were taken and
  used. Every row comes from ``own_coupons(user)``; another business's
  coupon answers 404 (the shop's ``OwnRowsMixin``). Saving submits the
  coupon for approval (or approves it when the programme needs none).
- "Coupons prüfen" (``CouponReviewViewSet``): editors and the voucher
  operator (Django permission ``change_coupon``) approve or reject.
- "Gutscheinhefte" (``CouponBookViewSet``): the operator composes books from
  approved coupons; saving one puts it on sale in the operator's shop.
- "Coupon-Zahlen" (``FiguresView``): taken, used and rate per business,
  books sold and their revenue.
- "Coupon-Aktionen" (``CouponCampaignViewSet``): the editors (Django
  permissions on ``CouponCampaign``) create town-wide campaigns and pick
  approved coupons for them; owners answer under "Meine Coupons › Aktionen"
  (``MerchantCampaignsView``) with their own approved coupons only.

One permission policy serves the model ``Coupon`` for both sides
(``CouponPolicy``): Django permissions for the town, ownership for merchants.
"""

from django import forms
from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.db.models import Q
from django.shortcuts import get_object_or_404, redirect
from django.urls import path, reverse
from django.utils.functional import cached_property
from django.utils.translation import gettext_lazy as _
from django.views.generic import TemplateView
from wagtail.admin.forms import WagtailAdminModelForm
from wagtail.admin.menu import MenuItem
from wagtail.admin.panels import FieldPanel, FieldRowPanel, MultiFieldPanel, ObjectList
from wagtail.admin.ui.tables import Column, TitleColumn
from wagtail.admin.views import generic
from wagtail.admin.views.generic import WagtailAdminTemplateMixin
from wagtail.admin.viewsets.base import ViewSet
from wagtail.admin.viewsets.model import ModelViewSet
from wagtail.permission_policies import ModelPermissionPolicy

from portal.directory.services import merchant_pages_for_user
from portal.home.admin_display import yes_no
from portal.roles.services import reaches_every_town
from portal.roles.towns import InstallationOnlyViewSet, TownScopedViewSet, installation_only
from portal.shop.admin_views.permissions import OwnRowsMixin
from portal.towns import in_town, town_id_of_page
from portal.vouchers import coupons
from portal.vouchers.models import Coupon, CouponBook, CouponCampaign
from portal.vouchers.models.coupons import WEEKDAYS

OWNER_ACTIONS = {"add", "change", "view"}
REVIEW_PERMISSION = "cityvouchers.change_coupon"


def own_coupons(user):
    return Coupon.objects.filter(merchant__in=merchant_pages_for_user(user))


def owns_a_business(user):
    cached = getattr(user, "_portal_owns_business", None)
    if cached is None:
        cached = bool(user.is_authenticated and merchant_pages_for_user(user).exists())
        user._portal_owns_business = cached
    return cached


class CouponPolicy(ModelPermissionPolicy):
    """The town by Django permissions; an owner on its own businesses' coupons."""

    def user_has_permission(self, user, action):
        return super().user_has_permission(user, action) or (
            action in OWNER_ACTIONS and owns_a_business(user)
        )

    def user_has_permission_for_instance(self, user, action, instance):
        if super().user_has_permission(user, action):
            return True
        return action in OWNER_ACTIONS and own_coupons(user).filter(pk=instance.pk).exists()

    def instances_user_has_any_permission_for(self, user, actions):
        if any(super(CouponPolicy, self).user_has_permission(user, a) for a in actions):
            return Coupon.objects.all()
        if OWNER_ACTIONS.intersection(actions):
            return own_coupons(user)
        return Coupon.objects.none()


# ------------------------------------------------------------------ merchants


class CouponForm(WagtailAdminModelForm):
    """The merchant's form: only its own businesses, weekdays as boxes, German amounts."""

    weekdays = forms.MultipleChoiceField(
        label=_("Weekdays"),
        choices=WEEKDAYS,
        required=False,
        widget=forms.CheckboxSelectMultiple,
        help_text=_("None ticked: every day."),
    )

    class Meta:
        model = Coupon
        fields = [
            "merchant",
            "title",
            "kind",
            "value",
            "benefit",
            "conditions",
            "minimum_purchase",
            "channel",
            "valid_from",
            "valid_until",
            "weekdays",
            "time_from",
            "time_until",
            "total_limit",
            "per_person_limit",
            "free",
        ]
        localized_fields = ["value", "minimum_purchase"]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["merchant"].queryset = merchant_pages_for_user(self.for_user).order_by("title")
        self.initial["weekdays"] = list(self.instance.weekdays or "")
        self.fields["merchant"].empty_label = None

    def clean_weekdays(self):
        return "".join(sorted(set(self.cleaned_data["weekdays"])))


COUPON_PANELS = ObjectList(
    [
        FieldPanel("merchant"),
        FieldPanel("title"),
        MultiFieldPanel(
            [
                FieldRowPanel([FieldPanel("kind"), FieldPanel("value")]),
                FieldPanel("benefit"),
                FieldPanel("conditions"),
                FieldRowPanel([FieldPanel("minimum_purchase"), FieldPanel("channel")]),
            ],
            heading=_("What the customer gets"),
        ),
        MultiFieldPanel(
            [
                FieldRowPanel([FieldPanel("valid_from"), FieldPanel("valid_until")]),
                FieldPanel("weekdays"),
                FieldRowPanel([FieldPanel("time_from"), FieldPanel("time_until")]),
            ],
            heading=_("When it is valid"),
        ),
        MultiFieldPanel(
            [
                FieldRowPanel([FieldPanel("total_limit"), FieldPanel("per_person_limit")]),
                FieldPanel("free"),
            ],
            heading=_("How many"),
        ),
    ],
    base_form_class=CouponForm,
)


def rate_text(coupon):
    value = coupons.rate(coupon.used_count, coupon.claim_count)
    return "–" if value is None else f"{value} %"


def figure_columns(edit_url):
    return [
        TitleColumn("title", label=_("Coupon"), get_url=edit_url),
        Column("merchant", label=_("Business")),
        Column("status", label=_("Status"), accessor="get_status_display"),
        Column("valid_until", label=_("Valid until")),
        Column("claim_count", label=_("Taken")),
        Column("used_count", label=_("Used")),
        Column("rate", label=_("Redemption rate"), accessor=rate_text),
    ]


class MerchantCouponIndexView(OwnRowsMixin, generic.IndexView):
    rows_for = staticmethod(lambda user: coupons.coupon_figures(own_coupons(user)))
    page_title = _("My coupons")
    default_ordering = "-valid_until"

    @cached_property
    def columns(self):
        return figure_columns(self.get_edit_url)


class SubmitMixin:
    def save_instance(self):
        return coupons.submit(self.form.save(commit=False))


class MerchantCouponCreateView(SubmitMixin, generic.CreateView):
    success_message = _("Coupon '%(object)s' saved and submitted for approval.")


class MerchantCouponEditView(SubmitMixin, OwnRowsMixin, generic.EditView):
    rows_for = staticmethod(own_coupons)
    success_message = _("Coupon '%(object)s' saved and submitted for approval.")


class OwnerMenuItem(MenuItem):
    def is_shown(self, request):
        return owns_a_business(request.user)


class MerchantCouponViewSet(ModelViewSet):
    model = Coupon
    name = "coupons_merchant"
    url_prefix = "coupons/meine"
    icon = "pick"
    menu_label = _("My coupons")
    menu_order = 265
    add_to_admin_menu = True
    add_to_reference_index = False
    copy_view_enabled = False
    index_view_class = MerchantCouponIndexView
    add_view_class = MerchantCouponCreateView
    edit_view_class = MerchantCouponEditView
    edit_handler = COUPON_PANELS

    @cached_property
    def menu_item_class(self):
        return OwnerMenuItem

    def get_common_view_kwargs(self, **kwargs):
        return super().get_common_view_kwargs(
            delete_url_name=None, history_url_name=None, usage_url_name=None, **kwargs
        )

    def get_permissions_to_register(self):
        return []

    def get_urlpatterns(self):
        return [
            path("", self.index_view, name="index"),
            path("results/", self.index_results_view, name="index_results"),
            path("neu/", self.add_view, name="add"),
            path("<int:pk>/", self.edit_view, name="edit"),
            path("aktionen/", MerchantCampaignsView.as_view(), name="campaigns"),
        ]


# ------------------------------------------------------------------ the town's review


class ReviewerRequiredMixin:
    """Only holders of the Django permission: an owner's ownership does not count here."""

    def dispatch(self, request, *args, **kwargs):
        if not request.user.has_perm(REVIEW_PERMISSION):
            raise PermissionDenied
        return super().dispatch(request, *args, **kwargs)


class ReviewForm(WagtailAdminModelForm):
    class Meta:
        model = Coupon
        fields = ["status", "review_note"]


class ReviewIndexView(ReviewerRequiredMixin, generic.IndexView):
    page_title = _("Review coupons")
    default_ordering = "status"

    def get_base_queryset(self):
        return coupons.coupon_figures(Coupon.objects.select_related("merchant"))

    @cached_property
    def columns(self):
        return figure_columns(self.get_edit_url)


class ReviewEditView(ReviewerRequiredMixin, generic.EditView):
    success_message = _("Coupon '%(object)s' reviewed.")


class ReviewerMenuItem(MenuItem):
    def is_shown(self, request):
        return request.user.has_perm(REVIEW_PERMISSION)


class CouponReviewViewSet(TownScopedViewSet, ModelViewSet):
    model = Coupon
    town_field = "page:merchant"
    name = "coupons_review"
    url_prefix = "coupons/pruefen"
    icon = "pick"
    menu_label = _("Review coupons")
    add_to_reference_index = False
    copy_view_enabled = False
    index_view_class = ReviewIndexView
    edit_view_class = ReviewEditView
    list_filter = ["status"]
    search_fields = ["title", "merchant__title"]
    edit_handler = ObjectList(
        [FieldPanel("status"), FieldPanel("review_note")], base_form_class=ReviewForm
    )

    @cached_property
    def menu_item_class(self):
        return ReviewerMenuItem

    def get_common_view_kwargs(self, **kwargs):
        return super().get_common_view_kwargs(
            add_url_name=None,
            delete_url_name=None,
            history_url_name=None,
            usage_url_name=None,
            **kwargs,
        )

    def get_permissions_to_register(self):
        return []

    def get_urlpatterns(self):
        return [
            path("", self.index_view, name="index"),
            path("results/", self.index_results_view, name="index_results"),
            path("<int:pk>/", self.edit_view, name="edit"),
        ]


# ------------------------------------------------------------------ books


class CouponBookForm(WagtailAdminModelForm):
    class Meta:
        model = CouponBook
        fields = [
            "title",
            "description",
            "price",
            "edition_size",
            "valid_until",
            "coupons",
            "active",
            "merchant_share_percent",
            "share_rule",
        ]
        localized_fields = ["price", "merchant_share_percent"]
        widgets = {"coupons": forms.CheckboxSelectMultiple}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        offer_approved_coupons(self)


def offer_approved_coupons(form):
    """The ``coupons`` boxes of a book or campaign: approved coupons and those already in it."""
    chosen = form.instance.coupons.all() if form.instance.pk else Coupon.objects.none()
    form.fields["coupons"].queryset = (
        Coupon.objects.filter(Q(status=Coupon.Status.APPROVED) | Q(pk__in=chosen))
        .select_related("merchant")
        .order_by("merchant__title", "title")
    )


class OnSaleMixin:
    """Saving a book puts it on sale (or takes it off) in the operator's shop."""

    def save_instance(self):
        from portal.vouchers import coupon_selling

        book = super().save_instance()
        coupon_selling.sync_book_product(book)
        return book


class CouponBookCreateView(OnSaleMixin, generic.CreateView):
    pass


class CouponBookEditView(OnSaleMixin, generic.EditView):
    pass


class CouponBookViewSet(InstallationOnlyViewSet, ModelViewSet):
    model = CouponBook
    name = "coupon_books"
    url_prefix = "coupons/hefte"
    icon = "doc-full"
    menu_label = _("Coupon books")
    add_to_reference_index = False
    copy_view_enabled = False
    add_view_class = CouponBookCreateView
    edit_view_class = CouponBookEditView
    form_fields = CouponBookForm.Meta.fields
    list_display = ["title", "price", "edition_size", "sold", "valid_until"]

    def get_form_class(self, for_update=False):
        return CouponBookForm


# ------------------------------------------------------------------ campaigns


class CouponCampaignForm(WagtailAdminModelForm):
    class Meta:
        model = CouponCampaign
        fields = [
            "site",
            "title",
            "slug",
            "text",
            "valid_from",
            "valid_until",
            "merchants_may_join",
            "coupons",
        ]
        widgets = {"coupons": forms.CheckboxSelectMultiple}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        offer_approved_coupons(self)

    def clean(self):
        cleaned = super().clean()
        site, chosen = cleaned.get("site"), cleaned.get("coupons")
        if site is not None and chosen:
            elsewhere = chosen.exclude(in_town(site, "merchant"))
            if elsewhere.exists():
                self.add_error(
                    "coupons",
                    _("Choose only coupons of businesses in %(town)s.") % {"town": site.site_name},
                )
        return cleaned


class CouponCampaignViewSet(TownScopedViewSet, ModelViewSet):
    """The editors' campaigns; Django's model permissions decide (Redaktion, Administration)."""

    model = CouponCampaign
    name = "coupon_campaigns"
    url_prefix = "coupons/aktionen"
    icon = "calendar"
    menu_label = _("Coupon campaigns")
    add_to_reference_index = False
    copy_view_enabled = False
    form_fields = CouponCampaignForm.Meta.fields
    list_display = [
        "title",
        "valid_from",
        "valid_until",
        yes_no(CouponCampaign, "merchants_may_join"),
    ]

    def get_form_class(self, for_update=False):
        return CouponCampaignForm


class JoinCampaignForm(forms.Form):
    """An owner's own approved coupons for one campaign, ticked where they take part."""

    coupons = forms.ModelMultipleChoiceField(
        label=_("Your coupons in this campaign"),
        queryset=Coupon.objects.none(),
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )

    def __init__(self, *args, campaign, own, **kwargs):
        super().__init__(*args, prefix=f"campaign-{campaign.pk}", **kwargs)
        self.campaign = campaign
        self.fields["coupons"].queryset = (
            own.approved().filter(in_town(campaign.site, "merchant")).select_related("merchant")
        )
        self.initial["coupons"] = list(
            campaign.coupons.filter(pk__in=own).values_list("pk", flat=True)
        )


class MerchantCampaignsView(WagtailAdminTemplateMixin, TemplateView):
    """The campaigns open to businesses; an owner adds or withdraws its own coupons."""

    template_name = "cityvouchers/admin/merchant_campaigns.html"
    page_title = _("Coupon campaigns")
    header_icon = "calendar"

    def dispatch(self, request, *args, **kwargs):
        if not owns_a_business(request.user):
            raise PermissionDenied
        return super().dispatch(request, *args, **kwargs)

    def own(self):
        return own_coupons(self.request.user)

    def campaigns(self):
        """Open campaigns of the towns the owner's businesses are in."""
        towns = {town_id_of_page(page) for page in merchant_pages_for_user(self.request.user)}
        return CouponCampaign.objects.open_to_merchants().filter(site_id__in=towns)

    def get_context_data(self, **kwargs):
        forms_ = kwargs.pop("forms", {})
        campaigns = self.campaigns().order_by("valid_from")
        own = self.own()
        return super().get_context_data(
            forms=[forms_.get(c.pk) or JoinCampaignForm(campaign=c, own=own) for c in campaigns],
            **kwargs,
        )

    def post(self, request):
        campaign = get_object_or_404(self.campaigns(), pk=request.POST.get("campaign"))
        own = self.own()
        form = JoinCampaignForm(request.POST, campaign=campaign, own=own)
        if not form.is_valid():
            return self.render_to_response(self.get_context_data(forms={campaign.pk: form}))
        coupons.campaign_choice(campaign, own, form.cleaned_data["coupons"])
        messages.success(
            request, _("Your coupons in '%(campaign)s' were saved.") % {"campaign": campaign}
        )
        return redirect(reverse("coupons_merchant:campaigns"))


# ------------------------------------------------------------------ figures


class FiguresView(ReviewerRequiredMixin, WagtailAdminTemplateMixin, TemplateView):
    template_name = "cityvouchers/admin/coupon_figures.html"
    page_title = _("Coupon figures")
    header_icon = "pick"

    def get_context_data(self, **kwargs):
        from portal.directory.models import MerchantPage

        return super().get_context_data(
            merchants=coupons.merchant_figures(MerchantPage.objects.all()),
            books=coupons.book_figures(),
            **kwargs,
        )


# The figures span every business of every town.
FiguresView = installation_only(FiguresView)


class InstallationReviewerMenuItem(ReviewerMenuItem):
    """The figures of every town: not for users confined to some towns."""

    def is_shown(self, request):
        return super().is_shown(request) and reaches_every_town(request.user)


class FiguresViewSet(ViewSet):
    name = "coupon_figures"
    url_prefix = "coupons/zahlen"
    icon = "pick"
    menu_label = _("Coupon figures")

    @cached_property
    def menu_item_class(self):
        return InstallationReviewerMenuItem

    def get_urlpatterns(self):
        return [path("", FiguresView.as_view(), name="index")]
