"""The ``ตรวจสอบ`` sheet: formulas that count what ``ita-xl validate`` counts, with no macro.

Returns with planted mistakes are written, some edited further in LibreOffice Calc over UNO the
way officers work (rows inserted above, between and below the template's rows), recalculated by
LibreOffice and read back by python-calamine (a reader we did not write). For every live code
the count on ``ตรวจสอบ`` must equal the number of findings validate reports, and the first cell
it names must be validate's first; a clean return shows ``ผ่าน``. Both kinds of framework are
covered: FY2567 reports results of the same year, FY2570 of the previous one.
"""

from __future__ import annotations

import random
from collections import Counter
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path

import pytest
from python_calamine import CalamineWorkbook

from ita_xl import spec, thai
from ita_xl.frameworks import load_framework
from ita_xl.livechecks import LIVE_CODES, RESULT_LABEL, TABLE_HEADER
from ita_xl.model import column_letter
from ita_xl.template import Filling, write_return_workbook
from ita_xl.validation import validate

from .support.clients import calc
from .support.tables import form, rows

INFO, INDICATORS, MEAS, FOLLOW = (spec.INFO.name, spec.INDICATORS.name, spec.MEASURES.name,
                                  spec.FOLLOWUPS.name)  # fmt: skip
SHEET_ORDER = (INFO, INDICATORS, MEAS, FOLLOW)
YEARS = (2567, 2570)  # results of the same year; of the previous year
PREVIOUS_YEAR_SILENT = {"ITA-R301", "ITA-R304"}
"""Last year's measures are not on this year's sheet: validate does not raise these then."""

# --- a clean return of a year ------------------------------------------------------------------


def _th(year: int) -> str:
    return thai.to_thai_digits(str(year))


def clean(year: int) -> Filling:
    """Clean for validate: the measures' dates in the year, the follow-ups' periods in the year
    the results are about."""
    framework = load_framework(str(year))
    about = year - 1 if framework.results_year == "previous" else year
    info = form(f"""
    org_name    | เทศบาลตำบลหนองบัว
    org_type    | เทศบาลตำบล
    province    | อุดรธานี
    fiscal_year | {_th(year)}
    round       | ๑๒ เดือน
    preparer    | นายสมชาย ใจงาม
    prepared_on | ๒๐ ก.ย. {_th(year)}
    """)
    measures = rows(f"""
    code | measure                         | indicator | approach                 | steps                    | responsible | schedule       | start               | end
    M01  | มาตรการเปิดเผยข้อมูลสาธารณะ    | 9         | เผยแพร่ข้อมูลครบทุกหัวข้อ | ๑. ทบทวน\\n๒. ปรับปรุง  | สำนักปลัด   | ๖ และ ๑๒ เดือน | ๑ ต.ค. {_th(year - 1)} | ๓๐ ก.ย. {_th(year)}
    M02  | มาตรการป้องกันการรับสินบน      | ๓         | ประกาศเจตนารมณ์          | จัดกิจกรรมประกาศเจตนารมณ์ | กองคลัง     | ๑๒ เดือน       | ·                   | ·
    """)
    followups = rows(f"""
    code | round    | details                 | period                         | output              | outcome               | status               | evidence_url
    M01  | ๖ เดือน  | ทบทวนข้อมูลบนเว็บไซต์   | ต.ค. {_th(about - 1)[2:]} - มี.ค. {_th(about)[2:]} | ข้อมูลครบ ๓๓ รายการ | ประชาชนเข้าถึงข้อมูล  | อยู่ระหว่างดำเนินการ | ·
    M01  | ๑๒ เดือน | ปรับปรุงเว็บไซต์        | ต.ค. {_th(about - 1)[2:]} - ก.ย. {_th(about)[2:]}  | เว็บไซต์ใหม่        | ประชาชนเข้าถึงข้อมูล  | ดำเนินการแล้วเสร็จ   | https://nongbua.go.th/ita
    M02  | ๑๒ เดือน | ประกาศเจตนารมณ์         | ธันวาคม {_th(about - 1)}       | ประกาศ ๑ ฉบับ       | บุคลากรรับทราบ        | ดำเนินการแล้วเสร็จ   | https://nongbua.go.th/no-gift
    """)  # fmt: skip
    return Filling(info=info, measures=measures, followups=followups)


