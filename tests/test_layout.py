"""How many lines a cell's text takes (``layout.lines_needed``): Thai prose flows on, a file's path
or an e-mail moves whole to the next line, and the widths of Latin letters are TH Sarabun New's
own. Calc's own fitting of a summary's rows is in ``tests/test_season.py``."""

from __future__ import annotations

import math
import random
import shutil
import subprocess
from pathlib import Path

import openpyxl
import pytest
import xlsxwriter

from ita_xl import layout, spec, thai
from ita_xl.layout import _ASCII_ADVANCES, _ZERO_ADVANCE, lines_needed

from .support.clients import calc, require

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


_PLACES = ("nongbuathong", "klongmai", "koh_ro", "nonsaard", "bangphra", "samnak_palad", "kong_klang",
           "kong_chang", "ita", "O43", "report", "final", "v2", "checked", "returns", "2566", "2567",
           "2568", "12m", "6m", "Received_Dec", "MOI")  # fmt: skip


def _officers_name(pick: random.Random) -> str:
    """A file's path, a link or an e-mail as officers write them."""
    words = [pick.choice(_PLACES) for _ in range(pick.randint(2, 7))]
    kind = pick.randrange(3)
    if kind == 0:
        folders = "/".join(pick.sample(_PLACES, pick.randint(0, 2)))
        name = pick.choice("_-").join(words) + pick.choice((".xlsx", ".xlsm", ".pdf"))
        return f"{folders}/{name}" if folders else name
    if kind == 1:
        return f"https://www.{words[0]}.go.th/" + "/".join(words[1:]) + pick.choice(("", ".pdf"))
    return f"{'.'.join(words[:2])}@{words[-1]}.go.th"


@pytest.mark.real_client
def test_calc_needs_no_more_lines_than_ita_xl_gives_officers_names(tmp_path: Path) -> None:
    """Paths, links and e-mails as officers write them, in columns from narrow to wide, in a
    workbook set up as ita-xl's are (TH Sarabun New 16 pt): Calc's Optimal Height of each row is
    never above the height ita-xl gives it."""
    pick = random.Random(2570)
    widths = (8, 12, 20, 26, 30, 45)
    source, fitted = tmp_path / "names.xlsx", tmp_path / "fitted.xlsx"
    book = xlsxwriter.Workbook(source)
    book.formats[0].set_font_name(spec.FONT_NAME)
    book.formats[0].set_font_size(16)
    wrapped = book.add_format({"font_name": spec.FONT_NAME, "font_size": 16, "text_wrap": True,
                               "valign": "top"})  # fmt: skip
    names: dict[str, list[str]] = {}
    for width in widths:
        sheet = book.add_worksheet(f"w{width}")
        sheet.set_column(0, 0, width)
        names[sheet.name] = [_officers_name(pick) for _ in range(60)]
        for row, name in enumerate(names[sheet.name]):
            sheet.set_row(row, layout.height_for_lines(lines_needed(name, width)))
            sheet.write_string(row, 0, name, wrapped)
    book.close()
    calc([{"source": str(source), "target": str(fitted),
           "steps": [["fit_rows", name, "A1:A60"] for name in names]}], tmp_path)  # fmt: skip
    ours, calcs = openpyxl.load_workbook(source), openpyxl.load_workbook(fitted)
    for name, texts in names.items():
        heights = [(ours[name].row_dimensions[row].height, calcs[name].row_dimensions[row].height)
                   for row in range(1, len(texts) + 1)]  # fmt: skip
        short = [(text, mine, calcs_) for text, (mine, calcs_) in zip(texts, heights, strict=True)
                 if mine < calcs_]  # fmt: skip
        assert not short, f"{name}: (text, ours, Calc's) {short}"
