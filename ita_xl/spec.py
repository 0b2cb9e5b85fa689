"""The return workbook, described once as data (SPEC §2).

The template writer, the reader, the checks and the summary all read this module, so a field
added here appears everywhere. Labels are the exact Thai header texts users see; ``key`` is the
stable English identifier used in code and JSON.
"""

from __future__ import annotations

from dataclasses import dataclass
from enum import Enum

TEMPLATE_ID = "ita-xl/return"
SUMMARY_TEMPLATE_ID = "ita-xl/summary"
"""``_meta`` of the consolidated summary: the roll-up never reads one as a return."""
SCHEMA_VERSION = "2"
"""Bumped when the template's layout changes: returns on an earlier one are still read
(``ITA-S005`` says so). 1: releases up to c20c1d6 (40 pre-coded measure rows, 120 follow-up
rows; the ตรวจสอบ sheet from 612464d on); 2: a 200- and 300-row grid with ten pre-coded rows, so
LibreOffice prints only the rows filled (tests/data/releases keeps returns of version 1)."""

FONT_NAME = "TH Sarabun New"
FONT_SIZE = 16
ROW_HEIGHT = 24.0
"""Points per line of 16 pt TH Sarabun New; LibreOffice does not auto-fit rows on import."""
PRINT_ROWS_NAME = "แถวที่พิมพ์"
"""Sheet-level name of a table sheet's print range: the title down to the last row typed in.
Thai on purpose: a reader that parses print areas as plain ranges (openpyxl) matches any Latin
letters in a name as a column and warns; it passes over a Thai name silently."""


class FieldType(Enum):
    TEXT = "text"
    CHOICE = "choice"  # one of a fixed list (dropdown)
    YEAR = "year"  # Buddhist-era fiscal year
    DATE = "date"
    SCORE = "score"  # 0–100
    PHONE = "phone"
    EMAIL = "email"
    URL = "url"
    MEASURE_CODE = "measure_code"
    INDICATOR = "indicator"  # one of the framework's indicators, or its number
    ROUND = "round"  # one reporting round
    ROUND_SCHEDULE = "round_schedule"  # months such as "๖ และ ๑๒ เดือน"
    PERIOD = "period"  # free text, parsed where possible
    UNIT = "unit"  # a responsible unit; a dropdown when a units list is configured

    # members are singletons compared by identity; Enum's own __hash__ is a Python call, and
    # the checks group every value of every return by its type
    __hash__ = object.__hash__


@dataclass(frozen=True)
class Field:
    """One column of a table sheet, or one item of the form: its key, labels and what it holds."""

    key: str
    label: str
    label_en: str
    type: FieldType = FieldType.TEXT
    required: bool = False
    list_name: str | None = None
    """Defined name of the dropdown's values on ``_lists``."""
    width: float = 20.0
    """Column width in characters (tables) — sized for Thai in TH Sarabun New."""
    prefilled: bool = False
    """Written by the template from the framework (indicator rows) or as row codes."""
    locked: bool = False
    """Officers cannot edit it while the sheet is protected."""
    hint: str = ""
    """Thai input message shown when the cell is selected (≤ 255 characters)."""
    minimum: float | None = None
    maximum: float | None = None
    previous_year_only: bool = False
    """Only in a template whose report covers the previous fiscal year (framework
    ``results_year: previous``): the measures reported on are last year's, not on this year's
    ``มาตรการ``, so the follow-up names them itself."""


@dataclass(frozen=True)
class FormSheet:
    """Labels in column A, values in column B."""

    name: str
    title: str
    fields: tuple[Field, ...]
    first_row: int = 4
    """Row of the first label (1-based); rows above hold the title and a hint."""

    def field(self, key: str) -> Field:
        return next(f for f in self.fields if f.key == key)


@dataclass(frozen=True)
class TableSheet:
    """A header row of labels, then one record per row."""

    name: str
    title: str
    fields: tuple[Field, ...]
    input_rows: int
    """Empty, formatted rows the template offers for typing: as many as the live checks cover.
    LibreOffice cannot evaluate the print area that follows the rows typed in and prints the
    used area instead, leaving out a run of more than 84 alike empty rows at its end (its
    ``SC_VISATTR_STOP``), so a long grid prints only down to the last row with a value."""
    precoded_rows: int = 0
    """Rows that come with their code: as many as print on the first page, since every row
    holding a value prints in LibreOffice. Further codes are typed (Excel's fill handle counts
    on: M10, M11, …)."""
    header_row: int = 3
    """Row of the headers in the template (1-based); readers search for it instead."""
    identity: tuple[str, ...] = ()
    """Fields that tell one record from the next: a row whose identity cells are all merged
    into the row above (or blank) continues that record."""
    title_field: str = ""
    """The field that names a record: a row without its own (blank, or merged into the row
    above) is a continuation, as a Word table pasted into Excel makes one row per paragraph."""

    def field(self, key: str) -> Field:
        return next(f for f in self.fields if f.key == key)

    def fields_for(self, previous_year: bool) -> tuple[Field, ...]:
        """The columns of this table in a template whose report covers the previous fiscal
        year (``previous_year``) or this one."""
        return tuple(f for f in self.fields if previous_year or not f.previous_year_only)


