"""Returns filled the way officers fill them, in LibreOffice Calc over UNO (TESTING.md): Word
tables pasted, columns inserted, headers renamed or broken with Alt+Enter, ``-`` for nothing,
real dates, Thai-digit codes, extra sheets, .xls/.ods saves, copied files.

The question for every case is the central team's: is every value the officer typed in the
summary, or does a finding say where it is and why it was not read? Each case states what the
summary must hold; ``test_nothing_typed_is_lost`` then checks every typed value of every case.
"""

from __future__ import annotations

import os
from dataclasses import dataclass, field
from pathlib import Path

import pytest

from ita_xl import thai
from ita_xl.checking.validation import validate
from ita_xl.consolidation.rollup import Consolidation, rollup

from .support.clients import calc
from .support.tables import clean_filling, write_return

MEAS, FOLLOW, INFO = "มาตรการ", "ติดตามผล", "ข้อมูลหน่วยงาน"

Step = list[object]


@dataclass
class Case:
    name: str
    steps: list[Step]
    measures: list[str] | None = None
    """Measure codes the summary must list for this file, in order."""
    followups: int | None = None
    findings: set[tuple[str, str | None, str | None]] = field(default_factory=set)
    """(code, sheet, cell) the file must get."""
    absent: set[str] = field(default_factory=set)
    """Codes the file must not get (a habit is not an error)."""
    status: str | None = None
    """Its status in the register."""
    format: str = "xlsx"


def _merge_down(sheet: str, columns: str, first: int, last: int) -> list[Step]:
    return [["merge", sheet, f"{c}{first}:{c}{last}"] for c in columns]


