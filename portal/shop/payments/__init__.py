"""The registry of payment methods the checkout offers.

Methods register once at start-up (in an ``AppConfig.ready``); the checkout
offers, in registration order, those whose ``is_available(plan)`` is true
and that no restriction rules out; ``part_methods`` are those that can pay
a part of the checkout next to a main method (city vouchers). A restriction is a function
``rule(method, plan) -> bool`` another app registers with ``restrict`` when
what it sells must not be paid in some way (the city voucher app: no
voucher is bought with a voucher or paid on pickup). The interface and how
to add a method (e.g. the city voucher) are described in
``portal.shop.payments.base``.
"""

from .base import (
    BankTransfer,
    PaymentDeclined,
    PaymentMethod,
    PayOnPickup,
    ProviderError,
    UnknownProviderPayment,
)

__all__ = [
    "PaymentDeclined",
    "PaymentMethod",
    "ProviderError",
    "UnknownProviderPayment",
    "available",
    "get",
    "register",
    "registered",
    "restrict",
    "unregister",
]

_methods = {}
_restrictions = []


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


def restrict(rule):
    """Register ``rule(method, plan)``: a method is offered only if every rule returns True."""
    if rule not in _restrictions:
        _restrictions.append(rule)
    return rule


def available(plan):
    return [
        method
        for method in _methods.values()
        if method.is_available(plan) and all(rule(method, plan) for rule in _restrictions)
    ]


def part_methods(plan):
    """Available methods that can pay a part of the checkout (city vouchers)."""
    return [method for method in available(plan) if method.pays_part]


def register_builtin_methods():
    from .mollie import MolliePayment
    from .testing import TestProvider

    for method in (MolliePayment(), PayOnPickup(), BankTransfer(), TestProvider()):
        if method.code not in _methods:
            register(method)
