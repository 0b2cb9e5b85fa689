"""The macro-enabled return and its ``ตรวจสอบข้อมูล`` button (issue 4).

Excel itself is not on these machines: the button's logic is tested through the in-memory and
the openpyxl books, the xlwings path through ``xw.Book(json=…)`` when a licence key is set.
"""

from __future__ import annotations

import os
import zipfile
from pathlib import Path

import openpyxl
import pytest
from oletools.olevba import VBA_Parser

from ita_xl.checking.annotate import OpenpyxlBook, annotate
from ita_xl.checking.button import MemoryBook, XlwingsMissing, check_book
from ita_xl.checking.marking import NOTE_MARK, clear
from ita_xl.checking.validation import validate
from ita_xl.cli import main
from ita_xl.workbook import vba

from .conftest import ROOT
from .support.tables import clean_filling, write_return

MISTAKES = ROOT / "examples" / "returns" / "nonsaard_2566_6m_mistakes.xlsx"
INPUT_SHEETS = ("ข้อมูลหน่วยงาน", "ตัวชี้วัด", "มาตรการ", "ติดตามผล")


@pytest.fixture(scope="module")
def xlsm(tmp_path_factory: pytest.TempPathFactory) -> Path:
    out = tmp_path_factory.mktemp("xlsm") / "return.xlsm"
    assert main(["new", str(out), "--org", "องค์การบริหารส่วนตำบลบ้านสวน", "--year", "2566"]) == 0
    return out


def test_the_vba_project_has_the_run_python_line(xlsm: Path) -> None:
    parser = VBA_Parser(str(xlsm))
    modules = {name: code for _, _, name, code in parser.extract_macros()}
    parser.close()
    assert "ITAValidate.bas" in modules and "xlwings.bas" in modules
    assert vba.RUN_PYTHON in modules["ITAValidate.bas"]
    assert "Sub ValidateButton()" in modules["ITAValidate.bas"]
    assert "BSD 3-clause" in modules["xlwings.bas"]  # the licence header is kept
    assert f"'Version: {vba.XLWINGS_VERSION}" in modules["xlwings.bas"]


def test_a_button_on_each_input_sheet_bound_to_the_macro(xlsm: Path) -> None:
    with zipfile.ZipFile(xlsm) as package:
        book = openpyxl.load_workbook(xlsm, keep_vba=True)
        drawings = [n for n in package.namelist() if n.startswith("xl/drawings/vmlDrawing")]
        assert len(drawings) == len(INPUT_SHEETS)
        for name in drawings:
            shape = package.read(name).decode("utf-8")
            assert "<x:FmlaMacro>[0]!ValidateButton</x:FmlaMacro>" in shape
            assert "ตรวจสอบข้อมูล" in shape and 'ObjectType="Button"' in shape
        types = package.read("[Content_Types].xml").decode()
        assert "application/vnd.ms-excel.sheet.macroEnabled.main+xml" in types
    conf = book["xlwings.conf"]
    assert conf.sheet_state == "hidden"
    assert dict(conf.iter_rows(values_only=True))["INTERPRETER_WIN"] == "pythonw"
    instructions = " ".join(str(c.value) for row in book["คำแนะนำ"].iter_rows() for c in row
                            if c.value)  # fmt: skip
    assert "ติดตั้ง.bat" in instructions and "ita-xl kit" in instructions and "Unblock" in instructions


def test_building_twice_gives_the_same_bytes(xlsm: Path, tmp_path: Path) -> None:
    again = tmp_path / "again.xlsm"
    main(["new", str(again), "--org", "องค์การบริหารส่วนตำบลบ้านสวน", "--year", "2566"])
    assert again.read_bytes() == xlsm.read_bytes()


def test_an_openpyxl_keep_vba_round_trip_keeps_project_and_button(xlsm: Path,
                                                                 tmp_path: Path) -> None:  # fmt: skip
    findings = validate(xlsm).findings
    marked = tmp_path / "marked.xlsm"
    annotate(xlsm, marked, findings)
    with zipfile.ZipFile(xlsm) as before, zipfile.ZipFile(marked) as after:
        assert after.read("xl/vbaProject.bin") == before.read("xl/vbaProject.bin")
        shapes = [after.read(n).decode() for n in after.namelist() if n.endswith(".vml")]
    assert sum("[0]!ValidateButton" in s for s in shapes) == len(INPUT_SHEETS)
    parser = VBA_Parser(str(marked))
    assert any(vba.RUN_PYTHON in code for _, _, _, code in parser.extract_macros())
    parser.close()


