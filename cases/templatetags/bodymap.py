"""``{% body_map marks %}``: the front and back outlines with a concern's marks."""

from __future__ import annotations

from typing import Any

from django import template

from cases import bodymap

register = template.Library()


@register.inclusion_tag("cases/_bodymap_svg.html")
def body_map(marks: list[dict[str, Any]], grid: bool = False) -> dict[str, Any]:
    drawn = bodymap.marks_for_drawing(marks or [])
    sides = [
        {
            "key": "front",
            "label": "Front",
            "x": 0,
            "left_label": "Right",
            "right_label": "Left",
            "marks": [m for m in drawn if not m["is_back"]],
        },
        {
            "key": "back",
            "label": "Back",
            "x": bodymap.WIDTH + bodymap.GAP,
            "left_label": "Left",
            "right_label": "Right",
            "marks": [m for m in drawn if m["is_back"]],
        },
    ]
    return {
        "marks": drawn,
        "sides": sides,
        "grid": grid,
        "bm_middle": bodymap.WIDTH // 2,
        "grid_lines": list(range(50, bodymap.HEIGHT, 50)),
        "grid_columns": list(range(50, bodymap.WIDTH, 50)),
        **bodymap.drawing_context(),
    }


@register.inclusion_tag("cases/_bodymap_legend.html")
def body_map_legend(marks: list[dict[str, Any]]) -> dict[str, Any]:
    return {"marks": bodymap.marks_for_drawing(marks or [])}
