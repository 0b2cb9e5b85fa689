"""``--annotate``: a marked copy of a return, made with openpyxl (which edits existing files and
keeps the VBA project of an .xlsm with ``keep_vba``). The input is only read; the copy is written
to a temporary file and renamed."""

from __future__ import annotations

import tempfile
import warnings
from pathlib import Path
from typing import Any, cast

from ita_xl import outputs, spec
from ita_xl._errors import BilingualError
from ita_xl._io import ANNOTATED_MARK, atomic_output
from ita_xl.checking.findings import Finding, Severity, finding
from ita_xl.checking.marking import PROTECTION_FLAGS, FindingRow, Protection, mark
from ita_xl.ooxml.sheet_aside import put_back, set_aside
from ita_xl.reading.safety import FORMAT_NAMES, UnsafeWorkbook, scan_workbook

_FINDINGS_WIDTHS = outputs.MARKED_FINDINGS.widths


class OpenpyxlBook:
    """The marking ``Book`` over an openpyxl workbook."""

    def __init__(self, workbook: Any) -> None:
        self.workbook = workbook

    def sheet_names(self) -> list[str]:
        return list(self.workbook.sheetnames)

    def get_fill(self, sheet: str, cell: str) -> str:
        fill = self.workbook[sheet][cell].fill
        if fill is None or fill.fill_type is None:
            return ""
        colour = fill.fgColor
        if colour.type == "rgb":
            return f"{fill.fill_type}:rgb:{colour.rgb}"
        if colour.type == "theme":
            return f"{fill.fill_type}:theme:{colour.theme}:{colour.tint}"
        if colour.type == "indexed":
            return f"{fill.fill_type}:indexed:{colour.indexed}"
        return ""

    def set_fill(self, sheet: str, cell: str, fill: str) -> None:
        from openpyxl.styles import Color, PatternFill

        target = self.workbook[sheet][cell]
        if not fill:
            target.fill = PatternFill(fill_type=None)
            return
        kind, _, rest = fill.partition(":")
        source, _, detail = rest.partition(":")
        if source == "rgb":
            colour = Color(rgb=detail)
        elif source == "theme":
            theme, _, tint = detail.partition(":")
            colour = Color(theme=int(theme), tint=float(tint or 0))
        else:
            colour = Color(indexed=int(detail))
        target.fill = PatternFill(fill_type=cast(Any, kind), fgColor=colour)

    def get_note(self, sheet: str, cell: str) -> str:
        comment = self.workbook[sheet][cell].comment
        return comment.text if comment is not None else ""

    def set_note(self, sheet: str, cell: str, text: str) -> None:
        from openpyxl.comments import Comment

        target = self.workbook[sheet][cell]
        if not text:
            target.comment = None
            return
        comment = Comment(text, "ita-xl")
        comment.width, comment.height = 360, min(60 + 18 * text.count("\n") + len(text) // 2, 400)
        target.comment = comment

    def read_rows(self, sheet: str) -> list[list[object]]:
        return [list(row) for row in self.workbook[sheet].iter_rows(values_only=True)]

    def write_findings_sheet(self, name: str, headers: list[str], rows: list[FindingRow]) -> None:
        from openpyxl.styles import Alignment, Font, PatternFill
        from openpyxl.worksheet.hyperlink import Hyperlink

        from ita_xl.checking.marking import FILLS

        if name in self.workbook.sheetnames:
            del self.workbook[name]
        sheet = self.workbook.create_sheet(name, 0)
        font = Font(name=spec.FONT_NAME, size=spec.FONT_SIZE)
        bold = Font(name=spec.FONT_NAME, size=spec.FONT_SIZE, bold=True)
        link_font = Font(
            name=spec.FONT_NAME, size=spec.FONT_SIZE, color="0563C1", underline="single"
        )
        wrap = Alignment(wrap_text=True, vertical="top")
        sheet.append(headers)
        for cell in sheet[1]:
            cell.font, cell.alignment = bold, wrap
            cell.fill = PatternFill(fill_type="solid", fgColor="D9E1F2")
        for number, row in enumerate(rows, start=2):
            sheet.append(list(row.values))
            for cell in sheet[number]:
                cell.font, cell.alignment = font, wrap
            sheet.cell(number, 2).fill = PatternFill(fill_type="solid",
                                                     fgColor=FILLS[row.severity])  # fmt: skip
            if row.link:
                target = sheet.cell(number, 5)
                target.hyperlink = Hyperlink(ref=target.coordinate,
                                             location=f"'{row.link[0]}'!{row.link[1]}")  # fmt: skip
                target.font = link_font
            lines = max(1, len(str(row.values[5])) // 80 + 1)
            sheet.row_dimensions[number].height = spec.ROW_HEIGHT * lines
        sheet.row_dimensions[1].height = spec.ROW_HEIGHT
        for index, width in enumerate(_FINDINGS_WIDTHS[: len(headers)], start=1):
            sheet.column_dimensions[_letter(index)].width = width
        sheet.column_dimensions[_letter(len(headers))].hidden = True
        sheet.freeze_panes = "A2"
        # A4 landscape, one page wide, the header on every page (SPEC §2's print set-up)
        sheet.page_setup.orientation = "landscape"
        sheet.page_setup.paperSize = sheet.PAPERSIZE_A4
        sheet.page_setup.fitToWidth, sheet.page_setup.fitToHeight = 1, 0
        sheet.sheet_properties.pageSetUpPr.fitToPage = True
        sheet.print_title_rows = "1:1"
        sheet.auto_filter.ref = f"A1:{_letter(len(headers) - 1)}{max(len(rows) + 1, 2)}"
        sheet.sheet_properties.tabColor = "C00000" if any(
            r.severity is Severity.ERROR for r in rows
        ) else "70AD47"  # fmt: skip
        for other in self.workbook.worksheets:
            other.sheet_view.tabSelected = other is sheet
        self.workbook.active = 0

    def delete_sheet(self, name: str) -> None:
        if name in self.workbook.sheetnames:
            del self.workbook[name]

    def get_protection(self, sheet: str) -> Protection | None:
        protection = self.workbook[sheet].protection
        if not protection.sheet:
            return None
        return Protection(tuple((flag, bool(getattr(protection, flag)))
                                for flag in PROTECTION_FLAGS))  # fmt: skip

    def set_protection(self, sheet: str, protection: Protection | None) -> None:
        """openpyxl edits the file, and keeps a password's hash as it was."""
        target = self.workbook[sheet].protection
        if protection is None:
            target.sheet = False
            return
        for flag, value in protection.flags:
            setattr(target, flag, value)
        target.sheet = True


def _letter(index: int) -> str:
    from openpyxl.utils import get_column_letter

    return str(get_column_letter(index))


class AnnotateRefused(BilingualError):
    """No marked copy can be made of this file (another format, or over a safety limit)."""


def check_can_annotate(source: Path) -> None:
    """openpyxl loads every sheet whole: the file is first held to the same safety limits as
    ``validate``, on every sheet, and must be .xlsx/.xlsm (openpyxl writes nothing else)."""
    try:
        scan = scan_workbook(source)
    except UnsafeWorkbook as problem:
        message = finding(problem.code, params=problem.fields)
        raise AnnotateRefused(message.message_th, message.message_en) from None
    if scan.format != "xlsx" or scan.decrypted:
        kind = FORMAT_NAMES.get(scan.format, scan.format) if not scan.decrypted else "ไฟล์เข้ารหัส"
        raise AnnotateRefused(
            f"ทำสำเนาระบายสีได้เฉพาะไฟล์ .xlsx/.xlsm ไฟล์นี้เป็น {kind} ให้บันทึกเป็น "
            "'สมุดงาน Excel (*.xlsx)' แล้วตรวจอีกครั้ง",
            f"a marked copy needs an .xlsx/.xlsm file; this one is {scan.format}"
            f"{' (encrypted)' if scan.decrypted else ''}; save it as 'Excel Workbook (*.xlsx)' "
            "and check it again",
        )


def annotate(source: str | Path, output: str | Path, findings: list[Finding]) -> int:
    """Write a marked copy of ``source`` to ``output``; returns the number of cells marked.

    Raises ``AnnotateRefused`` for a file that cannot be marked safely. Pictures and charts are
    kept (openpyxl keeps pictures when Pillow is installed, which ita-xl requires)."""
    import openpyxl

    source, output = Path(source), Path(output)
    check_can_annotate(source)
    keep_vba = source.suffix.lower() == ".xlsm"
    with tempfile.TemporaryDirectory(prefix="ita_xl_") as work:
        # the live checks' generated cells go around openpyxl, unchanged (sheet_aside.py)
        light = Path(work) / f"light{source.suffix.lower()}"
        aside = set_aside(source, spec.CHECKS_SHEET, light)
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")  # openpyxl warns about extensions it does not read
            workbook = openpyxl.load_workbook(light if aside else source, keep_vba=keep_vba,
                                              keep_links=False, rich_text=True)  # fmt: skip
        try:
            marked = mark(OpenpyxlBook(workbook), findings)
            _keep_text(workbook)
            _sign(workbook)
            with atomic_output(output) as temporary:
                workbook.save(temporary)
                if aside:
                    put_back(temporary, aside)
        finally:
            workbook.close()
    return marked


def _sign(workbook: Any) -> None:
    """Say in the copy's properties that ita-xl made it, so that a later ``--annotate`` may
    replace it, and nothing else (``_io.made_by_us``)."""
    from openpyxl.packaging.custom import StringProperty

    from ita_xl._version import __version__

    properties = workbook.custom_doc_props
    for existing in [p for p in properties.props if p.name == ANNOTATED_MARK]:
        properties.props.remove(existing)
    properties.append(StringProperty(name=ANNOTATED_MARK, value=f"ita-xl {__version__}"))


def _keep_text(workbook: Any) -> None:
    """openpyxl takes any string starting with '=' for a formula; the findings quote officers'
    text, which must stay inert text."""
    from openpyxl.cell.cell import TYPE_STRING

    for row in workbook[spec.FINDINGS_SHEET].iter_rows():
        for cell in row:
            if isinstance(cell.value, str) and cell.value.startswith("="):
                cell.data_type = TYPE_STRING
