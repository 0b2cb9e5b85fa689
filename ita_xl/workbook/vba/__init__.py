"""The VBA project of the macro-enabled return: built from the ASCII sources in this folder.

- ``xlwings.bas`` and ``Dictionary.cls``: xlwings' standalone VBA (BSD-3; VBA-Dictionary, MIT),
  copied unchanged from xlwings 0.37.8 so no add-in is needed. Its version line must match the
  installed xlwings, which the ``excel`` extra pins.
- ``ITAValidate.bas``: the button's macro: ``RunPython`` when Python, xlwings and ita_xl are
  installed, else a Thai message (its text generated here as ``ChrW`` calls) and the sheet of
  live checks.

pyOpenVBA (MIT, pure Python) writes the project into a workbook with as many worksheets as the
template, so that, as Excel does, every sheet has its document module (Sheet1 … SheetN, as the
template's code names say); its ``xl/vbaProject.bin`` is what XlsxWriter embeds, with the
``_VBA_PROJECT`` version set to 0xFFFF as MS-OVBA 2.3.4.1 requires of a writer (Excel then
compiles the source instead of trusting a cache). The same sources give the same bytes.
"""

from __future__ import annotations

import functools
import tempfile
import zipfile
from importlib import resources
from pathlib import Path

MACRO_NAME = "ValidateButton"
MISSING_TITLE = "ตรวจสอบข้อมูล"
MISSING_MESSAGE = (
    "เครื่องนี้ยังไม่มี Python หรือโปรแกรม ita-xl สำหรับปุ่มตรวจสอบข้อมูล\n\n"
    "ระหว่างนี้ดูผลการตรวจเบื้องต้นได้ที่ชีต ตรวจสอบ (ตรวจทันทีที่พิมพ์ ไม่ต้องติดตั้งอะไร)\n\n"
    "ถ้าต้องการใช้ปุ่ม ให้ติดตั้งชุดติดตั้งที่ได้จากผู้รวบรวมรายงาน (ไฟล์ ติดตั้ง.bat) "
    "หรือส่งไฟล์นี้ให้ผู้รวบรวมรายงานตรวจด้วยคำสั่ง ita-xl validate"
)
LIVE_CHECKS_SHEET = "ตรวจสอบ"
_VERSION_ON_WRITE = b"\xff\xff"  # MS-OVBA 2.3.4.1: _VBA_PROJECT.Version is 0xFFFF on write
MACRO_MODULE = "ITAValidate"
RUN_PYTHON = 'RunPython "import ita_xl.excel; ita_xl.excel.validate_button()"'
BUTTON_CAPTION = "ตรวจสอบข้อมูล"
XLWINGS_VERSION = "0.37.8"

SOURCES = (
    ("xlwings.bas", "standard"),
    ("Dictionary.cls", "class"),
    ("ITAValidate.bas", "standard"),
)


def source(name: str) -> str:
    """A module's source with the CRLF line ends the VBA editor uses; the button's module gets
    its Thai texts appended as ASCII functions."""
    text = resources.files(__name__).joinpath(name).read_text(encoding="ascii")
    if name == f"{MACRO_MODULE}.bas":
        text += thai_functions()
    return text.replace("\r\n", "\n").replace("\n", "\r\n")


def _chrw(text: str) -> list[str]:
    """Thai as VBA expressions of ASCII only: ``ChrW(3605)``, ``vbLf`` for a line break."""
    return ["vbLf" if ch == "\n" else (f'"{ch}"' if ch.isascii() and ch != '"' else
            f"ChrW({ord(ch)})") for ch in text]  # fmt: skip


def _vba_function(name: str, text: str) -> str:
    """A VBA function returning ``text``, built a few characters a statement (VBA caps a line
    at 1,023 characters and a statement at 24 continuations)."""
    parts = _chrw(text)
    lines = [f"Private Function {name}() As String", "    Dim s As String"]
    for start in range(0, len(parts), 16):
        lines.append("    s = s & " + " & ".join(parts[start : start + 16]))
    lines += [f"    {name} = s", "End Function", ""]
    return "\n".join(lines)


def thai_functions() -> str:
    return "\n" + "\n".join((
        _vba_function("MissingTitle", MISSING_TITLE),
        _vba_function("MissingMessage", MISSING_MESSAGE),
        _vba_function("LiveChecksSheet", LIVE_CHECKS_SHEET),
    ))  # fmt: skip


@functools.lru_cache(maxsize=4)
def vba_project_bin(sheets: int = 8) -> bytes:
    """``vbaProject.bin``: ThisWorkbook and a document module for each of ``sheets`` worksheets
    (Sheet1 …), then the modules in SOURCES; version 0xFFFF."""
    import xlsxwriter
    from pyopenvba import ExcelFile, VBAModuleKind

    with tempfile.TemporaryDirectory() as folder:
        plain = Path(folder) / "sheets.xlsx"
        book = xlsxwriter.Workbook(str(plain))
        for number in range(1, sheets + 1):
            book.add_worksheet(f"S{number}")
        book.close()
        path = Path(folder) / "project.xlsm"
        path.write_bytes(plain.read_bytes())
        with ExcelFile(str(path)) as macro_book:
            project = macro_book.add_vba_project()  # ThisWorkbook, Sheet1 … as Excel names them
            for name, kind in SOURCES:
                module = name.rsplit(".", 1)[0]
                project.add_module(module, source(name), kind=(
                    VBAModuleKind.other if kind == "class" else VBAModuleKind.standard
                ))  # fmt: skip
            macro_book.save()
        with zipfile.ZipFile(path) as package:
            project_bin = package.read("xl/vbaProject.bin")
    return _version_on_write(project_bin)


def _version_on_write(project_bin: bytes) -> bytes:
    """The ``_VBA_PROJECT`` stream's version (bytes 2–3) as 0xFFFF, in place (olefile writes a
    stream of the same size back where it was)."""
    import olefile

    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "vbaProject.bin"
        path.write_bytes(project_bin)
        with olefile.OleFileIO(str(path), write_mode=True) as ole:
            stream = ole.openstream("VBA/_VBA_PROJECT").read()
            ole.write_stream("VBA/_VBA_PROJECT", stream[:2] + _VERSION_ON_WRITE + stream[4:])
        return path.read_bytes()


def module_names(project_bin: bytes) -> list[str]:
    """The modules of a ``vbaProject.bin``, as its dir stream lists them (for tests)."""
    from oletools.olevba import VBA_Parser

    parser = VBA_Parser("vbaProject.bin", data=project_bin)
    try:
        return [name for _, _, name, _ in parser.extract_macros()]
    finally:
        parser.close()
