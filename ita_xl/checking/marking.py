"""Findings → marks in a workbook: coloured cells, a note on each, and the sheet ``ผลการตรวจสอบ``.

The logic talks to a workbook only through the small ``Book`` interface, so the same code marks a
file copy (``--annotate``, through openpyxl) and the workbook open in Excel (the validate button,
through xlwings). Marking is idempotent: earlier marks are cleared first, and clearing restores
each cell's original fill, which the findings sheet keeps in a hidden column.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from typing import Protocol

from ita_xl import outputs, spec
from ita_xl._errors import BilingualError
from ita_xl.checking.findings import SEVERITY_EN, SEVERITY_TH, Finding, Severity

NOTE_MARK = spec.NOTE_MARK

FILLS = {Severity.ERROR: "FFC7CE", Severity.WARNING: "FFEB9C", Severity.INFO: "DDEBF7"}
"""Excel's own 'bad', 'neutral' and a light blue: colours officers already read."""

HEADERS = outputs.MARKED_FINDINGS.labels[:-1]
HEADERS_HIDDEN = outputs.MARKED_FINDINGS.labels[-1:]
"""The ``ผลการตรวจสอบ`` sheet's columns (``outputs.MARKED_FINDINGS``); the last, hidden, keeps
each marked cell's own fill."""

_RANK = {Severity.ERROR: 0, Severity.WARNING: 1, Severity.INFO: 2}


@dataclass(frozen=True)
class FindingRow:
    """One row of the findings sheet; ``link`` is the ``sheet!cell`` it points to."""

    values: tuple[object, ...]
    link: tuple[str, str] | None
    severity: Severity


PROTECTION_FLAGS = (
    "objects", "scenarios", "formatCells", "formatColumns", "formatRows", "insertColumns",
    "insertRows", "insertHyperlinks", "deleteColumns", "deleteRows", "selectLockedCells",
    "selectUnlockedCells", "sort", "autoFilter", "pivotTables",
)  # fmt: skip
"""The flags of SpreadsheetML's ``<sheetProtection>``: ``True`` protects (forbids) the action."""


_ALLOWED_BY_DEFAULT = frozenset(
    {"objects", "scenarios", "selectLockedCells", "selectUnlockedCells"}
)


@dataclass(frozen=True)
class Protection:
    """A protected sheet's options, to put back exactly as they were after marking."""

    flags: tuple[tuple[str, bool], ...]

    def forbids(self, flag: str) -> bool:
        """As the flag is set, else as SpreadsheetML defaults it."""
        return dict(self.flags).get(flag, flag not in _ALLOWED_BY_DEFAULT)


class ProtectedSheet(BilingualError):
    """A sheet stays protected (a password the tool does not know): it cannot be marked."""


class Book(Protocol):
    """What marking needs from a workbook: cells' fills and notes, and one sheet to rewrite."""

    def sheet_names(self) -> list[str]: ...

    def get_fill(self, sheet: str, cell: str) -> str:
        """The cell's fill as an opaque text the same book can restore; ``""`` for none."""
        ...

    def set_fill(self, sheet: str, cell: str, fill: str) -> None:
        """Restore a fill from ``get_fill``, or paint a solid ``RRGGBB`` colour."""
        ...

    def get_note(self, sheet: str, cell: str) -> str: ...

    def set_note(self, sheet: str, cell: str, text: str) -> None:
        """Set the cell's note (comment); ``""`` removes it."""
        ...

    def read_rows(self, sheet: str) -> list[list[object]]: ...

    def write_findings_sheet(self, name: str, headers: list[str], rows: list[FindingRow]) -> None:
        """Replace the sheet ``name`` with these rows, each linking to its cell; make it active."""
        ...

    def delete_sheet(self, name: str) -> None: ...

    def get_protection(self, sheet: str) -> Protection | None:
        """The sheet's protection, or ``None`` when it is not protected."""
        ...

    def set_protection(self, sheet: str, protection: Protection | None) -> None:
        """Protect with these options, or (``None``) unprotect; ``ProtectedSheet`` when the
        sheet has a password."""
        ...


@contextmanager
def unprotected(book: Book, sheets: Iterable[str]) -> Iterator[None]:
    """Excel refuses to colour a cell or add a note on a protected sheet (run-time error 1004),
    whatever the cell's own lock: the sheets are unprotected for marking and protected again
    as they were (the same options), even when marking fails."""
    undone: list[tuple[str, Protection]] = []
    try:
        for sheet in sheets:
            protection = book.get_protection(sheet)
            if protection is not None:
                book.set_protection(sheet, None)
                undone.append((sheet, protection))
        yield
    finally:
        for sheet, protection in reversed(undone):
            if sheet in book.sheet_names():
                book.set_protection(sheet, protection)


