"""The return workbook: description (spec) + framework → .xlsx, written with XlsxWriter.

The same writer makes the blank template (``ita-xl new``) and, given a ``Filling``, a filled
return (the examples and test fixtures), so both always have the same layout.
"""

from __future__ import annotations

import io
import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from datetime import date, datetime
from pathlib import Path
from typing import Any

import xlsxwriter
from xlsxwriter.workbook import Workbook
from xlsxwriter.worksheet import Worksheet

from ita_xl import layout, spec, thai
from ita_xl._io import atomic_output
from ita_xl._version import __version__
from ita_xl.frameworks import STATUS_TH, Framework
from ita_xl.model import column_letter
from ita_xl.ooxml import package
from ita_xl.workbook import livechecks

DATE_FORMAT = "[$-107041E]d mmm yyyy"
"""Thai locale (041E), Buddhist calendar (07): ``29 ก.ย. 2566``. LibreOffice keeps this LCID form;
it drops the ``[$-th-TH,107]`` spelling and shows a bare serial number."""


@dataclass
class Filling:
    """Values to write into the workbook, by field key (see ``spec``).

    ``info`` pre-fills the form (``--org``, ``--year`` …); ``indicators`` is keyed by indicator
    number; ``measures`` and ``followups`` are rows. Text is always written as text.
    """

    info: dict[str, object] = field(default_factory=dict)
    indicators: dict[int, dict[str, object]] = field(default_factory=dict)
    measures: list[dict[str, object]] = field(default_factory=list)
    followups: list[dict[str, object]] = field(default_factory=list)
    units: tuple[str, ...] = ()


@dataclass(frozen=True)
class Formula:
    """A formula to write as such (test fixtures of officer-typed formulas), with the cached
    value Excel would have stored."""

    text: str
    cached: str | float = ""


def _cell_text(value: object) -> str:
    if value is None:
        return ""
    if isinstance(value, date):
        return thai.format_date(value, abbreviated=True)
    if isinstance(value, Formula):
        return str(value.cached)
    return str(value)


class _Formats:
    """Every cell style of the workbook, all in TH Sarabun New."""

    def __init__(self, book: Workbook) -> None:
        base: dict[str, Any] = {
            "font_name": spec.FONT_NAME,
            "font_size": spec.FONT_SIZE,
            "valign": "top",
            "text_wrap": True,
        }
        boxed = {**base, "border": 1, "border_color": "#8EA9C1"}

        def make(**extra: Any) -> Any:
            return book.add_format({**base, **extra})

        def make_boxed(**extra: Any) -> Any:
            return book.add_format({**boxed, **extra})

        self.title = make(bold=True, font_size=20, font_color="#1F3864", text_wrap=False)
        self.hint = make(italic=True, font_color="#595959")
        self.header = make_boxed(bold=True, bg_color="#D9E2F3", align="center", valign="vcenter")
        self.label = make_boxed(bold=True, bg_color="#F2F2F2")
        self.note = make_boxed(font_color="#595959", bg_color="#F2F2F2")
        self.prefilled = make_boxed(bg_color="#F2F2F2")
        self.prefilled_center = make_boxed(bg_color="#F2F2F2", align="center")
        self.input = make_boxed(locked=False)
        self.input_center = make_boxed(locked=False, align="center")
        self.input_date = make_boxed(locked=False, num_format=DATE_FORMAT, align="left")
        self.input_number = make_boxed(locked=False, num_format="0.00", align="center")
        self.input_year = make_boxed(locked=False, num_format="0", align="left")
        self.text = make()
        self.bold = make(bold=True)
        self.link = make(font_color="#0563C1", underline=1)
        self.lists_header = make(bold=True)


def _write_value(sheet: Worksheet, row: int, col: int, value: object, fmt: Any,
                 date_fmt: Any) -> None:  # fmt: skip
    """Write a cell by its Python type; text is always a string, never a formula or URL."""
    if value is None or value == "":
        sheet.write_blank(row, col, None, fmt)
    elif isinstance(value, Formula):
        sheet.write_formula(row, col, value.text, fmt, value.cached)
    elif isinstance(value, bool):
        sheet.write_string(row, col, str(value), fmt)
    elif isinstance(value, (int, float)):
        sheet.write_number(row, col, value, fmt)
    elif isinstance(value, (date, datetime)):
        moment = (
            value if isinstance(value, datetime) else datetime(value.year, value.month, value.day)
        )
        sheet.write_datetime(row, col, moment, date_fmt)
    elif isinstance(value, str):
        sheet.write_string(row, col, value, fmt)
    else:
        raise TypeError(f"cannot write {type(value).__name__} to a cell")


