"""The body map of a concern: front and back outlines and the marks drawn on them.

A mark is stored as a small dict in ``Concern.body_map`` (a JSON list, so it is part
of the hashed record): which side, where (x, y in one outline's coordinate space,
``WIDTH`` by ``HEIGHT``), its size and colour as the reporter saw them, and a
description. The same drawing is used on the page and in the written report.
"""

from __future__ import annotations

from typing import Any

from django.core.exceptions import ValidationError

# One outline's coordinate space. The outline fits inside it.
WIDTH = 200
HEIGHT = 400
# Where each outline sits in the drawing that shows both, and the drawing's size.
GAP = 40
TOP = 24
DRAWING_WIDTH = 2 * WIDTH + GAP
DRAWING_HEIGHT = HEIGHT + TOP + 8
MAX_MARKS = 20

SIDES = [("front", "Front"), ("back", "Back")]

# The colour the reporter saw, and the fixed ink used to draw a mark of that colour.
# The ink comes from here, never from what was typed.
COLOURS: dict[str, tuple[str, str]] = {
    "red": ("Red", "#c62828"),
    "pink": ("Pink", "#d81b60"),
    "purple": ("Purple", "#6a1b9a"),
    "blue": ("Blue", "#1565c0"),
    "green": ("Green", "#2e7d32"),
    "yellow": ("Yellow", "#f9a825"),
    "brown": ("Brown", "#6d4c41"),
    "black": ("Black", "#212121"),
    "other": ("Other (see description)", "#546e7a"),
}
COLOUR_CHOICES = [(key, label) for key, (label, _ink) in COLOURS.items()]

# A plain figure, drawn once for each side.
OUTLINE_PATH = (
    "M88,66 L88,78 L58,84 Q46,88 44,100 L30,190 L22,250 L34,252 L46,196 L58,130 "
    "L62,200 L58,290 L60,388 L86,390 L94,250 L100,228 L106,250 L114,390 L140,388 "
    "L142,290 L138,200 L142,130 L154,196 L166,252 L178,250 L170,190 L156,100 "
    "Q154,88 142,84 L112,78 L112,66 Z"
)
HEAD = {"cx": 100, "cy": 38, "rx": 24, "ry": 30}

BAD_MARK = "Each body map mark needs a side, a place on the outline, a colour and a description."
TOO_MANY_MARKS = f"A body map has at most {MAX_MARKS} marks."


def mark_clean(mark: dict[str, Any]) -> dict[str, Any]:
    """One mark as stored, or ``ValidationError``. Only known keys and values are kept."""
    try:
        side = str(mark["side"])
        x = int(mark["x"])
        y = int(mark["y"])
        colour = str(mark["colour"])
        description = str(mark["description"]).strip()
        size = str(mark.get("size") or "").strip()
    except (KeyError, TypeError, ValueError) as exc:
        raise ValidationError(BAD_MARK) from exc
    if side not in dict(SIDES) or colour not in COLOURS or not description:
        raise ValidationError(BAD_MARK)
    if not (0 <= x <= WIDTH and 0 <= y <= HEIGHT):
        raise ValidationError(BAD_MARK)
    if len(description) > 300 or len(size) > 50:
        raise ValidationError(BAD_MARK)
    return {
        "side": side,
        "x": x,
        "y": y,
        "size": size,
        "colour": colour,
        "description": description,
    }


def body_map_clean(marks: list[dict[str, Any]]) -> list[dict[str, Any]]:
    if len(marks) > MAX_MARKS:
        raise ValidationError(TOO_MANY_MARKS)
    return [mark_clean(mark) for mark in marks]


def marks_for_drawing(marks: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """The stored marks with what the drawing and its legend need (number, ink, labels)."""
    drawn = []
    for number, mark in enumerate(marks, start=1):
        label, ink = COLOURS.get(mark.get("colour", ""), COLOURS["other"])
        drawn.append(
            {
                **mark,
                "number": number,
                "ink": ink,
                "colour_label": label,
                "side_label": dict(SIDES).get(mark.get("side", ""), ""),
                "is_back": mark.get("side") == "back",
            }
        )
    return drawn


def drawing_context() -> dict[str, Any]:
    """What ``cases/_bodymap_svg.html`` needs besides the marks."""
    return {
        "bm_width": WIDTH,
        "bm_height": HEIGHT,
        "bm_back_x": WIDTH + GAP,
        "bm_top": TOP,
        "bm_drawing_width": DRAWING_WIDTH,
        "bm_drawing_height": DRAWING_HEIGHT,
        "bm_outline": OUTLINE_PATH,
        "bm_head": HEAD,
        "bm_grid": list(range(50, HEIGHT, 50)),
    }
