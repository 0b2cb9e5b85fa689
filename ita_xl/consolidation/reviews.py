"""The team's reviews, read back from the register of the summary a roll-up is about to replace
(SPEC §9): the team types them in Excel or LibreOffice, the next roll-up keeps them in the store.
"""

from __future__ import annotations

import functools
import itertools
import operator
import re
import zipfile
import zlib
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta
from pathlib import Path
from typing import Any

from ita_xl import outputs, thai
from ita_xl.consolidation.decisions import (
    MISSING,
    PENDING,
    REVIEW_EN,
    SUPERSEDED,
    org_key,
    unit_key,
)
from ita_xl.consolidation.prints import PRINT_KEY, as_text, cells_print, rows_print, same_cell
from ita_xl.model import column_letter, column_number
from ita_xl.ooxml import package
from ita_xl.reading.grids import normalise_cell

_BY_ENGLISH = {english: thai_word for thai_word, english in REVIEW_EN.items()}
HEADER_SEARCH_ROWS = 5
"""The register's header is in its first rows (a title may stand above it)."""


def review_word(typed: object) -> str:
    """A review as typed: the dropdown's Thai word, or its English key; anything else (a typo,
    a blank) is pending, and what was typed is kept in the note by the caller."""
    text = thai.clean_spaces(str(typed or ""))
    if text in REVIEW_EN:
        return text
    return _BY_ENGLISH.get(text.lower(), PENDING)


def not_on_list(typed: object) -> str | None:
    """What was typed in a review cell when it is none of the dropdown's words (nor their
    English keys): pasted, or typed where the dropdown does not hold (its check turned off).
    ``review_word`` takes it as pending; the team is told, not left to find it."""
    text = thai.clean_spaces(str(typed or ""))
    if not text or text in REVIEW_EN or text.lower() in _BY_ENGLISH:
        return None
    return text


_Sheet = tuple[Sequence[Sequence[object]], int, dict[str, int]]


def _table_sheet(summary: Path, table: outputs.Table, needed: set[str]) -> _Sheet | None:
    """A sheet of ``table``'s: its rows, its header's index and each known column's position;
    ``None`` when there is none to read (the file unreadable, the sheet renamed or deleted, the
    ``needed`` columns' labels changed)."""
    rows = _cells(summary, table.sheet)
    found = _header(rows, table, needed)
    return None if found is None else (rows, *found)


def _header(rows: Iterable[Sequence[object]], table: outputs.Table,
            needed: set[str]) -> tuple[int, dict[str, int]] | None:  # fmt: skip
    """The index of a table's header among its sheet's first rows, and each known column's
    position; ``None`` when the ``needed`` columns' labels are not there."""
    labels = {column.label: column.key for column in table.columns}
    for header, row in enumerate(itertools.islice(rows, HEADER_SEARCH_ROWS)):
        at = {labels[str(v)]: i for i, v in enumerate(row) if str(v) in labels}
        if needed <= at.keys():
            return header, at
    return None


@functools.lru_cache(maxsize=2)
def _sheet_rows(path: str, size: int, mtime_ns: int,
                sheet: str) -> Sequence[Sequence[object]] | None:  # fmt: skip
    """One sheet's cells, read once for the reviews and the added columns of one file as it is
    (its size and time are in the key). python-calamine reads the one sheet (openpyxl took
    1.6 s of a 2.3 s re-run)."""
    from python_calamine import CalamineWorkbook

    try:
        # closed after: Windows cannot replace a file that is open
        with CalamineWorkbook.from_path(path) as book:
            if sheet not in book.sheet_names:
                return None
            return book.get_sheet_by_name(sheet).to_python(skip_empty_area=False)
    except Exception:
        return None


def register_rows(summary: Path) -> list[dict[str, object]] | None:
    """The register of a summary ita-xl wrote, as edited by the team: each row's values by the
    keys of ``outputs.REGISTER`` (columns found by their labels); ``None`` when there is no
    register to read, which callers must not take for an empty one."""
    found = _table_sheet(summary, outputs.REGISTER, {"org_name", "file"})
    if found is None:
        return None
    rows, header, at = found
    # a year would reach a letter as 2566.0: python-calamine gives every number as a float
    return [{key: normalise_cell(row[i]) if i < len(row) else None for key, i in at.items()}
            for row in rows[header + 1:] if any(v not in ("", None) for v in row)]  # fmt: skip


