"""Every shipped workbook against real clients: the Open XML SDK validator, a lint of Excel's
rules, and LibreOffice (opens, converts to PDF and xlsx, and its saved copy reads the same)."""

from __future__ import annotations

import os
import subprocess
from pathlib import Path

import pytest

from ita_xl.frameworks import load_framework
from ita_xl.reading.read import read_return
from ita_xl.workbook.template import write_return_workbook

from .conftest import EXAMPLES, TEMPLATES
from .support.clients import (
    in_schema_font_order,
    libreoffice_convert,
    ooxml_validate,
    soffice,
    without_live_checks,
)
from .support.excel_rules import lint

pytestmark = pytest.mark.real_client


def test_open_xml_sdk_finds_no_error(all_files: list[Path], tmp_path: Path) -> None:
    """Every file; the ตรวจสอบ sheet's helper cells whole in a same-year .xlsx and a
    previous-year .xlsm (they are generated alike in every file of a framework kind)."""
    whole = [all_files[0], next(p for p in TEMPLATES if p.name.endswith("2570.xlsm"))]
    rest = [without_live_checks(p, tmp_path) for p in all_files if p not in whole]
    results = ooxml_validate(whole + rest)
    assert {path: errors for path, errors in results.items() if errors} == {}


def test_the_validator_does_catch_schema_errors(tmp_path: Path) -> None:
    """openpyxl writes <font> children out of schema order: the validator must say so."""
    import openpyxl
    from openpyxl.styles import Font

    book = openpyxl.Workbook()
    book.active["A1"] = "x"
    book.active["A1"].font = Font(name="TH Sarabun New", bold=True)
    path = tmp_path / "bad.xlsx"
    book.save(path)
    assert ooxml_validate([path])[str(path)]


def test_excel_rules_lint_is_clean(all_files: list[Path]) -> None:
    assert {p.name: lint(p) for p in all_files if lint(p)} == {}


@pytest.fixture(scope="module")
def annotated(tmp_path_factory: pytest.TempPathFactory) -> list[Path]:
    from ita_xl.checking.annotate import annotate
    from ita_xl.checking.validation import validate

    folder = tmp_path_factory.mktemp("annotated")
    out = []
    for path in EXAMPLES:
        target = folder / path.name
        annotate(path, target, validate(path).findings)
        out.append(target)
    return out


def test_annotated_copies_pass_the_open_xml_sdk(annotated: list[Path], tmp_path: Path) -> None:
    (tmp_path / "light").mkdir()
    ordered = [without_live_checks(in_schema_font_order(p, tmp_path), tmp_path / "light")
               for p in annotated]  # fmt: skip
    results = ooxml_validate(ordered)
    assert {path: errors for path, errors in results.items() if errors} == {}
    assert {p.name: lint(p) for p in annotated if lint(p)} == {}


def test_libreoffice_opens_annotated_copies_and_keeps_the_findings(
    annotated: list[Path], tmp_path: Path
) -> None:
    import openpyxl

    from ita_xl.checking.validation import validate

    saved = libreoffice_convert(annotated, "xlsx", tmp_path)
    for original, copy in zip(annotated, saved, strict=True):
        listed = list(openpyxl.load_workbook(copy, read_only=True)["ผลการตรวจสอบ"].values)
        assert len(listed) == len(validate(original).findings) + 1, original.name
        # what LibreOffice saved still validates to the same findings
        assert {(f.code, f.cell) for f in validate(copy).findings} == {
            (f.code, f.cell) for f in validate(original).findings}, original.name  # fmt: skip


def test_real_xls_and_ods_files_are_read_with_s009(tmp_path: Path) -> None:
    """Saved as .xls or .ods (even misnamed .xlsx), a return is read, every value at its cell,
    with ITA-S009 saying how to save as .xlsx."""
    from ita_xl.checking.validation import validate
    from ita_xl.reading.read import plain_values

    source = EXAMPLES[0]
    original = validate(source)
    for kind in ("xls", "ods"):
        (converted,) = libreoffice_convert([source], kind, tmp_path / kind)
        renamed = converted.with_suffix(".xlsx")
        converted.rename(renamed)
        for path in (converted.with_name(renamed.name), renamed):
            report = validate(path)
            s009 = [f for f in report.findings if f.code == "ITA-S009"]
            assert (
                len(s009) == 1
                and f".{kind}" in s009[0].message_th
                and ".xlsx" in s009[0].message_th
            )
            others = {(f.code, f.cell) for f in report.findings if f.code != "ITA-S009"}
            assert others == {(f.code, f.cell) for f in original.findings}
        assert plain_values(read_return(renamed)) == plain_values(read_return(source))


