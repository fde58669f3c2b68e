"""The registry of payment methods the checkout offers.

Methods register once at start-up (in an ``AppConfig.ready``); the checkout
offers, in registration order, those whose ``is_available(plan)`` is true.
The interface and how to add a method (e.g. the city voucher) are described
in ``portal.shop.payments.base``.
"""

from .base import BankTransfer, PaymentDeclined, PaymentMethod, PayOnPickup

__all__ = [
    "PaymentDeclined",
    "PaymentMethod",
    "available",
    "get",
    "register",
    "registered",
    "unregister",
]

_methods = {}


def register(method):
    """Add ``method`` (an instance); a method with the same code is replaced."""
    if not method.code:
        raise ValueError("A payment method needs a code.")
    _methods[method.code] = method
    return method


def unregister(code):
    _methods.pop(code, None)


def registered():
    return list(_methods.values())


def get(code):
    """The method registered under ``code``, or ``None``."""
    return _methods.get(code)


def available(plan):
    return [method for method in _methods.values() if method.is_available(plan)]


def register_builtin_methods():
    from .testing import TestProvider

    for method in (PayOnPickup(), BankTransfer(), TestProvider()):
        if method.code not in _methods:
            register(method)
