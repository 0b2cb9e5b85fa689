"""A summary's cell as ita-xl wrote it and as a program that saved the file again shows it
(``prints``): the same value reads the same, a value typed over does not, and a sheet's rows
print the same in any order."""

from __future__ import annotations

from datetime import date, datetime

import pytest

from ita_xl.consolidation.prints import cell_text, cells_print, row_print, rows_print, same_cell

# (what ita-xl wrote, what a reader gives back after Excel or LibreOffice saved the file)
SAME = [
    ("มาตรการป้องกันการรับสินบน", "มาตรการป้องกันการรับสินบน"),
    ("บรรทัดแรก\nบรรทัดที่สอง", "บรรทัดแรก\r\nบรรทัดที่สอง"),  # a line break as Windows keeps it
    ("ผลผลิต  ๑๒๐ คน ", "ผลผลิต ๑๒๐ คน"),  # spaces Calc trimmed
    ("ข้อความ\x0bจาก PDF", "ข้อความจาก PDF"),  # a character XML forbids, dropped when written
    ("ข้อความ\x0bจาก PDF", "ข้อความ_x000B_จาก PDF"),  # or kept as Excel's escape
    (2566, 2566.0),  # every number is a float to python-calamine
    (66.66666666666667, 66.6666666666667),  # fifteen digits, as some writers keep a decimal
    (date(2023, 9, 30), datetime(2023, 9, 30)),
    (date(2023, 9, 30), 45199.0),  # a date whose format was cleared: its serial day
    (None, ""),
    ("", None),
]
TYPED_OVER = [
    ("มาตรการป้องกันการรับสินบน", "มาตรการป้องกันการรับสินบน (แก้ไข)"),
    (2566, 2567.0),
    (0.75, 0.8),
    (date(2023, 9, 30), datetime(2023, 10, 1)),
    (None, "ค่าที่พิมพ์เพิ่ม"),
    ("ดำเนินการแล้วเสร็จ", ""),
]


@pytest.mark.parametrize(("written", "read"), SAME)
def test_a_cell_saved_again_reads_as_written(written: object, read: object) -> None:
    assert same_cell(written, read)
    assert cell_text(written) == cell_text(read)


@pytest.mark.parametrize(("written", "read"), TYPED_OVER)
def test_a_cell_typed_over_does_not(written: object, read: object) -> None:
    assert not same_cell(written, read)


ROWS = [
    ("koh_ro.xlsx", "มาตรการ", 4, "องค์การบริหารส่วนตำบลเกาะเกร็ด", 2566, date(2023, 9, 30)),
    ("koh_ro.xlsx", "มาตรการ", 5, "องค์การบริหารส่วนตำบลเกาะเกร็ด", 2566, None),
    ("nonsaard.xlsx", "มาตรการ", 4, "เทศบาลตำบลโนนสะอาด", 2566, date(2023, 3, 31)),
]


def test_rows_print_the_same_in_any_order_and_in_parts() -> None:
    read_back = [(f, s, float(r), o, float(y), d and datetime(d.year, d.month, d.day))
                 for f, s, r, o, y, d in reversed(ROWS)]  # fmt: skip
    assert rows_print(read_back) == rows_print(ROWS)
    # each return's rows printed in its worker add up to the sheet's
    assert (rows_print(ROWS[:2]) + rows_print(ROWS[2:])) % 2**64 == rows_print(ROWS)


def test_a_value_moved_to_another_row_or_cell_changes_the_print() -> None:
    # two organisations' names swapped: every value is still there, in the wrong rows
    swapped = [(*ROWS[0][:3], ROWS[2][3], *ROWS[0][4:]), ROWS[1],
               (*ROWS[2][:3], ROWS[0][3], *ROWS[2][4:])]  # fmt: skip
    assert rows_print(swapped) != rows_print(ROWS)
    shifted = [(*ROWS[0][:5], None), (*ROWS[1][:5], ROWS[0][5]), ROWS[2]]
    assert rows_print(shifted) != rows_print(ROWS)
    assert row_print(("ก", "ข")) != row_print(("กข", None))  # cells stay apart


OVERVIEW = {  # (row, column) from 0 → value, as the overview writes its figures
    (2, 0): "ภาพรวม", (2, 1): "จำนวน",
    (3, 0): "หน่วยงาน/ส่วนงานที่ต้องส่ง", (3, 1): 7,
    (4, 0): "แบบรายงานที่ได้รับ", (4, 1): 5,
}  # fmt: skip


def test_a_sheet_of_cells_prints_by_place() -> None:
    # as python-calamine reads it back after Calc saved it: numbers as decimals, in row order
    read_back = {place: float(v) if isinstance(v, int) else v
                 for place, v in sorted(OVERVIEW.items(), reverse=True)}  # fmt: skip
    assert cells_print(read_back) == cells_print(OVERVIEW)
    assert cells_print({**OVERVIEW, (0, 5): ""}) == cells_print(OVERVIEW)  # an empty cell
    # the same figures beside the other labels: every value is there, in the wrong places
    swapped = {**OVERVIEW, (3, 1): 5, (4, 1): 7}
    assert cells_print(swapped) != cells_print(OVERVIEW)
    assert cells_print({**OVERVIEW, (4, 2): "ข้อมูล ณ ๔ ธ.ค."}) != cells_print(OVERVIEW)
