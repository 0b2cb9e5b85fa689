"""``ita-xl feedback`` (SPEC §9): from the register the team reviewed, a marked copy and a letter
for each return sent back or with errors, and whom to chase; never a file it did not make."""

from __future__ import annotations

import csv
import shutil
from pathlib import Path

import docx
import openpyxl
import pytest

from ita_xl.checking.validation import validate
from ita_xl.cli import main
from ita_xl.frameworks import load_framework
from ita_xl.report.feedback import CONTACT_COLUMNS
from ita_xl.workbook.template import Filling, write_return_workbook

from .conftest import ROOT
from .support.tables import clean_filling, write_return
from .test_season import _review

RETURNS = ROOT / "examples" / "returns"
ROSTER = """org_name,province,unit,org_type,contact,phone,email
องค์การบริหารส่วนตำบลเกาะรอ,ยะลา,,องค์การบริหารส่วนตำบล,,,
องค์การบริหารส่วนตำบลคลองใหม่,สงขลา,,องค์การบริหารส่วนตำบล,,,
องค์การบริหารส่วนตำบลโนนสะอาด,ขอนแก่น,,องค์การบริหารส่วนตำบล,,,
องค์การบริหารส่วนตำบลบางพระ,ชลบุรี,,องค์การบริหารส่วนตำบล,นางสาวมาลี สีสวย,038 333 444,saraban@bangphra.go.th
"""
SENT = {"koh_ro_2566_12m.xlsx": "องค์การบริหารส่วนตำบลเกาะรอ",  # errors
        "klongmai_2566_12m_libreoffice.xlsx": "องค์การบริหารส่วนตำบลคลองใหม่",  # passes
        "nongbuathong_klang_2566_12m.xlsx": "เทศบาลตำบลหนองบัวทอง กองคลัง"}  # passes, sent back  # fmt: skip
LETTER = "หนังสือแจ้งผลการตรวจ"


@pytest.fixture
def reviewed(tmp_path: Path) -> Path:
    """A summary the team reviewed: the Nong Bua Thong finance division's return sent back."""
    inbox = tmp_path / "inbox"
    inbox.mkdir()
    for name in SENT:
        shutil.copy(RETURNS / name, inbox / name)
    roster = tmp_path / "roster.csv"
    roster.write_text(ROSTER, encoding="utf-8")
    summary = tmp_path / "summary.xlsx"
    assert main(["rollup", str(inbox), "--roster", str(roster), "-o", str(summary),
                 "--no-progress"]) == 0  # fmt: skip
    _review(summary, {"nongbuathong_klang_2566_12m.xlsx": ("ส่งกลับแก้ไข",
                                                           "แนบลิงก์หลักฐานให้ครบทุกมาตรการ")})  # fmt: skip
    return summary


