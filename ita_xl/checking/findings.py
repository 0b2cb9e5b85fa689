"""The findings catalogue (SPEC §3): every code once, with its severity and its messages.

A finding is data: a code, a severity, where it is (sheet and cell), and a message in plain Thai
(what is wrong and how to fix it) with English beside it. Checks only pick a code and fill in the
template's fields; the words live here, so the documentation page (``docs/findings.md``) is
generated from this module and a test keeps it current.
"""

from __future__ import annotations

import os
from collections.abc import Mapping
from dataclasses import dataclass
from enum import StrEnum
from typing import Any

from ita_xl.codes import Code
from ita_xl.model import Value, column_letter


class Severity(StrEnum):
    ERROR = "error"
    WARNING = "warning"
    INFO = "info"


SEVERITY_TH = {Severity.ERROR: "ข้อผิดพลาด", Severity.WARNING: "คำเตือน", Severity.INFO: "ข้อสังเกต"}
SEVERITY_EN = {Severity.ERROR: "error", Severity.WARNING: "warning", Severity.INFO: "info"}


@dataclass(frozen=True)
class Rule:
    """One code of the catalogue. Templates use ``str.format`` fields that checks fill in."""

    code: Code
    severity: Severity
    title_th: str
    title_en: str
    message_th: str
    message_en: str


def _rule(code: Code, severity: Severity, title: tuple[str, str], message: tuple[str, str]) -> Rule:
    return Rule(code, severity, title[0], title[1], message[0], message[1])


E, W, N = Severity.ERROR, Severity.WARNING, Severity.INFO  # N: notice (info)