ROLL_UP_CODES = "ITA-F"
"""The findings the roll-up makes about a file (another fiscal year, not on the roster), which
checking the file alone does not find."""


def roll_up_findings(summary: Path) -> dict[str, list[dict[str, object]]]:
    """The roll-up's own findings (``ROLL_UP_CODES``) in a summary's ``ปัญหาที่พบ``, each row's
    values by the keys of ``outputs.FINDINGS``, by the file they are about (as the register
    names it); none when the sheet cannot be read."""
    found = _table_sheet(summary, outputs.FINDINGS, {"file", "code", "message_th"})
    if found is None:
        return {}
    rows, header, at = found
    by_file: dict[str, list[dict[str, object]]] = {}
    for row in rows[header + 1 :]:
        values = {key: row[i] if i < len(row) else None for key, i in at.items()}
        if str(values["code"]).startswith(ROLL_UP_CODES) and values["file"]:
            by_file.setdefault(str(values["file"]), []).append(values)
    return by_file


SUMMARY_TABLES = {t.sheet: t for t in (outputs.REGISTER, outputs.MEASURES, outputs.FOLLOWUPS,
                                        outputs.HISTORY, outputs.YEAR_OVER_YEAR, outputs.FINDINGS,
                                        outputs.BY_INDICATOR)}  # fmt: skip
"""The summary's sheets that are tables, by name: a column the team adds to one is theirs."""


def typed_beyond(summary: Path) -> list[str]:
    """What the team typed into the summary outside what ita-xl wrote there, which a new summary
    would not hold: a column added to a table (``ทะเบียนการส่ง: ผู้ตรวจ``), rows under what a
    sheet held (``ทะเบียนการส่ง: แถว 12–13``), a cell beside the overview (``สรุปภาพรวม: H3``),
    a sheet of the team's own (``ชีต บันทึก``). A sheet whose used range (``<dimension>``) is
    within what ita-xl wrote is not read. (A summary of an earlier release, without the sizes
    in ``_meta``: its tables' columns only.)"""
    used = _used_ranges(summary)
    written = _written_sizes(summary)
    found = []
    for name, extent in (used or dict.fromkeys(written or SUMMARY_TABLES)).items():
        if name == "_meta":
            continue
        size = written.get(name) if written else None
        table = SUMMARY_TABLES.get(name)
        if written and size is None:  # a sheet ita-xl did not write
            found += [f"ชีต {name}"] if _any_value(summary, name) else []
            continue
        rows, columns = size or (None, len(table.columns) if table else None)
        if columns is None or (extent is not None and extent[1] <= columns
                               and (rows is None or extent[0] <= rows)):  # fmt: skip
            continue  # within what ita-xl wrote: not read
        found += _beyond(summary, name, table, rows, columns)
    return found


def _beyond(summary: Path, name: str, table: outputs.Table | None, rows: int | None,
            columns: int) -> list[str]:  # fmt: skip
    """The places of one sheet holding a value outside ``rows`` × ``columns``: a table's columns
    by their labels (the team may insert one among ita-xl's), the rest by position."""
    cells = _cells(summary, name)
    filled = [[i for i, v in enumerate(row) if v not in ("", None)] for row in cells]
    sheet = _table_sheet(summary, table, set(table.keys[:2])) if table else None
    if sheet is not None:
        found = _added_columns(name, sheet, filled)
    else:
        found = [f"{name}: {column_letter(i + 1)}{r + 1}"
                 for r, row in enumerate(filled) for i in row if i >= columns][:5]  # fmt: skip
    below = [r + 1 for r, row in enumerate(filled) if rows is not None and r >= rows and row]
    if below:
        found.append(f"{name}: แถว {below[0]}" + (f"–{below[-1]}" if len(below) > 1 else ""))
    return found


