"""``ita-xl report``: the Word report agencies publish, from the return(s), never from template
text."""

from __future__ import annotations

from pathlib import Path

import docx
import pytest
from docx.oxml.ns import qn

from ita_xl.cli import main
from ita_xl.reading.read import read_return
from ita_xl.report.document import ReportError, write_report

from .conftest import ROOT

RETURNS = ROOT / "examples" / "returns"
SEED = RETURNS / "koh_ro_2566_12m.xlsx"
NBT = sorted(RETURNS.glob("nongbuathong_*.xlsx"))


@pytest.fixture(scope="module")
def seed_report(tmp_path_factory: pytest.TempPathFactory) -> docx.document.Document:
    out = tmp_path_factory.mktemp("report") / "koh_ro.docx"
    write_report(SEED, out, force=True)
    return docx.Document(str(out))


def _text(cell: object) -> str:
    return cell.text  # type: ignore[attr-defined, no-any-return]


def test_every_measure_and_result_of_the_seed_is_in_its_table(
    seed_report: docx.document.Document,
) -> None:
    measures_table, results_table, indicators_table = seed_report.tables
    ret = read_return(SEED)
    assert [_text(c) for c in measures_table.rows[0].cells] == [
        "มาตรการ", "แนวทางปฏิบัติ", "ขั้นตอน/วิธีการปฏิบัติ", "ผู้รับผิดชอบ", "การกำกับติดตาม"]  # fmt: skip
    listed = [_text(row.cells[0]) for row in measures_table.rows[1:]]
    assert listed == [f"{m.code} {m.measure}" for m in ret.measures]
    assert [_text(c) for c in results_table.rows[0].cells] == [
        "มาตรการ", "รายละเอียดการดำเนินงาน", "ระยะเวลาการดำเนินงาน", "ผลผลิต", "ผลลัพธ์",
        "หมายเหตุ"]  # fmt: skip
    details = [_text(row.cells[1]) for row in results_table.rows[1:]]
    assert len(details) == len(ret.followups) == 11
    for followup in ret.followups:
        assert any(followup.text("details")[:20] in d for d in details)
    assert [_text(c) for c in indicators_table.rows[0].cells] == [
        "ตัวชี้วัด", "ประเด็นการประเมิน", "ข้อบกพร่องหรือจุดอ่อน", "ประเด็นที่ควรพัฒนา",
        "ผู้รับผิดชอบ", "ผลการดำเนินการ"]  # fmt: skip
    assert len(indicators_table.rows) == 1 + 10


def test_the_organisation_and_year_come_from_the_return(
    seed_report: docx.document.Document,
) -> None:
    text = "\n".join(p.text for p in seed_report.paragraphs)
    assert "องค์การบริหารส่วนตำบลเกาะรอ" in text
    assert "ประจำปีงบประมาณ พ.ศ. ๒๕๖๖" in text and "พ.ศ. ๒๕๖๕ รายตัวชี้วัด" in text
    assert "อำเภอรามัน จังหวัดยะลา" in text
    assert "เกะรอก" not in text and "เกว๋น" not in text and "2566" not in text


def test_layout_fonts_headers_and_page_numbers(seed_report: docx.document.Document) -> None:
    portrait, landscape = seed_report.sections
    assert portrait.page_width < portrait.page_height
    assert landscape.page_width > landscape.page_height
    for table in seed_report.tables:
        header = table.rows[0]._tr.trPr
        assert header.find(qn("w:tblHeader")) is not None
        # no row is split across pages (Word and LibreOffice both honour cantSplit)
        assert all(row._tr.trPr.find(qn("w:cantSplit")) is not None for row in table.rows)
        # the grid carries the widths (LibreOffice lays tables out by the grid)
        grid = [int(c.get(qn("w:w"))) for c in table._tbl.tblGrid.findall(qn("w:gridCol"))]
        assert len(set(grid)) > 1
    fonts = set()
    for table in seed_report.tables:
        for row in table.rows:
            for cell in row.cells:
                for paragraph in cell.paragraphs:
                    for run in paragraph.runs:
                        rfonts = run._r.rPr.find(qn("w:rFonts"))
                        fonts.add((rfonts.get(qn("w:cs")), run._r.rPr.find(qn("w:szCs")).get(
                            qn("w:val"))))  # fmt: skip
    assert fonts == {("TH Sarabun New", "28")}
    # page numbers read the same in Word and LibreOffice (which shows Thai-digit fields as
    # letters), and the cover has none
    for section in seed_report.sections:
        footer_xml = section.footer._element.xml
        assert "PAGE" in footer_xml and "ThaiArabic" not in footer_xml
    assert portrait.different_first_page_header_footer
    assert not landscape.different_first_page_header_footer
    assert "PAGE" not in portrait.first_page_footer._element.xml


def test_divisions_are_merged_into_one_report(tmp_path: Path) -> None:
    out, _, warnings = write_report(NBT, tmp_path / "nbt.docx")
    document = docx.Document(str(out))
    measures = document.tables[0]
    divisions = [read_return(p).info.division for p in NBT]
    expected = sum(len(read_return(p).measures) for p in NBT)
    assert len(measures.rows) - 1 == expected + len(divisions)  # a heading row per division
    headings = [
        _text(r.cells[0]) for r in measures.rows[1:] if len({id(c._tc) for c in r.cells}) == 1
    ]
    assert headings == sorted(divisions)
    responsible = {_text(row.cells[3]) for row in measures.rows[1:]}
    assert not any(f"{d} ({d})" in r for r in responsible for d in divisions)
    assert warnings == []


def test_a_return_with_errors_is_refused_unless_forced(tmp_path: Path,
                                                       capsys: pytest.CaptureFixture[str]) -> None:  # fmt: skip
    out = tmp_path / "r.docx"
    assert main(["report", str(SEED), "-o", str(out)]) == 1
    err = capsys.readouterr().err
    assert "ITA-C101" in err and "--force" in err and not out.exists()
    assert main(["report", str(SEED), "-o", str(out), "--force"]) == 0
    assert out.exists()


def test_arabic_digits_on_request(tmp_path: Path) -> None:
    out, _, _ = write_report(NBT[0], tmp_path / "a.docx", thai_numbers=False)
    text = "\n".join(p.text for p in docx.Document(str(out)).paragraphs)
    assert "พ.ศ. 2566" in text and "๒๕๖๖" not in text


def test_returns_of_two_organisations_are_not_one_report(tmp_path: Path) -> None:
    with pytest.raises(ReportError) as problem:
        write_report([NBT[0], RETURNS / "klongmai_2566_12m_libreoffice.xlsx"],
                     tmp_path / "x.docx")  # fmt: skip
    assert "หน่วยงานเดียว" in problem.value.message_th
    assert main(["report", str(NBT[0]), str(SEED), "-o", str(tmp_path / "y.docx"),
                 "--force"]) == 2  # fmt: skip


def test_pdf_without_libreoffice_says_so(tmp_path: Path, monkeypatch: pytest.MonkeyPatch,
                                         capsys: pytest.CaptureFixture[str]) -> None:  # fmt: skip
    import shutil

    monkeypatch.setattr(shutil, "which", lambda name: None)
    assert main(["report", str(NBT[0]), "-o", str(tmp_path / "r.docx"), "--pdf"]) == 2
    assert "LibreOffice" in capsys.readouterr().err
    assert (tmp_path / "r.docx").exists()  # the Word file is still made
