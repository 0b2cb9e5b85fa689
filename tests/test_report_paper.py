"""The report on paper, as LibreOffice prints it with TH Sarabun New: how many pages, page numbers,
rows kept whole and division headings kept with their rows (SPEC §7)."""

from __future__ import annotations

import re
import subprocess

import pytest

from ita_xl.cli import main
from ita_xl.report.widths import content_widths

from .conftest import ROOT
from .support.clients import require

RETURNS = ROOT / "examples" / "returns"
REPORTS = {
    # name: (returns, at most this many pages)
    "koh_ro": (["koh_ro_2566_12m.xlsx"], 14),  # 12 measures, 11 follow-ups
    "two_measures": (["klongmai_2566_12m_libreoffice.xlsx"], 6),  # 2 measures, 2 follow-ups
    "three_divisions": (
        [f"nongbuathong_{d}_2566_12m.xlsx" for d in ("chang", "klang", "palad")],
        7,
    ),
}
DIVISIONS = ("กองช่าง", "กองคลัง", "สำนักปลัดเทศบาล")
HEADERS = ("มาตรการ แนวทางปฏิบัติ ขั้นตอน/วิธีการปฏิบัติ ผู้รับผิดชอบ การกำกับติดตาม "
           "รายละเอียดการดำเนินงาน ระยะเวลาการดำเนินงาน ผลผลิต ผลลัพธ์ หมายเหตุ ตัวชี้วัด "
           "ประเด็นการประเมิน ข้อบกพร่องหรือจุดอ่อน ประเด็นที่ควรพัฒนา ผลการดำเนินการ")  # fmt: skip
ROW_START = re.compile(r"^(M\d\d |[๐-๙]+ |" + "|".join(DIVISIONS) + ")")


@pytest.fixture(scope="module")
def pages(tmp_path_factory: pytest.TempPathFactory) -> dict[str, list[str]]:
    """Each report's PDF, page by page as ``pdftotext -layout`` reads it."""
    require(subprocess.run(["which", "pdftotext"], capture_output=True).returncode == 0,
            "pdftotext (poppler-utils)")  # fmt: skip
    folder = tmp_path_factory.mktemp("paper")
    texts = {}
    for name, (files, _) in REPORTS.items():
        out = folder / f"{name}.docx"
        assert main(["report", *(str(RETURNS / f) for f in files), "-o", str(out), "--pdf",
                     "--force"]) == 0  # fmt: skip
        pdf = out.with_suffix(".pdf")
        count = int(re.search(r"Pages:\s+(\d+)", subprocess.run(
            ["pdfinfo", str(pdf)], capture_output=True, text=True, check=True).stdout)[1])  # type: ignore[index]  # fmt: skip
        texts[name] = [subprocess.run(["pdftotext", "-layout", "-f", str(p), "-l", str(p), str(pdf),
                                       "-"], capture_output=True, text=True, check=True).stdout
                       for p in range(1, count + 1)]  # fmt: skip
    return texts


def _body(page: str) -> list[str]:
    """A page's lines without blank lines and the page number."""
    return [line for line in page.splitlines() if line.strip() and not line.strip().isdigit()]


@pytest.mark.real_client
@pytest.mark.parametrize("name", REPORTS)
def test_page_counts_and_numbers(pages: dict[str, list[str]], name: str) -> None:
    report = pages[name]
    assert len(report) <= REPORTS[name][1]
    for number, page in enumerate(report, start=1):
        numbers = re.findall(r"^\s*(\d+)\s*$", page, re.M)
        # the cover has no page number; every other page its own, in the digits Word shows
        assert numbers == ([] if number == 1 else [str(number)]), (number, numbers)
        if 3 <= number < len(report):  # the cover and the foreword are short by nature
            # a page of table rows, not a stub (rows kept whole leave part of a page empty)
            assert len(_body(page)) > 10, number


@pytest.mark.real_client
@pytest.mark.parametrize("name", REPORTS)
def test_every_page_of_tables_starts_with_a_whole_row(pages: dict[str, list[str]],
                                                      name: str) -> None:  # fmt: skip
    """After the section heading and the repeated header, a page's first line at the left edge
    starts a row (a measure, an indicator, a division): a row split across pages would start
    the page with the rest of its first cell."""
    for number, page in enumerate(pages[name][2:], start=3):
        lines = _body(page)
        if re.match(r"^[๐-๙]+\. ", lines[0]):
            lines = lines[1:]  # the section's heading
        assert lines[0].split()[0] in ("มาตรการ", "ตัวชี้วัด"), (number, lines[0])
        rest = [line for line in lines[1:]
                if not all(piece in HEADERS for piece in re.split(r"\s{2,}", line.strip()))]  # fmt: skip
        assert ROW_START.match(rest[0]), (number, rest[0])


@pytest.mark.real_client
def test_a_division_heading_never_ends_a_page(pages: dict[str, list[str]]) -> None:
    report = pages["three_divisions"]
    for number, page in enumerate(report, start=1):
        assert _body(page)[-1].strip() not in DIVISIONS, number
    seen = "\n".join(report)
    assert all(seen.count(division) >= 3 for division in DIVISIONS)  # measures, results, summary


@pytest.mark.real_client
def test_the_report_keeps_line_breaks(pages: dict[str, list[str]]) -> None:
    lines = [line.strip() for page in pages["koh_ro"] for line in page.splitlines()]
    assert any("องค์การบริหารส่วนตำบลเกาะรอ" in line for line in lines)
    assert any(re.search(r"(^|\s)๒\. ", line) for line in lines)  # a numbered step on its own line


COLUMNS = [
    # header, then rows: the framework's long list beside empty columns
    ["ตัวชี้วัด", "ประเด็นการประเมิน", "ข้อบกพร่อง", "ผลการดำเนินการ"],
    ["๑ การปฏิบัติหน้าที่", "(๑) ปฏิบัติงาน/ให้บริการตามขั้นตอนและระยะเวลาที่กำหนด\n"
     "(๒) ปฏิบัติงาน/ให้บริการอย่างเท่าเทียม ไม่ว่าผู้มาติดต่อทั่วไปหรือผู้ที่รู้จักเป็นการส่วนตัว", "", ""],
    ["๒ การใช้งบประมาณ", "(๑) การรับรู้แผนการใช้จ่ายงบประมาณประจำปี\n"
     "(๒) ใช้จ่ายงบประมาณอย่างคุ้มค่า ไม่บิดเบือนวัตถุประสงค์", "", "ดำเนินการแล้ว"],
    ["กองคลัง"],  # a heading row across the table takes no column's width
]  # fmt: skip
ADDRESS = "https://www.nongbuathong.go.th/ita/o43/m01"


def test_columns_are_sized_to_what_they_hold() -> None:
    widths = content_widths(COLUMNS, 25.7)
    assert sum(widths) == pytest.approx(25.7)
    _, issues, weaknesses, result = widths
    assert issues > 12  # each assessment point on a line of its own
    assert weaknesses < 3  # an empty column keeps little more than its header needs
    assert result > weaknesses


def test_a_web_address_is_never_broken() -> None:
    rows = [["มาตรการ", "หมายเหตุ"], ["M01 มาตรการเผยแพร่แผน", f"ดำเนินการแล้วเสร็จ {ADDRESS}"]]
    note = content_widths(rows, 25.7)[1]
    assert note >= len(ADDRESS) * 0.165 + 0.4  # its width in 14 pt TH Sarabun New, and margins