# --- planted mistakes, as an officer types them --------------------------------------------------
#
# ``where`` is ``info.KEY``, ``indicators[N].KEY`` or ``measures[I].KEY`` / ``followups[I].KEY``
# (I counts rows from 0 and may go past the clean rows: the row is added). ``typed`` is the text
# typed; ``∅`` leaves the cell empty, ``␠`` is a space, ``ZW`` a zero-width space, ``#12`` the
# number 12, ``@2026-03-15`` a real date.


def _value(typed: str) -> object:
    if typed == "∅":
        return None
    if typed.startswith("#"):
        return float(typed[1:]) if "." in typed else int(typed[1:])
    if typed.startswith("@"):
        return date.fromisoformat(typed[1:])
    return typed.replace("␠", " ").replace("ZW", "\u200b").replace("\\n", "\n")


def plant(filling: Filling, table: str) -> Filling:
    for line in table.strip().splitlines():
        where, _, typed = (part.strip() for part in line.partition("|"))
        value = _value(typed)
        part, _, key = where.partition(".")
        if part == "info":
            target = filling.info
        elif part.startswith("indicators["):
            target = filling.indicators.setdefault(int(part[11:-1]), {})
        else:
            name, index = part[:-1].split("[")
            records = filling.measures if name == "measures" else filling.followups
            while len(records) <= int(index):
                records.append({})
            target = records[int(index)]
        if value is None:
            target.pop(key, None)
        else:
            target[key] = value
    return filling


@dataclass
class Case:
    name: str
    planted: str
    expect: set[str] = field(default_factory=set)
    """Live codes the mistakes must raise (the comparison with validate covers the counts)."""
    steps: list[list[object]] = field(default_factory=list)
    """Further edits in Calc over UNO, before LibreOffice recalculates."""


CASES = [
    Case("clean", ""),
    Case("required cells left empty, or given a placeholder", """
        info.org_name           | ∅
        info.province           | -
        info.preparer           | ␠
        info.prepared_on        | ZW
        measures[0].approach    | ไม่มี
        measures[1].responsible | ∅
        followups[0].details    | -
        followups[2].status     | ∅
        followups[2].period     | n/a
    """, {"ITA-C101"}),
    Case("choices and numbers out of their lists", """
        info.round                | ๑๓ เดือน
        info.org_type             | อบจ. ของเรา
        indicators[9].last_score  | 120
        indicators[10].last_score | #-5
        indicators[1].last_score  | ๘๕.๕
        indicators[2].last_score  | เก้าสิบ
        measures[1].indicator     | ตัวชี้วัดที่ ๔๒
        measures[0].schedule      | ๕ เดือน
        followups[0].round        | ๒ เดือน
        followups[1].status       | เสร็จแล้ว
    """, {"ITA-C102", "ITA-C104"}),
    Case("codes: followed up but missing, repeated, reported twice", """
        measures[2].code        | m 01
        measures[2].measure     | มาตรการซ้ำจากปีที่แล้ว
        measures[2].indicator   | ๙ การเปิดเผยข้อมูล
        measures[2].approach    | แนวทาง
        measures[2].steps       | ขั้นตอน
        measures[2].responsible | สำนักปลัด
        measures[2].schedule    | ๑๒ เดือน
        followups[2].code       | M๐๙
        followups[3].code       | M01
        followups[3].round      | ๑๒ เดือน
        followups[3].details    | รายงานซ้ำ
        followups[3].period     | ทั้งปี
        followups[3].status     | อยู่ระหว่างดำเนินการ
    """, {"ITA-R301", "ITA-R302", "ITA-R310"}),
    Case("done without output, outcome or evidence; a measure left unreported", """
        followups[1].output       | ∅
        followups[1].outcome      | -
        followups[2].evidence_url | ∅
        followups[2].output       | ∅
        followups[2].outcome      | ∅
        followups[2].code         | M01
        measures[2].code          | M03
        measures[2].measure       | มาตรการที่ยังไม่รายงาน
        measures[2].indicator     | #4
        measures[2].approach      | แนวทาง
        measures[2].steps         | ขั้นตอน
        measures[2].responsible   | กองช่าง
        measures[2].schedule      | ๑๒ เดือน
    """, {"ITA-R308", "ITA-R309", "ITA-R310"}),
    Case("a Word paste: paragraphs as rows, codes with Thai digits, dates typed as text", """
        measures[1].code         | M๐๒
        measures[2].steps        | ต่อจากย่อหน้าก่อน
        measures[3].steps        | ย่อหน้าที่สาม
        measures[3].responsible  | กองคลัง
        followups[3].details     | ย่อหน้าต่อ
        followups[0].period      | ๑๕ มี.ค. ๖๙
        info.prepared_on         | @2026-09-20
        info.fiscal_year         | #{year}
    """),
    Case("rows inserted in Calc: at the first data row, between records, below the template", "", {
        "ITA-C101", "ITA-R301", "ITA-R302"}, steps=[
        ["unprotect", MEAS], ["insert_rows", MEAS, 4, 1],
        ["text", MEAS, "A4", "M02"], ["text", MEAS, "B4", "มาตรการที่แทรกไว้บนสุด"],
        ["unprotect", FOLLOW], ["insert_rows", FOLLOW, 5, 2],
        ["text", FOLLOW, "A5", "M07"], ["text", FOLLOW, "C5", "๑๒ เดือน"],
        ["text", FOLLOW, "D6", "ย่อหน้าที่ต่อจากแถวบน"],
        ["insert_rows", FOLLOW, 200, 100],
        ["text", FOLLOW, "A290", "M08"], ["text", FOLLOW, "D290", "รายงานท้ายตาราง"],
    ]),
]  # fmt: skip


