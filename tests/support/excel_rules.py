"""A lint of Excel's own rules that the Open XML schema does not express (TESTING.md).

Each rule here is something Excel answers with a repair prompt or silently drops, although the
file is schema-valid.
"""

from __future__ import annotations

import re
import unicodedata
import zipfile
from pathlib import Path
from xml.etree import ElementTree

NS = {"m": "http://schemas.openxmlformats.org/spreadsheetml/2006/main"}
_REL = "{http://schemas.openxmlformats.org/officeDocument/2006/relationships}id"
_REF = re.compile(r"^([A-Z]{1,3})([0-9]+)$")
_LIKE_A_CELL = re.compile(r"^(?:[A-Za-z]{1,3}[0-9]+|[RrCc]|[Rr][0-9]*[Cc][0-9]*)$")


def _is_valid_name(name: str) -> bool:
    """Excel's rule for a defined name: starts with a letter, ``_`` or ``\\``; then letters
    (any script, with their combining marks), digits, ``.`` and ``_``; never like a cell."""
    if name.startswith("_xlnm."):
        return True

    def ok(char: str, first: bool) -> bool:
        kind = unicodedata.category(char)
        return char in "_\\" or kind.startswith("L") or (
            not first and (kind[0] in "MN" or char == "."))  # fmt: skip

    return (0 < len(name) <= 255 and ok(name[0], True)
            and all(ok(c, False) for c in name[1:]) and not _LIKE_A_CELL.match(name))  # fmt: skip


def _col(letters: str) -> int:
    n = 0
    for ch in letters:
        n = n * 26 + ord(ch) - 64
    return n


def _range(ref: str) -> tuple[int, int, int, int]:
    first, _, last = ref.partition(":")
    last = last or first
    a, b = _REF.match(first.replace("$", "")), _REF.match(last.replace("$", ""))
    assert a and b, ref
    return int(a[2]), _col(a[1]), int(b[2]), _col(b[1])


def lint(path: str | Path) -> list[str]:
    """Problems found, as readable strings; an empty list means none."""
    problems: list[str] = []
    with zipfile.ZipFile(path) as z:
        names = set(z.namelist())
        content_types = z.read("[Content_Types].xml").decode()
        if "macroEnabled" in content_types and "xl/vbaProject.bin" not in names:
            problems.append(".xlsm content type without xl/vbaProject.bin")
        styles = ElementTree.fromstring(z.read("xl/styles.xml"))
        dxfs = styles.find("m:dxfs", NS)
        dxf_count = len(dxfs) if dxfs is not None else 0
        book = ElementTree.fromstring(z.read("xl/workbook.xml"))
        for sheet in book.iterfind("m:sheets/m:sheet", NS):
            if len(sheet.get("name", "")) > 31:
                problems.append(f"sheet name over 31 characters: {sheet.get('name')}")
        for name in book.iterfind("m:definedNames/m:definedName", NS):
            if re.search(r"\s", name.get("name", "")):
                problems.append(f"defined name with a space: {name.get('name')!r}")
            elif not _is_valid_name(name.get("name", "")):
                problems.append(f"defined name Excel refuses: {name.get('name')!r}")
        for part in sorted(n for n in names if re.match(r"xl/worksheets/sheet\d+\.xml$", n)):
            root = ElementTree.fromstring(z.read(part))
            last_row = 0
            for row in root.iterfind("m:sheetData/m:row", NS):
                # "r" is optional: a row without it follows the previous one (so does a cell)
                number = int(row.get("r", str(last_row + 1)))
                if number <= last_row:
                    problems.append(f"{part}: row {number} out of order")
                last_row = number
                last_col = 0
                for cell in row.iterfind("m:c", NS):
                    ref = cell.get("r")
                    match = _REF.match(ref) if ref else None
                    if ref is None:
                        last_col += 1
                        continue
                    if not match or int(match[2]) != number:
                        problems.append(f"{part}: cell {cell.get('r')} not in row {number}")
                        continue
                    col = _col(match[1])
                    if col <= last_col:
                        problems.append(f"{part}: cell {cell.get('r')} out of order")
                    last_col = col
            merges = [
                _range(m.get("ref", "")) for m in root.iterfind("m:mergeCells/m:mergeCell", NS)
            ]
            for i, a in enumerate(merges):
                for b in merges[i + 1 :]:
                    if a[0] <= b[2] and b[0] <= a[2] and a[1] <= b[3] and b[1] <= a[3]:
                        problems.append(f"{part}: overlapping merged ranges {a} and {b}")
            for rule in root.iterfind("m:conditionalFormatting/m:cfRule", NS):
                dxf = rule.get("dxfId")
                if dxf is not None and int(dxf) >= dxf_count:
                    problems.append(f"{part}: conditional format dxfId {dxf} of {dxf_count}")
            for dv in root.iterfind("m:dataValidations/m:dataValidation", NS):
                formula = dv.findtext("m:formula1", default="", namespaces=NS)
                if dv.get("type") == "list" and formula.startswith('"') and len(formula) > 257:
                    problems.append(f"{part}: inline list validation over 255 characters")
    return problems
