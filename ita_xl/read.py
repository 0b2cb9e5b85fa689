"""A workbook → a ``Return``, every value with its sheet and cell address.

Columns and form labels are found by their text, never by position, so an inserted row, reordered
or extra columns still read. The fast path reads values with python-calamine; the openpyxl path
(``engine="openpyxl"``) sees the same values at the same addresses and is kept for comparison and
for what calamine cannot see. Readers never judge: what is missing is recorded on the Return.
"""

from __future__ import annotations

import functools
import io
import re
import warnings
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field
from datetime import date, datetime, time, timedelta
from pathlib import Path
from typing import Literal, TypeVar

from ita_xl import spec, thai
from ita_xl.model import FollowUp, IndicatorRow, Info, Measure, Record, Return, Unread, Value
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
    """Header/label text as compared: no spaces or line breaks at all (Thai does not separate
    words, so ``รายละเอียด⏎การดำเนินงาน`` typed with Alt+Enter is the same header), required
    markers and colons dropped."""
    if not isinstance(text, str) or len(text) > _LONGEST_LABEL:
        return ""  # not text, or an officer's sentence: never a label
    return _clean_label(text)


@functools.lru_cache(maxsize=1024)  # the same labels are looked up in every return
def _clean_label(text: str) -> str:
    return "".join(thai.clean_spaces(text).split()).strip("*:").replace("*", "")


def _labels_of(fields: Iterable[spec.Field]) -> dict[str, spec.Field]:
    return {_clean_label(f.label): f for f in fields}


def _by_words(header: str, fields: dict[str, spec.Field], taken: set[str]) -> spec.Field | None:
    """An optional field whose label an unmatched header contains, when exactly one does:
    ``ผลผลิต (Output)`` is ``ผลผลิต``. Required fields are never guessed (a renamed required
    header is ``ITA-S006``)."""
    key = _label_key(header)
    if not key:
        return None
    candidates = [
        f for label, f in fields.items()
        if label in key and f.key not in taken and not (f.required or f.prefilled)
    ]  # fmt: skip
    return candidates[0] if len(candidates) == 1 else None


