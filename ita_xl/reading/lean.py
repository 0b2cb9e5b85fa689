"""What the value reader is handed: only the parts it reads, each read sheet without the empty
input rows after its last value, stored uncompressed (``ooxml.package.stored_package``).

A return's template formats a few hundred empty input rows on each table sheet (a border and an
unlocked style on every cell), and carries a sheet of live checks many times the size of the
data. python-calamine parses every formatted cell and inflates every part it opens; on a typical
return that was three quarters of its reading time. The scan has already inflated and checked
the parts, so the reader gets those bytes, without what cannot hold a value: nothing it returns
changes (``tests/test_lean.py`` reads returns both ways).
"""

from __future__ import annotations

import re

_OTHER_END_TAG_RE = re.compile(rb"</(?!row>)")

READER_RELATIONSHIPS = ("sharedStrings", "styles")
"""Of the workbook's other parts, those python-calamine reads for values (the text of shared
strings; the number formats that make a number a date)."""


def without_formatting_rows(sheet: bytes) -> bytes:
    """A worksheet's XML without the rows after its last cell with content, when those rows
    hold only formatting; otherwise the sheet as it is. Rows up to the last value are kept
    whatever they hold, so every address and value a reader gives stays the same."""
    start = sheet.find(b"<sheetData>")
    end = sheet.rfind(b"</sheetData>")
    if start < 0 or end < start:
        return sheet  # prefixed (<x:sheetData>), empty (<sheetData/>) or unusual: as it is
    last_cell = sheet.rfind(b"</c>", start, end)
    if last_cell < 0:
        cut = start + len(b"<sheetData>")
    else:
        row_end = sheet.find(b"</row>", last_cell, end)
        if row_end < 0:
            return sheet
        cut = row_end + len(b"</row>")
    # rows of formatting only: no end tag but the rows'. A value is always inside an element
    # of a cell (<v>, <is>, <f>), which takes an end tag; <c/> is a style and nothing more
    if cut >= end or _OTHER_END_TAG_RE.search(sheet, cut, end) is not None:
        return sheet
    return sheet[:cut] + sheet[end:]
