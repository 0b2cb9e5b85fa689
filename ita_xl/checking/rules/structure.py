"""Structure: the sheets, headers and template identity a return must have (ITA-S003–S006)."""

from __future__ import annotations

from collections.abc import Iterator

from ita_xl import spec, thai
from ita_xl.checking.findings import Finding, Severity, finding
from ita_xl.checking.rules._base import Context, check
from ita_xl.codes import Code
from ita_xl.model import Return, Unread, column_letter
from ita_xl.reading.safety import FORMAT_NAMES

_ALL_FIELDS: tuple[spec.Field, ...] = (
    *spec.INFO.fields,
    *(f for table in spec.TABLES for f in table.fields),
)
_LABELS_EN = {f.label: f.label_en for f in _ALL_FIELDS}


@check(Code.S003)
def required_sheets(ret: Return, ctx: Context) -> Iterator[Finding]:
    for name in ret.missing_sheets:
        yield finding(Code.S003, sheet=name)


@check(Code.S004, Code.S005)
def made_from_template(ret: Return, ctx: Context) -> Iterator[Finding]:
    if ret.meta is None or ret.meta.get("template_id") != spec.TEMPLATE_ID:
        yield finding(Code.S004)
        return
    version = ret.meta.get("schema_version", "")
    if version == spec.SCHEMA_VERSION:
        return
    number, current = thai.parse_int(version), int(spec.SCHEMA_VERSION)
    if number is not None and number < current and not ret.unread:
        outcome = ("แบบรายงานรุ่นก่อน อ่านข้อมูลได้ครบทุกค่า", "an earlier template; every value was read")
        severity = Severity.INFO
    elif number is not None and number < current:
        outcome = ("แบบรายงานรุ่นก่อน มีข้อมูลบางส่วนที่อ่านไม่ได้ (ดู ITA-S008) ให้ย้ายข้อมูลลงแบบรายงานรุ่นปัจจุบัน",
                   "an earlier template; some values were not read (see ITA-S008): move them "
                   "onto the current template")  # fmt: skip
        severity = Severity.WARNING
    else:
        outcome = ("แบบรายงานรุ่นใหม่กว่าที่โปรแกรมนี้รู้จัก ผลการตรวจอาจคลาดเคลื่อน ให้ปรับรุ่น ita-xl",
                   "a newer template than this release knows; results may be off: update "
                   "ita-xl")  # fmt: skip
        severity = Severity.WARNING
    yield finding(Code.S005, sheet=spec.META_SHEET, value=version or "-",
                  expected=spec.SCHEMA_VERSION, outcome=outcome[0], outcome_en=outcome[1],
                  severity=severity)  # fmt: skip


@check(Code.S006)
def required_labels(ret: Return, ctx: Context) -> Iterator[Finding]:
    for sheet, missing in ret.missing_labels.items():
        header_row = ret.header_rows.get(sheet)
        for label in missing:
            yield finding(Code.S006, sheet=sheet, row=header_row, label=label,
                          label_en=_LABELS_EN.get(label, label))  # fmt: skip


# --- what was not read, and what must not be empty ---------------------------------------------

_MAX_CELLS_SHOWN = 6


def _cells_text(cells: tuple[tuple[int, int], ...]) -> str:
    shown = ", ".join(f"{column_letter(c)}{r}" for r, c in cells[:_MAX_CELLS_SHOWN])
    if len(cells) > _MAX_CELLS_SHOWN:
        shown += f", … ({len(cells):,} cells)"
    return shown


_FIX_COLUMN = (
    "ถ้าเป็นข้อมูลที่ต้องรายงาน ให้ย้ายไปไว้ในคอลัมน์ของแบบรายงาน (เช่น 'หมายเหตุ') หรือแก้หัวคอลัมน์ให้ตรงกับแบบรายงาน",
    "if it is part of the report, move it into a column of the template (such as 'หมายเหตุ') "
    "or restore the template's header",
)
_FIX_SHEET = (
    "ให้ย้ายข้อมูลไปไว้ในชีตของแบบรายงาน (เช่น มาตรการเพิ่มเติมให้ต่อท้ายในชีต 'มาตรการ') แล้วลบชีตนี้",
    "move the data into the template's sheets (more measures go below the others on "
    "'มาตรการ') and delete this sheet",
)


