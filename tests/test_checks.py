"""Every finding code at its exact cell: a clean return with one planted mistake at a time.

The clean return is written as tables in ``support/tables.py``; each case below changes what an
officer would change and names the code and the cell the checks must point at.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import replace
from pathlib import Path
from typing import Any

import pytest

from ita_xl.checking.rules import CHECKS, context_for
from ita_xl.checking.validation import validate
from ita_xl.model import Return, Unread
from ita_xl.reading.read import read_return
from ita_xl.workbook.template import Filling, Formula

from .support.tables import clean_filling, rows, write_return

Change = Callable[[Filling], None]


def _info(**values: Any) -> Change:
    def change(filling: Filling) -> None:
        filling.info.update(values)

    return change


def _measure(index: int, **values: Any) -> Change:
    def change(filling: Filling) -> None:
        filling.measures[index].update(values)

    return change


def _followup(index: int, **values: Any) -> Change:
    def change(filling: Filling) -> None:
        filling.followups[index].update(values)

    return change


def _indicator(number: int, **values: Any) -> Change:
    def change(filling: Filling) -> None:
        filling.indicators.setdefault(number, {}).update(values)

    return change


def _add_followup(**values: Any) -> Change:
    def change(filling: Filling) -> None:
        filling.followups.append(values)

    return change


def _drop_followups(code: str) -> Change:
    def change(filling: Filling) -> None:
        filling.followups[:] = [f for f in filling.followups if f["code"] != code]

    return change


def _drop_measures() -> Change:
    def change(filling: Filling) -> None:
        filling.measures.clear()
        filling.followups.clear()

    return change


def _no_followups_in_round(round_: str) -> Change:
    def change(filling: Filling) -> None:
        filling.info["round"] = round_
        filling.followups.clear()

    return change


def _findings(tmp_path: Path, change: Change | None = None, units: tuple[str, ...] = ()
              ) -> set[tuple[str, str | None, str | None]]:  # fmt: skip
    filling = clean_filling()
    if change:
        change(filling)
    report = validate(write_return(tmp_path / "return.xlsx", filling), units=units)
    return {(f.code, f.sheet, f.cell) for f in report.findings}


def test_the_clean_return_has_no_finding(tmp_path: Path) -> None:
    assert _findings(tmp_path) == set()


INFO, IND, MEAS, FOLLOW = "ข้อมูลหน่วยงาน", "ตัวชี้วัด", "มาตรการ", "ติดตามผล"

# (what the officer did, code, sheet, cell)
PLANTED: list[tuple[str, Change, str, str, str]] = [
    ("no preparer", _info(preparer=""), "ITA-C101", INFO, "B11"),
    ("no approach", _measure(1, approach=""), "ITA-C101", MEAS, "D5"),
    ("no measure name", _measure(1, measure=""), "ITA-C101", MEAS, "B5"),
    ("no follow-up code or round", _followup(2, code="", round=""), "ITA-C101", FOLLOW, "A6"),
    ("no follow-up details", _followup(2, details=""), "ITA-C101", FOLLOW, "C6"),
    ("org type abbreviated", _info(org_type="อบต."), "ITA-C102", INFO, "B5"),
    ("province misspelt", _info(province="ชลบุรี่"), "ITA-C102", INFO, "B8"),
    ("round of 5 months", _info(round="๕ เดือน"), "ITA-C102", INFO, "B10"),
    ("indicator 11", _measure(0, indicator="11"), "ITA-C102", MEAS, "C4"),
    ("a 1-month schedule", _measure(0, schedule="รอบ ๑ เดือน - รอบ ๖ เดือน"), "ITA-C102", MEAS,
     "G4"),
    ("status typed freely", _followup(1, status="เสร็จแล้ว"), "ITA-C102", FOLLOW, "G5"),
    ("follow-up round 4", _followup(0, round="๔ เดือน"), "ITA-C102", FOLLOW, "B4"),
    ("start date in words", _measure(0, start="ต้นปีงบประมาณ"), "ITA-C103", MEAS, "H4"),
    ("31 February", _info(prepared_on="๓๑ ก.พ. ๒๕๖๖"), "ITA-C103", INFO, "B15"),
    ("year 2550", _info(fiscal_year="๒๕๕๐"), "ITA-C104", INFO, "B9"),
    ("score 105", _indicator(9, last_score=105), "ITA-C104", IND, "D12"),
    ("score in words", _indicator(10, last_score="ดีมาก"), "ITA-C104", IND, "D13"),
    ("link without http", _followup(1, evidence_url="www.bansuan.go.th/ita"), "ITA-C105", FOLLOW,
     "H5"),
    ("#DIV/0! from a formula", _followup(2, output=Formula("=1/0", "#DIV/0!")), "ITA-C106",
     FOLLOW, "E6"),
    ("a formula for text", _followup(1, outcome=Formula("=C5", "ok")), "ITA-C106", FOLLOW, "F5"),
    ("phone of 5 digits", _info(phone="12345"), "ITA-C107", INFO, "B13"),
    ("e-mail without domain", _info(email="saraban@bansuan"), "ITA-C107", INFO, "B14"),
    ("Christian-era fiscal year", _info(fiscal_year="2023"), "ITA-T201", INFO, "B9"),
    ("Christian-era date", _measure(1, start="1/10/2022"), "ITA-T201", MEAS, "H5"),
    ("Christian-era period", _followup(2, period="มี.ค. 2023"), "ITA-T201", FOLLOW, "D6"),
    ("Christian-era year in text", _measure(0, approach="เผยแพร่ข้อมูลปีงบประมาณ 2023"),
     "ITA-T201", MEAS, "D4"),
    ("เ+เ typed for แ", _measure(0, measure="มาตรการเเก้ไขปัญหา"), "ITA-T202", MEAS, "B4"),
    ("zero-width space", _measure(1, steps="จัดประชุม\u200bคณะทำงาน"), "ITA-T202", MEAS, "E5"),
    ("unknown measure code", _followup(0, code="M09"), "ITA-R301", FOLLOW, "A4"),
    ("code used twice", _measure(1, code="M01"), "ITA-R302", MEAS, "A5"),
    ("measure repeated", _measure(1, measure="มาตรการเผยแพร่ข้อมูล ต่อสาธารณะ"), "ITA-R303",
     MEAS, "B5"),
    ("measure never followed up", _drop_followups("M02"), "ITA-R304", MEAS, "A5"),
    ("weak indicator without measure", _indicator(8, to_develop="ปรับปรุงขั้นตอน"), "ITA-R305",
     IND, "A11"),
    ("low score without measure", _indicator(3, last_score="๗๐"), "ITA-R305", IND, "A6"),
    ("another agency's name", _measure(0, steps="ใช้แนวทางของอบต.หนองปลาไหล"), "ITA-R306",
     MEAS, "E4"),
    ("another year", _measure(0, approach="ตามแผนปีงบประมาณ ๒๕๖๗"), "ITA-R307", MEAS, "D4"),
    ("done without output", _followup(1, output=""), "ITA-R308", FOLLOW, "E5"),
    ("done without outcome", _followup(2, outcome=""), "ITA-R308", FOLLOW, "F6"),
    ("done without link", _followup(2, evidence_url=""), "ITA-R309", FOLLOW, "H6"),
    ("same round twice", _add_followup(code="M02", round="๑๒ เดือน", details="ซ้ำ",
     period="มี.ค. ๖๖", status="อยู่ระหว่างดำเนินการ"), "ITA-R310", FOLLOW, "A7"),
    ("period a year early", _followup(0, period="ต.ค. ๖๔ - มี.ค. ๖๕"), "ITA-R311", FOLLOW, "D4"),
    ("end date next year", _measure(1, end="30/9/2567"), "ITA-R311", MEAS, "I5"),
    ("only the form filled", _drop_measures(), "ITA-C108", MEAS, "A3"),
    ("a 6-month return without follow-ups", _no_followups_in_round("๖ เดือน"), "ITA-C108",
     FOLLOW, "A3"),
]  # fmt: skip


@pytest.fixture(scope="module")
def planted_returns(tmp_path_factory: pytest.TempPathFactory) -> Callable[[int], Path]:
    """Each planted case's return, written once for every test of this module."""
    folder = tmp_path_factory.mktemp("planted")
    written: dict[int, Path] = {}

    def path_of(index: int) -> Path:
        if index not in written:
            filling = clean_filling()
            PLANTED[index][1](filling)
            written[index] = write_return(folder / f"{index}.xlsx", filling)
        return written[index]

    return path_of


