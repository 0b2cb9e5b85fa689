"""Live checks: the ``ตรวจสอบ`` sheet every template carries (SPEC §2).

Formulas, generated from the workbook description (``plan``) and the findings catalogue, count
the findings of the codes in ``LIVE_CODES`` exactly as ``ita-xl validate`` does, name the first
cell of each, and say ``ผ่าน`` or ``ยังไม่ผ่าน``; conditional formats show the same problems on
the input sheets as the officer types. They need no macro and no Python.
"""

from __future__ import annotations

import re
from typing import Any

from xlsxwriter.workbook import Workbook
from xlsxwriter.worksheet import Worksheet

from ita_xl import spec, thai
from ita_xl.checking.findings import SEVERITY_TH, Severity
from ita_xl.checking.rules import structure as structure_rules
from ita_xl.codes import Code
from ita_xl.frameworks import Framework
from ita_xl.model import column_letter
from ita_xl.ooxml.package import xml_escaped
from ita_xl.workbook.livechecks import fragments as fx
from ita_xl.workbook.livechecks.plan import (
    FIRST_ROW,
    FORM_COLUMN,
    LIVE_CODES,
    MAYBE_MERGED,
    Block,
    Flags,
    Plan,
    build,
    quoted,
    rule_title,
)

POSITIONS = fx.POSITIONS


RESULT_LABEL = "ผลการตรวจเบื้องต้น"
PASSED, NOT_PASSED = "ผ่าน", "ยังไม่ผ่าน"
CANNOT_JUDGE = (
    "ตรวจเบื้องต้นไม่ได้: มีชีตที่ถูกลบหรือแทนที่ด้วยชีตจากไฟล์อื่น สูตรในชีตนี้จึงอ้างถึงข้อมูลไม่ได้ "
    "ให้ตรวจด้วยปุ่มตรวจสอบข้อมูลหรือ ita-xl validate หรือวางข้อมูลลงในแบบรายงานที่สร้างใหม่ (ita-xl new)"
)
"""What the verdict says when a count cannot be worked out (a sheet replaced by a copy from
another file turns its references into #REF!): no verdict that could contradict validate."""
UNCOUNTED = "ตรวจไม่ได้"
UNSURE = (
    "ยังสรุปไม่ได้: ช่องที่ต้องกรอกบางช่องว่างอยู่ใต้ช่องที่กรอกแล้ว อาจเป็นเซลล์ที่ผสาน (Merge) ซึ่งสูตรอ่านไม่ได้ "
    "ให้ตรวจด้วยปุ่มตรวจสอบข้อมูลหรือ ita-xl validate"
)
"""The verdict when every error counted may be a cell under a merge, which validate reads as
the value shown: neither ผ่าน nor ยังไม่ผ่าน could be trusted."""
TABLE_HEADER = ("รหัส", "รายการตรวจ", "จำนวน", "ตำแหน่งแรก")
RESULT_ROW = 3  # 1-based
HEADER_ROW = 5
SHEET_ORDER = (spec.INFO.name, spec.INDICATORS.name, spec.MEASURES.name, spec.FOLLOWUPS.name)


def _sum(block: Block, name: str) -> str:
    return f"SUM({block.column(name)})"


def _count(plan: Plan, code: str) -> str:
    """The number of findings of ``code``: the flags added up, sheet by sheet."""
    if code == Code.C108:
        return "+".join(_empty_tables(plan))
    parts: list[str] = []
    for source in plan.flags.get(code, []):
        if source.block is None:
            parts.extend(cell for cell, _ in source.fields)
        else:
            parts.extend(_sum(source.block, name) for name, _ in source.fields)
    return "+".join(parts) or "0"


def _empty_tables(plan: Plan) -> tuple[str, str]:
    """ITA-C108's two flags: ``มาตรการ`` empty, ``ติดตามผล`` empty when its round is due."""
    return structure_rules.empty_tables_formulas(
        _block(plan, spec.MEASURES.name).column("rec"),
        _block(plan, spec.FOLLOWUPS.name).column("rec"),
        plan.form_cells["months_cell"],
    )


def _block(plan: Plan, sheet: str) -> Block:
    return next(b for b in plan.blocks if b.sheet == sheet)


