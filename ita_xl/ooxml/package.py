"""The package itself: which part holds a sheet, and copying a package part by part with some
parts changed. Every zip rewrite of ita-xl goes through ``copy_parts`` (as XlsxWriter routes
everything through its packager), so entries keep their names, dates and attributes the same way
everywhere, and a rewrite of a file in place is always atomic (``rewrite_file``). Two packages
are assembled from pieces instead, by hand, where ``zipfile`` would redo work already done: the
reader's lean copy of a return (``stored_package``: the CRCs the file states) and the summary
(``write_segmented``: rows the workers compressed). XML text is escaped and read here too."""

from __future__ import annotations

import copy
import html
import io
import os
import posixpath
import re
import struct
import zipfile
import zlib
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from pathlib import Path
from typing import BinaryIO

from ita_xl.ooxml import deflate
from ita_xl.ooxml.deflate import Segment

WORKBOOK_PART = "xl/workbook.xml"
CONTENT_TYPES_PART = "[Content_Types].xml"
ROOT_RELS_PART = "_rels/.rels"

Edit = Callable[[str, bytes], bytes]
"""A part's new bytes, from its name and its bytes (returned as they are to keep the part)."""

_SHEET_TAG_RE = re.compile(rb"<(?:\w+:)?sheet\s([^>]*)>")
_RELATIONSHIP_TAG_RE = re.compile(rb"<(?:\w+:)?Relationship\s([^>]*)>")
_ATTRIBUTE_RE = re.compile(rb"""([\w:.-]+)\s*=\s*(?:"([^"]*)"|'([^']*)')""")
_MACRO_SHEET_TYPES = ("/xlMacrosheet", "/xlIntlMacrosheet", "/dialogsheet")


def attributes(tag: bytes) -> dict[str, str]:
    """A start tag's attributes by name, entities resolved (sheet names may be written as
    ``&#3585;…``)."""
    found = {}
    for name, double, single in _ATTRIBUTE_RE.findall(tag):
        value = (double or single).decode("utf-8", "replace")
        found[name.decode("ascii", "replace")] = xml_text(value)
    return found


def xml_text(raw: str) -> str:
    """What an element's text or an attribute's value says, its references resolved: the five
    entities of XML and character references such as ``&#3585;`` (``html.unescape`` knows them
    all; ``xml.sax.saxutils.unescape`` misses the character references, and its import pulls
    in ``urllib.request``)."""
    return html.unescape(raw) if "&" in raw else raw


def xml_escaped(text: str) -> str:
    """``text`` as an element's content: ``&``, ``<`` and ``>`` as references."""
    if "&" in text:
        text = text.replace("&", "&amp;")
    if "<" in text:
        text = text.replace("<", "&lt;")
    if ">" in text:
        text = text.replace(">", "&gt;")
    return text


def relationship_tags(rels: bytes) -> list[bytes]:
    """The attributes text of each ``<Relationship>`` of a relationships part."""
    return _RELATIONSHIP_TAG_RE.findall(rels)


def rels_part(part: str) -> str:
    """The relationships part of ``part`` (``xl/workbook.xml`` → ``xl/_rels/workbook.xml.rels``)."""
    folder, _, file = part.rpartition("/")
    return f"{folder}/_rels/{file}.rels" if folder else f"_rels/{file}.rels"


def resolve(folder: str, target: str) -> str:
    """A relationship's target as a part name: absolute, or relative to the source's folder
    (``../comments1.xml`` from ``xl/worksheets`` is ``xl/comments1.xml``)."""
    if target.startswith("/"):
        return target.lstrip("/")
    return posixpath.normpath(f"{folder}/{target}").lstrip("/") if target else ""


@dataclass
class SheetParts:
    """What the workbook part says of its sheets."""

    parts: dict[str, str] = field(default_factory=dict)
    """Worksheet name → its XML part (chart and macro sheets left out)."""
    macro_tags: list[bytes] = field(default_factory=list)
    """The ``<sheet>`` tags of Excel 4.0 macro and dialog sheets."""
    listed: int = 0
    """How many ``<sheet>`` tags the workbook part has, of any kind."""
    related: dict[str, str] = field(default_factory=dict)
    """The workbook's other parts by the last word of their relationship's type
    (``sharedStrings``, ``styles``, ``theme``…)."""