@pytest.mark.parametrize(("index", "code", "sheet", "cell"),
                         [(i, *p[2:]) for i, p in enumerate(PLANTED)],
                         ids=[p[0] for p in PLANTED])  # fmt: skip
def test_a_planted_mistake_is_found_at_its_cell(
    planted_returns: Callable[[int], Path], index: int, code: str, sheet: str, cell: str
) -> None:
    found = {(f.code, f.sheet, f.cell) for f in validate(planted_returns(index)).findings}
    assert (code, sheet, cell) in found


def test_every_cell_code_has_a_planted_case() -> None:
    from ita_xl.checking.findings import RULES

    # R312 needs units, R313/R314 last year's return: below
    planted = {p[2] for p in PLANTED} | {"ITA-R312", "ITA-R313", "ITA-R314"}
    content_codes = {r.code for r in RULES if r.code[4] in "CTR"}
    assert content_codes <= planted


def test_a_unit_not_in_the_configured_list(tmp_path: Path) -> None:
    found = _findings(tmp_path, _measure(0, responsible="กองช่าง"), units=("สำนักปลัด", "กองคลัง"))
    assert ("ITA-R312", MEAS, "F4") in found
    assert not any(code == "ITA-R312" and cell != "F4" for code, _, cell in found)


def test_a_christian_era_year_is_one_error_not_two(tmp_path: Path) -> None:
    found = _findings(tmp_path, _info(fiscal_year="2023"))
    assert ("ITA-C104", INFO, "B9") not in found
    assert {c for c, _, _ in found} == {"ITA-T201"}  # the year is still understood as 2566


