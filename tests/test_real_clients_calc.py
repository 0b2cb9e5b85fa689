"""LibreOffice converts every shipped workbook: to PDF with a Thai font, and to .xlsx that reads
to the same return (apart from ``test_real_clients.py`` so the two run side by side)."""

from __future__ import annotations

import subprocess
from pathlib import Path

import pytest

from ita_xl.reading.read import read_return

from .support.clients import libreoffice_convert

pytestmark = pytest.mark.real_client


def test_libreoffice_converts_to_pdf_with_a_thai_font(
    calc_files: list[Path], tmp_path: Path
) -> None:
    pdfs = libreoffice_convert(calc_files, "pdf", tmp_path)
    for pdf in pdfs:
        assert pdf.stat().st_size > 10_000, pdf
    fonts = subprocess.run(["pdffonts", str(pdfs[0])], capture_output=True, text=True, check=True)
    assert "yes" in fonts.stdout  # embedded


def test_a_libreoffice_saved_copy_reads_to_the_same_return(calc_files: list[Path],
                                                           tmp_path: Path) -> None:  # fmt: skip
    saved = libreoffice_convert(calc_files, "xlsx", tmp_path)
    for original, copy in zip(calc_files, saved, strict=True):
        a, b = read_return(original), read_return(copy)
        assert a.info.values.keys() == b.info.values.keys()
        for kind in ("info", "indicators", "measures", "followups"):
            left, right = getattr(a, kind), getattr(b, kind)
            records = [left] if kind == "info" else left
            others = [right] if kind == "info" else right
            assert [(r.row, {k: v.raw for k, v in r.values.items()}) for r in records] == [
                (r.row, {k: v.raw for k, v in r.values.items()}) for r in others
            ], (original.name, kind)
        assert b.meta == a.meta
