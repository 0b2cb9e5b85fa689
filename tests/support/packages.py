"""Workbooks as other software writes them: a package rewritten part by part."""

from __future__ import annotations

import re
import zipfile
from collections.abc import Callable
from pathlib import Path

Edit = Callable[[str, bytes], tuple[str, bytes]]


def rewrite(source: Path, target: Path, edit: Edit) -> Path:
    """Copy a package, each part through ``edit(name, data) -> (name, data)``."""
    with zipfile.ZipFile(source) as src, zipfile.ZipFile(target, "w", zipfile.ZIP_DEFLATED) as out:
        for info in src.infolist():
            name, data = edit(info.filename, src.read(info.filename))
            out.writestr(name, data)
    return target


def sheet_part(path: Path, sheet: str) -> str:
    """The part name of a sheet, from the workbook and its relationships."""
    with zipfile.ZipFile(path) as archive:
        book = archive.read("xl/workbook.xml").decode()
        rels = archive.read("xl/_rels/workbook.xml.rels").decode()
    rel_id = re.search(rf'<sheet [^>]*name="{re.escape(sheet)}"[^>]*r:id="(\w+)"', book)
    assert rel_id, sheet
    target = re.search(rf'Id="{rel_id.group(1)}"[^>]*Target="([^"]+)"', rels) or re.search(
        rf'Target="([^"]+)"[^>]*Id="{rel_id.group(1)}"', rels
    )
    assert target
    return "xl/" + target.group(1).lstrip("/").removeprefix("xl/")


def prefixed(data: bytes, prefix: bytes = b"x") -> bytes:
    """SpreadsheetML with a namespace prefix on every element, as some .NET writers save it."""
    data = data.replace(
        b"<worksheet xmlns=", b"<" + prefix + b":worksheet xmlns:" + prefix + b"=", 1
    )
    data = re.sub(rb"<(/?)(?![\w]+:|\?|!)(\w)", rb"<\1" + prefix + rb":\2", data)
    return data


def single_quoted(data: bytes) -> bytes:
    """Attributes in single quotes (valid XML; a few writers do it)."""
    return re.sub(rb'(\s[\w:]+)="([^"]*)"', rb"\1='\2'", data)


def unaddressed(data: bytes, every: int = 2) -> bytes:
    """Every ``every``-th cell without its ``r`` address, and rows without theirs: readers place
    them after the previous one."""
    count = 0

    def drop(match: re.Match[bytes]) -> bytes:
        nonlocal count
        count += 1
        return match.group(1) if count % every == 0 else match.group(0)

    data = re.sub(rb'(<c)\s+r="[A-Z]+[0-9]+"', drop, data)
    return re.sub(rb'(<row)\s+r="[0-9]+"', lambda m: m.group(1), data)
