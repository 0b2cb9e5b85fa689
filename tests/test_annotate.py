"""``--annotate``: a marked copy (coloured cells, a note on each, the findings sheet with links),
made through the same marking code the button uses; the input is never changed."""

from __future__ import annotations

import hashlib
from pathlib import Path
from typing import Any, cast

import openpyxl

from ita_xl.checking.annotate import OpenpyxlBook, annotate
from ita_xl.checking.marking import FILLS, NOTE_MARK, clear
from ita_xl.checking.validation import validate
from ita_xl.cli import main

from .conftest import ROOT

MISTAKES = ROOT / "examples" / "returns" / "nonsaard_2566_6m_mistakes.xlsx"


def _digest(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def _fill(cell: object) -> tuple[object, ...]:
    fill = cell.fill  # type: ignore[attr-defined]
    return (fill.fill_type, fill.fgColor.rgb, fill.fgColor.theme, fill.fgColor.tint)


def test_the_copy_marks_every_finding_and_the_input_is_unchanged(tmp_path: Path) -> None:
    before = _digest(MISTAKES)
    out = tmp_path / "marked.xlsx"
    assert main(["validate", str(MISTAKES), "--annotate", str(out)]) == 1
    assert _digest(MISTAKES) == before
    findings = validate(MISTAKES).findings
    book = openpyxl.load_workbook(out)
    assert book.sheetnames[0] == "ผลการตรวจสอบ" and book.active.title == "ผลการตรวจสอบ"
    listed = list(book["ผลการตรวจสอบ"].iter_rows(min_row=2, values_only=True))
    assert [(r[2], r[3], r[4]) for r in listed] == [(f.code, f.sheet, f.cell) for f in findings]
    link = book["ผลการตรวจสอบ"]["E2"].hyperlink
    assert link.location == f"'{findings[0].sheet}'!{findings[0].cell}"
    # an error cell is red with a note naming the code; a warning-only cell is yellow
    year = book["ข้อมูลหน่วยงาน"]["B9"]
    assert year.fill.fgColor.rgb.endswith(FILLS[findings[0].severity])
    assert year.comment.text.startswith(NOTE_MARK) and "ITA-T201" in year.comment.text
    assert book["ติดตามผล"]["H5"].fill.fgColor.rgb.endswith("FFEB9C")
    # officers' text that looks like a formula stays text in the copy
    assert book["ติดตามผล"]["C6"].data_type == "s"
    # the copy still reads and validates as the original did
    assert {(f.code, f.cell) for f in validate(out).findings} == {
        (f.code, f.cell) for f in findings
    }


def test_marking_twice_equals_marking_once_and_clearing_restores(tmp_path: Path) -> None:
    source = openpyxl.load_workbook(MISTAKES)
    source["มาตรการ"]["B5"].fill = openpyxl.styles.PatternFill("solid", fgColor="FF00B0F0")
    source["มาตรการ"]["B5"].comment = openpyxl.comments.Comment("ตรวจแล้ว", "สมชาย")
    coloured = tmp_path / "coloured.xlsx"
    source.save(coloured)
    findings = validate(coloured).findings

    once, twice = tmp_path / "once.xlsx", tmp_path / "twice.xlsx"
    annotate(coloured, once, findings)
    annotate(once, twice, findings)
    a, b = openpyxl.load_workbook(once), openpyxl.load_workbook(twice)
    assert list(a["ผลการตรวจสอบ"].values) == list(b["ผลการตรวจสอบ"].values)
    for sheet in ("ข้อมูลหน่วยงาน", "ตัวชี้วัด", "มาตรการ", "ติดตามผล"):
        for row_a, row_b in zip(a[sheet].iter_rows(), b[sheet].iter_rows(), strict=True):
            for cell_a, cell_b in zip(row_a, row_b, strict=True):
                assert _fill(cell_a) == _fill(cell_b), cell_a.coordinate
                assert (cell_a.comment and cell_a.comment.text) == (
                    cell_b.comment and cell_b.comment.text)  # fmt: skip

    # the officer's own note is kept beside ours, and clearing gives back fill and note
    marked = b["มาตรการ"]["B5"]
    assert marked.comment.text.startswith("ตรวจแล้ว\n\n" + NOTE_MARK)
    assert clear(OpenpyxlBook(b)) > 0
    assert "ผลการตรวจสอบ" not in b.sheetnames
    assert b["มาตรการ"]["B5"].fill.fgColor.rgb == "FF00B0F0"
    assert b["มาตรการ"]["B5"].comment.text == "ตรวจแล้ว"
    assert b["ติดตามผล"]["H5"].fill.fill_type is None and b["ติดตามผล"]["H5"].comment is None


def test_several_inputs_annotate_into_a_folder(tmp_path: Path) -> None:
    clean = ROOT / "examples" / "returns" / "klongmai_2566_12m_libreoffice.xlsx"
    folder = tmp_path / "marked"
    assert main(["validate", str(MISTAKES), str(clean), "--annotate", str(folder)]) == 1
    assert sorted(p.name for p in folder.iterdir()) == sorted([MISTAKES.name, clean.name])
    clean_copy = openpyxl.load_workbook(folder / clean.name)
    assert clean_copy["ผลการตรวจสอบ"].max_row == 1  # headers only: nothing to fix


def _look(cell: object) -> tuple[object, ...]:
    c = cast(Any, cell)
    value = c.value
    if hasattr(value, "ref"):  # openpyxl's ArrayFormula compares by identity: its text and range
        value = (value.text, value.ref)
    return (value, repr(c.font), repr(c.fill), repr(c.border), c.number_format,
            repr(c.protection), c.alignment.horizontal, c.alignment.vertical)  # fmt: skip


def test_the_live_checks_sheet_goes_around_openpyxl_unchanged(tmp_path: Path) -> None:
    """Its 25,000 generated cells are set aside while openpyxl marks the copy (ten times faster)
    and put back: every formula, text and look as it was, in a file XlsxWriter wrote and in one
    LibreOffice saved (its own shared strings, its own styles)."""
    import warnings

    from ita_xl import spec

    for name in ("nonsaard_2566_6m_mistakes.xlsx", "klongmai_2566_12m_libreoffice.xlsx"):
        source = ROOT / "examples" / "returns" / name
        target = tmp_path / name
        annotate(source, target, validate(source).findings)
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            before = openpyxl.load_workbook(source)[spec.CHECKS_SHEET]
            after = openpyxl.load_workbook(target)[spec.CHECKS_SHEET]
        assert (after.max_row, after.max_column) == (before.max_row, before.max_column)
        changed = [a.coordinate for row_a, row_b in zip(before.iter_rows(), after.iter_rows(),
                                                        strict=True)
                   for a, b in zip(row_a, row_b, strict=True) if _look(a) != _look(b)]  # fmt: skip
        assert changed == [], (name, changed[:5])
        assert after.protection.sheet and after.column_dimensions["G"].hidden
