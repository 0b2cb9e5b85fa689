"""Decisions the roll-up and the report share, made in one place: which returns are "the same
return", which of them wins (``newest_of_each``), how names are compared, and the register's
statuses (which framework applies is ``frameworks.framework_for``). Pure functions of plain
values.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from datetime import date
from typing import NamedTuple, TypeVar

from ita_xl import thai
from ita_xl.codes import Code
from ita_xl.consolidation.roster import org_key, unit_key

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

# the team's reviews (SPEC §9): a record, never a change to what is counted
PENDING, ACCEPTED, SENT_BACK, REJECTED = "รอพิจารณา", "รับแล้ว", "ส่งกลับแก้ไข", "ไม่รับ"
REVIEW_EN = {PENDING: "pending", ACCEPTED: "accepted", SENT_BACK: "returned",
             REJECTED: "rejected"}  # fmt: skip


def to_follow_up(status: str, review: str | None) -> str | None:
    """Why the team still has to act on a register row (a status or its own review), or
    ``None``: a return it sent back or refused until the corrected one comes (which makes this
    one ``ฉบับเก่า``, or the same file pending again), one with errors or unreadable that it has
    not accepted, and one not received. An old version replaced by a newer one is done with."""
    if status == SUPERSEDED:
        return None
    if review in (SENT_BACK, REJECTED):
        return review
    if review == ACCEPTED or status not in (FAILED, UNREADABLE, MISSING):
        return None
    return status


def return_key(
    org_name: str, division: str, province: str, fiscal_year: int | None, round_: int | None
) -> tuple[str, str, str, int, int] | None:
    """What makes returns "the same return" (SPEC §5): organisation, division, year, round; the
    province tells apart organisations of the same name (there are many อบต.บ้านใหม่). ``None``
    when the organisation, year or round cannot be read: such a return never supersedes
    another, nor is it superseded."""
    if not (org_key(org_name) and fiscal_year and round_):
        return None
    return (*who_key(org_name, division, province), fiscal_year, round_)


def who_key(org_name: str, division: str, province: str) -> tuple[str, str, str]:
    """Which organisation (and division) sent a return, whatever its year and round: the
    first part of ``return_key``, and what compares one year with the last."""
    return (org_key(org_name), unit_key(division), thai.clean_spaces(province))


def newest_first(
    prepared_on: date | None, copied_marks: int, modified_ns: int, path: str
) -> tuple[int, int, int, str]:
    """Sort key among returns of one key: the newest ``วันที่จัดทำรายงาน`` first; on the same
    date the one that names other organisations less (a copied neighbour's file is not the
    newest return), then the file saved last, then the path (a stable order)."""
    prepared = prepared_on.toordinal() if prepared_on else 0
    return (-prepared, copied_marks, -modified_ns, path)


COPIED_CODE = Code.R306
"""The finding that names another organisation: on a tie, the file that names others less is
the agency's own, the other a neighbour's copied file."""


def copied_marks(codes: Iterable[str]) -> int:
    """How many places of a return name another organisation (``ITA-R306``). (Counted in C:
    a roll-up asks for every return's, and its findings' codes are a tuple.)"""
    return (codes if isinstance(codes, tuple) else tuple(codes)).count(COPIED_CODE)


class ReturnFacts(NamedTuple):
    """What the choice of the winning return looks at, whatever holds the return (a tuple:
    a roll-up makes them for every return, every run)."""

    org_name: str
    division: str
    province: str
    fiscal_year: int | None
    round: int | None
    prepared_on: date | None
    copied_marks: int
    modified_ns: int
    path: str

    def key(self) -> tuple[object, ...]:
        """``return_key``, or the file itself when the return cannot be identified."""
        known = return_key(self.org_name, self.division, self.province, self.fiscal_year,
                           self.round)  # fmt: skip
        return known if known is not None else ("unidentified", self.path)

    def order(self) -> tuple[int, int, int, str]:
        return newest_first(self.prepared_on, self.copied_marks, self.modified_ns, self.path)


T = TypeVar("T")


def newest_of_each(items: Iterable[T], facts: Callable[[T], ReturnFacts],
                   gone: Callable[[T], bool] | None = None) -> list[list[T]]:  # fmt: skip
    """Items grouped as "the same return" (``return_key``), each group newest first
    (``newest_first``): the first of each group wins, the rest are superseded (SPEC §5). The
    roll-up, its history and the report all decide through here.

    ``gone``: items only remembered, whose file is no longer among those rolled up (the history's
    older versions). Each comes after every item still there, whatever its date: what counts is
    chosen among the files there are, as the register chooses."""
    groups: dict[tuple[object, ...], list[tuple[tuple[bool, int, int, int, str], T]]] = {}
    for item in items:
        known = facts(item)
        rank = (gone is not None and gone(item), *known.order())
        groups.setdefault(known.key(), []).append((rank, item))
    return [[item for _, item in sorted(group, key=lambda pair: pair[0])]
            for group in groups.values()]  # fmt: skip


__all__ = [
    "ACCEPTED",
    "COPIED_CODE",
    "FAILED",
    "MISSING",
    "PASSED",
    "PENDING",
    "REJECTED",
    "REVIEW_EN",
    "SENT_BACK",
    "STATUSES",
    "STATUS_COLOURS",
    "STATUS_EN",
    "SUPERSEDED",
    "UNREADABLE",
    "WARNED",
    "ReturnFacts",
    "copied_marks",
    "newest_first",
    "newest_of_each",
    "org_key",
    "return_key",
    "to_follow_up",
    "unit_key",
]  # fmt: skip
