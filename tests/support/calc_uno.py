"""Fill returns the way officers do, in LibreOffice Calc driven over UNO (TESTING.md).

Run by Debian's python3 (which has ``uno``), not the project's: ``/usr/bin/python3 calc_uno.py
RECIPES.json``. Each recipe opens a file in Calc, applies its steps as an officer would (typing,
inserting rows and columns so formulas and merges move as Calc moves them, merging, adding
sheets), and saves with Calc's own export filter. Every recipe in one office process.

Steps (JSON lists):
  ["text", SHEET, "B5", "ข้อความ"]       type text (Alt+Enter line breaks as "\\n")
  ["number", SHEET, "D4", 90]             type a number
  ["date", SHEET, "D5", "2023-03-15"]     type a real date (a date cell, not text)
  ["percent", SHEET, "E5", "80%"]         type a percentage as Calc's input line stores it: the
                                          number 0.8 in a cell formatted as a percentage
  ["note", SHEET, "I4", "ข้อความ"]         a note (comment) on a cell
  ["clear", SHEET, "A5:I7"]               delete contents
  ["insert_rows", SHEET, 5, 2]            insert 2 rows before row 5 (1-based)
  ["insert_columns", SHEET, "E", 1]       insert 1 column before column E
  ["merge", SHEET, "B5:B7"]               merge cells (a Word table pasted keeps its merges)
  ["add_sheet", NAME]                     a new sheet at the end
  ["replace_sheet", SHEET, "OTHER.xlsx"]  the sheet deleted and the same-named sheet of another
                                          file copied in its place (Move or Copy Sheet)
  ["unprotect", SHEET]                    officers unprotect to insert columns
  ["fit_rows", SHEET, "A1:L40"]           the rows made as tall as Calc finds their text needs
                                          (Format > Rows > Optimal Height)
  ["recalculate"]                         recalculate every formula (the file's own results
                                          otherwise stay as they were written)

A recipe with ``"password"`` saves the file encrypted with it (Save with password).

A recipe with ``"basic": "OUT.json"`` and no target writes instead the Basic libraries
LibreOffice loaded from the file's VBA project: {library: {module: source}}. LibreOffice drops
a library whose code does not compile, so a loaded library is a compile check.
"""

from __future__ import annotations

import contextlib
import datetime
import json
import os
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import uno  # type: ignore[import-not-found]
from com.sun.star.beans import PropertyValue  # type: ignore[import-not-found]
from com.sun.star.connection import NoConnectException  # type: ignore[import-not-found]

FILTERS = {
    "xlsx": "Calc MS Excel 2007 XML",
    "xls": "MS Excel 97",
    "ods": "calc8",
}


def _prop(name: str, value: object) -> PropertyValue:
    prop = PropertyValue()
    prop.Name, prop.Value = name, value
    return prop


def _column_index(letters: str) -> int:
    number = 0
    for letter in letters.upper():
        number = number * 26 + ord(letter) - 64
    return number - 1


def _connect(profile: Path) -> tuple[subprocess.Popen[bytes], object]:
    pipe = f"ita_xl_{os.getpid()}"
    office = subprocess.Popen(
        ["soffice", f"-env:UserInstallation={profile.as_uri()}", "--headless", "--invisible",
         "--norestore", "--nologo", "--nodefault", f"--accept=pipe,name={pipe};urp;"],
        stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
    )  # fmt: skip
    local = uno.getComponentContext()
    resolver = local.ServiceManager.createInstanceWithContext(
        "com.sun.star.bridge.UnoUrlResolver", local
    )
    deadline = time.monotonic() + 90
    while True:
        try:
            context = resolver.resolve(f"uno:pipe,name={pipe};urp;StarOffice.ComponentContext")
            break
        except NoConnectException:
            if time.monotonic() > deadline or office.poll() is not None:
                raise
            time.sleep(0.3)
    desktop = context.ServiceManager.createInstanceWithContext("com.sun.star.frame.Desktop",
                                                               context)  # fmt: skip
    return office, desktop


