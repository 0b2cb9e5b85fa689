"""What the central team hands on: the summary, the register, the findings sheets, the return's
print set-up, the report's PDF and the command line, as a director or an officer meets them."""

from __future__ import annotations

import re
import subprocess
import sys
import warnings
import zipfile
from pathlib import Path

import openpyxl
import pytest

from ita_xl.cli import main
from ita_xl.consolidation.rollup import rollup

from .conftest import ROOT
from .support.clients import libreoffice_convert, require
from .support.tables import clean_filling, write_return

EXAMPLES = ROOT / "examples"
ROSTER = """org_name,province,unit,org_type,contact,phone,email
องค์การบริหารส่วนตำบลบ้านสวน,ชลบุรี,,องค์การบริหารส่วนตำบล,นายสมชาย ใจดี,038 111 222,a@bansuan.go.th
องค์การบริหารส่วนตำบลบางพระ,ชลบุรี,,องค์การบริหารส่วนตำบล,นางสาวมาลี สีสวย,038 333 444,saraban@bangphra.go.th
"""


@pytest.fixture(scope="module")
def summary(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, object]:
    """Two returns: one scoring indicator 1 at 105 (out of range) and typing a status freely."""
    folder = tmp_path_factory.mktemp("handing") / "in"
    folder.mkdir()
    good = clean_filling()
    good.indicators[1] = {"last_score": 80}
    write_return(folder / "good.xlsx", good)
    odd = clean_filling()
    odd.info.update(org_name="องค์การบริหารส่วนตำบลหนองปลาไหล")
    odd.indicators[1] = {"last_score": 105}
    odd.followups[0]["status"] = "เสร็จแล้ว"
    write_return(folder / "odd.xlsx", odd)
    roster = folder.parent / "roster.csv"
    roster.write_text(ROSTER, encoding="utf-8")
    result = rollup([folder], roster=roster, jobs=1)
    return result.to_excel(folder.parent / "summary.xlsx"), result


def _chart_cells(sheet: object) -> list[tuple[int, int, int, int]]:
    boxes = []
    for chart in sheet._charts:  # type: ignore[attr-defined]
        start, end = chart.anchor._from, chart.anchor.to
        boxes.append((start.row + 1, start.col + 1, end.row + 1, end.col + 1))
    return boxes


def test_charts_sit_clear_of_every_cell(summary: tuple[Path, object]) -> None:
    book = openpyxl.load_workbook(summary[0])
    for sheet in book.worksheets:
        for top, left, bottom, right in _chart_cells(sheet):
            covered = [c.coordinate for row in sheet.iter_rows(min_row=top, max_row=bottom,
                                                               min_col=left, max_col=right)
                       for c in row if c.value not in (None, "")]  # fmt: skip
            assert covered == [], (sheet.title, covered)
    assert len(book["สรุปภาพรวม"]._charts) == 3


def test_no_sheet_has_two_columns_of_one_header(summary: tuple[Path, object]) -> None:
    book = openpyxl.load_workbook(summary[0])
    for name in ("สรุปตามตัวชี้วัด", "มาตรการ", "ติดตามผล", "ปัญหาที่พบ"):
        header = [c.value for c in book[name][1] if c.value]
        assert len(header) == len(set(header)), name
    register_header = [c.value for c in book["ทะเบียนการส่ง"][2] if c.value]
    assert len(register_header) == len(set(register_header))
    result = summary[1]
    assert result.followups["round"].ndim == 1  # type: ignore[attr-defined]  # one column


def test_averages_use_valid_scores_and_say_what_was_left_out(summary: tuple[Path, object]) -> None:
    book = openpyxl.load_workbook(summary[0])
    header, first, *_ = book["สรุปตามตัวชี้วัด"].iter_rows(values_only=True)
    one = dict(zip(header, first, strict=True))
    assert one["คะแนนเฉลี่ยปีที่ผ่านมา"] == 80  # 105 is not a score
    assert one["จำนวนคะแนนที่นำมาเฉลี่ย"] == 1
    assert one["คะแนนที่ไม่นำมาเฉลี่ย (ไม่ใช่ ๐–๑๐๐)"] == 1