READ_BACK = frozenset({"review", "review_note"})
"""Columns the team types into and the next roll-up reads back: what is typed there is kept
whatever it is, never taken for a value typed over ita-xl's."""


def _row_key(sheet: str, value: Callable[[str], object]) -> str:
    """What tells one row of a sheet the team works in from the others, however the team sorted
    it: a version's SHA-256 prefix in the history; in the register its file, or the
    organisation of one that has not sent (``chase_key``), as the reviews are kept."""
    if sheet == outputs.HISTORY.sheet:
        return str(value("sha256") or "").strip()
    if value("file") not in ("", None):
        return str(value("file")).strip()
    return chase_key(*(value(key) for key in ("org_name", "division", "province", "fiscal_year")))


def typed_over(summary: Path, written: Mapping[str, Sequence[Sequence[object]]]) -> list[str]:
    """The cells of the sheets the team works in (``Consolidation.worked_in``) where it typed
    over a value ita-xl wrote: ``written`` holds each sheet's rows as written, matched to the
    rows read now by their key (``_row_key``), so sorting or filtering is no change. A row whose
    key is none ita-xl wrote is named whole (``แถว 7``); the review columns (``READ_BACK``) and
    what lies beyond the written rows (``typed_beyond``) are not looked at. One entry a sheet:
    ``ทะเบียนการส่ง: O4, F5``."""
    found: list[str] = []
    sizes = _written_sizes(summary)
    for name, rows in written.items():
        table = SUMMARY_TABLES.get(name)
        sheet = _table_sheet(summary, table, {"sha256"} if name == outputs.HISTORY.sheet
                             else {"file", "org_name"}) if table else None  # fmt: skip
        # the file holds these very rows only if it says it was written with as many (a
        # summary a --no-store run wrote over it since, say, holds others)
        of_these = sheet is not None and sizes.get(name, (0, 0))[0] == sheet[1] + 1 + len(rows)
        places = _typed_over(name, table, sheet, rows) if table and sheet and of_these else []
        if places:
            more = ", …" if len(places) > _PLACES_NAMED else ""
            found.append(f"{name}: {', '.join(places[:_PLACES_NAMED])}{more}")
    return found


_PLACES_NAMED = 5


def typed_over_details(summary: Path) -> list[str]:
    """The tables the team does not work in (measures, follow-ups, findings, the year beside
    the last, the summary by indicator) and the overview, where it typed over a value ita-xl
    wrote, told by their prints in ``_meta`` (``prints``): the name of each such sheet. A
    table's rows are compared in any order, so sorting or filtering is no change; rows or
    columns the team added are ``typed_beyond``'s, as are cells beside what the overview
    holds."""
    from python_calamine import CalamineWorkbook

    prints: dict[str, tuple[str, int]] = {}
    for key, kept in summary_meta(summary).items():
        value, _, kept_count = kept.partition(",")
        if key.startswith(PRINT_KEY) and kept_count.isdigit():
            prints[key.removeprefix(PRINT_KEY)] = (value, int(kept_count))
    if not prints:  # a summary of an earlier release
        return []
    sizes = _written_sizes(summary)
    found = []
    try:
        # opened once for every sheet (its shared strings are read on opening), and closed:
        # Windows cannot replace a file that is open
        with CalamineWorkbook.from_path(str(summary)) as book:
            for name, (written, count) in prints.items():
                if (table := SUMMARY_TABLES.get(name)) is not None:
                    printed = _table_print(book, table, count)
                elif name == outputs.OVERVIEW_SHEET and name in sizes:
                    printed = _cells_print(book, name, sizes[name])
                else:
                    continue
                if printed is not None and as_text(printed) != written:
                    found.append(name)
    except Exception:  # a file python-calamine cannot open: nothing to compare
        return found
    return found


