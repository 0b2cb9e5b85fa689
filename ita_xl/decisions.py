"""Decisions the roll-up and the report share, made in one place: which return of an
organisation is the newest, how names are compared, and the register's statuses (which
framework applies is ``frameworks.framework_for``). Pure functions of plain values.
"""

from __future__ import annotations

from datetime import date

from ita_xl import thai
from ita_xl.roster import org_key, unit_key

# register statuses (SPEC §5)
PASSED, WARNED, FAILED = "ผ่าน", "มีคำเตือน", "มีข้อผิดพลาด"
UNREADABLE, MISSING, SUPERSEDED = "อ่านไม่ได้", "ไม่ได้ส่ง", "ฉบับเก่า"
STATUSES = (PASSED, WARNED, FAILED, UNREADABLE, MISSING, SUPERSEDED)
STATUS_EN = {
    PASSED: "passed", WARNED: "passed with warnings", FAILED: "has errors",
    UNREADABLE: "unreadable", MISSING: "not received", SUPERSEDED: "superseded",
}  # fmt: skip
STATUS_COLOURS = {
    PASSED: "#C6EFCE", WARNED: "#FFEB9C", FAILED: "#FFC7CE", UNREADABLE: "#E7E6E6",
    MISSING: "#F8CBAD", SUPERSEDED: "#D9D9D9",
}  # fmt: skip
"""Fills of the register's status cells: the usual green/yellow/red of Excel's styles."""


def return_key(
    org_name: str, division: str, province: str, fiscal_year: int | None, round_: int | None
) -> tuple[str, str, str, int, int] | None:
    """What makes returns "the same return" (SPEC §5): organisation, division, year, round; the
    province tells apart organisations of the same name (there are many อบต.บ้านใหม่). ``None``
    when the organisation, year or round cannot be read: such a return never supersedes
    another, nor is it superseded."""
    if not (org_key(org_name) and fiscal_year and round_):
        return None
    return (org_key(org_name), unit_key(division), thai.clean_spaces(province), fiscal_year,
            round_)  # fmt: skip


def newest_first(
    prepared_on: date | None, copied_marks: int, modified_ns: int, path: str
) -> tuple[int, int, int, str]:
    """Sort key among returns of one key: the newest ``วันที่จัดทำรายงาน`` first; on the same
    date the one that names other organisations less (a copied neighbour's file is not the
    newest return), then the file saved last, then the path (a stable order)."""
    prepared = prepared_on.toordinal() if prepared_on else 0
    return (-prepared, copied_marks, -modified_ns, path)


__all__ = [
    "FAILED", "MISSING", "PASSED", "STATUSES", "STATUS_COLOURS", "STATUS_EN", "SUPERSEDED",
    "UNREADABLE", "WARNED", "newest_first", "org_key", "return_key",
    "unit_key",
]  # fmt: skip
