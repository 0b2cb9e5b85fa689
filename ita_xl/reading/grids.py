"""A sheet as the readers give it: a grid of values with its origin, read by python-calamine
(or openpyxl, for comparison and what calamine cannot see), with what the safety scan found put
back (error values, formulas, merges, percentages as typed, notes)."""

from __future__ import annotations

import io
import warnings
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from datetime import date, datetime, time, timedelta
from pathlib import Path
from typing import Literal

from ita_xl import spec
from ita_xl.model import Value
from ita_xl.reading.safety import WorkbookScan

Engine = Literal["calamine", "openpyxl"]


@dataclass
class SheetGrid:
    """A sheet's values as rows, with the 1-based address of ``rows[0][0]``.

    calamine starts a sheet at its first used cell; keeping the origin lets every value keep its
    real address.
    """

    name: str
    rows: list[list[object]]
    first_row: int = 1
    first_column: int = 1
    formulas: dict[tuple[int, int], str] = field(default_factory=dict)
    """(row, column) → formula text, where a formula was found."""
    merges: list[tuple[int, int, int, int]] = field(default_factory=list)
    """Merged ranges as (first row, first column, last row, last column)."""
    notes: dict[tuple[int, int], str] = field(default_factory=dict)
    """(row, column) → the text of the cell's note (comment)."""

    def value(self, row: int, column: int) -> object:
        r, c = row - self.first_row, column - self.first_column
        if 0 <= r < len(self.rows) and 0 <= c < len(self.rows[r]):
            return self.rows[r][c]
        return None

    def put(self, row: int, column: int, value: object) -> None:
        """Set a value, growing the grid (never moving its origin) as needed."""
        while row < self.first_row:
            self.rows.insert(0, [])
            self.first_row -= 1
        while column < self.first_column:
            self.rows = [[None, *r] for r in self.rows]
            self.first_column -= 1
        r, c = row - self.first_row, column - self.first_column
        while len(self.rows) <= r:
            self.rows.append([])
        line = self.rows[r]
        line.extend([None] * (c + 1 - len(line)))
        line[c] = value

    @property
    def last_row(self) -> int:
        return self.first_row + len(self.rows) - 1

    @property
    def last_column(self) -> int:
        return self.first_column + max((len(r) for r in self.rows), default=0) - 1


def normalise_cell(value: object) -> object:
    """Both engines' values in one vocabulary: empty → None, whole floats → ints (a year read
    as ``2566.0`` is 2566), midnight datetimes → dates."""
    kind = type(value)
    if kind is str:
        return value or None
    if kind is float:
        number = float(value)  # type: ignore[arg-type]
        return int(number) if number.is_integer() and abs(number) < 2**53 else number
    if kind is datetime and value.time() == time(0, 0):  # type: ignore[attr-defined]
        return value.date()  # type: ignore[attr-defined]
    return value


_EXCEL_EPOCH = date(1899, 12, 30)


_SERIAL_DATES = range(20_000, 80_000)  # 1954–2119: a serial, not a year or a score


def as_field_value(fld: spec.Field, value: object) -> object:
    """A date field holding a bare serial (a date cell formatted General) reads as the date."""
    if (
        fld.type is spec.FieldType.DATE
        and isinstance(value, int)
        and not isinstance(value, bool)
        and value in _SERIAL_DATES
    ):
        return _EXCEL_EPOCH + timedelta(days=value)
    return value


def has_value(value: object) -> bool:
    """A value an officer typed (not empty, not only spaces, not a placeholder such as ``-``)."""
    if value is None:
        return False
    if isinstance(value, str):
        return not Value(value, "", 0, 0).is_blank
    return True


def cell_value(grid: SheetGrid, row: int, column: int) -> Value:
    return Value(grid.value(row, column), grid.name, row, column, grid.formulas.get((row, column)))


Source = Path | bytes
"""A workbook file, or its bytes already read (by the scan)."""


Grids = tuple[list[str], dict[str, SheetGrid]]
"""The workbook's sheet names, and the grids of the sheets asked for."""


Wanted = Iterable[str] | None
"""Sheets to read; ``None``: every sheet that may hold an officer's data."""


def _chosen(names: list[str], wanted: Wanted) -> list[str]:
    if wanted is None:
        return [n for n in names if n not in spec.AUXILIARY_SHEETS]
    return [n for n in wanted if n in names]


def _calamine_grids(source: Source, wanted: Wanted, merges: bool = False) -> Grids:
    from python_calamine import CalamineWorkbook, SheetTypeEnum

    if isinstance(source, bytes):
        book = CalamineWorkbook.from_filelike(io.BytesIO(source))
    else:
        book = CalamineWorkbook.from_path(str(source))
    try:
        worksheets = {m.name for m in book.sheets_metadata if m.typ == SheetTypeEnum.WorkSheet}
        names = [n for n in book.sheet_names if n in worksheets]
        grids: dict[str, SheetGrid] = {}
        for name in _chosen(names, wanted):
            sheet = book.get_sheet_by_name(name)
            start = sheet.start or (0, 0)
            # most cells are text or empty (""): handled inline, the rest by normalise_cell
            rows = [[(v or None) if type(v) is str else normalise_cell(v) for v in row]
                    for row in sheet.to_python()]  # fmt: skip
            grid = grids[name] = SheetGrid(name, rows, start[0] + 1, start[1] + 1)
            if merges:  # .xls/.xlsb/.ods: no XML scan found them
                ranges = sheet.merged_cell_ranges or ()
                grid.merges = [(r0 + 1, c0 + 1, r1 + 1, c1 + 1) for (r0, c0), (r1, c1) in ranges]
    finally:
        book.close()
    return names, grids


def _openpyxl_grids(source: Source, wanted: Wanted, merges: bool = False) -> Grids:
    import openpyxl

    file = io.BytesIO(source) if isinstance(source, bytes) else source
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")  # out-of-range dates become #VALUE!, which checks report
        book = openpyxl.load_workbook(file, read_only=True, data_only=True, keep_links=False)
    try:
        names = list(book.sheetnames)
        grids: dict[str, SheetGrid] = {}
        for name in _chosen(names, wanted):
            with warnings.catch_warnings():
                warnings.simplefilter("ignore")
                rows = [[normalise_cell(v) for v in row]
                        for row in book[name].iter_rows(values_only=True)]  # fmt: skip
            grids[name] = SheetGrid(name, rows, 1, 1)
        return names, grids
    finally:
        book.close()


def add_scan(grids: dict[str, SheetGrid], scan: WorkbookScan) -> None:
    """Error values (calamine reads them as empty), formulas and merges from the XML scan."""
    for name, grid in grids.items():
        sheet = scan.sheets.get(name)
        if sheet is None:
            continue
        for (row, column), error in sheet.errors.items():
            grid.put(row, column, error)
        for (row, column), shown in sheet.percents.items():
            grid.put(row, column, shown)  # 80% as typed, not the bare 0.8
        grid.formulas = sheet.formulas
        grid.merges = sheet.merges
        grid.notes = sheet.notes


ENGINES: dict[str, Callable[[Source, Wanted, bool], Grids]] = {
    "calamine": _calamine_grids,
    "openpyxl": _openpyxl_grids,
}
