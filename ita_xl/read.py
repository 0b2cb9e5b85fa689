"""A workbook → a ``Return``, every value with its sheet and cell address.

Columns and form labels are found by their text, never by position, so an inserted row, reordered
or extra columns still read. The fast path reads values with python-calamine; the openpyxl path
(``engine="openpyxl"``) sees the same values at the same addresses and is kept for comparison and
for what calamine cannot see. Readers never judge: what is missing is recorded on the Return.
"""

from __future__ import annotations

import functools
import io
import warnings
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field
from datetime import date, datetime, time, timedelta
from pathlib import Path
from typing import Literal, TypeVar

from ita_xl import spec, thai
from ita_xl.model import FollowUp, IndicatorRow, Info, Measure, Record, Return, Value
from ita_xl.safety import WorkbookScan, scan_workbook

Engine = Literal["calamine", "openpyxl"]

_HEADER_SEARCH_ROWS = 30
_FORM_SEARCH_COLUMNS = 4


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


def _normalise_cell(value: object) -> object:
    """Both engines' values in one vocabulary: empty → None, midnight datetimes → dates."""
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


def _as_field_value(fld: spec.Field, value: object) -> object:
    """A date field holding a bare serial (a date cell formatted General) reads as the date."""
    if (
        fld.type is spec.FieldType.DATE
        and isinstance(value, int)
        and not isinstance(value, bool)
        and value in _SERIAL_DATES
    ):
        return _EXCEL_EPOCH + timedelta(days=value)
    return value


_LONGEST_LABEL = 100  # the spec's longest label is 22 characters; officers add spaces and marks


def _label_key(text: object) -> str:
    """Header/label text as compared: spaces collapsed, required markers and colons dropped."""
    if not isinstance(text, str) or len(text) > _LONGEST_LABEL:
        return ""  # not text, or an officer's sentence: never a label
    return _clean_label(text)


@functools.lru_cache(maxsize=1024)  # the same labels are looked up in every return
def _clean_label(text: str) -> str:
    return thai.clean_spaces(text).strip("*: ").replace(" *", "").strip()


# --- engines ---------------------------------------------------------------------------------


Source = Path | bytes
"""A workbook file, or its bytes already read (by the scan)."""
Grids = tuple[list[str], dict[str, SheetGrid]]
"""The workbook's sheet names, and the grids of the sheets asked for."""


def _calamine_grids(source: Source, wanted: Iterable[str]) -> Grids:
    from python_calamine import CalamineWorkbook

    if isinstance(source, bytes):
        book = CalamineWorkbook.from_filelike(io.BytesIO(source))
    else:
        book = CalamineWorkbook.from_path(str(source))
    try:
        names = list(book.sheet_names)
        grids: dict[str, SheetGrid] = {}
        for name in wanted:
            if name not in names:
                continue
            sheet = book.get_sheet_by_name(name)
            start = sheet.start or (0, 0)
            # most cells are text or empty (""): handled inline, the rest by _normalise_cell
            rows = [[(v or None) if type(v) is str else _normalise_cell(v) for v in row]
                    for row in sheet.to_python()]  # fmt: skip
            grids[name] = SheetGrid(name, rows, start[0] + 1, start[1] + 1)
    finally:
        book.close()
    return names, grids


def _openpyxl_grids(source: Source, wanted: Iterable[str]) -> Grids:
    import openpyxl

    file = io.BytesIO(source) if isinstance(source, bytes) else source
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")  # out-of-range dates become #VALUE!, which checks report
        book = openpyxl.load_workbook(file, read_only=True, data_only=True, keep_links=False)
    try:
        names = list(book.sheetnames)
        grids: dict[str, SheetGrid] = {}
        for name in wanted:
            if name not in names:
                continue
            with warnings.catch_warnings():
                warnings.simplefilter("ignore")
                rows = [[_normalise_cell(v) for v in row]
                        for row in book[name].iter_rows(values_only=True)]  # fmt: skip
            grids[name] = SheetGrid(name, rows, 1, 1)
        return names, grids
    finally:
        book.close()