def _link(sheet: str, row: str, column: str) -> str:
    address = f"ADDRESS({row},{column},4)"
    return f'HYPERLINK("#"&"{quoted(sheet)}!"&{address},"{sheet}!"&{address})'


def _header_link(table: spec.TableSheet) -> str:
    """A link to the table's first cell above its header (A3), where ITA-C108 points."""
    return _link(table.name, f"ROW({quoted(table.name)}!$A${table.header_row})", "1")


def _first_in(source: Flags, code: str) -> tuple[str, str]:
    """(condition, link) of the first finding in one sheet: by row, then column."""
    sheet = quoted(source.sheet)
    if source.block is None:  # the form: its cells in row order
        pairs = sorted(zip(source.rows, source.fields, strict=True))
        condition = "+".join(cell for _, (cell, _) in pairs) + ">0"
        link = '""'
        for row, (cell, letter) in reversed(pairs):
            column = f"COLUMN({sheet}!${letter}$1)"
            link = f"IF({cell}=1,{_link(source.sheet, str(row), column)},{link})"
        return condition, link
    block = source.block
    anyname = source.fields[0][0] if len(source.fields) == 1 else f"any_{code}"
    position = f"MATCH(1,{block.column(anyname)},0)"
    first_row = f"({position}+{FIRST_ROW - 1})"
    column = '""'
    for name, letter in reversed(source.fields):
        flagged = f"INDEX({block.column(name)},{position})=1"
        column = f"IF({flagged},COLUMN({sheet}!${letter}$1),{column})"
    return f"ISNUMBER({position})", _link(source.sheet, first_row, column)


def _first(plan: Plan, code: str) -> str:
    if code == Code.C108:
        no_measures, followups_due = _empty_tables(plan)
        link_m, link_f = (_header_link(table) for table in (spec.MEASURES, spec.FOLLOWUPS))
        return f'IF({no_measures},{link_m},IF({followups_due},{link_f},""))'
    sources = sorted(plan.flags.get(code, []), key=lambda s: SHEET_ORDER.index(s.sheet))
    formula = '""'
    for source in reversed(sources):
        condition, link = _first_in(source, code)
        formula = f"IF({condition},{link},{formula})"
    return formula


class _Styles:
    def __init__(self, book: Workbook) -> None:
        base = {"font_name": spec.FONT_NAME, "font_size": spec.FONT_SIZE, "valign": "top",
                "text_wrap": True}  # fmt: skip
        boxed = {**base, "border": 1, "border_color": "#8EA9C1"}
        self.title = book.add_format({**base, "bold": True, "font_size": 20,
                                      "font_color": "#1F3864", "text_wrap": False})  # fmt: skip
        self.hint = book.add_format({**base, "italic": True, "font_color": "#595959"})
        self.label = book.add_format({**boxed, "bold": True, "bg_color": "#F2F2F2"})
        self.result = book.add_format({**boxed, "bold": True, "align": "center"})
        self.header = book.add_format({**boxed, "bold": True, "bg_color": "#D9E2F3",
                                       "align": "center", "valign": "vcenter"})  # fmt: skip
        self.cell = book.add_format(boxed)
        self.center = book.add_format({**boxed, "align": "center"})
        self.link = book.add_format({**boxed, "font_color": "#0563C1", "underline": 1})
        self.helper = book.add_format({"font_name": spec.FONT_NAME, "font_size": 10})
        self.passed = book.add_format({"bg_color": "#E2EFDA", "font_color": "#375623"})
        self.failed = book.add_format({"bg_color": "#FDE2E1", "font_color": "#9C0006"})
        self.warned = book.add_format({"bg_color": "#FFF2CC", "font_color": "#7F6000"})


HINT = ("สูตรในชีตนี้ตรวจข้อมูลทันทีที่พิมพ์ ไม่ต้องใช้แมโครหรือ Python (ใช้ได้ใน Excel, LibreOffice, "
        "Excel บนเว็บ และ Google Sheets) นับเหมือนคำสั่ง ita-xl validate สำหรับรายการในตารางนี้ "
        "คลิกตำแหน่งแรกเพื่อไปยังเซลล์ ช่องที่มีปัญหาในชีตอื่นจะเป็นสีชมพู (ข้อผิดพลาด) หรือสีเหลือง "
        "(คำเตือน)")  # fmt: skip