def _cells_print(book: Any, name: str, size: tuple[int, int]) -> int | None:
    """The print of a sheet's cells within the rows and columns ita-xl wrote there
    (``prints.cells_print``); ``None`` when the sheet is not there."""
    if name not in book.sheet_names:
        return None
    sheet = book.get_sheet_by_name(name)
    top, left = sheet.start or (0, 0)
    rows, columns = size
    cells = {}
    for row, values in enumerate(itertools.islice(sheet.iter_rows(), max(rows - top, 0)), top):
        for column, value in enumerate(values[: max(columns - left, 0)], left):
            if value not in ("", None):
                cells[row, column] = value
    return cells_print(cells)


def _table_print(book: Any, table: outputs.Table, count: int) -> int | None:
    """The print of the first ``count`` rows holding a value under a table's header, its
    values in the table's column order; ``None`` when the sheet is not there (renamed or
    deleted: a renamed one is ``typed_beyond``'s). The rows stream by: a national summary's
    hundred thousand findings are never held as Python objects at once."""
    if table.sheet not in book.sheet_names:
        return None
    rows = iter(book.get_sheet_by_name(table.sheet).iter_rows())
    top = list(itertools.islice(rows, HEADER_SEARCH_ROWS))
    found = _header(top, table, set(table.keys[:2]))
    if found is None:
        return None
    header, at = found
    below = itertools.chain(top[header + 1 :], rows)
    filled = itertools.islice((row for row in below if not _EMPTY.issuperset(row)), count)
    return rows_print(map(_in_table_order(table, at), filled))


_EMPTY = frozenset({"", None})


_Row = Sequence[object]


def _in_table_order(table: outputs.Table, at: dict[str, int]) -> Callable[[_Row], _Row]:
    """A row read back → its values in ``table``'s column order, as they were written; a
    column the team deleted reads as empty. (python-calamine gives every row the sheet's width:
    the usual row is taken by one C call.)"""
    keys = table.keys

    def padded(row: Sequence[object]) -> tuple[object, ...]:
        return tuple(row[at[k]] if at.get(k, len(row)) < len(row) else None for k in keys)

    if not all(key in at for key in keys):
        return padded
    take, last = operator.itemgetter(*(at[key] for key in keys)), max(at.values())

    def values(row: Sequence[object]) -> Sequence[object]:
        return take(row) if len(row) > last else padded(row)

    return values


def _typed_over(name: str, table: outputs.Table, sheet: _Sheet,
                rows: Sequence[Sequence[object]]) -> list[str]:  # fmt: skip
    cells, header, at = sheet
    position = {key: i for i, key in enumerate(table.keys)}
    unmatched: dict[str, list[Sequence[object]]] = {}
    for row in rows:
        unmatched.setdefault(_row_key(name, functools.partial(_at, row, position)), []).append(row)
    # (where it is read, where it was written) of each column the team's typing replaces
    compared = [(i, position[key]) for key, i in at.items() if key not in READ_BACK]
    places = []
    for number in range(header + 1, min(len(cells), header + 1 + len(rows))):
        read = cells[number]
        if all(v in ("", None) for v in read):
            continue

        def value(key: str, read: Sequence[object] = read) -> object:
            i = at.get(key, len(read))  # (a column the team deleted reads as empty)
            return normalise_cell(read[i]) if i < len(read) else None

        mine = unmatched.get(_row_key(name, value))
        if not mine:
            places.append(f"แถว {number + 1}")
            continue
        wrote = mine.pop(0)
        for i, j in compared:
            if not same_cell(wrote[j], read[i] if i < len(read) else None):
                places.append(f"{column_letter(i + 1)}{number + 1}")
    return places


def _at(row: Sequence[object], position: Mapping[str, int], key: str) -> object:
    return row[position[key]]


def _added_columns(name: str, sheet: _Sheet, filled: list[list[int]]) -> list[str]:
    """A table's columns that are not ita-xl's (by their labels) and hold a value."""
    cells, header, at = sheet
    own = set(at.values())
    labels = cells[header]
    found = []
    for i in sorted({i for row in filled[header + 1 :] for i in row if i not in own}):
        label = str(labels[i]).strip() if i < len(labels) else ""
        found.append(f"{name}: {label or column_letter(i + 1)}")
    return found


