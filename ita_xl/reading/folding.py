"""Rows pasted from a Word table: one row per paragraph, joined back into the record above."""

from __future__ import annotations

import re
from collections.abc import Sequence
from typing import TypeVar

from ita_xl import spec
from ita_xl.model import Record, Value

R = TypeVar("R", bound=Record)


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
    if not merged and not _may_be_a_paragraph(record, last_row, table):
        return False
    if _has_a_title_of_its_own(record, table, merged):
        return False
    return _identity_left_to_the_template(record, identity, table)


def _may_be_a_paragraph(record: Record, last_row: int, table: spec.TableSheet) -> bool:
    """A row under no merge continues only the row just above, and only with a cell or two: a
    row with most of a record's cells is a record whose name was forgotten (ITA-C101)."""
    if record.row != last_row + 1:
        return False
    own = [k for k, v in record.values.items() if not v.is_blank and k not in table.identity]
    required = [f for f in table.fields if f.required and f.key not in table.identity]
    return len(own) <= len(required) // 2


def _has_a_title_of_its_own(record: Record, table: spec.TableSheet, merged: bool) -> bool:
    """A title typed in this row starts a record, unless it is all the row holds, with no code
    at all: a sentence continued on the next row instead of Alt+Enter."""
    row = record.row
    title = record.values.get(table.title_field)
    if title is None or title.row != row or title.is_blank:
        return False
    own_cells = [k for k, v in record.values.items() if v.row == row and not v.is_blank]
    return merged or own_cells != [table.title_field]


def _identity_left_to_the_template(
    record: Record, identity: list[Value | None], table: spec.TableSheet
) -> bool:
    """The row's own identity cells are blank, merged from above, or only the code the template
    pre-filled in that row."""
    for key, value in zip(table.identity, identity, strict=True):
        if value is None or value.is_blank or value.row < record.row:
            continue
        if table.field(key).prefilled and _TEMPLATE_CODE_RE.fullmatch(value.text):
            continue  # a pre-filled code the paste did not overwrite
        return False
    return True


def fold_continuations(records: list[R], table: spec.TableSheet, ignore: Sequence[str]) -> list[R]:
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
