"""Bar charts drawn on the server as SVG, so the page and the PDF show the same picture.

No script and no library: a horizontal bar per figure, its label and its number as text (so a
chart reads in the PDF's text too). Every label is escaped. The SVG is an image with its title
for assistive technology; the page and the report put a table of the same figures beside it.

``suppress``: the trustees' report's bars. A figure of 1 to 4 is written "fewer than 5" and
drawn with no bar, since a bar's length would tell the number.
"""

from __future__ import annotations

import uuid
from collections.abc import Sequence

from django.utils.html import format_html, format_html_join
from django.utils.safestring import SafeString

from sharing.policy import statistics as suppression
from sharing.statistics_selectors import Row

WIDTH = 640
LABEL_WIDTH = 260
VALUE_WIDTH = 90
BAR_HEIGHT = 18
GAP = 8
TOP = 8


def bar_chart(title: str, rows: Sequence[Row], *, suppress: bool = False) -> SafeString:
    """A horizontal bar chart of ``rows`` titled ``title`` (both escaped).

    No width or height: the chart takes its container's width, keeping its proportions, so
    it fits a phone's screen and the report's column alike."""
    title_id = f"chart-{uuid.uuid4().hex[:10]}"
    scale_width = WIDTH - LABEL_WIDTH - VALUE_WIDTH
    largest = max((row.count for row in rows), default=0)
    bars = []
    for index, row in enumerate(rows):
        y = TOP + index * (BAR_HEIGHT + GAP)
        hidden = suppress and suppression.is_suppressed(row.count)
        length = 0 if hidden or largest == 0 else max(1, round(scale_width * row.count / largest))
        if row.count == 0:
            length = 0
        shown = suppression.suppressed(row.count) if suppress else str(row.count)
        bars.append(
            (
                LABEL_WIDTH - 6,
                y + BAR_HEIGHT - 5,
                _clip(row.label),
                LABEL_WIDTH,
                y,
                length,
                BAR_HEIGHT,
                LABEL_WIDTH + length + 6,
                y + BAR_HEIGHT - 5,
                shown,
            )
        )
    height = TOP * 2 + max(len(rows), 1) * (BAR_HEIGHT + GAP)
    body = format_html_join(
        "",
        '<text x="{}" y="{}" text-anchor="end" class="chart-label">{}</text>'
        '<rect x="{}" y="{}" width="{}" height="{}" fill="#1d4f91"></rect>'
        '<text x="{}" y="{}" class="chart-value">{}</text>',
        bars,
    )
    return format_html(
        '<svg xmlns="http://www.w3.org/2000/svg" class="chart" role="img" '
        'aria-labelledby="{}" viewBox="0 0 {} {}" '
        'font-family="sans-serif" font-size="12">'
        '<title id="{}">{}</title>{}</svg>',
        title_id,
        WIDTH,
        height,
        title_id,
        title,
        body,
    )


def _clip(label: str, most: int = 40) -> str:
    """A label short enough for its column (the table beside the chart has it whole)."""
    return label if len(label) <= most else label[: most - 1] + "\u2026"
