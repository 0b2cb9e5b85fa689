"""What a roll-up reads from the paths it is given."""

from __future__ import annotations

from pathlib import Path

from ita_xl.reading.collect import collect

TREE = """
จังหวัดยะลา/อบต.ตาชี.xlsx
จังหวัดยะลา/อบต.ตาชี (ฉบับแก้ไข).xlsm
จังหวัดยะลา/~$อบต.ตาชี.xlsx
จังหวัดยะลา/บันทึกนำส่ง.pdf
จังหวัดยะลา/อำเภอเมือง/เทศบาลตำบลลำใหม่.XLSX
.ลับ/ไม่ควรอ่าน.xlsx
จังหวัดยะลา/.คัดลอก.xlsx
จังหวัดยะลา/._อบต.ตาชี.xlsx
จังหวัดยะลา/อำเภอเมือง/แบบรายงาน อบต.บาโงย.xltx
จังหวัดยะลา/อำเภอเมือง/ส่งรวม ๕ แห่ง.zip
จังหวัดยะลา/อำเภอเมือง/ผลการดำเนินการ.csv
"""


def _make(root: Path) -> None:
    for line in TREE.strip().splitlines():
        path = root / line
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_bytes(b"")


def test_folders_are_searched_and_each_file_counted_once(tmp_path: Path) -> None:
    _make(tmp_path)
    province = tmp_path / "จังหวัดยะลา"
    found = collect([province, province / "อบต.ตาชี.xlsx", tmp_path / "ไม่มี.xlsx"])
    assert [p.relative_to(tmp_path).as_posix() for p in found.files] == [
        "จังหวัดยะลา/อบต.ตาชี (ฉบับแก้ไข).xlsm",
        "จังหวัดยะลา/อบต.ตาชี.xlsx",
        "จังหวัดยะลา/อำเภอเมือง/เทศบาลตำบลลำใหม่.XLSX",
        "จังหวัดยะลา/อำเภอเมือง/แบบรายงาน อบต.บาโงย.xltx",
    ]
    assert (found.lock_files, found.hidden_files, found.other_files) == (1, 2, 3)
    assert [p.name for p in found.unopened] == ["ผลการดำเนินการ.csv", "ส่งรวม ๕ แห่ง.zip"]
    assert found.missing == [tmp_path / "ไม่มี.xlsx"]


def test_hidden_files_and_folders_are_left_out(tmp_path: Path) -> None:
    _make(tmp_path)
    found = collect([tmp_path])
    assert not any(".ลับ" in str(p) or ".คัดลอก" in str(p) for p in found.files)
    assert len(found.files) == 4
