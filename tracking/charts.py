"""Charts drawn on the server as SVG: no script, no CDN, sharp in print.

Colours are calm; red is kept for what is late (overdue, done late).
"""

from __future__ import annotations

from dataclasses import dataclass
from html import escape

from tracking.models import Status

STATUS_COLOURS = {
    Status.NOT_YET_DUE: "#c9d3de",
    Status.IN_PROGRESS: "#6b8fc2",
    Status.DONE_ON_TIME: "#2f7d4a",
    Status.DONE_LATE: "#d98c8c",
    Status.OVERDUE: "#b3261e",
    Status.CARRIED_OVER: "#b8862b",
}
FONT = 'font-family="Segoe UI, Roboto, Noto Sans, Liberation Sans, DejaVu Sans, Arial, sans-serif"'


@dataclass(frozen=True)
class Bar:
    label: str
    counts: dict[str, int]


def status_bars(bars: list[Bar], *, title: str, legend: dict[str, str]) -> str:
    """Horizontal stacked bars: one per organization, a segment per status."""
    label_width, bar_width, row = 200, 480, 26
    legend_row = 22
    top = 2 * legend_row + 10
    height = top + row * len(bars) + 10
    largest = max((sum(b.counts.values()) for b in bars), default=0) or 1
    parts = [
        f'<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {label_width + bar_width + 60} '
        f'{height}" role="img" aria-label="{escape(title)}" class="chart chart-status" '
        f'{FONT} font-size="12">',
        f"<title>{escape(title)}</title>",
    ]
    # The legend in two rows of three, so that long Vietnamese labels never overflow.
    for index, (status, label) in enumerate(legend.items()):
        x, y = (index % 3) * 240, (index // 3) * legend_row
        parts.append(
            f'<rect x="{x}" y="{y + 4}" width="12" height="12" fill="{STATUS_COLOURS[status]}"/>'
            f'<text x="{x + 16}" y="{y + 14}">{escape(label)}</text>'
        )
    for index, bar in enumerate(bars):
        y = top + index * row
        parts.append(
            f'<text x="{label_width - 8}" y="{y + 15}" text-anchor="end">{escape(bar.label)}</text>'
        )
        offset = label_width
        for status in STATUS_COLOURS:
            count = bar.counts.get(status, 0)
            if not count:
                continue
            width = bar_width * count / largest
            parts.append(
                f'<rect x="{offset:.1f}" y="{y + 3}" width="{width:.1f}" height="{row - 8}" '
                f'fill="{STATUS_COLOURS[status]}"><title>{escape(legend[status])}: {count}</title>'
                "</rect>"
            )
            if width >= 18:
                colour = "#000" if status == Status.NOT_YET_DUE else "#fff"
                parts.append(
                    f'<text x="{offset + width / 2:.1f}" y="{y + 16}" text-anchor="middle" '
                    f'fill="{colour}">{count}</text>'
                )
            offset += width
        total = sum(bar.counts.values())
        parts.append(f'<text x="{offset + 6:.1f}" y="{y + 16}">{total}</text>')
    parts.append("</svg>")
    return "".join(parts)


@dataclass(frozen=True)
class RateRow:
    label: str
    rates: list[float | None]  # one per period, None when nothing was due


def rate_grid(rows: list[RateRow], periods: list[str], *, title: str, empty: str) -> str:
    """Small multiples: per organization, one bar per period for the on-time rate (0–100 %)."""
    label_width, cell, row = 200, 84, 46
    top = 26
    width = label_width + cell * len(periods) + 10
    height = top + row * len(rows) + 6
    parts = [
        f'<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {width} {height}" role="img" '
        f'aria-label="{escape(title)}" class="chart chart-rate" {FONT} font-size="11">',
        f"<title>{escape(title)}</title>",
    ]
    for column, period in enumerate(periods):
        x = label_width + column * cell + cell / 2
        parts.append(f'<text x="{x:.1f}" y="14" text-anchor="middle">{escape(period)}</text>')
    for index, rate_row in enumerate(rows):
        y = top + index * row
        parts.append(
            f'<text x="{label_width - 8}" y="{y + 24}" text-anchor="end" font-size="12">'
            f"{escape(rate_row.label)}</text>"
        )
        parts.append(
            f'<line x1="{label_width}" y1="{y + row - 6}" x2="{width - 10}" y2="{y + row - 6}" '
            'stroke="#dfe3e8"/>'
        )
        for column, rate in enumerate(rate_row.rates):
            x = label_width + column * cell
            if rate is None:
                parts.append(
                    f'<text x="{x + cell / 2:.1f}" y="{y + 24}" text-anchor="middle" '
                    f'fill="#8a949e">{escape(empty)}</text>'
                )
                continue
            bar_height = (row - 20) * rate
            colour = "#2f7d4a" if rate >= 0.8 else ("#b8862b" if rate >= 0.5 else "#b3261e")
            parts.append(
                f'<rect x="{x + 8}" y="{y + row - 6 - bar_height:.1f}" width="{cell - 16}" '
                f'height="{bar_height:.1f}" fill="{colour}" opacity="0.85">'
                f"<title>{round(rate * 100)}%</title></rect>"
                f'<text x="{x + cell / 2:.1f}" y="{y + row - 9 - bar_height:.1f}" '
                f'text-anchor="middle" font-size="11">{round(rate * 100)}%</text>'
            )
    parts.append("</svg>")
    return "".join(parts)