RULES: tuple[Rule, ...] = (
    # --- the file ------------------------------------------------------------------------------
    _rule(Code.S001, E,
          ("อ่านไฟล์ไม่ได้", "not a readable workbook"),
          ("ไฟล์นี้ไม่ใช่สมุดงาน Excel (.xlsx/.xlsm) ที่อ่านได้: {reason} {fix}",
           "this file is not a readable Excel workbook (.xlsx/.xlsm): {reason_en} {fix_en}")),
    _rule(Code.S002, E,
          ("ไฟล์ถูกเข้ารหัสหรือตั้งรหัสผ่าน", "encrypted or password-protected"),
          ("ไฟล์ตั้งรหัสผ่านสำหรับเปิดไว้ จึงตรวจสอบไม่ได้ ให้เปิดใน Excel แล้วลบรหัสผ่าน "
           "(ไฟล์ > ข้อมูล > ป้องกันสมุดงาน > เข้ารหัสด้วยรหัสผ่าน) แล้วบันทึกและส่งใหม่",
           "the file is encrypted with a password and cannot be checked; remove the password in "
           "Excel (File > Info > Protect Workbook > Encrypt with Password), save and send again")),
    _rule(Code.S003, E,
          ("ไม่มีชีตที่จำเป็น", "required sheet missing"),
          ("ไม่พบชีต '{sheet}' ให้ใช้แบบรายงานมาตรฐาน (ita-xl new) และอย่าลบหรือเปลี่ยนชื่อชีต",
           "sheet '{sheet}' is missing; use the standard template (ita-xl new) and do not delete "
           "or rename its sheets")),
    _rule(Code.S004, W,
          ("ไม่ได้สร้างจากแบบรายงานมาตรฐาน", "not made from the standard template"),
          ("ไฟล์นี้ไม่ได้สร้างจากแบบรายงานมาตรฐาน (ไม่มีชีต _meta) จึงตรวจตามหัวตารางแทน "
           "ครั้งต่อไปให้กรอกในแบบรายงานที่สร้างด้วย ita-xl new",
           "this file was not made from the standard template (no _meta sheet), so it was "
           "checked by its headers; next time fill a template made by ita-xl new")),
    _rule(Code.S005, W,
          ("รุ่นของแบบรายงานไม่ตรง", "other template schema version"),
          ("แบบรายงานรุ่น {value} ไม่ใช่รุ่น {expected} ที่โปรแกรมนี้ใช้: {outcome}",
           "template schema version {value} is not version {expected} of this release: "
           "{outcome_en}")),
    _rule(Code.S006, E,
          ("ไม่พบหัวคอลัมน์หรือหัวข้อที่จำเป็น", "required column or label missing"),
          ("ไม่พบ '{label}' ในชีต '{sheet}' อาจถูกลบหรือเปลี่ยนชื่อ ให้คืนข้อความหัวข้อให้ตรงกับ"
           "แบบรายงานมาตรฐาน",
           "'{label_en}' ('{label}') was not found on sheet '{sheet}'; it may have been deleted "
           "or renamed; restore the standard heading")),
    _rule(Code.S007, E,
          ("เกินขีดจำกัดความปลอดภัย", "over a safety limit"),
          ("ไม่อ่านไฟล์นี้เพราะ{reason} {fix}", "the file was not read: {reason_en}; {fix_en}")),
    _rule(Code.S008, W,
          ("มีข้อมูลในที่ที่แบบรายงานไม่มี จึงไม่ได้อ่าน", "values where the template has no place: not read"),
          ("{place} มีข้อมูลที่ {cells} ซึ่งโปรแกรมไม่ได้อ่าน เพราะแบบรายงานมาตรฐานไม่มี{kind}นี้ "
           "ข้อมูลนี้จึงไม่อยู่ในสรุป {fix}",
           "{place_en} holds values at {cells} that were not read, because the standard template "
           "has no such {kind_en}; they are not in the summary; {fix_en}")),
    _rule(Code.S009, W,
          ("บันทึกเป็นไฟล์รูปแบบอื่น", "saved in another format"),
          ("ไฟล์นี้บันทึกเป็น {format} โปรแกรมอ่านข้อมูลได้ แต่การระบายสีเซลล์ที่มีปัญหาและปุ่มตรวจสอบข้อมูล"
           "ต้องใช้ไฟล์ .xlsx/.xlsm ให้เปิดไฟล์แล้วเลือก ไฟล์ > บันทึกเป็น > 'สมุดงาน Excel (*.xlsx)' "
           "(LibreOffice: 'Excel 2007-365 (.xlsx)') แล้วส่งไฟล์นั้นแทน",
           "this file is saved as {format}; its values were read, but marking problem cells and "
           "the validate button need .xlsx/.xlsm; open it, choose File > Save As > 'Excel "
           "Workbook (*.xlsx)' (LibreOffice: 'Excel 2007-365 (.xlsx)') and send that file")),
    # --- cells ---------------------------------------------------------------------------------
    _rule(Code.C101, E,
          ("ไม่ได้กรอกข้อมูลที่จำเป็น", "required value missing"),
          ("ยังไม่ได้กรอก '{label}' ที่ {where} ให้กรอกข้อมูลช่องนี้",
           "'{label_en}' is missing at {where_en}; fill it in")),
    _rule(Code.C102, E,
          ("ค่าไม่อยู่ในรายการ", "value not in the allowed list"),
          ("'{label}' ที่ {where} เป็น '{value}' ซึ่งไม่อยู่ในรายการ ให้เลือกจากรายการ เช่น {allowed}",
           "'{label_en}' at {where_en} is '{value}', which is not in the list; choose from the "
           "list, e.g. {allowed}")),
    _rule(Code.C103, E,
          ("วันที่ไม่ถูกต้อง", "not a valid date"),
          ("'{label}' ที่ {where} เป็น '{value}' ซึ่งไม่ใช่วันที่ ให้กรอกวันที่ เช่น ๓๐ ก.ย. ๒๕๖๖ "
           "หรือ 30/9/2566",
           "'{label_en}' at {where_en} is '{value}', which is not a date; type a date such as "
           "30/9/2566")),
    _rule(Code.C104, E,
          ("ตัวเลขไม่ถูกต้องหรือเกินช่วง", "number not valid or out of range"),
          ("'{label}' ที่ {where} เป็น '{value}' ต้องเป็นตัวเลขระหว่าง {minimum}–{maximum}",
           "'{label_en}' at {where_en} is '{value}'; it must be a number from {minimum_en} to "
           "{maximum_en}")),
    _rule(Code.C105, W,
          ("ลิงก์ไม่ถูกต้อง", "not a valid http(s) link"),
          ("'{label}' ที่ {where} เป็น '{value}' ซึ่งไม่ใช่ลิงก์เว็บที่ถูกต้อง ให้คัดลอกลิงก์เต็มจาก"
           "เว็บไซต์ของหน่วยงาน ขึ้นต้นด้วย https://",
           "'{label_en}' at {where_en} is '{value}', not a valid web link; copy the full link "
           "from the agency's website, starting with https://")),
    _rule(Code.C106, W,
          ("ค่าผิดพลาดหรือสูตรในช่องข้อมูล", "error value or formula where a value is expected"),
          ("'{label}' ที่ {where} {problem} ให้พิมพ์ข้อมูลลงในช่องโดยตรงแทนสูตร",
           "'{label_en}' at {where_en} {problem_en}; type the value itself instead of a formula")),
    _rule(Code.C107, W,
          ("อีเมลหรือเบอร์โทรศัพท์ไม่ถูกต้อง", "e-mail or phone number not valid"),
          ("'{label}' ที่ {where} เป็น '{value}' ซึ่ง{problem} {fix}",
           "'{label_en}' at {where_en} is '{value}': {problem_en}; {fix_en}")),
    _rule(Code.C108, E,
          ("ตารางที่ต้องมีข้อมูลยังว่าง", "a table that must have rows is empty"),
          ("ชีต '{sheet}' ยังไม่มี{what} {reason} ให้กรอก{what}ในชีตนี้ก่อนส่ง",
           "sheet '{sheet}' has no {what_en} yet; {reason_en}; fill them in before sending")),
    # --- Thai text -----------------------------------------------------------------------------
    _rule(Code.T201, E,
          ("ใช้ปี ค.ศ. แทน พ.ศ.", "Christian-era year where a Buddhist-era year is expected"),
          ("'{label}' ที่ {where} ใช้ปี ค.ศ. {year_ce} ให้ใช้ปี พ.ศ. {year_be} แทน",
           "'{label_en}' at {where_en} uses the Christian-era year {year_ce}; use the Buddhist "
           "era, {year_be}")),
    _rule(Code.T202, N,
          ("พิมพ์ภาษาไทยคลาดเคลื่อน", "Thai typing slip"),
          ("'{label}' ที่ {where} มี{problem} ควรแก้ให้ถูกต้องเพื่อให้ค้นหาและเปรียบเทียบได้",
           "'{label_en}' at {where_en} has {problem_en}; fix it so the text can be searched and "
           "compared")),
    # --- references between sheets -------------------------------------------------------------
    _rule(Code.R301, E,
          ("ติดตามผลมาตรการที่ไม่มีอยู่", "follow-up of an unknown measure"),
          ("ติดตามผลที่ {where} อ้างรหัสมาตรการ {value} ซึ่งไม่มีในชีต 'มาตรการ' ให้แก้รหัสให้ตรง "
           "หรือเพิ่มมาตรการนี้ในชีต 'มาตรการ'",
           "the follow-up at {where_en} names measure {value}, which sheet 'มาตรการ' does not "
           "have; correct the code or add the measure")),
    _rule(Code.R302, E,
          ("รหัสมาตรการซ้ำ", "measure code used twice"),
          ("รหัสมาตรการ {value} ที่ {where} ซ้ำกับแถว {first_row} ให้ใช้รหัสไม่ซ้ำกัน",
           "measure code {value} at {where_en} repeats row {first_row}; give each measure its "
           "own code")),
    _rule(Code.R303, W,
          ("มาตรการซ้ำกัน", "the same measure twice"),
          ("มาตรการที่ {where} ซ้ำกับมาตรการ {first_code} (แถว {first_row}) ให้ลบแถวที่ซ้ำ "
           "หรือรวมเป็นมาตรการเดียว",
           "the measure at {where_en} repeats measure {first_code} (row {first_row}); delete the "
           "copy or merge them")),
    _rule(Code.R304, W,
          ("มาตรการยังไม่มีผลการติดตามในรอบนี้", "measure without a follow-up for this round"),
          ("มาตรการ {value} ({where}) ยังไม่มีผลการดำเนินการของรอบ {round} ในชีต 'ติดตามผล' "
           "ให้เพิ่มแถวรายงานผลของรอบนี้",
           "measure {value} ({where_en}) has no follow-up for the {round_en} round on sheet "
           "'ติดตามผล'; add a row for this round")),
    _rule(Code.R305, W,
          ("ตัวชี้วัดที่ควรพัฒนายังไม่มีมาตรการ", "weak indicator without a measure"),
          ("ตัวชี้วัดที่ {value} ({where}) {reason} แต่ยังไม่มีมาตรการใดในชีต 'มาตรการ' อ้างถึง "
           "ให้เพิ่มมาตรการสำหรับตัวชี้วัดนี้",
           "indicator {value} ({where_en}) {reason_en} but no measure on sheet 'มาตรการ' names "
           "it; add a measure for it")),
    _rule(Code.R306, W,
          ("ข้อความอ้างถึงหน่วยงานอื่น", "text names another organisation"),
          ("ข้อความที่ {where} อ้างถึง '{value}' ซึ่งไม่ใช่ '{org}' อาจคัดลอกมาจากหน่วยงานอื่น "
           "ให้แก้ชื่อหน่วยงานให้ถูกต้อง",
           "the text at {where_en} names '{value}', not '{org}'; it may be copied from another "
           "agency; correct the name")),
    _rule(Code.R307, W,
          ("ข้อความอ้างถึงปีงบประมาณอื่น", "text names another fiscal year"),
          ("ข้อความที่ {where} อ้างถึงปีงบประมาณ {year} แต่รายงานนี้เป็นของปีงบประมาณ {expected} "
           "ให้ตรวจว่าคัดลอกมาจากรายงานปีอื่นหรือไม่",
           "the text at {where_en} names fiscal year {year_en}, but this return is for "
           "{expected_en}; check whether it was copied from another year's report")),
    _rule(Code.R308, E,
          ("ดำเนินการแล้วเสร็จแต่ไม่มีผลผลิต/ผลลัพธ์", "completed without output or outcome"),
          ("ติดตามผลที่แถว {row} ระบุว่า 'ดำเนินการแล้วเสร็จ' แต่ยังไม่ได้กรอก '{label}' ({where}) "
           "ให้กรอกผลที่ได้ หรือแก้สถานะ",
           "the follow-up in row {row} is marked completed but '{label_en}' ({where_en}) is "
           "empty; fill it in or change the status")),
    _rule(Code.R309, W,
          ("ดำเนินการแล้วเสร็จแต่ไม่มีลิงก์หลักฐาน", "completed without an evidence link"),
          ("ติดตามผลที่แถว {row} ระบุว่า 'ดำเนินการแล้วเสร็จ' แต่ไม่มี 'ลิงก์หลักฐาน' ({where}) "
           "ให้ใส่ลิงก์ที่เผยแพร่บนเว็บไซต์ของหน่วยงาน",
           "the follow-up in row {row} is marked completed but has no evidence link "
           "({where_en}); add the link to its publication on the agency's website")),
    _rule(Code.R310, W,
          ("รายงานผลมาตรการเดียวกันในรอบเดียวกันซ้ำ", "same measure and round reported twice"),
          ("ติดตามผลที่ {where} รายงานมาตรการ {value} รอบ {round} ซ้ำกับแถว {first_row} "
           "ให้รวมเป็นแถวเดียว",
           "the follow-up at {where_en} reports measure {value} for the {round_en} round again "
           "(row {first_row}); merge them into one row")),
    _rule(Code.R311, W,
          ("วันที่อยู่นอกปีงบประมาณ", "date or period outside the fiscal year"),
          ("'{label}' ที่ {where} ({value}) อยู่นอกปีงบประมาณ {year} ({start} – {end}) "
           "ให้ตรวจวันที่หรือปี พ.ศ.",
           "'{label_en}' at {where_en} ({value}) is outside fiscal year {year} ({start_en} – "
           "{end_en}); check the date or the year")),
    _rule(Code.R312, W,
          ("ผู้รับผิดชอบไม่อยู่ในรายชื่อหน่วยงาน", "responsible unit not in the list of units"),
          ("'{label}' ที่ {where} เป็น '{value}' ซึ่งไม่อยู่ในรายชื่อหน่วยงานที่กำหนด "
           "ให้เลือกจากรายการ เช่น {allowed}",
           "'{label_en}' at {where_en} is '{value}', not in the configured list of units; "
           "choose from the list, e.g. {allowed}")),
    _rule(Code.R313, W,
          ("มาตรการปีที่แล้วยังไม่มีผลการดำเนินการ", "last year's measure without a result"),
          ("มาตรการ {value} ของปีงบประมาณ {year} ('{measure}') ไม่มีผลการดำเนินการในชีต 'ติดตามผล' "
           "ของรายงานนี้ ให้เพิ่มแถวรายงานผลของมาตรการนี้",
           "measure {value} of fiscal year {year_en} ('{measure}') has no result on sheet "
           "'ติดตามผล' of this return; add a row reporting on it")),
    _rule(Code.R314, N,
          ("ผลการดำเนินการของมาตรการที่ปีที่แล้วไม่มี", "result for a measure last year did not have"),
          ("ผลการดำเนินการที่ {where} อ้างมาตรการ {value} ซึ่งไม่มีในแบบรายงานปีงบประมาณ {year} "
           "ของหน่วยงาน ให้ตรวจรหัสมาตรการ",
           "the result at {where_en} names measure {value}, which the organisation's fiscal year "
           "{year_en} return did not have; check the measure code")),
    # --- roll-up ---------------------------------------------------------------------------------
    _rule(Code.F401, W,
          ("มีฉบับใหม่กว่าแทนแล้ว", "superseded by a newer return"),
          ("รายงานนี้ถูกแทนด้วยฉบับที่ใหม่กว่า ({value}) ของหน่วยงาน/ส่วนงาน ปี และรอบเดียวกัน "
           "จึงไม่นับในสรุป",
           "this return is superseded by a newer one ({value}) from the same organisation, "
           "division, year and round, and is not counted")),
    _rule(Code.F402, E,
          ("ยังไม่ได้ส่งรายงาน", "expected return not received"),
          ("ยังไม่ได้รับรายงานของ {value} ตามทะเบียนรายชื่อ",
           "no return was received from {value}, which the roster expects")),
    _rule(Code.F403, W,
          ("หน่วยงานไม่อยู่ในทะเบียนรายชื่อ", "organisation not on the roster"),
          ("{value} ไม่อยู่ในทะเบียนรายชื่อหน่วยงานที่ต้องส่ง ให้ตรวจชื่อหน่วยงานหรือเพิ่มในทะเบียน",
           "{value} is not on the roster; check the organisation name or add it to the roster")),
    _rule(Code.F404, E,
          ("รายงานคนละปีงบประมาณ", "return for another fiscal year"),
          ("รายงานนี้เป็นของปีงบประมาณ {value} แต่การสรุปเป็นของปีงบประมาณ {expected} "
           "จึงไม่นับในสรุป",
           "this return is for fiscal year {year_en} but the roll-up is for {expected_en}; it is "
           "not counted")),
)  # fmt: skip