def test_letters_marked_copies_and_whom_to_chase(reviewed: Path, tmp_path: Path) -> None:
    out = tmp_path / "feedback"
    assert main(["feedback", str(reviewed), "-o", str(out)]) == 0
    folders = {p.name for p in out.iterdir() if p.is_dir()}
    assert folders == {"เทศบาลตำบลหนองบัวทอง กองคลัง", "องค์การบริหารส่วนตำบลเกาะรอ"}  # not คลองใหม่
    koh_ro = out / "องค์การบริหารส่วนตำบลเกาะรอ"
    text = (koh_ro / f"{LETTER}.txt").read_text(encoding="utf-8")
    errors = [f for f in validate(RETURNS / "koh_ro_2566_12m.xlsx").findings
              if f.severity.value == "error"]  # fmt: skip
    assert (
        f"รายการที่ต้องแก้ไข {len(errors)} รายการ".translate(str.maketrans("0123456789", "๐๑๒๓๔๕๖๗๘๙"))
        in text
    )
    lines = text.splitlines()
    # every error, by sheet and cell, under its heading (before the remarks'), the place said once
    to_fix = lines[lines.index("รายการที่ต้องแก้ไข") + 1 : lines.index("ข้อสังเกต")]
    for f in errors:
        line = next(x for x in to_fix if f" ชีต {f.sheet} เซลล์ {f.cell}: " in x)
        assert line.count(f.cell) == 1 and f.message_th.startswith(line.split(": ", 1)[1][:4])
    assert text.splitlines()[:2] == [
        "เรื่อง  แจ้งผลการตรวจแบบรายงานมาตรการส่งเสริมคุณธรรมและความโปร่งใส ประจำปีงบประมาณ พ.ศ. ๒๕๖๖",
        "เรียน  องค์การบริหารส่วนตำบลเกาะรอ",
    ]
    letter = docx.Document(str(koh_ro / f"{LETTER}.docx"))
    rows = letter.tables[0].rows
    assert [c.text for c in rows[0].cells] == ["ที่", "ชีต", "เซลล์", "รายการที่ต้องแก้ไข", "ระดับ"]
    assert (rows[1].cells[1].text, rows[1].cells[2].text) == (errors[0].sheet, errors[0].cell)
    # the table's columns name the sheet and cell: its messages do not say them again
    listed = {(r.cells[1].text, r.cells[2].text): r.cells[3].text for r in rows[1:]}
    unfilled = next(f for f in errors if f.code == "ITA-C101")
    assert listed[unfilled.sheet, unfilled.cell] == (
        unfilled.message_th.replace(f" ที่ ชีต '{unfilled.sheet}' เซลล์ {unfilled.cell}", "")
    )
    assert not any(f"เซลล์ {cell}" in message for (_, cell), message in listed.items() if cell)
    marked = openpyxl.load_workbook(koh_ro / "koh_ro_2566_12m_ตรวจแล้ว.xlsx")
    assert "ผลการตรวจสอบ" in marked.sheetnames
    sent_back = (out / "เทศบาลตำบลหนองบัวทอง กองคลัง" / f"{LETTER}.txt").read_text(encoding="utf-8")
    assert "หมายเหตุผู้พิจารณา: แนบลิงก์หลักฐานให้ครบทุกมาตรการ" in sent_back
    assert "จึงขอส่งกลับให้แก้ไข" in sent_back and "เรียน  เทศบาลตำบลหนองบัวทอง (กองคลัง)" in sent_back
    # the checks found nothing in it: sent back for the note, with no empty list nor marks claimed
    assert "จึงขอส่งกลับให้แก้ไขตามหมายเหตุผู้พิจารณาข้างท้าย" in sent_back
    assert "๐ รายการ" not in sent_back and "ทำเครื่องหมาย" not in sent_back
    with (out / "ยังไม่ได้ส่ง.csv").open(encoding="utf-8-sig") as stream:
        missing = list(csv.DictReader(stream))
    assert [(m["หน่วยงาน"], m["ผู้ติดต่อ"], m["โทรศัพท์"], m["อีเมล"]) for m in missing] == [
        ("องค์การบริหารส่วนตำบลโนนสะอาด", "", "", ""),
        ("องค์การบริหารส่วนตำบลบางพระ", "นางสาวมาลี สีสวย", "038 333 444", "saraban@bangphra.go.th"),
    ]
    sheet = openpyxl.load_workbook(out / "ยังไม่ได้ส่ง.xlsx").active
    # dated, to print: the heading, the columns' labels (repeated on every page), then whom
    assert sheet["A1"].value.startswith("หน่วยงานที่ยังไม่ได้ส่งแบบรายงาน ปีงบประมาณ พ.ศ. ๒๕๖๖ (ณ วันที่ ")
    assert [c.value for c in sheet[2]] == [label for _, label in CONTACT_COLUMNS]
    assert (sheet["A4"].value, sheet["E4"].value) == ("องค์การบริหารส่วนตำบลบางพระ", "038 333 444")
    assert sheet.print_title_rows == "$2:$2"
    # rows as tall as a line of 16 pt Thai: LibreOffice fits none on opening, and prints them cut
    assert all(sheet.row_dimensions[r].height >= 24 for r in range(2, sheet.max_row + 1))


