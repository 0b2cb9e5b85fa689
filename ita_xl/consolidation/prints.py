"""What a summary's cell holds, as any program that saved it again shows it, and a print of a
sheet's rows that sorting or filtering leaves as it is: a later roll-up tells from it that the
team typed over a value ita-xl wrote in a sheet it does not read back cell by cell
(``reviews.typed_over_details``).

The print is made where the rows are (a return's detail rows in its worker, the rest as the
summary is written) and kept in the summary's ``_meta``; reading the sheet back gives the same
print unless a value changed. Excel and LibreOffice keep a text's characters, but not always its
line breaks and spaces, nor a decimal's seventeenth digit, and a date is a number with a date's
format: a cell is compared as ``cell_text`` gives it.
"""

from __future__ import annotations

import hashlib
import re
from collections.abc import Iterable, Mapping, Sequence
from datetime import date, datetime, time

from ita_xl.ooxml.sheetxml import MAX_TEXT  # a longer text is cut there when written

PRINT_KEY = "print:"
"""The summary's ``_meta`` key of a sheet's print (``print:มาตรการ`` → 16 hex digits)."""

_EXCEL_EPOCH = date(1899, 12, 30)  # serial day 0, as Excel counts for 1900 on
_EXCEL_EPOCH_TIME = datetime.combine(_EXCEL_EPOCH, time())
_SEPARATOR = "\x1f"  # a character no cell text keeps (XML 1.0 forbids it)
# what one program writes as a character and another as Excel's escape (_x000B_), and the
# characters XML forbids, which ita-xl drops
_UNSTABLE_RE = re.compile("_x[0-9A-Fa-f]{4}_|[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff]")
_MASK = (1 << 64) - 1


def cell_text(value: object) -> str:
    """A cell's value as every reader of the file shows it after any program saved it: text
    without its white space (line breaks and spaces are where programs differ), a number to
    twelve significant digits (whole ones as whole), a date as its serial day; empty as ``""``."""
    if type(value) is str:
        return _text(value)
    if value is None:
        return ""
    if type(value) is int or type(value) is bool:
        return str(int(value))
    if isinstance(value, datetime):
        return _number((value - _EXCEL_EPOCH_TIME).total_seconds() / 86_400)
    if isinstance(value, date):
        return str((value - _EXCEL_EPOCH).days)
    if isinstance(value, time):
        return _number((value.hour * 3600 + value.minute * 60 + value.second) / 86_400)
    if isinstance(value, (int, float)):
        return _number(float(value))
    return _text(str(value))


def _text(text: str) -> str:
    if len(text) > MAX_TEXT:
        text = text[:MAX_TEXT]
    text = "".join(text.split())
    if not text.isprintable() or "_x" in text:
        text = _UNSTABLE_RE.sub("", text)
    return text


def _number(number: float) -> str:
    if number.is_integer() and abs(number) < 2**53:
        return str(int(number))
    return f"{number:.12g}"


def same_cell(written: object, read: object) -> bool:
    """Whether a cell read back holds the value ita-xl wrote there (``cell_text``)."""
    return written == read or cell_text(written) == cell_text(read)


def row_print(row: Iterable[object], seen: dict[object, str] | None = None) -> int:
    """One row's print: its cells' ``cell_text``, in order, hashed. ``seen`` keeps the texts
    of values met before (a return's rows repeat its file, organisation and statuses)."""
    seen = {} if seen is None else seen
    texts = []
    for value in row:
        text = seen.get(value)
        if text is None:
            text = seen[value] = cell_text(value)
        texts.append(text)
    joined = _SEPARATOR.join(texts).encode()
    return int.from_bytes(hashlib.blake2b(joined, digest_size=8).digest(), "little")


def rows_print(rows: Iterable[Sequence[object]]) -> int:
    """The print of rows in any order: the sum of their prints (modulo 2⁶⁴), so the prints of
    parts made apart (each return's rows, in its worker) add up to the sheet's."""
    seen: dict[object, str] = {}
    return sum(row_print(row, seen) for row in rows) & _MASK


def cells_print(cells: Mapping[tuple[int, int], object]) -> int:
    """The print of a sheet laid out cell by cell (the overview), by (row, column) from 0: each
    cell holding a value, with its place, which a table's rows do not need (they may be sorted)
    but a figure beside its label does."""
    return rows_print((row, column, value) for (row, column), value in cells.items()
                      if cell_text(value))  # fmt: skip


def combined(prints: Iterable[int]) -> int:
    """The print of the rows of several parts."""
    return sum(prints) & _MASK


def as_text(print_: int) -> str:
    return f"{print_:016x}"


__all__ = ["PRINT_KEY", "as_text", "cell_text", "cells_print", "combined", "row_print",
           "rows_print", "same_cell"]  # fmt: skip
