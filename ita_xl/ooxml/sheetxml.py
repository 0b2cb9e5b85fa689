"""Rows of a big detail sheet as SpreadsheetML, rendered where the data is (in the roll-up's worker
processes) and spliced into the workbook XlsxWriter made.

Why by hand: XlsxWriter writes about 150,000 cells a second, so the 2–3 million cells of 8,000
returns' measures and follow-ups would take 15–20 s in one process. Rendering each return's rows
in its worker spreads that work over the cores; the main process only concatenates bytes.

Rows and cells carry no ``r`` address (the schema makes it optional: a row follows the previous
row, a cell the previous cell), so a return's rows render the same wherever they land. Every
cell is written, empty ones as ``<c/>``. Text is always an inline string, never a formula.
Style indexes are placeholders, replaced by ``resolve_styles``: in the worker with the numbers the
summary pins its formats to (``SPLICED_STYLES``), so a return's rows can be compressed where they
are rendered (``ooxml.deflate``).
"""

from __future__ import annotations

import math
import re
from collections.abc import Iterable, Sequence
from datetime import date, datetime, time

from ita_xl import layout
from ita_xl.ooxml.package import xml_escaped

TEXT_STYLE = b"\x02"
DATE_STYLE = b"\x03"
NUMBER_STYLE = b"\x04"
DATETIME_STYLE = b"\x05"  # a moment with its time of day (when a version was received)

MAX_TEXT = 32_767  # Excel's limit for one cell
_EXCEL_EPOCH = date(1899, 12, 30)
_EXCEL_EPOCH_TIME = datetime(1899, 12, 30)
# characters XML 1.0 forbids (Excel writes them as _x000B_; a summary can drop them)
_ILLEGAL_XML_RE = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff]")
# text that reads like Excel's own escape (_x0041_ is "A" to every reader): each underscore that
# starts one is written _x005F_, as Excel does (overlapping ones too: _x005F_x0042_)
_EXCEL_ESCAPE_RE = re.compile("_(?=x[0-9A-Fa-f]{4}_)")

# rendered as str (the placeholders are the same single bytes in UTF-8) and encoded once
_EMPTY = '<c s="\x02"/>'
_TEXT = '<c s="\x02" t="inlineStr"><is><t>'
_TEXT_PRESERVED = '<c s="\x02" t="inlineStr"><is><t xml:space="preserve">'
_TEXT_END = "</t></is></c>"
_NUMBER = '<c s="\x04"><v>'
_DATE = '<c s="\x03"><v>'
_DATETIME = '<c s="\x05"><v>'
_VALUE_END = "</v></c>"
_ROW_START = '<row ht="'
RENDERED_ROW = _ROW_START.encode()
"""How a row ``render_rows`` rendered with column widths begins: with its height, never an
address (XlsxWriter's rows begin ``<row r=``)."""


def _text_cell(text: str) -> str:
    if not text.isprintable():
        text = _ILLEGAL_XML_RE.sub("", text)
    if len(text) > MAX_TEXT:
        text = text[:MAX_TEXT]
    if "_x" in text:
        text = _EXCEL_ESCAPE_RE.sub("_x005F_", text)
    text = xml_escaped(text)
    preserve = text != "" and (text[0].isspace() or text[-1].isspace() or "\n" in text)
    return f"{_TEXT_PRESERVED if preserve else _TEXT}{text}{_TEXT_END}"


def _cell(value: object, out: list[str]) -> None:
    """One cell by its Python type: text, whole or decimal number, date; ``None`` is empty."""
    kind = type(value)
    if type(value) is str:  # (not ``kind``: mypy narrows on this spelling)
        out.append(_text_cell(value) if value else _EMPTY)
    elif value is None:
        out.append(_EMPTY)
    elif kind is int or kind is float:
        out += (_NUMBER, repr(value), _VALUE_END)
    elif kind is bool:
        out.append(_text_cell("TRUE" if value else "FALSE"))
    elif isinstance(value, float):
        out += (_NUMBER, repr(float(value)), _VALUE_END)
    elif isinstance(value, int):
        out += (_NUMBER, str(int(value)), _VALUE_END)
    elif isinstance(value, datetime) and value.time() != time(0):
        since = value.replace(tzinfo=None, microsecond=0) - _EXCEL_EPOCH_TIME
        out += (_DATETIME, repr(since.days + since.seconds / 86_400), _VALUE_END)
    elif isinstance(value, (date, datetime)):
        day = value.date() if isinstance(value, datetime) else value
        out += (_DATE, str((day - _EXCEL_EPOCH).days), _VALUE_END)
    else:
        out.append(_text_cell(str(value)))


