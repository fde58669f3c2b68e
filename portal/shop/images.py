"""Product pictures drawn locally for demo and test products (nothing is downloaded).

A simple still life on a table: the shape follows the product's kind (a loaf,
a jar, a bottle, a box, a book, a bunch of flowers, fruit in a basket...),
the colours follow a seed, so the same product always gets the same picture.
"""

import io
import random

from django.core.files.images import ImageFile
from django.utils.text import slugify
from PIL import Image, ImageDraw

BACKGROUNDS = [(244, 236, 222), (232, 240, 236), (236, 238, 246), (248, 232, 226)]
TABLE = (186, 150, 110)


def _loaf(draw, rng, w, h, colour):
    draw.ellipse([w * 0.2, h * 0.35, w * 0.8, h * 0.8], fill=colour)
    for step in range(3):
        x = w * (0.35 + step * 0.12)
        draw.line([(x, h * 0.42), (x + w * 0.05, h * 0.55)], fill=(120, 80, 40), width=6)


def _jar(draw, rng, w, h, colour):
    draw.rounded_rectangle([w * 0.35, h * 0.35, w * 0.65, h * 0.8], radius=24, fill=colour)
    draw.rectangle([w * 0.37, h * 0.28, w * 0.63, h * 0.36], fill=(90, 90, 90))
    draw.rectangle([w * 0.38, h * 0.5, w * 0.62, h * 0.64], fill=(250, 246, 230))


def _bottle(draw, rng, w, h, colour):
    draw.rounded_rectangle([w * 0.42, h * 0.38, w * 0.58, h * 0.82], radius=18, fill=colour)
    draw.rectangle([w * 0.47, h * 0.2, w * 0.53, h * 0.4], fill=colour)
    draw.rectangle([w * 0.43, h * 0.55, w * 0.57, h * 0.68], fill=(245, 240, 225))


def _box(draw, rng, w, h, colour):
    draw.rectangle([w * 0.28, h * 0.4, w * 0.72, h * 0.8], fill=colour)
    draw.polygon(
        [(w * 0.28, h * 0.4), (w * 0.38, h * 0.3), (w * 0.82, h * 0.3), (w * 0.72, h * 0.4)],
        fill=tuple(min(255, c + 30) for c in colour),
    )
    draw.polygon(
        [(w * 0.72, h * 0.4), (w * 0.82, h * 0.3), (w * 0.82, h * 0.7), (w * 0.72, h * 0.8)],
        fill=tuple(max(0, c - 30) for c in colour),
    )


def _book(draw, rng, w, h, colour):
    draw.rectangle([w * 0.32, h * 0.3, w * 0.66, h * 0.8], fill=colour)
    draw.rectangle(
        [w * 0.32, h * 0.3, w * 0.36, h * 0.8], fill=tuple(max(0, c - 40) for c in colour)
    )
    draw.rectangle([w * 0.42, h * 0.4, w * 0.6, h * 0.46], fill=(250, 245, 230))


def _flowers(draw, rng, w, h, colour):
    for _ in range(7):
        x, y = w * rng.uniform(0.35, 0.65), h * rng.uniform(0.22, 0.45)
        draw.line([(x, y), (w * 0.5, h * 0.75)], fill=(60, 120, 60), width=5)
        r = w * 0.05
        draw.ellipse([x - r, y - r, x + r, y + r], fill=colour)
        draw.ellipse([x - r / 3, y - r / 3, x + r / 3, y + r / 3], fill=(250, 210, 80))
    draw.polygon(
        [(w * 0.42, h * 0.62), (w * 0.58, h * 0.62), (w * 0.54, h * 0.82), (w * 0.46, h * 0.82)],
        fill=(200, 190, 170),
    )


def _fruit(draw, rng, w, h, colour):
    draw.chord([w * 0.22, h * 0.45, w * 0.78, h * 0.95], 180, 360, fill=(150, 110, 60))
    for _ in range(6):
        x, y = w * rng.uniform(0.3, 0.7), h * rng.uniform(0.52, 0.66)
        r = w * rng.uniform(0.05, 0.07)
        draw.ellipse([x - r, y - r, x + r, y + r], fill=colour)
    draw.rectangle([w * 0.22, h * 0.68, w * 0.78, h * 0.72], fill=(120, 85, 45))


SHAPES = {
    "loaf": _loaf,
    "jar": _jar,
    "bottle": _bottle,
    "box": _box,
    "book": _book,
    "flowers": _flowers,
    "fruit": _fruit,
}


def draw_product(seed, kind="box", size=(800, 800)):
    rng = random.Random(str(seed))
    width, height = size
    image = Image.new("RGB", size, rng.choice(BACKGROUNDS))
    draw = ImageDraw.Draw(image)
    draw.rectangle([0, height * 0.78, width, height], fill=TABLE)
    colour = tuple(rng.randint(40, 210) for _ in range(3))
    SHAPES.get(kind, _box)(draw, rng, width, height, colour)
    return image


def product_image_file(seed, kind="box", size=(800, 800)):
    """A JPEG ``ImageFile`` of a product drawn from ``seed``."""
    buffer = io.BytesIO()
    draw_product(seed, kind, size).save(buffer, format="JPEG", quality=85)
    buffer.seek(0)
    return ImageFile(buffer, name=f"{slugify(str(seed))[:60] or 'produkt'}.jpg")
