"""``ita-xl validate`` and ``ita_xl.validate`` on the shipped examples and on what officers send."""

from __future__ import annotations

import json
import re
import zipfile
from pathlib import Path

import openpyxl
import pytest

from ita_xl.checking.findings import RULES, catalogue_markdown
from ita_xl.checking.validation import validate
from ita_xl.cli import main

from .conftest import EXAMPLES, ROOT
from .support.tables import write_return

RETURNS = ROOT / "examples" / "returns"
SEED = RETURNS / "koh_ro_2566_12m.xlsx"
MISTAKES = RETURNS / "nonsaard_2566_6m_mistakes.xlsx"


def _at(path: Path) -> set[tuple[str, str | None, str | None]]:
    return {(f.code, f.sheet, f.cell) for f in validate(path).findings}


def test_the_seed_names_another_organisation_and_repeats_measures() -> None:
    found = _at(SEED)
    assert {f for f in found if f[0] == "ITA-R306"} == {("ITA-R306", "ตัวชี้วัด", "G8")}
    # M10 repeats M02 and M11 repeats M03 (rows 13 and 14)
    assert {f for f in found if f[0] == "ITA-R303"} == {
        ("ITA-R303", "มาตรการ", "B13"), ("ITA-R303", "มาตรการ", "B14")}  # fmt: skip
    assert ("ITA-C102", "มาตรการ", "G7") in found  # "รอบ ๑ เดือน - …"
    assert ("ITA-R304", "มาตรการ", "A7") in found  # M04 has no follow-up


def test_the_mistakes_example_gets_each_commented_code() -> None:
    """examples/data/others.py marks each planted mistake with its code."""
    expected = {
        ("ITA-T201", "ข้อมูลหน่วยงาน", "B9"), ("ITA-C107", "ข้อมูลหน่วยงาน", "B13"),
        ("ITA-C107", "ข้อมูลหน่วยงาน", "B14"), ("ITA-C104", "ตัวชี้วัด", "D4"),
        ("ITA-R303", "มาตรการ", "B5"), ("ITA-T202", "มาตรการ", "B6"),
        ("ITA-C102", "มาตรการ", "C6"), ("ITA-R307", "มาตรการ", "D6"),
        ("ITA-R306", "มาตรการ", "E6"), ("ITA-T201", "มาตรการ", "H6"),
        ("ITA-R308", "ติดตามผล", "E4"), ("ITA-R309", "ติดตามผล", "H4"),
        ("ITA-R301", "ติดตามผล", "A5"), ("ITA-R311", "ติดตามผล", "D5"),
        ("ITA-C102", "ติดตามผล", "G5"), ("ITA-C105", "ติดตามผล", "H5"),
        ("ITA-C106", "ติดตามผล", "E6"),
    }  # fmt: skip
    found = _at(MISTAKES)
    assert expected <= found
    # the typed "=HYPERLINK(…)" is inert text, not a formula
    assert not any((sheet, cell) == ("ติดตามผล", "C6") for _, sheet, cell in found)


@pytest.mark.parametrize("path", [p for p in EXAMPLES if "nongbuathong" in p.name
                                  or "klongmai" in p.name], ids=lambda p: p.name)  # fmt: skip
def test_clean_examples_pass_without_warnings(path: Path) -> None:
    report = validate(path)
    assert report.status == "ok", [f.message_en for f in report.findings]


def test_merged_cells_continue_the_record_above(tmp_path: Path) -> None:
    """An officer splits M01's steps over two rows and merges the code and measure cells."""
    book = openpyxl.load_workbook(write_return(tmp_path / "r.xlsx"))
    sheet = book["มาตรการ"]
    sheet.insert_rows(5)
    sheet["E5"] = "๓. รายงานผู้บริหาร"
    sheet.merge_cells("A4:A5")
    sheet.merge_cells("B4:B5")
    merged = tmp_path / "merged.xlsx"
    book.save(merged)
    report = validate(merged)
    assert report.findings == []
    measures = report.ret.measures  # type: ignore[union-attr]
    assert [m.code for m in measures] == ["M01", "M02"]
    assert measures[0].text("steps").endswith("๒. ปรับปรุงเว็บไซต์\n๓. รายงานผู้บริหาร")


def test_merged_code_over_followups_of_different_rounds(tmp_path: Path) -> None:
    book = openpyxl.load_workbook(write_return(tmp_path / "r.xlsx"))
    sheet = book["ติดตามผล"]
    sheet["A5"] = None
    sheet.merge_cells("A4:A5")  # M01 over its 6- and 12-month rows
    merged = tmp_path / "merged.xlsx"
    book.save(merged)
    report = validate(merged)
    assert report.findings == []
    assert [(f.code, f.round) for f in report.ret.followups] == [  # type: ignore[union-attr]
        ("M01", 6), ("M01", 12), ("M02", 12)]  # fmt: skip


def test_thai_digits_text_dates_and_trailing_spaces_are_understood(tmp_path: Path) -> None:
    from .support.tables import clean_filling

    filling = clean_filling()
    filling.info.update(fiscal_year="2566 ", prepared_on="29/09/2566", round="12")
    filling.indicators[10]["last_score"] = "๘๐.๕"
    report = validate(write_return(tmp_path / "r.xlsx", filling))
    assert report.findings and {f.code for f in report.findings} == {"ITA-T202"}


