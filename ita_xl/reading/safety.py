"""Look at a file before any parser does: is it a workbook, is it safe to read, and what do the
value readers miss.

Everything here works on the raw bytes and the zip directory, so a renamed .xls, an encrypted
file, a truncated download or a zip bomb is told apart before python-calamine or openpyxl sees
it. The same single pass over each sheet's XML collects what calamine cannot report: error values
(which it reads as empty), formulas (for ``ITA-C106``) and merged ranges. Written by hand because
no maintained library does this pre-flight for OOXML; it is a few byte searches, not a parser.

DTDs are refused here, by the bytes of each part's prolog, rather than through ``defusedxml``:
defusedxml guards the parsers it wraps (ElementTree, expat, lxml), but the readers of a return
are python-calamine (Rust, quick-xml) and openpyxl, whose own guard is defusedxml only when it
is installed. Refusing the part before any reader sees it covers every reader alike, and a
part of a workbook never has a DTD (Excel and LibreOffice do not write one).
"""

from __future__ import annotations

import contextlib
import functools
import io
import os
import re
import stat
import zipfile
import zlib
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import BinaryIO, Literal

from ita_xl import spec
from ita_xl.codes import Code
from ita_xl.ooxml import package
from ita_xl.reading.lean import READER_RELATIONSHIPS, without_formatting_rows

# Limits: a real return is a few hundred kilobytes and a few thousand cells.
MAX_FILE_BYTES = 50 * 1024 * 1024
MAX_UNCOMPRESSED_BYTES = 400 * 1024 * 1024
MAX_MEMBER_RATIO = 500  # Excel's XML compresses 5–100×; a bomb of zeros compresses 1,000×
MAX_MEMBERS = 10_000
MAX_CELLS = 500_000  # cells with a value on one sheet that is read
MAX_EXTENT = 1_600_000  # rows × columns spanned by those cells: python-calamine allocates the
# whole rectangle (about 70 bytes a cell), so this keeps any file's reading near 150 MB

_OLE_MAGIC = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"
_ZIP_MAGIC = b"PK\x03\x04"
_ENCRYPTION_STREAMS = ("EncryptionInfo".encode("utf-16-le"), "EncryptedPackage".encode("utf-16-le"))
_WORKBOOK_STREAMS = ("Workbook".encode("utf-16-le"), "Book".encode("utf-16-le"))
# the BOF record that starts an Excel 2.x, 3.0 and 4.0 worksheet (BIFF2–4, not a compound file)
_OLD_BIFF_HEADS = (b"\x09\x00", b"\x09\x02", b"\x09\x04")
EXCEL_DEFAULT_PASSWORD = "VelvetSweatshop"
"""The password Excel uses when a workbook is "protected" without one (a read-only or structure
protection): Excel opens such a file without asking, so must we."""

Format = Literal["xlsx", "xls", "xlsb", "ods"]
"""How the workbook is stored. Only .xlsx/.xlsm are scanned part by part; the others are read by
python-calamine in a worker whose memory is bounded (``isolation``)."""
FORMAT_NAMES = {"xlsx": ".xlsx", "xls": ".xls (Excel 97-2003)", "xlsb": ".xlsb (Excel binary)",
                "ods": ".ods (OpenDocument)"}  # fmt: skip


class UnsafeWorkbook(Exception):
    """The file cannot or must not be read; ``code`` is ``ITA-S001``, ``S002`` or ``S007``."""

    def __init__(
        self, code: Code, *, own_output: str | None = None, detail: str | None = None,
        **fields: str,
    ) -> None:  # fmt: skip
        super().__init__(fields.get("reason_en", code))
        self.code = code
        self.fields = fields
        self.own_output = own_output
        self.detail = detail
        """The reader's own words, for the JSON ``detail`` only."""
        """``summary`` when the file is a summary ita-xl made: not a return, and a roll-up
        skips it rather than registering it."""


def _own_summary(package_parts: _Parts, parts: dict[str, str]) -> UnsafeWorkbook | None:
    """A summary ita-xl made (its ``_meta`` says ``ita-xl/summary``, and it has no form sheet):
    looked at only in a workbook shaped like one, so returns pay nothing."""
    meta = parts.get(spec.META_SHEET)
    if meta is None or spec.INFO.name in parts or meta not in package_parts.names:
        return None
    mark = spec.SUMMARY_TEMPLATE_ID.encode()
    found = mark in package_parts.read(meta)
    if not found and "xl/sharedStrings.xml" in package_parts.names:
        found = mark in package_parts.read("xl/sharedStrings.xml")
    if not found:
        return None
    return UnsafeWorkbook(
        Code.S001, own_output="summary",
        reason="เป็นไฟล์สรุปผลประจำปีที่ ita-xl สร้าง (ita-xl rollup) ไม่ใช่แบบรายงานของหน่วยงาน",
        reason_en="it is an annual summary that ita-xl made (ita-xl rollup), not a return",
        fix="ให้ตรวจแบบรายงานที่หน่วยงานส่งมา ไม่ใช่ไฟล์สรุป",
        fix_en="check the returns the organisations sent, not the summary",
    )  # fmt: skip


def _not_readable(reason: str, reason_en: str, fix: str = "", fix_en: str = "") -> UnsafeWorkbook:
    return UnsafeWorkbook(
        Code.S001,
        reason=reason,
        reason_en=reason_en,
        fix=fix or "ให้เปิดไฟล์ใน Excel แล้วบันทึกเป็น 'สมุดงาน Excel (*.xlsx)' แล้วส่งใหม่",
        fix_en=fix_en or "open it in Excel, save as 'Excel Workbook (*.xlsx)' and send it again",
    )


_SIZE_FIX = ("แบบรายงานปกติมีขนาดเล็กกว่านี้มาก ให้ตรวจว่าส่งไฟล์ถูกต้อง หรือลบแถว/คอลัมน์ที่ไม่ใช้ออกแล้วบันทึกใหม่",
             "a normal return is far smaller; check it is the right file, or delete unused "
             "rows/columns and save")  # fmt: skip


_SAVE_AS_XLSX = (
    "ให้เปิดไฟล์ใน Excel แล้วเลือก ไฟล์ > บันทึกเป็น > 'สมุดงาน Excel (*.xlsx)' แล้วส่งไฟล์นั้น",
    "open it in Excel, choose File > Save As > 'Excel Workbook (*.xlsx)' and send that file",
)
_NOT_A_WORKBOOK = (
    "ให้ส่งแบบรายงาน Excel (.xlsx) ที่กรอกแล้วแทน",
    "send the filled Excel return (.xlsx) instead",
)


def _over_limit(reason: str, reason_en: str, limit: str) -> UnsafeWorkbook:
    return UnsafeWorkbook(Code.S007, reason=f"{reason} ซึ่งเกินขีดจำกัด ({limit})",
                          reason_en=f"{reason_en} is over the limit ({limit})",
                          fix=_SIZE_FIX[0], fix_en=_SIZE_FIX[1])  # fmt: skip


def _megabytes(size: int) -> str:
    return f"{size / 1024 / 1024:,.0f} MB"


@dataclass
class SheetScan:
    """What the value readers do not give, by 1-based (row, column)."""

    errors: dict[tuple[int, int], str] = field(default_factory=dict)
    formulas: dict[tuple[int, int], str] = field(default_factory=dict)
    merges: list[tuple[int, int, int, int]] = field(default_factory=list)
    """(first row, first column, last row, last column) of each merged range."""
    huge_numbers: bool = False
    """A number beyond any date (e.g. 1E+300 typed in a date cell): python-calamine panics
    converting it, so such a sheet is read with openpyxl."""
    notes: dict[tuple[int, int], str] = field(default_factory=dict)
    """Text of the cells' notes (comments): no value reader gives them, and officers keep text
    there that belongs in the return."""
    percents: dict[tuple[int, int], str] = field(default_factory=dict)
    """Numbers shown as percentages, as the officer typed them (``0.8`` in a ``0%`` cell is
    ``80%``): value readers give the bare fraction, which loses what was meant."""


