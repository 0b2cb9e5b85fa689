"""The consolidation → the consolidated annual summary workbook (SPEC §5).

XlsxWriter writes the workbook: overview figures with native charts, the summary by indicator,
the headers, widths, filters and frozen panes of every sheet, ``_meta``. The rows of the big
sheets (measures, follow-ups, register, history, findings) are rendered by ``sheetxml`` and
spliced into XlsxWriter's sheet parts in one streaming pass over the zip. Measures and
follow-ups are rendered and compressed in the worker processes (``ooxml.deflate``): their
segments are joined, not compressed again. Same inputs, same bytes.
"""

from __future__ import annotations

import collections
import csv
import io
import math
import os
import queue
import re
import threading
import zipfile
from collections.abc import Callable, Container, Iterable, Iterator, Mapping, Sequence
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path
from typing import IO, TYPE_CHECKING, Any, TypeGuard

import xlsxwriter

from ita_xl import layout, outputs, spec, thai
from ita_xl._io import atomic_output
from ita_xl._version import __version__
from ita_xl.checking.findings import Finding
from ita_xl.consolidation.decisions import REVIEW_EN, STATUS_COLOURS
from ita_xl.consolidation.digest import Digest, finding_row
from ita_xl.consolidation.kept_rows import with_kept
from ita_xl.consolidation.prints import PRINT_KEY, as_text, cells_print, combined, rows_print
from ita_xl.frameworks import STATUS_TH
from ita_xl.ooxml import deflate, package, sheetxml
from ita_xl.ooxml.deflate import Segment
from ita_xl.outputs import Table

if TYPE_CHECKING:
    from ita_xl.consolidation.rollup import Consolidation

OVERVIEW = outputs.OVERVIEW_SHEET
BY_INDICATOR = outputs.BY_INDICATOR.sheet
MEASURES = outputs.MEASURES.sheet
FOLLOWUPS = outputs.FOLLOWUPS.sheet
REGISTER = outputs.REGISTER.sheet
HISTORY = outputs.HISTORY.sheet
YEARS = outputs.YEAR_OVER_YEAR.sheet
FINDINGS = outputs.FINDINGS.sheet
META = "_meta"
SHEETS = (OVERVIEW, BY_INDICATOR, MEASURES, FOLLOWUPS, REGISTER, HISTORY, YEARS, FINDINGS, META)
NO_LAST_YEAR = ("ไม่มีแบบรายงานของปีที่แล้วให้เทียบ: ระบุโฟลเดอร์ปีที่แล้วด้วย --previous "
                "หรือรวมผลปีที่แล้วด้วยที่เก็บข้อมูลเดียวกัน")  # fmt: skip
NO_HISTORY = ("ไม่มีประวัติการส่ง: สรุปนี้รวมผลโดยไม่ใช้ที่เก็บข้อมูล (--no-store) "
              "จึงไม่ได้บันทึกฉบับที่เคยได้รับ")  # fmt: skip

MAX_DATA_ROWS = 1_048_575  # Excel's rows, less the header
Styles = tuple[int, int, int, int]
"""The format numbers of text, date, number and date-and-time cells (``sheetxml.SPLICED_STYLES``
where the summary could number them so)."""


@dataclass(frozen=True)
class _Detail:
    """A sheet whose rows are spliced in: its columns and where its row bytes come from."""

    table: Table
    rows: int
    csv_rows: Callable[[], Iterator[tuple[object, ...]]]
    rendered: Callable[[Styles], Iterable[bytes]] | None = None
    """Rows rendered here (or kept: ``kept_rows``) with the workbook's format numbers, in
    order."""
    ahead: Callable[[], Iterator[Segment]] | None = None
    """Or rows rendered and compressed in the workers, with ``sheetxml.SPLICED_STYLES``."""
    title: str = ""
    """A title row above the header (the register's: its year)."""

    def xml(self, styles: Styles) -> Iterator[bytes]:
        """The rows' XML with the workbook's format numbers."""
        if self.ahead is not None:
            moved = dict(zip(sheetxml.SPLICED_STYLES, styles, strict=True))
            for piece in self.ahead():
                data = piece.inflated()
                yield data if styles == sheetxml.SPLICED_STYLES else sheetxml.restyled(data, moved)
        elif self.rendered is not None:
            yield from self.rendered(styles)

    def segments(self) -> Iterator[Segment]:
        """The rows compressed, with ``SPLICED_STYLES``: the workers' segments as they are, the
        rows rendered here compressed by a second thread while the next are rendered."""
        if self.ahead is not None:
            yield from self.ahead()
        else:
            yield from _compressed_behind(self.xml(sheetxml.SPLICED_STYLES))

    @property
    def name(self) -> str:
        return self.table.sheet

    @property
    def header_rows(self) -> int:
        return 2 if self.title else 1