# --- the command --------------------------------------------------------------------------------


def test_json_output_as_the_spec_says(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["validate", "--format", "json", str(SEED), str(EXAMPLES[0])]) == 1
    document = json.loads(capsys.readouterr().out)
    assert set(document) == {"files", "summary"}
    seed = document["files"][[f["path"] for f in document["files"]].index(str(SEED))]
    assert set(seed) == {"path", "status", "organisation", "fiscal_year", "findings"}
    assert (seed["status"], seed["organisation"], seed["fiscal_year"]) == (
        "error", "องค์การบริหารส่วนตำบลเกาะรอ", 2566)  # fmt: skip
    assert set(seed["findings"][0]) == {"code", "severity", "sheet", "cell", "row", "column",
                                        "message_th", "message_en", "value"}  # fmt: skip
    assert set(document["summary"]) == {"files", "errors", "warnings", "infos"}
    assert document["summary"]["files"] == 2


def test_text_output_groups_findings_per_file(capsys: pytest.CaptureFixture[str]) -> None:
    clean = RETURNS / "klongmai_2566_12m_libreoffice.xlsx"
    assert main(["validate", str(clean)]) == 0
    out = capsys.readouterr().out
    assert f"{clean}: ผ่าน" in out and "องค์การบริหารส่วนตำบลคลองใหม่" in out
    assert main(["--lang", "en", "validate", str(MISTAKES)]) == 1
    out = capsys.readouterr().out
    assert "failed" in out and "ITA-R301\tติดตามผล!A5\tthe follow-up at" in out


def test_units_file_is_used(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    units = tmp_path / "units.txt"
    units.write_text("กองคลัง\nกองช่าง\n", encoding="utf-8")
    main(["validate", "--format", "json", "--units", str(units), str(MISTAKES)])
    codes = [f["code"] for f in json.loads(capsys.readouterr().out)["files"][0]["findings"]]
    assert "ITA-R312" in codes


def test_usage_errors_exit_2(tmp_path: Path) -> None:
    assert main(["validate", str(SEED), "--annotate", str(SEED)]) == 2
    assert main(["validate", str(SEED), "--annotate", str(tmp_path / "x.xlsm")]) == 2
    assert main(["validate", str(SEED), "--units", str(tmp_path / "none.txt")]) == 2
    with pytest.raises(SystemExit) as exit_:
        main(["validate"])
    assert exit_.value.code == 2


# --- the catalogue --------------------------------------------------------------------------------


def test_the_catalogue_has_every_code_of_the_spec() -> None:
    spec_text = ROOT.parent / "shared" / "SPEC.md"
    codes = [r.code for r in RULES]
    assert len(codes) == len(set(codes)) == 37
    if spec_text.exists():
        import re

        in_spec = set(re.findall(r"`(ITA-[SCTRF]\d{3})`", spec_text.read_text(encoding="utf-8")))
        assert in_spec == set(codes)


def test_the_documentation_page_is_current() -> None:
    page = ROOT / "docs" / "findings.md"
    assert page.read_text(encoding="utf-8") == catalogue_markdown(), (
        "regenerate with: python -m ita_xl.checking.findings > docs/findings.md"
    )


def test_a_number_beyond_any_date_in_a_date_cell_is_a_finding(tmp_path: Path) -> None:
    """python-calamine panics converting such a cell; the reader falls back to openpyxl."""
    from .support.tables import clean_filling

    filling = clean_filling()
    filling.info["prepared_on"] = 1e300
    report = validate(write_return(tmp_path / "r.xlsx", filling))
    assert report.readable
    assert [(f.code, f.cell) for f in report.findings] == [("ITA-C106", "B15")]


def test_sheet_names_written_as_character_references_are_read(tmp_path: Path) -> None:
    """Some writers spell Thai sheet names as ``&#3617;…`` in workbook.xml."""
    clean = write_return(tmp_path / "clean.xlsx")
    spelled = tmp_path / "spelled.xlsx"

    def as_references(match: re.Match[bytes]) -> bytes:
        return b'name="' + "".join(f"&#{ord(c)};" for c in match[1].decode()).encode() + b'"'

    with zipfile.ZipFile(clean) as source, zipfile.ZipFile(spelled, "w") as target:
        for info in source.infolist():
            data = source.read(info)
            if info.filename == "xl/workbook.xml":
                data = re.sub(rb'name="([^"]*)"', as_references, data)
            target.writestr(info, data)
    assert b"&#3617;" in zipfile.ZipFile(spelled).read("xl/workbook.xml")
    report = validate(spelled)
    assert report.readable
    assert [(f.code, f.cell) for f in report.findings] == [
        (f.code, f.cell) for f in validate(clean).findings
    ]
    clean_codes = [m.code for m in validate(clean).ret.measures]  # type: ignore[union-attr]
    assert clean_codes and [m.code for m in report.ret.measures] == clean_codes  # type: ignore[union-attr]