@dataclass
class WorkbookScan:
    """What the scan found of a workbook: its sheets, what readers miss, and the bytes to read."""

    path: Path
    sheet_names: list[str]
    sheets: dict[str, SheetScan]
    macro_enabled: bool
    data: bytes = field(default=b"", repr=False)
    """The file's bytes as scanned (decrypted, part names made standard, when they had to be),
    for a reader that reads the file whole (openpyxl; calamine on .xls/.xlsb/.ods); what was
    checked is what is read. Empty for an .xlsx that python-calamine reads from ``lean``
    (``scan_workbook(whole=True)`` keeps them)."""
    format: Format = "xlsx"
    decrypted: bool = False
    """Encrypted with Excel's default password, which Excel opens without asking."""
    over_limit: dict[str, UnsafeWorkbook] = field(default_factory=dict)
    """Sheets not read because they are over a limit, when the caller could do without them
    (a sheet the template does not have): the rest of the file is still read."""
    lean: bytes = field(default=b"", repr=False)
    """Only what python-calamine reads of an .xlsx, as checked (``_for_value_reader``)."""

    @property
    def huge_numbers(self) -> bool:
        return any(sheet.huge_numbers for sheet in self.sheets.values())


# --- the container ---------------------------------------------------------------------------


def _decrypt_default(data: bytes) -> bytes | None:
    """The file decrypted with Excel's default password, or ``None`` when a real password is set
    (msoffcrypto-tool does the cryptography)."""
    import msoffcrypto
    from msoffcrypto.exceptions import DecryptionError, FileFormatError, InvalidKeyError

    try:
        office = msoffcrypto.OfficeFile(io.BytesIO(data))
        office.load_key(password=EXCEL_DEFAULT_PASSWORD)
        out = io.BytesIO()
        office.decrypt(out)
    except (DecryptionError, FileFormatError, InvalidKeyError, ValueError, KeyError, OSError,
            AssertionError, NotImplementedError, IndexError, TypeError):  # fmt: skip
        return None
    return out.getvalue()


def _ole_format(data: bytes) -> tuple[Format, bytes, bool]:
    """An OLE compound file: an encrypted workbook (opened when the password is Excel's
    default), an Excel 97-2003 workbook, or another old Office document."""
    encrypted_ooxml = any(stream in data for stream in _ENCRYPTION_STREAMS)
    if encrypted_ooxml or _is_encrypted_xls(data):
        plain = _decrypt_default(data)
        if plain is None:
            raise UnsafeWorkbook(Code.S002)
        return ("xlsx" if plain[:2] == b"PK" else "xls"), plain, True
    if any(stream in data for stream in _WORKBOOK_STREAMS):
        return "xls", data, False
    for stream, (reason, reason_en, fix) in _OLE_KINDS.items():
        if stream.encode("utf-16-le") in data:
            raise _not_readable(reason, reason_en, *fix)
    raise _not_readable(
        "เป็นเอกสาร Office รุ่นเก่าชนิดอื่น ไม่ใช่สมุดงาน Excel (.xls/.xlsx)",
        "it is an old Office document of another kind, not an Excel workbook (.xls/.xlsx)",
        *_NOT_A_WORKBOOK,
    )


_OLE_KINDS = {
    "WordDocument": ("เป็นเอกสาร Word รุ่นเก่า (.doc) ไม่ใช่สมุดงาน Excel",
                     "it is an old Word document (.doc), not an Excel workbook", _NOT_A_WORKBOOK),
    "PowerPoint Document": ("เป็นงานนำเสนอ PowerPoint (.ppt) ไม่ใช่สมุดงาน Excel",
                            "it is a PowerPoint presentation (.ppt), not an Excel workbook",
                            _NOT_A_WORKBOOK),
    "NativeContent_MAIN": ("เป็นไฟล์ Quattro Pro (.qpw)", "it is a Quattro Pro file (.qpw)",
                           _SAVE_AS_XLSX),
}  # fmt: skip
"""OLE files that are not workbooks, by a stream only they have."""


# BIFF8 records that place a cell (each starts with its row and column, 0-based), and the two
# that place several (MULRK, MULBLANK: row, first column, …, last column in the last 2 bytes)
_BIFF_CELLS = {0x0203, 0x027E, 0x00FD, 0x0204, 0x0205, 0x0006, 0x0201, 0x00D6}
_BIFF_MULTI = {0x00BD, 0x00BE}
_BIFF_BOF, _BIFF_EOF = 0x0809, 0x000A


def biff_extents(data: bytes) -> list[tuple[int, int, int]]:
    """(cells, rows spanned, columns spanned) of each sheet of a BIFF8 workbook, from its cell
    records alone (what a reader allocates), without reading a value."""
    import olefile

    with olefile.OleFileIO(data) as ole:
        stream = ole.openstream("Workbook" if ole.exists("Workbook") else "Book").read()
    extents: list[tuple[int, int, int]] = []
    cells = 0
    rows: list[int] = []
    columns: list[int] = []
    offset, size = 0, len(stream)
    while offset + 4 <= size:
        kind = int.from_bytes(stream[offset : offset + 2], "little")
        length = int.from_bytes(stream[offset + 2 : offset + 4], "little")
        body = stream[offset + 4 : offset + 4 + min(length, 6)]
        offset += 4 + length
        if kind in _BIFF_CELLS and len(body) >= 4:
            cells += 1
            rows.append(int.from_bytes(body[:2], "little"))
            columns.append(int.from_bytes(body[2:4], "little"))
        elif kind in _BIFF_MULTI and len(body) >= 4 and length >= 6:
            last = int.from_bytes(stream[offset - 2 : offset], "little")
            first = int.from_bytes(body[2:4], "little")
            cells += max(last - first + 1, 1)
            rows.append(int.from_bytes(body[:2], "little"))
            columns += (first, last)
        elif kind == _BIFF_EOF and rows:
            extents.append((cells, max(rows) - min(rows) + 1, max(columns) - min(columns) + 1))
            cells, rows, columns = 0, [], []
        elif kind == _BIFF_BOF:
            cells, rows, columns = 0, [], []
    return extents


def _check_biff_extents(data: bytes) -> None:
    """An .xls is held to the limits of an .xlsx before python-calamine allocates its sheets (a
    31 KB file with two far-apart cells once cost 457 MB)."""
    try:
        extents = biff_extents(data)
    except (OSError, ValueError, IndexError):
        return  # not a readable BIFF stream: the reader says so
    for cells, rows, columns in extents:
        if cells > MAX_CELLS:
            raise _over_limit(f"ชีตหนึ่งมีข้อมูล {cells:,} เซลล์", f"a sheet has {cells:,} cells "
                              "with values, which", f"{MAX_CELLS:,}")  # fmt: skip
        if rows * columns > MAX_EXTENT:
            raise _over_limit(f"ข้อมูลในชีตหนึ่งกระจายถึง {rows:,} แถว {columns:,} คอลัมน์",
                              f"a sheet spans {rows:,} rows by {columns:,} columns, which",
                              f"{MAX_EXTENT:,}")  # fmt: skip