def sheet_parts(workbook: bytes, rels: bytes, workbook_part: str = WORKBOOK_PART) -> SheetParts:
    """Worksheet name → part, from the workbook part and its relationships.

    Two small, flat lists of tags read with patterns: a third of the cost of parsing the two
    parts into element trees, paid for every file of a roll-up. The relationship id is the
    ``…:id`` attribute whatever its prefix (transitional and strict files differ)."""
    folder = workbook_part.rpartition("/")[0]
    targets: dict[str | None, tuple[str, str]] = {}
    sheets = SheetParts()
    for tag in relationship_tags(rels):
        found = attributes(tag)
        target, kind = found.get("Target", ""), found.get("Type", "")
        targets[found.get("Id")] = (target, kind)
        if target and found.get("TargetMode") != "External":
            sheets.related.setdefault(kind.rpartition("/")[2], resolve(folder, target))
    for match in _SHEET_TAG_RE.finditer(workbook):
        sheets.listed += 1
        found = attributes(match.group(1))
        rel_id = next((v for k, v in found.items() if k.endswith(":id")), None)
        target, kind = targets.get(rel_id, ("", "/worksheet"))
        if kind.endswith(_MACRO_SHEET_TYPES):
            sheets.macro_tags.append(match.group(0))
        if kind.endswith("/worksheet"):
            sheets.parts[found.get("name", "")] = resolve(folder, target)
    return sheets


def part_of_sheet(archive: zipfile.ZipFile, sheet: str) -> str | None:
    """The worksheet part of the sheet named ``sheet`` in a package ita-xl or openpyxl wrote."""
    rels = rels_part(WORKBOOK_PART)
    names = set(archive.namelist())
    if WORKBOOK_PART not in names or rels not in names:
        return None
    return sheet_parts(archive.read(WORKBOOK_PART), archive.read(rels)).parts.get(sheet)


def copy_parts(source: zipfile.ZipFile, target: str | os.PathLike[str] | io.BytesIO,
               edit: Edit | None = None, rename: Callable[[str], str] | None = None,
               compresslevel: int | None = None) -> None:  # fmt: skip
    """Every part of ``source`` into a new package at ``target``, through ``edit`` and
    ``rename``. Each entry is a copy of the source's: ``writestr`` moves the offset of the
    ``ZipInfo`` it is given, which would leave the source pointing at the wrong bytes."""
    with zipfile.ZipFile(target, "w", zipfile.ZIP_DEFLATED, compresslevel=compresslevel) as out:
        for info in source.infolist():
            data = source.read(info.filename)
            if edit is not None:
                data = edit(info.filename, data)
            entry = copy.copy(info)
            if rename is not None:
                entry.filename = rename(info.filename)
            out.writestr(entry, data)


def copied_bytes(source: zipfile.ZipFile, edit: Edit | None = None,
                 rename: Callable[[str], str] | None = None) -> bytes:  # fmt: skip
    """``copy_parts`` into memory."""
    out = io.BytesIO()
    copy_parts(source, out, edit, rename)
    return out.getvalue()


def rewrite_file(path: Path, edit: Edit) -> None:
    """``path`` rewritten in place through ``edit``, atomically: a partial file never replaces
    it (the copy is written beside it and renamed over it)."""
    temporary = path.with_name(path.name + ".part")
    try:
        with zipfile.ZipFile(path) as source:
            copy_parts(source, temporary, edit)
        temporary.replace(path)
    finally:
        temporary.unlink(missing_ok=True)


_LOCAL = struct.Struct("<IHHHHHIIIHH")
_CENTRAL = struct.Struct("<IHHHHHHIIIHHHHHII")
_END = struct.Struct("<IHHHHIIH")
_UTF8_NAMES = 0x800
_DOS_1980 = (0, 0x21)  # 1 January 1980, 00:00: the fixed time the zip format starts at