# The clean return (tests/support/tables.py): measures M01 (row 4, indicator ๙) and M02 (row 5,
# indicator 10); follow-ups M01 ๖ เดือน (row 4), M01 ๑๒ เดือน (row 5), M02 ๑๒ เดือน (row 6).
# Rows below carry the template's pre-filled codes M03, M04, … in column A of มาตรการ.
CASES = [
    Case("word paste of the measures: each paragraph a row, the other cells merged", [
        ["clear", MEAS, "B4:I5"],
        ["text", MEAS, "B4", "มาตรการเผยแพร่ข้อมูลต่อสาธารณะ"], ["text", MEAS, "C4", "๙"],
        ["text", MEAS, "D4", "เผยแพร่ข้อมูลครบตามเกณฑ์ OIT"],
        ["text", MEAS, "E4", "๑. ทบทวนข้อมูลบนเว็บไซต์"], ["text", MEAS, "E5", "๒. ปรับปรุงเว็บไซต์"],
        ["text", MEAS, "E6", "๓. รายงานผู้บริหาร"], ["text", MEAS, "F4", "สำนักปลัด"],
        ["text", MEAS, "G4", "๖ และ ๑๒ เดือน"], *_merge_down(MEAS, "BCDFGHI", 4, 6),
        ["text", MEAS, "B7", "มาตรการประเมินความเสี่ยงการทุจริต"], ["text", MEAS, "C7", "10"],
        ["text", MEAS, "D7", "ประเมินความเสี่ยงทุกกระบวนงาน"],
        ["text", MEAS, "E7", "จัดประชุมคณะทำงาน"], ["text", MEAS, "E8", "สรุปผลการประเมินความเสี่ยง"],
        ["text", MEAS, "F7", "สำนักปลัด"], ["text", MEAS, "G7", "๑๒ เดือน"],
        *_merge_down(MEAS, "BCDFGHI", 7, 8),
        ["text", FOLLOW, "A6", "M04"],  # the officer reports the second measure by its row's code
    ], measures=["M01", "M04"], followups=3, absent={"ITA-C101", "ITA-R301", "ITA-R303"}),
    Case("word paste of a follow-up: its details in two paragraphs", [
        ["insert_rows", FOLLOW, 6, 1],
        ["text", FOLLOW, "C6", "จัดอบรมเจ้าหน้าที่ผู้ดูแลเว็บไซต์"],
        *_merge_down(FOLLOW, "ABDEFGHI", 5, 6),
    ], measures=["M01", "M02"], followups=3, absent={"ITA-C101", "ITA-R310"}),
    Case("an inserted column with a header", [
        ["unprotect", MEAS], ["insert_columns", MEAS, "E", 1],
        ["text", MEAS, "E3", "งบประมาณ (บาท)"], ["number", MEAS, "E4", 5000],
        ["number", MEAS, "E5", 12000],
    ], measures=["M01", "M02"], findings={("ITA-S008", MEAS, "E4")}, absent={"ITA-S006"}),
    Case("an optional header renamed with words added", [
        ["text", FOLLOW, "E3", "ผลผลิต (Output)"],
    ], followups=3, absent={"ITA-S006", "ITA-S008", "ITA-R308"}),
    Case("a required header renamed", [
        ["text", FOLLOW, "G3", "สถานะการดำเนินการ"],
    ], followups=3, findings={("ITA-S006", FOLLOW, None), ("ITA-S008", FOLLOW, "G4")}),
    Case("text typed beside the table", [
        ["text", MEAS, "K4", "ใช้งบประมาณจากแผนพัฒนาท้องถิ่น"],
    ], measures=["M01", "M02"], findings={("ITA-S008", MEAS, "K4")}),
    Case("a sheet of its own with more measures", [
        ["add_sheet", "มาตรการ_2"], ["text", "มาตรการ_2", "A1", "รหัสมาตรการ"],
        ["text", "มาตรการ_2", "A2", "M03"], ["text", "มาตรการ_2", "B2", "มาตรการจัดการเรื่องร้องเรียน"],
    ], measures=["M01", "M02"], findings={("ITA-S008", "มาตรการ_2", "A1")}),
    Case("headers broken with Alt+Enter", [
        ["text", FOLLOW, "C3", "รายละเอียด\nการดำเนินงาน"],
        ["text", FOLLOW, "D3", "ระยะเวลา\nการดำเนินงาน"], ["text", MEAS, "E3", "ขั้นตอน/วิธีการ \nปฏิบัติ"],
    ], measures=["M01", "M02"], followups=3, absent={"ITA-S006", "ITA-S008", "ITA-C101"}),
    Case("placeholders for nothing", [
        ["text", FOLLOW, "I4", "-"], ["text", FOLLOW, "H4", "ไม่มี"], ["text", FOLLOW, "I5", "–"],
        ["text", MEAS, "H4", "-"], ["text", MEAS, "I4", "n/a"], ["text", FOLLOW, "E6", "-"],
    ], followups=3, findings={("ITA-R308", FOLLOW, "E6")},
        absent={"ITA-C103", "ITA-C105", "ITA-S008", "ITA-T202"}),
    Case("a real date where the period is free text", [
        ["date", FOLLOW, "D4", "2023-03-15"],
    ], followups=3, absent={"ITA-R311", "ITA-T201", "ITA-C103"}),
    Case("codes and years typed with Thai digits", [
        ["text", FOLLOW, "A6", "M๐๒"], ["text", INFO, "B9", "พ.ศ. ๒๕๖๖"],
    ], followups=3, absent={"ITA-R301", "ITA-C104", "ITA-R304", "ITA-F404"}),
    Case("saved as Excel 97-2003 (.xls)", [], measures=["M01", "M02"], followups=3,
         findings={("ITA-S009", None, None)}, format="xls"),
    Case("saved as OpenDocument (.ods)", [], measures=["M01", "M02"], followups=3,
         findings={("ITA-S009", None, None)}, format="ods"),
    Case("only the form filled", [
        ["clear", MEAS, "B4:I5"], ["clear", FOLLOW, "A4:I6"],
    ], measures=[], followups=0, findings={("ITA-C108", MEAS, "A3")}, status="มีข้อผิดพลาด"),
    Case("the year changed on the form, the dates all of the template's year", [
        ["text", INFO, "B9", "๒๕๖๗"],
    ], measures=["M01", "M02"], findings={("ITA-R307", INFO, "B9")}, absent={"ITA-F404"}),
    Case("text kept in a note instead of the cell", [
        ["note", FOLLOW, "I4", "ผลการประชุมคณะทำงาน ครั้งที่ ๒/๒๕๖๖"],
    ], followups=3, findings={("ITA-S008", FOLLOW, "I4")}),
    Case("the organisation's own mayor and clerk named in a note", [
        ["text", FOLLOW, "I5", "รายงานนายก อบต. แล้ว"], ["text", FOLLOW, "I6", "ปลัด อบต. ลงนามแล้ว"],
    ], followups=3, absent={"ITA-R306"}),
    Case("text continued on the next row instead of Alt+Enter", [
        ["insert_rows", FOLLOW, 6, 1], ["text", FOLLOW, "C6", "และจัดอบรมผู้ดูแลเว็บไซต์ ๒ ครั้ง"],
    ], followups=3, absent={"ITA-C101"}),
    Case("percentages typed in outputs, outcomes and a score", [
        ["percent", FOLLOW, "E5", "80%"], ["percent", FOLLOW, "F5", "95.5%"],
        ["percent", FOLLOW, "E6", "100%"], ["percent", "ตัวชี้วัด", "D12", "84%"],
    ], followups=3, absent={"ITA-C104", "ITA-R308"}),
    Case("text pasted from a PDF: ำ written as ํ + า", [
        ["text", FOLLOW, "G5", "ดําเนินการแล้วเสร็จ"], ["text", FOLLOW, "G6", "ดําเนินการแล้วเสร็จ"],
        ["text", MEAS, "B5", "มาตรการประเมินความเสี่ยงการทุจริตประจําปี"],
    ], measures=["M01", "M02"], followups=3, absent={"ITA-C102", "ITA-T202"}),
]  # fmt: skip


