"""Locating the template's labels: the form's labels down the first columns, a table's header
row (wherever officers moved it, split over two rows, or renamed with words added)."""

from __future__ import annotations

import functools
from collections.abc import Iterable

from ita_xl import spec, thai
from ita_xl.model import Unread, Value
from ita_xl.reading.grids import SheetGrid, as_field_value, cell_value, has_value

_HEADER_SEARCH_ROWS = 30


_FORM_SEARCH_COLUMNS = 4


LONGEST_LABEL = 100  # the spec's longest label is 22 characters; officers add spaces and marks


def _label_key(text: object) -> str:
    """Header/label text as compared: no spaces or line breaks at all (Thai does not separate
    words, so ``รายละเอียด⏎การดำเนินงาน`` typed with Alt+Enter is the same header), required
    markers and colons dropped."""
    if not isinstance(text, str) or len(text) > LONGEST_LABEL:
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


_FORM_VALUE_OFFSET = 1
"""The value of a form label is in the next column; the column after it holds the template's
own description of the field."""


def find_form(
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
                cell = cell_value(grid, row, column + _FORM_VALUE_OFFSET)
                raw = as_field_value(fld, cell.raw)
                found[fld.key] = Value(raw, grid.name, row, column + 1, cell.formula)
                label_rows[row] = column
                break
            if key and column == 1:
                unknown.append((row, column, str(text)))
                break
    missing = [f.label for f in form.fields if f.key not in found and f.required]
    return found, missing, _unread_in_form(grid, label_rows, unknown)


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
        if row > first_label_row and has_value(grid.value(row, value_column)):
            out.append(Unread(grid.name, "row", label, ((row, value_column),)))
    beside: list[tuple[int, int]] = []
    for row in range(first_label_row, grid.last_row + 1):
        for column in range(value_column + 2, grid.last_column + 1):
            if has_value(grid.value(row, column)):
                beside.append((row, column))
    if beside:
        out.append(Unread(grid.name, "beside", None, tuple(beside)))
    return out


def find_header(grid: SheetGrid, table: spec.TableSheet) -> tuple[int, dict[str, int]] | None:
    """The row holding most of the table's labels (officers insert rows above it), and the
    column of each label; labels split over two header rows (merged headers) are joined, and an
    optional header renamed with words added (``ผลผลิต (Output)``) is matched by its label."""
    labels = {_clean_label(f.label): f.key for f in table.fields}
    best = _row_with_most_labels(grid, labels)
    if best is None:
        return None
    row, columns = best
    if len(columns) < len(labels):
        row = _join_sub_headers(grid, row, labels, columns)
    if len(columns) < len(labels):
        _match_renamed_headers(grid, row, table, columns)
    return row, columns


def _row_with_most_labels(grid: SheetGrid, labels: dict[str, str]
                          ) -> tuple[int, dict[str, int]] | None:  # fmt: skip
    """The first row (of the top rows) with the most labels, at least two, and their columns."""
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
    return best


def _join_sub_headers(grid: SheetGrid, row: int, labels: dict[str, str],
                      columns: dict[str, int]) -> int:  # fmt: skip
    """Labels in the row below (a header merged over two rows) join ``columns``; the header
    then ends at that row, where the data starts below."""
    below = row + 1
    for column in range(grid.first_column, grid.last_column + 1):
        key = labels.get(_label_key(grid.value(below, column)))
        if key and key not in columns:
            columns[key] = column
            row = below
    return row


def _match_renamed_headers(grid: SheetGrid, row: int, table: spec.TableSheet,
                           columns: dict[str, int]) -> None:  # fmt: skip
    """Optional headers renamed with words added join ``columns`` by the label they contain."""
    by_label = _labels_of(table.fields)
    used = set(columns.values())
    for column in range(grid.first_column, grid.last_column + 1):
        text = grid.value(row, column)
        if column in used or not isinstance(text, str):
            continue
        fld = _by_words(text, by_label, set(columns))
        if fld is not None:
            columns[fld.key] = column
