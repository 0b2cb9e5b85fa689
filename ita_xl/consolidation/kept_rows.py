"""The register's and the history's rows kept from the summary a re-run replaces: this run's rows
whose values have not changed are taken from that file as it was written, and only the others
are rendered again (on a season of 2,000 returns, most of what writing those two sheets cost).

A rendered row carries no address (``sheetxml``), so the row the last run rendered from the same
values is, byte for byte, the row this run would render. Rows are taken only from the very file
the store's last run wrote (its SHA-256: ``Store.written_summary``), matched to the rows the store
kept of it (``Consolidation.worked_in``), written by this same ita-xl and XlsxWriter
(``renderer_key``: the same code renders the same bytes and numbers the same formats). A value
of another type that compares equal (``1``, ``1.0``, ``True``) makes another row.
"""

from __future__ import annotations

import io
import zipfile
import zlib
from collections.abc import Callable, Iterator, Mapping, Sequence
from dataclasses import dataclass

import xlsxwriter

from ita_xl._version import code_key
from ita_xl.ooxml import package, sheetxml

Row = tuple[object, ...]
RowKey = tuple[Row, tuple[type, ...]]


@dataclass(frozen=True)
class KeptSheet:
    """This run's rows of a sheet, and for each the XML the summary being replaced holds for
    the same values (without its end tag: ``rendered_rows``), or ``None``: render it."""

    rows: Sequence[Row]
    """The very rows matched: only they are written with these pieces."""
    xml: list[bytes | None]


KeptRows = dict[str, KeptSheet]


def renderer_key() -> str:
    """What renders a summary's rows and numbers its formats: this ita-xl and XlsxWriter."""
    return f"{code_key()} xlsxwriter {xlsxwriter.__version__}"


def row_key(row: Row) -> RowKey:
    return row, tuple(map(type, row))


def kept_rows(content: bytes, written: Callable[[], Mapping[str, Sequence[Row]]],
              rendered_by: str, now: Mapping[str, Sequence[Row]]) -> KeptRows:  # fmt: skip
    """This run's rows (``now``, by sheet) matched to the rows of the summary ``content`` (as
    the store's last run wrote it, with the rows ``written`` gives, rendered by
    ``rendered_by``); nothing from a summary rendered by another ita-xl or XlsxWriter, nor of a
    sheet whose rows are not those (one that went to CSV, say). Anything unusual keeps
    nothing: the rows are then rendered again, as on a first run."""
    if rendered_by != renderer_key():
        return {}
    kept: KeptRows = {}
    try:
        with zipfile.ZipFile(io.BytesIO(content)) as book:
            earlier = written()
            for sheet, rows in now.items():
                before = earlier.get(sheet)
                part = package.part_of_sheet(book, sheet) if before else None
                if before is None or part is None:
                    continue
                rendered = rendered_rows(book.read(part))
                if len(rendered) == len(before):
                    kept[sheet] = matched(rows, before, rendered)
    except (zipfile.BadZipFile, zipfile.LargeZipFile, KeyError, ValueError, EOFError,
            zlib.error):  # fmt: skip
        return {}
    return kept


def matched(rows: Sequence[Row], before: Sequence[Row], rendered: Sequence[bytes]) -> KeptSheet:
    """``rows``, each with the piece of ``rendered`` that ``before`` had for the same values
    (the two in the same order), wherever it stood."""
    by_values = dict(zip(map(row_key, before), rendered, strict=True))
    return KeptSheet(rows, [by_values.get(row_key(row)) for row in rows])


_ROW_END = b"</row>"


def rendered_rows(sheet: bytes) -> list[bytes]:
    """The rows ``sheetxml.render_rows`` rendered into a sheet's XML, in order, each without
    its end tag (``_ROW_END``): those without an address (XlsxWriter addresses the header rows
    it writes). No text holds ``</row>``: a cell's ``<`` is escaped."""
    if b"<sheetData>" + sheetxml.RENDERED_ROW in sheet:
        return []  # no header row ahead of them: not a sheet of the summary
    # (the whole sheet split, not its rows copied first: a history is tens of megabytes)
    return [piece for piece in sheet.split(_ROW_END) if piece.startswith(sheetxml.RENDERED_ROW)]


def with_kept(rows: Sequence[Row], kept: KeptSheet | None, widths: Sequence[float],
              seen: sheetxml.Seen, styles: tuple[int, int, int, int],
              batch: int = 2000) -> Iterator[bytes]:  # fmt: skip
    """``rows`` as XML with the workbook's format numbers (``styles``), ``batch`` rows a chunk,
    as rendering them all gives them (so the summary compresses them into the same bytes):
    each row ``kept`` as the summary being replaced holds it, the others rendered here. Kept
    rows hold ``SPLICED_STYLES`` (the summary numbers its formats so): with other numbers, or
    other rows than those kept were matched to, every row is rendered."""
    usable = (kept is not None and kept.rows is rows and len(kept.xml) == len(rows)
              and styles == sheetxml.SPLICED_STYLES)  # fmt: skip
    pieces = kept.xml if kept is not None and usable else [None] * len(rows)
    for start in range(0, len(rows), batch):
        yield _chunk(rows[start : start + batch], pieces[start : start + batch], widths, seen,
                     styles)  # fmt: skip


def _chunk(rows: Sequence[Row], kept: Sequence[bytes | None], widths: Sequence[float],
           seen: sheetxml.Seen, styles: tuple[int, int, int, int]) -> bytes:  # fmt: skip
    def rendered(fresh: list[Row]) -> bytes:
        return sheetxml.resolve_styles(sheetxml.render_rows(fresh, widths, seen), *styles)

    if not any(kept):
        return rendered(list(rows))
    pieces: list[bytes] = []
    fresh: list[Row] = []  # rows not kept, rendered together up to the next kept one
    for row, known in zip(rows, kept, strict=True):
        if known is None:
            fresh.append(row)
            continue
        if fresh:
            pieces.append(rendered(fresh))
            fresh = []
        pieces += (known, _ROW_END)
    if fresh:
        pieces.append(rendered(fresh))
    return b"".join(pieces)


__all__ = [
    "KeptRows",
    "KeptSheet",
    "kept_rows",
    "matched",
    "rendered_rows",
    "renderer_key",
    "row_key",
    "with_kept",
]  # fmt: skip
