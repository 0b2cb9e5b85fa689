"""The roster: which organisations (and divisions) must send a return (SPEC §4).

A CSV as Excel saves it (UTF-8 with or without BOM, UTF-16, or Windows Thai cp874; comma,
semicolon or tab) or an .xlsx, with
columns ``org_name``, ``province`` and optional ``unit``, ``org_type`` and, to chase who did not
send, ``contact``, ``phone``, ``email``. Thai headers
(ชื่อหน่วยงาน, จังหวัด, ส่วนงาน, ประเภทหน่วยงาน) are accepted too.
"""

from __future__ import annotations

import csv
import functools
import io
from dataclasses import dataclass
from pathlib import Path

from ita_xl import thai
from ita_xl._errors import BilingualError
from ita_xl._io import decode_text
from ita_xl.reading.grids import normalise_cell

_COLUMNS = {
    "org_name": ("org_name", "organisation", "organization", "ชื่อหน่วยงาน", "หน่วยงาน"),
    "province": ("province", "จังหวัด"),
    "unit": ("unit", "division", "ส่วนงาน", "ส่วนงานที่รายงาน", "กอง/สำนัก"),
    "org_type": ("org_type", "type", "ประเภทหน่วยงาน", "ประเภท"),
    "contact": ("contact", "ผู้ติดต่อ", "ผู้ประสานงาน", "ผู้รับผิดชอบ"),
    "phone": ("phone", "telephone", "โทรศัพท์", "เบอร์โทร", "เบอร์โทรศัพท์"),
    "email": ("email", "e-mail", "อีเมล", "อีเมล์"),
}


class RosterError(BilingualError, ValueError):
    """The roster cannot be used; printed in Thai and English (a usage error, exit 2)."""


@dataclass(frozen=True)
class RosterEntry:
    """One organisation the roster expects a return from, with whom to contact."""

    org_name: str
    province: str
    unit: str
    org_type: str
    line: int
    """Line (CSV) or row (xlsx) in the roster file, for messages."""
    contact: str = ""
    phone: str = ""
    email: str = ""
    """Whom to chase when the return does not come (optional roster columns)."""

    @property
    def key(self) -> tuple[str, str]:
        return org_key(self.org_name), unit_key(self.unit)

    @property
    def label(self) -> str:
        return f"{self.org_name} ({self.unit})" if self.unit else self.org_name


# the roster, the register and the history ask for the keys of the same few thousand names
@functools.lru_cache(maxsize=65_536)
def org_key(name: str) -> str:
    return thai.normalise_org_name(name)


@functools.lru_cache(maxsize=65_536)
def unit_key(unit: str) -> str:
    return thai.clean_spaces(unit).replace("เเ", "แ").replace(" ", "")


def _rows_of(path: Path) -> list[list[str]]:
    if path.suffix.lower() in (".xlsx", ".xlsm"):
        from python_calamine import CalamineWorkbook

        book = CalamineWorkbook.from_path(str(path))
        try:
            sheet = book.get_sheet_by_index(0).to_python()
        finally:
            book.close()
        # a phone typed as a number is 812345678, not 812345678.0
        return [["" if v is None else str(v) for v in map(normalise_cell, row)] for row in sheet]
    text = decode_text(path.read_bytes())
    try:
        dialect: type[csv.Dialect] | csv.Dialect = csv.Sniffer().sniff(text[:4096], ",;\t")
    except csv.Error:
        dialect = csv.excel
    return list(csv.reader(io.StringIO(text), dialect))


def read_roster(path: str | Path) -> list[RosterEntry]:
    """The roster's entries in file order; repeated entries are kept once."""
    source = Path(path)
    try:
        rows = _rows_of(source)
    except Exception as error:  # OS, encoding, CSV, or python-calamine on a damaged workbook
        raise RosterError(f"อ่านไฟล์รายชื่อ {source} ไม่ได้ ({error})",
                          f"cannot read the roster {source} ({error})") from None  # fmt: skip
    if not rows:
        raise RosterError(f"ไฟล์รายชื่อ {source} ว่างเปล่า", f"the roster {source} is empty")
    header = [thai.clean_spaces(h).lower() for h in rows[0]]
    columns: dict[str, int] = {}
    for key, names in _COLUMNS.items():
        for index, name in enumerate(header):
            if name in names and key not in columns:
                columns[key] = index
    if "org_name" not in columns:
        raise RosterError(
            f"ไฟล์รายชื่อ {source} ต้องมีคอลัมน์ org_name (ชื่อหน่วยงาน) ในแถวแรก",
            f"the roster {source} needs an org_name column in its first row",
        )

    def cell(row: list[str], key: str) -> str:
        index = columns.get(key)
        return thai.clean_spaces(row[index]) if index is not None and index < len(row) else ""

    entries: list[RosterEntry] = []
    seen: set[tuple[str, str]] = set()
    for line, row in enumerate(rows[1:], start=2):
        name = cell(row, "org_name")
        if not name:
            continue
        entry = RosterEntry(name, thai.province_name(cell(row, "province")),
                            cell(row, "unit"), cell(row, "org_type"), line,
                            cell(row, "contact"), cell(row, "phone"),
                            cell(row, "email"))  # fmt: skip
        if entry.key not in seen:
            seen.add(entry.key)
            entries.append(entry)
    return entries
