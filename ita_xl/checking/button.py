"""The ``ตรวจสอบข้อมูล`` button: check the workbook open in Excel and mark it, through xlwings.

``validate_button()`` is what the VBA macro runs (``RunPython``). The logic, ``check_book``,
talks to the workbook only through the small ``Book`` interface of ``marking``; three books
implement it: ``XlwingsBook`` (the live workbook), ``OpenpyxlBook`` (files: ``--annotate``) and
``MemoryBook`` (tests). So the button, the CLI and the tests mark workbooks with one piece of
code, and run exactly the checks ``ita-xl validate`` runs.

Importing this module works without xlwings; pressing the button without it says in Thai how to
install it.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, ClassVar

from ita_xl import spec
from ita_xl.checking.findings import Finding
from ita_xl.checking.marking import FindingRow, ProtectedSheet, Protection, mark, summary_th
from ita_xl.checking.validation import validate_return
from ita_xl.model import Return
from ita_xl.reading.read import WANTED_SHEETS, SheetGrid, return_from_grids

INSTALL_TH = (
    "ปุ่มตรวจสอบข้อมูลต้องใช้ Python และ xlwings ให้ติดตั้งครั้งเดียวด้วย ติดตั้ง.bat ในชุดติดตั้ง "
    "ที่ได้จากผู้รวบรวมรายงาน (ita-xl kit) แล้วกดปุ่มอีกครั้ง หรือส่งไฟล์ให้ผู้รวบรวมรายงานตรวจด้วย ita-xl validate"
)
INSTALL_EN = (
    "the validate button needs Python and xlwings: run ติดตั้ง.bat from the install kit the "
    "central team gives you (ita-xl kit) once, then press the button again, or send the file to "
    "the central team to check with 'ita-xl validate'"
)


class XlwingsMissing(ImportError):
    def __init__(self) -> None:
        super().__init__(f"{INSTALL_TH}\n{INSTALL_EN}")


def _xlwings() -> Any:
    try:
        import xlwings
    except ImportError:
        raise XlwingsMissing() from None
    return xlwings


# --- reading a book ---------------------------------------------------------------------------


def read_book(sheet_names: list[str], grids: dict[str, SheetGrid], path: Path | None) -> Return:
    """The same Return a file gives, from a book's values."""
    return return_from_grids(sheet_names, grids, path)


def check_book(book: Any, units: Iterable[str] = ()) -> list[Finding]:
    """Read the book, run every check, clear earlier marks, mark the problems. The findings."""
    names, grids = book.grids()
    report = validate_return(read_book(names, grids, book.path), units=units)
    mark(book, report.findings)
    return report.findings


# --- an in-memory book (tests) -------------------------------------------------------------------


@dataclass
class MemorySheet:
    cells: dict[str, object] = field(default_factory=dict)
    fills: dict[str, str] = field(default_factory=dict)
    notes: dict[str, str] = field(default_factory=dict)
    links: dict[str, str] = field(default_factory=dict)
    formulas: dict[str, str] = field(default_factory=dict)
    protection: Protection | None = None
    password: str = ""
    """A password this fake knows; the tool never does, so such a sheet stays protected."""


class ExcelRefused(RuntimeError):
    """What Excel raises (run-time error 1004) when a protected sheet is changed."""


def _address(row: int, column: int) -> str:
    from ita_xl.model import column_letter

    return f"{column_letter(column)}{row}"


def _split(address: str) -> tuple[int, int]:
    letters = "".join(ch for ch in address if ch.isalpha())
    number = 0
    for letter in letters.upper():
        number = number * 26 + ord(letter) - 64
    return int(address[len(letters) :]), number


def _set_or_clear(cells: dict[str, str], cell: str, text: str) -> None:
    """An empty text clears the cell's fill or note, as Excel's "No Fill" and "Delete Note" do."""
    if text:
        cells[cell] = text
    else:
        cells.pop(cell, None)


