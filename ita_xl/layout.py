"""How tall a row of Thai text must be: the one answer for the template, the summary and the
marked copies (LibreOffice does not auto-fit rows when it opens a file, so every writer sets
heights itself).

Widths are Excel column widths, which in these workbooks (default font 16 pt TH Sarabun New) hold
about one Thai character each; vowel and tone marks above and below take no width.
"""

from __future__ import annotations

import math
from collections.abc import Iterable

from ita_xl import spec, thai

LINE_HEIGHT = spec.ROW_HEIGHT
"""Points per line of 16 pt TH Sarabun New."""
PADDING = 6.0
"""Points above and below the text, so the last line is not cut by the grid."""
MAX_HEIGHT = 409.0
"""Excel's limit, in points."""
CHARS_PER_WIDTH = 1.0
"""Thai characters of 16 pt TH Sarabun New per unit of column width: measured on the font itself
(a Thai character, marks aside, is as wide as the ``0`` that defines the unit). The room lost
where a line breaks between words is made up by ``LINE_HEIGHT``, 24 pt where the font's own line
is about 21 pt."""


def lines_needed(text: str, width: float, measured: dict[str, int] | None = None) -> int:
    """Lines ``text`` takes when wrapped in a column ``width`` wide (at least one). ``measured``
    keeps the display widths worked out, for a writer that meets the same texts again."""
    if width == math.inf:
        return 1  # a column without a width does not wrap
    per_line = max(1.0, width * CHARS_PER_WIDTH)
    if "\n" not in text:  # one paragraph: the usual cell, told without splitting
        if len(text) <= per_line:
            return 1  # fits whatever its marks (display width <= length)
        return max(1, math.ceil(_display_width(text, measured) / per_line))
    return sum(max(1, math.ceil(_display_width(part, measured) / per_line))
               for part in text.split("\n"))  # fmt: skip


def _display_width(text: str, measured: dict[str, int] | None) -> int:
    if measured is None:
        return thai.display_width(text)
    width = measured.get(text)
    if width is None:
        width = measured[text] = thai.display_width(text)
    return width


def height_for_lines(lines: int, max_lines: int | None = None) -> float:
    """Points for ``lines`` lines of text, capped at ``max_lines`` and at Excel's limit."""
    if max_lines is not None:
        lines = min(lines, max_lines)
    return min(MAX_HEIGHT, lines * LINE_HEIGHT + PADDING)


def row_height(cells: Iterable[tuple[str, float]], min_lines: int = 1,
               max_lines: int | None = None) -> float:  # fmt: skip
    """Points a row needs to show every cell's text: ``cells`` are (text, column width)."""
    lines = max((lines_needed(text, width) for text, width in cells if text), default=1)
    return height_for_lines(max(lines, min_lines), max_lines)