def test_marking_in_memory_gives_the_findings_of_validate(tmp_path: Path) -> None:
    for path in (MISTAKES, write_return(tmp_path / "clean.xlsx")):
        book = MemoryBook.from_file(path)
        found = check_book(book)
        assert [(f.code, f.sheet, f.cell) for f in found] == [
            (f.code, f.sheet, f.cell) for f in validate(path).findings]  # fmt: skip
        assert book.active == "ผลการตรวจสอบ"


def test_memory_and_openpyxl_books_mark_alike_and_marking_is_idempotent(tmp_path: Path) -> None:
    findings = validate(MISTAKES).findings
    memory = MemoryBook.from_file(MISTAKES)
    check_book(memory)
    once = {s: (dict(m.fills), dict(m.notes)) for s, m in memory.sheets.items()}
    check_book(memory)  # pressing the button twice
    assert {s: (dict(m.fills), dict(m.notes)) for s, m in memory.sheets.items()} == once

    marked = tmp_path / "marked.xlsx"
    annotate(MISTAKES, marked, findings)
    from_file = MemoryBook.from_file(marked)
    for sheet in INPUT_SHEETS:
        assert from_file.sheets[sheet].fills == memory.sheets[sheet].fills, sheet
        assert from_file.sheets[sheet].notes == memory.sheets[sheet].notes, sheet
    assert from_file.read_rows("ผลการตรวจสอบ")[1:] == memory.read_rows("ผลการตรวจสอบ")[1:]


def test_clearing_restores_the_original_look(tmp_path: Path) -> None:
    filling = clean_filling()
    filling.info["phone"] = "12345"
    path = write_return(tmp_path / "r.xlsx", filling)
    book = openpyxl.load_workbook(path)
    book["ข้อมูลหน่วยงาน"]["B13"].fill = openpyxl.styles.PatternFill("solid", fgColor="FFE2EFDA")
    coloured = tmp_path / "coloured.xlsx"
    book.save(coloured)
    memory = MemoryBook.from_file(coloured)
    original = {s: (dict(m.fills), dict(m.notes)) for s, m in memory.sheets.items()}
    check_book(memory)
    assert memory.get_fill("ข้อมูลหน่วยงาน", "B13") == "solid:rgb:FFFFEB9C"
    assert memory.get_note("ข้อมูลหน่วยงาน", "B13").startswith(NOTE_MARK)
    assert clear(memory) == 1
    assert {s: (dict(m.fills), dict(m.notes)) for s, m in memory.sheets.items()} == original
    opened = OpenpyxlBook(openpyxl.load_workbook(coloured))
    check_book_openpyxl = validate(coloured).findings
    from ita_xl.checking.marking import mark

    mark(opened, check_book_openpyxl)
    clear(opened)
    assert opened.get_fill("ข้อมูลหน่วยงาน", "B13") == "solid:rgb:FFE2EFDA"


def test_the_button_without_xlwings_says_how_to_install(monkeypatch: pytest.MonkeyPatch) -> None:
    import builtins

    import ita_xl.excel

    real_import = builtins.__import__

    def no_xlwings(name: str, *args: object, **kwargs: object) -> object:
        if name == "xlwings":
            raise ImportError("No module named 'xlwings'")
        return real_import(name, *args, **kwargs)  # type: ignore[arg-type]

    monkeypatch.setattr(builtins, "__import__", no_xlwings)
    with pytest.raises(XlwingsMissing) as missing:
        ita_xl.excel.validate_button()
    assert "ติดตั้ง.bat" in str(missing.value)


@pytest.mark.skipif(not os.environ.get("XLWINGS_LICENSE_KEY"),
                    reason="xw.Book(json=…) needs an xlwings PRO licence key")  # fmt: skip
def test_the_xlwings_book_marks_like_the_others() -> None:  # pragma: no cover - needs a key
    import json

    xw = pytest.importorskip("xlwings")
    from ita_xl.checking.button import XlwingsBook

    memory = MemoryBook.from_file(MISTAKES)
    sheets = []
    for name in memory.sheets:
        rows = memory.read_rows(name)
        sheets.append({"name": name, "values": [[("" if v is None else str(v)) for v in r]
                                                for r in rows]})  # fmt: skip
    book = xw.Book(json=json.dumps({"book": {"name": MISTAKES.name, "active_sheet_index": 0},
                                    "sheets": sheets}))  # fmt: skip
    found = check_book(XlwingsBook(book))
    assert {(f.code, f.cell) for f in found} >= {("ITA-R301", "A5"), ("ITA-T201", "B9")}