# --- lists ----------------------------------------------------------------------------------

ORG_TYPES = (
    "องค์การบริหารส่วนจังหวัด",
    "เทศบาลนคร",
    "เทศบาลเมือง",
    "เทศบาลตำบล",
    "องค์การบริหารส่วนตำบล",
    "กรุงเทพมหานคร",
    "เมืองพัทยา",
    "ส่วนราชการ",
    "รัฐวิสาหกิจ",
    "องค์การมหาชน",
    "หน่วยงานอื่น",
)

PROVINCES = (
    "กรุงเทพมหานคร", "กระบี่", "กาญจนบุรี", "กาฬสินธุ์", "กำแพงเพชร", "ขอนแก่น", "จันทบุรี",
    "ฉะเชิงเทรา", "ชลบุรี", "ชัยนาท", "ชัยภูมิ", "ชุมพร", "เชียงราย", "เชียงใหม่", "ตรัง", "ตราด",
    "ตาก", "นครนายก", "นครปฐม", "นครพนม", "นครราชสีมา", "นครศรีธรรมราช", "นครสวรรค์", "นนทบุรี",
    "นราธิวาส", "น่าน", "บึงกาฬ", "บุรีรัมย์", "ปทุมธานี", "ประจวบคีรีขันธ์", "ปราจีนบุรี", "ปัตตานี",
    "พระนครศรีอยุธยา", "พะเยา", "พังงา", "พัทลุง", "พิจิตร", "พิษณุโลก", "เพชรบุรี", "เพชรบูรณ์",
    "แพร่", "ภูเก็ต", "มหาสารคาม", "มุกดาหาร", "แม่ฮ่องสอน", "ยโสธร", "ยะลา", "ร้อยเอ็ด", "ระนอง",
    "ระยอง", "ราชบุรี", "ลพบุรี", "ลำปาง", "ลำพูน", "เลย", "ศรีสะเกษ", "สกลนคร", "สงขลา", "สตูล",
    "สมุทรปราการ", "สมุทรสงคราม", "สมุทรสาคร", "สระแก้ว", "สระบุรี", "สิงห์บุรี", "สุโขทัย",
    "สุพรรณบุรี", "สุราษฎร์ธานี", "สุรินทร์", "หนองคาย", "หนองบัวลำภู", "อ่างทอง", "อำนาจเจริญ",
    "อุดรธานี", "อุตรดิตถ์", "อุทัยธานี", "อุบลราชธานี",
)  # fmt: skip

ROUNDS = ("๓ เดือน", "๖ เดือน", "๙ เดือน", "๑๒ เดือน")

STATUS_DONE = "ดำเนินการแล้วเสร็จ"
STATUSES = (STATUS_DONE, "อยู่ระหว่างดำเนินการ", "ยังไม่ได้ดำเนินการ")

# Defined names of the dropdowns; their values live on the hidden `_lists` sheet.
LIST_ORG_TYPES = "lst_org_types"
LIST_PROVINCES = "lst_provinces"
LIST_ROUNDS = "lst_rounds"
LIST_STATUSES = "lst_statuses"
LIST_INDICATORS = "lst_indicators"
LIST_UNITS = "lst_units"
LIST_MEASURE_CODES = "lst_measure_codes"

FIXED_LISTS: dict[str, tuple[str, ...]] = {
    LIST_ORG_TYPES: ORG_TYPES,
    LIST_PROVINCES: PROVINCES,
    LIST_ROUNDS: ROUNDS,
    LIST_STATUSES: STATUSES,
}

# --- sheets ---------------------------------------------------------------------------------