def _input_format(fmts: _Formats, kind: spec.FieldType) -> Any:
    return {
        spec.FieldType.DATE: fmts.input_date,
        spec.FieldType.SCORE: fmts.input_number,
        spec.FieldType.YEAR: fmts.input_year,
        spec.FieldType.MEASURE_CODE: fmts.input_center,
        spec.FieldType.ROUND: fmts.input_center,
    }.get(kind, fmts.input)


class _TemplateWriter:
    def __init__(self, book: Workbook, framework: Framework, filling: Filling) -> None:
        self.book = book
        self.framework = framework
        self.filling = filling
        self.fmts = _Formats(book)
        self.fiscal_year = self._fiscal_year()
        self.results_year = self.fiscal_year - (1 if framework.reports_previous_year else 0)
        self.has_units = bool(filling.units)
        self.macro = False
        self.previous_year = framework.reports_previous_year

    def _fiscal_year(self) -> int:
        """The year the instructions and ``_meta`` name: the form's, when it is a plausible
        Buddhist-era year, else the framework's (the form cell keeps what was typed)."""
        year = thai.parse_int(self.filling.info.get("fiscal_year"))
        if year is not None and thai.is_christian_era_year(year):
            year = thai.ce_to_be(year)
        return year if year is not None and 2400 < year < 2800 else self.framework.fiscal_year

    # -- shared pieces ------------------------------------------------------------------------

    def _add_sheet(self, name: str, tab_color: str | None) -> Worksheet:
        sheet = self.book.add_worksheet(name)
        # Every row gets a height, even the empty ones: LibreOffice does not auto-fit Thai text.
        sheet.set_default_row(spec.ROW_HEIGHT)
        if tab_color:
            sheet.set_tab_color(tab_color)
        return sheet

    def _protect(self, sheet: Worksheet) -> None:
        # No password: protection guards labels from slips, it is not a security boundary.
        sheet.protect("", {
            "format_columns": True, "format_rows": True, "insert_rows": True,
            "delete_rows": True, "sort": True, "autofilter": True,
        })  # fmt: skip

    def _print_setup(self, sheet: Worksheet, header_rows: int) -> None:
        sheet.set_landscape()
        sheet.set_paper(9)  # A4
        sheet.set_margins(left=0.4, right=0.4, top=0.6, bottom=0.6)
        sheet.repeat_rows(0, header_rows - 1)
        sheet.fit_to_pages(1, 0)
        sheet.center_horizontally()
        sheet.set_footer('&C&"TH Sarabun New"&14หน้า &P / &N')

    def _print_area_to_last_used_row(self, sheet: Worksheet, table: spec.TableSheet,
                                     last_col: int, first: int, last: int) -> None:  # fmt: skip
        """Print from the title to the last row an officer used, however many that is.

        The finding formula lives in a sheet-level name (``spec.PRINT_ROWS_NAME``) and the print
        area refers to that name: Excel evaluates both when printing, while readers that only
        understand plain ranges (openpyxl, and so pandas) see a name they need not parse and
        stay silent instead of warning on every file."""
        name = f"'{table.name}'"
        data = f"{name}!$B${first + 1}:${column_letter(last_col + 1)}${last + 1}"
        used_row = f"SUMPRODUCT(MAX((LEN({data})>0)*ROW({data})))"
        height = f"MAX({table.header_row + 1},{used_row})"
        rows = f"{name}!{spec.PRINT_ROWS_NAME}"
        self.book.define_name(rows, f"=OFFSET({name}!$A$1,0,0,{height},{last_col + 1})")
        self.book.define_name(f"{name}!_xlnm.Print_Area", f"={rows}")

    def _validation(self, sheet: Worksheet, first: tuple[int, int], last: tuple[int, int],
                    fld: spec.Field) -> None:  # fmt: skip
        """A dropdown from a defined name on ``_lists``, with a Thai input message."""
        options: dict[str, Any] = {}
        if fld.list_name == spec.LIST_MEASURE_CODES and self.previous_year:
            options = {"validate": "any"}  # last year's codes, not this year's list
        elif fld.list_name and (fld.list_name != spec.LIST_UNITS or self.has_units):
            strict = fld.type in (spec.FieldType.CHOICE, spec.FieldType.ROUND)
            options = {
                "validate": "list",
                "source": f"={fld.list_name}",
                "error_type": "stop" if strict else "warning",
                "error_title": "ค่าไม่อยู่ในรายการ",
                "error_message": "กรุณาเลือกจากรายการที่กำหนด"
                + ("" if strict else " (กด ใช่ เพื่อใช้ค่าที่พิมพ์)"),
            }
        elif fld.type is spec.FieldType.SCORE:
            options = {
                "validate": "decimal", "criteria": "between", "minimum": fld.minimum,
                "maximum": fld.maximum, "error_type": "warning",
                "error_title": "คะแนนไม่ถูกต้อง", "error_message": "คะแนนต้องอยู่ระหว่าง ๐ ถึง ๑๐๐",
            }  # fmt: skip
        elif fld.hint:
            options = {"validate": "any"}
        if not options:
            return
        if fld.hint:
            options["input_title"] = fld.label[:32]
            options["input_message"] = fld.hint[:255]
        sheet.data_validation(first[0], first[1], last[0], last[1], options)

    def _title_rows(self, sheet: Worksheet, title: str, hint: str, last_col: int,
                    width: float) -> None:  # fmt: skip
        sheet.set_row(0, 34)
        sheet.set_row(1, layout.row_height([(hint, width)]))
        sheet.write_string(0, 0, title, self.fmts.title)
        sheet.merge_range(1, 0, 1, last_col, hint, self.fmts.hint)
        if self.macro:
            from ita_xl.workbook.vba import BUTTON_CAPTION, MACRO_NAME

            # top right, over the title row, where no data is
            sheet.insert_button(0, last_col, {
                "macro": MACRO_NAME, "caption": BUTTON_CAPTION, "width": 150, "height": 40,
                "x_offset": 4, "y_offset": 2,
            })  # fmt: skip

    # -- sheets -------------------------------------------------------------------------------

    def info_sheet(self) -> None:
        form = spec.INFO
        sheet = self._add_sheet(form.name, "#2F5597")
        sheet.set_column(0, 0, 24)
        sheet.set_column(1, 1, 56)
        sheet.set_column(2, 2, 52)
        self._title_rows(
            sheet, form.title,
            "กรอกข้อมูลในช่องสีขาว ช่องที่เป็นสีชมพูคือข้อมูลที่ต้องกรอก อ่านวิธีกรอกได้ที่ชีต "
            f"{spec.INSTRUCTIONS_SHEET}", 2, 24 + 56 + 52,
        )  # fmt: skip
        header_row = form.first_row - 2
        sheet.set_row(header_row, layout.height_for_lines(1))
        for col, text in enumerate(("รายการ", "ข้อมูล", "คำอธิบาย")):
            sheet.write_string(header_row, col, text, self.fmts.header)
        for index, fld in enumerate(form.fields):
            row = form.first_row - 1 + index
            value = self.filling.info.get(fld.key)
            note = ("ต้องกรอก" if fld.required else "ไม่บังคับ") + (
                f" — {fld.hint}" if fld.hint else ""
            )
            sheet.set_row(row, layout.row_height([(_cell_text(value), 56), (note, 52)]))
            sheet.write_string(row, 0, fld.label, self.fmts.label)
            fmt = _input_format(self.fmts, fld.type)
            _write_value(sheet, row, 1, value, fmt, self.fmts.input_date)
            sheet.write_string(row, 2, note, self.fmts.note)
            self._validation(sheet, (row, 1), (row, 1), fld)
        sheet.freeze_panes(form.first_row - 1, 0)
        self._print_setup(sheet, form.first_row - 1)
        sheet.set_portrait()
        self._protect(sheet)
        sheet.activate()

    def _table_sheet(self, table: spec.TableSheet, hint: str, rows: list[dict[str, object]],
                     title: str | None = None) -> Worksheet:  # fmt: skip
        """Headers, then ``rows`` (pre-filled and filled values); every row gets a height."""
        sheet = self._add_sheet(table.name, "#2F5597")
        fields = table.fields_for(self.previous_year)
        last_col = len(fields) - 1
        self._title_rows(sheet, title or table.title, hint, last_col, sum(f.width for f in fields))
        header = table.header_row - 1
        sheet.set_row(header, layout.row_height([(f.label, f.width) for f in fields]))
        for col, fld in enumerate(fields):
            sheet.set_column(col, col, fld.width)
            sheet.write_string(header, col, fld.label, self.fmts.header)
        first = table.header_row
        for offset, values in enumerate(rows):
            row = first + offset
            texts = [(_cell_text(values.get(f.key)), f.width) for f in fields]
            if any(text for text, _ in texts[1:]):  # an empty input row keeps the default height
                sheet.set_row(row, layout.row_height(texts))
            for col, fld in enumerate(fields):
                if fld.locked:
                    fmt = self.fmts.prefilled_center if fld.width < 12 else self.fmts.prefilled
                else:
                    fmt = _input_format(self.fmts, fld.type)
                _write_value(sheet, row, col, values.get(fld.key), fmt, self.fmts.input_date)
        last_row = first + max(len(rows), 1) - 1
        for col, fld in enumerate(fields):
            if not fld.locked:
                self._validation(sheet, (first, col), (last_row, col), fld)
        sheet.freeze_panes(table.header_row, 1)
        sheet.autofilter(header, 0, last_row, last_col)
        self._print_setup(sheet, table.header_row)
        self._print_area_to_last_used_row(sheet, table, last_col, first, max(last_row, first + 200))
        self._protect(sheet)
        return sheet

    def indicators_sheet(self) -> None:
        fw = self.framework
        rows = []
        for indicator in fw.indicators:
            filled = self.filling.indicators.get(indicator.number, {})
            rows.append({
                "number": thai.to_thai_digits(str(indicator.number)),
                "name": indicator.th,
                "tool": indicator.tool,
                "issues": indicator.issues_text(),
                **filled,
            })  # fmt: skip
        status = STATUS_TH[fw.status]
        self._table_sheet(
            spec.INDICATORS,
            f"{fw.title_th} (สถานะข้อมูลกรอบการประเมิน: {status}) — วิเคราะห์ผลการประเมินปีที่ผ่านมา"
            f" ตัวชี้วัดที่ได้คะแนนต่ำกว่า {thai.to_thai_digits(f'{fw.pass_mark:g}')} คะแนน"
            " หรือมีประเด็นที่ควรพัฒนา ต้องมีมาตรการรองรับ",
            rows,
        )

    def measures_sheet(self) -> None:
        filled = self.filling.measures
        count = max(spec.MEASURES.input_rows, len(filled))
        precoded = spec.MEASURES.precoded_rows
        rows = [
            {**({"code": spec.measure_code(i + 1)} if i < precoded else {}),
             **(filled[i] if i < len(filled) else {})}
            for i in range(count)
        ]  # fmt: skip
        item = self.framework.measures_item
        year = thai.to_thai_digits(str(self.fiscal_year))
        self._table_sheet(
            spec.MEASURES,
            f"หนึ่งแถวต่อหนึ่งมาตรการ ({item.code}) แถวที่เว้นว่างไว้ทั้งแถวไม่นับเป็นมาตรการ รหัสมาตรการต้องไม่ซ้ำกัน",
            rows,
            f"{item.label()} ปีงบประมาณ พ.ศ. {year}",
        )

    def followups_sheet(self) -> None:
        filled = self.filling.followups
        count = max(spec.FOLLOWUPS.input_rows, len(filled))
        rows = [filled[i] if i < len(filled) else {} for i in range(count)]
        item = self.framework.report_item
        results = thai.to_thai_digits(str(self.results_year))
        if self.previous_year:
            hint = (f"รายงานผลการดำเนินการตามมาตรการของปีงบประมาณ พ.ศ. {results} ({item.code}) "
                    "หนึ่งแถวต่อหนึ่งมาตรการของปีนั้น ใส่รหัสและชื่อมาตรการตามที่เผยแพร่ไว้ "
                    f"วันที่และระยะเวลาเป็นของปีงบประมาณ พ.ศ. {results}")  # fmt: skip
        else:
            hint = (f"หนึ่งแถวต่อหนึ่งมาตรการต่อหนึ่งรอบการรายงาน ({item.code}) ใส่รหัสมาตรการจากชีตมาตรการ "
                    "เมื่อดำเนินการแล้วเสร็จต้องมีผลผลิตหรือผลลัพธ์ และลิงก์หลักฐาน")  # fmt: skip
        self._table_sheet(spec.FOLLOWUPS, hint, rows,
                          f"{item.label()} ปีงบประมาณ พ.ศ. {results}")  # fmt: skip

    def instructions_sheet(self) -> None:
        sheet = self._add_sheet(spec.INSTRUCTIONS_SHEET, "#548235")
        sheet.set_column(0, 0, 110)
        sheet.set_column(1, 3, 16)
        lines = instruction_lines(self.framework, self.fiscal_year, self.macro)
        row = 0
        for kind, text in lines:
            fmt = {"title": self.fmts.title, "head": self.fmts.bold}.get(kind, self.fmts.text)
            height = 34.0 if kind == "title" else layout.row_height([(text, 110)])
            sheet.set_row(row, height)
            sheet.write_string(row, 0, text, fmt)
            row += 1
        # The framework as data, each fact with its status, so nothing unconfirmed looks official.
        row += 1
        sheet.set_row(row - 1, spec.ROW_HEIGHT)
        sheet.set_row(row, layout.height_for_lines(1))
        for col, text in enumerate(("ตัวชี้วัด", "เครื่องมือ", "น้ำหนัก (ร้อยละ)", "สถานะน้ำหนัก")):
            sheet.write_string(row, col, text, self.fmts.header)
        for indicator in self.framework.indicators:
            row += 1
            sheet.set_row(row, layout.height_for_lines(1))
            sheet.write_string(row, 0, f"ตัวชี้วัดที่ {indicator.label}", self.fmts.prefilled)
            sheet.write_string(row, 1, indicator.tool, self.fmts.prefilled_center)
            sheet.write_number(row, 2, indicator.weight, self.fmts.prefilled_center)
            sheet.write_string(row, 3, STATUS_TH[indicator.weight_status], self.fmts.prefilled)
        sheet.set_portrait()
        sheet.set_paper(9)
        sheet.fit_to_pages(1, 0)
        sheet.protect("", {"format_columns": True, "format_rows": True})

    def lists_sheet(self, measure_rows: int) -> None:
        sheet = self._add_sheet(spec.LISTS_SHEET, None)
        lists: dict[str, Sequence[str]] = dict(spec.FIXED_LISTS)
        lists[spec.LIST_INDICATORS] = [i.label for i in self.framework.indicators]
        if self.has_units:
            lists[spec.LIST_UNITS] = list(self.filling.units)
        heights = 1
        for col, (name, values) in enumerate(lists.items()):
            sheet.write_string(0, col, name, self.fmts.lists_header)
            for row, value in enumerate(values, start=1):
                sheet.write_string(row, col, value, self.fmts.text)
            heights = max(heights, len(values) + 1)
            letter = column_letter(col + 1)
            ref = f"'{spec.LISTS_SHEET}'!${letter}$2:${letter}${len(values) + 1}"
            self.book.define_name(name, f"={ref}")
            sheet.set_column(col, col, max(thai.display_width(v) for v in values) + 2)
        # What the live checks on ตรวจสอบ compare with.
        fmts = self.fmts
        col, rows = livechecks.write_hidden_lists(
            self.book, sheet, self.framework, len(lists), fmts.lists_header, fmts.text
        )
        heights = max(heights, rows)
        # Measure codes follow whatever the officer typed on มาตรการ.
        sheet.write_string(0, col, spec.LIST_MEASURE_CODES, self.fmts.lists_header)
        first = spec.MEASURES.header_row + 1
        codes = self._measure_codes(measure_rows)
        for offset in range(measure_rows):
            source = f"'{spec.MEASURES.name}'!$A${first + offset}"
            sheet.write_formula(offset + 1, col, f'=IF({source}="","",{source})', self.fmts.text,
                                codes[offset])  # fmt: skip
        letter = column_letter(col + 1)
        self.book.define_name(
            spec.LIST_MEASURE_CODES,
            f"='{spec.LISTS_SHEET}'!${letter}$2:${letter}${measure_rows + 1}",
        )
        sheet.set_column(col, col, 18)
        for row in range(max(heights, measure_rows + 1)):
            sheet.set_row(row, spec.ROW_HEIGHT)
        sheet.hide()

    def _measure_codes(self, count: int) -> list[str]:
        filled = self.filling.measures
        codes = []
        for i in range(count):
            code = filled[i].get("code") if i < len(filled) else None
            codes.append(str(code) if code else spec.measure_code(i + 1))
        return codes

    def xlwings_conf_sheet(self) -> None:
        sheet = self.book.add_worksheet("xlwings.conf")
        sheet.set_column(0, 1, 24)
        for row, (key, value) in enumerate(XLWINGS_CONF):
            sheet.write_string(row, 0, key)
            if value:
                sheet.write_string(row, 1, value)
        sheet.hide()

    def meta_sheet(self) -> None:
        sheet = self._add_sheet(spec.META_SHEET, None)
        values = meta_values(self.framework, self.fiscal_year)
        sheet.set_column(0, 0, 18)
        sheet.set_column(1, 1, 40)
        sheet.write_string(0, 0, "key", self.fmts.lists_header)
        sheet.write_string(0, 1, "value", self.fmts.lists_header)
        sheet.set_row(0, spec.ROW_HEIGHT)
        for row, (key, value) in enumerate(values.items(), start=1):
            sheet.set_row(row, spec.ROW_HEIGHT)
            sheet.write_string(row, 0, key, self.fmts.text)
            sheet.write_string(row, 1, value, self.fmts.text)
        sheet.hide()