# --- protected sheets: Excel refuses to colour a cell or add a note on them ---------------------


def test_the_fake_refuses_what_excel_refuses_on_a_protected_sheet() -> None:
    from ita_xl.checking.button import ExcelRefused

    book = MemoryBook.from_file(MISTAKES)
    protection = book.get_protection("ข้อมูลหน่วยงาน")
    assert protection is not None and protection.forbids("formatCells")
    assert protection.forbids("objects")  # the template protects objects: notes too
    with pytest.raises(ExcelRefused):
        book.set_fill("ข้อมูลหน่วยงาน", "B13", "solid:rgb:FFFFC7CE")
    with pytest.raises(ExcelRefused):
        book.set_note("ข้อมูลหน่วยงาน", "B13", "x")


def test_the_button_unprotects_what_it_marks_and_protects_it_again_as_it_was() -> None:
    book = MemoryBook.from_file(MISTAKES)
    before = {name: book.get_protection(name) for name in book.sheet_names()}
    assert all(before[name] is not None for name in INPUT_SHEETS)
    findings = check_book(book)
    assert book.get_fill("ข้อมูลหน่วยงาน", "B9") == "solid:rgb:FFFFC7CE"  # marked
    assert {name: book.get_protection(name) for name in before} == before
    clear(book)
    assert {name: book.get_protection(name) for name in before} == before
    assert findings


def test_protection_is_restored_even_when_marking_fails(monkeypatch: pytest.MonkeyPatch) -> None:
    book = MemoryBook.from_file(MISTAKES)
    before = {name: book.get_protection(name) for name in book.sheet_names()}

    def broken(*args: object) -> None:
        raise OSError("the disk is full")

    monkeypatch.setattr(book, "write_findings_sheet", broken)
    with pytest.raises(OSError):
        check_book(book)
    assert {name: book.get_protection(name) for name in before} == before


def test_a_sheet_with_a_password_is_named_in_thai_and_the_rest_restored() -> None:
    from ita_xl.checking.marking import ProtectedSheet

    book = MemoryBook.from_file(MISTAKES)
    before = {name: book.get_protection(name) for name in book.sheet_names()}
    book.sheets["มาตรการ"].password = "1234"
    with pytest.raises(ProtectedSheet) as refused:
        check_book(book)
    assert "มาตรการ" in refused.value.message_th and "รหัสผ่าน" in refused.value.message_th
    assert {name: book.get_protection(name) for name in before} == before


def test_the_marked_copy_keeps_the_protection_it_had(tmp_path: Path) -> None:
    out = tmp_path / "marked.xlsx"
    annotate(MISTAKES, out, validate(MISTAKES).findings)
    original, marked = openpyxl.load_workbook(MISTAKES), openpyxl.load_workbook(out)
    for name in INPUT_SHEETS:
        a, b = original[name].protection, marked[name].protection
        assert b.sheet and (a.objects, a.formatColumns, a.insertRows, a.sort) == (
            b.objects, b.formatColumns, b.insertRows, b.sort)  # fmt: skip


class _ExcelSheetApi:
    """Excel's COM surface of a worksheet for protection, as Excel behaves: Unprotect with a
    wrong password fails; Protect takes the Allow… options."""

    class _Allowed:
        AllowFormattingCells = False
        AllowFormattingColumns = True
        AllowFormattingRows = True
        AllowInsertingColumns = False
        AllowInsertingRows = True
        AllowInsertingHyperlinks = False
        AllowDeletingColumns = False
        AllowDeletingRows = True
        AllowSorting = True
        AllowFiltering = True
        AllowUsingPivotTables = False

    def __init__(self, password: str = "") -> None:
        self.ProtectContents = self.ProtectDrawingObjects = True
        self.ProtectScenarios = False
        self.Protection = self._Allowed()
        self.password = password
        self.protect_calls: list[dict[str, object]] = []

    def Unprotect(self, password: str) -> None:
        if password != self.password:
            raise RuntimeError("com_error: the password you supplied is not correct")
        self.ProtectContents = self.ProtectDrawingObjects = False

    def Protect(self, **options: object) -> None:
        self.protect_calls.append(options)
        self.ProtectContents = True


