"""Broken and hostile files: recognised before any parser runs, reported as ITA-S00x findings,
never a traceback or a hang, and never changed."""

from __future__ import annotations

import hashlib
import io
import subprocess
import sys
import zipfile
import zlib
from collections.abc import Callable
from pathlib import Path

import msoffcrypto.format.ooxml
import openpyxl
import pytest

from ita_xl.checking.validation import validate
from ita_xl.cli import main

from .support.tables import write_return


def _not_a_zip(clean: Path, out: Path) -> None:
    out.write_text("org_name,province\nอบต.บ้านสวน,ชลบุรี\n", encoding="utf-8")


def _empty(clean: Path, out: Path) -> None:
    out.write_bytes(b"")


def _truncated(clean: Path, out: Path) -> None:
    data = clean.read_bytes()
    out.write_bytes(data[: len(data) // 2])


def _old_binary(clean: Path, out: Path) -> None:
    # The compound-file signature of Excel 97-2003; a real .xls is in test_real_clients.
    out.write_bytes(b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + bytes(4096))


def _encrypted(clean: Path, out: Path) -> None:
    with clean.open("rb") as source:
        buffer = io.BytesIO()
        msoffcrypto.format.ooxml.OOXMLFile(source).encrypt("1234", buffer)
    out.write_bytes(buffer.getvalue())


def _zip_of(members: dict[str, bytes], out: Path) -> None:
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as archive:
        for name, data in members.items():
            archive.writestr(name, data)


def _ods(clean: Path, out: Path) -> None:
    _zip_of({"mimetype": b"application/vnd.oasis.opendocument.spreadsheet",
             "content.xml": b"<office:document-content/>"}, out)  # fmt: skip


def _docx(clean: Path, out: Path) -> None:
    import docx

    document = docx.Document()
    document.add_paragraph("รายงานผลการดำเนินการตามมาตรการ")
    document.save(str(out))


def _other_zip(clean: Path, out: Path) -> None:
    _zip_of({"readme.txt": "สวัสดี".encode()}, out)


def _rewrite(clean: Path, out: Path, part: str, edit: Callable[[bytes], bytes]) -> None:
    with zipfile.ZipFile(clean) as source, zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as dest:
        for info in source.infolist():
            data = source.read(info.filename)
            dest.writestr(info.filename, edit(data) if info.filename == part else data)


def _zip_bomb(clean: Path, out: Path) -> None:
    _rewrite(clean, out, "xl/worksheets/sheet1.xml", lambda d: d + b" " * 60_000_000)


def _absurd_extent(clean: Path, out: Path) -> None:
    far = b'<row r="1048576"><c r="XFD1048576" t="n"><v>1</v></c></row></sheetData>'
    _rewrite(clean, out, "xl/worksheets/sheet1.xml", lambda d: d.replace(b"</sheetData>", far, 1))


def _far_column(clean: Path, out: Path) -> None:
    far = b'<row r="9000"><c r="ZZZ9000" t="n"><v>1</v></c></row></sheetData>'
    _rewrite(clean, out, "xl/worksheets/sheet1.xml", lambda d: d.replace(b"</sheetData>", far, 1))


def _unaddressed(clean: Path, out: Path) -> None:
    """Rows and cells without addresses follow the previous ones: 4,000 rows down and 3,000
    cells across is 12 million cells to a reader, in a few kilobytes."""
    rows = b"<row/>" * 4000 + b"<row>" + b"<c/>" * 3000 + b'<c t="n"><v>1</v></c></row>'
    _rewrite(clean, out, "xl/worksheets/sheet1.xml",
             lambda d: d.replace(b"</sheetData>", rows + b"</sheetData>", 1))  # fmt: skip


def _bad_checksum(clean: Path, out: Path) -> None:
    """One byte of a sheet's compressed data changed, as a bad disk or transfer does."""
    data = bytearray(clean.read_bytes())
    with zipfile.ZipFile(clean) as archive:
        info = archive.getinfo("xl/worksheets/sheet3.xml")
    start = info.header_offset + 30 + len(info.filename.encode()) + len(info.extra)
    data[start + info.compress_size // 2] ^= 0x55
    out.write_bytes(bytes(data))


def _entities(clean: Path, out: Path) -> None:
    laughs = b'<?xml version="1.0"?><!DOCTYPE x [<!ENTITY a "aaaaaaaaaa">]>'
    _rewrite(clean, out, "xl/worksheets/sheet1.xml", lambda d: laughs + d.split(b"?>", 1)[1])


def _garbage_sheet(clean: Path, out: Path) -> None:
    _rewrite(clean, out, "xl/worksheets/sheet1.xml", lambda d: d[: len(d) // 3])


HOSTILE: list[tuple[str, Callable[[Path, Path], None], str]] = [
    ("a CSV renamed .xlsx", _not_a_zip, "ITA-S001"),
    ("an empty file", _empty, "ITA-S001"),
    ("half a download", _truncated, "ITA-S001"),
    ("an .xls renamed", _old_binary, "ITA-S001"),
    ("an .ods renamed", _ods, "ITA-S001"),
    ("a .docx renamed", _docx, "ITA-S001"),
    ("a zip that is no workbook", _other_zip, "ITA-S001"),
    ("a sheet cut short", _garbage_sheet, "ITA-S001"),
    ("a damaged byte (bad checksum)", _bad_checksum, "ITA-S001"),
    ("password-encrypted", _encrypted, "ITA-S002"),
    ("a zip bomb", _zip_bomb, "ITA-S007"),
    ("a cell at XFD1048576", _absurd_extent, "ITA-S007"),
    ("a cell at ZZZ9000", _far_column, "ITA-S007"),
    ("rows and cells without addresses", _unaddressed, "ITA-S007"),
    ("a DTD with entities", _entities, "ITA-S007"),
]


@pytest.fixture(scope="module")
def corpus(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Path]:
    folder = tmp_path_factory.mktemp("hostile")
    clean = write_return(folder / "clean.xlsx")
    files = {}
    for name, make, _ in HOSTILE:
        path = folder / f"{make.__name__.strip('_')}.xlsx"
        make(clean, path)
        files[name] = path
    return files


@pytest.mark.parametrize(("name", "code"), [(n, c) for n, _, c in HOSTILE],
                         ids=[n for n, _, _ in HOSTILE])  # fmt: skip
def test_a_hostile_file_gets_its_finding(corpus: dict[str, Path], name: str, code: str) -> None:
    report = validate(corpus[name])
    assert [(f.code, f.cell) for f in report.findings] == [(code, None)]
    assert report.status == "error" and not report.readable
    assert report.findings[0].message_th and report.findings[0].message_en


def test_the_messages_say_what_to_do(corpus: dict[str, Path]) -> None:
    assert ".xls" in validate(corpus["an .xls renamed"]).findings[0].message_th
    assert ".ods" in validate(corpus["an .ods renamed"]).findings[0].message_th
    assert "Word" in validate(corpus["a .docx renamed"]).findings[0].message_th
    assert "รหัสผ่าน" in validate(corpus["password-encrypted"]).findings[0].message_th


def test_the_cli_reports_all_exits_1_and_changes_nothing(corpus: dict[str, Path]) -> None:
    paths = list(corpus.values())
    before = {p: hashlib.sha256(p.read_bytes()).hexdigest() for p in paths}
    done = subprocess.run(
        [sys.executable, "-m", "ita_xl.cli", "validate", "--format", "json", *map(str, paths)],
        capture_output=True, text=True, timeout=120, check=False,
    )  # fmt: skip
    assert done.returncode == 1, done.stderr
    assert "Traceback" not in done.stderr
    import json

    result = json.loads(done.stdout)
    assert result["summary"] == {"files": len(paths), "errors": len(paths), "warnings": 0,
                                 "infos": 0}  # fmt: skip
    assert {p: hashlib.sha256(p.read_bytes()).hexdigest() for p in paths} == before


def test_a_missing_file_is_a_finding_not_a_crash(tmp_path: Path,
                                                 capsys: pytest.CaptureFixture[str]) -> None:  # fmt: skip
    assert main(["validate", str(tmp_path / "nope.xlsx"), str(tmp_path)]) == 1
    out = capsys.readouterr().out
    assert out.count("ITA-S001") == 1  # the folder is searched: it holds no workbook


# --- structure --------------------------------------------------------------------------------


def _edited(tmp_path: Path, edit: Callable[[openpyxl.Workbook], None]) -> Path:
    book = openpyxl.load_workbook(write_return(tmp_path / "clean.xlsx"))
    edit(book)
    out = tmp_path / "edited.xlsx"
    book.save(out)
    return out


def _codes(path: Path) -> list[tuple[str, str | None, str | None]]:
    return [
        (f.code, f.sheet, f.cell) for f in validate(path).findings if f.code.startswith("ITA-S")
    ]


def test_a_deleted_sheet(tmp_path: Path) -> None:
    path = _edited(tmp_path, lambda b: b.remove(b["ตัวชี้วัด"]))
    assert _codes(path) == [("ITA-S003", "ตัวชี้วัด", None)]


def test_a_file_not_made_from_the_template_is_checked_by_headers(tmp_path: Path) -> None:
    path = _edited(tmp_path, lambda b: b.remove(b["_meta"]))
    report = validate(path)
    assert [(f.code, f.cell) for f in report.findings] == [("ITA-S004", None)]
    assert len(report.ret.measures) == 2  # type: ignore[union-attr]


@pytest.mark.parametrize(("version", "severity", "says"), [
    ("9", "warning", "รุ่นใหม่กว่า"),  # a newer release's template
    ("0", "info", "อ่านข้อมูลได้ครบทุกค่า"),  # an earlier one, every value read
])  # fmt: skip
def test_another_schema_version(tmp_path: Path, version: str, severity: str, says: str) -> None:
    def bump(book: openpyxl.Workbook) -> None:
        meta = book["_meta"]
        for row in meta.iter_rows():
            if row[0].value == "schema_version":
                row[1].value = version

    path = _edited(tmp_path, bump)
    assert _codes(path) == [("ITA-S005", "_meta", None)]
    (finding,) = validate(path).findings
    assert finding.severity.value == severity and says in finding.message_th


def test_a_renamed_header(tmp_path: Path) -> None:
    path = _edited(tmp_path, lambda b: b["ติดตามผล"].cell(3, 7, "สถานะการดำเนินการ"))
    report = validate(path)
    s006 = [f for f in report.findings if f.code == "ITA-S006"]
    assert [(f.sheet, f.row, f.value) for f in s006] == [("ติดตามผล", 3, None)]
    assert "สถานะ" in s006[0].message_th


def _with_crc(data: bytes, crc: int, at: int) -> bytes:
    """``data`` with its four bytes from ``at`` chosen so that its CRC-32 is ``crc``: a CRC is
    affine in the bits of a message, so the four bytes solve 32 linear equations over GF(2)."""
    base = bytearray(data)
    base[at : at + 4] = bytes(4)

    def crc_with(window: int) -> int:
        trial = bytearray(base)
        trial[at : at + 4] = window.to_bytes(4, "little")
        return zlib.crc32(bytes(trial))

    zero = crc_with(0)
    rows = [(crc_with(1 << bit) ^ zero, 1 << bit) for bit in range(32)]  # (effect, window bits)
    wanted, window = crc ^ zero, 0
    for pivot in range(32):  # Gaussian elimination, pivot bit by pivot bit
        found = next((i for i in range(pivot, 32) if rows[i][0] >> pivot & 1), None)
        assert found is not None, "the window cannot reach every CRC"
        rows[pivot], rows[found] = rows[found], rows[pivot]
        for i in range(32):
            if i != pivot and rows[i][0] >> pivot & 1:
                rows[i] = (rows[i][0] ^ rows[pivot][0], rows[i][1] ^ rows[pivot][1])
    for pivot in range(32):
        if wanted >> pivot & 1:
            window ^= rows[pivot][1]
    base[at : at + 4] = window.to_bytes(4, "little")
    assert zlib.crc32(bytes(base)) == crc
    return bytes(base)


def test_a_part_forged_to_the_crc_of_one_read_before_is_still_read_and_refused(
    tmp_path: Path,
) -> None:
    """Parts a template's returns share are inflated once per process, remembered by their
    compressed bytes: a workbook part forged to the CRC-32 and size of one read before, but
    declaring entities, is read for what it is."""
    clean = write_return(tmp_path / "clean.xlsx")
    assert validate(clean).readable  # its workbook part is now remembered
    with zipfile.ZipFile(clean) as archive:
        good = archive.read("xl/workbook.xml")
        crc = archive.getinfo("xl/workbook.xml").CRC
    laughs = b'<?xml version="1.0"?><!DOCTYPE x [<!ENTITY a "aa">]><!--'
    body = laughs + b"\x00" * (len(good) - len(laughs) - 3) + b"-->"
    forged = _with_crc(body, crc, len(laughs))
    assert len(forged) == len(good) and zlib.crc32(forged) == crc and forged != good
    out = tmp_path / "forged.xlsx"
    _rewrite(clean, out, "xl/workbook.xml", lambda _: forged)
    report = validate(out)
    assert [f.code for f in report.findings] == ["ITA-S007"] and not report.readable
    assert validate(clean).readable