def _unread_finding(unread: Unread) -> Finding:
    row, column = unread.cells[0]
    cells = _cells_text(unread.cells)
    letter = column_letter(column)
    if unread.kind == "column":
        place = (f"คอลัมน์ '{unread.header}' ในชีต '{unread.sheet}'",
                 f"column '{unread.header}' on sheet '{unread.sheet}'")  # fmt: skip
        kind, fix = ("คอลัมน์", "column"), _FIX_COLUMN
    elif unread.kind == "row":
        place = (f"หัวข้อ '{unread.header}' ในชีต '{unread.sheet}'",
                 f"the row '{unread.header}' on sheet '{unread.sheet}'")  # fmt: skip
        kind = ("หัวข้อ", "label")
        fix = ("ถ้าเป็นข้อมูลที่ต้องรายงาน ให้กรอกในหัวข้อของแบบรายงาน หรือใส่ไว้ในชีตอื่นที่เหมาะสม",
               "if it is part of the report, type it under one of the form's labels")  # fmt: skip
    elif unread.kind == "note":
        place = (f"บันทึกย่อ (comment) ในชีต '{unread.sheet}'",
                 f"the notes (comments) on sheet '{unread.sheet}'")  # fmt: skip
        kind = ("บันทึกย่อ", "note")
        fix = ("ถ้าเป็นข้อมูลที่ต้องรายงาน ให้พิมพ์ลงในเซลล์ของตาราง (เช่น คอลัมน์ 'หมายเหตุ') แทนบันทึกย่อ",
               "if it is part of the report, type it into the table's cells (such as the "
               "'หมายเหตุ' column) rather than a note")  # fmt: skip
    elif unread.kind == "beside":
        place = (f"ชีต '{unread.sheet}' นอกตาราง (คอลัมน์ {letter})",
                 f"sheet '{unread.sheet}' outside the table (column {letter})")  # fmt: skip
        kind, fix = ("ตำแหน่ง", "place"), _FIX_COLUMN
    else:
        place = (f"ชีต '{unread.sheet}'", f"sheet '{unread.sheet}'")
        kind, fix = ("ชีต", "sheet"), _FIX_SHEET
    return finding(Code.S008, sheet=unread.sheet, row=row, column=column,
                   value=unread.header or unread.sheet, place=place[0], place_en=place[1],
                   cells=cells, kind=kind[0], kind_en=kind[1], fix=fix[0],
                   fix_en=fix[1])  # fmt: skip


@check(Code.S008)
def values_not_read(ret: Return, ctx: Context) -> Iterator[Finding]:
    for unread in ret.unread:
        yield _unread_finding(unread)


@check(Code.S007)
def sheets_over_a_limit(ret: Return, ctx: Context) -> Iterator[Finding]:
    for sheet, (reason, reason_en) in ret.over_limit.items():
        yield finding(Code.S007, sheet=sheet, reason=reason, reason_en=reason_en,
                      fix=f"ชีต '{sheet}' ไม่ได้ถูกอ่าน ข้อมูลในชีตนี้จึงไม่อยู่ในสรุป "
                      "ให้ลบชีตนี้ หรือย้ายข้อมูลที่ต้องรายงานไปไว้ในชีตของแบบรายงาน",
                      fix_en=f"sheet '{sheet}' was not read, so nothing on it is in the summary; "
                      "delete it, or move what must be reported into the template's "
                      "sheets")  # fmt: skip


@check(Code.S009)
def saved_in_another_format(ret: Return, ctx: Context) -> Iterator[Finding]:
    if ret.format != "xlsx":
        yield finding(Code.S009, format=FORMAT_NAMES.get(ret.format, ret.format))


@check(Code.C108)
def empty_tables(ret: Return, ctx: Context) -> Iterator[Finding]:
    """A return with only its header filled never passes (SPEC §3)."""
    if spec.MEASURES.name not in ret.missing_sheets and not ret.measures:
        yield finding(Code.C108, sheet=spec.MEASURES.name,
                      row=ret.header_rows.get(spec.MEASURES.name), column=1,
                      what="มาตรการ", what_en="measures",
                      reason="รายงานที่มีเพียงข้อมูลหน่วยงานยังไม่ใช่รายงานมาตรการ",
                      reason_en="a return with only its form filled is not a report of "
                      "measures")  # fmt: skip
    months = ret.info.round
    first_round = thai.ROUND_MONTHS[0]
    if (
        spec.FOLLOWUPS.name not in ret.missing_sheets
        and not ret.followups
        and months in thai.ROUND_MONTHS
        and months > first_round
    ):
        yield finding(Code.C108, sheet=spec.FOLLOWUPS.name,
                      row=ret.header_rows.get(spec.FOLLOWUPS.name), column=1,
                      what="ผลการดำเนินการ", what_en="follow-ups",
                      reason=f"ทั้งที่เป็นรายงานรอบ {thai.round_label(months)} "
                      "ซึ่งต้องรายงานผลการดำเนินการของมาตรการ",
                      reason_en=f"a {months}-month return reports what was done on its "
                      "measures")  # fmt: skip


def empty_tables_formulas(measure_records: str, followup_records: str,
                          months: str) -> tuple[str, str]:  # fmt: skip
    """ITA-C108 on the live checks sheet, a 0/1 per table: ``มาตรการ`` holds no record (its
    records' column adds up to 0); ``ติดตามผล`` holds none in a round after the first."""
    first_round = thai.ROUND_MONTHS[0]
    return (
        f"--(SUM({measure_records})=0)",
        f"(SUM({followup_records})=0)*ISNUMBER({months})*(N({months})>{first_round})",
    )


@check(Code.R307)
def fiscal_year_agrees_with_template(ret: Return, ctx: Context) -> Iterator[Finding]:
    """The form's year against the year the template was made for (``_meta``)."""
    if ret.year_conflict is None:
        return
    form_year, meta_year = ret.year_conflict
    read_as = ret.info.fiscal_year or form_year
    other = meta_year if read_as == form_year else form_year
    where = "แบบรายงานใน _meta" if other == meta_year else "ที่กรอกในช่องนี้"
    where_en = "the template, in _meta" if other == meta_year else "typed in this cell"
    yield finding(Code.R307, at=ret.info.get("fiscal_year"),
                  value=thai.to_thai_digits(str(other)),
                  year=thai.to_thai_digits(f"{other} ({where})"), year_en=f"{other} ({where_en})",
                  expected=thai.to_thai_digits(f"{read_as} (ตามวันที่ในรายงาน)"),
                  expected_en=f"{read_as} (as the return's dates say)")  # fmt: skip