# --- XlsxWriter part -------------------------------------------------------------------------


class _Formats:
    def __init__(self, book: xlsxwriter.Workbook) -> None:
        base: dict[str, Any] = {"font_name": spec.FONT_NAME, "font_size": spec.FONT_SIZE,
                                "valign": "top", "text_wrap": True}  # fmt: skip
        self.text = book.add_format(base)
        self.date = book.add_format({**base, "num_format": "[$-107041E]d mmm yyyy",
                                     "align": "left"})  # fmt: skip
        self.moment = book.add_format({**base, "num_format": "[$-107041E]d mmm yyyy hh:mm",
                                       "align": "left"})  # fmt: skip
        self.number = book.add_format({**base, "align": "center"})
        self.header = book.add_format({**base, "bold": True, "bg_color": "#D9E2F3", "border": 1,
                                       "border_color": "#8EA9C1", "align": "center",
                                       "valign": "vcenter"})  # fmt: skip
        self.title = book.add_format({**base, "bold": True, "font_size": 20, "text_wrap": False,
                                      "font_color": "#1F3864"})  # fmt: skip
        self.label = book.add_format({**base, "bold": True, "bg_color": "#F2F2F2", "border": 1,
                                      "border_color": "#8EA9C1"})  # fmt: skip
        self.figure = book.add_format({**base, "border": 1, "border_color": "#8EA9C1",
                                       "num_format": "#,##0", "align": "center"})  # fmt: skip
        self.note = book.add_format({**base, "italic": True, "font_color": "#595959",
                                     "text_wrap": False})  # fmt: skip
        self.typed = book.add_format({"bg_color": "#FFF2CC"})  # Excel's "Input" fill
        self.spliced = (self.text, self.date, self.number, self.moment)
        """The formats of spliced rows' cells, in ``sheetxml.SPLICED_STYLES``' order."""
        self.status = {status: book.add_format({"bg_color": colour})
                       for status, colour in STATUS_COLOURS.items()}  # fmt: skip


def _number_spliced_formats_first(fmts: _Formats) -> None:
    """Give text, date and number cells the format numbers the workers rendered their rows
    with (``sheetxml.SPLICED_STYLES``), so their compressed rows are joined as they are.

    XlsxWriter numbers a format when a sheet first uses it, as it assembles the sheets; its
    ``Format._get_xf_index`` does that now. It is not public: where it is missing or numbers
    otherwise, ``_splice`` sees the numbers differ and renumbers the rows instead (slower,
    the same workbook)."""
    for fmt in fmts.spliced:
        number_now = getattr(fmt, "_get_xf_index", None)
        if callable(number_now):
            number_now()


def _header(sheet: Any, table: Table, fmts: _Formats, row: int = 0) -> int:
    for col, column in enumerate(table.columns):
        sheet.write_string(row, col, column.label, fmts.header)
        sheet.set_column(col, col, column.width)
    sheet.set_row(row, spec.ROW_HEIGHT * 2)
    sheet.freeze_panes(row + 1, 0)
    return len(table.columns)


def _a4_landscape(sheet: Any) -> None:
    """The summary's paper: A4 landscape, its margins (``PRINTABLE``), a page number."""
    sheet.set_landscape()
    sheet.set_paper(9)
    sheet.set_margins(left=0.4, right=0.4, top=0.6, bottom=0.6)
    sheet.set_footer('&C&"TH Sarabun New"&14หน้า &P / &N')


def _print_setup(sheet: Any, header_row: int) -> None:
    """A4 landscape, one page wide, the header repeated on every page."""
    _a4_landscape(sheet)
    sheet.repeat_rows(0, header_row)
    sheet.fit_to_pages(1, 0)


def _detail_sheet(book: xlsxwriter.Workbook, detail: _Detail, fmts: _Formats,
                  overflow: Path | None) -> None:  # fmt: skip
    sheet = book.add_worksheet(detail.name)
    sheet.set_default_row(spec.ROW_HEIGHT)
    header = detail.header_rows - 1
    if detail.title:
        sheet.set_row(0, 34)
        sheet.write_string(0, 0, detail.title, fmts.title)
    count = _header(sheet, detail.table, fmts, header)
    if overflow is not None:
        sheet.write_string(header + 1, 0, f"ข้อมูล {detail.rows:,} แถวเกินขีดจำกัดของ Excel "
                                          f"จึงบันทึกไว้ในไฟล์ {overflow.name}", fmts.note)  # fmt: skip
        return
    last = header + max(detail.rows, 1)
    sheet.autofilter(header, 0, last, count - 1)
    if "status" in detail.table.keys:  # the register and the history: a colour per status
        column = detail.table.position("status")
        for status in STATUS_COLOURS:
            sheet.conditional_format(header + 1, column, last, column, {
                "type": "cell", "criteria": "==", "value": f'"{status}"',
                "format": fmts.status[status],
            })  # fmt: skip
    if detail.table is outputs.REGISTER and detail.rows:
        _review_columns(sheet, header + 1, last, fmts)
    if not detail.rows and detail.table in (outputs.HISTORY, outputs.YEAR_OVER_YEAR):
        empty = NO_HISTORY if detail.table is outputs.HISTORY else NO_LAST_YEAR
        sheet.write_string(header + 1, 0, empty, fmts.note)
    _print_setup(sheet, header)