def test_the_xlwings_adapter_speaks_excels_protection() -> None:
    from types import SimpleNamespace

    from ita_xl.checking.button import XlwingsBook
    from ita_xl.checking.marking import ProtectedSheet

    api = _ExcelSheetApi()
    sheets = {"มาตรการ": SimpleNamespace(api=api, name="มาตรการ")}
    book = XlwingsBook(SimpleNamespace(sheets=sheets, fullname=""))
    protection = book.get_protection("มาตรการ")
    assert protection is not None and protection.forbids("formatCells")
    assert not protection.forbids("insertRows") and protection.forbids("objects")
    book.set_protection("มาตรการ", None)
    assert not api.ProtectContents
    book.set_protection("มาตรการ", protection)
    (options,) = api.protect_calls
    assert options["AllowInsertingRows"] is True and options["AllowFormattingCells"] is False
    assert options["DrawingObjects"] is True and options["Password"] == ""
    locked = XlwingsBook(SimpleNamespace(sheets={"x": SimpleNamespace(api=_ExcelSheetApi("pw"))},
                                         fullname=""))  # fmt: skip
    with pytest.raises(ProtectedSheet):
        locked.set_protection("x", None)


# --- the VBA project ---------------------------------------------------------------------------


def test_the_vba_project_is_written_as_ms_ovba_asks(xlsm: Path) -> None:
    """Version 0xFFFF on write (MS-OVBA 2.3.4.1), and a document module for every sheet the
    workbook gives a code name, as Excel keeps them."""
    import io
    import re

    import olefile

    with zipfile.ZipFile(xlsm) as package:
        project = package.read("xl/vbaProject.bin")
        book = package.read("xl/workbook.xml").decode()
        code_names = [re.search(r'codeName="(\w+)"', package.read(n).decode()).group(1)  # type: ignore[union-attr]
                      for n in sorted(package.namelist()) if n.startswith("xl/worksheets/sheet")]  # fmt: skip
    ole = olefile.OleFileIO(io.BytesIO(project))
    assert ole.openstream("VBA/_VBA_PROJECT").read()[2:4] == b"\xff\xff"
    documents = re.findall(r"Document=(\w+)/", ole.openstream("PROJECT").read().decode("latin-1"))
    assert sorted(documents) == sorted(["ThisWorkbook", *code_names])
    assert len(code_names) == book.count("<sheet ")


def test_the_missing_python_message_is_thai_built_from_ascii() -> None:
    import re

    source = vba.source("ITAValidate.bas")
    assert source.isascii()
    body = source.split("Private Function MissingMessage()", 1)[1].split("End Function", 1)[0]
    parts = re.findall(r'ChrW\((\d+)\)|"([^"]*)"|(vbLf)', body)
    text = "".join(chr(int(code)) if code else ("\n" if lf else plain) for code, plain, lf in parts)
    assert text == vba.MISSING_MESSAGE and "ตรวจสอบ" in text
    assert "PythonReady" in source and "ShowLiveChecks" in source


@pytest.mark.real_client
def test_libreoffice_loads_every_module_of_the_vba_library(xlsm: Path, tmp_path: Path) -> None:
    """LibreOffice drops a VBA library that does not compile: loaded, with every module and
    the button's macro, it compiled."""
    import json

    from .support.clients import calc

    out = tmp_path / "basic.json"
    calc([{"source": str(xlsm), "basic": str(out)}], tmp_path)
    modules = json.loads(out.read_text(encoding="utf-8"))["VBAProject"]
    sheets = len(openpyxl.load_workbook(xlsm, keep_vba=True).sheetnames)
    assert set(modules) == {"ThisWorkbook", *(f"Sheet{i}" for i in range(1, sheets + 1)),
                            "xlwings", "Dictionary", "ITAValidate"}  # fmt: skip
    assert "Public Sub ValidateButton()" in modules["ITAValidate"]


# --- the offline install kit -----------------------------------------------------------------------