def solid(colour: str) -> str:
    """A solid fill in the form every ``Book`` reads back the same: ``solid:rgb:FFRRGGBB``."""
    return f"solid:rgb:FF{colour}"


def clear(book: Book) -> int:
    """Remove this tool's marks: restore fills, strip its notes, delete ``ผลการตรวจสอบ``.

    Returns the number of cells restored.
    """
    with unprotected(book, _marked_sheets(book)):
        return _clear(book)


def _marked_sheets(book: Book) -> list[str]:
    return [s for s in book.sheet_names() if s != spec.FINDINGS_SHEET]


def _clear(book: Book) -> int:
    name = spec.FINDINGS_SHEET
    if name not in book.sheet_names():
        return 0
    rows = book.read_rows(name)
    if not rows:
        book.delete_sheet(name)
        return 0
    header = [str(h) if h is not None else "" for h in rows[0]]
    try:
        sheet_col, cell_col = header.index(HEADERS[3]), header.index(HEADERS[4])
        fill_col = header.index(HEADERS_HIDDEN[0])
    except ValueError:
        book.delete_sheet(name)  # not ours to interpret; the sheet name is reserved
        return 0
    restored: set[tuple[str, str]] = set()
    sheets = set(book.sheet_names())
    for row in rows[1:]:
        cells = [*row, *([None] * (len(header) - len(row)))]
        sheet, cell = cells[sheet_col], cells[cell_col]
        if not isinstance(sheet, str) or not isinstance(cell, str) or sheet not in sheets:
            continue
        if (sheet, cell) in restored:
            continue
        restored.add((sheet, cell))
        original = cells[fill_col]
        book.set_fill(sheet, cell, original if isinstance(original, str) else "")
        book.set_note(sheet, cell, strip_note(book.get_note(sheet, cell)))
    book.delete_sheet(name)
    return len(restored)


strip_note = spec.strip_note


def _rows(findings: Iterable[Finding], fills: dict[tuple[str, str], str]) -> list[FindingRow]:
    rows = []
    for number, f in enumerate(findings, start=1):
        link = (f.sheet, f.cell) if f.sheet and f.cell else None
        original = fills.get(link, "") if link else ""
        values = (
            number, SEVERITY_TH[f.severity], f.code, f.sheet or "", f.cell or "",
            f.message_th, f.value or "", f.message_en, original,
        )  # fmt: skip
        rows.append(FindingRow(values, link, f.severity))
    return rows


def mark(book: Book, findings: list[Finding]) -> int:
    """Clear earlier marks, then colour each problem cell, note why, and list every finding.

    Returns the number of cells marked.
    """
    with unprotected(book, _marked_sheets(book)):
        return _mark(book, findings)


def _mark(book: Book, findings: list[Finding]) -> int:
    _clear(book)
    sheets = set(book.sheet_names())
    by_cell: dict[tuple[str, str], list[Finding]] = {}
    for f in findings:
        if f.sheet in sheets and f.cell:
            by_cell.setdefault((f.sheet, f.cell), []).append(f)
    fills: dict[tuple[str, str], str] = {}
    for (sheet, cell), found in by_cell.items():
        fills[(sheet, cell)] = book.get_fill(sheet, cell)
        worst = min((f.severity for f in found), key=_RANK.__getitem__)
        book.set_fill(sheet, cell, solid(FILLS[worst]))
        officer_note = strip_note(book.get_note(sheet, cell))
        ours = "\n".join(f"{f.code} {f.message_th}" for f in found)
        note = f"{officer_note}\n\n{NOTE_MARK}\n{ours}" if officer_note else f"{NOTE_MARK}\n{ours}"
        book.set_note(sheet, cell, note)
    book.write_findings_sheet(
        spec.FINDINGS_SHEET, [*HEADERS, *HEADERS_HIDDEN], _rows(findings, fills)
    )
    return len(by_cell)


def summary_th(findings: list[Finding]) -> str:
    """The short Thai summary the button shows."""
    counts = {s: sum(1 for f in findings if f.severity is s) for s in Severity}
    if not findings:
        return "ตรวจสอบแล้ว ไม่พบปัญหา"
    parts = [f"{SEVERITY_TH[s]} {counts[s]} รายการ" for s in Severity if counts[s]]
    verdict = "ยังส่งไม่ได้ ต้องแก้ข้อผิดพลาดก่อน" if counts[Severity.ERROR] else "ส่งได้"
    return f"พบ{' '.join(parts)} — {verdict} ดูรายละเอียดในชีต '{spec.FINDINGS_SHEET}'"


__all__ = ["FILLS", "SEVERITY_EN", "Book", "FindingRow", "clear", "mark", "summary_th"]
