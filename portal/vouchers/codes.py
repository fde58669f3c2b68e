"""Voucher codes: the long one in the QR link and the short one people type.

The long code carries 128 random bits from ``secrets`` (22 URL-safe
characters) and is the voucher's real key: whoever holds it holds the money.
The short code is for a merchant typing a voucher whose QR code will not scan:
ten random characters from an alphabet without look-alikes (no 0/O, 1/I/L)
plus one check character, printed in groups as ``ABCD-EFGH-JKX``. The alphabet
has 31 characters, a prime, so the weighted check sum catches every single
wrong character and every swap of two neighbours before any database lookup.
It is accepted only from logged-in merchants and rate-limited (see views).
"""

import re
import secrets

from django.utils import timezone

LONG_CODE_BYTES = 16  # 128 bits
LONG_CODE_PATTERN = r"[A-Za-z0-9_-]{22}"
_LONG_CODE_RE = re.compile(rf"^{LONG_CODE_PATTERN}$")

ALPHABET = "23456789ABCDEFGHJKMNPQRSTUVWXYZ"
SHORT_CODE_RANDOM_LENGTH = 10
SHORT_CODE_LENGTH = SHORT_CODE_RANDOM_LENGTH + 1
_VALUES = {char: index for index, char in enumerate(ALPHABET)}
assert len(ALPHABET) == 31


class CodeFormatError(ValueError):
    """A typed code that cannot be a voucher code (wrong length, character or check)."""


def new_long_code():
    return secrets.token_urlsafe(LONG_CODE_BYTES)


def is_long_code(text):
    return bool(_LONG_CODE_RE.match(text or ""))


def check_character(body):
    total = sum((position + 1) * _VALUES[char] for position, char in enumerate(body))
    return ALPHABET[total % len(ALPHABET)]


def new_short_code():
    body = "".join(secrets.choice(ALPHABET) for _ in range(SHORT_CODE_RANDOM_LENGTH))
    return body + check_character(body)


def normalise_short_code(text):
    """The canonical form of a typed short code; ``CodeFormatError`` if it cannot be one.

    Spaces, hyphens and lower case are forgiven; anything else is a typo.
    """
    cleaned = re.sub(r"[\s\-]", "", text or "").upper()
    if len(cleaned) != SHORT_CODE_LENGTH:
        raise CodeFormatError("length")
    if any(char not in _VALUES for char in cleaned):
        raise CodeFormatError("character")
    if check_character(cleaned[:-1]) != cleaned[-1]:
        raise CodeFormatError("check")
    return cleaned


def format_short_code(code):
    """``ABCDEFGHJKX`` -> ``ABCD-EFGH-JKX`` for print and screen."""
    return f"{code[:4]}-{code[4:8]}-{code[8:]}"


def lookup(code):
    """The field lookup for a long code or a typed short code (``{"code": …}``), or ``None``."""
    if is_long_code(code):
        return {"code": code}
    try:
        return {"short_code": normalise_short_code(code)}
    except CodeFormatError:
        return None


class CodeHolder:
    """What a model with ``code``, ``short_code`` and ``valid_until`` shows and answers.

    Vouchers and taken coupons are both opened at ``/g/<code>/`` and typed at
    the till by their short code.
    """

    def get_absolute_url(self):
        from portal.vouchers.links import voucher_path

        return voucher_path(self.code)

    @property
    def short_code_display(self):
        return format_short_code(self.short_code)

    def is_expired(self, today=None):
        return self.valid_until < (today or timezone.localdate())