def test_a_letter_names_what_the_roll_up_found_about_the_file(tmp_path: Path) -> None:
    # a return of another year (next year's, made early): its checks find nothing wrong, the
    # roll-up finds its year is not the roll-up's
    inbox = tmp_path / "inbox"
    inbox.mkdir()
    for name in SENT:
        shutil.copy(RETURNS / name, inbox / name)
    next_year = clean_filling()
    next_year.info.update(fiscal_year="๒๕๖๗", prepared_on="๒๙ ก.ย. ๒๕๖๗",
                          org_name="องค์การบริหารส่วนตำบลบางพระ")  # fmt: skip
    for measure in next_year.measures:
        measure.update(start="1/10/2566", end="30/9/2567")
    for followup in next_year.followups:
        followup.update(period="ต.ค. ๖๖ - ก.ย. ๖๗")
    write_return_workbook(inbox / "bangphra_2567.xlsx", load_framework("2567"), next_year)
    assert [f.code for f in validate(inbox / "bangphra_2567.xlsx").findings
            if f.severity.value == "error"] == []  # fmt: skip
    roster, summary = tmp_path / "roster.csv", tmp_path / "summary.xlsx"
    roster.write_text(ROSTER, encoding="utf-8")
    assert main(["rollup", str(inbox), "--roster", str(roster), "-o", str(summary),
                 "--no-progress"]) == 0  # fmt: skip
    out = tmp_path / "feedback"
    assert main(["feedback", str(summary), "-o", str(out)]) == 0
    text = (out / "องค์การบริหารส่วนตำบลบางพระ" / f"{LETTER}.txt").read_text(encoding="utf-8")
    assert "พบรายการที่ต้องแก้ไข ๑ รายการ" in text
    assert ("๑. ทั้งไฟล์: รายงานนี้เป็นของปีงบประมาณ ๒๕๖๗ แต่การสรุปเป็นของปีงบประมาณ ๒๕๖๖ "
            "จึงไม่นับในสรุป") in text  # fmt: skip
    assert "ทำเครื่องหมาย" not in text  # no cell of it is marked: none is said to be


