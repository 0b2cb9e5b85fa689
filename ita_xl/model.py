"""The return as plain data: every value keeps the sheet and cell it came from.

Readers fill these; checks judge them. Values are kept as read (``raw``); the typed views
(``fiscal_year``, ``round``, ``period`` …) parse Thai digits, eras and text dates on demand and
give ``None`` when a value cannot be understood, so a check can say why.
"""

from __future__ import annotations

import functools
from dataclasses import dataclass, field
from datetime import date, datetime
from pathlib import Path
from typing import Literal, TypeVar

from ita_xl import thai

T = TypeVar("T")

EXCEL_ERRORS = frozenset(
    {"#NULL!", "#DIV/0!", "#VALUE!", "#REF!", "#NAME?", "#NUM!", "#N/A", "#GETTING_DATA",
     "#SPILL!", "#CALC!", "#FIELD!", "#BLOCKED!", "#CONNECT!", "#BUSY!", "#UNKNOWN!"}
)  # fmt: skip


PLACEHOLDERS = frozenset({"-", "–", "—", "--", "ไม่มี", "n/a", "na", "n.a.", ".", "…", "..."})
"""What officers type for "nothing here" (SPEC §3): read as blank."""
_LONGEST_PLACEHOLDER = max(map(len, PLACEHOLDERS))


def is_placeholder(text: str) -> bool:
    stripped = text.strip()
    return len(stripped) <= _LONGEST_PLACEHOLDER and stripped.lower() in PLACEHOLDERS


def column_letter(column: int) -> str:
    """1 → ``"A"``, 28 → ``"AB"``."""
    letters = ""
    while column:
        column, rest = divmod(column - 1, 26)
        letters = chr(65 + rest) + letters
    return letters


def column_number(letters: str) -> int:
    """``"A"`` → 1, ``"AB"`` → 28 (``column_letter`` the other way)."""
    number = 0
    for letter in letters.upper():
        number = number * 26 + ord(letter) - 64
    return number


class Value:
    """One cell as read, with where it is (1-based row and column).

    A plain class with slots, not a dataclass: a roll-up makes hundreds of these per return,
    thousands of returns a minute, and this is the cheapest Python object that holds them.
    """

    __slots__ = ("_text", "column", "formula", "is_blank", "is_error", "raw", "row", "sheet")

    raw: object
    sheet: str
    row: int
    column: int
    formula: str | None
    """The formula text, when the reader could see one."""
    is_blank: bool
    """Empty, only spaces and invisible characters, or a placeholder such as ``-``."""
    is_error: bool
    """An Excel error value such as ``#REF!``."""

    def __init__(
        self, raw: object, sheet: str, row: int, column: int, formula: str | None = None
    ) -> None:
        self.raw, self.sheet, self.row, self.column, self.formula = raw, sheet, row, column, formula
        self._text: str | None = None
        # every check asks both, so they are worked out once, when the cell is read
        if type(raw) is str:
            # printable text has no invisible characters: blank only if all spaces
            self.is_blank = not (raw.strip() if raw.isprintable() else thai.clean_spaces(raw)) or (
                len(raw) <= 8 and is_placeholder(raw)
            )
            self.is_error = raw[:1] == "#" and raw.strip() in EXCEL_ERRORS
        else:
            self.is_blank = raw is None
            self.is_error = False

    def __repr__(self) -> str:
        return f"Value({self.raw!r}, {self.sheet!r}, {self.row}, {self.column})"

    @property
    def address(self) -> str:
        return f"{column_letter(self.column)}{self.row}"

    @property
    def text(self) -> str:
        """The value as clean text (dates as ISO, whole floats without ``.0``); the line breaks
        an officer typed are kept."""
        text = self._text
        if text is None:
            text = self._text = self._clean_text()
        return text

    def _clean_text(self) -> str:
        raw = self.raw
        if raw is None:
            return ""
        if type(raw) is str:
            return thai.clean_lines(raw)
        if isinstance(raw, bool):
            return "TRUE" if raw else "FALSE"
        if isinstance(raw, float) and raw.is_integer():
            return str(int(raw))
        if isinstance(raw, datetime):
            return raw.date().isoformat() if raw.time() == datetime.min.time() else raw.isoformat()
        if isinstance(raw, date):
            return raw.isoformat()
        return thai.clean_spaces(str(raw))

    @property
    def as_date(self) -> date | None:
        return thai.as_date(self.raw)


@dataclass
class Record:
    """One row of a table sheet (or the whole form), values by field key."""

    sheet: str
    row: int
    values: dict[str, Value] = field(default_factory=dict)

    def get(self, key: str) -> Value | None:
        return self.values.get(key)

    def text(self, key: str) -> str:
        value = self.values.get(key)
        return value.text if value else ""