class MemoryBook:
    """A workbook as dictionaries: values, fills, notes, links, by sheet and A1 address."""

    def __init__(self, sheets: dict[str, MemorySheet] | None = None,
                 path: Path | None = None) -> None:  # fmt: skip
        self.sheets: dict[str, MemorySheet] = sheets or {}
        self.path = path
        self.active = ""

    @classmethod
    def from_file(cls, path: str | Path) -> MemoryBook:
        """Values as the reader sees them, fills as openpyxl reads them."""
        import openpyxl

        from ita_xl.checking.annotate import OpenpyxlBook

        source = Path(path)
        book = openpyxl.load_workbook(source, data_only=True)
        with_formulas = openpyxl.load_workbook(source)  # Excel shows both: value and formula
        styled = OpenpyxlBook(book)
        sheets: dict[str, MemorySheet] = {}
        for sheet in book.worksheets:
            memory = MemorySheet()
            for row in with_formulas[sheet.title].iter_rows():
                for cell in row:
                    if cell.data_type == "f" and isinstance(cell.value, str):
                        memory.formulas[cell.coordinate] = cell.value
            for row in sheet.iter_rows():
                for cell in row:
                    if cell.value is not None:
                        memory.cells[cell.coordinate] = cell.value
                    fill = styled.get_fill(sheet.title, cell.coordinate)
                    if fill:
                        memory.fills[cell.coordinate] = fill
                    if cell.comment is not None:
                        memory.notes[cell.coordinate] = cell.comment.text
            memory.protection = styled.get_protection(sheet.title)
            sheets[sheet.title] = memory
        book.close()
        with_formulas.close()
        return cls(sheets, source)

    # reading
    def grids(self) -> tuple[list[str], dict[str, SheetGrid]]:
        grids: dict[str, SheetGrid] = {}
        for name in WANTED_SHEETS:
            sheet = self.sheets.get(name)
            if sheet is None:
                continue
            grid = SheetGrid(name, [], 1, 1)
            for address, value in sheet.cells.items():
                row, column = _split(address)
                grid.put(row, column, _plain(value))
            grid.formulas = {_split(a): text for a, text in sheet.formulas.items()}
            grids[name] = grid
        return list(self.sheets), grids

    # the marking Book
    def sheet_names(self) -> list[str]:
        return list(self.sheets)

    def get_fill(self, sheet: str, cell: str) -> str:
        return self.sheets[sheet].fills.get(cell, "")

    def set_fill(self, sheet: str, cell: str, fill: str) -> None:
        self._allowed(sheet, "formatCells", "colour a cell")
        _set_or_clear(self.sheets[sheet].fills, cell, fill)

    def get_note(self, sheet: str, cell: str) -> str:
        return self.sheets[sheet].notes.get(cell, "")

    def set_note(self, sheet: str, cell: str, text: str) -> None:
        self._allowed(sheet, "objects", "edit a note")
        _set_or_clear(self.sheets[sheet].notes, cell, text)

    def _allowed(self, sheet: str, flag: str, action: str) -> None:
        """As Excel: a protected sheet refuses what its protection forbids."""
        protection = self.sheets[sheet].protection
        if protection is not None and protection.forbids(flag):
            raise ExcelRefused(f"1004: cannot {action} on the protected sheet '{sheet}'")

    def get_protection(self, sheet: str) -> Protection | None:
        return self.sheets[sheet].protection

    def set_protection(self, sheet: str, protection: Protection | None) -> None:
        memory = self.sheets[sheet]
        if protection is None and memory.protection is not None and memory.password:
            raise ProtectedSheet(*_password_messages(sheet))
        memory.protection = protection

    def read_rows(self, sheet: str) -> list[list[object]]:
        cells = self.sheets[sheet].cells
        if not cells:
            return []
        positions = [_split(a) for a in cells]
        rows = max(r for r, _ in positions)
        columns = max(c for _, c in positions)
        return [[cells.get(_address(r, c)) for c in range(1, columns + 1)]
                for r in range(1, rows + 1)]  # fmt: skip

    def write_findings_sheet(self, name: str, headers: list[str], rows: list[FindingRow]) -> None:
        sheet = MemorySheet()
        for column, header in enumerate(headers, start=1):
            sheet.cells[_address(1, column)] = header
        for number, row in enumerate(rows, start=2):
            for column, value in enumerate(row.values, start=1):
                if value not in (None, ""):
                    sheet.cells[_address(number, column)] = value
            if row.link:
                sheet.links[_address(number, 5)] = f"'{row.link[0]}'!{row.link[1]}"
        self.sheets = {name: sheet, **{k: v for k, v in self.sheets.items() if k != name}}
        self.active = name

    def delete_sheet(self, name: str) -> None:
        self.sheets.pop(name, None)


def _password_messages(sheet: str) -> tuple[str, str]:
    return (
        f"ชีต '{sheet}' ถูกป้องกันด้วยรหัสผ่าน จึงระบายสีเซลล์ไม่ได้ ให้ยกเลิกการป้องกันชีต "
        "(รีวิว > ยกเลิกการป้องกันแผ่นงาน) แล้วกดตรวจสอบอีกครั้ง",
        f"sheet '{sheet}' is protected with a password, so its cells cannot be marked; unprotect "
        "it (Review > Unprotect Sheet) and check again",
    )


def _plain(value: object) -> object:
    from datetime import datetime, time

    if isinstance(value, datetime) and value.time() == time(0, 0):
        return value.date()
    if isinstance(value, float) and value.is_integer():
        return int(value)
    return None if value == "" else value


# --- the live workbook, through xlwings ---------------------------------------------------------


def _rgb(colour: object) -> str:
    if isinstance(colour, tuple) and len(colour) == 3:
        return "solid:rgb:FF" + "".join(f"{int(c):02X}" for c in colour)
    return ""