def test_no_letter_sends_back_a_return_its_agency_has_replaced(
    reviewed: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """The finance division sends a corrected return after it was sent back: its old version
    stays in the register as ฉบับเก่า with the review it had, and gets no second letter."""
    inbox = tmp_path / "inbox"
    corrected = write_return(inbox / "nongbuathong_klang_corrected.xlsx", _corrected_klang())
    assert corrected.exists()
    assert main(["rollup", str(inbox), "--roster", str(tmp_path / "roster.csv"), "-o",
                 str(reviewed), "--no-progress"]) == 0  # fmt: skip
    capsys.readouterr()
    out = tmp_path / "feedback"
    assert main(["feedback", str(reviewed), "-o", str(out)]) == 0
    folders = {p.name for p in out.iterdir() if p.is_dir()}
    assert folders == {"องค์การบริหารส่วนตำบลเกาะรอ"}  # the corrected return passes
    said = capsys.readouterr().err
    assert "nongbuathong_klang_2566_12m.xlsx" in said and "ฉบับใหม่" in said


def test_a_review_pasted_that_is_not_on_the_list_is_said_not_taken_for_sent_back(
    reviewed: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """A word pasted over the dropdown (its check does not stop a paste) sends nothing back
    silently: the command says which file and what was typed."""
    _review(reviewed, {"nongbuathong_klang_2566_12m.xlsx": ("ส่งกลับ", "แนบลิงก์")})
    out = tmp_path / "feedback"
    assert main(["feedback", str(reviewed), "-o", str(out)]) == 0
    assert {p.name for p in out.iterdir() if p.is_dir()} == {"องค์การบริหารส่วนตำบลเกาะรอ"}
    said = capsys.readouterr().err
    assert "nongbuathong_klang_2566_12m.xlsx 'ส่งกลับ' ไม่ใช่คำในรายการ" in said


def _corrected_klang() -> Filling:
    filling = clean_filling()
    filling.info.update(org_name="เทศบาลตำบลหนองบัวทอง", division="กองคลัง", province="เชียงใหม่",
                        prepared_on="๓๐ ก.ย. ๒๕๖๖")  # fmt: skip
    return filling


def test_feedback_never_replaces_a_file_it_did_not_make(reviewed: Path, tmp_path: Path,
                                                        capsys: pytest.CaptureFixture[str]) -> None:  # fmt: skip
    out = tmp_path / "feedback"
    (out / "องค์การบริหารส่วนตำบลเกาะรอ").mkdir(parents=True)
    mine = out / "องค์การบริหารส่วนตำบลเกาะรอ" / f"{LETTER}.docx"
    mine.write_bytes(b"the officer's own letter")
    assert main(["feedback", str(reviewed), "-o", str(out)]) == 0
    assert mine.read_bytes() == b"the officer's own letter"
    assert "ไม่ได้สร้างโดย ita-xl feedback จึงไม่เขียนทับ" in capsys.readouterr().err
    text = out / "องค์การบริหารส่วนตำบลเกาะรอ" / f"{LETTER}.txt"
    made = text.read_bytes()
    chase = out / "ยังไม่ได้ส่ง.csv"
    chase.write_text("edited by the team\n", encoding="utf-8")  # changed after it was made
    assert main(["feedback", str(reviewed), "-o", str(out)]) == 0
    assert text.read_bytes() == made  # its own file, unchanged since, is written again
    assert chase.read_text(encoding="utf-8") == "edited by the team\n"


def test_feedback_needs_a_summary_of_ours(tmp_path: Path) -> None:
    assert main(["feedback", str(RETURNS / "koh_ro_2566_12m.xlsx"), "-o", str(tmp_path)]) == 2


def test_a_register_renamed_is_said_not_taken_for_nothing_to_send(
    reviewed: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """The team renamed the register: "no letters" would be a confident wrong answer."""
    book = openpyxl.load_workbook(reviewed)
    book["ทะเบียนการส่ง"].title = "ทะเบียน ตรวจแล้ว"
    book.save(reviewed)
    out = tmp_path / "feedback"
    capsys.readouterr()
    assert main(["feedback", str(reviewed), "-o", str(out)]) == 2
    assert "ไม่พบทะเบียนการส่ง" in capsys.readouterr().err
    assert not out.exists()


@pytest.mark.real_client
def test_a_letter_is_valid_word_and_reads_back_from_its_pdf(reviewed: Path, tmp_path: Path) -> None:
    """The letter as its reader gets it: valid to the Open XML SDK (what Word checks), and its
    PDF through LibreOffice reads back, in Thai, whom it is for and each cell to fix."""
    import subprocess

    from .support.clients import libreoffice_convert, ooxml_validate

    out = tmp_path / "feedback"
    assert main(["feedback", str(reviewed), "-o", str(out)]) == 0
    letter = out / "องค์การบริหารส่วนตำบลเกาะรอ" / f"{LETTER}.docx"
    assert ooxml_validate([letter]) == {str(letter): []}
    (pdf,) = libreoffice_convert([letter], "pdf", tmp_path / "pdf")
    text = subprocess.run(["pdftotext", "-layout", str(pdf), "-"], capture_output=True,
                          text=True, check=True).stdout  # fmt: skip
    assert "องค์การบริหารส่วนตำบลเกาะรอ" in text and "แจ้งผลการตรวจแบบรายงาน" in text
    errors = [f for f in validate(RETURNS / "koh_ro_2566_12m.xlsx").findings
              if f.severity.value == "error"]  # fmt: skip
    lines = text.splitlines()
    for f in errors:  # each error's sheet and cell on one line of the table
        assert any(f.sheet in line and f" {f.cell} " in f" {line} " for line in lines), f.cell
