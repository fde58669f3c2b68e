"""The portal's colour pairs meet WCAG 2.1 AA (4.5:1 for normal text)."""

import re
from pathlib import Path

import pytest

CSS = (Path(__file__).resolve().parents[2] / "static" / "css" / "portal.css").read_text()
VARIABLES = dict(re.findall(r"--color-([a-z-]+):\s*(#[0-9a-fA-F]{6})", CSS))


def luminance(hex_colour):
    channels = [int(hex_colour[i : i + 2], 16) / 255 for i in (1, 3, 5)]
    linear = [c / 12.92 if c <= 0.03928 else ((c + 0.055) / 1.055) ** 2.4 for c in channels]
    return 0.2126 * linear[0] + 0.7152 * linear[1] + 0.0722 * linear[2]


def contrast(foreground, background):
    lighter, darker = sorted((luminance(foreground), luminance(background)), reverse=True)
    return (lighter + 0.05) / (darker + 0.05)


def colour(name):
    return VARIABLES[name] if not name.startswith("#") else name


# (text, background) pairs used by the templates; footer colours are literal in the CSS.
PAIRS = [
    ("text", "white"),
    ("muted", "white"),
    ("muted", "tint"),
    ("link", "white"),
    ("link", "tint"),
    ("white", "primary"),
    ("white", "primary-dark"),
    ("white", "accent"),
    ("primary", "tint"),
    ("primary", "white"),
    ("white", "#8a3413"),
    # Bootstrap classes of Oscar's stock templates, recoloured in shop.css.
    ("white", "#1e6b34"),
    ("white", "#165027"),
    ("white", "#0f6674"),
    ("white", "#0c5f6d"),
    ("#e8eef2", "#14212b"),
    ("#c5d0d8", "#14212b"),
    ("#ffffff", "#14212b"),
]


@pytest.mark.parametrize(("foreground", "background"), PAIRS)
def test_colour_pair_reaches_aa(foreground, background):
    assert contrast(colour(foreground), colour(background)) >= 4.5


def test_contrast_formula_matches_known_values():
    assert round(contrast("#000000", "#ffffff"), 1) == 21.0
    assert contrast("#777777", "#ffffff") < 4.5  # a grey that fails AA
