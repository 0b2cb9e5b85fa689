"""The lean package python-calamine reads: smaller, and nothing read from it differs."""

from __future__ import annotations

import io
import zipfile
from pathlib import Path

import openpyxl
import pytest

from ita_xl import spec
from ita_xl.reading.grids import ENGINES
from ita_xl.reading.lean import without_formatting_rows
from ita_xl.reading.read import plain_values, read_return
from ita_xl.reading.safety import scan_workbook

from .conftest import EXAMPLES, ROOT
from .support.tables import write_return

RELEASES = sorted((ROOT / "tests" / "data" / "releases").glob("*.xlsx"))  # filled in Calc

VALUE = '<row r="1"><c r="A1" t="s"><v>0</v></c><c r="B1" s="2"/></row>'
STYLED = '<row r="2" ht="24"><c r="A2" s="1"/><c r="B2" s="1"/></row><row r="3"/>'
CASES = [
    # (sheetData content,                                             what the reader is given)
    (VALUE + STYLED,                                                  VALUE),
    (STYLED,                                                          ""),
    (VALUE,                                                           VALUE),
    (STYLED + VALUE,                                                  STYLED + VALUE),
    # a value after the styled rows, its cell closed with a space: kept, as is everything
    (VALUE + STYLED + '<row r="9"><c r="A9"><v>5</v></c ></row>',     "unchanged"),
    # an inline string, a formula without its value
    (VALUE + STYLED + '<row r="9"><c r="A9" t="inlineStr"><is><t>x</t></is></c></row>',
     "unchanged"),
    (VALUE + '<row r="9"><c r="A9"><f>1+1</f></c></row>' + STYLED,
     VALUE + '<row r="9"><c r="A9"><f>1+1</f></c></row>'),
    # a cell left open (a damaged file): not for this module to judge
    (VALUE + '<row r="9"><c r="A9"><v>5</v></row>',                   "unchanged"),
]  # fmt: skip


@pytest.mark.parametrize(("rows", "lean"), CASES)
def test_only_rows_of_formatting_after_the_last_value_are_left_out(rows: str, lean: str) -> None:
    def sheet(data: str) -> bytes:
        return (f"<worksheet><sheetData>{data}</sheetData>"
                '<mergeCells count="1"><mergeCell ref="A1:B1"/></mergeCells></worksheet>').encode()  # fmt: skip

    expected = sheet(rows) if lean == "unchanged" else sheet(lean)
    assert without_formatting_rows(sheet(rows)) == expected


def test_a_prefixed_or_empty_sheet_is_given_as_it_is() -> None:
    prefixed = b'<x:worksheet xmlns:x="m"><x:sheetData><x:row r="1"><x:c r="A1" s="1"/></x:row>'
    prefixed += b"</x:sheetData></x:worksheet>"
    assert without_formatting_rows(prefixed) == prefixed
    assert without_formatting_rows(b"<worksheet><sheetData/></worksheet>") == (
        b"<worksheet><sheetData/></worksheet>"
    )


def _saved_by_openpyxl(path: Path, target: Path) -> Path:
    book = openpyxl.load_workbook(path)
    book[spec.MEASURES.name]["B150"] = "มาตรการที่พิมพ์ไว้ใต้ตาราง"  # far below the last measure
    book.save(target)
    return target


def _returns(tmp_path: Path) -> list[Path]:
    made = write_return(tmp_path / "template.xlsx")
    return [made, _saved_by_openpyxl(made, tmp_path / "openpyxl.xlsx"), *RELEASES,
            *EXAMPLES[:3]]  # fmt: skip


def test_calamine_reads_the_same_from_the_lean_package_as_from_the_file(tmp_path: Path) -> None:
    for path in _returns(tmp_path):
        scan = scan_workbook(path, skip=spec.AUXILIARY_SHEETS)
        whole = scan_workbook(path, skip=spec.AUXILIARY_SHEETS, whole=True).data
        wanted = list(scan.sheets)
        full_names, full = ENGINES["calamine"](whole, wanted, False)
        lean_names, lean = ENGINES["calamine"](scan.lean, wanted, False)
        assert lean_names == full_names, path.name
        for name in wanted:
            assert (lean[name].rows, lean[name].first_row, lean[name].first_column) == (
                full[name].rows,
                full[name].first_row,
                full[name].first_column,
            ), (path.name, name)
        assert len(scan.lean) < len(whole) or path.stat().st_size < 60_000


def test_a_value_typed_far_below_the_grid_reaches_the_return(tmp_path: Path) -> None:
    path = _saved_by_openpyxl(write_return(tmp_path / "r.xlsx"), tmp_path / "far.xlsx")
    values = plain_values(read_return(path))
    assert values[f"{spec.MEASURES.name}!B150"] == "มาตรการที่พิมพ์ไว้ใต้ตาราง"
    assert values == plain_values(read_return(path, engine="openpyxl"))


def test_the_lean_package_holds_only_what_the_reader_opens(tmp_path: Path) -> None:
    path = write_return(tmp_path / "r.xlsx")
    scan = scan_workbook(path, skip=spec.AUXILIARY_SHEETS)
    with zipfile.ZipFile(io.BytesIO(scan.lean)) as lean, zipfile.ZipFile(path) as original:
        kept = set(lean.namelist())
        assert {i.compress_type for i in lean.infolist()} == {zipfile.ZIP_STORED}
        assert lean.testzip() is None  # every CRC, reused from the file or computed, is right
        assert {"[Content_Types].xml", "_rels/.rels", "xl/workbook.xml",
                "xl/_rels/workbook.xml.rels", "xl/sharedStrings.xml", "xl/styles.xml"} <= kept  # fmt: skip
        sheets = {n for n in original.namelist() if n.startswith("xl/worksheets/sheet")}
        assert len(sheets & kept) == len(scan.sheets) < len(sheets)  # the live checks left out
        shrunk = {n: len(lean.read(n)) / len(original.read(n)) for n in sheets & kept}
        assert max(shrunk.values()) <= 1 and min(shrunk.values()) < 0.5  # the empty input rows


def _bytes_read() -> int:
    with open("/proc/self/io") as counters:
        return next(int(line.split()[1]) for line in counters if line.startswith("rchar:"))


@pytest.mark.skipif(not Path("/proc/self/io").exists(), reason="Linux's read counters")
def test_the_scan_reads_the_parts_it_needs_not_the_sheet_of_live_checks(tmp_path: Path) -> None:
    path = write_return(tmp_path / "r.xlsx")
    with zipfile.ZipFile(path) as package:
        biggest = max(package.infolist(), key=lambda info: info.compress_size)
    assert biggest.compress_size > path.stat().st_size / 2  # the live checks
    before = _bytes_read()
    scan = scan_workbook(path, skip=spec.AUXILIARY_SHEETS)
    assert _bytes_read() - before < path.stat().st_size - biggest.compress_size
    assert scan.data == b"" and scan.lean
    assert len(scan_workbook(path, whole=True).data) == path.stat().st_size
