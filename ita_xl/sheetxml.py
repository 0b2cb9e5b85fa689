"""Rows of a big detail sheet as SpreadsheetML, rendered where the data is (in the roll-up's worker
processes) and spliced into the workbook XlsxWriter made.

Why by hand: XlsxWriter writes about 150,000 cells a second, so the 2–3 million cells of 8,000
returns' measures and follow-ups would take 15–20 s in one process. Rendering each return's rows
in its worker spreads that work over the cores; the main process only concatenates bytes.

Rows and cells carry no ``r`` address (the schema makes it optional: a row follows the previous
row, a cell the previous cell), so a return's rows render the same wherever they land. Every
cell is written, empty ones as ``<c/>``. Text is always an inline string, never a formula.
Style indexes are placeholders, replaced once XlsxWriter has numbered its formats.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence
from datetime import date, datetime

TEXT_STYLE = b"\x02"
DATE_STYLE = b"\x03"
NUMBER_STYLE = b"\x04"

MAX_TEXT = 32_767  # Excel's limit for one cell
_EXCEL_EPOCH = date(1899, 12, 30)
# characters XML 1.0 forbids (Excel writes them as _x000B_; a summary can drop them)
_ILLEGAL_XML_RE = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff]")


def _escape(text: str) -> str:
    return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")


def text_cell(text: str) -> bytes:
    if not text:
        return b'<c s="' + TEXT_STYLE + b'"/>'
    clean = text if text.isprintable() else _ILLEGAL_XML_RE.sub("", text)
    clean = clean[:MAX_TEXT]
    space = ' xml:space="preserve"' if clean != clean.strip() or "\n" in clean else ""
    body = f"<is><t{space}>{_escape(clean)}</t></is>".encode()
    return b'<c s="' + TEXT_STYLE + b'" t="inlineStr">' + body + b"</c>"


def number_cell(number: float, style: bytes = NUMBER_STYLE) -> bytes:
    value = repr(number) if isinstance(number, float) else str(number)
    return b'<c s="' + style + b'"><v>' + value.encode() + b"</v></c>"


def cell(value: object) -> bytes:
    """One cell by its Python type: text, whole or decimal number, date; ``None`` is empty."""
    if type(value) is str:
        return text_cell(value)
    if value is None:
        return b'<c s="' + TEXT_STYLE + b'"/>'
    if isinstance(value, bool):
        return text_cell("TRUE" if value else "FALSE")
    if isinstance(value, (int, float)):
        return number_cell(value)
    if isinstance(value, datetime):
        value = value.date()
    if isinstance(value, date):
        return number_cell((value - _EXCEL_EPOCH).days, DATE_STYLE)
    return text_cell(str(value))


def render_rows(rows: Iterable[Sequence[object]], widths: Sequence[float] | None = None) -> bytes:
    """Rows as ``<row>`` elements; with column ``widths``, each row gets the height its wrapped
    Thai text needs (neither Excel nor LibreOffice fits rows on opening a file)."""
    if widths is None:
        return b"".join(b"<row>" + b"".join(cell(v) for v in row) + b"</row>" for row in rows)
    out = []
    for row in rows:
        height = row_height(row, widths)
        out.append(f'<row ht="{height:g}" customHeight="1">'.encode()
                   + b"".join(cell(v) for v in row) + b"</row>")  # fmt: skip
    return b"".join(out)


_LINE_HEIGHT = 24.0  # points per line of 16 pt TH Sarabun New (spec.ROW_HEIGHT)
_MAX_LINES = 12  # a taller row helps nobody scanning a long sheet; the cell still holds it all


def row_height(row: Sequence[object], widths: Sequence[float]) -> float:
    """Lines the longest wrapped cell needs, by character count: a little generous for Thai
    (vowel and tone marks take no width), and much cheaper than measuring each character."""
    lines = 1
    for value, width in zip(row, widths, strict=False):
        if type(value) is str and (len(value) > width or "\n" in value):
            needed = sum(-(-len(part) // max(int(width), 1)) or 1 for part in value.split("\n"))
            lines = max(lines, needed)
    return min(lines, _MAX_LINES) * _LINE_HEIGHT + 6


def resolve_styles(fragment: bytes, text: int, date_: int, number: int) -> bytes:
    """Put XlsxWriter's format indexes in place of the placeholders."""
    return (
        fragment.replace(TEXT_STYLE, str(text).encode())
        .replace(DATE_STYLE, str(date_).encode())
        .replace(NUMBER_STYLE, str(number).encode())
    )