CATALOGUE: dict[Code, Rule] = {rule.code: rule for rule in RULES}


@dataclass(frozen=True)
class Finding:
    """One problem, where it is, and what to do about it (SPEC §3)."""

    code: str
    severity: Severity
    sheet: str | None
    cell: str | None
    row: int | None
    column: int | None
    message_th: str
    message_en: str
    value: str | None = None
    detail: str | None = None
    """A reader's own error text (``CalamineError…``, a zip error), for whoever debugs: in the
    JSON, never in the messages people read."""

    def message(self, lang: str = "th") -> str:
        return self.message_en if lang == "en" else self.message_th

    def to_dict(self) -> dict[str, Any]:
        """The JSON shape of SPEC §3."""
        return {
            "code": self.code,
            "severity": self.severity.value,
            "sheet": self.sheet,
            "cell": self.cell,
            "row": self.row,
            "column": self.column,
            "message_th": self.message_th,
            "message_en": self.message_en,
            "value": self.value,
            **({"detail": self.detail} if self.detail else {}),
        }

    @property
    def sort_key(self) -> tuple[int, str, int, int, str]:
        """Reading order: the file first, then sheets as the workbook has them, then cells."""
        return (
            0 if self.sheet is None else 1,
            "" if self.sheet is None else _SHEET_ORDER.get(self.sheet, self.sheet),
            self.row or 0,
            self.column or 0,
            self.code,
        )