# --- random returns: many mistakes at once --------------------------------------------------------

TYPED = {
    "code": ["M01", "M02", "M03", "M๐๑", "m02", "M 3", "M1", "M001", "X9", "-", "", "01", "M๑๐"],
    "indicator": ["9", "๓", "ตัวชี้วัดที่ 4", "๔ การใช้ทรัพย์สินของราชการ", "42", "การใช้อำนาจ", "",
                  "-", "0", "๑๐"],
    "schedule": ["๑๒ เดือน", "๖ และ ๑๒ เดือน", "3,6,9,12", "๑๓ เดือน", "ทุกไตรมาส", "", "6/12"],
    "round": ["๖ เดือน", "๑๒ เดือน", "รอบ ๑๒ เดือน", "12", "๔ เดือน", "", "-"],
    "status": ["ดำเนินการแล้วเสร็จ", "อยู่ระหว่างดำเนินการ", "ยังไม่ได้ดำเนินการ", "เสร็จ", "", "-"],
    "text": ["ข้อความ", "", "-", "ไม่มี", " ", "\u200b", "ดำเนินการ\nต่อเนื่อง", "N/A", "๐"],
    "url": ["https://x.go.th/a", "", "-", "www.x.go.th"],
    "score": ["90", "๘๕", "120", "-1", "ไม่มี", "", "85.5"],
}  # fmt: skip
_KIND = {"code": "code", "indicator": "indicator", "schedule": "schedule", "round": "round",
         "status": "status", "evidence_url": "url", "last_score": "score"}  # fmt: skip


def random_filling(year: int, seed: int) -> Filling:
    """A clean return with 6–14 cells retyped from ``TYPED``: mistakes, habits and continuations."""
    chance = random.Random(seed)
    filling = clean(year)
    keys = {"measures": [f.key for f in spec.MEASURES.fields],
            "followups": [f.key for f in spec.FOLLOWUPS.fields]}  # fmt: skip
    for _ in range(chance.randint(6, 14)):
        table = chance.choice(["info", "indicators", "measures", "followups", "followups"])
        if table == "info":
            key = chance.choice([f.key for f in spec.INFO.fields])
            filling.info[key] = chance.choice(TYPED["round" if key == "round" else "text"])
            continue
        if table == "indicators":
            number = chance.randint(1, 10)
            filling.indicators.setdefault(number, {})["last_score"] = chance.choice(TYPED["score"])
            continue
        records = getattr(filling, table)
        index = chance.randint(0, len(records) + 1)
        while len(records) <= index:
            records.append({})
        key = chance.choice(keys[table])
        records[index][key] = chance.choice(TYPED[_KIND.get(key, "text")])
    return filling


RANDOM_SEEDS = range(6)


# --- the batch: written, edited, recalculated once ------------------------------------------------


@dataclass
class Made:
    path: Path
    year: int
    case: Case | None


@pytest.fixture(scope="module")
def recalculated(tmp_path_factory: pytest.TempPathFactory) -> list[Made]:
    work = tmp_path_factory.mktemp("live")
    made: list[Made] = []
    recipes: list[dict[str, object]] = []
    for year in YEARS:
        framework = load_framework(str(year))
        fillings: list[tuple[str, Filling, Case | None]] = [
            (f"case{i}", plant(clean(year), c.planted.replace("{year}", str(year))), c)
            for i, c in enumerate(CASES)
        ]
        fillings += [(f"random{s}", random_filling(year, s * 100 + year), None) for s in RANDOM_SEEDS]
        for name, filling, case in fillings:
            source = write_return_workbook(work / f"{year}_{name}_source.xlsx", framework, filling)
            target = work / f"{year}_{name}.xlsx"
            steps = case.steps if case else []
            recipes.append({"source": str(source), "target": str(target),
                            "steps": [*steps, ["recalculate"]]})  # fmt: skip
            made.append(Made(target, year, case))
    calc(recipes, work, processes=2)
    return made


