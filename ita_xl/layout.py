"""How tall a row of Thai text must be: the one answer for the template, the summary and the
marked copies (LibreOffice does not auto-fit rows when it opens a file, so every writer sets
heights itself).

Widths are Excel column widths, which in these workbooks (default font 16 pt TH Sarabun New) hold
about one Thai character each; vowel and tone marks above and below take no width.
"""

from __future__ import annotations

import bisect
import itertools
import math
import re
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


Measured = dict[str, int]
"""What a writer that meets the same texts again keeps: each text's display width."""


def lines_needed(text: str, width: float, measured: Measured | None = None) -> int:
    """Lines ``text`` takes when wrapped in a column ``width`` wide (at least one). ``measured``
    keeps the display widths worked out, for a writer that meets the same texts again."""
    if width == math.inf:
        return 1  # a column without a width does not wrap
    per_line = max(1.0, width * CHARS_PER_WIDTH)
    if "\n" not in text:  # one paragraph: the usual cell, told without splitting
        if len(text) * _WIDEST <= per_line:
            return 1  # fits whatever its characters
        return _paragraph_lines(text, per_line, measured)
    return sum(_paragraph_lines(part, per_line, measured) for part in text.split("\n"))


# Where a line may break, as Calc breaks it: Thai text between any two words (taken as
# anywhere: a dictionary's words are short beside a column), other text after a space or a few
# signs (``_last_break``). A run of other characters (a file's path, an e-mail, a link) moves
# whole to the next line when it does not fit, and is cut anywhere only when wider than a line.
def _has_long_run(text: str, per_line: float) -> bool:
    """Whether ``text`` holds a run without a break at least a quarter of a line long (and six
    characters): where it moves on, it leaves enough of a line empty to need placing piece by
    piece. Shorter runs lose less room than ``LINE_HEIGHT`` makes up, and the text is measured
    as a whole (most cells: Thai prose, English messages)."""
    shortest = max(6, int(per_line / 4))
    pattern = _LONG_RUN_RES.get(shortest)
    if pattern is None:
        pattern = _LONG_RUN_RES[shortest] = re.compile(f"[^\\s/\u0e00-\u0e7f]{{{shortest},}}")
    return pattern.search(text) is not None


_LONG_RUN_RES: dict[int, re.Pattern[str]] = {}
_BREAK_SIGNS = "/-?%!"
"""The signs a line may break after (a slash only outside a number: ``_last_break``)."""
_SIGNS = re.escape(_BREAK_SIGNS)
_PIECE_RE = re.compile(
    rf"[\u0e00-\u0e7f]+\s*|[^\s{_SIGNS}\u0e00-\u0e7f]+[{_SIGNS}]*\s*|[{_SIGNS}\s]+"
)
"""A paragraph in the pieces ``_paragraph_lines`` places: Thai text, a run of other characters
with the characters a line may break after (``_last_break``) and spaces, or those alone."""

_ASCII_ADVANCES = (
    216, 147, 208, 403, 361, 585, 423, 120, 190, 190, 285, 411, 162, 216, 162, 270, 362, 362, 362,
    362, 362, 362, 362, 362, 362, 362, 162, 162, 411, 411, 411, 283, 536, 400, 378, 406, 431, 351,
    351, 425, 441, 147, 264, 376, 353, 548, 441, 486, 378, 487, 379, 352, 379, 466, 390, 588, 418,
    366, 424, 196, 262, 196, 412, 352, 204, 344, 401, 331, 401, 374, 206, 311, 390, 143, 155, 316,
    200, 601, 390, 398, 401, 401, 217, 282, 238, 390, 341, 507, 318, 337, 321, 208, 153, 208, 416,
)  # fmt: skip
"""Advance widths of the printable ASCII characters (space to ``~``) in TH Sarabun New Regular,
in font units (its ``hmtx`` table; ``tests/test_layout.py`` reads them from the font itself).
Latin letters are not all as wide as a Thai one: ``m`` is 1.66 zeros, ``i`` 0.40."""
_ZERO_ADVANCE = 362
# by the bytes of a text's UTF-8: a character beyond ASCII counts one column at its first byte
_ADVANCE = ([1.0] * 32 + [a / _ZERO_ADVANCE for a in _ASCII_ADVANCES] + [0.0]
            + [0.0] * 64 + [1.0] * 64)  # fmt: skip
