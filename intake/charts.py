"""Small server-side SVG charts for the admin dashboard.

No JavaScript and no style attributes (the CSP allows neither inline): colours and sizes are
SVG presentation attributes. Every chart carries a <title> and <desc> for screen readers; the
template puts the same numbers in a table beside it.
"""

import math
from dataclasses import dataclass

from django.utils.html import escape, format_html
from django.utils.safestring import SafeString, mark_safe

# Dark enough for 3:1 against white (WCAG 1.4.11) and told apart with common colour blindness.
PALETTE = ["#0b5fa5", "#b35900", "#007a5e", "#a8326e", "#4d4d4d", "#6a3d9a", "#7a6200", "#1f4e79"]
TEXT = "#1a1a1a"
GRID = "#c8c8c8"
# Drawn narrow with large text: scaled to a phone's width (about 330 px) the labels are still
# 12 px or more, and on a laptop the charts sit two abreast (admin-triage.css caps their width).
WIDTH = 360
FONT_SIZE = 13


@dataclass
class Series:
    name: str
    values: list[float]
    colour: str


def _nice_scale(value: float) -> tuple[float, float]:
    """The axis maximum and a gridline step of 1, 2 or 5 times a power of ten, at least 1
    (counts and hours), so that every gridline carries a round label."""
    if value <= 0:
        return 1, 1
    raw_step = value / 4
    magnitude = 10 ** math.floor(math.log10(raw_step))
    step = next(f * magnitude for f in (1, 2, 5, 10) if f * magnitude >= raw_step)
    step = max(step, 1)
    return math.ceil(value / step) * step, step


def _frame(chart_id: str, title: str, desc: str, width: int, height: int, body: str) -> SafeString:
    return format_html(
        '<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {w} {h}" width="{w}" height="{h}" '
        'role="img" aria-labelledby="{id}-title {id}-desc" font-family="sans-serif" '
        'font-size="{size}">'
        '<title id="{id}-title">{title}</title><desc id="{id}-desc">{desc}</desc>{body}</svg>',
        w=width,
        h=height,
        size=FONT_SIZE,
        id=chart_id,
        title=title,
        desc=desc,
        # Built by the functions below from escaped parts only.
        body=mark_safe(body),
    )


def _axis(left: int, top: int, width: int, height: int, scale: tuple[float, float], fmt=str) -> str:
    maximum, step = scale
    parts = []
    for i in range(round(maximum / step) + 1):
        value = step * i
        y = top + height - height * value / maximum
        parts.append(
            f'<line x1="{left}" y1="{y:.1f}" x2="{left + width}" y2="{y:.1f}" '
            f'stroke="{GRID}" stroke-width="1"/>'
            f'<text x="{left - 6}" y="{y + 4:.1f}" text-anchor="end" fill="{TEXT}">'
            f"{escape(fmt(value))}</text>"
        )
    return "".join(parts)


def stacked_columns(
    chart_id: str,
    title: str,
    desc: str,
    labels: list[str],
    series: list[Series],
    short_labels: list[str] | None = None,
) -> SafeString:
    """One column per label, stacked by series (for example leads per week per subsidiary);
    `short_labels` under the columns where the labels are too long to fit."""
    width, height, left, top, bottom = WIDTH, 220, 36, 12, 28
    plot_w, plot_h = width - left - 12, height - top - bottom
    totals = [sum(s.values[i] for s in series) for i in range(len(labels))]
    scale = _nice_scale(max(totals, default=0))
    maximum = scale[0]
    slot = plot_w / max(len(labels), 1)
    bar = slot * 0.7
    parts = [_axis(left, top, plot_w, plot_h, scale, lambda v: f"{v:.0f}")]
    for i, label in enumerate(labels):
        x = left + i * slot + (slot - bar) / 2
        y = top + plot_h
        for s in series:
            value = s.values[i]
            if value <= 0:
                continue
            h = plot_h * value / maximum
            y -= h
            parts.append(
                f'<rect x="{x:.1f}" y="{y:.1f}" width="{bar:.1f}" height="{h:.1f}" '
                f'fill="{s.colour}"><title>{escape(s.name)}, {escape(label)}: '
                f"{value:.0f}</title></rect>"
            )
        parts.append(
            f'<text x="{x + bar / 2:.1f}" y="{top + plot_h + 18}" text-anchor="middle" '
            f'fill="{TEXT}">{escape((short_labels or labels)[i])}</text>'
        )
    return _frame(chart_id, title, desc, width, height, "".join(parts))


def horizontal_bars(
    chart_id: str, title: str, desc: str, items: list[tuple[str, float]], colour: str = PALETTE[0]
) -> SafeString:
    """One labelled bar per item, the value written at its end."""
    row, left, right = 30, 130, 40
    width = WIDTH
    height = max(len(items), 1) * row + 10
    maximum = max((value for _label, value in items), default=0) or 1
    plot_w = width - left - right
    parts = []
    for i, (label, value) in enumerate(items):
        y = 5 + i * row
        w = plot_w * value / maximum
        parts.append(
            f'<text x="{left - 8}" y="{y + 18}" text-anchor="end" fill="{TEXT}">'
            f"{escape(label)}</text>"
            f'<rect x="{left}" y="{y + 4}" width="{max(w, 1):.1f}" height="{row - 10}" '
            f'fill="{colour}"/>'
            f'<text x="{left + w + 6:.1f}" y="{y + 18}" fill="{TEXT}">{value:.0f}</text>'
        )
    return _frame(chart_id, title, desc, width, height, "".join(parts))


def columns(
    chart_id: str,
    title: str,
    desc: str,
    labels: list[str],
    values: list[float | None],
    colour: str = PALETTE[0],
    fmt=lambda v: f"{v:.0f}",
    short_labels: list[str] | None = None,
) -> SafeString:
    """One column per label; a missing value (None) leaves a gap marked with a dash."""
    width, height, left, top, bottom = WIDTH, 200, 44, 12, 28
    plot_w, plot_h = width - left - 12, height - top - bottom
    scale = _nice_scale(max((v for v in values if v is not None), default=0))
    maximum = scale[0]
    slot = plot_w / max(len(labels), 1)
    bar = slot * 0.6
    parts = [_axis(left, top, plot_w, plot_h, scale, fmt)]
    for i, (label, value) in enumerate(zip(labels, values, strict=True)):
        x = left + i * slot + (slot - bar) / 2
        if value is None:
            parts.append(
                f'<text x="{x + bar / 2:.1f}" y="{top + plot_h - 4}" text-anchor="middle" '
                f'fill="{TEXT}">–</text>'
            )
        else:
            h = plot_h * value / maximum
            parts.append(
                f'<rect x="{x:.1f}" y="{top + plot_h - h:.1f}" width="{bar:.1f}" '
                f'height="{h:.1f}" fill="{colour}"><title>{escape(label)}: '
                f"{escape(fmt(value))}</title></rect>"
            )
        parts.append(
            f'<text x="{x + bar / 2:.1f}" y="{top + plot_h + 18}" text-anchor="middle" '
            f'fill="{TEXT}">{escape((short_labels or labels)[i])}</text>'
        )
    return _frame(chart_id, title, desc, width, height, "".join(parts))