def _review_columns(sheet: Any, first: int, last: int, fmts: _Formats) -> None:
    """The two columns the team types into (SPEC §9): a dropdown of the review words, and a
    note; the next roll-up reads them back."""
    review = outputs.REGISTER.position("review")
    sheet.data_validation(first, review, last, review, {
        "validate": "list", "source": list(REVIEW_EN),
        "input_title": "ผลการพิจารณา", "input_message": "เลือกผลการพิจารณาของคณะทำงาน",
        "error_title": "ค่าไม่อยู่ในรายการ",
        "error_message": "เลือก " + " / ".join(REVIEW_EN),
    })  # fmt: skip
    note = outputs.REGISTER.position("review_note")
    for column in (review, note):
        sheet.conditional_format(first, column, last, column,
                                 {"type": "no_errors", "format": fmts.typed})  # fmt: skip


CHART_COLUMN = 6
"""Charts stand in column G and to its right, where the overview writes nothing."""


class _Cells:
    """A sheet written cell by cell, each value kept by (row, column) as it is written: the
    sheet's print (``prints.cells_print``)."""

    def __init__(self, sheet: Any) -> None:
        self.sheet = sheet
        self.values: dict[tuple[int, int], object] = {}

    def string(self, row: int, column: int, text: str, fmt: Any) -> None:
        self.sheet.write_string(row, column, text, fmt)
        self.values[row, column] = text

    def number(self, row: int, column: int, number: float, fmt: Any) -> None:
        self.sheet.write_number(row, column, number, fmt)
        self.values[row, column] = number


def _overview(book: xlsxwriter.Workbook, c: Consolidation, fmts: _Formats,
              overflows: dict[str, Path]) -> dict[tuple[int, int], object]:  # fmt: skip
    """The overview sheet; the values it holds, by (row, column)."""
    sheet = book.add_worksheet(OVERVIEW)
    cells = _Cells(sheet)
    sheet.set_default_row(spec.ROW_HEIGHT)
    for column, width in enumerate(OVERVIEW_COLUMNS):
        sheet.set_column(column, column, width)
    year = thai.to_thai_digits(str(c.fiscal_year)) if c.fiscal_year else "-"
    sheet.set_row(0, 36)
    cells.string(0, 0, "สรุปผลการดำเนินการตามมาตรการส่งเสริมคุณธรรมและความโปร่งใส "
                       f"ประจำปีงบประมาณ พ.ศ. {year}", fmts.title)  # fmt: skip
    cells.string(1, 0, framework_line(c), fmts.note)
    s = c.summary
    figures = [
        ("หน่วยงาน/ส่วนงานที่ต้องส่ง", s["expected"]), ("แบบรายงานที่ได้รับ", s["received"]),
        ("ผ่าน (ไม่มีข้อผิดพลาด)", s["passed"]), ("มีข้อผิดพลาด", s["with_errors"]),
        ("อ่านไม่ได้", s["unreadable"]), ("ไม่ได้ส่ง", s["missing"]),
        ("ฉบับเก่า (มีฉบับใหม่กว่า)", s["superseded"]), ("มาตรการ", s["measures"]),
        ("ผลการติดตาม", s["followups"]),
        ("ไฟล์ที่ข้าม (ไฟล์ล็อก ~$ ไฟล์ซ่อน สรุปผลเดิม และไฟล์อื่น)", c.collected.skipped),
    ]  # fmt: skip
    cells.string(2, 0, "ภาพรวม", fmts.header)
    cells.string(2, 1, "จำนวน", fmts.header)
    for i, (label, value) in enumerate(figures, start=3):
        cells.string(i, 0, label, fmts.label)
        cells.number(i, 1, value, fmts.figure)
    row = 3 + len(figures) + 1
    if not c.roster_given:
        cells.string(row, 0, "ไม่ได้ระบุทะเบียนรายชื่อ (--roster): นับเฉพาะหน่วยงานที่ส่งมา",
                     fmts.note)  # fmt: skip
        row += 1
    for name, path in overflows.items():
        cells.string(row, 0, f"ชีต '{name}' มีข้อมูลเกินขีดจำกัดของ Excel "
                             f"จึงบันทึกรายละเอียดไว้ในไฟล์ {path.name} ข้างไฟล์นี้",
                     fmts.note)  # fmt: skip
        row += 1

    # chart data, beside the figures
    def table(top: int, title: str, items: list[tuple[str, int]]) -> tuple[int, int]:
        cells.string(top, 3, title, fmts.header)
        cells.string(top, 4, "จำนวน", fmts.header)
        for i, (label, value) in enumerate(items, start=top + 1):
            cells.string(i, 3, label, fmts.label)
            cells.number(i, 4, value, fmts.figure)
        return top + 1, top + len(items)

    statuses = list(c.status_counts().items())
    at = {key: outputs.BY_INDICATOR.position(key) for key in ("number", "name", "measures")}
    measures = [(f"{thai.to_thai_digits(str(r[at['number']]))} {r[at['name']]}",
                 int(str(r[at["measures"]]))) for r in c.indicator_rows()]  # fmt: skip
    followups = list(c.followups_by_status().items()) or [("ไม่มีข้อมูล", 0)]
    charts = [
        ("แบบรายงานตามสถานะ", statuses, "column"),
        ("มาตรการตามตัวชี้วัด", measures, "bar"),
        ("ผลการติดตามตามสถานะ", followups, "column"),
    ]
    top = 2
    heights = [_chart_height(kind, len(items)) for _, items, kind in charts]
    chart_rows = _chart_rows(heights)
    for chart_row, height, (title, items, kind) in zip(chart_rows, heights, charts, strict=True):
        first, last = table(top, title, items)
        chart = book.add_chart({"type": kind})
        chart.add_series({
            "name": title,
            "categories": [OVERVIEW, first, 3, last, 3],
            "values": [OVERVIEW, first, 4, last, 4],
            "data_labels": {"value": True},
        })  # fmt: skip
        font = {"name": spec.FONT_NAME, "size": 14}
        chart.set_title({"name": title, "name_font": {**font, "size": 16, "bold": True}})
        chart.set_legend({"none": True})
        counts = _count_axis([value for _, value in items], font)
        # a bar chart's values run along its x axis, a column chart's along its y axis
        chart.set_x_axis(counts if kind == "bar" else {"num_font": font})
        chart.set_y_axis({"num_font": font} if kind == "bar" else counts)
        chart.set_size({"width": CHART_WIDTH, "height": height})
        sheet.insert_chart(chart_row, CHART_COLUMN, chart)
        top = last + 2
    _overview_print_setup(sheet, max(row, top, chart_rows[-1] + _rows_over(heights[-1])))
    return cells.values