_WIDEST = max(_ADVANCE)
_MARGIN, _ROUNDING = 0.5, 0.05
"""What a line of other characters holds short of its width: Calc lays text out in whole
pixels, each glyph's advance rounded, and a long run of them comes out up to 5% wider than their
advances add up to. Calibrated on Calc's own fitting (Optimal Height) of 900 random names in six
widths: none shorter than Calc needs, one in seven a line taller. ``tests/test_layout.py`` has
Calc fit realistic names."""


def _paragraph_lines(text: str, per_line: float, measured: Measured | None) -> int:
    if not _has_long_run(text, per_line):  # measured as a whole
        if len(text) <= per_line:
            return 1
        return max(1, math.ceil(_display_width(text, measured) / per_line))
    room = per_line * (1 - _ROUNDING) - _MARGIN
    if text.isascii():  # a path, a link, an e-mail: thousands of them in a summary
        return _ascii_lines(text, room)
    lines, used = 1, 0.0
    for piece in _PIECE_RE.findall(text):
        if "\u0e00" <= piece[0] <= "\u0e7f":  # Thai flows on, line after line
            used += _display_width(piece, measured)
            while used > per_line:
                lines, used = lines + 1, used - per_line
            continue
        body = piece.rstrip()  # a space ending a line takes no room
        fits = sum(map(_ADVANCE.__getitem__, body.encode()))
        whole = fits + sum(map(_ADVANCE.__getitem__, piece[len(body) :].encode()))
        if used + fits <= room:
            used += whole
            continue
        if used > 0:
            lines, used = lines + 1, 0.0
        more = max(0, math.ceil(fits / room) - 1)  # wider than a line: cut anywhere
        lines, used = lines + more, whole - more * room
    return lines


def _ascii_lines(text: str, room: float) -> int:
    """``_paragraph_lines`` of text without Thai, a line at a time: how much fits is found in
    the running sum of the advances, where it breaks by searching back (``_last_break``):
    C-speed steps, where placing it piece by piece costs a summary's register tens of ms."""
    ends = list(itertools.accumulate(map(_ADVANCE.__getitem__, text.encode())))
    lines, start, before = 1, 0, 0.0
    while ends[-1] - before > room:
        fits = bisect.bisect_right(ends, before + room, start)  # text[start:fits] fits
        # a space ending a line takes no room
        space = fits < len(text) and text[fits] == " "
        cut = fits + 1 if space else _last_break(text, start, fits)
        if cut <= start:  # one run wider than the line: cut where the line ends
            cut = max(fits, start + 1)
        lines, start, before = lines + 1, cut, ends[cut - 1]
        if start >= len(text):
            break
    return lines


def _last_break(text: str, start: int, end: int) -> int:
    """Where a line of ``text[start:end]`` may end (the index after it), ``start`` when nowhere:
    after a space, a hyphen, ``?``, ``%`` or ``!``, or a slash that is not inside a number
    (``2566/2567`` stays whole, ``returns/2566`` breaks), and nowhere else in a run of Latin
    letters, digits and signs: what Calc does (measured: ``tests/test_layout.py``)."""
    found = max(start, *(text.rfind(mark, start, end) + 1 for mark in _BREAKS_AFTER))
    slash = text.rfind("/", start, end)
    while found <= slash and 0 < slash < len(text) - 1 and text[slash - 1].isdigit() \
            and text[slash + 1].isdigit():  # fmt: skip
        slash = text.rfind("/", start, slash)
    return max(found, slash + 1)


_BREAKS_AFTER = " " + _BREAK_SIGNS.replace("/", "")


def _display_width(text: str, measured: Measured | None) -> int:
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