INFO = FormSheet(
    name="ข้อมูลหน่วยงาน",
    title="ข้อมูลหน่วยงานผู้รายงาน",
    fields=(
        Field("org_name", "ชื่อหน่วยงาน", "Organisation", required=True,
              hint="ชื่อเต็มของหน่วยงาน เช่น องค์การบริหารส่วนตำบลเกาะรอ"),
        Field("org_type", "ประเภทหน่วยงาน", "Organisation type", FieldType.CHOICE, required=True,
              list_name=LIST_ORG_TYPES, hint="เลือกจากรายการ"),
        Field("division", "ส่วนงานที่รายงาน", "Reporting division",
              hint="กอง/สำนักที่ส่งรายงานฉบับนี้ เว้นว่างหากเป็นรายงานของทั้งหน่วยงาน"),
        Field("district", "อำเภอ", "District"),
        Field("province", "จังหวัด", "Province", FieldType.CHOICE, required=True,
              list_name=LIST_PROVINCES, hint="เลือกจากรายการ ๗๗ จังหวัด"),
        Field("fiscal_year", "ปีงบประมาณ (พ.ศ.)", "Fiscal year (B.E.)", FieldType.YEAR,
              required=True, minimum=2560, maximum=2600,
              hint="ปีงบประมาณเป็น พ.ศ. เช่น ๒๕๖๖ หรือ 2566 (ไม่ใช่ ค.ศ.)"),
        Field("round", "รอบการรายงาน", "Reporting round", FieldType.ROUND, required=True,
              list_name=LIST_ROUNDS, hint="เลือกรอบ ๓ / ๖ / ๙ / ๑๒ เดือน"),
        Field("preparer", "ผู้จัดทำรายงาน", "Prepared by", required=True,
              hint="ชื่อ-สกุล ผู้จัดทำรายงาน"),
        Field("position", "ตำแหน่ง", "Position"),
        Field("phone", "โทรศัพท์", "Telephone", FieldType.PHONE,
              hint="เช่น 073 123 456 หรือ 081 234 5678"),
        Field("email", "อีเมล", "E-mail", FieldType.EMAIL, hint="เช่น saraban@kohro.go.th"),
        Field("prepared_on", "วันที่จัดทำรายงาน", "Date prepared", FieldType.DATE, required=True,
              hint="วันที่ เช่น ๓๐ ก.ย. ๒๕๖๖ หรือ 30/9/2566"),
    ),
)  # fmt: skip

INDICATORS = TableSheet(
    name="ตัวชี้วัด",
    title="ผลการวิเคราะห์ผลการประเมิน ITA ปีที่ผ่านมา รายตัวชี้วัด",
    input_rows=0,  # one row per indicator of the framework
    identity=("number",),
    title_field="name",
    fields=(
        Field("number", "ตัวชี้วัดที่", "Indicator", FieldType.INDICATOR, prefilled=True,
              locked=True, width=9),
        Field("name", "ชื่อตัวชี้วัด", "Indicator name", prefilled=True, locked=True, width=22),
        Field("tool", "เครื่องมือ", "Tool", prefilled=True, locked=True, width=10),
        Field("last_score", "คะแนนปีที่ผ่านมา", "Last year's score", FieldType.SCORE, width=11,
              minimum=0, maximum=100, hint="คะแนนของตัวชี้วัดนี้ในปีที่ผ่านมา ๐–๑๐๐ (ถ้ามี)"),
        Field("issues", "ประเด็นการประเมิน", "Assessment issues", prefilled=True, width=42,
              hint="กรอกไว้ให้จากกรอบการประเมิน แก้ไขได้"),
        Field("weaknesses", "ข้อบกพร่องหรือจุดอ่อน", "Weaknesses", width=36),
        Field("to_develop", "ประเด็นที่ควรพัฒนา", "Points to develop", width=36),
        Field("responsible", "ผู้รับผิดชอบ", "Responsible", FieldType.UNIT, width=18,
              list_name=LIST_UNITS),
        Field("result", "ผลการดำเนินการ", "Result", width=36),
    ),
)  # fmt: skip

