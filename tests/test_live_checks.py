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

import openpyxl
import pytest
from python_calamine import CalamineWorkbook

from ita_xl import spec, thai
from ita_xl.checking.validation import validate
from ita_xl.frameworks import load_framework
from ita_xl.model import Value, column_letter
from ita_xl.workbook.livechecks import (
    BEYOND_CODE,
    LIVE_CODES,
    RESULT_LABEL,
    TABLE_HEADER,
    build,
    covered_rows,
)
from ita_xl.workbook.template import Filling, write_return_workbook

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
    beyond: bool = False
    """Typed below the rows the formulas look at: they say so instead of counting."""
    merged: bool = False
    """Cells merged over rows, which validate reads and no formula sees: the counts may differ,
    the verdict must not contradict validate's."""


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
    Case("Merge & Center: a shared unit, a round and a status over two rows", "", steps=[
        ["unprotect", MEAS], ["clear", MEAS, "F5"], ["merge", MEAS, "F4:F5"],
        ["unprotect", FOLLOW], ["clear", FOLLOW, "B6"], ["clear", FOLLOW, "G6"],
        ["merge", FOLLOW, "B5:B6"], ["merge", FOLLOW, "G5:G6"],
    ], merged=True),
    Case("typed far below the table, past the rows the formulas look at", "", steps=[
        ["unprotect", FOLLOW], ["text", FOLLOW, "D900", "ย่อหน้าที่หลงลงไปไกล"],
    ], beyond=True),
]  # fmt: skip


# --- random returns: many mistakes at once --------------------------------------------------------