NOTES = (
    "การตรวจเบื้องต้นตรวจได้บางรายการ: รูปแบบวันที่ ลิงก์ อีเมล/โทรศัพท์ ชื่อหน่วยงานอื่นหรือปีอื่นในข้อความ "
    "ตรวจได้ด้วยปุ่ม ตรวจสอบข้อมูล (.xlsm) หรือคำสั่ง ita-xl validate ของผู้รวบรวมรายงานเท่านั้น",
    "แถวที่เกิดจากการผสานเซลล์ (merge) หรือวางตารางจาก Word อาจนับต่างจาก ita-xl validate "
    "เพราะสูตรมองไม่เห็นการผสานเซลล์",
)  # fmt: skip


BEYOND_CODE = "นอกช่วง"
"""The row that counts cells below the rows the formulas look at: the counts above cannot be
trusted then, so the result is not ``ผ่าน``."""
_BEYOND_COLUMNS = "$A:$Z"


def _beyond_range(block: Block) -> str:
    sheet = quoted(block.sheet)
    first, last = _BEYOND_COLUMNS.replace("$", "").split(":")
    # the address as text, so rows inserted above move nothing; ROWS() is each client's last
    # row. (INDEX(…,n,0):INDEX(…) ranges count wrongly in Gnumeric.)
    return f'INDIRECT("{sheet}!{first}{block.last_row + 1}:{last}"&ROWS({sheet}!$A:$A))'


def _beyond_count(plan: Plan) -> str:
    return "+".join(f"COUNTA({_beyond_range(b)})" for b in plan.blocks)


def _beyond_first(plan: Plan) -> str:
    formula = '""'
    for block in reversed(plan.blocks):
        place = f"{block.sheet}!A{block.last_row + 1}"
        link = f'HYPERLINK("#{quoted(block.sheet)}!A{block.last_row + 1}","{place}")'
        formula = f"IF(COUNTA({_beyond_range(block)})>0,{link},{formula})"
    return formula


def _beyond_title(plan: Plan) -> str:
    limits = ", ".join(f"{b.sheet} แถว {thai.to_thai_digits(str(b.last_row))}" for b in plan.blocks)
    return (f"ข้อมูลเกินแถวที่การตรวจเบื้องต้นตรวจถึง ({limits}): ย้ายขึ้นไปไว้ในตาราง "
            "หรือให้ผู้รวบรวมรายงานตรวจด้วย ita-xl validate (ข้อผิดพลาด)")  # fmt: skip