MEASURES = TableSheet(
    name="มาตรการ",
    title="มาตรการส่งเสริมคุณธรรมและความโปร่งใสภายในหน่วยงาน",
    input_rows=197,  # rows 4-200
    precoded_rows=10,
    identity=("code",),
    title_field="measure",
    fields=(
        Field("code", "รหัสมาตรการ", "Measure code", FieldType.MEASURE_CODE, required=True,
              prefilled=True, width=10, hint="รหัสไม่ซ้ำกัน เช่น M01"),
        Field("measure", "มาตรการ", "Measure", required=True, width=32),
        Field("indicator", "ตัวชี้วัดที่เกี่ยวข้อง", "Related indicator", FieldType.INDICATOR,
              required=True, list_name=LIST_INDICATORS, width=22,
              hint="เลือกตัวชี้วัด หรือพิมพ์เลขตัวชี้วัด เช่น ๓"),
        Field("approach", "แนวทางปฏิบัติ", "Approach", required=True, width=36),
        Field("steps", "ขั้นตอน/วิธีการปฏิบัติ", "Steps", required=True, width=40),
        Field("responsible", "ผู้รับผิดชอบ", "Responsible", FieldType.UNIT, required=True,
              list_name=LIST_UNITS, width=18),
        Field("schedule", "รอบการติดตาม", "Follow-up rounds", FieldType.ROUND_SCHEDULE,
              required=True, width=16, hint="รอบที่รายงานผล เช่น ๖ และ ๑๒ เดือน"),
        Field("start", "วันเริ่มต้น", "Start date", FieldType.DATE, width=15,
              hint="วันที่ เช่น ๑ ต.ค. ๒๕๖๕"),
        Field("end", "วันสิ้นสุด", "End date", FieldType.DATE, width=15,
              hint="วันที่ เช่น ๓๐ ก.ย. ๒๕๖๖"),
    ),
)  # fmt: skip

FOLLOWUPS = TableSheet(
    name="ติดตามผล",
    title="ผลการดำเนินการตามมาตรการ",
    input_rows=297,  # rows 4-300
    identity=("code", "round"),
    title_field="details",
    fields=(
        Field("code", "รหัสมาตรการ", "Measure code", FieldType.MEASURE_CODE, required=True,
              list_name=LIST_MEASURE_CODES, width=10, hint="รหัสมาตรการจากชีตมาตรการ"),
        Field("measure", "มาตรการ", "Measure", width=30, previous_year_only=True,
              hint="มาตรการของปีงบประมาณที่รายงานผล (ปีที่แล้ว) ตามที่เผยแพร่ไว้"),
        Field("round", "รอบการรายงาน", "Reporting round", FieldType.ROUND, required=True,
              list_name=LIST_ROUNDS, width=12),
        Field("details", "รายละเอียดการดำเนินงาน", "Work done", required=True, width=42),
        Field("period", "ระยะเวลาการดำเนินงาน", "Period", FieldType.PERIOD, required=True,
              width=18, hint="เช่น ต.ค. ๖๕ – ก.ย. ๖๖ หรือ เดือนมีนาคม ๒๕๖๖"),
        Field("output", "ผลผลิต", "Output", width=26),
        Field("outcome", "ผลลัพธ์", "Outcome", width=30),
        Field("status", "สถานะ", "Status", FieldType.CHOICE, required=True,
              list_name=LIST_STATUSES, width=17),
        Field("evidence_url", "ลิงก์หลักฐาน", "Evidence link", FieldType.URL, width=26,
              hint="ลิงก์ที่เผยแพร่บนเว็บไซต์หลักของหน่วยงาน เริ่มด้วย https://"),
        Field("note", "หมายเหตุ", "Note", width=18),
    ),
)  # fmt: skip

INSTRUCTIONS_SHEET = "คำแนะนำ"
LISTS_SHEET = "_lists"
META_SHEET = "_meta"
FINDINGS_SHEET = "ผลการตรวจสอบ"
CHECKS_SHEET = "ตรวจสอบ"
XLWINGS_CONF_SHEET = "xlwings.conf"
NOTE_MARK = "[ita-xl]"
"""Starts the text ita-xl adds to a cell's note (the button, annotated copies), so clearing
removes only its own words and the reader tells them from an officer's."""


def strip_note(note: str) -> str:
    """The officer's own note without what ita-xl added."""
    if NOTE_MARK not in note:
        return note
    return note[: note.index(NOTE_MARK)].rstrip()


AUXILIARY_SHEETS = frozenset(
    {INSTRUCTIONS_SHEET, LISTS_SHEET, FINDINGS_SHEET, CHECKS_SHEET, XLWINGS_CONF_SHEET}
)
"""Sheets the template or the tools write, which hold no officer's data: not read."""

TABLES: tuple[TableSheet, ...] = (INDICATORS, MEASURES, FOLLOWUPS)
REQUIRED_SHEETS: tuple[str, ...] = (INFO.name, INDICATORS.name, MEASURES.name, FOLLOWUPS.name)

META_KEYS = ("template_id", "schema_version", "fiscal_year", "framework", "generator")


LISTED_MEASURE_CODES = 40
"""Codes the follow-up sheet's dropdown offers (M01–M40); a code typed beyond them is accepted."""


def measure_code(number: int) -> str:
    """Pre-coded measure rows: 1 → ``"M01"``."""
    return f"M{number:02d}"