# --- engines ---------------------------------------------------------------------------------


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
            # most cells are text or empty (""): handled inline, the rest by _normalise_cell
            rows = [[(v or None) if type(v) is str else _normalise_cell(v) for v in row]
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
        for (row, column), shown in sheet.percents.items():
            grid.put(row, column, shown)  # 80% as typed, not the bare 0.8
        grid.formulas = sheet.formulas
        grid.merges = sheet.merges
        grid.notes = sheet.notes


ENGINES: dict[str, Callable[[Source, Wanted, bool], Grids]] = {
    "calamine": _calamine_grids,
    "openpyxl": _openpyxl_grids,
}

# --- from grids to a Return ----------------------------------------------------------------------


_FORM_VALUE_OFFSET = 1
"""The value of a form label is in the next column; the column after it holds the template's
own description of the field."""


def _find_form(
    grid: SheetGrid, form: spec.FormSheet
) -> tuple[dict[str, Value], list[str], list[Unread]]:
    """Labels in the first columns, each value in the cell to the right of its label; rows and
    cells the form does not have, that hold values, as ``Unread``."""
    wanted = _labels_of(form.fields)
    found: dict[str, Value] = {}
    label_rows: dict[int, int] = {}  # row → column of its label
    unknown: list[tuple[int, int, str]] = []  # (row, label column, label) of other labels
    for row in range(grid.first_row, grid.last_row + 1):
        for column in range(1, _FORM_SEARCH_COLUMNS + 1):
            text = grid.value(row, column)
            key = _label_key(text)
            fld = wanted.get(key)
            if fld is None and key and isinstance(text, str):
                fld = _by_words(text, wanted, set(found))
            if fld and fld.key not in found:
                cell = _cell(grid, row, column + _FORM_VALUE_OFFSET)
                raw = _as_field_value(fld, cell.raw)
                found[fld.key] = Value(raw, grid.name, row, column + 1, cell.formula)
                label_rows[row] = column
                break
            if key and column == 1:
                unknown.append((row, column, str(text)))
                break
    missing = [f.label for f in form.fields if f.key not in found and f.required]
    return found, missing, _unread_in_form(grid, label_rows, unknown)


def _has_value(value: object) -> bool:
    """A value an officer typed (not empty, not only spaces, not a placeholder such as ``-``)."""
    if value is None:
        return False
    if isinstance(value, str):
        return not Value(value, "", 0, 0).is_blank
    return True


def _unread_in_form(
    grid: SheetGrid, label_rows: dict[int, int], unknown: list[tuple[int, int, str]]
) -> list[Unread]:
    if not label_rows:
        return []
    label_column = min(label_rows.values())
    value_column = label_column + _FORM_VALUE_OFFSET
    first_label_row = min(label_rows)
    out: list[Unread] = []
    for row, _, label in unknown:
        if row > first_label_row and _has_value(grid.value(row, value_column)):
            out.append(Unread(grid.name, "row", label, ((row, value_column),)))
    beside: list[tuple[int, int]] = []
    for row in range(first_label_row, grid.last_row + 1):
        for column in range(value_column + 2, grid.last_column + 1):
            if _has_value(grid.value(row, column)):
                beside.append((row, column))
    if beside:
        out.append(Unread(grid.name, "beside", None, tuple(beside)))
    return out


def _find_header(grid: SheetGrid, table: spec.TableSheet) -> tuple[int, dict[str, int]] | None:
    """The row holding most of the table's labels (officers insert rows above it), and the
    column of each label; labels split over two header rows (merged headers) are joined, and an
    optional header renamed with words added (``ผลผลิต (Output)``) is matched by its label."""
    labels = {_clean_label(f.label): f.key for f in table.fields}
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
    if len(columns) < len(labels):
        by_label = _labels_of(table.fields)
        used = set(columns.values())
        for column in range(grid.first_column, grid.last_column + 1):
            text = grid.value(row, column)
            if column in used or not isinstance(text, str):
                continue
            fld = _by_words(text, by_label, set(columns))
            if fld is not None:
                columns[fld.key] = column
    return row, columns


def _unread_in_table(grid: SheetGrid, header_row: int, columns: dict[str, int]) -> list[Unread]:
    """Values below the header in columns the table does not have: an inserted or renamed
    column (named by its header) or text typed beside the table."""
    read = set(columns.values())
    if all(c in read for c in range(grid.first_column, grid.last_column + 1)):
        return []  # no other column has anything: the usual return, at no cost
    by_column: dict[int, list[tuple[int, int]]] = {}
    start = header_row + 1 - grid.first_row
    for offset, line in enumerate(grid.rows[max(start, 0) :]):
        row = header_row + 1 + offset
        for index, value in enumerate(line):
            column = grid.first_column + index
            if column not in read and _has_value(value):
                by_column.setdefault(column, []).append((row, column))
    out = []
    for column, cells in sorted(by_column.items()):
        header = grid.value(header_row, column)
        if not (isinstance(header, str) and header.strip()):
            header = grid.value(header_row - 1, column)
        if isinstance(header, str) and header.strip() and len(header) <= _LONGEST_LABEL:
            out.append(Unread(grid.name, "column", thai.clean_spaces(header), tuple(cells)))
        else:
            out.append(Unread(grid.name, "beside", None, tuple(cells)))
    return out


def _unread_sheet(grid: SheetGrid) -> Unread | None:
    """A sheet the template does not have, with values on it (``มาตรการ_2``, ``Sheet1``)."""
    cells = [
        (grid.first_row + r, grid.first_column + c)
        for r, line in enumerate(grid.rows)
        for c, value in enumerate(line)
        if _has_value(value)
    ]
    return Unread(grid.name, "sheet", None, tuple(cells)) if cells else None


R = TypeVar("R", bound=Record)


def _unread_notes(grid: SheetGrid) -> Unread | None:
    """Officers' notes on a sheet of the return (ita-xl's own marks left out): text no column
    of the template holds, so it never reaches the summary."""
    cells = tuple(sorted(cell for cell, text in grid.notes.items() if spec.strip_note(text)))
    if not cells:
        return None
    first = grid.notes[cells[0]]
    return Unread(grid.name, "note", spec.strip_note(first)[:60], cells)


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


_TEMPLATE_CODE_RE = re.compile(r"M[0-9]{2,3}")


def _continues(record: Record, last_row: int, table: spec.TableSheet) -> bool:
    """Is ``record`` the next paragraph of the record above, as Excel pastes a Word table (one
    row per paragraph, the other cells merged, or left empty)? Either its identity cells are
    merged into the rows above, or they are blank (or only the code the template wrote in
    that row) and its title is not its own."""
    row = record.row
    identity = [record.values.get(key) for key in table.identity]
    if identity and all(v is not None and v.row < row for v in identity):
        return True  # the identity cells are merged down over this row
    merged = any(v.row < row for v in record.values.values())
    if not merged:
        if row != last_row + 1:
            return False
        # a pasted paragraph fills a cell or two; a row with most of a record's cells is a
        # record whose name was forgotten (ITA-C101), never glued to the one above
        own = [k for k, v in record.values.items() if not v.is_blank and k not in table.identity]
        required = [f for f in table.fields if f.required and f.key not in table.identity]
        if len(own) > len(required) // 2:
            return False
    title = record.values.get(table.title_field)
    if title is not None and title.row == row and not title.is_blank:
        # a title of its own starts a record, unless it is all the row holds, with no code at
        # all: a sentence continued on the next row instead of Alt+Enter
        own_cells = [k for k, v in record.values.items() if v.row == row and not v.is_blank]
        if merged or own_cells != [table.title_field]:
            return False
    for key, value in zip(table.identity, identity, strict=True):
        if value is None or value.is_blank or value.row < row:
            continue
        if table.field(key).prefilled and _TEMPLATE_CODE_RE.fullmatch(value.text):
            continue  # a pre-filled code the paste did not overwrite
        return False
    return True


def _fold_continuations(records: list[R], table: spec.TableSheet, ignore: Sequence[str]) -> list[R]:
    """Join each continuation row to its record (its own text appended)."""
    out: list[R] = []
    last_row = 0
    for record in records:
        if out and _continues(record, last_row, table):
            row = record.row
            _continue_record(out[-1], {k: v for k, v in record.values.items()
                                       if k not in ignore and v.row == row})  # fmt: skip
        else:
            out.append(record)
        last_row = record.row
    return out


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


@dataclass
class _Table:
    """What reading a table sheet found besides its records."""

    missing: list[str]
    header_row: int | None
    columns: dict[str, int]
    unread: list[Unread]


def _read_table(
    grid: SheetGrid, table: spec.TableSheet, make: Callable[[str, int], R], ignore: Sequence[str]
) -> tuple[list[R], _Table]:
    """Records of a table sheet; a row counts when a field other than ``ignore`` has a value.

    Officers merge cells: a merged cell's value belongs to every row it spans (the finding points
    at the visible top-left cell), and a row that only continues the record above (a pasted
    Word paragraph) is joined to it.
    """
    header = _find_header(grid, table)
    if header is None:
        missing = [f.label for f in table.fields if f.required or f.prefilled]
        whole = _unread_sheet(grid)  # no header at all: nothing on the sheet was read
        return [], _Table(missing, None, {}, [whole] if whole else [])
    header_row, columns = header
    missing = [
        f.label for f in table.fields if (f.required or f.prefilled) and f.key not in columns
    ]
    fields = {f.key: f for f in table.fields}
    covered = {cell: top for cell, top in _covered_cells(grid).items() if cell[0] > header_row}
    covered_rows = {row for row, _ in covered}
    counted = [c - grid.first_column for k, c in columns.items() if k not in ignore]
    unread = _unread_in_table(grid, header_row, columns)
    if not covered:
        records = _plain_records(grid, header_row, columns, fields, counted, make)
        records = _fold_continuations(records, table, ignore)
        return records, _Table(missing, header_row, columns, unread)
    rows: list[R] = []
    for offset, line in enumerate(grid.rows[header_row + 1 - grid.first_row :]):
        row = header_row + 1 + offset
        if row not in covered_rows and all(c >= len(line) or line[c] is None for c in counted):
            continue  # an empty (or only pre-coded) template row: most rows of a return
        own: dict[str, Value] = {}  # cells of this row that are not under a merge
        values: dict[str, Value] = {}
        for key, column in columns.items():
            top = covered.get((row, column))
            if top is not None and top[0] > header_row:
                value = _cell(grid, *top)
            else:
                value = own[key] = _cell(grid, row, column)
            if fields[key].type is spec.FieldType.DATE:
                value = Value(_as_field_value(fields[key], value.raw), value.sheet, value.row,
                              value.column, value.formula)  # fmt: skip
            values[key] = value
        if any(not v.is_blank for k, v in own.items() if k not in ignore):
            record = make(grid.name, row)
            record.values = values
            rows.append(record)
    return _fold_continuations(rows, table, ignore), _Table(missing, header_row, columns,
                                                            unread)  # fmt: skip


def _fiscal_year_conflict(info: Info, meta: dict[str, str] | None) -> tuple[int, int] | None:
    """The form's year and the template's (``_meta``) when both are read and differ."""
    if not meta:
        return None
    form_year, meta_year = info.fiscal_year, thai.parse_year(meta.get("fiscal_year", ""))
    if meta_year is not None and thai.is_christian_era_year(meta_year):
        meta_year = thai.ce_to_be(meta_year)  # the template was made with the year as typed
    if form_year is None or meta_year is None or form_year == meta_year:
        return None
    return form_year, meta_year


def _year_the_content_supports(
    years: tuple[int, int], measures: list[Measure], followups: list[FollowUp]
) -> int:
    """Of the form's and the template's year, the one more of the return's dates fall in (the
    form's on a tie): the dates of the measures and the periods of the follow-ups."""
    votes = {year: 0 for year in years}
    days = [v.as_date for m in measures for k in ("start", "end") if (v := m.get(k)) is not None]
    days += [p.start for f in followups if (p := f.period) is not None]
    for day in days:
        if day is not None and (year := thai.fiscal_year_of(day)) in votes:
            votes[year] += 1
    form_year, meta_year = years
    return meta_year if votes[meta_year] > votes[form_year] else form_year


def _by_standard_names(grids: dict[str, SheetGrid]) -> dict[str, SheetGrid]:
    """A sheet renamed with a stray space (``มาตรการ␠``) is still that sheet: found under its
    standard name; its values keep the sheet's real name, so findings point where it is."""
    standard = {*spec.REQUIRED_SHEETS, spec.META_SHEET}
    found = dict(grids)
    for name, grid in grids.items():
        cleaned = "".join(thai.clean_spaces(name).split())
        if name not in standard and cleaned in standard and cleaned not in found:
            found[cleaned] = found.pop(name)
            grid.name = name
    return found


def return_from_grids(
    sheet_names: list[str], grids: dict[str, SheetGrid], path: Path | None = None
) -> Return:
    """Build a Return from sheet grids, whatever read them (a file, or a live Excel book)."""
    grids = _by_standard_names(grids)
    missing_sheets = [name for name in spec.REQUIRED_SHEETS if name not in grids]
    missing_labels: dict[str, list[str]] = {}
    header_rows: dict[str, int] = {}
    columns: dict[str, dict[str, int]] = {}
    unread: list[Unread] = []

    info = Info(spec.INFO.name, spec.INFO.first_row)
    if spec.INFO.name in grids:
        info.values, missing, unread_form = _find_form(grids[spec.INFO.name], spec.INFO)
        unread.extend(unread_form)
        if missing:
            missing_labels[spec.INFO.name] = missing

    def table(t: spec.TableSheet, make: Callable[[str, int], R], ignore: Sequence[str]) -> list[R]:
        if t.name not in grids:
            return []
        records, found = _read_table(grids[t.name], t, make, ignore)
        if found.missing:
            missing_labels[t.name] = found.missing
        if found.header_row is not None:
            header_rows[t.name] = found.header_row
            columns[t.name] = found.columns
        unread.extend(found.unread)
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

    conflict = _fiscal_year_conflict(info, meta)
    if conflict is not None:
        chosen = _year_the_content_supports(conflict, measures, followups)
        info.year_from_content = chosen if chosen != conflict[0] else None

    known = {*spec.REQUIRED_SHEETS, spec.META_SHEET, *spec.AUXILIARY_SHEETS}
    for name, grid in grids.items():
        if name not in known and (extra := _unread_sheet(grid)) is not None:
            unread.append(extra)
        elif name in spec.REQUIRED_SHEETS and (notes := _unread_notes(grid)) is not None:
            unread.append(notes)

    return Return(
        path=path, info=info, indicators=indicators, measures=measures, followups=followups,
        meta=meta, sheet_names=sheet_names, missing_sheets=missing_sheets,
        missing_labels=missing_labels, header_rows=header_rows, columns=columns, unread=unread,
        year_conflict=conflict,
    )  # fmt: skip


WANTED_SHEETS = (*spec.REQUIRED_SHEETS, spec.META_SHEET)
NEEDED_SHEETS = WANTED_SHEETS
"""A limit on one of these refuses the file; another sheet over a limit is only left unread."""
"""The sheets every return has; ``read_return`` also reads any sheet the template does not
have, to report values on it."""


def read_return(
    path: str | Path, *, engine: Engine = "calamine", scan: WorkbookScan | None = None
) -> Return:
    """Read a return workbook (.xlsx/.xlsm, and .xls/.xlsb/.ods). The file is opened read-only
    and never changed.

    The file is first checked by ``scan_workbook`` (pass ``scan`` when already done), which
    raises ``UnsafeWorkbook`` for what must not be parsed: not a workbook, encrypted, too big.
    """
    source = Path(path)
    if scan is None:
        scan = scan_workbook(source, skip=spec.AUXILIARY_SHEETS, needed=NEEDED_SHEETS)
    if scan.format != "xlsx":
        engine = "calamine"  # the one reader of .xls, .xlsb and .ods
    elif scan.huge_numbers:
        engine = "openpyxl"
    wanted = list(scan.sheets) if scan.format == "xlsx" else None
    sheet_names, grids = ENGINES[engine](scan.data or source, wanted, scan.format != "xlsx")
    _add_scan(grids, scan)
    ret = return_from_grids(sheet_names, grids, source)
    ret.format = scan.format
    ret.over_limit = {name: (problem.fields.get("reason", ""), problem.fields.get("reason_en", ""))
                      for name, problem in scan.over_limit.items()}  # fmt: skip
    return ret


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
