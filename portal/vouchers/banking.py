"""Bank details of merchants and operator, checked with schwifty when entered.

schwifty knows each country's IBAN length and structure and verifies the
check digits, so a typo in an IBAN is caught in the form, not by the bank
weeks later when the SEPA payout bounces.
"""

from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _
from schwifty import BIC, IBAN
from schwifty.exceptions import SchwiftyException


def compact_iban(value):
    return (value or "").replace(" ", "").upper()


def validate_iban(value):
    if not value:
        return
    try:
        IBAN(compact_iban(value))
    except SchwiftyException as error:
        raise ValidationError(
            _("This IBAN is not valid (%(reason)s). Please check it."),
            params={"reason": str(error)},
            code="invalid_iban",
        ) from error


def validate_bic(value):
    if not value:
        return
    try:
        BIC(value.replace(" ", "").upper())
    except SchwiftyException as error:
        raise ValidationError(
            _("This BIC is not valid. Please check it."), code="invalid_bic"
        ) from error


def format_iban(value):
    """IBAN in groups of four for print; unchanged if it is not an IBAN."""
    try:
        return IBAN(compact_iban(value)).formatted
    except SchwiftyException:
        return value


def bic_for(iban, bic=""):
    """The given BIC, or the one schwifty derives from a German IBAN's bank code."""
    if bic:
        return bic
    try:
        derived = IBAN(compact_iban(iban)).bic
    except SchwiftyException:
        return ""
    return str(derived) if derived else ""