def _is_encrypted_xls(data: bytes) -> bool:
    """A BIFF8 workbook with a FILEPASS record (0x002F) right after its first BOF: the way
    Excel 97-2003 encrypts, also with the default password. Only a cheap look; msoffcrypto
    decides."""
    if not any(stream in data for stream in _WORKBOOK_STREAMS):
        return False
    import olefile

    try:
        with olefile.OleFileIO(data) as ole:
            name = "Workbook" if ole.exists("Workbook") else "Book"
            stream = ole.openstream(name).read(4096)
    except (OSError, ValueError, IndexError):
        return False
    offset = 0
    while offset + 4 <= len(stream):
        kind = int.from_bytes(stream[offset : offset + 2], "little")
        length = int.from_bytes(stream[offset + 2 : offset + 4], "little")
        if kind == 0x002F:
            return True
        if kind == 0x0085:  # the first BoundSheet8: past the globals' head, where FilePass is
            return False
        offset += 4 + length
    return False


def _standard_name(name: str) -> str:
    """A part name as Excel resolves it: case does not matter, ``\\`` is a ``/``."""
    return name.replace("\\", "/").lstrip("/").lower()


def _kind_of_zip(names: set[str], archive: zipfile.ZipFile) -> Format | UnsafeWorkbook:
    if "xl/workbook.xml" in names:
        return "xlsx"
    standard = {_standard_name(n) for n in names}
    if "xl/workbook.bin" in standard:
        return "xlsb"
    if "mimetype" in names:
        mimetype = archive.read("mimetype")[:100]
        if b"spreadsheet" in mimetype:
            manifest = "META-INF/manifest.xml"
            if manifest in names and b"encryption-data" in archive.read(manifest):
                raise UnsafeWorkbook(Code.S002)  # LibreOffice's "save with password"
            return "ods"
    main = _office_document(archive, names)
    if "xl/workbook.xml" in standard or (main is not None and main.startswith("xl/")):
        return "xlsx"
    if "word/document.xml" in names:
        return _not_readable(
            "เป็นเอกสาร Word (.docx) ไม่ใช่แบบรายงาน Excel",
            "it is a Word document (.docx), not the Excel return",
            "ให้กรอกข้อมูลในแบบรายงาน Excel มาตรฐานแล้วส่งไฟล์นั้น",
            "fill the standard Excel return and send that file",
        )
    return _not_readable("ไม่พบส่วนข้อมูลสมุดงานในไฟล์", "it has no workbook part")


def _office_document(archive: zipfile.ZipFile, names: set[str]) -> str | None:
    """The main part a package's ``_rels/.rels`` names, whatever it is called."""
    rels = next((n for n in names if _standard_name(n) == "_rels/.rels"), None)
    if rels is None:
        return None
    for tag in package.relationship_tags(archive.read(rels)[: 64 * 1024]):
        attributes = package.attributes(tag)
        if attributes.get("Type", "").endswith("/officeDocument") and attributes.get("Target"):
            target = _standard_name(attributes["Target"])
            return target if target.endswith(".xml") else None
    return None


_REFERENCE_RE = re.compile(rb'\b(Target|PartName)\s*=\s*"([^"]*)"')


def _standard_reference(match: re.Match[bytes]) -> bytes:
    target = match.group(2)
    if b"://" in target or target.startswith(b"mailto:"):
        return match.group(0)  # an external link, not a part
    return match.group(1) + b'="' + target.replace(b"\\", b"/").lower() + b'"'


def _standard_package(archive: zipfile.ZipFile) -> bytes:
    """The package again with part names as Excel resolves them (``XL\\Workbook.xml`` →
    ``xl/workbook.xml``), references included, so the readers, which look names up exactly,
    find every part. Made only for such unusual files."""

    def standard_name(name: str) -> str:
        standard = _standard_name(name)
        return "[Content_Types].xml" if standard == "[content_types].xml" else standard

    def edit(name: str, part: bytes) -> bytes:
        standard = _standard_name(name)
        if standard == "[content_types].xml" or standard.endswith(".rels"):
            return _REFERENCE_RE.sub(_standard_reference, part)
        return part

    return package.copied_bytes(archive, edit, standard_name)


def _check_members(archive: zipfile.ZipFile) -> None:
    infos = archive.infolist()
    if len(infos) > MAX_MEMBERS:
        raise _over_limit(f"มีส่วนย่อย {len(infos):,} ส่วน", f"it has {len(infos):,} parts",
                          f"{MAX_MEMBERS:,}")  # fmt: skip
    total = 0
    for info in infos:
        if info.flag_bits & 0x1:
            raise UnsafeWorkbook(Code.S002)
        total += info.file_size
        if info.file_size > 1024 * 1024 and info.file_size > MAX_MEMBER_RATIO * max(
            info.compress_size, 1
        ):
            raise _over_limit(
                f"ส่วน {info.filename} ขยายได้ {_megabytes(info.file_size)} จากเพียง "
                f"{_megabytes(info.compress_size)} (ลักษณะของ zip bomb)",
                f"part {info.filename} expands to {_megabytes(info.file_size)} "
                f"(a zip bomb pattern)",
                f"{MAX_MEMBER_RATIO}×",
            )
    if total > MAX_UNCOMPRESSED_BYTES:
        raise _over_limit(f"ขนาดเมื่อขยายแล้ว {_megabytes(total)}",
                          f"its uncompressed size, {_megabytes(total)},",
                          _megabytes(MAX_UNCOMPRESSED_BYTES))  # fmt: skip


class _InMemory:
    """A package's bytes already in memory (decrypted, renamed, or read whole)."""

    def __init__(self, data: bytes) -> None:
        self.kept = data

    def at(self, offset: int, size: int) -> bytes | memoryview:
        return memoryview(self.kept)[offset : offset + size]  # no copy of a big part

    def whole(self) -> bytes:
        return self.kept


class _InFile:
    """A package read from its open file where asked: a return's parts, not the sheet of live
    checks that makes up most of a file Calc saved (870 kB, of which 70 kB are read)."""

    kept = b""

    def __init__(self, file: BinaryIO, size: int) -> None:
        self.file, self.size = file, size

    def at(self, offset: int, size: int) -> bytes:
        self.file.seek(offset)
        data = self.file.read(size)
        while 0 < len(data) < size and (more := self.file.read(size - len(data))):
            data += more  # a short read, as a network share may give
        return data

    def whole(self) -> bytes:
        self.file.seek(0)
        return _read_bounded(self.file, self.size)


_Package = _InMemory | _InFile


class _Inflated:
    """Small parts this process inflated already, by their exact compressed bytes: the returns
    of a roll-up made from one template share their workbook part, relationships, styles and
    content types, which are then not inflated and checked again for every file. Keyed by the
    bytes themselves, not the CRC a crafted file could match: a hit is the same part. The least
    recently used part goes first, so each file's own shared strings do not push out the
    template's parts."""

    LARGEST = 16 * 1024
    """Compressed bytes of a part kept."""
    LARGEST_INFLATED = 256 * 1024
    KEPT = 64
    """Parts kept: at most 16 MB, where a roll-up's worker uses about 50 MB."""

    def __init__(self) -> None:
        self._parts: dict[tuple[bytes, int, int], bytes] = {}

    def worth_keeping(self, info: zipfile.ZipInfo) -> bool:
        return info.compress_size <= self.LARGEST and info.file_size <= self.LARGEST_INFLATED

    def get(self, key: tuple[bytes, int, int]) -> bytes | None:
        part = self._parts.pop(key, None)
        if part is not None:
            self._parts[key] = part  # the most recently used, last
        return part

    def keep(self, key: tuple[bytes, int, int], part: bytes) -> None:
        if len(self._parts) >= self.KEPT:
            del self._parts[next(iter(self._parts))]  # the least recently used
        self._parts[key] = part


_INFLATED = _Inflated()