def _add_scan(grids: dict[str, SheetGrid], scan: WorkbookScan) -> None:
    """Error values (calamine reads them as empty), formulas and merges from the XML scan."""
    for name, grid in grids.items():
        sheet = scan.sheets.get(name)
        if sheet is None:
            continue
        for (row, column), error in sheet.errors.items():
            grid.put(row, column, error)
        grid.formulas = sheet.formulas
        grid.merges = sheet.merges


ENGINES: dict[str, Callable[[Source, Iterable[str]], Grids]] = {
    "calamine": _calamine_grids,
    "openpyxl": _openpyxl_grids,
}

# --- from grids to a Return ----------------------------------------------------------------------


def _find_form(grid: SheetGrid, form: spec.FormSheet) -> tuple[dict[str, Value], list[str]]:
    """Labels in the first columns, each value in the cell to the right of its label."""
    wanted = {f.label: f for f in form.fields}
    found: dict[str, Value] = {}
    for row in range(grid.first_row, grid.last_row + 1):
        for column in range(1, _FORM_SEARCH_COLUMNS + 1):
            fld = wanted.get(_label_key(grid.value(row, column)))
            if fld and fld.key not in found:
                cell = _cell(grid, row, column + 1)
                raw = _as_field_value(fld, cell.raw)
                found[fld.key] = Value(raw, grid.name, row, column + 1, cell.formula)
                break
    missing = [f.label for f in form.fields if f.key not in found and f.required]
    return found, missing


def _find_header(grid: SheetGrid, table: spec.TableSheet) -> tuple[int, dict[str, int]] | None:
    """The row holding most of the table's labels (officers insert rows above it), and the
    column of each label; labels split over two header rows (merged headers) are joined."""
    labels = {f.label: f.key for f in table.fields}
    best: tuple[int, dict[str, int]] | None = None
    for offset, values in enumerate(grid.rows[: _HEADER_SEARCH_ROWS + 1]):
        columns: dict[str, int] = {}
        for index, value in enumerate(values):
            if isinstance(value, str):
                key = labels.get(_label_key(value))
                if key and key not in columns:
                    columns[key] = grid.first_column + index
        if len(columns) >= 2 and (best is None or len(columns) > len(best[1])):
            best = (grid.first_row + offset, columns)
            if len(columns) == len(labels):
                break  # every label found: no row can do better
    if best is None:
        return None
    row, columns = best
    if len(columns) < len(labels):
        below = row + 1
        for column in range(grid.first_column, grid.last_column + 1):
            key = labels.get(_label_key(grid.value(below, column)))
            if key and key not in columns:
                columns[key] = column
                row = below  # data starts below the sub-headers
    return row, columns


R = TypeVar("R", bound=Record)


def _covered_cells(grid: SheetGrid) -> dict[tuple[int, int], tuple[int, int]]:
    """Each cell hidden under a merge (not its top-left) → the top-left cell showing the value."""
    covered: dict[tuple[int, int], tuple[int, int]] = {}
    for first_row, first_column, last_row, last_column in grid.merges:
        if (last_row - first_row + 1) * (last_column - first_column + 1) > 10_000:
            continue  # a whole-column merge carries no per-row meaning
        for row in range(first_row, last_row + 1):
            for column in range(first_column, last_column + 1):
                if (row, column) != (first_row, first_column):
                    covered[(row, column)] = (first_row, first_column)
    return covered


def _cell(grid: SheetGrid, row: int, column: int) -> Value:
    return Value(grid.value(row, column), grid.name, row, column, grid.formulas.get((row, column)))


