"""The demo town's voucher step: every kind of voucher, both periods, and idempotent."""

from django.apps import apps
from django.core.management import call_command
from django.utils import timezone

from portal.vouchers.models import (
    Coupon,
    CouponBook,
    CouponClaim,
    EmployerOrder,
    SettlementPeriod,
    Voucher,
    VoucherInfoPage,
    VoucherProduct,
)


def snapshot():
    return {
        model.__name__: model.objects.count()
        for model in apps.get_app_config("cityvouchers").get_models()
    }


def test_demo_has_sold_redeemed_and_expired_vouchers_and_reruns_change_nothing(db, client, capsys):
    call_command("build_demo_town", allow_production=True)
    first = snapshot()
    call_command("build_demo_town", allow_production=True)

    assert snapshot() == first
    today = timezone.localdate()
    assert Voucher.objects.valid(today).filter(batch__reference="demo:sold").count() == 2
    assert Voucher.objects.filter(status=Voucher.Status.REDEEMED).count() >= 5
    assert Voucher.objects.expired(today).exists()
    assert set(SettlementPeriod.objects.values_list("status", flat=True)) == {"paid", "open"}
    order = EmployerOrder.objects.get()
    assert order.paid_at and order.batches.filter(sheet__gt="").exists()
    # One voucher page per town (Musterstadt and Beispielheim), each at the same address.
    assert {page.slug for page in VoucherInfoPage.objects.live()} == {"gutscheine"}
    assert VoucherInfoPage.objects.live().count() == 2
    # The voucher is sold in the tourist information's shop; the page's button leads there.
    product = VoucherProduct.objects.get(value=None).product
    assert product.partner.merchant_shop.page.legal_name == "Stadtmarketing Musterstadt GmbH"
    assert product.children.filter(is_public=True).count() == 3
    assert f'href="{product.get_absolute_url()}"' in client.get("/gutscheine/").content.decode()
    assert client.get(product.get_absolute_url()).status_code == 200
    # Coupons: five businesses' free coupons, a book of eight, one copy sold and partly used.
    assert Coupon.objects.public().values("merchant").distinct().count() == 5
    book = CouponBook.objects.get()
    assert book.coupons.count() == 8 and book.sold == 1
    copy = book.copies.get()
    assert copy.claims.filter(status=CouponClaim.Status.REDEEMED).count() == 3
    assert "Kaffee gratis" in client.get("/gutscheine/coupons/").content.decode()
    assert client.get(copy.get_absolute_url()).content.decode().count("eingelöst am") == 3
    output = capsys.readouterr().out
    assert "/gutschein/anmelden/" in output.split("Demo logins")[1]
