"""Deflate segments joined without compressing again (``ooxml.deflate``), and the package written
from them (``ooxml.package.write_segmented``), checked by readers we did not write: zlib, zipfile
and python-calamine."""

from __future__ import annotations

import io
import os
import zipfile
import zlib
from pathlib import Path

import pytest
from python_calamine import CalamineWorkbook

from ita_xl.ooxml import deflate, package

PIECES = [b"", b"x", b"<row>" * 3, os.urandom(7), os.urandom(70_000), "ภาษาไทย".encode() * 900, b"\x00"]  # fmt: skip


@pytest.mark.parametrize("level", [1, 6, 9])
def test_segments_end_to_end_are_one_deflate_stream_with_the_joined_crc(level: int) -> None:
    segments = [deflate.segment(p, level) for p in PIECES]
    whole = b"".join(PIECES)
    stream = b"".join(s.data for s in segments) + deflate.FINAL_BLOCK
    assert zlib.decompress(stream, -15) == whole
    assert deflate.joined_crc(segments) == zlib.crc32(whole)
    assert [s.inflated() for s in segments] == PIECES


def test_a_crc_joined_after_other_bytes() -> None:
    first, second = deflate.segment(b"head "), deflate.segment(b"and the rest")
    assert deflate.joined_crc([second], first.crc) == zlib.crc32(b"head and the rest")


def _sheet(rows: str) -> bytes:
    return (
        '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>'
        '<worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main">'
        f"<sheetData>{rows}</sheetData></worksheet>"
    ).encode()


MINIMAL = {
    "[Content_Types].xml": '<?xml version="1.0" encoding="UTF-8"?><Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types"><Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/><Default Extension="xml" ContentType="application/xml"/><Override PartName="/xl/workbook.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml"/><Override PartName="/xl/worksheets/sheet1.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.worksheet+xml"/></Types>',
    "_rels/.rels": '<?xml version="1.0" encoding="UTF-8"?><Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument" Target="xl/workbook.xml"/></Relationships>',
    "xl/workbook.xml": '<?xml version="1.0" encoding="UTF-8"?><workbook xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships"><sheets><sheet name="ชีต" sheetId="1" r:id="rId1"/></sheets></workbook>',
    "xl/_rels/workbook.xml.rels": '<?xml version="1.0" encoding="UTF-8"?><Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/worksheet" Target="worksheets/sheet1.xml"/></Relationships>',
}  # fmt: skip


def test_a_package_of_joined_segments_reads_in_zipfile_and_calamine(tmp_path: Path) -> None:
    rows = [f'<row><c t="inlineStr"><is><t>แถว {i}</t></is></c><c><v>{i}</v></c></row>'
            for i in range(3000)]  # fmt: skip
    head, tail = _sheet("|").split(b"|")
    batches = ["".join(rows[i : i + 700]).encode() for i in range(0, len(rows), 700)]
    entries = [(name, iter([deflate.segment(text.encode(), 6)])) for name, text in MINIMAL.items()]
    sheet = [head, *batches, tail]
    entries.append(("xl/worksheets/sheet1.xml", iter(deflate.segment(b) for b in sheet)))
    path = tmp_path / "joined.xlsx"
    with path.open("wb") as out:
        package.write_segmented(out, entries)
    with zipfile.ZipFile(path) as archive:
        assert archive.testzip() is None  # every CRC as stated
        assert archive.read("xl/worksheets/sheet1.xml") == b"".join(sheet)
        assert archive.read("xl/workbook.xml").decode() == MINIMAL["xl/workbook.xml"]
    grid = CalamineWorkbook.from_path(str(path)).get_sheet_by_name("ชีต").to_python()
    assert len(grid) == 3000 and grid[0] == ["แถว 0", 0.0] and grid[-1] == ["แถว 2999", 2999.0]


def test_past_the_zip32_limit_the_writer_says_so(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(package, "_ZIP32_LIMIT", 1000)
    with pytest.raises(package.TooLargeForZip32):
        package.write_segmented(io.BytesIO(), [("big.xml", iter([deflate.segment(bytes(5000))]))])


@pytest.mark.parametrize("size", [0, 1, 255, 65_536, 65_537, 1_000_003])
def test_a_segment_of_any_size_joins_after_other_bytes(size: int) -> None:
    """The factor a segment carries (from zlib's CRC of its bytes from two start values) joins
    its CRC after any other bytes as zlib computes it over them all."""
    head, tail = os.urandom(100), os.urandom(size)
    joined = deflate.joined_crc([deflate.segment(tail)], zlib.crc32(head))
    assert joined == zlib.crc32(head + tail)


def test_crcs_joined_over_many_random_pieces_are_zlibs() -> None:
    """The four-bits-at-a-time multiplication, over a few hundred random CRCs and sizes: every
    join agrees with zlib over the bytes themselves."""
    pieces = [os.urandom(int.from_bytes(os.urandom(2), "little") % 3000) for _ in range(300)]
    segments = [deflate.segment(p) for p in pieces]
    for count in (1, 2, 17, 300):
        assert deflate.joined_crc(segments[:count]) == zlib.crc32(b"".join(pieces[:count]))