# The overview prints at a fixed scale with its own page breaks, so that no chart is cut across
# two pages (Excel ignores manual breaks when a sheet is fitted to pages). Sizes in pixels at
# 96 dpi, as Excel and LibreOffice lay a sheet out.
CHART_WIDTH = 640
COLUMN_CHART_HEIGHT = 256
BAR_PIXELS, BAR_CHART_FRAME = 28, 90
"""A bar chart gives each category a 28 px band (its 14 pt label, never skipped) within a frame
for the title and the axis."""
PRINTABLE = (1045, 679)
"""A4 landscape less the overview's margins (0.4 in at the sides, 0.6 in at top and bottom)."""
OVERVIEW_COLUMNS = (42, 14, 8.43, 34, 12, 8.43)
"""Widths of columns A–F; the charts stand from G over default-width columns."""
PIXELS_PER_WIDTH, COLUMN_PADDING = 8, 5
"""A column of width w is at most 8w + 5 px with 16 pt TH Sarabun New as the default font (its
``0`` is 7.7 px wide): an upper bound, so the page holds at least the rows counted here."""
ROW_PIXELS = spec.ROW_HEIGHT * 96 / 72


def _overview_scale() -> int:
    """Percent at which the overview's columns and charts fit one page wide."""
    columns = sum(w * PIXELS_PER_WIDTH + COLUMN_PADDING for w in OVERVIEW_COLUMNS)
    chart_columns = -(-CHART_WIDTH // 64)  # XlsxWriter anchors by 64 px default columns
    charts = chart_columns * (8.43 * PIXELS_PER_WIDTH + COLUMN_PADDING)
    return min(100, int(100 * PRINTABLE[0] / (columns + charts)))


def _rows_per_page() -> int:
    """Rows of the overview on one page at its scale, one spared for the taller title row."""
    return int(PRINTABLE[1] * 100 / _overview_scale() / ROW_PIXELS) - 1


def _chart_height(kind: str, categories: int) -> int:
    if kind == "bar":
        return max(COLUMN_CHART_HEIGHT, categories * BAR_PIXELS + BAR_CHART_FRAME)
    return COLUMN_CHART_HEIGHT


def _rows_over(height: int) -> int:
    """Rows a chart of ``height`` px stands over, with the rest of its last row left empty."""
    return math.ceil(height / ROW_PIXELS) + 1


def _chart_rows(heights: list[int], first: int = 2) -> list[int]:
    """Top rows of charts stacked in column G, each moved to the next page rather than cut by a
    page's end."""
    per_page = _rows_per_page()
    rows, row = [], first
    for height in heights:
        page_end = (row // per_page + 1) * per_page
        if row + _rows_over(height) - 1 > page_end:
            row = page_end
        rows.append(row)
        row += _rows_over(height)
    return rows


def _overview_print_setup(sheet: Any, last_row: int) -> None:
    _a4_landscape(sheet)
    sheet.set_print_scale(_overview_scale())
    per_page = _rows_per_page()
    sheet.set_h_pagebreaks(list(range(per_page, last_row + 1, per_page)))


def _count_axis(values: list[int], font: dict[str, object]) -> dict[str, object]:
    """An axis that counts returns or measures: whole numbers only (0, 1, 2 … never 0.5), about
    six steps whatever the largest count."""
    step = max(1, -(-max(values, default=0) // 6))
    return {"num_font": font, "num_format": "0", "min": 0, "major_unit": step}


def _by_indicator_sheet(book: xlsxwriter.Workbook, c: Consolidation, fmts: _Formats) -> None:
    sheet = book.add_worksheet(BY_INDICATOR)
    sheet.set_default_row(spec.ROW_HEIGHT)
    table = outputs.BY_INDICATOR
    rows = c.indicator_rows()
    for col, column in enumerate(table.columns):
        sheet.write_string(0, col, column.label, fmts.header)
        sheet.set_column(col, col, column.width)
    sheet.set_row(0, spec.ROW_HEIGHT * 3)
    issues = table.position("issues")

    for r, values in enumerate(rows, start=1):
        for col, value in enumerate(values):
            if value is None:
                sheet.write_blank(r, col, None, fmts.text)
            elif isinstance(value, (int, float)):
                sheet.write_number(r, col, value, fmts.number)
            else:
                sheet.write_string(r, col, str(value), fmts.text)
        sheet.set_row(r, layout.row_height([(str(values[issues]), table.widths[issues])]))
    sheet.freeze_panes(1, 2)
    sheet.autofilter(0, 0, len(rows), len(table.columns) - 1)
    _print_setup(sheet, 0)


def framework_line(c: Consolidation) -> str:
    """Which framework the summary follows, how certain it is, and which year's results the
    follow-ups report (the previous one from FY2568)."""
    fw = c.framework
    year = c.fiscal_year or fw.fiscal_year
    results = year - 1 if fw.reports_previous_year else year
    return (
        f"กรอบการประเมิน {fw.id} (สถานะ: {STATUS_TH[fw.status]}) · มาตรการ {fw.measures_item.code} "
        f"ของปีงบประมาณ {thai.to_thai_digits(str(year))} · ผลการดำเนินการ {fw.report_item.code} "
        f"ของปีงบประมาณ {thai.to_thai_digits(str(results))}"
        + ("" if fw.status == "confirmed" else " · ข้อมูลที่ยังไม่ยืนยันให้ตรวจกับคู่มือ ITA ของสำนักงาน ป.ป.ช.")
    )


def _written_ranges(book: xlsxwriter.Workbook,
                    details: dict[str, _Detail]) -> list[tuple[str, str]]:  # fmt: skip
    """Each sheet's rows and columns: what XlsxWriter holds, and the rows spliced in after."""
    ranges = []
    for sheet in book.worksheets():
        rows = 0 if sheet.dim_rowmax is None else sheet.dim_rowmax + 1
        columns = 0 if sheet.dim_colmax is None else sheet.dim_colmax + 1
        if (detail := details.get(sheet.name)) is not None:
            rows = max(rows, detail.header_rows + detail.rows)
            columns = max(columns, len(detail.table.columns))
        ranges.append((f"{outputs.WRITTEN_KEY}{sheet.name}", f"{rows},{columns}"))
    return ranges


def _meta_sheet(book: xlsxwriter.Workbook, c: Consolidation,
                written: list[tuple[str, str]]) -> None:  # fmt: skip
    sheet = book.add_worksheet(META)
    fw = c.framework
    values = [
        ("key", "value"), ("template_id", spec.SUMMARY_TEMPLATE_ID), ("schema_version", "1"),
        ("fiscal_year", str(c.fiscal_year or "")), ("generator", f"ita-xl {__version__}"),
        ("files", str(len(c.digests))), ("framework", fw.id),
        ("framework_status", fw.status), ("results_year", fw.results_year),
        # the register names files as the roll-up was given them: from here
        ("working_folder", os.getcwd()),
        *written,
    ]  # fmt: skip
    for r, (key, value) in enumerate(values):
        sheet.write_string(r, 0, key)
        sheet.write_string(r, 1, value)
    sheet.hide()


# --- splicing the big sheets in --------------------------------------------------------------

_DIMENSION_RE = re.compile(rb'<dimension ref="[^"]*"/>')
_ZIP_DATE = (1980, 1, 1, 0, 0, 0)


def _last_column(count: int) -> str:
    from ita_xl.model import column_letter

    return column_letter(count)


def _spliced_sheet(data: bytes, detail: _Detail) -> tuple[bytes, bytes]:
    """XlsxWriter's sheet cut where the rows go in: (up to ``<sheetData>``'s end, the rest),
    its dimension made to cover the rows."""
    head, _, tail = data.partition(b"</sheetData>")
    last_row = detail.rows + detail.header_rows
    ref = f"A1:{_last_column(len(detail.table.columns))}{last_row}".encode()
    head = _DIMENSION_RE.sub(b'<dimension ref="' + ref + b'"/>', head, count=1)
    return head, b"</sheetData>" + tail


def _splice(source: IO[bytes], target: Path, details: dict[str, _Detail],
            styles: Styles) -> None:  # fmt: skip
    """XlsxWriter's package with each detail sheet's rows put in before ``</sheetData>``.

    Where the workbook numbered its formats as the workers assumed (``SPLICED_STYLES``), the
    rows the workers compressed are joined as they are (``package.write_segmented``);
    otherwise, or past 4 GiB, they are inflated, renumbered and compressed again by
    ``zipfile``."""
    if styles == sheetxml.SPLICED_STYLES:
        try:
            with zipfile.ZipFile(source) as book, target.open("wb") as out:
                package.write_segmented(out, _segmented_parts(book, details))
            return
        except package.TooLargeForZip32:
            pass
    _splice_with_zipfile(source, target, details, styles)


_Parts = Iterator[tuple[str, Iterator[Segment]]]


def _segmented_parts(book: zipfile.ZipFile, details: dict[str, _Detail]) -> _Parts:
    for info in book.infolist():
        data = book.read(info.filename)
        detail = details.get(info.filename)
        if detail is None:
            yield info.filename, iter((deflate.segment(data, level=6),))
            continue
        head, tail = _spliced_sheet(data, detail)

        def pieces(head: bytes = head, tail: bytes = tail,
                   detail: _Detail = detail) -> Iterator[Segment]:  # fmt: skip
            yield deflate.segment(head)
            yield from detail.segments()
            yield deflate.segment(tail)

        yield info.filename, pieces()


def _splice_with_zipfile(source: IO[bytes], target: Path, details: dict[str, _Detail],
                         styles: Styles) -> None:  # fmt: skip
    """``_splice`` the slow way: the rows streamed through ``zipfile`` (zip64 where needed)."""
    with zipfile.ZipFile(source) as book, zipfile.ZipFile(
        target, "w", zipfile.ZIP_DEFLATED, compresslevel=1
    ) as out:  # fmt: skip
        for info in book.infolist():
            data = book.read(info.filename)
            detail = details.get(info.filename)
            if detail is None:
                out.writestr(info, data)
                continue
            head, tail = _spliced_sheet(data, detail)
            entry = zipfile.ZipInfo(info.filename, date_time=_ZIP_DATE)
            entry.compress_type = zipfile.ZIP_DEFLATED
            # the fastest deflate: these sheets are most of the workbook (8 MB instead of 4 MB
            # for 8,000 returns, written in a third of the time); 3.13 made the level public
            level = "compress_level" if hasattr(entry, "compress_level") else "_compresslevel"
            setattr(entry, level, 1)
            entry.external_attr = info.external_attr
            with out.open(entry, "w", force_zip64=True) as stream:
                stream.write(head)
                _written_behind(stream, detail.xml(styles))
                stream.write(tail)


_BATCH_BYTES = 1 << 20


def _written_behind(stream: IO[bytes], chunks: Iterable[bytes]) -> None:
    """``chunks`` written to ``stream`` by a second thread while this one makes the next ones:
    zlib lets go of the GIL while it compresses, so rendering and compressing overlap on two
    cores. Chunks go over in batches of about a megabyte, not one by one."""
    batches: queue.Queue[bytes | None] = queue.Queue(maxsize=4)
    failed: list[BaseException] = []

    def write() -> None:
        while (batch := batches.get()) is not None:
            if not failed:
                try:
                    stream.write(batch)
                except BaseException as error:  # handed to the caller's thread
                    failed.append(error)

    writer = threading.Thread(target=write, name="ita-xl summary writer", daemon=True)
    writer.start()
    try:
        for batch in _batched(chunks):
            if failed:
                break
            batches.put(batch)
    finally:
        batches.put(None)
        writer.join()
    if failed:
        raise failed[0]


def _compressed_behind(chunks: Iterable[bytes]) -> Iterator[Segment]:
    """``chunks`` in segments of about a megabyte, each compressed by a second thread while
    this one makes the next chunks (zlib lets go of the GIL), in order."""
    from concurrent.futures import Future, ThreadPoolExecutor

    with ThreadPoolExecutor(1, thread_name_prefix="ita-xl summary") as pool:
        pending: collections.deque[Future[Segment]] = collections.deque()
        for batch in _batched(chunks):
            pending.append(pool.submit(deflate.segment, batch))
            if len(pending) > 2:
                yield pending.popleft().result()
        while pending:
            yield pending.popleft().result()


def _batched(chunks: Iterable[bytes]) -> Iterator[bytes]:
    """``chunks`` joined into batches of about a megabyte, in order."""
    batch: list[bytes] = []
    size = 0
    for chunk in chunks:
        batch.append(chunk)
        size += len(chunk)
        if size >= _BATCH_BYTES:
            yield b"".join(batch)
            batch, size = [], 0
    if batch:
        yield b"".join(batch)


def _write_csv(path: Path, detail: _Detail) -> None:
    with atomic_output(path) as temp, temp.open("w", encoding="utf-8-sig", newline="") as handle:
        writer = csv.writer(handle)
        writer.writerow(detail.table.labels)
        for row in detail.csv_rows():
            writer.writerow(["" if v is None else v for v in row])


def _details(c: Consolidation) -> list[_Detail]:
    def from_workers(attribute: str) -> Callable[[], Iterator[Segment]]:
        def segments() -> Iterator[Segment]:
            for d in c.counted:
                piece: Segment = getattr(d, attribute)
                if piece.size:
                    yield piece

        return segments

    def measure_rows() -> Iterator[tuple[object, ...]]:
        for d in c.counted:
            yield from d.detail()[0]

    def followup_rows() -> Iterator[tuple[object, ...]]:
        for d in c.counted:
            yield from d.detail()[1]

    def finding_rows() -> Iterator[tuple[object, ...]]:
        for path, d, f in c.file_findings:
            yield finding_row(path, d.org_name if d else "", d.division if d else "", f)

    def register_rows() -> Iterator[tuple[object, ...]]:
        yield from c.register_rows

    def history_rows() -> Iterator[tuple[object, ...]]:
        yield from c.history

    def year_rows() -> Iterator[tuple[object, ...]]:
        yield from c.years.rows if c.years else []

    # the register, the history and the findings name the same organisations and files: each
    # text is rendered and measured once for all of them
    seen = sheetxml.Seen()

    def rendered(rows: Sequence[tuple[object, ...]],
                 table: Table) -> Callable[[Styles], Iterable[bytes]]:  # fmt: skip
        # a re-run takes the rows that did not change from the summary it replaces
        kept = c.kept_rows.get(table.sheet)
        return lambda styles: with_kept(rows, kept, table.widths, seen, styles)

    s = c.summary
    year = thai.to_thai_digits(str(c.fiscal_year)) if c.fiscal_year else "-"
    return [
        _Detail(outputs.MEASURES, s["measures"], measure_rows,
                ahead=from_workers("measures_xml")),
        _Detail(outputs.FOLLOWUPS, s["followups"], followup_rows,
                ahead=from_workers("followups_xml")),
        _Detail(outputs.REGISTER, len(c.register_entries), register_rows,
                rendered(c.register_rows, outputs.REGISTER),
                title=f"ทะเบียนการส่งแบบรายงาน ปีงบประมาณ พ.ศ. {year}"),
        _Detail(outputs.HISTORY, len(c.history), history_rows,
                rendered(c.history, outputs.HISTORY)),
        _Detail(outputs.YEAR_OVER_YEAR, len(c.years.rows) if c.years else 0, year_rows,
                rendered(c.years.rows if c.years else [], outputs.YEAR_OVER_YEAR),
                title=f"เทียบกับปีงบประมาณ พ.ศ. {thai.to_thai_digits(str(c.years.previous_year))}"
                if c.years and c.years.previous_year else ""),
        _Detail(outputs.FINDINGS, c.finding_count, finding_rows,
                ahead=lambda: _finding_segments(c, seen)),
    ]  # fmt: skip


def _finding_segments(c: Consolidation, seen: sheetxml.Seen) -> Iterator[Segment]:
    """The findings sheet's rows, in ``c.finding_groups``' order: each return's own findings as
    its worker rendered them (``Digest.findings_xml``), the roll-up's own rendered here. A
    re-run then renders none of the thousands of findings it loaded, nor decodes them."""
    here: list[tuple[object, ...]] = []

    def rendered_here() -> Iterator[Segment]:
        if here:
            rows = sheetxml.render_rows(here, outputs.FINDINGS.widths, seen)
            yield deflate.segment(sheetxml.resolve_styles(rows, *sheetxml.SPLICED_STYLES))
            here.clear()

    for path, d, found in c.finding_groups:
        if _rendered_ahead(d, found):
            yield from rendered_here()
            yield d.findings_xml
            continue
        for f in found:
            here.append(finding_row(path, d.org_name if d else "", d.division if d else "", f))
            if len(here) == 2000:
                yield from rendered_here()
    yield from rendered_here()


def _rendered_ahead(d: Digest | None, found: Sequence[Finding]) -> TypeGuard[Digest]:
    """Whether a group of findings (``Consolidation.finding_groups``) is a return's own, as its
    worker rendered them."""
    return d is not None and found is d.findings and d.findings_xml.size > 0


def _sheet_prints(c: Consolidation, details: dict[str, _Detail], overflows: Container[str],
                  overview: Mapping[tuple[int, int], object]) -> list[tuple[str, str]]:  # fmt: skip
    """The print of each table the summary writes whole and the team does not work in
    (``prints``), and its number of rows; the overview's, of its cells, and how many: a later
    roll-up tells from them that a value there was typed over
    (``reviews.typed_over_details``)."""

    def finding_prints() -> Iterator[int]:
        for path, d, found in c.finding_groups:
            if _rendered_ahead(d, found):
                yield d.prints[2]
            else:
                org, division = (d.org_name, d.division) if d else ("", "")
                yield rows_print(finding_row(path, org, division, f) for f in found)

    indicators = c.indicator_rows()
    found = {
        MEASURES: (combined(d.prints[0] for d in c.counted), details[MEASURES].rows),
        FOLLOWUPS: (combined(d.prints[1] for d in c.counted), details[FOLLOWUPS].rows),
        FINDINGS: (combined(finding_prints()), details[FINDINGS].rows),
        YEARS: (rows_print(c.years.rows if c.years else []), details[YEARS].rows),
        BY_INDICATOR: (rows_print(indicators), len(indicators)),
        OVERVIEW: (cells_print(overview), len(overview)),
    }
    return [(f"{PRINT_KEY}{name}", f"{as_text(value)},{rows}")
            for name, (value, rows) in found.items() if name not in overflows]  # fmt: skip


def write_summary(c: Consolidation, path: Path) -> Path:
    """Write the summary workbook atomically; detail sheets over Excel's rows go to CSV beside."""
    details = {d.name: d for d in _details(c)}
    overflows = {name: path.with_name(f"{path.stem}_{name}.csv")
                 for name, d in details.items() if d.rows > MAX_DATA_ROWS}  # fmt: skip
    for name, csv_path in overflows.items():
        _write_csv(csv_path, details[name])
    with atomic_output(path) as temp:
        # the draft never touches the disk: XlsxWriter builds it in memory, parts and all
        draft = io.BytesIO()
        book = xlsxwriter.Workbook(draft, {
            "in_memory": True, "strings_to_formulas": False, "strings_to_urls": False,
            "strings_to_numbers": False,
            "default_format_properties": {"font_name": spec.FONT_NAME,
                                          "font_size": spec.FONT_SIZE},
        })  # fmt: skip
        book.set_properties({
            "title": "สรุปผลการดำเนินการตามมาตรการส่งเสริมคุณธรรมและความโปร่งใส",
            "subject": f"ITA {c.fiscal_year or ''}", "author": "ita-xl",
            "created": datetime(2000, 1, 1),  # fixed: same inputs, same bytes
        })  # fmt: skip
        fmts = _Formats(book)
        _number_spliced_formats_first(fmts)
        overview = _overview(book, c, fmts, overflows)
        _by_indicator_sheet(book, c, fmts)
        order = [MEASURES, FOLLOWUPS, REGISTER, HISTORY, YEARS, FINDINGS]
        for name in order:
            _detail_sheet(book, details[name], fmts, overflows.get(name))
        prints = _sheet_prints(c, details, overflows, overview)
        _meta_sheet(book, c, [*_written_ranges(book, details), *prints])
        book.get_worksheet_by_name(OVERVIEW).activate()
        # the formats spliced rows use must be numbered: use each once on the hidden sheet
        meta = book.get_worksheet_by_name(META)
        below = meta.dim_rowmax + 2  # a row apart from its keys
        for column, fmt in enumerate(fmts.spliced):
            meta.write_blank(below, column, None, fmt)
        book.close()
        text, date_, number, moment = (fmt.xf_index for fmt in fmts.spliced)
        styles = (text, date_, number, moment)
        parts = {f"xl/worksheets/sheet{SHEETS.index(name) + 1}.xml": details[name]
                 for name in order if name not in overflows}  # fmt: skip
        _splice(draft, temp, parts, styles)
    return path
