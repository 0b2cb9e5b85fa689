"""Fixtures written as readable tables: ``key | value`` forms and ``|``-separated rows.

A blank cell is empty; ``·`` keeps a cell visibly empty in a wide table. Values stay text, as an
officer types them, unless a test passes real dates or numbers.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from ita_xl.frameworks import load_framework
from ita_xl.workbook.template import Filling, write_return_workbook


def rows(table: str) -> list[dict[str, Any]]:
    """``code | measure`` header line, then one line per row."""
    lines = [line for line in table.strip().splitlines() if line.strip()]
    header = [h.strip() for h in lines[0].split("|")]
    out = []
    for line in lines[1:]:
        cells = [c.strip() for c in line.split("|")]
        out.append({k: v.replace("\\n", "\n") for k, v in zip(header, cells, strict=True)
                    if v not in ("", "·")})  # fmt: skip
    return out


def form(table: str) -> dict[str, Any]:
    """``key | value`` lines."""
    out: dict[str, Any] = {}
    for line in table.strip().splitlines():
        key, _, value = line.partition("|")
        if value.strip() not in ("", "·"):
            out[key.strip()] = value.strip()
    return out


CLEAN_INFO = form("""
org_name    | องค์การบริหารส่วนตำบลบ้านสวน
org_type    | องค์การบริหารส่วนตำบล
division    | ·
district    | เมืองชลบุรี
province    | ชลบุรี
fiscal_year | ๒๕๖๖
round       | ๑๒ เดือน
preparer    | นางสาวสมใจ ใจดี
position    | นักวิเคราะห์นโยบายและแผน
phone       | 038 123 456
email       | saraban@bansuan.go.th
prepared_on | ๒๙ ก.ย. ๒๕๖๖
""")

# Indicator 9 has points to develop and 10 scored below the pass mark: both have a measure.
CLEAN_INDICATORS = {
    9: {"last_score": 90, "weaknesses": "ข้อมูลบนเว็บไซต์ไม่เป็นปัจจุบัน",
        "to_develop": "ปรับปรุงข้อมูลบนเว็บไซต์ให้ครบถ้วน", "responsible": "สำนักปลัด",
        "result": "ปรับปรุงแล้ว"},
    10: {"last_score": 80, "weaknesses": "ยังไม่มีการประเมินความเสี่ยง",
         "to_develop": "จัดทำแผนประเมินความเสี่ยงการทุจริต", "responsible": "สำนักปลัด",
         "result": "จัดทำแผนแล้ว"},
}  # fmt: skip

CLEAN_MEASURES = rows("""
code | measure                             | indicator             | approach                        | steps                               | responsible | schedule        | start        | end
M01  | มาตรการเผยแพร่ข้อมูลต่อสาธารณะ      | ๙ การเปิดเผยข้อมูล    | เผยแพร่ข้อมูลครบตามเกณฑ์ OIT    | ๑. ทบทวนข้อมูล\\n๒. ปรับปรุงเว็บไซต์ | สำนักปลัด   | ๖ และ ๑๒ เดือน  | ๑ ต.ค. ๒๕๖๕ | ๓๐ ก.ย. ๒๕๖๖
M02  | มาตรการประเมินความเสี่ยงการทุจริต  | 10                    | ประเมินความเสี่ยงทุกกระบวนงาน  | จัดประชุมคณะทำงานประเมินความเสี่ยง  | สำนักปลัด   | ๑๒ เดือน        | 1/10/2565    | 30/9/2566
""")

CLEAN_FOLLOWUPS = rows("""
code | round    | details                         | period                 | output                    | outcome                          | status               | evidence_url                              | note
M01  | ๖ เดือน  | ทบทวนข้อมูลบนเว็บไซต์           | ต.ค. ๖๕ - มี.ค. ๖๖     | ข้อมูลครบ ๓๓ รายการ       | ประชาชนเข้าถึงข้อมูลได้           | อยู่ระหว่างดำเนินการ | ·                                         | ·
M01  | ๑๒ เดือน | ปรับปรุงเว็บไซต์ครบทุกหัวข้อ    | ต.ค. ๖๕ - ก.ย. ๖๖      | เว็บไซต์ปรับปรุงแล้ว      | ประชาชนเข้าถึงข้อมูลได้ครบถ้วน    | ดำเนินการแล้วเสร็จ   | https://www.bansuan.go.th/ita/o43         | ·
M02  | ๑๒ เดือน | ประเมินความเสี่ยง ๑๒ กระบวนงาน  | เดือนมีนาคม ๒๕๖๖       | รายงานการประเมินความเสี่ยง | มีแผนบริหารความเสี่ยง             | ดำเนินการแล้วเสร็จ   | https://www.bansuan.go.th/ita/risk-2566   | ·
""")


def clean_filling() -> Filling:
    return Filling(
        info=dict(CLEAN_INFO),
        indicators={k: dict(v) for k, v in CLEAN_INDICATORS.items()},
        measures=[dict(m) for m in CLEAN_MEASURES],
        followups=[dict(f) for f in CLEAN_FOLLOWUPS],
    )


def write_return(path: Path, filling: Filling | None = None) -> Path:
    """A return made from the FY2566 template, filled as an officer would."""
    return write_return_workbook(path, load_framework("2566"), filling or clean_filling())
