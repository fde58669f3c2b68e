"""The portal's colour pairs meet WCAG 2.1 AA (4.5:1 for normal text).

Every pair is read from the stylesheets in static/css (not the vendored
ones): a rule's own text and background colour, a ``:hover`` rule's
background with the text colour of its plain rule, and a text colour set
below an element with a background (``.site-footer a`` and
``.site-footer__note`` on ``.site-footer``).
Colours in ``var(--color-…)`` are resolved from ``:root``. Text in the
portal's muted and link colours stands on the page and tint backgrounds
without one rule naming both; those pairs are named below by variable.
"""

import re
from pathlib import Path

import pytest

CSS_DIR = Path(__file__).resolve().parents[2] / "static" / "css"
HEX = re.compile(r"#[0-9a-fA-F]{6}\b|#[0-9a-fA-F]{3}\b")


def rules():
    """``(selector, declarations)`` of every rule, one selector of a list at a time."""
    for path in sorted(CSS_DIR.glob("*.css")):
        css = re.sub(r"/\*.*?\*/", "", path.read_text(), flags=re.S)
        for selectors, body in re.findall(r"([^{}]+)\{([^{}]*)\}", css):
            declarations = {
                name.strip(): value.strip()
                for name, value in re.findall(r"([\w-]+)\s*:\s*([^;]+)", body)
            }
            for selector in selectors.split(","):
                yield " ".join(selector.split()), declarations


RULES = list(rules())
VARIABLES = {
    name: value
    for selector, declarations in RULES
    if selector == ":root"
    for name, value in declarations.items()
    if name.startswith("--color-")
}


def colours(value):
    """The hex colours in a declaration value, with ``var(--color-…)`` resolved."""
    value = re.sub(r"var\((--color-[a-z-]+)\)", lambda match: VARIABLES[match[1]], value or "")
    return [normalise(found) for found in HEX.findall(value)]


def normalise(hex_colour):
    if len(hex_colour) == 4:
        return "#" + "".join(channel * 2 for channel in hex_colour[1:])
    return hex_colour.lower()


def background(declarations):
    return colours(declarations.get("background-color") or declarations.get("background"))


def pairs_from_stylesheets():
    by_selector = {}
    for selector, declarations in RULES:
        by_selector.setdefault(selector, {}).update(declarations)
    found = set()
    for selector, declarations in by_selector.items():
        texts = colours(declarations.get("color"))
        grounds = background(declarations)
        if grounds and not texts:  # a hover or focus state keeps the plain rule's text colour
            plain = re.sub(r":(hover|focus|focus-visible|active)\b", "", selector)
            texts = colours(by_selector.get(plain, {}).get("color"))
        if texts and not grounds:  # text below an element that sets the background
            parts = selector.split(" ")
            while not grounds and len(parts) > 1:
                parts = parts[:-1]
                grounds = background(by_selector.get(" ".join(parts), {}))
            block = re.match(r"(\.[\w-]+?)__", selector)
            if not grounds and block:  # a BEM element (.site-footer__note) in its block
                grounds = background(by_selector.get(block[1], {}))
        found |= {(text, ground, selector) for text in texts for ground in grounds}
    return sorted(found)


STYLESHEET_PAIRS = pairs_from_stylesheets()
# Text colours used on the page and tint backgrounds through inheritance.
INHERITED_PAIRS = [
    ("--color-text", "--color-white"),
    ("--color-muted", "--color-white"),
    ("--color-muted", "--color-tint"),
    ("--color-link", "--color-white"),
    ("--color-link", "--color-tint"),
    ("--color-primary", "--color-tint"),
]


def luminance(hex_colour):
    channels = [int(hex_colour[i : i + 2], 16) / 255 for i in (1, 3, 5)]
    linear = [c / 12.92 if c <= 0.03928 else ((c + 0.055) / 1.055) ** 2.4 for c in channels]
    return 0.2126 * linear[0] + 0.7152 * linear[1] + 0.0722 * linear[2]


def contrast(foreground, background):
    lighter, darker = sorted((luminance(foreground), luminance(background)), reverse=True)
    return (lighter + 0.05) / (darker + 0.05)


@pytest.mark.parametrize(("foreground", "background", "selector"), STYLESHEET_PAIRS)
def test_colour_pair_of_the_stylesheets_reaches_aa(foreground, background, selector):
    assert contrast(foreground, background) >= 4.5, selector


@pytest.mark.parametrize(("foreground", "background"), INHERITED_PAIRS)
def test_inherited_colour_pair_reaches_aa(foreground, background):
    (text,) = colours(VARIABLES[foreground])
    (ground,) = colours(VARIABLES[background])
    assert contrast(text, ground) >= 4.5


def test_the_stylesheets_are_read():
    """The pairs above come from the CSS; a parser that finds nothing must fail."""
    selectors = {selector for _text, _ground, selector in STYLESHEET_PAIRS}
    assert len(STYLESHEET_PAIRS) >= 20
    expected = {".button:hover", ".site-footer a", ".site-footer__note", ".shop .btn-info:hover"}
    assert expected <= selectors


def test_contrast_formula_matches_known_values():
    assert round(contrast("#000000", "#ffffff"), 1) == 21.0
    assert contrast("#777777", "#ffffff") < 4.5  # a grey that fails AA
