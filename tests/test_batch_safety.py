"""No file stops a batch, no output misleads (SPEC §8): files as other software writes them,
files that crash or starve the reader, names in any bytes, outputs that must not clobber."""

from __future__ import annotations

import gc
import hashlib
import io
import json
import os
import random
import signal
import subprocess
import sys
import time
import zipfile
from pathlib import Path

import msoffcrypto.format.ooxml
import openpyxl
import pytest
import xlsxwriter

from ita_xl.checking.validation import validate
from ita_xl.cli import main
from ita_xl.consolidation.rollup import rollup
from ita_xl.reading import safety
from ita_xl.reading.isolation import Crash, map_isolated
from ita_xl.reading.read import plain_values, read_return

from .conftest import EXAMPLES
from .support.packages import prefixed, rewrite, sheet_part, single_quoted, unaddressed
from .support.tables import clean_filling, write_return

INFO = "ข้อมูลหน่วยงาน"


@pytest.fixture(scope="module")
def clean(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return write_return(tmp_path_factory.mktemp("clean") / "clean.xlsx")


def _sheets_edited(clean: Path, out: Path, edit: object) -> Path:
    parts = {sheet_part(clean, name) for name in ("ข้อมูลหน่วยงาน", "ตัวชี้วัด", "มาตรการ", "ติดตามผล")}
    return rewrite(clean, out, lambda n, d: (n, edit(d) if n in parts else d))  # type: ignore[operator]


def _codes(path: Path) -> list[tuple[str, str | None, str | None]]:
    return [(f.code, f.sheet, f.cell) for f in validate(path).findings]


# --- SpreadsheetML as other writers save it -------------------------------------------------------


@pytest.mark.parametrize("style", [prefixed, single_quoted, unaddressed])
def test_other_writers_styles_read_as_the_plain_file(
    clean: Path, tmp_path: Path, style: object
) -> None:
    out = _sheets_edited(clean, tmp_path / "styled.xlsx", style)
    assert plain_values(read_return(out)) == plain_values(read_return(clean))
    assert _codes(out) == _codes(clean) == []


def test_a_prefixed_dense_grid_is_refused_before_the_reader(clean: Path, tmp_path: Path) -> None:
    """A valid prefixed sheet with one cell at XFD1048576: python-calamine would try to allocate
    512 GiB and abort the process; the scan refuses it as it refuses the unprefixed one."""
    far = b'<row r="1048576"><c r="XFD1048576"><v>1</v></c></row></sheetData>'
    part = sheet_part(clean, INFO)
    out = rewrite(clean, tmp_path / "far.xlsx",
                  lambda n, d: (n, prefixed(d.replace(b"</sheetData>", far, 1)) if n == part else d))  # fmt: skip
    assert b"<x:row" in zipfile.ZipFile(out).read(part)
    assert _codes(out) == [("ITA-S007", None, None)]


def _random_sheet(seed: int, path: Path) -> Path:
    """A sheet of text, numbers, formulas and error values at random cells, some far apart."""
    chance = random.Random(seed)
    book = xlsxwriter.Workbook(path)
    sheet = book.add_worksheet("S")
    for _ in range(chance.randint(5, 60)):
        row, column = chance.randint(0, 400), chance.randint(0, 60)
        kind = chance.random()
        if kind < 0.5:
            sheet.write_string(row, column, f"ค่า {chance.randint(1, 999)}")
        elif kind < 0.7:
            sheet.write_number(row, column, chance.randint(-5, 5000))
        elif kind < 0.85:
            sheet.write_formula(row, column, f"=A1+{chance.randint(1, 9)}", None, 3)
        else:
            sheet.write_formula(row, column, "=NA()", None, "#N/A")
    book.close()
    return path


def _openpyxl_view(path: Path) -> tuple[tuple[int, int, int, int, int], dict[tuple[int, int], str],
                                         set[tuple[int, int]]]:  # fmt: skip
    book = openpyxl.load_workbook(path)
    cells = [c for row in book["S"].iter_rows() for c in row if c.value is not None]
    formulas = {(c.row, c.column) for c in cells if c.data_type == "f"}
    values = openpyxl.load_workbook(path, data_only=True)["S"]
    errors = {(c.row, c.column): str(c.value) for row in values.iter_rows() for c in row
              if c.data_type == "e"}  # fmt: skip
    extent = (len(cells), min(c.row for c in cells), min(c.column for c in cells),
              max(c.row for c in cells), max(c.column for c in cells))  # fmt: skip
    return extent, errors, formulas


@pytest.mark.parametrize("seed", range(12))
@pytest.mark.parametrize("style", [None, prefixed, single_quoted, unaddressed],
                         ids=["plain", "prefixed", "single-quoted", "unaddressed"])  # fmt: skip
def test_the_scan_places_cells_as_openpyxl_does(tmp_path: Path, seed: int, style: object) -> None:
    """The safety scan's cell count, extent, error values and formulas, against openpyxl on the
    same (mutated) XML: a scan that misplaces cells under-counts what readers allocate."""
    source = _random_sheet(seed, tmp_path / "plain.xlsx")
    path = source if style is None else rewrite(
        source, tmp_path / "styled.xlsx",
        lambda n, d: (n, style(d) if n == "xl/worksheets/sheet1.xml" else d),  # type: ignore[operator]
    )  # fmt: skip
    with zipfile.ZipFile(path) as archive:
        xml = archive.read("xl/worksheets/sheet1.xml")
    extent, errors, formulas = _openpyxl_view(path)
    assert safety.sheet_extent(xml) == extent
    scan = safety.scan_workbook(path, ["S"]).sheets["S"]
    assert scan.errors == errors and set(scan.formulas) == formulas


# One cell among plain ones, as other writers put it: what the scan must still find. Most sheets
# hold plain values only, which one search proves (_only_plain_values); each of these must fall
# through to the cell-by-cell reading and be found there.
_UNUSUAL_CELLS = [
    # (the cell's XML, error values found, formulas found, a number too big for calamine)
    ('<c r="B2" t="e"><v>#N/A</v></c>', {(2, 2): "#N/A"}, {}, False),
    ('<c r="B2" s="3" t="e"><v>#REF!</v></c>', {(2, 2): "#REF!"}, {}, False),
    ("<c r='B2' t='e'><v>#DIV/0!</v></c>", {(2, 2): "#DIV/0!"}, {}, False),
    ('<c r="B2" t = "e"><v>#VALUE!</v></c>', {(2, 2): "#VALUE!"}, {}, False),
    ('<c r="B2" s="1" t="e" cm="1"><v>#NAME?</v></c>', {(2, 2): "#NAME?"}, {}, False),
    ('<c t="e"><v>#NUM!</v></c>', {(2, 1): "#NUM!"}, {}, False),
    ('<c r="B2" t="str"><f>A1&amp;"x"</f><v>ax</v></c>', {}, {(2, 2): '=A1&"x"'}, False),
    ('<c r="B2"><f t="shared" ref="B2:B3" si="0"/><v>1</v></c>', {}, {(2, 2): "="}, False),
    ('<c r="B2"><v>123456789012</v></c>', {}, {}, True),
    ('<c r="B2" s="2"><v>-1.5E+300</v></c>', {}, {}, True),
    ('<c r="FE2"><v>1</v></c>', {}, {}, False),
    ('<c r="B20000"><v>1</v></c>', {}, {}, False),
]


@pytest.mark.parametrize(("cell", "errors", "formulas", "huge"), _UNUSUAL_CELLS,
                         ids=[c[0] for c in _UNUSUAL_CELLS])  # fmt: skip
def test_a_cell_unlike_the_plain_ones_is_found_as_cell_by_cell(
    monkeypatch: pytest.MonkeyPatch, cell: str, errors: dict[tuple[int, int], str],
    formulas: dict[tuple[int, int], str], huge: bool,
) -> None:  # fmt: skip
    plain = (
        '<c r="A1" s="1" t="s"><v>0</v></c><c r="C1" s="4" t="n"><v>2566</v></c><c r="D1" s="5"/>'
    )
    xml = ('<worksheet><sheetData><row r="1">' + plain + '</row><row r="2">' + cell
           + "</row></sheetData></worksheet>").encode()  # fmt: skip
    found = safety._scan_sheet(xml, "S")
    assert (found.errors, found.formulas, found.huge_numbers) == (errors, formulas, huge)
    monkeypatch.setattr(safety, "_only_plain_values", lambda data: False)
    assert safety._scan_sheet(xml, "S") == found


def test_a_sheet_of_plain_values_is_told_by_one_search() -> None:
    """What XlsxWriter and LibreOffice write for text, numbers and formatting-only cells."""
    xml = (b'<worksheet><sheetData><row r="4" spans="1:9" ht="20"><c r="A4" s="1" t="s"><v>3</v>'
           b'</c><c r="B4" s="2"><v>12.5</v></c><c r="C4" s="3" t="n"><v>2570</v></c>'
           b'<c r="D4" s="4"/><c r="FD4" s="5" t="inlineStr"><is><t>x</t></is></c></row>'
           b"</sheetData></worksheet>")  # fmt: skip
    assert safety._only_plain_values(xml)
    assert not safety._only_plain_values(xml.replace(b'r="FD4"', b'r="FE4"'))
    assert not safety._only_plain_values(xml.replace(b't="n"', b't="e"'))


# --- a worker that dies, starves or hangs -------------------------------------------------------


def _die_on_three(item: int) -> int:
    if item == 3:
        os.kill(os.getpid(), signal.SIGKILL)
    if item == 5:
        bytearray(64 * 1024**3)  # far beyond the worker's bounded memory: MemoryError
    return item * 10


@pytest.mark.parametrize("selector", [True, False], ids=["one selector", "wait (Windows)"])
def test_a_worker_killed_or_starved_costs_only_its_file(
    selector: bool, monkeypatch: pytest.MonkeyPatch
) -> None:
    from ita_xl.reading import isolation

    monkeypatch.setattr(isolation, "_SELECTOR_TAKES_PIPES", selector)
    crashes: dict[int, Crash] = {}

    def crashed(item: int, crash: Crash) -> int:
        crashes[item] = crash
        return -1

    done_meanwhile: list[int] = []
    results = map_isolated(_die_on_three, list(range(9)), crashed, jobs=2,
                           meanwhile=lambda: done_meanwhile.append(1))  # fmt: skip
    assert results == [0, 10, 20, -1, 40, -1, 60, 70, 80]
    assert "SIGKILL" in crashes[3].reason_en and "memory" in crashes[5].reason_en
    assert done_meanwhile == [1]  # this process's own work, done once, whatever the workers did
    map_isolated(_die_on_three, [], crashed, jobs=2, meanwhile=lambda: done_meanwhile.append(2))
    assert done_meanwhile == [1, 2]  # and done when there is nothing to read


def _finished_at(item: str) -> tuple[float, int]:
    return time.monotonic(), len(item)


def _echo(item: str) -> str:
    return item


def test_workers_go_on_reading_while_this_process_does_its_own_work() -> None:
    """A re-run's few new files are read while the store's readings load, not after; items
    too big to queue many of (well past a pipe's buffer, answered by bigger answers) still
    end without a deadlock."""
    ended: list[float] = []

    def meanwhile() -> None:
        time.sleep(1.0)
        ended.append(time.monotonic())

    items = [f"return_{i:02d}.xlsx" for i in range(20)]
    answers = map_isolated(_finished_at, items, lambda item, crash: (0.0, -1), jobs=2,
                           meanwhile=meanwhile)  # fmt: skip
    assert [size for _, size in answers] == [len(item) for item in items]
    assert max(when for when, _ in answers) < ended[0]
    big = ["x" * 40_000 + str(i) for i in range(12)]
    assert map_isolated(_echo, big, lambda item, crash: "", jobs=2,
                        meanwhile=lambda: time.sleep(0.2)) == big  # fmt: skip


def _thresholds(_: object) -> tuple[int, int, int]:
    return gc.get_threshold()


def test_the_program_collects_rarely_and_its_workers_as_usual(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """The main process keeps its objects to the end; a worker's readers leave cycles."""
    from ita_xl import _memory

    usual = gc.get_threshold()
    monkeypatch.setattr(_memory, "_whole_process", False)
    try:
        _memory.collect_rarely()
        assert gc.get_threshold()[0] == _memory.YOUNG_PASS_EVERY
        assert map_isolated(_thresholds, [0, 1], lambda item, crash: (0, 0, 0), jobs=2) == [
            usual, usual]  # fmt: skip
    finally:
        gc.set_threshold(*usual)


def test_a_library_call_leaves_the_callers_collector_as_it_was(clean: Path) -> None:
    """The program collects rarely (``collect_rarely``); a caller's process is its own."""
    thresholds, frozen = gc.get_threshold(), gc.get_freeze_count()
    rollup([clean], jobs=1)
    assert (gc.get_threshold(), gc.get_freeze_count(), gc.isenabled()) == (thresholds, frozen, True)


def test_a_reader_that_aborts_becomes_s007_and_the_rollup_goes_on(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The worker processes are forked from this one, so the patched reader is the one they
    run: it aborts the process on one file, as python-calamine does on a failed allocation."""
    from ita_xl.consolidation import digest as digest_module

    folder = tmp_path / "returns"
    folder.mkdir()
    for name in ("a", "b", "c", "d", "e"):
        filling = clean_filling()
        filling.info["org_name"] = f"องค์การบริหารส่วนตำบล{name}"
        write_return(folder / f"{name}.xlsx", filling)
    real = digest_module.read_digest

    def aborting(path: str, units: tuple[str, ...] = (), hashed: bool = False) -> object:
        if path.endswith("c.xlsx"):
            os.abort()
        return real(path, units, hashed)

    monkeypatch.setattr(digest_module, "read_digest", aborting)
    result = rollup([folder], jobs=2)
    statuses = {Path(e.file or "").name: e.status for e in result.register_entries}
    assert statuses == {"a.xlsx": "ผ่าน", "b.xlsx": "ผ่าน", "c.xlsx": "อ่านไม่ได้", "d.xlsx": "ผ่าน",
                        "e.xlsx": "ผ่าน"}  # fmt: skip
    (code,) = [f.code for path, _, f in result.file_findings if path.endswith("c.xlsx")]
    assert code == "ITA-S007"
    assert "SIGABRT" in next(e.note for e in result.register_entries if e.file.endswith("c.xlsx"))  # type: ignore[union-attr]


# --- what stdout, the file system and file names do -----------------------------------------------


def test_stdout_holds_only_the_json(clean: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch,
                                    capsys: pytest.CaptureFixture[str]) -> None:  # fmt: skip
    """openpyxl prints to stdout for some files (``0 is out of range``); under --format json
    whatever a library prints goes to stderr."""
    import ita_xl.checking.annotate

    real = ita_xl.checking.annotate.annotate

    def chatty(*args: object, **kwargs: object) -> int:
        print("0 is out of range")
        return real(*args, **kwargs)  # type: ignore[arg-type]

    monkeypatch.setattr(ita_xl.checking.annotate, "annotate", chatty)
    main(["validate", "--format", "json", str(clean), "--annotate", str(tmp_path / "m.xlsx")])
    captured = capsys.readouterr()
    assert json.loads(captured.out)["summary"]["files"] == 1
    assert "0 is out of range" in captured.err


def test_fifos_and_devices_are_refused_unread(clean: Path, tmp_path: Path) -> None:
    folder = tmp_path / "in"
    folder.mkdir()
    os.mkfifo(folder / "pipe.xlsx")
    (folder / "clean.xlsx").write_bytes(clean.read_bytes())
    done = subprocess.run(
        [sys.executable, "-m", "ita_xl.cli", "validate", "--format", "json", str(folder),
         "/dev/zero"], capture_output=True, text=True, timeout=60, check=False,
    )  # fmt: skip
    files = {Path(f["path"]).name: f for f in json.loads(done.stdout)["files"]}
    assert set(files) == {"clean.xlsx", "pipe.xlsx", "zero"}
    for name in ("pipe.xlsx", "zero"):
        (finding,) = files[name]["findings"]
        assert finding["code"] == "ITA-S001" and "ไม่ใช่ไฟล์ปกติ" in finding["message_th"]
    done = subprocess.run(
        [sys.executable, "-m", "ita_xl.cli", "rollup", str(folder), "-o", str(tmp_path / "s.xlsx"),
         "--format", "json"], capture_output=True, text=True, timeout=60, check=False,
    )  # fmt: skip
    assert done.returncode == 0, done.stderr
    register = json.loads(done.stdout)["register"]
    assert {Path(r["file"]).name: r["status"] for r in register} == {
        "clean.xlsx": "ผ่าน", "pipe.xlsx": "อ่านไม่ได้"}  # fmt: skip


def test_a_windows_thai_file_name_is_reported_and_written(clean: Path, tmp_path: Path) -> None:
    """A Thai name in cp874 bytes, as a Windows zip unpacks on Linux: not UTF-8."""
    folder = tmp_path / "in"
    folder.mkdir()
    name = "แบบรายงาน อบต.xlsx".encode("cp874")
    (Path(os.fsdecode(bytes(folder)) if isinstance(folder, bytes) else folder) / os.fsdecode(name)
     ).write_bytes(clean.read_bytes())  # fmt: skip
    out = tmp_path / "summary.xlsx"
    done = subprocess.run(
        [sys.executable, "-m", "ita_xl.cli", "rollup", str(folder), "-o", str(out), "--format",
         "json"], capture_output=True, timeout=120, check=False,
    )  # fmt: skip
    assert done.returncode == 0, done.stderr.decode()
    (entry,) = json.loads(done.stdout)["register"]
    # ``file`` opens the file (os.fsdecode's name); ``display_name`` is for people
    assert Path(entry["file"]).read_bytes() == clean.read_bytes()
    assert entry["display_name"].endswith("แบบรายงาน อบต.xlsx") and entry["status"] == "ผ่าน"
    register = openpyxl.load_workbook(out)["ทะเบียนการส่ง"]
    assert any(str(c.value).endswith("แบบรายงาน อบต.xlsx") for row in register.iter_rows()
               for c in row)  # fmt: skip


def test_files_without_an_identity_never_supersede(tmp_path: Path) -> None:
    """Workbooks that are not returns share no key: each is registered with its reason."""
    folder = tmp_path / "in"
    folder.mkdir()
    for index in range(4):
        book = xlsxwriter.Workbook(folder / f"other_{index}.xlsx")
        book.add_worksheet("Sheet1").write("A1", f"ตารางอื่น {index}")
        book.close()
    (folder / "broken.xlsx").write_bytes(b"PK\x03\x04 not really")
    result = rollup([folder], jobs=1)
    assert len(result.register_entries) == 5
    assert not [e for e in result.register_entries if e.status == "ฉบับเก่า"]
    assert all(e.status in ("มีข้อผิดพลาด", "อ่านไม่ได้") for e in result.register_entries)
    (broken,) = [e for e in result.register_entries if e.status == "อ่านไม่ได้"]
    assert "เสียหาย" in broken.note


# --- annotate within the limits ------------------------------------------------------------------


def test_annotate_refuses_a_huge_extra_sheet_that_validate_reads_around(clean: Path,
                                                                      tmp_path: Path) -> None:  # fmt: skip
    far = b'<row r="900000"><c r="ZZ900000"><v>1</v></c></row></sheetData>'
    book = openpyxl.load_workbook(clean)
    book.create_sheet("Sheet1")["A1"] = "x"
    extra = tmp_path / "extra.xlsx"
    book.save(extra)
    part = sheet_part(extra, "Sheet1")
    huge = rewrite(extra, tmp_path / "huge.xlsx",
                   lambda n, d: (n, d.replace(b"</sheetData>", far, 1) if n == part else d))  # fmt: skip
    report = validate(huge)
    assert [(f.code, f.sheet) for f in report.findings] == [("ITA-S007", "Sheet1")]
    assert len(report.ret.measures) == 2  # type: ignore[union-attr]
    out = tmp_path / "marked.xlsx"
    done = subprocess.run([sys.executable, "-m", "ita_xl.cli", "validate", str(huge), "--annotate",
                           str(out)], capture_output=True, text=True, timeout=120, check=False)  # fmt: skip
    assert done.returncode == 1 and not out.exists()
    assert "Sheet1" in done.stderr and "ขีดจำกัด" in done.stderr


def test_annotate_keeps_pictures_and_charts(tmp_path: Path) -> None:
    import struct
    import zlib

    def chunk(kind: bytes, data: bytes) -> bytes:
        return (
            struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data))
        )

    png = (b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", struct.pack(">IIBBBBB", 1, 1, 8, 2, 0, 0, 0))
           + chunk(b"IDAT", zlib.compress(b"\x00\xff\x00\x00")) + chunk(b"IEND", b""))  # fmt: skip
    source = write_return(tmp_path / "r.xlsx")
    book = openpyxl.load_workbook(source)
    from openpyxl.chart import BarChart, Reference
    from openpyxl.drawing.image import Image

    sheet = book["ตัวชี้วัด"]
    sheet.add_image(Image(io.BytesIO(png)), "K2")
    chart = BarChart()
    chart.add_data(Reference(sheet, min_col=4, min_row=3, max_row=13), titles_from_data=True)
    sheet.add_chart(chart, "K8")
    book.save(source)
    out = tmp_path / "marked.xlsx"
    main(["validate", str(source), "--annotate", str(out)])
    names = zipfile.ZipFile(out).namelist()
    assert any(n.startswith("xl/media/") for n in names)
    assert any(n.startswith("xl/charts/chart") for n in names)


# --- messages that tell the truth and the fix -------------------------------------------------


def test_excels_default_password_is_opened(clean: Path, tmp_path: Path) -> None:
    """ "VelvetSweatshop": Excel opens such a file without asking, and so does validate."""
    buffer = io.BytesIO()
    with clean.open("rb") as source:
        msoffcrypto.format.ooxml.OOXMLFile(source).encrypt("VelvetSweatshop", buffer)
    path = tmp_path / "velvet.xlsx"
    path.write_bytes(buffer.getvalue())
    assert path.read_bytes()[:4] != b"PK\x03\x04"
    assert _codes(path) == []
    assert plain_values(read_return(path)) == plain_values(read_return(clean))


def test_an_excel_2_to_4_file_is_called_old_not_foreign(tmp_path: Path) -> None:
    """A BIFF4 worksheet as Excel 4.0 saved it: a BOF record, a number, an EOF."""
    bof = b"\x09\x04" + (6).to_bytes(2, "little") + b"\x00\x00\x10\x00\x00\x00"
    number = b"\x03\x02" + (14).to_bytes(2, "little") + bytes(6) + (2566.0).hex().encode()[:8]
    path = tmp_path / "excel4.xls"
    path.write_bytes(bof + number + b"\x0a\x00\x00\x00")
    (finding,) = validate(path).findings
    assert finding.code == "ITA-S001" and "Excel 2.x–4.0" in finding.message_th
    assert ".xlsx" in finding.message_th and "ไม่ใช่ไฟล์ Excel" not in finding.message_th


def test_a_macro_sheet_is_ignored_not_fatal(clean: Path, tmp_path: Path) -> None:
    """An .xlsm with an Excel 4.0 macro sheet (``xl/macrosheets``) reads as the return it is."""
    macro = (b'<?xml version="1.0" encoding="UTF-8" standalone="yes"?><xm:macrosheet '
             b'xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" '
             b'xmlns:xm="http://schemas.microsoft.com/office/excel/2006/main"><sheetData>'
             b'<row r="1"><c r="A1" t="str"><f>HALT()</f><v>TRUE</v></c></row></sheetData>'
             b"</xm:macrosheet>")  # fmt: skip

    def edit(name: str, data: bytes) -> tuple[str, bytes]:
        if name == "xl/workbook.xml":
            data = data.replace(
                b"</sheets>", b'<sheet name="Macro1" sheetId="99" r:id="rIdM"/></sheets>'
            )
        elif name == "xl/_rels/workbook.xml.rels":
            data = data.replace(
                b"</Relationships>",
                b'<Relationship Id="rIdM" Type="http://schemas.microsoft.com/office/2006/relationships/xlMacrosheet" Target="macrosheets/sheet1.xml"/></Relationships>',
            )
        elif name == "[Content_Types].xml":
            data = data.replace(
                b"</Types>",
                b'<Override PartName="/xl/macrosheets/sheet1.xml" ContentType="application/vnd.ms-excel.macrosheet+xml"/></Types>',
            )
        return name, data

    path = rewrite(clean, tmp_path / "macro.xlsm", edit)
    with zipfile.ZipFile(path, "a") as archive:
        archive.writestr("xl/macrosheets/sheet1.xml", macro)
    assert _codes(path) == []


@pytest.mark.parametrize("rename", [str.upper, lambda n: n.replace("/", "\\")],
                         ids=["upper case", "backslashes"])  # fmt: skip
def test_part_names_are_resolved_as_excel_resolves_them(clean: Path, tmp_path: Path,
                                                        rename: object) -> None:  # fmt: skip
    def edit(name: str, data: bytes) -> tuple[str, bytes]:
        keep = name in ("[Content_Types].xml", "_rels/.rels")
        return (name if keep else rename(name)), data  # type: ignore[operator]

    path = rewrite(clean, tmp_path / "odd.xlsx", edit)
    assert "xl/workbook.xml" not in zipfile.ZipFile(path).namelist()
    assert _codes(path) == []
    assert plain_values(read_return(path)) == plain_values(read_return(clean))


def test_a_dtd_is_called_tampering_not_size(clean: Path, tmp_path: Path) -> None:
    laughs = b'<?xml version="1.0"?><!DOCTYPE x [<!ENTITY a "aaaaaaaaaa">]>'
    part = sheet_part(clean, INFO)
    path = rewrite(clean, tmp_path / "dtd.xlsx",
                   lambda n, d: (n, laughs + d.split(b"?>", 1)[1] if n == part else d))  # fmt: skip
    (finding,) = validate(path).findings
    assert finding.code == "ITA-S007" and "DTD" in finding.message_th
    assert "ลบแถว" not in finding.message_th and "บันทึกเป็น .xlsx ใหม่" in finding.message_th


@pytest.mark.parametrize("part_of", ["sheet", "styles", "shared strings", "core properties"])
def test_a_dtd_behind_a_long_comment_in_any_part_is_refused(clean: Path, tmp_path: Path,
                                                            part_of: str) -> None:  # fmt: skip
    """A DTD may stand after any length of comments: the whole prolog is read, in every part
    any reader opens (not only the parts ita-xl parses)."""
    target = {"sheet": sheet_part(clean, INFO), "styles": "xl/styles.xml",
              "shared strings": "xl/sharedStrings.xml", "core properties": "docProps/core.xml"}[part_of]  # fmt: skip
    prolog = (b'<?xml version="1.0"?>\n<!--' + b" padding " * 300 + b"-->\n"
              b'<!DOCTYPE x [<!ENTITY a "aaaaaaaaaa">]>')  # fmt: skip
    path = rewrite(clean, tmp_path / "dtd.xlsx",
                   lambda n, d: (n, prolog + d.split(b"?>", 1)[1] if n == target else d))  # fmt: skip
    (finding,) = validate(path).findings
    assert finding.code == "ITA-S007" and target in finding.message_en


# --- outputs never clobber, interruptions end cleanly -----------------------------------------------


def _digest(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def test_new_refuses_an_existing_return_without_force(clean: Path, tmp_path: Path,
                                                      capsys: pytest.CaptureFixture[str]) -> None:  # fmt: skip
    filled = tmp_path / "filled.xlsx"
    filled.write_bytes(clean.read_bytes())
    before = _digest(filled)
    assert main(["new", str(filled), "--year", "2566"]) == 2
    assert _digest(filled) == before and "--force" in capsys.readouterr().err
    assert main(["new", str(filled), "--year", "2566", "--force"]) == 0
    assert _digest(filled) != before


def test_rollup_and_report_outputs_replace_only_their_own_kind(clean: Path, tmp_path: Path) -> None:
    folder = tmp_path / "in"
    folder.mkdir()
    (folder / "r.xlsx").write_bytes(clean.read_bytes())
    other = tmp_path / "someone.xlsx"
    other.write_bytes(clean.read_bytes())
    before = _digest(other)
    assert main(["rollup", str(folder), "-o", str(other)]) == 2
    assert _digest(other) == before
    summary = tmp_path / "summary.xlsx"
    assert main(["rollup", str(folder), "-o", str(summary)]) == 0
    assert main(["rollup", str(folder), "-o", str(summary)]) == 0  # its own: replaced
    import docx

    letter = tmp_path / "letter.docx"
    docx.Document().save(str(letter))
    before = _digest(letter)
    assert main(["report", str(clean), "-o", str(letter)]) == 2
    assert _digest(letter) == before
    report = tmp_path / "report.docx"
    assert main(["report", str(clean), "-o", str(report)]) == 0
    assert main(["report", str(clean), "-o", str(report)]) == 0


def test_report_pdf_never_replaces_a_pdf_made_apart_from_an_ita_xl_report(
    clean: Path, tmp_path: Path
) -> None:
    """``--pdf`` writes ``NAME.pdf`` beside ``NAME.docx``: a user's PDF of that name stays."""
    minutes = tmp_path / "minutes.pdf"
    minutes.write_bytes(b"%PDF-1.4 the working group's minutes")
    assert main(["report", str(clean), "-o", str(tmp_path / "minutes.docx"), "--pdf"]) == 2
    assert minutes.read_bytes() == b"%PDF-1.4 the working group's minutes"
    assert not (tmp_path / "minutes.docx").exists()


def test_annotate_to_one_file_with_several_inputs_is_a_usage_error(clean: Path,
                                                                   tmp_path: Path) -> None:  # fmt: skip
    assert main(["validate", str(clean), str(EXAMPLES[0]), "--annotate",
                 str(tmp_path / "marked.xlsx")]) == 2  # fmt: skip
    assert not (tmp_path / "marked.xlsx").exists()


def test_ctrl_c_ends_with_a_thai_message_and_130(clean: Path, tmp_path: Path,
                                                 monkeypatch: pytest.MonkeyPatch,
                                                 capsys: pytest.CaptureFixture[str]) -> None:  # fmt: skip
    def interrupted(*args: object, **kwargs: object) -> None:
        raise KeyboardInterrupt

    monkeypatch.setattr(sys.modules["ita_xl.consolidation.rollup"], "rollup", interrupted)
    out = tmp_path / "s.xlsx"
    assert main(["rollup", str(clean), "-o", str(out)]) == 130
    err = capsys.readouterr().err
    assert "Ctrl-C" in err and "หยุด" in err and "Traceback" not in err
    assert not out.exists()


def test_ctrl_c_in_a_real_rollup(tmp_path: Path) -> None:
    folder = tmp_path / "in"
    folder.mkdir()
    for index in range(600):
        (folder / f"r{index}.xlsx").write_bytes(EXAMPLES[index % len(EXAMPLES)].read_bytes())
    out = tmp_path / "s.xlsx"
    process = subprocess.Popen(
        [sys.executable, "-m", "ita_xl.cli", "rollup", str(folder), "-o", str(out), "--jobs", "1",
         "--no-progress"], stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True,
    )  # fmt: skip
    import time

    time.sleep(1.5)
    process.send_signal(signal.SIGINT)
    _, err = process.communicate(timeout=60)
    if process.returncode == 0:
        pytest.skip("the roll-up finished before the interrupt")
    assert process.returncode == 130 and "Traceback" not in err and "Ctrl-C" in err
    assert not out.exists() and not list(tmp_path.glob(".s.*"))


def test_a_closed_pipe_ends_quietly() -> None:
    process = subprocess.Popen(
        [sys.executable, "-m", "ita_xl.cli", "validate", *map(str, EXAMPLES)],
        stdout=subprocess.PIPE, stderr=subprocess.PIPE,
    )  # fmt: skip
    assert process.stdout is not None
    process.stdout.readline()
    process.stdout.close()
    _, err = process.communicate(timeout=120)
    assert b"Traceback" not in err and b"BrokenPipeError" not in err


def test_a_sheet_renamed_with_a_stray_space_is_still_that_sheet(
    clean: Path, tmp_path: Path
) -> None:
    renamed = rewrite(clean, tmp_path / "space.xlsx", lambda n, d: (
        n, d.replace('name="มาตรการ"'.encode(), 'name="มาตรการ "'.encode())
        if n == "xl/workbook.xml" else d))  # fmt: skip
    report = validate(renamed)
    assert report.findings == []
    assert [(m.code, m.sheet) for m in report.ret.measures] == [  # type: ignore[union-attr]
        ("M01", "มาตรการ "),
        ("M02", "มาตรการ "),
    ]  # findings point at the sheet as it is named


def test_annotate_never_replaces_a_file_it_did_not_make(clean: Path, tmp_path: Path,
                                                        capsys: pytest.CaptureFixture[str]) -> None:  # fmt: skip
    other = tmp_path / "another_organisations_return.xlsx"
    other.write_bytes(EXAMPLES[0].read_bytes())
    before = _digest(other)
    assert main(["validate", str(clean), "--annotate", str(other)]) == 2
    assert _digest(other) == before and "ไม่ใช่สำเนาระบายสีที่ ita-xl สร้าง" in capsys.readouterr().err
    marked = tmp_path / "marked.xlsx"
    assert main(["validate", str(clean), "--annotate", str(marked)]) in (0, 1)
    first = _digest(marked)
    assert main(["validate", str(EXAMPLES[0]), "--annotate", str(marked)]) in (0, 1)
    assert _digest(marked) != first  # a marked copy ita-xl made is replaced


def test_annotate_lists_every_clash_before_writing_anything(clean: Path, tmp_path: Path,
                                                           capsys: pytest.CaptureFixture[str]) -> None:  # fmt: skip
    inputs = tmp_path / "in"
    inputs.mkdir()
    for name in ("a.xlsx", "b.xlsx", "c.xlsx"):
        (inputs / name).write_bytes(clean.read_bytes())
    out = tmp_path / "out"
    out.mkdir()
    (out / "a.xlsx").write_bytes(b"a user's own file")
    (out / "c.xlsx").write_bytes(b"another user's file")
    assert main(["validate", str(inputs), "--annotate", str(out)]) == 2
    err = capsys.readouterr().err
    assert "a.xlsx" in err and "c.xlsx" in err and "(2 ไฟล์)" in err
    assert sorted(p.name for p in out.iterdir()) == ["a.xlsx", "c.xlsx"]  # b.xlsx not written
    assert (out / "a.xlsx").read_bytes() == b"a user's own file"


@pytest.mark.parametrize(
    ("out_name", "input_name"), [("x.pdf", "r.xlsx"), ("marked.xlsx", "r.xls")]
)
def test_annotate_names_that_cannot_be_a_marked_copy(tmp_path: Path, out_name: str,
                                                     input_name: str,
                                                     capsys: pytest.CaptureFixture[str]) -> None:  # fmt: skip
    source = tmp_path / input_name
    source.write_bytes((EXAMPLES[0]).read_bytes() if input_name.endswith("xlsx") else b"")
    main(["validate", str(source), "--annotate", str(tmp_path / out_name)])
    err = capsys.readouterr().err
    assert not (tmp_path / out_name).exists()  # no folder called x.pdf, no file
    assert ".xlsx" in err and "นามสกุลเดียวกับไฟล์ที่ตรวจ" not in err


def test_a_summary_is_never_read_as_a_return(tmp_path: Path,
                                             capsys: pytest.CaptureFixture[str]) -> None:  # fmt: skip
    folder = tmp_path / "returns"
    folder.mkdir()
    for example in EXAMPLES[:3]:
        (folder / example.name).write_bytes(example.read_bytes())
    summary = folder / "summary.xlsx"  # the team writes the summary into the folder it reads
    assert main(["rollup", str(folder), "-o", str(summary), "--format", "json"]) == 0
    first = json.loads(capsys.readouterr().out)
    assert (
        main(["rollup", str(folder), "-o", str(folder / "summary2.xlsx"), "--format", "json"]) == 0
    )
    second = json.loads(capsys.readouterr().out)
    assert second["summary"] == first["summary"]
    assert not any(Path(e["file"] or "-").name.startswith("summary") for e in second["register"])
    assert main(["rollup", str(folder), "-o", str(tmp_path / "s3.xlsx")]) == 0
    assert "สรุปผลที่ ita-xl สร้าง ๒" in capsys.readouterr().out
    report = validate(summary)  # validate says what it is
    (finding,) = report.findings
    assert finding.code == "ITA-S001" and "สรุปผลประจำปีที่ ita-xl สร้าง" in finding.message_th


@pytest.mark.parametrize("given", ["empty folder", "roster as input", "only a csv"])
def test_a_rollup_with_no_returns_is_a_usage_error(tmp_path: Path, given: str,
                                                   capsys: pytest.CaptureFixture[str]) -> None:  # fmt: skip
    folder = tmp_path / "in"
    folder.mkdir()
    roster = tmp_path / "roster.csv"
    roster.write_text("org_name,province\nองค์การบริหารส่วนตำบลบ้านสวน,ชลบุรี\n", encoding="utf-8")
    out = tmp_path / "summary.xlsx"
    argv = {"empty folder": [str(folder)], "roster as input": [str(roster), "--roster", str(roster)],
            "only a csv": [str(roster)]}[given]  # fmt: skip
    assert main(["rollup", *argv, "-o", str(out)]) == 2
    assert not out.exists()
    err = capsys.readouterr().err
    assert ("--roster" in err) if given != "empty folder" else "ไม่พบแบบรายงาน" in err


@pytest.mark.parametrize("command", ["new", "rollup", "report", "annotate", "frameworks", "kit"])
def test_a_place_that_cannot_be_written_is_a_thai_message(tmp_path: Path, command: str) -> None:
    """A path through a file (root can write anywhere else here): every command says so in
    Thai with exit 2, never a traceback."""
    blocker = tmp_path / "a_file"
    blocker.write_text("x")
    where = blocker / "sub"
    source = str(EXAMPLES[0])
    argv = {
        "new": ["new", str(where / "r.xlsx"), "--year", "2566"],
        "rollup": ["rollup", source, "-o", str(where / "s.xlsx")],
        "report": ["report", source, "-o", str(where / "r.docx"), "--force"],
        "annotate": ["validate", source, "--annotate", str(where / "m.xlsx")],
        "frameworks": ["frameworks", "--export", "2566", str(where / "f.json")],
        "kit": ["kit", str(where / "kit")],
    }[command]
    done = subprocess.run([sys.executable, "-m", "ita_xl.cli", *argv], capture_output=True,
                          text=True, timeout=300, check=False)  # fmt: skip
    assert done.returncode == 2, done.stderr
    assert "Traceback" not in done.stderr
    assert "ไม่ได้ (ส่วนหนึ่งของเส้นทางเป็นไฟล์ ไม่ใช่โฟลเดอร์)" in done.stderr


@pytest.mark.parametrize(
    ("beside", "winerror", "said"),
    [
        ("~$summary.xlsx", None, "ไฟล์เปิดอยู่ในโปรแกรมอื่น"),  # Excel's owner file
        (".~lock.summary.xlsx#", None, "ไฟล์เปิดอยู่ในโปรแกรมอื่น"),  # LibreOffice's
        (None, 32, "ไฟล์เปิดอยู่ในโปรแกรมอื่น"),  # Windows: a sharing violation
        (None, None, "ไม่มีสิทธิ์เขียนในตำแหน่งนี้"),
    ],
)
def test_a_file_open_in_another_program_is_said_to_be_open(
    tmp_path: Path, beside: str | None, winerror: int | None, said: str
) -> None:
    from ita_xl._io import cannot_write

    target = tmp_path / "summary.xlsx"
    target.write_bytes(b"")
    if beside:
        (tmp_path / beside).write_bytes(b"")
    error = PermissionError(13, "Permission denied")
    if winerror is not None:
        error.winerror = winerror  # type: ignore[attr-defined]
    assert said in cannot_write(target, error)[0]


# --- saying truly what a file is ----------------------------------------------------------------

NOT_WORKBOOKS = [
    # name            | first bytes                                                   | said
    ("web.xls", b"<html><head><meta charset='utf-8'></head><body><table><tr><td>1</td></tr>", "หน้าเว็บ (HTML)"),
    ("xml2003.xls", b'<?xml version="1.0"?>\n<?mso-application progid="Excel.Sheet"?>\n<Workbook xmlns="urn:schemas-microsoft-com:office:spreadsheet">', "XML Spreadsheet 2003"),
    ("sylk.xls", b"ID;PWXL;N;E\r\nC;Y1;X1;K1\r\nE\r\n", "SYLK"),
    ("lotus.xls", b"\x00\x00\x02\x00\x06\x04\x06\x00\x08\x00\x00\x00", "Lotus 1-2-3 หรือ Quattro Pro"),
    ("photo.xlsx", b"\xff\xd8\xff\xe0\x00\x10JFIF\x00", "รูปภาพ"),
    ("scan.xlsx", b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR", "รูปภาพ"),
    ("report.xlsx", b"%PDF-1.7\n%\xe2\xe3\xcf\xd3\n", "PDF"),
    ("list.xls", "ชื่อหน่วยงาน,จังหวัด\nอบต.บ้านสวน,ชลบุรี\n".encode("cp874"), "ไฟล์ข้อความ"),
]  # fmt: skip


@pytest.mark.parametrize(
    ("name", "data", "said"), NOT_WORKBOOKS, ids=[n for n, _, _ in NOT_WORKBOOKS]
)
def test_a_file_that_is_not_a_workbook_is_named_for_what_it_is(tmp_path: Path, name: str,
                                                               data: bytes, said: str) -> None:  # fmt: skip
    path = tmp_path / name
    path.write_bytes(data + b"\x00" * 0 + b" " * 64)
    (finding,) = validate(path).findings
    assert finding.code == "ITA-S001" and said in finding.message_th, finding.message_th
    assert "ไม่ใช่ไฟล์ Excel (อาจเป็น" not in finding.message_th


def test_a_readers_own_words_go_to_detail_not_the_message(clean: Path, tmp_path: Path) -> None:
    cut = tmp_path / "cut.xlsx"
    cut.write_bytes(clean.read_bytes()[: len(clean.read_bytes()) // 2])  # an interrupted download
    done = subprocess.run([sys.executable, "-m", "ita_xl.cli", "validate", str(cut), "--format",
                           "json"], capture_output=True, text=True, timeout=120, check=False)  # fmt: skip
    (finding,) = json.loads(done.stdout)["files"][0]["findings"]
    assert finding["code"] == "ITA-S001" and "ดาวน์โหลดมาไม่ครบ" in finding["message_th"]
    assert "BadZipFile" in finding["detail"]
    assert not any(word in finding["message_th"] + finding["message_en"] + done.stderr
                   for word in ("BadZipFile", "Error:", "zipfile"))  # fmt: skip


@pytest.mark.real_client
@pytest.mark.parametrize("format_", ["xls", "ods"])
def test_a_file_saved_with_a_password_is_encrypted_in_every_format(
    clean: Path, tmp_path: Path, format_: str
) -> None:
    """LibreOffice's Save with password: RC4 CryptoAPI (.xls), ODF encryption (.ods): each is
    ITA-S002, never "damaged" (an encrypted .xlsx: test_safety.py's "password-encrypted")."""
    from .support.clients import calc

    target = tmp_path / f"locked.{format_}"
    calc([{"source": str(clean), "target": str(target), "format": format_,
           "password": "รหัส1234"}], tmp_path)  # fmt: skip
    (finding,) = validate(target).findings
    assert finding.code == "ITA-S002", finding.message_en


@pytest.mark.real_client
@pytest.mark.parametrize("format_", ["xls", "xlsx"])
def test_memory_follows_the_cells_a_file_has(tmp_path: Path, format_: str) -> None:
    """Two cells 32,770 rows and 130 columns apart, saved by LibreOffice: a few kB that make
    python-calamine allocate the whole rectangle (457 MB once). Refused before the reader, by
    the cells' own records, so the file costs what its bytes do."""
    import resource

    from .support.clients import soffice

    book = openpyxl.Workbook()
    book.active["A1"], book.active.cell(32770, 130).value = "ชื่อหน่วยงาน", " "
    book.save(tmp_path / "far.xlsx")
    if format_ == "xls":
        subprocess.run([soffice(), f"-env:UserInstallation=file://{tmp_path}/profile", "--headless",
                        "--convert-to", "xls", "--outdir", str(tmp_path), str(tmp_path / "far.xlsx")],
                       capture_output=True, timeout=120, check=True)  # fmt: skip
    path = tmp_path / f"far.{format_}"
    assert path.stat().st_size < 1024 * 1024
    before = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss
    done = subprocess.run([sys.executable, "-m", "ita_xl.cli", "validate", str(path), "--format",
                           "json"], capture_output=True, text=True, timeout=120, check=False)  # fmt: skip
    peak_mib = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss / 1024
    findings = json.loads(done.stdout)["files"][0]["findings"]
    assert any(f["code"] == "ITA-S007" and "32,770" in f["message_th"] for f in findings)
    assert peak_mib < 200 or before / 1024 >= 200, peak_mib