def test_a_mistyped_status_is_not_a_status(summary: tuple[Path, object]) -> None:
    statuses = summary[1].followups_by_status()  # type: ignore[attr-defined]
    assert "เสร็จแล้ว" not in statuses and statuses["ค่าไม่ถูกต้อง"] == 1


def test_the_register_has_a_title_colours_and_whom_to_chase(summary: tuple[Path, object]) -> None:
    path, _ = summary
    book = openpyxl.load_workbook(path)
    register = book["ทะเบียนการส่ง"]
    assert register["A1"].value == "ทะเบียนการส่งแบบรายงาน ปีงบประมาณ พ.ศ. ๒๕๖๖"
    header = [c.value for c in register[2]]
    rows = [dict(zip(header, r, strict=True)) for r in register.iter_rows(min_row=3,
                                                                          values_only=True)]  # fmt: skip
    missing = next(r for r in rows if r["สถานะ"] == "ไม่ได้ส่ง")
    assert (missing["หน่วยงาน"], missing["ผู้ติดต่อ"], missing["โทรศัพท์"]) == (
        "องค์การบริหารส่วนตำบลบางพระ",
        "นางสาวมาลี สีสวย",
        "038 333 444",
    )  # from the roster
    sent = next(r for r in rows if r["หน่วยงาน"] == "องค์การบริหารส่วนตำบลบ้านสวน")
    assert (sent["ผู้ติดต่อ"], sent["อีเมล"]) == ("นางสาวสมใจ ใจดี", "saraban@bansuan.go.th")
    rules = {rule.formula[0]: rule.dxf.fill.bgColor.rgb
             for ranges in register.conditional_formatting for rule in ranges.rules}  # fmt: skip
    assert rules['"ผ่าน"'].endswith("C6EFCE") and rules['"ไม่ได้ส่ง"'].endswith("F8CBAD")


def _bare(text: str) -> str:
    """Text without spaces and Thai marks, which a PDF's text may put in another order."""
    return re.sub(r"[\s\u0e31\u0e34-\u0e3a\u0e47-\u0e4e]", "", text)


@pytest.mark.real_client
def test_the_overview_prints_every_chart_whole_on_its_first_page(
    summary: tuple[Path, object], tmp_path: Path
) -> None:
    """Each chart's title and every one of its category labels print on the overview's one
    page (a chart cut by a page's end left its labels on the next); the next page is the
    summary by indicator."""
    require(subprocess.run(["which", "pdftotext"], capture_output=True).returncode == 0,
            "pdftotext (poppler-utils)")  # fmt: skip
    (pdf,) = libreoffice_convert([summary[0]], "pdf", tmp_path)

    def page(number: int) -> str:
        text = subprocess.run(["pdftotext", "-f", str(number), "-l", str(number), str(pdf), "-"],
                              capture_output=True, text=True, check=True).stdout  # fmt: skip
        return _bare(text)

    first, second = page(1), page(2)
    book = openpyxl.load_workbook(summary[0])
    overview = book["สรุปภาพรวม"]
    titles = [c.value for c in overview["D"] if c.value and c.offset(0, 1).value == "จำนวน"]
    assert titles == ["แบบรายงานตามสถานะ", "มาตรการตามตัวชี้วัด", "ผลการติดตามตามสถานะ"]
    labels = [str(c.value) for c in overview["D"] if c.value and c.value not in titles]
    assert len(labels) >= 10 + 3  # every indicator, and the statuses
    for text in [*titles, *labels]:  # once in the chart's table, once in the chart
        assert first.count(_bare(text)) >= 2, text
    assert not any(_bare(title) in second for title in titles)
    assert _bare("ประเด็นการประเมิน") in second
    assert not overview.sheet_properties.pageSetUpPr.fitToPage  # Excel would drop the breaks