class XlwingsBook:
    """The marking ``Book`` over the workbook open in Excel (``xw.Book.caller()``)."""

    def __init__(self, book: Any) -> None:
        self.book = book
        full = getattr(book, "fullname", "") or ""
        self.path = Path(full) if full else None

    def grids(self) -> tuple[list[str], dict[str, SheetGrid]]:
        names = [s.name for s in self.book.sheets]
        grids: dict[str, SheetGrid] = {}
        for name in WANTED_SHEETS:
            if name not in names:
                continue
            used = self.book.sheets[name].used_range
            values = used.options(ndim=2, err_to_str=True).value
            formulas = used.options(ndim=2).formula
            rows = [[_plain(v) for v in row] for row in values]
            grid = SheetGrid(name, rows, used.row, used.column)
            for r, line in enumerate(formulas):
                for c, text in enumerate(line):
                    if isinstance(text, str) and text.startswith("="):
                        grid.formulas[(used.row + r, used.column + c)] = text
            grids[name] = grid
        return names, grids

    def sheet_names(self) -> list[str]:
        return [s.name for s in self.book.sheets]

    def get_fill(self, sheet: str, cell: str) -> str:
        return _rgb(self.book.sheets[sheet][cell].color)

    def set_fill(self, sheet: str, cell: str, fill: str) -> None:
        target = self.book.sheets[sheet][cell]
        if not fill:
            target.color = None
            return
        colour = fill.rsplit(":", 1)[-1][-6:]
        target.color = tuple(int(colour[i : i + 2], 16) for i in (0, 2, 4))

    def get_note(self, sheet: str, cell: str) -> str:
        note = self.book.sheets[sheet][cell].note
        return str(note.text) if note is not None else ""

    def set_note(self, sheet: str, cell: str, text: str) -> None:
        target = self.book.sheets[sheet][cell]
        if target.note is not None:
            target.note.delete()
        if text:
            target.add_note(text)

    def read_rows(self, sheet: str) -> list[list[object]]:
        value = self.book.sheets[sheet].used_range.options(ndim=2).value
        return [list(row) for row in value]

    def write_findings_sheet(self, name: str, headers: list[str], rows: list[FindingRow]) -> None:
        self.delete_sheet(name)
        sheet = self.book.sheets.add(name, before=self.book.sheets[0])
        table = [headers, *[[("" if v is None else v) for v in row.values] for row in rows]]
        area = sheet.range((1, 1)).resize(len(table), len(headers))
        area.number_format = "@"  # officers' text stays text, even "=HYPERLINK(…)"
        area.value = table
        area.font.name = spec.FONT_NAME
        area.font.size = spec.FONT_SIZE
        sheet.range((1, 1)).resize(1, len(headers)).font.bold = True
        for number, row in enumerate(rows, start=2):
            if row.link:
                target = f"'{row.link[0]}'!{row.link[1]}"
                sheet.range((number, 5)).add_hyperlink(f"#{target}", row.link[1], target)
        sheet.range((1, len(headers))).column_width = 0  # the hidden original-fill column
        sheet.autofit()
        sheet.activate()

    def delete_sheet(self, name: str) -> None:
        if name in self.sheet_names():
            self.book.sheets[name].delete()

    # Excel's Protect options, by SpreadsheetML flag (True there forbids; Allow… True allows)
    _ALLOW: ClassVar[dict[str, str]] = {
        "formatCells": "AllowFormattingCells", "formatColumns": "AllowFormattingColumns",
        "formatRows": "AllowFormattingRows", "insertColumns": "AllowInsertingColumns",
        "insertRows": "AllowInsertingRows", "insertHyperlinks": "AllowInsertingHyperlinks",
        "deleteColumns": "AllowDeletingColumns", "deleteRows": "AllowDeletingRows",
        "sort": "AllowSorting", "autoFilter": "AllowFiltering",
        "pivotTables": "AllowUsingPivotTables",
    }  # fmt: skip

    def get_protection(self, sheet: str) -> Protection | None:
        api = self.book.sheets[sheet].api
        if not (api.ProtectContents or api.ProtectDrawingObjects or api.ProtectScenarios):
            return None
        allowed = api.Protection
        flags = [(flag, not bool(getattr(allowed, name))) for flag, name in self._ALLOW.items()]
        flags += [("objects", bool(api.ProtectDrawingObjects)),
                  ("scenarios", bool(api.ProtectScenarios))]  # fmt: skip
        return Protection(tuple(flags))

    def set_protection(self, sheet: str, protection: Protection | None) -> None:
        api = self.book.sheets[sheet].api
        if protection is None:
            try:
                api.Unprotect("")
            except Exception:  # COM error: the sheet has a password
                raise ProtectedSheet(*_password_messages(sheet)) from None
            return
        options = {name: not protection.forbids(flag) for flag, name in self._ALLOW.items()}
        api.Protect(Password="", DrawingObjects=protection.forbids("objects"), Contents=True,
                    Scenarios=protection.forbids("scenarios"), **options)  # fmt: skip


def validate_button() -> None:
    """Run by the ``ตรวจสอบข้อมูล`` button: check the open workbook and show a Thai summary."""
    xw = _xlwings()
    caller = xw.Book.caller()
    try:
        findings = check_book(XlwingsBook(caller))
    except ProtectedSheet as error:
        caller.app.alert(error.message_th, title="ตรวจสอบข้อมูล")
        return
    caller.app.alert(summary_th(findings), title="ผลการตรวจสอบ")


__all__ = ["MemoryBook", "XlwingsBook", "XlwingsMissing", "check_book", "validate_button"]
