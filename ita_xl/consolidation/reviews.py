"""The team's reviews, read back from the register of the summary a roll-up is about to replace
(SPEC §9): the team types them in Excel or LibreOffice, the next roll-up keeps them in the store.
"""

from __future__ import annotations

import zipfile
from pathlib import Path

from ita_xl import outputs, thai
from ita_xl.consolidation.decisions import PENDING, REVIEW_EN

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


def register_rows(summary: Path) -> list[dict[str, object]]:
    """The register of a summary ita-xl wrote, as edited by the team: each row's values by the
    keys of ``outputs.REGISTER`` (columns found by their labels); nothing when it cannot be
    read."""
    import openpyxl

    try:
        book = openpyxl.load_workbook(summary, read_only=True, data_only=True)
    except (OSError, zipfile.BadZipFile, KeyError, ValueError):
        return []
    try:
        if outputs.REGISTER.sheet not in book.sheetnames:
            return []
        rows = book[outputs.REGISTER.sheet].iter_rows(values_only=True)
        labels = {column.label: column.key for column in outputs.REGISTER.columns}
        at: dict[str, int] = {}
        for _, row in zip(range(HEADER_SEARCH_ROWS), rows, strict=False):
            at = {labels[str(v)]: i for i, v in enumerate(row) if str(v) in labels}
            if {"org_name", "file"} <= at.keys():
                break
        else:
            return []
        return [{key: row[i] if i < len(row) else None for key, i in at.items()}
                for row in rows if any(v is not None for v in row)]  # fmt: skip
    finally:
        book.close()


def read_reviews(summary: Path) -> dict[str, tuple[str, str]]:
    """``file as the register shows it`` → (review, reviewer's note) for every row that names a
    file; nothing when the summary cannot be read (it is replaced anyway)."""
    found: dict[str, tuple[str, str]] = {}
    for row in register_rows(summary):
        file, typed = row.get("file"), row.get("review")
        if not file:
            continue
        review = review_word(typed)
        note = thai.clean_spaces(str(row.get("review_note") or ""))
        if typed and review == PENDING and str(typed).strip() != PENDING:
            note = f"{note} ({typed})".strip()  # a word not on the list, kept
        found[str(file)] = (review, note)
    return found


__all__ = ["read_reviews", "register_rows", "review_word"]
