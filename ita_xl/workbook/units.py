"""The configured list of responsible units (``--units FILE``): one per line, or a CSV."""

from __future__ import annotations

import csv
import io
from pathlib import Path

from ita_xl._io import decode_text
from ita_xl.thai import clean_spaces

_HEADER_WORDS = {"unit", "units", "หน่วยงาน", "ส่วนงาน", "ผู้รับผิดชอบ", "ชื่อหน่วย"}


def read_units(path: str | Path) -> tuple[str, ...]:
    """Units in file order, without blanks, repeats or a header line.

    Accepts what Windows saves (``_io.decode_text``: UTF-8, UTF-16, cp874); in a CSV the first
    column is read, or the column headed ``unit`` when there is one.
    """
    text = decode_text(Path(path).read_bytes())
    rows = list(csv.reader(io.StringIO(text)))
    column = 0
    if rows and any(clean_spaces(c).lower() == "unit" for c in rows[0]):
        column = [clean_spaces(c).lower() for c in rows[0]].index("unit")
    units: list[str] = []
    for index, row in enumerate(rows):
        if len(row) <= column:
            continue
        unit = clean_spaces(row[column])
        if not unit or (index == 0 and unit.lower() in _HEADER_WORDS) or unit in units:
            continue
        units.append(unit)
    return tuple(units)
