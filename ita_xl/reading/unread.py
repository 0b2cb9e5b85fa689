"""Values the template has no place for: an inserted column, text beside a table, a sheet of
its own, notes on cells. Read as ``Unread``, so a finding can say where they are."""

from __future__ import annotations

from ita_xl import spec, thai
from ita_xl.model import Unread
from ita_xl.reading.grids import SheetGrid, has_value
from ita_xl.reading.labels import LONGEST_LABEL


def unread_in_table(grid: SheetGrid, header_row: int, columns: dict[str, int]) -> list[Unread]:
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
            if column not in read and has_value(value):
                by_column.setdefault(column, []).append((row, column))
    out = []
    for column, cells in sorted(by_column.items()):
        header = grid.value(header_row, column)
        if not (isinstance(header, str) and header.strip()):
            header = grid.value(header_row - 1, column)
        if isinstance(header, str) and header.strip() and len(header) <= LONGEST_LABEL:
            out.append(Unread(grid.name, "column", thai.clean_spaces(header), tuple(cells)))
        else:
            out.append(Unread(grid.name, "beside", None, tuple(cells)))
    return out


def unread_sheet(grid: SheetGrid) -> Unread | None:
    """A sheet the template does not have, with values on it (``มาตรการ_2``, ``Sheet1``)."""
    cells = [
        (grid.first_row + r, grid.first_column + c)
        for r, line in enumerate(grid.rows)
        for c, value in enumerate(line)
        if has_value(value)
    ]
    return Unread(grid.name, "sheet", None, tuple(cells)) if cells else None


def unread_notes(grid: SheetGrid) -> Unread | None:
    """Officers' notes on a sheet of the return (ita-xl's own marks left out): text no column
    of the template holds, so it never reaches the summary."""
    cells = tuple(sorted(cell for cell, text in grid.notes.items() if spec.strip_note(text)))
    if not cells:
        return None
    first = grid.notes[cells[0]]
    return Unread(grid.name, "note", spec.strip_note(first)[:60], cells)