def _member(archive: zipfile.ZipFile, raw: _Package, name: str, memo: bool = False) -> bytes:
    """A part's bytes, inflated straight from the file's bytes.

    zipfile's own reader costs about 0.1 ms a part in Python, and the roll-up reads seven parts
    of each of thousands of files; this is zlib on a slice. The CRC and the declared size are
    still checked; anything unusual (stored data descriptors, other methods) goes to zipfile.
    ``memo``: a part other files may share (not a sheet), looked up in ``_INFLATED`` first.
    """
    info = archive.getinfo(name)
    start = info.header_offset
    header = bytes(raw.at(start, 30))
    if info.compress_type != zipfile.ZIP_DEFLATED or header[:4] != b"PK\x03\x04":
        return archive.read(name)
    body = (
        start
        + 30
        + int.from_bytes(header[26:28], "little")
        + int.from_bytes(header[28:30], "little")
    )
    compressed = raw.at(body, info.compress_size)
    key = None
    if memo and _INFLATED.worth_keeping(info):
        key = (bytes(compressed), info.CRC, info.file_size)
        if (known := _INFLATED.get(key)) is not None:
            return known
    out = zlib.decompressobj(-15).decompress(compressed, info.file_size + 1)
    if len(out) != info.file_size or zlib.crc32(out) != info.CRC:
        raise zipfile.BadZipFile(f"Bad CRC-32 or size for file {name!r}")
    if key is not None:
        _INFLATED.keep(key, out)
    return out


def _read_part(archive: zipfile.ZipFile, raw: _Package, name: str, memo: bool = False) -> bytes:
    part = _member(archive, raw, name, memo)
    if _declares_dtd(part):
        raise _tampered(name)
    return part


class _Parts:
    """A package's parts as the scan reads them: each inflated once and checked for a DTD."""

    def __init__(self, archive: zipfile.ZipFile, raw: _Package) -> None:
        self.archive, self.raw = archive, raw
        self.names = set(archive.namelist())
        self._kept: dict[str, bytes] = {}
        self._checked: set[str] = set()

    def read(self, name: str, *, keep: bool = True) -> bytes:
        """The part, inflated and checked; kept for the next call unless ``keep`` is false (a
        sheet, which may be big and is read once)."""
        part = self._kept.get(name)
        if part is None:
            part = _read_part(self.archive, self.raw, name, memo=keep)
            self._checked.add(name)
            if keep:
                self._kept[name] = part
        return part

    def crc(self, name: str) -> int:
        """The part's CRC-32, as the package states it (and ``read`` checked)."""
        return self.archive.getinfo(name).CRC

    def check_prologs(self) -> None:
        """No DTD in the parts not read whole either (``_check_prologs``)."""
        _check_prologs(self.archive, self.raw, skip=self._checked)


def _tampered(name: str) -> UnsafeWorkbook:
    return UnsafeWorkbook(
        Code.S007,
        reason=f"ส่วน {name} ประกาศ DTD/ENTITY ซึ่ง Excel ไม่เคยเขียน (ลักษณะของไฟล์ที่ถูกดัดแปลง)",
        reason_en=f"part {name} declares a DTD or entities, which Excel never writes "
        "(the mark of a tampered file)",
        fix="ให้เปิดไฟล์ใน Excel แล้วบันทึกเป็น .xlsx ใหม่ หรือขอไฟล์ใหม่จากผู้ส่ง",
        fix_en="open it in Excel and save it as .xlsx again, or ask the sender for the file again",
    )


# What may stand before an XML document's root element: the declaration, comments, processing
# instructions, white space. A DTD can only stand there (XML 1.0 §2.8), so the prolog is read to
# its end however long its comments are, and the rest of a part never needs a look.
_PROLOG_RE = re.compile(rb"(?:\s+|<\?.*?\?>|<!--.*?-->)*", re.S)
_DTD_STARTS = (b"<!DOCTYPE", b"<!ENTITY")


