"""The VBA project of the macro-enabled return: built from the ASCII sources in this folder.

- ``xlwings.bas`` and ``Dictionary.cls``: xlwings' standalone VBA (BSD-3; VBA-Dictionary, MIT),
  copied unchanged from xlwings 0.37.8 so no add-in is needed. Its version line must match the
  installed xlwings, which the ``excel`` extra pins.
- ``ITAValidate.bas``: the button's macro, one ``RunPython`` line.

pyOpenVBA (MIT, pure Python) writes the project into a blank macro workbook; its
``xl/vbaProject.bin`` is what XlsxWriter embeds. The same sources give the same bytes.
"""

from __future__ import annotations

import functools
import tempfile
import zipfile
from importlib import resources
from pathlib import Path

MACRO_NAME = "ValidateButton"
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
    """A module's source with the CRLF line ends the VBA editor uses."""
    text = resources.files(__name__).joinpath(name).read_text(encoding="ascii")
    return text.replace("\r\n", "\n").replace("\n", "\r\n")


@functools.lru_cache(maxsize=1)
def vba_project_bin() -> bytes:
    """``vbaProject.bin`` with the three modules (and the blank workbook's ThisWorkbook/Sheet1)."""
    from pyopenvba import ExcelFile, VBAModuleKind

    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "project.xlsm"
        with ExcelFile.create_new(str(path)) as book:
            project = book.vba_project()
            if "Module1" in book.module_names():
                project.delete_module("Module1")  # the blank workbook's empty module
            for name, kind in SOURCES:
                module = name.rsplit(".", 1)[0]
                project.add_module(module, source(name), kind=(
                    VBAModuleKind.other if kind == "class" else VBAModuleKind.standard
                ))  # fmt: skip
            book.save()
        with zipfile.ZipFile(path) as package:
            return package.read("xl/vbaProject.bin")