def write_checks_sheet(
    book: Workbook, framework: Framework, sheet_name: str = spec.CHECKS_SHEET
) -> Plan:
    """Add the ``ตรวจสอบ`` sheet (call where it belongs in the sheet order); its lists go on
    ``_lists`` with ``lists_for``. Returns the plan, for ``add_conditional_formats``."""
    plan = build(framework)
    styles = _Styles(book)
    sheet = book.add_worksheet(sheet_name)
    sheet.set_default_row(spec.ROW_HEIGHT)
    sheet.set_tab_color("#C00000")
    for col, width in enumerate((14, 52, 10, 30)):
        sheet.set_column(col, col, width)
    sheet.set_row(0, 34)
    sheet.write_string(0, 0, "ตรวจสอบเบื้องต้นก่อนส่ง", styles.title)
    sheet.set_row(1, spec.ROW_HEIGHT * 3)
    sheet.merge_range(1, 0, 1, 3, HINT, styles.hint)
    errors = [c for c in LIVE_CODES if rule_title(c)[1] is Severity.ERROR]
    row = RESULT_ROW - 1
    sheet.write_string(row, 0, RESULT_LABEL, styles.label)
    counts = {code: f"$C${HEADER_ROW + 1 + i}" for i, code in enumerate(LIVE_CODES)}
    # 0-based: under the table after a blank row, so the table holds live codes only (SPEC §2)
    beyond_row = HEADER_ROW + len(LIVE_CODES) + 1
    total = "+".join([*(counts[c] for c in errors), f"$C${beyond_row + 1}"])
    unsure = "+".join(f"SUM({b.column(MAYBE_MERGED)})" for b in plan.blocks
                      if MAYBE_MERGED in b.letters) or "0"  # fmt: skip
    sheet.write_formula(row, 1, f'=IF(ISERROR({total}),"{CANNOT_JUDGE}",'
                        f'IF({total}=0,"{PASSED}",IF({total}-({unsure})>0,"{NOT_PASSED}",'
                        f'"{UNSURE}")))', styles.result, NOT_PASSED)  # fmt: skip
    for label, style in (
        (PASSED, styles.passed),
        (NOT_PASSED, styles.failed),
        (UNSURE, styles.warned),
        (CANNOT_JUDGE, styles.warned),
    ):
        rule = {"type": "cell", "criteria": "==", "value": f'"{label}"', "format": style}
        sheet.conditional_format(row, 1, row, 1, rule)
    header = HEADER_ROW - 1
    for col, label in enumerate(TABLE_HEADER):
        sheet.write_string(header, col, label, styles.header)
    for index, code in enumerate(LIVE_CODES):
        r = header + 1 + index
        title, severity = rule_title(code)
        sheet.write_string(r, 0, code, styles.center)
        sheet.write_string(r, 1, f"{title} ({SEVERITY_TH[severity]})", styles.cell)
        sheet.write_formula(r, 2, f'=IFERROR({_count(plan, code)},"{UNCOUNTED}")', styles.center,
                            0)  # fmt: skip
        sheet.write_formula(r, 3, f'=IFERROR({_first(plan, code)},"")', styles.link, "")
        good = styles.failed if severity is Severity.ERROR else styles.warned
        sheet.conditional_format(r, 2, r, 2, {"type": "cell", "criteria": ">", "value": 0,
                                               "format": good})  # fmt: skip
    sheet.write_string(beyond_row, 0, BEYOND_CODE, styles.center)
    sheet.write_string(beyond_row, 1, _beyond_title(plan), styles.cell)
    sheet.write_formula(beyond_row, 2, f'=IFERROR({_beyond_count(plan)},"{UNCOUNTED}")',
                        styles.center, 0)  # fmt: skip
    sheet.write_formula(beyond_row, 3, f'=IFERROR({_beyond_first(plan)},"")', styles.link, "")
    sheet.conditional_format(beyond_row, 2, beyond_row, 2, {
        "type": "cell", "criteria": ">", "value": 0, "format": styles.failed})  # fmt: skip
    r = beyond_row + 2
    for note in NOTES:
        sheet.set_row(r, spec.ROW_HEIGHT * 2)
        sheet.merge_range(r, 0, r, 3, note, styles.hint)
        r += 1
    _write_helpers(sheet, plan, styles)
    # the table and its notes on one A4 landscape page (the helper columns are hidden)
    sheet.set_landscape()
    sheet.set_paper(9)
    sheet.set_margins(left=0.4, right=0.4, top=0.6, bottom=0.6)
    sheet.print_area(0, 0, r - 1, 3)
    sheet.fit_to_pages(1, 1)
    sheet.protect("", {"select_locked_cells": True, "select_unlocked_cells": True})
    return plan


def _write_helpers(sheet: Worksheet, plan: Plan, styles: _Styles) -> None:
    form_col = ord(FORM_COLUMN) - ord("A")
    sheet.write_string(0, form_col, "ข้อมูลหน่วยงาน", styles.helper)
    for offset, formula in enumerate(plan.form.values()):
        sheet.write_formula(FIRST_ROW - 1 + offset, form_col, f"={formula}", styles.helper, "")
    last = max(b.end for b in plan.blocks)
    sheet.set_column(form_col, last, 8, styles.helper, {"hidden": True})
    for block in plan.blocks:
        for name, formula in block.formulas.items():
            col = _column_index(block.letters[name])
            sheet.write_string(0, col, f"{block.sheet}:{name}", styles.helper)
            if needs_array(formula):
                sheet.write_array_formula(FIRST_ROW - 1, col, FIRST_ROW - 1, col,
                                          "{" + formula + "}", styles.helper, 0)  # fmt: skip
            else:
                sheet.write_formula(FIRST_ROW - 1, col, f"={formula}", styles.helper, 0)
            for row in range(FIRST_ROW, block.last_row):  # filled in by share_formulas
                sheet.write_number(row, col, 0, styles.helper)