class Seen:
    """What a writer that renders the same texts again keeps across ``render_rows`` calls: each
    text's cell and lines by column width, and their display widths (``layout.Measured``). A
    summary's register, history and findings name the same organisations and files."""

    def __init__(self) -> None:
        self.measured: layout.Measured = {}
        self._by_width: dict[float, dict[str, tuple[str, int]]] = {}

    def column(self, width: float) -> dict[str, tuple[str, int]]:
        """Texts met in a column this wide: each rendered as a cell, and its lines."""
        texts = self._by_width.get(width)
        if texts is None:
            texts = self._by_width[width] = {}
        return texts


def render_rows(rows: Iterable[Sequence[object]], widths: Sequence[float] | None = None,
                seen: Seen | None = None) -> bytes:  # fmt: skip
    """Rows as ``<row>`` elements; with column ``widths``, each row gets the height its wrapped
    Thai text needs (neither Excel nor LibreOffice fits rows on opening a file). ``seen`` keeps
    the texts rendered across calls."""
    out: list[str] = []
    if widths is None:
        for row in rows:
            out.append("<row>")
            for value in row:
                _cell(value, out)
            out.append("</row>")
        return "".join(out).encode()
    column_widths = list(widths)
    # a return's rows repeat its file, organisation, province, units and statuses: each text is
    # rendered and measured once per column width, and each row height's tag made once
    seen = seen or Seen()
    measured = seen.measured
    texts = [seen.column(width) for width in column_widths]
    row_tags: dict[int, str] = {}
    for row in rows:
        if len(row) > len(column_widths):  # a column without a width never wraps
            more = len(row) - len(column_widths)
            column_widths += [math.inf] * more
            texts += [seen.column(math.inf) for _ in range(more)]
        tag = len(out)
        out.append("")  # the row's tag, once its height is known
        lines = 1
        # one loop for the height and the cells; the usual types inline, the rest by _cell
        for value, width, met in zip(row, column_widths, texts, strict=False):
            if type(value) is str:
                if not value:
                    out.append(_EMPTY)
                    continue
                known = met.get(value)
                if known is None:
                    wraps = len(value) > width or "\n" in value
                    known = met[value] = (
                        _text_cell(value),
                        layout.lines_needed(value, width, measured) if wraps else 1,
                    )  # fmt: skip
                out.append(known[0])
                if known[1] > lines:
                    lines = known[1]
            elif value is None:
                out.append(_EMPTY)
            elif type(value) is int:
                out += (_NUMBER, str(value), _VALUE_END)
            else:
                _cell(value, out)
        row_tag = row_tags.get(lines)
        if row_tag is None:
            height = layout.height_for_lines(lines, _MAX_LINES)
            row_tag = row_tags[lines] = f'{_ROW_START}{height:g}" customHeight="1">'
        out[tag] = row_tag
        out.append("</row>")
    return "".join(out).encode()


_MAX_LINES = 12  # a taller row helps nobody scanning a long sheet; the cell still holds it all


SPLICED_STYLES = (1, 2, 3, 4)
"""The format indexes of text, date, number and date-and-time cells in rows rendered ahead (the
summary numbers these four formats first)."""


def resolve_styles(fragment: bytes, text: int, date_: int, number: int, moment: int) -> bytes:
    """Put XlsxWriter's format indexes in place of the placeholders."""
    return (
        fragment.replace(TEXT_STYLE, str(text).encode())
        .replace(DATE_STYLE, str(date_).encode())
        .replace(NUMBER_STYLE, str(number).encode())
        .replace(DATETIME_STYLE, str(moment).encode())
    )


_SPLICED_STYLE_RE = re.compile(rb'<c s="([0-9]+)"')


def restyled(fragment: bytes, numbers: dict[int, int]) -> bytes:
    """Rows resolved with ``SPLICED_STYLES``, moved onto other format ``numbers`` (old → new):
    for a workbook whose formats could not be numbered as planned. Only the ``s`` a cell of
    ``render_rows`` opens with is a style; text never holds ``<c`` unescaped."""
    return _SPLICED_STYLE_RE.sub(
        lambda m: b'<c s="%d"' % numbers.get(int(m.group(1)), int(m.group(1))), fragment
    )