def _print_setup(sheet: object) -> tuple[object, ...]:
    setup = sheet.page_setup  # type: ignore[attr-defined]
    fit = sheet.sheet_properties.pageSetUpPr.fitToPage  # type: ignore[attr-defined]
    width = 1 if setup.fitToWidth is None else int(setup.fitToWidth)  # absent: the default, 1
    height = 1 if setup.fitToHeight is None else int(setup.fitToHeight)
    return setup.orientation, int(setup.paperSize), fit, width, height


def test_findings_sheets_print_a4_landscape_one_page_wide(summary: tuple[Path, object],
                                                          tmp_path: Path) -> None:  # fmt: skip
    book = openpyxl.load_workbook(summary[0])
    assert _print_setup(book["ปัญหาที่พบ"]) == ("landscape", 9, True, 1, 0)
    assert book["ปัญหาที่พบ"].print_title_rows == "$1:$1"
    marked = tmp_path / "marked.xlsx"
    main(["validate", str(EXAMPLES / "returns" / "nonsaard_2566_6m_mistakes.xlsx"),
          "--annotate", str(marked)])  # fmt: skip
    sheet = openpyxl.load_workbook(marked)["ผลการตรวจสอบ"]
    assert _print_setup(sheet) == ("landscape", 9, True, 1, 0)
    assert sheet.print_title_rows == "$1:$1"


def test_input_rows_grow_and_print_areas_end_at_the_last_used_row(tmp_path: Path) -> None:
    """Rows grow with their text, and Excel prints down to the last row typed in, through a
    name openpyxl (and pandas) read without a warning."""
    path = write_return(tmp_path / "r.xlsx")
    with zipfile.ZipFile(path) as archive:
        measures = archive.read("xl/worksheets/sheet3.xml").decode()
        book = archive.read("xl/workbook.xml").decode()
    rows = dict(re.findall(r'<row r="(\d+)"([^>]*)>', measures))
    assert "customHeight" in rows["3"]  # the header keeps its height
    assert 'ht="' in rows["4"] and "customHeight" not in rows["4"]  # Excel may grow it
    assert "5" not in rows or "customHeight" not in rows["5"]
    areas = re.findall(r'<definedName name="_xlnm.Print_Area" localSheetId="(\d)">([^<]+)<', book)
    by_sheet = dict(areas)
    assert set(by_sheet) == {"1", "2", "3", "4"}  # the tables, and ตรวจสอบ
    names = dict(re.findall(r'<definedName name="แถวที่พิมพ์" localSheetId="(\d)">([^<]+)<', book))
    for sheet in ("1", "2", "3"):  # the area is a name whose formula finds the last row typed in
        assert by_sheet[sheet].endswith("!แถวที่พิมพ์")
        assert "OFFSET(" in names[sheet] and "ROW(" in names[sheet]
    assert re.fullmatch(r"'?ตรวจสอบ'?!\$A\$1:\$D\$\d+", by_sheet["4"])  # one page, no formula


def _pages_by_sheet(pdf: Path) -> dict[str, list[str]]:
    """A workbook's PDF pages grouped by the sheet title each starts with."""
    count = int(re.search(r"Pages:\s+(\d+)", subprocess.run(
        ["pdfinfo", str(pdf)], capture_output=True, text=True, check=True).stdout)[1])  # type: ignore[index]  # fmt: skip
    by_title: dict[str, list[str]] = {}
    for page in range(1, count + 1):
        text = subprocess.run(["pdftotext", "-layout", "-f", str(page), "-l", str(page), str(pdf),
                               "-"], capture_output=True, text=True, check=True).stdout  # fmt: skip
        title = next(line.strip() for line in text.splitlines() if line.strip())
        sheet = next((name for name, start in SHEET_TITLES.items() if title.startswith(start)),
                     title)  # fmt: skip
        by_title.setdefault(sheet, []).append(text)
    return by_title


SHEET_TITLES = {"มาตรการ": "มาตรการส่งเสริม", "ติดตามผล": "การดำเนินการตามมาตรการ",
                "ตรวจสอบ": "ตรวจสอบเบื้องต้น"}  # fmt: skip