def needs_array(formula: str) -> bool:
    """A formula that walks a text's characters (``MID(…,ROW(lst_positions),1)``): Excel and
    LibreOffice evaluate it as an array inside SUMPRODUCT, Gnumeric only in an array formula.
    Written as a one-cell array formula, it means the same everywhere."""
    return fx.POSITIONS in formula


def _column_index(letters: str) -> int:
    number = 0
    for letter in letters:
        number = number * 26 + ord(letter) - 64
    return number - 1


_FORMULA_CELL_RE = re.compile(rb'<c r="([A-Z]+)([0-9]+)"([^>]*)>(?:<f>(.*?)</f>|(?=<v>0</v></c>))')


def share_formulas(xml: bytes, plan: Plan) -> bytes:
    """Each helper column as one shared formula (its row-2 formula, copied down as Excel
    copies it): the same cells, a fraction of the bytes to write and to read. An array formula
    cannot be shared: its column gets the formula in each row, its relative references moved
    down as Excel moves them (written here, not through XlsxWriter, whose preparation of a
    formula costs a second a template). No formula keeps a cached result."""
    from openpyxl.formula.translate import Translator

    ids: dict[bytes, tuple[int, int]] = {}
    arrays: dict[bytes, tuple[Translator, int]] = {}
    for block in plan.blocks:
        for name, formula in block.formulas.items():
            letters = block.letters[name]
            if needs_array(formula):
                translator = Translator(f"={formula}", origin=f"{letters}{FIRST_ROW}")
                arrays[letters.encode()] = (translator, block.last_row)
            else:
                ids[letters.encode()] = (len(ids), block.last_row)

    def share(match: re.Match[bytes]) -> bytes:
        letters, row, attrs, formula = match.groups()
        if letters in arrays:
            translator, last_row = arrays[letters]
            if formula is not None or not FIRST_ROW < int(row) <= last_row:
                return match.group(0)
            cell = f"{letters.decode()}{int(row)}"
            moved = xml_escaped(translator.translate_formula(cell).removeprefix("="))
            return b'<c r="%s%s"%s><f t="array" ref="%s">%s</f>' % (
                letters,
                row,
                attrs,
                cell.encode(),
                moved.encode(),
            )
        shared = ids.get(letters)
        if shared is None:
            return match.group(0)
        index, last_row = shared
        if formula is not None and int(row) == FIRST_ROW:
            span = b"%s%d:%s%d" % (letters, FIRST_ROW, letters, last_row)
            return (b'<c r="%s%s"%s><f t="shared" ref="%s" si="%d">%s</f>'
                    % (letters, row, attrs, span, index, formula))  # fmt: skip
        if formula is None and FIRST_ROW < int(row) <= last_row:
            return b'<c r="%s%s"%s><f t="shared" si="%d"/>' % (letters, row, attrs, index)
        return match.group(0)

    return _CACHED_RESULT_RE.sub(rb"\1\2", _FORMULA_CELL_RE.sub(share, xml))


# A formula's cached result, and the string type that goes with it. Without one, LibreOffice
# (which by default keeps the results an .xlsx file carries) works each formula out on load, and
# Excel recalculates on load anyway (fullCalcOnLoad): a blank template never shows stale counts.
_CACHED_RESULT_RE = re.compile(
    rb'(<c r="[A-Z]+[0-9]+"[^>]*?)(?: t="str")?(>(?:<f[^>/]*>[^<]*</f>|<f [^>]*/>))<v>[^<]*</v>'
)


def hidden_lists(framework: Framework) -> dict[str, tuple[str, ...] | tuple[int, ...]]:
    """The lists the formulas compare with, for ``_lists``: placeholders, the framework's
    indicator numbers and names, and the positions that number a text's characters."""
    return {
        fx.LIST_PLACEHOLDERS: fx.HIDDEN_LISTS[fx.LIST_PLACEHOLDERS],
        fx.LIST_ERRORS: fx.HIDDEN_LISTS[fx.LIST_ERRORS],
        fx.LIST_INDICATOR_NUMBERS: tuple(i.number for i in framework.indicators),
        fx.LIST_INDICATOR_NAMES: tuple(i.th for i in framework.indicators),
        fx.POSITIONS: tuple(range(1, fx.POSITION_COUNT + 1)),
    }


