"""Helpers of the voucher tests, shared with the shop's payment tests."""

from decimal import Decimal

from portal.vouchers import factories


def voucher_of(programme, value, **fields):
    return factories.VoucherFactory(batch__programme=programme, value=Decimal(value), **fields)


def link(voucher):
    return f"https://portal.example/g/{voucher.code}/"