@pytest.mark.real_client
def test_the_kit_resolves_completely_offline_for_windows(tmp_path: Path) -> None:
    """``ita-xl kit`` downloads from PyPI (CI reaches it); the kit must then install with no
    index at all, for Windows 64-bit, as ``ติดตั้ง.bat`` installs it."""
    import subprocess
    import sys

    from .support.clients import require

    probe = subprocess.run([sys.executable, "-m", "pip", "download", "--no-deps", "-q", "-d",
                            str(tmp_path / "probe"), "six"], capture_output=True, check=False)  # fmt: skip
    require(probe.returncode == 0, "the PyPI index (ita-xl kit downloads Windows wheels)")
    kit = tmp_path / "kit"
    assert main(["kit", str(kit), "--python", "3.11"]) == 0
    names = {p.name for p in (kit / "wheels").iterdir()}
    assert any(n.startswith("ita_xl-") for n in names)
    assert any(n.startswith("xlwings-0.37.8-cp311") and n.endswith("win_amd64.whl") for n in names)
    done = subprocess.run(
        [sys.executable, "-m", "pip", "install", "--dry-run", "--no-index", "--find-links",
         str(kit / "wheels"), "--platform", "win_amd64", "--python-version", "3.11",
         "--only-binary=:all:", "--target", str(tmp_path / "target"), "ita-xl[excel]"],
        capture_output=True, text=True, check=False,
    )  # fmt: skip
    assert done.returncode == 0, done.stderr
    assert "Would install" in done.stdout and "xlwings-0.37.8" in done.stdout
    installer = (kit / "ติดตั้ง.bat").read_bytes()
    assert installer.startswith(b"@echo off\r\nchcp 65001") and b"--no-index" in installer
    assert "ติดตั้งเสร็จแล้ว".encode() in installer
    readme = (kit / "อ่านก่อนติดตั้ง.txt").read_text(encoding="utf-8-sig")
    assert "ติดตั้ง.bat" in readme and "3.11" in readme
    (template,) = kit.glob("*.xlsm")
    assert vba.module_names(zipfile.ZipFile(template).read("xl/vbaProject.bin"))


def _cmd_blocks_broken(script: str) -> list[str]:
    """Lines where cmd.exe would end a parenthesised block early: inside ``if … (``, the first
    ``)`` that is neither escaped (``^)``) nor quoted closes the block, even in ``echo`` text."""
    import re

    depth, broken = 0, []
    for line in script.splitlines():
        text = line.strip()
        if depth and text.startswith(")"):
            depth, text = depth - 1, text[1:].strip()  # ``)`` or ``) else (``
        structural = re.match(r"(?i)(if|for|else)\b", text) is not None
        quoted = escaped = False
        for char in text:
            if escaped:
                escaped = False
            elif char == "^":
                escaped = True
            elif char == '"':
                quoted = not quoted
            elif not quoted and char == "(" and structural:
                depth += 1
            elif not quoted and char == ")" and depth:
                depth -= 1
                if not structural:
                    broken.append(line)
    return broken


def test_the_installer_keeps_its_blocks_whole() -> None:
    """``(แบบ 64 บิต)`` inside ``if errorlevel 1 ( … )`` ended the block early in cmd.exe."""
    from ita_xl.workbook.kit import installer

    assert _cmd_blocks_broken(installer()) == []
    assert _cmd_blocks_broken("if errorlevel 1 (\n  echo Python (64 bit)\n  pause\n)\n")


def test_the_kit_builds_from_a_plain_install(tmp_path: Path) -> None:
    """README's ``pip install .`` keeps no source folder: the kit packs the installed ita-xl
    as a wheel, which pip installs (every RECORD hash checked) and which runs."""
    import os
    import subprocess
    import sys

    target = tmp_path / "site"
    done = subprocess.run([sys.executable, "-m", "pip", "install", "-q", "--no-deps",
                           "--target", str(target), str(ROOT)],
                          capture_output=True, text=True, check=False)  # fmt: skip
    assert done.returncode == 0, done.stderr
    env = {**os.environ, "PYTHONPATH": str(target)}
    packed = subprocess.run(
        [sys.executable, "-c", "import sys, pathlib, ita_xl.workbook.kit as k; "
         "assert k._source_root() is None, k.__file__; "
         "print(k.pack_installed_wheel(pathlib.Path(sys.argv[1])))", str(tmp_path)],
        capture_output=True, text=True, check=False, env=env, cwd=tmp_path,
    )  # fmt: skip
    assert packed.returncode == 0, packed.stderr
    wheel = Path(packed.stdout.strip())
    names = zipfile.ZipFile(wheel).namelist()
    assert "ita_xl/frameworks/fy2570.json" in names and "ita_xl/workbook/vba/xlwings.bas" in names
    again = tmp_path / "again"
    done = subprocess.run([sys.executable, "-m", "pip", "install", "-q", "--no-deps", "--target",
                           str(again), str(wheel)], capture_output=True, text=True, check=False)  # fmt: skip
    assert done.returncode == 0, done.stderr
    listed = subprocess.run([sys.executable, "-m", "ita_xl.cli", "frameworks"], capture_output=True,
                            text=True, check=False, cwd=tmp_path,
                            env={**os.environ, "PYTHONPATH": str(again)})  # fmt: skip
    assert "ita-2570" in listed.stdout, listed.stderr