def write_hidden_lists(book: Workbook, sheet: Worksheet, framework: Framework, first_col: int,
                       header: Any, cell: Any) -> tuple[int, int]:  # fmt: skip
    """Write ``hidden_lists`` on ``sheet`` (``_lists``) from column ``first_col``, each behind
    its defined name (numbers stay numbers); returns the next free column and the rows used."""
    col, rows = first_col, 0
    for name, values in hidden_lists(framework).items():
        top = 0 if name == POSITIONS else 1  # ROW() of the positions is 1, 2, …
        if top:
            sheet.write_string(0, col, name, header)
        for row, item in enumerate(values, start=top):
            if isinstance(item, str):
                sheet.write_string(row, col, item, cell)
            else:
                sheet.write_number(row, col, item, cell)
        letter = column_letter(col + 1)
        ref = f"{quoted(sheet.name)}!${letter}${top + 1}:${letter}${len(values) + top}"
        book.define_name(name, f"={ref}")
        rows = max(rows, len(values) + 1)
        col += 1
    return col, rows


def add_conditional_formats(book_sheets: dict[str, Worksheet], plan: Plan, book: Workbook,
                            last_rows: dict[str, int]) -> None:  # fmt: skip
    """Colour each flagged cell on the input sheets as the officer types: the flag of that row
    on ``ตรวจสอบ`` (through INDIRECT, which Google Sheets needs to look at another sheet)."""
    styles: dict[Severity, Any] = {
        Severity.ERROR: book.add_format({"bg_color": "#FDE2E1", "border": 1,
                                         "border_color": "#E06666"}),
        Severity.WARNING: book.add_format({"bg_color": "#FFF2CC", "border": 1,
                                           "border_color": "#BF9000"}),
    }  # fmt: skip
    checks = quoted(spec.CHECKS_SHEET)
    for code in LIVE_CODES:
        severity = rule_title(code)[1]
        for source in plan.flags.get(code, []):
            target = book_sheets[source.sheet]
            if source.block is None:
                for (cell, letter), row in zip(source.fields, source.rows, strict=True):
                    address = cell.replace("$", "")
                    target.conditional_format(f"{letter}{row}", {
                        "type": "formula", "format": styles[severity],
                        "criteria": f'=INDIRECT("{checks}!{address}")=1',
                    })  # fmt: skip
                continue
            table = next(t for t in spec.TABLES if t.name == source.sheet)
            first, last = table.header_row + 1, last_rows.get(source.sheet, source.block.last_row)
            for name, letter in source.fields:
                helper = source.block.letters[name]
                target.conditional_format(f"{letter}{first}:{letter}{last}", {
                    "type": "formula", "format": styles[severity],
                    "criteria": f"={flag_in_this_row(helper)}=1",
                })  # fmt: skip


def flag_in_this_row(letter: str) -> str:
    """The helper column ``letter`` of ``ตรวจสอบ`` in the row of the cell being formatted.
    INDIRECT, because Google Sheets lets a conditional format look at another sheet no other way."""
    return f'INDIRECT("{quoted(spec.CHECKS_SHEET)}!{letter}"&ROW())'


def covered_rows(plan: Plan) -> dict[str, int]:
    """The last row of each input sheet the helpers look at."""
    return {block.sheet: block.last_row for block in plan.blocks}


def helper_column(plan: Plan, sheet: str, name: str) -> str:
    """The letter of a helper column (for tests and the documentation)."""
    return _block(plan, sheet).letters[name]


__all__ = [
    "BEYOND_CODE", "LIVE_CODES", "POSITIONS", "RESULT_LABEL", "TABLE_HEADER", "Plan",
    "add_conditional_formats", "build", "covered_rows", "flag_in_this_row", "helper_column",
    "hidden_lists", "share_formulas", "write_checks_sheet", "write_hidden_lists",
]  # fmt: skip