@dataclass
class Info(Record):
    """The ``ข้อมูลหน่วยงาน`` form."""

    year_from_content: int | None = None
    """Set when the form's year and the template's disagree and the return's dates support the
    template's: the year the return is read as (the form cell keeps its finding)."""

    @property
    def org_name(self) -> str:
        return self.text("org_name")

    @property
    def province(self) -> str:
        """The province as named, without a typed ``จังหวัด`` before it."""
        return thai.province_name(self.text("province"))

    @property
    def division(self) -> str:
        return self.text("division")

    @property
    def fiscal_year(self) -> int | None:
        """The Buddhist-era year; a Christian-era year typed by mistake is converted."""
        if self.year_from_content is not None:
            return self.year_from_content
        value = self.get("fiscal_year")
        year = thai.parse_year(value.raw) if value else None
        if year is not None and thai.is_christian_era_year(year):
            return thai.ce_to_be(year)
        return year

    @property
    def round(self) -> int | None:
        value = self.get("round")
        return thai.parse_round(value.raw) if value else None

    @property
    def prepared_on(self) -> date | None:
        value = self.get("prepared_on")
        return value.as_date if value else None


@dataclass
class IndicatorRow(Record):
    """A row of the indicators sheet: an indicator and what the return says of it."""

    @property
    def number(self) -> int | None:
        return thai.parse_int(self.text("number").removeprefix("ตัวชี้วัดที่").strip())

    @property
    def last_score(self) -> float | None:
        value = self.get("last_score")
        return thai.parse_number(value.raw) if value else None


@functools.lru_cache(maxsize=4096)  # the same codes are asked for again and again
def measure_code(text: str) -> str:
    """A measure code as compared: ``m ๐๓`` is ``M03``."""
    return thai.to_arabic_digits(text).replace(" ", "").upper()


@dataclass
class Measure(Record):
    """A row of the measures sheet."""

    @property
    def code(self) -> str:
        return measure_code(self.text("code"))

    @property
    def measure(self) -> str:
        return self.text("measure")

    @property
    def schedule(self) -> list[int]:
        value = self.get("schedule")
        return thai.parse_round_list(value.raw) if value else []


@dataclass
class FollowUp(Record):
    """A row of the follow-ups sheet: what was done about a measure."""

    @property
    def code(self) -> str:
        return measure_code(self.text("code"))

    @property
    def round(self) -> int | None:
        value = self.get("round")
        return thai.parse_round(value.raw) if value else None

    @property
    def status(self) -> str:
        return self.text("status")

    @property
    def period(self) -> thai.Period | None:
        value = self.get("period")
        return period_of(value) if value is not None else None


def period_of(value: Value) -> thai.Period | None:
    """A period typed as text, or a real date cell: that one day (Excel stores no era, so a
    date cell is never a Buddhist-era misreading)."""
    raw = value.raw
    if isinstance(raw, datetime):
        raw = raw.date()
    if isinstance(raw, date):
        return thai.Period(raw, raw)
    return thai.parse_period(value.text) if value.text else None


UnreadKind = Literal["column", "beside", "row", "sheet", "note"]


@dataclass(frozen=True)
class Unread:
    """Values the reader found but did not take, because the template has no place for them:
    an inserted or renamed column (``column``), text beside a table (``beside``), a form row
    with a label the template does not have (``row``), a sheet of its own (``sheet``), text
    kept in cells' notes (``note``)."""

    sheet: str
    kind: UnreadKind
    header: str | None
    cells: tuple[tuple[int, int], ...]
    """(row, column) of each value, in reading order."""


@dataclass
class Return:
    """A return as read from one workbook.

    Structural facts (``missing_sheets``, ``missing_labels``) are recorded, not judged: the
    structure checks turn them into findings.
    """

    path: Path | None
    info: Info
    indicators: list[IndicatorRow]
    measures: list[Measure]
    followups: list[FollowUp]
    meta: dict[str, str] | None
    """``_meta`` key → value; ``None`` when the workbook was not made from the template."""
    sheet_names: list[str]
    missing_sheets: list[str] = field(default_factory=list)
    missing_labels: dict[str, list[str]] = field(default_factory=dict)
    """Sheet → labels (form) or headers (tables) that were not found."""
    header_rows: dict[str, int] = field(default_factory=dict)
    """Sheet → the 1-based row where its headers were found."""
    columns: dict[str, dict[str, int]] = field(default_factory=dict)
    """Sheet → field key → 1-based column where it was found."""
    unread: list[Unread] = field(default_factory=list)
    """Values found where the template has no place: reported, never silently dropped."""
    format: str = "xlsx"
    """How the file was stored: ``xlsx`` (also .xlsm), ``xls``, ``xlsb`` or ``ods``."""
    over_limit: dict[str, tuple[str, str]] = field(default_factory=dict)
    """Sheet → (Thai, English) reason it was not read: a sheet the template does not have that
    is over a safety limit. The rest of the return is read."""
    year_conflict: tuple[int, int] | None = None
    """(year typed on the form, year of the template in ``_meta``) when they differ."""
