"""Editor-managed classifications of businesses: the category tree and payment options."""

from django.db import models
from django.utils.translation import gettext_lazy as _
from wagtail.admin.panels import FieldPanel


def descendant_ids(category, tree):
    """Ids of ``category`` and every category below it; ``tree`` is ``(pk, parent_id)`` pairs."""
    children = {}
    for pk, parent_id in tree:
        children.setdefault(parent_id, []).append(pk)
    ids, todo = [], [category.pk]
    while todo:
        pk = todo.pop()
        ids.append(pk)
        todo.extend(children.get(pk, []))
    return ids


class CategoryQuerySet(models.QuerySet):
    def with_descendant_ids(self, category):
        """Ids of ``category`` and every category below it (the tree is small: one query)."""
        return descendant_ids(category, self.values_list("pk", "parent_id"))


class Category(models.Model):
    """A branch of business, e.g. "Einzelhandel" with "Bücher" below it.

    ``role`` marks the categories the portal treats specially: market stalls
    (listed on weekly market pages) and web designers (who can be asked for
    website help). ``schema_type`` is the schema.org type used in JSON-LD.
    """

    ROLE_MARKET_STALL = "market_stall"
    ROLE_WEB_DESIGN = "web_design"
    ROLE_CHOICES = [
        ("", _("regular")),
        (ROLE_MARKET_STALL, _("weekly market stall")),
        (ROLE_WEB_DESIGN, _("web and graphic design (offers website help)")),
    ]

    name = models.CharField(_("name"), max_length=80)
    slug = models.SlugField(_("slug"), max_length=80, unique=True)
    parent = models.ForeignKey(
        "self",
        verbose_name=_("parent category"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="children",
    )
    sort_order = models.PositiveSmallIntegerField(_("sort order"), default=0)
    role = models.CharField(_("special role"), max_length=20, blank=True, choices=ROLE_CHOICES)
    schema_type = models.CharField(
        _("schema.org type"),
        max_length=60,
        default="LocalBusiness",
        help_text=_("e.g. Store, Bakery, Restaurant, Hotel, HomeAndConstructionBusiness"),
    )
    keywords = models.CharField(
        _("other words for it"),
        max_length=300,
        blank=True,
        help_text=_(
            "What residents type when they look for such a business, separated by commas, "
            "e.g. “Bäcker, Brot, Brötchen” for bakeries. Every business of the category is "
            "found by them."
        ),
    )

    objects = CategoryQuerySet.as_manager()

    panels = [
        FieldPanel("name"),
        FieldPanel("slug"),
        FieldPanel("parent"),
        FieldPanel("sort_order"),
        FieldPanel("keywords"),
        FieldPanel("role"),
        FieldPanel("schema_type"),
    ]

    class Meta:
        ordering = ["sort_order", "name"]
        verbose_name = _("business category")
        verbose_name_plural = _("business categories")

    def __str__(self):
        return f"{self.parent.name} › {self.name}" if self.parent_id else self.name


class PaymentMethod(models.Model):
    """A way to pay at a business (cash, girocard, ...), editor-managed."""

    name = models.CharField(_("name"), max_length=60)
    slug = models.SlugField(_("slug"), max_length=60, unique=True)
    schema_name = models.CharField(
        _("name in structured data"),
        max_length=60,
        blank=True,
        help_text=_("e.g. Cash, Credit Card"),
    )
    sort_order = models.PositiveSmallIntegerField(_("sort order"), default=0)

    panels = [
        FieldPanel("name"),
        FieldPanel("slug"),
        FieldPanel("schema_name"),
        FieldPanel("sort_order"),
    ]

    class Meta:
        ordering = ["sort_order", "name"]
        verbose_name = _("payment option")
        verbose_name_plural = _("payment options")

    def __str__(self):
        return self.name
