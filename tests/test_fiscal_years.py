"""The fiscal years users are in (FY2568–2570): item codes and results year from the framework,
reporting last year's measures, starting from last year's return."""

from __future__ import annotations

import json
from datetime import date
from pathlib import Path

import openpyxl
import pytest

from ita_xl.checking.validation import validate
from ita_xl.cli import main
from ita_xl.consolidation.rollup import rollup
from ita_xl.frameworks import available_frameworks, load_framework
from ita_xl.workbook.template import write_return_workbook

from .conftest import ROOT
from .support.tables import clean_filling, rows

CARRIED = ROOT / "examples" / "carried"
FOLLOW, MEAS = "ติดตามผล", "มาตรการ"

# year | measures item | report item | results year | status of the codes
FRAMEWORKS = [
    (2566, "O42", "O43", 2566, "confirmed"),
    (2567, "O42", "O43", 2567, "unconfirmed"),
    (2568, "O27", "O28", 2567, "derived"),
    (2569, "O25", "O26", 2568, "unconfirmed"),
    (2570, "O25", "O26", 2569, "unconfirmed"),
]


def test_each_years_framework_has_its_items_and_results_year() -> None:
    found = [(f.fiscal_year, f.measures_item.code, f.report_item.code, f.results_fiscal_year,
              f.measures_item.status) for f in available_frameworks()]  # fmt: skip
    assert found == FRAMEWORKS
    for framework in available_frameworks():
        if framework.fiscal_year >= 2568:  # no source confirms these for 2568–2570
            assert framework.status == "unconfirmed"
            assert {t.weight_status for t in framework.tools} == {"unconfirmed"}
            assert {i.weight_status for i in framework.indicators} == {"unconfirmed"}
            assert framework.score_bands_status == "unconfirmed"
    assert load_framework("2568").pass_mark_status == "confirmed"  # R6: 7,832 of 8,317 passed 85


@pytest.mark.parametrize(("year", "measures", "report", "results", "_"), FRAMEWORKS)
def test_new_writes_the_years_item_codes_in_the_titles(tmp_path: Path, year: int, measures: str,
                                                       report: str, results: int, _: str) -> None:  # fmt: skip
    out = tmp_path / f"r{year}.xlsx"
    assert main(["new", str(out), "--year", str(year)]) == 0
    book = openpyxl.load_workbook(out)
    thai_year = str(year).translate(str.maketrans("0123456789", "๐๑๒๓๔๕๖๗๘๙"))
    thai_results = str(results).translate(str.maketrans("0123456789", "๐๑๒๓๔๕๖๗๘๙"))
    assert f"({measures})" in book[MEAS]["A1"].value and thai_year in book[MEAS]["A1"].value
    assert f"({report})" in book[FOLLOW]["A1"].value and thai_results in book[FOLLOW]["A1"].value
    headers = [c.value for c in book[FOLLOW][3]]
    assert ("มาตรการ" in headers) is (results != year)  # last year's measures are named
    others = {"O42", "O43", "O27", "O28", "O25", "O26"} - {measures, report}
    texts = " ".join(str(c.value) for name in (MEAS, FOLLOW, "คำแนะนำ")
                     for row in book[name].iter_rows() for c in row if c.value)  # fmt: skip
    assert not [code for code in others if f"({code})" in texts]


def test_frameworks_lists_items_years_and_statuses(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["frameworks"]) == 0
    lines = {line.split("\t")[0]: line for line in capsys.readouterr().out.splitlines()}
    assert "O27/O28 (อนุมานจากแหล่งข้อมูล)" in lines["ita-2568"]
    assert "รายงานผลปี 2567" in lines["ita-2568"]
    assert "O25/O26 (ยังไม่ยืนยัน)" in lines["ita-2570"] and "กรอบ: ยังไม่ยืนยัน" in lines["ita-2570"]


