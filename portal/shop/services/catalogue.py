"""Products as merchants keep them in the admin: price and stock per sellable item.

A product without variants is Oscar's stand-alone product with one stock
record of its shop. A product with variants (sizes, colours) is an Oscar
parent whose children each have their own stock record; the parent has none
(Oscar's rule). ``save_product`` switches between the two when a merchant
adds the first variant or removes the last one.

Stock counts change by difference: the form carries the count the merchant
saw, and the row gets ``num_in_stock + (entered - seen)`` in one UPDATE.
Handing over an order lowers the same count with an UPDATE of its own
(Oscar's ``consume_allocation``), so a pickup collected while the merchant
was typing is not undone by the save.
"""

from dataclasses import dataclass, field
from decimal import Decimal

from django.db import transaction
from django.db.models import F, Q
from django.db.models.functions import Coalesce, Greatest
from oscar.core.loading import get_model

from portal.shop import caching

Product = get_model("catalogue", "Product")
StockRecord = get_model("partner", "StockRecord")

# Below this many available items a product counts as running low, unless the
# merchant set its own threshold on the stock record.
DEFAULT_LOW_STOCK = 3


@dataclass
class Stock:
    """What the merchant entered for one sellable item."""

    price: Decimal
    num_in_stock: int | None = None
    seen_in_stock: int | None = None
    low_stock_threshold: int | None = None
    sku: str = ""


@dataclass
class Variant:
    """One row of the variants table; ``pk`` is an existing child of the product or None."""

    title: str
    stock: Stock
    pk: int | None = None
    delete: bool = False


@dataclass
class ProductData:
    stock: Stock | None = None
    variants: list = field(default_factory=list)


def save_product(product, partner, data):
    """Save ``product`` (its form's changes applied, maybe unsaved) for ``partner``.

    ``data.variants`` non-empty (after deletions) makes it a parent with
    those children; otherwise it is stand-alone with ``data.stock``.
    Variants are looked up among the product's own children only.
    """
    with transaction.atomic():
        product.partner = partner
        kept = [variant for variant in data.variants if not variant.delete]
        children = {child.pk: child for child in product.children.all()} if product.pk else {}
        for variant in data.variants:
            if variant.delete and variant.pk in children:
                children.pop(variant.pk).delete()
        if kept:
            product.structure = Product.PARENT
            product.save()
            StockRecord.objects.filter(product=product).delete()
            for variant in kept:
                child = children.get(variant.pk) or Product(structure=Product.CHILD, parent=product)
                child.title = variant.title
                child.partner = partner
                child.is_public = product.is_public
                child.save()
                _save_stock(child, partner, variant.stock)
        else:
            for child in children.values():
                child.delete()
            product.structure = Product.STANDALONE
            product.save()
            if data.stock is not None:
                _save_stock(product, partner, data.stock)
    return product


def _save_stock(product, partner, stock):
    record = StockRecord.objects.filter(product=product).first()
    sku = stock.sku or f"{partner.pk}-{product.pk}"
    if record is None:
        StockRecord.objects.create(
            product=product,
            partner=partner,
            partner_sku=sku,
            price=stock.price,
            price_currency="EUR",
            num_in_stock=stock.num_in_stock,
            low_stock_threshold=stock.low_stock_threshold,
        )
        return
    changes = {
        "partner_sku": sku,
        "price": stock.price,
        "low_stock_threshold": stock.low_stock_threshold,
    }
    if stock.num_in_stock is None:
        changes["num_in_stock"] = None
    elif record.num_in_stock is None or stock.seen_in_stock is None:
        changes["num_in_stock"] = stock.num_in_stock
    elif stock.num_in_stock != stock.seen_in_stock:
        difference = stock.num_in_stock - stock.seen_in_stock
        changes["num_in_stock"] = Greatest(Coalesce(F("num_in_stock"), 0) + difference, 0)
    StockRecord.objects.filter(pk=record.pk).update(**changes)
    caching.products_changed([product.pk])


def sku_taken(partner, sku, own_records=()):
    """Whether another stock record of ``partner`` already uses ``sku``."""
    return (
        StockRecord.objects.filter(partner=partner, partner_sku=sku)
        .exclude(pk__in=[record.pk for record in own_records])
        .exists()
    )


def low_stock(stockrecords):
    """Stock records (of tracked products) whose available count is at or below their threshold."""
    available = Coalesce(F("num_in_stock"), 0) - Coalesce(F("num_allocated"), 0)
    threshold = Coalesce(F("low_stock_threshold"), DEFAULT_LOW_STOCK)
    tracked = Q(product__product_class__track_stock=True) | Q(
        product__parent__product_class__track_stock=True
    )
    return (
        stockrecords.filter(tracked, num_in_stock__isnull=False)
        .annotate(available=available)
        .filter(available__lte=threshold)
    )