def _continue_record(record: Record, row_values: dict[str, Value]) -> None:
    """A row merged into the one above continues its record: its text is appended."""
    for key, value in row_values.items():
        if value.is_blank:
            continue
        previous = record.values.get(key)
        if previous is None or previous.is_blank:
            record.values[key] = value
        elif isinstance(previous.raw, str):
            joined = f"{previous.raw}\n{value.text}"
            record.values[key] = Value(joined, previous.sheet, previous.row, previous.column,
                                       previous.formula)  # fmt: skip


def _plain_records(
    grid: SheetGrid, header_row: int, columns: dict[str, int], fields: dict[str, spec.Field],
    counted: list[int], make: Callable[[str, int], R],
) -> list[R]:  # fmt: skip
    """Records of a sheet without merged cells: the common case, kept simple and quick."""
    name, first_column, formulas = grid.name, grid.first_column, grid.formulas
    plan = [(key, column, column - first_column, fields[key].type is spec.FieldType.DATE)
            for key, column in columns.items()]  # fmt: skip
    counted_keys = [key for key, column in columns.items() if column - first_column in counted]
    records: list[R] = []
    for offset, line in enumerate(grid.rows[header_row + 1 - grid.first_row :]):
        width = len(line)
        if all(c >= width or line[c] is None for c in counted):
            continue  # an empty (or only pre-coded) template row: most rows of a return
        row = header_row + 1 + offset
        record = make(name, row)
        values = record.values
        for key, column, index, is_date in plan:
            raw = line[index] if 0 <= index < width else None
            if is_date:
                raw = _as_field_value(fields[key], raw)
            formula = formulas.get((row, column)) if formulas else None
            values[key] = Value(raw, name, row, column, formula)
        if any(not values[key].is_blank for key in counted_keys):
            records.append(record)
    return records


def _read_table(
    grid: SheetGrid, table: spec.TableSheet, make: Callable[[str, int], R], ignore: Sequence[str]
) -> tuple[list[R], list[str], int | None, dict[str, int]]:
    """Records of a table sheet; a row counts when a field other than ``ignore`` has a value.

    Officers merge cells: a merged cell's value belongs to every row it spans (the finding points
    at the visible top-left cell), and a row whose identifying cells are all merged into the row
    above is the same record, continued.
    """
    header = _find_header(grid, table)
    if header is None:
        return [], [f.label for f in table.fields if f.required or f.prefilled], None, {}
    header_row, columns = header
    missing = [
        f.label for f in table.fields if (f.required or f.prefilled) and f.key not in columns
    ]
    fields = {f.key: f for f in table.fields}
    covered = {cell: top for cell, top in _covered_cells(grid).items() if cell[0] > header_row}
    covered_rows = {row for row, _ in covered}
    counted = [c - grid.first_column for k, c in columns.items() if k not in ignore]
    if not covered:
        return _plain_records(grid, header_row, columns, fields, counted, make), missing, \
            header_row, columns  # fmt: skip
    records: list[R] = []
    for offset, line in enumerate(grid.rows[header_row + 1 - grid.first_row :]):
        row = header_row + 1 + offset
        if row not in covered_rows and all(c >= len(line) or line[c] is None for c in counted):
            continue  # an empty (or only pre-coded) template row: most rows of a return
        own: dict[str, Value] = {}  # cells of this row that are not under a merge
        values: dict[str, Value] = {}
        merged_identity = False
        for key, column in columns.items():
            top = covered.get((row, column))
            if top is not None and top[0] > header_row:
                value = _cell(grid, *top)
                merged_identity |= key in table.identity and top[0] < row
            else:
                value = own[key] = _cell(grid, row, column)
            if fields[key].type is spec.FieldType.DATE:
                value = Value(_as_field_value(fields[key], value.raw), value.sheet, value.row,
                              value.column, value.formula)  # fmt: skip
            values[key] = value
        identity_own = [own[k] for k in table.identity if k in own]
        if records and merged_identity and all(v.is_blank for v in identity_own):
            _continue_record(records[-1], {k: v for k, v in own.items() if k not in ignore})
            continue
        record = make(grid.name, row)
        record.values = values
        if any(not v.is_blank for k, v in own.items() if k not in ignore):
            records.append(record)
    return records, missing, header_row, columns


