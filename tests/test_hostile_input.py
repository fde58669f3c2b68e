"""A generated corpus of hostile values against every public search field and the concern form.

No answer is a 500; a NUL byte is a 400 everywhere; the concern form either
refuses with a German message and stores nothing, or stores a clean concern.
(Imports: ``tests/directory/test_import_hostile.py``; Open311:
``tests/concerns/test_open311_hostile.py``.)
"""

import io
import random
from urllib.parse import quote

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from PIL import Image

from portal.concerns import factories as concern_factories
from portal.concerns.models import Concern
from portal.directory import factories as directory_factories


def hostile_values():
    """Values a hostile or broken client sends, generated (seeded) each run."""
    rng = random.Random(2026)
    return {
        "nul": "Brot\x00",
        "control characters": "".join(chr(code) for code in range(1, 32)),
        "100 kB": "x" * 100_000,
        "random unicode": "".join(chr(rng.randint(0x20, 0x2FFF)) for _ in range(500)),
        "right-to-left override": "\u202egnirts",
        "emoji": "🍞🥨" * 50,
        "sql": "' OR 1=1; DROP TABLE wagtailcore_page; --",
        "like wildcards": "%_%\\%",
        "tsquery operators": "!(a & b) | c:* <-> 'd'",
        "html": "<script>alert(1)</script><img src=x onerror=alert(1)>",
        "formula": '=HYPERLINK("https://boese.example","Klick")',
        "far date": "9999-12-31",
        "old date": "0001-01-01",
    }


SEARCHES = [
    "/suche/?q={}",
    "/suche/?q=brot&seite={}",
    "/shop/search/?q={}",
    "/shop/catalogue/?q={}",
    "/shop/catalogue/?q=brot&sortierung={}&haendler={}",
    "/haendler/?q={}",
    "/haendler/?plz={}&kategorie={}",
    "/gutschein/?code={}",
    "/aktuelles/?kategorie={}&seite={}",
    "/veranstaltungen/?zeit={}&seite={}",
]


@pytest.fixture
def town(home_page, news_index, event_index):
    directory_factories.DirectoryIndexPageFactory(parent=home_page, slug="haendler")
    return home_page


@pytest.mark.parametrize("name", list(hostile_values()))
def test_search_fields_never_answer_500(client, town, name):
    value = quote(hostile_values()[name])
    answers = {url: client.get(url.format(value, value)).status_code for url in SEARCHES}

    assert all(status in (200, 302, 400, 404) for status in answers.values()), answers
    if name == "nul":
        assert set(answers.values()) == {400}, answers


@pytest.fixture
def concern_page(home_page):
    return concern_factories.ConcernIndexPageFactory(parent=home_page)


@pytest.fixture
def topic(db):
    return concern_factories.TopicFactory(
        name="Straßen und Wege",
        code="strassen",
        office=concern_factories.OfficeFactory(name="Tiefbauamt", email="tief@example.org"),
    )


def concern_data(topic_row, **changes):
    return {
        "kind": "problem",
        "topic": topic_row.pk,
        "description": "Schlagloch vor dem Haus Nummer 12.",
        "address": "Bahnhofstraße 12",
        "latitude": "50.938100",
        "longitude": "6.958200",
        "email": "",
        "privacy": "on",
        "website": "",
        **changes,
    }


@pytest.mark.parametrize("field", ["description", "address", "email", "latitude", "topic"])
@pytest.mark.parametrize("name", list(hostile_values()))
def test_the_concern_form_refuses_or_stores_clean_text_never_a_500(
    client, concern_page, topic, field, name
):
    value = hostile_values()[name]

    response = client.post(concern_page.url, concern_data(topic, **{field: value}))

    assert response.status_code in (200, 302, 400), response.status_code
    if response.status_code != 302:
        assert not Concern.objects.exists()
        if response.status_code == 200:  # the form again, with a German error
            assert 'role="alert"' in response.content.decode()
    else:
        stored = Concern.objects.get()
        assert "\x00" not in stored.description + stored.address


def _bomb():
    """A small PNG of 64 megapixels (over the concerns' 50 megapixel ceiling)."""
    buffer = io.BytesIO()
    Image.new("1", (8_000, 8_000)).save(buffer, "PNG")
    return buffer.getvalue()


HOSTILE_PHOTOS = {
    "random bytes": lambda: random.Random(7).randbytes(20_000),
    "executable": lambda: b"MZ\x90\x00" + bytes(range(256)) * 20,
    "decompression bomb": _bomb,
    "truncated jpeg": lambda: b"\xff\xd8\xff\xe0\x00\x10JFIF\x00" + b"\x00" * 50,
    "svg with script": lambda: (
        b'<svg xmlns="http://www.w3.org/2000/svg"><script>alert(1)</script></svg>'
    ),
}


@pytest.mark.parametrize("name", list(HOSTILE_PHOTOS))
def test_a_hostile_photo_is_refused_in_german_and_nothing_stored(client, concern_page, topic, name):
    upload = SimpleUploadedFile("foto.jpg", HOSTILE_PHOTOS[name](), content_type="image/jpeg")

    response = client.post(concern_page.url, concern_data(topic, photo=upload))

    assert response.status_code == 400
    page = response.content.decode()
    assert "kein Foto" in page or "zu viele Bildpunkte" in page
    assert not Concern.objects.exists()