def stored_package(parts: Iterable[tuple[str, bytes, int | None]]) -> bytes:
    """``parts`` (name, bytes, CRC-32 or ``None`` to compute it) as a zip in memory, stored.

    Written here rather than with ``zipfile``: its writer computes each CRC again and costs
    about 20 µs a part in Python, on every return of a roll-up; the parts kept whole already
    have their CRC from the file's directory. The format is the plain zip of APPNOTE 4.3 (no
    zip64: a return is far below 4 GB), which python-calamine's reader checks CRC by CRC."""
    body: list[bytes] = []
    directory: list[bytes] = []
    offset = 0
    for name, data, crc in parts:
        encoded = name.encode()
        crc = zlib.crc32(data) if crc is None else crc
        fields = (0, *_DOS_1980, crc, len(data), len(data), len(encoded))
        local = _LOCAL.pack(0x04034B50, 20, _UTF8_NAMES, *fields, 0) + encoded
        directory.append(_CENTRAL.pack(0x02014B50, 20, 20, _UTF8_NAMES, *fields, 0, 0, 0, 0, 0,
                                       offset) + encoded)  # fmt: skip
        body += (local, data)
        offset += len(local) + len(data)
    central = b"".join(directory)
    end = _END.pack(0x06054B50, 0, 0, len(directory), len(directory), len(central), offset, 0)
    return b"".join((*body, central, end))


class TooLargeForZip32(ValueError):
    """An entry or the package beyond 4 GiB, which needs zip64 (``zipfile`` writes it)."""


_ZIP32_LIMIT = 0xFFFFFFFF
_SIZES = struct.Struct("<III")
_SIZES_OFFSET = 14  # of the CRC in a local header


def write_segmented(stream: BinaryIO, entries: Iterable[tuple[str, Iterable[Segment]]]) -> None:
    """A package of deflated ``entries`` (name, its deflate segments in order) written to the
    seekable ``stream``; each entry's segments are joined, not compressed again
    (``ooxml.deflate``), and its CRC and sizes patched into its local header once known.

    Written here because ``zipfile`` compresses everything it is given: it cannot take data
    already deflated, which is the point (the summary's big sheets are compressed in the
    workers that render them). Plain zip of APPNOTE 4.3; :class:`TooLargeForZip32` past
    4 GiB, where the caller writes with ``zipfile`` instead."""
    directory: list[bytes] = []
    for name, segments in entries:
        encoded = name.encode()
        offset = stream.tell()
        stream.write(_LOCAL.pack(0x04034B50, 20, _UTF8_NAMES, zipfile.ZIP_DEFLATED, *_DOS_1980,
                                 0, 0, 0, len(encoded), 0) + encoded)  # fmt: skip
        crc = size = packed = 0
        for piece in segments:
            stream.write(piece.data)
            crc = deflate.joined_crc((piece,), crc)
            size += piece.size
            packed += len(piece.data)
        stream.write(deflate.FINAL_BLOCK)
        packed += len(deflate.FINAL_BLOCK)
        end = stream.tell()
        if size > _ZIP32_LIMIT or end > _ZIP32_LIMIT:
            raise TooLargeForZip32(name)
        stream.seek(offset + _SIZES_OFFSET)
        stream.write(_SIZES.pack(crc, packed, size))
        stream.seek(end)
        fields = (zipfile.ZIP_DEFLATED, *_DOS_1980, crc, packed, size, len(encoded))
        directory.append(_CENTRAL.pack(0x02014B50, 20, 20, _UTF8_NAMES, *fields, 0, 0, 0, 0, 0,
                                       offset) + encoded)  # fmt: skip
    start = stream.tell()
    central = b"".join(directory)
    stream.write(central)
    stream.write(_END.pack(0x06054B50, 0, 0, len(directory), len(directory), len(central),
                           start, 0))  # fmt: skip
    if stream.tell() > _ZIP32_LIMIT:
        raise TooLargeForZip32("central directory")