_SHEET_ORDER = {name: f"{i:02d}" for i, name in enumerate(
    ("ข้อมูลหน่วยงาน", "ตัวชี้วัด", "มาตรการ", "ติดตามผล", "_meta")
)}  # fmt: skip


STRICT_FIELDS_VARIABLE = "ITA_XL_STRICT_MESSAGES"
"""Set to 1 (the test suite does) and a message field no check filled is an error."""


class MissingField(KeyError):
    """A message names a field the check did not fill: a bug in the check."""


class _Fields(dict[str, object]):
    """A message's fields. One a check did not fill is an error under the tests; for users it
    reads as empty, as a message with a gap is better than no answer for the file."""

    code = ""

    def __missing__(self, key: str) -> str:
        if os.environ.get(STRICT_FIELDS_VARIABLE) == "1":
            raise MissingField(f"{self.code}: the message needs {{{key}}}, which was not given")
        return ""


def where_th(sheet: str | None, cell: str | None) -> str:
    if sheet and cell:
        return f"ชีต '{sheet}' เซลล์ {cell}"
    return f"ชีต '{sheet}'" if sheet else "ไฟล์"


def where_en(sheet: str | None, cell: str | None) -> str:
    if sheet and cell:
        return f"'{sheet}'!{cell}"
    return f"sheet '{sheet}'" if sheet else "the file"


