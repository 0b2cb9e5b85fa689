"""The detail rows the roll-up renders itself: what Excel reads back from them."""

from __future__ import annotations

import re
from datetime import date, datetime

from ita_xl.ooxml import sheetxml

WIDTHS = [10.0, 20.0]


def _cells(xml: bytes) -> list[bytes]:
    return re.findall(rb"<c [^>]*?(?:/>|>.*?</c>)", xml, re.DOTALL)


def test_every_value_becomes_one_cell_even_past_the_measured_columns() -> None:
    row = ("สำนักปลัด", None, "", 7, 2.5, date(2023, 9, 30), datetime(2023, 9, 30), True,
           "บรรทัดแรก\nบรรทัดสอง", datetime(2023, 9, 30, 8, 30, 15))  # fmt: skip
    xml = sheetxml.render_rows([row], WIDTHS)
    cells = _cells(xml)
    assert len(cells) == len(row)
    assert b"<v>7</v>" in cells[3] and b"<v>2.5</v>" in cells[4]
    assert cells[5] == cells[6] == b'<c s="\x03"><v>45199</v></c>'  # 30 Sep 2023 (midnight)
    assert b"TRUE" in cells[7]
    assert b'xml:space="preserve">' in cells[8]  # a line break is kept
    # a moment with its time of day (a version received): the date format with the time's
    serial = float(re.fullmatch(rb'<c s="\x05"><v>(.*)</v></c>', cells[9]).group(1))  # type: ignore[union-attr]
    assert round((serial - 45199) * 86_400) == 8 * 3600 + 30 * 60 + 15
    # only the measured columns set the height: one line
    assert xml.startswith(b'<row ht="30" customHeight="1">')


def test_a_long_text_makes_its_row_taller_up_to_twelve_lines() -> None:
    three_lines = "ก" * 25  # 25 characters in a 10-character column
    assert sheetxml.render_rows([(three_lines,)], WIDTHS).startswith(b'<row ht="78"')
    assert sheetxml.render_rows([("ก" * 1000,)], WIDTHS).startswith(b'<row ht="294"')


def test_texts_kept_across_calls_give_the_same_rows() -> None:
    """The summary keeps each text it rendered for the register, the history and the findings
    alike: a row is as tall as when its texts are measured afresh (Thai marks take no width, so
    15 characters, 7 of them marks, fit a 10-wide column on one line), and a text met in a
    column of another width is measured for that width."""
    rows = [
        ("ที่นี่มีน้ำใจดี",),
        ("ก" * 25, "ก" * 45),  # three lines, in the second column
        ("ดำเนินการแล้วเสร็จตามแผนที่วางไว้ทุกประการ\nบรรทัดสอง",),
    ]
    seen = sheetxml.Seen()
    for _ in range(2):  # the second call finds every text kept
        assert sheetxml.render_rows(rows, WIDTHS, seen) == sheetxml.render_rows(rows, WIDTHS)
    assert sheetxml.render_rows(rows[:1], WIDTHS, seen).startswith(b'<row ht="30"')
    assert seen.measured and all(width <= len(text) for text, width in seen.measured.items()
                                 if isinstance(text, str))  # fmt: skip
    narrow = [("ก" * 25,)]  # three lines at 10 wide, five at 5
    assert sheetxml.render_rows(narrow, [5], seen) == sheetxml.render_rows(narrow, [5])
    assert sheetxml.render_rows(narrow, [5], seen).startswith(b'<row ht="126"')


def test_officer_text_stays_text() -> None:
    typed = '=HYPERLINK("http://x.example","คลิก") & <b> \x01'
    xml = sheetxml.render_rows([(typed, typed)], WIDTHS)
    assert b"<f>" not in xml and b"\x01" not in xml
    assert xml.count(b'=HYPERLINK("http://x.example"') == 2  # quotes need no escaping in text
    assert xml.count(b"&amp; &lt;b&gt;") == 2
    assert _cells(xml)[0] == _cells(xml)[1]


def test_text_like_excels_escapes_is_escaped_as_excel_does() -> None:
    """Every underscore that starts ``_xHHHH_`` is written ``_x005F_``, overlapping ones too,
    so that a reader decoding escapes gets back the text as typed."""
    xml = sheetxml.render_rows([("_x0041_", "_x005F_x0042_", "_x12_ ok")])
    texts = re.findall(rb"<t>(.*?)</t>", xml)
    assert texts == [b"_x005F_x0041_", b"_x005F_x005F_x005F_x0042_", b"_x12_ ok"]