def test_own_organisation_abbreviated_is_not_another(tmp_path: Path) -> None:
    change = _measure(0, steps="อบต.บ้านสวนจัดประชุม และแจ้งเทศบาลทุกแห่ง ในอำเภอ")
    assert _findings(tmp_path, change) == set()


def test_last_years_assessment_may_be_named(tmp_path: Path) -> None:
    change = _indicator(9, weaknesses="ผลการประเมิน ITA ประจำปีงบประมาณ ๒๕๖๕ ต่ำกว่าเกณฑ์")
    assert _findings(tmp_path, change) == set()


def test_a_plan_spanning_the_year_is_not_another_year(tmp_path: Path) -> None:
    change = _measure(0, approach="ตามแผนพัฒนาท้องถิ่น ปีงบประมาณ ๒๕๖๖-๒๕๗๐")
    assert _findings(tmp_path, change) == set()


def test_messages_say_where_and_how_in_thai_and_english(tmp_path: Path) -> None:
    filling = clean_filling()
    _info(fiscal_year="2023")(filling)
    report = validate(write_return(tmp_path / "r.xlsx", filling))
    (finding,) = report.findings
    assert finding.to_dict() == {
        "code": "ITA-T201", "severity": "error", "sheet": INFO, "cell": "B9", "row": 9,
        "column": 2, "value": "2023",
        "message_th": "'ปีงบประมาณ (พ.ศ.)' ที่ ชีต 'ข้อมูลหน่วยงาน' เซลล์ B9 ใช้ปี ค.ศ. 2023 "
                      "ให้ใช้ปี พ.ศ. 2566 แทน",
        "message_en": "'Fiscal year (B.E.)' at 'ข้อมูลหน่วยงาน'!B9 uses the Christian-era year "
                      "2023; use the Buddhist era, 2566",
    }  # fmt: skip
    assert (report.status, report.organisation, report.fiscal_year) == (
        "error", "องค์การบริหารส่วนตำบลบ้านสวน", 2566)  # fmt: skip


# --- results against last year's measures (FY2568 on: results cover the previous year) ----------

LAST_YEAR_MEASURES = rows("""
code | measure                              | indicator | approach          | steps              | responsible | schedule
M01  | มาตรการเผยแพร่ข้อมูลต่อสาธารณะ       | ๙         | เผยแพร่ข้อมูล     | ปรับปรุงเว็บไซต์   | สำนักปลัด   | ๑๒ เดือน
M02  | มาตรการประเมินความเสี่ยงการทุจริต   | 10        | ประเมินความเสี่ยง | ประชุมคณะทำงาน     | สำนักปลัด   | ๑๒ เดือน
M03  | มาตรการจัดการเรื่องร้องเรียน          | ๘         | รับเรื่องร้องเรียน | ตั้งช่องทางออนไลน์ | สำนักปลัด   | ๑๒ เดือน
""")