def _cells(summary: Path, name: str) -> Sequence[Sequence[object]]:
    """One sheet's cells as the file is now (``_sheet_rows``); none when it cannot be read."""
    try:
        stat = summary.stat()
    except OSError:
        return []
    return _sheet_rows(str(summary), stat.st_size, stat.st_mtime_ns, name) or []


def _any_value(summary: Path, name: str) -> bool:
    return any(v not in ("", None) for row in _cells(summary, name) for v in row)


def _written_sizes(summary: Path) -> dict[str, tuple[int, int]]:
    """Each sheet's rows and columns as ita-xl wrote them (``_meta``); none for a summary of an
    earlier release."""
    sizes = {}
    for key, value in summary_meta(summary).items():
        rows, _, columns = value.partition(",")
        if key.startswith(outputs.WRITTEN_KEY) and rows.isdigit() and columns.isdigit():
            sizes[key.removeprefix(outputs.WRITTEN_KEY)] = (int(rows), int(columns))
    return sizes


_DIMENSION_RE = re.compile(
    rb"<(?:\w+:)?dimension\s+ref=[\"']([A-Z]+)?([0-9]*)(?::([A-Z]+)([0-9]*))?"
)


def _used_ranges(summary: Path) -> dict[str, tuple[int, int] | None] | None:
    """Each sheet's used range, as its last (row, column), as its ``<dimension>`` says (Excel,
    LibreOffice and XlsxWriter write it first thing in a sheet): only the first bytes of each
    part inflated. ``None`` for a sheet without one; ``None`` for a file that cannot be opened
    so."""
    ranges: dict[str, tuple[int, int] | None] = {}
    try:
        with zipfile.ZipFile(summary) as book:
            main = package.WORKBOOK_PART
            listed = package.sheet_parts(book.read(main), book.read(package.rels_part(main)))
            for name, part in listed.parts.items():
                with book.open(part) as stream:
                    found = _DIMENSION_RE.search(stream.read(2048))
                if found is None or not (found.group(3) or found.group(1)):
                    ranges[name] = None
                    continue
                letters = found.group(3) or found.group(1)
                row = found.group(4) if found.group(3) else found.group(2)
                ranges[name] = (int(row or 0), column_number(letters.decode()))
    except (OSError, KeyError, ValueError, zipfile.BadZipFile, zlib.error):
        return None
    return ranges


def history_reviews(summary: Path) -> dict[str, str]:
    """The SHA-256 prefix each row of ``ประวัติการส่ง`` shows → the review word typed there, for
    every row holding one of the review words (a blank or a typo says nothing there: the
    history has no note to keep it in)."""
    found = _table_sheet(summary, outputs.HISTORY, {"sha256", "review"})
    if found is None:
        return {}
    rows, header, at = found
    typed: dict[str, str] = {}
    for row in rows[header + 1 :]:
        sha, word = (thai.clean_spaces(str(row[at[key]])) if at[key] < len(row) else ""
                     for key in ("sha256", "review"))  # fmt: skip
        review = review_word(word)
        if sha and (review != PENDING or word in (PENDING, REVIEW_EN[PENDING])):
            typed[sha] = review
    return typed


def history_versions(summary: Path) -> list[tuple[str, str, str]]:
    """The rows of ``ประวัติการส่ง``: (file, SHA-256 prefix, received), each version of the
    season the summary knew, named where it was seen last; what tells which version a file of
    the register showed, for a run whose store does not remember (a store rebuilt or lost)."""
    found = _table_sheet(summary, outputs.HISTORY, {"file", "sha256", "received"})
    if found is None:
        return []
    rows, header, at = found
    versions = []
    for row in rows[header + 1 :]:
        file, sha, received = (row[at[key]] if at[key] < len(row) else ""
                               for key in ("file", "sha256", "received"))  # fmt: skip
        if sha := str(sha or "").strip():
            versions.append((str(file or "").strip(), sha, _received_text(received)))
    return versions


def _received_text(value: object) -> str:
    """When a version was received, as text that sorts as time does: a date cell read back (to
    the nearest second: a reader's conversion may land a millisecond short), or the text an
    earlier release wrote (``2026-12-05 04:17:23``)."""
    if isinstance(value, datetime):
        return (value + timedelta(milliseconds=500)).replace(microsecond=0).isoformat(" ")
    if isinstance(value, date):
        return datetime.combine(value, datetime.min.time()).isoformat(" ")
    return str(value or "").strip()