@pytest.mark.real_client
def test_a_filled_return_prints_only_its_rows_in_libreoffice(tmp_path: Path) -> None:
    """LibreOffice cannot evaluate the print area that follows the rows typed in: it prints
    the used area, which ends at the last row holding a value (SPEC §2)."""
    require(subprocess.run(["which", "pdftotext"], capture_output=True).returncode == 0,
            "pdftotext (poppler-utils)")  # fmt: skip
    many = clean_filling()
    many.measures = [{**many.measures[i % 2], "code": f"M{i + 1:02d}"} for i in range(25)]
    returns = [EXAMPLES / "returns" / "nonsaard_2566_6m_mistakes.xlsx",  # 3 measures
               EXAMPLES / "returns" / "klongmai_2566_12m_libreoffice.xlsx",  # saved by Calc
               write_return(tmp_path / "many.xlsx", many)]  # fmt: skip
    three, calc, twenty_five = (_pages_by_sheet(pdf) for pdf in
                                libreoffice_convert(returns, "pdf", tmp_path))  # fmt: skip
    for pages in (three, calc):
        assert [len(pages[sheet]) for sheet in SHEET_TITLES] == [1, 1, 1]
    measures = twenty_five["มาตรการ"]
    assert "M25" in measures[-1]  # the last page ends with the last measure,
    for page in measures:  # and no page is an empty grid
        assert re.search(r"^\s*M\d\d ", page, re.M), page[:200]
    assert len(twenty_five["ติดตามผล"]) == 1


@pytest.mark.parametrize("suffix", [".xlsx", ".xlsm"])
def test_other_readers_open_the_workbooks_without_a_warning(tmp_path: Path, suffix: str) -> None:
    """openpyxl (and so pandas with it) reads every workbook ita-xl writes silently: the return,
    its annotated copy and the summary (SPEC §2)."""
    path = write_return(tmp_path / f"r{suffix}")
    marked = tmp_path / f"marked{suffix}"
    main(["validate", str(path), "--annotate", str(marked)])
    summary = rollup([path], jobs=1).to_excel(tmp_path / "summary.xlsx")
    for book in (path, marked, summary):
        with warnings.catch_warnings():
            warnings.simplefilter("error")
            openpyxl.load_workbook(book)
            openpyxl.load_workbook(book, read_only=True).close()


def _no_thai(text: str) -> bool:
    return not re.search("[ก-๛]", text)


@pytest.mark.parametrize("command", [[], ["new"], ["validate"], ["rollup"], ["report"],
                                     ["frameworks"]])  # fmt: skip
def test_help_is_all_thai_or_all_english(command: list[str]) -> None:
    thai = subprocess.run([sys.executable, "-m", "ita_xl.cli", *command, "--help"],
                          capture_output=True, text=True, check=True).stdout  # fmt: skip
    for english in ("usage:", "options:", "show this help message", "positional arguments"):
        assert english not in thai
    assert "วิธีใช้:" in thai
    english = subprocess.run([sys.executable, "-m", "ita_xl.cli", "--lang", "en", *command,
                              "--help"], capture_output=True, text=True, check=True).stdout  # fmt: skip
    assert _no_thai(english.replace("ทะเบียนการส่ง", "")), english
    assert "usage:" in english


def test_a_long_rollup_prints_a_summary(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    folder = tmp_path / "in"
    folder.mkdir()
    for index in range(14):
        (folder / f"broken_{index}.xlsx").write_text("not a workbook", encoding="utf-8")
    assert main(["rollup", str(folder), "-o", str(tmp_path / "s.xlsx"), "--no-progress"]) == 0
    out = capsys.readouterr().out.splitlines()
    assert len(out) <= 14  # a summary, not a line per file
    assert any("ต้องติดตาม ๑๔ รายการ" in line for line in out)
    assert any("และอีก ๔ รายการ" in line for line in out)
