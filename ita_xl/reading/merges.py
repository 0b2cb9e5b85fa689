"""Merged cells: a merged cell's value belongs to every row it spans."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from typing import TypeVar

from ita_xl import spec
from ita_xl.model import Record, Value
from ita_xl.reading.grids import SheetGrid, as_field_value, cell_value


def covered_cells(grid: SheetGrid) -> dict[tuple[int, int], tuple[int, int]]:
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


R = TypeVar("R", bound=Record)


def _row_values(
    grid: SheetGrid, row: int, header_row: int, columns: dict[str, int],
    fields: dict[str, spec.Field], covered: dict[tuple[int, int], tuple[int, int]],
) -> tuple[dict[str, Value], dict[str, Value]]:  # fmt: skip
    """A row's values, a cell under a merge taking the merge's value; and the row's own cells
    (those not under a merge)."""
    own: dict[str, Value] = {}
    values: dict[str, Value] = {}
    for key, column in columns.items():
        top = covered.get((row, column))
        if top is not None and top[0] > header_row:
            value = cell_value(grid, *top)
        else:
            value = own[key] = cell_value(grid, row, column)
        if fields[key].type is spec.FieldType.DATE:
            value = Value(as_field_value(fields[key], value.raw), value.sheet, value.row,
                          value.column, value.formula)  # fmt: skip
        values[key] = value
    return values, own


def merged_records(
    grid: SheetGrid, header_row: int, columns: dict[str, int], fields: dict[str, spec.Field],
    covered: dict[tuple[int, int], tuple[int, int]], counted: list[int],
    make: Callable[[str, int], R], ignore: Sequence[str],
) -> list[R]:  # fmt: skip
    """Records of a table with merged cells below its header: a row is a record when a cell of
    its own (not under a merge) holds a value of a field other than ``ignore``."""
    covered_rows = {row for row, _ in covered}
    records: list[R] = []
    for offset, line in enumerate(grid.rows[header_row + 1 - grid.first_row :]):
        row = header_row + 1 + offset
        if row not in covered_rows and all(c >= len(line) or line[c] is None for c in counted):
            continue  # an empty (or only pre-coded) template row: most rows of a return
        values, own = _row_values(grid, row, header_row, columns, fields, covered)
        if any(not v.is_blank for k, v in own.items() if k not in ignore):
            record = make(grid.name, row)
            record.values = values
            records.append(record)
    return records