def meta_values(framework: Framework, fiscal_year: int) -> dict[str, str]:
    return {
        "template_id": spec.TEMPLATE_ID,
        "schema_version": spec.SCHEMA_VERSION,
        "fiscal_year": str(fiscal_year),
        "framework": framework.id,
        "framework_status": framework.status,
        "generator": f"ita-xl {__version__}",
    }


BUTTON_LINES: list[tuple[str, str]] = [
    ("head", "ปุ่ม ตรวจสอบข้อมูล (แบบรายงาน .xlsm)"),
    ("text", "กดปุ่ม ตรวจสอบข้อมูล ที่มุมบนของชีต โปรแกรมจะตรวจทุกชีตแบบเดียวกับคำสั่ง ita-xl validate "
             "ระบายสีเซลล์ที่ต้องแก้ (แดง = ข้อผิดพลาด เหลือง = คำเตือน ฟ้า = ข้อสังเกต) ใส่บันทึกย่อ"
             "บอกวิธีแก้ และสร้างชีต ผลการตรวจสอบ ที่คลิกไปยังเซลล์ได้ กดซ้ำได้ทุกครั้งหลังแก้ไข "
             "สีและบันทึกเดิมของเซลล์จะถูกคืนก่อนตรวจใหม่"),
    ("text", "ติดตั้งครั้งเดียวบนเครื่อง: ติดตั้ง Python 3.11 ขึ้นไป (64 บิต) แล้วดับเบิลคลิก ติดตั้ง.bat"
             " ในชุดติดตั้งที่ได้จากผู้รวบรวมรายงาน (สร้างด้วยคำสั่ง ita-xl kit) ไม่ต้องใช้อินเทอร์เน็ต"),
    ("text", "เปิดใช้แมโคร: ไฟล์ที่ดาวน์โหลดจากอินเทอร์เน็ตหรืออีเมลจะถูกบล็อกแมโคร ให้คลิกขวาที่ไฟล์ > "
             "Properties > ติ๊ก Unblock > OK แล้วเปิดใหม่ หรือเก็บไฟล์ไว้ในโฟลเดอร์ Trusted Location "
             "(File > Options > Trust Center) จากนั้นกด Enable Content เมื่อ Excel ถาม"),
    ("text", "ถ้าเครื่องไม่มี Python: ส่งไฟล์ให้ผู้รวบรวมรายงาน ซึ่งจะตรวจด้วยคำสั่ง ita-xl validate "
             "และส่งสำเนาที่ระบายสีแล้ว (--annotate) กลับมาให้แก้"),
]  # fmt: skip