@pytest.fixture(scope="module")
def summary_workbook(tmp_path_factory: pytest.TempPathFactory) -> Path:
    from ita_xl.consolidation.rollup import rollup

    from .conftest import ROOT

    folder = tmp_path_factory.mktemp("summary")
    result = rollup([ROOT / "examples" / "returns"], roster=ROOT / "examples" / "roster.csv",
                    jobs=1)  # fmt: skip
    return result.to_excel(folder / "summary.xlsx")


def test_the_summary_passes_the_sdk_and_the_lint(summary_workbook: Path) -> None:
    assert ooxml_validate([summary_workbook]) == {str(summary_workbook): []}
    assert lint(summary_workbook) == []


def test_libreoffice_opens_the_summary_and_reads_every_row(summary_workbook: Path,
                                                           tmp_path: Path) -> None:  # fmt: skip
    import openpyxl

    (saved,) = libreoffice_convert([summary_workbook], "xlsx", tmp_path)
    original = openpyxl.load_workbook(summary_workbook)
    copy = openpyxl.load_workbook(saved)
    for name in ("มาตรการ", "ติดตามผล", "ทะเบียนการส่ง", "ปัญหาที่พบ"):
        assert list(copy[name].values) == list(original[name].values), name
    (pdf,) = libreoffice_convert([summary_workbook], "pdf", tmp_path / "pdf")
    assert pdf.stat().st_size > 10_000


def test_the_report_is_valid_word_and_converts_to_pdf_with_a_thai_font(tmp_path: Path) -> None:
    from ita_xl.report.document import write_report

    from .conftest import ROOT

    seed = ROOT / "examples" / "returns" / "koh_ro_2566_12m.xlsx"
    soffice()  # required under CI
    docx_path, pdf_path, _ = write_report(seed, tmp_path / "report.docx", pdf=True, force=True)
    assert ooxml_validate([docx_path]) == {str(docx_path): []}
    assert pdf_path is not None and pdf_path.stat().st_size > 50_000
    fonts = subprocess.run(["pdffonts", str(pdf_path)], capture_output=True, text=True,
                           check=True).stdout  # fmt: skip
    thai_fonts = [line for line in fonts.splitlines() if "Laksaman" in line or "Sarabun" in line]
    assert thai_fonts and all(" yes " in line for line in thai_fonts)
    if os.environ.get("CI") == "true":  # .ci/run installs the real font: page counts as in Word
        assert all("THSarabunNew" in line for line in thai_fonts), fonts
    text = subprocess.run(["pdftotext", str(pdf_path), "-"], capture_output=True, text=True,
                          check=True).stdout  # fmt: skip
    assert "องค์การบริหารส่วนตำบลเกาะรอ" in text


def test_the_macro_workbook_passes_the_sdk_and_libreoffice_wires_the_button(
    tmp_path: Path,
) -> None:
    import zipfile

    xlsm = write_return_workbook(tmp_path / "return.xlsm", load_framework("2566"))
    (tmp_path / "light").mkdir()
    light = without_live_checks(xlsm, tmp_path / "light")
    assert ooxml_validate([light]) == {str(light): []}
    assert lint(xlsm) == []
    (ods,) = libreoffice_convert([xlsm], "ods", tmp_path / "ods")
    with zipfile.ZipFile(ods) as package:
        module = package.read("Basic/VBAProject/ITAValidate.xml").decode()
        content = package.read("content.xml").decode()
    assert "RunPython" in module and "ita_xl.excel.validate_button" in module
    assert content.count("VBAProject.ITAValidate.ValidateButton") == 4