def return_from_grids(
    sheet_names: list[str], grids: dict[str, SheetGrid], path: Path | None = None
) -> Return:
    """Build a Return from sheet grids, whatever read them (a file, or a live Excel book)."""
    missing_sheets = [name for name in spec.REQUIRED_SHEETS if name not in grids]
    missing_labels: dict[str, list[str]] = {}
    header_rows: dict[str, int] = {}
    columns: dict[str, dict[str, int]] = {}

    info = Info(spec.INFO.name, spec.INFO.first_row)
    if spec.INFO.name in grids:
        info.values, missing = _find_form(grids[spec.INFO.name], spec.INFO)
        if missing:
            missing_labels[spec.INFO.name] = missing

    def table(t: spec.TableSheet, make: Callable[[str, int], R], ignore: Sequence[str]) -> list[R]:
        if t.name not in grids:
            return []
        records, missing, header_row, found = _read_table(grids[t.name], t, make, ignore)
        if missing:
            missing_labels[t.name] = missing
        if header_row is not None:
            header_rows[t.name] = header_row
            columns[t.name] = found
        return records

    indicator_ignore = [f.key for f in spec.INDICATORS.fields if f.key != "number"]
    indicators = [
        r for r in table(spec.INDICATORS, IndicatorRow, indicator_ignore) if r.number is not None
    ]
    measures = table(spec.MEASURES, Measure, ["code"])
    followups = table(spec.FOLLOWUPS, FollowUp, [])

    meta: dict[str, str] | None = None
    if spec.META_SHEET in grids:
        grid = grids[spec.META_SHEET]
        meta = {}
        for row in range(grid.first_row, grid.last_row + 1):
            key = grid.value(row, 1)
            if isinstance(key, str) and key.strip() and key.strip() != "key":
                meta[key.strip()] = Value(grid.value(row, 2), grid.name, row, 2).text

    return Return(
        path=path, info=info, indicators=indicators, measures=measures, followups=followups,
        meta=meta, sheet_names=sheet_names, missing_sheets=missing_sheets,
        missing_labels=missing_labels, header_rows=header_rows, columns=columns,
    )  # fmt: skip


WANTED_SHEETS = (*spec.REQUIRED_SHEETS, spec.META_SHEET)


def read_return(
    path: str | Path, *, engine: Engine = "calamine", scan: WorkbookScan | None = None
) -> Return:
    """Read a return workbook (.xlsx/.xlsm). The file is opened read-only and never changed.

    The file is first checked by ``scan_workbook`` (pass ``scan`` when already done), which
    raises ``UnsafeWorkbook`` for what must not be parsed: not a workbook, encrypted, too big.
    """
    source = Path(path)
    if scan is None:
        scan = scan_workbook(source, WANTED_SHEETS)
    if scan.huge_numbers:
        engine = "openpyxl"
    sheet_names, grids = ENGINES[engine](scan.data or source, WANTED_SHEETS)
    _add_scan(grids, scan)
    return return_from_grids(sheet_names, grids, source)


def plain_values(ret: Return) -> dict[str, object]:
    """Every value of a return by ``sheet!cell`` — what two readers must agree on."""
    out: dict[str, object] = {}
    records: list[Record] = [ret.info, *ret.indicators, *ret.measures, *ret.followups]
    for record in records:
        for value in record.values.values():
            raw = value.raw
            if isinstance(raw, datetime):
                raw = raw.date() if raw.time() == time(0, 0) else raw
            out[f"{value.sheet}!{value.address}"] = raw
    return out


__all__ = ["SheetGrid", "plain_values", "read_return", "return_from_grids"]