def _declares_dtd(head: bytes, complete: bool = True) -> bool | None:
    """Does this XML start with a DTD? ``None`` when ``head`` ends inside the prolog and more
    bytes are needed to tell (``complete=False``)."""
    if head[:2] in (b"\xff\xfe", b"\xfe\xff") or head[1:2] == b"\x00" or head[:1] == b"\x00":
        # UTF-16, which Excel never writes but parsers accept
        encoding = "utf-16" if head[:2] in (b"\xff\xfe", b"\xfe\xff") else (
            "utf-16-le" if head[1:2] == b"\x00" else "utf-16-be")  # fmt: skip
        head = head[: len(head) // 2 * 2].decode(encoding, "replace").encode("utf-8")
    head = head.removeprefix(b"\xef\xbb\xbf")
    if head.startswith(b"<?xml") and (end := head.find(b"?>")) > 0:
        # the usual part: the declaration, then the root element, told without the pattern
        after = head[end + 2 : end + 12].lstrip()
        if after[:1] == b"<" and after[1:2].isalpha():
            return False
    rest = head[_PROLOG_RE.match(head).end() :]  # type: ignore[union-attr]
    if rest.startswith(_DTD_STARTS):
        return True
    if complete:
        return False
    if len(rest) < len(b"<!DOCTYPE") or rest.startswith((b"<!--", b"<?")):
        return None  # the prolog goes on past what was read
    return False


_PROLOG_FIRST = 256  # what Excel, LibreOffice and the libraries write before the root
_PROLOG_STEP = 4096


def _check_prologs(
    archive: zipfile.ZipFile, raw: _Package, skip: Iterable[str] = frozenset()
) -> None:
    """No XML part of the package declares a DTD or entities, whichever reader would read it:
    each part is inflated only as far as its prolog goes (a few dozen bytes for what Excel,
    LibreOffice and the libraries write). ``skip``: parts already read whole and checked."""
    skipped = set(skip)
    for info in archive.infolist():
        if not info.filename.lower().endswith((".xml", ".rels", ".vml")) or not info.file_size:
            continue
        if info.filename in skipped:
            continue
        if _declares_dtd_at_start(archive, raw, info):
            raise _tampered(info.filename)


_COMPRESSED_FIRST = 1024  # of a part's compressed bytes: its prolog, for what everyone writes
_COMPRESSED_STEP = 65536


def _declares_dtd_at_start(archive: zipfile.ZipFile, raw: _Package, info: zipfile.ZipInfo) -> bool:
    start = info.header_offset
    header = bytes(raw.at(start, 30))
    if info.compress_type != zipfile.ZIP_DEFLATED or header[:4] != b"PK\x03\x04":
        return bool(_declares_dtd(archive.read(info.filename)))
    position = (start + 30 + int.from_bytes(header[26:28], "little")
                + int.from_bytes(header[28:30], "little"))  # fmt: skip
    end = position + info.compress_size
    inflater = zlib.decompressobj(-15)
    head, wanted, read = b"", _PROLOG_FIRST, _COMPRESSED_FIRST
    while True:
        if inflater.unconsumed_tail:
            head += inflater.decompress(inflater.unconsumed_tail, wanted)
        else:
            compressed = raw.at(position, min(read, end - position))
            position = position + len(compressed) if compressed else end  # a cut file ends
            head += inflater.decompress(compressed, wanted)
        ended = position >= end or inflater.eof
        whole = len(head) >= info.file_size or (ended and not inflater.unconsumed_tail)
        answer = _declares_dtd(head, complete=whole)
        if answer is not None:
            return answer
        wanted, read = _PROLOG_STEP, _COMPRESSED_STEP


@dataclass
class _Sheets:
    """The worksheets a workbook part lists, by name, and its other parts."""

    parts: dict[str, str]
    """Worksheet name → its XML part."""
    main: str
    """The workbook part."""
    macro_tags: list[bytes]
    """The ``<sheet>`` tags of Excel 4.0 macro and dialog sheets, which python-calamine cannot
    open: they hold no return data and are left out of what it reads."""
    related: dict[str, str]
    """The workbook's other parts by kind (``package.SheetParts.related``)."""


def _sheet_parts(parts: _Parts) -> _Sheets:
    """Worksheet name → its XML part (``package.sheet_parts``), the workbook part found where
    the package's own relationships say when it is not at its usual place."""
    main = package.WORKBOOK_PART
    if main not in parts.names:
        main = _office_document(parts.archive, parts.names) or main
    book = parts.read(main)
    rels_name = package.rels_part(main)
    rels = parts.read(rels_name) if rels_name in parts.names else b""
    listed = _listed_sheets(book, rels, main)
    if not listed.listed:
        raise _not_readable("ไม่พบรายชื่อชีตในส่วนสารบัญของสมุดงาน (ส่วนนี้เสียหาย)",
                            "its workbook part lists no sheets (it is damaged)")  # fmt: skip
    return _Sheets(dict(listed.parts), main, list(listed.macro_tags), dict(listed.related))


# returns made from one template list the same sheets: read once (copied out: it is mutable)
_listed_sheets = functools.lru_cache(maxsize=16)(package.sheet_parts)


def _unlisted(workbook: bytes, sheets: _Sheets) -> bytes:
    """The workbook part without the macro sheets listed."""
    for tag in sheets.macro_tags:
        workbook = workbook.replace(tag, b"", 1)
    return workbook


def _for_value_reader(parts: _Parts, listed: _Sheets, read_sheets: dict[str, bytes]) -> bytes:
    """The lean package python-calamine reads (``lean``): the package's own entry points,
    the workbook part (macro sheets unlisted), its shared strings and styles, and the sheets
    the scan read, as it read them."""
    wanted = [
        package.CONTENT_TYPES_PART,
        package.ROOT_RELS_PART,
        listed.main,
        package.rels_part(listed.main),
        *(listed.related[kind] for kind in READER_RELATIONSHIPS if kind in listed.related),
    ]
    entries: list[tuple[str, bytes, int | None]] = []
    for name in wanted:
        if name not in parts.names:
            continue
        if name == listed.main and listed.macro_tags:
            entries.append((name, _unlisted(parts.read(name), listed), None))
        else:
            entries.append((name, parts.read(name), parts.crc(name)))
    entries += [(name, xml, None) for name, xml in read_sheets.items()]
    return package.stored_package(entries)


def _without_macro_sheets(archive: zipfile.ZipFile, sheets: _Sheets) -> bytes:
    """The package again with the macro sheets unlisted from the workbook part."""

    def unlist(name: str, part: bytes) -> bytes:
        return _unlisted(part, sheets) if name == sheets.main else part

    return package.copied_bytes(archive, unlist)


# --- one sheet's XML --------------------------------------------------------------------------

_ROW_OR_CELL_RE = re.compile(rb"<(row|c)((?:\s[^>]*?)?)(/?)>")
_ADDRESS_RE = re.compile(rb"""\br\s*=\s*["']([A-Z]{0,3})([0-9]*)["']""")
_ERROR_TYPE_RE = re.compile(rb"""\bt\s*=\s*["']e["']""")
_VALUE_RE = re.compile(rb"<v>([^<]*)</v>")
_FORMULA_START_RE = re.compile(rb"<f[\s>/]")
_FORMULA_RE = re.compile(rb"<f\b[^>]*?(?:/>|>([^<]*)</f>)")
_HUGE_NUMBER_RE = re.compile(rb"<v>-?(?:[0-9]{11}|[0-9.]+[eE]\+?[0-9]{2})")
_MERGE_RE = re.compile(
    rb"""<mergeCell\b[^>]*\bref\s*=\s*["']([A-Z]{1,3})([0-9]+):([A-Z]{1,3})([0-9]+)["']"""
)
_PREFIXED_ROOT_RE = re.compile(rb"<(\w+):worksheet\b")


def _unprefixed(data: bytes) -> bytes:
    """SpreadsheetML written with a prefix (``<x:row>``, as some .NET writers save it) as it
    would be written without one, so every search below reads it the same way."""
    if data.find(b":worksheet", 0, 4096) < 0:
        return data  # the usual case, told by a substring search
    root = _PREFIXED_ROOT_RE.search(data, 0, 4096)
    if root is None:
        return data
    prefix = root.group(1)
    return data.replace(b"</" + prefix + b":", b"</").replace(b"<" + prefix + b":", b"<")


def _column_number(letters: bytes) -> int:
    number = 0
    for letter in letters:
        number = number * 26 + letter - 64
    return number


# a row or cell not addressed first thing, or addressed beyond row 9,999 or column FD (160)
_UNUSUAL_ROW_RE = re.compile(rb'<row(?! r="[0-9]{1,4}")[\s>/]')
_UNUSUAL_CELL_RE = re.compile(rb'<c(?! r="(?:[A-E][A-Z]|F[A-D]|[A-Z])[0-9]{1,4}")[\s>/]')
_SMALLEST_VALUE_CELL = len(b"<c><v>1</v></c>")


def _surely_within_limits(data: bytes) -> bool:
    """A quick proof that a sheet is within the limits, from a few C-speed searches, so a normal
    sheet costs no per-cell Python work: too few bytes for MAX_CELLS cells with values, and
    every address (Excel, LibreOffice and XlsxWriter write ``r`` first) below row 10,000 and
    within column FD, which spans at most 9,999 × 160 cells. Anything else is counted exactly."""
    return (
        len(data) < _SMALLEST_VALUE_CELL * MAX_CELLS
        and _UNUSUAL_ROW_RE.search(data) is None
        and _UNUSUAL_CELL_RE.search(data) is None
    )


def _placed_cells(data: bytes, bodies: bool = False) -> Iterator[tuple[int, int, bytes, bytes]]:
    """Each cell that is not formatting only, placed as readers place it: a row or cell without
    an address follows the previous one. Yields (row, column, attributes, body); the body only
    when ``bodies`` is asked for."""
    row = column = 0  # the counters: an addressed cell moves the column, not the row
    for match in _ROW_OR_CELL_RE.finditer(data):
        tag, attributes, closed = match.groups()
        ref = _ADDRESS_RE.search(attributes)
        if tag == b"row":
            row = int(ref.group(2)) if ref and ref.group(2) else row + 1
            column = 0
            continue
        at_row = row
        if ref and ref.group(1):
            at_row, column = int(ref.group(2) or row), _column_number(ref.group(1))
        else:
            column += 1
        if closed == b"/":
            continue  # formatting only
        body = b""
        if bodies:
            end = data.find(b"</c>", match.end())
            body = data[match.end() : end] if end >= 0 else b""
        yield at_row, column, attributes, body


def sheet_extent(data: bytes) -> tuple[int, int, int, int, int]:
    """(cells, first row, first column, last row, last column) of a sheet's XML as readers
    place its cells; (0, 0, 0, 0, 0) for an empty sheet."""
    cells = max_row = max_column = 0
    min_row = min_column = 1 << 30
    for row, column, _, _ in _placed_cells(_unprefixed(data)):
        cells += 1
        max_row, max_column = max(max_row, row), max(max_column, column)
        min_row, min_column = min(min_row, row), min(min_column, column)
    return (cells, min_row, min_column, max_row, max_column) if cells else (0, 0, 0, 0, 0)


def _check_size(data: bytes, name: str) -> None:
    """Refuse a sheet whose cells with a value are too many or spread too far (readers allocate
    the whole rectangle)."""
    if _surely_within_limits(data):
        return
    cells, min_row, min_column, max_row, max_column = sheet_extent(data)
    if cells > MAX_CELLS:
        raise _over_limit(f"ชีต '{name}' มีข้อมูล {cells:,} เซลล์", f"sheet '{name}' has {cells:,} "
                          "cells with values, which", f"{MAX_CELLS:,}")  # fmt: skip
    if cells and (max_row - min_row + 1) * (max_column - min_column + 1) > MAX_EXTENT:
        raise _over_limit(
            f"ข้อมูลในชีต '{name}' กระจายถึงแถว {max_row:,} คอลัมน์ {max_column:,}",
            f"sheet '{name}' spans {max_row:,} rows by {max_column:,} columns, which",
            f"{MAX_EXTENT:,}",
        )


def _may_hold_errors(data: bytes) -> bool:
    """Error values (``t="e"``), found by substring searches (C speed) before any pattern."""
    if b't="e"' in data or b"t='e'" in data:
        return True
    return (b"t =" in data or b"t= " in data) and _ERROR_TYPE_RE.search(data) is not None


# --- numbers shown as percentages --------------------------------------------------------------

_PERCENT_BUILTIN_FORMATS = {9, 10}  # 0% and 0.00%, which styles.xml does not spell out
_NUM_FMT_RE = re.compile(rb"<(?:\w+:)?numFmt\s([^>]*)>")
_NUM_FMT_ID_RE = re.compile(rb"""\bnumFmtId\s*=\s*["'](\d+)["']""")
_CELL_XFS_RE = re.compile(rb"<(?:\w+:)?cellXfs\b.*?</(?:\w+:)?cellXfs>", re.S)
_XF_RE = re.compile(rb"<(?:\w+:)?xf\b([^>]*)>")
_QUOTED_RE = re.compile(r'"[^"]*"|\\.')
_STYLE_RE = re.compile(rb"""\bs\s*=\s*["'](\d+)["']""")
_TYPE_RE = re.compile(rb"""\bt\s*=\s*["'](\w+)["']""")


def _shows_percent(format_code: str) -> bool:
    """A number format that shows a percentage: a ``%`` outside quoted text and escapes."""
    return "%" in _QUOTED_RE.sub("", format_code)


@functools.lru_cache(maxsize=32)  # returns made by one program share their styles part
def percent_styles(styles: bytes) -> frozenset[int]:
    """The cell style indexes (``s=``) whose number format shows a percentage. Most returns
    have none, told by three substring searches."""
    if b"%" not in styles and b'numFmtId="9"' not in styles and b'numFmtId="10"' not in styles:
        return frozenset()
    formats = set(_PERCENT_BUILTIN_FORMATS)
    for match in _NUM_FMT_RE.finditer(styles):
        attributes = package.attributes(match.group(1))
        code = attributes.get("formatCode", "")
        if _shows_percent(code) and attributes.get("numFmtId", "").isdigit():
            formats.add(int(attributes["numFmtId"]))
    cell_xfs = _CELL_XFS_RE.search(styles)
    if cell_xfs is None:
        return frozenset()
    found = set()
    for index, xf in enumerate(_XF_RE.finditer(cell_xfs.group(0))):
        number_format = _NUM_FMT_ID_RE.search(xf.group(1))
        if number_format is not None and int(number_format.group(1)) in formats:
            found.add(index)
    return frozenset(found)


def percent_text(fraction: float) -> str:
    """``0.955`` → ``95.5%``: the number as typed, however many decimals the format shows."""
    number = round(fraction * 100, 9)
    shown = f"{number:.9f}".rstrip("0").rstrip(".")
    return f"{shown}%"


def _percent_cells(data: bytes, styles: frozenset[int]) -> dict[tuple[int, int], str]:
    """Numbers in cells of a percentage style, as text. Only a sheet that uses such a style
    is read cell by cell."""
    if not any(f's="{index}"'.encode() in data for index in styles):
        return {}
    found: dict[tuple[int, int], str] = {}
    for row, column, attributes, body in _placed_cells(data, bodies=True):
        style = _STYLE_RE.search(attributes)
        if style is None or int(style.group(1)) not in styles:
            continue
        kind = _TYPE_RE.search(attributes)
        if kind is not None and kind.group(1) != b"n":
            continue  # text, a boolean, an error: shown as it is
        value = _VALUE_RE.search(body)
        try:
            number = float(value.group(1)) if value else None
        except ValueError:
            continue
        if number is not None and abs(number) < 1e12:
            found[(row, column)] = percent_text(number)
    return found


# Anything a sheet's cells hold beyond plain values: a row or cell not addressed as Excel,
# LibreOffice and XlsxWriter address them (see _surely_within_limits), a cell with attributes
# other than its style and a type that is not an error, a formula, a number too big for
# python-calamine. Most sheets have none, and this one search proves it: the five searches it
# stands for (limits, huge numbers, error values, formulas) would find nothing the cell-by-cell
# reading acts on (tests/test_batch_safety.py holds the two ways to the same result).
_ANYTHING_BUT_PLAIN_VALUES_RE = re.compile(
    rb'<(?:row(?! r="[0-9]{1,4}")[\s>/]'
    rb'|c(?! r="(?:[A-E][A-Z]|F[A-D]|[A-Z])[0-9]{1,4}"(?: s="[0-9]+")?'
    rb'(?: t="(?:s|n|str|b|inlineStr|d)")?/?>)[\s>/]'
    rb"|f[\s>/]"
    rb"|v>-?(?:[0-9]{11}|[0-9.]+[eE]\+?[0-9]{2}))"
)


def _only_plain_values(data: bytes) -> bool:
    return (
        len(data) < _SMALLEST_VALUE_CELL * MAX_CELLS
        and _ANYTHING_BUT_PLAIN_VALUES_RE.search(data) is None
    )


def _scan_sheet(data: bytes, name: str, percents: frozenset[int] = frozenset()) -> SheetScan:
    data = _unprefixed(data)
    plain = _only_plain_values(data)
    if not plain:
        _check_size(data, name)
    scan = SheetScan(huge_numbers=not plain and _HUGE_NUMBER_RE.search(data) is not None)
    if percents:
        scan.percents = _percent_cells(data, percents)
    # "<f>", "<f t=…>" or "<f/>" are cell formulas; "<formula1>" of a dropdown is not
    if not plain and (_may_hold_errors(data) or _FORMULA_START_RE.search(data)):
        for row, column, attributes, body in _placed_cells(data, bodies=True):
            is_error = _ERROR_TYPE_RE.search(attributes) is not None
            if not body or (b"<f" not in body and not is_error):
                continue
            if is_error and (value := _VALUE_RE.search(body)):
                scan.errors[(row, column)] = value.group(1).decode("utf-8", "replace")
            if b"<f" in body and (formula := _FORMULA_RE.search(body)):
                text = (formula.group(1) or b"").decode("utf-8", "replace")
                scan.formulas[(row, column)] = "=" + package.xml_text(text)
    # merges follow the cells (the schema's order): look only after </sheetData>, which a
    # search from the end finds at once, instead of reading the whole sheet twice more
    after_cells = max(data.rfind(b"</sheetData>"), 0)
    if data.find(b"<mergeCell", after_cells) >= 0:
        for m in _MERGE_RE.finditer(data, after_cells):
            scan.merges.append((int(m.group(2)), _column_number(m.group(1)), int(m.group(4)),
                                _column_number(m.group(3))))  # fmt: skip
    return scan


@contextlib.contextmanager
def _opened(source: Path) -> Iterator[tuple[BinaryIO, int]]:
    """The file open for reading, with its size, once it is known to be a regular file within
    the size limit: FIFOs, devices and folders are refused unopened (reading a FIFO waits for
    ever, ``/dev/zero`` never ends)."""
    try:
        info = source.stat()
        if not stat.S_ISREG(info.st_mode):
            raise _not_readable(
                "ไม่ใช่ไฟล์ปกติ (เป็นโฟลเดอร์ ท่อส่งข้อมูล หรืออุปกรณ์) จึงไม่อ่าน",
                "it is not a regular file (a folder, a pipe or a device), so it was not read",
                "ให้ระบุไฟล์แบบรายงาน .xlsx",
                "give the path of an .xlsx return",
            )
        if info.st_size > MAX_FILE_BYTES:
            raise _over_limit(f"ไฟล์มีขนาด {_megabytes(info.st_size)}",
                              f"its size, {_megabytes(info.st_size)},",
                              _megabytes(MAX_FILE_BYTES))  # fmt: skip
        file = open(source, "rb", buffering=0)  # noqa: SIM115 (closed below, after the scan)
        if hasattr(os, "set_blocking"):  # not on Windows before Python 3.12
            os.set_blocking(file.fileno(), True)
    except OSError as error:
        raise _cannot_open(error) from None
    with file:
        yield file, info.st_size


def read_whole(path: Path) -> bytes:
    """A file's bytes, read once, with the same refusals as ``scan_workbook`` (not a regular
    file, over the size limit, cannot be opened): what is keyed by its SHA-256 and what is
    read must be the same bytes, even while an officer saves the file again."""
    with _opened(path) as (file, size):
        return _read_bounded(file, size)


def _cannot_open(error: OSError) -> UnsafeWorkbook:
    return _not_readable(f"เปิดไฟล์ไม่ได้ ({error.strerror})",
                         f"it cannot be opened ({error.strerror})",
                         "ให้ตรวจชื่อไฟล์และสิทธิ์การเข้าถึง",
                         "check the file name and permissions")  # fmt: skip


def _read_bounded(file: BinaryIO, size: int) -> bytes:
    """The whole file, read once. Asked for at the size stat gave (a buffer of the limit's size
    costs more than the read itself), then for the rest, bounded too, of a file that grew."""
    try:
        data = file.read(size + 1)
        while len(data) <= MAX_FILE_BYTES and (more := file.read(
                max(size + 1 - len(data), 65536))):  # fmt: skip
            data += more  # a short read (a network share), or a file still growing
    except OSError as error:
        raise _cannot_open(error) from None
    if len(data) > MAX_FILE_BYTES:
        raise _over_limit(f"ไฟล์มีขนาดเกิน {_megabytes(MAX_FILE_BYTES)}",
                          f"its size, over {_megabytes(MAX_FILE_BYTES)},",
                          _megabytes(MAX_FILE_BYTES))  # fmt: skip
    return data


def _container(data: bytes) -> tuple[Format, bytes, bool]:
    """What kind of file the bytes are, decrypted when Excel would open them without asking."""
    if not data:
        raise _not_readable("ไฟล์ว่างเปล่า (๐ ไบต์)", "the file is empty (0 bytes)")
    head = data[:8]
    if head == _OLE_MAGIC:
        return _ole_format(data)
    if head[:2] in _OLD_BIFF_HEADS and len(data) > 4 and data[3] == 0:
        raise _not_readable(
            "เป็นไฟล์ Excel รุ่นเก่ามาก (Excel 2.x–4.0) ที่โปรแกรมอ่านไม่ได้",
            "it is in a very old Excel format (Excel 2.x–4.0) that cannot be read",
            "ให้เปิดใน Excel หรือ LibreOffice แล้วบันทึกเป็น 'สมุดงาน Excel (*.xlsx)' แล้วส่งใหม่",
            "open it in Excel or LibreOffice, save as 'Excel Workbook (*.xlsx)' and send it again",
        )
    if not head.startswith(b"PK"):
        raise _what_it_is(data)
    return "xlsx", data, False


_PICTURE = ("เป็นไฟล์รูปภาพ (เช่น ภาพถ่ายหรือภาพหน้าจอของแบบรายงาน)",
            "it is a picture (a photo or screenshot of a return, say)")  # fmt: skip
_SIGNATURES: tuple[tuple[tuple[bytes, ...], tuple[str, str], tuple[str, str]], ...] = (
    ((b"%PDF",), ("เป็นไฟล์ PDF", "it is a PDF document"), _NOT_A_WORKBOOK),
    ((b"\x89PNG", b"\xff\xd8\xff", b"GIF87a", b"GIF89a", b"BM", b"II*\x00", b"MM\x00*"),
     _PICTURE, _NOT_A_WORKBOOK),
    ((b"{\\rtf",), ("เป็นเอกสาร RTF (Word)", "it is an RTF (Word) document"), _NOT_A_WORKBOOK),
    ((b"ID;",), ("เป็นไฟล์ SYLK (.slk) ที่ตั้งชื่อเป็น .xls", "it is a SYLK (.slk) file named .xls"),
     _SAVE_AS_XLSX),
    ((b"\x00\x00\x02\x00\x06\x04", b"\x00\x00\x02\x00\x04\x04", b"\x00\x00\x1a\x00"),
     ("เป็นไฟล์ Lotus 1-2-3 หรือ Quattro Pro รุ่นเก่า", "it is an old Lotus 1-2-3 or Quattro Pro file"),
     _SAVE_AS_XLSX),
)  # fmt: skip
_XML_2003 = (
    "เป็นไฟล์ 'XML Spreadsheet 2003' ที่ตั้งชื่อเป็น .xls (Excel เปิดได้ แต่โปรแกรมอ่านไม่ได้)",
    "it is an 'XML Spreadsheet 2003' file named .xls (Excel opens it; the reader cannot)",
)
_WEB_PAGE = ("เป็นหน้าเว็บ (HTML) ที่ตั้งชื่อเป็น .xls เช่น ไฟล์ที่ดาวน์โหลดจากระบบออนไลน์ (Excel เปิดได้ "
             "แต่ไม่ใช่สมุดงาน)",
             "it is a web page (HTML) named .xls, such as a download from an online system "
             "(Excel opens it, but it is not a workbook)")  # fmt: skip
_TEXT = (
    "เป็นไฟล์ข้อความ (เช่น CSV) ไม่ใช่สมุดงาน Excel",
    "it is a text file (a CSV, say), not a workbook",
)
_UNKNOWN = ("ไม่ใช่ไฟล์ Excel และไม่ทราบว่าเป็นไฟล์ชนิดใด",
            "it is not an Excel file, nor any kind of file the reader knows")  # fmt: skip


def _what_it_is(data: bytes) -> UnsafeWorkbook:
    """Say truly what a file that is not a workbook container is: a web page or an Excel 2003
    XML file saved with the .xls name (Excel opens both), SYLK, Lotus/Quattro, a picture, a
    PDF, text."""
    head = data[:2048]
    for magics, reason, fix in _SIGNATURES:
        if head.startswith(magics):
            return _not_readable(*reason, *fix)
    if head[4:12] in (b"ftypheic", b"ftypheix", b"ftypmif1") or (
        head[:4] == b"RIFF" and head[8:12] == b"WEBP"
    ):
        return _not_readable(*_PICTURE, *_NOT_A_WORKBOOK)
    text = head.lstrip(b"\xef\xbb\xbf \t\r\n").lower()
    if b"urn:schemas-microsoft-com:office:spreadsheet" in head or (
        text.startswith(b"<?xml") and b"<workbook" in text
    ):
        return _not_readable(*_XML_2003, *_SAVE_AS_XLSX)
    if text.startswith((b"<!doctype html", b"<html", b"<meta", b"<table")) or b"<html" in text:
        return _not_readable(*_WEB_PAGE, *_SAVE_AS_XLSX)
    try:
        head.decode("utf-8")
        is_text = True
    except UnicodeDecodeError:  # Windows Thai text, or a cut multi-byte character
        is_text = b"\x00" not in head
    return _not_readable(*(_TEXT if is_text else _UNKNOWN), *_NOT_A_WORKBOOK)


def scan_workbook(
    path: str | Path,
    wanted: Iterable[str] | None = None,
    *,
    skip: Iterable[str] = (),
    needed: Iterable[str] | None = None,
    whole: bool = False,
    content: bytes | None = None,
) -> WorkbookScan:
    """Check that ``path`` is a workbook safe to read, and scan its sheets: the ``wanted`` ones,
    or (``wanted=None``) every worksheet not in ``skip``. A sheet over a limit refuses the
    whole file, unless ``needed`` is given and does not name it: then only that sheet is left
    unread (``over_limit``). A package is read part by part, and kept whole (``data``) only
    when a reader other than python-calamine will read it, or when ``whole`` is asked for.
    With ``content`` (the file's bytes, as ``read_whole`` read them), those bytes are scanned
    and the file is not opened again.

    Raises ``UnsafeWorkbook`` with the finding code and the Thai and English reason.
    """
    source = Path(path)
    if content is None:
        with _opened(source) as (file, size):
            head = file.read(2)
            if head == b"PK" and not whole:  # a package: its parts are read where they lie
                file.seek(0)
                return _scan_zip(file, _InFile(file, size), source, wanted, skip, needed, False)
            file.seek(0)
            content = _read_bounded(file, size)
    kind, data, decrypted = _container(content)
    if kind != "xlsx":  # a BIFF .xls: python-calamine reads it, in a bounded worker
        if kind == "xls":
            _check_biff_extents(data)
        return WorkbookScan(source, [], {}, False, data, kind, decrypted)
    return _scan_zip(io.BytesIO(data), _InMemory(data), source, wanted, skip, needed, decrypted)


def _scan_zip(
    file: BinaryIO, raw: _Package, source: Path, wanted: Iterable[str] | None,
    skip: Iterable[str], needed: Iterable[str] | None, decrypted: bool,
) -> WorkbookScan:  # fmt: skip
    """``scan_workbook`` of a zip package, from its file or its bytes in memory."""
    try:
        with zipfile.ZipFile(file) as archive:
            names = set(archive.namelist())
            _check_members(archive)
            found = _kind_of_zip(names, archive)
            if isinstance(found, UnsafeWorkbook):
                _check_prologs(archive, raw)  # a tampered file is called that first
                raise found
            if found != "xlsx":
                _check_prologs(archive, raw)
                return WorkbookScan(source, [], {}, False, raw.whole(), found, decrypted)
            if "xl/workbook.xml" in names or not any(
                _standard_name(n) == "xl/workbook.xml" for n in names
            ):
                return _scan_package(archive, source, raw, wanted, set(skip), needed, decrypted)
            data = _standard_package(archive)
        with zipfile.ZipFile(io.BytesIO(data)) as standard:
            return _scan_package(standard, source, _InMemory(data), wanted, set(skip), needed,
                                 decrypted)  # fmt: skip
    except UnsafeWorkbook:
        raise
    except (zipfile.BadZipFile, EOFError, zipfile.LargeZipFile, NotImplementedError, OSError,
            ValueError, RuntimeError, KeyError, zlib.error) as error:  # fmt: skip
        raise _damaged(error) from None


def _damaged(error: BaseException) -> UnsafeWorkbook:
    if isinstance(error, (zipfile.BadZipFile, EOFError, zipfile.LargeZipFile,
                          NotImplementedError)):  # fmt: skip
        problem = _not_readable("ไฟล์เสียหายหรือดาวน์โหลดมาไม่ครบ",
                                "it is damaged or incompletely downloaded",
                                "ให้ขอไฟล์ใหม่จากผู้ส่ง หรือบันทึกจาก Excel ใหม่อีกครั้ง",
                                "ask the sender for the file again, or save it from Excel "
                                "again")  # fmt: skip
    else:
        problem = _not_readable("ไฟล์เสียหาย", "it is damaged")
    problem.detail = f"{type(error).__name__}: {error}"[:500]
    return problem


_COMMENT_RE = re.compile(rb"<(?:\w+:)?comment\s([^>]*)>(.*?)</(?:\w+:)?comment>", re.S)
_TEXT_RUN_RE = re.compile(rb"<(?:\w+:)?t(?:\s[^>]*)?>([^<]*)</(?:\w+:)?t>")
_CELL_REF_RE = re.compile(r"([A-Za-z]{1,3})([0-9]+)")


def _notes(parts: _Parts, part: str) -> dict[tuple[int, int], str]:
    """The notes (legacy comments, which Excel also writes for threaded ones) of one sheet,
    by cell. Most sheets have none: their relationships part does not name a comments part."""
    folder = part.rpartition("/")[0]
    names = parts.names
    rels = package.rels_part(part)
    if rels not in names:
        return {}
    relationships = parts.read(rels)
    if b"/comments" not in relationships:
        return {}
    found: dict[tuple[int, int], str] = {}
    for tag in package.relationship_tags(relationships):
        attributes = package.attributes(tag)
        if not attributes.get("Type", "").endswith("/comments"):
            continue
        comments = package.resolve(folder, attributes.get("Target", ""))
        if comments not in names:
            continue
        for match in _COMMENT_RE.finditer(parts.read(comments)):
            ref = _CELL_REF_RE.fullmatch(package.attributes(match.group(1)).get("ref", ""))
            text = "".join(package.xml_text(t.decode("utf-8", "replace"))
                           for t in _TEXT_RUN_RE.findall(match.group(2)))  # fmt: skip
            if ref and text.strip():
                found[(int(ref.group(2)), _column_number(ref.group(1).upper().encode()))] = text
    return found


def _styles_part(parts: _Parts) -> bytes:
    """The package's styles (number formats), or nothing when it has none."""
    name = "xl/styles.xml"
    if name not in parts.names:
        name = next((n for n in parts.names if _standard_name(n) == name), "")
    return parts.read(name) if name else b""


def _scan_package(
    archive: zipfile.ZipFile,
    source: Path,
    raw: _Package,
    wanted: Iterable[str] | None,
    skip: set[str],
    needed: Iterable[str] | None,
    decrypted: bool,
) -> WorkbookScan:
    try:
        package_parts = _Parts(archive, raw)
        names = package_parts.names
        listed = _sheet_parts(package_parts)
        parts = listed.parts
        if (summary := _own_summary(package_parts, parts)) is not None:
            raise summary
        # what the value reader reads: the same bytes, unless macro sheets must be unlisted
        chosen = [n for n in parts if n not in skip] if wanted is None else list(wanted)
        styles = _styles_part(package_parts)
        percents = percent_styles(styles) if styles else frozenset()
        must = set(chosen if needed is None else needed)
        sheets: dict[str, SheetScan] = {}
        over: dict[str, UnsafeWorkbook] = {}
        read_sheets: dict[str, bytes] = {}
        for name in chosen:
            part = parts.get(name)
            if part is None or part not in names:
                continue
            try:
                # what follows the last value is only formatting: neither scanned nor read
                xml = without_formatting_rows(package_parts.read(part, keep=False))
                sheets[name] = _scan_sheet(xml, name, percents)
                sheets[name].notes = _notes(package_parts, part)
                read_sheets[part] = xml
            except UnsafeWorkbook as problem:
                if name in must or problem.code != Code.S007:
                    raise
                over[name] = problem
        macro_enabled = "xl/vbaProject.bin" in names
        lean = _for_value_reader(package_parts, listed, read_sheets)
        package_parts.check_prologs()
        # whole, for a reader other than python-calamine: the same bytes, unless macro sheets
        # must be unlisted; openpyxl reads a sheet with a number calamine cannot convert
        if listed.macro_tags:
            for_reader = _without_macro_sheets(archive, listed)
        elif any(sheet.huge_numbers for sheet in sheets.values()):
            for_reader = raw.whole()
        else:
            for_reader = raw.kept
    except UnsafeWorkbook:
        raise
    except (
        zipfile.BadZipFile,
        EOFError,
        zipfile.LargeZipFile,
        NotImplementedError,
        OSError,
        ValueError,
        RuntimeError,
        KeyError,
        zlib.error,
    ) as error:  # CRC, bad headers
        raise _damaged(error) from None
    return WorkbookScan(
        source, list(parts), sheets, macro_enabled, for_reader, "xlsx", decrypted, over, lean
    )