def live_table(path: Path) -> tuple[str, dict[str, tuple[int, str]]]:
    """(result, {code: (count, first cell)}) as a reader we did not write sees ``ตรวจสอบ``."""
    cells = CalamineWorkbook.from_path(str(path)).get_sheet_by_name(spec.CHECKS_SHEET).to_python()
    (result_row,) = [r for r in cells if r and r[0] == RESULT_LABEL]
    header = next(i for i, r in enumerate(cells) if tuple(r[:4]) == TABLE_HEADER)
    table: dict[str, tuple[int, str]] = {}
    for row in cells[header + 1:]:
        if row and str(row[0]).startswith("ITA-"):
            table[str(row[0])] = (int(row[2]), str(row[3]))
    return str(result_row[1]), table


def validate_table(path: Path) -> dict[str, tuple[int, str]]:
    found = [f for f in validate(path).findings if f.code in LIVE_CODES]
    counts = Counter(f.code for f in found)
    first: dict[str, str] = {}
    for f in sorted(found, key=lambda f: (SHEET_ORDER.index(f.sheet or INFO), f.row or 0, f.column or 0)):
        first.setdefault(f.code, f"{f.sheet}!{f.cell}")
    return {code: (counts[code], first.get(code, "")) for code in LIVE_CODES}


def _label(made: Made) -> str:
    return f"{made.year} {made.case.name if made.case else made.path.stem}"


@pytest.mark.real_client
def test_every_live_count_and_first_cell_is_validates(recalculated: list[Made]) -> None:
    mismatches = []
    for made in recalculated:
        result, live = live_table(made.path)
        expected = validate_table(made.path)
        for code in LIVE_CODES:
            if live[code] != expected[code]:
                mismatches.append(f"{_label(made)} {code}: live {live[code]} validate {expected[code]}")
        errors = sum(n for code, (n, _) in expected.items() if code != "ITA-R304" and n and
                     code not in ("ITA-R309", "ITA-R310"))  # fmt: skip
        if result != ("ผ่าน" if errors == 0 else "ยังไม่ผ่าน"):
            mismatches.append(f"{_label(made)}: result {result} with {errors} errors")
    assert not mismatches, "\n".join(mismatches)


@pytest.mark.real_client
def test_a_clean_return_passes(recalculated: list[Made]) -> None:
    for made in recalculated:
        if made.case is CASES[0]:
            result, live = live_table(made.path)
            assert result == "ผ่าน", made.year
            assert all(count == 0 for count, _ in live.values()), live
            assert not [f for f in validate(made.path).findings if f.severity.value == "error"]


@pytest.mark.real_client
def test_planted_mistakes_are_counted(recalculated: list[Made]) -> None:
    for made in recalculated:
        if made.case is None or not made.case.expect:
            continue
        _, live = live_table(made.path)
        expect = made.case.expect - (PREVIOUS_YEAR_SILENT if made.year == 2570 else set())
        missing = {code for code in expect if live[code][0] == 0}
        assert not missing, (_label(made), missing)


@pytest.mark.real_client
def test_rows_inserted_in_calc_are_still_covered(recalculated: list[Made]) -> None:
    (made,) = [m for m in recalculated if m.case is CASES[-1] and m.year == 2567]
    _, live = live_table(made.path)
    assert live["ITA-R302"] == (1, f"{MEAS}!A6")  # M02 inserted on top; the old M02 repeats it
    assert live["ITA-R301"] == (2, f"{FOLLOW}!A5")  # M07 between records, M08 under the template
    assert live["ITA-C101"][1] == f"{MEAS}!C4"  # the inserted measure's first empty cell


# --- the sheet itself --------------------------------------------------------------------------------


def test_the_spec_codes_are_live() -> None:
    spec_codes = {"ITA-C101", "ITA-C102", "ITA-C104", "ITA-R301", "ITA-R302", "ITA-R304",
                  "ITA-R308", "ITA-R309", "ITA-R310"}  # fmt: skip
    assert spec_codes <= set(LIVE_CODES)
    assert "ITA-T201" not in LIVE_CODES


def _column(letter_index: int) -> str:
    return column_letter(letter_index)
