"""Journey in Chromium: a resident finds businesses and goods with suggestions, keyboard only."""

import re

import pytest
from playwright.sync_api import expect

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def tab_to(page, name, limit=60):
    """Press Tab until the focused element is the combobox called ``name``."""
    for _ in range(limit):
        page.keyboard.press("Tab")
        focused = page.evaluate(
            "() => document.activeElement && document.activeElement.getAttribute('role') === "
            "'combobox' && document.activeElement.labels[0].textContent.trim()"
        )
        if focused == name:
            return
    raise AssertionError(f"No combobox {name!r} reachable with Tab")


def test_suggestions_lead_to_the_bakery_with_the_keyboard_alone(browser_page, town):
    page = browser_page
    page.goto("/haendler/")

    tab_to(page, "Was suchen Sie?")
    page.keyboard.type("Bäck")
    box = page.get_by_role("combobox", name="Was suchen Sie?")
    listbox = page.get_by_role("listbox", name="Vorschläge")
    expect(listbox).to_be_visible()
    expect(box).to_have_attribute("aria-expanded", "true")
    options = listbox.get_by_role("option")
    expect(options.filter(has_text="Bäckerei Korn")).to_contain_text("Betrieb")
    expect(options.filter(has_text="Kategorie")).to_contain_text("Bäckerei und Konditorei")
    expect(page.get_by_role("status").filter(has_text="Vorschläge")).to_contain_text(
        "Mit den Pfeiltasten nach oben und unten auswählen."
    )

    # Arrow keys move the active option; the focus stays in the box.
    for _ in range(options.count()):
        page.keyboard.press("ArrowDown")
        active = box.get_attribute("aria-activedescendant")
        option = page.locator(f"#{active}")
        expect(option).to_have_attribute("aria-selected", "true")
        if "Bäckerei Korn" in option.inner_text():
            break
    else:
        raise AssertionError("Bäckerei Korn was not among the suggestions")
    page.keyboard.press("Enter")

    page.wait_for_url(re.compile(r"/haendler/backerei-korn/$"))
    expect(page.get_by_role("heading", level=1)).to_have_text("Bäckerei Korn")


def test_escape_closes_and_clears_and_enter_searches_what_was_typed(browser_page, town):
    page = browser_page
    page.goto("/")

    tab_to(page, "Im Portal suchen")
    page.keyboard.type("honi")
    listbox = page.get_by_role("listbox", name="Vorschläge")
    expect(listbox.get_by_role("option").filter(has_text="Sommertracht-Honig")).to_contain_text(
        "Produkt"
    )
    box = page.get_by_role("combobox", name="Im Portal suchen")
    page.keyboard.press("Escape")
    expect(listbox).to_be_hidden()
    expect(box).to_have_attribute("aria-expanded", "false")
    page.keyboard.press("Escape")
    expect(box).to_have_value("")

    page.keyboard.type("Bakerei")
    page.keyboard.press("Enter")

    page.wait_for_url(re.compile(r"/suche/\?q=Bakerei$"))
    expect(page.get_by_text("Meinten Sie")).to_be_visible()
    expect(page.get_by_role("link", name="Bäckerei Korn").first).to_be_visible()
