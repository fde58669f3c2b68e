"""Locally generated illustrations for demo and test content.

The demo town must not download anything, so its pictures are drawn here:
an abstract townscape (sky gradient, sun, rows of gabled houses) whose colours
and shapes follow from a seed, so the same title always gives the same picture.
"""

import io
import random

from django.core.files.images import ImageFile
from django.utils.text import slugify
from PIL import Image, ImageDraw

PALETTES = [
    ((255, 214, 165), (120, 170, 210), [(0, 80, 122), (168, 64, 26), (60, 90, 110)]),
    ((250, 236, 200), (90, 150, 200), [(30, 70, 50), (120, 60, 40), (0, 80, 122)]),
    ((255, 190, 160), (60, 80, 140), [(40, 40, 70), (110, 50, 60), (20, 60, 90)]),
    ((220, 240, 250), (150, 200, 230), [(70, 110, 60), (168, 64, 26), (50, 70, 90)]),
]


def draw_townscape(seed, size=(1200, 750)):
    rng = random.Random(seed)
    top, bottom, house_colours = rng.choice(PALETTES)
    width, height = size
    image = Image.new("RGB", size)
    draw = ImageDraw.Draw(image)
    for y in range(height):
        t = y / height
        colour = tuple(int(bottom[i] * (1 - t) + top[i] * t) for i in range(3))
        draw.line([(0, y), (width, y)], fill=colour)
    sun_x, sun_y, radius = rng.randint(100, width - 100), rng.randint(80, 260), rng.randint(40, 90)
    draw.ellipse(
        [sun_x - radius, sun_y - radius, sun_x + radius, sun_y + radius], fill=(255, 243, 205)
    )
    for row, colour in enumerate(house_colours):
        base = int(height * (0.62 + row * 0.13))
        x = -rng.randint(0, 80)
        while x < width:
            house_width = rng.randint(70, 160)
            wall = rng.randint(90, 220) - row * 20
            roof = rng.randint(30, 80)
            shade = tuple(max(0, min(255, c + rng.randint(-18, 18))) for c in colour)
            draw.rectangle([x, base - wall, x + house_width, height], fill=shade)
            draw.polygon(
                [
                    (x - 4, base - wall),
                    (x + house_width // 2, base - wall - roof),
                    (x + house_width + 4, base - wall),
                ],
                fill=tuple(max(0, c - 25) for c in shade),
            )
            for wy in range(base - wall + 20, base - 10, 38):
                for wx in range(x + 14, x + house_width - 20, 32):
                    if rng.random() < 0.7:
                        draw.rectangle([wx, wy, wx + 14, wy + 18], fill=(255, 236, 170))
            x += house_width + rng.randint(0, 12)
    return image


def generated_image_file(seed, name=None, size=(1200, 750)):
    """A JPEG ``ImageFile`` of a townscape drawn from ``seed``."""
    buffer = io.BytesIO()
    draw_townscape(seed, size).save(buffer, format="JPEG", quality=85)
    buffer.seek(0)
    filename = name or f"{slugify(str(seed))[:60] or 'bild'}.jpg"
    return ImageFile(buffer, name=filename)