def instruction_lines(framework: Framework, fiscal_year: int,
                      macro: bool = False) -> list[tuple[str, str]]:  # fmt: skip
    """The ``คำแนะนำ`` sheet, as (kind, text) lines; kind is ``title``, ``head`` or ``text``."""
    year = thai.to_thai_digits(str(fiscal_year))
    start, end = thai.fiscal_year_bounds(fiscal_year)
    pass_mark = thai.to_thai_digits(f"{framework.pass_mark:g}")
    measures, report = framework.measures_item, framework.report_item
    previous = framework.reports_previous_year
    results = thai.to_thai_digits(str(fiscal_year - 1 if previous else fiscal_year))
    followup_text = (
        f"รายงานผลการดำเนินการตามมาตรการของปีงบประมาณ พ.ศ. {results} ซึ่งเป็นปีที่แล้ว ({report.code}) "
        "หนึ่งแถวต่อหนึ่งมาตรการของปีนั้น ใส่รหัสและชื่อมาตรการตามที่เผยแพร่ไว้ รอบการรายงาน ๑๒ เดือน "
        f"ระยะเวลาและวันที่ต้องอยู่ในปีงบประมาณ พ.ศ. {results} (ใช้ ita-xl new --from ไฟล์ปีที่แล้ว.xlsx "
        "เพื่อเริ่มจากมาตรการของปีที่แล้ว)"
        if previous else
        "หนึ่งแถวต่อหนึ่งมาตรการต่อหนึ่งรอบการรายงาน ใส่รหัสมาตรการให้ตรงกับชีตมาตรการ "
        "ระยะเวลาการดำเนินงานพิมพ์ได้อิสระ เช่น ต.ค. ๖๕ – ก.ย. ๖๖ มาตรการที่ดำเนินการแล้วเสร็จ"
        "ต้องมีผลผลิตหรือผลลัพธ์ และควรมีลิงก์หลักฐานบนเว็บไซต์หลักของหน่วยงาน"
    )  # fmt: skip
    return [
        ("title", "คำแนะนำการกรอกแบบรายงาน"),
        ("text", f"แบบรายงาน{measures.label()} ปีงบประมาณ พ.ศ. {year}"
                 f" ({thai.format_date(start)} – {thai.format_date(end)}) และ{report.label()}"
                 f" ของปีงบประมาณ พ.ศ. {results}"),
        ("head", "๑. ข้อมูลหน่วยงาน"),
        ("text", "กรอกชื่อเต็มของหน่วยงาน ประเภท จังหวัด ปีงบประมาณ (พ.ศ.) รอบการรายงาน ผู้จัดทำ และวันที่"
                 "จัดทำรายงาน ถ้าเป็นรายงานของกอง/สำนัก ให้กรอกช่อง ส่วนงานที่รายงาน"),
        ("head", "๒. ตัวชี้วัด"),
        ("text", "ตัวชี้วัด ชื่อ เครื่องมือ และประเด็นการประเมินกรอกไว้ให้แล้วจากกรอบการประเมิน ให้กรอก"
                 "คะแนนปีที่ผ่านมา ข้อบกพร่องหรือจุดอ่อน ประเด็นที่ควรพัฒนา ผู้รับผิดชอบ และผลการดำเนินการ"
                 f" ตัวชี้วัดที่ได้คะแนนต่ำกว่า {pass_mark} หรือมีประเด็นที่ควรพัฒนา ต้องมีมาตรการรองรับ"),
        ("head", "๓. มาตรการ"),
        ("text", "หนึ่งแถวต่อหนึ่งมาตรการ รหัสมาตรการ (M01, M02, …) ต้องไม่ซ้ำกัน เลือกตัวชี้วัดที่เกี่ยวข้อง"
                 "จากรายการ หรือพิมพ์เฉพาะเลขตัวชี้วัด (เลขไทยหรือเลขอารบิกก็ได้) ระบุแนวทางปฏิบัติ "
                 "ขั้นตอน ผู้รับผิดชอบ และรอบการติดตาม เช่น ๖ และ ๑๒ เดือน"),
        ("head", "๔. ติดตามผล"),
        ("text", followup_text),
        ("head", "๕. ตัวเลข วันที่ และปี"),
        ("text", "ใช้เลขไทยหรือเลขอารบิกก็ได้ ปีให้เป็น พ.ศ. เสมอ (เช่น ๒๕๖๖ ไม่ใช่ 2023) วันที่พิมพ์ได้ทั้ง"
                 " ๑ ต.ค. ๒๕๖๕, 1/10/2565 หรือ 1 ตุลาคม 2565 ช่องสีชมพูคือช่องที่ต้องกรอกแต่ยังว่างอยู่"),
        ("head", "๖. การตรวจสอบก่อนส่ง"),
        ("text", "ชีต ตรวจสอบ ตรวจข้อมูลทันทีที่พิมพ์ ไม่ต้องใช้แมโครหรือ Python: ช่องที่ยังไม่ได้กรอก ค่าที่ไม่อยู่ใน"
                 "รายการ ตัวเลขที่เกินช่วง รหัสมาตรการซ้ำ ติดตามผลของมาตรการที่ไม่มี ฯลฯ แต่ละรายการบอกจำนวนและ"
                 "เซลล์แรกที่คลิกไปได้ ช่องที่มีปัญหาเป็นสีชมพู (ข้อผิดพลาด) หรือสีเหลือง (คำเตือน) ให้แก้จน"
                 " ผลการตรวจเบื้องต้น เป็น ผ่าน ก่อนส่ง"),
        ("text", "ผู้รวบรวมรายงานตรวจแบบรายงานด้วยคำสั่ง ita-xl validate ชื่อไฟล์.xlsx ซึ่งตรวจได้มากกว่า "
                 "เช่น ชื่อหน่วยงานอื่นที่คัดลอกมา ปีงบประมาณที่ไม่ตรง วันที่ และลิงก์ และบอกชีตและเซลล์ที่ต้องแก้ไข"),
        *(BUTTON_LINES if macro else []),
        ("head", "๗. กรอบการประเมินที่ใช้"),
        ("text", f"{framework.title_th} — สถานะข้อมูล: {STATUS_TH[framework.status]} "
                 f"(รหัสรายการ {measures.code}/{report.code}: {STATUS_TH[measures.status]}) "
                 "ข้อมูลที่ยังไม่ยืนยันให้ตรวจสอบกับคู่มือการประเมิน ITA ของสำนักงาน ป.ป.ช. ก่อนใช้อ้างอิง"),
    ]  # fmt: skip


