"""A workbook → a ``Return``, every value with its sheet and cell address, in stages: the sheets
as grids (``grids``), the labels located (``labels``), merged cells resolved (``merges``), rows
pasted from Word folded (``folding``), and what has no place in the template kept (``unread``).

Columns and form labels are found by their text, never by position, so an inserted row, reordered
or extra columns still read. The fast path reads values with python-calamine; the openpyxl path
(``engine="openpyxl"``) sees the same values at the same addresses and is kept for comparison and
for what calamine cannot see. Readers never judge: what is missing is recorded on the Return.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from datetime import datetime, time
from pathlib import Path
from typing import TypeVar

from ita_xl import spec, thai
from ita_xl.model import FollowUp, IndicatorRow, Info, Measure, Record, Return, Unread, Value
from ita_xl.reading.folding import fold_continuations
from ita_xl.reading.grids import ENGINES, Engine, SheetGrid, add_scan, as_field_value
from ita_xl.reading.labels import find_form, find_header
from ita_xl.reading.merges import covered_cells, merged_records
from ita_xl.reading.safety import WorkbookScan, scan_workbook
from ita_xl.reading.unread import unread_in_table, unread_notes, unread_sheet

R = TypeVar("R", bound=Record)


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
                raw = as_field_value(fields[key], raw)
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
    header = find_header(grid, table)
    if header is None:
        missing = [f.label for f in table.fields if f.required or f.prefilled]
        whole = unread_sheet(grid)  # no header at all: nothing on the sheet was read
        return [], _Table(missing, None, {}, [whole] if whole else [])
    header_row, columns = header
    missing = [
        f.label for f in table.fields if (f.required or f.prefilled) and f.key not in columns
    ]
    fields = {f.key: f for f in table.fields}
    covered = {cell: top for cell, top in covered_cells(grid).items() if cell[0] > header_row}
    counted = [c - grid.first_column for k, c in columns.items() if k not in ignore]
    unread = unread_in_table(grid, header_row, columns)
    if not covered:
        records = _plain_records(grid, header_row, columns, fields, counted, make)
        records = fold_continuations(records, table, ignore)
        return records, _Table(missing, header_row, columns, unread)
    records = merged_records(grid, header_row, columns, fields, covered, counted, make, ignore)
    return fold_continuations(records, table, ignore), _Table(missing, header_row, columns,
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


def _read_meta(grid: SheetGrid | None) -> dict[str, str] | None:
    """``_meta``'s key/value rows, or ``None`` when the workbook has no ``_meta``."""
    if grid is None:
        return None
    meta = {}
    for row in range(grid.first_row, grid.last_row + 1):
        key = grid.value(row, 1)
        if isinstance(key, str) and key.strip() and key.strip() != "key":
            meta[key.strip()] = Value(grid.value(row, 2), grid.name, row, 2).text
    return meta


def _unread_sheets_and_notes(grids: dict[str, SheetGrid]) -> list[Unread]:
    """Sheets the template does not have that hold values, and notes on the return's sheets."""
    known = {*spec.REQUIRED_SHEETS, spec.META_SHEET, *spec.AUXILIARY_SHEETS}
    found = []
    for name, grid in grids.items():
        if name not in known and (extra := unread_sheet(grid)) is not None:
            found.append(extra)
        elif name in spec.REQUIRED_SHEETS and (notes := unread_notes(grid)) is not None:
            found.append(notes)
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
        info.values, missing, unread_form = find_form(grids[spec.INFO.name], spec.INFO)
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

    meta = _read_meta(grids.get(spec.META_SHEET))
    conflict = _fiscal_year_conflict(info, meta)
    if conflict is not None:
        chosen = _year_the_content_supports(conflict, measures, followups)
        info.year_from_content = chosen if chosen != conflict[0] else None
    unread.extend(_unread_sheets_and_notes(grids))

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
    if engine == "openpyxl" and not scan.data:  # it reads the file whole: scanned whole
        scan = scan_workbook(source, skip=spec.AUXILIARY_SHEETS, needed=NEEDED_SHEETS, whole=True)
    wanted = list(scan.sheets) if scan.format == "xlsx" else None
    data = scan.lean if engine == "calamine" and scan.lean else scan.data
    sheet_names, grids = ENGINES[engine](data or source, wanted, scan.format != "xlsx")
    add_scan(grids, scan)
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
