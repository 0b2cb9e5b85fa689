"""Reading returns back: by header text, at the right addresses, whatever the reader."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import openpyxl
import pytest

from ita_xl.frameworks import Framework
from ita_xl.reading.read import plain_values, read_return
from ita_xl.workbook.template import Filling, write_return_workbook

from .conftest import EXAMPLES, ROOT, TEMPLATES

SEED = ROOT / "examples" / "returns" / "koh_ro_2566_12m.xlsx"


@pytest.mark.parametrize("path", EXAMPLES + TEMPLATES, ids=lambda p: p.name)
def test_calamine_and_openpyxl_read_the_same_values_at_the_same_cells(path: Path) -> None:
    fast, slow = read_return(path), read_return(path, engine="openpyxl")
    assert plain_values(fast) == plain_values(slow)
    assert fast.header_rows == slow.header_rows


def test_the_seed_reads_back_with_every_measure_and_followup() -> None:
    ret = read_return(SEED)
    assert ret.info.org_name == "องค์การบริหารส่วนตำบลเกาะรอ"
    assert (ret.info.fiscal_year, ret.info.round, ret.info.prepared_on) == (
        2566,
        12,
        date(2023, 9, 29),
    )
    assert [m.code for m in ret.measures] == [f"M{i:02d}" for i in range(1, 13)]
    assert ret.measures[0].measure == "มาตรการตรวจสอบการใช้ดุลพินิจ"
    assert ret.measures[0].get("measure").address == "B4"  # type: ignore[union-attr]
    assert ret.measures[3].schedule == [1, 6, 12]
    # The report lists two measures twice.
    texts = [m.measure for m in ret.measures]
    assert texts.count("มาตรการเผยแพร่ข้อมูลต่อสาธารณะ") == 2
    assert [f.code for f in ret.followups] == ["M01", "M02", "M03", "M05", "M06", "M07", "M08",
                                               "M09", "M10", "M11", "M12"]  # fmt: skip
    assert ret.followups[-1].period is not None
    assert ret.followups[-1].period.start == date(2022, 10, 1)
    assert ret.followups[-1].get("period").address == "D14"  # type: ignore[union-attr]
    develop = {row.number: row.text("to_develop") for row in ret.indicators}
    assert "บางทราย" in develop[5]


def test_empty_precoded_rows_are_not_measures(tmp_path: Path, fy2566: Framework) -> None:
    path = write_return_workbook(tmp_path / "r.xlsx", fy2566, Filling(measures=[
        {"code": "M01", "measure": "มาตรการ ก"}, {"code": "M02"}, {"code": "M03", "measure": "มาตรการ ค"},
    ]))  # fmt: skip
    assert [m.code for m in read_return(path).measures] == ["M01", "M03"]


def _edit(path: Path, change: object) -> Path:
    """An officer's edit, made with openpyxl (as a second program would)."""
    book = openpyxl.load_workbook(path)
    assert callable(change)
    change(book)
    out = path.with_name("edited.xlsx")
    book.save(out)
    return out


def test_header_row_moved_by_an_inserted_row(tmp_path: Path, fy2566: Framework) -> None:
    path = write_return_workbook(tmp_path / "r.xlsx", fy2566, Filling(
        measures=[{"code": "M01", "measure": "มาตรการ ก"}]))  # fmt: skip
    edited = _edit(path, lambda b: b["มาตรการ"].insert_rows(2, 2))
    ret = read_return(edited)
    assert ret.header_rows["มาตรการ"] == 5
    assert ret.measures[0].get("measure").address == "B6"  # type: ignore[union-attr]


def test_columns_found_by_header_not_position(tmp_path: Path, fy2566: Framework) -> None:
    path = write_return_workbook(tmp_path / "r.xlsx", fy2566, Filling(
        followups=[{"code": "M01", "round": "๖ เดือน", "status": "อยู่ระหว่างดำเนินการ"}]))  # fmt: skip

    def reorder(book: openpyxl.Workbook) -> None:
        sheet = book["ติดตามผล"]
        sheet.insert_cols(1)  # an extra column in front, with its own header
        sheet["A3"] = "ลำดับ"
        sheet["A4"] = 1

    ret = read_return(_edit(path, reorder))
    follow = ret.followups[0]
    assert follow.code == "M01" and follow.round == 6
    assert follow.get("status").address == "H4"  # type: ignore[union-attr]


def test_leading_empty_rows_and_columns_keep_real_addresses(tmp_path: Path) -> None:
    """calamine starts a sheet at its first used cell; addresses must not shift."""
    book = openpyxl.Workbook()
    form = book.active
    form.title = "ข้อมูลหน่วยงาน"
    form["C7"], form["D7"] = "ชื่อหน่วยงาน", "อบต.ทดสอบ"
    form["C8"], form["D8"] = "ปีงบประมาณ (พ.ศ.)", "๒๕๖๖"
    path = tmp_path / "shifted.xlsx"
    book.save(path)
    for engine in ("calamine", "openpyxl"):
        ret = read_return(path, engine=engine)  # type: ignore[arg-type]
        assert ret.info.get("org_name").address == "D7"  # type: ignore[union-attr]
        assert ret.info.fiscal_year == 2566
        assert ret.meta is None
        assert ret.missing_sheets == ["ตัวชี้วัด", "มาตรการ", "ติดตามผล"]


def test_a_renamed_header_is_recorded_as_missing(tmp_path: Path, fy2566: Framework) -> None:
    path = write_return_workbook(tmp_path / "r.xlsx", fy2566)
    edited = _edit(path, lambda b: b["มาตรการ"].cell(3, 5, "ขั้นตอน"))
    assert read_return(edited).missing_labels == {"มาตรการ": ["ขั้นตอน/วิธีการปฏิบัติ"]}


def test_error_values_are_read_by_both_engines() -> None:
    mistakes = ROOT / "examples" / "returns" / "nonsaard_2566_6m_mistakes.xlsx"
    for engine in ("calamine", "openpyxl"):
        ret = read_return(mistakes, engine=engine)  # type: ignore[arg-type]
        output = ret.followups[2].get("output")
        assert output is not None and output.is_error and output.address == "E6"


def test_reading_never_changes_the_file() -> None:
    before = SEED.read_bytes()
    read_return(SEED)
    read_return(SEED, engine="openpyxl")
    assert SEED.read_bytes() == before


def test_a_date_cell_formatted_general_still_reads_as_a_date(tmp_path: Path,
                                                             fy2566: Framework) -> None:  # fmt: skip
    path = write_return_workbook(tmp_path / "r.xlsx", fy2566, Filling(info={"prepared_on": 45198}))
    assert read_return(path).info.prepared_on == date(2023, 9, 29)
    year_typed = write_return_workbook(
        tmp_path / "y.xlsx", fy2566, Filling(info={"prepared_on": 2566})
    )
    # Typed into a date-formatted cell, Excel itself shows 9 Jan 1907; the reader says the same and
    # the fiscal-year check flags it.
    assert read_return(year_typed).info.prepared_on == date(1907, 1, 9)