def _case(name: str) -> int:
    return next(index for index, case in enumerate(CASES) if case.name.startswith(name))


YEAR_CASE, PERCENT_CASE = _case("the year changed"), _case("percentages")
PDF_CASE, CONTINUED_CASE = _case("text pasted from a PDF"), _case("text continued")


def _file_name(case: Case) -> str:
    return f"{CASES.index(case):02d}.{case.format}"


@pytest.fixture(scope="module")
def officer_made(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, Consolidation]:
    work = tmp_path_factory.mktemp("officers")
    clean = write_return(work / "clean.xlsx")
    folder = work / "returns"
    folder.mkdir()
    # each case its own division, so that none supersedes another in the roll-up
    recipes: list[dict[str, object]] = [
        {"source": str(clean), "target": str(folder / _file_name(case)), "format": case.format,
         "steps": [["text", INFO, "B6", f"ส่วนงานที่ {index}"], *case.steps]}
        for index, case in enumerate(CASES)
    ]  # fmt: skip
    # a neighbour's file copied: same organisation and date as 90.xlsx, another agency's text
    copied = clean_filling()
    copied.measures[0]["steps"] = "ดำเนินการตามแนวทางของ อบต.หนองปลาไหล ทุกไตรมาส"
    copied.followups[1]["details"] = "อบต.หนองปลาไหล ปรับปรุงเว็บไซต์ครบทุกหัวข้อ"
    copied_source = write_return(work / "copied.xlsx", copied)
    recipes += [
        {"source": str(clean), "target": str(folder / "90_own.xlsx"), "steps": []},
        {"source": str(copied_source), "target": str(folder / "91_copied.xlsx"), "steps": []},
    ]
    calc(recipes, work)
    os.utime(folder / "91_copied.xlsx", (2_000_000_000, 2_000_000_000))  # saved last
    return folder, rollup([folder], jobs=2)


def _rows(frame: object, file: Path) -> list[dict[str, object]]:
    import pandas as pd

    assert isinstance(frame, pd.DataFrame)
    return [r for r in frame.to_dict("records") if r["file"] == str(file)]


@pytest.mark.real_client
@pytest.mark.parametrize("case", CASES, ids=[c.name for c in CASES])
def test_each_habit_reads_as_the_officer_meant(officer_made: tuple[Path, Consolidation],
                                               case: Case) -> None:  # fmt: skip
    folder, result = officer_made
    path = folder / _file_name(case)
    report = validate(path)
    found = {(f.code, f.sheet, f.cell) for f in report.findings}
    assert case.findings <= found, sorted(found)
    assert not {code for code, _, _ in found} & case.absent, sorted(found)
    if case.measures is not None:
        assert [r["code"] for r in _rows(result.measures, path)] == case.measures
    if case.followups is not None:
        assert len(_rows(result.followups, path)) == case.followups
    if case.status is not None:
        (entry,) = [e for e in result.register_entries if e.file == str(path)]
        assert entry.status == case.status


@pytest.mark.real_client
def test_a_pasted_word_table_joins_its_paragraphs(officer_made: tuple[Path, Consolidation]) -> None:
    folder, result = officer_made
    measures = _rows(result.measures, folder / "00.xlsx")
    assert measures[0]["steps"] == ("๑. ทบทวนข้อมูลบนเว็บไซต์\n๒. ปรับปรุงเว็บไซต์\n๓. รายงานผู้บริหาร")
    assert measures[1]["steps"] == "จัดประชุมคณะทำงาน\nสรุปผลการประเมินความเสี่ยง"
    assert [r["indicator_number"] for r in measures] == [9, 10]  # counts by indicator stay true
    followups = _rows(result.followups, folder / "01.xlsx")
    assert followups[1]["details"] == (
        "ปรับปรุงเว็บไซต์ครบทุกหัวข้อ\nจัดอบรมเจ้าหน้าที่ผู้ดูแลเว็บไซต์")  # fmt: skip