# this year's results (FY2568 reports on FY2567): M02 not reported, M07 never declared
THIS_YEAR_RESULTS = rows("""
code | round    | details                 | period              | output         | outcome          | status
M01  | ๑๒ เดือน | ปรับปรุงเว็บไซต์แล้ว   | ต.ค. ๖๖ - ก.ย. ๖๗  | เว็บไซต์ใหม่   | เข้าถึงข้อมูลได้ | ดำเนินการแล้วเสร็จ
M03  | ๑๒ เดือน | เปิดช่องทางออนไลน์     | ต.ค. ๖๖ - ก.ย. ๖๗  | ช่องทางออนไลน์ | ร้องเรียนสะดวก   | ดำเนินการแล้วเสร็จ
M07  | ๑๒ เดือน | จัดอบรมเจ้าหน้าที่      | ต.ค. ๖๖ - ก.ย. ๖๗  | อบรม ๒ ครั้ง   | เข้าใจมากขึ้น    | ดำเนินการแล้วเสร็จ
""")


def test_results_are_for_the_measures_declared_last_year(tmp_path: Path) -> None:
    from ita_xl.checking.rules.last_year import results_against_last_year
    from ita_xl.frameworks import load_framework
    from ita_xl.reading.read import read_return
    from ita_xl.workbook.template import write_return_workbook

    last_filling = clean_filling()
    last_filling.info["fiscal_year"], last_filling.measures = "๒๕๖๗", LAST_YEAR_MEASURES
    last_filling.followups = []
    last = write_return_workbook(tmp_path / "2567.xlsx", load_framework("2567"), last_filling)
    this_filling = clean_filling()
    this_filling.info["fiscal_year"], this_filling.followups = "๒๕๖๘", THIS_YEAR_RESULTS
    this = write_return_workbook(tmp_path / "2568.xlsx", load_framework("2568"), this_filling)
    found = results_against_last_year(read_return(this), read_return(last), load_framework("2568"))
    assert [(f.code, f.sheet, f.cell, f.value) for f in found] == [
        ("ITA-R313", FOLLOW, "A3", "M02"),
        ("ITA-R314", FOLLOW, "A6", "M07"),
    ]
    assert "มาตรการประเมินความเสี่ยงการทุจริต" in found[0].message_th and "๒๕๖๗" in found[0].message_th
    # results of the same year (FY2567 and before): R301/R304 judge them, not these
    assert (
        results_against_last_year(read_return(last), read_return(last), load_framework("2567"))
        == []
    )


# --- every check keeps to the codes it declares, and every declared code has a case -------------

# What the reader hands the checks for files officers broke (each is read from a real file in
# test_read, test_safety and test_batch_safety; here only the checks' own declarations matter).
READ_AS: list[tuple[str, Callable[[Return], Return]]] = [
    ("a sheet deleted", lambda r: replace(r, missing_sheets=[FOLLOW])),
    ("no _meta", lambda r: replace(r, meta=None)),
    ("an older template", lambda r: replace(r, meta={**(r.meta or {}), "schema_version": "0"})),
    ("a header renamed", lambda r: replace(r, missing_labels={MEAS: ["มาตรการ"]})),
    ("a sheet over the limits", lambda r: replace(r, over_limit={"ข้อมูล": ("ใหญ่", "large")})),
    ("saved as .ods", lambda r: replace(r, format="ods")),
    ("a value beside the table", lambda r: replace(r, unread=[Unread(MEAS, "beside", None, ((9, 12),))])),
    ("the form's year against _meta", lambda r: replace(r, year_conflict=(2567, 2566))),
]  # fmt: skip


def _emitted_by_check(ret: Return, units: tuple[str, ...] = ()) -> list[tuple[str, str]]:
    ctx = context_for(ret, units=units)
    return [(registered.name, f.code) for registered in CHECKS for f in registered.run(ret, ctx)]


def test_every_check_emits_only_its_declared_codes_and_every_code_has_a_case(
    tmp_path: Path, planted_returns: Callable[[int], Path]
) -> None:
    emitted: list[tuple[str, str]] = []
    for index in range(len(PLANTED)):
        emitted += _emitted_by_check(read_return(planted_returns(index)))
    clean = read_return(write_return(tmp_path / "clean.xlsx"))
    emitted += _emitted_by_check(clean, units=("กองคลัง",))  # ITA-R312
    for _, read_as in READ_AS:
        emitted += _emitted_by_check(read_as(clean))
    declared = {registered.name: registered.codes for registered in CHECKS}
    undeclared = {(name, code) for name, code in emitted if code not in declared[name]}
    assert undeclared == set()
    never_emitted = set().union(*declared.values()) - {code for _, code in emitted}
    assert never_emitted == set()
