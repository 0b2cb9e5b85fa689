"""The team's reviews, read back from the register of the summary a roll-up is about to replace
(SPEC §9): the team types them in Excel or LibreOffice, the next roll-up keeps them in the store.
"""

from __future__ import annotations

from pathlib import Path

from ita_xl import outputs, thai
from ita_xl.consolidation.decisions import MISSING, PENDING, REVIEW_EN, org_key, unit_key
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


def register_rows(summary: Path) -> list[dict[str, object]] | None:
    """The register of a summary ita-xl wrote, as edited by the team: each row's values by the
    keys of ``outputs.REGISTER`` (columns found by their labels); ``None`` when there is no
    register to read (the file unreadable, the sheet renamed or deleted, its header changed),
    which callers must not take for an empty one. python-calamine reads the one sheet
    (openpyxl took 1.6 s of a 2.3 s re-run)."""
    from python_calamine import CalamineWorkbook

    try:
        book = CalamineWorkbook.from_path(str(summary))
        if outputs.REGISTER.sheet not in book.sheet_names:
            return None
        rows = book.get_sheet_by_name(outputs.REGISTER.sheet).to_python(skip_empty_area=False)
    except Exception:
        return None
    labels = {column.label: column.key for column in outputs.REGISTER.columns}
    headers = [{labels[str(v)]: i for i, v in enumerate(row) if str(v) in labels}
               for row in rows[:HEADER_SEARCH_ROWS]]  # fmt: skip
    header = next((n for n, at in enumerate(headers) if {"org_name", "file"} <= at.keys()), None)
    if header is None:
        return None
    at = headers[header]
    # a year would reach a letter as 2566.0: python-calamine gives every number as a float
    return [{key: normalise_cell(row[i]) if i < len(row) else None for key, i in at.items()}
            for row in rows[header + 1:] if any(v not in ("", None) for v in row)]  # fmt: skip


def summary_meta(summary: Path) -> dict[str, str]:
    """The ``_meta`` keys of a summary ita-xl wrote (``working_folder``: where the roll-up ran,
    from where the register names its files); nothing when it cannot be read."""
    from python_calamine import CalamineWorkbook

    try:
        book = CalamineWorkbook.from_path(str(summary))
        if "_meta" not in book.sheet_names:
            return {}
        rows = book.get_sheet_by_name("_meta").to_python()
    except Exception:
        return {}
    return {str(row[0]): str(row[1]) for row in rows if len(row) > 1 and row[0]}


CHASED = "ไม่ได้ส่ง|"
"""How a review of an organisation that has not sent is kept (``chase_key``): it has no version
to be kept against. A SHA-256 is hex and a register names files by their paths: neither starts
so."""


def chase_key(org_name: object, division: object, province: object, fiscal_year: object) -> str:
    """The key of the notes the team typed beside an organisation that has not sent (whom they
    called, when it promised): the organisation as the roster names it, for one year."""
    return CHASED + "|".join((org_key(str(org_name or "")), unit_key(str(division or "")),
                              org_key(str(province or "")), str(fiscal_year or "")))  # fmt: skip


def read_reviews(summary: Path) -> dict[str, tuple[str, str]] | None:
    """``file as the register shows it`` → (review, reviewer's note) for every row that names a
    file, and ``chase_key`` → the same for every organisation that has not sent; ``None`` when
    there is no register to read (``register_rows``)."""
    rows = register_rows(summary)
    if rows is None:
        return None
    found: dict[str, tuple[str, str]] = {}
    for row in rows:
        file, typed = row.get("file"), row.get("review")
        if not file and row.get("status") == MISSING and row.get("org_name"):
            file = chase_key(row.get("org_name"), row.get("division"), row.get("province"),
                             row.get("fiscal_year"))  # fmt: skip
        if not file:
            continue
        review = review_word(typed)
        note = thai.clean_spaces(str(row.get("review_note") or ""))
        if typed and review == PENDING and str(typed).strip() != PENDING:
            note = f"{note} ({typed})".strip()  # a word not on the list, kept
        found[str(file)] = (review, note)
    return found


__all__ = ["CHASED", "chase_key", "read_reviews", "register_rows", "review_word", "summary_meta"]