def test_new_without_a_year_takes_todays_fiscal_year_and_warns(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    import ita_xl.workbook.new

    class OnFirstDecember2026(date):
        @classmethod
        def today(cls) -> OnFirstDecember2026:
            return cls(2026, 12, 1)  # FY2570 began on 1 Oct 2026

    monkeypatch.setattr(ita_xl.workbook.new, "date", OnFirstDecember2026)
    out = tmp_path / "r.xlsx"
    assert main(["new", str(out)]) == 0
    meta = {r[0]: r[1] for r in openpyxl.load_workbook(out)["_meta"].iter_rows(values_only=True)}
    assert meta["framework"] == "ita-2570" and meta["fiscal_year"] == "2570"
    err = capsys.readouterr().err
    assert "๒๕๗๐" in err and "ยังไม่ยืนยัน" in err and "คู่มือการประเมิน ITA" in err
    assert "--export 2570" in err

    class OnThirtiethSeptember2026(date):
        @classmethod
        def today(cls) -> OnThirtiethSeptember2026:
            return cls(2026, 9, 30)  # the last day of FY2569

    monkeypatch.setattr(ita_xl.workbook.new, "date", OnThirtiethSeptember2026)
    assert main(["new", str(tmp_path / "r2569.xlsx")]) == 0
    assert "ita-2569" in capsys.readouterr().out


def test_a_framework_exported_edited_and_used(tmp_path: Path) -> None:
    exported = tmp_path / "ita2570.json"
    assert main(["frameworks", "--export", "2570", str(exported)]) == 0
    data = json.loads(exported.read_text(encoding="utf-8"))
    data["oit_items"]["measures"].update(code="O31", status="confirmed")
    exported.write_text(json.dumps(data, ensure_ascii=False), encoding="utf-8")
    out = tmp_path / "r.xlsx"
    assert main(["new", str(out), "--framework", str(exported)]) == 0
    assert "(O31)" in openpyxl.load_workbook(out)[MEAS]["A1"].value
    assert main(["frameworks", "--export", "2570", str(exported)]) == 2  # not overwritten


# --- a FY2567 return carried into FY2568 ----------------------------------------------------------


@pytest.fixture(scope="module")
def last_year(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The clean return as FY2567 (its dates moved a year on), with an error the carry lists."""
    filling = clean_filling()
    filling.info.update(fiscal_year="๒๕๖๗", prepared_on="๒๗ ก.ย. ๒๕๖๗", phone="12345")
    for measure in filling.measures:
        measure.update(start="๑ ต.ค. ๒๕๖๖", end="๓๐ ก.ย. ๒๕๖๗")
    for followup in filling.followups:
        followup["period"] = "ต.ค. ๖๖ - ก.ย. ๖๗"
    path = tmp_path_factory.mktemp("fy2567") / "r2567.xlsx"
    return write_return_workbook(path, load_framework("2567"), filling)


def test_from_last_year_lists_its_measures_to_report_on(
    last_year: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    out = tmp_path / "r2568.xlsx"
    assert main(["new", str(out), "--from", str(last_year)]) == 0
    err = capsys.readouterr().err
    assert "ITA-C107" in err  # the source's problem is listed, not copied in silently
    book = openpyxl.load_workbook(out)
    form = {r[0]: r[1] for r in book["ข้อมูลหน่วยงาน"].iter_rows(min_row=4, values_only=True)}
    assert form["ชื่อหน่วยงาน"] == "องค์การบริหารส่วนตำบลบ้านสวน"
    assert form["ปีงบประมาณ (พ.ศ.)"] == 2568 and form["รอบการรายงาน"] == "๑๒ เดือน"
    assert form["วันที่จัดทำรายงาน"] is None  # this year's date is this year's to type
    carried = [r[:3] for r in book[FOLLOW].iter_rows(min_row=4, max_row=5, values_only=True)]
    assert carried == [("M01", "มาตรการเผยแพร่ข้อมูลต่อสาธารณะ", "๑๒ เดือน"),
                       ("M02", "มาตรการประเมินความเสี่ยงการทุจริต", "๑๒ เดือน")]  # fmt: skip
    assert [c.value for c in book[MEAS]["B"][3:5]] == [None, None]  # this year's are new
    units = [c.value for c in book["_lists"]["F"][:2]]
    assert units == ["lst_units", "สำนักปลัด"]


def test_same_year_framework_carries_measures_only_when_asked(last_year: Path,
                                                              tmp_path: Path) -> None:  # fmt: skip
    plain, asked = tmp_path / "plain.xlsx", tmp_path / "asked.xlsx"
    assert main(["new", str(plain), "--from", str(last_year), "--year", "2567"]) == 0
    assert main(["new", str(asked), "--from", str(last_year), "--year", "2567",
                 "--carry-measures"]) == 0  # fmt: skip
    assert openpyxl.load_workbook(plain)[MEAS]["B4"].value is None
    measures = openpyxl.load_workbook(asked)[MEAS]
    assert measures["B4"].value == "มาตรการเผยแพร่ข้อมูลต่อสาธารณะ" and measures["H4"].value is None


# The FY2568 return filled: its FY2568 measures, and FY2567 results on ติดตามผล (one period is
# FY2565: a wrong year, which must still be found).
RESULTS = rows("""
code | measure                            | round    | details                                   | period              | output           | outcome              | status               | evidence_url
M01  | มาตรการเผยแพร่ข้อมูลต่อสาธารณะ     | ๑๒ เดือน | ปรับปรุงเว็บไซต์ตามแผนปีงบประมาณ ๒๕๖๗     | ต.ค. ๖๖ - ก.ย. ๖๗   | เว็บไซต์ครบ      | ประชาชนเข้าถึงข้อมูล  | ดำเนินการแล้วเสร็จ   | https://www.bansuan.go.th/ita/o28-m01
M02  | มาตรการประเมินความเสี่ยงการทุจริต  | ๑๒ เดือน | ประเมินความเสี่ยง ๑๒ กระบวนงาน            | มีนาคม ๒๕๖๕         | รายงานความเสี่ยง | มีแผนบริหารความเสี่ยง | ดำเนินการแล้วเสร็จ   | https://www.bansuan.go.th/ita/o28-m02
""")


@pytest.fixture(scope="module")
def filled_2568(last_year: Path, tmp_path_factory: pytest.TempPathFactory) -> Path:
    from ita_xl.workbook.carry import carry_forward

    framework = load_framework("2568")
    filling = carry_forward(last_year, framework).filling
    filling.info.update(prepared_on="๓๐ เม.ย. ๒๕๖๘", phone="038 123 456")  # the officer fixes it
    filling.measures = [dict(m, start="๑ ต.ค. ๒๕๖๗", end="๓๐ ก.ย. ๒๕๖๘")
                        for m in clean_filling().measures]  # fmt: skip
    filling.followups = RESULTS
    path = tmp_path_factory.mktemp("fy2568") / "r2568.xlsx"
    return write_return_workbook(path, framework, filling)


def test_last_years_results_are_judged_against_last_year(filled_2568: Path) -> None:
    found = {(f.code, f.sheet, f.cell) for f in validate(filled_2568).findings}
    assert found == {("ITA-R311", FOLLOW, "E5")}  # the FY2565 period; FY2567 ones are right


def test_the_report_names_both_years(filled_2568: Path, tmp_path: Path) -> None:
    import docx

    out = tmp_path / "report.docx"
    assert main(["report", str(filled_2568), "-o", str(out), "--force"]) == 0
    text = "\n".join(p.text for p in docx.Document(str(out)).paragraphs)
    assert "(O27) ปีงบประมาณ พ.ศ. ๒๕๖๘" in text and "(O28) ปีงบประมาณ พ.ศ. ๒๕๖๗" in text
    assert "รายงานผลการดำเนินการของปีงบประมาณ พ.ศ. ๒๕๖๗" in text
    cells = {c.text for t in docx.Document(str(out)).tables for r in t.rows for c in r.cells}
    assert "M02 มาตรการประเมินความเสี่ยงการทุจริต" in cells  # last year's measure, by name


def test_the_example_carried_forward_validates_clean() -> None:
    report = validate(CARRIED / "nonsaard_2568_carried.xlsx")
    assert report.findings == [] and report.fiscal_year == 2568
    assert [f.text("measure") for f in report.ret.followups] == [  # type: ignore[union-attr]
        "มาตรการเผยแพร่ข้อมูลต่อสาธารณะ", "มาตรการประเมินความเสี่ยงการทุจริต",
        "มาตรการป้องกันการใช้ทรัพย์สินของราชการเพื่อประโยชน์ส่วนตน"]  # fmt: skip


def test_returns_of_several_years_roll_up_by_year(tmp_path: Path) -> None:
    result = rollup([CARRIED], year=2568, jobs=1)
    statuses = {Path(e.file or "").name: e.status for e in result.register_entries}
    assert statuses == {"nonsaard_2568_carried.xlsx": "ผ่าน",
                        "nonsaard_2567_12m.xlsx": "มีข้อผิดพลาด"}  # F404: another year  # fmt: skip
    assert result.summary["followups"] == 3
    summary = openpyxl.load_workbook(result.to_excel(tmp_path / "s.xlsx"))
    line = summary["สรุปภาพรวม"]["A2"].value
    assert "ita-2568" in line and "ยังไม่ยืนยัน" in line and "O28 ของปีงบประมาณ ๒๕๖๗" in line
    assert rollup([CARRIED], year=2567, jobs=1).summary["measures"] == 3


def _year_typed(path: Path, year: str, dated: bool) -> Path:
    """A FY2566 return (``_meta`` says 2566) on which the officer typed another year in the
    form, its measures' dates kept (FY2566) or cleared."""
    filling = clean_filling()
    if not dated:
        for measure in filling.measures:
            measure.pop("start", None), measure.pop("end", None)
        for followup in filling.followups:
            followup["period"] = "ตลอดปี"
    write_return_workbook(path, load_framework("2566"), filling)
    book = openpyxl.load_workbook(path)
    assert book["ข้อมูลหน่วยงาน"]["A9"].value.startswith("ปีงบประมาณ")
    book["ข้อมูลหน่วยงาน"]["B9"] = year
    book.save(path)
    return path


def test_a_year_typed_only_in_the_form_is_r307_and_every_command_agrees(tmp_path: Path) -> None:
    # the form says 2565; the template and every date say 2566: the return is read as 2566
    typed = _year_typed(tmp_path / "typed.xlsx", "๒๕๖๕", dated=True)
    report = validate(typed)
    r307 = [(f.sheet, f.cell, f.value) for f in report.findings if f.code == "ITA-R307"]
    assert ("ข้อมูลหน่วยงาน", "B9", "๒๕๖๕") in r307
    assert report.fiscal_year == 2566
    summary = rollup([typed])
    assert summary.fiscal_year == 2566 and summary.framework.id == "ita-2566"
    assert not [f for _, _, f in summary.file_findings if f.code == "ITA-F404"]


def test_a_year_no_framework_covers_is_judged_by_one_framework_everywhere(tmp_path: Path) -> None:
    # nothing but the form says 2565 against the template's 2566 (a tie): read as typed; the
    # checks and the roll-up both use the framework that applies to 2565 (the first, ita-2566)
    typed = _year_typed(tmp_path / "typed.xlsx", "๒๕๖๕", dated=False)
    from ita_xl.checking.rules import framework_of

    report = validate(typed)
    assert report.fiscal_year == 2565 and report.ret is not None
    assert framework_of(report.ret).id == "ita-2566"
    summary = rollup([typed])
    assert summary.fiscal_year == 2565 and summary.framework.id == "ita-2566"
