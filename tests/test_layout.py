"""How many lines a cell's text takes (``layout.lines_needed``): Thai prose flows on, a file's path
or an e-mail moves whole to the next line, and the widths of Latin letters are TH Sarabun New's
own. Calc's own fitting of a summary's rows is in ``tests/test_season.py``."""

from __future__ import annotations

import math
import shutil
import subprocess
from pathlib import Path

import pytest

from ita_xl import thai
from ita_xl.layout import _ASCII_ADVANCES, _ZERO_ADVANCE, lines_needed

from .support.clients import require

# text, column width, lines Calc gives it (its optimal height, in a summary's history)
WRAPPED = [
    ("returns/koh_ro_2566_12m.xlsx", 30, 1),
    # "returns/" alone on the first line: the name does not fit beside it
    ("returns/nonsaard_2566_6m_mistakes.xlsx", 30, 2),
    # the name is (all but) as wide as the column: cut before its last letters
    ("returns/klongmai_2566_12m_libreoffice.xlsx", 30, 3),
    ("returns/nongbuathong_palad_2566_12m.xlsx", 30, 3),
    ("returns/nongbuathong_palad_2566_12m.xlsx (a723ea56368d)", 30, 3),
    ("https://www.klongmai.go.th/ita/o12/report-2566.pdf", 30, 2),
    ("องค์การบริหารส่วนตำบลคลองใหม่", 28, 1),
    ("", 10, 1),
]


@pytest.mark.parametrize(("text", "width", "lines"), WRAPPED)
def test_paths_move_whole_to_the_next_line(text: str, width: int, lines: int) -> None:
    assert lines_needed(text, width) == lines


def test_latin_letters_take_their_own_width() -> None:
    """Twelve m are wider than twelve columns; twelve i are far narrower."""
    assert lines_needed("m" * 12, 12) == 2
    assert lines_needed("i" * 25, 12) == 1


def test_thai_prose_is_measured_as_before() -> None:
    """Thai text breaks between its (short) words: its lines are its width over the column's,
    marks above and below taking none."""
    prose = ("ดำเนินการตามแผนปฏิบัติการป้องกันการทุจริต ประจำปีงบประมาณ พ.ศ. ๒๕๖๖ "
             "โดยจัดอบรมให้ความรู้แก่บุคลากรทุกส่วนราชการ")  # fmt: skip
    for width in (12, 20, 40, 56):
        assert lines_needed(prose, width) == math.ceil(thai.display_width(prose) / width)
    assert lines_needed("บรรทัดแรก\nบรรทัดที่สอง", 40) == 2


def _th_sarabun_new() -> Path | None:
    if shutil.which("fc-match") is None:
        return None
    found = subprocess.run(["fc-match", "-f", "%{family}\n%{file}", "TH Sarabun New:style=Regular"],
                           capture_output=True, text=True, check=False).stdout.splitlines()  # fmt: skip
    return Path(found[1]) if len(found) == 2 and found[0] == "TH Sarabun New" else None


@pytest.mark.real_client
def test_the_widths_of_latin_characters_are_th_sarabun_news_own() -> None:
    font = _th_sarabun_new()
    require(font is not None, "the font TH Sarabun New")
    from fontTools.ttLib import TTFont

    assert font is not None
    with TTFont(font) as face:
        glyphs, metrics = face.getBestCmap(), face["hmtx"]
        advances = tuple(metrics[glyphs[code]][0] for code in range(32, 127))
        assert advances == _ASCII_ADVANCES
        assert metrics[glyphs[ord("0")]][0] == _ZERO_ADVANCE