def _apply(document: object, step: list[object]) -> None:
    action = step[0]
    sheets = document.Sheets  # type: ignore[attr-defined]
    if action == "add_sheet":
        sheets.insertNewByName(str(step[1]), sheets.getCount())
        return
    if action == "recalculate":
        document.calculateAll()  # type: ignore[attr-defined]
        return
    if action == "replace_sheet":  # Move or Copy Sheet from another file, over the sheet
        name = str(step[1])
        position = list(sheets.getElementNames()).index(name)
        other = _DESKTOP[0].loadComponentFromURL(  # type: ignore[attr-defined]
            uno.systemPathToFileUrl(str(Path(str(step[2])).resolve())), "_blank", 0,
            (_prop("Hidden", True),))  # fmt: skip
        try:
            sheets.removeByName(name)
            sheets.importSheet(other, name, position)
        finally:
            other.close(True)  # type: ignore[attr-defined]
        return
    sheet = sheets.getByName(str(step[1]))
    if action == "text":
        sheet.getCellRangeByName(str(step[2])).setString(str(step[3]))
    elif action == "number":
        sheet.getCellRangeByName(str(step[2])).setValue(float(step[3]))  # type: ignore[arg-type]
    elif action == "percent":
        cell = sheet.getCellRangeByName(str(step[2]))
        cell.setValue(float(str(step[3]).rstrip("%")) / 100)
        formats = document.NumberFormats  # type: ignore[attr-defined]
        locale = uno.createUnoStruct("com.sun.star.lang.Locale")
        decimals = len(str(step[3]).rstrip("%").partition(".")[2])
        code = "0" + ("." + "0" * decimals if decimals else "") + "%"
        key = formats.queryKey(code, locale, False)
        cell.NumberFormat = key if key != -1 else formats.addNew(code, locale)
    elif action == "date":
        day = datetime.date.fromisoformat(str(step[3]))
        cell = sheet.getCellRangeByName(str(step[2]))
        cell.setValue((day - datetime.date(1899, 12, 30)).days)
        formats = document.NumberFormats  # type: ignore[attr-defined]
        locale = uno.createUnoStruct("com.sun.star.lang.Locale")
        cell.NumberFormat = formats.getStandardFormat(2, locale)  # css.util.NumberFormat.DATE
    elif action == "note":
        cell = sheet.getCellRangeByName(str(step[2]))
        sheet.getAnnotations().insertNew(cell.getCellAddress(), str(step[3]))
    elif action == "clear":
        sheet.getCellRangeByName(str(step[2])).clearContents(1 | 2 | 4 | 16)
    elif action == "insert_rows":
        sheet.Rows.insertByIndex(int(step[2]) - 1, int(step[3]))  # type: ignore[call-overload]
    elif action == "insert_columns":
        sheet.Columns.insertByIndex(_column_index(str(step[2])), int(step[3]))  # type: ignore[call-overload]
    elif action == "merge":
        sheet.getCellRangeByName(str(step[2])).merge(True)
    elif action == "unprotect":
        sheet.unprotect("")
    elif action == "fit_rows":  # each row as tall as Calc finds its text needs (optimal height)
        sheet.getCellRangeByName(str(step[2])).getRows().OptimalHeight = True
    else:
        raise ValueError(f"unknown step {step!r}")


def _write_basic(document: object, out: Path) -> None:
    libraries = document.BasicLibraries  # type: ignore[attr-defined]
    found: dict[str, dict[str, str]] = {}
    for name in libraries.getElementNames():
        libraries.loadLibrary(name)
        library = libraries.getByName(name)
        found[name] = {module: library.getByName(module) for module in library.getElementNames()}
    out.write_text(json.dumps(found, ensure_ascii=False), encoding="utf-8")


_DESKTOP: list[object] = []
"""The office's desktop, for steps that open another file."""


def run(recipes: list[dict[str, object]]) -> None:
    with tempfile.TemporaryDirectory() as work:
        office, desktop = _connect(Path(work) / "profile")
        _DESKTOP.append(desktop)
        try:
            for recipe in recipes:
                source = uno.systemPathToFileUrl(str(Path(str(recipe["source"])).resolve()))
                document = desktop.loadComponentFromURL(  # type: ignore[attr-defined]
                    source, "_blank", 0, (_prop("Hidden", True),)
                )
                try:
                    if "basic" in recipe:
                        _write_basic(document, Path(str(recipe["basic"])))
                        continue
                    for step in recipe.get("steps", []):  # type: ignore[attr-defined]
                        _apply(document, step)
                    target = Path(str(recipe["target"])).resolve()
                    kind = str(recipe.get("format", target.suffix.lstrip(".")))
                    options = [_prop("FilterName", FILTERS[kind])]
                    if recipe.get("password"):  # File > Save As > Save with password
                        options.append(_prop("Password", str(recipe["password"])))
                    document.storeToURL(uno.systemPathToFileUrl(str(target)),  # type: ignore[attr-defined]
                                        tuple(options))  # fmt: skip
                finally:
                    document.close(True)  # type: ignore[attr-defined]
        finally:
            with contextlib.suppress(Exception):  # the office may already be gone
                desktop.terminate()  # type: ignore[attr-defined]
            try:
                office.wait(timeout=30)
            except subprocess.TimeoutExpired:
                office.kill()


if __name__ == "__main__":
    run(json.loads(Path(sys.argv[1]).read_text(encoding="utf-8")))
