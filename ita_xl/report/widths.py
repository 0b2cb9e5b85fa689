"""Column widths of the report's tables, sized to what they hold.

A fixed split gave the framework's assessment points a narrow column while the columns beside them
stood empty, so section ๓ of a two-measure report filled six landscape pages. Here the page's width
is handed out a slice at a time to the column where it saves the most lines, as a reader of the
printed table would want: the tallest rows shrink first.
"""

from __future__ import annotations

from collections.abc import Sequence

from ita_xl import thai

CM_PER_CHARACTER = 0.2
"""14 pt TH Sarabun New: a Thai character, marks aside, is 0.18 cm wide (measured on the font); the
rest is what a line loses where it breaks between words."""
LATIN_CM_PER_CHARACTER = 0.165
"""14 pt TH Sarabun New, a web address's letters and digits (measured: 0.16 cm)."""
CELL_MARGINS_CM = 0.4
"""Word's default cell margins, left and right together."""
WORD_LOSS = 3.0
"""Characters a line loses where it breaks between words (half a common Thai word)."""
MINIMUM_CM = 2.0
SLICE_CM = 0.1


def _unbreakable_cm(texts: Sequence[str], cap_cm: float) -> float:
    """Width of a column's longest run of characters no line may break (a web address, a
    code), which Thai word-breaking does not touch; at most ``cap_cm``."""
    longest = max((len(token) for text in texts for token in text.split()
                   if not thai.has_thai(token)), default=0)  # fmt: skip
    return min(cap_cm, longest * LATIN_CM_PER_CHARACTER + CELL_MARGINS_CM)


def _line_widths(text: str) -> list[int]:
    return [thai.display_width(part) for part in text.split("\n")]


def _lines(widths: list[int], width_cm: float) -> float:
    """Lines a cell takes, unrounded so that every slice counts: a narrow column loses about
    half a word (three characters) at the end of each line."""
    per_line = max(1.0, (width_cm - CELL_MARGINS_CM) / CM_PER_CHARACTER - WORD_LOSS)
    return sum(max(1.0, w / per_line) for w in widths)


def content_widths(rows: Sequence[Sequence[str]], total_cm: float,
                   minimum_cm: float = MINIMUM_CM) -> list[float]:  # fmt: skip
    """Widths (cm) of a table's columns adding up to ``total_cm``: each column starts at
    ``minimum_cm`` (or the width of its longest web address, up to a third of the table) and
    every further slice goes to the column that saves the most lines over the whole table (rows
    are as tall as their tallest cell).
    ``rows`` include the header; rows of one cell (headings across the table) are left out."""
    table = [[_line_widths(cell) for cell in row] for row in rows if len(row) > 1]
    columns = len(table[0])
    widths = [max(minimum_cm, _unbreakable_cm([row[c] for row in rows if len(row) > 1],
                                              total_cm / 3))
              for c in range(columns)]  # fmt: skip
    slices = max(0, round((total_cm - sum(widths)) / SLICE_CM))

    def lines_of(column: int, width_cm: float) -> list[float]:
        return [_lines(row[column], width_cm) for row in table]

    current = [lines_of(c, widths[c]) for c in range(columns)]
    for _ in range(slices):

        def gain(column: int) -> tuple[float, float]:
            widened = lines_of(column, widths[column] + SLICE_CM)
            saved = 0.0
            for r, lines in enumerate(widened):
                others = max((current[c][r] for c in range(columns) if c != column), default=0)
                saved += max(current[column][r], others) - max(lines, others)
            return saved, sum(current[column])

        best = max(range(columns), key=gain)
        widths[best] += SLICE_CM
        current[best] = lines_of(best, widths[best])
    leftover = total_cm - sum(widths)
    widths[-1] += leftover  # what rounding to slices left
    return [round(w, 2) for w in widths]