def finding(
    code: Code,
    *,
    at: Value | None = None,
    sheet: str | None = None,
    row: int | None = None,
    column: int | None = None,
    value: object = None,
    params: Mapping[str, object] | None = None,
    detail: str | None = None,
    severity: Severity | None = None,
    **fields: object,
) -> Finding:
    """A finding of ``code`` at a cell (``at``) or on a sheet/file, its messages filled in."""
    rule = CATALOGUE[code]
    if at is not None:
        sheet, row, column = at.sheet, at.row, at.column
    cell = None
    if row is not None and column is not None:
        cell = f"{column_letter(column)}{row}"
    text = None if value is None else str(value)
    params = _Fields({**(params or {}), **fields})
    params.code = code
    params.setdefault("value", text or "")
    params.setdefault("sheet", sheet or "")
    params.setdefault("row", row or "")
    params["where"] = where_th(sheet, cell)
    params["where_en"] = where_en(sheet, cell)
    return Finding(
        code=code,
        severity=severity or rule.severity,
        sheet=sheet,
        cell=cell,
        row=row,
        column=column,
        message_th=rule.message_th.format_map(params),
        message_en=rule.message_en.format_map(params),
        value=text,
        detail=detail,
    )


def catalogue_markdown() -> str:
    """The documentation page of the codes, generated so it cannot drift from the code."""
    lines = [
        "# รหัสผลการตรวจสอบ — finding codes",
        "",
        "Generated from `ita_xl/checking/findings.py` by `python -m ita_xl.checking.findings`;"
        " do not edit by hand.",
        "",
        "A return passes when it has no `error`. `{…}` marks what the check fills in.",
        "",
        "| รหัส / code | ระดับ / severity | เรื่อง | meaning | ข้อความ (ไทย) | message (English) |",
        "|---|---|---|---|---|---|",
    ]
    for rule in RULES:
        cells = [
            f"`{rule.code}`",
            f"{SEVERITY_TH[rule.severity]} / `{rule.severity.value}`",
            rule.title_th,
            rule.title_en,
            rule.message_th,
            rule.message_en,
        ]
        lines.append("| " + " | ".join(c.replace("|", "\\|") for c in cells) + " |")
    return "\n".join(lines) + "\n"


if __name__ == "__main__":
    print(catalogue_markdown(), end="")