@pytest.mark.real_client
def test_the_year_the_content_supports_is_used(officer_made: tuple[Path, Consolidation]) -> None:
    folder, result = officer_made
    path = folder / f"{YEAR_CASE:02d}.xlsx"
    (entry,) = [e for e in result.register_entries if e.file == str(path)]
    assert entry.fiscal_year == 2566
    (r307,) = [f for f in validate(path).findings if f.code == "ITA-R307"]
    assert "๒๕๖๗" in r307.message_th and "๒๕๖๖" in r307.message_th


@pytest.mark.real_client
def test_a_sentence_continued_on_the_next_row_joins_its_record(
    officer_made: tuple[Path, Consolidation],
) -> None:
    folder, result = officer_made
    followups = _rows(result.followups, folder / f"{CONTINUED_CASE:02d}.xlsx")
    assert followups[1]["details"] == "ปรับปรุงเว็บไซต์ครบทุกหัวข้อ\nและจัดอบรมผู้ดูแลเว็บไซต์ ๒ ครั้ง"


@pytest.mark.real_client
def test_a_percentage_keeps_its_meaning(officer_made: tuple[Path, Consolidation]) -> None:
    from ita_xl.reading.read import read_return

    folder, result = officer_made
    path = folder / f"{PERCENT_CASE:02d}.xlsx"
    followups = _rows(result.followups, path)
    assert [(r["output"], r["outcome"]) for r in followups][1:] == [
        ("80%", "95.5%"), ("100%", "มีแผนบริหารความเสี่ยง")]  # fmt: skip
    (score,) = [r.last_score for r in read_return(path).indicators if r.number == 9]
    assert score == 84


@pytest.mark.real_client
def test_pdf_text_counts_its_completed_follow_ups(officer_made: tuple[Path, Consolidation]) -> None:
    folder, result = officer_made
    path = folder / f"{PDF_CASE:02d}.xlsx"
    assert [r["status"] for r in _rows(result.followups, path)][1:] == ["ดำเนินการแล้วเสร็จ"] * 2
    assert result.followups_by_status().get("ค่าไม่ถูกต้อง", 0) == 0


@pytest.mark.real_client
def test_a_copied_neighbours_file_is_named_not_chosen(
    officer_made: tuple[Path, Consolidation],
) -> None:
    _, result = officer_made
    by_file = {Path(e.file).name: e for e in result.register_entries if e.file}
    own, copied = by_file["90_own.xlsx"], by_file["91_copied.xlsx"]
    assert copied.status == "ฉบับเก่า" and own.status != "ฉบับเก่า"
    assert "ITA-R306" in copied.note and "90_own.xlsx" in copied.note


@pytest.mark.real_client
def test_nothing_typed_is_lost(officer_made: tuple[Path, Consolidation]) -> None:
    """Every value typed below a header on มาตรการ/ติดตามผล, or on a sheet of its own, is in the
    summary or named by a finding (its cell in the message)."""
    from ita_xl.model import is_placeholder

    folder, result = officer_made
    lost = []
    for case in CASES:
        path = folder / _file_name(case)
        summary_text = "\n".join(
            str(v) for frame in (result.measures, result.followups)
            for r in _rows(frame, path) for v in r.values()
        )  # fmt: skip
        findings = validate(path).findings
        for step in case.steps:
            if step[0] not in ("text", "number", "percent", "note") or step[1] in (INFO, "ตัวชี้วัด"):
                continue
            sheet, cell, value = str(step[1]), str(step[2]), str(step[3])
            if cell[1:] == "3" or is_placeholder(value):
                continue  # a header, or "nothing here"
            shown = f"{float(value):g}" if step[0] == "number" else value
            named = any(f.sheet == sheet and cell in f.message_en for f in findings)
            as_read = thai.clean_lines(value)  # the same letters (ำ composed), spaces tidied
            if shown not in summary_text and as_read not in summary_text and not named:
                lost.append((case.name, sheet, cell, value))
    assert lost == []
