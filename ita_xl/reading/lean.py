"""What the value reader is handed: only the parts it reads, each read sheet without the empty
input rows after its last value, stored uncompressed.

A return's template formats a few hundred empty input rows on each table sheet (a border and an
unlocked style on every cell), and carries a sheet of live checks many times the size of the
data. python-calamine parses every formatted cell and inflates every part it opens; on a typical
return that was three quarters of its reading time. The scan has already inflated and checked
the parts, so the reader gets those bytes, without what cannot hold a value: nothing it returns
changes (``tests/test_lean.py`` reads returns both ways).
"""

from __future__ import annotations

import re
import struct
import zlib
from collections.abc import Iterable

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


_LOCAL = struct.Struct("<IHHHHHIIIHH")
_CENTRAL = struct.Struct("<IHHHHHHIIIHHHHHII")
_END = struct.Struct("<IHHHHIIH")
_UTF8_NAMES = 0x800
_DOS_1980 = (0, 0x21)  # 1 January 1980, 00:00: the fixed time the zip format starts at


def stored_package(parts: Iterable[tuple[str, bytes, int | None]]) -> bytes:
    """``parts`` (name, bytes, CRC-32 or ``None`` to compute it) as a zip in memory, stored.

    Written here rather than with ``zipfile``: its writer computes each CRC again and costs
    about 20 µs a part in Python, on every return of a roll-up; the parts kept whole already
    have their CRC from the file's directory. The format is the plain zip of APPNOTE 4.3 (no
    zip64: a return is far below 4 GB), which python-calamine's reader checks CRC by CRC."""
    body: list[bytes] = []
    directory: list[bytes] = []
    offset = 0
    for name, data, crc in parts:
        encoded = name.encode()
        crc = zlib.crc32(data) if crc is None else crc
        fields = (0, *_DOS_1980, crc, len(data), len(data), len(encoded))
        local = _LOCAL.pack(0x04034B50, 20, _UTF8_NAMES, *fields, 0) + encoded
        directory.append(_CENTRAL.pack(0x02014B50, 20, 20, _UTF8_NAMES, *fields, 0, 0, 0, 0, 0,
                                       offset) + encoded)  # fmt: skip
        body += (local, data)
        offset += len(local) + len(data)
    central = b"".join(directory)
    end = _END.pack(0x06054B50, 0, 0, len(directory), len(directory), len(central), offset, 0)
    return b"".join((*body, central, end))
