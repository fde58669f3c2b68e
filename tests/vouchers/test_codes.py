"""Voucher codes: enough randomness in the link, typos caught in the typed code."""

import pytest

from portal.vouchers import codes


def test_long_code_carries_at_least_128_random_bits():
    code = codes.new_long_code()
    assert codes.is_long_code(code)
    assert len(code) * 6 >= 128
    assert len({codes.new_long_code() for _ in range(1000)}) == 1000


def test_short_code_avoids_look_alike_characters_and_round_trips_in_print_form():
    code = codes.new_short_code()
    assert not set(code) & set("01OIL")
    printed = codes.format_short_code(code)
    assert printed.count("-") == 2
    assert codes.normalise_short_code(printed.lower().replace("-", " ")) == code


@pytest.mark.parametrize("position", range(codes.SHORT_CODE_LENGTH))
def test_every_single_wrong_character_is_caught_before_a_lookup(position):
    code = codes.new_short_code()
    for replacement in codes.ALPHABET:
        if replacement == code[position]:
            continue
        typo = code[:position] + replacement + code[position + 1 :]
        with pytest.raises(codes.CodeFormatError):
            codes.normalise_short_code(typo)


def test_swapping_two_neighbouring_characters_is_caught():
    for _ in range(50):
        code = codes.new_short_code()
        for position in range(codes.SHORT_CODE_LENGTH - 1):
            swapped = code[:position] + code[position + 1] + code[position] + code[position + 2 :]
            if swapped == code:
                continue
            with pytest.raises(codes.CodeFormatError):
                codes.normalise_short_code(swapped)


@pytest.mark.parametrize("text", ["", "ABCD-EFGH-JK", "ABCD-EFGH-JK00", "O" * 11])
def test_malformed_short_codes_are_rejected(text):
    with pytest.raises(codes.CodeFormatError):
        codes.normalise_short_code(text)
