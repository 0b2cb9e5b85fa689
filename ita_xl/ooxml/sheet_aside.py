"""A sheet's cells set aside while openpyxl rewrites a workbook, and put back afterwards.

The ``ตรวจสอบ`` sheet holds some 25,000 generated formula cells that a marked copy never changes,
and openpyxl spends about two seconds reading and writing them (twenty times the rest of a
return). ``set_aside`` gives openpyxl a copy whose sheet has no cells; ``put_back`` returns the
original cells to the saved file. Their shared strings become inline strings (openpyxl numbers
its own shared-string table); their style indexes stay valid, because openpyxl keeps a loaded
workbook's cell formats in their order and only appends new ones.
"""

from __future__ import annotations

import re
import zipfile
from dataclasses import dataclass
from pathlib import Path

from ita_xl.ooxml import package

_SHEET_DATA_RE = re.compile(rb"<sheetData\s*/>|<sheetData>.*?</sheetData>", re.S)
_DIMENSION_RE = re.compile(rb"<dimension [^>]*/>")
_SHARED_CELL_RE = re.compile(rb'<c ([^>]*?)\bt="s"([^>]*)><v>([0-9]+)</v></c>')
_STRING_ITEM_RE = re.compile(rb"<si>(.*?)</si>", re.S)


@dataclass(frozen=True)
class Aside:
    sheet: str
    sheet_data: bytes
    """The sheet's ``<sheetData>``, its shared strings made inline."""
    dimension: bytes


def set_aside(source: Path, sheet: str, light: Path) -> Aside | None:
    """Write ``light``, a copy of ``source`` whose ``sheet`` has no cells; ``None`` (and no copy)
    when the workbook has no such sheet or its cells cannot be set aside safely."""
    try:
        return _set_aside(source, sheet, light)
    except (KeyError, OSError, zipfile.BadZipFile, IndexError):
        light.unlink(missing_ok=True)
        return None  # openpyxl reads the whole file, as it would without us


def _set_aside(source: Path, sheet: str, light: Path) -> Aside | None:
    with zipfile.ZipFile(source) as archive:
        part = package.part_of_sheet(archive, sheet)
        if part is None or part not in archive.namelist():
            return None
        xml = archive.read(part)
        found = _SHEET_DATA_RE.search(xml)
        if found is None:
            return None
        strings: list[bytes] = []
        if "xl/sharedStrings.xml" in archive.namelist():
            strings = _STRING_ITEM_RE.findall(archive.read("xl/sharedStrings.xml"))

        def inline(match: re.Match[bytes]) -> bytes:
            index = int(match.group(3))
            if index >= len(strings):
                raise IndexError(index)
            return b'<c %st="inlineStr"%s><is>%s</is></c>' % (
                match.group(1),
                match.group(2),
                strings[index],
            )

        sheet_data = _SHARED_CELL_RE.sub(inline, found.group(0))
        if b' t="s"' in sheet_data:  # a shared-string cell in a form the pattern does not know
            return None
        dimension = _DIMENSION_RE.search(xml)

        def emptied(name: str, data: bytes) -> bytes:
            return _SHEET_DATA_RE.sub(b"<sheetData/>", data, count=1) if name == part else data

        package.copy_parts(archive, light, emptied)
    return Aside(sheet, sheet_data, dimension.group(0) if dimension else b"")


def put_back(saved: Path, aside: Aside) -> None:
    """Return the set-aside cells to ``saved`` (the file openpyxl wrote), in place."""
    with zipfile.ZipFile(saved) as archive:
        part = package.part_of_sheet(archive, aside.sheet)
    if part is None:
        raise ValueError(f"{saved.name}: the sheet {aside.sheet} is gone")

    def restored(name: str, data: bytes) -> bytes:
        if name != part:
            return data
        data = _SHEET_DATA_RE.sub(lambda _: aside.sheet_data, data, count=1)
        if aside.dimension:
            data = _DIMENSION_RE.sub(lambda _: aside.dimension, data, count=1)
        return data

    package.rewrite_file(saved, restored)
