"""This year beside the last (SPEC §9): per organisation, whether it sent each year and how many
measures; and, where results cover the previous year (FY2568 on), whether the results an agency
publishes are for the measures it declared (``ITA-R313``/``ITA-R314``,
``checking.rules.last_year``).
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from pathlib import Path

from ita_xl import outputs
from ita_xl._io import display_path
from ita_xl.checking.findings import Finding
from ita_xl.checking.rules.last_year import results_against_last_year
from ita_xl.codes import Code
from ita_xl.consolidation.decisions import who_key
from ita_xl.consolidation.digest import Digest
from ita_xl.frameworks import Framework

SENT, NOT_SENT = "ส่ง", "ไม่ได้ส่ง"


@dataclass
class YearComparison:
    """This year beside the last: the rows of ``เทียบปีที่แล้ว`` and ITA-R313/R314."""

    rows: list[tuple[object, ...]] = field(default_factory=list)
    """Rows of ``outputs.YEAR_OVER_YEAR``."""
    findings: list[tuple[Digest, Finding]] = field(default_factory=list)
    """``ITA-R313``/``ITA-R314`` with the return of this year they are about."""
    previous_year: int | None = None


def _newest_by_who(digests: Iterable[Digest]) -> dict[tuple[str, str, str], Digest]:
    """Each organisation's newest return of a year, whatever its round (the register's order,
    ``ReturnFacts.order``)."""
    chosen: dict[tuple[str, str, str], Digest] = {}
    for d in digests:
        if not d.readable or not d.org_name:
            continue
        who = who_key(d.org_name, d.division, d.province)
        held = chosen.get(who)
        if held is None or d.facts().order() < held.facts().order():
            chosen[who] = d
    return chosen


def _against_last_year(this: Digest, last: Digest, framework: Framework) -> list[Finding]:
    """R313/R314 from both returns as read now: a file no longer there cannot be compared."""
    from ita_xl.reading.read import read_return

    if not (Path(this.path).is_file() and Path(last.path).is_file()):
        return []
    return results_against_last_year(read_return(Path(this.path)),
                                     read_return(Path(last.path)), framework)  # fmt: skip


def _compared(this: Digest | None, last: Digest | None,
              framework: Framework) -> tuple[tuple[object, ...], list[Finding]]:  # fmt: skip
    """One organisation's row, and its R313/R314 findings."""
    shown = this or last
    assert shown is not None
    compared = bool(this and last and framework.reports_previous_year)
    found = _against_last_year(this, last, framework) if this and last and compared else []

    def count(code: Code) -> int | None:
        return sum(f.code == code for f in found) if compared else None

    values = {
        "org_name": shown.org_name, "division": shown.division or None,
        "province": shown.province or None,
        "sent_last": SENT if last else NOT_SENT, "sent_this": SENT if this else NOT_SENT,
        "measures_last": last.measure_count if last else None,
        "measures_this": this.measure_count if this else None,
        "results_this": this.followup_count if this else None,
        "without_result": count(Code.R313), "not_declared": count(Code.R314),
        "file_last": display_path(last.path) if last else None,
        "file_this": display_path(this.path) if this else None,
    }  # fmt: skip
    return outputs.YEAR_OVER_YEAR.row(values), found


def compare_years(this_year: Sequence[Digest], last_year: Sequence[Digest],
                  framework: Framework, previous_year: int) -> YearComparison:  # fmt: skip
    """``this_year``: the returns the roll-up counts; ``last_year``: every return of the year
    before (the newest of each organisation is compared)."""
    now, before = _newest_by_who(this_year), _newest_by_who(last_year)
    comparison = YearComparison(previous_year=previous_year)
    for who in sorted(now.keys() | before.keys()):
        this = now.get(who)
        row, found = _compared(this, before.get(who), framework)
        comparison.rows.append(row)
        if this is not None:
            comparison.findings.extend((this, f) for f in found)
    return comparison


__all__ = ["NOT_SENT", "SENT", "YearComparison", "compare_years"]