XLWINGS_CONF = (
    ("INTERPRETER_WIN", "pythonw"),
    ("INTERPRETER_MAC", "python3"),
    ("PYTHONPATH", ""),
    ("SHOW CONSOLE", "False"),
    ("USE UDF SERVER", "False"),
    ("DEBUG UDFS", "False"),
)
"""xlwings' per-workbook settings: the Python on PATH, no console window."""


def write_return_workbook(
    path: str | Path, framework: Framework, filling: Filling | None = None,
    *, macro: bool | None = None,
) -> Path:  # fmt: skip
    """Write the return workbook (blank template, pre-filled, or filled) atomically.

    An ``.xlsm`` path (or ``macro=True``) adds the VBA project and the ``ตรวจสอบข้อมูล`` button.
    """
    filling = filling or Filling()
    target = Path(path)
    if macro is None:
        macro = target.suffix.lower() == ".xlsm"
    with atomic_output(target) as temp:
        book = xlsxwriter.Workbook(str(temp), {
            "strings_to_formulas": False, "strings_to_urls": False, "strings_to_numbers": False,
            "default_format_properties": {"font_name": spec.FONT_NAME, "font_size": spec.FONT_SIZE},
        })  # fmt: skip
        start, _ = thai.fiscal_year_bounds(framework.fiscal_year)
        items = f"{framework.measures_item.label()} และ{framework.report_item.label()}"
        book.set_properties({
            "title": f"แบบรายงาน{items}",
            "subject": f"ITA {framework.fiscal_year}",
            "author": "ita-xl",
            "comments": f"{spec.TEMPLATE_ID} v{spec.SCHEMA_VERSION}",
            # Fixed, so the same input gives the same bytes.
            "created": datetime(start.year, start.month, start.day),
        })  # fmt: skip
        writer = _TemplateWriter(book, framework, filling)
        writer.macro = macro
        if macro:
            from ita_xl.workbook.vba import vba_project_bin

            sheet_count = len(_SHEET_ORDER) + 1  # and xlwings.conf, last
            book.add_vba_project(io.BytesIO(vba_project_bin(sheet_count)), is_stream=True)
            book.set_vba_name("ThisWorkbook")
        writer.info_sheet()
        writer.indicators_sheet()
        writer.measures_sheet()
        writer.followups_sheet()
        plan = livechecks.write_checks_sheet(book, framework)
        sheets = {name: book.get_worksheet_by_name(name) for name in spec.REQUIRED_SHEETS}
        livechecks.add_conditional_formats(sheets, plan, book, livechecks.covered_rows(plan))
        writer.instructions_sheet()
        writer.lists_sheet(max(spec.LISTED_MEASURE_CODES, len(filling.measures)))
        writer.meta_sheet()
        if macro:
            writer.xlwings_conf_sheet()
            for number, sheet in enumerate(book.worksheets(), start=1):
                sheet.set_vba_name(f"Sheet{number}")
        book.close()
        _let_rows_grow(temp, plan)
    return target


