"""Server-drawn SVG charts: bars or lines over months or towns, no script, no CDN.

``svg(chart, ident)`` returns markup for an inline ``<svg role="img">`` named
by its ``<title>`` and described by its ``<desc>``; the page puts the chart's
data table next to it. Axis labels use German number formats.
"""

import math
from decimal import Decimal

from django.utils.html import format_html, format_html_join
from django.utils.safestring import mark_safe

from .formatting import display, number, short_label
from .registry import COUNT, MONEY

WIDTH, HEIGHT = 720, 280
LEFT, RIGHT, TOP, BOTTOM = 80, 16, 16, 48
LEGEND_ROW = 22
# Distinguishable colours with at least 3:1 contrast against white (WCAG 1.4.11).
COLOURS = ["#1f5f99", "#b34700", "#2e7d32", "#8e24aa", "#00796b", "#c2185b", "#5d4037", "#455a64"]
DASHES = ["", "6 3", "2 3", "8 3 2 3"]


def nice_ceiling(value):
    """The smallest of 1, 2, 2.5, 5 × 10^k at least ``value`` (an axis' top)."""
    if value <= 0:
        return 1
    exponent = 10 ** math.floor(math.log10(value))
    for step in (1, 2, 2.5, 5, 10):
        if value <= step * exponent:
            return step * exponent
    return 10 * exponent


def _axis_label(value, unit):
    if unit == MONEY:
        return f"{number(value)}\u00a0€"
    decimals = 0 if float(value).is_integer() else 1
    return number(Decimal(str(value)), decimals)


def svg(chart, ident):
    labels, series = chart.labels, chart.series
    values = [float(v or 0) for s in series for v in s.values]
    top = nice_ceiling(max(values, default=0))
    if chart.unit == COUNT:
        top = max(4, math.ceil(top / 4) * 4)  # whole numbers on every grid line
    plot_w = WIDTH - LEFT - RIGHT
    plot_h = HEIGHT - TOP - BOTTOM
    legend_rows = math.ceil(len(series) / 3)
    height = HEIGHT + legend_rows * LEGEND_ROW
    count = max(len(labels), 1)
    band = plot_w / count

    def y(value):
        return TOP + plot_h - (float(value or 0) / top) * plot_h

    parts = []
    for step in range(5):
        tick = top * step / 4
        parts.append(
            format_html(
                '<line x1="{}" x2="{}" y1="{}" y2="{}" stroke="#d0d0d0" stroke-width="1"/>'
                '<text x="{}" y="{}" text-anchor="end" font-size="12" fill="#333">{}</text>',
                LEFT,
                WIDTH - RIGHT,
                f"{y(tick):.1f}",
                f"{y(tick):.1f}",
                LEFT - 6,
                f"{y(tick) + 4:.1f}",
                _axis_label(tick, chart.unit),
            )
        )
    every = max(1, math.ceil(count / 12))
    for index, label in enumerate(labels):
        if index % every:
            continue
        parts.append(
            format_html(
                '<text x="{}" y="{}" text-anchor="middle" font-size="12" fill="#333">{}</text>',
                f"{LEFT + band * (index + 0.5):.1f}",
                TOP + plot_h + 18,
                short_label(label, chart.label_kind),
            )
        )
    for number_, one in enumerate(series):
        colour = COLOURS[number_ % len(COLOURS)]
        if chart.kind == "line":
            points = " ".join(
                f"{LEFT + band * (i + 0.5):.1f},{y(v):.1f}" for i, v in enumerate(one.values)
            )
            dash = DASHES[number_ % len(DASHES)]
            parts.append(
                format_html(
                    '<polyline points="{}" fill="none" stroke="{}" stroke-width="2.5"{}/>',
                    points,
                    colour,
                    format_html(' stroke-dasharray="{}"', dash) if dash else "",
                )
            )
            parts.append(
                format_html_join(
                    "",
                    '<circle cx="{}" cy="{}" r="3" fill="{}"><title>{}: {}</title></circle>',
                    (
                        (
                            f"{LEFT + band * (i + 0.5):.1f}",
                            f"{y(v):.1f}",
                            colour,
                            short_label(labels[i], chart.label_kind),
                            display(v, chart.unit),
                        )
                        for i, v in enumerate(one.values)
                    ),
                )
            )
        else:
            width = band * 0.8 / max(len(series), 1)
            parts.append(
                format_html_join(
                    "",
                    '<rect x="{}" y="{}" width="{}" height="{}" fill="{}">'
                    "<title>{}: {}</title></rect>",
                    (
                        (
                            f"{LEFT + band * (i + 0.1) + width * number_:.1f}",
                            f"{y(v):.1f}",
                            f"{width:.1f}",
                            f"{TOP + plot_h - y(v):.1f}",
                            colour,
                            short_label(labels[i], chart.label_kind),
                            display(v, chart.unit),
                        )
                        for i, v in enumerate(one.values)
                    ),
                )
            )
        row, column = divmod(number_, 3)
        x = LEFT + column * (plot_w / 3)
        legend_y = HEIGHT + row * LEGEND_ROW - 8
        parts.append(
            format_html(
                '<rect x="{}" y="{}" width="14" height="14" fill="{}"/>'
                '<text x="{}" y="{}" font-size="13" fill="#222">{}</text>',
                f"{x:.1f}",
                legend_y - 11,
                colour,
                f"{x + 20:.1f}",
                legend_y,
                one.name,
            )
        )
    parts.append(
        format_html(
            '<line x1="{}" x2="{}" y1="{}" y2="{}" stroke="#333" stroke-width="1"/>',
            LEFT,
            WIDTH - RIGHT,
            TOP + plot_h,
            TOP + plot_h,
        )
    )
    return format_html(
        '<svg xmlns="http://www.w3.org/2000/svg" class="figures-chart" width="100%" role="img" '
        'viewBox="0 0 {} {}" aria-labelledby="{}-title {}-desc">'
        '<title id="{}-title">{}</title><desc id="{}-desc">{}</desc>{}</svg>',
        WIDTH,
        height,
        ident,
        ident,
        ident,
        chart.title,
        ident,
        chart.description,
        mark_safe("".join(parts)),
    )
