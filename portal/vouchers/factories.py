"""Seeded factories for the voucher app, used by the demo town and the tests.

``VoucherFactory`` builds a voucher row directly (with its batch) for tests
and demo history; real vouchers come from ``issuing.issue_vouchers``.
Dates are computed when an object is built, never at import time.
"""

import datetime
from decimal import Decimal

import factory
from django.utils import timezone
from factory.django import DjangoModelFactory

from portal.vouchers import codes, models

DEMO_OPERATOR_IBAN = "DE02120300000000202051"
DEMO_MERCHANT_IBANS = [
    "DE02500105170137075030",
    "DE02100500000054540402",
    "DE02300209000106531065",
    "DE02200505501015871393",
    "DE02370502990000684712",
]


class VoucherProgrammeFactory(DjangoModelFactory):
    class Meta:
        model = models.VoucherProgramme
        django_get_or_create = ("name",)

    name = "Stadtgutschein"
    denominations = "10, 25, 50"
    operator_account_holder = "Stadtmarketing Musterstadt GmbH"
    operator_iban = DEMO_OPERATOR_IBAN
    operator_bic = "BYLADEM1001"


class AcceptingMerchantFactory(DjangoModelFactory):
    """Network membership of an existing ``MerchantPage`` (pass ``merchant=``)."""

    class Meta:
        model = models.AcceptingMerchant
        django_get_or_create = ("merchant",)

    contract_date = factory.LazyFunction(lambda: timezone.localdate() - datetime.timedelta(days=90))
    account_holder = factory.LazyAttribute(lambda member: member.merchant.title[:70])
    iban = factory.Sequence(lambda n: DEMO_MERCHANT_IBANS[n % len(DEMO_MERCHANT_IBANS)])


class VoucherBatchFactory(DjangoModelFactory):
    class Meta:
        model = models.VoucherBatch
        django_get_or_create = ("reference",)

    programme = factory.SubFactory(VoucherProgrammeFactory)
    kind = models.VoucherBatch.Kind.SHOP
    reference = factory.Sequence(lambda n: f"test:{n}")
    payment_confirmed_at = factory.LazyFunction(timezone.now)
    created_at = factory.LazyFunction(timezone.now)


class VoucherFactory(DjangoModelFactory):
    class Meta:
        model = models.Voucher

    batch = factory.SubFactory(VoucherBatchFactory)
    programme = factory.SelfAttribute("batch.programme")
    code = factory.LazyFunction(codes.new_long_code)
    short_code = factory.LazyFunction(codes.new_short_code)
    value = Decimal("25.00")
    balance = factory.SelfAttribute("value")
    issued_at = factory.SelfAttribute("batch.created_at")
    valid_until = factory.LazyAttribute(
        lambda voucher: voucher.programme.valid_until(timezone.localdate(voucher.issued_at))
    )


class EmployerFactory(DjangoModelFactory):
    class Meta:
        model = models.Employer
        django_get_or_create = ("name",)

    name = factory.Sequence(lambda n: f"Firma {n} GmbH")
    street = "Industriestraße 7"
    postcode = "12345"
    city = "Musterstadt"
    contact_email = factory.Sequence(lambda n: f"personal{n}@firma.example")


class EmployerOrderFactory(DjangoModelFactory):
    class Meta:
        model = models.EmployerOrder
        django_get_or_create = ("number",)

    employer = factory.SubFactory(EmployerFactory)
    programme = factory.SubFactory(VoucherProgrammeFactory)
    number = factory.Sequence(lambda n: f"AG-TEST-{n:05d}")
    employees = 3
    value_per_employee = Decimal("50.00")
    months = 3
    first_month = factory.LazyFunction(lambda: timezone.localdate().replace(day=1))


class CouponFactory(DjangoModelFactory):
    """An approved free coupon of an existing ``MerchantPage`` (pass ``merchant=``)."""

    class Meta:
        model = models.Coupon

    title = factory.Sequence(lambda n: f"{10 + n % 20} % auf alles")
    kind = models.Coupon.Kind.PERCENT
    value = Decimal("10")
    benefit = factory.LazyAttribute(lambda coupon: f"{coupon.value:g} % Rabatt auf den Einkauf")
    conditions = "Nicht mit anderen Aktionen kombinierbar."
    valid_from = factory.LazyFunction(lambda: timezone.localdate() - datetime.timedelta(days=7))
    valid_until = factory.LazyFunction(lambda: timezone.localdate() + datetime.timedelta(days=60))
    status = models.Coupon.Status.APPROVED


class CouponCampaignFactory(DjangoModelFactory):
    """A campaign running from a week ago for a month, open to businesses."""

    class Meta:
        model = models.CouponCampaign

    title = factory.Sequence(lambda n: f"Innenstadt-Wochen {n}")
    slug = factory.Sequence(lambda n: f"innenstadt-wochen-{n}")
    text = "10 % bei allen teilnehmenden Geschäften der Innenstadt."
    valid_from = factory.LazyFunction(lambda: timezone.localdate() - datetime.timedelta(days=7))
    valid_until = factory.LazyFunction(lambda: timezone.localdate() + datetime.timedelta(days=23))


class CouponClaimFactory(DjangoModelFactory):
    class Meta:
        model = models.CouponClaim

    coupon = factory.SubFactory(CouponFactory)
    code = factory.LazyFunction(codes.new_long_code)
    short_code = factory.LazyFunction(codes.new_short_code)
    holder = factory.Sequence(lambda n: f"browser:test{n}")
    valid_until = factory.SelfAttribute("coupon.valid_until")