TYPED = {
    "code": ["M01", "M02", "M03", "M๐๑", "m02", "M 3", "M1", "M001", "X9", "-", "", "01", "M๑๐",
             "M0\n2", "#N/A"],
    "indicator": ["9", "๓", "ตัวชี้วัดที่ 4", "๔ การใช้ทรัพย์สินของราชการ", "42", "การใช้อำนาจ", "",
                  "-", "0", "๑๐"],
    "schedule": ["๑๒ เดือน", "๖ และ ๑๒ เดือน", "3,6,9,12", "๑๓ เดือน", "ทุกไตรมาส", "", "6/12"],
    "round": ["๖ เดือน", "๑๒ เดือน", "รอบ ๑๒ เดือน", "12", "๔ เดือน", "", "-"],
    "status": ["ดำเนินการแล้วเสร็จ", "อยู่ระหว่างดำเนินการ", "ยังไม่ได้ดำเนินการ", "เสร็จ", "", "-"],
    "text": ["ข้อความ", "", "-", "ไม่มี", " ", "\u200b", "ดำเนินการ\nต่อเนื่อง", "N/A", "๐", "#REF!"],
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
GNUMERIC_SEEDS = 2
"""Random fillings Gnumeric recalculates too, of each year."""


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
        fillings += [
            (f"random{s}", random_filling(year, s * 100 + year), None) for s in RANDOM_SEEDS
        ]
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
    for row in cells[header + 1 :]:
        if row and (str(row[0]).startswith("ITA-") or row[0] == BEYOND_CODE):
            table[str(row[0])] = (int(row[2]), str(row[3]))
    return str(result_row[1]), table


def validate_table(path: Path) -> dict[str, tuple[int, str]]:
    found = [f for f in validate(path).findings if f.code in LIVE_CODES]
    counts = Counter(f.code for f in found)
    first: dict[str, str] = {}
    for f in sorted(
        found, key=lambda f: (SHEET_ORDER.index(f.sheet or INFO), f.row or 0, f.column or 0)
    ):
        first.setdefault(f.code, f"{f.sheet}!{f.cell}")
    return {code: (counts[code], first.get(code, "")) for code in LIVE_CODES}


def _label(made: Made) -> str:
    return f"{made.year} {made.case.name if made.case else made.path.stem}"


@pytest.mark.real_client
def test_every_live_count_and_first_cell_is_validates(recalculated: list[Made]) -> None:
    mismatches = []
    for made in recalculated:
        if made.case is not None and (made.case.beyond or made.case.merged):
            continue
        result, live = live_table(made.path)
        if live[BEYOND_CODE] != (0, ""):
            mismatches.append(f"{_label(made)}: {BEYOND_CODE} {live[BEYOND_CODE]}")
        expected = validate_table(made.path)
        for code in LIVE_CODES:
            if live[code] != expected[code]:
                mismatches.append(
                    f"{_label(made)} {code}: live {live[code]} validate {expected[code]}"
                )
        if result not in fair_verdicts(made.path):
            mismatches.append(
                f"{_label(made)}: result {result}, validate {fair_verdicts(made.path)}"
            )
    assert not mismatches, "\n".join(mismatches)


def fair_verdicts(path: Path) -> set[str]:
    """The verdicts that agree with validate: ผ่าน without errors, else ยังไม่ผ่าน; and
    ยังสรุปไม่ได้ when every error stands in a table row with a cell left blank under a filled
    one (a merge, for all a formula can tell)."""
    from ita_xl.workbook.livechecks import UNSURE

    errors = [f for f in validate(path).findings if f.severity.value == "error"]
    if not errors:
        return {"ผ่าน"}
    book = CalamineWorkbook.from_path(str(path))
    grids = {}

    def may_be_merged(sheet: str | None, row: int | None) -> bool:
        if sheet in (None, INFO) or row is None or row < 2:
            return False
        grid = grids.setdefault(sheet, book.get_sheet_by_name(sheet).to_python())
        line = grid[row - 1] if row - 1 < len(grid) else []
        above = grid[row - 2]

        def blank(cells: list[object], column: int) -> bool:  # as the checks see it
            return column >= len(cells) or Value(cells[column] or None, "", 1, 1).is_blank

        return any(not blank(above, c) and blank(line, c) for c in range(10))

    if all(may_be_merged(f.sheet, f.row) for f in errors):
        return {"ยังไม่ผ่าน", UNSURE}
    return {"ยังไม่ผ่าน"}


@pytest.mark.real_client
def test_gnumeric_counts_as_validate_does(recalculated: list[Made],
                                          tmp_path_factory: pytest.TempPathFactory) -> None:  # fmt: skip
    """A second, independent engine (Gnumeric) on the files ita-xl wrote (Gnumeric cannot read
    the unquoted Thai sheet names LibreOffice saves): every count and first cell as validate's.
    Where LibreOffice and Gnumeric agree with validate, Excel and Google Sheets are likely to."""
    from .support.clients import gnumeric_recalculated

    # every planted case, and the first random fillings (LibreOffice recalculates them all):
    # Gnumeric takes about 5 s of a core a file, the costliest part of the suite
    chosen = [m for m in recalculated
              if m.case is not None or int(m.path.stem.rsplit("random", 1)[1]) < GNUMERIC_SEEDS]  # fmt: skip
    sources = [m.path.with_name(f"{m.path.stem}_source.xlsx") for m in chosen]
    outputs = gnumeric_recalculated(sources, tmp_path_factory.mktemp("gnumeric"))
    mismatches = []
    for made, source, output in zip(chosen, sources, outputs, strict=True):
        result, live = live_table(output)
        expected = validate_table(source)
        for code in LIVE_CODES:
            if live[code] != expected[code]:
                mismatches.append(f"{_label(made)} {code}: gnumeric {live[code]} validate "
                                  f"{expected[code]}")  # fmt: skip
        if result not in fair_verdicts(source):
            mismatches.append(f"{_label(made)}: gnumeric says {result}")
    assert not mismatches, "\n".join(mismatches)


@pytest.mark.real_client
def test_merged_cells_never_give_a_verdict_against_validate(recalculated: list[Made]) -> None:
    from ita_xl.workbook.livechecks import UNSURE

    merged = [m for m in recalculated if m.case is not None and m.case.merged]
    assert merged
    for made in merged:
        result, _ = live_table(made.path)
        report = validate(made.path)
        assert report.errors == 0, [(f.code, f.cell) for f in report.findings]  # merges read
        assert result in (UNSURE, "ผ่าน"), result  # never ยังไม่ผ่าน against a passing validate


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
    (made,) = [m for m in recalculated if m.case and m.case.steps and not m.case.beyond
               and not m.case.merged and m.year == 2567]  # fmt: skip
    _, live = live_table(made.path)
    assert live["ITA-R302"] == (1, f"{MEAS}!A6")  # M02 inserted on top; the old M02 repeats it
    assert live["ITA-R301"] == (2, f"{FOLLOW}!A5")  # M07 between records, M08 under the template
    assert live["ITA-C101"][1] == f"{MEAS}!C4"  # the inserted measure's first empty cell


@pytest.mark.real_client
def test_cells_past_the_covered_rows_are_named_not_passed(recalculated: list[Made]) -> None:
    """Below the covered rows of ติดตามผล the helpers do not look: the sheet must not say ผ่าน."""
    for made in recalculated:
        if made.case is not None and made.case.beyond:
            result, live = live_table(made.path)
            assert result == "ยังไม่ผ่าน"
            last = covered_rows(build(load_framework(str(made.year))))[FOLLOW]
            assert live[BEYOND_CODE] == (1, f"{FOLLOW}!A{last + 1}")
            assert validate_table(made.path)["ITA-C101"][0] > 0  # validate reads it all


# --- the sheet itself --------------------------------------------------------------------------------


def test_the_spec_codes_are_live() -> None:
    spec_codes = {"ITA-C101", "ITA-C102", "ITA-C104", "ITA-R301", "ITA-R302", "ITA-R304",
                  "ITA-R308", "ITA-R309", "ITA-R310"}  # fmt: skip
    assert spec_codes <= set(LIVE_CODES)
    assert "ITA-T201" not in LIVE_CODES


def _column(letter_index: int) -> str:
    return column_letter(letter_index)


# --- each fragment against the Python it mirrors, on tricky texts -------------------------------

TRICKY = [
    "", " ", "\u200b", "-", " - ", "–", "ไม่มี", "N/A", "n/a", "#N/A", " #REF! ", "#n/a", "#ข้อความ",
    "ข้อความ", "  ข้อความ   สอง  ", "บรรทัดหนึ่ง\nบรรทัดสอง", "\u00a0ข้อความ\u00a0", "ข้อ\u200bความ",
    "90", "๙๐", "+5", "-5", "1,234", "12,34", "1,234.5", "๑,๒๓๔.๕", "1.", ".5", "1e3", "0", "00",
    "๖ เดือน", "รอบ 6 เดือน", "12", "๑๒ เดือน", "6 และ 12 เดือน", "๓ ๖ ๙ และ ๑๒ เดือน", "3,6,9,12",
    "0612", "123", "1234567", "๑๓ เดือน", "06", "รอบที่ 2 (6 เดือน)", "12 เดือน 2566",
    "ดำเนินการแล้วเสร็จ", " ดำเนินการ แล้วเสร็จ ", "ดำเนินการแล้ว\nเสร็จ", "ดำเนินการแล้วเสร็จ\n",
    "ดำเนินการแล้วเสร็จ\u200b", "ดำเนินการแล้วเสร็จแล้ว",
    "M01", "m 01", "M๐๓", " M 1 0 ", "M001", "X9", "M0\n1",
    "9", "๓", "ตัวชี้วัดที่ 4", "ตัวชี้วัดที่๔", "๔ การใช้ทรัพย์สินของราชการ", "4 การใช้ทรัพย์สิน",
    "การใช้อำนาจ", "การ ใช้ อำนาจ", "42", "4.0", "ตัวชี้วัดที่ ๔ การใช้ทรัพย์สินของราชการ",
]  # fmt: skip

FRAGMENT_COLUMNS = {
    # column: (formula of row {r}, what Python says of the text)
    "B": "state",
    "C": "arabic",
    "D": "unsigned",
    "E": "plain_number",
    "F": "round",
    "G": "not_blank",
    "H": "done",
    "I": "measure_key",
    "J": "padded",
    "K": "groups",
    "L": "bad_groups",
    "M": "names_6",
    "N": "indicator_words",
    "O": "indicator_matches",
}


def _fragment_formulas(r: int) -> dict[str, str]:
    from ita_xl.workbook.livechecks import fragments as fx

    return {
        "B": fx.state(f"A{r}"),
        "C": f'IF(ISTEXT(B{r}),{fx.arabic_digits(f"B{r}")},"")',
        "D": fx.unsigned(f"C{r}"),
        "E": f"--{fx.plain_number(f'D{r}')}",
        "F": f'IF(OR(B{r}="",B{r}="#ERR"),"",{fx.round_of_text(f"C{r}", f"D{r}")})',
        "G": f"--{fx.not_blank(f'A{r}')}",
        "H": f"--{fx.is_done(f'A{r}')}",
        "I": f'IF(B{r}="#ERR","#ERR",{fx.measure_key(f"B{r}", f"A{r}")})',
        "J": f'IF(C{r}="","",REPT(" ",{fx.PAD})&C{r})',
        "K": f'IF(J{r}="",0,{fx.schedule_groups(f"J{r}")})',
        "L": f"IF(K{r}=0,0,{fx.schedule_bad_groups(f'J{r}')})",
        "M": f"IF(K{r}=0,0,--{fx.schedule_names(f'J{r}', '$Z$1')})",
        "N": fx.without_prefix(f"C{r}", fx.INDICATOR_PREFIX),
        "O": f'IF(B{r}="",0,--{fx.indicator_matches(f"N{r}")})',
    }


def _python_view(text: str, framework_year: int) -> dict[str, object]:
    """What the reader and the checks make of ``text`` typed into a cell."""
    from ita_xl.checking.rules.references import _is_done
    from ita_xl.model import Value, measure_code

    value = Value(text, "t", 1, 1)
    framework = load_framework(str(framework_year))
    groups = thai.parse_round_list(value.text) if not value.is_blank else []
    rounds = {3, 6, 9, 12}
    return {
        "G": int(not value.is_blank),
        "H": int(_is_done(value.text)),
        "I": "#ERR" if value.is_error else measure_code(value.text),
        "F": thai.parse_round(value.text) if not value.is_blank and not value.is_error else None,
        "E": int(thai._NUMBER_RE.fullmatch(thai.to_arabic_digits(value.text)) is not None),
        "K": len(groups),
        "L": len([g for g in groups if g not in rounds]),
        "M": int(6 in groups),
        "O": int(framework.match_indicator(value.text) is not None) if value.text else 0,
    }


@pytest.mark.real_client
def test_each_fragment_judges_a_text_as_python_does(tmp_path: Path) -> None:
    import xlsxwriter

    from ita_xl.workbook.livechecks import flag_in_this_row, write_hidden_lists

    source, target = tmp_path / "fragments.xlsx", tmp_path / "recalculated.xlsx"
    book = xlsxwriter.Workbook(str(source), {"strings_to_numbers": False,
                                             "strings_to_formulas": False})  # fmt: skip
    sheet = book.add_worksheet("t")
    lists = book.add_worksheet(spec.LISTS_SHEET)
    write_hidden_lists(book, lists, load_framework("2570"), 0, None, None)
    sheet.write_number(0, 25, 6)  # Z1: the round schedule_names looks for
    checks = book.add_worksheet(spec.CHECKS_SHEET)  # what the input sheets' colours look up
    for index, text in enumerate(TRICKY):
        r = index + 2
        sheet.write_string(r - 1, 0, text)
        for column, formula in _fragment_formulas(r).items():
            sheet.write_formula(f"{column}{r}", f"={formula}")
        checks.write_number(f"H{r}", r % 3)
        sheet.write_formula(f"P{r}", f"={flag_in_this_row('H')}")
    book.close()
    calc([{"source": str(source), "target": str(target), "steps": [["recalculate"]]}], tmp_path)
    cells = CalamineWorkbook.from_path(str(target)).get_sheet_by_name("t").to_python()
    differences = []
    for index, text in enumerate(TRICKY):
        row = cells[index + 1]
        if row[ord("P") - ord("A")] != (index + 2) % 3:
            differences.append(f"row {index + 2}: the colours' lookup reads {row[15]!r}")
        got = {letter: row[ord(letter) - ord("A")] for letter in FRAGMENT_COLUMNS}
        for letter, expected in _python_view(text, 2570).items():
            value = got[letter]
            if letter == "F":
                value = None if value == "" else int(value)
            elif letter == "I":
                pass
            else:
                value = int(value)
            if value != expected:
                differences.append(f"{text!r} {FRAGMENT_COLUMNS[letter]}: formula {value!r} "
                                   f"python {expected!r}")  # fmt: skip
    assert not differences, "\n".join(differences)


# --- the sheet as written -------------------------------------------------------------------------

# Functions Excel 2013+, LibreOffice, Excel for the web and Google Sheets all have (no LET,
# TEXTJOIN, REGEX…, no dynamic arrays).
PORTABLE_FUNCTIONS = {
    "ADDRESS", "AND", "CHAR", "COLUMN", "COUNTA", "EXACT", "FIND", "HYPERLINK", "IF", "IFERROR",
    "INDEX", "INDIRECT", "INT", "ISBLANK", "ISERROR", "ISNA", "ISNUMBER", "ISTEXT", "LEFT", "LEN",
    "LOWER", "MATCH", "MAX", "MID", "N", "NOT", "OR", "REPT", "ROW", "ROWS", "SUBSTITUTE", "SUM",
    "SUMPRODUCT", "TEXT", "TRIM", "TRUNC", "UNICHAR", "UPPER", "VALUE",
}  # fmt: skip


@pytest.fixture(scope="module", params=["xlsx", "xlsm"])
def template(request: pytest.FixtureRequest, tmp_path_factory: pytest.TempPathFactory) -> Path:
    path = tmp_path_factory.mktemp("template") / f"แบบรายงาน.{request.param}"
    return write_return_workbook(path, load_framework("2570"))


def test_the_checks_sheet_follows_the_tables_and_reads_as_spec_says(template: Path) -> None:
    import openpyxl

    book = openpyxl.load_workbook(template, keep_vba=template.suffix == ".xlsm")
    names = book.sheetnames
    assert names.index(spec.CHECKS_SHEET) == names.index(FOLLOW) + 1
    sheet = book[spec.CHECKS_SHEET]
    labels = {sheet.cell(r, 1).value: r for r in range(1, 30)}
    assert sheet.cell(labels[RESULT_LABEL], 2).value.startswith("=IF(")
    header = next(r for r in range(1, 30)
                  if tuple(sheet.cell(r, c).value for c in range(1, 5)) == TABLE_HEADER)  # fmt: skip
    codes = [sheet.cell(header + 1 + i, 1).value for i in range(len(LIVE_CODES) + 2)]
    # one row per live code, then, after a blank row, the cells the formulas do not reach
    assert codes == [*LIVE_CODES, None, BEYOND_CODE]
    assert sheet.protection.sheet  # officers cannot break the formulas by accident
    assert sheet.column_dimensions["G"].hidden  # the helper columns
    assert all(sheet.cell(r, 3).value.startswith("=") for r in range(header + 1, header + 11))
    assert "COUNTA(INDIRECT(" in sheet.cell(header + 12, 3).value  # rows below the helpers


def test_the_formulas_use_functions_every_client_has(template: Path) -> None:
    import re
    import zipfile

    with zipfile.ZipFile(template) as archive:
        xml = b"".join(archive.read(n) for n in archive.namelist()
                       if n.startswith("xl/worksheets/sheet"))  # fmt: skip
    formulas = re.findall(rb"<f[^>]*>([^<]*)</f>|<formula>([^<]*)</formula>", xml)
    used = set()
    for groups in formulas:
        for text in groups:
            used |= {m.decode() for m in re.findall(rb"(?:_xlfn\.)?\b([A-Z][A-Z0-9.]*)\(", text)}
    assert used - PORTABLE_FUNCTIONS == set()
    assert "INDIRECT" in used  # the input sheets' colours read ตรวจสอบ through it


def test_no_formula_keeps_a_cached_result(template: Path) -> None:
    """LibreOffice keeps the results a file carries: none, so it works every count out on load
    (a blank template's counts are not zero)."""
    import re
    import zipfile

    with zipfile.ZipFile(template) as archive:
        (xml,) = [archive.read(n) for n in archive.namelist()
                  if n.startswith("xl/worksheets/sheet") and b"lst_positions" in archive.read(n)]  # fmt: skip
    assert re.search(rb"</f><v>|<f [^>]*/><v>", xml) is None


@pytest.mark.real_client
def test_a_sheet_copied_in_from_another_file_never_gives_a_wrong_verdict(tmp_path: Path) -> None:
    """The 12-month return with the 6-month file's ติดตามผล copied over its own: the checks'
    references to the old sheet are #REF! now. The sheet says it cannot judge, and never
    ผ่าน/ยังไม่ผ่าน against validate."""
    from ita_xl.workbook.livechecks import CANNOT_JUDGE

    framework = load_framework("2567")
    twelve = write_return_workbook(tmp_path / "12.xlsx", framework, clean(2567))
    six = write_return_workbook(tmp_path / "6.xlsx", framework, clean(2567))
    target = tmp_path / "copied.xlsx"
    calc([{"source": str(twelve), "target": str(target),
           "steps": [["replace_sheet", spec.FOLLOWUPS.name, str(six)], ["recalculate"]]}],
         tmp_path)  # fmt: skip
    result, live = live_table_or_errors(target)
    expected = validate_table(target)
    errors = sum(n for code, (n, _) in expected.items()
                 if code not in ("ITA-R304", "ITA-R309", "ITA-R310"))  # fmt: skip
    assert result in (CANNOT_JUDGE, "ผ่าน" if errors == 0 else "ยังไม่ผ่าน"), result
    if result != CANNOT_JUDGE:
        assert live == expected


def live_table_or_errors(path: Path) -> tuple[str, dict[str, tuple[object, str]]]:
    """``live_table``, keeping a count that is not a number as it is shown."""
    cells = CalamineWorkbook.from_path(str(path)).get_sheet_by_name(spec.CHECKS_SHEET).to_python()
    (result_row,) = [r for r in cells if r and r[0] == RESULT_LABEL]
    table: dict[str, tuple[object, str]] = {}
    for row in cells:
        if row and str(row[0]).startswith("ITA-"):
            count = int(row[2]) if isinstance(row[2], float) else row[2]
            table[str(row[0])] = (count, str(row[3]))
    return str(result_row[1]), table


def test_error_texts_are_upper_case_as_the_formula_assumes() -> None:
    """``fragments.state`` tells an error text by ``=`` against the list (which every engine
    evaluates over a range) after checking the text is upper case: exact only while every
    error text is upper case."""
    from ita_xl.model import EXCEL_ERRORS

    assert all(error == error.upper() for error in EXCEL_ERRORS)


def test_the_checks_sheet_prints_on_one_landscape_page(template: Path) -> None:
    sheet = openpyxl.load_workbook(template, read_only=False)[spec.CHECKS_SHEET]
    setup = sheet.page_setup
    assert (setup.orientation, setup.paperSize) == ("landscape", 9)
    assert sheet.sheet_properties.pageSetUpPr.fitToPage
    assert (setup.fitToWidth or 1, setup.fitToHeight or 1) == (1, 1)
    assert "!$A$1:$D$" in sheet.print_area  # the table and its notes, not the hidden helpers