_SHEET_ORDER = (
    *spec.REQUIRED_SHEETS,
    spec.CHECKS_SHEET,
    spec.INSTRUCTIONS_SHEET,
    spec.LISTS_SHEET,
    spec.META_SHEET,
)
"""The template's sheets, in order (an .xlsm adds xlwings.conf)."""

_ROW_HEIGHT_RE = re.compile(rb'(<row r="([0-9]+)"[^>]*?) customHeight="1"')
_TABLE_PARTS = {f"xl/worksheets/sheet{index}.xml": table.header_row
                for index, table in enumerate(spec.TABLES, start=2)}  # fmt: skip
"""The table sheets' parts: the form is sheet 1, then the tables in order."""
_CHECKS_PART = f"xl/worksheets/sheet{_SHEET_ORDER.index(spec.CHECKS_SHEET) + 1}.xml"


def _let_rows_grow(path: Path, plan: livechecks.Plan) -> None:
    """Input rows keep the height worked out for their text but not as a fixed height, so Excel
    grows a row as the officer types (XlsxWriter marks every height it writes as custom); the
    live checks' helper columns become shared formulas."""

    def unfix(data: bytes, header_row: int) -> bytes:
        return _ROW_HEIGHT_RE.sub(
            lambda m: m.group(1) if int(m.group(2)) > header_row else m.group(0), data
        )

    def edit(name: str, data: bytes) -> bytes:
        header_row = _TABLE_PARTS.get(name)
        if header_row is not None:
            return unfix(data, header_row)
        return livechecks.share_formulas(data, plan) if name == _CHECKS_PART else data

    package.rewrite_file(path, edit)


def filling_from_options(options: Mapping[str, object], units: Sequence[str] = ()) -> Filling:
    """The ``ita-xl new`` options as a Filling of the form."""
    info = {key: value for key, value in options.items() if value not in (None, "")}
    if "round" in info:
        months = thai.parse_round(info["round"])
        info["round"] = thai.round_label(months) if months else info["round"]
    if "fiscal_year" in info:
        year = thai.parse_int(info["fiscal_year"])
        info["fiscal_year"] = year if year is not None else info["fiscal_year"]
    return Filling(info=info, units=tuple(units))