def summary_meta(summary: Path) -> dict[str, str]:
    """The ``_meta`` keys of a summary ita-xl wrote (``working_folder``: where the roll-up ran,
    from where the register names its files); nothing when it cannot be read."""
    try:
        stat = summary.stat()
    except OSError:
        return {}
    return dict(_meta_of(str(summary), stat.st_size, stat.st_mtime_ns))


@functools.lru_cache(maxsize=2)
def _meta_of(path: str, size: int, mtime_ns: int) -> tuple[tuple[str, str], ...]:
    """``summary_meta`` of one file as it is, read once for the sizes both ``typed_beyond`` and
    ``typed_over`` check (a cache of its own: the sheets' cache holds the register and history)."""
    from python_calamine import CalamineWorkbook

    try:
        with CalamineWorkbook.from_path(path) as book:
            if "_meta" not in book.sheet_names:
                return ()
            rows = book.get_sheet_by_name("_meta").to_python()
    except Exception:
        return ()
    return tuple((str(row[0]), str(row[1])) for row in rows if len(row) > 1 and row[0])


CHASED = "ไม่ได้ส่ง|"
"""How a review of an organisation that has not sent is kept (``chase_key``): it has no version
to be kept against. A SHA-256 is hex and a register names files by their paths: neither starts
so."""


def chase_key(org_name: object, division: object, province: object, fiscal_year: object) -> str:
    """The key of the notes the team typed beside an organisation that has not sent (whom they
    called, when it promised): the organisation as the roster names it, for one year."""
    return CHASED + "|".join((org_key(str(org_name or "")), unit_key(str(division or "")),
                              org_key(str(province or "")), str(fiscal_year or "")))  # fmt: skip


@dataclass
class TypedReviews:
    """The reviews of a summary's register (``read_reviews``)."""

    by_file: dict[str, tuple[str, str]]
    """``file as the register shows it`` → (review, reviewer's note) for every row that names a
    file, and ``chase_key`` → the same for every organisation that has not sent."""
    not_on_list: list[str] = field(default_factory=list)
    """``organisation (division): what was typed`` for each review that is none of the list's
    words (``not_on_list``): taken as pending, the word kept in the note."""


def read_reviews(summary: Path) -> TypedReviews | None:
    """The reviews typed in ``summary``'s register; ``None`` when there is no register to read
    (``register_rows``). Superseded rows come first: a file sent twice shows one version on two
    rows, and where the team typed two reviews for it, the one typed on the row that counts is
    kept (it is taken last)."""
    rows = register_rows(summary)
    if rows is None:
        return None
    rows.sort(key=lambda row: row.get("status") != SUPERSEDED)  # (a stable sort)
    found = TypedReviews({})
    for row in rows:
        file, typed = row.get("file"), row.get("review")
        if not file and row.get("status") == MISSING and row.get("org_name"):
            file = chase_key(row.get("org_name"), row.get("division"), row.get("province"),
                             row.get("fiscal_year"))  # fmt: skip
        if not file:
            continue
        review = review_word(typed)
        note = thai.clean_spaces(str(row.get("review_note") or ""))
        if (unlisted := not_on_list(typed)) is not None:
            if not note.endswith(kept := f"({unlisted})"):  # (pasted again: kept once)
                note = f"{note} {kept}".strip()  # a word not on the list, kept
            who = " ".join(str(row.get(key) or "") for key in ("org_name", "division"))
            found.not_on_list.append(f"{who.strip() or file}: {unlisted}")
        found.by_file[str(file)] = (review, note)
    return found


__all__ = [
    "CHASED",
    "TypedReviews",
    "chase_key",
    "history_reviews",
    "history_versions",
    "not_on_list",
    "read_reviews",
    "register_rows",
    "review_word",
    "summary_meta",
    "typed_beyond",
    "typed_over",
    "typed_over_details",
]
